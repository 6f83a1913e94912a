/*
 * SQL for the team profile (チームプロファイル; issue 6, item 4): the one
 * row of team_profile (a JSON document and its version) and the names of
 * the constituencies the generated documents list. Functions run inside
 * the caller's read transaction or write job; 0 / -1 unless stated.
 */
#ifndef HIKESHI_STORE_PROFILE_H
#define HIKESHI_STORE_PROFILE_H

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* {version, updated_at, updated_by, doc (the parsed object; {} when
 * unreadable)} into *out (new reference). */
int store_profile_get(struct db_conn *c, json_t **out);
/* Stores doc (an object) and bumps the version. Write job only. */
int store_profile_put(struct db_conn *c, const json_t *doc, int64_t now, int64_t user_id);
/* [{name, name_en}] of every constituency by id; NULL on error. */
json_t *store_profile_constituencies(struct db_conn *c);

#endif
