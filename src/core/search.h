/*
 * Free-text search queries (the "q" of list endpoints), parsed once for every
 * list that searches: terms are separated by ASCII white space or U+3000
 * (the ideographic space a Japanese keyboard types) and ANDed.
 *
 * Terms of three or more characters go to the trigram full-text index as one
 * FTS5 MATCH expression of quoted phrases. Shorter terms cannot (a trigram
 * needs three characters) and are matched by scanning: as escaped LIKE
 * patterns ('\' escapes) when they contain ASCII letters, so case does not
 * matter, otherwise as raw substrings for instr(), which is several times
 * cheaper and loses nothing for Japanese, which has no case.
 */
#ifndef HIKESHI_SEARCH_H
#define HIKESHI_SEARCH_H

#include <stddef.h>

#define SEARCH_TERMS_MAX 8   /* terms per query: each costs bound parameters */
#define SEARCH_TERM_MAX  256 /* bytes per term */

struct search_short {
	char text[2 * SEARCH_TERM_MAX + 3]; /* "%escaped%" LIKE pattern, or the raw term */
	int raw;                            /* 1: match text with instr(), 0: with LIKE */
};

struct search_query {
	char fts[SEARCH_TERMS_MAX * (2 * SEARCH_TERM_MAX + 3) + 1]; /* MATCH text; "" = no long term */
	struct search_short shorts[SEARCH_TERMS_MAX];
	size_t nshort;
};

enum search_err { SEARCH_OK, SEARCH_TERM_TOO_LONG, SEARCH_TOO_MANY_TERMS };

/* Parses q (NUL-terminated, valid UTF-8) into out. An empty or all-space
 * q gives an empty query (no fts, no shorts). */
enum search_err search_parse(const char *q, struct search_query *out);
/* A sentence for the user naming the limit that was exceeded. */
const char *search_strerror(enum search_err e);

#endif
