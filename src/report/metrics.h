/*
 * Metrics for periodic reports and the dashboard (issue 7; definitions in
 * docs/METRICS.md, which is also the reports' appendix).
 *
 * A period is a calendar month, quarter, half year or year in Asia/Tokyo
 * (UTC+9, no daylight saving), or an explicit [from, to). metrics_compute()
 * answers one JSON object for a period and a scope; every figure comes from
 * an SQL aggregate (store/metrics.h), exercises are never counted.
 *
 * The object (the contract for the renderer, the dashboard and the lead):
 *
 * {
 *   "period": {"label": "2026-10", "kind": "month|quarter|half|year|range",
 *              "from": RFC3339 UTC, "to": RFC3339 UTC (exclusive),
 *              "time_zone": "Asia/Tokyo"},
 *   "scope": {"constituency_id": int|null, "restricted": bool},
 *   "generated_at": RFC3339,
 *   "counts": {"reports": n, "incidents": n, "coordinations": n,
 *              "personal_data": n, "exercises_excluded": n},
 *   "by_category":     [{"key": "malicious-code/ransomware", "count": n,
 *                        "label_ja": "...", "label_en": "..."}, ...]
 *                      (key "unclassified" = no category),
 *   "by_priority":     [{"key": "P1", "count": n}, ...],
 *   "by_status":       [{"key": "closed", "count": n}, ...],
 *   "by_constituency": [{"key": id, "code": "...", "name": "...", "count": n}],
 *   "reports_by_channel": [{"key": "email", "count": n}, ...],
 *   "reports_by_state":   [{"key": "linked", "count": n}, ...],
 *   "times": {"mtta"|"mttc"|"mttr"|"ttd":
 *              {"n": n, "mean_hours": x|null, "median_hours": x|null}},
 *   "sla": {"acknowledge"|"first_response"|"containment"|"resolution":
 *              {"with_target": n, "met": n, "breached": n, "pending": n,
 *               "compliance": 0..1|null}},
 *   "sla_breaches": n,                       (sum over the four targets)
 *   "backlog": {"open_at_end": n,
 *               "ageing": [{"key": "0-7d"|"8-30d"|"31-90d"|"91d+", "count": n}],
 *               "by_priority": [{"key": "P1", "count": n}]},
 *   "tasks": {"created": n, "done": n, "open_at_end": n, "overdue_at_end": n},
 *   "damage": {"incidents_with_estimate": n, "total_jpy": n},
 *   "trend": {"previous": T, "year_ago": T}
 *      T = {"label", "from", "to", "reports", "incidents", "coordinations",
 *           "mttr_median_hours", "sla_breaches",
 *           "change": {"reports"|"incidents"|"coordinations": ratio|null}}
 *           (ratio = this / then - 1; null when then is 0)
 *   "now": {"reports_waiting_triage": n}     (at generated_at, any period)
 * }
 * Hours are rounded to 0.01; null where there is nothing to measure.
 */
#ifndef HIKESHI_REPORT_METRICS_H
#define HIKESHI_REPORT_METRICS_H

#include "core/tlp.h"

#include <jansson.h>
#include <stdint.h>

struct db_conn;

#define METRICS_TZ_OFFSET  (9 * 3600) /* Asia/Tokyo: UTC+9 all year */
#define METRICS_SERIES_MAX 60         /* months in one series */

enum metrics_kind { MK_MONTH, MK_QUARTER, MK_HALF, MK_YEAR, MK_RANGE };

struct metrics_period {
	enum metrics_kind kind;
	int year, index;  /* month 1-12, quarter 1-4, half 1-2; 0 for year and range */
	int64_t from, to; /* unix seconds, [from, to) */
	char label[48];
};

/* Parses "2026-10", "2026-Q3", "2026-H1" or "2026" (case-insensitive Q/H).
 * 0, or -1 when malformed (years 1970..9999). */
int metrics_period_parse(const char *spec, struct metrics_period *p);
/* An explicit range: each end a local date "YYYY-MM-DD" (to inclusive: the
 * range ends at the next local midnight) or an RFC 3339 instant (to
 * exclusive). 0, or -1 when malformed or to <= from. */
int metrics_period_range(const char *from, const char *to, struct metrics_period *p);
/* The period right before p (same kind and length). */
void metrics_period_previous(const struct metrics_period *p, struct metrics_period *out);
/* The same period one year earlier. */
void metrics_period_year_ago(const struct metrics_period *p, struct metrics_period *out);
/* The calendar month (Asia/Tokyo) containing t, moved back `back` months. */
void metrics_period_month_of(int64_t t, int back, struct metrics_period *out);

/* Who asks: one constituency or all (0), restricted to the user's
 * constituencies when scope_user_id is set, and TLP labels up to tlp_max. */
struct metrics_scope {
	int64_t constituency_id;
	int64_t scope_user_id;
	enum tlp tlp_max;
};

struct store_metrics_scope;
/* The store's scope (store/metrics.h) of period p for s. */
void metrics_store_scope(const struct metrics_period *p, const struct metrics_scope *s, struct store_metrics_scope *o);

/* The metrics object above (new reference), or NULL on a database error. */
json_t *metrics_compute(struct db_conn *c, const struct metrics_period *p, const struct metrics_scope *s, int64_t now);

enum metrics_series_kind { MS_INCIDENTS, MS_REPORTS, MS_MTTR };
/* Parses "incidents", "reports", "mttr"; 0 or -1. */
int metrics_series_parse(const char *name, enum metrics_series_kind *out);
/* {"metric": name, "unit": "count"|"hours", "points": [{"period": "2026-01",
 *  "from", "to", "value": x|null}]} for the `months` calendar months ending
 * with the one containing now, oldest first. NULL on error. */
json_t *metrics_series(struct db_conn *c, enum metrics_series_kind k, int months, const struct metrics_scope *s,
                       int64_t now);

#endif
