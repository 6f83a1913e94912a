/*
 * The build questionnaire and the configuration it writes (see setup.h).
 *
 * A section is saved in one write job: the version check, the answers,
 * then one apply function per structured question type whose answer
 * changed, each writing its configuration through the store and auditing
 * it. A field error found while applying (a constituency still referenced,
 * an unknown local action) fails the job, so nothing is written.
 */
#include "app/setup.h"

#include "app/authority.h"
#include "app/incident.h"
#include "app/report_schedule.h"
#include "core/markdown.h"
#include "core/rfc2350.h"
#include "core/setup.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/embedded.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/authority.h"
#include "store/constituency.h"
#include "store/db.h"
#include "store/profile.h"
#include "store/setup.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUESTIONS_PATH "data/build/questions.json"
#define SERVICES_PATH  "data/build/services.json"

static int db_fail(struct app_result *r)
{
	return app_fail(r, APP_INTERNAL, "a database error occurred; try again or ask an administrator");
}

static json_t *load(const char *path, struct app_result *r)
{
	const struct embedded_file *f = embedded_find(path);
	json_t *m = f ? json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, NULL) : NULL;
	if (!m)
		app_fail(r, APP_INTERNAL, "%s is missing or not valid JSON", path);
	return m;
}

static const json_t *find_code(const json_t *arr, const char *code)
{
	size_t i;
	const json_t *o;
	json_array_foreach(arr, i, o) if (code && json_is_string(json_object_get(o, "code")) &&
	                                  strcmp(json_string_value(json_object_get(o, "code")), code) == 0) return o;
	return NULL;
}

static int64_t setup_version(struct db_conn *c)
{
	char v[32];
	if (store_setting_get(c, "setup.version", v, sizeof(v)) != 1)
		return -1;
	return strtoll(v, NULL, 10);
}

static int audit(struct db_conn *c, const struct app_ctx *ctx, const char *action, const char *type, const char *id,
                 json_t *summary)
{
	int rc = summary ? audit_append(c, &(struct audit_actor){ctx->actor->user_id, ctx->actor->login}, action, type,
	                                id, summary)
	                 : -1;
	json_decref(summary);
	return rc;
}

static json_t *time_or_null(int64_t t)
{
	json_t *v = json_integer(t), *o = app_time_json(v);
	json_decref(v);
	return o;
}

/* --- reading ---------------------------------------------------------------- */

int app_team_address(struct db_conn *c, const struct config *cfg, char *out, size_t len)
{
	int rc = store_setting_get(c, "poc.email", out, len);
	if (rc < 0)
		return -1;
	if (rc == 0 || !out[0])
		snprintf(out, len, "%s", cfg ? cfg->team_address : "");
	return 0;
}

int app_public_form_offered(struct db_conn *c)
{
	char v[8];
	int rc = store_setting_get(c, "poc.public_form", v, sizeof(v));
	if (rc < 0)
		return -1;
	return rc == 0 || strcmp(v, "0") != 0;
}

/* The catalogue rows joined with the service list's labels. */
static json_t *catalogue_items(struct db_conn *c, const json_t *services, int provided_only)
{
	json_t *rows = store_catalogue_list(c), *items, *row;
	size_t i;
	if (!rows)
		return NULL;
	items = json_array();
	json_array_foreach(json_object_get(services, "services"), i, row)
	{
		const json_t *cat = find_code(rows, json_string_value(json_object_get(row, "code")));
		const char *prov = cat ? json_string_value(json_object_get(cat, "provision")) : NULL;
		if (!cat || (provided_only && strcmp(prov, "not_provided") == 0))
			continue;
		json_t *o = json_pack("{s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O}", "code", json_object_get(row, "code"),
		                      "letter", json_object_get(row, "letter"), "category",
		                      json_object_get(row, "category"), "label_ja", json_object_get(row, "label_ja"),
		                      "label_en", json_object_get(row, "label_en"), "provision",
		                      json_object_get(cat, "provision"), "service_level",
		                      json_object_get(cat, "service_level"), "note", json_object_get(cat, "note"));
		json_array_append_new(items, o);
	}
	json_decref(rows);
	return items;
}

json_t *app_setup_provided_services(struct db_conn *c)
{
	struct app_result r;
	app_result_init(&r);
	json_t *services = load(SERVICES_PATH, &r);
	json_t *items = services ? catalogue_items(c, services, 1) : NULL;
	json_decref(services);
	app_result_free(&r);
	return items;
}

/* Attaches answers to the questionnaire q (modified in place). */
static void attach_answers(json_t *q, const json_t *answers, int64_t version)
{
	size_t i, j, done = 0, total = 0;
	json_t *sec, *qu;
	json_array_foreach(json_object_get(q, "sections"), i, sec)
	{
		size_t sdone = 0, stotal = 0;
		json_array_foreach(json_object_get(sec, "questions"), j, qu)
		{
			const json_t *a = json_object_get(answers, json_string_value(json_object_get(qu, "id")));
			json_object_set(qu, "answer", a ? json_object_get(a, "value") : json_null());
			json_object_set_new(qu, "answered_at",
			                    a ? app_time_json(json_object_get(a, "updated_at")) : json_null());
			stotal++;
			sdone += a != NULL;
		}
		json_object_set_new(sec, "answered", json_integer((json_int_t)sdone));
		json_object_set_new(sec, "total", json_integer((json_int_t)stotal));
		done += sdone;
		total += stotal;
	}
	json_object_set_new(q, "version", json_integer(version));
	json_object_set_new(q, "progress",
	                    json_pack("{s:I,s:I}", "answered", (json_int_t)done, "total", (json_int_t)total));
}

int app_setup_get(const struct app_ctx *ctx, struct app_result *r)
{
	json_t *q = load(QUESTIONS_PATH, r), *services = q ? load(SERVICES_PATH, r) : NULL, *answers;
	if (!services) {
		json_decref(q);
		return -1;
	}
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c) {
		json_decref(q);
		json_decref(services);
		return app_fail(r, APP_UNAVAILABLE, "the database is not available");
	}
	answers = store_setup_answers(c);
	json_t *matrix = app_authority_matrix(c);
	int64_t version = setup_version(c);
	db_read_end(ctx->db, c);
	if (!answers || !matrix || version < 0) {
		json_decref(answers);
		json_decref(matrix);
		json_decref(q);
		json_decref(services);
		return db_fail(r);
	}
	attach_answers(q, answers, version);
	json_object_set(q, "services", json_object_get(services, "services"));
	json_object_set(q, "service_categories", json_object_get(services, "categories"));
	json_object_set(q, "provisions", json_object_get(services, "provisions"));
	json_object_set_new(q, "authority_matrix", matrix);
	json_decref(answers);
	json_decref(services);
	r->object = q;
	return 0;
}

/* --- applying --------------------------------------------------------------- */

struct put_job {
	const struct app_ctx *ctx;
	const char *section;
	int64_t if_match;
	const json_t *answers;
	const json_t *q, *sec, *services;
	int64_t now;
	json_t *applied;
	struct app_result *r;
};

static int apply_services(struct db_conn *c, struct put_job *j, const json_t *v)
{
	json_t *before = store_catalogue_list(c), *after;
	json_t *rows = json_is_array(v) ? (json_t *)v : NULL, *empty = json_array();
	int rc = before && store_catalogue_replace(c, rows ? rows : empty, j->now) == 0 ? 0 : -1;
	json_decref(empty);
	if (rc == 0 && (after = store_catalogue_list(c))) {
		size_t i;
		json_t *o;
		json_array_foreach(before, i, o) json_object_del(o, "updated_at");
		json_array_foreach(after, i, o) json_object_del(o, "updated_at");
		rc = audit(c, j->ctx, "service_catalogue.update", "service_catalogue", "catalogue",
		           json_pack("{s:O,s:o}", "before", before, "after", after));
		json_array_append_new(j->applied, json_pack("{s:s,s:I}", "kind", "service_catalogue", "services",
		                                            (json_int_t)json_array_size(rows)));
	} else
		rc = -1;
	json_decref(before);
	return rc;
}

/* One cell (new reference). */
static json_t *cell(const char *action, const char *role, const char *power)
{
	return json_pack("{s:s,s:s,s:s}", "action", action, "role", role, "power", power);
}

static int apply_authority(struct db_conn *c, struct put_job *j, const json_t *v)
{
	struct app_result *r = j->r;
	json_t *before = store_authority_cells(c), *actions = store_authority_actions(c), *cells, *o;
	const json_t *given = json_object_get(v, "cells");
	const char *stop = json_string_value(json_object_get(v, "system_stop"));
	size_t i;
	int rc = -1;
	if (!before || !actions || !json_is_object(v)) { /* a removed answer leaves the matrix as it is */
		json_decref(before);
		json_decref(actions);
		return before && actions ? 0 : -1;
	}
	cells = json_array();
	json_array_foreach(given ? given : before, i, o)
	{
		char f[64];
		const char *a = json_string_value(json_object_get(o, "action"));
		snprintf(f, sizeof(f), "answers.authority.cells[%zu].action", i);
		if (!find_code(actions, a))
			app_field_error(r, f, "is not an action of the authority matrix (GET /api/v1/authority)");
		if (stop && strcmp(a, "system_stop") == 0 &&
		    strcmp(json_string_value(json_object_get(o, "role")), "csirt_lead") == 0)
			continue; /* the survey-2.8 answer sets this cell */
		json_array_append_new(cells, cell(a, json_string_value(json_object_get(o, "role")),
		                                  json_string_value(json_object_get(o, "power"))));
	}
	if (stop && strcmp(stop, "none") != 0)
		json_array_append_new(cells, cell("system_stop", "csirt_lead", stop));
	if (r->err == APP_OK && store_authority_replace(c, NULL, cells, j->now, j->ctx->actor->user_id) == 0) {
		json_t *after = store_authority_cells(c);
		rc = after ? audit(c, j->ctx, "authority.update", "authority", "matrix",
		                   json_pack("{s:{s:O},s:{s:o}}", "before", "cells", before, "after", "cells", after))
		           : -1;
		json_array_append_new(j->applied, json_pack("{s:s,s:I,s:s?}", "kind", "authority", "cells",
		                                            (json_int_t)json_array_size(cells), "system_stop", stop));
	}
	json_decref(cells);
	json_decref(before);
	json_decref(actions);
	return rc;
}

/* The constituency row of an answer entry (new reference). */
static json_t *constituency_row(const json_t *e)
{
	const char *en = json_string_value(json_object_get(e, "name_en"));
	const char *d = json_string_value(json_object_get(e, "description"));
	return json_pack("{s:O,s:O,s:s,s:s}", "code", json_object_get(e, "code"), "name", json_object_get(e, "name"),
	                 "name_en", en ? en : "", "description", d ? d : "");
}

static int upsert_constituency(struct db_conn *c, struct put_job *j, const json_t *e)
{
	int64_t id = 0;
	const char *code = json_string_value(json_object_get(e, "code"));
	int found = store_constituency_by_code(c, code, &id);
	json_t *row = constituency_row(e), *before = NULL;
	char ids[24];
	int rc = -1;
	if (found < 0)
		goto out;
	if (found) {
		json_t *raw = store_constituency_get(c, id);
		if (!raw)
			goto out;
		before = json_pack("{s:O,s:O,s:O,s:O}", "code", json_object_get(raw, "code"), "name",
		                   json_object_get(raw, "name"), "name_en", json_object_get(raw, "name_en"),
		                   "description", json_object_get(raw, "description"));
		json_decref(raw);
		if (json_equal(before, row)) {
			rc = 0;
			goto out;
		}
		rc = store_constituency_update(c, id, row, j->now);
	} else
		rc = store_constituency_insert(c, row, j->now, &id);
	snprintf(ids, sizeof(ids), "%" PRId64, id);
	if (rc == 0)
		rc = audit(c, j->ctx, found ? "constituency.update" : "constituency.create", "constituency", ids,
		           json_pack("{s:O,s:O}", "before", before ? before : json_null(), "after", row));
	if (rc == 0)
		json_array_append_new(j->applied, json_pack("{s:s,s:s,s:s}", "kind", "constituency", "code", code,
		                                            "change", found ? "updated" : "created"));
out:
	json_decref(row);
	json_decref(before);
	return rc;
}

/* Deletes the constituency code unless rows refer to it (a field error). */
static int remove_constituency(struct db_conn *c, struct put_job *j, const char *code)
{
	int64_t id = 0, refs;
	char ids[24];
	int found = store_constituency_by_code(c, code, &id);
	if (found <= 0)
		return found;
	if ((refs = store_constituency_refs(c, id)) < 0)
		return -1;
	if (refs > 0) {
		app_field_error(j->r, "answers.constituencies",
		                "constituency %s is referred to by %" PRId64
		                " incidents, reports, contacts, org units or users; keep it in the list",
		                code, refs);
		/* the entry is not in the request: name it so the UI can mark its row */
		json_object_set_new(json_array_get(j->r->errors, json_array_size(j->r->errors) - 1), "code",
		                    json_string(code));
		return 0;
	}
	json_t *raw = store_constituency_get(c, id);
	snprintf(ids, sizeof(ids), "%" PRId64, id);
	int rc = raw && store_constituency_delete(c, id) == 0
	                 ? audit(c, j->ctx, "constituency.delete", "constituency", ids,
	                         json_pack("{s:o,s:n}", "before", store_constituency_api(raw), "after"))
	                 : -1;
	json_decref(raw);
	if (rc == 0)
		json_array_append_new(j->applied, json_pack("{s:s,s:s,s:s}", "kind", "constituency", "code", code,
		                                            "change", "deleted"));
	return rc;
}

static int apply_constituencies(struct db_conn *c, struct put_job *j, const json_t *old, const json_t *v)
{
	size_t i;
	json_t *e;
	json_array_foreach(old, i, e)
	{
		const char *code = json_string_value(json_object_get(e, "code"));
		if (!find_code(v, code) && remove_constituency(c, j, code) < 0)
			return -1;
	}
	json_array_foreach(v, i, e) if (upsert_constituency(c, j, e) < 0) return -1;
	return 0;
}

/* The PoC's profile members: email, telephone, customer_contact. */
static const char *const poc_profile[][2] = {{"email", "email"}, {"phone", "telephone"}, {"hours", "customer_contact"}};

static int apply_poc_profile(struct db_conn *c, struct put_job *j, const json_t *old, const json_t *v)
{
	json_t *row = NULL, *doc;
	if (store_profile_get(c, &row) < 0)
		return -1;
	doc = json_deep_copy(json_object_get(row, "doc"));
	for (size_t i = 0; i < 3; i++) {
		const json_t *nv = json_object_get(v, poc_profile[i][0]), *ov = json_object_get(old, poc_profile[i][0]);
		const json_t *cur = json_object_get(doc, poc_profile[i][1]);
		if (json_is_string(nv) && json_string_length(nv) > 0)
			json_object_set(doc, poc_profile[i][1], (json_t *)nv);
		else if (cur && ov && json_equal(cur, ov)) /* the old answer's value goes with it */
			json_object_del(doc, poc_profile[i][1]);
	}
	int rc = 0;
	if (!json_equal(doc, json_object_get(row, "doc"))) {
		rc = store_profile_put(c, doc, j->now, j->ctx->actor->user_id);
		if (rc == 0)
			rc = audit(c, j->ctx, "team_profile.update", "team_profile", "1",
			           json_pack("{s:O,s:O}", "before", json_object_get(row, "doc"), "after", doc));
	}
	json_decref(doc);
	json_decref(row);
	return rc;
}

static int apply_poc(struct db_conn *c, struct put_job *j, const json_t *old, const json_t *v)
{
	static const char *const keys[] = {"email", "phone", "hours"};
	char name[32];
	int rc = 0;
	for (size_t i = 0; i < 3 && rc == 0; i++) {
		const char *s = json_string_value(json_object_get(v, keys[i]));
		snprintf(name, sizeof(name), "poc.%s", keys[i]);
		rc = s && *s ? store_setting_put(c, name, s, j->now) : store_setting_delete(c, name);
	}
	const json_t *pf = json_object_get(v, "public_form");
	if (rc == 0)
		rc = json_is_boolean(pf) ? store_setting_put(c, "poc.public_form", json_is_true(pf) ? "1" : "0", j->now)
		                         : store_setting_delete(c, "poc.public_form");
	if (rc == 0)
		rc = audit(c, j->ctx, "setting.update", "setting", "poc",
		           json_pack("{s:O,s:O}", "before", old ? old : json_null(), "after", v ? v : json_null()));
	if (rc == 0)
		rc = apply_poc_profile(c, j, old, v);
	if (rc == 0)
		json_array_append_new(j->applied, json_pack("{s:s,s:O}", "kind", "poc", "email",
		                                            v ? json_object_get(v, "email") : json_null()));
	return rc;
}

/* The stored schedule an answered row continues: the first not yet claimed
 * with the same audience and timing (frequency, day, time). NULL = new. */
static json_t *same_schedule(json_t *before, const json_t *e)
{
	static const char *const keys[] = {"audience", "frequency", "day", "time"};
	size_t i, k;
	json_t *old;
	json_array_foreach(before, i, old)
	{
		if (json_object_get(old, "claimed"))
			continue;
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (!json_equal(json_object_get(old, keys[k]), json_object_get(e, keys[k])))
				break;
		if (k == sizeof(keys) / sizeof(keys[0]))
			return old;
	}
	return NULL;
}

/*
 * Saving the section again must not forget what the scheduler did: a row
 * whose audience and timing are unchanged keeps its id, its next run (a
 * failed run waiting for its retry stays due) and its run record; a new or
 * re-timed row starts from now.
 */
static json_t *schedule_row(json_t *before, const json_t *e, int64_t now)
{
	static const char *const kept[] = {
	        "id",         "next_run_at",   "last_run_at", "last_period", "last_outbox_id",
	        "last_error", "last_error_at", "failures",    "retry_at"};
	json_t *row = json_deep_copy(e), *old = same_schedule(before, e);
	if (!row)
		return NULL;
	if (old) {
		for (size_t k = 0; k < sizeof(kept) / sizeof(kept[0]); k++)
			json_object_set(row, kept[k], json_object_get(old, kept[k]));
		json_object_set_new(old, "claimed", json_true());
		if (json_integer_value(json_object_get(old, "next_run_at")) > 0)
			return row;
	}
	int h = 0, m = 0;
	setup_parse_hhmm(json_string_value(json_object_get(e, "time")), &h, &m);
	int64_t next = setup_next_run(json_string_value(json_object_get(e, "frequency")),
	                              (int)json_integer_value(json_object_get(e, "day")), h, m, now);
	json_object_set_new(row, "next_run_at", next > 0 ? json_integer(next) : json_null());
	return row;
}

static int apply_schedule(struct db_conn *c, struct put_job *j, const json_t *v)
{
	json_t *before = store_schedule_list(c), *rows = json_array(), *e, *after = NULL;
	json_t *match = before ? json_deep_copy(before) : NULL;
	size_t i;
	int rc = -1;
	json_array_foreach(v, i, e)
	{
		json_t *row = match ? schedule_row(match, e, j->now) : NULL;
		if (row)
			json_array_append_new(rows, row);
	}
	json_decref(match);
	if (before && store_schedule_replace(c, rows) == 0 && (after = store_schedule_list(c))) {
		rc = audit(c, j->ctx, "report_schedule.update", "report_schedule", "all",
		           json_pack("{s:O,s:O}", "before", before, "after", after));
		json_array_append_new(j->applied, json_pack("{s:s,s:I}", "kind", "report_schedule", "schedules",
		                                            (json_int_t)json_array_size(rows)));
	}
	json_decref(before);
	json_decref(after);
	json_decref(rows);
	return rc;
}

static int apply_review(struct db_conn *c, struct put_job *j, const json_t *v)
{
	json_t *before = store_review_list(c), *after = NULL, *k;
	size_t i;
	int rc = before ? 0 : -1;
	json_array_foreach(json_object_get(j->q, "review_kinds"), i, k)
	{
		const char *kind = json_string_value(json_object_get(k, "code"));
		const char *freq = json_string_value(json_object_get(v, kind));
		int months = setup_review_months(freq);
		const json_t *cur = NULL;
		json_t *o;
		size_t n;
		json_array_foreach(before, n, o) if (strcmp(json_string_value(json_object_get(o, "kind")), kind) == 0)
		        cur = o;
		if (rc < 0)
			break;
		if (months <= 0) {
			rc = store_review_delete(c, kind);
			continue;
		}
		if (cur && strcmp(json_string_value(json_object_get(cur, "frequency")), freq) == 0)
			continue;
		const json_t *last = json_object_get(cur, "last_done_at");
		int64_t from = json_is_integer(last) ? json_integer_value(last) : j->now;
		rc = store_review_put(c, kind, freq, setup_add_months(from, months));
	}
	if (rc == 0 && (after = store_review_list(c))) {
		rc = audit(c, j->ctx, "review_schedule.update", "review_schedule", "all",
		           json_pack("{s:O,s:O}", "before", before, "after", after));
		json_array_append_new(j->applied, json_pack("{s:s,s:I}", "kind", "review_schedule", "reviews",
		                                            (json_int_t)json_array_size(after)));
	} else
		rc = -1;
	json_decref(before);
	json_decref(after);
	return rc;
}

/* Applies the change of question qu from old to v (either may be NULL). */
static int apply(struct db_conn *c, struct put_job *j, const json_t *qu, const json_t *old, const json_t *v)
{
	const char *type = json_string_value(json_object_get(qu, "type"));
	if (strcmp(type, "services") == 0)
		return apply_services(c, j, v);
	if (strcmp(type, "authority") == 0)
		return apply_authority(c, j, v);
	if (strcmp(type, "constituencies") == 0)
		return apply_constituencies(c, j, old, v);
	if (strcmp(type, "poc") == 0)
		return apply_poc(c, j, old, v);
	if (strcmp(type, "report_schedule") == 0)
		return apply_schedule(c, j, v);
	if (strcmp(type, "review") == 0)
		return apply_review(c, j, v);
	return 0;
}

static int store_answer(struct db_conn *c, struct put_job *j, const char *id, const json_t *old, const json_t *v)
{
	int rc =
	        v ? store_setup_answer_put(c, id, v, j->now, j->ctx->actor->user_id) : store_setup_answer_delete(c, id);
	if (rc == 0)
		rc = audit(c, j->ctx, "setup_answer.update", "setup_answer", id,
		           json_pack("{s:s,s:O,s:O}", "section", j->section, "before", old ? old : json_null(), "after",
		                     v ? v : json_null()));
	return rc;
}

static int put_fn(struct db_conn *c, void *arg)
{
	struct put_job *j = arg;
	struct app_result *r = j->r;
	json_t *current = store_setup_answers(c), *qu;
	int64_t version = setup_version(c);
	size_t i;
	char vs[32];
	if (!current || version < 0) {
		json_decref(current);
		return db_fail(r);
	}
	if (version != j->if_match) {
		json_decref(current);
		return app_fail(r, APP_STALE,
		                "the questionnaire changed (version %" PRId64 ", you sent %" PRId64 "); reload it",
		                version, j->if_match);
	}
	json_array_foreach(json_object_get(j->sec, "questions"), i, qu)
	{
		const char *id = json_string_value(json_object_get(qu, "id"));
		const json_t *v = json_object_get(j->answers, id);
		const json_t *old = json_object_get(json_object_get(current, id), "value");
		if (v && json_is_null(v))
			v = NULL;
		if ((!v && !old) || (v && old && json_equal(v, old)))
			continue;
		if (store_answer(c, j, id, old, v) < 0 || apply(c, j, qu, old, v) < 0) {
			json_decref(current);
			return r->err != APP_OK ? -1 : db_fail(r);
		}
		if (r->err != APP_OK)
			break;
	}
	json_decref(current);
	if (r->err != APP_OK)
		return -1;
	snprintf(vs, sizeof(vs), "%" PRId64, version + 1);
	if (store_setting_put(c, "setup.version", vs, j->now) < 0)
		return db_fail(r);
	r->object = json_pack("{s:I,s:s,s:O,s:O}", "version", (json_int_t)(version + 1), "section", j->section,
	                      "answers", j->answers, "applied", j->applied);
	return 0;
}

int app_setup_put(const struct app_ctx *ctx, const char *section, int64_t if_match, const json_t *in,
                  struct app_result *r)
{
	if (ctx->actor->role != ROLE_ADMIN)
		return app_fail(r, APP_FORBIDDEN, "only an admin may answer the build questionnaire");
	json_t *q = load(QUESTIONS_PATH, r), *services = q ? load(SERVICES_PATH, r) : NULL;
	const json_t *sec = q ? setup_section(q, section) : NULL;
	int rc = -1;
	if (!services)
		goto out;
	if (!sec) {
		app_fail(r, APP_NOT_FOUND, "no such section of the questionnaire: %s", section);
		goto out;
	}
	json_t *errors = json_array();
	const json_t *answers = json_object_get(in, "answers");
	if (setup_check_answers(q, services, sec, answers, errors) > 0) {
		size_t n = json_array_size(errors);
		const json_t *e0 = json_array_get(errors, 0);
		r->errors = errors;
		app_fail(r, APP_INVALID, "%zu answer%s not valid: %s %s", n, n == 1 ? " is" : "s are",
		         json_string_value(json_object_get(e0, "field")),
		         json_string_value(json_object_get(e0, "message")));
		goto out;
	}
	json_decref(errors);
	struct put_job j = {ctx, section, if_match, answers, q, sec, services, time_now(), json_array(), r};
	rc = app_write_result(db_write(ctx->db, put_fn, &j), r) == APP_OK ? 0 : -1;
	json_decref(j.applied);
out:
	json_decref(q);
	json_decref(services);
	return rc;
}

/* --- the configuration's read side ------------------------------------------- */

typedef json_t *(*reader_fn)(struct db_conn *c, void *arg);

/* Runs fn in a read transaction; its result becomes {items: ...}. */
static int read_items(const struct app_ctx *ctx, reader_fn fn, void *arg, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available");
	json_t *items = fn(c, arg);
	db_read_end(ctx->db, c);
	if (!items)
		return db_fail(r);
	r->object = json_pack("{s:o}", "items", items);
	return 0;
}

static json_t *catalogue_reader(struct db_conn *c, void *arg)
{
	return catalogue_items(c, arg, 0);
}

int app_service_catalogue(const struct app_ctx *ctx, struct app_result *r)
{
	json_t *services = load(SERVICES_PATH, r);
	int rc = services ? read_items(ctx, catalogue_reader, services, r) : -1;
	json_decref(services);
	return rc;
}

/* Where a schedule without recipients sends its report (the audience's
 * default, app/report_schedule.h), shown to admins: null when the schedule
 * lists recipients. 0 / -1. */
static int set_default_recipients(struct db_conn *c, const struct app_ctx *ctx, json_t *row)
{
	int defaulted = 0;
	json_t *to;
	if (ctx->actor->role != ROLE_ADMIN)
		return 0;
	if (!(to = app_schedule_recipients(c, ctx->cfg, row, &defaulted)))
		return -1;
	json_object_set_new(row, "default_recipients", defaulted ? to : json_null());
	if (!defaulted)
		json_decref(to);
	return 0;
}

/* The schedules as the API shows them: times as RFC 3339, and for admins
 * default_recipients. */
static json_t *schedule_reader(struct db_conn *c, void *arg)
{
	static const char *const times[] = {"next_run_at", "last_run_at", "last_error_at", "retry_at"};
	json_t *rows = store_schedule_list(c), *row;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		if (set_default_recipients(c, arg, row) < 0) {
			json_decref(rows);
			return NULL;
		}
		json_object_set_new(row, "enabled", json_boolean(json_integer_value(json_object_get(row, "enabled"))));
		for (size_t t = 0; t < sizeof(times) / sizeof(times[0]); t++)
			json_object_set_new(row, times[t], app_time_json(json_object_get(row, times[t])));
	}
	return rows;
}

int app_report_schedules(const struct app_ctx *ctx, struct app_result *r)
{
	return read_items(ctx, schedule_reader, (void *)ctx, r);
}

static json_t *review_reader(struct db_conn *c, void *arg)
{
	const json_t *q = arg;
	json_t *rows = store_review_list(c), *row;
	size_t i;
	int64_t now = time_now();
	json_array_foreach(rows, i, row)
	{
		const json_t *k =
		        find_code(json_object_get(q, "review_kinds"), json_string_value(json_object_get(row, "kind")));
		const json_t *due = json_object_get(row, "next_due_at");
		json_object_set(row, "label_ja", json_object_get(k, "label_ja"));
		json_object_set(row, "label_en", json_object_get(k, "label_en"));
		json_object_set(row, "seed", json_object_get(k, "seed"));
		json_object_set_new(row, "overdue",
		                    json_boolean(json_is_integer(due) && json_integer_value(due) < now));
		json_object_set_new(row, "next_due_at", app_time_json(due));
		json_object_set_new(row, "last_done_at", app_time_json(json_object_get(row, "last_done_at")));
	}
	return rows;
}

int app_reviews(const struct app_ctx *ctx, struct app_result *r)
{
	json_t *q = load(QUESTIONS_PATH, r);
	int rc = q ? read_items(ctx, review_reader, q, r) : -1;
	json_decref(q);
	return rc;
}

struct done_job {
	const struct app_ctx *ctx;
	const char *kind;
	struct app_result *r;
};

static int done_fn(struct db_conn *c, void *arg)
{
	struct done_job *j = arg;
	json_t *rows = store_review_list(c), *row, *cur = NULL;
	size_t i;
	int64_t now = time_now();
	if (!rows)
		return db_fail(j->r);
	json_array_foreach(rows, i, row) if (strcmp(json_string_value(json_object_get(row, "kind")), j->kind) == 0)
	        cur = row;
	if (!cur) {
		json_decref(rows);
		return app_fail(j->r, APP_NOT_FOUND,
		                "no review %s is scheduled; set its frequency in the questionnaire (section review)",
		                j->kind);
	}
	int months = setup_review_months(json_string_value(json_object_get(cur, "frequency")));
	int64_t next = setup_add_months(now, months > 0 ? months : 12);
	int rc = store_review_done(c, j->kind, now, next) == 1 ? 0 : -1;
	if (rc == 0)
		rc = audit(c, j->ctx, "review.done", "review_schedule", j->kind,
		           json_pack("{s:{s:O,s:O},s:{s:I,s:I}}", "before", "next_due_at",
		                     json_object_get(cur, "next_due_at"), "last_done_at",
		                     json_object_get(cur, "last_done_at"), "after", "next_due_at", (json_int_t)next,
		                     "last_done_at", (json_int_t)now));
	if (rc == 0)
		j->r->object =
		        json_pack("{s:s,s:O,s:o,s:o}", "kind", j->kind, "frequency", json_object_get(cur, "frequency"),
		                  "next_due_at", time_or_null(next), "last_done_at", time_or_null(now));
	json_decref(rows);
	return rc < 0 ? db_fail(j->r) : 0;
}

int app_review_done(const struct app_ctx *ctx, const char *kind, struct app_result *r)
{
	if (ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "recording a review needs the handler or admin role");
	struct done_job j = {ctx, kind, r};
	return app_write_result(db_write(ctx->db, done_fn, &j), r) == APP_OK ? 0 : -1;
}

/* --- the service catalogue document ------------------------------------------ */

static void put_item(struct buf *b, const json_t *it, const json_t *services, int en, int *err)
{
	const char *lk = en ? "label_en" : "label_ja";
	const json_t *prov =
	        find_code(json_object_get(services, "provisions"), json_string_value(json_object_get(it, "provision")));
	const char *lvl = json_string_value(json_object_get(it, "service_level"));
	const char *note = json_string_value(json_object_get(it, "note"));
	*err |= buf_printf(b, "### (%s) ", json_string_value(json_object_get(it, "letter")));
	*err |= rfc2350_md_text(b, json_string_value(json_object_get(it, lk)));
	*err |= buf_puts(b, "\n");
	*err |= buf_puts(b, en ? "Provision: " : "提供形態: ");
	*err |= rfc2350_md_text(b, json_string_value(json_object_get(prov, lk)));
	if (lvl && *lvl) {
		*err |= buf_puts(b, en ? "\nService level: " : "\nサービスレベル: ");
		*err |= rfc2350_md_text(b, lvl);
	}
	if (note && *note) {
		*err |= buf_puts(b, en ? "\nNote: " : "\n備考: ");
		*err |= rfc2350_md_text(b, note);
	}
	*err |= buf_puts(b, "\n");
}

static char *catalogue_markdown(const json_t *items, const json_t *services, int en)
{
	struct buf b;
	int err = 0;
	size_t i, k;
	const json_t *cat, *it;
	buf_init(&b, 1024 * 1024);
	err |= buf_puts(&b, en ? "# Service Catalogue\n\nThe services of the CSIRT (seed 002 §2.2.9).\n"
	                       : "# サービスカタログ\n\nCSIRT が提供するサービスの一覧（seed 002 §2.2.9）。\n");
	if (json_array_size(items) == 0)
		err |= buf_puts(&b, en ? "\n_(not specified)_\n" : "\n_（未記入）_\n");
	json_array_foreach(json_object_get(services, "categories"), i, cat)
	{
		int heading = 0;
		json_array_foreach(items, k, it)
		{
			if (!json_equal(json_object_get(it, "category"), json_object_get(cat, "code")))
				continue;
			if (!heading++)
				err |= buf_printf(
				        &b, "\n## %s\n",
				        json_string_value(json_object_get(cat, en ? "label_en" : "label_ja")));
			err |= buf_puts(&b, "\n");
			put_item(&b, it, services, en, &err);
		}
	}
	if (err) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

int app_setup_catalogue_document(const struct app_ctx *ctx, const char *lang, struct app_result *r)
{
	int en = lang && strcmp(lang, "en") == 0;
	if (app_service_catalogue(ctx, r) < 0)
		return -1;
	json_t *services = load(SERVICES_PATH, r);
	char *md = services ? catalogue_markdown(json_object_get(r->object, "items"), services, en) : NULL;
	char *html = md ? markdown_to_html(md, strlen(md)) : NULL;
	json_decref(r->object);
	r->object = NULL;
	if (html)
		r->object = json_pack("{s:s,s:s,s:s}", "lang", en ? "en" : "ja", "markdown", md, "html", html);
	free(md);
	free(html);
	json_decref(services);
	return r->object ? 0 : app_fail(r, APP_INTERNAL, "the document could not be built");
}
