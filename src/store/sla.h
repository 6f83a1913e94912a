/*
 * SQL for SLA timers: the policies per priority, the business hours, the
 * days off (public-holiday overrides and the team's own days), the SLA
 * events reached, and the scheduler's view of open incidents
 * (incident.sla_next_at, kept by app/sla.c and by the triggers of
 * migration 0006).
 *
 * Rows are JSON objects keyed by column name as stored (times in unix
 * seconds). Functions run inside the caller's read transaction or write
 * job; 0 / -1 (error logged) unless said otherwise.
 */
#ifndef HIKESHI_STORE_SLA_H
#define HIKESHI_STORE_SLA_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db_conn;

/* --- policies ------------------------------------------------------------ */

/* Every policy row ordered by priority; NULL on error. */
json_t *store_sla_policies(struct db_conn *c);
/* Inserts or replaces the policy of row["priority"] (the columns of
 * sla_policy; absent minutes are NULL) and bumps its version. */
int store_sla_policy_put(struct db_conn *c, const json_t *row, int64_t now);

/* --- business hours ------------------------------------------------------ */

/* open/close minutes per weekday (0 = Sunday); a day without a row gets
 * open = close = 0 (closed). */
int store_sla_hours(struct db_conn *c, int open[7], int close[7]);
/* Replaces every row; days with open >= close are left out. */
int store_sla_hours_put(struct db_conn *c, const int open[7], const int close[7]);

/* --- days off ------------------------------------------------------------ */

/* Holiday rows (day, name, name_en, source, enabled) with from <= day <=
 * to ("YYYY-MM-DD"), ordered by day; NULL on error. */
json_t *store_holidays(struct db_conn *c, const char *from, const char *to);
/* One row into *out: 1 found, 0 absent, -1 error. */
int store_holiday_get(struct db_conn *c, const char *day, json_t **out);
/* Inserts or replaces a row. */
int store_holiday_put(struct db_conn *c, const char *day, const char *name, const char *name_en, const char *source,
                      int enabled);
/* Deletes a row: 1 deleted, 0 absent, -1 error. */
int store_holiday_delete(struct db_conn *c, const char *day);

/* --- incidents ----------------------------------------------------------- */

/* What the timers of an incident need. */
struct store_sla_incident {
	int64_t id;
	char priority[4];
	int64_t created_at, acknowledged_at, first_response_at, contained_at, resolved_at, closed_at;
	unsigned events; /* incident.sla_events: bit 2 * target + (breach) of the events recorded */
};

/* Open incidents with sla_next_at <= now, in sla_next_at order, at most max
 * of them, into out. Returns the count, or -1. */
int store_sla_due(struct db_conn *c, int64_t now, struct store_sla_incident *out, int max);
/* 1 when some open incident is due at now, 0 when none, -1 error. */
int store_sla_any_due(struct db_conn *c, int64_t now);
/* One incident's timer columns: 1 found, 0 absent, -1 error. */
int store_sla_incident(struct db_conn *c, int64_t id, struct store_sla_incident *out);
/* Sets when the scheduler looks at the incident again and the events
 * recorded so far (bits, see store_sla_incident). */
int store_sla_set_next(struct db_conn *c, int64_t id, int64_t next_at, unsigned events);
/* Makes every open incident due now (the policies or calendar changed). */
int store_sla_reset_all(struct db_conn *c);

/* Records that a target reached a state: 1 new, 0 already recorded (or,
 * for "near", superseded by a recorded "breach"), -1 error. */
int store_sla_event_add(struct db_conn *c, int64_t incident_id, const char *target, const char *state, int64_t at);
/* The recorded events of an incident (target, state, at); NULL on error. */
json_t *store_sla_events(struct db_conn *c, int64_t incident_id);

#endif
