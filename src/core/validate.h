/*
 * validate.h - small field validators used by the API layer.
 *
 * One validator per kind of field, so that every API field is checked the
 * same way everywhere. All return 0 when valid and -1 otherwise; NULL is
 * never valid. No I/O, no allocation.
 */
#ifndef HIKESHI_CORE_VALIDATE_H
#define HIKESHI_CORE_VALIDATE_H

#include <stddef.h>

/*
 * validate_text - s is min_len..max_len bytes, and holds no C0 control
 * character other than \t (plus \n and \r when allow_newlines), and no
 * DEL. (A C string cannot hold NUL; see validate_text_n for slices.)
 */
int validate_text(const char *s, size_t min_len, size_t max_len, int allow_newlines);

/* validate_text_n - as validate_text for a slice of len bytes; a NUL
 * byte inside the slice is invalid. */
int validate_text_n(const char *s, size_t len, size_t min_len, size_t max_len, int allow_newlines);

/*
 * validate_utf8 - len bytes are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF). 0 / -1.
 */
int validate_utf8(const char *s, size_t len);

/* validate_login - [a-z0-9._-]{2,64}, starting with a letter or digit. */
int validate_login(const char *s);

/* validate_email - pragmatic: one '@', non-empty local part, a domain with
 * a dot (not first/last), no spaces or controls, at most 254 bytes. */
int validate_email(const char *s);

/* validate_time_zone - IANA-like name [A-Za-z0-9_+/-]{1,64}, e.g. Asia/Tokyo. */
int validate_time_zone(const char *s);

/* validate_lang - "ja" or "en". */
int validate_lang(const char *s);

#endif
