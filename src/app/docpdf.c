/*
 * The generated documents as PDF (see docpdf.h).
 */
#include "app/docpdf.h"

#include "lib/config.h"
#include "lib/timeutil.h"
#include "report/markdown_model.h"
#include "report/render.h"
#include "store/db.h"
#include "store/profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define JST (9 * 3600)

/* The team's name in lang from the profile, else [intake] team_name, into
 * out. 0, or -1 when the profile could not be read. */
static int team_name(const struct app_ctx *ctx, const char *lang, char *out, size_t len)
{
	json_t *row = NULL;
	int en = lang && strcmp(lang, "en") == 0;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return -1;
	int rc = store_profile_get(c, &row);
	db_read_end(ctx->db, c);
	if (rc < 0)
		return -1;
	const json_t *doc = json_object_get(row, "doc");
	const char *mine = json_string_value(json_object_get(doc, en ? "team_name_en" : "team_name_ja"));
	const char *other = json_string_value(json_object_get(doc, en ? "team_name_ja" : "team_name_en"));
	const char *s = mine && *mine ? mine : other && *other ? other : ctx->cfg ? ctx->cfg->team_name : "";
	snprintf(out, len, "%s", s);
	json_decref(row);
	return 0;
}

/* Now in Japan time, "2026-11-22T15:30:00+09:00" (the cover and the
 * PDF's creation date). */
static void stamp(char out[32])
{
	time_t t = (time_t)(time_now() + JST);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S+09:00", &tm);
}

int app_document_pdf(const struct app_ctx *ctx, const struct app_pdf_doc *d, char **out, size_t *len,
                     struct app_result *r)
{
	char team[512], when[32], err[256];
	if (team_name(ctx, d->lang, team, sizeof(team)) < 0)
		return app_fail(r, APP_UNAVAILABLE, "the team profile could not be read");
	stamp(when);
	struct markdown_model_meta meta = {
	        .title = d->title,
	        .subtitle = d->subtitle,
	        .team = team,
	        .lang = d->lang,
	        .tlp = tlp_name(d->tlp),
	        .audience = d->tlp == TLP_CLEAR ? "constituency" : "team",
	        .generated_at = when,
	        .toc = -1,
	};
	const char *md = d->markdown ? d->markdown : "";
	json_t *model = markdown_model(md, strlen(md), &meta);
	char *js = model ? json_dumps(model, JSON_COMPACT) : NULL;
	json_decref(model);
	if (!js)
		return app_fail(r, APP_INTERNAL, "out of memory");
	struct report_model *m = report_model_parse(js, strlen(js), err, sizeof(err));
	free(js);
	if (!m) /* the converter promises a valid model: a bug */
		return app_fail(r, APP_INTERNAL, "the document's model is not valid: %s", err);
	int rc = report_render_pdf(m, out, len);
	report_model_free(m);
	return rc == 0 ? 0 : app_fail(r, APP_INTERNAL, "the PDF could not be rendered");
}
