/*
 * The periodic report (issue 7, item 2 and 4): metrics for a period
 * (report/metrics.h), the model for an audience (report/compose.h), laid
 * out as PDF, HTML or CSV (report/render.h). Used by `hikeshi report` and
 * by the report schedule.
 */
#ifndef HIKESHI_APP_PERIODIC_H
#define HIKESHI_APP_PERIODIC_H

#include "app/app.h"

#include <stddef.h>

/* Raw parameters (NULL = default). */
struct app_periodic_req {
	const char *period;       /* 2026-10, 2026-Q3, 2026-H1, 2026; NULL = last month */
	const char *audience;     /* management (default), constituency, team, meeting */
	const char *format;       /* pdf (default), html, csv, json (the model) */
	const char *lang;         /* ja (default), en */
	const char *constituency; /* an id, or NULL for all */
	const char *topics;       /* meeting: security topics, one per paragraph */
	const char *from, *to;    /* instead of period: dates (to inclusive), e.g. a fiscal half */
	const char *label;        /* shown as the period's name instead of the metrics' label; NULL = theirs */
};

#define APP_PERIODIC_TOPICS_MAX (64 * 1024) /* bytes of topics: a meeting's agenda, not a paper */

/* The rendered report: *out (malloc'd) of *len bytes, *content_type and
 * *ext ("pdf", ...) static. 0, or -1 with r->err set (field errors name
 * period, audience, format, lang, topics, constituency).
 *
 * Rights: the constituency report (TLP:CLEAR aggregates) for every user;
 * management, team and meeting for handlers and administrators. Every
 * figure and list is limited to what the actor may see (constituencies,
 * TLP), and to one constituency when asked. */
int app_periodic_report(const struct app_ctx *ctx, const struct app_periodic_req *q, char **out, size_t *len,
                        const char **content_type, const char **ext, struct app_result *r);

#endif
