/*
 * Store functions shared by several resources: tracking-key sequences, the
 * taxonomy, the priority matrix, and existence checks used for references.
 * Resource-specific SQL lives in store/<resource>.c (incident.c, report.c,
 * user.c, ...), each with its own header.
 *
 * Functions taking a db_conn run inside the caller's read transaction or
 * write job; they return 0 / -1 (database error) unless stated otherwise.
 */
#ifndef HIKESHI_STORE_H
#define HIKESHI_STORE_H

#include "core/priority.h"
#include "core/taxonomy.h"

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* Next number of the per-year sequence kind ("INC", "RPT") for year; write
 * job only. */
int store_next_seq(struct db_conn *c, const char *kind, int year, int64_t *seq);

/* 1 if the taxonomy has this (normalised) code, 0 if not, -1 on error. */
int store_taxonomy_exists(struct db_conn *c, const char *code);
/* Every taxonomy entry as an array of objects (new reference) or NULL. */
json_t *store_taxonomy_list(struct db_conn *c);
/* Inserts one entry; -1 on error (a duplicate code is DB_E_CONSTRAINT). */
int store_taxonomy_insert(struct db_conn *c, const struct taxonomy_entry *e);

int store_priority_matrix_load(struct db_conn *c, struct priority_matrix *m);
int store_priority_matrix_save(struct db_conn *c, const struct priority_matrix *m);

/* 1 if a row with this id exists in the table, 0 if not, -1 on error. */
int store_constituency_exists(struct db_conn *c, int64_t id);
/* Looks up a constituency by its code: 1 found (id set), 0 not, -1 error. */
int store_constituency_by_code(struct db_conn *c, const char *code, int64_t *id);
/* The org unit's constituency id (0 when the org unit does not exist). */
int store_org_unit_constituency(struct db_conn *c, int64_t org_unit_id, int64_t *constituency_id);

#endif
