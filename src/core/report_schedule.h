/*
 * report_schedule.h - the rules of a scheduled periodic report (issue 7,
 * item 3) that need no I/O: which period a run reports on, the mail's
 * subject and body (Japanese first, then English), the attachment's file
 * name, the retry delay after a failure, and the audience's default
 * recipients when a schedule lists none. Pure.
 *
 * Periods follow the schedule's calendar (core/setup.h): monthly and
 * quarterly runs report the previous calendar month or quarter (quarters
 * run in January, April, July, October, so they coincide with fiscal
 * quarters); half-yearly runs (April, October) report the previous fiscal
 * half (上期 April-September, 下期 October-March) and yearly runs (April)
 * the previous fiscal year (April-March), the way Japanese management reads
 * them. Months and quarters are metrics periods ("2026-10", "2026-Q3");
 * fiscal halves and years are explicit date ranges with their own label.
 */
#ifndef HIKESHI_CORE_REPORT_SCHEDULE_H
#define HIKESHI_CORE_REPORT_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#define SCHEDULE_RETRY_FIRST 300   /* seconds before the first retry of a failed run */
#define SCHEDULE_RETRY_MAX   21600 /* the delay doubles up to six hours */

/* The period a run reports on. */
struct schedule_period {
	/* sizes leave room for any int the compiler can imagine in a year */
	char spec[32];         /* a metrics period ("2026-10", "2026-Q3"), or "" when from/to are set */
	char from[40], to[40]; /* "2025-10-01", "2026-03-31" (both inclusive) for fiscal halves and years */
	char label_ja[64];     /* "2026年10月", "2026年第3四半期", "2025年度下期", "2025年度" */
	char label_en[64];     /* "2026-10", "2026-Q3", "FY2025 H2", "FY2025" */
	char slug[40];         /* for file names: "2026-10", "2026-Q3", "FY2025-H2", "FY2025" */
};

/*
 * schedule_last_period - the last full period of frequency (monthly,
 * quarterly, half_yearly, yearly) that ended at or before t (unix
 * seconds; the calendar is Asia/Tokyo). 0, or -1 for an unknown frequency.
 */
int schedule_last_period(const char *frequency, int64_t t, struct schedule_period *out);

/*
 * schedule_subject - "【hikeshi】2026年10月 月次報告（経営層向け） / Monthly
 * report 2026-10 (management)". audience: management, constituency, team,
 * meeting (others are shown as given). 0, or -1 when out is too small.
 */
int schedule_subject(const char *frequency, const char *audience, const struct schedule_period *p, char *out,
                     size_t len);

/*
 * schedule_body - the short text of the mail (Japanese, then English):
 * what is attached, for which period, that it was sent by the schedule and
 * that its TLP label governs sharing; team is the team's name. 0 / -1 when
 * out is too small.
 */
int schedule_body(const char *frequency, const char *audience, const struct schedule_period *p, const char *team,
                  char *out, size_t len);

/* "hikeshi-report-2026-10-management.pdf"; 0 / -1 when out is too small. */
int schedule_filename(const struct schedule_period *p, const char *audience, const char *ext, char *out, size_t len);

/* The TLP label of the report an audience gets (TLP 2.0, as report/compose
 * labels it): "TLP:CLEAR" for the constituency, else "TLP:AMBER". */
const char *schedule_tlp(const char *audience);

/* Seconds to wait before retrying a run that failed for the n-th time in
 * a row (n >= 1): SCHEDULE_RETRY_FIRST doubled each time, at most
 * SCHEDULE_RETRY_MAX. */
int64_t schedule_retry_delay(int64_t n);

/*
 * Where a schedule without recipients sends its report:
 *   management   -> the active admins (they answer for the CSIRT to
 *                   management and forward the report);
 *   team         -> the team address, else the active admins and handlers;
 *   constituency -> the team address, else the active admins (hikeshi has
 *                   no constituency-wide list: the team publishes it);
 *   meeting      -> as team.
 */
enum schedule_default { SCHEDULE_TO_ADMINS, SCHEDULE_TO_TEAM_OR_STAFF, SCHEDULE_TO_TEAM_OR_ADMINS };
enum schedule_default schedule_default_for(const char *audience);

#endif
