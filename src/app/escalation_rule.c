/*
 * escalation_rule.c - the escalation rule editor (admins write, handlers
 * read), the "what would fire for this incident now" preview, and an
 * incident's escalations. Rules are data: the condition and the targets
 * are checked by core/escalation.c and stored as compact JSON text.
 */
#include "app/escalation.h"
#include "app/escalation_impl.h"
#include "app/incident.h"

#include "lib/log.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/escalation.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_BYTES 200 /* a rule's name (also checked by the HTTP spec) */

static const char *sv(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int64_t iv(const json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

static json_t *level_json(int64_t level)
{
	return json_pack("{s:I,s:s,s:s}", "number", (json_int_t)level, "ja", esc_level_name_ja((int)level), "en",
	                 esc_level_name_en((int)level));
}

/* A JSON text column as a value ({} when unreadable). */
static void parse_col(json_t *row, const char *col)
{
	json_t *v = json_loads(sv(row, col), 0, NULL);
	json_object_set_new(row, col, v ? v : json_object());
}

static void time_col(json_t *row, const char *col)
{
	json_object_set_new(row, col, app_time_json(json_object_get(row, col)));
}

/* The API object of a stored rule row (stolen, returned). */
static json_t *rule_api(json_t *row)
{
	parse_col(row, "condition");
	parse_col(row, "targets");
	json_object_set_new(row, "enabled", json_boolean(iv(row, "enabled") != 0));
	json_object_set_new(row, "level_name", level_json(iv(row, "level")));
	time_col(row, "created_at");
	time_col(row, "updated_at");
	return row;
}

/* The API object of a stored escalation row (stolen, returned). */
static json_t *esc_api(json_t *row)
{
	parse_col(row, "targets");
	json_object_set_new(row, "level_name", level_json(iv(row, "level")));
	time_col(row, "acknowledged_at");
	time_col(row, "climb_at");
	time_col(row, "created_at");
	time_col(row, "updated_at");
	return row;
}

static enum app_err read_fail(struct app_result *r)
{
	app_fail(r, APP_INTERNAL, "a database error occurred; try again or ask an administrator");
	return r->err;
}

/* --- reading -------------------------------------------------------------- */

enum app_err app_esc_rule_list(const struct app_ctx *ctx, struct app_result *r)
{
	if (ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "escalation rules are for handlers and administrators"), r->err;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *rows = store_esc_rules(c, 0);
	db_read_end(ctx->db, c);
	if (!rows)
		return read_fail(r);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) rule_api(row);
	r->object = json_pack("{s:o}", "items", rows);
	return r->err;
}

enum app_err app_esc_rule_get(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	if (ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "escalation rules are for handlers and administrators"), r->err;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *row = NULL;
	int rc = store_esc_rule_get(c, id, &row);
	db_read_end(ctx->db, c);
	if (rc < 0)
		return read_fail(r);
	if (rc == 0)
		return app_fail(r, APP_NOT_FOUND, "no such escalation rule"), r->err;
	r->object = rule_api(row);
	return r->err;
}

/* --- writing -------------------------------------------------------------- */

/* Stores v (a condition or targets object) as compact JSON text in row. */
static void set_json_col(json_t *row, const char *col, const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	json_object_set_new(row, col, json_string(s ? s : "{}"));
	free(s);
}

static void copy_errors(struct app_result *r, json_t *errors)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e) app_field_error(r, sv(e, "field"), "%s", sv(e, "message"));
}

/* 1 when r holds an error about field or one of its members. */
static int has_error(const struct app_result *r, const char *field)
{
	size_t i, n = strlen(field);
	json_t *e;
	json_array_foreach(r->errors, i, e)
	{
		const char *f = sv(e, "field");
		if (strncmp(f, field, n) == 0 && (f[n] == '\0' || f[n] == '.'))
			return 1;
	}
	return 0;
}

/* Applies the members of in to row (shape already checked by the HTTP
 * layer), recording field errors in r; then the checks across fields. */
static void apply_rule(const json_t *in, json_t *row, struct app_result *r)
{
	const char *k;
	json_t *v, *errors = json_array();
	json_object_foreach((json_t *)in, k, v)
	{
		if (strcmp(k, "condition") == 0) {
			struct esc_condition *cond = malloc(sizeof(*cond));
			if (cond && esc_condition_parse(v, "condition", cond, errors) == 0)
				set_json_col(row, k, v);
			free(cond);
		} else if (strcmp(k, "targets") == 0) {
			struct esc_targets *t = malloc(sizeof(*t));
			if (t && esc_targets_parse(v, "targets", t, errors) == 0)
				set_json_col(row, k, v);
			free(t);
		} else if (strcmp(k, "level") == 0) {
			if (!esc_level_valid(json_integer_value(v)))
				app_field_error(r, k, "must be 1 (部署内) to 5 (企業間)");
			else
				json_object_set(row, k, v);
		} else if (strcmp(k, "ack_minutes") == 0) {
			if (json_integer_value(v) < 1 || json_integer_value(v) > ESC_ACK_MINUTES_MAX)
				app_field_error(r, k, "must be minutes from 1 to %d", ESC_ACK_MINUTES_MAX);
			else
				json_object_set(row, k, v);
		} else if (strcmp(k, "enabled") == 0) {
			json_object_set_new(row, k, json_integer(json_is_true(v)));
		} else {
			json_object_set(row, k, v); /* strings and position: the HTTP spec checked them */
		}
	}
	copy_errors(r, errors);
	json_decref(errors);
	if (strcmp(sv(row, "channel"), "webhook") == 0) {
		if (!esc_webhook_url_ok(sv(row, "webhook_url")) && !json_object_get(in, "webhook_url"))
			app_field_error(r, "webhook_url", "is required for the webhook channel");
		else if (!esc_webhook_url_ok(sv(row, "webhook_url")))
			app_field_error(r, "webhook_url",
			                "must be an http:// or https:// URL with a host and without credentials");
	} else if (json_object_get(in, "webhook_url") && sv(row, "webhook_url")[0] &&
	           !esc_webhook_url_ok(sv(row, "webhook_url"))) {
		app_field_error(r, "webhook_url",
		                "must be an http:// or https:// URL with a host and without credentials");
	}
	if (strcmp(sv(row, "channel"), "mail") == 0) {
		json_t *t = json_loads(sv(row, "targets"), 0, NULL);
		if (!t ||
		    (!json_array_size(json_object_get(t, "contacts")) &&
		     !json_array_size(json_object_get(t, "groups")) && !json_array_size(json_object_get(t, "roles"))))
			if (!has_error(r, "targets"))
				app_field_error(r, "targets", "must name at least one contact, group or role for mail");
		json_decref(t);
	}
}

static int audit_rule(struct db_conn *c, const struct actor *a, const char *action, int64_t id, json_t *summary)
{
	char oid[24];
	snprintf(oid, sizeof(oid), "%" PRId64, id);
	int rc = audit_append(c, &(struct audit_actor){a->user_id, a->login}, action, "escalation_rule", oid, summary);
	json_decref(summary);
	return rc;
}

struct rule_job {
	const struct app_ctx *ctx;
	const json_t *in;
	int64_t id, if_match;
	struct app_result *r;
};

static int read_back(struct db_conn *c, int64_t id, struct app_result *r)
{
	json_t *row = NULL;
	if (store_esc_rule_get(c, id, &row) != 1)
		return app_fail(r, APP_INTERNAL, "the rule could not be read back");
	r->object = rule_api(row);
	return 0;
}

static int create_job(struct db_conn *c, void *arg)
{
	struct rule_job *j = arg;
	int64_t now = time_now(), id = 0;
	json_t *row =
	        json_pack("{s:s,s:i,s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:I,s:I}", "name_en", "", "enabled", 1,
	                  "position", 0, "condition", "{}", "targets", "{}", "channel", "mail", "webhook_url", "",
	                  "webhook_format", "json", "subject_ja", "", "subject_en", "", "body_ja", "", "body_en", "",
	                  "ack_minutes", 60, "created_at", (json_int_t)now, "updated_at", (json_int_t)now);
	if (!row)
		return app_fail(j->r, APP_INTERNAL, "out of memory");
	apply_rule(j->in, row, j->r);
	if (j->r->err != APP_OK) {
		json_decref(row);
		return -1;
	}
	if (store_esc_rule_insert(c, row, &id) < 0 ||
	    audit_rule(c, j->ctx->actor, "escalation_rule.create", id,
	               json_pack("{s:s,s:I}", "name", sv(row, "name"), "level", (json_int_t)iv(row, "level"))) < 0) {
		json_decref(row);
		return app_fail(j->r, APP_INTERNAL, "the rule could not be stored");
	}
	json_decref(row);
	j->id = id;
	return read_back(c, id, j->r);
}

static int update_job(struct db_conn *c, void *arg)
{
	struct rule_job *j = arg;
	json_t *row = NULL;
	int rc = store_esc_rule_get(c, j->id, &row);
	if (rc <= 0)
		return rc < 0 ? app_fail(j->r, APP_INTERNAL, "the rule could not be read")
		              : app_fail(j->r, APP_NOT_FOUND, "no such escalation rule");
	if (iv(row, "version") != j->if_match) {
		app_fail(j->r, APP_STALE, "the rule changed (version %" PRId64 ", you sent %" PRId64 "); reload it",
		         iv(row, "version"), j->if_match);
		json_decref(row);
		return -1;
	}
	json_t *before = json_deep_copy(row);
	apply_rule(j->in, row, j->r);
	json_object_set_new(row, "updated_at", json_integer(time_now()));
	if (j->r->err != APP_OK) {
		json_decref(row);
		json_decref(before);
		return -1;
	}
	rc = store_esc_rule_update(c, j->id, j->if_match, row);
	if (rc == 0)
		rc = audit_rule(c, j->ctx->actor, "escalation_rule.update", j->id,
		                json_pack("{s:O,s:O}", "before", before, "after", j->in));
	json_decref(row);
	json_decref(before);
	if (rc != 0)
		return rc > 0 ? app_fail(j->r, APP_STALE, "the rule changed meanwhile; reload it")
		              : app_fail(j->r, APP_INTERNAL, "the rule could not be stored");
	return read_back(c, j->id, j->r);
}

static int delete_job(struct db_conn *c, void *arg)
{
	struct rule_job *j = arg;
	int rc = store_esc_rule_delete(c, j->id);
	if (rc <= 0)
		return rc < 0 ? app_fail(j->r, APP_INTERNAL, "the rule could not be deleted")
		              : app_fail(j->r, APP_NOT_FOUND, "no such escalation rule");
	if (audit_rule(c, j->ctx->actor, "escalation_rule.delete", j->id, json_object()) < 0)
		return app_fail(j->r, APP_INTERNAL, "the audit log could not be written");
	j->r->object = json_object();
	return 0;
}

static enum app_err run(const struct app_ctx *ctx, db_job_fn fn, struct rule_job *j)
{
	struct app_result *r = j->r;
	if (ctx->actor->role < ROLE_ADMIN)
		return app_fail(r, APP_FORBIDDEN, "only administrators change escalation rules"), r->err;
	int rc = db_write(ctx->db, fn, j);
	if (rc == 0)
		return r->err;
	json_decref(r->object);
	r->object = NULL;
	if (rc == DB_WRITE_FAILED)
		app_commit_failed(r);
	else if (r->err == APP_OK)
		app_fail(r, APP_INTERNAL, "the rule could not be stored");
	return r->err;
}

enum app_err app_esc_rule_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r)
{
	struct rule_job j = {ctx, in, 0, 0, r};
	return run(ctx, create_job, &j);
}

enum app_err app_esc_rule_update(const struct app_ctx *ctx, int64_t id, int64_t if_match, const json_t *in,
                                 struct app_result *r)
{
	struct rule_job j = {ctx, in, id, if_match, r};
	return run(ctx, update_job, &j);
}

enum app_err app_esc_rule_delete(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	struct rule_job j = {ctx, NULL, id, 0, r};
	return run(ctx, delete_job, &j);
}

/* --- preview and an incident's escalations ------------------------------- */

/* One preview entry for a rule that matches. NULL on a database error. */
static json_t *preview_entry(struct db_conn *c, const json_t *inc, const struct esc_rule_rt *rt, const json_t *contacts)
{
	int ex = store_esc_exists(c, iv(inc, "id"), rt->id, rt->level);
	if (ex < 0)
		return NULL;
	enum tlp tlp = esc_incident_tlp(inc);
	json_t *who;
	if (strcmp(rt->channel, "webhook") == 0) {
		who = json_pack("{s:[],s:[],s:[]}", "recipients", "withheld", "no_email");
		json_array_append_new(json_object_get(who, tlp > ESC_WEBHOOK_TLP_MAX ? "withheld" : "recipients"),
		                      json_pack("{s:s}", "webhook", rt->webhook_url));
	} else {
		who = esc_resolve(contacts, &rt->targets, tlp, iv(inc, "constituency_id"));
	}
	json_object_set_new(who, "rule_id", json_integer(rt->id));
	json_object_set_new(who, "rule", json_string(rt->name));
	json_object_set_new(who, "level", json_integer(rt->level));
	json_object_set_new(who, "level_name", level_json(rt->level));
	json_object_set_new(who, "channel", json_string(rt->channel));
	json_object_set_new(who, "fired", json_boolean(ex));
	return who;
}

enum app_err app_esc_preview(const struct app_ctx *ctx, const char *incident_ref, struct app_result *r)
{
	if (ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "the preview is for handlers and administrators"), r->err;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *inc = NULL, *rules = NULL, *contacts = NULL, *items = json_array();
	struct esc_rule_rt *rt = malloc(sizeof(*rt));
	struct esc_incident facts;
	int64_t now = time_now();
	int rc = rt ? app_incident_load(c, ctx->actor, incident_ref, 0, &inc) : -1;
	if (rc == 0) {
		app_field_error(r, "incident_id", "no such incident in your scope");
		goto out;
	}
	if (rc < 0 || esc_facts(c, inc, now, 0, 0, &facts) < 0 || !(rules = store_esc_rules(c, 1)) ||
	    !(contacts = store_esc_contacts(c))) {
		read_fail(r);
		goto out;
	}
	size_t i;
	json_t *row;
	json_array_foreach(rules, i, row)
	{
		if (esc_rule_load(row, rt) < 0 || !esc_condition_match(&rt->cond, &facts))
			continue;
		json_t *e = preview_entry(c, inc, rt, contacts);
		if (!e) {
			read_fail(r);
			goto out;
		}
		json_array_append_new(items, e);
	}
	r->object = json_pack("{s:s,s:s,s:I,s:O}", "incident_key", json_string_value(json_object_get(inc, "key")),
	                      "tlp", json_string_value(json_object_get(inc, "tlp")), "minutes_in_status",
	                      (json_int_t)facts.minutes_in_status, "items", items);
out:
	db_read_end(ctx->db, c);
	free(rt);
	json_decref(inc);
	json_decref(rules);
	json_decref(contacts);
	json_decref(items);
	return r->err;
}

enum app_err app_esc_of_incident(const struct app_ctx *ctx, const char *incident_ref, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *inc = NULL, *rows = NULL;
	int rc = app_incident_load(c, ctx->actor, incident_ref, 0, &inc);
	if (rc == 1)
		rows = store_esc_of_incident(c, json_integer_value(json_object_get(inc, "id")));
	db_read_end(ctx->db, c);
	json_decref(inc);
	if (rc == 0)
		return app_fail(r, APP_NOT_FOUND, "no such incident (check the id or key)"), r->err;
	if (rc < 0 || !rows)
		return read_fail(r);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) esc_api(row);
	r->object = json_pack("{s:o}", "items", rows);
	return r->err;
}
