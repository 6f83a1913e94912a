/*
 * escmatrix.c - the escalation matrix document (see escmatrix.h).
 *
 * Four sections: the levels of seed 001 §2.4(4)d, the rules (one table
 * row each, in the order the rule list gives), the contacts the rules
 * reach (by name, group or role), and the authority matrix (actions down,
 * roles across). Everything that comes from the data is written through
 * put_cell() or rfc2350_md_text().
 */
#include "core/escmatrix.h"
#include "core/escalation.h"
#include "core/rfc2350.h"
#include "lib/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOC_MAX (2 * 1024 * 1024)

struct out {
	struct buf b;
	int en;
	int err;
};

static void put(struct out *o, const char *s)
{
	o->err |= buf_puts(&o->b, s);
}

static const char *L(const struct out *o, const char *ja, const char *en)
{
	return o->en ? en : ja;
}

static const char *str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

/* One table cell: the text on one line, read literally. */
static void put_cell(struct out *o, const char *s)
{
	struct buf t;
	buf_init(&t, DOC_MAX);
	char *line = strdup(s ? s : "");
	if (!line) {
		o->err = 1;
		return;
	}
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	o->err |= rfc2350_md_text(&t, line);
	while (t.len > 0 && t.data[t.len - 1] == '\n')
		t.len--;
	o->err |= buf_append(&o->b, t.data ? t.data : "", t.len);
	buf_free(&t);
	free(line);
}

/* The localized member of obj: name_en / label_en in English when set. */
static const char *local(const struct out *o, const json_t *obj, const char *ja_key, const char *en_key)
{
	const char *en = str(obj, en_key);
	return o->en && *en ? en : str(obj, ja_key);
}

/* The element of arr whose key equals value (a string or an integer). */
static const json_t *find_by(const json_t *arr, const char *key, const json_t *value)
{
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e)
	{
		if (json_equal(json_object_get(e, key), (json_t *)value))
			return e;
	}
	return NULL;
}

/* --- the rules ------------------------------------------------------------ */

static const char *const sla_ja[] = {"受付確認", "初動", "封じ込め", "解決"};
static const char *const sla_en[] = {"acknowledgement", "first response", "containment", "resolution"};

/* The names of a list member joined with ", " (labels mapped by fn). */
static void put_list(struct out *o, const json_t *arr, const char *(*name)(struct out *, const json_t *, void *),
                     void *arg)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (i)
			put(o, ", ");
		put_cell(o, name(o, v, arg));
	}
}

static const char *plain_name(struct out *o, const json_t *v, void *arg)
{
	(void)o;
	(void)arg;
	return json_is_string(v) ? json_string_value(v) : "?";
}

static const char *sla_name(struct out *o, const json_t *v, void *arg)
{
	enum esc_sla s;
	(void)arg;
	if (!json_is_string(v) || esc_sla_parse(json_string_value(v), &s) != 0)
		return plain_name(o, v, arg);
	return o->en ? sla_en[s] : sla_ja[s];
}

static const char *constituency_name(struct out *o, const json_t *v, void *arg)
{
	const json_t *c = find_by(arg, "id", v);
	return c ? local(o, c, "name", "name_en") : "?";
}

static const char *contact_name(struct out *o, const json_t *v, void *arg)
{
	const json_t *c = find_by(arg, "id", v);
	return c ? local(o, c, "name", "name_en") : L(o, "(削除された連絡先)", "(removed contact)");
}

static const char *role_name(struct out *o, const json_t *v, void *arg)
{
	const json_t *r = find_by(json_object_get(arg, "roles"), "code", v);
	return r ? local(o, r, "label_ja", "label_en") : plain_name(o, v, arg);
}

/* "; " between the parts of a condition or a target list. */
static void sep(struct out *o, int *first)
{
	if (!*first)
		put(o, "; ");
	*first = 0;
}

static void put_condition(struct out *o, const struct escmatrix_input *in, const json_t *cond)
{
	static const struct {
		const char *key, *ja, *en;
	} lists[] = {
	        {"priorities", "優先度 ", "priority "}, {"categories", "分類 ", "category "},
	        {"impact", "影響度 ", "impact "},       {"asset_criticality", "資産の重要度 ", "asset criticality "},
	        {"status", "状態 ", "status "},
	};
	int first = 1;
	char num[64];
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		const json_t *a = json_object_get(cond, lists[i].key);
		if (json_array_size(a)) {
			sep(o, &first);
			put(o, L(o, lists[i].ja, lists[i].en));
			put_list(o, a, plain_name, NULL);
		}
	}
	if (json_array_size(json_object_get(cond, "constituencies"))) {
		sep(o, &first);
		put(o, L(o, "サービス対象 ", "constituency "));
		put_list(o, json_object_get(cond, "constituencies"), constituency_name, (void *)in->constituencies);
	}
	if (json_is_boolean(json_object_get(cond, "personal_data"))) {
		sep(o, &first);
		put(o, json_is_true(json_object_get(cond, "personal_data"))
		               ? L(o, "個人情報を含む", "involves personal data")
		               : L(o, "個人情報を含まない", "no personal data"));
	}
	if (json_integer_value(json_object_get(cond, "minutes_in_status")) > 0) {
		sep(o, &first);
		snprintf(num, sizeof(num), o->en ? "%lld min or more in the same status" : "同じ状態のまま %lld 分以上",
		         (long long)json_integer_value(json_object_get(cond, "minutes_in_status")));
		put(o, num);
	}
	if (json_array_size(json_object_get(cond, "sla_breach"))) {
		sep(o, &first);
		put(o, L(o, "SLA 超過: ", "SLA breached: "));
		put_list(o, json_object_get(cond, "sla_breach"), sla_name, NULL);
	}
	if (json_array_size(json_object_get(cond, "sla_near"))) {
		sep(o, &first);
		put(o, L(o, "SLA 期限間近: ", "SLA near breach: "));
		put_list(o, json_object_get(cond, "sla_near"), sla_name, NULL);
	}
	if (first)
		put(o, L(o, "すべての未完了インシデント", "every open incident"));
}

static void put_targets(struct out *o, const struct escmatrix_input *in, const json_t *t)
{
	int first = 1;
	if (json_array_size(json_object_get(t, "groups"))) {
		sep(o, &first);
		put(o, L(o, "グループ ", "groups "));
		put_list(o, json_object_get(t, "groups"), plain_name, NULL);
	}
	if (json_array_size(json_object_get(t, "roles"))) {
		sep(o, &first);
		put(o, L(o, "役割 ", "roles "));
		put_list(o, json_object_get(t, "roles"), role_name, (void *)in->authority);
	}
	if (json_array_size(json_object_get(t, "contacts"))) {
		sep(o, &first);
		put_list(o, json_object_get(t, "contacts"), contact_name, (void *)in->contacts);
	}
	if (first)
		put(o, "—");
}

static void put_rule(struct out *o, const struct escmatrix_input *in, size_t n, const json_t *rule)
{
	char buf[160];
	int level = (int)json_integer_value(json_object_get(rule, "level"));
	snprintf(buf, sizeof(buf), "| %zu | ", n);
	put(o, buf);
	put_cell(o, local(o, rule, "name", "name_en"));
	put(o, " | ");
	put_condition(o, in, json_object_get(rule, "condition"));
	snprintf(buf, sizeof(buf), " | %d %s | ", level, o->en ? esc_level_name_en(level) : esc_level_name_ja(level));
	put(o, buf);
	put_targets(o, in, json_object_get(rule, "targets"));
	put(o, " | ");
	if (strcmp(str(rule, "channel"), "webhook") == 0) {
		put(o, "Webhook (");
		put_cell(o, str(rule, "webhook_format"));
		put(o, ")");
	} else
		put(o, L(o, "メール", "mail"));
	snprintf(buf, sizeof(buf), o->en ? " | %lld min | %s |\n" : " | %lld 分 | %s |\n",
	         (long long)json_integer_value(json_object_get(rule, "ack_minutes")),
	         json_is_true(json_object_get(rule, "enabled")) ? L(o, "有効", "enabled") : L(o, "無効", "disabled"));
	put(o, buf);
}

static void put_levels(struct out *o)
{
	char buf[200];
	put(o, L(o, "## 1. エスカレーションのレベル\n\n", "## 1. Escalation levels\n\n"));
	for (int l = ESC_LEVEL_MIN; l <= ESC_LEVEL_MAX; l++) {
		snprintf(buf, sizeof(buf), "%d. %s\n", l, o->en ? esc_level_name_en(l) : esc_level_name_ja(l));
		put(o, buf);
	}
	put(o, "\n");
}

static void put_rules(struct out *o, const struct escmatrix_input *in)
{
	size_t i;
	json_t *rule;
	put(o, L(o, "## 2. エスカレーション規則\n\n", "## 2. Escalation rules\n\n"));
	if (!json_array_size(in->rules)) {
		put(o, L(o, "規則はまだ登録されていません。\n\n", "No rules have been set up yet.\n\n"));
		return;
	}
	put(o, L(o, "| # | 規則 | 条件 | レベル | 通知先 | 手段 | 確認期限 | 状態 |\n",
	         "| # | Rule | Condition | Level | Notified | Channel | Acknowledge within | State |\n"));
	put(o, "|---|---|---|---|---|---|---|---|\n");
	json_array_foreach(in->rules, i, rule) put_rule(o, in, i + 1, rule);
	put(o, "\n");
}

/* --- the people ------------------------------------------------------------ */

/* 1 when some rule reaches contact ct (by id, group or role). */
static int reached(const json_t *rules, const json_t *ct)
{
	size_t i, k;
	json_t *rule, *v, *g;
	json_array_foreach(rules, i, rule)
	{
		const json_t *t = json_object_get(rule, "targets");
		json_array_foreach(json_object_get(t, "contacts"), k,
		                   v) if (json_equal(v, json_object_get(ct, "id"))) return 1;
		json_array_foreach(json_object_get(t, "roles"), k,
		                   v) if (json_equal(v, json_object_get(ct, "role"))) return 1;
		json_array_foreach(json_object_get(t, "groups"), k, v)
		{
			size_t m;
			json_array_foreach(json_object_get(ct, "groups"), m, g) if (json_equal(v, g)) return 1;
		}
	}
	return 0;
}

static void put_contact(struct out *o, const struct escmatrix_input *in, const json_t *ct)
{
	put(o, "| ");
	put_cell(o, local(o, ct, "name", "name_en"));
	put(o, " | ");
	put_cell(o, str(ct, "organization"));
	put(o, " | ");
	if (*str(ct, "role")) {
		put_cell(o, role_name(o, json_object_get(ct, "role"), (void *)in->authority));
		if (json_array_size(json_object_get(ct, "groups")))
			put(o, "; ");
	}
	put_list(o, json_object_get(ct, "groups"), plain_name, NULL);
	put(o, " | ");
	put_cell(o, str(ct, "email"));
	put(o, " | ");
	put_cell(o, *str(ct, "mobile") ? str(ct, "mobile") : str(ct, "phone"));
	put(o, " | ");
	if (json_is_true(json_object_get(ct, "on_call")))
		put_cell(o, *str(ct, "rota") ? str(ct, "rota") : L(o, "当番あり", "on call"));
	put(o, " |\n");
}

static void put_people(struct out *o, const struct escmatrix_input *in)
{
	size_t i, n = 0;
	json_t *ct;
	put(o, L(o, "## 3. 通知先の連絡先\n\n", "## 3. Who the rules reach\n\n"));
	json_array_foreach(in->contacts, i, ct)
	{
		if (!reached(in->rules, ct))
			continue;
		if (n++ == 0) {
			put(o, L(o, "| 名前 | 組織 | 役割・グループ | メール | 電話 | 当番 |\n",
			         "| Name | Organisation | Role and groups | Email | Telephone | On call |\n"));
			put(o, "|---|---|---|---|---|---|\n");
		}
		put_contact(o, in, ct);
	}
	put(o,
	    n ? "\n" : L(o, "規則が届く連絡先はまだありません。\n\n", "No contact is reached by the rules yet.\n\n"));
}

/* --- the authority matrix ---------------------------------------------------- */

static const char *power_label(struct out *o, const json_t *auth, const char *action, const char *role)
{
	size_t i;
	json_t *cell;
	json_array_foreach(json_object_get(auth, "cells"), i, cell)
	{
		if (strcmp(str(cell, "action"), action) == 0 && strcmp(str(cell, "role"), role) == 0) {
			const json_t *p =
			        find_by(json_object_get(auth, "powers"), "code", json_object_get(cell, "power"));
			return p ? local(o, p, "label_ja", "label_en") : str(cell, "power");
		}
	}
	return "—";
}

static void put_authority(struct out *o, const json_t *auth)
{
	size_t i, k;
	json_t *a, *r;
	const json_t *roles = json_object_get(auth, "roles");
	put(o, L(o, "## 4. 権限マトリクス（誰が命令し、誰が助言するか）\n\n",
	         "## 4. Authority matrix (who orders, who advises)\n\n"));
	if (!json_array_size(json_object_get(auth, "actions")) || !json_array_size(roles)) {
		put(o, L(o, "権限マトリクスはまだ設定されていません。\n\n",
		         "The authority matrix is not set up yet.\n\n"));
		return;
	}
	put(o, L(o, "| 措置 |", "| Action |"));
	json_array_foreach(roles, k, r)
	{
		put(o, " ");
		put_cell(o, local(o, r, "label_ja", "label_en"));
		put(o, " |");
	}
	put(o, "\n|---|");
	json_array_foreach(roles, k, r) put(o, "---|");
	put(o, "\n");
	json_array_foreach(json_object_get(auth, "actions"), i, a)
	{
		put(o, "| ");
		put_cell(o, local(o, a, "label_ja", "label_en"));
		put(o, " |");
		json_array_foreach(roles, k, r)
		{
			put(o, " ");
			put_cell(o, power_label(o, auth, str(a, "code"), str(r, "code")));
			put(o, " |");
		}
		put(o, "\n");
	}
	put(o, "\n");
}

char *escmatrix_markdown(const struct escmatrix_input *in)
{
	struct out o = {.en = in->lang && strcmp(in->lang, "en") == 0};
	buf_init(&o.b, DOC_MAX);
	put(&o, "# ");
	if (in->team && *in->team) {
		put_cell(&o, in->team);
		put(&o, " ");
	}
	put(&o, L(&o, "エスカレーション・マトリクス\n\n", "escalation matrix\n\n"));
	put(&o, L(&o, "この文書は hikeshi に登録されている規則・連絡先・権限から生成されています。\n\n",
	          "This document is generated from the rules, contacts and authority recorded in hikeshi.\n\n"));
	put_levels(&o);
	put_rules(&o, in);
	put_people(&o, in);
	put_authority(&o, in->authority);
	if (o.err) {
		buf_free(&o.b);
		return NULL;
	}
	return buf_steal(&o.b);
}
