/*
 * Helpers shared by app/escalation.c (raising, climbing, acknowledging)
 * and app/escalation_rule.c (the rule editor and the preview); not part
 * of the app layer's interface.
 */
#ifndef HIKESHI_APP_ESCALATION_IMPL_H
#define HIKESHI_APP_ESCALATION_IMPL_H

#include "app/app.h"
#include "core/escalation.h"
#include "core/tlp.h"

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* A stored rule, parsed. Strings point into row (borrowed). */
struct esc_rule_rt {
	const json_t *row;
	int64_t id, level, ack_minutes;
	const char *name, *channel, *webhook_url, *webhook_format;
	const char *subject[2], *body[2]; /* [0] ja, [1] en */
	struct esc_condition cond;
	struct esc_targets targets;
};

/* Parses a stored rule row into rt (row must outlive rt). 0, or -1 when
 * the stored condition or targets are unusable (logged). */
int esc_rule_load(const json_t *row, struct esc_rule_rt *rt);

/* The facts of a stored incident row at now, with extra SLA bits (an event
 * being handled now) ORed in. 0, or -1 on a database error. */
int esc_facts(struct db_conn *c, const json_t *inc, int64_t now, unsigned extra_breach, unsigned extra_near,
              struct esc_incident *out);

/* The incident's TLP (RED when unreadable). */
enum tlp esc_incident_tlp(const json_t *inc);

/* Whom the targets reach among contacts (store_esc_contacts rows) for an
 * incident of this TLP and constituency: {"recipients":[{contact_id, name,
 * email, lang}], "withheld":[{contact_id, name, tlp_max}], "no_email":
 * [{contact_id, name}]}. Named contacts are reached wherever they belong;
 * roles and groups reach contacts of the incident's constituency and
 * those of none. New reference. */
json_t *esc_resolve(const json_t *contacts, const struct esc_targets *t, enum tlp tlp, int64_t constituency_id);

/* The most restricted TLP a webhook may carry: AMBER+STRICT (a chat
 * channel is never a named individual, which RED asks for). */
#define ESC_WEBHOOK_TLP_MAX TLP_AMBER_STRICT

#endif
