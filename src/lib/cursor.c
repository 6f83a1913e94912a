/*
 * Cursor encoding: base64url("<value>\x1f<id>").
 */
#include "lib/cursor.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cursor_encode(const char *value, int64_t id, char out[CURSOR_MAX])
{
	char raw[300];
	int n = snprintf(raw, sizeof(raw), "%.250s\x1f%" PRId64, value, id);
	if (n < 0)
		n = 0;
	sodium_bin2base64(out, CURSOR_MAX, (const unsigned char *)raw, (size_t)n,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int cursor_decode(const char *cursor, char *value, size_t valuelen, int64_t *id)
{
	unsigned char raw[300];
	size_t n = 0;
	if (strlen(cursor) >= CURSOR_MAX)
		return -1;
	if (sodium_base642bin(raw, sizeof(raw) - 1, cursor, strlen(cursor), NULL, &n, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	raw[n] = '\0';
	unsigned char *sep = memchr(raw, 0x1f, n);
	if (!sep || memchr(raw, 0, n))
		return -1;
	size_t vl = (size_t)(sep - raw);
	if (vl >= valuelen)
		return -1;
	memcpy(value, raw, vl);
	value[vl] = '\0';
	char *end;
	long long v = strtoll((char *)sep + 1, &end, 10);
	if (end == (char *)sep + 1 || *end || v < 0)
		return -1;
	*id = v;
	return 0;
}
