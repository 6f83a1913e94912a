/*
 * Report use cases (see report.h).
 *
 * A report's visibility is actor_can_see(constituency or 0, tlp): reports
 * without a constituency are seen only by all-constituency users, and an
 * invisible report answers APP_NOT_FOUND exactly like a missing one. The
 * tracking number is allocated, and the duplicate looked up, inside the
 * create job, so two reports never share a key and the 201 (which the
 * reporter is told) is only sent after the commit.
 */
#include "app/report.h"

#include "core/key.h"
#include "core/report_state.h"
#include "core/search.h"
#include "core/tlp.h"
#include "lib/cursor.h"
#include "lib/config.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/constituency.h"
#include "store/db.h"
#include "store/report.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_UTC_OFFSET 540 /* Asia/Tokyo when no configuration is given */

/* --- helpers ------------------------------------------------------------- */

/* Loads a report by numeric id or RPT key; NULL when absent (or on a
 * database error, which the db layer logged). New reference. */
static json_t *load_ref(struct db_conn *c, const char *ref)
{
	if (ref[0] >= '1' && ref[0] <= '9') {
		char *end;
		errno = 0;
		long long id = strtoll(ref, &end, 10);
		if (errno || *end != '\0' || id < 1)
			return NULL;
		return store_report_get(c, (int64_t)id);
	}
	char prefix[KEY_PREFIX_MAX + 1];
	if (key_parse(ref, prefix, sizeof(prefix), NULL, NULL) < 0 || strcmp(prefix, "RPT") != 0)
		return NULL;
	return store_report_get_by_key(c, ref);
}

static int64_t int_member(const json_t *o, const char *name)
{
	return (int64_t)json_integer_value(json_object_get(o, name));
}

static const char *str_member(const json_t *o, const char *name)
{
	const char *s = json_string_value(json_object_get(o, name));
	return s ? s : "";
}

/* 1 when the actor may see this raw report row. */
static int row_visible(const struct actor *a, const json_t *row)
{
	enum tlp t;
	if (tlp_parse(str_member(row, "tlp"), &t) < 0)
		t = TLP_RED; /* unreadable label: treat as the most restricted */
	return actor_can_see(a, int_member(row, "constituency_id"), t);
}

static struct audit_actor audit_who(const struct actor *a)
{
	return (struct audit_actor){a->user_id, a->login};
}

/* {"before":{changed fields},"after":{changed fields}} of two raw rows, so
 * the audit log holds what changed without copying megabyte bodies that
 * did not. New reference. */
static json_t *diff_summary(const json_t *before, const json_t *after)
{
	json_t *b = json_object(), *a = json_object();
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)after, k, v)
	{
		if (strcmp(k, "updated_at") == 0 || strcmp(k, "version") == 0)
			continue;
		json_t *old = json_object_get(before, k);
		if (old && json_equal(old, v))
			continue;
		json_object_set(b, k, old ? old : json_null());
		json_object_set(a, k, v);
	}
	return json_pack("{s:o, s:o}", "before", b, "after", a);
}

/* Checks a constituency reference for a report: exists and in scope.
 * 0 ok; -1 with a field error (or an internal error) in r. */
static int check_constituency(struct db_conn *c, const struct actor *a, int64_t cid, struct app_result *r)
{
	int ex = store_constituency_exists(c, cid);
	if (ex < 0)
		return app_fail(r, APP_INTERNAL, "database error");
	if (!ex || !actor_in_scope(a, cid)) {
		app_field_error(r, "constituency_id", "no such constituency in your scope");
		return -1;
	}
	return 0;
}

/* Checks the reporter's org unit against the report's constituency (0 =
 * none). 0 ok; -1 with a field error in r. */
static int check_org_unit(struct db_conn *c, const struct actor *a, int64_t org_unit_id, int64_t cid,
                          struct app_result *r)
{
	int64_t ocid = 0;
	if (store_org_unit_constituency(c, org_unit_id, &ocid) < 0)
		return app_fail(r, APP_INTERNAL, "database error");
	if (ocid == 0 || !actor_in_scope(a, ocid)) {
		app_field_error(r, "reporter_org_unit_id", "no such org unit in your scope");
		return -1;
	}
	if (cid && ocid != cid) {
		app_field_error(r, "reporter_org_unit_id", "belongs to another constituency than the report");
		return -1;
	}
	return 0;
}

/* --- create -------------------------------------------------------------- */

struct create_job {
	const struct app_ctx *ctx;
	struct app_result *r;
	json_t *row; /* the columns to insert (owned by the caller) */
	int64_t constituency_id;
	int64_t org_unit_id;
};

static int create_job(struct db_conn *c, void *arg)
{
	struct create_job *j = arg;
	const struct actor *a = j->ctx->actor;
	struct app_result *r = j->r;
	json_t *row = NULL;
	int rc = -1;

	if (j->constituency_id && check_constituency(c, a, j->constituency_id, r) < 0)
		return -1;
	if (!j->constituency_id && !a->all_constituencies) {
		app_field_error(r, "constituency_id", "is required: your scope has several constituencies");
		return -1;
	}
	if (j->org_unit_id && check_org_unit(c, a, j->org_unit_id, j->constituency_id, r) < 0)
		return -1;

	int64_t now = time_now(), seq, id, dup;
	int offset = j->ctx->cfg ? j->ctx->cfg->utc_offset_minutes : DEFAULT_UTC_OFFSET;
	char key[KEY_MAX];
	if (store_next_seq(c, "RPT", key_year_of(now, offset), &seq) < 0 ||
	    key_format(key, sizeof(key), "RPT", key_year_of(now, offset), seq) < 0)
		return app_fail(r, APP_INTERNAL, "could not allocate a tracking number");
	if (store_report_find_duplicate(c, str_member(j->row, "fingerprint"), 0, &dup) < 0)
		return app_fail(r, APP_INTERNAL, "database error");

	json_object_set_new(j->row, "key", json_string(key));
	json_object_set_new(j->row, "duplicate_of_id", dup ? json_integer(dup) : json_null());
	json_object_set_new(j->row, "constituency_id",
	                    j->constituency_id ? json_integer(j->constituency_id) : json_null());
	json_object_set_new(j->row, "created_by", a->user_id ? json_integer(a->user_id) : json_null());
	json_object_set_new(j->row, "created_at", json_integer(now));
	if (!json_object_get(j->row, "received_at"))
		json_object_set_new(j->row, "received_at", json_integer(now));
	if (store_report_insert(c, j->row, &id) < 0)
		return app_fail(r, APP_INTERNAL, "the report could not be stored");

	row = store_report_get(c, id);
	if (!row)
		return app_fail(r, APP_INTERNAL, "the stored report could not be read back");
	r->object = store_report_api(row);
	char ids[24];
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	json_t *summary = json_pack("{s:O}", "after", r->object);
	struct audit_actor who = audit_who(a);
	if (!summary || audit_append(c, &who, "report.create", "report", ids, summary) < 0) {
		app_fail(r, APP_INTERNAL, "the audit log could not be written");
		goto out;
	}
	rc = 0;
out:
	json_decref(summary);
	json_decref(row);
	return rc;
}

enum app_err app_report_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r)
{
	const struct actor *a = ctx->actor;
	struct create_job j = {ctx, r, json_object(), 0, 0};
	enum report_channel ch = CH_API;
	enum tlp tlp = TLP_AMBER;

	if (a->role < ROLE_HANDLER) {
		app_fail(r, APP_FORBIDDEN, "receiving reports needs the handler role");
		goto out;
	}
	json_t *v = json_object_get(in, "channel");
	if (json_is_string(v) && report_channel_parse(json_string_value(v), &ch) < 0)
		app_field_error(r, "channel", "must be one of email, web, api, soc, phone");
	v = json_object_get(in, "tlp");
	if (json_is_string(v) && tlp_parse(json_string_value(v), &tlp) < 0)
		app_field_error(r, "tlp", "must be one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED");
	else if (tlp > a->tlp_max)
		app_field_error(r, "tlp", "is above your TLP clearance (%s)", tlp_name(a->tlp_max));
	v = json_object_get(in, "received_at");
	if (json_is_string(v)) {
		int64_t t;
		if (time_parse(json_string_value(v), &t) < 0)
			app_field_error(r, "received_at", "must be an RFC 3339 time");
		else
			json_object_set_new(j.row, "received_at", json_integer(t));
	}
	j.constituency_id = int_member(in, "constituency_id");
	if (!j.constituency_id && !a->all_constituencies && a->nscope == 1)
		j.constituency_id = a->scope[0]; /* the one constituency the user works for */
	j.org_unit_id = int_member(in, "reporter_org_unit_id");
	if (r->err != APP_OK)
		goto out;

	const char *addr = str_member(in, "reporter_address");
	const char *subject = str_member(in, "subject");
	const char *body = str_member(in, "body");
	char fp[65];
	report_fingerprint(addr, subject, body, fp);
	json_object_set_new(j.row, "channel", json_string(report_channel_name(ch)));
	json_object_set_new(j.row, "reporter_name", json_string(str_member(in, "reporter_name")));
	json_object_set_new(j.row, "reporter_address", json_string(addr));
	json_object_set_new(j.row, "reporter_org_unit_id", j.org_unit_id ? json_integer(j.org_unit_id) : json_null());
	json_object_set_new(j.row, "subject", json_string(subject));
	json_object_set_new(j.row, "body", json_string(body));
	json_object_set_new(j.row, "state", json_string(report_state_name(RS_NEW)));
	json_object_set_new(j.row, "tlp", json_string(tlp_name(tlp)));
	json_object_set_new(j.row, "fingerprint", json_string(fp));

	int rc = db_write(ctx->db, create_job, &j);
	if (rc == DB_WRITE_FAILED) {
		json_decref(r->object);
		r->object = NULL;
		app_commit_failed(r);
	} else if (rc != 0 && r->err == APP_OK) {
		app_fail(r, APP_INTERNAL, "the report could not be stored");
	}
out:
	json_decref(j.row);
	return r->err;
}

/* --- get ----------------------------------------------------------------- */

enum app_err app_report_get(const struct app_ctx *ctx, const char *ref, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *row = load_ref(c, ref);
	db_read_end(ctx->db, c);
	if (!row || !row_visible(ctx->actor, row))
		app_fail(r, APP_NOT_FOUND, "no such report");
	else
		r->object = store_report_api(row);
	json_decref(row);
	return r->err;
}

/* --- update -------------------------------------------------------------- */

struct update_job {
	const struct app_ctx *ctx;
	struct app_result *r;
	const char *ref;
	int64_t if_match;
	const json_t *in;
};

/* Applies the state and rejection_reason of the request to row (a copy of
 * the stored row). Field errors go to r. */
static void apply_state(const json_t *in, json_t *row, struct app_result *r)
{
	enum report_state from, to;
	if (report_state_parse(str_member(row, "state"), &from) < 0)
		from = RS_NEW; /* cannot happen: the store only holds valid names */
	to = from;
	json_t *sv = json_object_get(in, "state");
	if (json_is_string(sv) && report_state_parse(json_string_value(sv), &to) < 0) {
		app_field_error(r, "state", "must be one of new, triaged, rejected");
		return;
	}
	if (to != from) {
		if (to == RS_LINKED) {
			app_field_error(r, "state", "a report is linked with POST /api/v1/reports/{id}/link");
			return;
		}
		if (!report_state_allowed(from, to)) {
			app_fail(r, APP_TRANSITION, "a report cannot go from %s to %s", report_state_name(from),
			         report_state_name(to));
			app_field_error(r, "state", "cannot go from %s to %s", report_state_name(from),
			                report_state_name(to));
			return;
		}
	}
	json_t *rv = json_object_get(in, "rejection_reason");
	if (to == RS_REJECTED) {
		const char *reason =
		        json_is_string(rv) ? json_string_value(rv) : (rv ? "" : str_member(row, "rejection_reason"));
		enum reject_reason rj;
		if (report_reject_parse(reason, &rj) < 0 || rj == RJ_NONE) {
			app_field_error(
			        r, "rejection_reason",
			        "is required for a rejected report: false_positive, spam, out_of_scope or duplicate");
			return;
		}
		json_object_set_new(row, "rejection_reason", json_string(report_reject_name(rj)));
	} else {
		if (json_is_string(rv) && json_string_value(rv)[0]) {
			app_field_error(r, "rejection_reason", "only a rejected report has a rejection reason");
			return;
		}
		json_object_set_new(row, "rejection_reason", json_null());
	}
	if (from == RS_LINKED && to == RS_TRIAGED)
		json_object_set_new(row, "incident_id", json_null()); /* unlink */
	json_object_set_new(row, "state", json_string(report_state_name(to)));
}

/* Applies the plain fields of the request to row; field errors go to r. */
static void apply_fields(struct db_conn *c, const struct actor *a, const json_t *in, json_t *row, struct app_result *r)
{
	static const char *const texts[] = {"subject", "body", "reporter_name", "reporter_address"};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		json_t *v = json_object_get(in, texts[i]);
		if (v)
			json_object_set_new(row, texts[i], json_string(json_is_string(v) ? json_string_value(v) : ""));
	}
	json_t *v = json_object_get(in, "tlp");
	if (json_is_string(v)) {
		enum tlp t;
		if (tlp_parse(json_string_value(v), &t) < 0)
			app_field_error(r, "tlp", "must be one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED");
		else if (t > a->tlp_max)
			app_field_error(r, "tlp", "is above your TLP clearance (%s)", tlp_name(a->tlp_max));
		else
			json_object_set_new(row, "tlp", json_string(tlp_name(t)));
	}
	v = json_object_get(in, "constituency_id");
	if (v) {
		int64_t cid = (int64_t)json_integer_value(v);
		if (cid == 0 && !a->all_constituencies)
			app_field_error(r, "constituency_id", "must be set: your scope is restricted");
		else if (cid && check_constituency(c, a, cid, r) < 0)
			return;
		else
			json_object_set_new(row, "constituency_id", cid ? json_integer(cid) : json_null());
	}
	v = json_object_get(in, "reporter_org_unit_id");
	if (v) {
		int64_t oid = (int64_t)json_integer_value(v);
		json_object_set_new(row, "reporter_org_unit_id", oid ? json_integer(oid) : json_null());
	}
	int64_t oid = int_member(row, "reporter_org_unit_id");
	if (oid && (json_object_get(in, "reporter_org_unit_id") || json_object_get(in, "constituency_id")))
		check_org_unit(c, a, oid, int_member(row, "constituency_id"), r);
}

static int update_job(struct db_conn *c, void *arg)
{
	struct update_job *j = arg;
	const struct actor *a = j->ctx->actor;
	struct app_result *r = j->r;
	json_t *before = load_ref(c, j->ref), *row = NULL, *after = NULL, *summary = NULL;
	int rc = -1;

	if (!before || !row_visible(a, before)) {
		app_fail(r, APP_NOT_FOUND, "no such report");
		goto out;
	}
	if (int_member(before, "version") != j->if_match) {
		app_fail(r, APP_STALE, "the report has changed since you read it (version %lld)",
		         (long long)int_member(before, "version"));
		goto out;
	}
	row = json_deep_copy(before);
	apply_fields(c, a, j->in, row, r);
	if (r->err == APP_OK)
		apply_state(j->in, row, r);
	if (r->err != APP_OK)
		goto out;
	int64_t id = int_member(before, "id");
	json_object_set_new(row, "updated_at", json_integer(time_now()));
	if (store_report_update(c, id, row) < 0) {
		app_fail(r, APP_INTERNAL, "the report could not be updated");
		goto out;
	}
	after = store_report_get(c, id);
	if (!after) {
		app_fail(r, APP_INTERNAL, "the updated report could not be read back");
		goto out;
	}
	char ids[24];
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	summary = diff_summary(before, after);
	struct audit_actor who = audit_who(a);
	if (!summary || audit_append(c, &who, "report.update", "report", ids, summary) < 0) {
		app_fail(r, APP_INTERNAL, "the audit log could not be written");
		goto out;
	}
	r->object = store_report_api(after);
	rc = 0;
out:
	json_decref(summary);
	json_decref(after);
	json_decref(row);
	json_decref(before);
	return rc;
}

enum app_err app_report_update(const struct app_ctx *ctx, const char *ref, int64_t if_match, const json_t *in,
                               struct app_result *r)
{
	if (ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "changing reports needs the handler role"), r->err;
	struct update_job j = {ctx, r, ref, if_match, in};
	return app_write_result(db_write(ctx->db, update_job, &j), r);
}

/* --- link ---------------------------------------------------------------- */

struct link_job {
	const struct app_ctx *ctx;
	struct app_result *r;
	const char *ref;
	int64_t incident_id;
	int64_t if_match;
};

int app_report_linkable(const json_t *report, int64_t incident_constituency, enum tlp incident_tlp, const char *field,
                        struct app_result *r)
{
	enum tlp rt = TLP_RED;
	json_t *rc = json_object_get(report, "constituency_id");
	if (tlp_parse(json_string_value(json_object_get(report, "tlp")), &rt) < 0)
		rt = TLP_RED;
	if (json_is_integer(rc) && json_integer_value(rc) != incident_constituency) {
		app_field_error(r, field, "the report belongs to another constituency than the incident");
		return -1;
	}
	if (rt > incident_tlp) {
		app_field_error(r, field,
		                "the report is TLP:%s and the incident only TLP:%s: raise the incident's TLP first",
		                tlp_name(rt), tlp_name(incident_tlp));
		return -1;
	}
	return 0;
}

static int link_job(struct db_conn *c, void *arg)
{
	struct link_job *j = arg;
	const struct actor *a = j->ctx->actor;
	struct app_result *r = j->r;
	json_t *before = load_ref(c, j->ref), *after = NULL, *summary = NULL;
	int rc = -1;

	if (!before || !row_visible(a, before)) {
		app_fail(r, APP_NOT_FOUND, "no such report");
		goto out;
	}
	if (j->if_match && int_member(before, "version") != j->if_match) {
		app_fail(r, APP_STALE, "the report has changed since you read it (version %lld)",
		         (long long)int_member(before, "version"));
		goto out;
	}
	int64_t icid = 0;
	char itlp[32] = "";
	enum tlp it;
	int found = store_report_incident_scope(c, j->incident_id, &icid, itlp, sizeof(itlp));
	if (found < 0) {
		app_fail(r, APP_INTERNAL, "database error");
		goto out;
	}
	/* A missing and an invisible incident get the same answer (a bad
	 * reference, 422 like every other reference), so it reveals nothing. */
	if (!found || tlp_parse(itlp, &it) < 0 || !actor_can_see(a, icid, it)) {
		app_field_error(r, "incident_id", "no such incident");
		goto out;
	}
	if (app_report_linkable(before, icid, it, "incident_id", r) < 0)
		goto out;
	int64_t id = int_member(before, "id"), cur = int_member(before, "incident_id");
	if (cur && cur != j->incident_id) {
		app_fail(r, APP_CONFLICT, "the report is already linked to another incident; unlink it first");
		goto out;
	}
	if (cur == j->incident_id) { /* linked there already: nothing to do */
		r->object = store_report_api(before);
		rc = 0;
		goto out;
	}
	enum report_state from;
	if (report_state_parse(str_member(before, "state"), &from) < 0 || !report_state_allowed(from, RS_LINKED)) {
		app_fail(r, APP_TRANSITION, "a %s report cannot be linked; reopen it first",
		         str_member(before, "state"));
		app_field_error(r, "state", "cannot go from %s to linked", str_member(before, "state"));
		goto out;
	}
	int64_t now = time_now();
	if (store_report_link(c, id, j->incident_id, now) < 0 ||
	    store_report_journal_link(c, j->incident_id, a->user_id, id, str_member(before, "key"), now) < 0) {
		app_fail(r, APP_INTERNAL, "the report could not be linked");
		goto out;
	}
	after = store_report_get(c, id);
	if (!after) {
		app_fail(r, APP_INTERNAL, "the linked report could not be read back");
		goto out;
	}
	char ids[24];
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	summary = diff_summary(before, after);
	struct audit_actor who = audit_who(a);
	if (!summary || audit_append(c, &who, "report.link", "report", ids, summary) < 0) {
		app_fail(r, APP_INTERNAL, "the audit log could not be written");
		goto out;
	}
	r->object = store_report_api(after);
	rc = 0;
out:
	json_decref(summary);
	json_decref(after);
	json_decref(before);
	return rc;
}

enum app_err app_report_link(const struct app_ctx *ctx, const char *ref, int64_t incident_id, int64_t if_match,
                             struct app_result *r)
{
	if (ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "linking reports needs the handler role"), r->err;
	struct link_job j = {ctx, r, ref, incident_id, if_match};
	return app_write_result(db_write(ctx->db, link_job, &j), r);
}

/* --- list ---------------------------------------------------------------- */

enum app_err app_report_list(const struct app_ctx *ctx, const struct app_report_list_params *p, struct app_result *r)
{
	const struct actor *a = ctx->actor;
	const char *tlps[TLP_COUNT + 1] = {0};
	size_t nt = 0;
	for (int t = TLP_CLEAR; t <= TLP_RED && t <= (int)a->tlp_max; t++)
		tlps[nt++] = tlp_name((enum tlp)t);

	struct store_report_filter f = {
	        .states = p->states[0] ? p->states : NULL,
	        .channels = p->channels[0] ? p->channels : NULL,
	        .constituency_id = p->constituency_id,
	        .incident_id = p->incident_id,
	        .received_from = p->received_from,
	        .received_to = p->received_to,
	        .has_received_from = p->has_received_from,
	        .has_received_to = p->has_received_to,
	        .search = NULL,
	        .sort_created = p->sort_created,
	        .descending = p->descending,
	        .has_after = p->has_after,
	        .after_value = p->after_value,
	        .after_id = p->after_id,
	        .limit = p->limit,
	        /* -1 matches no user: a scoped actor without a user sees nothing */
	        .scope_user_id = a->all_constituencies ? 0 : (a->user_id ? a->user_id : -1),
	        .tlps = tlps,
	};
	struct search_query sq;
	if (p->q && p->q[0]) {
		enum search_err se = search_parse(p->q, &sq);
		if (se != SEARCH_OK) {
			app_field_error(r, "q", "%s", search_strerror(se));
			return -1;
		}
		f.search = &sq;
	}
	json_t *items = json_array();
	int more = 0;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c) {
		json_decref(items);
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	}
	int rc = store_report_list(c, &f, items, &more);
	db_read_end(ctx->db, c);
	if (rc < 0) {
		json_decref(items);
		return app_fail(r, APP_INTERNAL, "the reports could not be listed"), r->err;
	}
	json_t *next = json_null();
	size_t n = json_array_size(items);
	if (more && n > 0) {
		json_t *last = json_array_get(items, n - 1);
		int64_t t = 0;
		char val[24], cur[CURSOR_MAX];
		time_parse(str_member(last, p->sort_created ? "created_at" : "received_at"), &t);
		snprintf(val, sizeof(val), "%lld", (long long)t);
		cursor_encode(val, int_member(last, "id"), cur);
		next = json_string(cur);
	}
	r->object = json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
	return r->err;
}
