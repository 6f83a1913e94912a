/*
 * escalation.c - escalation rule conditions, targets, levels and templates
 * (see escalation.h). Everything here is pure: JSON in, structures and
 * strings out.
 */
#include "core/escalation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const crit_names[CRIT_COUNT] = {"low", "medium", "high", "critical"};
static const char *const sla_names[SLA_COUNT] = {"acknowledge", "first_response", "containment", "resolution"};

/* Seed 001 §2.4(4)d: the circle widens one organisational step per level. */
static const char *const level_ja[ESC_LEVEL_MAX + 1] = {"", "部署内", "事業所内", "部門内", "部門間", "企業間"};
static const char *const level_en[ESC_LEVEL_MAX + 1] = {
        "", "within the department", "within the site", "within the division", "across divisions", "across companies"};

static const char *const condition_members[] = {
        "categories",    "priorities",        "impact", "constituencies",
        "personal_data", "asset_criticality", "status", "minutes_in_status",
        "sla_breach",    "sla_near",          NULL,
};

/* --- names ---------------------------------------------------------------- */

int esc_level_valid(int64_t level)
{
	return level >= ESC_LEVEL_MIN && level <= ESC_LEVEL_MAX;
}

const char *esc_level_name_ja(int level)
{
	return esc_level_valid(level) ? level_ja[level] : "";
}

const char *esc_level_name_en(int level)
{
	return esc_level_valid(level) ? level_en[level] : "";
}

const char *esc_crit_name(enum esc_crit c)
{
	return (unsigned)c < CRIT_COUNT ? crit_names[c] : "";
}

int esc_crit_parse(const char *s, enum esc_crit *out)
{
	for (int i = 0; s && i < CRIT_COUNT; i++)
		if (strcmp(s, crit_names[i]) == 0) {
			*out = (enum esc_crit)i;
			return 0;
		}
	return -1;
}

const char *esc_sla_name(enum esc_sla s)
{
	return (unsigned)s < SLA_COUNT ? sla_names[s] : "";
}

int esc_sla_parse(const char *s, enum esc_sla *out)
{
	for (int i = 0; s && i < SLA_COUNT; i++)
		if (strcmp(s, sla_names[i]) == 0) {
			*out = (enum esc_sla)i;
			return 0;
		}
	return -1;
}

/* --- parsing -------------------------------------------------------------- */

static void field_error(json_t *errors, const char *prefix, const char *member, const char *msg)
{
	char field[96];
	snprintf(field, sizeof(field), "%s%s%s", prefix ? prefix : "", prefix && *prefix ? "." : "", member);
	json_array_append_new(errors, json_pack("{s:s,s:s}", "field", field, "message", msg));
}

/* A non-empty array of at most ESC_LIST_MAX members, else an error. */
static int list_ok(const json_t *v, json_t *errors, const char *prefix, const char *member)
{
	if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > ESC_LIST_MAX) {
		char msg[96];
		snprintf(msg, sizeof(msg), "must be a list of 1 to %d values", ESC_LIST_MAX);
		field_error(errors, prefix, member, msg);
		return 0;
	}
	return 1;
}

typedef int (*name_parser)(const char *s, unsigned *bit);

static int parse_priority_bit(const char *s, unsigned *bit)
{
	enum priority p;
	if (!s || priority_parse(s, &p) != 0)
		return -1;
	*bit = 1u << p;
	return 0;
}

static int parse_level_bit(const char *s, unsigned *bit)
{
	enum level l;
	if (!s || level_parse(s, &l) != 0)
		return -1;
	*bit = 1u << l;
	return 0;
}

static int parse_crit_bit(const char *s, unsigned *bit)
{
	enum esc_crit c;
	if (esc_crit_parse(s, &c) != 0)
		return -1;
	*bit = 1u << c;
	return 0;
}

static int parse_status_bit(const char *s, unsigned *bit)
{
	enum incident_status st;
	if (!s || workflow_status_parse(s, &st) != 0)
		return -1;
	*bit = 1u << st;
	return 0;
}

static int parse_sla_bit(const char *s, unsigned *bit)
{
	enum esc_sla t;
	if (esc_sla_parse(s, &t) != 0)
		return -1;
	*bit = 1u << t;
	return 0;
}

/* A list of names into a bit mask; msg names the allowed values. */
static void parse_mask(const json_t *v, name_parser p, unsigned *mask, json_t *errors, const char *prefix,
                       const char *member, const char *msg)
{
	size_t i;
	json_t *e;
	if (!list_ok(v, errors, prefix, member))
		return;
	json_array_foreach(v, i, e)
	{
		unsigned bit;
		if (p(json_string_value(e), &bit) != 0) {
			field_error(errors, prefix, member, msg);
			return;
		}
		*mask |= bit;
	}
}

static void parse_categories(const json_t *v, struct esc_condition *c, json_t *errors, const char *prefix)
{
	size_t i;
	json_t *e;
	if (!list_ok(v, errors, prefix, "categories"))
		return;
	json_array_foreach(v, i, e)
	{
		if (!json_is_string(e) || taxonomy_normalize_code(json_string_value(e), c->categories[c->ncategories],
		                                                  TAXONOMY_CODE_MAX + 1) != 0) {
			field_error(errors, prefix, "categories",
			            "must be taxonomy codes like \"fraud\" or \"fraud/phishing\"");
			return;
		}
		c->ncategories++;
	}
	c->has_categories = 1;
}

static void parse_ids(const json_t *v, int64_t *ids, size_t *n, json_t *errors, const char *prefix, const char *member)
{
	size_t i;
	json_t *e;
	if (!list_ok(v, errors, prefix, member))
		return;
	json_array_foreach(v, i, e)
	{
		if (!json_is_integer(e) || json_integer_value(e) < 1) {
			field_error(errors, prefix, member, "must be a list of positive ids");
			*n = 0;
			return;
		}
		ids[(*n)++] = json_integer_value(e);
	}
}

int esc_condition_parse(const json_t *obj, const char *prefix, struct esc_condition *out, json_t *errors)
{
	size_t before = json_array_size(errors);
	const char *k;
	json_t *v;
	memset(out, 0, sizeof(*out));
	out->personal_data = -1;
	if (!obj)
		return 0;
	if (!json_is_object(obj)) {
		json_array_append_new(errors, json_pack("{s:s,s:s}", "field", prefix, "message", "must be an object"));
		return -1;
	}
	json_object_foreach((json_t *)obj, k, v)
	{
		if (strcmp(k, "categories") == 0) {
			parse_categories(v, out, errors, prefix);
		} else if (strcmp(k, "priorities") == 0) {
			parse_mask(v, parse_priority_bit, &out->priorities, errors, prefix, k,
			           "must be P1, P2, P3 or P4");
		} else if (strcmp(k, "impact") == 0) {
			parse_mask(v, parse_level_bit, &out->impact, errors, prefix, k, "must be low, medium or high");
		} else if (strcmp(k, "asset_criticality") == 0) {
			parse_mask(v, parse_crit_bit, &out->asset_criticality, errors, prefix, k,
			           "must be low, medium, high or critical");
		} else if (strcmp(k, "status") == 0) {
			parse_mask(v, parse_status_bit, &out->status, errors, prefix, k,
			           "must be new, triage, analysis, containment, eradication or recovery");
		} else if (strcmp(k, "sla_breach") == 0 || strcmp(k, "sla_near") == 0) {
			parse_mask(v, parse_sla_bit, k[4] == 'b' ? &out->sla_breach : &out->sla_near, errors, prefix, k,
			           "must be acknowledge, first_response, containment or resolution");
		} else if (strcmp(k, "constituencies") == 0) {
			parse_ids(v, out->constituencies, &out->nconstituencies, errors, prefix, k);
		} else if (strcmp(k, "personal_data") == 0) {
			if (!json_is_boolean(v))
				field_error(errors, prefix, k, "must be true or false");
			else
				out->personal_data = json_is_true(v);
		} else if (strcmp(k, "minutes_in_status") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 1 ||
			    json_integer_value(v) > ESC_MINUTES_MAX) {
				char msg[80];
				snprintf(msg, sizeof(msg), "must be minutes from 1 to %d", ESC_MINUTES_MAX);
				field_error(errors, prefix, k, msg);
			} else {
				out->minutes_in_status = json_integer_value(v);
			}
		} else {
			char msg[300];
			size_t n = (size_t)snprintf(msg, sizeof(msg), "is not a condition; use one of");
			for (size_t i = 0; condition_members[i] && n < sizeof(msg); i++)
				n += (size_t)snprintf(msg + n, sizeof(msg) - n, " %s", condition_members[i]);
			field_error(errors, prefix, k, msg);
		}
	}
	return json_array_size(errors) == before ? 0 : -1;
}

/* A group or role name: [a-z0-9_-]{1,ESC_SLUG_MAX}. */
static int slug_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > ESC_SLUG_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static void parse_slugs(const json_t *v, char (*out)[ESC_SLUG_MAX + 1], size_t *n, json_t *errors, const char *prefix,
                        const char *member)
{
	size_t i;
	json_t *e;
	if (!list_ok(v, errors, prefix, member))
		return;
	json_array_foreach(v, i, e)
	{
		if (!slug_ok(json_string_value(e))) {
			field_error(errors, prefix, member,
			            "must be names of lower-case letters, digits, _ and - (like \"legal\")");
			*n = 0;
			return;
		}
		snprintf(out[(*n)++], ESC_SLUG_MAX + 1, "%s", json_string_value(e));
	}
}

int esc_targets_parse(const json_t *obj, const char *prefix, struct esc_targets *out, json_t *errors)
{
	size_t before = json_array_size(errors);
	const char *k;
	json_t *v;
	memset(out, 0, sizeof(*out));
	if (!obj)
		return 0;
	if (!json_is_object(obj)) {
		json_array_append_new(errors, json_pack("{s:s,s:s}", "field", prefix, "message",
		                                        "must be an object {\"contacts\", \"groups\", \"roles\"}"));
		return -1;
	}
	json_object_foreach((json_t *)obj, k, v)
	{
		if (strcmp(k, "contacts") == 0)
			parse_ids(v, out->contacts, &out->ncontacts, errors, prefix, k);
		else if (strcmp(k, "groups") == 0)
			parse_slugs(v, out->groups, &out->ngroups, errors, prefix, k);
		else if (strcmp(k, "roles") == 0)
			parse_slugs(v, out->roles, &out->nroles, errors, prefix, k);
		else
			field_error(errors, prefix, k, "is not a target; use contacts, groups or roles");
	}
	return json_array_size(errors) == before ? 0 : -1;
}

int esc_targets_empty(const struct esc_targets *t)
{
	return t->ncontacts == 0 && t->ngroups == 0 && t->nroles == 0;
}

/* --- evaluation ----------------------------------------------------------- */

/* A rule's code matches the incident's category itself and, for a class,
 * each of its types ("fraud" matches "fraud/phishing"). */
static int category_match(const struct esc_condition *c, const char *cat)
{
	if (!cat || !*cat)
		return 0;
	for (size_t i = 0; i < c->ncategories; i++) {
		size_t n = strlen(c->categories[i]);
		if (strncmp(cat, c->categories[i], n) == 0 && (cat[n] == '\0' || cat[n] == '/'))
			return 1;
	}
	return 0;
}

static int in_mask(unsigned mask, int v)
{
	return mask == 0 || (v >= 0 && (mask & (1u << v)));
}

int esc_condition_match(const struct esc_condition *c, const struct esc_incident *inc)
{
	if (inc->status == ST_CLOSED)
		return 0;
	if (c->has_categories && !category_match(c, inc->category))
		return 0;
	if (!in_mask(c->priorities, (int)inc->priority) || !in_mask(c->impact, (int)inc->impact) ||
	    !in_mask(c->status, (int)inc->status))
		return 0;
	if (c->asset_criticality && !in_mask(c->asset_criticality, inc->asset_criticality))
		return 0;
	if (c->nconstituencies) {
		size_t i;
		for (i = 0; i < c->nconstituencies && c->constituencies[i] != inc->constituency_id; i++)
			;
		if (i == c->nconstituencies)
			return 0;
	}
	if (c->personal_data >= 0 && (inc->personal_data != 0) != (c->personal_data != 0))
		return 0;
	if (c->minutes_in_status && inc->minutes_in_status < c->minutes_in_status)
		return 0;
	/* with both asked, either state of a named target is enough */
	if (c->sla_breach || c->sla_near) {
		if (!(c->sla_breach & inc->sla_breach) && !(c->sla_near & (inc->sla_near | inc->sla_breach)))
			return 0;
	}
	return 1;
}

int esc_condition_timed(const struct esc_condition *c)
{
	return c->minutes_in_status > 0;
}

/* --- templates ------------------------------------------------------------ */

static const char *const default_subject[2] = {
        "【エスカレーション レベル{{level}}】{{title}}",
        "Escalation, level {{level}}: {{title}}",
};
static const char *const default_body[2] = {
        "インシデント {{key}} がエスカレーションされました。\n"
        "\n"
        "レベル: {{level}}\n"
        "件名: {{title}}\n"
        "優先度: {{priority}}\n"
        "分類: {{category}}\n"
        "状態: {{status}}\n"
        "\n"
        "詳細: {{url}}\n"
        "\n"
        "このメールを受け取ったら、次のリンクから受領を確認してください（確認がないと、次のレベルへ"
        "エスカレーションされます）:\n"
        "{{ack_url}}\n",
        "Incident {{key}} has been escalated.\n"
        "\n"
        "Level: {{level}}\n"
        "Title: {{title}}\n"
        "Priority: {{priority}}\n"
        "Category: {{category}}\n"
        "Status: {{status}}\n"
        "\n"
        "Details: {{url}}\n"
        "\n"
        "Please acknowledge it with this link (without an acknowledgement it climbs to the next level):\n"
        "{{ack_url}}\n",
};

static int is_en(const char *lang)
{
	return lang && strcmp(lang, "en") == 0;
}

const char *esc_default_subject(const char *lang)
{
	return default_subject[is_en(lang)];
}

const char *esc_default_body(const char *lang)
{
	return default_body[is_en(lang)];
}

int esc_template_has_ack(const char *tpl)
{
	return tpl && strstr(tpl, "{{ack_url}}") != NULL;
}

struct out {
	char *p;
	size_t n, cap;
	int one_line, oom;
};

/* Appends n bytes; with one_line, control characters become spaces. */
static void put(struct out *o, const char *s, size_t n)
{
	if (o->oom)
		return;
	if (o->n + n + 1 > o->cap) {
		size_t cap = (o->cap ? o->cap : 256);
		while (cap < o->n + n + 1)
			cap *= 2;
		char *p = realloc(o->p, cap);
		if (!p) {
			o->oom = 1;
			return;
		}
		o->p = p;
		o->cap = cap;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		o->p[o->n++] = o->one_line && (ch < 0x20 || ch == 0x7f) ? ' ' : (char)ch;
	}
	o->p[o->n] = '\0';
}

static void put_str(struct out *o, const char *s)
{
	if (s)
		put(o, s, strlen(s));
}

/* Writes the value of placeholder name (n bytes); 0, or -1 if unknown. */
static int put_var(struct out *o, const struct esc_vars *v, const char *name, size_t n)
{
#define IS(lit) (n == sizeof(lit) - 1 && memcmp(name, lit, n) == 0)
	char num[16];
	if (IS("key"))
		put_str(o, v->key);
	else if (IS("title"))
		put_str(o, v->title);
	else if (IS("priority"))
		put_str(o, v->priority);
	else if (IS("category"))
		put_str(o, v->category && *v->category ? v->category : "-");
	else if (IS("status"))
		put_str(o, v->status);
	else if (IS("url"))
		put_str(o, v->url);
	else if (IS("ack_url"))
		put_str(o, v->ack_url);
	else if (IS("level_number")) {
		snprintf(num, sizeof(num), "%d", v->level);
		put_str(o, num);
	} else if (IS("level")) {
		snprintf(num, sizeof(num), is_en(v->lang) ? "%d (" : "%d ", v->level);
		put_str(o, num);
		put_str(o, is_en(v->lang) ? esc_level_name_en(v->level) : esc_level_name_ja(v->level));
		if (is_en(v->lang))
			put_str(o, ")");
	} else
		return -1;
	return 0;
#undef IS
}

char *esc_expand(const char *tpl, const struct esc_vars *v, int one_line)
{
	struct out o = {NULL, 0, 0, one_line, 0};
	const char *p = tpl ? tpl : "";
	put(&o, "", 0);
	while (*p && !o.oom) {
		const char *open = strstr(p, "{{");
		if (!open) {
			put_str(&o, p);
			break;
		}
		put(&o, p, (size_t)(open - p));
		const char *close = strstr(open + 2, "}}");
		if (!close) {
			put_str(&o, open);
			break;
		}
		if (put_var(&o, v, open + 2, (size_t)(close - open - 2)) != 0) {
			/* unknown: keep "{{" and go on after it, so "{{{{key}}" still expands */
			put(&o, open, 2);
			p = open + 2;
			continue;
		}
		p = close + 2;
	}
	if (o.oom) {
		free(o.p);
		return NULL;
	}
	return o.p;
}

/* --- webhooks ------------------------------------------------------------- */

int esc_webhook_format_ok(const char *s)
{
	return s && (strcmp(s, "json") == 0 || strcmp(s, "slack") == 0 || strcmp(s, "teams") == 0);
}

int esc_webhook_url_ok(const char *url)
{
	size_t n = url ? strlen(url) : 0;
	const char *host;
	if (n == 0 || n > 2000)
		return 0;
	if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f)
			return 0;
	size_t hl = strcspn(host, "/?#");
	if (hl == 0 || memchr(host, '@', hl)) /* no credentials in a stored URL */
		return 0;
	return 1;
}

char *esc_webhook_payload(const char *format, const char *incident_key, int level, const char *subject,
                          const char *text)
{
	json_t *o;
	if (!esc_webhook_format_ok(format))
		return NULL;
	if (strcmp(format, "json") == 0) {
		o = json_pack("{s:s,s:i,s:s,s:s}", "incident", incident_key ? incident_key : "", "level", level,
		              "subject", subject ? subject : "", "text", text ? text : "");
	} else {
		size_t n = strlen(subject ? subject : "") + strlen(text ? text : "") + 2;
		char *t = malloc(n);
		if (!t)
			return NULL;
		snprintf(t, n, "%s\n%s", subject ? subject : "", text ? text : "");
		o = json_pack("{s:s}", "text", t);
		free(t);
	}
	if (!o)
		return NULL;
	char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(o);
	return s;
}
