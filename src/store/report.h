/*
 * SQL for reports (インシデント報告): insert, load, update, link, list, and
 * the helpers the incident use cases call from inside their own write jobs
 * (create-from-report, merge, the incident's report list).
 *
 * Rows are kept with INTEGER unix-second times; store_report_api() turns a
 * raw row into the API object (RFC 3339 times, duplicate_of instead of
 * duplicate_of_id). Functions taking a db_conn run inside the caller's read
 * transaction or write job; unless stated otherwise they return 0, or -1 on
 * a database error (already logged by the db layer).
 */
#ifndef HIKESHI_STORE_REPORT_H
#define HIKESHI_STORE_REPORT_H

#include "core/search.h"
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db_conn;

/* Filters and page of a report list (all optional; 0 / NULL = no filter).
 * Strings are borrowed for the duration of the call. */
struct store_report_filter {
	const char *const *states;   /* NULL-terminated list of state names */
	const char *const *channels; /* NULL-terminated list of channel names */
	int64_t constituency_id;
	int64_t incident_id;
	int64_t received_from, received_to; /* inclusive bounds, 0 = open */
	int has_received_from, has_received_to;
	const struct search_query *search; /* free text (core/search.h), or NULL */
	int sort_created;                  /* 1: created_at, 0: received_at */
	int descending;
	/* keyset position after which the page starts (has_after = 0: first) */
	int has_after;
	int64_t after_value, after_id;
	int limit; /* 1..200 */
	/* scope: 0 = all constituencies; else restricted to the user's rows */
	int64_t scope_user_id;
	const char *const *tlps; /* NULL-terminated allowed TLP names */
};

/* The raw row with this id (integer times, duplicate_of_id), new reference,
 * or NULL when absent or on error. */
json_t *store_report_get(struct db_conn *c, int64_t id);
/* The same by key ("RPT-2026-00001"). */
json_t *store_report_get_by_key(struct db_conn *c, const char *key);

/* The API object for a raw row (new reference; the row is borrowed). */
json_t *store_report_api(const json_t *row);

/* Inserts a report; row holds the columns (key, channel, reporter_name,
 * reporter_address, reporter_org_unit_id, received_at, subject, body,
 * state, tlp, constituency_id, fingerprint, duplicate_of_id, created_by,
 * created_at; optional lang, flags, details, dedupe_key, last_seen_at and
 * fts_batch = 1 to leave indexing to store_report_fts_index). Sets *id.
 * Write job only. */
int store_report_insert(struct db_conn *c, const json_t *row, int64_t *id);

/* Indexes for full-text search the reports first_id..last_id that were
 * inserted with fts_batch = 1 in the same write job (a batch: one index
 * statement instead of one per row). Write job only. */
int store_report_fts_index(struct db_conn *c, int64_t first_id, int64_t last_id);

/* The id of the most recently stored report other than
 * exclude_id with this fingerprint; 0 when none. -1 on error. */
int store_report_find_duplicate(struct db_conn *c, const char *fingerprint, int64_t exclude_id, int64_t *dup_id);

/* Writes the mutable columns of row (subject, body, reporter_name,
 * reporter_address, reporter_org_unit_id, tlp, constituency_id, state,
 * rejection_reason, incident_id, updated_at) and sets version = version + 1.
 * Write job only. */
int store_report_update(struct db_conn *c, int64_t id, const json_t *row);

/* Links: state 'linked', incident_id, updated_at = now, version + 1. No
 * journal entry (the caller writes it). Write job only. */
int store_report_link(struct db_conn *c, int64_t report_id, int64_t incident_id, int64_t now);

/* Appends the 'link' journal entry on the incident ({"report_id",
 * "report_key"}) and bumps the incident's updated_at (not its version).
 * Write job only. */
int store_report_journal_link(struct db_conn *c, int64_t incident_id, int64_t author_id, int64_t report_id,
                              const char *report_key, int64_t now);

/* The scope of an incident a report is to be linked to: 1 and sets
 * constituency_id and tlp (name, e.g. "AMBER") when it exists, 0 when not,
 * -1 on error. */
int store_report_incident_scope(struct db_conn *c, int64_t incident_id, int64_t *constituency_id, char *tlp,
                                size_t tlplen);

/* Every report linked to the incident, as API objects, oldest received
 * first (new reference) or NULL on error. */
json_t *store_reports_of_incident(struct db_conn *c, int64_t incident_id);

/* Moves every report of from_incident to to_incident (merge), updated_at
 * = now, version + 1. Write job only. */
int store_reports_move(struct db_conn *c, int64_t from_incident, int64_t to_incident, int64_t now);

/* One page of the list: API objects appended to items (borrowed array).
 * *more is set when a further row exists (the caller builds the cursor
 * from the last item). */
int store_report_list(struct db_conn *c, const struct store_report_filter *f, json_t *items, int *more);

#endif
