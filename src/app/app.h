/*
 * The application layer: use cases (create an incident, change its status,
 * link a report, ...). Each use case checks the actor's rights, runs the
 * core's rules, and reads or writes through the store, inside one read
 * transaction or one write job, so that a check and the write it guards see
 * the same state. It knows nothing of HTTP: results come back as an app_err
 * plus a JSON object, which the HTTP layer turns into a response.
 *
 *   http/ (parse, validate shape) -> app/ (rights, rules, transaction)
 *        -> core/ (pure rules) and store/ (SQL)
 */
#ifndef HIKESHI_APP_H
#define HIKESHI_APP_H

#include "app/actor.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct config;

enum app_err {
	APP_OK,
	APP_NOT_FOUND,   /* absent, or outside the actor's scope / TLP (404) */
	APP_FORBIDDEN,   /* the actor's role may not do this (403) */
	APP_INVALID,     /* field errors in res->errors (422) */
	APP_CONFLICT,    /* unique key taken, object state forbids it (409) */
	APP_STALE,       /* If-Match does not match the current version (412) */
	APP_TRANSITION,  /* workflow refused the status change (422) */
	APP_UNAVAILABLE, /* the store failed to commit (503) */
	APP_INTERNAL,    /* a bug or a database error (500) */
};

struct app_ctx {
	struct db *db;
	const struct config *cfg;
	const struct actor *actor;
};

/* The outcome of a use case. object (owned) is the created/updated/read
 * object; errors (owned) is an array of {"field","message"} for APP_INVALID
 * and APP_TRANSITION. detail is a sentence for the user. */
struct app_result {
	enum app_err err;
	char detail[512];
	json_t *object;
	json_t *errors;
};

void app_result_init(struct app_result *r);
void app_result_free(struct app_result *r);
/* Sets err and a printf-style detail; returns -1 for use as a job result. */
int app_fail(struct app_result *r, enum app_err err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Adds a field error (and sets err to APP_INVALID unless already set). */
void app_field_error(struct app_result *r, const char *field, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* Maps a db_write() return value that is not the job's own failure. */
void app_commit_failed(struct app_result *r);
/* Maps db_write()'s value into r: a failed commit drops r->object and
 * answers unavailable; a job that failed without saying why answers
 * internal. Returns r->err. */
enum app_err app_write_result(int rc, struct app_result *r);

#endif
