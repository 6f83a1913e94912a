/*
 * The scheduler inside `hikeshi serve` (issue 5): one thread, one place for
 * every timer — SLA near-breach and breach, escalation climbs and
 * time-based rules, contact review reminders, scheduled reports (issue 7).
 * A pass asks the database what is due and acts on it in write jobs that
 * also record that it was done (sla_event, escalation state,
 * contact.reminded_at, report_schedule.next_run_at), so a restart loses
 * nothing and does nothing twice. Outbox delivery and IMAP polling stay in
 * app/mailer.c.
 */
#ifndef HIKESHI_APP_SCHEDULER_H
#define HIKESHI_APP_SCHEDULER_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

struct db;
struct db_conn;
struct config;

/* Starts the scheduler thread (a pass every [scheduler] interval seconds,
 * default 30). 0, or -1 with a message in err. */
int app_scheduler_start(struct db *db, const struct config *cfg, char *err, size_t errlen);
/* Stops and joins it (no-op when not started). */
void app_scheduler_stop(void);

/* One pass over everything that is due at now (also used by tests and the
 * benchmark). 0, or -1 on a database error. */
int app_scheduler_pass(struct db *db, const struct config *cfg, int64_t now);

/* --- the passes, each in its own module ---------------------------------- */

/* SLA: near-breach and breach of each open incident's targets (app/sla.c). */
int app_sla_pass(struct db *db, const struct config *cfg, int64_t now);
/* Escalations: climb unacknowledged ones, evaluate time-based rules
 * (app/escalation.c). */
int app_escalation_pass(struct db *db, const struct config *cfg, int64_t now);
/* Contacts: remind owners of entries whose review is overdue (app/contact.c). */
int app_contact_review_pass(struct db *db, const struct config *cfg, int64_t now);
/* Report schedules: mail the periodic report of each due schedule through
 * the outbox and move it to its next run (app/report_schedule.c). */
int app_report_schedule_pass(struct db *db, const struct config *cfg, int64_t now);

/* --- hooks called inside other use cases' write jobs -------------------- */

/* After an incident was created (before = NULL) or changed: evaluate the
 * escalation rules and raise what fires (journal, outbox), in the caller's
 * job. rows are store rows (integer times). 0, or -1 with r filled. */
int app_escalation_on_change(struct db_conn *c, const struct app_ctx *ctx, const json_t *before, const json_t *after,
                             int64_t now, struct app_result *r);
/* An SLA target of an incident reached "near" or "breach" (target:
 * acknowledge, first_response, containment, resolution): raise the
 * escalations whose rules ask for it. In the caller's job. 0 / -1. */
int app_escalation_on_sla(struct db_conn *c, const struct app_ctx *ctx, int64_t incident_id, const char *target,
                          const char *state, int64_t now);

#endif
