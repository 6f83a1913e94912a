/*
 * authority.c - the authority matrix check and its sentences (see
 * authority.h). The tables below are the built-in vocabulary; the default
 * matrix itself is data (migration 0008) so that admins can change it.
 */
#include "core/authority.h"

#include <stdio.h>
#include <string.h>

const struct authority_label authority_builtin_actions[] = {
        {"system_stop", "システム停止", "system stop"},
        {"network_isolation", "ネットワーク隔離", "network isolation"},
        {"public_announcement", "公表", "public announcement"},
        {"police_report", "警察への届出", "report to the police"},
        {"regulator_report", "監督官庁・個人情報保護委員会への報告", "report to regulators / the PPC"},
        {"customer_notification", "顧客・本人への通知", "notification of customers / data subjects"},
        {"account_suspension", "アカウント停止", "account suspension"},
        {"evidence_preservation", "証拠保全", "evidence preservation"},
        {NULL, NULL, NULL},
};

/* Ordered from the widest authority to the narrowest: the order is used
 * for ties and for listing who holds a power. */
const struct authority_label authority_roles[] = {
        {"management", "経営層", "management"},
        {"ciso", "CISO", "CISO"},
        {"csirt_lead", "CSIRT責任者", "CSIRT lead"},
        {"division_head", "部門長", "division head"},
        {"legal", "法務", "legal"},
        {"pr", "広報", "PR"},
        {"system_owner", "システム管理者", "system owner"},
        {"handler", "担当者", "handler"},
        {NULL, NULL, NULL},
};

static const struct authority_label *find(const struct authority_label *t, const char *code)
{
	if (!code)
		return NULL;
	for (; t->code; t++)
		if (strcmp(t->code, code) == 0)
			return t;
	return NULL;
}

const struct authority_label *authority_builtin_action(const char *code)
{
	return find(authority_builtin_actions, code);
}

const struct authority_label *authority_role(const char *code)
{
	return find(authority_roles, code);
}

int authority_role_index(const char *code)
{
	const struct authority_label *r = authority_role(code);
	return r ? (int)(r - authority_roles) : -1;
}

int authority_code_valid(const char *s)
{
	size_t n = 0;
	if (!s)
		return 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || s[n] == '_') || n >= AUTHORITY_CODE_MAX)
			return 0;
	return n > 0;
}

static const char *const power_names[] = {"", "advise", "approve", "order"};
static const char *const power_ja[] = {"", "助言", "承認", "命令"};
static const char *const outcome_names[] = {"", "advised", "approved", "ordered"};

static int parse_in(const char *const *names, const char *s, enum authority_power *out)
{
	for (int p = AUTH_ADVISE; p <= AUTH_ORDER; p++) {
		if (s && strcmp(s, names[p]) == 0) {
			*out = (enum authority_power)p;
			return 0;
		}
	}
	return -1;
}

int authority_power_parse(const char *s, enum authority_power *out)
{
	return parse_in(power_names, s, out);
}

int authority_outcome_parse(const char *s, enum authority_power *need)
{
	return parse_in(outcome_names, s, need);
}

static int power_ok(enum authority_power p)
{
	return p >= AUTH_NONE && p <= AUTH_ORDER;
}

const char *authority_power_name(enum authority_power p)
{
	return power_ok(p) ? power_names[p] : "";
}

const char *authority_power_ja(enum authority_power p)
{
	return power_ok(p) ? power_ja[p] : "";
}

const char *authority_outcome_name(enum authority_power p)
{
	return power_ok(p) ? outcome_names[p] : "";
}

enum authority_power authority_power_of(const struct authority_matrix *m, const char *action, const char *role)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->cells[i].action, action) == 0 && strcmp(m->cells[i].role, role) == 0)
			return m->cells[i].power;
	return AUTH_NONE;
}

/* The rank of a role for tie-breaking: its table index, unknown roles last. */
static int rank(const char *role)
{
	int i = authority_role_index(role);
	return i < 0 ? 1000 : i;
}

enum authority_result authority_check(const struct authority_matrix *m, const char *action, enum authority_power need,
                                      const char *const *roles, size_t nroles, const char *prefer,
                                      struct authority_verdict *v)
{
	memset(v, 0, sizeof(*v));
	for (const struct authority_label *r = authority_roles; r->code && v->nholders < AUTHORITY_ROLES_MAX; r++)
		if (authority_power_of(m, action, r->code) >= need)
			v->holders[v->nholders++] = r->code;
	if (prefer) {
		for (size_t i = 0; i < nroles; i++) {
			if (strcmp(roles[i], prefer) != 0)
				continue;
			v->role = roles[i];
			v->power = authority_power_of(m, action, roles[i]);
			return v->power >= need ? AUTH_ALLOWED : AUTH_DENIED;
		}
		return AUTH_NOT_HELD;
	}
	for (size_t i = 0; i < nroles; i++) {
		enum authority_power p = authority_power_of(m, action, roles[i]);
		if (p < need || p < v->power)
			continue;
		if (v->role && p == v->power && rank(roles[i]) >= rank(v->role))
			continue;
		v->role = roles[i];
		v->power = p;
	}
	if (v->role)
		return AUTH_ALLOWED;
	return AUTH_DENIED;
}

/* Drops an incomplete UTF-8 sequence that snprintf truncation left at the
 * end of s, so that the text stays valid UTF-8 for JSON. */
static void utf8_trim(char *s)
{
	size_t n = strlen(s), i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < need)
		s[i - 1] = '\0';
}

/* Appends the holders' labels (ja or en) joined by sep to buf. */
static void join_holders(char *buf, size_t len, const struct authority_verdict *v, int en, const char *sep)
{
	for (size_t i = 0; i < v->nholders; i++) {
		const struct authority_label *r = authority_role(v->holders[i]);
		size_t used = strlen(buf);
		if (used + 1 >= len)
			return;
		snprintf(buf + used, len - used, "%s%s", i ? sep : "", r ? (en ? r->en : r->ja) : v->holders[i]);
	}
}

void authority_refusal_text(char *buf, size_t len, const char *action_ja, const char *action_en,
                            enum authority_power need, const struct authority_verdict *v)
{
	char ja[256] = "", en[256] = "";
	static const char *const verb_en[] = {"", "advise on", "approve", "order"};
	const char *verb = power_ok(need) ? verb_en[need] : "";
	if (!len)
		return;
	if (v->nholders == 0) {
		snprintf(buf, len,
		         "%sの%s権限を持つ役割は権限マトリクスにありません / no role in the authority matrix may %s %s",
		         action_ja, authority_power_ja(need), verb, action_en);
	} else {
		join_holders(ja, sizeof(ja), v, 0, "、");
		join_holders(en, sizeof(en), v, 1, ", ");
		utf8_trim(ja);
		snprintf(buf, len, "%sの%s権限は %s にあります / the authority to %s %s lies with: %s", action_ja,
		         authority_power_ja(need), ja, verb, action_en, en);
	}
	utf8_trim(buf);
}

void authority_decision_text(char *buf, size_t len, const char *action_ja, const char *action_en,
                             enum authority_power outcome, const char *role)
{
	static const char *const fmt_ja[] = {"", "%sとして%sについて助言", "%sとして%sを承認", "%sとして%sを命令"};
	const struct authority_label *r = authority_role(role);
	char ja[384];
	if (!len)
		return;
	if (!power_ok(outcome) || outcome == AUTH_NONE) {
		buf[0] = '\0';
		return;
	}
	snprintf(ja, sizeof(ja), fmt_ja[outcome], r ? r->ja : role, action_ja);
	utf8_trim(ja);
	snprintf(buf, len, "%s / %s %s as %s", ja, authority_outcome_name(outcome), action_en, r ? r->en : role);
	utf8_trim(buf);
}
