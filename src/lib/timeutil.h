/*
 * Times: stored as int64 unix seconds (UTC), shown as RFC 3339.
 */
#ifndef HIKESHI_TIMEUTIL_H
#define HIKESHI_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

int64_t time_now(void);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" (UTC) into out (at least 21 bytes). */
void time_format(int64_t t, char out[32]);
/* Parses RFC 3339 ("2026-11-22T15:30:00+09:00", "...Z", fractional seconds
 * ignored) into unix seconds. 0 on success, -1 on any malformation or a
 * year outside 1970..9999. */
int time_parse(const char *s, int64_t *out);

#endif
