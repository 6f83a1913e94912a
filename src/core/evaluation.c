/*
 * evaluation.c - scoring the CSIRT evaluation (see evaluation.h).
 *
 * All numbers are integers so that results are exact and stable: scores
 * are kept as hundredths (score_x100) and percentages rounded half up.
 * The roadmap is sorted with a total order (severity, importance, item
 * order), so the same answers always give the same roadmap.
 */
#include "core/evaluation.h"

#include "lib/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GAPS 128 /* items (32) plus services (23) stay far below */

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The member of array arr whose "key" equals code, or NULL. */
static const json_t *find(const json_t *arr, const char *key, const char *code)
{
	const json_t *v;
	size_t i;
	json_array_foreach(arr, i, v)
	{
		const char *c = str(v, key);
		if (c && code && strcmp(c, code) == 0)
			return v;
	}
	return NULL;
}

static const json_t *scale_of(const json_t *model, const json_t *item)
{
	return find(json_object_get(model, "scales"), "code", str(item, "scale"));
}

static int scored(const json_t *scale)
{
	return !json_is_true(json_object_get(scale, "informational"));
}

/* An integer 0..4, or -1 for null/missing/out of range. */
static int level(const json_t *v)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 4)
		return -1;
	return (int)json_integer_value(v);
}

static int importance_rank(const char *imp)
{
	if (imp && strcmp(imp, "high") == 0)
		return 0;
	if (imp && strcmp(imp, "medium") == 0)
		return 1;
	return 2;
}

/* ---- checking the documents ------------------------------------------ */

static int fail(char *err, size_t n, const char *what, const char *code)
{
	snprintf(err, n, "%s%s%s", what, code ? ": " : "", code ? code : "");
	return -1;
}

static int check_scale(const json_t *s, char *err, size_t n)
{
	const json_t *o;
	size_t i;
	if (!str(s, "code") || !json_array_size(json_object_get(s, "options")))
		return fail(err, n, "a scale needs a code and options", str(s, "code"));
	json_array_foreach(json_object_get(s, "options"), i, o)
	{
		if (!str(o, "letter") || !str(o, "label_ja") || !str(o, "label_en"))
			return fail(err, n, "an option needs a letter and labels", str(s, "code"));
		if (scored(s) && level(json_object_get(o, "score")) < 0)
			return fail(err, n, "a scored option needs a score 0..4", str(s, "code"));
		if (!json_is_null(json_object_get(o, "sim3")) && json_object_get(o, "sim3") &&
		    level(json_object_get(o, "sim3")) < 0)
			return fail(err, n, "an option's sim3 level must be 0..4 or null", str(s, "code"));
	}
	return 0;
}

static int check_item(const json_t *model, const json_t *it, char *err, size_t n)
{
	const char *code = str(it, "code");
	const json_t *scale = scale_of(model, it), *p;
	size_t i;
	if (!code || !find(json_object_get(model, "areas"), "code", str(it, "area")) || !scale)
		return fail(err, n, "an item needs a code, a known area and a known scale", code);
	if (!str(it, "seed") || !str(it, "question_ja") || !str(it, "question_en"))
		return fail(err, n, "an item needs its seed section and question", code);
	json_array_foreach(json_object_get(it, "sim3"), i, p)
	{
		if (!find(json_object_get(model, "sim3_parameters"), "code", json_string_value(p)))
			return fail(err, n, "an item names an unknown SIM3 parameter", code);
	}
	json_array_foreach(json_object_get(it, "figures"), i, p)
	{
		if (!str(p, "text_ja") || !str(p, "text_en") || !str(p, "seed"))
			return fail(err, n, "a figure needs its text and seed section", code);
	}
	if (!scored(scale))
		return 0;
	if (level(json_object_get(it, "target")) < 0 ||
	    !find(json_object_get(model, "owners"), "code", str(it, "owner")) || !str(it, "action_ja") ||
	    !str(it, "action_en"))
		return fail(err, n, "a scored item needs a target, a known owner and an action", code);
	return 0;
}

int evaluation_model_check(const json_t *model, const json_t *services, char *err, size_t errlen)
{
	const json_t *v, *rule = json_object_get(model, "rule");
	size_t i, j;
	json_array_foreach(json_object_get(model, "scales"), i, v)
	{
		if (check_scale(v, err, errlen) < 0)
			return -1;
	}
	json_array_foreach(json_object_get(model, "items"), i, v)
	{
		if (check_item(model, v, err, errlen) < 0)
			return -1;
		for (j = 0; j < i; j++)
			if (strcmp(str(json_array_get(json_object_get(model, "items"), j), "code"), str(v, "code")) ==
			    0)
				return fail(err, errlen, "an item code is repeated", str(v, "code"));
	}
	if (!json_array_size(json_object_get(model, "items")))
		return fail(err, errlen, "the model has no items", NULL);
	if (json_array_size(json_object_get(rule, "months_by_severity")) != 5 ||
	    !json_is_integer(json_object_get(rule, "service_majority_over")) ||
	    !find(json_object_get(model, "owners"), "code", str(rule, "service_owner")))
		return fail(err, errlen, "the rule needs months_by_severity[5], service_majority_over, service_owner",
		            NULL);
	if (!str(json_object_get(model, "services"), "action_ja") ||
	    !json_is_integer(json_object_get(services, "survey_n")) ||
	    !json_array_size(json_object_get(services, "services")) ||
	    !json_array_size(json_object_get(services, "provisions")))
		return fail(err, errlen, "the service list is incomplete", NULL);
	json_array_foreach(json_object_get(services, "services"), i, v)
	{
		if (!str(v, "code") || !str(v, "label_ja") || !str(v, "label_en"))
			return fail(err, errlen, "a service needs a code and labels", str(v, "code"));
	}
	return 0;
}

/* ---- dates ----------------------------------------------------------- */

static int month_days(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

int evaluation_date_add_months(const char *date, int months, char out[11])
{
	int y, m, d, used = 0;
	if (!date || strlen(date) != 10 || sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10)
		return -1;
	if (y < 1970 || y > 9000 || m < 1 || m > 12 || d < 1 || d > month_days(y, m) || months < 0 || months > 1200)
		return -1;
	int total = (m - 1) + months;
	y += total / 12;
	m = total % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* ---- validating answers ---------------------------------------------- */

static void add_error(json_t *errors, const char *prefix, const char *code, const char *msg)
{
	char field[160];
	snprintf(field, sizeof(field), "%s%s", prefix, code);
	json_array_append_new(errors, json_pack("{s:s,s:s}", "field", field, "message", msg));
}

/* "one of a, b, c" for the scale's letters (or the provisions' codes). */
static void one_of(const json_t *opts, const char *key, char *out, size_t n)
{
	const json_t *o;
	size_t i, len = (size_t)snprintf(out, n, "must be one of");
	json_array_foreach(opts, i, o)
	{
		if (len < n)
			len += (size_t)snprintf(out + len, n - len, "%s %s", i ? "," : "", str(o, key));
	}
}

static void check_items(const json_t *model, const json_t *answers, json_t *errors)
{
	const json_t *it;
	const char *k;
	json_t *v;
	size_t i;
	char msg[256];
	json_object_foreach((json_t *)answers, k, v)
	{
		if (strcmp(k, "services") != 0 && !find(json_object_get(model, "items"), "code", k))
			add_error(errors, "answers.", k, "is not an item of the evaluation");
	}
	json_array_foreach(json_object_get(model, "items"), i, it)
	{
		const json_t *opts = json_object_get(scale_of(model, it), "options");
		const char *a = str(answers, str(it, "code"));
		if (!a || !find(opts, "letter", a)) {
			one_of(opts, "letter", msg, sizeof(msg));
			add_error(errors, "answers.", str(it, "code"), msg);
		}
	}
}

static void check_services(const json_t *services, const json_t *answers, json_t *errors)
{
	const json_t *svc = json_object_get(answers, "services"), *s;
	const json_t *prov = json_object_get(services, "provisions");
	const char *k;
	json_t *v;
	size_t i;
	char msg[256];
	if (!json_is_object(svc)) {
		add_error(errors, "answers.", "services", "is required: an object of service code to provision");
		return;
	}
	json_object_foreach((json_t *)svc, k, v)
	{
		if (!find(json_object_get(services, "services"), "code", k))
			add_error(errors, "answers.services.", k, "is not a service of the survey");
	}
	json_array_foreach(json_object_get(services, "services"), i, s)
	{
		const char *a = str(svc, str(s, "code"));
		if (!a || !find(prov, "code", a)) {
			one_of(prov, "code", msg, sizeof(msg));
			add_error(errors, "answers.services.", str(s, "code"), msg);
		}
	}
}

/* ---- scoring --------------------------------------------------------- */

struct gap {
	const char *item; /* item code or "2.9:<service>" */
	int severity, rank, order;
	const json_t *src; /* the item or the service */
	int is_service;
};

static int gap_cmp(const void *a, const void *b)
{
	const struct gap *x = a, *y = b;
	if (x->severity != y->severity)
		return y->severity - x->severity;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return x->order - y->order;
}

/* sum / n in hundredths and percent of 4, rounded half up; n > 0. */
static json_t *mean_json(int sum, int n)
{
	int x100 = (sum * 200 + n) / (2 * n);
	int pct = (sum * 200 + 4 * n) / (8 * n);
	return json_pack("{s:i,s:i,s:i}", "score_x100", x100, "percent", pct, "items", n);
}

static const json_t *answer_option(const json_t *model, const json_t *it, const json_t *answers)
{
	return find(json_object_get(scale_of(model, it), "options"), "letter", str(answers, str(it, "code")));
}

static json_t *score_areas(const json_t *model, const json_t *answers, json_t **overall)
{
	json_t *areas = json_array();
	const json_t *area, *it;
	size_t i, j;
	int tsum = 0, tn = 0;
	json_array_foreach(json_object_get(model, "areas"), i, area)
	{
		int sum = 0, n = 0;
		json_array_foreach(json_object_get(model, "items"), j, it)
		{
			if (strcmp(str(it, "area"), str(area, "code")) != 0 || !scored(scale_of(model, it)))
				continue;
			sum += level(json_object_get(answer_option(model, it, answers), "score"));
			n++;
		}
		json_t *a = n ? mean_json(sum, n) : json_pack("{s:n,s:n,s:i}", "score_x100", "percent", "items", 0);
		json_object_set_new(a, "code", json_string(str(area, "code")));
		json_object_set(a, "label_ja", json_object_get(area, "label_ja"));
		json_object_set(a, "label_en", json_object_get(area, "label_en"));
		json_array_append_new(areas, a);
		tsum += sum;
		tn += n;
	}
	*overall = mean_json(tsum, tn);
	return areas;
}

static json_t *score_items(const json_t *model, const json_t *answers)
{
	json_t *out = json_array();
	const json_t *it;
	size_t i;
	json_array_foreach(json_object_get(model, "items"), i, it)
	{
		const json_t *o = answer_option(model, it, answers);
		json_t *r = json_pack("{s:s,s:s,s:s,s:O,s:O}", "code", str(it, "code"), "area", str(it, "area"),
		                      "answer", str(o, "letter"), "label_ja", json_object_get(o, "label_ja"),
		                      "label_en", json_object_get(o, "label_en"));
		if (scored(scale_of(model, it))) {
			int s = level(json_object_get(o, "score")), t = level(json_object_get(it, "target"));
			json_object_set_new(r, "score", json_integer(s));
			json_object_set_new(r, "target", json_integer(t));
			json_object_set_new(r, "gap", json_integer(t > s ? t - s : 0));
		} else {
			json_object_set_new(r, "score", json_null());
			json_object_set_new(r, "target", json_null());
			json_object_set_new(r, "gap", json_integer(0));
		}
		json_object_set(r, "sim3", json_object_get(it, "sim3"));
		json_array_append_new(out, r);
	}
	return out;
}

static json_t *score_sim3(const json_t *model, const json_t *answers)
{
	json_t *out = json_array();
	const json_t *p, *it, *c;
	size_t i, j, k;
	json_array_foreach(json_object_get(model, "sim3_parameters"), i, p)
	{
		int lv = -1;
		json_t *from = json_array();
		json_array_foreach(json_object_get(model, "items"), j, it)
		{
			json_array_foreach(json_object_get(it, "sim3"), k, c)
			{
				int l = level(json_object_get(answer_option(model, it, answers), "sim3"));
				if (strcmp(json_string_value(c), str(p, "code")) != 0 || l < 0)
					continue;
				json_array_append_new(from, json_string(str(it, "code")));
				lv = lv < 0 || l < lv ? l : lv;
			}
		}
		if (lv < 0) {
			json_decref(from);
			continue;
		}
		json_array_append_new(out, json_pack("{s:s,s:O,s:O,s:i,s:o}", "parameter", str(p, "code"), "label_ja",
		                                     json_object_get(p, "label_ja"), "label_en",
		                                     json_object_get(p, "label_en"), "level", lv, "items", from));
	}
	return out;
}

static int letter_in(const json_t *opts, const char *letter)
{
	const json_t *o;
	size_t i;
	json_array_foreach(opts, i, o)
	{
		if (letter && json_string_value(o) && strcmp(json_string_value(o), letter) == 0)
			return 1;
	}
	return 0;
}

static json_t *comparison(const json_t *model, const json_t *answers)
{
	json_t *out = json_array();
	const json_t *it, *f;
	size_t i, j;
	char ja[1024], en[1024];
	json_array_foreach(json_object_get(model, "items"), i, it)
	{
		const char *a = str(answers, str(it, "code"));
		json_array_foreach(json_object_get(it, "figures"), j, f)
		{
			const json_t *opts = json_object_get(f, "options");
			json_t *in = json_is_array(opts) && json_array_size(opts) ? json_boolean(letter_in(opts, a))
			                                                          : json_null();
			const char *tja = json_is_null(in)   ? ""
			                  : json_is_true(in) ? "(この群に該当)"
			                                     : "(この群に該当しない)";
			const char *ten = json_is_null(in)   ? ""
			                  : json_is_true(in) ? " (you are in this group)"
			                                     : " (you are not in this group)";
			snprintf(ja, sizeof(ja), "%s 回答 (%s) — 調査: %s [%s]%s", str(it, "code"), a,
			         str(f, "text_ja"), str(f, "seed"), tja);
			snprintf(en, sizeof(en), "%s answer (%s) — survey: %s [%s]%s", str(it, "code"), a,
			         str(f, "text_en"), str(f, "seed"), ten);
			json_array_append_new(out,
			                      json_pack("{s:s,s:s,s:O,s:o,s:s,s:s}", "item", str(it, "code"), "answer",
			                                a, "figure", f, "in_group", in, "line_ja", ja, "line_en", en));
		}
	}
	return out;
}

static json_t *service_lines(const json_t *services, const json_t *answers)
{
	json_t *out = json_array();
	const json_t *s, *svc = json_object_get(answers, "services");
	int n = (int)json_integer_value(json_object_get(services, "survey_n"));
	size_t i;
	char ja[512], en[512], pct[16];
	json_array_foreach(json_object_get(services, "services"), i, s)
	{
		const char *a = str(svc, str(s, "code"));
		const json_t *p = find(json_object_get(services, "provisions"), "code", a);
		const json_t *cnt = json_object_get(s, "survey_count");
		json_t *r = json_pack("{s:s,s:O,s:O,s:O,s:s,s:O,s:O,s:O,s:i}", "code", str(s, "code"), "letter",
		                      json_object_get(s, "letter"), "label_ja", json_object_get(s, "label_ja"),
		                      "label_en", json_object_get(s, "label_en"), "answer", a, "answer_ja",
		                      json_object_get(p, "label_ja"), "answer_en", json_object_get(p, "label_en"),
		                      "survey_count", cnt ? cnt : json_null(), "survey_n", n);
		if (json_is_integer(cnt) && n > 0) {
			int x10 = (int)((json_integer_value(cnt) * 2000 + n) / (2 * n));
			snprintf(pct, sizeof(pct), "%d.%d", x10 / 10, x10 % 10);
			json_object_set_new(r, "percent", json_string(pct));
			snprintf(ja, sizeof(ja), "%s: %s — 調査: %d 組織中 %lld (%s%%) [%s]", str(s, "label_ja"),
			         str(p, "label_ja"), n, (long long)json_integer_value(cnt), pct, str(s, "seed"));
			snprintf(en, sizeof(en), "%s: %s — survey: %lld of %d (%s%%) [%s]", str(s, "label_en"),
			         str(p, "label_en"), (long long)json_integer_value(cnt), n, pct, str(s, "seed"));
		} else {
			json_object_set_new(r, "percent", json_null());
			snprintf(ja, sizeof(ja), "%s: %s — 調査: 回答数の記載なし [%s]", str(s, "label_ja"),
			         str(p, "label_ja"), str(s, "seed"));
			snprintf(en, sizeof(en), "%s: %s — survey: no count stated [%s]", str(s, "label_en"),
			         str(p, "label_en"), str(s, "seed"));
		}
		json_object_set_new(r, "line_ja", json_string(ja));
		json_object_set_new(r, "line_en", json_string(en));
		json_array_append_new(out, r);
	}
	return out;
}

/* Replaces the first "%s" of tmpl by s (no printf: the template is data). */
static json_t *fill(const char *tmpl, const char *s)
{
	struct buf b;
	const char *p = strstr(tmpl, "%s");
	buf_init(&b, 4096);
	if (p) {
		buf_append(&b, tmpl, (size_t)(p - tmpl));
		buf_puts(&b, s);
		buf_puts(&b, p + 2);
	} else {
		buf_puts(&b, tmpl);
	}
	json_t *v = json_string(b.data ? b.data : "");
	buf_free(&b);
	return v;
}

static size_t collect_gaps(const json_t *model, const json_t *services, const json_t *answers, struct gap *g)
{
	const json_t *it, *s, *rule = json_object_get(model, "rule");
	json_int_t over = json_integer_value(json_object_get(rule, "service_majority_over"));
	size_t i, n = 0, items = json_array_size(json_object_get(model, "items"));
	json_array_foreach(json_object_get(model, "items"), i, it)
	{
		if (!scored(scale_of(model, it)) || n >= MAX_GAPS)
			continue;
		int sc = level(json_object_get(answer_option(model, it, answers), "score"));
		int t = level(json_object_get(it, "target"));
		if (sc < t)
			g[n++] = (struct gap){str(it, "code"), t - sc, importance_rank(str(it, "importance")),
			                      (int)i,          it,     0};
	}
	json_array_foreach(json_object_get(services, "services"), i, s)
	{
		const json_t *c = json_object_get(s, "survey_count");
		const char *a = str(json_object_get(answers, "services"), str(s, "code"));
		if (n < MAX_GAPS && json_is_integer(c) && json_integer_value(c) > over && a &&
		    strcmp(a, "not_provided") == 0)
			g[n++] = (struct gap){"2.9", 1, 2, (int)(items + i), s, 1};
	}
	return n;
}

static json_t *roadmap(const json_t *model, const json_t *services, const json_t *answers, const char *date)
{
	struct gap g[MAX_GAPS];
	const json_t *rule = json_object_get(model, "rule"), *sv = json_object_get(model, "services");
	size_t i, n = collect_gaps(model, services, answers, g);
	json_t *out = json_array();
	char due[11];
	qsort(g, n, sizeof(g[0]), gap_cmp);
	for (i = 0; i < n; i++) {
		int months = (int)json_integer_value(
		        json_array_get(json_object_get(rule, "months_by_severity"), (size_t)g[i].severity));
		const char *owner = g[i].is_service ? str(rule, "service_owner") : str(g[i].src, "owner");
		const json_t *o = find(json_object_get(model, "owners"), "code", owner);
		if (evaluation_date_add_months(date, months, due) < 0)
			snprintf(due, sizeof(due), "%s", "");
		json_t *r =
		        json_pack("{s:i,s:s,s:i,s:s,s:O,s:O}", "n", (int)i + 1, "item", g[i].item, "severity",
		                  g[i].severity, "importance",
		                  g[i].rank == 0   ? "high"
		                  : g[i].rank == 1 ? "medium"
		                                   : "low",
		                  "owner", json_object_get(o, "label_ja"), "owner_en", json_object_get(o, "label_en"));
		if (g[i].is_service) {
			json_object_set_new(r, "service", json_string(str(g[i].src, "code")));
			json_object_set_new(r, "action_ja", fill(str(sv, "action_ja"), str(g[i].src, "label_ja")));
			json_object_set_new(r, "action_en", fill(str(sv, "action_en"), str(g[i].src, "label_en")));
		} else {
			json_object_set(r, "action_ja", json_object_get(g[i].src, "action_ja"));
			json_object_set(r, "action_en", json_object_get(g[i].src, "action_en"));
		}
		json_object_set_new(r, "target_date", json_string(due));
		json_object_set_new(r, "status", json_string("open"));
		json_array_append_new(out, r);
	}
	return out;
}

int evaluation_score(const json_t *model, const json_t *services, const json_t *answers, const char *date, json_t **out,
                     json_t *errors)
{
	size_t before = json_array_size(errors);
	char probe[11];
	*out = NULL;
	if (!json_is_object(answers)) {
		add_error(errors, "", "answers", "is required: an object of item code to answer letter");
		return -1;
	}
	check_items(model, answers, errors);
	check_services(services, answers, errors);
	if (evaluation_date_add_months(date, 0, probe) < 0)
		add_error(errors, "", "date", "must be a date YYYY-MM-DD");
	if (json_array_size(errors) > before)
		return -1;
	json_t *overall, *areas = score_areas(model, answers, &overall);
	*out = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "overall", overall, "areas", areas, "items",
	                 score_items(model, answers), "sim3", score_sim3(model, answers), "comparison",
	                 comparison(model, answers), "services", service_lines(services, answers), "roadmap",
	                 roadmap(model, services, answers, date));
	return *out ? 0 : -1;
}
