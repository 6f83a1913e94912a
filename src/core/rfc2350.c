/*
 * rfc2350.c - the CSIRT description in RFC 2350 order and the
 * announcement text, as Markdown built from the team profile.
 *
 * The sections are a table (number, Japanese and English heading, the
 * profile member or the special content it shows); parents have no
 * content. Profile text goes through rfc2350_md_text() so that nothing the
 * team (or an attacker who got hold of an admin session) writes becomes
 * markup.
 */
#include "core/rfc2350.h"
#include "lib/buf.h"

#include <stdlib.h>
#include <string.h>

#define DOC_MAX (1024 * 1024)

const struct rfc2350_field rfc2350_fields[] = {
        {"team_name_ja", 200, 0},
        {"team_name_en", 200, 0},
        {"short_name", 64, 0},
        {"host_organisation", 200, 0},
        {"address", 1000, 1},
        {"time_zone", 100, 0},
        {"telephone", 200, 0},
        {"fax", 200, 0},
        {"other_telecommunication", 1000, 1},
        {"email", 254, 0},
        {"pgp_key_id", 64, 0},
        {"pgp_fingerprint", 128, 0},
        {"team_members", 4000, 1},
        {"other_information", 4000, 1},
        {"customer_contact", 4000, 1},
        {"mission_ja", 4000, 1},
        {"mission_en", 4000, 1},
        {"constituency", 4000, 1},
        {"sponsorship", 4000, 1},
        {"authority", 4000, 1},
        {"policy_incident_types", 8000, 1},
        {"policy_cooperation", 8000, 1},
        {"policy_communication", 8000, 1},
        {"service_triage", 4000, 1},
        {"service_coordination", 4000, 1},
        {"service_resolution", 4000, 1},
        {"service_proactive", 8000, 1},
        {"reporting_forms", 4000, 1},
        {"disclaimers", 4000, 1},
        {"doc_last_update", 100, 0},
        {"doc_distribution_list", 4000, 1},
        {"doc_locations", 4000, 1},
        {NULL, 0, 0},
};

const struct rfc2350_field *rfc2350_field(const char *name)
{
	for (const struct rfc2350_field *f = rfc2350_fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

enum special { S_NONE, S_FIELD, S_NAME, S_PGP, S_MISSION, S_CONSTITUENCY, S_FORMS };

struct section {
	const char *num;
	const char *ja, *en;
	enum special kind;
	const char *field;
};

static const struct section sections[] = {
        {"1", "文書情報", "Document Information", S_NONE, NULL},
        {"1.1", "最終更新日", "Date of Last Update", S_FIELD, "doc_last_update"},
        {"1.2", "通知のための配布リスト", "Distribution List for Notifications", S_FIELD, "doc_distribution_list"},
        {"1.3", "本文書の入手先", "Locations where this Document May Be Found", S_FIELD, "doc_locations"},
        {"2", "連絡先情報", "Contact Information", S_NONE, NULL},
        {"2.1", "チーム名", "Name of the Team", S_NAME, NULL},
        {"2.2", "住所", "Address", S_FIELD, "address"},
        {"2.3", "タイムゾーン", "Time Zone", S_FIELD, "time_zone"},
        {"2.4", "電話番号", "Telephone Number", S_FIELD, "telephone"},
        {"2.5", "FAX 番号", "Facsimile Number", S_FIELD, "fax"},
        {"2.6", "その他の通信手段", "Other Telecommunication", S_FIELD, "other_telecommunication"},
        {"2.7", "電子メールアドレス", "Electronic Mail Address", S_FIELD, "email"},
        {"2.8", "公開鍵と暗号化に関する情報", "Public Keys and Encryption Information", S_PGP, NULL},
        {"2.9", "チームメンバー", "Team Members", S_FIELD, "team_members"},
        {"2.10", "その他の情報", "Other Information", S_FIELD, "other_information"},
        {"2.11", "連絡窓口と受付時間", "Points of Customer Contact", S_FIELD, "customer_contact"},
        {"3", "憲章", "Charter", S_NONE, NULL},
        {"3.1", "ミッションステートメント", "Mission Statement", S_MISSION, NULL},
        {"3.2", "サービス対象", "Constituency", S_CONSTITUENCY, NULL},
        {"3.3", "スポンサーおよび所属", "Sponsorship and/or Affiliation", S_FIELD, "sponsorship"},
        {"3.4", "権限", "Authority", S_FIELD, "authority"},
        {"4", "ポリシー", "Policies", S_NONE, NULL},
        {"4.1", "インシデントの種類とサポートレベル", "Types of Incidents and Level of Support", S_FIELD,
         "policy_incident_types"},
        {"4.2", "協力、連携および情報の開示", "Co-operation, Interaction and Disclosure of Information", S_FIELD,
         "policy_cooperation"},
        {"4.3", "通信と認証", "Communication and Authentication", S_FIELD, "policy_communication"},
        {"5", "サービス", "Services", S_NONE, NULL},
        {"5.1", "インシデント対応", "Incident Response", S_NONE, NULL},
        {"5.1.1", "インシデントのトリアージ", "Incident Triage", S_FIELD, "service_triage"},
        {"5.1.2", "インシデントのコーディネーション", "Incident Coordination", S_FIELD, "service_coordination"},
        {"5.1.3", "インシデントの解決", "Incident Resolution", S_FIELD, "service_resolution"},
        {"5.2", "事前対応型サービス", "Proactive Activities", S_FIELD, "service_proactive"},
        {"6", "インシデント報告フォーム", "Incident Reporting Forms", S_FORMS, NULL},
        {"7", "免責事項", "Disclaimers", S_FIELD, "disclaimers"},
        {NULL, NULL, NULL, S_NONE, NULL},
};

/* Output with a sticky error flag: one check at the end. */
struct out {
	struct buf b;
	int en;
	int err;
};

static void put(struct out *o, const char *s)
{
	o->err |= buf_puts(&o->b, s);
}

static const char *L(const struct out *o, const char *ja, const char *en)
{
	return o->en ? en : ja;
}

static const char *field(const struct rfc2350_input *in, const char *name)
{
	const char *s = json_string_value(json_object_get(in->profile, name));
	return s && *s ? s : NULL;
}

/* Characters that may open or close markup anywhere on a line. */
static int special_char(char c)
{
	return strchr("\\`*_[]<>|~&!{}#", c) != NULL;
}

/* Escapes the start of a line that could open a block (list, heading,
 * quote, rule, setext underline, ordered list); returns where the rest
 * starts. */
static int put_line_start(struct buf *b, const char *p, const char *end, const char **rest)
{
	const char *q = p;
	*rest = p;
	if (p < end && strchr("-+=", *p))
		return buf_puts(b, "\\");
	while (q < end && *q >= '0' && *q <= '9')
		q++;
	if (q > p && q < end && (*q == '.' || *q == ')')) {
		*rest = q + 1;
		return buf_append(b, p, (size_t)(q - p)) | buf_puts(b, "\\") | buf_append(b, q, 1);
	}
	return 0;
}

static int put_line(struct buf *b, const char *p, const char *end)
{
	int rc;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	rc = put_line_start(b, p, end, &p);
	for (; p < end && rc == 0; p++) {
		if (special_char(*p))
			rc |= buf_puts(b, "\\");
		rc |= buf_append(b, p, 1);
	}
	return rc;
}

int rfc2350_md_text(struct buf *b, const char *s)
{
	int rc = 0, prev_text = 0;
	while (s && *s && rc == 0) {
		const char *nl = strchr(s, '\n');
		const char *end = nl ? nl : s + strlen(s);
		const char *t = s;
		while (t < end && (*t == ' ' || *t == '\t' || *t == '\r'))
			t++;
		if (t == end) { /* a blank line: a new paragraph */
			rc |= buf_puts(b, prev_text ? "\n\n" : "");
			prev_text = 0;
		} else {
			rc |= buf_puts(b, prev_text ? "  \n" : ""); /* a hard line break */
			rc |= put_line(b, s, end);
			prev_text = 1;
		}
		s = nl ? nl + 1 : end;
	}
	return rc | buf_puts(b, prev_text ? "\n" : "");
}

static void put_text(struct out *o, const char *s)
{
	o->err |= rfc2350_md_text(&o->b, s);
}

static void put_empty(struct out *o)
{
	put(o, L(o, "_（未記入）_\n", "_(not specified)_\n"));
}

static void put_field(struct out *o, const struct rfc2350_input *in, const char *name)
{
	const char *s = field(in, name);
	if (s)
		put_text(o, s);
	else
		put_empty(o);
}

static void put_name(struct out *o, const struct rfc2350_input *in)
{
	const char *ja = field(in, "team_name_ja"), *en = field(in, "team_name_en");
	const char *first = o->en ? en : ja, *second = o->en ? ja : en;
	const char *sh = field(in, "short_name"), *host = field(in, "host_organisation");
	if (!first && !second && !sh) {
		put_empty(o);
		return;
	}
	if (!first) {
		first = second;
		second = NULL;
	}
	if (first) {
		put_text(o, first);
		put(o, "\n");
	}
	if (second) {
		put(o, L(o, "英語名: ", "Japanese name: "));
		put_text(o, second);
		put(o, "\n");
	}
	if (sh) {
		put(o, L(o, "略称: ", "Short name: "));
		put_text(o, sh);
		put(o, "\n");
	}
	if (host) {
		put(o, L(o, "設置組織: ", "Host organisation: "));
		put_text(o, host);
	}
}

static void put_pgp(struct out *o, const struct rfc2350_input *in)
{
	const char *id = field(in, "pgp_key_id"), *fp = field(in, "pgp_fingerprint");
	if (!id && !fp) {
		put_empty(o);
		return;
	}
	if (id) {
		put(o, L(o, "PGP 鍵 ID: ", "PGP key ID: "));
		put_text(o, id);
		put(o, "\n");
	}
	if (fp) {
		put(o, L(o, "フィンガープリント: ", "Fingerprint: "));
		put_text(o, fp);
	}
}

static void put_mission(struct out *o, const struct rfc2350_input *in)
{
	const char *s = field(in, o->en ? "mission_en" : "mission_ja");
	put_field(o, in, s ? (o->en ? "mission_en" : "mission_ja") : (o->en ? "mission_ja" : "mission_en"));
}

static void put_constituency(struct out *o, const struct rfc2350_input *in)
{
	size_t i, n = json_array_size(in->constituencies);
	json_t *c;
	if (!field(in, "constituency") && n == 0) {
		put_empty(o);
		return;
	}
	if (field(in, "constituency"))
		put_text(o, field(in, "constituency"));
	if (n == 0)
		return;
	put(o, L(o, "\nhikeshi に登録されたサービス対象:\n\n", "\nConstituencies registered in hikeshi:\n\n"));
	json_array_foreach(in->constituencies, i, c)
	{
		const char *ja = json_string_value(json_object_get(c, "name"));
		const char *en = json_string_value(json_object_get(c, "name_en"));
		const char *s = o->en && en && *en ? en : ja;
		put(o, "- ");
		put_text(o, s && *s ? s : "-");
	}
}

/* The form's address: trusted configuration, still shown as text unless
 * it is a plain http(s) URL (then an autolink). */
static void put_url(struct out *o, const char *url)
{
	if (!url || !*url) {
		put(o, L(o, "（公開報告フォームの URL を [server] public_url に設定してください）",
		         "(set [server] public_url to show the public report form's URL)"));
		return;
	}
	int plain = (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0) &&
	            strpbrk(url, "<> \t\r\n\"'`\\") == NULL;
	if (plain) {
		put(o, "<");
		put(o, url);
		put(o, ">");
	} else
		put_text(o, url);
}

static void put_forms(struct out *o, const struct rfc2350_input *in)
{
	if (in->no_public_form) {
		put(o, L(o,
		         "公開の Web 報告フォームは提供していません。インシデントの報告は、電子メール（2.7）または"
		         "電話（2.4）でお寄せください。\n",
		         "We do not offer a public web report form. Please report incidents by email (2.7) or by "
		         "telephone (2.4).\n"));
	} else {
		put(o, L(o, "インシデントの報告には、次の公開報告フォームを利用できます（ログイン不要）: ",
		         "Incidents can be reported through the public report form (no login needed): "));
		put_url(o, in->report_url);
		put(o, "\n");
	}
	if (field(in, "reporting_forms")) {
		put(o, "\n");
		put_text(o, field(in, "reporting_forms"));
	}
}

static void put_heading(struct out *o, const struct section *s)
{
	int level = 2;
	for (const char *p = s->num; *p; p++)
		level += *p == '.';
	for (int i = 0; i < level; i++)
		put(o, "#");
	put(o, " ");
	put(o, s->num);
	put(o, strchr(s->num, '.') ? " " : ". ");
	put(o, L(o, s->ja, s->en));
	put(o, "\n\n");
}

/* The catalogue's provided services as a list (nothing when unset). */
static void put_catalogue(struct out *o, const struct rfc2350_input *in)
{
	size_t i;
	const json_t *sv;
	if (json_array_size(in->services) == 0)
		return;
	put(o,
	    L(o, "サービスカタログにより提供するサービス:\n\n", "Services provided (from the service catalogue):\n\n"));
	json_array_foreach(in->services, i, sv)
	{
		const char *label = json_string_value(json_object_get(sv, o->en ? "label_en" : "label_ja"));
		const char *prov = json_string_value(json_object_get(sv, "provision"));
		const char *lvl = json_string_value(json_object_get(sv, "service_level"));
		int outsourced = prov && strcmp(prov, "outsourced") == 0;
		put(o, "- ");
		o->err |= rfc2350_md_text(&o->b, label ? label : "-");
		o->b.len -= o->b.len > 0 && o->b.data[o->b.len - 1] == '\n'; /* the item continues on this line */
		put(o, outsourced ? L(o, "（外注）", " (outsourced)") : L(o, "（内製）", " (in-house)"));
		if (lvl && *lvl) {
			put(o, L(o, " サービスレベル: ", " service level: "));
			put_text(o, lvl);
		} else
			put(o, "\n");
	}
	put(o, "\n");
}

static void put_section(struct out *o, const struct rfc2350_input *in, const struct section *s)
{
	put_heading(o, s);
	if (strcmp(s->num, "5") == 0)
		put_catalogue(o, in);
	switch (s->kind) {
	case S_NONE: return;
	case S_FIELD: put_field(o, in, s->field); break;
	case S_NAME: put_name(o, in); break;
	case S_PGP: put_pgp(o, in); break;
	case S_MISSION: put_mission(o, in); break;
	case S_CONSTITUENCY: put_constituency(o, in); break;
	case S_FORMS: put_forms(o, in); break;
	}
	put(o, "\n");
}

static void out_init(struct out *o, const struct rfc2350_input *in)
{
	buf_init(&o->b, DOC_MAX);
	o->en = in->lang && strcmp(in->lang, "en") == 0;
	o->err = 0;
}

static char *out_done(struct out *o)
{
	if (o->err) {
		buf_free(&o->b);
		return NULL;
	}
	return buf_steal(&o->b);
}

/* The team's name for titles: the language's, else the other, else a
 * generic one. */
static void put_team(struct out *o, const struct rfc2350_input *in)
{
	const char *ja = field(in, "team_name_ja"), *en = field(in, "team_name_en");
	const char *s = o->en ? (en ? en : ja) : (ja ? ja : en);
	if (s)
		put_text(o, s);
	else
		put(o, "CSIRT\n");
}

char *rfc2350_markdown(const struct rfc2350_input *in)
{
	struct out o;
	out_init(&o, in);
	put(&o, L(&o, "# CSIRT 記述書（RFC 2350）\n\n", "# CSIRT Description (RFC 2350)\n\n"));
	put_team(&o, in);
	put(&o, "\n");
	for (const struct section *s = sections; s->num; s++)
		put_section(&o, in, s);
	return out_done(&o);
}

static void put_services(struct out *o, const struct rfc2350_input *in)
{
	static const char *const svc[][3] = {
	        {"service_triage", "インシデントのトリアージ", "Incident triage"},
	        {"service_coordination", "インシデントのコーディネーション", "Incident coordination"},
	        {"service_resolution", "インシデントの解決", "Incident resolution"},
	        {"service_proactive", "事前対応型サービス", "Proactive activities"},
	};
	for (size_t i = 0; i < sizeof(svc) / sizeof(svc[0]); i++) {
		put(o, "### ");
		put(o, L(o, svc[i][1], svc[i][2]));
		put(o, "\n\n");
		put_field(o, in, svc[i][0]);
		put(o, "\n");
	}
}

static void put_how_to_report(struct out *o, const struct rfc2350_input *in)
{
	static const char *const ways[][3] = {
	        {"email", "電子メール", "Email"},
	        {"telephone", "電話", "Telephone"},
	        {"customer_contact", "受付時間・窓口", "Hours and points of contact"},
	};
	int any = !in->no_public_form;
	if (any) {
		put(o, L(o, "- 報告フォーム: ", "- Report form: "));
		put_url(o, in->report_url);
		put(o, "\n");
	}
	for (size_t i = 0; i < sizeof(ways) / sizeof(ways[0]); i++) {
		const char *s = field(in, ways[i][0]);
		if (!s)
			continue;
		any = 1;
		put(o, "- ");
		put(o, L(o, ways[i][1], ways[i][2]));
		put(o, ": ");
		put_text(o, s);
	}
	if (field(in, "pgp_fingerprint")) {
		put(o, L(o, "- PGP フィンガープリント: ", "- PGP fingerprint: "));
		put_text(o, field(in, "pgp_fingerprint"));
	}
	if (!any)
		put_empty(o);
}

char *rfc2350_announcement(const struct rfc2350_input *in)
{
	struct out o;
	out_init(&o, in);
	put(&o, L(&o, "# CSIRT 設置のお知らせ\n\n", "# Announcing our CSIRT\n\n"));
	put(&o, L(&o, "次のとおり CSIRT を設置し、活動を開始しました。\n\n",
	          "We have set up a CSIRT, which starts its work as follows.\n\n"));
	put_team(&o, in);
	put(&o, L(&o, "\n## ミッションステートメント\n\n", "\n## Mission statement\n\n"));
	put_mission(&o, in);
	put(&o, L(&o, "\n## サービス対象\n\n", "\n## Constituency\n\n"));
	put_constituency(&o, in);
	put(&o, L(&o, "\n## 提供するサービス\n\n", "\n## Services\n\n"));
	put_catalogue(&o, in);
	put_services(&o, in);
	put(&o, L(&o, "## 報告の手段\n\n", "## How to report\n\n"));
	put_how_to_report(&o, in);
	return out_done(&o);
}

char *rfc2350_html_page(const char *lang, const char *title, const char *body_html)
{
	struct buf b;
	int en = lang && strcmp(lang, "en") == 0;
	buf_init(&b, DOC_MAX * 2);
	int rc = buf_printf(&b,
	                    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	                    "<title>%s</title>\n</head>\n<body>\n<main>\n",
	                    en ? "en" : "ja", title);
	rc |= buf_puts(&b, body_html ? body_html : "");
	rc |= buf_puts(&b, "</main>\n</body>\n</html>\n");
	if (rc) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}
