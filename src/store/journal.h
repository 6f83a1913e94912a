/*
 * SQL for the incident journal (the timeline): appending an entry and
 * listing an incident's entries oldest first with the author's display
 * name. The table is append-only (triggers refuse edits of an entry's
 * content and deletes); only a merge moves entries to another incident.
 *
 * Rows are JSON objects keyed by column name as stored (at in unix
 * seconds, data as the stored JSON text); app/incident.c shapes them for
 * the API. Functions run inside the caller's read transaction or write job.
 */
#ifndef HIKESHI_STORE_JOURNAL_H
#define HIKESHI_STORE_JOURNAL_H

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* A new entry. body_md/body_html may be NULL (stored as ""); data may be
 * NULL ({}), and is borrowed. *id (may be NULL) receives the entry's id.
 * Write job only. 0 / -1. */
struct store_journal_entry {
	int64_t incident_id;
	int64_t at;
	int64_t author_id; /* 0 = the system */
	const char *kind;  /* note, status, assign, field, link, merge, task, create */
	const char *body_md;
	const char *body_html;
	const json_t *data;
};
int store_journal_append(struct db_conn *c, const struct store_journal_entry *e, int64_t *id);

/* One entry (with "author") into *out: 1 found, 0 absent, -1 error. */
int store_journal_get(struct db_conn *c, int64_t id, json_t **out);

/* Up to limit + 1 entries of an incident after the keyset (after_at,
 * after_id) when has_cursor, ordered by (at, id); NULL on error. */
json_t *store_journal_list(struct db_conn *c, int64_t incident_id, int has_cursor, int64_t after_at, int64_t after_id,
                           int limit);

/* Moves every entry of incident from to incident to (a merge). 0 / -1. */
int store_journal_move(struct db_conn *c, int64_t from, int64_t to);

#endif
