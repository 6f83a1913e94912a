/*
 * key.c - format and parse tracking keys (INC-2026-00042), and pick the
 * key's year in the team's time zone.
 *
 * A key is said aloud and typed from paper, so the format is fixed and
 * the parser is strict: exactly one spelling per key, so that a key can
 * be used as a lookup value and in mail subjects without ambiguity.
 * The year is the calendar year in the team's UTC offset (a Tokyo team
 * starts INC-2027 at midnight JST, which is 15:00 UTC on 31 December).
 */
#include "core/key.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#define KEY_YEAR_MIN       1970
#define KEY_YEAR_MAX       9999
#define KEY_SEQ_MIN_DIGITS 5

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of a valid prefix (1..KEY_PREFIX_MAX upper-case letters), or 0. */
static size_t prefix_len(const char *p)
{
	size_t n = 0;
	while (is_upper(p[n])) {
		n++;
		if (n > KEY_PREFIX_MAX)
			return 0;
	}
	return n;
}

int key_format(char *out, size_t outlen, const char *prefix, int year, int64_t seq)
{
	if (out == NULL || outlen == 0)
		return -1;
	out[0] = '\0';
	if (prefix == NULL || seq < 1 || year < KEY_YEAR_MIN || year > KEY_YEAR_MAX)
		return -1;
	size_t pl = prefix_len(prefix);
	if (pl == 0 || prefix[pl] != '\0')
		return -1;
	int n = snprintf(out, outlen, "%s-%04d-%05" PRId64, prefix, year, seq);
	if (n < 0 || (size_t)n >= outlen) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

int key_parse(const char *s, char *prefix, size_t prefixlen, int *year, int64_t *seq)
{
	if (s == NULL)
		return -1;
	size_t pl = prefix_len(s);
	if (pl == 0 || s[pl] != '-')
		return -1;
	const char *p = s + pl + 1;

	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (!is_digit(p[i]))
			return -1;
		y = y * 10 + (p[i] - '0');
	}
	if (p[4] != '-' || y < KEY_YEAR_MIN || y > KEY_YEAR_MAX)
		return -1;
	p += 5;

	size_t digits = 0;
	int64_t v = 0;
	while (is_digit(p[digits])) {
		int d = p[digits] - '0';
		if (v > (INT64_MAX - d) / 10) /* would overflow int64 */
			return -1;
		v = v * 10 + d;
		digits++;
	}
	if (p[digits] != '\0' || digits < KEY_SEQ_MIN_DIGITS || v < 1)
		return -1;
	if (digits > KEY_SEQ_MIN_DIGITS && p[0] == '0') /* padding only to 5 digits */
		return -1;
	if (prefix != NULL) {
		if (prefixlen <= pl)
			return -1;
		memcpy(prefix, s, pl);
		prefix[pl] = '\0';
	}
	if (year != NULL)
		*year = y;
	if (seq != NULL)
		*seq = v;
	return 0;
}

/* Floor division for a positive divisor. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* Civil year of a day count since 1970-01-01 (H. Hinnant's algorithm). */
static int64_t year_from_days(int64_t z)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	return m <= 2 ? y + 1 : y;
}

int key_year_of(int64_t unix_time, int utc_offset_minutes)
{
	/* Split first so that adding the offset cannot overflow; truncating
	 * division keeps secs within +-86399 and the floor happens below. */
	int64_t days = unix_time / 86400;
	int64_t secs = unix_time % 86400 + (int64_t)utc_offset_minutes * 60;
	days += floor_div(secs, 86400);
	int64_t y = year_from_days(days);
	if (y > INT_MAX)
		return INT_MAX;
	if (y < INT_MIN)
		return INT_MIN;
	return (int)y;
}
