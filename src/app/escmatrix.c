/*
 * The escalation matrix document (issue 6, item 4): the rules, the people
 * they reach and the authority matrix as they are now, through
 * core/escmatrix.h. Handlers and admins, like the rules themselves.
 */
#include "app/authority.h"
#include "app/escalation.h"
#include "core/escmatrix.h"
#include "core/markdown.h"
#include "lib/timeutil.h"
#include "store/contact.h"
#include "store/db.h"
#include "store/profile.h"

#include <stdlib.h>
#include <string.h>

#define MATRIX_CONTACTS_MAX 10000

/* The active contacts as API objects, the constituencies and the profile. */
static int read_people(const struct app_ctx *ctx, json_t **contacts, json_t **cons, json_t **profile)
{
	struct store_contact_filter f = {.on_call = -1, .active = 1, .now = time_now(), .limit = MATRIX_CONTACTS_MAX};
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return -1;
	json_t *rows = store_contact_list(c, &f);
	*cons = store_profile_constituencies(c);
	int rc = store_profile_get(c, profile);
	db_read_end(ctx->db, c);
	*contacts = json_array();
	if (!rows || !*cons || rc < 0 || !*contacts) {
		json_decref(rows);
		return -1;
	}
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) json_array_append_new(*contacts, store_contact_api(row, f.now));
	json_decref(rows);
	return 0;
}

enum app_err app_esc_matrix_document(const struct app_ctx *ctx, const char *lang, struct app_result *r)
{
	struct app_result rules, auth;
	app_result_init(&rules);
	app_result_init(&auth);
	json_t *contacts = NULL, *cons = NULL, *profile = NULL;
	if (app_esc_rule_list(ctx, &rules) != APP_OK) {
		*r = rules;
		return r->err;
	}
	if (app_authority_get(ctx, &auth) < 0 || read_people(ctx, &contacts, &cons, &profile) < 0) {
		app_result_free(&rules);
		app_result_free(&auth);
		json_decref(contacts);
		json_decref(cons);
		json_decref(profile);
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	}
	const json_t *doc = json_object_get(profile, "doc");
	const char *en = json_string_value(json_object_get(doc, "team_name_en"));
	const char *ja = json_string_value(json_object_get(doc, "team_name_ja"));
	struct escmatrix_input in = {json_object_get(rules.object, "items"),          auth.object, contacts, cons,
	                             lang && strcmp(lang, "en") == 0 && en ? en : ja, lang};
	char *md = escmatrix_markdown(&in);
	char *html = md ? markdown_to_html(md, strlen(md)) : NULL;
	if (html)
		r->object = json_pack("{s:s,s:s,s:s}", "lang", in.lang && strcmp(in.lang, "en") == 0 ? "en" : "ja",
		                      "markdown", md, "html", html);
	free(md);
	free(html);
	app_result_free(&rules);
	app_result_free(&auth);
	json_decref(contacts);
	json_decref(cons);
	json_decref(profile);
	if (!r->object)
		return app_fail(r, APP_INTERNAL, "the document could not be built"), r->err;
	return APP_OK;
}
