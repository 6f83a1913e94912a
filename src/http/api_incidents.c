/*
 * HTTP handlers for incidents and their journal: /api/v1/incidents,
 * /incidents/{id} (numeric id or key INC-YYYY-NNNNN), /merge,
 * /transitions, /reports and /journal. Each handler checks the request's
 * shape (query parameters, the JSON body against a field_spec table, the
 * role for writes, If-Match for PATCH), calls one app/incident.c use case
 * and turns its result into a response: 201 + Location + ETag on create,
 * 200 + ETag on reads and updates, {"items","next_cursor"} for lists.
 * No SQL here; rights, rules and visibility are the app layer's.
 */
#include "app/incident.h"
#include "http/export.h"
#include "http/http.h"
#include "http/routes.h"
#include "lib/cursor.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Lengths are checked again by the app layer's rules; these bound the
 * shape early. Codes and labels are short: 100 bytes is the taxonomy's
 * longest code, 32 covers "TLP:AMBER+STRICT". */
/* An incident's most critical asset (escalation rules look at it). */
static const char *const crit_levels[] = {"low", "medium", "high", "critical", NULL};

static const struct field_spec incident_create_spec[] = {
        {"title", FT_STRING, 1, 300, 0, 1, NULL},
        {"description", FT_TEXT, 0, 65536, 1, 0, NULL},
        {"category", FT_STRING, 1, 100, 1, 0, NULL},
        {"impact", FT_STRING, 1, 16, 0, 0, http_enum_level},
        {"urgency", FT_STRING, 1, 16, 0, 0, http_enum_level},
        {"resolution", FT_STRING, 1, 32, 1, 0, http_enum_resolution},
        {"tlp", FT_STRING, 1, 32, 0, 0, http_enum_tlp},
        {"pap", FT_STRING, 1, 32, 0, 0, http_enum_pap},
        {"constituency_id", FT_ID, 0, 0, 0, 0, NULL},
        {"org_unit_id", FT_ID, 0, 0, 1, 0, NULL},
        {"assignee_id", FT_ID, 0, 0, 1, 0, NULL},
        {"is_exercise", FT_BOOL, 0, 0, 0, 0, NULL},
        {"personal_data", FT_BOOL, 0, 0, 0, 0, NULL},
        {"asset_criticality", FT_STRING, 1, 20, 1, 0, crit_levels},
        {"estimated_damage_jpy", FT_INT, 0, 0, 1, 0, NULL},
        {"occurred_at", FT_TIME, 0, 0, 1, 0, NULL},
        {"detected_at", FT_TIME, 0, 0, 1, 0, NULL},
        {"reported_at", FT_TIME, 0, 0, 1, 0, NULL},
        {"report_id", FT_ID, 0, 0, 1, 0, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const struct field_spec incident_update_spec[] = {
        {"title", FT_STRING, 1, 300, 0, 0, NULL},
        {"description", FT_TEXT, 0, 65536, 1, 0, NULL},
        {"category", FT_STRING, 1, 100, 1, 0, NULL},
        {"impact", FT_STRING, 1, 16, 0, 0, http_enum_level},
        {"urgency", FT_STRING, 1, 16, 0, 0, http_enum_level},
        {"status", FT_STRING, 1, 32, 0, 0, http_enum_status},
        {"resolution", FT_STRING, 1, 32, 1, 0, http_enum_resolution},
        {"tlp", FT_STRING, 1, 32, 0, 0, http_enum_tlp},
        {"pap", FT_STRING, 1, 32, 0, 0, http_enum_pap},
        {"constituency_id", FT_ID, 0, 0, 0, 0, NULL},
        {"org_unit_id", FT_ID, 0, 0, 1, 0, NULL},
        {"assignee_id", FT_ID, 0, 0, 1, 0, NULL},
        {"is_exercise", FT_BOOL, 0, 0, 0, 0, NULL},
        {"personal_data", FT_BOOL, 0, 0, 0, 0, NULL},
        {"asset_criticality", FT_STRING, 1, 20, 1, 0, crit_levels},
        {"estimated_damage_jpy", FT_INT, 0, 0, 1, 0, NULL},
        {"occurred_at", FT_TIME, 0, 0, 1, 0, NULL},
        {"detected_at", FT_TIME, 0, 0, 1, 0, NULL},
        {"reported_at", FT_TIME, 0, 0, 1, 0, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const struct field_spec merge_spec[] = {
        {"into", FT_ID_OR_KEY, 1, 64, 0, 1, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const struct field_spec note_spec[] = {
        {"body", FT_TEXT, 1, 65536, 0, 1, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const char *const no_params[] = {NULL};
static const char *const page_params[] = {"limit", "cursor", NULL};
static const char *const list_params[] = {"status",      "category",     "priority",     "assignee",   "constituency",
                                          "tlp",         "is_exercise",  "created_from", "created_to", "detected_from",
                                          "detected_to", "updated_from", "updated_to",   "q",          "sort",
                                          "limit",       "cursor",       "format",       NULL};

/* http_validate plus the app's database-free value checks, so that one
 * 422 names every bad field (a wrong type and a bad label together). */
static int validate_incident(const json_t *in, const struct field_spec *spec, int creating, struct http_resp *rs)
{
	if (http_validate(in, spec, creating, rs) == 0)
		return 0;
	json_t *errors = rs->status == 422 && rs->body ? json_object_get(rs->body, "errors") : NULL;
	if (json_is_array(errors))
		app_incident_value_errors(in, errors);
	return -1;
}

/* A cursor that does not decode is the client's mistake in the request
 * line: 400 naming "cursor", as http_page_params answers (cursor.h). */
static int cursor_check(const char *cursor, struct http_resp *rs)
{
	char value[256];
	int64_t id;
	if (cursor && cursor_decode(cursor, value, sizeof(value), &id) != 0) {
		http_problem_field(rs, 400, "invalid-parameter", "cursor", "is not a cursor this server issued");
		return -1;
	}
	return 0;
}

void api_incidents_list(struct http_req *rq, struct http_resp *rs)
{
	struct app_incident_query q;
	struct app_result r;
	const char *cursor = NULL;
	int limit = 50;
	if (http_query_check(rq, list_params, rs) < 0 || http_page_params(rq, rs, &limit, &cursor) < 0 ||
	    cursor_check(cursor, rs) < 0)
		return;
	memset(&q, 0, sizeof(q));
	q.status = http_query(rq, "status");
	q.category = http_query(rq, "category");
	q.priority = http_query(rq, "priority");
	q.assignee = http_query(rq, "assignee");
	q.constituency = http_query(rq, "constituency");
	q.tlp = http_query(rq, "tlp");
	q.is_exercise = http_query(rq, "is_exercise");
	q.created_from = http_query(rq, "created_from");
	q.created_to = http_query(rq, "created_to");
	q.detected_from = http_query(rq, "detected_from");
	q.detected_to = http_query(rq, "detected_to");
	q.updated_from = http_query(rq, "updated_from");
	q.updated_to = http_query(rq, "updated_to");
	q.q = http_query(rq, "q");
	q.sort = http_query(rq, "sort");
	q.cursor = cursor;
	q.limit = limit;
	enum export_format fmt = EXPORT_JSON;
	if (http_query(rq, "format") && export_format_parse(http_query(rq, "format"), &fmt) != 0) {
		http_problem_field(rs, 400, "invalid-parameter", "format", "must be json, csv or xlsx");
		return;
	}
	if (fmt != EXPORT_JSON) {
		export_incidents(rq, rs, &q, fmt);
		return;
	}
	app_result_init(&r);
	app_incident_list(&rq->app, &q, &r);
	http_reply_list(rs, &r);
}

void api_incidents_create(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (validate_incident(in, incident_create_spec, 1, rs) < 0) {
		json_decref(in);
		return;
	}
	app_result_init(&r);
	int rc = app_incident_create(&rq->app, in, &r);
	json_decref(in);
	if (rc == 0)
		snprintf(rs->location, sizeof(rs->location), "/api/v1/incidents/%" JSON_INTEGER_FORMAT,
		         json_integer_value(json_object_get(r.object, "id")));
	http_reply(rs, &r, 201);
}

void api_incidents_get(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	app_incident_get(&rq->app, rq->params[0], &r);
	http_reply(rs, &r, 200);
}

void api_incidents_update(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t version;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (validate_incident(in, incident_update_spec, 0, rs) < 0 || http_if_match(rq, rs, &version) < 0) {
		json_decref(in);
		return;
	}
	app_result_init(&r);
	app_incident_update(&rq->app, rq->params[0], version, in, &r);
	json_decref(in);
	http_reply(rs, &r, 200);
}

void api_incidents_merge(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t version = 0;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	/* If-Match is optional on this POST; when sent it guards the source. */
	if (http_validate(in, merge_spec, 1, rs) < 0 ||
	    (http_header(rq, "If-Match") && http_if_match(rq, rs, &version) < 0)) {
		json_decref(in);
		return;
	}
	app_result_init(&r);
	app_incident_merge(&rq->app, rq->params[0], version, in, &r);
	json_decref(in);
	http_reply(rs, &r, 200);
}

void api_incidents_transitions(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	app_incident_transitions(&rq->app, rq->params[0], &r);
	http_reply(rs, &r, 200);
}

void api_incidents_reports(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_query_check(rq, page_params, rs) < 0)
		return;
	app_result_init(&r);
	app_incident_reports(&rq->app, rq->params[0], &r);
	http_reply(rs, &r, 200);
}

void api_journal_list(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	const char *cursor = NULL;
	int limit = 50;
	if (http_query_check(rq, page_params, rs) < 0 || http_page_params(rq, rs, &limit, &cursor) < 0 ||
	    cursor_check(cursor, rs) < 0)
		return;
	app_result_init(&r);
	app_journal_list(&rq->app, rq->params[0], limit, cursor, &r);
	http_reply(rs, &r, 200);
}

void api_journal_create(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (http_validate(in, note_spec, 1, rs) < 0) {
		json_decref(in);
		return;
	}
	app_result_init(&r);
	int rc = app_journal_create(&rq->app, rq->params[0], in, &r);
	json_decref(in);
	if (rc == 0)
		snprintf(rs->location, sizeof(rs->location), "/api/v1/incidents/%" JSON_INTEGER_FORMAT "/journal",
		         json_integer_value(json_object_get(r.object, "incident_id")));
	http_reply(rs, &r, 201);
}
