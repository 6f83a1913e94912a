/*
 * HTTP handlers for escalations (issue 5): the rule editor
 * (/api/v1/escalation-rules, admins write, handlers read), the preview of
 * what would fire for an incident, an incident's escalations, a handler's
 * acknowledgement, and the public acknowledgement page behind the one-time
 * link of a notification (/ack/{token}).
 *
 * The page is server-rendered HTML without script under a strict CSP
 * (its only resource is /report.css). Every value reaches it through
 * wf_escape(). The POST carries a form token, HMAC-SHA256 over the link
 * token's hash with a key of this process: a page rendered by an earlier
 * run is shown again with a fresh token rather than acted on.
 */
#include "app/escalation.h"
#include "http/http.h"
#include "http/routes.h"
#include "http/webform.h"
#include "lib/buf.h"
#include "lib/secret.h"

#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_MAX       (64 * 1024) /* the acknowledgement page */
#define FORM_TOKEN_HEX (2 * crypto_auth_hmacsha256_BYTES)

static const char *const no_params[] = {NULL};
static const char *const lang_params[] = {"lang", NULL};
static const char *const channels[] = {"mail", "webhook", NULL};
static const char *const formats[] = {"json", "slack", "teams", NULL};

/* condition and targets are objects, checked by the app layer (core). */
static const struct field_spec rule_create_spec[] = {
        {"name", FT_STRING, 1, 200, 0, 1, NULL},
        {"name_en", FT_STRING, 0, 200, 0, 0, NULL},
        {"enabled", FT_BOOL, 0, 0, 0, 0, NULL},
        {"position", FT_INT, 0, 0, 0, 0, NULL},
        {"level", FT_INT, 0, 0, 0, 1, NULL},
        {"channel", FT_STRING, 1, 20, 0, 0, channels},
        {"webhook_url", FT_STRING, 0, 2000, 0, 0, NULL},
        {"webhook_format", FT_STRING, 1, 20, 0, 0, formats},
        {"subject_ja", FT_STRING, 0, 300, 0, 0, NULL},
        {"subject_en", FT_STRING, 0, 300, 0, 0, NULL},
        {"body_ja", FT_TEXT, 0, 8192, 0, 0, NULL},
        {"body_en", FT_TEXT, 0, 8192, 0, 0, NULL},
        {"ack_minutes", FT_INT, 0, 0, 0, 0, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const struct field_spec preview_spec[] = {
        {"incident_id", FT_ID_OR_KEY, 0, 40, 0, 1, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

/* The body without condition and targets, for http_validate; the app
 * layer checks those two. NULL (rs filled) when they are not objects. */
static json_t *scalar_part(const json_t *in, struct http_resp *rs)
{
	static const char *const objs[] = {"condition", "targets"};
	for (size_t i = 0; i < 2; i++) {
		json_t *v = json_object_get(in, objs[i]);
		if (v && !json_is_object(v)) {
			http_problem_field(rs, 422, "validation", objs[i], "must be a JSON object");
			return NULL;
		}
	}
	json_t *copy = json_copy((json_t *)in);
	json_object_del(copy, "condition");
	json_object_del(copy, "targets");
	return copy;
}

/* Reads and checks a rule body; NULL with rs filled. */
static json_t *rule_body(struct http_req *rq, struct http_resp *rs, int creating)
{
	json_t *in = http_json_body(rq, rs), *scalars;
	if (!in)
		return NULL;
	if (!(scalars = scalar_part(in, rs)) || http_validate(scalars, rule_create_spec, creating, rs) < 0) {
		json_decref(scalars);
		json_decref(in);
		return NULL;
	}
	json_decref(scalars);
	return in;
}

void api_esc_rules_list(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	app_esc_rule_list(&rq->app, &r);
	http_reply(rs, &r, 200);
}

void api_esc_rules_create(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_ADMIN) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = rule_body(rq, rs, 1)))
		return;
	app_result_init(&r);
	int rc = app_esc_rule_create(&rq->app, in, &r);
	json_decref(in);
	if (rc == APP_OK)
		snprintf(rs->location, sizeof(rs->location), "/api/v1/escalation-rules/%" JSON_INTEGER_FORMAT,
		         json_integer_value(json_object_get(r.object, "id")));
	http_reply(rs, &r, 201);
}

void api_esc_rules_get(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || http_path_id(rq, rs, 0, &id) < 0)
		return;
	app_result_init(&r);
	app_esc_rule_get(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}

void api_esc_rules_update(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t id, version;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_ADMIN) < 0 || http_query_check(rq, no_params, rs) < 0 ||
	    http_path_id(rq, rs, 0, &id) < 0)
		return;
	if (!(in = rule_body(rq, rs, 0)))
		return;
	if (http_if_match(rq, rs, &version) < 0) {
		json_decref(in);
		return;
	}
	app_result_init(&r);
	app_esc_rule_update(&rq->app, id, version, in, &r);
	json_decref(in);
	http_reply(rs, &r, 200);
}

void api_esc_rules_delete(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t id;
	if (http_require_role(rq, rs, ROLE_ADMIN) < 0 || http_query_check(rq, no_params, rs) < 0 ||
	    http_path_id(rq, rs, 0, &id) < 0)
		return;
	app_result_init(&r);
	if (app_esc_rule_delete(&rq->app, id, &r) == APP_OK) {
		app_result_free(&r);
		rs->status = 204;
		return;
	}
	http_reply(rs, &r, 204);
}

void api_esc_rules_preview(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	json_t *in;
	char ref[48];
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (http_validate(in, preview_spec, 1, rs) < 0) {
		json_decref(in);
		return;
	}
	json_t *v = json_object_get(in, "incident_id");
	if (json_is_integer(v))
		snprintf(ref, sizeof(ref), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else
		snprintf(ref, sizeof(ref), "%s", json_string_value(v));
	json_decref(in);
	app_result_init(&r);
	app_esc_preview(&rq->app, ref, &r);
	http_reply(rs, &r, 200);
}

void api_incident_escalations(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	app_esc_of_incident(&rq->app, rq->params[0], &r);
	http_reply(rs, &r, 200);
}

void api_escalation_ack(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t id;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0 ||
	    http_path_id(rq, rs, 0, &id) < 0)
		return;
	app_result_init(&r);
	app_esc_ack_user(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}

/* --- the public acknowledgement page ------------------------------------ */

static const char page_csp[] = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; "
                               "frame-ancestors 'none'";

static unsigned char ack_key[crypto_auth_hmacsha256_KEYBYTES];
static pthread_once_t ack_once = PTHREAD_ONCE_INIT;

static void ack_key_init(void)
{
	if (sodium_init() < 0)
		abort(); /* no random key, no page: never act on a forgeable token */
	randombytes_buf(ack_key, sizeof(ack_key));
}

/* The form token of a link token: hex HMAC over the token's hash. */
static void form_token(const char *token, char out[FORM_TOKEN_HEX + 1])
{
	char hash[65];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	pthread_once(&ack_once, ack_key_init);
	secret_sha256_hex(token, strlen(token), hash);
	crypto_auth_hmacsha256(mac, (const unsigned char *)hash, 64, ack_key);
	sodium_bin2hex(out, FORM_TOKEN_HEX + 1, mac, sizeof(mac));
}

enum ack_lang { ACK_JA, ACK_EN };

struct ack_words {
	const char *html_lang, *title, *incident, *level, *state, *button, *done, *already, *by, *invalid, *retry,
	        *other_lang, *other_label, *intro;
	const char *states[4]; /* open, acknowledged, climbed, closed */
};

static const struct ack_words words[2] = {
        [ACK_JA] = {"ja",
                    "エスカレーションの受領確認",
                    "インシデント",
                    "レベル",
                    "状態",
                    "受領を確認する",
                    "受領を確認しました。ありがとうございました。",
                    "このエスカレーションは受領確認済みです。",
                    "確認者",
                    "このリンクは無効です。メールのリンクをそのまま開いてください。",
                    "確認を受け付けられませんでした。もう一度ボタンを押してください。",
                    "en",
                    "English",
                    "連絡を受け取ったことを CSIRT に知らせるため、下のボタンを押してください。確認がないと、"
                    "次のレベルへエスカレーションされます。",
                    {"確認待ち", "確認済み", "上位レベルへエスカレーション済み（確認は引き続き可能）", "終了"}},
        [ACK_EN] = {"en",
                    "Acknowledge an escalation",
                    "Incident",
                    "Level",
                    "State",
                    "Acknowledge",
                    "Acknowledged. Thank you.",
                    "This escalation has already been acknowledged.",
                    "Acknowledged by",
                    "This link is not valid. Open the link from the mail as it is.",
                    "The acknowledgement could not be accepted. Please press the button again.",
                    "ja",
                    "日本語",
                    "Press the button to tell the CSIRT that you received this notification. Without an "
                    "acknowledgement it climbs to the next level.",
                    {"waiting for acknowledgement", "acknowledged",
                     "escalated to the next level (you may still "
                     "acknowledge)",
                     "closed"}},
};

static enum ack_lang page_lang(struct http_req *rq, const char *posted)
{
	const char *q = posted && *posted ? posted : http_query(rq, "lang");
	return q && strcmp(q, "en") == 0 ? ACK_EN : ACK_JA;
}

static const char *state_word(const struct ack_words *w, const char *state)
{
	static const char *const names[4] = {"open", "acknowledged", "climbed", "closed"};
	for (int i = 0; i < 4; i++)
		if (state && strcmp(state, names[i]) == 0)
			return w->states[i];
	return state ? state : "";
}

static int esc(struct buf *b, const char *s)
{
	return wf_escape(b, s ? s : "", s ? strlen(s) : 0);
}

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

enum ack_msg { MSG_NONE, MSG_DONE, MSG_ALREADY, MSG_INVALID, MSG_RETRY };

/* Renders the page into b. info may be NULL (an invalid link). */
static int render(struct buf *b, enum ack_lang lang, const char *token, const json_t *info, enum ack_msg msg)
{
	const struct ack_words *w = &words[lang];
	int rc = 0;
	rc |= buf_printf(b,
	                 "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	                 "<meta name=\"robots\" content=\"noindex\"><title>",
	                 w->html_lang);
	rc |= esc(b, w->title);
	rc |= buf_puts(b, "</title><link rel=\"stylesheet\" href=\"/report.css\"></head><body><main class=\"page\">");
	if (info) {
		rc |= buf_puts(b, "<p class=\"lang\"><a href=\"?lang=");
		rc |= esc(b, w->other_lang);
		rc |= buf_puts(b, "\">");
		rc |= esc(b, w->other_label);
		rc |= buf_puts(b, "</a></p>");
	}
	rc |= buf_puts(b, "<h1>");
	rc |= esc(b, w->title);
	rc |= buf_puts(b, "</h1>");
	const char *m = msg == MSG_DONE      ? w->done
	                : msg == MSG_ALREADY ? w->already
	                : msg == MSG_INVALID ? w->invalid
	                : msg == MSG_RETRY   ? w->retry
	                                     : NULL;
	if (m) {
		rc |= buf_printf(b, "<p class=\"%s\" id=\"message\" data-testid=\"ack-message\">",
		                 msg == MSG_INVALID || msg == MSG_RETRY ? "error" : "notice");
		rc |= esc(b, m);
		rc |= buf_puts(b, "</p>");
	}
	if (!info)
		return rc |= buf_puts(b, "</main></body></html>\n"), rc ? -1 : 0;
	const json_t *ln = json_object_get(info, "level_name");
	char level[16];
	snprintf(level, sizeof(level), "%" JSON_INTEGER_FORMAT " ", json_integer_value(json_object_get(info, "level")));
	rc |= buf_puts(b, "<dl><dt>");
	rc |= esc(b, w->incident);
	rc |= buf_puts(b, "</dt><dd id=\"incident\">");
	rc |= esc(b, jstr(info, "incident_key"));
	rc |= buf_puts(b, "</dd><dt>");
	rc |= esc(b, w->level);
	rc |= buf_puts(b, "</dt><dd id=\"level\">");
	rc |= esc(b, level);
	rc |= esc(b, jstr(ln, lang == ACK_EN ? "en" : "ja"));
	rc |= buf_puts(b, "</dd><dt>");
	rc |= esc(b, w->state);
	rc |= buf_puts(b, "</dt><dd id=\"state\">");
	rc |= esc(b, state_word(w, jstr(info, "state")));
	rc |= buf_puts(b, "</dd>");
	if (jstr(info, "acknowledged_by")[0]) {
		rc |= buf_puts(b, "<dt>");
		rc |= esc(b, w->by);
		rc |= buf_puts(b, "</dt><dd id=\"acknowledged-by\">");
		rc |= esc(b, jstr(info, "acknowledged_by"));
		rc |= buf_puts(b, " (");
		rc |= esc(b, jstr(info, "acknowledged_at"));
		rc |= buf_puts(b, ")</dd>");
	}
	rc |= buf_puts(b, "</dl>");
	const char *state = jstr(info, "state");
	if (strcmp(state, "open") == 0 || strcmp(state, "climbed") == 0) {
		char ft[FORM_TOKEN_HEX + 1];
		form_token(token, ft);
		rc |= buf_puts(b, "<p>");
		rc |= esc(b, w->intro);
		rc |= buf_puts(b, "</p><form method=\"post\" action=\"/ack/");
		rc |= esc(b, token);
		rc |= buf_puts(b, "\"><input type=\"hidden\" name=\"form_token\" value=\"");
		rc |= esc(b, ft);
		rc |= buf_puts(b, "\"><input type=\"hidden\" name=\"lang\" value=\"");
		rc |= esc(b, w->html_lang);
		rc |= buf_puts(b, "\"><button type=\"submit\" id=\"ack-button\">");
		rc |= esc(b, w->button);
		rc |= buf_puts(b, "</button></form>");
	}
	rc |= buf_puts(b, "</main></body></html>\n");
	return rc ? -1 : 0;
}

static void send_page(struct http_resp *rs, int status, enum ack_lang lang, const char *token, const json_t *info,
                      enum ack_msg msg)
{
	struct buf b;
	buf_init(&b, PAGE_MAX);
	if (render(&b, lang, token, info, msg) < 0) {
		buf_free(&b);
		http_problem(rs, 500, "internal", "the page could not be built", NULL);
		return;
	}
	size_t len = b.len;
	char *html = buf_steal(&b);
	if (!html) {
		http_problem(rs, 500, "internal", "the page could not be built", NULL);
		return;
	}
	rs->status = status;
	rs->raw_owned = html;
	rs->raw = html;
	rs->raw_len = len;
	rs->raw_type = "text/html; charset=utf-8";
	rs->csp = page_csp;
}

/* The app error of a token lookup as a page. */
static void error_page(struct http_resp *rs, enum ack_lang lang, struct app_result *r)
{
	if (r->err == APP_NOT_FOUND)
		send_page(rs, 404, lang, "", NULL, MSG_INVALID);
	else
		http_app_error(rs, r);
}

void api_ack_page(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	enum ack_lang lang = page_lang(rq, NULL);
	if (http_query_check(rq, lang_params, rs) < 0)
		return;
	app_result_init(&r);
	if (app_esc_token_info(&rq->app, rq->params[0], &r) != APP_OK)
		error_page(rs, lang, &r);
	else
		send_page(rs, 200, lang, rq->params[0], r.object, MSG_NONE);
	app_result_free(&r);
}

struct ack_form {
	char token[FORM_TOKEN_HEX + 1];
	size_t token_len;
	char lang[4];
	int bad;
};

static enum MHD_Result form_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                 const char *content_type, const char *encoding, const char *data, uint64_t off,
                                 size_t size)
{
	struct ack_form *f = cls;
	(void)kind, (void)filename, (void)content_type, (void)encoding;
	if (strcmp(key, "form_token") == 0) {
		if (off != f->token_len || size > FORM_TOKEN_HEX - f->token_len) {
			f->bad = 1;
			return MHD_YES;
		}
		memcpy(f->token + f->token_len, data, size);
		f->token_len += size;
		f->token[f->token_len] = '\0';
	} else if (strcmp(key, "lang") == 0 && off == 0 && size < sizeof(f->lang)) {
		memcpy(f->lang, data, size);
		f->lang[size] = '\0';
	}
	return MHD_YES;
}

void api_ack_submit(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	struct ack_form f = {0};
	char want[FORM_TOKEN_HEX + 1];
	const char *token = rq->params[0];
	struct MHD_PostProcessor *pp = MHD_create_post_processor(rq->conn, 1024, form_iter, &f);
	if (pp) {
		if (rq->body.len)
			MHD_post_process(pp, rq->body.data, rq->body.len);
		MHD_destroy_post_processor(pp);
	}
	enum ack_lang lang = page_lang(rq, f.lang);
	app_result_init(&r);
	if (app_esc_token_info(&rq->app, token, &r) != APP_OK) {
		error_page(rs, lang, &r);
		app_result_free(&r);
		return;
	}
	form_token(token, want);
	if (!pp || f.bad || f.token_len != FORM_TOKEN_HEX || sodium_memcmp(f.token, want, FORM_TOKEN_HEX) != 0) {
		send_page(rs, 403, lang, token, r.object, MSG_RETRY);
		app_result_free(&r);
		return;
	}
	app_result_free(&r);
	app_result_init(&r);
	if (app_esc_token_ack(&rq->app, token, &r) != APP_OK) {
		error_page(rs, lang, &r);
	} else {
		int already = json_is_true(json_object_get(r.object, "already"));
		send_page(rs, already ? 409 : 200, lang, token, r.object, already ? MSG_ALREADY : MSG_DONE);
	}
	app_result_free(&r);
}

static int matrix_doc(const struct app_ctx *ctx, const char *lang, const void *arg, struct app_result *r)
{
	(void)arg;
	return app_esc_matrix_document(ctx, lang, r) == APP_OK ? 0 : -1;
}

void api_document_escalation_matrix(struct http_req *rq, struct http_resp *rs)
{
	http_document(rq, rs,
	              &(struct http_doc){"escalation-matrix", "エスカレーション・マトリクス", "Escalation matrix",
	                                 "json", matrix_doc, NULL});
}
