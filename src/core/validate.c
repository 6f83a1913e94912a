/*
 * validate.c - field validators for the API layer.
 *
 * Each function answers one question about one kind of field and does not
 * allocate, so the API can call them on every request. They reject rather
 * than repair: the caller turns a -1 into a problem response naming the
 * field. Lengths are bytes (what the database and mail headers limit),
 * not characters.
 */
#include "core/validate.h"

#include <string.h>

/* RFC 5321 path limit; longer addresses cannot be delivered anyway. */
#define EMAIL_MAX     254
#define LOGIN_MIN     2
#define LOGIN_MAX     64
#define TIME_ZONE_MAX 64

int validate_text_n(const char *s, size_t len, size_t min_len, size_t max_len, int allow_newlines)
{
	if (s == NULL || len < min_len || len > max_len)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0x7f)
			return -1;
		if (c >= 0x20 || c == '\t')
			continue;
		if (allow_newlines && (c == '\n' || c == '\r'))
			continue;
		return -1; /* NUL and other C0 controls */
	}
	return 0;
}

int validate_text(const char *s, size_t min_len, size_t max_len, int allow_newlines)
{
	if (s == NULL)
		return -1;
	/* strnlen: never scan far past max_len on a huge input. */
	size_t limit = max_len < (size_t)-1 ? max_len + 1 : max_len;
	size_t len = strnlen(s, limit);
	return validate_text_n(s, len, min_len, max_len, allow_newlines);
}

int validate_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	if (s == NULL && len > 0)
		return -1;
	while (i < len) {
		unsigned char c = p[i];
		size_t n;
		unsigned int cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return -1; /* continuation byte, overlong lead C0/C1, or > F4 */
		}
		if (len - i <= n)
			return -1;
		for (size_t k = 1; k <= n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return -1;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		i += n + 1;
	}
	return 0;
}

static int is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int validate_login(const char *s)
{
	if (s == NULL || !is_lower_alnum(s[0]))
		return -1;
	size_t n = 0;
	for (; s[n] != '\0'; n++) {
		if (n >= LOGIN_MAX)
			return -1;
		char c = s[n];
		if (!is_lower_alnum(c) && c != '.' && c != '_' && c != '-')
			return -1;
	}
	return n >= LOGIN_MIN ? 0 : -1;
}

int validate_email(const char *s)
{
	if (s == NULL)
		return -1;
	const char *at = NULL;
	size_t n = 0;
	for (; s[n] != '\0'; n++) {
		unsigned char c = (unsigned char)s[n];
		if (n >= EMAIL_MAX)
			return -1;
		if (c <= 0x20 || c == 0x7f)
			return -1; /* spaces and controls */
		if (c == '@') {
			if (at != NULL)
				return -1; /* exactly one '@' */
			at = s + n;
		}
	}
	if (at == NULL || at == s)
		return -1;
	const char *domain = at + 1;
	size_t dl = (size_t)(s + n - domain);
	if (dl == 0)
		return -1;
	const char *dot = memchr(domain, '.', dl);
	/* A dot, not at either end of the domain, and no empty labels. */
	if (dot == NULL || domain[0] == '.' || domain[dl - 1] == '.' || strstr(domain, "..") != NULL)
		return -1;
	return 0;
}

int validate_time_zone(const char *s)
{
	if (s == NULL)
		return -1;
	size_t n = 0;
	for (; s[n] != '\0'; n++) {
		char c = s[n];
		if (n >= TIME_ZONE_MAX)
			return -1;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
		      c == '+' || c == '/' || c == '-'))
			return -1;
	}
	if (n == 0)
		return -1;
	/* No path tricks: the name is later looked up under /usr/share/zoneinfo. */
	if (s[0] == '/' || s[n - 1] == '/' || strstr(s, "//") != NULL)
		return -1;
	return 0;
}

int validate_lang(const char *s)
{
	if (s == NULL)
		return -1;
	return strcmp(s, "ja") == 0 || strcmp(s, "en") == 0 ? 0 : -1;
}
