/*
 * setup.c - checks answers to the build questionnaire and computes the
 * dates of the report schedule and the review calendar (see setup.h).
 *
 * Each structured question type has one checker; every error names its
 * field in the answer ("answers.report_schedule[0].time") so that the UI
 * can put the message next to the input.
 */
#include "core/setup.h"
#include "core/authority.h"
#include "core/jpholiday.h"
#include "core/validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NAME_MAX_LEN  200  /* bytes of a name or a phone number */
#define LEVEL_MAX_LEN 2000 /* bytes of a service level or note */
#define DESC_MAX_LEN  4000 /* bytes of a constituency's description */

struct chk {
	json_t *errors;
	size_t n;
};

static void err(struct chk *k, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fld(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A field name: cut short when too long (the names here are short). */
static void fld(char *out, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, len, fmt, ap);
	va_end(ap);
}

static void err(struct chk *k, const char *field, const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_array_append_new(k->errors, json_pack("{s:s,s:s}", "field", field, "message", msg));
	k->n++;
}

static const json_t *find_code(const json_t *arr, const char *key, const char *code)
{
	size_t i;
	const json_t *o;
	if (!code)
		return NULL;
	json_array_foreach(arr, i, o)
	{
		const char *c = json_string_value(json_object_get(o, key));
		if (c && strcmp(c, code) == 0)
			return o;
	}
	return NULL;
}

const json_t *setup_section(const json_t *questions, const char *code)
{
	return find_code(json_object_get(questions, "sections"), "code", code);
}

const json_t *setup_question(const json_t *section, const char *id)
{
	return find_code(json_object_get(section, "questions"), "id", id);
}

/* Members of o outside allowed (NULL-terminated) are errors. */
static void only_members(struct chk *k, const char *f, const json_t *o, const char *const *allowed)
{
	const char *key;
	json_t *v;
	char sub[200];
	json_object_foreach((json_t *)o, key, v)
	{
		size_t i;
		for (i = 0; allowed[i] && strcmp(allowed[i], key) != 0; i++)
			;
		if (!allowed[i]) {
			fld(sub, sizeof(sub), "%s.%.60s", f, key);
			err(k, sub, "is not a member of this answer");
		}
	}
}

/* An optional text member (absent, null or a string within max bytes). */
static void text_member(struct chk *k, const char *f, const json_t *o, const char *name, size_t max, int multi,
                        int required)
{
	char sub[200];
	const json_t *v = json_object_get(o, name);
	fld(sub, sizeof(sub), "%s.%s", f, name);
	if (!v || json_is_null(v)) {
		if (required)
			err(k, sub, "is required");
		return;
	}
	const char *s = json_string_value(v);
	if (!s || validate_text(s, required ? 1 : 0, max, multi) != 0)
		err(k, sub, "must be %stext of at most %zu bytes%s", required ? "non-empty " : "", max,
		    multi ? "" : " on one line");
}

static int code_ok(const char *s)
{
	size_t n = 0;
	for (; s && s[n]; n++) {
		char c = s[n];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
		      c == '-'))
			return 0;
	}
	return n >= 1 && n <= 32;
}

/* The options' codes of q, comma-separated, for messages. */
static void codes_of(const json_t *opts, char *out, size_t len)
{
	size_t i, used = 0;
	const json_t *o;
	out[0] = '\0';
	json_array_foreach(opts, i, o)
	{
		int w = snprintf(out + used, len - used, "%s%s", i ? ", " : "",
		                 json_string_value(json_object_get(o, "code")));
		if (w < 0 || (size_t)w >= len - used)
			return;
		used += (size_t)w;
	}
}

static void check_choice(struct chk *k, const char *f, const json_t *opts, const json_t *v)
{
	char codes[300];
	if (!find_code(opts, "code", json_string_value(v))) {
		codes_of(opts, codes, sizeof(codes));
		err(k, f, "must be one of %s", codes);
	}
}

static void check_multi(struct chk *k, const char *f, const json_t *opts, const json_t *v)
{
	size_t i, j;
	const json_t *e;
	char sub[200];
	if (!json_is_array(v)) {
		err(k, f, "must be an array of option codes");
		return;
	}
	json_array_foreach(v, i, e)
	{
		fld(sub, sizeof(sub), "%s[%zu]", f, i);
		check_choice(k, sub, opts, e);
		for (j = 0; j < i; j++)
			if (json_equal(json_array_get(v, j), e)) {
				err(k, sub, "repeats %s[%zu]", f, j);
				break;
			}
	}
}

static void check_integer(struct chk *k, const char *f, const json_t *q, const json_t *v)
{
	json_int_t lo = json_integer_value(json_object_get(q, "min")),
	           hi = json_integer_value(json_object_get(q, "max"));
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		err(k, f, "must be an integer from %" JSON_INTEGER_FORMAT " to %" JSON_INTEGER_FORMAT, lo, hi);
}

/* Checks that member key of each element of arr is unique. */
static void unique_member(struct chk *k, const char *f, const json_t *arr, size_t i, const char *key)
{
	char sub[200];
	const char *s = json_string_value(json_object_get(json_array_get(arr, i), key));
	for (size_t j = 0; s && j < i; j++) {
		const char *t = json_string_value(json_object_get(json_array_get(arr, j), key));
		if (t && strcmp(s, t) == 0) {
			fld(sub, sizeof(sub), "%s[%zu].%s", f, i, key);
			err(k, sub, "repeats %s[%zu] (%s)", f, j, s);
			return;
		}
	}
}

/* Element i of a list answer when it is an object; NULL after an error. */
static const json_t *list_elem(struct chk *k, const char *f, const json_t *arr, size_t i, char *sub, size_t len)
{
	const json_t *o = json_array_get(arr, i);
	fld(sub, len, "%s[%zu]", f, i);
	if (!json_is_object(o)) {
		err(k, sub, "must be an object");
		return NULL;
	}
	return o;
}

static int list_ok(struct chk *k, const char *f, const json_t *v)
{
	if (!json_is_array(v)) {
		err(k, f, "must be an array");
		return 0;
	}
	if (json_array_size(v) > SETUP_LIST_MAX) {
		err(k, f, "at most %d entries", SETUP_LIST_MAX);
		return 0;
	}
	return 1;
}

static void check_services(struct chk *k, const char *f, const json_t *services, const json_t *v)
{
	static const char *const members[] = {"code", "provision", "service_level", "note", NULL};
	char sub[200], sub2[220];
	if (!list_ok(k, f, v))
		return;
	for (size_t i = 0; i < json_array_size(v); i++) {
		const json_t *o = list_elem(k, f, v, i, sub, sizeof(sub));
		if (!o)
			continue;
		only_members(k, sub, o, members);
		fld(sub2, sizeof(sub2), "%s.code", sub);
		if (!find_code(json_object_get(services, "services"), "code",
		               json_string_value(json_object_get(o, "code"))))
			err(k, sub2, "is not a service of seed 002 §2.2.9 (see data/build/services.json)");
		else
			unique_member(k, f, v, i, "code");
		fld(sub2, sizeof(sub2), "%s.provision", sub);
		check_choice(k, sub2, json_object_get(services, "provisions"), json_object_get(o, "provision"));
		text_member(k, sub, o, "service_level", LEVEL_MAX_LEN, 1, 0);
		text_member(k, sub, o, "note", LEVEL_MAX_LEN, 1, 0);
	}
}

static void check_constituencies(struct chk *k, const char *f, const json_t *v)
{
	static const char *const members[] = {"code", "name", "name_en", "description", NULL};
	char sub[200], sub2[220];
	if (!list_ok(k, f, v))
		return;
	for (size_t i = 0; i < json_array_size(v); i++) {
		const json_t *o = list_elem(k, f, v, i, sub, sizeof(sub));
		if (!o)
			continue;
		only_members(k, sub, o, members);
		fld(sub2, sizeof(sub2), "%s.code", sub);
		if (!code_ok(json_string_value(json_object_get(o, "code"))))
			err(k, sub2, "must be 1 to 32 letters, digits, '_' or '-'");
		else
			unique_member(k, f, v, i, "code");
		text_member(k, sub, o, "name", NAME_MAX_LEN, 0, 1);
		text_member(k, sub, o, "name_en", NAME_MAX_LEN, 0, 0);
		text_member(k, sub, o, "description", DESC_MAX_LEN, 1, 0);
	}
}

static void check_cells(struct chk *k, const char *f, const json_t *cells)
{
	static const char *const members[] = {"action", "role", "power", NULL};
	char sub[200], sub2[220];
	enum authority_power p;
	if (!list_ok(k, f, cells))
		return;
	for (size_t i = 0; i < json_array_size(cells); i++) {
		const json_t *o = list_elem(k, f, cells, i, sub, sizeof(sub));
		if (!o)
			continue;
		only_members(k, sub, o, members);
		const char *action = json_string_value(json_object_get(o, "action"));
		const char *role = json_string_value(json_object_get(o, "role"));
		fld(sub2, sizeof(sub2), "%s.action", sub);
		if (!authority_code_valid(action))
			err(k, sub2, "must be an action code of the authority matrix (e.g. system_stop)");
		fld(sub2, sizeof(sub2), "%s.role", sub);
		if (!authority_role(role))
			err(k, sub2, "must be an organisational role: %s",
			    "management, ciso, csirt_lead, division_head, legal, pr, system_owner, handler");
		fld(sub2, sizeof(sub2), "%s.power", sub);
		if (authority_power_parse(json_string_value(json_object_get(o, "power")), &p) < 0)
			err(k, sub2, "must be order, approve or advise (leave the cell out for none)");
		for (size_t j = 0; j < i && action && role; j++) {
			const json_t *e = json_array_get(cells, j);
			if (json_equal(json_object_get(e, "action"), json_object_get(o, "action")) &&
			    json_equal(json_object_get(e, "role"), json_object_get(o, "role"))) {
				err(k, sub, "repeats %s[%zu] (%s × %s)", f, j, action, role);
				break;
			}
		}
	}
}

static void check_authority(struct chk *k, const char *f, const json_t *q, const json_t *v)
{
	static const char *const members[] = {"system_stop", "cells", NULL};
	char sub[200];
	if (!json_is_object(v)) {
		err(k, f, "must be an object {system_stop, cells}");
		return;
	}
	only_members(k, f, v, members);
	if (json_object_get(v, "system_stop")) {
		fld(sub, sizeof(sub), "%s.system_stop", f);
		check_choice(k, sub, json_object_get(q, "system_stop_options"), json_object_get(v, "system_stop"));
	}
	if (json_object_get(v, "cells")) {
		fld(sub, sizeof(sub), "%s.cells", f);
		check_cells(k, sub, json_object_get(v, "cells"));
	}
}

static void check_poc(struct chk *k, const char *f, const json_t *v)
{
	static const char *const members[] = {"email", "phone", "hours", "public_form", NULL};
	char sub[200];
	if (!json_is_object(v)) {
		err(k, f, "must be an object {email, phone, hours, public_form}");
		return;
	}
	only_members(k, f, v, members);
	fld(sub, sizeof(sub), "%s.email", f);
	const char *email = json_string_value(json_object_get(v, "email"));
	if (!email || validate_email(email) != 0)
		err(k, sub, "must be the team's mail address like csirt@example.jp");
	text_member(k, f, v, "phone", NAME_MAX_LEN, 0, 0);
	text_member(k, f, v, "hours", LEVEL_MAX_LEN, 1, 0);
	const json_t *pf = json_object_get(v, "public_form");
	fld(sub, sizeof(sub), "%s.public_form", f);
	if (pf && !json_is_boolean(pf))
		err(k, sub, "must be true or false");
}

static void check_recipients(struct chk *k, const char *f, const json_t *v)
{
	char sub[220];
	size_t i;
	const json_t *e;
	/* [] sends to the audience's default (core/report_schedule.h) */
	if (!json_is_array(v) || json_array_size(v) > SETUP_RECIPIENTS_MAX) {
		err(k, f, "must be an array of at most %d mail addresses ([] = the audience's default)",
		    SETUP_RECIPIENTS_MAX);
		return;
	}
	json_array_foreach(v, i, e)
	{
		fld(sub, sizeof(sub), "%s[%zu]", f, i);
		if (!json_is_string(e) || validate_email(json_string_value(e)) != 0)
			err(k, sub, "must be a mail address like ciso@example.jp");
	}
}

static void check_one_schedule(struct chk *k, const char *sub, const json_t *questions, const json_t *o)
{
	static const char *const members[] = {"audience", "frequency",  "day",     "time", "lang",
	                                      "format",   "recipients", "enabled", NULL};
	static const char *const langs[] = {"ja", "en"};
	char f[220];
	int h, m;
	only_members(k, sub, o, members);
	fld(f, sizeof(f), "%s.audience", sub);
	check_choice(k, f, json_object_get(questions, "audiences"), json_object_get(o, "audience"));
	fld(f, sizeof(f), "%s.frequency", sub);
	check_choice(k, f, json_object_get(questions, "frequencies"), json_object_get(o, "frequency"));
	const json_t *day = json_object_get(o, "day");
	fld(f, sizeof(f), "%s.day", sub);
	if (!json_is_integer(day) || json_integer_value(day) < 1 || json_integer_value(day) > 28)
		err(k, f, "must be a day of the month from 1 to 28");
	fld(f, sizeof(f), "%s.time", sub);
	if (setup_parse_hhmm(json_string_value(json_object_get(o, "time")), &h, &m) < 0)
		err(k, f, "must be a time HH:MM (JST) like 09:00");
	const char *lang = json_string_value(json_object_get(o, "lang"));
	fld(f, sizeof(f), "%s.lang", sub);
	if (!lang || (strcmp(lang, langs[0]) != 0 && strcmp(lang, langs[1]) != 0))
		err(k, f, "must be ja or en");
	const char *fmt = json_string_value(json_object_get(o, "format"));
	fld(f, sizeof(f), "%s.format", sub);
	int known = 0;
	size_t i;
	const json_t *e;
	json_array_foreach(json_object_get(questions, "formats"), i, e) known |=
	        fmt && json_is_string(e) && strcmp(fmt, json_string_value(e)) == 0;
	if (!known)
		err(k, f, "must be pdf, html or csv");
	fld(f, sizeof(f), "%s.recipients", sub);
	check_recipients(k, f, json_object_get(o, "recipients"));
	const json_t *en = json_object_get(o, "enabled");
	fld(f, sizeof(f), "%s.enabled", sub);
	if (en && !json_is_boolean(en))
		err(k, f, "must be true or false");
}

static void check_schedule(struct chk *k, const char *f, const json_t *questions, const json_t *v)
{
	char sub[200];
	if (!list_ok(k, f, v))
		return;
	for (size_t i = 0; i < json_array_size(v); i++) {
		const json_t *o = list_elem(k, f, v, i, sub, sizeof(sub));
		if (o)
			check_one_schedule(k, sub, questions, o);
	}
}

static void check_review(struct chk *k, const char *f, const json_t *questions, const json_t *v)
{
	const char *key;
	json_t *e;
	char sub[200];
	if (!json_is_object(v)) {
		err(k, f, "must be an object of review kind to frequency");
		return;
	}
	json_object_foreach((json_t *)v, key, e)
	{
		fld(sub, sizeof(sub), "%s.%.60s", f, key);
		if (!find_code(json_object_get(questions, "review_kinds"), "code", key))
			err(k, sub,
			    "is not a review kind: service_scope, policy_documents, contact_list, risk_tolerance");
		else
			check_choice(k, sub, json_object_get(questions, "review_frequencies"), e);
	}
}

static void check_one(struct chk *k, const json_t *questions, const json_t *services, const json_t *q, const char *f,
                      const json_t *v)
{
	const char *type = json_string_value(json_object_get(q, "type"));
	if (!type)
		type = "";
	if (strcmp(type, "text") == 0) {
		const char *s = json_string_value(v);
		if (!s || validate_text(s, 0, SETUP_TEXT_MAX, 1) != 0)
			err(k, f, "must be text of at most %d bytes", SETUP_TEXT_MAX);
	} else if (strcmp(type, "choice") == 0)
		check_choice(k, f, json_object_get(q, "options"), v);
	else if (strcmp(type, "multi") == 0)
		check_multi(k, f, json_object_get(q, "options"), v);
	else if (strcmp(type, "integer") == 0)
		check_integer(k, f, q, v);
	else if (strcmp(type, "services") == 0)
		check_services(k, f, services, v);
	else if (strcmp(type, "constituencies") == 0)
		check_constituencies(k, f, v);
	else if (strcmp(type, "authority") == 0)
		check_authority(k, f, q, v);
	else if (strcmp(type, "poc") == 0)
		check_poc(k, f, v);
	else if (strcmp(type, "report_schedule") == 0)
		check_schedule(k, f, questions, v);
	else if (strcmp(type, "review") == 0)
		check_review(k, f, questions, v);
	else
		err(k, f, "has an unknown question type");
}

size_t setup_check_answers(const json_t *questions, const json_t *services, const json_t *section,
                           const json_t *answers, json_t *errors)
{
	struct chk k = {errors, 0};
	const char *id;
	json_t *v;
	char f[120];
	if (!json_is_object(answers)) {
		err(&k, "answers", "must be an object of question id to answer");
		return k.n;
	}
	json_object_foreach((json_t *)answers, id, v)
	{
		const json_t *q = setup_question(section, id);
		fld(f, sizeof(f), "answers.%.80s", id);
		if (!q)
			err(&k, f, "is not a question of section %s",
			    json_string_value(json_object_get(section, "code")));
		else if (!json_is_null(v))
			check_one(&k, questions, services, q, f, v);
	}
	return k.n;
}

int setup_review_months(const char *freq)
{
	static const struct {
		const char *code;
		int months;
	} t[] = {{"monthly", 1}, {"quarterly", 3},         {"half_yearly", 6},
	         {"yearly", 12}, {"less_than_yearly", 24}, {"none", 0}};
	for (size_t i = 0; freq && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(freq, t[i].code) == 0)
			return t[i].months;
	return -1;
}

static int days_in_month(int y, int m)
{
	return (int)(jp_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - jp_days_from_civil(y, m, 1));
}

/* Floor division for times before 1970. */
static int64_t floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int64_t setup_add_months(int64_t t, int months)
{
	int64_t local = t + SETUP_JST_OFFSET, day = floordiv(local, 86400), sec = local - day * 86400;
	int y, m, d;
	jp_civil_from_days((int32_t)day, &y, &m, &d);
	int idx = y * 12 + (m - 1) + months;
	y = idx / 12;
	m = idx % 12 + 1;
	if (d > days_in_month(y, m))
		d = days_in_month(y, m);
	return (int64_t)jp_days_from_civil(y, m, d) * 86400 + sec - SETUP_JST_OFFSET;
}

static int month_runs(const char *freq, int m)
{
	if (strcmp(freq, "monthly") == 0)
		return 1;
	if (strcmp(freq, "quarterly") == 0)
		return m % 3 == 1;
	if (strcmp(freq, "half_yearly") == 0)
		return m == 4 || m == 10;
	return m == 4;
}

int64_t setup_next_run(const char *frequency, int day, int hour, int minute, int64_t now)
{
	int y, m, d;
	if (!frequency || (strcmp(frequency, "monthly") != 0 && strcmp(frequency, "quarterly") != 0 &&
	                   strcmp(frequency, "half_yearly") != 0 && strcmp(frequency, "yearly") != 0))
		return -1;
	jp_civil_from_days((int32_t)floordiv(now + SETUP_JST_OFFSET, 86400), &y, &m, &d);
	for (int i = 0; i <= 13; i++) { /* the current month and the next twelve cover every frequency */
		int idx = y * 12 + (m - 1) + i, yy = idx / 12, mm = idx % 12 + 1;
		if (!month_runs(frequency, mm))
			continue;
		int64_t t =
		        (int64_t)jp_days_from_civil(yy, mm, day) * 86400 + hour * 3600 + minute * 60 - SETUP_JST_OFFSET;
		if (t > now)
			return t;
	}
	return -1;
}

int setup_parse_hhmm(const char *s, int *hour, int *minute)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	*hour = (s[0] - '0') * 10 + (s[1] - '0');
	*minute = (s[3] - '0') * 10 + (s[4] - '0');
	return *hour < 24 && *minute < 60 ? 0 : -1;
}
