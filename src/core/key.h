/*
 * key.h - human tracking keys such as INC-2026-00042 and RPT-2026-00001.
 *
 * Keys are what handlers say on the phone and put in mail subjects, so
 * they are short, per-year and sequential. The sequence is allocated by
 * the store; this module only formats, parses and picks the year in the
 * team's time zone. No I/O.
 */
#ifndef HIKESHI_CORE_KEY_H
#define HIKESHI_CORE_KEY_H

#include <stddef.h>
#include <stdint.h>

/* Longest prefix accepted (e.g. "INC", "RPT"), without NUL. */
#define KEY_PREFIX_MAX 16
/* Longest key: prefix "-" 4-digit year "-" up to 19 digits, plus NUL. */
#define KEY_MAX (KEY_PREFIX_MAX + 1 + 4 + 1 + 19 + 1)

/*
 * key_format - write "PREFIX-YYYY-NNNNN" to out: seq zero-padded to at
 * least 5 digits, wider when needed. prefix must be 1..KEY_PREFIX_MAX
 * upper-case ASCII letters. Returns 0, or -1 (out set to "" when outlen
 * > 0) if it does not fit, seq < 1, year outside 1970..9999 or the prefix
 * is bad.
 */
int key_format(char *out, size_t outlen, const char *prefix, int year, int64_t seq);

/*
 * key_parse - strict parse of a key written by key_format: prefix of
 * upper-case letters, '-', exactly 4 year digits (1970..9999), '-', at
 * least 5 digits, no leading zeros beyond the 5-digit padding, value >= 1
 * and no overflow, nothing after. prefix (may be NULL) receives the prefix
 * when it fits in prefixlen. year/seq may be NULL. 0 / -1 (outputs
 * untouched on -1).
 */
int key_parse(const char *s, char *prefix, size_t prefixlen, int *year, int64_t *seq);

/*
 * key_year_of - the calendar year of unix_time in the fixed offset
 * utc_offset_minutes (Asia/Tokyo = +540): 2026-12-31T15:30Z is 2027 in
 * JST. Proleptic Gregorian, no time zone database needed.
 */
int key_year_of(int64_t unix_time, int utc_offset_minutes);

#endif
