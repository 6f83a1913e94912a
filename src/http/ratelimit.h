/*
 * In-memory failure counters for login throttling: a fixed-size table of
 * keys ("acct:<login>", "ip:<address>") with a count in a time window.
 * Thread-safe. Counters live in the server process (one node); they reset on
 * restart, which only gives an attacker a fresh window after an outage.
 */
#ifndef HIKESHI_RATELIMIT_H
#define HIKESHI_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

struct ratelimit;

struct ratelimit *ratelimit_new(size_t slots);
void ratelimit_free(struct ratelimit *r);
/* 1 when key has at least limit failures within window seconds of now; then
 * *retry_after receives the seconds until the window ends. */
int ratelimit_blocked(struct ratelimit *r, const char *key, int limit, int window, int64_t now, int *retry_after);
/* Records one failure for key. */
void ratelimit_fail(struct ratelimit *r, const char *key, int window, int64_t now);
/* Forgets key (after a successful login). */
void ratelimit_clear(struct ratelimit *r, const char *key);

#endif
