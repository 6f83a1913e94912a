/*
 * render_chart.c - one chart of a report model as a standalone SVG or PNG
 * for the web dashboard (see render.h): the same validation and the same
 * drawing as in the PDF and HTML reports.
 */
#include "core/validate.h"
#include "report/render.h"

#include <stdlib.h>
#include <string.h>

/* A chart without categories: its title and unit only (the model refuses
 * it inside a report; standalone it is drawn as "no data"). */
static int empty_chart(const json_t *chart, int lang_en, int png, char **out, size_t *outlen)
{
	const char *title = json_string_value(json_object_get(chart, "title"));
	const char *unit = json_string_value(json_object_get(chart, "unit"));
	if (!title || validate_text(title, 1, REPORT_MAX_LABEL, 0) < 0 ||
	    (unit && validate_text(unit, 0, REPORT_MAX_LABEL, 0) < 0))
		return -1;
	struct chart c = {.kind = CHART_BAR, .title = title, .unit = unit, .lang_en = lang_en};
	return png ? chart_png(&c, REPORT_CHART_PNG_W, REPORT_CHART_PNG_H, out, outlen)
	           : chart_svg_titled(&c, REPORT_CHART_SVG_W, REPORT_CHART_SVG_H, out, outlen);
}

int report_render_chart(const json_t *chart, int lang_en, int png, char **out, size_t *outlen, char *err, size_t errlen)
{
	if (errlen)
		err[0] = '\0';
	if (json_is_array(json_object_get(chart, "categories")) &&
	    json_array_size(json_object_get(chart, "categories")) == 0)
		return empty_chart(chart, lang_en, png, out, outlen);
	/* The chart goes through the report model's own checks, inside the
	 * smallest model that holds it. */
	json_t *model =
	        json_pack("{s:s,s:s,s:{s:s,s:s,s:s},s:s,s:s,s:s,s:s,s:[{s:s,s:i,s:[{s:s,s:O}]}]}", "title", "chart",
	                  "team", "-", "period", "label", "-", "from", "2000-01-01", "to", "2000-01-01", "audience",
	                  "team", "lang", lang_en ? "en" : "ja", "tlp", "CLEAR", "generated_at", "2000-01-01",
	                  "sections", "heading", "-", "level", 1, "blocks", "type", "chart", "chart", chart);
	char *js = model ? json_dumps(model, JSON_COMPACT) : NULL;
	json_decref(model);
	if (!js)
		return -1;
	struct report_model *m = report_model_parse(js, strlen(js), err, errlen);
	free(js);
	if (!m)
		return -1;
	const struct chart *c = report_model_chart(m, 0);
	int rc = png ? chart_png(c, REPORT_CHART_PNG_W, REPORT_CHART_PNG_H, out, outlen)
	             : chart_svg_titled(c, REPORT_CHART_SVG_W, REPORT_CHART_SVG_H, out, outlen);
	report_model_free(m);
	return rc;
}
