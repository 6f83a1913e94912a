/*
 * Search query parsing (see search.h).
 */
#include "core/search.h"

#include <string.h>

/* Length of the separator at s (ASCII space, tab, U+3000), or 0. */
static size_t separator(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		return 1;
	if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

static int has_ascii_letter(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))
			return 1;
	return 0;
}

enum search_err search_parse(const char *q, struct search_query *out)
{
	size_t fl = 0, nterms = 0;
	memset(out, 0, sizeof(*out));
	const char *p = q;
	for (;;) {
		size_t sep;
		while ((sep = separator(p)) > 0)
			p += sep;
		if (!*p)
			break;
		const char *start = p;
		while (*p && !separator(p))
			p++;
		size_t n = (size_t)(p - start);
		if (n > SEARCH_TERM_MAX)
			return SEARCH_TERM_TOO_LONG;
		if (++nterms > SEARCH_TERMS_MAX)
			return SEARCH_TOO_MANY_TERMS;
		if (utf8_chars(start, n) >= 3) {
			/* A quoted phrase, inner quotes doubled; phrases side by side are ANDed. */
			if (fl)
				out->fts[fl++] = ' ';
			out->fts[fl++] = '"';
			for (size_t i = 0; i < n; i++) {
				if (start[i] == '"')
					out->fts[fl++] = '"';
				out->fts[fl++] = start[i];
			}
			out->fts[fl++] = '"';
			out->fts[fl] = '\0';
			continue;
		}
		struct search_short *s = &out->shorts[out->nshort++];
		if (!has_ascii_letter(start, n)) {
			s->raw = 1;
			memcpy(s->text, start, n);
			s->text[n] = '\0';
			continue;
		}
		size_t o = 0;
		s->text[o++] = '%';
		for (size_t i = 0; i < n; i++) {
			if (start[i] == '%' || start[i] == '_' || start[i] == '\\')
				s->text[o++] = '\\';
			s->text[o++] = start[i];
		}
		s->text[o++] = '%';
		s->text[o] = '\0';
	}
	return SEARCH_OK;
}

const char *search_strerror(enum search_err e)
{
	switch (e) {
	case SEARCH_OK: return "ok";
	case SEARCH_TERM_TOO_LONG: return "search terms are at most 256 bytes";
	case SEARCH_TOO_MANY_TERMS: return "at most 8 search terms";
	}
	return "invalid search";
}
