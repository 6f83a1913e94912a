/*
 * Report use cases: receive a report (giving it its tracking number
 * RPT-YYYY-NNNNN), read it, triage it (PATCH), link it to an incident, and
 * list reports. Each read runs in one read transaction and each write in one
 * db_write job that re-checks scope, TLP and If-Match against the row it
 * changes, so that a 2xx answer means the change is durable.
 *
 * Every function fills r (object = the report, or {"items","next_cursor"}
 * for the list) and returns r->err.
 */
#ifndef HIKESHI_APP_REPORT_H
#define HIKESHI_APP_REPORT_H

#include "app/app.h"
#include "core/tlp.h"

#include <jansson.h>
#include <stdint.h>

#define APP_REPORT_FILTER_MAX 8 /* values per multi-valued filter */

/* A report list query, parsed by the HTTP layer (names validated there;
 * strings borrowed for the call). */
struct app_report_list_params {
	const char *states[APP_REPORT_FILTER_MAX + 1];   /* NULL-terminated */
	const char *channels[APP_REPORT_FILTER_MAX + 1]; /* NULL-terminated */
	int64_t constituency_id;                         /* 0 = any */
	int64_t incident_id;                             /* 0 = any */
	int has_received_from, has_received_to;
	int64_t received_from, received_to;
	const char *q;    /* NULL = none */
	int sort_created; /* 1 created_at, 0 received_at */
	int descending;
	int has_after; /* from a decoded cursor */
	int64_t after_value, after_id;
	int limit;
};

/* POST /reports: in is validated for shape (types, lengths). */
enum app_err app_report_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r);
/* GET /reports/{id}: ref is a numeric id or a key RPT-YYYY-NNNNN. */
enum app_err app_report_get(const struct app_ctx *ctx, const char *ref, struct app_result *r);
/* PATCH /reports/{id} with If-Match version if_match. */
enum app_err app_report_update(const struct app_ctx *ctx, const char *ref, int64_t if_match, const json_t *in,
                               struct app_result *r);
/* POST /reports/{id}/link; if_match 0 = no If-Match given. */
enum app_err app_report_link(const struct app_ctx *ctx, const char *ref, int64_t incident_id, int64_t if_match,
                             struct app_result *r);
/* GET /reports: object = {"items":[...],"next_cursor":...}. */
enum app_err app_report_list(const struct app_ctx *ctx, const struct app_report_list_params *p, struct app_result *r);

/* Whether a report (stored row) may be linked to an incident of this
 * constituency and TLP: the incident must be at least as restricted (same
 * constituency when the report has one, TLP no lower), so that a link never
 * shows a report's existence or key to someone who may not see the report.
 * 0, or -1 with a field error on field. For use inside a write job. */
int app_report_linkable(const json_t *report, int64_t incident_constituency, enum tlp incident_tlp,
                        const char *field, struct app_result *r);

#endif
