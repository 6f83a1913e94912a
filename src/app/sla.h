/*
 * SLA use cases (issue 5, item 4): the policies per priority, the business
 * calendar (hours per weekday, Japanese public holidays that can be
 * switched off, the team's own days off), the timers of one incident, and
 * the scheduler's pass that records near-breach and breach once each
 * (app_sla_pass, declared in app/scheduler.h).
 *
 * Timers. Every target starts when the incident was created and is met:
 *   acknowledge     at acknowledged_at (the incident left "new")
 *   first_response  at the first note or outgoing mail written by a user
 *                   (incident.sla_first_response_at, kept by a trigger)
 *   containment     at contained_at
 *   resolution      at resolved_at, or closed_at when closed otherwise
 * using the policy of the incident's current priority. The clocks of a
 * closed incident stop at its closing.
 *
 * Everyone signed in reads policies and the calendar; administrators write
 * them. Functions fill r and return 0, or -1 with r's error set.
 */
#ifndef HIKESHI_APP_SLA_H
#define HIKESHI_APP_SLA_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

/* {"items":[policy...], "version"} (version: changes with every write). */
int app_sla_policies_get(const struct app_ctx *ctx, struct app_result *r);
/* in: {"items":[{"priority", and any of acknowledge_minutes,
 * first_response_minutes, containment_minutes, resolution_minutes (1 ..
 * 525600 or null), calendar ("business"|"24x365"), near_breach_percent
 * (1..100)}]}; members not given keep their values. if_match: 0 = not
 * given, else the version of the GET. The object is the new GET. */
int app_sla_policies_put(const struct app_ctx *ctx, int64_t if_match, const json_t *in, struct app_result *r);

/* {"utc_offset_minutes", "days":[{"weekday":0..6, "open":"HH:MM"|null,
 * "close":"HH:MM"|null}]} */
int app_business_hours_get(const struct app_ctx *ctx, struct app_result *r);
/* in: {"days":[{"weekday","open","close"}]}: the weekdays given are open
 * from open to close ("24:00" allowed), the others closed. */
int app_business_hours_put(const struct app_ctx *ctx, const json_t *in, struct app_result *r);

/* {"year", "items":[{"day","name","name_en","source":"builtin"|"custom",
 * "enabled"}]}: the public holidays computed for year (2000..2099) with
 * their switch, and the custom days of that year. year 0 = this year. */
int app_holidays_list(const struct app_ctx *ctx, int year, struct app_result *r);
/* in: {"day":"YYYY-MM-DD", "name", "name_en"?}: a custom day off. */
int app_holiday_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r);
/* in: {"enabled"?, "name"?, "name_en"?}; a public holiday can only be
 * switched on or off. */
int app_holiday_update(const struct app_ctx *ctx, const char *day, const json_t *in, struct app_result *r);
/* Deletes a custom day (a public holiday is switched off instead). */
int app_holiday_delete(const struct app_ctx *ctx, const char *day, struct app_result *r);

/* {"incident_id","key","priority","calendar","near_breach_percent","now",
 * "targets":[{"target","minutes","started_at","due_at","near_at","met_at",
 * "state","breached","elapsed_minutes","remaining_minutes"}],"events":[...]}
 * APP_NOT_FOUND when the actor may not see the incident. */
int app_incident_sla(const struct app_ctx *ctx, const char *ref, struct app_result *r);

#endif
