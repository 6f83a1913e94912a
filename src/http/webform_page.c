/*
 * The HTML of the public report form (see webform.h): the form, with the
 * reporter's values and a message per field when a submission came back,
 * and the page showing the tracking number. Japanese first, English on the
 * same page layout, chosen per request. When the team does not offer the
 * form, a page in both languages says so and names the point of contact.
 *
 * Output is built in one place with two kinds of writes: put() for
 * literals of this file, and wf_escape() for anything else (form values,
 * the team name, the token). The page needs no JavaScript and no inline
 * style: its CSS is the static file /report.css, so the strict CSP of the
 * response (no inline code at all) holds.
 */
#include "http/webform.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const wf_field_names[WF_COUNT] = {"name", "contact", "department", "what", "when", "device"};

/* The words of the page, [WF_JA] and [WF_EN]. */
struct words {
	const char *title, *poc, *intro, *required, *optional, *submit, *switch_label, *switch_lang, *privacy;
	const char *labels[WF_COUNT];
	const char *hints[WF_COUNT];
	const char *attach_label, *attach_hint, *attach_again, *errors_heading;
	const char *msgs[WFM_BAD_TYPE + 1];
	const char *errs[WFE_TOO_LARGE + 1];
	const char *err_control_multiline, *too_long_fmt;
	/* done page */
	const char *done_title, *done_number, *done_keep, *done_ack, *done_no_ack_mail, *done_no_ack;
	const char *done_next, *done_steps[3], *done_again;
};

static const struct words words[2] = {
        [WF_JA] =
                {
                        .title = "インシデント報告フォーム",
                        .poc = "連絡窓口",
                        .intro = "不審なメール、ウイルス感染の疑い、情報の漏えい、機器の紛失など、情報セキュリティに"
                                 "関わる事象に気づいたら、このフォームで CSIRT に報告してください。確かでなくても"
                                 "かまいません。分かる範囲でご記入ください。",
                        .required = "必須",
                        .optional = "任意",
                        .submit = "報告する",
                        .switch_label = "English",
                        .switch_lang = "en",
                        .privacy = "ご入力の内容は、CSIRT のインシデント対応のためにのみ使用します。",
                        .labels = {"お名前", "連絡先（メールアドレスまたは電話番号）", "部署", "何が起きたか", "いつ",
                                   "影響を受けた機器"},
                        .hints = {"", "確認のご連絡に使います。メールアドレスの場合は受付確認メールをお送りします。",
                                  "例: 経理部、グループ会社名",
                                  "見たこと、行ったこと、画面に出たメッセージなどを具体的に書いてください。"
                                  "URL やメールアドレスはそのまま書いてかまいません。",
                                  "例: 今朝9時頃、5月1日 14:30",
                                  "例: ノートPC（資産番号 PC-1234）、社用スマートフォン"},
                        .attach_label = "添付ファイル",
                        .attach_hint = "スクリーンショット、不審なメール（.eml）など。%d 件まで、合計 %s まで。",
                        .attach_again = "添付ファイルは、もう一度選択してください。",
                        .errors_heading = "入力内容を確認してください",
                        .msgs = {"", "入力内容に誤りがあります。各項目のメッセージを確認してください。",
                                 "フォームの有効期限が切れたか、送信を確認できませんでした（フォームを開いてから 2 "
                                 "時間以内に送信してください）。内容を確認して、もう一度送信してください。",
                                 "送信が多すぎます。約 %d 分待ってから、もう一度送信してください。急ぎの場合は"
                                 "電話で連絡窓口にご連絡ください。",
                                 "添付ファイルが大きすぎます（合計 %s まで）。",
                                 "報告を保存できませんでした。時間を"
                                 "おいて、もう一度送信してください。",
                                 "送信されたデータを読み取れませんでした。このページからもう一度送信してください。"},
                        .errs = {"", "入力してください。", "",
                                 "文字コードが正しくありません（UTF-8 で送信してください）。",
                                 "改行や制御文字は使えません。",
                                 "メールアドレス（例: taro@example.jp）または電話番号を入力してください。",
                                 "この項目が重複して送信されました。", "添付ファイルは %d 件までです。",
                                 "添付ファイルが大きすぎます（合計 %s まで）。"},
                        .err_control_multiline = "制御文字は使えません。",
                        .too_long_fmt = "%zu バイト以内で入力してください（日本語はおよそ %zu 文字）。",
                        .done_title = "報告を受け付けました",
                        .done_number = "受付番号",
                        .done_keep = "この番号を控えてください。お問い合わせの際は、この番号をお伝えください。",
                        .done_ack = "受付確認のメールを、ご入力のメールアドレス宛てにお送りします。",
                        .done_no_ack_mail = "受付確認のメールは送信されません。受付番号を控えてください。",
                        .done_no_ack = "連絡先がメールアドレスではないため、受付確認のメールは送信されません。",
                        .done_next = "このあとの流れ",
                        .done_steps = {"CSIRT の担当者が内容を確認し、対応の要否と優先度を判断します（トリアージ）。",
                                       "詳しい状況の確認が必要な場合は、ご入力の連絡先へ担当者からご連絡します。",
                                       "状況が変わったときや追加の情報があるときは、受付番号を添えて連絡窓口へ"
                                       "ご連絡ください。"},
                        .done_again = "別の報告をする",
                },
        [WF_EN] =
                {
                        .title = "Incident report form",
                        .poc = "point of contact",
                        .intro = "If you notice a security event (a suspicious mail, a possible malware infection, "
                                 "a data leak, a lost device, ...), report it to the CSIRT with this form. You do "
                                 "not need to be sure: write what you know.",
                        .required = "required",
                        .optional = "optional",
                        .submit = "Send report",
                        .switch_label = "日本語",
                        .switch_lang = "ja",
                        .privacy = "What you enter is used only for incident handling by the CSIRT.",
                        .labels = {"Name", "Contact (mail address or phone number)", "Department", "What happened",
                                   "When", "Affected device"},
                        .hints = {"", "We use it to reach you. For a mail address, you get an acknowledgement by mail.",
                                  "e.g. Accounting, or your group company",
                                  "What you saw, what you did, the messages on the screen. URLs and mail addresses "
                                  "may be written as they are.",
                                  "e.g. this morning around 9, 1 May 14:30",
                                  "e.g. laptop (asset PC-1234), company phone"},
                        .attach_label = "Attachments",
                        .attach_hint = "Screenshots, the suspicious mail (.eml), ... Up to %d files, %s in total.",
                        .attach_again = "Please choose the attachments again.",
                        .errors_heading = "Please check your input",
                        .msgs = {"", "Some fields need your attention: see the messages below.",
                                 "The form has expired or the submission could not be verified (send it within 2 "
                                 "hours of opening the form). Check the contents and send it again.",
                                 "Too many submissions. Please wait about %d minutes and send it again. If it is "
                                 "urgent, call the point of contact.",
                                 "The attachments are too large (at most %s in total).",
                                 "The report could not be saved. Please try again later.",
                                 "The submitted data could not be read. Please send it again from this page."},
                        .errs = {"", "This field is required.", "", "Is not valid UTF-8 text.",
                                 "Must not contain line breaks or control characters.",
                                 "Enter a mail address (e.g. taro@example.com) or a phone number.",
                                 "Was sent more than once.", "At most %d files.",
                                 "The attachments are too large (at most %s in total)."},
                        .err_control_multiline = "Must not contain control characters.",
                        .too_long_fmt = "Must be at most %zu bytes (about %zu characters of Japanese).",
                        .done_title = "Your report has been received",
                        .done_number = "Tracking number",
                        .done_keep = "Please keep this number and quote it when you contact us.",
                        .done_ack = "An acknowledgement will be sent to the mail address you entered.",
                        .done_no_ack_mail = "No acknowledgement mail is sent. Please keep the tracking number.",
                        .done_no_ack = "Your contact is not a mail address, so no acknowledgement mail is sent.",
                        .done_next = "What happens next",
                        .done_steps = {"A CSIRT handler reviews your report and decides whether and how urgently "
                                       "it needs handling (triage).",
                                       "If we need more details, a handler contacts you at the contact you entered.",
                                       "If the situation changes or you learn more, contact the point of contact "
                                       "and quote the tracking number."},
                        .done_again = "Send another report",
                },
};

static const int field_max[WF_COUNT] = {200, 200, 200, 20000, 200, 500};

/* A writer over a buf that remembers the first failure, so the page code
 * can write without checking each call. */
struct out {
	struct buf *b;
	int failed;
};

static void put(struct out *o, const char *literal)
{
	if (buf_puts(o->b, literal) < 0)
		o->failed = 1;
}

static void esc(struct out *o, const char *s)
{
	if (s && wf_escape(o->b, s, strlen(s)) < 0)
		o->failed = 1;
}

/* printf for this file's format strings and numbers only; the result is
 * still escaped (the formats are words of the page). */
static void escf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void escf(struct out *o, const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	esc(o, text);
}

int wf_escape(struct buf *b, const char *s, size_t n)
{
	return buf_escape_html(b, s, n);
}

/* "10 MB", "64 KB", "900 bytes" for a size limit shown to the reporter. */
static void size_text(size_t n, char *out, size_t outlen, enum wf_lang lang)
{
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		snprintf(out, outlen, "%zu MB", n / (1024 * 1024));
	else if (n >= 1024 * 1024)
		snprintf(out, outlen, "%.1f MB", (double)n / (1024.0 * 1024.0));
	else if (n >= 1024)
		snprintf(out, outlen, "%zu KB", n / 1024);
	else
		snprintf(out, outlen, lang == WF_JA ? "%zu バイト" : "%zu bytes", n);
}

static void head(struct out *o, enum wf_lang lang, const char *title, const char *team)
{
	const struct words *w = &words[lang];
	put(o, "<!DOCTYPE html>\n<html lang=\"");
	put(o, lang == WF_JA ? "ja" : "en");
	put(o, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<meta name=\"robots\" content=\"noindex\">\n<title>");
	esc(o, title);
	put(o, " - ");
	esc(o, team);
	put(o, "</title>\n<link rel=\"stylesheet\" href=\"/report.css\">\n</head>\n<body>\n<header class=\"site\">\n"
	       "<p class=\"team\">");
	esc(o, team);
	put(o, " ");
	esc(o, w->poc);
	put(o, "</p>\n<nav class=\"lang\"><a data-testid=\"lang-switch\" href=\"/report?lang=");
	put(o, w->switch_lang);
	put(o, "\" hreflang=\"");
	put(o, w->switch_lang);
	put(o, "\" lang=\"");
	put(o, w->switch_lang);
	put(o, "\">");
	esc(o, w->switch_label);
	put(o, "</a></nav>\n</header>\n<main>\n");
}

static void foot(struct out *o, enum wf_lang lang)
{
	put(o, "<p class=\"privacy\">");
	esc(o, words[lang].privacy);
	put(o, "</p>\n</main>\n</body>\n</html>\n");
}

/* The message of one field error, in the page's language. */
static void field_error_text(const struct wf_page *p, int field, enum wf_err e, char *out, size_t outlen)
{
	const struct words *w = &words[p->lang];
	char size[32];
	if (e == WFE_TOO_LONG) {
		size_t max = field >= 0 ? (size_t)field_max[field] : 0;
		snprintf(out, outlen, w->too_long_fmt, max, max / 3);
	} else if (e == WFE_CONTROL && field == WF_WHAT) {
		snprintf(out, outlen, "%s", w->err_control_multiline);
	} else if (e == WFE_TOO_MANY) {
		snprintf(out, outlen, w->errs[e], WF_FILES_MAX);
	} else if (e == WFE_TOO_LARGE) {
		size_text(p->form_max_bytes, size, sizeof(size), p->lang);
		snprintf(out, outlen, w->errs[e], size);
	} else {
		snprintf(out, outlen, "%s", w->errs[e]);
	}
}

/* The banner: the message and, for field errors, a list of links to the
 * fields (so the page names every field that needs attention). */
static void banner(struct out *o, const struct wf_page *p)
{
	const struct words *w = &words[p->lang];
	char size[32], text[512];
	if (p->msg == WFM_NONE)
		return;
	put(o, "<div class=\"alert\" role=\"alert\" data-testid=\"form-message\">\n<p>");
	if (p->msg == WFM_RATE) {
		escf(o, w->msgs[WFM_RATE], p->retry_minutes);
	} else if (p->msg == WFM_TOO_LARGE) {
		size_text(p->form_max_bytes, size, sizeof(size), p->lang);
		escf(o, w->msgs[WFM_TOO_LARGE], size);
	} else {
		esc(o, w->msgs[p->msg]);
	}
	put(o, "</p>\n");
	int any = p->files_error != WFE_NONE;
	for (int i = 0; i < WF_COUNT; i++)
		any |= p->errors[i] != WFE_NONE;
	if (any) {
		put(o, "<ul class=\"summary\">\n");
		for (int i = 0; i < WF_COUNT; i++) {
			if (p->errors[i] == WFE_NONE)
				continue;
			field_error_text(p, i, p->errors[i], text, sizeof(text));
			put(o, "<li><a href=\"#f-");
			put(o, wf_field_names[i]);
			put(o, "\">");
			esc(o, w->labels[i]);
			put(o, "</a>: ");
			esc(o, text);
			put(o, "</li>\n");
		}
		if (p->files_error != WFE_NONE) {
			field_error_text(p, -1, p->files_error, text, sizeof(text));
			put(o, "<li><a href=\"#f-attachment\">");
			esc(o, w->attach_label);
			put(o, "</a>: ");
			esc(o, text);
			put(o, "</li>\n");
		}
		put(o, "</ul>\n");
	}
	put(o, "</div>\n");
}

static const int field_required[WF_COUNT] = {1, 1, 0, 1, 0, 0};
static const char *const field_autocomplete[WF_COUNT] = {"name", "on", "organization-title", NULL, "off", "off"};

/* One labelled field with its hint and its error. */
static void field(struct out *o, const struct wf_page *p, int i)
{
	const struct words *w = &words[p->lang];
	const char *name = wf_field_names[i];
	enum wf_err e = p->errors[i];
	char text[512];
	put(o, e != WFE_NONE ? "<div class=\"field invalid\">\n" : "<div class=\"field\">\n");
	put(o, "<label for=\"f-");
	put(o, name);
	put(o, "\">");
	esc(o, w->labels[i]);
	put(o, field_required[i] ? " <span class=\"req\">" : " <span class=\"opt\">");
	esc(o, field_required[i] ? w->required : w->optional);
	put(o, "</span></label>\n");
	if (i == WF_WHAT) {
		put(o, "<textarea id=\"f-what\" name=\"what\" rows=\"10\"");
	} else {
		put(o, "<input type=\"");
		put(o, i == WF_CONTACT ? "text\" inputmode=\"email" : "text");
		put(o, "\" id=\"f-");
		put(o, name);
		put(o, "\" name=\"");
		put(o, name);
		put(o, "\" autocomplete=\"");
		put(o, field_autocomplete[i]);
		put(o, "\"");
	}
	if (field_required[i])
		put(o, " required");
	put(o, " data-testid=\"field-");
	put(o, name);
	put(o, "\"");
	if (w->hints[i][0] || e != WFE_NONE) {
		put(o, " aria-describedby=\"");
		if (w->hints[i][0]) {
			put(o, "h-");
			put(o, name);
		}
		if (e != WFE_NONE) {
			put(o, w->hints[i][0] ? " e-" : "e-");
			put(o, name);
		}
		put(o, "\"");
	}
	if (e != WFE_NONE)
		put(o, " aria-invalid=\"true\"");
	if (i == WF_WHAT) {
		/* The newline after the tag is dropped by HTML parsers, so a
		 * value starting with one keeps it. */
		put(o, ">\n");
		esc(o, p->values[i]);
		put(o, "</textarea>\n");
	} else {
		put(o, " value=\"");
		esc(o, p->values[i]);
		put(o, "\">\n");
	}
	if (w->hints[i][0]) {
		put(o, "<p class=\"hint\" id=\"h-");
		put(o, name);
		put(o, "\">");
		esc(o, w->hints[i]);
		put(o, "</p>\n");
	}
	if (e != WFE_NONE) {
		field_error_text(p, i, e, text, sizeof(text));
		put(o, "<p class=\"error\" id=\"e-");
		put(o, name);
		put(o, "\" data-testid=\"error-");
		put(o, name);
		put(o, "\">");
		esc(o, text);
		put(o, "</p>\n");
	}
	put(o, "</div>\n");
}

static void attachments(struct out *o, const struct wf_page *p)
{
	const struct words *w = &words[p->lang];
	char size[32], text[512];
	size_text(p->form_max_bytes, size, sizeof(size), p->lang);
	put(o, p->files_error != WFE_NONE ? "<div class=\"field invalid\">\n" : "<div class=\"field\">\n");
	put(o, "<label for=\"f-attachment\">");
	esc(o, w->attach_label);
	put(o, " <span class=\"opt\">");
	esc(o, w->optional);
	put(o, "</span></label>\n<input type=\"file\" id=\"f-attachment\" name=\"attachment\" multiple "
	       "data-testid=\"field-attachment\" aria-describedby=\"h-attachment\">\n<p class=\"hint\" "
	       "id=\"h-attachment\" data-testid=\"attachment-limit\">");
	escf(o, w->attach_hint, WF_FILES_MAX, size);
	if (p->resubmitted) {
		put(o, " ");
		esc(o, w->attach_again);
	}
	put(o, "</p>\n");
	if (p->files_error != WFE_NONE) {
		field_error_text(p, -1, p->files_error, text, sizeof(text));
		put(o, "<p class=\"error\" data-testid=\"error-attachment\">");
		esc(o, text);
		put(o, "</p>\n");
	}
	put(o, "</div>\n");
}

int wf_render_form(struct buf *b, const struct wf_page *p)
{
	const struct words *w = &words[p->lang];
	struct out o = {b, 0};
	buf_reset(b);
	head(&o, p->lang, w->title, p->team);
	put(&o, "<h1>");
	esc(&o, w->title);
	put(&o, "</h1>\n");
	banner(&o, p);
	put(&o, "<p class=\"intro\">");
	esc(&o, w->intro);
	put(&o, "</p>\n<form method=\"post\" action=\"/report\" enctype=\"multipart/form-data\" "
	        "accept-charset=\"UTF-8\" data-testid=\"report-form\">\n"
	        "<input type=\"hidden\" name=\"form_token\" value=\"");
	esc(&o, p->token);
	put(&o, "\">\n<input type=\"hidden\" name=\"lang\" value=\"");
	put(&o, p->lang == WF_JA ? "ja" : "en");
	put(&o, "\">\n");
	for (int i = 0; i < WF_COUNT; i++)
		field(&o, p, i);
	attachments(&o, p);
	put(&o, "<p class=\"actions\"><button type=\"submit\" data-testid=\"submit\">");
	esc(&o, w->submit);
	put(&o, "</button></p>\n</form>\n");
	foot(&o, p->lang);
	return o.failed ? -1 : 0;
}

int wf_render_done(struct buf *b, const struct wf_done *d)
{
	const struct words *w = &words[d->lang];
	struct out o = {b, 0};
	buf_reset(b);
	head(&o, d->lang, w->done_title, d->team);
	put(&o, "<h1>");
	esc(&o, w->done_title);
	put(&o, "</h1>\n<section class=\"done\">\n<p class=\"label\">");
	esc(&o, w->done_number);
	put(&o, "</p>\n<p class=\"tracking\" data-testid=\"tracking-number\">");
	esc(&o, d->tracking_number);
	put(&o, "</p>\n<p>");
	esc(&o, w->done_keep);
	put(&o, "</p>\n<p data-testid=\"ack-note\">");
	if (d->ack_queued)
		esc(&o, w->done_ack);
	else
		esc(&o, strchr(d->contact ? d->contact : "", '@') ? w->done_no_ack_mail : w->done_no_ack);
	put(&o, "</p>\n</section>\n<h2>");
	esc(&o, w->done_next);
	put(&o, "</h2>\n<ol class=\"next\">\n");
	for (size_t i = 0; i < sizeof(w->done_steps) / sizeof(w->done_steps[0]); i++) {
		put(&o, "<li>");
		esc(&o, w->done_steps[i]);
		put(&o, "</li>\n");
	}
	put(&o, "</ol>\n<p><a href=\"/report?lang=");
	put(&o, d->lang == WF_JA ? "ja" : "en");
	put(&o, "\">");
	esc(&o, w->done_again);
	put(&o, "</a></p>\n");
	foot(&o, d->lang);
	return o.failed ? -1 : 0;
}

/* The closed page's words: [0] Japanese, [1] English. */
static const char *const closed_title[2] = {"報告フォームは公開されていません", "This report form is not offered"};
static const char *const closed_text[2] = {
        "この Web 報告フォームは、CSIRT の設定により公開していません。インシデントの報告は、次の連絡窓口へ"
        "お寄せください。",
        "The CSIRT does not offer this web report form. Please report incidents to the point of contact below."};
static const char *const closed_email[2] = {"電子メール: ", "Email: "};
static const char *const closed_phone[2] = {"電話: ", "Telephone: "};
static const char *const closed_none[2] = {"連絡先は CSIRT の記述書（RFC 2350）をご覧ください。",
                                           "See the CSIRT's description (RFC 2350) for how to reach it."};

static void closed_part(struct out *o, const struct wf_closed *c, int en)
{
	put(o, en ? "<section lang=\"en\">\n<h2>" : "<section lang=\"ja\">\n<h2>");
	esc(o, closed_title[en]);
	put(o, "</h2>\n<p>");
	esc(o, closed_text[en]);
	put(o, "</p>\n<ul class=\"poc\">\n");
	if (c->email && *c->email) {
		put(o, "<li>");
		esc(o, closed_email[en]);
		esc(o, c->email);
		put(o, "</li>\n");
	}
	if (c->phone && *c->phone) {
		put(o, "<li>");
		esc(o, closed_phone[en]);
		esc(o, c->phone);
		put(o, "</li>\n");
	}
	if (!(c->email && *c->email) && !(c->phone && *c->phone)) {
		put(o, "<li>");
		esc(o, closed_none[en]);
		put(o, "</li>\n");
	}
	put(o, "</ul>\n</section>\n");
}

int wf_render_closed(struct buf *b, const struct wf_closed *c)
{
	struct out o = {b, 0};
	int first = c->lang == WF_EN;
	buf_reset(b);
	head(&o, c->lang, closed_title[first], c->team);
	put(&o, "<h1 data-testid=\"form-closed\">");
	esc(&o, closed_title[first]);
	put(&o, "</h1>\n");
	closed_part(&o, c, first);
	closed_part(&o, c, !first);
	put(&o, "</main>\n</body>\n</html>\n");
	return o.failed ? -1 : 0;
}
