/*
 * Contact network use cases (see contact.h): the directory's CRUD, its
 * review dates, the CSV import and the review reminders.
 *
 * A write builds the candidate row (the stored row, or defaults, with the
 * input merged in) in the store's raw form — groups as compact JSON text,
 * on_call 0/1, times as unix seconds, absent references as null — checks
 * every value of it, and writes it in the same job, so a check and the
 * write it guards see the same state. The CSV import runs the same checks
 * on every row before writing any.
 */
#include "app/contact.h"

#include "app/scheduler.h"
#include "app/setup.h"
#include "core/csv.h"
#include "core/tlp.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/cursor.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/contact.h"
#include "store/db.h"
#include "store/outbox.h"
#include "store/user.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GROUPS_MAX       16   /* groups per contact */
#define INTERVAL_MAX     3650 /* review interval in days (10 years) */
#define FUTURE_SLACK     86400
#define REMIND_BODY_MAX  (256 * 1024) /* one reminder mail's text */
#define CURSOR_VALUE_MAX 512

const struct app_contact_code app_contact_roles[] = {
        {"division_head", "部門長", "Division head"},
        {"security_promoter", "情報セキュリティ推進者", "Security promoter"},
        {"ciso", "CISO", "CISO"},
        {"management", "経営層", "Management"},
        {"pr", "広報", "Public relations"},
        {"legal", "法務", "Legal"},
        {"general_affairs", "総務", "General affairs"},
        {"csirt", "CSIRT", "CSIRT"},
        {"it", "情報システム", "IT"},
        {"other", "その他", "Other"},
        {NULL, NULL, NULL},
};

const struct app_contact_code app_contact_org_types[] = {
        {"coordination", "調整機関（JPCERT/CC など）", "Coordination centre (JPCERT/CC, ...)"},
        {"government", "行政機関（IPA・NISC・監督官庁）", "Government (IPA, NISC, regulators)"},
        {"police", "警察", "Police"},
        {"isac", "ISAC", "ISAC"},
        {"vendor", "ベンダー", "Vendor"},
        {"group_company", "グループ会社", "Group company"},
        {"partner", "委託先・取引先", "Outsourcing partner"},
        {"other", "その他", "Other"},
        {NULL, NULL, NULL},
};

const struct app_contact_code app_contact_groups[] = {
        {"management", "経営層", "Management"},
        {"pr", "広報", "Public relations"},
        {"legal", "法務", "Legal"},
        {"general_affairs", "総務", "General affairs"},
        {"csirt", "CSIRT", "CSIRT"},
        {"it", "情報システム", "IT"},
        {"external", "外部機関", "External bodies"},
        {NULL, NULL, NULL},
};

const char *const app_contact_csv_columns[] = {"id",
                                               "kind",
                                               "name",
                                               "name_en",
                                               "organization",
                                               "org_type",
                                               "org_unit_id",
                                               "constituency_id",
                                               "role",
                                               "title",
                                               "groups",
                                               "email",
                                               "phone",
                                               "mobile",
                                               "pgp_fingerprint",
                                               "on_call",
                                               "rota",
                                               "tlp_max",
                                               "lang",
                                               "notes",
                                               "owner",
                                               "review_interval_days",
                                               "reviewed_at",
                                               NULL};

/* Single-line texts and their limits (bytes); notes and rota may span lines. */
static const struct {
	const char *name;
	size_t max;
	int multiline;
} text_fields[] = {
        {"kind", 16, 0},     {"name", 200, 0},  {"name_en", 200, 0},        {"organization", 200, 0},
        {"org_type", 32, 0}, {"role", 32, 0},   {"title", 200, 0},          {"email", 254, 0},
        {"phone", 40, 0},    {"mobile", 40, 0}, {"pgp_fingerprint", 64, 0}, {"rota", 1000, 1},
        {"tlp_max", 32, 0},  {"lang", 8, 0},    {"notes", 4000, 1},
};
static const char *const id_fields[] = {"org_unit_id", "constituency_id", "owner_id", NULL};

/* --- helpers ------------------------------------------------------------- */

static int64_t int_member(const json_t *o, const char *name)
{
	return (int64_t)json_integer_value(json_object_get(o, name));
}

static const char *str_member(const json_t *o, const char *name)
{
	const char *s = json_string_value(json_object_get(o, name));
	return s ? s : "";
}

/* A field error named prefix + field ("row 7: email"). */
static void ferr(struct app_result *r, const char *prefix, const char *field, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static void ferr(struct app_result *r, const char *prefix, const char *field, const char *fmt, ...)
{
	char name[160], msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(name, sizeof(name), "%s%s", prefix, field);
	app_field_error(r, name, "%s", msg);
}

static int require_writer(const struct app_ctx *ctx, struct app_result *r)
{
	if (ctx->actor->role >= ROLE_HANDLER)
		return 0;
	return app_fail(r, APP_FORBIDDEN, "changing the contact network needs the handler or admin role");
}

static int audit(struct db_conn *c, const struct actor *a, const char *action, int64_t id, json_t *summary,
                 struct app_result *r)
{
	char ids[24];
	struct audit_actor who = {a->user_id, a->login};
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	int rc = summary ? audit_append(c, &who, action, "contact", ids, summary) : -1;
	json_decref(summary);
	if (rc < 0)
		return app_fail(r, APP_INTERNAL, "the audit log could not be written");
	return 0;
}

static const struct app_contact_code *code_find(const struct app_contact_code *list, const char *code)
{
	for (; list->code; list++)
		if (strcmp(list->code, code) == 0)
			return list;
	return NULL;
}

/* [a-z_]{1,32} */
static int group_code_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 32)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
			return 0;
	return 1;
}

/* local@domain: one @, no spaces, controls or mail-syntax specials, a
 * dotted domain of letters, digits, hyphens (or non-ASCII, IDN). */
static int email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);
	if (!at || at == s || strchr(at + 1, '@') || (size_t)(at - s) > 64 || n > 254)
		return 0;
	for (const char *p = s; p < at; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch <= ' ' || ch == 0x7f || strchr("<>()[]\\,;:\"", ch))
			return 0;
	}
	const char *d = at + 1;
	if (!*d || *d == '.' || d[strlen(d) - 1] == '.' || !strchr(d, '.') || strstr(d, ".."))
		return 0;
	for (; *d; d++) {
		unsigned char ch = (unsigned char)*d;
		if (!(isalnum(ch) || ch == '-' || ch == '.' || ch >= 0x80))
			return 0;
	}
	return 1;
}

/* Digits and + - ( ) . # * and spaces, with at least two digits. */
static int phone_valid(const char *s)
{
	int digits = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!strchr("+-(). #*", *s))
			return 0;
	}
	return digits >= 2;
}

/* 40 hex digits, spaces allowed; out = ten upper-case groups of four
 * separated by spaces (50 bytes). 0, or -1 when not a fingerprint. */
static int pgp_normalize(const char *s, char out[50])
{
	char hex[41];
	size_t n = 0;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (!isxdigit((unsigned char)*s) || n == 40)
			return -1;
		hex[n++] = (char)toupper((unsigned char)*s);
	}
	if (n != 40)
		return -1;
	char *w = out;
	for (size_t i = 0; i < 40; i++) {
		if (i && i % 4 == 0)
			*w++ = ' ';
		*w++ = hex[i];
	}
	*w = '\0';
	return 0;
}

/* 1 when s holds a control character (tab and line breaks allowed when
 * multiline). */
static int has_control(const char *s, int multiline)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch < 0x20 || ch == 0x7f) && !(multiline && (ch == '\n' || ch == '\r' || ch == '\t')))
			return 1;
	}
	return 0;
}

/* The raw row of a new contact before the input is merged in. */
static json_t *default_row(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:n, s:n, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, "
	                 "s:s, s:n, s:i, s:n}",
	                 "kind", "", "name", "", "name_en", "", "organization", "", "org_type", "", "org_unit_id",
	                 "constituency_id", "role", "", "title", "", "groups", "[]", "email", "", "phone", "", "mobile",
	                 "", "pgp_fingerprint", "", "on_call", 0, "rota", "", "tlp_max", "AMBER", "lang", "ja", "notes",
	                 "", "owner_id", "review_interval_days", 365, "reviewed_at");
}

/* groups (any JSON value) into the row as compact text of unique codes. */
static void merge_groups(json_t *row, const json_t *v, const char *prefix, struct app_result *r)
{
	if (!json_is_array(v)) {
		ferr(r, prefix, "groups", "must be an array of group codes such as [\"legal\", \"pr\"]");
		return;
	}
	json_t *out = json_array();
	size_t i;
	json_t *g;
	json_array_foreach(v, i, g)
	{
		const char *s = json_string_value(g);
		if (!s || !group_code_valid(s)) {
			ferr(r, prefix, "groups",
			     "each group must be 1 to 32 lower-case letters or '_' (e.g. legal, pr)");
			json_decref(out);
			return;
		}
		int dup = 0;
		for (size_t k = 0; k < json_array_size(out); k++)
			dup |= strcmp(json_string_value(json_array_get(out, k)), s) == 0;
		if (!dup)
			json_array_append_new(out, json_string(s));
	}
	if (json_array_size(out) > GROUPS_MAX) {
		ferr(r, prefix, "groups", "at most %d groups", GROUPS_MAX);
		json_decref(out);
		return;
	}
	char *text = json_dumps(out, JSON_COMPACT);
	json_object_set_new(row, "groups", json_string(text ? text : "[]"));
	free(text);
	json_decref(out);
}

/* Merges a shape-checked input object into the raw row. */
static void merge_input(json_t *row, const json_t *in, const char *prefix, struct app_result *r)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)in, k, v)
	{
		if (strcmp(k, "groups") == 0) {
			merge_groups(row, v, prefix, r);
		} else if (strcmp(k, "on_call") == 0) {
			json_object_set_new(row, k, json_integer(json_is_true(v)));
		} else if (strcmp(k, "review_interval_days") == 0) {
			json_object_set(row, k, v);
		} else if (strcmp(k, "reviewed_at") == 0) {
			int64_t t;
			if (json_is_null(v))
				json_object_set_new(row, k, json_null());
			else if (json_is_string(v) && time_parse(json_string_value(v), &t) == 0)
				json_object_set_new(row, k, json_integer(t));
			else
				ferr(r, prefix, k, "must be an RFC 3339 time like 2026-04-01T09:00:00+09:00");
		} else if (json_is_integer(v) || json_is_null(v)) {
			/* references: 0 and null both mean none */
			json_object_set_new(
			        row, k, json_is_integer(v) && json_integer_value(v) > 0 ? json_copy(v) : json_null());
		} else if (json_is_string(v)) {
			json_object_set(row, k, v);
		}
	}
}

/* Checks a reference column; 0 or -1 on a database error. */
static int check_ref(struct db_conn *c, const json_t *row, const char *field, const char *table, const char *what,
                     const char *prefix, struct app_result *r)
{
	int64_t id = int_member(row, field);
	if (!id)
		return 0;
	int e = store_contact_ref_exists(c, table, id);
	if (e < 0)
		return -1;
	if (!e)
		ferr(r, prefix, field, "no %s with id %lld", what, (long long)id);
	return 0;
}

/* Checks every value of a candidate row and normalises the PGP fingerprint
 * and the TLP label in place. Errors go to r named prefix + field.
 * 0, or -1 on a database error. */
static int check_row(struct db_conn *c, json_t *row, const char *prefix, int64_t now, struct app_result *r)
{
	for (size_t i = 0; i < sizeof(text_fields) / sizeof(text_fields[0]); i++) {
		const char *s = str_member(row, text_fields[i].name);
		if (strlen(s) > text_fields[i].max)
			ferr(r, prefix, text_fields[i].name, "must be at most %zu bytes", text_fields[i].max);
		else if (has_control(s, text_fields[i].multiline))
			ferr(r, prefix, text_fields[i].name, "must not contain control characters%s",
			     text_fields[i].multiline ? "" : " or line breaks");
	}
	const char *kind = str_member(row, "kind"), *s;
	int external = strcmp(kind, "external") == 0;
	if (!external && strcmp(kind, "internal") != 0)
		ferr(r, prefix, "kind", "must be internal or external");
	if (!str_member(row, "name")[0])
		ferr(r, prefix, "name", "is required");
	s = str_member(row, "role");
	if (s[0] && !code_find(app_contact_roles, s))
		ferr(r, prefix, "role", "is not a role code (see GET /api/v1/contacts/meta)");
	s = str_member(row, "org_type");
	if (s[0] && !code_find(app_contact_org_types, s))
		ferr(r, prefix, "org_type", "is not an organisation type code (see GET /api/v1/contacts/meta)");
	else if (s[0] && !external)
		ferr(r, prefix, "org_type", "is only for external bodies (kind external)");
	s = str_member(row, "email");
	if (s[0] && !email_valid(s))
		ferr(r, prefix, "email", "is not an e-mail address like taro@example.jp");
	if ((s = str_member(row, "phone"))[0] && !phone_valid(s))
		ferr(r, prefix, "phone", "may hold half-width digits, spaces and + - ( ) . # * only");
	if ((s = str_member(row, "mobile"))[0] && !phone_valid(s))
		ferr(r, prefix, "mobile", "may hold half-width digits, spaces and + - ( ) . # * only");
	if ((s = str_member(row, "pgp_fingerprint"))[0]) {
		char fp[50];
		if (pgp_normalize(s, fp) < 0)
			ferr(r, prefix, "pgp_fingerprint", "must be 40 hexadecimal digits (spaces allowed)");
		else
			json_object_set_new(row, "pgp_fingerprint", json_string(fp));
	}
	enum tlp t;
	if (tlp_parse(str_member(row, "tlp_max"), &t) < 0)
		ferr(r, prefix, "tlp_max", "must be CLEAR, GREEN, AMBER, AMBER+STRICT or RED");
	else
		json_object_set_new(row, "tlp_max", json_string(tlp_name(t)));
	s = str_member(row, "lang");
	if (strcmp(s, "ja") != 0 && strcmp(s, "en") != 0)
		ferr(r, prefix, "lang", "must be ja or en");
	json_t *iv = json_object_get(row, "review_interval_days");
	if (!json_is_integer(iv) || json_integer_value(iv) < 1 || json_integer_value(iv) > INTERVAL_MAX)
		ferr(r, prefix, "review_interval_days", "must be a whole number of days from 1 to %d", INTERVAL_MAX);
	json_t *rv = json_object_get(row, "reviewed_at");
	if (json_is_integer(rv) && json_integer_value(rv) > now + FUTURE_SLACK)
		ferr(r, prefix, "reviewed_at", "must not be in the future");
	if (check_ref(c, row, "org_unit_id", "org_unit", "org unit", prefix, r) < 0 ||
	    check_ref(c, row, "constituency_id", "constituency", "constituency", prefix, r) < 0 ||
	    check_ref(c, row, "owner_id", "app_user", "user", prefix, r) < 0)
		return -1;
	return 0;
}

/* The editable columns of two raw rows differ. */
static int row_changed(const json_t *a, const json_t *b)
{
	static const char *const cols[] = {"groups", "on_call", "review_interval_days", "reviewed_at", NULL};
	for (size_t i = 0; i < sizeof(text_fields) / sizeof(text_fields[0]); i++)
		if (strcmp(str_member(a, text_fields[i].name), str_member(b, text_fields[i].name)) != 0)
			return 1;
	for (const char *const *k = id_fields; *k; k++)
		if (int_member(a, *k) != int_member(b, *k))
			return 1;
	for (const char *const *k = cols; *k; k++) {
		json_t *x = json_object_get(a, *k), *y = json_object_get(b, *k);
		if (!json_equal(x ? x : json_null(), y ? y : json_null()))
			return 1;
	}
	return 0;
}

/* --- meta and reads ------------------------------------------------------ */

static json_t *codes_json(const struct app_contact_code *list)
{
	json_t *a = json_array();
	for (; list->code; list++)
		json_array_append_new(a,
		                      json_pack("{s:s, s:s, s:s}", "code", list->code, "ja", list->ja, "en", list->en));
	return a;
}

json_t *app_contact_meta(void)
{
	static const struct app_contact_code kinds[] = {
	        {"internal", "社内", "Internal"}, {"external", "外部機関", "External body"}, {NULL, NULL, NULL}};
	return json_pack("{s:o, s:o, s:o, s:o, s:i}", "kinds", codes_json(kinds), "roles",
	                 codes_json(app_contact_roles), "org_types", codes_json(app_contact_org_types), "groups",
	                 codes_json(app_contact_groups), "remind_every_days", CONTACT_REMIND_EVERY / 86400);
}

/* "true"/"false" (and "all" when allow_all) into -1/0/1; -2 when bad. */
static int tri_param(const char *s, int dflt, int allow_all)
{
	if (!s)
		return dflt;
	if (strcmp(s, "true") == 0)
		return 1;
	if (strcmp(s, "false") == 0)
		return 0;
	if (allow_all && strcmp(s, "all") == 0)
		return -1;
	return -2;
}

/* Parses the list query into f; field errors go to r. */
static void list_filter(const struct app_contact_query *q, struct store_contact_filter *f, char *cur_kind,
                        char *cur_name, struct app_result *r)
{
	memset(f, 0, sizeof(*f));
	f->kind = q->kind;
	f->role = q->role;
	f->org_type = q->org_type;
	f->group = q->group;
	f->q = q->q;
	f->limit = q->limit > 0 ? q->limit + 1 : 0;
	f->now = time_now();
	if (q->kind && strcmp(q->kind, "internal") && strcmp(q->kind, "external"))
		app_field_error(r, "kind", "must be internal or external");
	if (q->role && !code_find(app_contact_roles, q->role))
		app_field_error(r, "role", "is not a role code (see /api/v1/contacts/meta)");
	if (q->org_type && !code_find(app_contact_org_types, q->org_type))
		app_field_error(r, "org_type", "is not an organisation type code (see /api/v1/contacts/meta)");
	if (q->group && !group_code_valid(q->group))
		app_field_error(r, "group", "must be a group code such as legal");
	if (q->q && strlen(q->q) > 200)
		app_field_error(r, "q", "must be at most 200 bytes");
	if (q->constituency) {
		char *end;
		errno = 0;
		long long v = strtoll(q->constituency, &end, 10);
		if (errno || end == q->constituency || *end || v < 1)
			app_field_error(r, "constituency", "must be a positive integer id");
		f->constituency_id = v;
	}
	if ((f->on_call = tri_param(q->on_call, -1, 0)) == -2)
		app_field_error(r, "on_call", "must be true or false");
	if ((f->active = tri_param(q->active, 1, 1)) == -2)
		app_field_error(r, "active", "must be true, false or all");
	int st = tri_param(q->stale, 0, 0);
	if (st == -2)
		app_field_error(r, "stale", "must be true or false");
	f->stale = st == 1;
	if (q->cursor) {
		char value[CURSOR_VALUE_MAX];
		char *sep;
		if (cursor_decode(q->cursor, value, sizeof(value), &f->after_id) < 0 || f->after_id < 1 ||
		    !(sep = strchr(value, '\x1e'))) {
			app_field_error(r, "cursor", "is not a cursor this server issued");
			return;
		}
		*sep = '\0';
		if (strlen(value) >= 32) {
			app_field_error(r, "cursor", "is not a cursor this server issued");
			return;
		}
		memcpy(cur_kind, value, strlen(value) + 1);
		memcpy(cur_name, sep + 1, strlen(sep + 1) + 1);
		f->after_kind = cur_kind;
		f->after_name = cur_name;
	}
}

enum app_err app_contact_list(const struct app_ctx *ctx, const struct app_contact_query *q, struct app_result *r)
{
	struct store_contact_filter f;
	char cur_kind[32], cur_name[CURSOR_VALUE_MAX];
	list_filter(q, &f, cur_kind, cur_name, r);
	if (r->err != APP_OK)
		return r->err;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *rows = store_contact_list(c, &f);
	db_read_end(ctx->db, c);
	if (!rows)
		return app_fail(r, APP_INTERNAL, "the contacts could not be listed"), r->err;
	json_t *next = json_null();
	if (q->limit > 0 && json_array_size(rows) > (size_t)q->limit) {
		json_array_remove(rows, (size_t)q->limit);
		const json_t *last = json_array_get(rows, (size_t)q->limit - 1);
		char value[CURSOR_VALUE_MAX], cur[CURSOR_MAX];
		snprintf(value, sizeof(value), "%s\x1e%s", str_member(last, "kind"), str_member(last, "name"));
		cursor_encode(value, int_member(last, "id"), cur);
		next = json_string(cur);
	}
	json_t *items = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) json_array_append_new(items, store_contact_api(row, f.now));
	json_decref(rows);
	r->object = json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
	return r->err;
}

enum app_err app_contact_get(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	json_t *row = store_contact_get(c, id);
	db_read_end(ctx->db, c);
	if (!row)
		return app_fail(r, APP_NOT_FOUND, "no such contact"), r->err;
	r->object = store_contact_api(row, time_now());
	json_decref(row);
	return r->err;
}

/* --- writes -------------------------------------------------------------- */

enum mark { MARK_NONE, MARK_REVIEWED, MARK_INACTIVE };

struct contact_job {
	const struct app_ctx *ctx;
	struct app_result *r;
	const json_t *in;
	int64_t id, if_match;
	enum mark mark;
};

/* Reads the contact back into r->object; -1 on failure. */
static int read_back(struct db_conn *c, int64_t id, int64_t now, json_t **raw, struct app_result *r)
{
	*raw = store_contact_get(c, id);
	if (!*raw)
		return app_fail(r, APP_INTERNAL, "the contact could not be read back");
	json_decref(r->object);
	r->object = store_contact_api(*raw, now);
	return 0;
}

static int create_job(struct db_conn *c, void *arg)
{
	struct contact_job *j = arg;
	json_t *row = default_row(), *after = NULL;
	int64_t id, now = time_now();
	int rc = -1;
	merge_input(row, j->in, "", j->r);
	if (check_row(c, row, "", now, j->r) < 0) {
		app_fail(j->r, APP_INTERNAL, "database error");
		goto out;
	}
	if (j->r->err != APP_OK)
		goto out;
	if (store_contact_insert(c, row, now, &id) < 0) {
		app_fail(j->r, APP_INTERNAL, "the contact could not be stored");
		goto out;
	}
	if (read_back(c, id, now, &after, j->r) < 0 ||
	    audit(c, j->ctx->actor, "contact.create", id, json_pack("{s:O}", "after", j->r->object), j->r) < 0)
		goto out;
	rc = 0;
out:
	json_decref(after);
	json_decref(row);
	return rc;
}

enum app_err app_contact_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r)
{
	if (require_writer(ctx, r) < 0)
		return r->err;
	struct contact_job j = {ctx, r, in, 0, 0, MARK_NONE};
	return app_write_result(db_write(ctx->db, create_job, &j), r);
}

/* Loads the contact for a change, checking the version when if_match > 0. */
static json_t *load_for_change(struct db_conn *c, int64_t id, int64_t if_match, struct app_result *r)
{
	json_t *before = store_contact_get(c, id);
	if (!before) {
		app_fail(r, APP_NOT_FOUND, "no such contact");
		return NULL;
	}
	if (if_match > 0 && int_member(before, "version") != if_match) {
		app_fail(r, APP_STALE, "the contact has changed since you read it (version %lld now); reload and retry",
		         (long long)int_member(before, "version"));
		json_decref(before);
		return NULL;
	}
	return before;
}

static int update_job(struct db_conn *c, void *arg)
{
	struct contact_job *j = arg;
	int64_t now = time_now();
	json_t *before = load_for_change(c, j->id, j->if_match, j->r), *row = NULL, *after = NULL, *old = NULL;
	int rc = -1;
	if (!before)
		goto out;
	row = json_deep_copy(before);
	merge_input(row, j->in, "", j->r);
	if (check_row(c, row, "", now, j->r) < 0) {
		app_fail(j->r, APP_INTERNAL, "database error");
		goto out;
	}
	if (j->r->err != APP_OK)
		goto out;
	if (store_contact_update(c, j->id, row, now) < 0) {
		app_fail(j->r, APP_INTERNAL, "the contact could not be updated");
		goto out;
	}
	old = store_contact_api(before, now);
	if (read_back(c, j->id, now, &after, j->r) < 0 ||
	    audit(c, j->ctx->actor, "contact.update", j->id,
	          json_pack("{s:O, s:O}", "before", old, "after", j->r->object), j->r) < 0)
		goto out;
	rc = 0;
out:
	json_decref(old);
	json_decref(after);
	json_decref(row);
	json_decref(before);
	return rc;
}

enum app_err app_contact_update(const struct app_ctx *ctx, int64_t id, int64_t if_match, const json_t *in,
                                struct app_result *r)
{
	if (require_writer(ctx, r) < 0)
		return r->err;
	struct contact_job j = {ctx, r, in, id, if_match, MARK_NONE};
	return app_write_result(db_write(ctx->db, update_job, &j), r);
}

/* Marks the contact reviewed or inactive (j->mark). */
static int mark_job(struct db_conn *c, void *arg)
{
	struct contact_job *j = arg;
	int64_t now = time_now();
	int review = j->mark == MARK_REVIEWED;
	json_t *before = load_for_change(c, j->id, 0, j->r), *after = NULL;
	int rc = -1;
	if (!before)
		goto out;
	if (!review && !int_member(before, "active")) {
		j->r->object = store_contact_api(before, now);
		rc = 0;
		goto out;
	}
	if ((review ? store_contact_set_reviewed(c, j->id, now) : store_contact_deactivate(c, j->id, now)) < 0) {
		app_fail(j->r, APP_INTERNAL, "the contact could not be updated");
		goto out;
	}
	if (read_back(c, j->id, now, &after, j->r) < 0 ||
	    audit(c, j->ctx->actor, review ? "contact.review" : "contact.deactivate", j->id,
	          json_pack("{s:O, s:O}", "reviewed_at", json_object_get(j->r->object, "reviewed_at"), "active",
	                    json_object_get(j->r->object, "active")),
	          j->r) < 0)
		goto out;
	rc = 0;
out:
	json_decref(after);
	json_decref(before);
	return rc;
}

enum app_err app_contact_review(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	if (require_writer(ctx, r) < 0)
		return r->err;
	struct contact_job j = {ctx, r, NULL, id, 0, MARK_REVIEWED};
	return app_write_result(db_write(ctx->db, mark_job, &j), r);
}

enum app_err app_contact_deactivate(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	if (require_writer(ctx, r) < 0)
		return r->err;
	struct contact_job j = {ctx, r, NULL, id, 0, MARK_INACTIVE};
	return app_write_result(db_write(ctx->db, mark_job, &j), r);
}

/* --- CSV import ---------------------------------------------------------- */

#define IMPORT_ERRORS_MAX 500 /* rows reported before the check stops */

struct import_row {
	int64_t id; /* 0 = create */
	json_t *row, *before;
};

struct import_job {
	const struct app_ctx *ctx;
	struct app_result *r;
	const struct csv_table *t;
	struct import_row *rows;
	size_t nrows;
	int created, updated;
};

/* Trims ASCII spaces at both ends, in place. */
static char *trim(char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

static int parse_id(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 1)
		return -1;
	*out = v;
	return 0;
}

/* The header: index of each column in app_contact_csv_columns (cols[k]),
 * errors named "header". */
static void import_header(const struct csv_row *h, int *cols, struct app_result *r)
{
	for (size_t k = 0; k < h->ncells; k++) {
		char *name = strdup(h->cells[k]);
		if (!name) {
			app_fail(r, APP_INTERNAL, "out of memory");
			return;
		}
		char *n = trim(name);
		for (char *p = n; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		cols[k] = -1;
		for (int i = 0; app_contact_csv_columns[i]; i++)
			if (strcmp(app_contact_csv_columns[i], n) == 0)
				cols[k] = i;
		if (cols[k] < 0)
			app_field_error(r, "header",
			                "column %zu \"%.60s\" is not a contact column (columns: id, kind, name, "
			                "... as in the export)",
			                k + 1, n);
		for (size_t p = 0; p < k; p++)
			if (cols[k] >= 0 && cols[p] == cols[k])
				app_field_error(r, "header", "column \"%.60s\" appears twice", n);
		free(name);
	}
}

/* One cell into the input object `in` (typed like the JSON API). */
static int import_cell(struct db_conn *c, const char *col, char *cell, json_t *in, int64_t *id, const char *prefix,
                       struct app_result *r)
{
	int multiline = strcmp(col, "notes") == 0 || strcmp(col, "rota") == 0;
	csv_unguard(cell);
	char *v = multiline ? cell : trim(cell);
	if (strcmp(col, "id") == 0) {
		if (v[0] && parse_id(v, id) < 0)
			ferr(r, prefix, col, "must be the id of an existing contact, or empty to create one");
	} else if (strcmp(col, "owner") == 0) {
		int64_t uid = 0;
		int found = v[0] ? store_user_id_by_login(c, v, &uid) : 0;
		if (found < 0)
			return -1;
		if (v[0] && !found)
			ferr(r, prefix, col, "no user with the login \"%.64s\"", v);
		json_object_set_new(in, "owner_id", found ? json_integer(uid) : json_null());
	} else if (strcmp(col, "on_call") == 0) {
		if (!v[0] || !strcmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no"))
			json_object_set_new(in, col, json_false());
		else if (!strcmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes"))
			json_object_set_new(in, col, json_true());
		else
			ferr(r, prefix, col, "must be 1 or 0 (true or false)");
	} else if (strcmp(col, "org_unit_id") == 0 || strcmp(col, "constituency_id") == 0) {
		int64_t ref = 0;
		if (v[0] && parse_id(v, &ref) < 0)
			ferr(r, prefix, col, "must be a positive integer id or empty");
		json_object_set_new(in, col, ref ? json_integer(ref) : json_null());
	} else if (strcmp(col, "review_interval_days") == 0) {
		char *end;
		errno = 0;
		long long days = strtoll(v, &end, 10);
		if (v[0] && (errno || *end))
			ferr(r, prefix, col, "must be a whole number of days from 1 to %d", INTERVAL_MAX);
		else if (v[0])
			json_object_set_new(in, col, json_integer(days));
	} else if (strcmp(col, "reviewed_at") == 0) {
		json_object_set_new(in, col, v[0] ? json_string(v) : json_null());
	} else if (strcmp(col, "groups") == 0) {
		/* codes separated by spaces, commas or semicolons */
		json_t *g = json_array();
		for (char *p = v; *p;) {
			size_t skip = strspn(p, " ,;"), len = strcspn(p + skip, " ,;");
			if (len)
				json_array_append_new(g, json_stringn(p + skip, len));
			p += skip + len;
		}
		json_object_set_new(in, col, g);
	} else {
		json_t *s = json_string(v);
		if (!s) /* not UTF-8: the HTTP layer converts, so this is a bug */
			return app_fail(r, APP_INTERNAL, "a cell is not UTF-8");
		json_object_set_new(in, col, s);
	}
	return 0;
}

/* Checks record i (1-based in t->rows) into j->rows[i - 1]. 0 / -1. */
static int import_check_row(struct db_conn *c, struct import_job *j, const int *cols, size_t ncols, size_t i,
                            int64_t now)
{
	const struct csv_row *cr = &j->t->rows[i];
	struct import_row *ir = &j->rows[i - 1];
	char prefix[40];
	snprintf(prefix, sizeof(prefix), "row %zu: ", cr->record);
	if (cr->ncells > ncols) {
		char field[32];
		snprintf(field, sizeof(field), "row %zu", cr->record);
		app_field_error(j->r, field, "has %zu cells but the header has %zu columns", cr->ncells, ncols);
		return 0;
	}
	json_t *in = json_object();
	for (size_t k = 0; k < ncols; k++) {
		char *cell = strdup(k < cr->ncells ? cr->cells[k] : "");
		int rc = cell ? import_cell(c, app_contact_csv_columns[cols[k]], cell, in, &ir->id, prefix, j->r) : -1;
		free(cell);
		if (rc < 0) {
			json_decref(in);
			return -1;
		}
	}
	for (size_t p = 0; ir->id && p + 1 < i; p++)
		if (j->rows[p].id == ir->id)
			ferr(j->r, prefix, "id", "contact %lld is already in row %zu", (long long)ir->id,
			     j->t->rows[p + 1].record);
	if (ir->id) {
		ir->before = store_contact_get(c, ir->id);
		if (!ir->before)
			ferr(j->r, prefix, "id", "no contact with id %lld (leave id empty to create one)",
			     (long long)ir->id);
	}
	ir->row = ir->before ? json_deep_copy(ir->before) : default_row();
	merge_input(ir->row, in, prefix, j->r);
	json_decref(in);
	return check_row(c, ir->row, prefix, now, j->r);
}

/* Writes the checked rows. 0 / -1. */
static int import_write(struct db_conn *c, struct import_job *j, int64_t now)
{
	for (size_t i = 0; i < j->nrows; i++) {
		struct import_row *ir = &j->rows[i];
		json_t *after = NULL;
		int64_t id = ir->id;
		if (id) {
			j->updated++;
			if (!row_changed(ir->before, ir->row))
				continue;
			if (store_contact_update(c, id, ir->row, now) < 0)
				return app_fail(j->r, APP_INTERNAL, "contact %lld could not be updated", (long long)id);
		} else {
			j->created++;
			if (store_contact_insert(c, ir->row, now, &id) < 0)
				return app_fail(j->r, APP_INTERNAL, "a contact could not be stored");
		}
		if (read_back(c, id, now, &after, j->r) < 0)
			return -1;
		json_decref(after);
		if (audit(c, j->ctx->actor, ir->id ? "contact.update" : "contact.create", id,
		          json_pack("{s:s, s:O}", "source", "csv", "after", j->r->object), j->r) < 0)
			return -1;
	}
	json_decref(j->r->object);
	j->r->object = json_pack("{s:i, s:i}", "created", j->created, "updated", j->updated);
	return 0;
}

static int import_job_fn(struct db_conn *c, void *arg)
{
	struct import_job *j = arg;
	const struct csv_table *t = j->t;
	int64_t now = time_now();
	if (t->nrows < 1) {
		app_field_error(j->r, "file", "is empty: the first row must name the columns (id, kind, name, ...)");
		return -1;
	}
	size_t ncols = t->rows[0].ncells;
	int *cols = calloc(ncols, sizeof(*cols));
	if (!cols)
		return app_fail(j->r, APP_INTERNAL, "out of memory");
	import_header(&t->rows[0], cols, j->r);
	int rc = -1;
	if (j->r->err != APP_OK)
		goto out;
	j->nrows = t->nrows - 1;
	j->rows = calloc(j->nrows ? j->nrows : 1, sizeof(*j->rows));
	if (!j->rows) {
		app_fail(j->r, APP_INTERNAL, "out of memory");
		goto out;
	}
	for (size_t i = 1; i < t->nrows; i++) {
		if (json_array_size(j->r->errors) >= IMPORT_ERRORS_MAX) {
			app_field_error(j->r, "file", "more than %d errors; the check stopped at row %zu",
			                IMPORT_ERRORS_MAX, t->rows[i].record);
			break;
		}
		if (import_check_row(c, j, cols, ncols, i, now) < 0) {
			app_fail(j->r, APP_INTERNAL, "database error while checking the file");
			goto out;
		}
	}
	if (j->r->err != APP_OK) {
		snprintf(j->r->detail, sizeof(j->r->detail),
		         "the file has %zu errors (see errors); nothing was imported — fix the rows and import the "
		         "whole "
		         "file again",
		         json_array_size(j->r->errors));
		goto out;
	}
	rc = import_write(c, j, now);
out:
	free(cols);
	return rc;
}

enum app_err app_contact_import(const struct app_ctx *ctx, const struct csv_table *t, struct app_result *r)
{
	if (require_writer(ctx, r) < 0)
		return r->err;
	struct import_job j = {ctx, r, t, NULL, 0, 0, 0};
	app_write_result(db_write(ctx->db, import_job_fn, &j), r);
	for (size_t i = 0; i < j.nrows; i++) {
		json_decref(j.rows[i].row);
		json_decref(j.rows[i].before);
	}
	free(j.rows);
	return r->err;
}

/* --- review reminders ---------------------------------------------------- */

struct remind_job {
	const struct config *cfg;
	int64_t now;
	int mails;
	char team[256]; /* the effective team address (app_team_address) */
};

/* YYYY-MM-DD of t in the team's zone. */
static void local_day(const struct config *cfg, int64_t t, char out[16])
{
	time_t s = (time_t)(t + (int64_t)cfg->utc_offset_minutes * 60);
	struct tm tm;
	gmtime_r(&s, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

/* Composes the mail for rows[from, to) (one owner) into subject and body. */
static int remind_compose(const struct config *cfg, const json_t *rows, size_t from, size_t to, struct buf *subject,
                          struct buf *body)
{
	const json_t *first = json_array_get(rows, from);
	int ja = strcmp(str_member(first, "owner_lang"), "en") != 0;
	size_t n = to - from;
	const char *team = cfg->team_name[0] ? cfg->team_name : "CSIRT";
	int rc = ja ? buf_printf(subject, "【要見直し】連絡先 %zu 件の見直し期限が過ぎています", n)
	            : buf_printf(subject, "Review due: %zu contact %s overdue", n, n == 1 ? "entry is" : "entries are");
	rc |= ja ? buf_printf(body,
	                      "%s 様\n\n連絡体制図（緊急連絡網）の次の %zu 件は、見直しの期限を過ぎています。\n"
	                      "内容を確認し、hikeshi の「連絡先」画面で更新するか「見直し済み」にしてください。\n\n",
	                      str_member(first, "owner_name"), n)
	         : buf_printf(body,
	                      "Dear %s,\n\nThe following %zu entries of the contact network are overdue for review.\n"
	                      "Please check them and update them or mark them reviewed on the Contacts page of "
	                      "hikeshi.\n\n",
	                      str_member(first, "owner_name"), n);
	for (size_t i = from; i < to; i++) {
		const json_t *row = json_array_get(rows, i);
		const json_t *rev = json_object_get(row, "reviewed_at");
		char day[16];
		if (json_is_integer(rev))
			local_day(cfg, json_integer_value(rev), day);
		const char *org = str_member(row, "organization");
		rc |= buf_printf(body, "- %s%s%s%s  %s %s\n", str_member(row, "name"), org[0] ? (ja ? "（" : " (") : "",
		                 org, org[0] ? (ja ? "）" : ")") : "", ja ? "最終見直し:" : "last reviewed:",
		                 json_is_integer(rev) ? day : (ja ? "未見直し" : "never"));
	}
	rc |= buf_printf(body, "\n-- \n%s\n", team);
	return rc ? -1 : 0;
}

static int remind_job_fn(struct db_conn *c, void *arg)
{
	struct remind_job *j = arg;
	if (app_team_address(c, j->cfg, j->team, sizeof(j->team)) < 0)
		return -1;
	if (!j->team[0])
		return 0; /* nothing to send from */
	json_t *rows = store_contact_due_reminders(c, j->now, j->now - CONTACT_REMIND_EVERY);
	if (!rows)
		return -1;
	int rc = 0;
	for (size_t from = 0, to; from < json_array_size(rows) && rc == 0; from = to) {
		int64_t owner = int_member(json_array_get(rows, from), "owner_id");
		for (to = from + 1;
		     to < json_array_size(rows) && int_member(json_array_get(rows, to), "owner_id") == owner; to++)
			;
		struct buf subject, body;
		buf_init(&subject, 1024);
		buf_init(&body, REMIND_BODY_MAX);
		char rnd[64], mid[300];
		secret_token(rnd, sizeof(rnd), "");
		const char *at = strchr(j->team, '@');
		snprintf(mid, sizeof(mid), "%.24s.reminder.hikeshi@%.200s", rnd,
		         at && at[1] ? at + 1 : "hikeshi.invalid");
		const json_t *first = json_array_get(rows, from);
		struct store_outbox_msg m = {
		        .kind = "reminder",
		        .mail_from = j->team,
		        .mail_to = str_member(first, "owner_email"),
		        .message_id = mid,
		        .lang = strcmp(str_member(first, "owner_lang"), "en") == 0 ? "en" : "ja",
		        .now = j->now,
		        .contact_id = int_member(first, "id"),
		};
		rc = remind_compose(j->cfg, rows, from, to, &subject, &body);
		m.subject = subject.data;
		m.body = body.data;
		if (rc == 0)
			rc = store_outbox_insert(c, &m, NULL);
		for (size_t i = from; i < to && rc == 0; i++)
			rc = store_contact_set_reminded(c, int_member(json_array_get(rows, i), "id"), j->now);
		if (rc == 0)
			j->mails++;
		buf_free(&subject);
		buf_free(&body);
	}
	json_decref(rows);
	return rc;
}

int app_contact_remind(struct db *db, const struct config *cfg, int64_t now, int *mails)
{
	struct remind_job j = {cfg, now, 0, ""};
	if (mails)
		*mails = 0;
	/* a cheap look first: without an address there is no write job at all */
	struct db_conn *rc_conn = db_read_begin(db);
	if (!rc_conn)
		return -1;
	int rr = app_team_address(rc_conn, cfg, j.team, sizeof(j.team));
	db_read_end(db, rc_conn);
	if (rr < 0)
		return -1;
	if (!j.team[0])
		return 0;
	int rc = db_write(db, remind_job_fn, &j);
	if (rc != 0)
		return -1;
	if (mails)
		*mails = j.mails;
	return 0;
}

int app_contact_review_pass(struct db *db, const struct config *cfg, int64_t now)
{
	return app_contact_remind(db, cfg, now, NULL);
}
