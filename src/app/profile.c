/*
 * The team profile and its generated documents (see profile.h).
 */
#include "app/profile.h"
#include "app/setup.h"
#include "core/markdown.h"
#include "core/rfc2350.h"
#include "core/validate.h"
#include "lib/config.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/profile.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int db_fail(struct app_result *r)
{
	return app_fail(r, APP_INTERNAL, "database error");
}

/* The store's row as the API object (steals row). */
static json_t *profile_api(json_t *row)
{
	json_t *o = json_pack("{s:O,s:O,s:O,s:O}", "version", json_object_get(row, "version"), "updated_at",
	                      json_object_get(row, "updated_at"), "updated_by", json_object_get(row, "updated_by"),
	                      "profile", json_object_get(row, "doc"));
	json_decref(row);
	return o;
}

int app_profile_get(const struct app_ctx *ctx, struct app_result *r)
{
	json_t *row = NULL;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return db_fail(r);
	int rc = store_profile_get(c, &row);
	db_read_end(ctx->db, c);
	if (rc < 0 || !(r->object = profile_api(row)))
		return db_fail(r);
	return 0;
}

/* 40 or 64 hexadecimal digits, spaces allowed between them. */
static int fingerprint_ok(const char *s)
{
	size_t n = 0;
	for (; *s; s++) {
		if (isxdigit((unsigned char)*s))
			n++;
		else if (*s != ' ')
			return 0;
	}
	return n == 40 || n == 64;
}

/* One member; errors name "profile.<name>". */
static void check_member(const char *name, const char *s, struct app_result *r)
{
	char f[64];
	const struct rfc2350_field *fd = rfc2350_field(name);
	snprintf(f, sizeof(f), "profile.%s", name);
	if (!fd)
		app_field_error(r, f, "is not a member of the team profile");
	else if (!s)
		app_field_error(r, f, "must be a string");
	else if (validate_text(s, 0, fd->max_len, fd->multiline) != 0)
		app_field_error(r, f, "at most %zu bytes of text%s", fd->max_len, fd->multiline ? "" : " on one line");
	else if (!*s)
		return;
	else if (strcmp(name, "email") == 0 && validate_email(s) != 0)
		app_field_error(r, f, "must be an email address like csirt@example.jp");
	else if (strcmp(name, "pgp_fingerprint") == 0 && !fingerprint_ok(s))
		app_field_error(r, f, "must be 40 or 64 hexadecimal digits (spaces allowed)");
}

/* The stored document: the non-empty members of in. */
static json_t *checked_doc(const json_t *in, struct app_result *r)
{
	const char *k;
	json_t *v, *doc = json_object();
	json_object_foreach((json_t *)in, k, v)
	{
		check_member(k, json_string_value(v), r);
		if (json_is_string(v) && json_string_length(v) > 0)
			json_object_set(doc, k, v);
	}
	if (r->err != APP_OK) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

struct put_job {
	const struct app_ctx *ctx;
	int64_t if_match;
	const json_t *doc;
	struct app_result *r;
};

static int put_fn(struct db_conn *c, void *arg)
{
	struct put_job *j = arg;
	json_t *before = NULL, *after = NULL, *summary;
	if (store_profile_get(c, &before) < 0)
		return db_fail(j->r);
	if (json_integer_value(json_object_get(before, "version")) != j->if_match) {
		app_fail(j->r, APP_STALE,
		         "the team profile changed (version %" JSON_INTEGER_FORMAT ", you sent %" PRId64 "); reload it",
		         json_integer_value(json_object_get(before, "version")), j->if_match);
		json_decref(before);
		return -1;
	}
	summary = json_pack("{s:O,s:O}", "before", json_object_get(before, "doc"), "after", j->doc);
	json_decref(before);
	int rc = store_profile_put(c, j->doc, time_now(), j->ctx->actor->user_id);
	if (rc == 0)
		rc = audit_append(c, &(struct audit_actor){j->ctx->actor->user_id, j->ctx->actor->login},
		                  "team_profile.update", "team_profile", "1", summary);
	json_decref(summary);
	if (rc < 0 || store_profile_get(c, &after) < 0 || !(j->r->object = profile_api(after)))
		return db_fail(j->r);
	return 0;
}

int app_profile_put(const struct app_ctx *ctx, int64_t if_match, const json_t *in, struct app_result *r)
{
	if (ctx->actor->role != ROLE_ADMIN)
		return app_fail(r, APP_FORBIDDEN, "only an admin may change the team profile");
	json_t *doc = checked_doc(json_object_get(in, "profile"), r);
	if (!doc)
		return -1;
	struct put_job j = {ctx, if_match, doc, r};
	int rc = db_write(ctx->db, put_fn, &j);
	json_decref(doc);
	if (rc == 0)
		return 0;
	json_decref(r->object);
	r->object = NULL;
	if (rc == DB_WRITE_FAILED)
		app_commit_failed(r);
	else if (r->err == APP_OK)
		db_fail(r);
	return -1;
}

int app_profile_document(const struct app_ctx *ctx, enum app_document which, const char *lang, struct app_result *r)
{
	json_t *row = NULL, *cons, *services;
	char url[600];
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return db_fail(r);
	int rc = store_profile_get(c, &row);
	cons = rc == 0 ? store_profile_constituencies(c) : NULL;
	services = cons ? app_setup_provided_services(c) : NULL;
	int offered = services ? app_public_form_offered(c) : -1;
	db_read_end(ctx->db, c);
	if (!services || offered < 0) {
		json_decref(services);
		json_decref(row);
		json_decref(cons);
		return db_fail(r);
	}
	const char *base = ctx->cfg ? ctx->cfg->public_url : "";
	size_t n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	snprintf(url, sizeof(url), "%.*s/report", (int)n, base);
	struct rfc2350_input in = {json_object_get(row, "doc"), cons, n ? url : NULL, lang, services, !offered};
	char *md = which == APP_DOC_RFC2350 ? rfc2350_markdown(&in) : rfc2350_announcement(&in);
	char *html = md ? markdown_to_html(md, strlen(md)) : NULL;
	json_decref(row);
	json_decref(cons);
	json_decref(services);
	if (html)
		r->object = json_pack("{s:s,s:s,s:s}", "lang", in.lang, "markdown", md, "html", html);
	free(md);
	free(html);
	return r->object ? 0 : app_fail(r, APP_INTERNAL, "the document could not be built");
}
