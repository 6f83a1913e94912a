/*
 * Risk-tolerance model check and scoring (see risk.h).
 */
#include "core/risk.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const profile_names[] = {"low", "medium", "high"};

const char *risk_profile_name(enum risk_profile p)
{
	return (unsigned)p <= RISK_HIGH ? profile_names[p] : "";
}

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int has_text(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s;
}

int risk_matrix_parse(const json_t *obj, struct priority_matrix *m)
{
	int seen[LEVEL_COUNT][LEVEL_COUNT] = {{0}};
	const json_t *cells = json_object_get(obj, "cells"), *cell;
	size_t i;
	if (json_array_size(cells) != LEVEL_COUNT * LEVEL_COUNT)
		return -1;
	json_array_foreach(cells, i, cell)
	{
		enum level im, ur;
		enum priority p;
		if (level_parse(json_string_value(json_object_get(cell, "impact")), &im) < 0 ||
		    level_parse(json_string_value(json_object_get(cell, "urgency")), &ur) < 0 ||
		    priority_parse(json_string_value(json_object_get(cell, "priority")), &p) < 0 || seen[im][ur]++)
			return -1;
		m->cell[im][ur] = p;
	}
	return 0;
}

/* The level object of scale with this value, or NULL. */
static const json_t *scale_level(const json_t *scale, json_int_t v)
{
	const json_t *lv;
	size_t i;
	json_array_foreach(json_object_get(scale, "levels"), i, lv)
	{
		if (json_integer_value(json_object_get(lv, "value")) == v)
			return lv;
	}
	return NULL;
}

static int check_scales(const json_t *scales, char *err, size_t errlen)
{
	const char *name;
	const json_t *sc, *lv;
	size_t i;
	if (!json_is_object(scales) || json_object_size(scales) == 0)
		return fail(err, errlen, "scales: must be a non-empty object");
	json_object_foreach((json_t *)scales, name, sc)
	{
		json_array_foreach(json_object_get(sc, "levels"), i, lv)
		{
			json_int_t v = json_integer_value(json_object_get(lv, "value"));
			if (!json_is_integer(json_object_get(lv, "value")) || v < 1 || v > 3 || !has_text(lv, "ja") ||
			    !has_text(lv, "en"))
				return fail(err, errlen, "scale %s, level %zu: value 1..3, ja and en are required",
				            name, i);
		}
		if (!scale_level(sc, 1) || !scale_level(sc, 3))
			return fail(err, errlen, "scale %s: needs the levels 1 and 3 (both ends)", name);
	}
	return 0;
}

static int known_section(const json_t *sections, const char *code)
{
	const json_t *s;
	size_t i;
	json_array_foreach(sections, i, s)
	{
		if (code && strcmp(json_string_value(json_object_get(s, "code")), code) == 0)
			return 1;
	}
	return 0;
}

static int check_items(const json_t *doc, char *err, size_t errlen)
{
	const json_t *items = json_object_get(doc, "items"), *it, *other;
	size_t i, k;
	if (json_array_size(items) == 0)
		return fail(err, errlen, "items: must be a non-empty array");
	json_array_foreach(items, i, it)
	{
		const char *code = json_string_value(json_object_get(it, "code"));
		json_int_t lt = json_integer_value(json_object_get(it, "low_tolerance_at"));
		if (!code || !*code || !has_text(it, "ja") || !has_text(it, "en") || !has_text(it, "seed"))
			return fail(err, errlen, "item %zu: code, ja, en and seed are required", i);
		if (!json_object_get(json_object_get(doc, "scales"),
		                     json_string_value(json_object_get(it, "scale")) ?: ""))
			return fail(err, errlen, "item %s: unknown scale", code);
		if (!known_section(json_object_get(doc, "sections"), json_string_value(json_object_get(it, "section"))))
			return fail(err, errlen, "item %s: unknown section", code);
		if (lt != 1 && lt != 3)
			return fail(err, errlen, "item %s: low_tolerance_at must be 1 or 3", code);
		json_array_foreach(items, k, other)
		{
			if (k < i && strcmp(json_string_value(json_object_get(other, "code")), code) == 0)
				return fail(err, errlen, "item %s: code given twice", code);
		}
	}
	return 0;
}

static int check_profiles(const json_t *doc, char *err, size_t errlen)
{
	const json_t *profiles = json_object_get(doc, "profiles");
	const json_t *rule = json_object_get(doc, "rule");
	json_int_t lo = json_integer_value(json_object_get(rule, "low_at_or_above_permille"));
	json_int_t hi = json_integer_value(json_object_get(rule, "high_at_or_below_permille"));
	if (!(0 <= hi && hi < lo && lo <= 1000) || !has_text(rule, "ja") || !has_text(rule, "en"))
		return fail(err, errlen, "rule: thresholds 0 <= high < low <= 1000, ja and en are required");
	if (json_array_size(profiles) != 3)
		return fail(err, errlen, "profiles: must list low, medium and high");
	for (size_t i = 0; i < 3; i++) {
		const json_t *p = json_array_get(profiles, i);
		struct priority_matrix m;
		const char *code = json_string_value(json_object_get(p, "code"));
		if (!code || strcmp(code, profile_names[i]) != 0)
			return fail(err, errlen, "profiles[%zu]: must be %s", i, profile_names[i]);
		if (!has_text(p, "ja") || !has_text(p, "en") || !has_text(p, "statement_ja") ||
		    !has_text(p, "statement_en"))
			return fail(err, errlen, "profile %s: ja, en, statement_ja and statement_en are required",
			            code);
		if (risk_matrix_parse(json_object_get(p, "matrix"), &m) < 0)
			return fail(err, errlen, "profile %s: matrix must hold the 9 impact/urgency cells", code);
	}
	return 0;
}

int risk_model_check(const json_t *doc, char *err, size_t errlen)
{
	if (!json_is_object(doc))
		return fail(err, errlen, "the model must be a JSON object");
	if (json_array_size(json_object_get(doc, "sections")) == 0)
		return fail(err, errlen, "sections: must be a non-empty array");
	if (check_scales(json_object_get(doc, "scales"), err, errlen) < 0 || check_items(doc, err, errlen) < 0)
		return -1;
	return check_profiles(doc, err, errlen);
}

static void add_error(json_t *errors, const char *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add_error(json_t *errors, const char *code, const char *fmt, ...)
{
	char field[160], msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(field, sizeof(field), "answers.%s", code);
	json_array_append_new(errors, json_pack("{s:s,s:s}", "field", field, "message", msg));
}

/* Points of one answer (0..2), or -1 with an error added. */
static int answer_points(const json_t *model, const json_t *item, const json_t *v, json_t *errors)
{
	const char *code = json_string_value(json_object_get(item, "code"));
	const json_t *scale =
	        json_object_get(json_object_get(model, "scales"), json_string_value(json_object_get(item, "scale")));
	json_int_t lt = json_integer_value(json_object_get(item, "low_tolerance_at"));
	if (!v) {
		add_error(errors, code, "is not answered (%s)", json_string_value(json_object_get(item, "ja")));
		return -1;
	}
	if (!json_is_integer(v) || !scale_level(scale, json_integer_value(v))) {
		char allowed[64] = "";
		const json_t *lv;
		size_t i;
		json_array_foreach(json_object_get(scale, "levels"), i, lv)
		{
			size_t n = strlen(allowed);
			snprintf(allowed + n, sizeof(allowed) - n, "%s%lld", i ? ", " : "",
			         (long long)json_integer_value(json_object_get(lv, "value")));
		}
		add_error(errors, code, "must be one of %s", allowed);
		return -1;
	}
	json_int_t x = json_integer_value(v);
	return (int)(lt == 3 ? x - 1 : 3 - x);
}

int risk_score(const json_t *model, const json_t *answers, struct risk_result *res, json_t *errors)
{
	const json_t *items = json_object_get(model, "items"), *it, *v;
	const json_t *rule = json_object_get(model, "rule");
	const char *code;
	size_t i, before = json_array_size(errors);
	memset(res, 0, sizeof(*res));
	if (!json_is_object(answers)) {
		json_array_append_new(errors, json_pack("{s:s,s:s}", "field", "answers", "message",
		                                        "must be an object of item code to scale value"));
		return -1;
	}
	json_object_foreach((json_t *)answers, code, v)
	{
		int known = 0;
		json_array_foreach(items, i, it) known |=
		        strcmp(json_string_value(json_object_get(it, "code")), code) == 0;
		if (!known)
			add_error(errors, code, "is not an item of the assessment");
	}
	json_array_foreach(items, i, it)
	{
		int p = answer_points(model, it,
		                      json_object_get(answers, json_string_value(json_object_get(it, "code"))), errors);
		res->points += p > 0 ? p : 0;
		res->max_points += 2;
	}
	if (json_array_size(errors) > before)
		return -1;
	res->index = res->points * 1000 / res->max_points;
	if (res->index >= json_integer_value(json_object_get(rule, "low_at_or_above_permille")))
		res->profile = RISK_LOW;
	else if (res->index <= json_integer_value(json_object_get(rule, "high_at_or_below_permille")))
		res->profile = RISK_HIGH;
	else
		res->profile = RISK_MEDIUM;
	res->profile_json = json_array_get(json_object_get(model, "profiles"), res->profile);
	return risk_matrix_parse(json_object_get(res->profile_json, "matrix"), &res->matrix);
}
