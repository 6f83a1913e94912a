/* Placeholder until the escalation module lands (issue 5, in progress). */
#include "app/scheduler.h"

int app_escalation_pass(struct db *db, const struct config *cfg, int64_t now)
{
	(void)db, (void)cfg, (void)now;
	return 0;
}

int app_escalation_on_change(struct db_conn *c, const struct app_ctx *ctx, const json_t *before, const json_t *after,
                             int64_t now, struct app_result *r)
{
	(void)c, (void)ctx, (void)before, (void)after, (void)now, (void)r;
	return 0;
}

int app_escalation_on_sla(struct db_conn *c, const struct app_ctx *ctx, int64_t incident_id, const char *target,
                          const char *state, int64_t now)
{
	(void)c, (void)ctx, (void)incident_id, (void)target, (void)state, (void)now;
	return 0;
}
