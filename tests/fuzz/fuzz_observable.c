/*
 * libFuzzer target for observable extraction: arbitrary bytes (not
 * NUL-terminated) go through observable_extract(); every extracted value
 * must re-normalise to itself and must defang, and defanged text must
 * refang back to the value. Any violation aborts. Built with
 * clang -fsanitize=fuzzer,address,undefined.
 */
#include "core/observable.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct observable_list l;
	int truncated;
	if (observable_extract((const char *)data, size, 64, &l, &truncated) != 0)
		return 0;
	if (l.count > 64 || (truncated && l.count != 64))
		abort();
	for (size_t i = 0; i < l.count; i++) {
		char n[OBSERVABLE_MAX_VALUE + 1];
		char d[4 * OBSERVABLE_MAX_VALUE + 1];
		const struct observable *o = &l.items[i];
		if (observable_normalize(o->type, o->value, n, sizeof n) != 0 || strcmp(n, o->value) != 0)
			abort();
		if (observable_defang(o, d, sizeof d) != 0)
			abort();
		if (observable_normalize(o->type, d, n, sizeof n) != 0 || strcmp(n, o->value) != 0)
			abort();
		for (size_t k = 0; k < i; k++)
			if (l.items[k].type == o->type && strcmp(l.items[k].value, o->value) == 0)
				abort(); /* dedupe */
	}
	observable_list_free(&l);
	return 0;
}
