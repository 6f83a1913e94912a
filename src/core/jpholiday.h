/*
 * jpholiday.h - the Japanese public holidays (国民の祝日) of a year, by the
 * Act on National Holidays (祝日法) as amended up to now, for 2000..2099.
 *
 * Fixed days, the Happy Monday days (成人の日, 海の日, 敬老の日, スポーツの
 * 日), 春分の日 and 秋分の日 by the usual approximation of the equinoxes
 * (valid 1980..2099; the official dates are announced each February in the
 * 官報 and have matched it so far), 振替休日 (a holiday on a Sunday moves
 * the rest day to the next day that is not a holiday) and 国民の休日 (a
 * day between two holidays). The special years 2019 (the accession), 2020
 * and 2021 (the Olympic Games moved 海の日, スポーツの日, 山の日) are
 * included. Pure: no I/O.
 *
 * Days are "local day numbers": days since 1970-01-01 in the calendar
 * (no time zone involved).
 */
#ifndef HIKESHI_CORE_JPHOLIDAY_H
#define HIKESHI_CORE_JPHOLIDAY_H

#include <stddef.h>
#include <stdint.h>

#define JPHOLIDAY_YEAR_MIN 2000
#define JPHOLIDAY_YEAR_MAX 2099
#define JPHOLIDAY_MAX      24 /* per year; 2019 has 22, a normal year 16..19 */

struct jpholiday {
	int32_t day;         /* days since 1970-01-01 */
	int month, mday;     /* 1..12, 1..31 */
	const char *name;    /* Japanese, as the Cabinet Office lists it */
	const char *name_en; /* English */
};

/* jpholiday_year - fills out (room for JPHOLIDAY_MAX) with the holidays of
 * year in date order. Returns the count, or -1 for a year outside
 * JPHOLIDAY_YEAR_MIN..JPHOLIDAY_YEAR_MAX. The names are static strings. */
int jpholiday_year(int year, struct jpholiday *out);

/* Calendar helpers shared with core/sla.c. */
/* days since 1970-01-01 of a proleptic Gregorian date. */
int32_t jp_days_from_civil(int year, int month, int mday);
/* The inverse. */
void jp_civil_from_days(int32_t day, int *year, int *month, int *mday);
/* 0 = Sunday .. 6 = Saturday. */
int jp_weekday(int32_t day);

#endif
