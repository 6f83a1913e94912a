/*
 * compose.h - from metrics to a report model (issue 7, item 2 and 4): what
 * each audience reads, in plain words first and numbers after. Pure: JSON
 * in, JSON out, no I/O. The renderers (report/render.h) lay the model out.
 *
 * - management: a one-page summary (what happened, what it cost, what we
 *   ask for) in plain Japanese, then the figures and charts, then the
 *   definitions. TLP:AMBER.
 * - constituency: aggregates only (counts by category and channel, the
 *   trend, how to report), no incident, no name. TLP:CLEAR.
 * - team: everything: times, SLA per target, backlog and ageing, the
 *   incidents of the period, SLA breaches, open tasks. TLP:AMBER.
 * - meeting: seed 004's periodic report meeting (定期報告会): incidents of
 *   the period and their status, open tasks and issues, security topics.
 *   TLP:AMBER; rendered with the team audience.
 */
#ifndef HIKESHI_REPORT_COMPOSE_H
#define HIKESHI_REPORT_COMPOSE_H

#include <jansson.h>
#include <stddef.h>

enum compose_audience { COMPOSE_MANAGEMENT, COMPOSE_CONSTITUENCY, COMPOSE_TEAM, COMPOSE_MEETING };

/* "management", "constituency", "team", "meeting": 0, or -1. */
int compose_audience_parse(const char *s, enum compose_audience *out);
const char *compose_audience_name(enum compose_audience a);

struct compose_input {
	enum compose_audience audience;
	const char *lang;           /* "ja" or "en" */
	const char *team;           /* the team's name */
	const char *generated_at;   /* RFC 3339 */
	const json_t *metrics;      /* metrics_compute() (report/metrics.h) */
	const json_t *series;       /* metrics_series() of incidents, or NULL */
	const json_t *labels;       /* {"category": {code: {"ja","en"}}, ...} or NULL */
	const json_t *incidents;    /* [{key, title, priority, status, category, detected_at}] or NULL */
	const json_t *open_tasks;   /* [{incident_key, title, assignee, due_at, overdue}] or NULL */
	const json_t *sla_breaches; /* [{incident_key, target, at}] or NULL */
	const char *topics;         /* free text, one topic per paragraph (meeting), or NULL */
	const char *report_url;     /* where to report (constituency), or NULL */
};

/* The report model (new reference), or NULL on out-of-memory. */
json_t *compose_report(const struct compose_input *in);

/*
 * The charts of the reports, one at a time, for the web dashboard (issue 7,
 * items 2 and 5): the same builders the reports use, so both draw the same
 * figures. Names (stable, part of the API): category, priority,
 * constituency, channel, trend (needs in->series), ageing, sla.
 *
 * compose_chart_name - the i-th name (0-based), NULL past the last.
 * compose_chart - the chart as the model's "chart" object ({kind, title,
 * unit, categories, series}; new reference), or NULL when name is unknown.
 * A chart without data has no categories: the model refuses that, so the
 * caller draws it as an empty chart.
 */
const char *compose_chart_name(size_t i);
json_t *compose_chart(const struct compose_input *in, const char *name);

/* {"category": {code: {"ja", "en"}}} from the labels in the metrics'
 * by_category (compose_input.labels). New reference. */
json_t *compose_labels_of(const json_t *metrics);

#endif
