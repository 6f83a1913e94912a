/*
 * In-memory attempt counters for login throttling: a fixed-size table of
 * keys ("acct:<login>", "ip:<address>") with a count in a time window.
 * Thread-safe. An attempt is counted when it starts (check and count under
 * one lock), so parallel guesses cannot all pass the check before any is
 * counted; a successful login gives its count back. Counters live in the
 * server process and reset on restart.
 */
#ifndef HIKESHI_RATELIMIT_H
#define HIKESHI_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

struct ratelimit;

struct ratelimit *ratelimit_new(size_t slots);
void ratelimit_free(struct ratelimit *r);
/* Counts an attempt for key unless key already has limit attempts within
 * window seconds of now: then returns 1 (blocked, nothing counted) and sets
 * *retry_after to the seconds until the window ends; otherwise 0. */
int ratelimit_attempt(struct ratelimit *r, const char *key, int limit, int window, int64_t now, int *retry_after);
/* Gives one counted attempt back (a login that succeeded, or was blocked
 * by another key). */
void ratelimit_refund(struct ratelimit *r, const char *key);
/* Forgets key (after a successful login to that account). */
void ratelimit_clear(struct ratelimit *r, const char *key);

#endif
