/*
 * Opaque list cursors for keyset pagination: the last row's sort value and
 * id, base64url-encoded, so a client cannot depend on their form.
 */
#ifndef HIKESHI_CURSOR_H
#define HIKESHI_CURSOR_H

#include <stddef.h>
#include <stdint.h>

#define CURSOR_MAX 512

/* Encodes (value, id) into out (CURSOR_MAX bytes). value may be "". */
void cursor_encode(const char *value, int64_t id, char out[CURSOR_MAX]);
/* Decodes; value receives the sort value (valuelen bytes). 0 / -1 when the
 * cursor is malformed (answer 400 naming "cursor"). */
int cursor_decode(const char *cursor, char *value, size_t valuelen, int64_t *id);

#endif
