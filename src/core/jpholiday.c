/*
 * jpholiday.c - the Japanese public holidays of a year (see jpholiday.h).
 *
 * A year is built in three steps, as the law is written: the 国民の祝日
 * themselves (fixed dates, Happy Monday rules, the equinoxes and the
 * special years), then 振替休日 for the ones on a Sunday, then 国民の休日
 * for a day between two 祝日. Before 2007 the last two rules were
 * narrower (a substitute only on the Monday; no 国民の休日 on a Sunday or
 * a substitute day); both versions are kept so 2000..2006 come out right.
 */
#include "core/jpholiday.h"

#include <string.h>

int32_t jp_days_from_civil(int year, int month, int mday)
{
	/* Eras of 400 years starting on March 1st, so leap days come last. */
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int mp = (month + 9) % 12; /* March = 0 */
	int doy = (153 * mp + 2) / 5 + mday - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void jp_civil_from_days(int32_t day, int *year, int *month, int *mday)
{
	int32_t z = day + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	int32_t m = mp < 10 ? mp + 3 : mp - 9;
	*mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

int jp_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((day + 4) % 7);
	return w < 0 ? w + 7 : w;
}

/* The mday of the nth Monday of a month. */
static int nth_monday(int year, int month, int n)
{
	int first = jp_weekday(jp_days_from_civil(year, month, 1));
	int offset = (8 - first) % 7; /* days from the 1st to the first Monday */
	return 1 + offset + 7 * (n - 1);
}

/* The equinox days by the approximation used for 1980..2099: the mean
 * tropical year (0.242194 days a year past 365) less the leap days, in
 * millionths of a day so the arithmetic stays exact. */
static int vernal_equinox(int year)
{
	int n = year - 1980;
	return (int)((20843100L + 242194L * n) / 1000000L) - n / 4;
}

static int autumnal_equinox(int year)
{
	int n = year - 1980;
	return (int)((23248800L + 242194L * n) / 1000000L) - n / 4;
}

struct year_list {
	int year;
	int n;
	struct jpholiday *h;
};

static void add(struct year_list *l, int month, int mday, const char *name, const char *name_en)
{
	if (l->n >= JPHOLIDAY_MAX)
		return; /* cannot happen: at most 22 in any year */
	struct jpholiday *h = &l->h[l->n++];
	h->day = jp_days_from_civil(l->year, month, mday);
	h->month = month;
	h->mday = mday;
	h->name = name;
	h->name_en = name_en;
}

static int find(const struct year_list *l, int32_t day)
{
	for (int i = 0; i < l->n; i++)
		if (l->h[i].day == day)
			return i;
	return -1;
}

static void add_day(struct year_list *l, int32_t day, const char *name, const char *name_en)
{
	int y, m, d;
	jp_civil_from_days(day, &y, &m, &d);
	if (y == l->year)
		add(l, m, d, name, name_en);
}

/* The 国民の祝日 proper (Article 2 of the act, and the special laws). */
static void national_holidays(struct year_list *l)
{
	int y = l->year;
	add(l, 1, 1, "元日", "New Year's Day");
	add(l, 1, nth_monday(y, 1, 2), "成人の日", "Coming of Age Day");
	add(l, 2, 11, "建国記念の日", "National Foundation Day");
	if (y >= 2020)
		add(l, 2, 23, "天皇誕生日", "The Emperor's Birthday");
	add(l, 3, vernal_equinox(y), "春分の日", "Vernal Equinox Day");
	if (y >= 2007)
		add(l, 4, 29, "昭和の日", "Showa Day");
	else
		add(l, 4, 29, "みどりの日", "Greenery Day");
	if (y == 2019)
		add(l, 5, 1, "天皇の即位の日", "Accession Day");
	add(l, 5, 3, "憲法記念日", "Constitution Memorial Day");
	if (y >= 2007)
		add(l, 5, 4, "みどりの日", "Greenery Day");
	add(l, 5, 5, "こどもの日", "Children's Day");
	if (y == 2020 || y == 2021) {
		/* The Tokyo Olympic Games moved three holidays. */
		add(l, 7, y == 2020 ? 23 : 22, "海の日", "Marine Day");
		add(l, 7, y == 2020 ? 24 : 23, "スポーツの日", "Sports Day");
		add(l, 8, y == 2020 ? 10 : 8, "山の日", "Mountain Day");
	} else {
		add(l, 7, y >= 2003 ? nth_monday(y, 7, 3) : 20, "海の日", "Marine Day");
		if (y >= 2016)
			add(l, 8, 11, "山の日", "Mountain Day");
	}
	add(l, 9, y >= 2003 ? nth_monday(y, 9, 3) : 15, "敬老の日", "Respect for the Aged Day");
	add(l, 9, autumnal_equinox(y), "秋分の日", "Autumnal Equinox Day");
	if (y < 2020)
		add(l, 10, nth_monday(y, 10, 2), "体育の日", "Health and Sports Day");
	else if (y > 2021)
		add(l, 10, nth_monday(y, 10, 2), "スポーツの日", "Sports Day");
	if (y == 2019)
		add(l, 10, 22, "即位礼正殿の儀の行われる日", "Enthronement Ceremony Day");
	add(l, 11, 3, "文化の日", "Culture Day");
	add(l, 11, 23, "勤労感謝の日", "Labour Thanksgiving Day");
	if (y <= 2018)
		add(l, 12, 23, "天皇誕生日", "The Emperor's Birthday");
}

/* 振替休日 (Article 3(2)): since 2007 the nearest following day that is
 * not a 祝日; before, only the Monday, and only if it was not one. */
static void substitute_holidays(struct year_list *l, int nfixed)
{
	for (int i = 0; i < nfixed; i++) {
		if (jp_weekday(l->h[i].day) != 0)
			continue;
		int32_t d = l->h[i].day + 1;
		if (l->year >= 2007) {
			while (find(l, d) >= 0 && find(l, d) < nfixed)
				d++;
		} else if (find(l, d) >= 0) {
			continue;
		}
		add_day(l, d, "振替休日", "Substitute Holiday");
	}
}

/* 国民の休日 (Article 3(3)): a day whose eve and morrow are 祝日 and which
 * is not one itself; before 2007 not on a Sunday nor a substitute day. */
static void citizens_holidays(struct year_list *l, int nfixed)
{
	for (int i = 0; i < nfixed; i++) {
		int32_t d = l->h[i].day + 1;
		int j = find(l, d + 1);
		if (find(l, d) >= 0 || j < 0 || j >= nfixed)
			continue;
		if (l->year < 2007 && jp_weekday(d) == 0)
			continue;
		add_day(l, d, "国民の休日", "Citizens' Holiday");
	}
}

int jpholiday_year(int year, struct jpholiday *out)
{
	if (year < JPHOLIDAY_YEAR_MIN || year > JPHOLIDAY_YEAR_MAX)
		return -1;
	struct year_list l = {year, 0, out};
	national_holidays(&l);
	int nfixed = l.n;
	substitute_holidays(&l, nfixed);
	citizens_holidays(&l, nfixed);
	/* date order (insertion sort: about twenty entries) */
	for (int i = 1; i < l.n; i++) {
		struct jpholiday h = out[i];
		int j = i - 1;
		while (j >= 0 && out[j].day > h.day) {
			out[j + 1] = out[j];
			j--;
		}
		out[j + 1] = h;
	}
	return l.n;
}
