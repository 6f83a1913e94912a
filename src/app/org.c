/*
 * Organisation use cases (see org.h): constituencies, org units, taxonomy
 * and the priority matrix.
 *
 * These are administrator settings, small and rarely written, so each write
 * job simply re-reads what it checks. Uniqueness (constituency code,
 * taxonomy code) is checked inside the job: the single writer thread makes
 * the check and the insert atomic.
 */
#include "app/org.h"

#include "core/priority.h"
#include "core/taxonomy.h"
#include "lib/cursor.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/constituency.h"
#include "store/db.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define ORG_DEPTH_MAX 1000 /* ancestors walked before a chain counts as a cycle */

/* --- helpers ------------------------------------------------------------- */

static int64_t int_member(const json_t *o, const char *name)
{
	return (int64_t)json_integer_value(json_object_get(o, name));
}

/* 1 when the actor may see the constituency: admins and all-constituency
 * users see every one, others their scope. */
static int constituency_visible(const struct actor *a, int64_t id)
{
	return a->role == ROLE_ADMIN || a->all_constituencies || actor_in_scope(a, id);
}

/* The user whose user_constituency rows restrict a list; 0 = no restriction,
 * -1 (matches nobody) for a scoped actor without a user. */
static int64_t scope_user(const struct actor *a)
{
	if (a->role == ROLE_ADMIN || a->all_constituencies)
		return 0;
	return a->user_id ? a->user_id : -1;
}

static int require_admin(const struct app_ctx *ctx, struct app_result *r)
{
	if (ctx->actor->role == ROLE_ADMIN)
		return 0;
	return app_fail(r, APP_FORBIDDEN, "this needs the admin role");
}

/* Appends an audit row; 0 / -1 with an internal error in r. summary stolen. */
static int audit(struct db_conn *c, const struct actor *a, const char *action, const char *type, int64_t id,
                 json_t *summary, struct app_result *r)
{
	char ids[24];
	struct audit_actor who = {a->user_id, a->login};
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	int rc = summary ? audit_append(c, &who, action, type, ids, summary) : -1;
	json_decref(summary);
	if (rc < 0)
		return app_fail(r, APP_INTERNAL, "the audit log could not be written");
	return 0;
}

/* Copies the string members listed from in to row when present. */
static void copy_strings(const json_t *in, json_t *row, const char *const *names)
{
	for (; *names; names++) {
		json_t *v = json_object_get(in, *names);
		if (v)
			json_object_set_new(row, *names, json_string(json_is_string(v) ? json_string_value(v) : ""));
	}
}

/* A job over one object: in (validated shape), id and If-Match for updates. */
struct org_job {
	const struct app_ctx *ctx;
	struct app_result *r;
	const json_t *in;
	int64_t id;
	int64_t if_match;
};

/* --- constituencies ------------------------------------------------------ */

/* [A-Za-z0-9_-]{1,32} */
static int code_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 32)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
		      ch == '-'))
			return 0;
	}
	return 1;
}

/* {"items","next_cursor"} from one more row than the page holds (items
 * stolen). */
static json_t *page_object(json_t *items, const struct app_page *page)
{
	json_t *next = json_null();
	if (json_array_size(items) > (size_t)page->limit) {
		char cur[CURSOR_MAX];
		json_array_remove(items, (size_t)page->limit);
		cursor_encode("", int_member(json_array_get(items, (size_t)page->limit - 1), "id"), cur);
		next = json_string(cur);
	}
	return json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
}

enum app_err app_constituency_list(const struct app_ctx *ctx, const struct app_page *page, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *items = store_constituency_list(c, scope_user(ctx->actor), page->after_id, page->limit + 1);
	db_read_end(ctx->db, c);
	if (!items)
		return app_fail(r, APP_INTERNAL, "the constituencies could not be listed"), r->err;
	r->object = page_object(items, page);
	return r->err;
}

enum app_err app_constituency_get(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *row = store_constituency_get(c, id);
	db_read_end(ctx->db, c);
	if (!row || !constituency_visible(ctx->actor, id))
		app_fail(r, APP_NOT_FOUND, "no such constituency");
	else
		r->object = store_constituency_api(row);
	json_decref(row);
	return r->err;
}

static const char *const constituency_texts[] = {"code", "name", "name_en", "description", NULL};

/* Shared by create and update: checks the code of row (syntax, unique). */
static int check_code(struct db_conn *c, const json_t *row, int64_t self, struct app_result *r)
{
	const char *code = json_string_value(json_object_get(row, "code"));
	if (!code || !code_valid(code)) {
		app_field_error(r, "code", "must be 1 to 32 letters, digits, '_' or '-'");
		return -1;
	}
	int taken = store_constituency_code_taken(c, code, self);
	if (taken < 0)
		return app_fail(r, APP_INTERNAL, "database error");
	if (taken) {
		app_fail(r, APP_CONFLICT, "a constituency with the code %s exists already", code);
		app_field_error(r, "code", "is taken");
		return -1;
	}
	return 0;
}

static int constituency_create_job(struct db_conn *c, void *arg)
{
	struct org_job *j = arg;
	json_t *row = json_object(), *after = NULL;
	int rc = -1;
	int64_t id, now = time_now();
	copy_strings(j->in, row, constituency_texts);
	if (check_code(c, row, 0, j->r) < 0)
		goto out;
	if (store_constituency_insert(c, row, now, &id) < 0) {
		app_fail(j->r, APP_INTERNAL, "the constituency could not be stored");
		goto out;
	}
	after = store_constituency_get(c, id);
	if (!after) {
		app_fail(j->r, APP_INTERNAL, "the constituency could not be read back");
		goto out;
	}
	j->r->object = store_constituency_api(after);
	if (audit(c, j->ctx->actor, "constituency.create", "constituency", id,
	          json_pack("{s:O}", "after", j->r->object), j->r) < 0)
		goto out;
	rc = 0;
out:
	json_decref(after);
	json_decref(row);
	return rc;
}

enum app_err app_constituency_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r)
{
	if (require_admin(ctx, r) < 0)
		return r->err;
	struct org_job j = {ctx, r, in, 0, 0};
	return app_write_result(db_write(ctx->db, constituency_create_job, &j), r);
}

static int constituency_update_job(struct db_conn *c, void *arg)
{
	struct org_job *j = arg;
	json_t *before = store_constituency_get(c, j->id), *row = NULL, *after = NULL;
	int rc = -1;
	if (!before) {
		app_fail(j->r, APP_NOT_FOUND, "no such constituency");
		goto out;
	}
	if (int_member(before, "version") != j->if_match) {
		app_fail(j->r, APP_STALE, "the constituency has changed since you read it");
		goto out;
	}
	row = json_deep_copy(before);
	copy_strings(j->in, row, constituency_texts);
	if (check_code(c, row, j->id, j->r) < 0)
		goto out;
	if (store_constituency_update(c, j->id, row, time_now()) < 0) {
		app_fail(j->r, APP_INTERNAL, "the constituency could not be updated");
		goto out;
	}
	after = store_constituency_get(c, j->id);
	if (!after) {
		app_fail(j->r, APP_INTERNAL, "the constituency could not be read back");
		goto out;
	}
	j->r->object = store_constituency_api(after);
	if (audit(c, j->ctx->actor, "constituency.update", "constituency", j->id,
	          json_pack("{s:O, s:O}", "before", before, "after", after), j->r) < 0)
		goto out;
	rc = 0;
out:
	json_decref(after);
	json_decref(row);
	json_decref(before);
	return rc;
}

enum app_err app_constituency_update(const struct app_ctx *ctx, int64_t id, int64_t if_match, const json_t *in,
                                     struct app_result *r)
{
	if (require_admin(ctx, r) < 0)
		return r->err;
	struct org_job j = {ctx, r, in, id, if_match};
	return app_write_result(db_write(ctx->db, constituency_update_job, &j), r);
}

/* --- org units ----------------------------------------------------------- */

enum app_err app_org_unit_list(const struct app_ctx *ctx, int64_t constituency_id, const struct app_page *page,
                               struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *items =
	        store_org_unit_list(c, constituency_id, scope_user(ctx->actor), page->after_id, page->limit + 1);
	db_read_end(ctx->db, c);
	if (!items)
		return app_fail(r, APP_INTERNAL, "the org units could not be listed"), r->err;
	r->object = page_object(items, page);
	return r->err;
}

enum app_err app_org_unit_get(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *row = store_org_unit_get(c, id);
	db_read_end(ctx->db, c);
	if (!row || !constituency_visible(ctx->actor, int_member(row, "constituency_id")))
		app_fail(r, APP_NOT_FOUND, "no such org unit");
	else
		r->object = store_org_unit_api(row);
	json_decref(row);
	return r->err;
}

/* Checks row's constituency and parent: the constituency exists, the parent
 * exists in the same constituency, and (self != 0, an update) the parent
 * is neither self nor a descendant of self. 0 / -1 with errors in r. */
static int check_org_unit_row(struct db_conn *c, const json_t *row, int64_t self, struct app_result *r)
{
	int64_t cid = int_member(row, "constituency_id"), parent = int_member(row, "parent_id");
	int ex = store_constituency_exists(c, cid);
	if (ex < 0)
		return app_fail(r, APP_INTERNAL, "database error");
	if (!ex) {
		app_field_error(r, "constituency_id", "no such constituency");
		return -1;
	}
	if (!parent)
		return 0;
	int64_t pcid = 0;
	if (store_org_unit_constituency(c, parent, &pcid) < 0)
		return app_fail(r, APP_INTERNAL, "database error");
	if (pcid == 0) {
		app_field_error(r, "parent_id", "no such org unit");
		return -1;
	}
	if (pcid != cid) {
		app_field_error(r, "parent_id", "belongs to another constituency");
		return -1;
	}
	/* Walk up from the new parent: meeting self means self would become its
	 * own ancestor. */
	int64_t at = parent;
	for (int depth = 0; at && self; depth++) {
		if (at == self || depth >= ORG_DEPTH_MAX) {
			app_field_error(r, "parent_id", "would make the org unit its own ancestor");
			return -1;
		}
		if (store_org_unit_parent(c, at, &at) < 0)
			return app_fail(r, APP_INTERNAL, "database error");
	}
	return 0;
}

static const char *const org_unit_texts[] = {"name", "name_en", NULL};

/* Copies constituency_id and parent_id (null → NULL) from in to row. */
static void copy_org_unit_ids(const json_t *in, json_t *row)
{
	static const char *const ids[] = {"constituency_id", "parent_id"};
	for (size_t i = 0; i < 2; i++) {
		json_t *v = json_object_get(in, ids[i]);
		if (v)
			json_object_set_new(row, ids[i],
			                    json_is_integer(v) ? json_integer(json_integer_value(v)) : json_null());
	}
}

static int org_unit_create_job(struct db_conn *c, void *arg)
{
	struct org_job *j = arg;
	json_t *row = json_object(), *after = NULL;
	int rc = -1;
	int64_t id;
	copy_strings(j->in, row, org_unit_texts);
	copy_org_unit_ids(j->in, row);
	if (check_org_unit_row(c, row, 0, j->r) < 0)
		goto out;
	if (store_org_unit_insert(c, row, time_now(), &id) < 0) {
		app_fail(j->r, APP_INTERNAL, "the org unit could not be stored");
		goto out;
	}
	after = store_org_unit_get(c, id);
	if (!after) {
		app_fail(j->r, APP_INTERNAL, "the org unit could not be read back");
		goto out;
	}
	j->r->object = store_org_unit_api(after);
	if (audit(c, j->ctx->actor, "org_unit.create", "org_unit", id, json_pack("{s:O}", "after", j->r->object),
	          j->r) < 0)
		goto out;
	rc = 0;
out:
	json_decref(after);
	json_decref(row);
	return rc;
}

enum app_err app_org_unit_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r)
{
	if (require_admin(ctx, r) < 0)
		return r->err;
	struct org_job j = {ctx, r, in, 0, 0};
	return app_write_result(db_write(ctx->db, org_unit_create_job, &j), r);
}

static int org_unit_update_job(struct db_conn *c, void *arg)
{
	struct org_job *j = arg;
	json_t *before = store_org_unit_get(c, j->id), *row = NULL, *after = NULL;
	int rc = -1;
	if (!before) {
		app_fail(j->r, APP_NOT_FOUND, "no such org unit");
		goto out;
	}
	if (int_member(before, "version") != j->if_match) {
		app_fail(j->r, APP_STALE, "the org unit has changed since you read it");
		goto out;
	}
	row = json_deep_copy(before);
	copy_strings(j->in, row, org_unit_texts);
	copy_org_unit_ids(j->in, row);
	if (check_org_unit_row(c, row, j->id, j->r) < 0)
		goto out;
	if (store_org_unit_update(c, j->id, row, time_now()) < 0) {
		app_fail(j->r, APP_INTERNAL, "the org unit could not be updated");
		goto out;
	}
	after = store_org_unit_get(c, j->id);
	if (!after) {
		app_fail(j->r, APP_INTERNAL, "the org unit could not be read back");
		goto out;
	}
	j->r->object = store_org_unit_api(after);
	if (audit(c, j->ctx->actor, "org_unit.update", "org_unit", j->id,
	          json_pack("{s:O, s:O}", "before", before, "after", after), j->r) < 0)
		goto out;
	rc = 0;
out:
	json_decref(after);
	json_decref(row);
	json_decref(before);
	return rc;
}

enum app_err app_org_unit_update(const struct app_ctx *ctx, int64_t id, int64_t if_match, const json_t *in,
                                 struct app_result *r)
{
	if (require_admin(ctx, r) < 0)
		return r->err;
	struct org_job j = {ctx, r, in, id, if_match};
	return app_write_result(db_write(ctx->db, org_unit_update_job, &j), r);
}

/* --- taxonomy ------------------------------------------------------------ */

enum app_err app_taxonomy_list(const struct app_ctx *ctx, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *items = store_taxonomy_list(c);
	db_read_end(ctx->db, c);
	if (!items)
		return app_fail(r, APP_INTERNAL, "the taxonomy could not be read"), r->err;
	r->object = json_pack("{s:o}", "items", items);
	return r->err;
}

/* A taxonomy entry being added, with its normalised code and parent. */
struct taxonomy_job {
	const struct app_ctx *ctx;
	struct app_result *r;
	struct taxonomy_entry e;
};

static int taxonomy_create_job(struct db_conn *c, void *arg)
{
	struct taxonomy_job *j = arg;
	int ex = store_taxonomy_exists(c, j->e.code);
	if (ex < 0)
		return app_fail(j->r, APP_INTERNAL, "database error");
	if (ex) {
		app_fail(j->r, APP_CONFLICT, "the category %s exists already", j->e.code);
		app_field_error(j->r, "code", "is taken");
		return -1;
	}
	if (j->e.parent) {
		ex = store_taxonomy_exists(c, j->e.parent);
		if (ex < 0)
			return app_fail(j->r, APP_INTERNAL, "database error");
		if (!ex) {
			app_field_error(j->r, "parent", "no such class; add the class first");
			return -1;
		}
	}
	if (store_taxonomy_insert(c, &j->e) < 0)
		return app_fail(j->r, APP_INTERNAL, "the category could not be stored");
	json_t *o = json_pack("{s:s, s:s?, s:s, s:s, s:s, s:s, s:b}", "code", j->e.code, "parent", j->e.parent,
	                      "label_ja", j->e.label_ja, "label_en", j->e.label_en, "description_ja",
	                      j->e.description_ja, "description_en", j->e.description_en, "is_local", 1);
	if (!o)
		return app_fail(j->r, APP_INTERNAL, "out of memory");
	j->r->object = o;
	struct audit_actor who = {j->ctx->actor->user_id, j->ctx->actor->login};
	json_t *summary = json_pack("{s:O}", "after", o);
	int rc = summary ? audit_append(c, &who, "taxonomy.create", "taxonomy", j->e.code, summary) : -1;
	json_decref(summary);
	if (rc < 0)
		return app_fail(j->r, APP_INTERNAL, "the audit log could not be written");
	return 0;
}

/* A string member of in, or "" (borrowed). */
static const char *str_or_empty(const json_t *in, const char *name)
{
	const char *s = json_string_value(json_object_get(in, name));
	return s ? s : "";
}

enum app_err app_taxonomy_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r)
{
	char code[TAXONOMY_CODE_MAX + 1], parent[TAXONOMY_CODE_MAX + 1];
	if (require_admin(ctx, r) < 0)
		return r->err;
	if (taxonomy_normalize_code(str_or_empty(in, "code"), code, sizeof(code)) < 0) {
		app_field_error(r, "code", "must be \"class\" or \"class/type\" of lower-case letters, digits and '-'");
		return r->err;
	}
	/* A type's parent is its class; a class has no parent. */
	char *slash = strchr(code, '/');
	const char *given = json_string_value(json_object_get(in, "parent"));
	if (slash) {
		snprintf(parent, sizeof(parent), "%.*s", (int)(slash - code), code);
		char norm[TAXONOMY_CODE_MAX + 1];
		if (given && (taxonomy_normalize_code(given, norm, sizeof(norm)) < 0 || strcmp(norm, parent) != 0)) {
			app_field_error(r, "parent", "must be the class part of the code (%s)", parent);
			return r->err;
		}
	} else if (given && given[0]) {
		app_field_error(r, "parent", "a class has no parent; use a code \"class/type\" for a type");
		return r->err;
	}
	struct taxonomy_job j = {ctx, r, {0}};
	j.e.code = code;
	j.e.parent = slash ? parent : NULL;
	/* the entry's strings are only read by the store; the casts drop const
	 * because struct taxonomy_entry is shared with the parser that owns them */
	j.e.label_ja = (char *)str_or_empty(in, "label_ja");
	j.e.label_en = (char *)str_or_empty(in, "label_en");
	j.e.description_ja = (char *)str_or_empty(in, "description_ja");
	j.e.description_en = (char *)str_or_empty(in, "description_en");
	j.e.is_local = 1;
	return app_write_result(db_write(ctx->db, taxonomy_create_job, &j), r);
}

/* --- priority matrix ----------------------------------------------------- */

/* {"cells":[...9]} for a matrix (new reference). */
static json_t *matrix_json(const struct priority_matrix *m)
{
	json_t *cells = json_array();
	for (int i = LEVEL_LOW; i <= LEVEL_HIGH; i++)
		for (int u = LEVEL_LOW; u <= LEVEL_HIGH; u++)
			json_array_append_new(cells, json_pack("{s:s, s:s, s:s}", "impact", level_name((enum level)i),
			                                       "urgency", level_name((enum level)u), "priority",
			                                       priority_name(m->cell[i][u])));
	return json_pack("{s:o}", "cells", cells);
}

enum app_err app_priority_matrix_get(const struct app_ctx *ctx, struct app_result *r)
{
	struct priority_matrix m;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	int rc = store_priority_matrix_load(c, &m);
	db_read_end(ctx->db, c);
	if (rc < 0)
		return app_fail(r, APP_INTERNAL, "the priority matrix could not be read"), r->err;
	r->object = matrix_json(&m);
	return r->err;
}

struct matrix_job {
	const struct app_ctx *ctx;
	struct app_result *r;
	struct priority_matrix m;
};

static int matrix_job(struct db_conn *c, void *arg)
{
	struct matrix_job *j = arg;
	struct priority_matrix old;
	if (store_priority_matrix_load(c, &old) < 0 || store_priority_matrix_save(c, &j->m) < 0)
		return app_fail(j->r, APP_INTERNAL, "the priority matrix could not be stored");
	j->r->object = matrix_json(&j->m);
	json_t *before = matrix_json(&old);
	json_t *summary = json_pack("{s:o, s:O}", "before", before, "after", j->r->object);
	return audit(c, j->ctx->actor, "priority_matrix.update", "priority_matrix", 1, summary, j->r);
}

enum app_err app_priority_matrix_put(const struct app_ctx *ctx, const json_t *in, struct app_result *r)
{
	struct matrix_job j = {ctx, r, {{{PRIO_P1}}}};
	int seen[LEVEL_COUNT][LEVEL_COUNT] = {{0}};
	if (require_admin(ctx, r) < 0)
		return r->err;
	json_t *cells = json_object_get(in, "cells"), *cell;
	size_t i;
	if (json_array_size(cells) != LEVEL_COUNT * LEVEL_COUNT) {
		app_field_error(r, "cells", "must hold exactly 9 cells, one per impact and urgency");
		return r->err;
	}
	json_array_foreach(cells, i, cell)
	{
		enum level im, ur;
		enum priority p;
		if (level_parse(str_or_empty(cell, "impact"), &im) < 0 ||
		    level_parse(str_or_empty(cell, "urgency"), &ur) < 0) {
			app_field_error(r, "cells", "cell %zu: impact and urgency must be low, medium or high", i);
			return r->err;
		}
		if (priority_parse(str_or_empty(cell, "priority"), &p) < 0) {
			app_field_error(r, "cells", "cell %zu: priority must be P1, P2, P3 or P4", i);
			return r->err;
		}
		if (seen[im][ur]++) {
			app_field_error(r, "cells", "cell %zu: %s/%s is given twice", i, level_name(im),
			                level_name(ur));
			return r->err;
		}
		j.m.cell[im][ur] = p;
	}
	/* nine distinct cells out of nine: every combination is covered */
	return app_write_result(db_write(ctx->db, matrix_job, &j), r);
}
