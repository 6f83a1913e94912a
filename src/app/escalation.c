/*
 * escalation.c - raising escalations, climbing them, acknowledging them.
 *
 * Raising runs inside the write job of the change that causes it (an
 * incident created or updated, an SLA event, the scheduler's pass), so
 * that the escalation, its journal entry and its notifications (outbox
 * rows) are committed with that change or not at all. A rule fires at
 * most once per incident and level (UNIQUE escalation_once).
 *
 * Each recipient gets a one-time acknowledgement link of its own (only the
 * SHA-256 of the token is stored, table escalation_link), so the page can
 * say who acknowledged. A notification never goes to a contact whose TLP
 * clearance (tlp_max) is below the incident's TLP: such contacts are
 * recorded in the journal entry as "withheld"; webhooks carry at most
 * TLP:AMBER+STRICT.
 *
 * Climbing (app_escalation_pass): an open escalation whose climb time has
 * come becomes 'climbed' and the next level is raised: the enabled rule
 * with the lowest level above the current one that matches the incident
 * now and has not fired; when there is none, the same rule (its targets,
 * channel and templates) one level up. Level 5 (企業間) does not climb.
 * An escalation of a closed incident is closed instead of climbing.
 * Acknowledging an escalation stops its own climb; escalations already
 * raised above it stay open until their own targets acknowledge them.
 */
#include "app/escalation.h"
#include "app/escalation_impl.h"
#include "app/incident.h"
#include "app/scheduler.h"
#include "app/setup.h"

#include "core/priority.h"
#include "core/workflow.h"
#include "lib/config.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/escalation.h"
#include "store/incident.h"
#include "store/journal.h"
#include "store/outbox.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLIMB_BATCH 100 /* escalations climbed per write job */
#define TIMED_BATCH 200 /* incidents looked at per timed rule and pass */

static const char *sv(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int64_t iv(const json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

/* --- shared helpers (escalation_impl.h) ---------------------------------- */

int esc_rule_load(const json_t *row, struct esc_rule_rt *rt)
{
	memset(rt, 0, sizeof(*rt));
	rt->row = row;
	rt->id = iv(row, "id");
	rt->level = iv(row, "level");
	rt->ack_minutes = iv(row, "ack_minutes");
	rt->name = sv(row, "name");
	rt->channel = sv(row, "channel");
	rt->webhook_url = sv(row, "webhook_url");
	rt->webhook_format = sv(row, "webhook_format");
	rt->subject[0] = sv(row, "subject_ja");
	rt->subject[1] = sv(row, "subject_en");
	rt->body[0] = sv(row, "body_ja");
	rt->body[1] = sv(row, "body_en");
	json_t *cond = json_loads(sv(row, "condition"), 0, NULL);
	json_t *targets = json_loads(sv(row, "targets"), 0, NULL);
	json_t *errors = json_array();
	int rc = (cond && targets && esc_condition_parse(cond, "condition", &rt->cond, errors) == 0 &&
	          esc_targets_parse(targets, "targets", &rt->targets, errors) == 0 && esc_level_valid(rt->level))
	                 ? 0
	                 : -1;
	if (rc < 0)
		log_warn("escalation rule %" PRId64 ": stored condition or targets are unusable; skipped", rt->id);
	json_decref(cond);
	json_decref(targets);
	json_decref(errors);
	return rc;
}

enum tlp esc_incident_tlp(const json_t *inc)
{
	enum tlp t;
	return tlp_parse(sv(inc, "tlp"), &t) == 0 ? t : TLP_RED;
}

static unsigned sla_mask(const json_t *names)
{
	unsigned m = 0;
	size_t i;
	json_t *v;
	json_array_foreach(names, i, v)
	{
		enum esc_sla s;
		if (esc_sla_parse(json_string_value(v), &s) == 0)
			m |= 1u << s;
	}
	return m;
}

int esc_facts(struct db_conn *c, const json_t *inc, int64_t now, unsigned extra_breach, unsigned extra_near,
              struct esc_incident *out)
{
	int64_t id = iv(inc, "id"), since = 0;
	enum esc_crit crit;
	memset(out, 0, sizeof(*out));
	out->category = sv(inc, "category");
	if (priority_parse(sv(inc, "priority"), &out->priority) != 0)
		out->priority = PRIO_P4;
	if (level_parse(sv(inc, "impact"), &out->impact) != 0)
		out->impact = LEVEL_MEDIUM;
	if (workflow_status_parse(sv(inc, "status"), &out->status) != 0)
		out->status = ST_NEW;
	out->constituency_id = iv(inc, "constituency_id");
	out->personal_data = iv(inc, "personal_data") != 0;
	out->asset_criticality = esc_crit_parse(sv(inc, "asset_criticality"), &crit) == 0 ? (int)crit : -1;
	if (store_esc_status_since(c, id, &since) < 0)
		return -1;
	out->minutes_in_status = now > since ? (now - since) / 60 : 0;
	json_t *sla = store_esc_sla_states(c, id);
	if (!sla)
		return -1;
	out->sla_breach = sla_mask(json_object_get(sla, "breach")) | extra_breach;
	out->sla_near = sla_mask(json_object_get(sla, "near")) | extra_near;
	json_decref(sla);
	return 0;
}

static int id_listed(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* 1 when the contact row is reached by a role or group of t. */
static int reached_by_name(const json_t *ct, const struct esc_targets *t)
{
	for (size_t i = 0; i < t->nroles; i++)
		if (strcmp(sv(ct, "role"), t->roles[i]) == 0)
			return 1;
	if (!t->ngroups)
		return 0;
	json_t *groups = json_loads(sv(ct, "groups"), 0, NULL);
	int hit = 0;
	size_t k;
	json_t *g;
	json_array_foreach(groups, k, g)
	{
		for (size_t i = 0; i < t->ngroups && !hit; i++)
			hit = json_is_string(g) && strcmp(json_string_value(g), t->groups[i]) == 0;
	}
	json_decref(groups);
	return hit;
}

json_t *esc_resolve(const json_t *contacts, const struct esc_targets *t, enum tlp tlp, int64_t constituency_id)
{
	json_t *out = json_pack("{s:[],s:[],s:[]}", "recipients", "withheld", "no_email");
	size_t i;
	json_t *ct;
	json_array_foreach(contacts, i, ct)
	{
		int64_t id = iv(ct, "id"), cons = iv(ct, "constituency_id");
		int named = id_listed(t->contacts, t->ncontacts, id);
		if (!named && !((cons == 0 || cons == constituency_id) && reached_by_name(ct, t)))
			continue;
		enum tlp clear;
		if (tlp_parse(sv(ct, "tlp_max"), &clear) != 0)
			clear = TLP_CLEAR; /* an unreadable clearance clears nothing restricted */
		if (clear < tlp)
			json_array_append_new(json_object_get(out, "withheld"),
			                      json_pack("{s:I,s:s,s:s}", "contact_id", (json_int_t)id, "name",
			                                sv(ct, "name"), "tlp_max", tlp_name(clear)));
		else if (!sv(ct, "email")[0])
			json_array_append_new(
			        json_object_get(out, "no_email"),
			        json_pack("{s:I,s:s}", "contact_id", (json_int_t)id, "name", sv(ct, "name")));
		else
			json_array_append_new(json_object_get(out, "recipients"),
			                      json_pack("{s:I,s:s,s:s,s:s}", "contact_id", (json_int_t)id, "name",
			                                sv(ct, "name"), "email", sv(ct, "email"), "lang",
			                                strcmp(sv(ct, "lang"), "en") == 0 ? "en" : "ja"));
	}
	return out;
}

/* --- raising -------------------------------------------------------------- */

/* public_url without a trailing slash into out. */
static void base_url(const struct config *cfg, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s", cfg && cfg->public_url[0] ? cfg->public_url : "http://127.0.0.1:8080");
	size_t n = strlen(out);
	while (n > 0 && out[n - 1] == '/')
		out[--n] = '\0';
}

/* A new token for a recipient: stored as its hash, written into ack_url. */
static int new_token(struct db_conn *c, const struct config *cfg, int64_t esc_id, int64_t contact_id, int64_t now,
                     char *ack_url, size_t len)
{
	char token[ESC_TOKEN_MAX], hash[65], base[512];
	secret_token(token, sizeof(token), "ack_");
	secret_sha256_hex(token, strlen(token), hash);
	if (store_esc_token_insert(c, hash, esc_id, contact_id, now) < 0)
		return -1;
	base_url(cfg, base, sizeof(base));
	snprintf(ack_url, len, "%s/ack/%s", base, token);
	return 0;
}

static void new_message_id(const char *team_address, char *out, size_t outlen)
{
	char rnd[64];
	secret_token(rnd, sizeof(rnd), "");
	const char *at = team_address[0] ? strchr(team_address, '@') : NULL;
	snprintf(out, outlen, "%.24s.esc.hikeshi@%.200s", rnd, at && at[1] ? at + 1 : "hikeshi.invalid");
}

/* The template of a language, else the other language's, else the default. */
static const char *pick(const char *const tpl[2], int en, const char *dflt)
{
	if (tpl[en] && *tpl[en])
		return tpl[en];
	if (tpl[!en] && *tpl[!en])
		return tpl[!en];
	return dflt;
}

struct notice {
	struct db_conn *c;
	int64_t queue_at; /* outbox rows are due now, also when a pass runs "in the future" */
	const struct app_ctx *ctx;
	const json_t *inc;
	const struct esc_rule_rt *rule;
	int64_t esc_id, level, now;
	char url[700];
};

/* Subject ("[INC-...] ...", one line) and body (with the link) for lang. */
static int compose(const struct notice *n, const char *lang, const char *ack_url, char **subject, char **body)
{
	int en = strcmp(lang, "en") == 0;
	struct esc_vars v = {.key = sv(n->inc, "key"),
	                     .title = sv(n->inc, "title"),
	                     .priority = sv(n->inc, "priority"),
	                     .category = sv(n->inc, "category"),
	                     .status = sv(n->inc, "status"),
	                     .url = n->url,
	                     .ack_url = ack_url,
	                     .level = (int)n->level,
	                     .lang = lang};
	const char *btpl = pick(n->rule->body, en, esc_default_body(lang));
	char *s = esc_expand(pick(n->rule->subject, en, esc_default_subject(lang)), &v, 1);
	char *b = esc_expand(btpl, &v, 0);
	*subject = *body = NULL;
	if (!s || !b)
		goto oom;
	size_t sl = strlen(s) + strlen(v.key) + 4;
	*subject = malloc(sl);
	if (!*subject)
		goto oom;
	snprintf(*subject, sl, "[%s] %s", v.key, s);
	if (esc_template_has_ack(btpl)) {
		*body = b;
		b = NULL;
	} else { /* the link is not optional: without it nobody can stop the climb */
		size_t bl = strlen(b) + strlen(ack_url) + 64;
		*body = malloc(bl);
		if (!*body)
			goto oom;
		snprintf(*body, bl, "%s\n\n%s: %s\n", b, en ? "Acknowledge" : "受領確認", ack_url);
	}
	free(s);
	free(b);
	return 0;
oom:
	free(s);
	free(b);
	free(*subject);
	*subject = NULL;
	return -1;
}

/* One mail to one recipient, with its own acknowledgement link. */
static int queue_mail(const struct notice *n, const json_t *rcpt)
{
	const struct config *cfg = n->ctx->cfg;
	char ack_url[700], mid[300], team[256];
	char *subject = NULL, *body = NULL;
	int64_t contact_id = iv(rcpt, "contact_id");
	const char *lang = sv(rcpt, "lang");
	if (app_team_address(n->c, cfg, team, sizeof(team)) < 0)
		return -1;
	if (new_token(n->c, cfg, n->esc_id, contact_id, n->now, ack_url, sizeof(ack_url)) < 0)
		return -1;
	if (compose(n, lang, ack_url, &subject, &body) < 0)
		return -1;
	new_message_id(team, mid, sizeof(mid));
	struct store_outbox_msg o = {
	        .kind = "notify",
	        .incident_id = iv(n->inc, "id"),
	        .mail_from = team[0] ? team : "hikeshi@localhost",
	        .mail_to = sv(rcpt, "email"),
	        .subject = subject,
	        .body = body,
	        .message_id = mid,
	        .lang = lang,
	        .now = n->queue_at,
	        .channel = "mail",
	        .tlp = tlp_label(esc_incident_tlp(n->inc)),
	        .escalation_id = n->esc_id,
	        .contact_id = contact_id,
	};
	int rc = store_outbox_insert(n->c, &o, NULL);
	free(subject);
	free(body);
	return rc;
}

/* The rule's webhook: one outbox row, its link without a contact. */
static int queue_webhook(const struct notice *n)
{
	char ack_url[700], mid[300], team[256];
	char *subject = NULL, *body = NULL;
	if (app_team_address(n->c, n->ctx->cfg, team, sizeof(team)) < 0)
		return -1;
	if (new_token(n->c, n->ctx->cfg, n->esc_id, 0, n->now, ack_url, sizeof(ack_url)) < 0)
		return -1;
	if (compose(n, "ja", ack_url, &subject, &body) < 0)
		return -1;
	new_message_id(team, mid, sizeof(mid));
	struct store_outbox_msg o = {
	        .kind = "notify",
	        .incident_id = iv(n->inc, "id"),
	        .mail_from = "",
	        .mail_to = "",
	        .subject = subject,
	        .body = body,
	        .message_id = mid,
	        .lang = "ja",
	        .now = n->queue_at,
	        .channel = "webhook",
	        .webhook_url = n->rule->webhook_url,
	        .webhook_format = n->rule->webhook_format,
	        .tlp = tlp_label(esc_incident_tlp(n->inc)),
	        .escalation_id = n->esc_id,
	};
	int rc = store_outbox_insert(n->c, &o, NULL);
	free(subject);
	free(body);
	return rc;
}

static json_t *level_json(int64_t level)
{
	return json_pack("{s:I,s:s,s:s}", "number", (json_int_t)level, "ja", esc_level_name_ja((int)level), "en",
	                 esc_level_name_en((int)level));
}

/*
 * Raises one escalation of inc at level by rule (rule->id 0: a climb of a
 * rule that no longer exists), with its notifications and journal entry.
 * contacts: store_esc_contacts rows. 0, or -1 on a database error.
 */
static int raise(struct db_conn *c, const struct app_ctx *ctx, const json_t *inc, const struct esc_rule_rt *rule,
                 int64_t level, int64_t parent_id, const char *reason, int64_t now, const json_t *contacts)
{
	char base[512];
	json_t *targets = json_loads(sv(rule->row, "targets"), 0, NULL), *who = NULL, *data = NULL;
	if (!targets)
		targets = json_object();
	char *targets_text = targets ? json_dumps(targets, JSON_COMPACT) : NULL;
	int64_t minutes = rule->ack_minutes > 0 ? rule->ack_minutes : 60;
	struct store_esc_new e = {
	        .incident_id = iv(inc, "id"),
	        .rule_id = rule->id,
	        .parent_id = parent_id,
	        .level = level,
	        .reason = reason,
	        .targets = targets_text,
	        .climb_at = level < ESC_LEVEL_MAX ? now + minutes * 60 : 0,
	        .now = now,
	};
	int64_t clock = time_now();
	struct notice n = {.c = c,
	                   .ctx = ctx,
	                   .inc = inc,
	                   .rule = rule,
	                   .level = level,
	                   .now = now,
	                   .queue_at = now < clock ? now : clock};
	int rc = -1;
	enum tlp tlp = esc_incident_tlp(inc);
	base_url(ctx->cfg, base, sizeof(base));
	snprintf(n.url, sizeof(n.url), "%s/#/incidents/%s", base, sv(inc, "key"));
	if (store_esc_insert(c, &e, &n.esc_id) < 0)
		goto out;
	if (strcmp(rule->channel, "webhook") == 0) {
		who = json_pack("{s:[],s:[],s:[]}", "recipients", "withheld", "no_email");
		if (tlp > ESC_WEBHOOK_TLP_MAX) {
			json_array_append_new(json_object_get(who, "withheld"),
			                      json_pack("{s:s,s:s}", "webhook", rule->webhook_url, "tlp_max",
			                                tlp_name(ESC_WEBHOOK_TLP_MAX)));
		} else {
			if (queue_webhook(&n) < 0)
				goto out;
			json_array_append_new(json_object_get(who, "recipients"),
			                      json_pack("{s:s}", "webhook", rule->webhook_url));
		}
	} else {
		size_t i;
		json_t *rcpt;
		who = esc_resolve(contacts, &rule->targets, tlp, iv(inc, "constituency_id"));
		json_array_foreach(json_object_get(who, "recipients"), i, rcpt)
		{
			if (queue_mail(&n, rcpt) < 0)
				goto out;
			json_object_del(rcpt, "email"); /* the journal names people, the outbox has addresses */
			json_object_del(rcpt, "lang");
		}
	}
	data = json_pack("{s:s,s:I,s:I,s:o,s:s,s:O,s:s,s:O,s:O,s:O}", "action", "raised", "escalation_id",
	                 (json_int_t)n.esc_id, "level", (json_int_t)level, "level_name", level_json(level), "rule",
	                 rule->name, "targets", targets, "reason", reason, "recipients",
	                 json_object_get(who, "recipients"), "withheld", json_object_get(who, "withheld"), "no_email",
	                 json_object_get(who, "no_email"));
	if (data && parent_id)
		json_object_set_new(data, "parent_id", json_integer(parent_id));
	if (!data || app_incident_journal(c, ctx->actor, e.incident_id, now, "escalation", data) < 0)
		goto out;
	log_info("escalation %" PRId64 ": %s level %" PRId64 " by rule \"%s\" (%s), %zu recipient(s), %zu withheld",
	         n.esc_id, sv(inc, "key"), level, rule->name, reason,
	         json_array_size(json_object_get(who, "recipients")),
	         json_array_size(json_object_get(who, "withheld")));
	rc = 0;
out:
	json_decref(targets);
	json_decref(who);
	json_decref(data);
	free(targets_text);
	return rc;
}

/* --- evaluation ----------------------------------------------------------- */

enum eval_mode {
	EVAL_CHANGE, /* every enabled rule */
	EVAL_SLA,    /* the rules that ask for an SLA state */
	EVAL_TIMED,  /* one timed rule (only_rule) */
};

/*
 * Evaluates the enabled rules for one incident and raises what fires and
 * has not fired at its level. 0, or -1 on a database error.
 */
static int evaluate(struct db_conn *c, const struct app_ctx *ctx, int64_t incident_id, int64_t now,
                    unsigned extra_breach, unsigned extra_near, enum eval_mode mode, int64_t only_rule)
{
	json_t *inc = NULL, *heads = NULL, *contacts = NULL, *row = NULL;
	struct esc_incident facts;
	struct esc_rule_rt *rt = malloc(sizeof(*rt));
	struct esc_condition *cond = malloc(sizeof(*cond));
	json_t *errors = json_array();
	int rc = -1;
	if (!rt || !cond || !errors)
		goto out;
	int found = store_incident_get(c, incident_id, &inc);
	if (found <= 0) {
		rc = found < 0 ? -1 : 0;
		goto out;
	}
	if (!json_is_null(json_object_get(inc, "merged_into_id")) || strcmp(sv(inc, "status"), "closed") == 0) {
		rc = 0;
		goto out;
	}
	if (esc_facts(c, inc, now, extra_breach, extra_near, &facts) < 0 || !(heads = store_esc_rule_conditions(c)))
		goto out;
	size_t i;
	json_t *head;
	json_array_foreach(heads, i, head)
	{
		int64_t id = iv(head, "id");
		if (only_rule && id != only_rule)
			continue;
		/* the condition alone first: most rules do not match */
		json_t *cj = json_loads(sv(head, "condition"), 0, NULL);
		json_array_clear(errors);
		int ok = cj && esc_condition_parse(cj, "condition", cond, errors) == 0;
		json_decref(cj);
		if (!ok || (mode == EVAL_SLA && !cond->sla_breach && !cond->sla_near) ||
		    !esc_condition_match(cond, &facts))
			continue;
		int ex = store_esc_exists(c, incident_id, id, iv(head, "level"));
		if (ex < 0)
			goto out;
		if (ex)
			continue;
		json_decref(row);
		row = NULL;
		if (store_esc_rule_get(c, id, &row) < 0)
			goto out;
		if (!row || esc_rule_load(row, rt) < 0)
			continue;
		if (!contacts && !(contacts = store_esc_contacts(c)))
			goto out;
		const char *reason = mode == EVAL_SLA ? "sla" : mode == EVAL_TIMED ? "time" : "rule";
		if (raise(c, ctx, inc, rt, rt->level, 0, reason, now, contacts) < 0)
			goto out;
	}
	rc = 0;
out:
	free(rt);
	free(cond);
	json_decref(errors);
	json_decref(inc);
	json_decref(heads);
	json_decref(row);
	json_decref(contacts);
	return rc;
}

int app_escalation_on_change(struct db_conn *c, const struct app_ctx *ctx, const json_t *before, const json_t *after,
                             int64_t now, struct app_result *r)
{
	(void)before;
	int64_t id = iv(after, "id");
	if (!id)
		return 0;
	if (evaluate(c, ctx, id, now, 0, 0, EVAL_CHANGE, 0) < 0)
		return app_fail(r, APP_INTERNAL, "the escalation rules could not be evaluated; try again");
	return 0;
}

/*
 * An SLA event: "breach" sets the target's breach bit, "near" its near bit;
 * only rules with sla_breach / sla_near conditions are looked at. A rule
 * with sla_near also fires on a breach of its target (a breach is past
 * near). Events already recorded in sla_event count as well.
 */
int app_escalation_on_sla(struct db_conn *c, const struct app_ctx *ctx, int64_t incident_id, const char *target,
                          const char *state, int64_t now)
{
	enum esc_sla s;
	if (esc_sla_parse(target, &s) != 0)
		return 0;
	unsigned bit = 1u << s;
	int breach = state && strcmp(state, "breach") == 0;
	return evaluate(c, ctx, incident_id, now, breach ? bit : 0, breach ? 0 : bit, EVAL_SLA, 0);
}

/* --- climbing ------------------------------------------------------------- */

/* The next rule above level that matches inc now and has not fired, into
 * rt: 1 found, 0 none, -1 error. */
static int next_rule(struct db_conn *c, const json_t *inc, const struct esc_incident *facts, const json_t *rules,
                     int64_t level, struct esc_rule_rt *rt)
{
	struct esc_rule_rt *cand = malloc(sizeof(*cand));
	int64_t best = 0;
	size_t i;
	json_t *row;
	if (!cand)
		return -1;
	json_array_foreach(rules, i, row)
	{
		if (iv(row, "level") <= level || (best && iv(row, "level") >= best))
			continue;
		if (esc_rule_load(row, cand) < 0 || !esc_condition_match(&cand->cond, facts))
			continue;
		int ex = store_esc_exists(c, iv(inc, "id"), cand->id, cand->level);
		if (ex < 0) {
			free(cand);
			return -1;
		}
		if (!ex) {
			*rt = *cand;
			best = cand->level;
		}
	}
	free(cand);
	return best ? 1 : 0;
}

/* A rule that no longer exists, rebuilt from the escalation's targets:
 * mail, the default templates, an hour to acknowledge. */
static int orphan_rule(json_t *row, const char *targets, struct esc_rule_rt *rt)
{
	json_object_set_new(row, "id", json_integer(0));
	json_object_set_new(row, "name", json_string("(deleted rule)"));
	json_object_set_new(row, "level", json_integer(1));
	json_object_set_new(row, "ack_minutes", json_integer(60));
	json_object_set_new(row, "channel", json_string("mail"));
	json_object_set_new(row, "condition", json_string("{}"));
	json_object_set_new(row, "targets", json_string(targets));
	return esc_rule_load(row, rt);
}

/* Climbs one due escalation (row from store_esc_due). 0 / -1. */
static int climb_one(struct db_conn *c, const struct app_ctx *ctx, const json_t *due, int64_t now)
{
	int64_t esc_id = iv(due, "id"), level = iv(due, "level");
	json_t *inc = NULL, *rules = NULL, *contacts = NULL, *rule_row = NULL, *orphan = json_object();
	struct esc_rule_rt *rt = malloc(sizeof(*rt));
	struct esc_incident facts;
	int rc = -1, changed;
	if (!rt || !orphan)
		goto out;
	if (store_incident_get(c, iv(due, "incident_id"), &inc) < 0)
		goto out;
	if (!inc || strcmp(sv(inc, "status"), "closed") == 0 || !json_is_null(json_object_get(inc, "merged_into_id"))) {
		rc = store_esc_set_state(c, esc_id, "closed", now) < 0 ? -1 : 0;
		goto out;
	}
	changed = store_esc_set_state(c, esc_id, "climbed", now);
	if (changed <= 0) {
		rc = changed; /* acknowledged meanwhile: nothing to do */
		goto out;
	}
	if (esc_facts(c, inc, now, 0, 0, &facts) < 0 || !(rules = store_esc_rules(c, 1)) ||
	    !(contacts = store_esc_contacts(c)))
		goto out;
	int found = next_rule(c, inc, &facts, rules, level, rt);
	if (found < 0)
		goto out;
	int64_t to = found ? rt->level : level + 1;
	if (!found) {
		int got = iv(due, "rule_id") ? store_esc_rule_get(c, iv(due, "rule_id"), &rule_row) : 0;
		if (got < 0)
			goto out;
		if ((got ? esc_rule_load(rule_row, rt) : orphan_rule(orphan, sv(due, "targets"), rt)) < 0) {
			rc = 0; /* an unusable rule: the escalation stays climbed, logged */
			goto out;
		}
		int ex = rt->id ? store_esc_exists(c, iv(inc, "id"), rt->id, to) : 0;
		if (ex < 0)
			goto out;
		if (ex || to > ESC_LEVEL_MAX) {
			rc = 0;
			goto out;
		}
	}
	json_t *d = json_pack("{s:s,s:I,s:I,s:I}", "action", "climbed", "escalation_id", (json_int_t)esc_id, "level",
	                      (json_int_t)level, "to_level", (json_int_t)to);
	int jr = d ? app_incident_journal(c, ctx->actor, iv(inc, "id"), now, "escalation", d) : -1;
	json_decref(d);
	if (jr < 0)
		goto out;
	rc = raise(c, ctx, inc, rt, to, esc_id, "climb", now, contacts);
out:
	free(rt);
	json_decref(inc);
	json_decref(rules);
	json_decref(contacts);
	json_decref(rule_row);
	json_decref(orphan);
	return rc;
}

struct pass_job {
	const struct app_ctx *ctx;
	const json_t *items; /* due escalations, or incident ids */
	int64_t rule_id, now;
};

static int climb_job(struct db_conn *c, void *arg)
{
	struct pass_job *j = arg;
	size_t i;
	json_t *due;
	json_array_foreach(j->items, i, due)
	{
		if (climb_one(c, j->ctx, due, j->now) < 0)
			return -1;
	}
	return 0;
}

static int timed_job(struct db_conn *c, void *arg)
{
	struct pass_job *j = arg;
	size_t i;
	json_t *id;
	json_array_foreach(j->items, i, id)
	{
		if (evaluate(c, j->ctx, json_integer_value(id), j->now, 0, 0, EVAL_TIMED, j->rule_id) < 0)
			return -1;
	}
	return 0;
}

/* The timed rules: incidents in their status for long enough. 0 / -1. */
static int timed_pass(struct db *db, const struct app_ctx *ctx, int64_t now)
{
	struct db_conn *c = db_read_begin(db);
	if (!c)
		return -1;
	json_t *rules = store_esc_rules(c, 1), *work = json_array();
	struct esc_rule_rt *rt = malloc(sizeof(*rt));
	size_t i;
	json_t *row;
	int rc = rules && rt ? 0 : -1;
	json_array_foreach(rules, i, row)
	{
		if (rc < 0)
			break;
		if (esc_rule_load(row, rt) < 0 || !esc_condition_timed(&rt->cond))
			continue;
		json_t *ids = store_esc_timed_candidates(c, now - rt->cond.minutes_in_status * 60, rt->id, rt->level,
		                                         TIMED_BATCH);
		if (!ids)
			rc = -1;
		else if (json_array_size(ids))
			json_array_append_new(work, json_pack("{s:I,s:o}", "rule", (json_int_t)rt->id, "ids", ids));
		else
			json_decref(ids);
	}
	db_read_end(db, c);
	free(rt);
	json_decref(rules);
	json_array_foreach(work, i, row)
	{
		if (rc < 0)
			break;
		struct pass_job j = {ctx, json_object_get(row, "ids"), iv(row, "rule"), now};
		if (db_write(db, timed_job, &j) != 0)
			rc = -1;
	}
	json_decref(work);
	return rc;
}

int app_escalation_pass(struct db *db, const struct config *cfg, int64_t now)
{
	struct actor a;
	actor_system(&a, "scheduler");
	struct app_ctx ctx = {db, cfg, &a};
	int rc = 0;
	for (;;) {
		struct db_conn *c = db_read_begin(db);
		if (!c)
			return -1;
		json_t *due = store_esc_due(c, now, CLIMB_BATCH);
		db_read_end(db, c);
		if (!due)
			return -1;
		size_t n = json_array_size(due);
		struct pass_job j = {&ctx, due, 0, now};
		int w = n ? db_write(db, climb_job, &j) : 0;
		json_decref(due);
		if (w != 0) {
			log_error("escalation pass: climbing failed");
			rc = -1;
			break;
		}
		if (n < CLIMB_BATCH)
			break;
	}
	if (timed_pass(db, &ctx, now) < 0) {
		log_error("escalation pass: time-based rules failed");
		rc = -1;
	}
	return rc;
}

/* --- acknowledging ------------------------------------------------------- */

/* The public view of an escalation row (token or id lookups). */
static json_t *ack_view(const json_t *e)
{
	return json_pack("{s:I,s:s,s:I,s:o,s:s,s:s,s:o}", "id", (json_int_t)iv(e, "id"), "incident_key",
	                 sv(e, "incident_key"), "level", (json_int_t)iv(e, "level"), "level_name",
	                 level_json(iv(e, "level")), "state", sv(e, "state"), "acknowledged_by",
	                 sv(e, "acknowledged_by"), "acknowledged_at",
	                 app_time_json(json_object_get(e, "acknowledged_at")));
}

static int ack_journal(struct db_conn *c, const struct actor *a, const json_t *e, const char *by, const char *via,
                       int64_t now)
{
	json_t *d =
	        json_pack("{s:s,s:I,s:I,s:s,s:s}", "action", "acknowledged", "escalation_id", (json_int_t)iv(e, "id"),
	                  "level", (json_int_t)iv(e, "level"), "acknowledged_by", by, "via", via);
	int rc = d ? app_incident_journal(c, a, iv(e, "incident_id"), now, "escalation", d) : -1;
	json_decref(d);
	return rc;
}

static int audit_ack(struct db_conn *c, const struct actor *a, int64_t id, const char *by, const char *via)
{
	char oid[24];
	snprintf(oid, sizeof(oid), "%" PRId64, id);
	json_t *s = json_pack("{s:s,s:s}", "acknowledged_by", by, "via", via);
	int rc =
	        s ? audit_append(c, &(struct audit_actor){a->user_id, a->login}, "escalation.ack", "escalation", oid, s)
	          : -1;
	json_decref(s);
	return rc;
}

struct token_job {
	const struct app_ctx *ctx;
	char hash[65];
	struct app_result *r;
};

static int token_ack_job(struct db_conn *c, void *arg)
{
	struct token_job *j = arg;
	json_t *e = NULL;
	int64_t now = time_now();
	int rc = store_esc_by_token(c, j->hash, &e);
	if (rc <= 0)
		return rc < 0 ? app_fail(j->r, APP_INTERNAL, "the acknowledgement could not be read")
		              : app_fail(j->r, APP_NOT_FOUND, "this acknowledgement link is not valid");
	const char *by = sv(e, "contact_name")[0] ? sv(e, "contact_name") : "webhook link";
	int done = store_esc_ack(c, iv(e, "id"), by, 0, iv(e, "contact_id"), now);
	if (done < 0 || (done && (ack_journal(c, j->ctx->actor, e, by, "link", now) < 0 ||
	                          audit_ack(c, j->ctx->actor, iv(e, "id"), by, "link") < 0))) {
		json_decref(e);
		return app_fail(j->r, APP_INTERNAL, "the acknowledgement could not be recorded");
	}
	json_decref(e);
	if (store_esc_by_token(c, j->hash, &e) != 1)
		return app_fail(j->r, APP_INTERNAL, "the acknowledgement could not be read back");
	j->r->object = ack_view(e);
	json_object_set_new(j->r->object, "already", json_boolean(!done));
	json_decref(e);
	return 0;
}

static int token_hash(const char *token, char hash[65])
{
	size_t n = token ? strlen(token) : 0;
	if (n < 8 || n >= ESC_TOKEN_MAX || strncmp(token, "ack_", 4) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!((token[i] >= 'a' && token[i] <= 'z') || (token[i] >= 'A' && token[i] <= 'Z') ||
		      (token[i] >= '0' && token[i] <= '9') || token[i] == '-' || token[i] == '_'))
			return -1;
	secret_sha256_hex(token, n, hash);
	return 0;
}

enum app_err app_esc_token_info(const struct app_ctx *ctx, const char *token, struct app_result *r)
{
	char hash[65];
	json_t *e = NULL;
	if (token_hash(token, hash) < 0)
		return app_fail(r, APP_NOT_FOUND, "this acknowledgement link is not valid"), r->err;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available"), r->err;
	int rc = store_esc_by_token(c, hash, &e);
	db_read_end(ctx->db, c);
	if (rc < 0)
		return app_fail(r, APP_INTERNAL, "the acknowledgement could not be read"), r->err;
	if (rc == 0)
		return app_fail(r, APP_NOT_FOUND, "this acknowledgement link is not valid"), r->err;
	r->object = ack_view(e);
	json_decref(e);
	return r->err;
}

enum app_err app_esc_token_ack(const struct app_ctx *ctx, const char *token, struct app_result *r)
{
	struct token_job j = {.ctx = ctx, .r = r};
	if (token_hash(token, j.hash) < 0)
		return app_fail(r, APP_NOT_FOUND, "this acknowledgement link is not valid"), r->err;
	int rc = db_write(ctx->db, token_ack_job, &j);
	if (rc == DB_WRITE_FAILED) {
		json_decref(r->object);
		r->object = NULL;
		app_commit_failed(r);
	} else if (rc != 0 && r->err == APP_OK) {
		app_fail(r, APP_INTERNAL, "the acknowledgement could not be recorded");
	}
	return r->err;
}

struct user_ack_job {
	const struct app_ctx *ctx;
	int64_t id;
	struct app_result *r;
};

static int user_ack_job(struct db_conn *c, void *arg)
{
	struct user_ack_job *j = arg;
	const struct actor *a = j->ctx->actor;
	json_t *e = NULL, *inc = NULL;
	int64_t now = time_now();
	int rc = store_esc_get(c, j->id, &e);
	if (rc < 0)
		return app_fail(j->r, APP_INTERNAL, "the escalation could not be read");
	if (rc == 1 && app_incident_load(c, a, NULL, iv(e, "incident_id"), &inc) < 0) {
		json_decref(e);
		return app_fail(j->r, APP_INTERNAL, "the incident could not be read");
	}
	if (!inc) { /* an escalation of an invisible incident is absent */
		json_decref(e);
		return app_fail(j->r, APP_NOT_FOUND, "no such escalation");
	}
	json_decref(inc);
	const char *by = a->display_name[0] ? a->display_name : a->login;
	int done = store_esc_ack(c, j->id, by, a->user_id, 0, now);
	if (done < 0 || (done && (ack_journal(c, a, e, by, "ui", now) < 0 || audit_ack(c, a, j->id, by, "ui") < 0))) {
		json_decref(e);
		return app_fail(j->r, APP_INTERNAL, "the acknowledgement could not be recorded");
	}
	if (!done) {
		app_fail(j->r, APP_CONFLICT, "this escalation is %s already; only an open one can be acknowledged",
		         sv(e, "state"));
		json_decref(e);
		return -1;
	}
	json_decref(e);
	if (store_esc_get(c, j->id, &e) != 1)
		return app_fail(j->r, APP_INTERNAL, "the escalation could not be read back");
	j->r->object = ack_view(e);
	json_decref(e);
	return 0;
}

enum app_err app_esc_ack_user(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	if (ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "acknowledging an escalation needs the handler role"), r->err;
	struct user_ack_job j = {ctx, id, r};
	int rc = db_write(ctx->db, user_ack_job, &j);
	if (rc == DB_WRITE_FAILED) {
		json_decref(r->object);
		r->object = NULL;
		app_commit_failed(r);
	} else if (rc != 0 && r->err == APP_OK) {
		app_fail(r, APP_INTERNAL, "the acknowledgement could not be recorded");
	}
	return r->err;
}
