/*
 * libFuzzer target for the report model validator and the renderers
 * (src/report). Input is model JSON. Invariants: a refused model comes with
 * an error naming a path; an accepted one renders to CSV (starting with the
 * BOM), HTML (with no "<script" anywhere: all model text is escaped) and,
 * when small, to PDF and its first chart to SVG and PNG, without crashing,
 * leaking or tripping the sanitizers.
 */
#include "report/render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* PDF and chart rendering cost milliseconds; keep them to small inputs so
 * the fuzzer still runs many cases. */
#define SMALL 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct report_model *m = report_model_parse((const char *)data, size, err, sizeof err);
	if (!m) {
		if (!err[0] || !strchr(err, ':'))
			abort();
		return 0;
	}
	char *out;
	size_t len;
	if (report_render_csv(m, &out, &len) == 0) {
		if (len < 3 || memcmp(out, "\xEF\xBB\xBF", 3) != 0)
			abort();
		free(out);
	}
	if (report_render_html(m, &out, &len) == 0) {
		if (memmem(out, len, "<script", 7))
			abort();
		free(out);
	}
	if (size <= SMALL) {
		if (report_render_pdf(m, &out, &len) == 0) {
			if (len < 5 || memcmp(out, "%PDF-", 5) != 0)
				abort();
			free(out);
		}
		const struct chart *c = report_model_chart(m, 0);
		if (c && chart_svg(c, 300, 150, &out, &len) == 0)
			free(out);
		if (c && chart_png(c, 120, 60, &out, &len) == 0)
			free(out);
	}
	report_model_free(m);
	return 0;
}
