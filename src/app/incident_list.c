/*
 * The incident list: query parameters parsed into a store filter (status,
 * category, priority, assignee, constituency, TLP, date ranges, full text),
 * the caller's scope and TLP clearance added, keyset pagination by cursor.
 */
#include "app/incident.h"
#include "app/incident_impl.h"

#include "core/markdown.h"
#include "core/priority.h"
#include "core/search.h"
#include "core/taxonomy.h"
#include "core/tlp.h"
#include "core/workflow.h"
#include "lib/config.h"
#include "lib/cursor.h"
#include "lib/timeutil.h"
#include "store/db.h"
#include "store/incident.h"
#include "store/journal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- list ----------------------------------------------------------------- */

/* Splits a comma-separated parameter into at most STORE_FILTER_MAX values
 * of at most valmax - 1 bytes each; calls fn for each. -1 with a field
 * error on an empty value, too many values, or fn's refusal. */
typedef int (*value_fn)(const char *v, struct store_incident_filter *f);

static int split_values(const char *param, const char *s, struct store_incident_filter *f, value_fn fn,
                        struct app_result *r)
{
	size_t n = 0;
	while (1) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		char v[TAXONOMY_CODE_MAX + 1];
		if (len == 0 || len >= sizeof(v)) {
			app_field_error(r, param, "must be a comma-separated list of values");
			return -1;
		}
		if (++n > STORE_FILTER_MAX) {
			app_field_error(r, param, "at most %d values", STORE_FILTER_MAX);
			return -1;
		}
		memcpy(v, s, len);
		v[len] = '\0';
		if (fn(v, f) != 0) {
			app_field_error(r, param, "\"%s\" is not a valid value", v);
			return -1;
		}
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

static int add_status(const char *v, struct store_incident_filter *f)
{
	enum incident_status st;
	if (workflow_status_parse(v, &st) != 0)
		return -1;
	f->status[f->nstatus++] = workflow_status_name(st);
	return 0;
}

static int add_category(const char *v, struct store_incident_filter *f)
{
	if (taxonomy_normalize_code(v, f->category[f->ncategory], sizeof(f->category[0])) != 0)
		return -1;
	f->ncategory++;
	return 0;
}

static int add_priority(const char *v, struct store_incident_filter *f)
{
	enum priority p;
	if (priority_parse(v, &p) != 0)
		return -1;
	f->priority[f->npriority++] = priority_name(p);
	return 0;
}

static int parse_id(const char *v, int64_t *id)
{
	if (inc_parse_int(v, id) != 0 || *id < 1)
		return -1;
	return 0;
}

static int add_assignee(const char *v, struct store_incident_filter *f)
{
	if (strcmp(v, "none") == 0) {
		f->assignee_none = 1;
		return 0;
	}
	return parse_id(v, &f->assignee[f->nassignee++]);
}

static int add_constituency(const char *v, struct store_incident_filter *f)
{
	return parse_id(v, &f->constituency[f->nconstituency++]);
}

/* Requested labels are collected (without duplicates) until intersected
 * with the actor's clearance (see build_tlp). */
static int add_tlp(const char *v, struct store_incident_filter *f)
{
	enum tlp t;
	if (tlp_parse(v, &t) != 0)
		return -1;
	for (size_t i = 0; i < f->ntlp; i++)
		if (f->tlp[i] == tlp_name(t))
			return 0;        /* duplicates would overflow tlp[TLP_COUNT] */
	f->tlp[f->ntlp++] = tlp_name(t); /* temporary; rebuilt by build_tlp */
	return 0;
}

/* The labels the list may show: those requested (all when none) at or
 * below the actor's clearance. No restriction at all when neither applies,
 * so the planner keeps the plain index walk. */
static void build_tlp(struct store_incident_filter *f, const struct actor *a)
{
	int want[TLP_COUNT] = {0};
	int requested = f->ntlp > 0;
	for (size_t i = 0; i < f->ntlp; i++) {
		enum tlp t;
		if (tlp_parse(f->tlp[i], &t) == 0)
			want[t] = 1;
	}
	f->ntlp = 0;
	f->tlp_restricted = requested || a->tlp_max < TLP_RED;
	for (int t = 0; t < TLP_COUNT; t++)
		if ((!requested || want[t]) && t <= (int)a->tlp_max)
			f->tlp[f->ntlp++] = tlp_name((enum tlp)t);
}

/* Parses the free-text query into f (core/search.c); 0, or -1 with a field
 * error naming q. */
static int parse_q(const char *q, struct store_incident_filter *f, struct app_result *r)
{
	enum search_err e = search_parse(q, &f->search);
	if (e == SEARCH_OK)
		return 0;
	app_field_error(r, "q", "%s", search_strerror(e));
	return -1;
}

static int parse_sort(const char *s, struct store_incident_filter *f)
{
	static const char *const names[] = {"created_at", "updated_at", "priority", "key", "status"};
	f->desc = s[0] == '-';
	if (s[0] == '-' || s[0] == '+')
		s++;
	for (int i = 0; i < 5; i++) {
		if (strcmp(s, names[i]) == 0) {
			f->sort = (enum store_incident_sort)i;
			return 0;
		}
	}
	return -1;
}

static int is_int_sort(enum store_incident_sort s)
{
	return s == INC_SORT_CREATED_AT || s == INC_SORT_UPDATED_AT;
}

/* Fills f from the query parameters; -1 with field errors in r. */
static int build_filter(const struct app_ctx *ctx, const struct app_incident_query *qp, struct store_incident_filter *f,
                        struct app_result *r)
{
	const char *ranges[INC_RANGE_COUNT] = {qp->created_from, qp->created_to,   qp->detected_from,
	                                       qp->detected_to,  qp->updated_from, qp->updated_to};
	static const char *const range_names[INC_RANGE_COUNT] = {"created_from", "created_to",   "detected_from",
	                                                         "detected_to",  "updated_from", "updated_to"};
	memset(f, 0, sizeof(*f));
	f->is_exercise = -1;
	f->sort = INC_SORT_CREATED_AT;
	f->desc = 1;
	f->limit = qp->limit;
	if (qp->status && split_values("status", qp->status, f, add_status, r) < 0)
		return -1;
	if (qp->category && split_values("category", qp->category, f, add_category, r) < 0)
		return -1;
	if (qp->priority && split_values("priority", qp->priority, f, add_priority, r) < 0)
		return -1;
	if (qp->assignee && split_values("assignee", qp->assignee, f, add_assignee, r) < 0)
		return -1;
	if (qp->constituency && split_values("constituency", qp->constituency, f, add_constituency, r) < 0)
		return -1;
	if (qp->tlp && split_values("tlp", qp->tlp, f, add_tlp, r) < 0)
		return -1;
	build_tlp(f, ctx->actor);
	if (qp->is_exercise) {
		if (strcmp(qp->is_exercise, "true") == 0)
			f->is_exercise = 1;
		else if (strcmp(qp->is_exercise, "false") == 0)
			f->is_exercise = 0;
		else
			app_field_error(r, "is_exercise", "must be true or false");
	}
	for (int i = 0; i < INC_RANGE_COUNT; i++) {
		if (!ranges[i])
			continue;
		if (time_parse(ranges[i], &f->range[i]) != 0)
			app_field_error(r, range_names[i], "must be an RFC 3339 time");
		else
			f->has_range[i] = 1;
	}
	if (qp->q && parse_q(qp->q, f, r) < 0)
		return -1;
	if (qp->sort && parse_sort(qp->sort, f) != 0)
		app_field_error(r, "sort",
		                "must be created_at, updated_at, priority, key or status, with - for descending");
	if (!ctx->actor->all_constituencies) {
		f->scope_restricted = 1;
		f->scope_user_id = ctx->actor->user_id;
	}
	if (qp->cursor) {
		char value[256];
		if (cursor_decode(qp->cursor, value, sizeof(value), &f->cursor_id) != 0 ||
		    (is_int_sort(f->sort) && inc_parse_int(value, &f->cursor_int) != 0))
			app_field_error(r, "cursor", "is not a cursor from this list (sort changed?)");
		if (f->sort == INC_SORT_PRIORITY || f->sort == INC_SORT_STATUS) {
			/* "P3|1700000000": the value, then created_at (see cursor_value). */
			char *bar = strrchr(value, '|');
			if (!bar || inc_parse_int(bar + 1, &f->cursor_int) != 0)
				app_field_error(r, "cursor", "is not a cursor from this list (sort changed?)");
			else
				*bar = '\0';
		}
		snprintf(f->cursor_text, sizeof(f->cursor_text), "%s", value);
		f->has_cursor = 1;
	}
	if (r->err == APP_OK && store_incident_filter_binds(f) > STORE_LIST_BINDS_MAX)
		app_field_error(r, "q", "too many filter values in one query; narrow the filters");
	return r->err == APP_OK ? 0 : -1;
}

int app_incident_list(const struct app_ctx *ctx, const struct app_incident_query *qp, struct app_result *r)
{
	struct store_incident_filter *f = calloc(1, sizeof(*f)); /* ~10 KiB: keep it off the stack */
	json_t *rows = NULL, *items, *row, *next = json_null();
	size_t i;
	if (!f)
		return app_fail(r, APP_INTERNAL, "out of memory");
	if (build_filter(ctx, qp, f, r) < 0) {
		free(f);
		return -1;
	}
	struct db_conn *c = db_read_begin(ctx->db);
	if (c) {
		rows = store_incident_list(c, f);
		db_read_end(ctx->db, c);
	}
	if (!rows) {
		free(f);
		return inc_db_fail(r);
	}
	if (json_array_size(rows) > (size_t)f->limit) {
		char cur[CURSOR_MAX], v[256];
		json_t *last = json_array_get(rows, (size_t)f->limit - 1);
		const char *col = store_incident_sort_column(f->sort);
		if (is_int_sort(f->sort))
			snprintf(v, sizeof(v), "%" PRId64, inc_iv(last, col));
		else if (f->sort == INC_SORT_KEY)
			snprintf(v, sizeof(v), "%s", inc_sv(last, col));
		else /* priority and status order by (value, created_at, id) */
			snprintf(v, sizeof(v), "%s|%" PRId64, inc_sv(last, col), inc_iv(last, "created_at"));
		cursor_encode(v, inc_iv(last, "id"), cur);
		next = json_string(cur);
		json_array_remove(rows, (size_t)f->limit);
	}
	items = json_array();
	json_array_foreach(rows, i, row) json_array_append_new(items, inc_api(json_incref(row), 0));
	json_decref(rows);
	free(f);
	r->object = json_pack("{s:o,s:o}", "items", items, "next_cursor", next);
	return 0;
}
