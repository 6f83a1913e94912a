/*
 * libFuzzer target for the Markdown to report model converter
 * (report/markdown_model.c). Input is Markdown, any bytes. Invariants: the
 * converter always returns a model (memory permitting), report_model_parse
 * accepts it, and it renders to HTML with no "<script" anywhere (raw HTML
 * is dropped and every text is escaped) and, when small, to PDF, without
 * crashing, leaking or tripping the sanitizers.
 */
#include "report/markdown_model.h"
#include "report/render.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A PDF costs a hundred milliseconds or more under the sanitizers (font
 * subsetting); keep it to small inputs so the fuzzer still runs many
 * cases (report_model's own fuzzer covers the renderer). */
#define SMALL 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first byte picks the header variant; the title, team and
	 * subtitle come from the input too, so they are fuzzed as well. */
	const char *md = (const char *)data;
	char team[64] = "";
	int en = size > 0 && (data[0] & 1);
	if (size > 1) {
		size_t n = size - 1 < sizeof team - 1 ? size - 1 : sizeof team - 1;
		memcpy(team, data + 1, n);
		team[n] = '\0'; /* an embedded NUL just ends it early */
	}
	struct markdown_model_meta meta = {
	        .title = team,
	        .subtitle = size > 2 && (data[0] & 2) ? team : NULL,
	        .team = team,
	        .lang = en ? "en" : "ja",
	        .tlp = "RED",
	        .audience = "management",
	        .generated_at = "2026-11-22T10:00:00+09:00",
	        .toc = size > 0 && (data[0] & 4) ? 1 : -1,
	};
	json_t *m = markdown_model(md, size, &meta);
	if (!m)
		abort(); /* only out of memory may fail, and the fuzzer reports that itself */
	char *js = json_dumps(m, JSON_COMPACT);
	json_decref(m);
	if (!js)
		abort();
	char err[256];
	struct report_model *rm = report_model_parse(js, strlen(js), err, sizeof err);
	if (!rm) {
		fprintf(stderr, "refused: %s\n", err);
		abort();
	}
	free(js);
	char *out;
	size_t len;
	if (report_render_html(rm, &out, &len) == 0) {
		if (memmem(out, len, "<script", 7))
			abort();
		free(out);
	}
	if (size <= SMALL && report_render_pdf(rm, &out, &len) == 0) {
		if (len < 5 || memcmp(out, "%PDF-", 5) != 0)
			abort();
		free(out);
	}
	report_model_free(rm);
	return 0;
}
