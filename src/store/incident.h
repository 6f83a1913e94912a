/*
 * SQL for incidents: reading one row (by id or key), inserting and updating a
 * full row, the filtered and keyset-paginated list, and the few lookups the
 * incident use cases need about other tables (the only constituency,
 * assignee eligibility). Report links go through store/report.h.
 *
 * Rows are JSON objects keyed by column name, exactly as stored (times are
 * unix seconds, booleans 0/1, merged_into_id an id); turning a row into the
 * API's shape is the app layer's job (app/incident.c). Every function runs
 * inside the caller's read transaction or write job and returns 0 / -1
 * (database error) unless stated otherwise.
 */
#ifndef HIKESHI_STORE_INCIDENT_H
#define HIKESHI_STORE_INCIDENT_H

#include "core/taxonomy.h"
#include "core/tlp.h"

#include "core/search.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db_conn;

/* Values per multi-valued list filter (status=a,b,c); keeps the query's
 * bound values under the query builder's limit. */
#define STORE_FILTER_MAX 10
/* Full-text terms per search: each short term costs three bound values. */
#define STORE_QUERY_TERMS_MAX 8
/* Longest search term (bytes) kept; longer terms are refused by the app. */
#define STORE_TERM_MAX 256

enum store_incident_sort {
	INC_SORT_CREATED_AT,
	INC_SORT_UPDATED_AT,
	INC_SORT_PRIORITY,
	INC_SORT_KEY,
	INC_SORT_STATUS,
};

enum store_incident_range {
	INC_RANGE_CREATED_FROM,
	INC_RANGE_CREATED_TO,
	INC_RANGE_DETECTED_FROM,
	INC_RANGE_DETECTED_TO,
	INC_RANGE_UPDATED_FROM,
	INC_RANGE_UPDATED_TO,
	INC_RANGE_COUNT
};

/* A parsed, validated incident list query (filled by app/incident.c). Text
 * values are copied into the query; names point to static strings. */
struct store_incident_filter {
	const char *status[STORE_FILTER_MAX];
	size_t nstatus;
	char category[STORE_FILTER_MAX][TAXONOMY_CODE_MAX + 1];
	size_t ncategory;
	const char *priority[STORE_FILTER_MAX];
	size_t npriority;
	int64_t assignee[STORE_FILTER_MAX];
	size_t nassignee;
	int assignee_none; /* assignee=none: unassigned incidents (ORed with ids) */
	int64_t constituency[STORE_FILTER_MAX];
	size_t nconstituency;
	int tlp_restricted; /* apply tlp IN (tlp[]) */
	const char *tlp[TLP_COUNT];
	size_t ntlp;     /* 0 with tlp_restricted: nothing matches */
	int is_exercise; /* -1 any, 0, 1 */
	int64_t range[INC_RANGE_COUNT];
	int has_range[INC_RANGE_COUNT];
	int64_t scope_user_id;      /* restrict to this user's constituencies ... */
	int scope_restricted;       /* ... when set */
	struct search_query search; /* free text (core/search.h) */
	enum store_incident_sort sort;
	int desc;
	int has_cursor;
	int64_t cursor_int;    /* sort value for the integer sorts; created_at for priority/status */
	char cursor_text[256]; /* sort value for the text sorts */
	int64_t cursor_id;
	int limit; /* rows wanted; the store fetches one more */
};

/* Counts the bound values list() will use, so the caller can refuse a query
 * that would not fit (more than STORE_LIST_BINDS_MAX). */
#define STORE_LIST_BINDS_MAX 60
int store_incident_filter_binds(const struct store_incident_filter *f);

/* The column a sort uses ("created_at", ...). */
const char *store_incident_sort_column(enum store_incident_sort s);

/* One incident row (with "merged_into", the target's key, joined in) into
 * *out (new reference). 1 found, 0 absent, -1 error. */
int store_incident_get(struct db_conn *c, int64_t id, json_t **out);
int store_incident_get_by_key(struct db_conn *c, const char *key, json_t **out);

/* Inserts a row from an object of columns (every column but id; missing
 * members bind NULL); *id receives the new id. */
int store_incident_insert(struct db_conn *c, const json_t *row, int64_t *id);

/* Writes every mutable column of row (the full new row, including
 * updated_at and version) to incident id, if its version is still
 * old_version. 0 written, 1 the version moved (nothing written), -1 error. */
int store_incident_update(struct db_conn *c, int64_t id, int64_t old_version, const json_t *row);

/* The list page: up to f->limit + 1 rows (the extra one tells the caller a
 * next page exists) as an array of rows, or NULL on error. */
json_t *store_incident_list(struct db_conn *c, const struct store_incident_filter *f);

/* When exactly one constituency exists, its id; else 0. */
int store_incident_sole_constituency(struct db_conn *c, int64_t *id);

/* 1 when user_id is an existing, enabled user who may see constituency_id
 * (all constituencies or listed) at TLP tlp; 0 if not; -1 error. */
int store_incident_user_eligible(struct db_conn *c, int64_t user_id, int64_t constituency_id, enum tlp tlp);

/* Bumps updated_at (not version): the incident's timeline changed. */
int store_incident_touch(struct db_conn *c, int64_t id, int64_t now);

#endif
