/*
 * The public report form, /report (no login): employees and outsiders
 * report an event to the CSIRT's point of contact (連絡窓口). GET shows the
 * form (webform_page.c renders it); POST checks the form token, parses the
 * body (multipart/form-data or application/x-www-form-urlencoded, through
 * libmicrohttpd's post processor over the buffered body), validates every
 * field, applies the per-address rate limit and hands the submission to
 * app_intake_form(), which stores it durably before the tracking number is
 * shown.
 *
 * The form token (CSRF protection for a form without a session): GET sets
 * a random cookie hikeshi_form (HttpOnly, SameSite=Strict, Path=/report)
 * and embeds token = ts "." hex(HMAC-SHA256(key, cookie "." ts)). A POST is
 * accepted when the MAC matches the cookie it came with and ts is at most
 * two hours old. Another site can neither read the token nor make the
 * browser send the cookie. The key is random per process, or taken from
 * $HIKESHI_FORM_KEY (64 hex digits) when several servers must accept each
 * other's forms (and for tests of expiry).
 *
 * A submission that comes back (invalid, expired token, rate limited) shows
 * the form again with the reporter's values, escaped, so nothing typed is
 * lost; it still needs the reporter to press the button again on our page
 * with a fresh token.
 */
#include "http/routes.h"
#include "http/webform.h"

#include "app/intake.h"
#include "core/validate.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "lib/config.h"
#include "lib/log.h"
#include "lib/timeutil.h"

#include <inttypes.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COOKIE_NAME      "hikeshi_form"
#define COOKIE_HEX       64          /* 32 random bytes */
#define TOKEN_MAX        96          /* "ts.mac": 20 + 1 + 64 digits, with room */
#define TOKEN_TTL        (2 * 3600)  /* a form may be filled in for two hours */
#define TOKEN_SKEW       60          /* tolerated clock step backwards */
#define PAGE_MAX         (1 << 20)   /* largest page: 20 kB of text escaped, words */
#define PP_BUFFER        (16 * 1024) /* post processor: longest part header line */
#define FILENAME_MAX_    240         /* bytes of a stored file name */
#define DECLARED_MAX     127         /* bytes of a declared content type */
#define RATE_WINDOW      3600        /* form_per_hour is per hour */
#define RATE_SLOTS       4096        /* client addresses tracked */
#define FILE_MAX_DEFAULT (10 * 1024 * 1024)

static const size_t field_max[WF_COUNT] = {200, 200, 200, 20000, 200, 500};
static const int field_multiline[WF_COUNT] = {0, 0, 0, 1, 0, 0};
static const int field_required[WF_COUNT] = {1, 1, 0, 1, 0, 0};

/* Strict: the page loads its own stylesheet and nothing else, runs no
 * script, posts only to this origin and cannot be framed. */
static const char form_csp[] = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "base-uri 'none'; frame-ancestors 'none'";

/* --- process-wide state: the token key and the rate limiter ------------- */

static unsigned char form_key[crypto_auth_hmacsha256_KEYBYTES];
static struct ratelimit *form_limit;
static pthread_once_t form_once = PTHREAD_ONCE_INIT;

static void form_init(void)
{
	const char *env = getenv("HIKESHI_FORM_KEY");
	size_t n = 0;
	if (sodium_init() < 0)
		log_error("webform: libsodium could not be initialised");
	if (env && strlen(env) == 2 * sizeof(form_key) &&
	    sodium_hex2bin(form_key, sizeof(form_key), env, strlen(env), NULL, &n, NULL) == 0 &&
	    n == sizeof(form_key)) {
		log_info("webform: form token key from $HIKESHI_FORM_KEY");
	} else {
		if (env)
			log_warn("webform: $HIKESHI_FORM_KEY is not 64 hex digits; using a random key");
		randombytes_buf(form_key, sizeof(form_key));
	}
	form_limit = ratelimit_new(RATE_SLOTS);
}

/* hex MAC of cookie "." ts into out (65 bytes). */
static void token_mac(const char *cookie, int64_t ts, char out[2 * crypto_auth_hmacsha256_BYTES + 1])
{
	char msg[COOKIE_HEX + 32];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	int n = snprintf(msg, sizeof(msg), "%s.%" PRId64, cookie, ts);
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)n, form_key);
	sodium_bin2hex(out, 2 * sizeof(mac) + 1, mac, sizeof(mac));
}

static int cookie_ok(const char *v)
{
	if (!v || strlen(v) != COOKIE_HEX)
		return 0;
	for (const char *p = v; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

enum token_check { TOKEN_OK, TOKEN_MISSING, TOKEN_BAD, TOKEN_EXPIRED };

/* Checks a posted token against the request's cookie. */
static enum token_check token_verify(const char *cookie, const char *token, int64_t now)
{
	if (!cookie_ok(cookie) || !token || !token[0])
		return TOKEN_MISSING;
	const char *dot = strchr(token, '.');
	if (!dot || dot == token || dot - token > 18 || strlen(dot + 1) != 2 * crypto_auth_hmacsha256_BYTES)
		return TOKEN_BAD;
	int64_t ts = 0;
	for (const char *p = token; p < dot; p++) {
		if (*p < '0' || *p > '9')
			return TOKEN_BAD;
		ts = ts * 10 + (*p - '0');
	}
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	size_t n = 0;
	if (sodium_hex2bin(mac, sizeof(mac), dot + 1, strlen(dot + 1), NULL, &n, NULL) < 0 || n != sizeof(mac))
		return TOKEN_BAD;
	char msg[COOKIE_HEX + 32];
	int len = snprintf(msg, sizeof(msg), "%s.%" PRId64, cookie, ts);
	if (crypto_auth_hmacsha256_verify(mac, (const unsigned char *)msg, (unsigned long long)len, form_key) != 0)
		return TOKEN_BAD;
	if (ts > now + TOKEN_SKEW || now - ts > TOKEN_TTL)
		return TOKEN_EXPIRED;
	return TOKEN_OK;
}

/* The request's form cookie when well-formed, else a new one (and a
 * Set-Cookie for it in rs). cookie receives COOKIE_HEX + 1 bytes. */
static int form_cookie(struct http_req *rq, struct http_resp *rs, char cookie[COOKIE_HEX + 1])
{
	const char *v = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, COOKIE_NAME);
	if (cookie_ok(v)) {
		memcpy(cookie, v, COOKIE_HEX + 1);
		return 0;
	}
	unsigned char rnd[COOKIE_HEX / 2];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(cookie, COOKIE_HEX + 1, rnd, sizeof(rnd));
	char line[COOKIE_HEX + 128];
	snprintf(line, sizeof(line), COOKIE_NAME "=%s; Path=/report; HttpOnly; SameSite=Strict%s", cookie,
	         rq->srv->cfg->secure_cookies ? "; Secure" : "");
	free(rs->set_cookie);
	rs->set_cookie = strdup(line);
	return rs->set_cookie ? 0 : -1;
}

/* --- language ------------------------------------------------------------ */

/* ?lang= wins, then the form's hidden lang, then the first of ja / en in
 * Accept-Language (browsers list languages by preference); Japanese by
 * default. */
static enum wf_lang pick_lang(struct http_req *rq, const char *posted)
{
	const char *q = http_query(rq, "lang");
	if (q && (strcmp(q, "ja") == 0 || strcmp(q, "en") == 0))
		return q[0] == 'e' ? WF_EN : WF_JA;
	if (posted && (strcmp(posted, "ja") == 0 || strcmp(posted, "en") == 0))
		return posted[0] == 'e' ? WF_EN : WF_JA;
	const char *al = http_header(rq, "Accept-Language");
	for (const char *p = al; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, ",");
		size_t tag = strcspn(p, ";,");
		int q0 = memmem(p, n, "q=0", 3) && !memmem(p, n, "q=0.", 4); /* "q=0": not acceptable */
		if (!q0 && tag >= 2 && (strncasecmp(p, "ja", 2) == 0 || strncasecmp(p, "en", 2) == 0) &&
		    (tag == 2 || p[2] == '-'))
			return (p[0] == 'e' || p[0] == 'E') ? WF_EN : WF_JA;
		p += n;
	}
	return WF_JA;
}

/* --- the posted form ----------------------------------------------------- */

struct upload {
	char name[FILENAME_MAX_ + 1];
	char type[DECLARED_MAX + 1];
	struct buf data;
};

enum part_kind { PART_NONE, PART_FIELD, PART_FILE, PART_TOKEN, PART_LANG, PART_IGNORED };

struct form_in {
	struct buf val[WF_COUNT];
	int seen[WF_COUNT];
	enum wf_err err[WF_COUNT];
	char token[TOKEN_MAX + 1];
	size_t token_len;
	char lang[3];
	size_t lang_len;
	int token_seen; /* form_token parts (more than one is not ours) */
	int token_bad;  /* longer than any token we issue */
	struct upload files[WF_FILES_MAX];
	size_t nfiles;
	enum wf_err files_err;
	size_t file_bytes, file_max;
	/* the part being read: a new one starts at offset 0, unless the last
	 * one with the same key and file name has delivered nothing yet */
	enum part_kind kind;
	int index;
	size_t part_len;
	char part_key[64];
	char part_filename[FILENAME_MAX_ + 1];
	int part_has_filename;
};

static void form_in_init(struct form_in *in, size_t file_max)
{
	memset(in, 0, sizeof(*in));
	for (int i = 0; i < WF_COUNT; i++)
		buf_init(&in->val[i], field_max[i]);
	in->file_max = file_max;
	in->index = -1;
}

static void form_in_free(struct form_in *in)
{
	for (int i = 0; i < WF_COUNT; i++)
		buf_free(&in->val[i]);
	for (size_t i = 0; i < in->nfiles; i++)
		buf_free(&in->files[i].data);
}

/* Keeps the printable ASCII of a declared content type. */
static void copy_type(char *out, const char *in)
{
	size_t n = 0;
	for (; in && *in && n < DECLARED_MAX; in++)
		if (*in > 0x20 && *in < 0x7f)
			out[n++] = *in;
	out[n] = '\0';
}

/* A file name safe to store and show: the last path segment, valid UTF-8
 * (bad bytes become '_'), without controls (C0, DEL, C1) or bidirectional
 * overrides, trimmed of spaces and dots at the ends, at most FILENAME_MAX_
 * bytes cut on a character boundary; "attachment-N" when nothing is left. */
static void sanitize_filename(const char *in, size_t idx, char *out)
{
	const char *base = in ? in : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t n = 0, len = strlen(base);
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)base[i];
		size_t cl = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		if (cl == 0 || i + cl > len || validate_utf8(base + i, cl) < 0) {
			if (n + 1 > FILENAME_MAX_)
				break;
			out[n++] = '_';
			i++;
			continue;
		}
		unsigned int cp = cl == 1 ? c : 0x10000; /* four bytes: a supplementary plane, kept */
		if (cl == 2)
			cp = ((c & 0x1fu) << 6) | ((unsigned char)base[i + 1] & 0x3fu);
		else if (cl == 3)
			cp = ((c & 0x0fu) << 12) | (((unsigned char)base[i + 1] & 0x3fu) << 6) |
			     ((unsigned char)base[i + 2] & 0x3fu);
		int drop = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) ||
		           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f;
		if (!drop) {
			if (n + cl > FILENAME_MAX_)
				break;
			memcpy(out + n, base + i, cl);
			n += cl;
		}
		i += cl;
	}
	out[n] = '\0';
	size_t start = 0;
	while (out[start] == ' ' || out[start] == '.')
		start++;
	while (n > start && (out[n - 1] == ' ' || out[n - 1] == '.'))
		n--;
	memmove(out, out + start, n - start);
	out[n - start] = '\0';
	if (!out[0])
		snprintf(out, FILENAME_MAX_ + 1, "attachment-%zu", idx + 1);
}

static int field_index(const char *key)
{
	for (int i = 0; i < WF_COUNT; i++)
		if (strcmp(key, wf_field_names[i]) == 0)
			return i;
	return -1;
}

/* Starts a new part named key (file name filename, may be NULL). */
static void part_begin(struct form_in *in, const char *key, const char *filename, const char *ctype)
{
	in->part_len = 0;
	snprintf(in->part_key, sizeof(in->part_key), "%s", key);
	in->part_has_filename = filename != NULL;
	snprintf(in->part_filename, sizeof(in->part_filename), "%s", filename ? filename : "");
	in->index = -1;
	int f = field_index(key);
	if (f >= 0 && !filename) {
		in->kind = PART_FIELD;
		in->index = f;
		if (in->seen[f])
			in->err[f] = WFE_DUPLICATE;
		in->seen[f] = 1;
	} else if (strcmp(key, "attachment") == 0) {
		in->kind = PART_FILE;
		if (in->nfiles == WF_FILES_MAX) {
			in->files_err = WFE_TOO_MANY;
			in->kind = PART_IGNORED;
			return;
		}
		struct upload *u = &in->files[in->nfiles];
		in->index = (int)in->nfiles++;
		buf_init(&u->data, in->file_max);
		sanitize_filename(filename, (size_t)in->index, u->name);
		copy_type(u->type, ctype);
		if (!filename || !filename[0])
			u->name[0] = '\0'; /* decided at the end: "no file chosen" or unnamed */
	} else if (strcmp(key, "form_token") == 0) {
		in->kind = PART_TOKEN;
		in->token_seen++;
	} else if (strcmp(key, "lang") == 0) {
		in->kind = PART_LANG;
	} else {
		in->kind = PART_IGNORED; /* the button, unknown fields */
	}
}

static int same_part(const struct form_in *in, const char *key, const char *filename)
{
	return in->kind != PART_NONE && in->part_len == 0 &&
	       strncmp(in->part_key, key, sizeof(in->part_key) - 1) == 0 &&
	       in->part_has_filename == (filename != NULL) &&
	       strncmp(in->part_filename, filename ? filename : "", sizeof(in->part_filename) - 1) == 0;
}

/* Appends what fits of data to a bounded field; 1 when some did not fit. */
static int append_bounded(struct buf *b, const char *data, size_t size)
{
	if (buf_append(b, data, size) == 0)
		return 0;
	size_t room = b->max > b->len ? b->max - b->len : 0;
	if (room)
		buf_append(b, data, room < size ? room : size);
	return 1;
}

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                 const char *content_type, const char *transfer_encoding, const char *data,
                                 uint64_t off, size_t size)
{
	struct form_in *in = cls;
	(void)kind;
	(void)transfer_encoding;
	if (!key)
		return MHD_YES;
	if (off == 0 && !same_part(in, key, filename))
		part_begin(in, key, filename, content_type);
	in->part_len += size;
	if (!size)
		return MHD_YES;
	switch (in->kind) {
	case PART_FIELD:
		if (in->err[in->index] != WFE_DUPLICATE && append_bounded(&in->val[in->index], data, size))
			in->err[in->index] = WFE_TOO_LONG;
		break;
	case PART_FILE:
		if (size > in->file_max - in->file_bytes || in->files_err == WFE_TOO_LARGE) {
			in->files_err = WFE_TOO_LARGE; /* stop keeping bytes; the answer is 413 */
			buf_free(&in->files[in->index].data);
			break;
		}
		in->file_bytes += size;
		if (buf_append(&in->files[in->index].data, data, size) < 0)
			return MHD_NO; /* out of memory */
		break;
	case PART_TOKEN:
		/* bounded by what was kept so far, not by this part: a second
		 * form_token part continues the same buffer (and fails the check) */
		if (size > TOKEN_MAX - in->token_len) {
			in->token_bad = 1;
			break;
		}
		memcpy(in->token + in->token_len, data, size);
		in->token_len += size;
		in->token[in->token_len] = '\0';
		break;
	case PART_LANG:
		if (size <= sizeof(in->lang) - 1 - in->lang_len) {
			memcpy(in->lang + in->lang_len, data, size);
			in->lang_len += size;
			in->lang[in->lang_len] = '\0';
		}
		break;
	default: break;
	}
	return MHD_YES;
}

/* Runs the post processor over the buffered body. 0; -1 when the body is
 * malformed; -2 when the content type is not a form encoding. */
static int parse_body(struct http_req *rq, struct form_in *in)
{
	struct MHD_PostProcessor *pp = MHD_create_post_processor(rq->conn, PP_BUFFER, post_iter, in);
	if (!pp)
		return -2;
	const char *data = rq->body.data ? rq->body.data : "";
	enum MHD_Result ok = rq->body.len ? MHD_post_process(pp, data, rq->body.len) : MHD_YES;
	enum MHD_Result done = MHD_destroy_post_processor(pp);
	if (ok != MHD_YES)
		return -1;
	const char *ct = http_header(rq, "Content-Type");
	if (done != MHD_YES && ct && strncasecmp(ct, "multipart/", 10) == 0)
		return -1; /* the closing boundary is missing: a truncated upload */
	return 0;
}

/* --- validation ---------------------------------------------------------- */

/* Rewrites CRLF and lone CR to LF in place. */
static void normalize_newlines(struct buf *b)
{
	size_t w = 0;
	for (size_t r = 0; r < b->len; r++) {
		if (b->data[r] == '\r') {
			b->data[w++] = '\n';
			if (r + 1 < b->len && b->data[r + 1] == '\n')
				r++;
		} else {
			b->data[w++] = b->data[r];
		}
	}
	b->len = w;
	if (b->data)
		b->data[w] = '\0';
}

/* Trims ASCII white space and U+3000 (ideographic space) at both ends. */
static void trim(struct buf *b)
{
	size_t s = 0, e = b->len;
	for (;;) {
		if (s < e && (b->data[s] == ' ' || b->data[s] == '\t' || b->data[s] == '\n'))
			s++;
		else if (e - s >= 3 && memcmp(b->data + s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			break;
	}
	for (;;) {
		if (e > s && (b->data[e - 1] == ' ' || b->data[e - 1] == '\t' || b->data[e - 1] == '\n'))
			e--;
		else if (e - s >= 3 && memcmp(b->data + e - 3, "\xe3\x80\x80", 3) == 0)
			e -= 3;
		else
			break;
	}
	if (b->data) {
		memmove(b->data, b->data + s, e - s);
		b->data[e - s] = '\0';
	}
	b->len = e - s;
}

/* Cuts an incomplete UTF-8 sequence at the end (a value cut at its limit
 * is shown again without half a character). */
static void trim_partial_utf8(struct buf *b)
{
	size_t back = 0;
	while (back < 4 && back < b->len && ((unsigned char)b->data[b->len - 1 - back] & 0xc0) == 0x80)
		back++;
	if (back < b->len && validate_utf8(b->data + b->len - 1 - back, back + 1) < 0) {
		b->len -= back + 1;
		b->data[b->len] = '\0';
	}
}

/* A phone number: at least three digits (ASCII or full-width), and no '@'. */
static int looks_like_phone(const char *s)
{
	int digits = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99)
			digits++, p += 2;
	}
	return digits >= 3;
}

/* Validates the text fields in place; 1 when any is wrong. */
static int validate_fields(struct form_in *in)
{
	int bad = 0;
	for (int i = 0; i < WF_COUNT; i++) {
		struct buf *b = &in->val[i];
		if (in->err[i] == WFE_DUPLICATE) {
			bad = 1;
			continue;
		}
		if (validate_utf8(b->data ? b->data : "", b->len) < 0 && in->err[i] != WFE_TOO_LONG) {
			in->err[i] = WFE_UTF8;
			bad = 1;
			continue;
		}
		if (in->err[i] == WFE_TOO_LONG) {
			trim_partial_utf8(b);
			if (validate_utf8(b->data ? b->data : "", b->len) < 0)
				buf_reset(b); /* not shown again */
			bad = 1;
			continue;
		}
		normalize_newlines(b);
		trim(b);
		if (b->len == 0) {
			if (field_required[i]) {
				in->err[i] = WFE_REQUIRED;
				bad = 1;
			}
			continue;
		}
		if (validate_text_n(b->data, b->len, 0, field_max[i], field_multiline[i]) < 0) {
			in->err[i] = WFE_CONTROL;
			bad = 1;
			continue;
		}
		if (i == WF_CONTACT &&
		    (strchr(b->data, '@') ? validate_email(b->data) < 0 : !looks_like_phone(b->data))) {
			in->err[i] = WFE_CONTACT;
			bad = 1;
		}
	}
	return bad;
}

/* Drops the empty unnamed parts a browser sends when no file was chosen
 * and names the rest. */
static void settle_files(struct form_in *in)
{
	size_t w = 0;
	for (size_t r = 0; r < in->nfiles; r++) {
		struct upload *u = &in->files[r];
		if (!u->name[0] && u->data.len == 0) {
			buf_free(&u->data);
			continue;
		}
		if (!u->name[0])
			snprintf(u->name, sizeof(u->name), "attachment-%zu", w + 1);
		if (w != r)
			in->files[w] = *u;
		w++;
	}
	in->nfiles = w;
}

/* --- answers ------------------------------------------------------------- */

/* Moves a rendered page into rs. */
static void send_page(struct http_resp *rs, int status, struct buf *page)
{
	size_t len = page->len;
	char *html = buf_steal(page);
	if (!html) {
		http_problem(rs, 500, "internal", "the page could not be built", NULL);
		return;
	}
	rs->status = status;
	rs->raw_owned = html;
	rs->raw = html;
	rs->raw_len = len;
	rs->raw_type = "text/html; charset=utf-8";
	rs->csp = form_csp;
}

/* The form page, with the values and errors of in (NULL: empty). */
static void answer_form(struct http_req *rq, struct http_resp *rs, int status, enum wf_lang lang,
                        const struct form_in *in, enum wf_msg msg, int retry_after)
{
	char cookie[COOKIE_HEX + 1], mac[2 * crypto_auth_hmacsha256_BYTES + 1], token[TOKEN_MAX + 1];
	if (form_cookie(rq, rs, cookie) < 0) {
		http_problem(rs, 500, "internal", "out of memory", NULL);
		return;
	}
	int64_t now = time_now();
	token_mac(cookie, now, mac);
	snprintf(token, sizeof(token), "%" PRId64 ".%s", now, mac);

	struct wf_page p = {.lang = lang, .team = rq->srv->cfg->team_name, .token = token, .msg = msg};
	p.form_max_bytes = (size_t)rq->srv->cfg->form_max_bytes;
	p.retry_minutes = (retry_after + 59) / 60;
	if (in) {
		p.resubmitted = in->nfiles > 0 || in->files_err != WFE_NONE;
		p.files_error = in->files_err;
		for (int i = 0; i < WF_COUNT; i++) {
			p.errors[i] = in->err[i];
			const struct buf *b = &in->val[i];
			int utf8 = validate_utf8(b->data ? b->data : "", b->len) == 0;
			p.values[i] = utf8 && b->data ? b->data : "";
		}
	}
	struct buf page;
	buf_init(&page, PAGE_MAX);
	if (wf_render_form(&page, &p) < 0) {
		buf_free(&page);
		http_problem(rs, 500, "internal", "the page could not be built", NULL);
		return;
	}
	send_page(rs, status, &page);
}

/* The page shown instead of the form when it is not offered: 404. */
static void answer_closed(struct http_req *rq, struct http_resp *rs, enum wf_lang lang, const char *email,
                          const char *phone)
{
	struct wf_closed c = {lang, rq->srv->cfg->team_name, email, phone};
	struct buf page;
	buf_init(&page, PAGE_MAX);
	if (wf_render_closed(&page, &c) < 0) {
		buf_free(&page);
		http_problem(rs, 500, "internal", "the page could not be built", NULL);
		return;
	}
	send_page(rs, 404, &page);
}

/*
 * Whether the form is offered (the questionnaire's public_form answer).
 * When it is not, the request is answered 404 with a page in Japanese and
 * English naming the point of contact: to an outsider the form simply is
 * not there, and an employee who followed an old link learns where to
 * report instead. Returns 1 when offered, 0 when answered.
 */
static int form_offered(struct http_req *rq, struct http_resp *rs, enum wf_lang lang)
{
	char email[320], phone[128];
	int rc = app_intake_form_offered(&rq->app, email, sizeof(email), phone, sizeof(phone));
	if (rc < 0)
		http_problem(rs, 503, "unavailable", "the database is not available; try again shortly", NULL);
	else if (rc == 0)
		answer_closed(rq, rs, lang, email, phone);
	return rc > 0;
}

void webform_get(struct http_req *rq, struct http_resp *rs)
{
	pthread_once(&form_once, form_init);
	enum wf_lang lang = pick_lang(rq, NULL);
	if (form_offered(rq, rs, lang))
		answer_form(rq, rs, 200, lang, NULL, WFM_NONE, 0);
}

/* Stores the submission and shows the tracking number. */
static void submit(struct http_req *rq, struct http_resp *rs, enum wf_lang lang, struct form_in *in,
                   const char *rate_key)
{
	struct intake_file files[WF_FILES_MAX];
	for (size_t i = 0; i < in->nfiles; i++)
		files[i] = (struct intake_file){in->files[i].name, in->files[i].type,
		                                in->files[i].data.data ? in->files[i].data.data : "",
		                                in->files[i].data.len};
	struct intake_form f = {
	        .name = in->val[WF_NAME].data,
	        .contact = in->val[WF_CONTACT].data,
	        .department = in->val[WF_DEPARTMENT].data,
	        .what = in->val[WF_WHAT].data,
	        .when = in->val[WF_WHEN].data,
	        .device = in->val[WF_DEVICE].data,
	        .lang = lang == WF_EN ? "en" : "ja",
	        .client_ip = rq->client_ip,
	        .files = files,
	        .nfiles = in->nfiles,
	};
	struct app_result r;
	app_result_init(&r);
	if (app_intake_form(&rq->app, &f, &r) != APP_OK) {
		if (form_limit)
			ratelimit_refund(form_limit, rate_key);
		if (r.err == APP_INVALID) {
			answer_form(rq, rs, 400, lang, in, WFM_INVALID, 0);
		} else if (r.err == APP_NOT_FOUND) { /* turned off since the page was shown */
			if (form_offered(rq, rs, lang))
				answer_form(rq, rs, 503, lang, in, WFM_UNAVAILABLE, 0);
		} else {
			log_error("webform: the report could not be stored: %s", r.detail);
			answer_form(rq, rs, r.err == APP_UNAVAILABLE ? 503 : 500, lang, in, WFM_UNAVAILABLE, 0);
		}
		app_result_free(&r);
		return;
	}
	const char *ack = json_string_value(json_object_get(r.object, "acknowledgement"));
	struct wf_done d = {
	        .lang = lang,
	        .team = rq->srv->cfg->team_name,
	        .tracking_number = json_string_value(json_object_get(r.object, "tracking_number")),
	        .contact = f.contact,
	        .ack_queued = ack && strcmp(ack, "queued") == 0,
	};
	struct buf page;
	buf_init(&page, PAGE_MAX);
	if (!d.tracking_number || wf_render_done(&page, &d) < 0) {
		buf_free(&page);
		http_problem(rs, 500, "internal", "the page could not be built", NULL);
	} else {
		send_page(rs, 201, &page);
	}
	app_result_free(&r);
}

void webform_post(struct http_req *rq, struct http_resp *rs)
{
	pthread_once(&form_once, form_init);
	const struct config *cfg = rq->srv->cfg;
	struct form_in in;
	form_in_init(&in, cfg ? (size_t)cfg->form_max_bytes : FILE_MAX_DEFAULT);
	int parsed = parse_body(rq, &in);
	enum wf_lang lang = pick_lang(rq, in.lang);
	if (!form_offered(rq, rs, lang))
		goto out;
	if (parsed < 0) {
		answer_form(rq, rs, parsed == -2 ? 415 : 400, lang, NULL, WFM_BAD_TYPE, 0);
		goto out;
	}
	validate_fields(&in);
	settle_files(&in);

	const char *cookie = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, COOKIE_NAME);
	enum token_check tc = in.token_seen == 1 && !in.token_bad && strlen(in.token) == in.token_len
	                              ? token_verify(cookie, in.token, time_now())
	                              : TOKEN_MISSING;
	if (tc != TOKEN_OK) {
		log_info("webform: %s form token from %s", tc == TOKEN_EXPIRED ? "expired" : "missing or forged",
		         rq->client_ip);
		answer_form(rq, rs, 403, lang, &in, WFM_TOKEN, 0);
		goto out;
	}
	if (in.files_err == WFE_TOO_LARGE) {
		answer_form(rq, rs, 413, lang, &in, WFM_TOO_LARGE, 0);
		goto out;
	}
	int bad = in.files_err != WFE_NONE;
	for (int i = 0; i < WF_COUNT; i++)
		bad |= in.err[i] != WFE_NONE;
	if (bad) {
		answer_form(rq, rs, 400, lang, &in, WFM_INVALID, 0);
		goto out;
	}

	/* Only a submission that would be stored counts against the limit
	 * (one that fails to store gives its count back). */
	char rate_key[96];
	int retry = 0;
	/* IPv6: one allowance per /64 (what one subscriber gets), not per
	 * address, or anyone with a /64 could cycle through addresses */
	char who[64];
	snprintf(who, sizeof(who), "%s", rq->client_ip);
	if (strchr(who, ':')) {
		struct in6_addr a6;
		if (inet_pton(AF_INET6, who, &a6) == 1) {
			memset(a6.s6_addr + 8, 0, 8);
			inet_ntop(AF_INET6, &a6, who, sizeof(who));
		}
	}
	snprintf(rate_key, sizeof(rate_key), "form:%s", who);
	if (form_limit &&
	    ratelimit_attempt(form_limit, rate_key, cfg->form_per_hour, RATE_WINDOW, time_now(), &retry)) {
		snprintf(rs->retry_after, sizeof(rs->retry_after), "%d", retry > 0 ? retry : 1);
		answer_form(rq, rs, 429, lang, &in, WFM_RATE, retry);
		goto out;
	}
	submit(rq, rs, lang, &in, rate_key);
out:
	form_in_free(&in);
}
