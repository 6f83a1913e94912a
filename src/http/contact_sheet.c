/*
 * The printable contact sheet (see contact_sheet.h). Literals of this file
 * go out through put(); everything else through esc(), which is wf_escape()
 * (the HTML escaper of the web form). Entries are sorted into their groups
 * with qsort over pointers into the borrowed item array.
 */
#include "http/contact_sheet.h"

#include "app/contact.h"
#include "http/webform.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sheet {
	struct buf *b;
	int en;
	int rc; /* sticky: -1 once an append failed */
};

static void put(struct sheet *s, const char *lit)
{
	s->rc |= buf_puts(s->b, lit);
}

static void esc(struct sheet *s, const char *v)
{
	if (v)
		s->rc |= wf_escape(s->b, v, strlen(v));
}

static const char *str(const json_t *o, const char *name)
{
	const char *v = json_string_value(json_object_get(o, name));
	return v ? v : "";
}

/* The label of a code in list (ja or en), or the code itself. */
static const char *label(const struct app_contact_code *list, const char *code, int en)
{
	for (; list->code; list++)
		if (strcmp(list->code, code) == 0)
			return en ? list->en : list->ja;
	return code;
}

static int code_rank(const struct app_contact_code *list, const char *code)
{
	int i = 0;
	for (; list[i].code; i++)
		if (strcmp(list[i].code, code) == 0)
			return i;
	return i;
}

/* An internal entry's unit: org unit, else organisation, else "". */
static const char *unit_of(const json_t *o, int en)
{
	const char *u = str(o, en ? "org_unit_name_en" : "org_unit_name");
	if (!u[0])
		u = str(o, "org_unit_name");
	return u[0] ? u : str(o, "organization");
}

/* qsort has no context argument: the language of the sort, per thread. */
static _Thread_local int sort_en_tls;

static int cmp_internal(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	int c = strcmp(unit_of(x, sort_en_tls), unit_of(y, sort_en_tls));
	if (c)
		return c;
	c = code_rank(app_contact_roles, str(x, "role")) - code_rank(app_contact_roles, str(y, "role"));
	return c ? c : strcmp(str(x, "name"), str(y, "name"));
}

static int cmp_external(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	int c = code_rank(app_contact_org_types, str(x, "org_type")) -
	        code_rank(app_contact_org_types, str(y, "org_type"));
	if (c)
		return c;
	c = strcmp(str(x, "organization"), str(y, "organization"));
	return c ? c : strcmp(str(x, "name"), str(y, "name"));
}

/* The cells shared by both tables: name (with on-call and stale marks),
 * phone, mobile, e-mail. */
static void person_cells(struct sheet *s, const json_t *o)
{
	put(s, "<td class=\"name\">");
	esc(s, str(o, "name"));
	if (str(o, "name_en")[0] && s->en) {
		put(s, "<br><span class=\"sub\">");
		esc(s, str(o, "name_en"));
		put(s, "</span>");
	}
	if (json_is_true(json_object_get(o, "on_call")))
		put(s, s->en ? " <span class=\"oncall\">On call</span>" : " <span class=\"oncall\">当番</span>");
	if (json_is_true(json_object_get(o, "stale")))
		put(s, s->en ? " <span class=\"stale\">Review due</span>" : " <span class=\"stale\">要見直し</span>");
	if (str(o, "rota")[0]) {
		put(s, "<br><span class=\"sub\">");
		esc(s, str(o, "rota"));
		put(s, "</span>");
	}
	put(s, "</td><td class=\"tel\">");
	esc(s, str(o, "phone"));
	put(s, "</td><td class=\"tel\">");
	esc(s, str(o, "mobile"));
	put(s, "</td><td class=\"mail\">");
	esc(s, str(o, "email"));
	put(s, "</td>");
}

static void internal_section(struct sheet *s, const json_t **v, size_t n)
{
	put(s, s->en ? "<h2>Internal contacts</h2>\n" : "<h2>社内連絡先</h2>\n");
	if (!n)
		put(s, s->en ? "<p class=\"none\">None.</p>\n" : "<p class=\"none\">登録なし</p>\n");
	for (size_t i = 0; i < n;) {
		const char *unit = unit_of(v[i], s->en);
		put(s, "<section class=\"group\"><h3>");
		esc(s, unit[0] ? unit : (s->en ? "(no department)" : "（部署未設定）"));
		put(s, s->en ? "</h3>\n<table><thead><tr><th>Role</th><th>Name</th><th>Phone</th><th>Mobile</th>"
		               "<th>E-mail</th><th>Title</th></tr></thead><tbody>\n"
		             : "</h3>\n<table><thead><tr><th>役割</th><th>氏名</th><th>電話</th><th>携帯</th>"
		               "<th>メール</th><th>役職</th></tr></thead><tbody>\n");
		for (; i < n && strcmp(unit_of(v[i], s->en), unit) == 0; i++) {
			put(s, json_is_true(json_object_get(v[i], "on_call")) ? "<tr class=\"on\"><td>" : "<tr><td>");
			esc(s, label(app_contact_roles, str(v[i], "role"), s->en));
			put(s, "</td>");
			person_cells(s, v[i]);
			put(s, "<td>");
			esc(s, str(v[i], "title"));
			put(s, "</td></tr>\n");
		}
		put(s, "</tbody></table></section>\n");
	}
}

static void external_section(struct sheet *s, const json_t **v, size_t n)
{
	put(s, s->en ? "<h2>External bodies</h2>\n" : "<h2>外部連絡先</h2>\n");
	if (!n)
		put(s, s->en ? "<p class=\"none\">None.</p>\n" : "<p class=\"none\">登録なし</p>\n");
	for (size_t i = 0; i < n;) {
		const char *type = str(v[i], "org_type");
		put(s, "<section class=\"group\"><h3>");
		esc(s, type[0] ? label(app_contact_org_types, type, s->en) : (s->en ? "Other" : "その他"));
		put(s, s->en ? "</h3>\n<table><thead><tr><th>Organisation</th><th>Contact</th><th>Phone</th>"
		               "<th>Mobile</th><th>E-mail</th><th>PGP fingerprint</th></tr></thead><tbody>\n"
		             : "</h3>\n<table><thead><tr><th>組織</th><th>窓口・担当</th><th>電話</th><th>携帯</th>"
		               "<th>メール</th><th>PGP フィンガープリント</th></tr></thead><tbody>\n");
		for (; i < n && strcmp(str(v[i], "org_type"), type) == 0; i++) {
			put(s, "<tr><td>");
			esc(s, str(v[i], "organization"));
			put(s, "</td>");
			person_cells(s, v[i]);
			put(s, "<td class=\"fp\">");
			esc(s, str(v[i], "pgp_fingerprint"));
			put(s, "</td></tr>\n");
		}
		put(s, "</tbody></table></section>\n");
	}
}

int contact_sheet_render(struct buf *b, const json_t *items, int en, const char *team, int64_t now,
                         int utc_offset_minutes)
{
	struct sheet s = {b, en, 0};
	size_t n = json_array_size(items), ni = 0, ne = 0;
	const json_t **in = calloc(n ? n : 1, sizeof(*in)), **ex = calloc(n ? n : 1, sizeof(*ex));
	if (!in || !ex) {
		free(in);
		free(ex);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(items, i);
		if (strcmp(str(o, "kind"), "external") == 0)
			ex[ne++] = o;
		else
			in[ni++] = o;
	}
	sort_en_tls = en;
	qsort(in, ni, sizeof(*in), cmp_internal);
	qsort(ex, ne, sizeof(*ex), cmp_external);
	time_t t = (time_t)(now + (int64_t)utc_offset_minutes * 60);
	struct tm tm;
	char day[32];
	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d %H:%M", &tm);
	put(&s, en ? "<!doctype html>\n<html lang=\"en\">\n" : "<!doctype html>\n<html lang=\"ja\">\n");
	put(&s, "<head>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" content=\"noindex\">\n<title>");
	put(&s, en ? "Contact network" : "連絡体制図（緊急連絡網）");
	if (team && team[0]) {
		put(&s, " — ");
		esc(&s, team);
	}
	put(&s, "</title>\n<link rel=\"stylesheet\" href=\"/contacts-print.css\">\n</head>\n<body class=\"sheet\">\n"
	        "<header><h1>");
	put(&s, en ? "Contact network" : "連絡体制図（緊急連絡網）");
	put(&s, "</h1><p class=\"meta\">");
	if (team && team[0]) {
		esc(&s, team);
		put(&s, " · ");
	}
	put(&s, en ? "printed " : "印刷日時 ");
	esc(&s, day);
	put(&s, en ? " · <strong>Confidential: internal use only (personal phone numbers)</strong>"
	           : " · <strong>社外秘・取扱注意（個人の電話番号を含みます）</strong>");
	put(&s, "</p><p class=\"legend\">");
	put(&s, en ? "<span class=\"oncall\">On call</span> on-call member · <span class=\"stale\">Review due</span> "
	             "entry overdue for review"
	           : "<span class=\"oncall\">当番</span> 当番・オンコール ・ <span class=\"stale\">要見直し</span> "
	             "見直し期限切れの項目");
	put(&s, "</p></header>\n<main>\n");
	internal_section(&s, in, ni);
	external_section(&s, ex, ne);
	put(&s, "</main>\n</body>\n</html>\n");
	free(in);
	free(ex);
	return s.rc ? -1 : 0;
}
