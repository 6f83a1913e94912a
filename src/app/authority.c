/*
 * Authority matrix and decision use cases (see authority.h). The check
 * itself is core/authority.c; this file loads the matrix, the user's
 * organisational roles and the incident in one transaction, and writes the
 * decision, its journal entry and its audit row in one write job.
 */
#include "app/authority.h"

#include "app/incident.h"
#include "core/authority.h"
#include "core/validate.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/authority.h"
#include "store/db.h"
#include "store/incident.h"
#include "store/journal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MATRIX_CELLS_MAX   2000 /* actions x roles; far more than a team needs */
#define LOCAL_ACTIONS_MAX  100  /* local actions besides the built-in ones */
#define DECISION_SKEW_SECS 300  /* decided_at may lie this far in the future (clock skew) */

static int db_fail(struct app_result *r)
{
	return app_fail(r, APP_INTERNAL, "a database error occurred; try again or ask an administrator");
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

static json_t *label_json(const struct authority_label *l)
{
	return json_pack("{s:s,s:s,s:s}", "code", l->code, "label_ja", l->ja, "label_en", l->en);
}

static json_t *roles_json(void)
{
	json_t *a = json_array();
	for (const struct authority_label *l = authority_roles; l->code; l++)
		json_array_append_new(a, label_json(l));
	return a;
}

static json_t *powers_json(int outcomes)
{
	static const char *const en_outcome[] = {"", "advised", "approved", "ordered"};
	static const char *const ja_outcome[] = {"", "助言した", "承認した", "命令した"};
	json_t *a = json_array();
	for (int p = AUTH_ORDER; p >= AUTH_ADVISE; p--)
		json_array_append_new(a,
		                      outcomes ? json_pack("{s:s,s:s,s:s}", "code", authority_outcome_name(p),
		                                           "label_ja", ja_outcome[p], "label_en", en_outcome[p])
		                               : json_pack("{s:s,s:s,s:s}", "code", authority_power_name(p), "label_ja",
		                                           authority_power_ja(p), "label_en", authority_power_name(p)));
	return a;
}

/* The action row of code in actions (store rows), or NULL. */
static const json_t *find_action(const json_t *actions, const char *code)
{
	size_t i;
	json_t *a;
	json_array_foreach(actions, i,
	                   a) if (code && strcmp(json_string_value(json_object_get(a, "code")), code) == 0) return a;
	return NULL;
}

/* The whole matrix as the API shows it; NULL on a database error. */
static json_t *matrix_object(struct db_conn *c)
{
	json_t *actions = store_authority_actions(c), *cells = store_authority_cells(c), *meta = NULL, *a;
	size_t i;
	if (!actions || !cells || store_authority_meta(c, &meta) < 0) {
		json_decref(actions);
		json_decref(cells);
		return NULL;
	}
	json_array_foreach(actions, i, a)
	        json_object_set_new(a, "builtin", json_boolean(json_integer_value(json_object_get(a, "builtin"))));
	json_t *o =
	        json_pack("{s:O,s:o,s:o,s:o,s:o,s:o,s:o}", "version", json_object_get(meta, "version"), "updated_at",
	                  app_time_json(json_object_get(meta, "updated_at")), "actions", actions, "roles", roles_json(),
	                  "powers", powers_json(0), "outcomes", powers_json(1), "cells", cells);
	json_decref(meta);
	return o;
}

json_t *app_authority_matrix(struct db_conn *c)
{
	return matrix_object(c);
}

int app_authority_get(const struct app_ctx *ctx, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return db_fail(r);
	r->object = matrix_object(c);
	db_read_end(ctx->db, c);
	return r->object ? 0 : db_fail(r);
}

/* --- replacing the matrix ------------------------------------------------- */

static void check_label(const json_t *a, size_t i, const char *key, struct app_result *r)
{
	const char *s = json_string_value(json_object_get(a, key));
	if (!s || validate_text(s, 1, AUTHORITY_LABEL_MAX, 0) != 0) {
		char f[48];
		snprintf(f, sizeof(f), "actions[%zu].%s", i, key);
		app_field_error(r, f, "is required: 1 to %d bytes of text on one line", AUTHORITY_LABEL_MAX);
	}
}

/* Local actions: valid, new codes, labels; unique. */
static void check_local_actions(const json_t *local, struct app_result *r)
{
	size_t i, k;
	json_t *a;
	if (json_array_size(local) > LOCAL_ACTIONS_MAX)
		app_field_error(r, "actions", "at most %d local actions", LOCAL_ACTIONS_MAX);
	json_array_foreach(local, i, a)
	{
		const char *code = json_string_value(json_object_get(a, "code"));
		char f[48];
		snprintf(f, sizeof(f), "actions[%zu].code", i);
		if (!authority_code_valid(code))
			app_field_error(r, f, "must be 1 to %d characters of a-z and _", AUTHORITY_CODE_MAX);
		else if (authority_builtin_action(code))
			app_field_error(r, f, "'%s' is a built-in action; list only local ones", code);
		else
			for (k = 0; k < i; k++)
				if (json_equal(json_object_get(json_array_get(local, k), "code"),
				               json_object_get(a, "code")))
					app_field_error(r, f, "repeats actions[%zu]", k);
		check_label(a, i, "label_ja", r);
		check_label(a, i, "label_en", r);
	}
}

/* Cells: known action (built-in or in local), known role, a power, each
 * (action, role) once. */
static void check_cells(const json_t *cells, const json_t *local, struct app_result *r)
{
	size_t i, k;
	json_t *cell;
	enum authority_power p;
	if (json_array_size(cells) > MATRIX_CELLS_MAX)
		app_field_error(r, "cells", "at most %d cells", MATRIX_CELLS_MAX);
	json_array_foreach(cells, i, cell)
	{
		const char *action = json_string_value(json_object_get(cell, "action"));
		const char *role = json_string_value(json_object_get(cell, "role"));
		char f[48];
		snprintf(f, sizeof(f), "cells[%zu].action", i);
		if (!action || (!authority_builtin_action(action) && !find_action(local, action)))
			app_field_error(
			        r, f, "is not an action of the matrix (a built-in one or a local one in \"actions\")");
		snprintf(f, sizeof(f), "cells[%zu].role", i);
		if (!authority_role(role))
			app_field_error(
			        r, f, "must be an organisational role: %s",
			        "csirt_lead, ciso, management, division_head, system_owner, legal, pr, handler");
		snprintf(f, sizeof(f), "cells[%zu].power", i);
		if (authority_power_parse(json_string_value(json_object_get(cell, "power")), &p) < 0)
			app_field_error(r, f, "must be order, approve or advise (leave the cell out for none)");
		for (k = 0; k < i && action && role; k++) {
			const json_t *o = json_array_get(cells, k);
			if (json_equal(json_object_get(o, "action"), json_object_get(cell, "action")) &&
			    json_equal(json_object_get(o, "role"), json_object_get(cell, "role"))) {
				snprintf(f, sizeof(f), "cells[%zu]", i);
				app_field_error(r, f, "repeats cells[%zu] (%s × %s)", k, action, role);
				break;
			}
		}
	}
}

struct put_job {
	const struct app_ctx *ctx;
	int64_t if_match;
	const json_t *in;
	struct app_result *r;
};

/* Local actions that would disappear although decisions name them. */
static int check_removed_actions(struct db_conn *c, const json_t *before, const json_t *local, struct app_result *r)
{
	size_t i;
	json_t *a;
	json_array_foreach(before, i, a)
	{
		const char *code = json_string_value(json_object_get(a, "code"));
		if (json_integer_value(json_object_get(a, "builtin")) || find_action(local, code))
			continue;
		int64_t n = store_authority_action_uses(c, code);
		if (n < 0)
			return -1;
		if (n > 0)
			app_field_error(r, "actions", "'%s' is named by %" PRId64 " decisions; keep it", code, n);
	}
	return 0;
}

static int put_fn(struct db_conn *c, void *arg)
{
	struct put_job *j = arg;
	struct app_result *r = j->r;
	const json_t *local = json_object_get(j->in, "actions");
	json_t *before = matrix_object(c), *after = NULL, *summary;
	char oid[8] = "matrix";
	if (!before)
		return db_fail(r);
	if (json_integer_value(json_object_get(before, "version")) != j->if_match) {
		app_fail(r, APP_STALE,
		         "the authority matrix changed (version %" JSON_INTEGER_FORMAT ", you sent %" PRId64
		         "); reload it",
		         json_integer_value(json_object_get(before, "version")), j->if_match);
		goto fail;
	}
	if (!local) { /* unchanged: the stored local actions count for the cells */
		json_t *kept = json_array(), *a;
		size_t i;
		json_array_foreach(json_object_get(before, "actions"), i,
		                   a) if (!json_is_true(json_object_get(a, "builtin"))) json_array_append(kept, a);
		check_cells(json_object_get(j->in, "cells"), kept, r);
		json_decref(kept);
	} else {
		check_cells(json_object_get(j->in, "cells"), local, r);
		if (check_removed_actions(c, json_object_get(before, "actions"), local, r) < 0)
			goto dbfail;
	}
	if (r->err != APP_OK)
		goto fail;
	if (store_authority_replace(c, local, json_object_get(j->in, "cells"), time_now(), j->ctx->actor->user_id) <
	            0 ||
	    !(after = matrix_object(c)))
		goto dbfail;
	summary = json_pack("{s:{s:O,s:O},s:{s:O,s:O}}", "before", "actions", json_object_get(before, "actions"),
	                    "cells", json_object_get(before, "cells"), "after", "actions",
	                    json_object_get(after, "actions"), "cells", json_object_get(after, "cells"));
	int rc = audit_append(c, &(struct audit_actor){j->ctx->actor->user_id, j->ctx->actor->login},
	                      "authority.update", "authority", oid, summary);
	json_decref(summary);
	if (rc < 0)
		goto dbfail;
	json_decref(before);
	r->object = after;
	return 0;
dbfail:
	db_fail(r);
fail:
	json_decref(before);
	json_decref(after);
	return -1;
}

int app_authority_put(const struct app_ctx *ctx, int64_t if_match, const json_t *in, struct app_result *r)
{
	if (ctx->actor->role != ROLE_ADMIN)
		return app_fail(r, APP_FORBIDDEN, "only an admin may change the authority matrix");
	const json_t *local = json_object_get(in, "actions");
	if (local)
		check_local_actions(local, r);
	if (r->err != APP_OK)
		return -1;
	struct put_job j = {ctx, if_match, in, r};
	return write_result(db_write(ctx->db, put_fn, &j), r);
}

/* --- decisions ------------------------------------------------------------- */

/* Steals row; shapes it for the API with the labels of its action and
 * role (actions: the store's action rows). */
static json_t *decision_api(json_t *row, const json_t *actions)
{
	const json_t *a = find_action(actions, json_string_value(json_object_get(row, "action")));
	const struct authority_label *role = authority_role(json_string_value(json_object_get(row, "authority_role")));
	json_object_set_new(row, "decided_at", app_time_json(json_object_get(row, "decided_at")));
	json_object_set_new(row, "created_at", app_time_json(json_object_get(row, "created_at")));
	json_object_set(row, "action_label_ja", a ? json_object_get(a, "label_ja") : json_object_get(row, "action"));
	json_object_set(row, "action_label_en", a ? json_object_get(a, "label_en") : json_object_get(row, "action"));
	json_object_set_new(row, "authority_role_label_ja",
	                    role ? json_string(role->ja) : json_copy(json_object_get(row, "authority_role")));
	json_object_set_new(row, "authority_role_label_en",
	                    role ? json_string(role->en) : json_copy(json_object_get(row, "authority_role")));
	return row;
}

int app_decision_list(const struct app_ctx *ctx, const char *ref, struct app_result *r)
{
	json_t *inc = NULL, *rows = NULL, *actions = NULL, *items, *row;
	size_t i;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return db_fail(r);
	int rc = app_incident_load(c, ctx->actor, ref, 0, &inc);
	if (rc == 1 && (!(rows = store_decision_list(c, json_integer_value(json_object_get(inc, "id")))) ||
	                !(actions = store_authority_actions(c))))
		rc = -1;
	db_read_end(ctx->db, c);
	json_decref(inc);
	if (rc != 1) {
		json_decref(rows);
		return rc < 0 ? db_fail(r) : app_fail(r, APP_NOT_FOUND, "no such incident (check the id or key)");
	}
	items = json_array();
	json_array_foreach(rows, i, row) json_array_append_new(items, decision_api(json_incref(row), actions));
	json_decref(rows);
	json_decref(actions);
	r->object = json_pack("{s:o,s:n}", "items", items, "next_cursor");
	return 0;
}

struct decision_job {
	const struct app_ctx *ctx;
	const char *ref;
	const json_t *in;
	struct app_result *r;
};

/* Field checks that need no authority: the action exists, the outcome
 * parses, the rationale is there when it must be, decided_at is a time
 * not in the future. Fills *need and *at. */
static void check_decision_fields(const json_t *in, const json_t *actions, int64_t now, enum authority_power *need,
                                  int64_t *at, struct app_result *r)
{
	const char *action = json_string_value(json_object_get(in, "action"));
	const char *rationale = json_string_value(json_object_get(in, "rationale"));
	const json_t *t = json_object_get(in, "decided_at");
	if (!find_action(actions, action))
		app_field_error(r, "action", "'%s' is not an action of the authority matrix (GET /api/v1/authority)",
		                action ? action : "");
	if (authority_outcome_parse(json_string_value(json_object_get(in, "outcome")), need) < 0)
		app_field_error(r, "outcome", "must be ordered, approved or advised");
	else if (*need >= AUTH_APPROVE && (!rationale || strspn(rationale, " \t\r\n") == strlen(rationale)))
		app_field_error(r, "rationale", "is required when a decision is ordered or approved: say why");
	if (rationale && validate_text(rationale, 0, DECISION_RATIONALE_MAX, 1) != 0)
		app_field_error(r, "rationale", "must be at most %d bytes of text", DECISION_RATIONALE_MAX);
	*at = now;
	if (json_is_string(t) && time_parse(json_string_value(t), at) != 0)
		app_field_error(r, "decided_at", "must be an RFC 3339 time");
	else if (*at > now + DECISION_SKEW_SECS)
		app_field_error(r, "decided_at", "lies in the future");
}

/* The matrix cells as core structures borrowing from cells (store rows);
 * malloc'd, the caller frees. NULL on out-of-memory or a bad power. */
static struct authority_cell *matrix_of(const json_t *cells, struct authority_matrix *m)
{
	size_t i, n = json_array_size(cells);
	json_t *cell;
	struct authority_cell *v = calloc(n ? n : 1, sizeof(*v));
	if (!v)
		return NULL;
	json_array_foreach(cells, i, cell)
	{
		v[i].action = json_string_value(json_object_get(cell, "action"));
		v[i].role = json_string_value(json_object_get(cell, "role"));
		if (!v[i].action || !v[i].role ||
		    authority_power_parse(json_string_value(json_object_get(cell, "power")), &v[i].power) < 0)
			v[i].power = AUTH_NONE; /* a corrupt cell grants nothing */
		if (!v[i].action)
			v[i].action = "";
		if (!v[i].role)
			v[i].role = "";
	}
	m->cells = v;
	m->n = n;
	return v;
}

/* Refuses with the sentence naming who holds the power. */
static void refuse(struct app_result *r, const json_t *action, enum authority_power need,
                   const struct authority_verdict *v)
{
	char text[sizeof(r->detail)];
	json_t *holders = json_array();
	authority_refusal_text(text, sizeof(text), json_string_value(json_object_get(action, "label_ja")),
	                       json_string_value(json_object_get(action, "label_en")), need, v);
	for (size_t i = 0; i < v->nholders; i++)
		json_array_append_new(holders, json_string(v->holders[i]));
	app_fail(r, APP_FORBIDDEN, "%s", text);
	json_decref(r->errors);
	r->errors = json_pack("[{s:s,s:s,s:o}]", "field", "outcome", "message", text, "holders", holders);
}

/* Decides under which of the user's roles the decision is taken: 0 with
 * *v filled, or -1 with r filled (field error or refusal). */
static int authorise(struct db_conn *c, const struct decision_job *j, const json_t *action, enum authority_power need,
                     struct authority_verdict *v)
{
	struct app_result *r = j->r;
	const char *prefer = json_string_value(json_object_get(j->in, "authority_role"));
	const char *roles[AUTHORITY_ROLES_MAX];
	size_t n = 0, i;
	json_t *held = store_user_authority_roles(c, j->ctx->actor->user_id), *cells = store_authority_cells(c), *x;
	struct authority_matrix m;
	struct authority_cell *mem = NULL;
	int rc = -1;
	if (!held || !cells || !(mem = matrix_of(cells, &m))) {
		db_fail(r);
		goto out;
	}
	/* Known roles only, as the table's own strings: the verdict outlives held. */
	json_array_foreach(held, i, x)
	{
		const struct authority_label *l = authority_role(json_string_value(x));
		if (l && n < AUTHORITY_ROLES_MAX)
			roles[n++] = l->code;
	}
	switch (authority_check(&m, json_string_value(json_object_get(action, "code")), need, roles, n, prefer, v)) {
	case AUTH_ALLOWED: rc = 0; break;
	case AUTH_NOT_HELD:
		app_field_error(r, "authority_role", "you do not hold the role '%s' (an admin sets your roles)",
		                prefer);
		break;
	case AUTH_DENIED: refuse(r, action, need, v); break;
	}
out:
	free(mem);
	json_decref(held);
	json_decref(cells);
	return rc;
}

/* The decision row, its journal entry and audit row; *id its id. */
static int record(struct db_conn *c, const struct decision_job *j, int64_t incident_id, const json_t *action,
                  enum authority_power need, int64_t at, const struct authority_verdict *v, int64_t now, int64_t *id)
{
	const struct actor *a = j->ctx->actor;
	const char *rationale = json_string_value(json_object_get(j->in, "rationale"));
	char sentence[512], oid[24];
	json_t *row = json_pack("{s:I,s:O,s:s,s:s,s:s,s:o,s:I,s:s,s:I}", "incident_id", (json_int_t)incident_id,
	                        "action", json_object_get(action, "code"), "outcome", authority_outcome_name(need),
	                        "power", authority_power_name(v->power), "authority_role", v->role, "decided_by",
	                        a->user_id ? json_integer(a->user_id) : json_null(), "decided_at", (json_int_t)at,
	                        "rationale", rationale ? rationale : "", "created_at", (json_int_t)now);
	int rc = store_decision_insert(c, row, id);
	json_decref(row);
	if (rc < 0)
		return -1;
	authority_decision_text(sentence, sizeof(sentence), json_string_value(json_object_get(action, "label_ja")),
	                        json_string_value(json_object_get(action, "label_en")), need, v->role);
	json_t *data = json_pack("{s:I,s:O,s:s,s:s,s:s}", "decision_id", (json_int_t)*id, "action",
	                         json_object_get(action, "code"), "outcome", authority_outcome_name(need), "power",
	                         authority_power_name(v->power), "authority_role", v->role);
	struct store_journal_entry e = {.incident_id = incident_id,
	                                .at = now,
	                                .author_id = a->user_id,
	                                .kind = "decision",
	                                .body_md = sentence,
	                                .data = data};
	rc = store_journal_append(c, &e, NULL);
	snprintf(oid, sizeof(oid), "%" PRId64, *id);
	if (rc == 0) {
		json_t *summary = json_pack("{s:O,s:s}", "after", data, "rationale", rationale ? rationale : "");
		json_object_set_new(json_object_get(summary, "after"), "incident_id", json_integer(incident_id));
		rc = audit_append(c, &(struct audit_actor){a->user_id, a->login}, "decision.create", "decision", oid,
		                  summary);
		json_decref(summary);
	}
	json_decref(data);
	if (rc == 0)
		rc = store_incident_touch(c, incident_id, now);
	return rc;
}

static int create_fn(struct db_conn *c, void *arg)
{
	struct decision_job *j = arg;
	struct app_result *r = j->r;
	json_t *inc = NULL, *actions = NULL, *row = NULL;
	const json_t *action;
	enum authority_power need = AUTH_NONE;
	int64_t now = time_now(), at = 0, id = 0, incident_id;
	struct authority_verdict v;
	int rc = app_incident_load(c, j->ctx->actor, j->ref, 0, &inc);
	if (rc <= 0) {
		rc < 0 ? db_fail(r) : app_fail(r, APP_NOT_FOUND, "no such incident (check the id or key)");
		goto fail;
	}
	incident_id = json_integer_value(json_object_get(inc, "id"));
	if (!(actions = store_authority_actions(c)))
		goto dbfail;
	check_decision_fields(j->in, actions, now, &need, &at, r);
	if (r->err != APP_OK)
		goto fail;
	action = find_action(actions, json_string_value(json_object_get(j->in, "action")));
	if (authorise(c, j, action, need, &v) < 0)
		goto fail;
	if (record(c, j, incident_id, action, need, at, &v, now, &id) < 0 || store_decision_get(c, id, &row) != 1)
		goto dbfail;
	r->object = decision_api(row, actions);
	json_decref(inc);
	json_decref(actions);
	return 0;
dbfail:
	db_fail(r);
fail:
	json_decref(inc);
	json_decref(actions);
	return -1;
}

int app_decision_create(const struct app_ctx *ctx, const char *ref, const json_t *in, struct app_result *r)
{
	if (ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "recording a decision needs the handler or admin role");
	struct decision_job j = {ctx, ref, in, r};
	return write_result(db_write(ctx->db, create_fn, &j), r);
}
