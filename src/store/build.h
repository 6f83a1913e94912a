/*
 * SQL for the build tracker (構築トラッカー): the team's progress on the
 * phases of seed 003 (status, owner, dates, notes, version), the checklist
 * items ticked, and the versioned deliverable documents. The phases' text
 * is data (data/build/phases.json), not stored here.
 *
 * Rows are JSON objects keyed by column name (times in unix seconds).
 * Functions run inside the caller's read transaction or write job; 0 / -1
 * unless stated.
 */
#ifndef HIKESHI_STORE_BUILD_H
#define HIKESHI_STORE_BUILD_H

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* Every phase row with "owner_name", by position; NULL on error. */
json_t *store_build_phases(struct db_conn *c);
/* One phase row: 1 found, 0 absent, -1 error. */
int store_build_phase_get(struct db_conn *c, const char *code, json_t **out);
/* Writes status, owner_id, start_date, due_date, done_at, notes from row
 * (the whole new state), bumps the version. Write job only. */
int store_build_phase_update(struct db_conn *c, const char *code, const json_t *row, int64_t now);
/* The items ticked: [{phase, idx, done, done_by, done_at}]; NULL on error. */
json_t *store_build_items(struct db_conn *c);
/* Sets an item's state (creating its row). Write job only. */
int store_build_item_set(struct db_conn *c, const char *phase, int64_t idx, int done, int64_t user_id, int64_t now);
/* 1 when the user exists, 0 when not, -1 on error. */
int store_build_user_exists(struct db_conn *c, int64_t user_id);

/* The versions of a deliverable, newest first, each {id, version,
 * created_by, created_by_name, created_at, body_md}; NULL on error. */
json_t *store_build_documents(struct db_conn *c, const char *phase, const char *deliverable);
/* Adds the next version; *version receives its number. Write job only. */
int store_build_document_add(struct db_conn *c, const char *phase, const char *deliverable, const char *body,
                             int64_t user_id, int64_t now, int64_t *version);

#endif
