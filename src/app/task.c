/*
 * Task use cases (see task.h). Visibility is the incident's
 * (app_incident_load); the assignee must be an enabled user who can see the
 * incident's constituency and TLP, as for incidents. task_api() is the one
 * place that shapes a stored row for the API.
 */
#include "app/task.h"

#include "app/incident.h"
#include "core/tlp.h"
#include "core/validate.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/incident.h"
#include "store/task.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define TASK_TITLE_MAX 300 /* bytes; API.md */

static int64_t iv(const json_t *row, const char *col)
{
	return json_integer_value(json_object_get(row, col));
}

static int db_fail(struct app_result *r)
{
	return app_fail(r, APP_INTERNAL, "a database error occurred; try again or ask an administrator");
}

/* Steals row; returns it shaped for the API. */
static json_t *task_api(json_t *row)
{
	static const char *const cols[] = {"due_at", "done_at", "created_at", "updated_at", NULL};
	for (size_t i = 0; cols[i]; i++)
		json_object_set_new(row, cols[i], app_time_json(json_object_get(row, cols[i])));
	json_object_set_new(row, "done", json_boolean(iv(row, "done") != 0));
	return row;
}

static int audit_task(struct db_conn *c, const struct actor *a, const char *action, int64_t id, json_t *summary)
{
	char oid[24];
	snprintf(oid, sizeof(oid), "%" PRId64, id);
	int rc = audit_append(c, &(struct audit_actor){a->user_id, a->login}, action, "task", oid, summary);
	json_decref(summary);
	return rc;
}

/* Applies title, assignee_id, due_at and done from in to row, with field
 * errors in r; incident is the task's incident row (for the assignee). */
static int apply_task_fields(struct db_conn *c, const json_t *in, const json_t *incident, json_t *row, int64_t now,
                             struct app_result *r)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)in, k, v)
	{
		if (strcmp(k, "title") == 0) {
			if (!json_is_string(v) || validate_text(json_string_value(v), 1, TASK_TITLE_MAX, 0) != 0)
				app_field_error(r, k, "must be 1 to %d bytes of text on one line", TASK_TITLE_MAX);
			else
				json_object_set(row, k, v);
		} else if (strcmp(k, "assignee_id") == 0) {
			if (json_is_null(v)) {
				json_object_set_new(row, k, json_null());
				continue;
			}
			if (!json_is_integer(v) || json_integer_value(v) < 1) {
				app_field_error(r, k, "must be a user id or null");
				continue;
			}
			enum tlp t = TLP_RED;
			if (tlp_parse(json_string_value(json_object_get(incident, "tlp")), &t) != 0)
				t = TLP_RED;
			int ok = store_incident_user_eligible(c, json_integer_value(v), iv(incident, "constituency_id"),
			                                      t);
			if (ok < 0)
				return -1;
			if (!ok)
				app_field_error(r, k, "must be an enabled user who can see the incident");
			else
				json_object_set(row, k, v);
		} else if (strcmp(k, "due_at") == 0) {
			int64_t t;
			if (json_is_null(v))
				json_object_set_new(row, k, json_null());
			else if (!json_is_string(v) || time_parse(json_string_value(v), &t) != 0)
				app_field_error(r, k, "must be an RFC 3339 time");
			else
				json_object_set_new(row, k, json_integer(t));
		} else if (strcmp(k, "done") == 0) {
			if (!json_is_boolean(v)) {
				app_field_error(r, k, "must be true or false");
			} else if ((iv(row, "done") != 0) != json_is_true(v)) {
				json_object_set_new(row, k, json_integer(json_is_true(v)));
				json_object_set_new(row, "done_at", json_is_true(v) ? json_integer(now) : json_null());
			}
		}
	}
	return 0;
}

static int write_result(int rc, struct app_result *r)
{
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

int app_task_list(const struct app_ctx *ctx, const char *incident_ref, struct app_result *r)
{
	json_t *inc = NULL, *rows = NULL, *items, *row;
	size_t i;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return db_fail(r);
	int rc = app_incident_load(c, ctx->actor, incident_ref, 0, &inc);
	if (rc == 1 && !(rows = store_task_list(c, iv(inc, "id"))))
		rc = -1;
	db_read_end(ctx->db, c);
	json_decref(inc);
	if (rc != 1)
		return rc < 0 ? db_fail(r) : app_fail(r, APP_NOT_FOUND, "no such incident (check the id or key)");
	items = json_array();
	json_array_foreach(rows, i, row) json_array_append_new(items, task_api(json_incref(row)));
	json_decref(rows);
	r->object = json_pack("{s:o,s:n}", "items", items, "next_cursor");
	return 0;
}

int app_task_get(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	json_t *task = NULL, *inc = NULL;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return db_fail(r);
	int rc = store_task_get(c, id, &task);
	if (rc == 1)
		rc = app_incident_load(c, ctx->actor, NULL, iv(task, "incident_id"), &inc);
	db_read_end(ctx->db, c);
	json_decref(inc);
	if (rc != 1) {
		json_decref(task);
		return rc < 0 ? db_fail(r) : app_fail(r, APP_NOT_FOUND, "no such task");
	}
	r->object = task_api(task);
	return 0;
}

struct task_job {
	const struct app_ctx *ctx;
	const char *ref;
	int64_t id;
	int64_t if_match;
	const json_t *in;
	struct app_result *r;
};

static int create_fn(struct db_conn *c, void *arg)
{
	struct task_job *j = arg;
	const struct actor *a = j->ctx->actor;
	struct app_result *r = j->r;
	json_t *inc = NULL, *row = json_object(), *task = NULL, *d;
	int64_t now = time_now(), id = 0;
	int rc = app_incident_load(c, a, j->ref, 0, &inc);
	if (rc <= 0) {
		rc < 0 ? db_fail(r) : app_fail(r, APP_NOT_FOUND, "no such incident (check the id or key)");
		goto fail;
	}
	json_object_set_new(row, "incident_id", json_integer(iv(inc, "id")));
	json_object_set_new(row, "done", json_integer(0));
	if (apply_task_fields(c, j->in, inc, row, now, r) < 0) {
		db_fail(r);
		goto fail;
	}
	if (!json_object_get(j->in, "title"))
		app_field_error(r, "title", "is required");
	if (json_object_get(j->in, "done") && json_is_true(json_object_get(j->in, "done")))
		app_field_error(r, "done", "a new task is not done");
	if (r->err != APP_OK)
		goto fail;
	json_object_set_new(row, "created_by", a->user_id ? json_integer(a->user_id) : json_null());
	json_object_set_new(row, "created_at", json_integer(now));
	json_object_set_new(row, "updated_at", json_integer(now));
	json_object_set_new(row, "version", json_integer(1));
	if (store_task_insert(c, row, &id) < 0)
		goto dbfail;
	d = json_pack("{s:s,s:I,s:O}", "action", "create", "task_id", (json_int_t)id, "title",
	              json_object_get(row, "title"));
	rc = app_incident_journal(c, a, iv(inc, "id"), now, "task", d);
	json_decref(d);
	if (rc < 0 || store_incident_touch(c, iv(inc, "id"), now) < 0 ||
	    audit_task(c, a, "task.create", id,
	               json_pack("{s:{s:I,s:O}}", "after", "incident_id", (json_int_t)iv(inc, "id"), "title",
	                         json_object_get(row, "title"))) < 0 ||
	    store_task_get(c, id, &task) != 1)
		goto dbfail;
	r->object = task_api(task);
	json_decref(inc);
	json_decref(row);
	return 0;
dbfail:
	db_fail(r);
fail:
	json_decref(inc);
	json_decref(row);
	return -1;
}

int app_task_create(const struct app_ctx *ctx, const char *incident_ref, const json_t *in, struct app_result *r)
{
	struct task_job j = {ctx, incident_ref, 0, 0, in, r};
	return write_result(db_write(ctx->db, create_fn, &j), r);
}

static int update_fn(struct db_conn *c, void *arg)
{
	struct task_job *j = arg;
	const struct actor *a = j->ctx->actor;
	struct app_result *r = j->r;
	json_t *inc = NULL, *before = NULL, *row = NULL, *task = NULL, *b = json_object(), *f = json_object();
	int64_t now = time_now();
	static const char *const cols[] = {"title", "assignee_id", "due_at", "done", NULL};
	int rc = store_task_get(c, j->id, &before);
	if (rc == 1)
		rc = app_incident_load(c, a, NULL, iv(before, "incident_id"), &inc);
	if (rc <= 0) {
		rc < 0 ? db_fail(r) : app_fail(r, APP_NOT_FOUND, "no such task");
		goto fail;
	}
	if (iv(before, "version") != j->if_match) {
		app_fail(r, APP_STALE, "the task changed (version %" PRId64 ", you sent %" PRId64 "); reload it",
		         iv(before, "version"), j->if_match);
		goto fail;
	}
	row = json_deep_copy(before);
	if (apply_task_fields(c, j->in, inc, row, now, r) < 0)
		goto dbfail;
	if (r->err != APP_OK)
		goto fail;
	for (size_t i = 0; cols[i]; i++) {
		json_t *x = json_object_get(before, cols[i]), *y = json_object_get(row, cols[i]);
		if (!json_equal(x, y)) {
			json_object_set(b, cols[i], x);
			json_object_set(f, cols[i], y);
		}
	}
	if (json_object_size(f)) {
		json_object_set_new(row, "updated_at", json_integer(now));
		json_object_set_new(row, "version", json_integer(iv(before, "version") + 1));
		rc = store_task_update(c, j->id, iv(before, "version"), row);
		if (rc > 0) {
			app_fail(r, APP_STALE, "the task changed meanwhile; reload it");
			goto fail;
		}
		if (rc < 0)
			goto dbfail;
		if (json_object_get(f, "done")) {
			json_t *d = json_pack("{s:s,s:I,s:O,s:b}", "action", iv(row, "done") ? "done" : "reopen",
			                      "task_id", (json_int_t)j->id, "title", json_object_get(row, "title"),
			                      "done", (int)(iv(row, "done") != 0));
			rc = app_incident_journal(c, a, iv(inc, "id"), now, "task", d);
			json_decref(d);
			if (rc < 0 || store_incident_touch(c, iv(inc, "id"), now) < 0)
				goto dbfail;
		}
		if (audit_task(c, a, "task.update", j->id, json_pack("{s:O,s:O}", "before", b, "after", f)) < 0)
			goto dbfail;
	}
	if (store_task_get(c, j->id, &task) != 1)
		goto dbfail;
	r->object = task_api(task);
	json_decref(inc);
	json_decref(before);
	json_decref(row);
	json_decref(b);
	json_decref(f);
	return 0;
dbfail:
	db_fail(r);
fail:
	json_decref(inc);
	json_decref(before);
	json_decref(row);
	json_decref(b);
	json_decref(f);
	return -1;
}

int app_task_update(const struct app_ctx *ctx, int64_t id, int64_t if_match, const json_t *in, struct app_result *r)
{
	struct task_job j = {ctx, NULL, id, if_match, in, r};
	return write_result(db_write(ctx->db, update_fn, &j), r);
}
