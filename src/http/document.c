/*
 * The generated documents over HTTP (see http_document in http.h): one
 * handler body for every document built as Markdown (the RFC 2350
 * description, the announcement, the service catalogue, the escalation
 * matrix, the evaluation report), answering the JSON object, the Markdown,
 * a complete HTML page under a strict CSP, or a PDF; and the PDF answer and
 * the Content-Disposition that the build deliverables share.
 */
#include "app/docpdf.h"
#include "core/rfc2350.h"
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOCUMENT_CSP "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

static const char *const doc_params[] = {"lang", "format", NULL};

/* lang and format from the query (lang defaults to ja; format json, md,
 * html or pdf, absent = def); 0, or -1 with a 400. */
static int doc_query(struct http_req *rq, struct http_resp *rs, const char **lang, const char **format, const char *def)
{
	static const char *const formats[] = {"json", "md", "html", "pdf", NULL};
	const char *l = http_query(rq, "lang"), *f = http_query(rq, "format");
	size_t i = 0;
	if (http_query_check(rq, doc_params, rs) < 0)
		return -1;
	if (l && strcmp(l, "ja") != 0 && strcmp(l, "en") != 0) {
		http_problem_field(rs, 400, "invalid-parameter", "lang", "must be ja or en");
		return -1;
	}
	while (f && formats[i] && strcmp(formats[i], f) != 0)
		i++;
	if (f && !formats[i]) {
		http_problem_field(rs, 400, "invalid-parameter", "format", "must be json, md, html or pdf");
		return -1;
	}
	*lang = l ? l : "ja";
	*format = f ? f : def;
	return 0;
}

/* The attr-char of RFC 5987 that need no percent-encoding. */
static int attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c);
}

char *http_disposition(const char *ascii, const char *utf8)
{
	size_t na = strlen(ascii), nu = strlen(utf8);
	char *a = malloc(na + 1), *pct = malloc(3 * nu + 1), *out = NULL;
	if (a && pct) {
		size_t k = 0;
		for (size_t i = 0; i < na; i++) {
			unsigned char c = (unsigned char)ascii[i];
			int safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			           c == '.' || c == '-' || c == '_';
			a[i] = safe ? (char)c : '_';
		}
		a[na] = '\0';
		for (size_t i = 0; i < nu; i++) {
			unsigned char c = (unsigned char)utf8[i];
			if (c && attr_char(c))
				pct[k++] = (char)c;
			else
				k += (size_t)snprintf(pct + k, 4, "%%%02X", c);
		}
		pct[k] = '\0';
		if (asprintf(&out, "inline; filename=\"%s\"; filename*=UTF-8''%s", a, pct) < 0)
			out = NULL;
	}
	free(a);
	free(pct);
	return out;
}

void http_pdf(struct http_req *rq, struct http_resp *rs, const struct app_pdf_doc *d, const char *ascii,
              const char *utf8)
{
	struct app_result r;
	char *pdf = NULL;
	size_t len = 0;
	app_result_init(&r);
	if (app_document_pdf(&rq->app, d, &pdf, &len, &r) < 0) {
		http_app_error(rs, &r);
		app_result_free(&r);
		return;
	}
	app_result_free(&r);
	rs->status = 200;
	rs->raw_owned = pdf;
	rs->raw = pdf;
	rs->raw_len = len;
	rs->raw_type = "application/pdf";
	rs->disposition = http_disposition(ascii, utf8);
}

/* format=pdf: the document's Markdown as a PDF named "<name>-<lang>.pdf",
 * with its title as the UTF-8 name. Takes r. */
static void document_pdf(struct http_req *rq, struct http_resp *rs, const struct http_doc *d, const char *lang,
                         struct app_result *r)
{
	enum tlp tlp = TLP_AMBER;
	char ascii[96], utf8[256];
	const char *title = strcmp(lang, "en") == 0 ? d->title_en : d->title_ja;
	if (d->tlp && tlp_parse(d->tlp, &tlp) < 0)
		tlp = TLP_AMBER;
	struct app_pdf_doc pd = {json_string_value(json_object_get(r->object, "markdown")), title, NULL, lang, tlp};
	snprintf(ascii, sizeof(ascii), "%s-%s.pdf", d->name, lang);
	snprintf(utf8, sizeof(utf8), "%s-%s.pdf", title, lang);
	http_pdf(rq, rs, &pd, ascii, utf8);
	app_result_free(r);
}

void http_document(struct http_req *rq, struct http_resp *rs, const struct http_doc *d)
{
	struct app_result r;
	const char *lang, *format;
	char disp[128];
	if (doc_query(rq, rs, &lang, &format, d->default_format) < 0)
		return;
	app_result_init(&r);
	if (d->build(&rq->app, lang, d->arg, &r) < 0 || strcmp(format, "json") == 0) {
		http_reply(rs, &r, 200);
		return;
	}
	if (strcmp(format, "pdf") == 0) {
		document_pdf(rq, rs, d, lang, &r);
		return;
	}
	int html = strcmp(format, "html") == 0;
	char *body = html ? rfc2350_html_page(lang, strcmp(lang, "en") == 0 ? d->title_en : d->title_ja,
	                                      json_string_value(json_object_get(r.object, "html")))
	                  : strdup(json_string_value(json_object_get(r.object, "markdown")));
	app_result_free(&r);
	if (!body) {
		http_problem(rs, 500, "internal", "the document could not be built", NULL);
		return;
	}
	snprintf(disp, sizeof(disp), "inline; filename=\"%s-%s.%s\"", d->name, lang, html ? "html" : "md");
	rs->status = 200;
	rs->raw_owned = body;
	rs->raw = body;
	rs->raw_len = strlen(body);
	rs->raw_type = html ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8";
	rs->disposition = strdup(disp);
	if (html)
		rs->csp = DOCUMENT_CSP;
}
