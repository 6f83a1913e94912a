/*
 * The hash-chained audit log. Every change appends one row in the same
 * transaction as the change (so it runs inside a db_write job). Each row's
 * hash is SHA-256 over its predecessor's hash and its own fields, so editing,
 * inserting or deleting a row breaks the chain at a point audit_verify names.
 */
#ifndef HIKESHI_STORE_AUDIT_H
#define HIKESHI_STORE_AUDIT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db_conn;

struct audit_actor {
	int64_t user_id;  /* 0 for the system or the CLI */
	const char *name; /* login, or "cli", "system" */
};

/* Appends a row: action like "incident.create", object like ("incident",
 * "42"), summary an object (e.g. {"before":{...},"after":{...}}); summary is
 * borrowed. Must run inside a write job. 0 / -1. */
int audit_append(struct db_conn *c, const struct audit_actor *who, const char *action, const char *object_type,
                 const char *object_id, json_t *summary);

/* Walks the chain. Returns 0 when intact (msg says how many rows), 1 when
 * broken (msg names the first bad row and how), -1 on a database error. */
int audit_verify(struct db_conn *c, char *msg, size_t msglen);

#endif
