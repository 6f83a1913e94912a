/*
 * The HTTP layer's request and response, and the helpers every resource
 * handler uses: one function for problem responses, the JSON body reader
 * (size, media type, UTF-8, depth, duplicate keys), the field validator
 * (unknown fields, types, lengths), query parameters and ETags.
 *
 * A handler is `void h(struct http_req *rq, struct http_resp *rs)`: it reads
 * rq, calls the app layer, and fills rs (a JSON body or a problem). It never
 * writes to the socket and never contains SQL.
 */
#ifndef HIKESHI_HTTP_H
#define HIKESHI_HTTP_H

#include "app/actor.h"
#include "app/app.h"
#include "lib/buf.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;
struct server;

#define HTTP_BODY_MAX       (1024 * 1024)      /* request bodies; more answers 413 */
#define HTTP_MAIL_MAX       (32 * 1024 * 1024) /* POST /api/v1/mail (one raw message) */
#define HTTP_ALERTS_MAX     (16 * 1024 * 1024) /* POST /api/v1/alerts (a batch) */
#define HTTP_JSON_DEPTH_MAX 32                 /* nesting; more answers 400 too-deep */
#define HTTP_MAX_PARAMS     4                  /* path parameters per route */

enum http_method { M_GET, M_POST, M_PUT, M_PATCH, M_DELETE, M_HEAD, M_OTHER };

struct http_req {
	struct server *srv;
	struct MHD_Connection *conn;
	enum http_method method;
	const char *method_name;
	const char *path;              /* decoded path, without the query */
	char *params[HTTP_MAX_PARAMS]; /* path parameters ({id}), owned */
	size_t nparams;
	struct buf body;
	size_t body_max; /* this route's limit (http_body_max) */
	int big_upload;  /* holds one of the large-upload slots (server.c) */
	int body_too_large;
	int answered; /* a response was queued early (413) */
	char client_ip[64];
	int authenticated;
	int via_cookie; /* cookie session (CSRF applies) */
	int64_t session_id;
	int64_t session_expires; /* unix seconds, cookie sessions */
	struct actor actor;      /* valid when authenticated */
	struct app_ctx app;      /* db, cfg, &actor */
};

struct http_resp {
	int status;
	json_t *body;  /* owned; NULL for 204 */
	int problem;   /* body is application/problem+json */
	char etag[40]; /* without quotes; "" = none */
	char location[256];
	char retry_after[16];
	char *set_cookie; /* owned */
	const char *raw;  /* static raw body (e.g. the OpenAPI document) */
	size_t raw_len;
	const char *raw_type;
	char *raw_owned;   /* raw body to free() after sending (a file read from disk) */
	char *disposition; /* owned Content-Disposition value (downloads), or NULL */
	const char *csp;   /* Content-Security-Policy override (UI pages) */
	char allow[64];    /* for 405 */

	const char *cache_control; /* Cache-Control of a 200/304 (static string), or NULL: the default */
};

typedef void (*http_handler)(struct http_req *rq, struct http_resp *rs);

/* --- responses ----------------------------------------------------------- */

/* THE error function: sets status and an application/problem+json body
 * {type, title, status, detail, errors}. errors (stolen, may be NULL) is an
 * array of {"field","message"}. slug is the last part of the type URI. */
void http_problem(struct http_resp *rs, int status, const char *slug, const char *detail, json_t *errors);
/* Problem with one field error. */
void http_problem_field(struct http_resp *rs, int status, const char *slug, const char *field, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));
/* Translates an app_result's error into a problem response. */
void http_app_error(struct http_resp *rs, struct app_result *r);
/* A JSON body (stolen) with a status. */
void http_json(struct http_resp *rs, int status, json_t *body);
/* Answers with an app result and frees it: its object with status (and an
 * ETag when the object has a version), or its error as a problem. */
void http_reply(struct http_resp *rs, struct app_result *r, int status);
/* The same for a list: field errors from the app layer concern the query
 * parameters, so they answer 400 invalid-parameter instead of 422. */
void http_reply_list(struct http_resp *rs, struct app_result *r);
/* Sets ETag from an object's "version" member. */
void http_etag_from(struct http_resp *rs, const json_t *obj);

/* --- requests ------------------------------------------------------------ */

/* Parses the body as a JSON object. On failure fills rs (415, 413, 400
 * invalid-json / invalid-utf8 / too-deep) and returns NULL. New reference. */
json_t *http_json_body(struct http_req *rq, struct http_resp *rs);

enum field_type {
	FT_STRING, /* one line of text */
	FT_TEXT,   /* multi-line text */
	FT_INT,    /* any integer */
	FT_ID,     /* positive integer (a reference) */
	FT_BOOL,
	FT_TIME,      /* RFC 3339 string */
	FT_ID_ARRAY,  /* array of positive integers */
	FT_ID_OR_KEY, /* positive integer or a key string like INC-2026-00001 */
};

struct field_spec {
	const char *name;
	enum field_type type;
	size_t min_len, max_len;   /* for strings (bytes) */
	int nullable;              /* null accepted */
	int required;              /* on create */
	const char *const *one_of; /* strings: allowed values (NULL-terminated), or NULL */
};

/* Allowed values for common enumerations, for field_spec.one_of. */
extern const char *const http_enum_level[]; /* low, medium, high */
extern const char *const http_enum_tlp[];   /* CLEAR ... RED, also TLP: prefixed */
extern const char *const http_enum_pap[];
extern const char *const http_enum_status[]; /* incident statuses */
extern const char *const http_enum_resolution[];
extern const char *const http_enum_role[];
extern const char *const http_enum_lang[];

/* Checks obj against the spec (terminated by a NULL name): unknown fields →
 * 400 unknown-field; wrong types, lengths, bad times, missing required fields
 * (when creating) → 422 validation listing every bad field. 0 when valid;
 * -1 with rs filled. */
int http_validate(const json_t *obj, const struct field_spec *spec, int creating, struct http_resp *rs);

/* Query parameters: 0 when every parameter's name is in allowed (NULL-
 * terminated); otherwise a 400 unknown-field problem. */
int http_query_check(struct http_req *rq, const char *const *allowed, struct http_resp *rs);
/* Path parameter i as a positive integer id; 0, or -1 with a 404. */
int http_path_id(struct http_req *rq, struct http_resp *rs, size_t i, int64_t *id);
/* A decoded query parameter or NULL. */
const char *http_query(struct http_req *rq, const char *name);
/* A request header or NULL. */
const char *http_header(struct http_req *rq, const char *name);
/* Parses If-Match ("3", "\"3\"", W/"3"). 0 ok; -1 fills rs with 428. */
int http_if_match(struct http_req *rq, struct http_resp *rs, int64_t *version);
/* Parses limit (1..200, default 50) and cursor; -1 fills rs. */
int http_page_params(struct http_req *rq, struct http_resp *rs, int *limit, const char **cursor);

/* The body limit of a request: HTTP_BODY_MAX, larger for mail, alert
 * batches and the web form (its attachments, [intake] form_max_bytes). */
struct config;
size_t http_body_max(const struct config *cfg, enum http_method m, const char *path);

/* --- roles --------------------------------------------------------------- */

/* 0 when the caller has at least this role; otherwise 403 and -1. */
int http_require_role(struct http_req *rq, struct http_resp *rs, enum role min);

/* --- whole handlers of the simplest shapes ------------------------------- */

typedef int (*http_app_fn)(const struct app_ctx *ctx, struct app_result *r);
typedef int (*http_app_id_fn)(const struct app_ctx *ctx, int64_t id, struct app_result *r);
/* A handler that takes no query parameters: callers of at least role min
 * get fn's result (status on success, its problem otherwise). */
void http_call(struct http_req *rq, struct http_resp *rs, enum role min, http_app_fn fn, int status);
/* The same for the object named by the path's {id} (404 when it is not a
 * positive integer). */
void http_call_id(struct http_req *rq, struct http_resp *rs, enum role min, http_app_id_fn fn, int status);
/* The body is {member: {...}} and nothing else: 0, or -1 with rs filled
 * (400 unknown-field naming the extra member, 422 naming member with
 * "is required: " what). */
int http_body_only_object(const json_t *in, const char *member, const char *what, struct http_resp *rs);

/* A generated document (/api/v1/documents/..., an evaluation report):
 * lang=ja|en and format=json|md|html|pdf (absent: default_format). build
 * fills r->object with {lang, markdown, html} or fails; json answers that
 * object, md the Markdown as text/markdown, html a complete page (title_ja
 * / title_en, our own fixed strings) under a strict CSP, pdf the document
 * laid out by the report renderer (app/docpdf.h) under the TLP label tlp
 * ("CLEAR" for a document meant for the public; NULL: "AMBER"). Every
 * format but json carries an inline Content-Disposition
 * "<name>-<lang>.<ext>" (pdf: with the title as its UTF-8 filename*). */
struct http_doc {
	const char *name;
	const char *title_ja, *title_en;
	const char *default_format;
	int (*build)(const struct app_ctx *ctx, const char *lang, const void *arg, struct app_result *r);
	const void *arg;
	const char *tlp;
};
void http_document(struct http_req *rq, struct http_resp *rs, const struct http_doc *d);

/* A Content-Disposition value (RFC 6266) "inline; filename=\"<ascii>\";
 * filename*=UTF-8''<utf8, percent-encoded (RFC 5987)>": ascii is our own
 * name (bytes outside [A-Za-z0-9._-] become '_'), utf8 may hold anything.
 * New string, or NULL on out-of-memory. */
char *http_disposition(const char *ascii, const char *utf8);

/* Answers d as application/pdf (200, inline, named by http_disposition),
 * or the app's error as a problem. */
struct app_pdf_doc;
void http_pdf(struct http_req *rq, struct http_resp *rs, const struct app_pdf_doc *d, const char *ascii,
              const char *utf8);

#endif
