/*
 * Shared by app/sla.c (the API) and app/sla_pass.c (the scheduler's
 * pass): the SLA set-up read from the database in one go — policies,
 * business hours and the days off — and the four targets.
 */
#ifndef HIKESHI_APP_SLA_IMPL_H
#define HIKESHI_APP_SLA_IMPL_H

#include "core/sla.h"
#include "store/sla.h"

#include <stdint.h>

struct db_conn;
struct config;

enum sla_target { TGT_ACK, TGT_FIRST_RESPONSE, TGT_CONTAINMENT, TGT_RESOLUTION, TGT_COUNT };
extern const char *const sla_target_names[TGT_COUNT]; /* acknowledge, first_response, ... */

struct sla_policy_c {
	int present;                /* a row exists for the priority */
	int64_t minutes[TGT_COUNT]; /* -1 = no target */
	int around_the_clock;
	int near_percent;
};

struct sla_setup {
	struct sla_policy_c policy[4]; /* P1..P4 */
	int open[7], close[7];
	int utc_offset_min;
	int32_t *days_off; /* sorted, malloc'd */
	size_t ndays_off;
};

/* Reads everything (in the caller's transaction or job). 0 / -1; free with
 * sla_setup_free either way. */
int sla_setup_load(struct db_conn *c, const struct config *cfg, struct sla_setup *s);
void sla_setup_free(struct sla_setup *s);
/* The policy of "P1".."P4", or NULL. */
const struct sla_policy_c *sla_setup_policy(const struct sla_setup *s, const char *priority);
/* The calendar a policy runs on (borrows s's days off). */
void sla_setup_calendar(const struct sla_setup *s, const struct sla_policy_c *p, struct sla_calendar *cal);
/* When target t of the incident was met (0 = not yet). */
int64_t sla_met_at(const struct store_sla_incident *in, enum sla_target t);

#endif
