/*
 * sla.h - service-level time arithmetic (サービスレベル, seed 002 §2.2.10).
 *
 * A calendar is either around the clock (24x365) or business hours: one
 * open interval per weekday in the team's local time (minutes after local
 * midnight; the zone is a fixed UTC offset such as +540 for Asia/Tokyo),
 * minus the days off (public holidays and the team's own). With it this
 * module answers the two questions an SLA timer asks: how much business
 * time lies between two instants, and at which instant a number of
 * business minutes after a start is reached. Then the state of one target
 * (ok, near, breach, met, none) from its start, length, near-breach
 * percentage and the moment it was met.
 *
 * Instants are unix seconds (UTC). Pure: no I/O, no allocation.
 */
#ifndef HIKESHI_CORE_SLA_H
#define HIKESHI_CORE_SLA_H

#include <stddef.h>
#include <stdint.h>

#define SLA_NEVER         INT64_MAX  /* a deadline that is never reached */
#define SLA_SPAN_DAYS_MAX (366 * 20) /* the longest walk through a calendar */

struct sla_calendar {
	int around_the_clock; /* 24x365: every second counts */
	int utc_offset_min;   /* local time = UTC + this (-720..840) */
	/* Open interval per weekday (0 = Sunday), minutes after local
	 * midnight, 0 <= open < close <= 1440; open == close: closed. */
	int open[7], close[7];
	const int32_t *days_off; /* sorted local day numbers (days since 1970-01-01) */
	size_t ndays_off;
};

/* sla_calendar_valid - 1 when every interval is in range and, for business
 * hours, at least one weekday is open (otherwise no deadline would ever be
 * reached). */
int sla_calendar_valid(const struct sla_calendar *cal);

/* sla_elapsed - business seconds in [from, to); 0 when to <= from. */
int64_t sla_elapsed(const struct sla_calendar *cal, int64_t from, int64_t to);

/* sla_add - the instant at which `seconds` business seconds after start
 * have passed. seconds <= 0 gives start. SLA_NEVER when the calendar has
 * no open time within SLA_SPAN_DAYS_MAX days. */
int64_t sla_add(const struct sla_calendar *cal, int64_t start, int64_t seconds);

enum sla_state { SLA_NONE, SLA_OK, SLA_NEAR, SLA_BREACH, SLA_MET };
const char *sla_state_name(enum sla_state s); /* none ok near breach met */

/* One target of an incident (acknowledge, first response, ...). */
struct sla_timer {
	int64_t due_at;  /* deadline; SLA_NEVER when none */
	int64_t near_at; /* when near_percent of it has passed */
	enum sla_state state;
	int breached;          /* met late, or not met and past due */
	int64_t elapsed_min;   /* business minutes from start to met_at or now */
	int64_t remaining_min; /* business minutes to due (negative: overdue by) */
};

/* sla_timer_eval - the timer of a target that starts at start, lasts minutes
 * (< 0: no target → SLA_NONE) of business time, warns at near_percent
 * (1..100) and was met at met_at (0 = not yet), seen at now. */
void sla_timer_eval(const struct sla_calendar *cal, int64_t start, int64_t minutes, int near_percent, int64_t met_at,
                    int64_t now, struct sla_timer *t);

/* sla_timer_deadlines - only due_at and near_at (the scheduler's fast path:
 * no elapsed-time walk). */
void sla_timer_deadlines(const struct sla_calendar *cal, int64_t start, int64_t minutes, int near_percent,
                         int64_t *near_at, int64_t *due_at);

#endif
