/*
 * The pure rules of scheduled periodic reports (see report_schedule.h):
 * JST calendar arithmetic for the reported period, and the bilingual
 * texts of the mail that carries the report.
 */
#include "core/report_schedule.h"
#include "core/jpholiday.h"
#include "core/setup.h"

#include <stdio.h>
#include <string.h>

static int64_t floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static int days_in_month(int y, int m)
{
	return (int)(jp_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - jp_days_from_civil(y, m, 1));
}

/* A range of whole months [y1-m1, y2-m2] (both inclusive) as dates. */
static void month_range(struct schedule_period *p, int y1, int m1, int y2, int m2)
{
	p->spec[0] = '\0';
	snprintf(p->from, sizeof(p->from), "%04d-%02d-01", y1, m1);
	snprintf(p->to, sizeof(p->to), "%04d-%02d-%02d", y2, m2, days_in_month(y2, m2));
}

int schedule_last_period(const char *frequency, int64_t t, struct schedule_period *out)
{
	int y, m, d;
	memset(out, 0, sizeof(*out));
	if (!frequency)
		return -1;
	jp_civil_from_days((int32_t)floordiv(t + SETUP_JST_OFFSET, 86400), &y, &m, &d);
	if (strcmp(frequency, "monthly") == 0) {
		int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1;
		snprintf(out->spec, sizeof(out->spec), "%04d-%02d", py, pm);
		snprintf(out->label_ja, sizeof(out->label_ja), "%d年%d月", py, pm);
		snprintf(out->label_en, sizeof(out->label_en), "%04d-%02d", py, pm);
		snprintf(out->slug, sizeof(out->slug), "%04d-%02d", py, pm);
	} else if (strcmp(frequency, "quarterly") == 0) {
		int q = (m - 1) / 3; /* the quarter before the current one, 1-based */
		int py = q == 0 ? y - 1 : y, pq = q == 0 ? 4 : q;
		snprintf(out->spec, sizeof(out->spec), "%04d-Q%d", py, pq);
		snprintf(out->label_ja, sizeof(out->label_ja), "%d年第%d四半期", py, pq);
		snprintf(out->label_en, sizeof(out->label_en), "%04d-Q%d", py, pq);
		snprintf(out->slug, sizeof(out->slug), "%04d-Q%d", py, pq);
	} else if (strcmp(frequency, "half_yearly") == 0) {
		/* the fiscal year starts in April: 上期 Apr-Sep, 下期 Oct-Mar */
		int fy = m >= 4 ? y : y - 1, first_half_now = m >= 4 && m <= 9;
		int pfy = first_half_now ? fy - 1 : fy, second = first_half_now;
		if (second)
			month_range(out, pfy, 10, pfy + 1, 3);
		else
			month_range(out, pfy, 4, pfy, 9);
		snprintf(out->label_ja, sizeof(out->label_ja), "%d年度%s", pfy, second ? "下期" : "上期");
		snprintf(out->label_en, sizeof(out->label_en), "FY%04d H%d", pfy, second ? 2 : 1);
		snprintf(out->slug, sizeof(out->slug), "FY%04d-H%d", pfy, second ? 2 : 1);
	} else if (strcmp(frequency, "yearly") == 0) {
		int pfy = (m >= 4 ? y : y - 1) - 1;
		month_range(out, pfy, 4, pfy + 1, 3);
		snprintf(out->label_ja, sizeof(out->label_ja), "%d年度", pfy);
		snprintf(out->label_en, sizeof(out->label_en), "FY%04d", pfy);
		snprintf(out->slug, sizeof(out->slug), "FY%04d", pfy);
	} else {
		return -1;
	}
	return 0;
}

/* The report's kind by frequency: {ja, en (capitalised), en (lower)}. */
static void kind_of(const char *frequency, const char **ja, const char **en, const char **en_lower)
{
	static const char *const k[][4] = {{"monthly", "月次報告", "Monthly report", "monthly report"},
	                                   {"quarterly", "四半期報告", "Quarterly report", "quarterly report"},
	                                   {"half_yearly", "半期報告", "Half-year report", "half-year report"},
	                                   {"yearly", "年次報告", "Annual report", "annual report"}};
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (frequency && strcmp(frequency, k[i][0]) == 0) {
			*ja = k[i][1];
			*en = k[i][2];
			*en_lower = k[i][3];
			return;
		}
	*ja = "定期報告";
	*en = "Periodic report";
	*en_lower = "periodic report";
}

/* The audience as shown: {ja, en}. */
static void audience_of(const char *audience, const char **ja, const char **en)
{
	static const char *const a[][3] = {{"management", "経営層向け", "management"},
	                                   {"constituency", "サービス対象向け", "constituency"},
	                                   {"team", "チーム内", "team"},
	                                   {"meeting", "定期報告会資料", "meeting pack"}};
	for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++)
		if (audience && strcmp(audience, a[i][0]) == 0) {
			*ja = a[i][1];
			*en = a[i][2];
			return;
		}
	*ja = *en = audience ? audience : "";
}

static int fits(int n, size_t len)
{
	return n >= 0 && (size_t)n < len ? 0 : -1;
}

int schedule_subject(const char *frequency, const char *audience, const struct schedule_period *p, char *out,
                     size_t len)
{
	const char *kja, *ken, *kl, *aja, *aen;
	kind_of(frequency, &kja, &ken, &kl);
	audience_of(audience, &aja, &aen);
	return fits(
	        snprintf(out, len, "【hikeshi】%s %s（%s） / %s %s (%s)", p->label_ja, kja, aja, ken, p->label_en, aen),
	        len);
}

int schedule_body(const char *frequency, const char *audience, const struct schedule_period *p, const char *team,
                  char *out, size_t len)
{
	const char *kja, *ken, *kl, *aja, *aen;
	kind_of(frequency, &kja, &ken, &kl);
	audience_of(audience, &aja, &aen);
	const char *t = team && *team ? team : "CSIRT";
	return fits(snprintf(out, len,
	                     "%s の%s（%s、対象期間 %s）を添付します。\n"
	                     "このメールは hikeshi の定期レポート設定により自動で送信されています。\n"
	                     "添付ファイルの共有範囲は、表紙の TLP 表示に従ってください。\n"
	                     "\n"
	                     "Attached is the %s of %s for %s (%s).\n"
	                     "This mail was sent automatically by the report schedule of hikeshi.\n"
	                     "Share the attachment only as the TLP label on its cover allows.\n"
	                     "\n"
	                     "-- \n%s\n",
	                     t, kja, aja, p->label_ja, kl, t, p->label_en, aen, t),
	            len);
}

int schedule_filename(const struct schedule_period *p, const char *audience, const char *ext, char *out, size_t len)
{
	const char *aja, *aen;
	audience_of(audience, &aja, &aen);
	/* only a known audience goes into the name (the row is not trusted) */
	const char *a = aja != aen ? audience : "report";
	return fits(snprintf(out, len, "hikeshi-report-%s-%s.%s", p->slug, a, ext ? ext : "bin"), len);
}

const char *schedule_tlp(const char *audience)
{
	return audience && strcmp(audience, "constituency") == 0 ? "TLP:CLEAR" : "TLP:AMBER";
}

int64_t schedule_retry_delay(int64_t n)
{
	int64_t d = SCHEDULE_RETRY_FIRST;
	for (int64_t i = 1; i < n && d < SCHEDULE_RETRY_MAX; i++)
		d *= 2;
	return d < SCHEDULE_RETRY_MAX ? d : SCHEDULE_RETRY_MAX;
}

enum schedule_default schedule_default_for(const char *audience)
{
	if (audience && strcmp(audience, "management") == 0)
		return SCHEDULE_TO_ADMINS;
	if (audience && strcmp(audience, "constituency") == 0)
		return SCHEDULE_TO_TEAM_OR_ADMINS;
	return SCHEDULE_TO_TEAM_OR_STAFF;
}
