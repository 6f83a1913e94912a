/*
 * Incident use cases: create (optionally from a report), read by id or
 * key, update through the workflow, merge a duplicate into another
 * incident, list with filters and full-text search, the allowed status
 * changes, the linked reports, and the journal (timeline) of an incident.
 *
 * Every function fills r (object on success: the API-shaped incident,
 * list page or entry; otherwise err, detail and field errors) and returns
 * 0 on success or -1. Reads run in one read transaction; each write is one
 * db_write job that checks visibility, version and rules against the same
 * state it writes, appends journal entries and one audit row.
 *
 * An incident the actor may not see (constituency outside the scope, TLP
 * above the clearance) is APP_NOT_FOUND, exactly like a missing one.
 */
#ifndef HIKESHI_APP_INCIDENT_H
#define HIKESHI_APP_INCIDENT_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* in: the validated create body (title, description, category, impact,
 * urgency, tlp, pap, constituency_id, org_unit_id, assignee_id,
 * is_exercise, personal_data, occurred_at, detected_at, reported_at,
 * report_id). */
int app_incident_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r);
/* ref: "42" or "INC-2026-00042". The object carries allowed_transitions. */
int app_incident_get(const struct app_ctx *ctx, const char *ref, struct app_result *r);
/* PATCH: any settable field; if_match is the version the client saw. */
int app_incident_update(const struct app_ctx *ctx, const char *ref, int64_t if_match, const json_t *in,
                        struct app_result *r);
/* in: {"into": id or key}. if_match: 0 = not given, else the source's
 * version. The object is the closed source. */
int app_incident_merge(const struct app_ctx *ctx, const char *ref, int64_t if_match, const json_t *in,
                       struct app_result *r);
/* {"status":..., "allowed":[...]} */
int app_incident_transitions(const struct app_ctx *ctx, const char *ref, struct app_result *r);
/* {"items":[report...]} the reports linked to the incident that the actor may see. */
int app_incident_reports(const struct app_ctx *ctx, const char *ref, struct app_result *r);

/* The raw query parameters of a list request (NULL = absent). */
struct app_incident_query {
	const char *status, *category, *priority, *assignee, *constituency, *tlp, *is_exercise;
	const char *created_from, *created_to, *detected_from, *detected_to, *updated_from, *updated_to;
	const char *q, *sort, *cursor;
	int limit; /* 1..200, checked by the caller */
};
/* {"items":[...], "next_cursor": string|null}; bad values are APP_INVALID
 * naming the parameter. */
int app_incident_list(const struct app_ctx *ctx, const struct app_incident_query *qp, struct app_result *r);

/* Journal: entries oldest first ({"items","next_cursor"}) and a note
 * {"body": markdown} (the created entry). */
int app_journal_list(const struct app_ctx *ctx, const char *ref, int limit, const char *cursor, struct app_result *r);
int app_journal_create(const struct app_ctx *ctx, const char *ref, const json_t *in, struct app_result *r);

/* Value checks that need no database (levels, TLP/PAP labels, status,
 * resolution, category syntax) for the members of in that are strings:
 * appends {"field","message"} to errors for each bad field not yet named
 * there. Lets the HTTP layer report every bad field in one 422 when the
 * shape check already failed. */
void app_incident_value_errors(const json_t *in, json_t *errors);

/* --- shared with app/task.c ---------------------------------------------- */

/* Loads the incident named by ref (id or key) or by id (ref NULL) if the
 * actor may see it: 1 with *row (raw store row, new reference), 0 absent
 * or invisible, -1 database error. */
int app_incident_load(struct db_conn *c, const struct actor *a, const char *ref, int64_t id, json_t **row);
/* Appends a journal entry by the actor (data borrowed, may be NULL). 0 / -1. */
int app_incident_journal(struct db_conn *c, const struct actor *a, int64_t incident_id, int64_t now, const char *kind,
                         const json_t *data);
/* Formats a stored time column (integer or null) as an RFC 3339 string
 * or null. New reference. */
json_t *app_time_json(const json_t *v);

#endif
