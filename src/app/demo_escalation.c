/*
 * The escalation matrix of the demo data set (seed 001 §2.4(4)d, seed 002
 * §2.4): a P1 incident involving personal data goes to 法務 and 経営層
 * (部門間), any P1 to the CISO (部門内), a missed containment target to the
 * CSIRT's leader (事業所内), a ransomware / malware infection of P1 or P2
 * to 経営層 (部門間). Mail only (a webhook would try to connect). Targets
 * are the demo contact network's groups and roles (demo_contacts.c).
 * Loaded through the real use case, once (only when there is no rule).
 * The demo users who hold an organisational role get it for the
 * authority matrix: "ciso" the CISO, "sato" (the CSIRT leader) csirt_lead.
 */
#include "app/demo.h"

#include "app/actor.h"
#include "app/escalation.h"
#include "store/authority.h"
#include "store/contact.h"
#include "store/db.h"
#include "store/escalation.h"
#include "store/user.h"

#include <stdio.h>
#include <string.h>

struct demo_rule {
	const char *name, *name_en, *condition, *targets;
	int level, ack_minutes;
};

/* "@leader" in targets stands for the CSIRT leader's contact (roles
 * "csirt" when the directory has no such entry). */
static const struct demo_rule rule_entries[] = {
        {"個人情報を含む P1 → 法務・経営層", "P1 involving personal data: legal and management",
         "{\"priorities\":[\"P1\"],\"personal_data\":true}", "{\"groups\":[\"legal\",\"management\"]}", 4, 60},
        {"P1（重大）→ CISO", "Any P1: the CISO", "{\"priorities\":[\"P1\"]}", "{\"roles\":[\"ciso\"]}", 3, 30},
        {"封じ込め SLA 超過 → CSIRT 責任者", "Containment SLA breached: the CSIRT lead",
         "{\"sla_breach\":[\"containment\"]}", "@leader", 2, 60},
        {"ランサムウェア・マルウェア感染（P1/P2）→ 経営層", "Ransomware / malware infection (P1, P2): management",
         "{\"categories\":[\"malicious-code/infected-system\"],\"priorities\":[\"P1\",\"P2\"]}",
         "{\"groups\":[\"management\"]}", 4, 120},
};

static const struct {
	const char *login, *role;
} user_roles[] = {{"ciso", "ciso"}, {"sato", "csirt_lead"}};

#define LEADER_EMAIL "sato@hikeshi-demo.example"

/* The CSIRT leader's contact id, or 0. */
static int64_t leader_contact(struct db_conn *c)
{
	struct store_contact_filter f = {.on_call = -1, .active = 1, .q = LEADER_EMAIL, .limit = 1};
	json_t *rows = store_contact_list(c, &f);
	int64_t id = (int64_t)json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	json_decref(rows);
	return id;
}

static json_t *rule_input(const struct demo_rule *d, int64_t leader)
{
	json_t *targets = strcmp(d->targets, "@leader") != 0 ? json_loads(d->targets, 0, NULL)
	                  : leader                           ? json_pack("{s:[I]}", "contacts", (json_int_t)leader)
	                                                     : json_pack("{s:[s]}", "roles", "csirt");
	return json_pack("{s:s,s:s,s:o,s:i,s:o,s:s,s:i}", "name", d->name, "name_en", d->name_en, "condition",
	                 json_loads(d->condition, 0, NULL), "level", d->level, "targets", targets, "channel", "mail",
	                 "ack_minutes", d->ack_minutes);
}

/* Gives the demo users their organisational roles, where they hold none. */
static int roles_job(struct db_conn *c, void *arg)
{
	(void)arg;
	for (size_t i = 0; i < sizeof(user_roles) / sizeof(user_roles[0]); i++) {
		int64_t id;
		int found = store_user_id_by_login(c, user_roles[i].login, &id);
		if (found < 0)
			return -1;
		if (!found)
			continue;
		json_t *held = store_user_authority_roles(c, id);
		if (!held)
			return -1;
		json_t *roles = json_array_size(held) ? NULL : json_pack("[s]", user_roles[i].role);
		int rc = roles ? store_user_set_authority_roles(c, id, roles) : 0;
		json_decref(roles);
		json_decref(held);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int demo_escalation(struct db *db, char *err, size_t errlen)
{
	size_t n = sizeof(rule_entries) / sizeof(rule_entries[0]);
	struct db_conn *c = db_read_begin(db);
	if (!c) {
		snprintf(err, errlen, "demo escalation: the database is not available");
		return -1;
	}
	json_t *existing = store_esc_rules(c, 0);
	int64_t leader = leader_contact(c);
	db_read_end(db, c);
	if (!existing) {
		snprintf(err, errlen, "demo escalation: the rules could not be read");
		return -1;
	}
	int fresh = json_array_size(existing) == 0;
	json_decref(existing);
	struct actor a;
	actor_system(&a, "demo");
	struct app_ctx ctx = {db, NULL, &a};
	for (size_t i = 0; fresh && i < n; i++) {
		struct app_result r;
		app_result_init(&r);
		json_t *in = rule_input(&rule_entries[i], leader);
		enum app_err e = in ? app_esc_rule_create(&ctx, in, &r) : APP_INTERNAL;
		if (e != APP_OK)
			snprintf(err, errlen, "demo escalation rule %zu: %s", i + 1, in ? r.detail : "out of memory");
		json_decref(in);
		app_result_free(&r);
		if (e != APP_OK)
			return -1;
	}
	if (db_write(db, roles_job, NULL) != 0) {
		snprintf(err, errlen, "demo escalation: the users' organisational roles could not be stored");
		return -1;
	}
	return 0;
}
