/*
 * smtp.c - composing outgoing mail with GMime and sending it with libcurl.
 *
 * Composition builds a GMimeMessage (GMime does the RFC 2047 encoding of
 * the subject and display name, the base64 body and the folding) and
 * writes it with CRLF line endings. Values are checked first: a line break
 * in any header value is refused, because a reporter's subject quoted back
 * must never be able to add a header (Bcc:) to our mail.
 *
 * Sending is one libcurl SMTP transfer restricted to smtp/smtps, with the
 * SMTP reply code kept to tell a refusal for good (5xx) from a failure
 * worth retrying.
 */
#include "intake/smtp.h"
#include "intake/mime.h"

#include <curl/curl.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_MAX   250 /* a Message-ID without <>; RFC 5322 lines stay under 998 */
#define REFS_MAX 20  /* References kept: the newest ones */

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int has_line_break(const char *s)
{
	return s && strpbrk(s, "\r\n") != NULL;
}

int smtp_address_ok(const char *addr)
{
	if (!addr || !*addr || strlen(addr) > 254)
		return 0;
	const char *at = strrchr(addr, '@');
	if (!at || at == addr || !at[1])
		return 0;
	for (const unsigned char *p = (const unsigned char *)addr; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || strchr("<>()[],;:\\\"", *p))
			return 0;
	return 1;
}

/* A Message-ID without its brackets: printable ASCII, no spaces or <>. */
static int msgid_ok(const char *id)
{
	if (!id || !*id || strlen(id) > ID_MAX)
		return 0;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '<' || *p == '>')
			return 0;
	return 1;
}

/*
 * GMime is initialised once per process by the mail parser (mime.c, under
 * its own pthread_once); parsing a one-byte message runs that once, so
 * g_mime_init() is never called twice nor concurrently.
 */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void gmime_ready(void)
{
	struct mime_message *m = NULL;
	if (mime_parse("\n", 1, NULL, &m) == MIME_OK)
		mime_message_free(m);
}

/* id without surrounding blanks and one pair of <> (callers may store
 * either form) into out; "" when it does not fit. */
static void bare_id(const char *id, char *out, size_t outlen)
{
	out[0] = '\0';
	if (!id)
		return;
	while (*id == ' ' || *id == '\t')
		id++;
	size_t n = strlen(id);
	while (n && (id[n - 1] == ' ' || id[n - 1] == '\t'))
		n--;
	if (n >= 2 && id[0] == '<' && id[n - 1] == '>') {
		id++;
		n -= 2;
	}
	if (n < outlen) {
		memcpy(out, id, n);
		out[n] = '\0';
	}
}

/* "<a> b <c>" -> "<a> <b> <c>" (the last REFS_MAX ids); -1 on a bad id. */
static int refs_header(const char *refs, GString *out)
{
	char *copy = g_strdup(refs);
	char **ids = g_strsplit_set(copy, " \t<>,", -1);
	guint n = 0, total = 0;
	int rc = 0;
	for (char **p = ids; *p; p++)
		if (**p)
			total++;
	for (char **p = ids; *p; p++) {
		if (!**p)
			continue;
		if (!msgid_ok(*p)) {
			rc = -1;
			break;
		}
		if (total - n++ > REFS_MAX)
			continue;
		g_string_append_printf(out, "%s<%s>", out->len ? " " : "", *p);
	}
	g_strfreev(ids);
	g_free(copy);
	return rc;
}

/* "type/subtype" of token characters (RFC 2045). */
static int content_type_ok(const char *s)
{
	int slash = 0;
	size_t n = 0;
	for (; s && *s; s++, n++) {
		if (*s == '/')
			slash++;
		else if (!g_ascii_isalnum(*s) && !strchr("!#$&^_.+-", *s))
			return 0;
	}
	return slash == 1 && n >= 3 && n <= 127;
}

static int check_attachments(const struct smtp_message *m, char *err, size_t errlen)
{
	size_t total = 0;
	if (m->nattachments > SMTP_ATTACHMENT_N) {
		set_err(err, errlen, "too many attachments");
		return -1;
	}
	for (size_t i = 0; i < m->nattachments; i++) {
		const struct smtp_attachment *a = &m->attachments[i];
		const char *f = a->filename ? a->filename : "";
		int ctl = 0;
		for (const char *p = f; *p; p++)
			ctl |= (unsigned char)*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\';
		if (!*f || strlen(f) > 200 || ctl || !g_utf8_validate(f, -1, NULL)) {
			set_err(err, errlen, "an attachment has no usable file name");
			return -1;
		}
		if (!content_type_ok(a->content_type) || (a->len && !a->data)) {
			set_err(err, errlen, "an attachment has no usable content type");
			return -1;
		}
		total += a->len;
	}
	if (total > SMTP_ATTACHMENTS_MAX) {
		set_err(err, errlen, "the attachments are too large");
		return -1;
	}
	return 0;
}

static int check_message(const struct smtp_message *m, char *err, size_t errlen)
{
	const struct {
		const char *name, *v;
	} vals[] = {{"from", m->from},       {"from_name", m->from_name},   {"to", m->to},
	            {"subject", m->subject}, {"message_id", m->message_id}, {"in_reply_to", m->in_reply_to},
	            {"refs", m->refs}};
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		if (has_line_break(vals[i].v)) {
			set_err(err, errlen, "%s contains a line break", vals[i].name);
			return -1;
		}
	if (!smtp_address_ok(m->from)) {
		set_err(err, errlen, "from is not a usable mail address");
		return -1;
	}
	if (!smtp_address_ok(m->to)) {
		set_err(err, errlen, "to is not a usable mail address");
		return -1;
	}
	char id[ID_MAX + 1];
	bare_id(m->message_id, id, sizeof(id));
	if (!msgid_ok(id)) {
		set_err(err, errlen, "message_id is missing or malformed");
		return -1;
	}
	bare_id(m->in_reply_to, id, sizeof(id));
	if (m->in_reply_to && *m->in_reply_to && !msgid_ok(id)) {
		set_err(err, errlen, "in_reply_to is malformed");
		return -1;
	}
	if (check_attachments(m, err, errlen) < 0)
		return -1;
	if (!g_utf8_validate(m->subject ? m->subject : "", -1, NULL) ||
	    !g_utf8_validate(m->body ? m->body : "", -1, NULL) ||
	    !g_utf8_validate(m->from_name ? m->from_name : "", -1, NULL)) {
		set_err(err, errlen, "text is not valid UTF-8");
		return -1;
	}
	return 0;
}

/* Adds the headers that are not addresses or the subject. -1 on bad refs. */
static int add_thread_headers(GMimeMessage *msg, const struct smtp_message *m)
{
	GMimeObject *o = GMIME_OBJECT(msg);
	char id[ID_MAX + 1];
	bare_id(m->message_id, id, sizeof(id));
	g_mime_message_set_message_id(msg, id);
	bare_id(m->in_reply_to, id, sizeof(id));
	if (*id) {
		char *v = g_strdup_printf("<%s>", id);
		g_mime_object_set_header(o, "In-Reply-To", v, NULL);
		g_free(v);
	}
	if (m->refs && *m->refs) {
		GString *refs = g_string_new(NULL);
		int rc = refs_header(m->refs, refs);
		if (rc == 0 && refs->len)
			g_mime_object_set_header(o, "References", refs->str, NULL);
		g_string_free(refs, TRUE);
		if (rc < 0)
			return -1;
	}
	if (m->auto_reply) {
		/* RFC 3834, and Exchange's own switch against auto-reply loops */
		g_mime_object_set_header(o, "Auto-Submitted", "auto-replied", NULL);
		g_mime_object_set_header(o, "X-Auto-Response-Suppress", "All", NULL);
	}
	return 0;
}

/* text with every line ending as CRLF: the canonical form of text/plain
 * before base64 (RFC 2045 6.8). g_free() the result. */
static char *crlf_text(const char *text)
{
	GString *g = g_string_sized_new(strlen(text) + 64);
	for (const char *p = text; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			p++;
		if (*p == '\r' || *p == '\n')
			g_string_append(g, "\r\n");
		else
			g_string_append_c(g, *p);
	}
	return g_string_free(g, FALSE);
}

/* One file as a base64 part with Content-Disposition: attachment. */
static void add_attachment(GMimeMultipart *mixed, const struct smtp_attachment *a)
{
	const char *slash = strchr(a->content_type, '/');
	char *type = g_strndup(a->content_type, (gsize)(slash - a->content_type));
	GMimePart *p = g_mime_part_new_with_type(type, slash + 1);
	g_free(type);
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(a->data ? a->data : "", a->len);
	GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(st, GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(p, w);
	g_object_unref(w);
	g_object_unref(st);
	g_mime_part_set_filename(p, a->filename);
	g_mime_part_set_content_encoding(p, GMIME_CONTENT_ENCODING_BASE64);
	g_mime_multipart_add(mixed, GMIME_OBJECT(p));
	g_object_unref(p);
}

static GMimeMessage *build(const struct smtp_message *m)
{
	GMimeMessage *msg = g_mime_message_new(TRUE);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, m->from_name ? m->from_name : "", m->from);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, "", m->to);
	g_mime_message_set_subject(msg, m->subject ? m->subject : "", "utf-8");
	GDateTime *dt = m->date > 0 ? g_date_time_new_from_unix_utc(m->date) : g_date_time_new_now_utc();
	g_mime_message_set_date(msg, dt);
	g_date_time_unref(dt);

	GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
	char *body = crlf_text(m->body ? m->body : "");
	g_mime_text_part_set_text(part, body);
	g_free(body);
	g_mime_text_part_set_charset(part, "UTF-8");
	/* base64 keeps long Japanese lines intact through any relay */
	g_mime_part_set_content_encoding(GMIME_PART(part), GMIME_CONTENT_ENCODING_BASE64);
	if (!m->nattachments) {
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));
		g_object_unref(part);
		return msg;
	}
	GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
	g_mime_multipart_add(mixed, GMIME_OBJECT(part));
	g_object_unref(part);
	for (size_t i = 0; i < m->nattachments; i++)
		add_attachment(mixed, &m->attachments[i]);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(mixed));
	g_object_unref(mixed);
	return msg;
}

int smtp_compose(const struct smtp_message *m, char **out, size_t *len, char *err, size_t errlen)
{
	*out = NULL;
	*len = 0;
	if (check_message(m, err, errlen) < 0)
		return -1;
	pthread_once(&init_once, gmime_ready);

	GMimeMessage *msg = build(m);
	int rc = -1;
	if (add_thread_headers(msg, m) < 0) {
		set_err(err, errlen, "refs contains a malformed message id");
		goto out;
	}
	GMimeFormatOptions *fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	GByteArray *bytes = g_byte_array_new();
	GMimeStream *st = g_mime_stream_mem_new_with_byte_array(bytes);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(st), FALSE);
	ssize_t n = g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, st);
	g_object_unref(st);
	g_mime_format_options_free(fo);
	size_t att = 0;
	for (size_t i = 0; i < m->nattachments; i++)
		att += m->attachments[i].len;
	if (n < 0 || bytes->len > SMTP_MESSAGE_MAX + att / 3 * 4 + att / 57 * 2 + 4096 * m->nattachments) {
		set_err(err, errlen, n < 0 ? "cannot write the message" : "the message is too large");
	} else {
		*out = malloc(bytes->len + 1);
		if (*out) {
			memcpy(*out, bytes->data, bytes->len);
			(*out)[bytes->len] = '\0';
			*len = bytes->len;
			rc = 0;
		} else {
			set_err(err, errlen, "out of memory");
		}
	}
	g_byte_array_free(bytes, TRUE);
out:
	g_object_unref(msg);
	return rc;
}

/* --------------------------------------------------------------- sending */

int smtp_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

/* libcurl's progress callback: stops the transfer once *cancel is set. */
static int cancel_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return __atomic_load_n((const int *)arg, __ATOMIC_RELAXED) != 0;
}

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb;
	if (n > u->left)
		n = u->left;
	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

enum smtp_status smtp_send(const struct smtp_server *s, const char *mail_from, const char *rcpt, const char *data,
                           size_t len, char *err, size_t errlen)
{
	if (!s->url || !*s->url || !smtp_address_ok(mail_from) || !smtp_address_ok(rcpt)) {
		set_err(err, errlen, "no SMTP server or unusable address");
		return SMTP_PERMFAIL;
	}
	CURL *h = curl_easy_init();
	if (!h) {
		set_err(err, errlen, "cannot start libcurl");
		return SMTP_TEMPFAIL;
	}
	char from[300], to[300], cerr[CURL_ERROR_SIZE] = "";
	snprintf(from, sizeof(from), "<%s>", mail_from);
	snprintf(to, sizeof(to), "<%s>", rcpt);
	struct curl_slist *rcpts = curl_slist_append(NULL, to);
	struct upload u = {data, len};
	curl_easy_setopt(h, CURLOPT_URL, s->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)(s->timeout > 0 ? s->timeout : 30));
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	if (s->cancel) {
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cancel_cb);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, s->cancel);
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	}
	if (s->user && *s->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, s->password ? s->password : "");
	}
	CURLcode cc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(h);
	if (cc == CURLE_OK)
		return SMTP_SENT;
	set_err(err, errlen, "%s%s%s (SMTP %ld)", curl_easy_strerror(cc), *cerr ? ": " : "", cerr, code);
	/* A refused login is our configuration, not the message: retry it. */
	if (code >= 500 && code < 600 && cc != CURLE_LOGIN_DENIED)
		return SMTP_PERMFAIL;
	return SMTP_TEMPFAIL;
}
