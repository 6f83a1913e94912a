/*
 * libFuzzer target for the parsers that see request bytes before anything
 * else: RFC 3339 times, list cursors, tracking keys, taxonomy codes, the
 * field validators, report fingerprints, and the JSON body checks
 * (http_validate over whatever jansson accepts). Built with
 * -fsanitize=fuzzer,address,undefined by `make fuzz`; any crash, leak or UB
 * report fails the run.
 */
#include "core/key.h"
#include "core/markdown.h"
#include "core/report_state.h"
#include "core/search.h"
#include "core/taxonomy.h"
#include "core/validate.h"
#include "http/http.h"
#include "lib/cursor.h"
#include "lib/timeutil.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const struct field_spec spec[] = {
        {"title", FT_STRING, 1, 300, 0, 1},
        {"description", FT_TEXT, 0, 65536, 0, 0},
        {"impact", FT_STRING, 1, 16, 0, 0, http_enum_level},
        {"tlp", FT_STRING, 1, 20, 0, 0, http_enum_tlp},
        {"is_exercise", FT_BOOL, 0, 0, 0, 0},
        {"occurred_at", FT_TIME, 0, 0, 1, 0},
        {"assignee_id", FT_ID, 0, 0, 1, 0},
        {"ids", FT_ID_ARRAY, 0, 0, 0, 0},
        {"into", FT_ID_OR_KEY, 0, 0, 0, 0},
        {NULL, 0, 0, 0, 0, 0},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	int64_t t, id;
	int year;
	char prefix[KEY_PREFIX_MAX + 1], value[256], code[TAXONOMY_CODE_MAX + 1], fp[65];
	(void)time_parse(s, &t);
	(void)cursor_decode(s, value, sizeof(value), &id);
	(void)key_parse(s, prefix, sizeof(prefix), &year, &id);
	(void)taxonomy_normalize_code(s, code, sizeof(code));
	(void)validate_utf8((const char *)data, size);
	(void)validate_text_n((const char *)data, size, 0, 1000, 1);
	(void)validate_login(s);
	(void)validate_email(s);
	(void)validate_time_zone(s);
	report_fingerprint(s, s, s, fp);
	if (validate_utf8(s, size) == 0) {
		struct search_query sq;
		(void)search_parse(s, &sq);
	}

	if (size < 4096) {
		char *html = markdown_to_html(s, strlen(s));
		if (html && (strstr(html, "<script") || strstr(html, "href=\"javascript:")))
			abort(); /* unsafe output is a finding, like a crash */
		free(html);
	}

	json_error_t e;
	json_t *v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &e);
	if (json_is_object(v)) {
		struct http_resp rs;
		memset(&rs, 0, sizeof(rs));
		(void)http_validate(v, spec, 1, &rs);
		json_decref(rs.body);
	}
	json_decref(v);
	free(s);
	return 0;
}
