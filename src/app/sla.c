/* Placeholder until SLA timers land (issue 5, in progress). */
#include "app/scheduler.h"

int app_sla_pass(struct db *db, const struct config *cfg, int64_t now)
{
	(void)db, (void)cfg, (void)now;
	return 0;
}
