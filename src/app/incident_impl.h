/*
 * Helpers shared by the incident use-case files (incident.c, journal.c,
 * incident_list.c); not part of the app layer's interface.
 */
#ifndef HIKESHI_APP_INCIDENT_IMPL_H
#define HIKESHI_APP_INCIDENT_IMPL_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

struct db_conn;

#define NOTE_MAX 65536 /* journal note body, bytes */
/* One sentence for absent and invisible incidents alike: naming the
 * reference would tell a hidden incident from a missing one. */
#define NOT_FOUND_DETAIL "no such incident (check the id or key)"

/* Integer / string column of a row (0 / "" when absent). */
int64_t inc_iv(const json_t *row, const char *col);
const char *inc_sv(const json_t *row, const char *col);
/* Sets r to a database error; returns -1. */
int inc_db_fail(struct app_result *r);
/* Maps a db_write() result onto r; returns 0 on success, -1 otherwise. */
int inc_write_result(int rc, struct app_result *r);
/* The API object of a stored incident row (row stolen); with the allowed
 * transitions when transitions is non-zero. */
json_t *inc_api(json_t *row, int transitions);
/* Appends an audit row for incident id (summary stolen). 0 / -1. */
int inc_audit(struct db_conn *c, const struct actor *a, const char *action, int64_t id, json_t *summary);
/* Strict decimal parse of a positive integer. 0 / -1. */
int inc_parse_int(const char *s, int64_t *out);

#endif
