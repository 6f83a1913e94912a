/*
 * jcharset.h - charset decoding for incoming mail (issue 4): any declared
 * charset, Japanese ones (ISO-2022-JP with CP50220 extensions, Shift_JIS /
 * CP932, EUC-JP) done the way real mail needs, and RFC 2047 header words,
 * always to valid UTF-8. Split out of mime.c; used by it.
 *
 * Output goes to a struct jcs_buf, a growable buffer whose `oom` flag is
 * sticky: callers append freely and check once at the end (jcs_take).
 * "bad" out-parameters are set to 1 (never cleared) when a charset was
 * unknown or bytes could not be decoded (they become U+FFFD).
 */
#ifndef HIKESHI_INTAKE_JCHARSET_H
#define HIKESHI_INTAKE_JCHARSET_H

#include <stddef.h>
#include <stdint.h>

struct jcs_buf {
	char *p; /* NUL-terminated when non-NULL */
	size_t len, cap;
	int oom; /* an allocation failed; later appends are no-ops */
};

/* Makes room for more bytes (plus the NUL); 0, or -1 and oom set. */
int jcs_reserve(struct jcs_buf *b, size_t more);
void jcs_add(struct jcs_buf *b, const void *s, size_t n);
void jcs_addc(struct jcs_buf *b, char c);
/* Returns the contents ("" when empty; NULL after OOM, the buffer then
 * freed) and resets b. The caller frees the result. */
char *jcs_take(struct jcs_buf *b);

/* Appends code point cp as UTF-8 (NUL, surrogates, > U+10FFFF: U+FFFD). */
void jcs_put_utf8(struct jcs_buf *b, uint32_t cp);
/* Appends s[0..n) as valid UTF-8: invalid bytes become U+FFFD, NULs are
 * dropped. Returns the number of replacements. */
size_t jcs_utf8_clean(struct jcs_buf *b, const char *s, size_t n);

/* Appends s[0..n), declared to be in charset cs (NULL or "" = unknown:
 * guessed among UTF-8, ISO-2022-JP, CP932, EUC-JP, Windows-1252), as UTF-8. */
void jcs_to_utf8(struct jcs_buf *b, const char *s, size_t n, const char *cs, int *bad);

/* Decodes a raw (possibly folded) header value of n bytes: RFC 2047 words
 * (adjacent words in one charset joined as bytes first), raw 8-bit or raw
 * ISO-2022-JP text. Control characters become spaces; the result is trimmed.
 * Returns a new string (free()) or NULL on OOM. */
char *jcs_header_decode(const char *raw, size_t n, int *bad);

#endif
