/*
 * Scheduled periodic reports (issue 7, item 3). The questionnaire writes
 * the schedules (app/setup.c, table report_schedule); the scheduler pass
 * app_report_schedule_pass() (declared in app/scheduler.h) runs the due
 * ones; an admin may also run one at once. A run renders the report of
 * the last full period with app_periodic_report() (outside any write job)
 * and then, in one write job, queues one outbox mail per recipient with
 * the report attached, records the run on the schedule and audits it. The
 * mailer (app/mailer.c) sends the mail.
 *
 * Recipients: the schedule's own list, or when it is empty the audience's
 * default (core/report_schedule.h: management -> the admins; team -> the
 * team address, else admins and handlers; constituency -> the team
 * address, else the admins).
 */
#ifndef HIKESHI_APP_REPORT_SCHEDULE_H
#define HIKESHI_APP_REPORT_SCHEDULE_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/*
 * app_report_schedule_run - runs schedule id now (admin only): the report
 * of the last full period before now goes to the outbox; next_run_at does
 * not move, last_run_at / last_period / last_outbox_id (or last_error)
 * record it. r->object: {schedule_id, period {label_ja, label_en, spec,
 * from, to}, recipients, default_recipients, outbox_id, outbox_ids,
 * subject, filename, content_type, bytes}. Errors: APP_FORBIDDEN,
 * APP_NOT_FOUND, APP_CONFLICT when the schedule cannot be rendered or has
 * nowhere to send (the reason is also kept in last_error).
 */
int app_report_schedule_run(const struct app_ctx *ctx, int64_t id, struct app_result *r);

/*
 * app_schedule_recipients - the addresses a schedule row's report goes
 * to: its recipients, or the audience's default (then *defaulted = 1),
 * at most SETUP_RECIPIENTS_MAX. Inside the caller's transaction. New
 * reference (possibly empty), NULL on a database error.
 */
json_t *app_schedule_recipients(struct db_conn *c, const struct config *cfg, const json_t *row, int *defaulted);

#endif
