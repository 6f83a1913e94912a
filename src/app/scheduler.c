/* Placeholder until the scheduler lands (issue 5, in progress). */
#include "app/scheduler.h"

int app_scheduler_start(struct db *db, const struct config *cfg, char *err, size_t errlen)
{
	(void)db, (void)cfg, (void)err, (void)errlen;
	return 0;
}

void app_scheduler_stop(void)
{
}

int app_scheduler_pass(struct db *db, const struct config *cfg, int64_t now)
{
	int rc = 0;
	rc |= app_sla_pass(db, cfg, now);
	rc |= app_escalation_pass(db, cfg, now);
	rc |= app_contact_review_pass(db, cfg, now);
	return rc ? -1 : 0;
}
