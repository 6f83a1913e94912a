/*
 * POST /api/v1/alerts: the SOC/SIEM alert webhook.
 *
 * The body is one alert object, or {"alerts": [...]} with 1..10,000 of
 * them. Every alert is checked completely before anything is stored, and
 * every problem is reported with its index path ("alerts[2].title",
 * "alerts[3].observables[1].value"; a single alert's fields have no
 * prefix): unknown fields answer 400 unknown-field, bad values 422
 * validation, each listing all the offending fields. http_validate() does
 * not know index paths, so this file has its own small loop over the
 * alert's fields (with the same validators). Observables given by the
 * SIEM are normalised here (core/observable.h); one that does not parse is
 * a field error, not silently dropped. app/alert.c stores the batch.
 */
#include "app/alert.h"
#include "core/validate.h"
#include "http/routes.h"
#include "lib/timeutil.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALERT_OBSERVABLES_MAX 1000 /* per alert */
#define ALERT_ERRORS_MAX      1000 /* field errors listed in one answer */
#define PATH_MAX_LEN          128  /* "alerts[N].observables[M]." for any size_t N, M */

static const char *const severities[] = {"info", "low", "medium", "high", "critical", NULL};

/* The string fields of an alert: name, limits, one line or not, required,
 * allowed values. The other fields (observed_at, observables, raw) are
 * checked by hand. */
struct str_field {
	const char *name;
	size_t min_len, max_len;
	int multiline;
	int required;
	const char *const *one_of;
	size_t offset; /* of the const char * member in struct alert_in */
};

#define AOFF(m) offsetof(struct alert_in, m)
static const struct str_field str_fields[] = {
        {"source", 1, 100, 0, 1, NULL, AOFF(source)},
        {"source_ref", 0, 500, 0, 0, NULL, AOFF(source_ref)},
        {"title", 1, 1000, 0, 1, NULL, AOFF(title)},
        {"description", 0, 100000, 1, 0, NULL, AOFF(description)},
        {"severity", 1, 16, 0, 0, severities, AOFF(severity)},
        {"fingerprint", 1, 200, 0, 0, NULL, AOFF(fingerprint)},
        {"lang", 2, 2, 0, 0, http_enum_lang, AOFF(lang)},
};
#define NSTR (sizeof(str_fields) / sizeof(str_fields[0]))
static const char *const other_fields[] = {"observed_at", "observables", "raw", NULL};

/* Collected problems of the whole request. */
struct check {
	json_t *unknown; /* [{field, message}] -> 400 */
	json_t *errors;  /* [{field, message}] -> 422 */
	size_t nerr;     /* problems seen, including those not listed */
};

static void add(struct check *k, json_t *list, const char *path, const char *name, const char *msg)
{
	char field[2 * PATH_MAX_LEN + 128];
	k->nerr++;
	if (json_array_size(k->unknown) + json_array_size(k->errors) >= ALERT_ERRORS_MAX)
		return;
	snprintf(field, sizeof(field), "%s%s", path, name);
	json_array_append_new(list, json_pack("{s:s, s:s}", "field", field, "message", msg));
}

/* A name of an unknown member, cut and made printable for the answer. */
static void unknown(struct check *k, const char *path, const char *name)
{
	char n[128];
	snprintf(n, sizeof(n), "%.120s", name);
	if (validate_text(n, 1, sizeof(n), 0) < 0 || validate_utf8(n, strlen(n)) < 0)
		snprintf(n, sizeof(n), "?");
	add(k, k->unknown, path, n, "is not a field of this object");
}

static int known(const char *name)
{
	for (size_t i = 0; i < NSTR; i++)
		if (strcmp(str_fields[i].name, name) == 0)
			return 1;
	for (const char *const *o = other_fields; *o; o++)
		if (strcmp(*o, name) == 0)
			return 1;
	return 0;
}

static int one_of(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* Checks a string field and stores it (borrowed) into the alert. */
static void check_str(struct check *k, const char *path, const json_t *obj, const struct str_field *f,
                      struct alert_in *a)
{
	/* the member named by the table (offsetof of a const char * field) */
	const char **slot = (const char **)((char *)a + f->offset);
	json_t *v = json_object_get(obj, f->name);
	char msg[160];
	if (!v || json_is_null(v)) {
		if (f->required)
			add(k, k->errors, path, f->name, "is required");
		return;
	}
	if (!json_is_string(v)) {
		add(k, k->errors, path, f->name, "must be a string");
		return;
	}
	const char *s = json_string_value(v);
	if (validate_text_n(s, json_string_length(v), f->min_len, f->max_len, f->multiline) < 0) {
		snprintf(msg, sizeof(msg), "must be %zu to %zu bytes of text%s", f->min_len, f->max_len,
		         f->multiline ? "" : " on one line");
		add(k, k->errors, path, f->name, msg);
		return;
	}
	if (f->one_of && !one_of(f->one_of, s)) {
		add(k, k->errors, path, f->name,
		    f->one_of == severities ? "must be one of: info, low, medium, high, critical"
		                            : "must be one of: ja, en");
		return;
	}
	*slot = s;
}

/* 1 when the input looks defanged (hxxp, [.], (.), [@], [:]). */
static int looks_defanged(const char *s)
{
	return strstr(s, "[.]") || strstr(s, "(.)") || strstr(s, "[@]") || strstr(s, "[:]") || strstr(s, "hxxp") ||
	       strstr(s, "hXXp") || strstr(s, "[dot]");
}

/* Checks observables[j] and appends its normalised form to a->observables
 * (room for it was allocated by the caller). */
static void check_observable(struct check *k, const char *path, size_t j, const json_t *o, struct alert_in *a)
{
	char p[PATH_MAX_LEN], norm[OBSERVABLE_MAX_VALUE + 1];
	snprintf(p, sizeof(p), "%sobservables[%zu]", path, j);
	if (!json_is_object(o)) {
		add(k, k->errors, p, "", "must be an object {\"type\", \"value\"}");
		return;
	}
	char pd[PATH_MAX_LEN + 2];
	snprintf(pd, sizeof(pd), "%s.", p);
	const char *name;
	json_t *v;
	json_object_foreach((json_t *)o, name, v)
	{
		if (strcmp(name, "type") != 0 && strcmp(name, "value") != 0)
			unknown(k, pd, name);
	}
	const char *type = json_string_value(json_object_get(o, "type"));
	const char *value = json_string_value(json_object_get(o, "value"));
	int t = -1;
	for (int i = 0; type && i < OBSERVABLE_TYPE_COUNT; i++)
		if (strcmp(observable_type_name((enum observable_type)i), type) == 0)
			t = i;
	if (t < 0)
		add(k, k->errors, pd, "type",
		    "must be one of: ipv4, ipv6, cidr, domain, url, email, md5, sha1, sha256, cve");
	if (!value || validate_text(value, 1, OBSERVABLE_MAX_VALUE, 0) < 0) {
		add(k, k->errors, pd, "value", "must be a string of 1 to 2048 bytes on one line");
		return;
	}
	if (t < 0)
		return;
	if (observable_normalize((enum observable_type)t, value, norm, sizeof(norm)) < 0) {
		char msg[64];
		snprintf(msg, sizeof(msg), "is not a valid %s", type);
		add(k, k->errors, pd, "value", msg);
		return;
	}
	struct observable *ob = &a->observables.items[a->observables.count];
	ob->value = strdup(norm);
	if (!ob->value) {
		add(k, k->errors, pd, "value", "out of memory");
		return;
	}
	ob->type = (enum observable_type)t;
	ob->defanged = looks_defanged(value);
	a->observables.count++;
}

static void check_observables(struct check *k, const char *path, const json_t *obj, struct alert_in *a)
{
	json_t *arr = json_object_get(obj, "observables");
	if (!arr || json_is_null(arr))
		return;
	if (!json_is_array(arr) || json_array_size(arr) > ALERT_OBSERVABLES_MAX) {
		add(k, k->errors, path, "observables", "must be an array of up to 1000 {\"type\", \"value\"} objects");
		return;
	}
	size_t n = json_array_size(arr);
	if (n == 0)
		return;
	a->observables.items = calloc(n, sizeof(*a->observables.items));
	if (!a->observables.items) {
		add(k, k->errors, path, "observables", "out of memory");
		return;
	}
	for (size_t j = 0; j < n; j++)
		check_observable(k, path, j, json_array_get(arr, j), a);
}

/* Checks one alert object; path is "" or "alerts[i]." */
static void check_alert(struct check *k, const char *path, const json_t *obj, struct alert_in *a)
{
	a->source_ref = a->description = a->fingerprint = "";
	a->severity = "medium";
	a->lang = "ja";
	if (!json_is_object(obj)) {
		char p[PATH_MAX_LEN];
		snprintf(p, sizeof(p), "%.*s", (int)strlen(path) - 1, path); /* without the dot */
		add(k, k->errors, p, "", "must be an alert object");
		return;
	}
	const char *name;
	json_t *v;
	json_object_foreach((json_t *)obj, name, v)
	{
		if (!known(name))
			unknown(k, path, name);
	}
	for (size_t i = 0; i < NSTR; i++)
		check_str(k, path, obj, &str_fields[i], a);
	v = json_object_get(obj, "observed_at");
	if (v && !json_is_null(v) &&
	    (!json_is_string(v) || time_parse(json_string_value(v), &a->observed_at) < 0 || a->observed_at == 0)) {
		a->observed_at = 0;
		add(k, k->errors, path, "observed_at", "must be an RFC 3339 time like 2026-11-22T15:30:00+09:00");
	}
	check_observables(k, path, obj, a);
	a->raw = json_object_get(obj, "raw");
}

static void free_alerts(struct alert_in *al, size_t n)
{
	for (size_t i = 0; al && i < n; i++)
		observable_list_free(&al[i].observables);
	free(al);
}

/* Answers the collected problems (400 before 422); 0 when there are none. */
static int answer_problems(struct check *k, struct http_resp *rs)
{
	int bad = json_array_size(k->unknown) > 0;
	json_t *list = bad ? k->unknown : k->errors;
	if (json_array_size(list) == 0)
		return 0;
	json_t *first = json_array_get(list, 0);
	char detail[512];
	snprintf(detail, sizeof(detail), "%s: %s%s", json_string_value(json_object_get(first, "field")),
	         json_string_value(json_object_get(first, "message")), k->nerr > 1 ? " (and more, see errors)" : "");
	if (bad) {
		http_problem(rs, 400, "unknown-field", detail, json_incref(k->unknown));
	} else {
		http_problem(rs, 422, "validation", detail, json_incref(k->errors));
	}
	return -1;
}

void api_alerts_submit(struct http_req *rq, struct http_resp *rs)
{
	struct check k = {json_array(), json_array(), 0};
	struct alert_in *al = NULL;
	size_t n = 0;
	json_t *body = NULL;

	if (rq->actor.role < ROLE_HANDLER && !rq->actor.intake_only) {
		http_problem(rs, 403, "forbidden", "submitting alerts needs the handler role or an intake token", NULL);
		goto out;
	}
	body = http_json_body(rq, rs);
	if (!body)
		goto out;
	json_t *batch = json_object_get(body, "alerts");
	if (batch) {
		const char *name;
		json_t *v;
		json_object_foreach(body, name, v)
		{
			if (strcmp(name, "alerts") != 0)
				unknown(&k, "", name);
		}
		n = json_array_size(batch);
		if (!json_is_array(batch) || n < 1 || n > ALERT_BATCH_MAX) {
			add(&k, k.errors, "", "alerts", "must be an array of 1 to 10000 alerts");
			n = 0;
		}
	} else {
		n = 1;
	}
	al = calloc(n ? n : 1, sizeof(*al));
	if (!al) {
		http_problem(rs, 500, "internal", "out of memory", NULL);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX_LEN / 2];
		if (batch)
			snprintf(path, sizeof(path), "alerts[%zu].", i);
		else
			path[0] = '\0';
		check_alert(&k, path, batch ? json_array_get(batch, i) : body, &al[i]);
	}
	if (answer_problems(&k, rs) < 0)
		goto out;

	struct app_result r;
	app_result_init(&r);
	app_alerts_submit(&rq->app, al, n, &r);
	http_reply(rs, &r, 201);
out:
	free_alerts(al, n);
	json_decref(body);
	json_decref(k.unknown);
	json_decref(k.errors);
}
