/*
 * taxonomy.c - load, validate and look up the incident taxonomy.
 *
 * The file format is ours (data/taxonomy/rsit.json): classes, each with
 * its types, labels in Japanese and English and one-line descriptions.
 * It is validated completely at load so that a broken or hand-edited file
 * stops the server at start with a message naming the offending field,
 * rather than producing an unclassifiable incident later. Lookups accept
 * the older American spelling "unauthorized-..." used by RSIT before
 * version 1002 and by tools such as IntelMQ, so that imported data maps
 * onto the current codes.
 */
#include "core/taxonomy.h"
#include "core/validate.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Limits for a file that people edit by hand; far above the real RSIT. */
#define TAXONOMY_MAX_ENTRIES     4096
#define TAXONOMY_LABEL_MAX       200
#define TAXONOMY_DESCRIPTION_MAX 2000

/* Old spelling -> current spelling; pairs have the same length. */
static const char *const spelling_map[][2] = {
        {"unauthorized-use-of-resources", "unauthorised-use-of-resources"},
        {"unauthorized-information-access", "unauthorised-information-access"},
        {"unauthorized-information-modification", "unauthorised-information-modification"},
};

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* 1 when s is a non-empty run of [a-z0-9-] of length n. */
static int part_ok(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
	}
	return 1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Replace an old spelling occupying exactly p[0..n) in place. */
static void map_spelling(char *p, size_t n)
{
	for (size_t i = 0; i < sizeof spelling_map / sizeof spelling_map[0]; i++) {
		if (strlen(spelling_map[i][0]) == n && memcmp(p, spelling_map[i][0], n) == 0) {
			memcpy(p, spelling_map[i][1], n);
			return;
		}
	}
}

int taxonomy_normalize_code(const char *in, char *out, size_t outlen)
{
	if (out != NULL && outlen > 0)
		out[0] = '\0';
	if (in == NULL || out == NULL)
		return -1;
	while (is_space(*in))
		in++;
	size_t n = strlen(in);
	while (n > 0 && is_space(in[n - 1]))
		n--;
	if (n == 0 || n > TAXONOMY_CODE_MAX || n >= outlen)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = in[i];
		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[n] = '\0';

	char *slash = memchr(out, '/', n);
	size_t cl = slash != NULL ? (size_t)(slash - out) : n;
	if (!part_ok(out, cl))
		goto fail;
	map_spelling(out, cl);
	if (slash != NULL) {
		size_t tl = n - cl - 1;
		if (!part_ok(slash + 1, tl)) /* also rejects a second '/' */
			goto fail;
		map_spelling(slash + 1, tl);
	}
	return 0;
fail:
	out[0] = '\0';
	return -1;
}

void taxonomy_free(struct taxonomy *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->count; i++) {
		struct taxonomy_entry *e = &t->entries[i];
		free(e->code);
		free(e->parent);
		free(e->label_ja);
		free(e->label_en);
		free(e->description_ja);
		free(e->description_en);
	}
	free(t->entries);
	t->entries = NULL;
	t->count = 0;
}

/* Parser state: the growing result plus the error buffer. */
struct loader {
	struct taxonomy tx;
	size_t cap;
	char *err;
	size_t errlen;
};

/*
 * Fetch obj[key] as a string into *dst (malloc'd). required: missing is an
 * error; nonempty: "" is an error. Text must be a single line within max
 * bytes. where names the object in messages. 0 / -1.
 */
static int get_text(struct loader *ld, json_t *obj, const char *key, const char *where, int required, size_t max,
                    char **dst)
{
	json_t *v = json_object_get(obj, key);
	const char *s = "";
	if (v == NULL) {
		if (required) {
			set_err(ld->err, ld->errlen, "%s: missing \"%s\"", where, key);
			return -1;
		}
	} else if (!json_is_string(v)) {
		set_err(ld->err, ld->errlen, "%s.%s: must be a string", where, key);
		return -1;
	} else {
		s = json_string_value(v);
		if (validate_text_n(s, json_string_length(v), required ? 1 : 0, max, 0) != 0) {
			set_err(ld->err, ld->errlen, "%s.%s: must be %ssingle-line text of at most %zu bytes", where,
			        key, required ? "non-empty " : "", max);
			return -1;
		}
	}
	*dst = strdup(s);
	if (*dst == NULL) {
		set_err(ld->err, ld->errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* Append one class or type from obj. parent is NULL for a class. */
static int add_entry(struct loader *ld, json_t *obj, const char *parent, int parent_local, const char *where)
{
	if (!json_is_object(obj)) {
		set_err(ld->err, ld->errlen, "%s: must be an object", where);
		return -1;
	}
	if (ld->tx.count >= TAXONOMY_MAX_ENTRIES) {
		set_err(ld->err, ld->errlen, "too many entries (at most %d)", TAXONOMY_MAX_ENTRIES);
		return -1;
	}
	if (ld->tx.count == ld->cap) {
		size_t ncap = ld->cap ? ld->cap * 2 : 64;
		struct taxonomy_entry *ne = realloc(ld->tx.entries, ncap * sizeof *ne);
		if (ne == NULL) {
			set_err(ld->err, ld->errlen, "out of memory");
			return -1;
		}
		ld->tx.entries = ne;
		ld->cap = ncap;
	}
	/* Count the entry first so that taxonomy_free releases partial fields. */
	struct taxonomy_entry *e = &ld->tx.entries[ld->tx.count++];
	memset(e, 0, sizeof *e);

	json_t *code = json_object_get(obj, "code");
	const char *cs = json_is_string(code) ? json_string_value(code) : NULL;
	size_t cl = cs != NULL ? json_string_length(code) : 0;
	if (cs == NULL || strlen(cs) != cl || !part_ok(cs, cl)) {
		set_err(ld->err, ld->errlen, "%s.code: must be a string of [a-z0-9-]+", where);
		return -1;
	}
	size_t full = parent != NULL ? strlen(parent) + 1 + cl : cl;
	if (full > TAXONOMY_CODE_MAX) {
		set_err(ld->err, ld->errlen, "%s.code: longer than %d bytes", where, TAXONOMY_CODE_MAX);
		return -1;
	}
	e->code = malloc(full + 1);
	if (e->code == NULL || (parent != NULL && (e->parent = strdup(parent)) == NULL)) {
		set_err(ld->err, ld->errlen, "out of memory");
		return -1;
	}
	if (parent != NULL)
		snprintf(e->code, full + 1, "%s/%s", parent, cs);
	else
		memcpy(e->code, cs, cl + 1);
	for (size_t i = 0; i + 1 < ld->tx.count; i++) {
		if (strcmp(ld->tx.entries[i].code, e->code) == 0) {
			set_err(ld->err, ld->errlen, "%s.code: duplicate code \"%s\"", where, e->code);
			return -1;
		}
	}

	if (get_text(ld, obj, "label_ja", where, 1, TAXONOMY_LABEL_MAX, &e->label_ja) != 0 ||
	    get_text(ld, obj, "label_en", where, 1, TAXONOMY_LABEL_MAX, &e->label_en) != 0 ||
	    get_text(ld, obj, "description_ja", where, 0, TAXONOMY_DESCRIPTION_MAX, &e->description_ja) != 0 ||
	    get_text(ld, obj, "description_en", where, 0, TAXONOMY_DESCRIPTION_MAX, &e->description_en) != 0)
		return -1;

	json_t *local = json_object_get(obj, "local");
	if (local != NULL && !json_is_boolean(local)) {
		set_err(ld->err, ld->errlen, "%s.local: must be true or false", where);
		return -1;
	}
	/* A type under a local class is local too. */
	e->is_local = parent_local || (local != NULL && json_is_true(local));
	return 0;
}

static int load_classes(struct loader *ld, json_t *root)
{
	if (!json_is_object(root)) {
		set_err(ld->err, ld->errlen, "the document must be a JSON object");
		return -1;
	}
	json_t *name = json_object_get(root, "name");
	if (name != NULL && !json_is_string(name)) {
		set_err(ld->err, ld->errlen, "name: must be a string");
		return -1;
	}
	json_t *version = json_object_get(root, "version");
	if (version != NULL && !json_is_string(version) && !json_is_integer(version)) {
		set_err(ld->err, ld->errlen, "version: must be a string or an integer");
		return -1;
	}
	json_t *classes = json_object_get(root, "classes");
	if (!json_is_array(classes) || json_array_size(classes) == 0) {
		set_err(ld->err, ld->errlen, "classes: must be a non-empty array");
		return -1;
	}
	size_t i, j;
	json_t *cls, *typ;
	char where[64], twhere[96];
	json_array_foreach(classes, i, cls)
	{
		snprintf(where, sizeof where, "classes[%zu]", i);
		if (add_entry(ld, cls, NULL, 0, where) != 0)
			return -1;
		/* Copy what we need: add_entry may move the array. */
		size_t ci = ld->tx.count - 1;
		int clocal = ld->tx.entries[ci].is_local;
		json_t *types = json_object_get(cls, "types");
		if (types == NULL)
			continue;
		if (!json_is_array(types)) {
			set_err(ld->err, ld->errlen, "%s.types: must be an array", where);
			return -1;
		}
		json_array_foreach(types, j, typ)
		{
			snprintf(twhere, sizeof twhere, "%s.types[%zu]", where, j);
			char *parent = strdup(ld->tx.entries[ci].code);
			if (parent == NULL) {
				set_err(ld->err, ld->errlen, "out of memory");
				return -1;
			}
			int rc = add_entry(ld, typ, parent, clocal, twhere);
			free(parent);
			if (rc != 0)
				return -1;
		}
	}
	return 0;
}

int taxonomy_parse(const char *json, size_t len, struct taxonomy *out, char *err, size_t errlen)
{
	struct loader ld = {.tx = {NULL, 0}, .cap = 0, .err = err, .errlen = errlen};
	json_error_t jerr;

	set_err(err, errlen, "%s", "");
	if (out == NULL || (json == NULL && len > 0)) {
		set_err(err, errlen, "invalid arguments");
		return -1;
	}
	out->entries = NULL;
	out->count = 0;
	/* JSON_REJECT_DUPLICATES: a repeated key in a hand-edited file is a mistake. */
	json_t *root = json_loadb(json != NULL ? json : "", len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		set_err(err, errlen, "invalid JSON at line %d column %d: %s", jerr.line, jerr.column, jerr.text);
		return -1;
	}
	int rc = load_classes(&ld, root);
	json_decref(root);
	if (rc != 0) {
		taxonomy_free(&ld.tx);
		return -1;
	}
	*out = ld.tx;
	return 0;
}

const struct taxonomy_entry *taxonomy_find(const struct taxonomy *t, const char *code)
{
	char norm[TAXONOMY_CODE_MAX + 1];
	if (t == NULL || taxonomy_normalize_code(code, norm, sizeof norm) != 0)
		return NULL;
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->entries[i].code, norm) == 0)
			return &t->entries[i];
	return NULL;
}

size_t taxonomy_class_count(const struct taxonomy *t)
{
	size_t n = 0;
	if (t == NULL)
		return 0;
	for (size_t i = 0; i < t->count; i++)
		if (t->entries[i].parent == NULL)
			n++;
	return n;
}
