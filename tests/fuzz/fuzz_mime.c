/*
 * libFuzzer target for the mail parser (src/intake/mime.c, issue 4): any
 * bytes go through mime_parse with small limits (so deep nesting, part
 * counts and truncation are all reached quickly), and the result must be
 * valid UTF-8 all through, which mime_message_json checks for us (jansson
 * refuses invalid UTF-8). Built with -fsanitize=fuzzer,address,undefined;
 * any crash, leak, UB report or abort fails the run.
 */
#include "intake/mime.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mime_limits l;
	struct mime_message *m = NULL;
	mime_limits_default(&l);
	l.max_total = 1u << 20; /* keep each run fast; limits are exercised too */
	l.max_parts = 50;
	l.max_depth = 8;
	l.max_header = 4096;
	enum mime_err e = mime_parse((const char *)data, size, &l, &m);
	if (e != MIME_OK)
		return 0;
	json_t *j = mime_message_json(m);
	if (!j)
		abort(); /* only OOM or invalid UTF-8 can get here */
	json_decref(j);
	mime_message_free(m);
	return 0;
}
