/*
 * Incident use cases (see incident.h): the rules of creating, changing,
 * merging and finding incidents, applied inside one read transaction or
 * one write job so that every check sees the state it guards.
 *
 * Shape: rows come from store/incident.c as stored (unix-second times,
 * 0/1 flags); inc_api() is the one place that turns a row into the
 * API object. Field rules (lengths, taxonomy, levels, TLP, references)
 * live in apply_fields() and check_refs(), shared by create and update.
 * The journal use cases are here too: a journal belongs to its incident
 * and shares its visibility. List query parsing is at the end of this
 * file, next to the visibility rules its scope and TLP filters must agree
 * with.
 */
#include "app/incident.h"
#include "app/incident_impl.h"
#include "app/report.h"
#include "app/scheduler.h"

#include "core/escalation.h"
#include "core/key.h"
#include "core/markdown.h"
#include "core/priority.h"
#include "core/taxonomy.h"
#include "core/tlp.h"
#include "core/validate.h"
#include "core/workflow.h"
#include "lib/config.h"
#include "lib/cursor.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/authority.h"
#include "store/db.h"
#include "store/incident.h"
#include "store/intake.h"
#include "store/journal.h"
#include "store/outbox.h"
#include "store/report.h"
#include "store/store.h"
#include "store/task.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_MAX       300   /* bytes; API.md */
#define DESCRIPTION_MAX 65536 /* bytes; API.md */

static const char *const time_cols[] = {"occurred_at", "detected_at", "reported_at", "acknowledged_at", "contained_at",
                                        "resolved_at", "closed_at",   "created_at",  "updated_at",      NULL};

/* --- small helpers ------------------------------------------------------- */

int64_t inc_iv(const json_t *row, const char *col)
{
	return json_integer_value(json_object_get(row, col));
}

const char *inc_sv(const json_t *row, const char *col)
{
	const char *s = json_string_value(json_object_get(row, col));
	return s ? s : "";
}

static int is_time_col(const char *col)
{
	for (size_t i = 0; time_cols[i]; i++)
		if (strcmp(col, time_cols[i]) == 0)
			return 1;
	return 0;
}

json_t *app_time_json(const json_t *v)
{
	char buf[32];
	if (!json_is_integer(v))
		return json_null();
	time_format(json_integer_value(v), buf);
	return json_string(buf);
}

/* A stored column value as the API shows it (times as RFC 3339, flags as
 * booleans). New reference. */
static json_t *api_value(const char *col, const json_t *v)
{
	if (is_time_col(col))
		return app_time_json(v);
	if (strcmp(col, "is_exercise") == 0 || strcmp(col, "personal_data") == 0)
		return json_boolean(json_integer_value(v) != 0);
	return v ? json_deep_copy(v) : json_null();
}

static int row_status(const json_t *row, enum incident_status *st)
{
	return workflow_status_parse(inc_sv(row, "status"), st);
}

static enum tlp row_tlp(const json_t *row)
{
	enum tlp t = TLP_RED; /* an unreadable label errs on the side of secrecy */
	if (tlp_parse(inc_sv(row, "tlp"), &t) != 0)
		t = TLP_RED;
	return t;
}

static json_t *allowed_json(enum incident_status from)
{
	enum incident_status next[ST_COUNT];
	size_t n = workflow_next(from, next);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(workflow_status_name(next[i])));
	return a;
}

/* Turns a stored row into the API object (steals row, returns it). With
 * transitions, adds allowed_transitions. */
json_t *inc_api(json_t *row, int transitions)
{
	for (size_t i = 0; time_cols[i]; i++)
		json_object_set_new(row, time_cols[i], app_time_json(json_object_get(row, time_cols[i])));
	json_object_set_new(row, "is_exercise", json_boolean(inc_iv(row, "is_exercise") != 0));
	json_object_set_new(row, "personal_data", json_boolean(inc_iv(row, "personal_data") != 0));
	json_object_del(row, "merged_into_id"); /* the API names the target by key: merged_into */
	if (!json_object_get(row, "merged_into"))
		json_object_set_new(row, "merged_into", json_null());
	if (transitions) {
		enum incident_status st;
		json_object_set_new(row, "allowed_transitions",
		                    row_status(row, &st) == 0 ? allowed_json(st) : json_array());
	}
	return row;
}

/* Parses a path reference: 1 id, 2 key, 0 neither. */
static int parse_ref(const char *ref, int64_t *id)
{
	char prefix[KEY_PREFIX_MAX + 1];
	if (!ref || !*ref)
		return 0;
	if (ref[0] >= '1' && ref[0] <= '9' && strspn(ref, "0123456789") == strlen(ref) && strlen(ref) <= 18) {
		*id = strtoll(ref, NULL, 10);
		return 1;
	}
	if (key_parse(ref, prefix, sizeof(prefix), NULL, NULL) == 0 && strcmp(prefix, "INC") == 0)
		return 2;
	return 0;
}

int app_incident_load(struct db_conn *c, const struct actor *a, const char *ref, int64_t id, json_t **row)
{
	int rc;
	*row = NULL;
	if (ref) {
		switch (parse_ref(ref, &id)) {
		case 1: rc = store_incident_get(c, id, row); break;
		case 2: rc = store_incident_get_by_key(c, ref, row); break;
		default: return 0;
		}
	} else {
		rc = store_incident_get(c, id, row);
	}
	if (rc != 1)
		return rc;
	if (!actor_can_see(a, inc_iv(*row, "constituency_id"), row_tlp(*row))) {
		json_decref(*row);
		*row = NULL;
		return 0;
	}
	return 1;
}

int app_incident_journal(struct db_conn *c, const struct actor *a, int64_t incident_id, int64_t now, const char *kind,
                         const json_t *data)
{
	struct store_journal_entry e = {
	        .incident_id = incident_id, .at = now, .author_id = a->user_id, .kind = kind, .data = data};
	return store_journal_append(c, &e, NULL);
}

int inc_audit(struct db_conn *c, const struct actor *a, const char *action, int64_t id, json_t *summary)
{
	char oid[24];
	snprintf(oid, sizeof(oid), "%" PRId64, id);
	int rc = audit_append(c, &(struct audit_actor){a->user_id, a->login}, action, "incident", oid, summary);
	json_decref(summary);
	return rc;
}

int inc_db_fail(struct app_result *r)
{
	return app_fail(r, APP_INTERNAL, "a database error occurred; try again or ask an administrator");
}

/* --- field rules ---------------------------------------------------------- */

static int has_error(const json_t *errors, const char *field)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i,
	                   e) if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0) return 1;
	return 0;
}

static void add_value_error(json_t *errors, const char *field, const char *msg)
{
	if (!has_error(errors, field))
		json_array_append_new(errors, json_pack("{s:s,s:s}", "field", field, "message", msg));
}

void app_incident_value_errors(const json_t *in, json_t *errors)
{
	const char *s;
	char code[TAXONOMY_CODE_MAX + 1];
	enum level l;
	enum tlp t;
	enum pap p;
	enum incident_status st;
	enum resolution res;
	if ((s = json_string_value(json_object_get(in, "impact"))) && level_parse(s, &l) != 0)
		add_value_error(errors, "impact", "must be low, medium or high");
	if ((s = json_string_value(json_object_get(in, "urgency"))) && level_parse(s, &l) != 0)
		add_value_error(errors, "urgency", "must be low, medium or high");
	if ((s = json_string_value(json_object_get(in, "tlp"))) && tlp_parse(s, &t) != 0)
		add_value_error(errors, "tlp", "must be CLEAR, GREEN, AMBER, AMBER+STRICT or RED");
	if ((s = json_string_value(json_object_get(in, "pap"))) && pap_parse(s, &p) != 0)
		add_value_error(errors, "pap", "must be CLEAR, GREEN, AMBER or RED");
	if ((s = json_string_value(json_object_get(in, "status"))) && workflow_status_parse(s, &st) != 0)
		add_value_error(errors, "status",
		                "must be new, triage, analysis, containment, eradication, recovery or closed");
	if ((s = json_string_value(json_object_get(in, "resolution"))) &&
	    (workflow_resolution_parse(s, &res) != 0 || res == RES_NONE))
		add_value_error(errors, "resolution", "must be resolved, false_positive, duplicate or out_of_scope");
	if ((s = json_string_value(json_object_get(in, "category"))) &&
	    taxonomy_normalize_code(s, code, sizeof(code)) != 0)
		add_value_error(errors, "category", "must be a taxonomy code like \"fraud/phishing\"");
}

/* Applies the members of in that are plain fields to row (columns),
 * recording field errors in r. Status and resolution are the workflow's
 * (see apply_status). 0, or -1 on a database error. */
static int apply_fields(struct db_conn *c, const struct actor *a, const json_t *in, json_t *row, struct app_result *r)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)in, k, v)
	{
		if (strcmp(k, "title") == 0) {
			if (!json_is_string(v) || validate_text(json_string_value(v), 1, TITLE_MAX, 0) != 0)
				app_field_error(r, k, "must be 1 to %d bytes of text on one line", TITLE_MAX);
			else
				json_object_set(row, k, v);
		} else if (strcmp(k, "description") == 0) {
			if (json_is_null(v))
				json_object_set_new(row, k, json_string(""));
			else if (!json_is_string(v) || validate_text_n(json_string_value(v), json_string_length(v), 0,
			                                               DESCRIPTION_MAX, 1) != 0)
				app_field_error(r, k, "must be text of at most %d bytes", DESCRIPTION_MAX);
			else
				json_object_set(row, k, v);
		} else if (strcmp(k, "category") == 0) {
			char code[TAXONOMY_CODE_MAX + 1];
			if (json_is_null(v)) {
				json_object_set_new(row, k, json_null());
				continue;
			}
			if (!json_is_string(v) ||
			    taxonomy_normalize_code(json_string_value(v), code, sizeof(code)) != 0) {
				app_field_error(
				        r, k, "must be a taxonomy code like \"fraud/phishing\" or \"malicious-code\"");
				continue;
			}
			int ex = store_taxonomy_exists(c, code);
			if (ex < 0)
				return -1;
			if (!ex)
				app_field_error(r, k, "\"%s\" is not in the taxonomy (see GET /api/v1/taxonomy)", code);
			else
				json_object_set_new(row, k, json_string(code));
		} else if (strcmp(k, "impact") == 0 || strcmp(k, "urgency") == 0) {
			enum level l;
			if (!json_is_string(v) || level_parse(json_string_value(v), &l) != 0)
				app_field_error(r, k, "must be low, medium or high");
			else
				json_object_set_new(row, k, json_string(level_name(l)));
		} else if (strcmp(k, "tlp") == 0) {
			enum tlp t;
			if (!json_is_string(v) || tlp_parse(json_string_value(v), &t) != 0)
				app_field_error(r, k, "must be CLEAR, GREEN, AMBER, AMBER+STRICT or RED");
			else if (t > a->tlp_max)
				app_field_error(r, k, "%s is above your clearance (%s)", tlp_name(t),
				                tlp_name(a->tlp_max));
			else
				json_object_set_new(row, k, json_string(tlp_name(t)));
		} else if (strcmp(k, "pap") == 0) {
			enum pap p;
			if (!json_is_string(v) || pap_parse(json_string_value(v), &p) != 0)
				app_field_error(r, k, "must be CLEAR, GREEN, AMBER or RED");
			else
				json_object_set_new(row, k, json_string(pap_name(p)));
		} else if (strcmp(k, "constituency_id") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 1)
				app_field_error(r, k, "must be a constituency id");
			else
				json_object_set(row, k, v);
		} else if (strcmp(k, "org_unit_id") == 0 || strcmp(k, "assignee_id") == 0) {
			if (!json_is_null(v) && (!json_is_integer(v) || json_integer_value(v) < 1))
				app_field_error(r, k, "must be an id or null");
			else
				json_object_set(row, k, v);
		} else if (strcmp(k, "is_exercise") == 0 || strcmp(k, "personal_data") == 0) {
			if (!json_is_boolean(v))
				app_field_error(r, k, "must be true or false");
			else
				json_object_set_new(row, k, json_integer(json_is_true(v) ? 1 : 0));
		} else if (strcmp(k, "estimated_damage_jpy") == 0) {
			/* Yen, up to a trillion (a figure beyond is a typo). */
			if (!json_is_null(v) && (!json_is_integer(v) || json_integer_value(v) < 0 ||
			                         json_integer_value(v) > 1000000000000LL))
				app_field_error(r, k, "must be a whole number of yen from 0 to 10^12, or null");
			else
				json_object_set(row, k, v);
		} else if (strcmp(k, "asset_criticality") == 0) {
			enum esc_crit crit;
			if (json_is_null(v))
				json_object_set_new(row, k, json_null());
			else if (esc_crit_parse(json_string_value(v), &crit) != 0)
				app_field_error(r, k, "must be low, medium, high, critical or null");
			else
				json_object_set_new(row, k, json_string(esc_crit_name(crit)));
		} else if (strcmp(k, "occurred_at") == 0 || strcmp(k, "detected_at") == 0 ||
		           strcmp(k, "reported_at") == 0) {
			int64_t t;
			if (json_is_null(v))
				json_object_set_new(row, k, json_null());
			else if (!json_is_string(v) || time_parse(json_string_value(v), &t) != 0)
				app_field_error(r, k, "must be an RFC 3339 time like 2026-11-22T15:30:00+09:00");
			else
				json_object_set_new(row, k, json_integer(t));
		}
		/* status, resolution, report_id, into: handled by their use case */
	}
	return 0;
}

/* Checks the row's references after apply_fields: the constituency exists
 * (422) and is in the actor's scope (403: it exists, so saying so leaks
 * nothing the actor could not learn from the constituency list), the org
 * unit belongs to it, the assignee is an enabled user who may see it.
 * changed_*: re-check only what the request touched. 0, or -1 with r set
 * (app error or database error). Field errors are left in r (r->err). */
static int check_refs(struct db_conn *c, const struct actor *a, const json_t *row, int check_cons, int check_ou,
                      int check_assignee, struct app_result *r)
{
	int64_t cons = inc_iv(row, "constituency_id");
	if (check_cons) {
		int ex = store_constituency_exists(c, cons);
		if (ex < 0)
			return inc_db_fail(r);
		/* Absent and out of scope answer alike: the difference would tell
		 * a scoped user which constituencies exist. */
		if (!ex || !actor_in_scope(a, cons)) {
			app_field_error(r, "constituency_id", "no constituency with id %" PRId64 " in your scope",
			                cons);
			return 0;
		}
	}
	if (check_ou && json_is_integer(json_object_get(row, "org_unit_id"))) {
		int64_t ou_cons = 0;
		if (store_org_unit_constituency(c, inc_iv(row, "org_unit_id"), &ou_cons) < 0)
			return inc_db_fail(r);
		if (ou_cons == 0 || !actor_in_scope(a, ou_cons))
			app_field_error(r, "org_unit_id", "no org unit with id %" PRId64 " in your scope",
			                inc_iv(row, "org_unit_id"));
		else if (ou_cons != cons)
			app_field_error(r, "org_unit_id", "the org unit belongs to another constituency");
	}
	if (check_assignee && json_is_integer(json_object_get(row, "assignee_id"))) {
		int ok = store_incident_user_eligible(c, inc_iv(row, "assignee_id"), cons, row_tlp(row));
		if (ok < 0)
			return inc_db_fail(r);
		if (!ok)
			app_field_error(r, "assignee_id",
			                "must be an enabled user who can see this constituency and TLP");
	}
	return 0;
}

static int set_priority(struct db_conn *c, json_t *row)
{
	struct priority_matrix m;
	enum level imp = LEVEL_MEDIUM, urg = LEVEL_MEDIUM;
	if (store_priority_matrix_load(c, &m) < 0)
		return -1;
	level_parse(inc_sv(row, "impact"), &imp);
	level_parse(inc_sv(row, "urgency"), &urg);
	json_object_set_new(row, "priority", json_string(priority_name(priority_compute(&m, imp, urg))));
	return 0;
}

/* Finishes a write job: reads the incident back as the API object. */
static int result_object(struct db_conn *c, int64_t id, struct app_result *r)
{
	json_t *row = NULL;
	int rc = store_incident_get(c, id, &row);
	if (rc != 1)
		return inc_db_fail(r);
	json_decref(r->object);
	r->object = inc_api(row, 1);
	return 0;
}

/* --- create --------------------------------------------------------------- */

struct create_job {
	const struct app_ctx *ctx;
	const json_t *in;
	struct app_result *r;
};

/* Links the report named by report_id to the new incident: it must be
 * visible (else 422 naming report_id, as for any reference) and neither
 * linked already (409) nor rejected (409). */
static int link_report(struct db_conn *c, const struct actor *a, int64_t report_id, const json_t *incident,
                       int64_t incident_id, int64_t now, struct app_result *r)
{
	json_t *rep = store_report_get(c, report_id);
	enum tlp t = TLP_RED;
	int rc;
	if (rep && tlp_parse(inc_sv(rep, "tlp"), &t) != 0)
		t = TLP_RED;
	if (!rep || !actor_can_see(a, inc_iv(rep, "constituency_id"), t)) {
		json_decref(rep);
		app_field_error(r, "report_id", "no report has id %" PRId64, report_id);
		return -1;
	}
	if (json_is_integer(json_object_get(rep, "incident_id")) || strcmp(inc_sv(rep, "state"), "linked") == 0) {
		json_decref(rep);
		return app_fail(r, APP_CONFLICT, "report %" PRId64 " is already linked to an incident", report_id);
	}
	if (strcmp(inc_sv(rep, "state"), "rejected") == 0) {
		json_decref(rep);
		return app_fail(r, APP_CONFLICT, "report %" PRId64 " was rejected; reopen it before linking",
		                report_id);
	}
	if (app_report_linkable(rep, inc_iv(incident, "constituency_id"), row_tlp(incident), "report_id", r) < 0) {
		json_decref(rep);
		return -1;
	}
	rc = store_report_link(c, report_id, incident_id, now);
	if (rc == 0)
		rc = store_report_journal_link(c, incident_id, a->user_id, report_id, inc_sv(rep, "key"), now);
	if (rc == 0) {
		char ids[24];
		snprintf(ids, sizeof(ids), "%" PRId64, report_id);
		json_t *sum = json_pack("{s:s,s:I}", "state", "linked", "incident_id", (json_int_t)incident_id);
		rc = audit_append(c, &(struct audit_actor){a->user_id, a->login}, "report.link", "report", ids, sum);
		json_decref(sum);
	}
	json_decref(rep);
	return rc < 0 ? inc_db_fail(r) : 0;
}

static int create_job_fn(struct db_conn *c, void *arg)
{
	struct create_job *j = arg;
	const struct actor *a = j->ctx->actor;
	struct app_result *r = j->r;
	int64_t now = time_now(), id = 0, seq = 0, report_id = 0;
	char key[KEY_MAX];
	json_t *row = json_object(), *v;
	int year;

	json_object_set_new(row, "description", json_string(""));
	json_object_set_new(row, "category", json_null());
	json_object_set_new(row, "impact", json_string("medium"));
	json_object_set_new(row, "urgency", json_string("medium"));
	json_object_set_new(row, "tlp", json_string("AMBER"));
	json_object_set_new(row, "pap", json_string("AMBER"));
	json_object_set_new(row, "is_exercise", json_integer(0));
	json_object_set_new(row, "personal_data", json_integer(0));
	json_object_set_new(row, "asset_criticality", json_null());
	json_object_set_new(row, "estimated_damage_jpy", json_null());
	if (apply_fields(c, a, j->in, row, r) < 0) {
		inc_db_fail(r);
		goto fail;
	}
	if (!json_object_get(row, "title") && !json_object_get(j->in, "title"))
		app_field_error(r, "title", "is required");
	v = json_object_get(j->in, "resolution");
	if (v && !json_is_null(v))
		app_field_error(r, "resolution", "is set when the incident is closed");
	v = json_object_get(j->in, "report_id");
	if (v && json_is_integer(v))
		report_id = json_integer_value(v);
	if (report_id) {
		/* An incident made from a report starts in the report's constituency
		 * and at least at its TLP, unless the request says otherwise. */
		json_t *rep = store_report_get(c, report_id);
		enum tlp rt;
		if (rep && !json_object_get(j->in, "constituency_id") &&
		    json_is_integer(json_object_get(rep, "constituency_id")))
			json_object_set(row, "constituency_id", json_object_get(rep, "constituency_id"));
		if (rep && !json_object_get(j->in, "tlp") && tlp_parse(inc_sv(rep, "tlp"), &rt) == 0 &&
		    rt > row_tlp(row))
			json_object_set_new(row, "tlp", json_string(tlp_name(rt)));
		json_decref(rep);
	}
	if (!json_object_get(j->in, "constituency_id") && !json_object_get(row, "constituency_id")) {
		/* Default to the actor's only constituency (or the only one there is). */
		int64_t only = 0;
		if (!a->all_constituencies && a->nscope == 1)
			only = a->scope[0];
		else if (a->all_constituencies && store_incident_sole_constituency(c, &only) < 0) {
			inc_db_fail(r);
			goto fail;
		}
		if (only)
			json_object_set_new(row, "constituency_id", json_integer(only));
		else
			app_field_error(r, "constituency_id", "is required (your scope has several constituencies)");
	}
	if (json_object_get(row, "constituency_id") && check_refs(c, a, row, 1, 1, 1, r) < 0)
		goto fail;
	if (r->err != APP_OK)
		goto fail;
	year = key_year_of(now, j->ctx->cfg->utc_offset_minutes);
	if (set_priority(c, row) < 0 || store_next_seq(c, "INC", year, &seq) < 0) {
		inc_db_fail(r);
		goto fail;
	}
	if (key_format(key, sizeof(key), "INC", year, seq) != 0) {
		app_fail(r, APP_INTERNAL, "could not format the incident key");
		goto fail;
	}
	json_object_set_new(row, "key", json_string(key));
	json_object_set_new(row, "status", json_string("new"));
	json_object_set_new(row, "created_by", a->user_id ? json_integer(a->user_id) : json_null());
	json_object_set_new(row, "created_at", json_integer(now));
	json_object_set_new(row, "updated_at", json_integer(now));
	json_object_set_new(row, "version", json_integer(1));
	if (store_incident_insert(c, row, &id) < 0) {
		inc_db_fail(r);
		goto fail;
	}
	json_t *data = json_pack("{s:s,s:s}", "key", key, "title", inc_sv(row, "title"));
	int rc = app_incident_journal(c, a, id, now, "create", data);
	json_decref(data);
	if (rc < 0) {
		inc_db_fail(r);
		goto fail;
	}
	if (report_id && link_report(c, a, report_id, row, id, now, r) < 0)
		goto fail;
	json_object_set_new(row, "id", json_integer(id));
	if (app_escalation_on_change(c, j->ctx, NULL, row, now, r) < 0)
		goto fail;
	if (result_object(c, id, r) < 0)
		goto fail;
	json_t *after = json_pack("{s:s,s:s,s:s,s:s,s:I}", "key", key, "title", inc_sv(row, "title"), "priority",
	                          inc_sv(row, "priority"), "tlp", inc_sv(row, "tlp"), "constituency_id",
	                          (json_int_t)inc_iv(row, "constituency_id"));
	if (report_id)
		json_object_set_new(after, "report_id", json_integer(report_id));
	if (inc_audit(c, a, "incident.create", id, json_pack("{s:o}", "after", after)) < 0) {
		inc_db_fail(r);
		goto fail;
	}
	json_decref(row);
	return 0;
fail:
	if (r->err == APP_OK)
		inc_db_fail(r);
	json_decref(row);
	return -1;
}

/* Maps a db_write() result that is not a success onto r. */
int inc_write_result(int rc, struct app_result *r)
{
	if (rc == 0)
		return 0;
	json_decref(r->object);
	r->object = NULL;
	if (rc == DB_WRITE_FAILED)
		app_commit_failed(r);
	else if (r->err == APP_OK)
		inc_db_fail(r);
	return -1;
}

int app_incident_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r)
{
	struct create_job j = {ctx, in, r};
	return inc_write_result(db_write(ctx->db, create_job_fn, &j), r);
}

/* --- read ----------------------------------------------------------------- */

int app_incident_get(const struct app_ctx *ctx, const char *ref, struct app_result *r)
{
	json_t *row = NULL;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return inc_db_fail(r);
	int rc = app_incident_load(c, ctx->actor, ref, 0, &row);
	db_read_end(ctx->db, c);
	if (rc < 0)
		return inc_db_fail(r);
	if (rc == 0)
		return app_fail(r, APP_NOT_FOUND, NOT_FOUND_DETAIL);
	r->object = inc_api(row, 1);
	return 0;
}

int app_incident_transitions(const struct app_ctx *ctx, const char *ref, struct app_result *r)
{
	enum incident_status st;
	if (app_incident_get(ctx, ref, r) < 0)
		return -1;
	if (row_status(r->object, &st) != 0)
		return app_fail(r, APP_INTERNAL, "the incident has an unknown status");
	json_t *o = json_pack("{s:s,s:o}", "status", workflow_status_name(st), "allowed", allowed_json(st));
	json_decref(r->object);
	r->object = o;
	return 0;
}

int app_incident_reports(const struct app_ctx *ctx, const char *ref, struct app_result *r)
{
	json_t *row = NULL, *rows = NULL, *items = json_array();
	size_t i;
	json_t *rep;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c) {
		json_decref(items);
		return inc_db_fail(r);
	}
	int rc = app_incident_load(c, ctx->actor, ref, 0, &row);
	if (rc == 1) {
		rows = store_reports_of_incident(c, inc_iv(row, "id"));
		if (!rows)
			rc = -1;
	}
	db_read_end(ctx->db, c);
	json_decref(row);
	if (rc != 1) {
		json_decref(items);
		return rc < 0 ? inc_db_fail(r) : app_fail(r, APP_NOT_FOUND, NOT_FOUND_DETAIL);
	}
	json_array_foreach(rows, i, rep)
	{
		enum tlp t = TLP_RED;
		if (tlp_parse(inc_sv(rep, "tlp"), &t) != 0)
			t = TLP_RED;
		if (actor_can_see(ctx->actor, inc_iv(rep, "constituency_id"), t))
			json_array_append(items, rep);
	}
	json_decref(rows);
	r->object = json_pack("{s:o,s:n}", "items", items, "next_cursor");
	return 0;
}

/* --- update --------------------------------------------------------------- */

struct update_job {
	const struct app_ctx *ctx;
	const char *ref;
	int64_t if_match;
	const json_t *in;
	struct app_result *r;
};

static void times_from_row(const json_t *row, struct incident_times *t)
{
	t->occurred = inc_iv(row, "occurred_at");
	t->detected = inc_iv(row, "detected_at");
	t->reported = inc_iv(row, "reported_at");
	t->acknowledged = inc_iv(row, "acknowledged_at");
	t->contained = inc_iv(row, "contained_at");
	t->resolved = inc_iv(row, "resolved_at");
	t->closed = inc_iv(row, "closed_at");
}

static void set_time(json_t *row, const char *col, int64_t t)
{
	json_object_set_new(row, col, t ? json_integer(t) : json_null());
}

static void times_to_row(const struct incident_times *t, json_t *row)
{
	set_time(row, "acknowledged_at", t->acknowledged);
	set_time(row, "contained_at", t->contained);
	set_time(row, "resolved_at", t->resolved);
	set_time(row, "closed_at", t->closed);
}

/* The workflow part of an update: status (and resolution) from in applied
 * to row. Errors go to r (APP_TRANSITION for a move the table refuses). */
static void apply_status(const json_t *in, json_t *row, int64_t now, struct app_result *r)
{
	const json_t *sj = json_object_get(in, "status"), *rj = json_object_get(in, "resolution");
	enum incident_status from, to;
	enum resolution res = RES_NONE, res_out = RES_NONE;
	if (row_status(row, &from) != 0) {
		app_fail(r, APP_INTERNAL, "the incident has an unknown status");
		return;
	}
	if (rj && !json_is_null(rj) &&
	    (!json_is_string(rj) || workflow_resolution_parse(json_string_value(rj), &res) != 0 || res == RES_NONE)) {
		app_field_error(r, "resolution", "must be resolved, false_positive, duplicate or out_of_scope");
		return;
	}
	if (sj && (!json_is_string(sj) || workflow_status_parse(json_string_value(sj), &to) != 0)) {
		app_field_error(r, "status",
		                "must be new, triage, analysis, containment, eradication, recovery or closed");
		return;
	}
	if (!sj || to == from) {
		/* No move: only a closed incident's resolution may change. */
		if (!rj)
			return;
		if (from == ST_CLOSED && res != RES_NONE)
			json_object_set_new(row, "resolution", json_string(workflow_resolution_name(res)));
		else if (from == ST_CLOSED)
			app_field_error(r, "resolution", "a closed incident needs a resolution");
		else if (res != RES_NONE)
			app_field_error(r, "resolution", "is given only when closing the incident (status closed)");
		return;
	}
	struct incident_times t;
	times_from_row(row, &t);
	enum workflow_err e = workflow_transition(from, to, res, now, &t, &res_out);
	if (e == WF_FORBIDDEN) {
		enum incident_status next[ST_COUNT];
		size_t n = workflow_next(from, next);
		char allowed[160] = "";
		size_t len = 0;
		for (size_t i = 0; i < n; i++)
			len += (size_t)snprintf(allowed + len, len < sizeof(allowed) ? sizeof(allowed) - len : 0,
			                        "%s%s", i ? ", " : "", workflow_status_name(next[i]));
		app_fail(r, APP_TRANSITION, "cannot change the status from %s to %s; allowed from %s: %s",
		         workflow_status_name(from), workflow_status_name(to), workflow_status_name(from),
		         n ? allowed : "none");
		json_decref(r->errors);
		r->errors = json_pack("[{s:s,s:s}]", "field", "status", "message", workflow_strerror(e));
		return;
	}
	if (e != WF_OK) {
		app_field_error(r, e == WF_SAME_STATUS ? "status" : "resolution", "%s", workflow_strerror(e));
		return;
	}
	json_object_set_new(row, "status", json_string(workflow_status_name(to)));
	json_object_set_new(row, "resolution",
	                    res_out == RES_NONE ? json_null() : json_string(workflow_resolution_name(res_out)));
	times_to_row(&t, row);
}

/* Fields compared for the journal and the audit, in API order. */
static const char *const diff_cols[] = {"title",
                                        "description",
                                        "category",
                                        "impact",
                                        "urgency",
                                        "priority",
                                        "status",
                                        "resolution",
                                        "tlp",
                                        "pap",
                                        "constituency_id",
                                        "org_unit_id",
                                        "assignee_id",
                                        "is_exercise",
                                        "personal_data",
                                        "asset_criticality",
                                        "estimated_damage_jpy",
                                        "occurred_at",
                                        "detected_at",
                                        "reported_at",
                                        "acknowledged_at",
                                        "contained_at",
                                        "resolved_at",
                                        "closed_at",
                                        NULL};

static int is_milestone(const char *col)
{
	return strcmp(col, "acknowledged_at") == 0 || strcmp(col, "contained_at") == 0 ||
	       strcmp(col, "resolved_at") == 0 || strcmp(col, "closed_at") == 0;
}

/* Journal entries (status, assign, field) and the audit summary for the
 * change from before to after. Returns the number of changed columns, or
 * -1 on a database error. */
static int record_changes(struct db_conn *c, const struct actor *a, int64_t id, int64_t now, const json_t *before,
                          const json_t *after, json_t *audit_before, json_t *audit_after)
{
	json_t *changes = json_object();
	int n = 0, rc = 0;
	for (size_t i = 0; diff_cols[i]; i++) {
		const char *col = diff_cols[i];
		json_t *b = json_object_get(before, col), *f = json_object_get(after, col);
		if (json_equal(b ? b : json_null(), f ? f : json_null()))
			continue;
		n++;
		json_object_set_new(audit_before, col, api_value(col, b));
		json_object_set_new(audit_after, col, api_value(col, f));
		if (strcmp(col, "status") == 0 || strcmp(col, "assignee_id") == 0 || is_milestone(col))
			continue;
		if (strcmp(col, "resolution") == 0 &&
		    !json_equal(json_object_get(before, "status"), json_object_get(after, "status")))
			continue; /* part of the status entry */
		json_object_set_new(changes, col,
		                    json_pack("{s:o,s:o}", "from", api_value(col, b), "to", api_value(col, f)));
	}
	if (!json_equal(json_object_get(before, "status"), json_object_get(after, "status"))) {
		json_t *d = json_pack("{s:s,s:s,s:O}", "from", inc_sv(before, "status"), "to", inc_sv(after, "status"),
		                      "resolution", json_object_get(after, "resolution"));
		rc |= app_incident_journal(c, a, id, now, "status", d);
		json_decref(d);
	}
	json_t *ab = json_object_get(before, "assignee_id"), *aa = json_object_get(after, "assignee_id");
	if (!json_equal(ab ? ab : json_null(), aa ? aa : json_null())) {
		json_t *d = json_pack("{s:O,s:O}", "from", ab ? ab : json_null(), "to", aa ? aa : json_null());
		rc |= app_incident_journal(c, a, id, now, "assign", d);
		json_decref(d);
	}
	if (json_object_size(changes)) {
		json_t *d = json_pack("{s:O}", "changes", changes);
		rc |= app_incident_journal(c, a, id, now, "field", d);
		json_decref(d);
	}
	json_decref(changes);
	return rc ? -1 : n;
}

static int update_job_fn(struct db_conn *c, void *arg)
{
	struct update_job *j = arg;
	const struct actor *a = j->ctx->actor;
	struct app_result *r = j->r;
	json_t *before = NULL, *row = NULL, *ab = json_object(), *aa = json_object();
	int64_t now = time_now(), id;
	int rc = app_incident_load(c, a, j->ref, 0, &before);
	if (rc <= 0) {
		if (rc < 0)
			inc_db_fail(r);
		else
			app_fail(r, APP_NOT_FOUND, NOT_FOUND_DETAIL);
		goto fail;
	}
	id = inc_iv(before, "id");
	if (inc_iv(before, "version") != j->if_match) {
		app_fail(r, APP_STALE,
		         "the incident changed (version %" PRId64 ", you sent %" PRId64
		         "); reload it and apply your change again",
		         inc_iv(before, "version"), j->if_match);
		goto fail;
	}
	row = json_deep_copy(before);
	if (apply_fields(c, a, j->in, row, r) < 0) {
		inc_db_fail(r);
		goto fail;
	}
	if (json_object_get(j->in, "status") || json_object_get(j->in, "resolution"))
		apply_status(j->in, row, now, r);
	if (r->err != APP_OK && r->err != APP_INVALID)
		goto fail;
	{
		int cons = !json_equal(json_object_get(before, "constituency_id"),
		                       json_object_get(row, "constituency_id"));
		int ou = cons || json_object_get(j->in, "org_unit_id");
		int as = cons || json_object_get(j->in, "assignee_id") ||
		         !json_equal(json_object_get(before, "tlp"), json_object_get(row, "tlp"));
		if (check_refs(c, a, row, cons, ou, as, r) < 0)
			goto fail;
	}
	if (r->err != APP_OK)
		goto fail;
	if ((json_object_get(j->in, "impact") || json_object_get(j->in, "urgency")) && set_priority(c, row) < 0) {
		inc_db_fail(r);
		goto fail;
	}
	rc = record_changes(c, a, id, now, before, row, ab, aa);
	if (rc < 0) {
		inc_db_fail(r);
		goto fail;
	}
	if (rc > 0) {
		json_object_set_new(row, "updated_at", json_integer(now));
		json_object_set_new(row, "version", json_integer(inc_iv(before, "version") + 1));
		int w = store_incident_update(c, id, inc_iv(before, "version"), row);
		if (w != 0) {
			if (w > 0)
				app_fail(r, APP_STALE, "the incident changed meanwhile; reload it and try again");
			else
				inc_db_fail(r);
			goto fail;
		}
		if (inc_audit(c, a, "incident.update", id, json_pack("{s:O,s:O}", "before", ab, "after", aa)) < 0) {
			inc_db_fail(r);
			goto fail;
		}
		if (app_escalation_on_change(c, j->ctx, before, row, now, r) < 0)
			goto fail;
	}
	if (result_object(c, id, r) < 0)
		goto fail;
	json_decref(before);
	json_decref(row);
	json_decref(ab);
	json_decref(aa);
	return 0;
fail:
	json_decref(before);
	json_decref(row);
	json_decref(ab);
	json_decref(aa);
	return -1;
}

int app_incident_update(const struct app_ctx *ctx, const char *ref, int64_t if_match, const json_t *in,
                        struct app_result *r)
{
	struct update_job j = {ctx, ref, if_match, in, r};
	return inc_write_result(db_write(ctx->db, update_job_fn, &j), r);
}

/* --- merge ---------------------------------------------------------------- */

static int merge_job_fn(struct db_conn *c, void *arg)
{
	struct update_job *j = arg;
	const struct actor *a = j->ctx->actor;
	struct app_result *r = j->r;
	json_t *src = NULL, *dst = NULL, *row = NULL, *into = json_object_get(j->in, "into"), *d;
	int64_t now = time_now(), sid, tid;
	char ref[64];
	int rc = app_incident_load(c, a, j->ref, 0, &src);
	if (rc <= 0) {
		if (rc < 0)
			inc_db_fail(r);
		else
			app_fail(r, APP_NOT_FOUND, NOT_FOUND_DETAIL);
		goto fail;
	}
	if (j->if_match && inc_iv(src, "version") != j->if_match) {
		app_fail(r, APP_STALE, "the incident changed (version %" PRId64 "); reload it and try again",
		         inc_iv(src, "version"));
		goto fail;
	}
	if (json_is_integer(into))
		snprintf(ref, sizeof(ref), "%" JSON_INTEGER_FORMAT, json_integer_value(into));
	else if (json_is_string(into))
		snprintf(ref, sizeof(ref), "%s", json_string_value(into));
	else
		ref[0] = '\0';
	rc = ref[0] ? app_incident_load(c, a, ref, 0, &dst) : 0;
	if (rc < 0) {
		inc_db_fail(r);
		goto fail;
	}
	if (rc == 0) {
		app_field_error(r, "into", "no incident %s", ref[0] ? ref : "(missing)");
		goto fail;
	}
	sid = inc_iv(src, "id");
	tid = inc_iv(dst, "id");
	if (sid == tid) {
		app_field_error(r, "into", "an incident cannot be merged into itself");
		goto fail;
	}
	if (json_is_integer(json_object_get(src, "merged_into_id"))) {
		app_fail(r, APP_CONFLICT, "%s was already merged into %s", inc_sv(src, "key"),
		         inc_sv(src, "merged_into"));
		goto fail;
	}
	if (json_is_integer(json_object_get(dst, "merged_into_id"))) {
		app_fail(r, APP_CONFLICT, "%s was itself merged into %s; merge into that one", inc_sv(dst, "key"),
		         inc_sv(dst, "merged_into"));
		goto fail;
	}
	/* The source's journal and reports become readable wherever the target
	 * is: the target must be at least as closed (same constituency, TLP no
	 * lower), or a merge would hand RED notes to AMBER readers. */
	if (inc_iv(src, "constituency_id") != inc_iv(dst, "constituency_id")) {
		app_field_error(r, "into",
		                "the incidents belong to different constituencies; only incidents of one "
		                "constituency can be merged");
		goto fail;
	}
	if (row_tlp(dst) < row_tlp(src)) {
		app_field_error(r, "into", "%s is %s and %s only %s: raise the target's TLP first", inc_sv(src, "key"),
		                inc_sv(src, "tlp"), inc_sv(dst, "key"), inc_sv(dst, "tlp"));
		goto fail;
	}
	/* Everything of the duplicate moves to the incident that goes on — its
	 * journal, reports, tasks (open ones too: they are still to be done),
	 * decisions and correspondence — before the merge entries below are
	 * written on the incident each describes. SLA and escalation history
	 * stay with the duplicate, whose clocks stop as it closes. */
	if (store_journal_move(c, sid, tid) < 0 || store_reports_move(c, sid, tid, now) < 0 ||
	    store_tasks_move(c, sid, tid, now) < 0 || store_decisions_move(c, sid, tid) < 0 ||
	    store_mails_move(c, sid, tid) < 0 || store_outbox_move(c, sid, tid) < 0) {
		inc_db_fail(r);
		goto fail;
	}
	row = json_deep_copy(src);
	{
		enum incident_status from;
		struct incident_times t;
		times_from_row(row, &t);
		if (row_status(row, &from) == 0 && from != ST_CLOSED &&
		    workflow_transition(from, ST_CLOSED, RES_DUPLICATE, now, &t, NULL) == WF_OK) {
			times_to_row(&t, row);
		} else if (from != ST_CLOSED) {
			set_time(row, "closed_at", now); /* every open status may close; kept for safety */
		}
	}
	json_object_set_new(row, "status", json_string("closed"));
	json_object_set_new(row, "resolution", json_string("duplicate"));
	json_object_set_new(row, "merged_into_id", json_integer(tid));
	json_object_set_new(row, "updated_at", json_integer(now));
	json_object_set_new(row, "version", json_integer(inc_iv(src, "version") + 1));
	rc = store_incident_update(c, sid, inc_iv(src, "version"), row);
	if (rc == 0) {
		json_object_set_new(dst, "updated_at", json_integer(now));
		json_object_set_new(dst, "version", json_integer(inc_iv(dst, "version") + 1));
		rc = store_incident_update(c, tid, inc_iv(dst, "version") - 1, dst);
	}
	if (rc != 0) {
		if (rc > 0)
			app_fail(r, APP_STALE, "an incident changed meanwhile; try again");
		else
			inc_db_fail(r);
		goto fail;
	}
	d = json_pack("{s:s,s:I,s:s,s:I}", "from", inc_sv(src, "key"), "from_id", (json_int_t)sid, "into",
	              inc_sv(dst, "key"), "into_id", (json_int_t)tid);
	rc = app_incident_journal(c, a, tid, now, "merge", d);
	if (rc == 0)
		rc = app_incident_journal(c, a, sid, now, "merge", d);
	if (rc == 0)
		rc = inc_audit(c, a, "incident.merge", sid,
		               json_pack("{s:{s:s,s:O},s:{s:s,s:s,s:s,s:s}}", "before", "status", inc_sv(src, "status"),
		                         "resolution", json_object_get(src, "resolution"), "after", "status", "closed",
		                         "resolution", "duplicate", "merged_into", inc_sv(dst, "key"), "key",
		                         inc_sv(src, "key")));
	if (rc == 0)
		rc = inc_audit(c, a, "incident.merged_into", tid,
		               json_pack("{s:s,s:I}", "from", inc_sv(src, "key"), "from_id", (json_int_t)sid));
	json_decref(d);
	if (rc < 0) {
		inc_db_fail(r);
		goto fail;
	}
	if (result_object(c, sid, r) < 0)
		goto fail;
	json_decref(src);
	json_decref(dst);
	json_decref(row);
	return 0;
fail:
	json_decref(src);
	json_decref(dst);
	json_decref(row);
	return -1;
}

int app_incident_merge(const struct app_ctx *ctx, const char *ref, int64_t if_match, const json_t *in,
                       struct app_result *r)
{
	struct update_job j = {ctx, ref, if_match, in, r};
	return inc_write_result(db_write(ctx->db, merge_job_fn, &j), r);
}

int inc_parse_int(const char *s, int64_t *out)
{
	char *end;
	if (!*s)
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno)
		return -1;
	*out = v;
	return 0;
}
