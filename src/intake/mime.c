/*
 * mime.c - the incoming-mail parser (issue 4): raw message bytes in, a flat
 * struct mime_message out.
 *
 * GMime 3 does the MIME structure, transfer decoding, RFC 2231 parameters and
 * address parsing; jcharset.c turns every piece of text into UTF-8 the way
 * Japanese mail needs (CP50220 ISO-2022-JP, CP932, EUC-JP, broken RFC 2047);
 * libmagic names the real type of each attachment. Line endings are
 * normalised to LF first because GMime does not understand bare CR.
 * HTML-only bodies are reduced to text. Forwarded messages (message/rfc822
 * parts: forwards, the original in ARF abuse reports and bounces) are kept
 * as attachments and their headers and text are appended to the body.
 *
 * The parser is pure (no I/O besides loading libmagic's database once),
 * bounded by struct mime_limits, never fails on malformed input (flags
 * record the damage) and returns only valid UTF-8. Attachments are hashed
 * and typed, never unpacked (a zip bomb is just bytes here).
 */
#include "intake/mime.h"
#include "intake/jcharset.h"

#include <gmime/gmime.h>
#include <magic.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ HTML to text */

static const struct {
	const char *name;
	uint32_t cp;
} entities[] = {
        {"amp", '&'},      {"lt", '<'},      {"gt", '>'},      {"quot", '"'},     {"apos", '\''},     {"nbsp", 0xA0},
        {"copy", 0xA9},    {"reg", 0xAE},    {"yen", 0xA5},    {"euro", 0x20AC},  {"hellip", 0x2026}, {"mdash", 0x2014},
        {"ndash", 0x2013}, {"laquo", 0xAB},  {"raquo", 0xBB},  {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"ldquo", 0x201C},
        {"rdquo", 0x201D}, {"bull", 0x2022}, {"middot", 0xB7}, {"times", 0xD7},   {"trade", 0x2122},
};

/* Decodes the entity at s ('&' first); returns its length or 0. */
static size_t html_entity(const char *s, size_t n, uint32_t *cp)
{
	size_t i = 1;
	if (i < n && s[i] == '#') {
		int hex = i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X');
		i += hex ? 2 : 1;
		uint32_t v = 0;
		size_t d0 = i;
		while (i < n && i - d0 < 8 && (hex ? g_ascii_xdigit_value(s[i]) >= 0 : (s[i] >= '0' && s[i] <= '9'))) {
			v = v * (hex ? 16 : 10) + (uint32_t)(hex ? g_ascii_xdigit_value(s[i]) : s[i] - '0');
			i++;
		}
		if (i == d0)
			return 0;
		if (i < n && s[i] == ';')
			i++;
		*cp = v;
		return i;
	}
	for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
		size_t l = strlen(entities[k].name);
		if (n > l + 1 && memcmp(s + 1, entities[k].name, l) == 0 && s[l + 1] == ';') {
			*cp = entities[k].cp;
			return l + 2;
		}
	}
	return 0;
}

static int is_block_tag(const char *t)
{
	static const char *const blocks[] = {"p",      "div", "br",         "li",      "tr",      "h1",      "h2",
	                                     "h3",     "h4",  "h5",         "h6",      "table",   "ul",      "ol",
	                                     "pre",    "hr",  "blockquote", "title",   "section", "article", "header",
	                                     "footer", "dt",  "dd",         "address", "tbody",   "thead"};
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		if (strcmp(t, blocks[i]) == 0)
			return 1;
	return 0;
}

/* Finds needle (lower-case ASCII) case-insensitively in s[0..n). */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
	size_t l = strlen(needle);
	for (size_t i = 0; i + l <= n; i++)
		if (g_ascii_strncasecmp(s + i, needle, l) == 0)
			return s + i;
	return NULL;
}

/* Reduces UTF-8 HTML to plain text: tags dropped, script/style/comments
 * dropped with their contents, entities decoded, block elements become line
 * breaks, runs of whitespace collapse. Appends to b. */
static void html_to_text(struct jcs_buf *b, const char *s, size_t n)
{
	struct jcs_buf t = {0};
	int space = 0;
	for (size_t i = 0; i < n;) {
		char c = s[i];
		if (c == '<') {
			if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
				const char *e = find_ci(s + i + 4, n - i - 4, "-->");
				i = e ? (size_t)(e - s) + 3 : n;
				continue;
			}
			size_t j = i + 1;
			int closing = j < n && s[j] == '/';
			if (closing)
				j++;
			char name[16];
			size_t k = 0;
			while (j < n && g_ascii_isalnum(s[j])) {
				if (k + 1 < sizeof name)
					name[k++] = (char)g_ascii_tolower(s[j]);
				j++;
			}
			name[k] = '\0';
			if (k == 0 && !(j < n && (s[j] == '!' || s[j] == '?'))) { /* a lone '<' is text */
				jcs_addc(&t, '<');
				space = 0;
				i++;
				continue;
			}
			const char *gt = memchr(s + j, '>', n - j);
			i = gt ? (size_t)(gt - s) + 1 : n;
			if (!closing &&
			    (strcmp(name, "script") == 0 || strcmp(name, "style") == 0 || strcmp(name, "title") == 0)) {
				/* contents are code, or (title) not part of the message text */
				char end[16] = "</";
				g_strlcat(end, name, sizeof end);
				const char *e = find_ci(s + i, n - i, end);
				if (!e) {
					i = n;
				} else {
					const char *g2 = memchr(e, '>', (size_t)(s + n - e));
					i = g2 ? (size_t)(g2 - s) + 1 : n;
				}
				continue;
			}
			if (is_block_tag(name)) {
				jcs_addc(&t, '\n');
				space = 0;
			} else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
				if (!space)
					jcs_addc(&t, ' ');
				space = 1;
			}
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			if (!space)
				jcs_addc(&t, ' ');
			space = 1;
			i++;
			continue;
		}
		space = 0;
		uint32_t cp;
		size_t el = c == '&' ? html_entity(s + i, n - i, &cp) : 0;
		if (el) {
			jcs_put_utf8(&t, cp == 0xA0 ? ' ' : cp);
			i += el;
		} else {
			jcs_addc(&t, c);
			i++;
		}
	}
	if (t.oom) {
		b->oom = 1;
		free(t.p);
		return;
	}
	/* tidy: no spaces around line breaks, at most one blank line, trimmed */
	size_t nl = 0, start = b->len;
	int pend_space = 0;
	for (size_t i = 0; i < t.len; i++) {
		char c = t.p[i];
		if (c == '\n') {
			nl++;
			pend_space = 0;
			continue;
		}
		if (c == ' ') {
			pend_space = 1;
			continue;
		}
		if (b->len > start) {
			if (nl)
				jcs_add(b, "\n\n", nl > 1 ? 2 : 1);
			else if (pend_space)
				jcs_addc(b, ' ');
		}
		nl = 0;
		pend_space = 0;
		jcs_addc(b, c);
	}
	free(t.p);
}

/* -------------------------------------------------------------- the parse */

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_db; /* set once by gmime_global_init; NULL if unusable */

static void quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
	(void)domain, (void)level, (void)msg, (void)data;
}

static void gmime_global_init(void)
{
	g_mime_init();
	if (sodium_init() < 0)
		abort(); /* cannot happen on Linux; no safe way to continue */
	/* GMime reports through g_warning in a few places; never to stderr */
	g_log_set_handler("gmime",
	                  G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO |
	                          G_LOG_LEVEL_DEBUG,
	                  quiet_log, NULL);
	/* one libmagic handle for the process: magic_t is not thread-safe, so
	 * it is used under magic_lock; no decompression (a zip bomb stays
	 * bytes); when the database cannot be loaded, types are "" */
	magic_db = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
	if (magic_db && magic_load(magic_db, NULL) != 0) {
		magic_close(magic_db);
		magic_db = NULL;
	}
}

#define MAGIC_BYTES (64u * 1024) /* libmagic reads the head of a file; more only costs time */

/* The content type libmagic sees in p[0..n), as a new string ("" when
 * unknown or libmagic is unavailable); NULL on OOM. */
static char *detect_type(const void *p, size_t n)
{
	struct jcs_buf b = {0};
	if (magic_db) {
		pthread_mutex_lock(&magic_lock);
		const char *t = magic_buffer(magic_db, n ? p : "", n > MAGIC_BYTES ? MAGIC_BYTES : n);
		if (t)
			jcs_utf8_clean(&b, t, strlen(t)); /* copied before the lock is released */
		pthread_mutex_unlock(&magic_lock);
	}
	return jcs_take(&b);
}

char *mime_detect_type(const void *p, size_t n)
{
	pthread_once(&gmime_once, gmime_global_init);
	return detect_type(p, n);
}

struct ctx {
	const struct mime_limits *l;
	struct mime_message *m;
	GMimeParserOptions *po;
	size_t nparts;
	char *plain, *html; /* UTF-8 candidates for body_text */
	struct jcs_buf fwd; /* forwarded messages' text, appended to body_text */
	struct mime_attachment *att;
	size_t natt, attcap;
	int oom;
};

static void on_warning(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer data)
{
	unsigned *flags = data;
	(void)offset, (void)item;
	switch (code) {
	case GMIME_WARN_DUPLICATED_HEADER:
	case GMIME_WARN_DUPLICATED_PARAMETER:
	case GMIME_WARN_UNENCODED_8BIT_HEADER:
	case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE: break; /* everyday mail; not worth a flag */
	case GMIME_CRIT_NESTING_OVERFLOW: *flags |= MIME_TOO_DEEP | MIME_MALFORMED; break;
	default: *flags |= MIME_MALFORMED;
	}
}

/* The decoded content of a leaf part into a new GByteArray (never NULL). */
static GByteArray *part_bytes(GMimeObject *obj)
{
	GMimeStream *ms = g_mime_stream_mem_new();
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(ms), FALSE);
	if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (inner)
			g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, ms);
	} else if (GMIME_IS_PART(obj)) {
		GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(obj));
		if (w)
			g_mime_data_wrapper_write_to_stream(w, ms);
	}
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(ms));
	g_object_unref(ms);
	return ba;
}

static void add_attachment(struct ctx *c, GMimeObject *obj, const char *type)
{
	if (c->natt == c->attcap) {
		size_t cap = c->attcap ? c->attcap * 2 : 4;
		struct mime_attachment *a = realloc(c->att, cap * sizeof *a);
		if (!a) {
			c->oom = 1;
			return;
		}
		c->att = a;
		c->attcap = cap;
	}
	struct mime_attachment *a = &c->att[c->natt];
	memset(a, 0, sizeof *a);
	const char *fn = GMIME_IS_PART(obj) ? g_mime_part_get_filename(GMIME_PART(obj)) : NULL;
	if (!fn)
		fn = g_mime_object_get_content_disposition_parameter(obj, "filename");
	if (!fn)
		fn = g_mime_object_get_content_type_parameter(obj, "name");
	struct jcs_buf f = {0}, t = {0};
	int junk = 0;
	if (fn)
		jcs_to_utf8(&f, fn, strlen(fn), "UTF-8", &junk);
	jcs_utf8_clean(&t, type, strlen(type));
	a->filename = jcs_take(&f);
	a->declared_type = jcs_take(&t);
	GByteArray *ba = part_bytes(obj);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, ba->data, ba->len);
	sodium_bin2hex(a->sha256, sizeof a->sha256, h, sizeof h);
	a->size = ba->len;
	/* an enclosed message GMime parsed as one is re-serialised as a
	 * message: libmagic (slow on text: ~0.5 ms) could only agree */
	a->detected_type = GMIME_IS_MESSAGE_PART(obj) ? strdup("message/rfc822") : detect_type(ba->data, ba->len);
	g_byte_array_unref(ba);
	if (!a->filename || !a->declared_type || !a->detected_type) {
		free(a->filename);
		free(a->declared_type);
		free(a->detected_type);
		c->oom = 1;
		return;
	}
	c->natt++;
}

/* Text of a text/plain or text/html leaf as UTF-8 (HTML reduced to text). */
static char *part_text(GMimeObject *obj, int html, unsigned *flags)
{
	GByteArray *ba = part_bytes(obj);
	const char *cs = g_mime_object_get_content_type_parameter(obj, "charset");
	struct jcs_buf u = {0}, out = {0};
	int bad = 0;
	jcs_to_utf8(&u, (const char *)ba->data, ba->len, cs, &bad);
	if (bad)
		*flags |= MIME_BAD_CHARSET;
	g_byte_array_unref(ba);
	if (!html)
		return jcs_take(&u);
	if (u.oom) {
		free(u.p);
		return NULL;
	}
	html_to_text(&out, u.p ? u.p : "", u.len);
	free(u.p);
	return jcs_take(&out);
}

static void walk(struct ctx *c, GMimeObject *obj, int depth);
static char *raw_header(GMimeHeaderList *hl, const char *name, int all);

/* The decoded value of header name of obj ("" when absent), bounded by
 * max_header; NULL on OOM. */
static char *decoded_header(struct ctx *c, GMimeObject *obj, const char *name)
{
	char *raw = raw_header(g_mime_object_get_header_list(obj), name, 0);
	if (!raw)
		return strdup("");
	const char *v = raw + strspn(raw, " \t\r\n");
	size_t n = strlen(v);
	if (n > c->l->max_header) {
		n = c->l->max_header;
		c->m->flags |= MIME_HEADER_TRUNCATED;
	}
	int bad = 0;
	char *d = jcs_header_decode(v, n, &bad);
	if (bad)
		c->m->flags |= MIME_BAD_CHARSET;
	free(raw);
	return d;
}

/* Appends the separator and the From, Subject, Date and Message-ID of an
 * enclosed message (or returned header block) to c->fwd. */
static void forwarded_headers(struct ctx *c, GMimeObject *obj)
{
	static const char *const names[] = {"From", "Subject", "Date", "Message-ID"};
	static const char sep[] = "----- 転送されたメッセージ / Forwarded message -----\n";
	while (c->fwd.len && c->fwd.p[c->fwd.len - 1] == '\n')
		c->fwd.p[--c->fwd.len] = '\0';
	if (c->fwd.len)
		jcs_add(&c->fwd, "\n\n", 2);
	jcs_add(&c->fwd, sep, sizeof(sep) - 1);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *v = decoded_header(c, obj, names[i]);
		if (!v) {
			c->oom = 1;
			return;
		}
		if (*v) {
			jcs_add(&c->fwd, names[i], strlen(names[i]));
			jcs_add(&c->fwd, ": ", 2);
			jcs_add(&c->fwd, v, strlen(v));
			jcs_addc(&c->fwd, '\n');
		}
		free(v);
	}
}

/*
 * A message/rfc822 part (a forward, the original in an ARF report or a
 * bounce): its headers and text go to the body under a separator, its own
 * attachments to the list. The enclosed body is walked with fresh text
 * candidates and an empty c->fwd, so a forward inside a forward comes out
 * after its parent's text, in reading order. Limits are shared.
 */
static void forwarded(struct ctx *c, GMimeMessage *inner, int depth)
{
	if (!inner || c->oom)
		return;
	if (depth + 1 > c->l->max_depth) {
		c->m->flags |= MIME_TOO_DEEP;
		return;
	}
	char *plain = c->plain, *html = c->html;
	struct jcs_buf outer = c->fwd;
	memset(&c->fwd, 0, sizeof(c->fwd));
	c->plain = c->html = NULL;
	walk(c, g_mime_message_get_mime_part(inner), depth + 1);
	struct jcs_buf nested = c->fwd;
	const char *text = c->plain ? c->plain : c->html;
	c->fwd = outer;
	forwarded_headers(c, GMIME_OBJECT(inner));
	if (text && *text) {
		jcs_addc(&c->fwd, '\n');
		jcs_add(&c->fwd, text, strlen(text));
	}
	if (nested.len)
		jcs_add(&c->fwd, nested.p, nested.len);
	c->oom |= nested.oom || c->fwd.oom;
	free(nested.p);
	free(c->plain);
	free(c->html);
	c->plain = plain;
	c->html = html;
}

/* A text/rfc822-headers part (the header block a bounce or ARF report
 * returns): parsed as a message without body for its headers. */
static void returned_headers(struct ctx *c, GMimeObject *obj, int depth)
{
	if (c->oom || depth + 1 > c->l->max_depth)
		return;
	GByteArray *ba = part_bytes(obj);
	g_byte_array_append(ba, (const guint8 *)"\n\n", 2);          /* headers only: end them */
	GMimeStream *st = g_mime_stream_mem_new_with_byte_array(ba); /* takes ba */
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeMessage *msg = g_mime_parser_construct_message(p, c->po);
	if (msg) {
		forwarded_headers(c, GMIME_OBJECT(msg));
		c->oom |= c->fwd.oom;
		g_object_unref(msg);
	}
	g_object_unref(p);
	g_object_unref(st);
}

/* Visits obj at nesting depth (0 = the message body), within the limits. */
static void walk(struct ctx *c, GMimeObject *obj, int depth)
{
	if (c->oom || !obj)
		return;
	if (depth > c->l->max_depth) {
		c->m->flags |= MIME_TOO_DEEP;
		return;
	}
	if (c->nparts >= c->l->max_parts) {
		c->m->flags |= MIME_TOO_MANY_PARTS;
		return;
	}
	c->nparts++;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n && !c->oom; i++)
			walk(c, g_mime_multipart_get_part(mp, i), depth + 1);
		return;
	}
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	char *type = ct ? g_mime_content_type_get_mime_type(ct) : g_strdup("application/octet-stream");
	char *low = g_ascii_strdown(type, -1);
	g_free(type);
	const char *disp = g_mime_object_get_disposition(obj);
	int is_att = (disp && g_ascii_strcasecmp(disp, "attachment") == 0) ||
	             (GMIME_IS_PART(obj) && g_mime_part_get_filename(GMIME_PART(obj)));
	int plain = strcmp(low, "text/plain") == 0, html = strcmp(low, "text/html") == 0;
	if (GMIME_IS_PART(obj) && !is_att && plain && !c->plain) {
		c->plain = part_text(obj, 0, &c->m->flags);
		c->oom |= !c->plain;
	} else if (GMIME_IS_PART(obj) && !is_att && html && !c->html) {
		c->html = part_text(obj, 1, &c->m->flags);
		c->oom |= !c->html;
	} else if (!(GMIME_IS_PART(obj) && !is_att && (plain || html))) {
		add_attachment(c, obj, low);
		if (GMIME_IS_MESSAGE_PART(obj))
			forwarded(c, g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj)), depth);
		else if (strcmp(low, "text/rfc822-headers") == 0)
			returned_headers(c, obj, depth);
	}
	g_free(low);
}

/* Appends the forwarded sections in b to the body *dst (malloc'd), a blank
 * line between them; 0 / -1 (OOM). */
static int append_text(char **dst, const struct jcs_buf *b)
{
	if (b->oom)
		return -1;
	size_t n = strlen(*dst);
	while (n && (*dst)[n - 1] == '\n')
		n--;
	size_t gap = n ? 2 : 0;
	char *p = realloc(*dst, n + gap + b->len + 1);
	if (!p)
		return -1;
	memcpy(p + n, "\n\n", gap);
	memcpy(p + n + gap, b->p, b->len);
	p[n + gap + b->len] = '\0';
	*dst = p;
	return 0;
}

#define WORD_SPAN 4096 /* an encoded word "=?...?=" longer than this is not one */

/* GMime decodes encoded words while it builds the message, and an "=?"
 * that never closes makes that work grow with the square of the header's
 * length (minutes for a 1 MiB header). In the copy GMime parses, an "=?"
 * with no "?=" within WORD_SPAN bytes is defused ("= "); the stored raw
 * message is untouched. Linear: the next "?=" is searched only when the
 * scan has passed the previous one. */
static void defuse_open_words(guint8 *p, size_t n)
{
	size_t next = 0; /* position of the next "?=" at or after the scan, n = none */
	int known = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if (p[i] != '=' || p[i + 1] != '?')
			continue;
		if (i + 2 < n && p[i + 2] == '=')
			continue; /* "=?=": base64 padding before a closing "?=" */
		if (!known || next < i + 2) {
			const guint8 *q = memmem(p + i + 2, n - i - 2, "?=", 2);
			next = q ? (size_t)(q - p) : n;
			known = 1;
		}
		if (next == n || next - i > WORD_SPAN)
			p[i + 1] = ' ';
	}
}

/* GMime builds an object for every MIME part before we walk them, so a
 * message of nothing but boundary lines takes gigabytes. The copy it
 * parses is cut after max_boundaries lines that start with "--" (two per
 * part is generous); *cut says whether it was. Returns the new length. */
static size_t cap_boundaries(const guint8 *p, size_t n, size_t max_boundaries, int *cut)
{
	size_t lines = 0;
	*cut = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if ((i == 0 || p[i - 1] == '\n') && p[i] == '-' && p[i + 1] == '-' && ++lines > max_boundaries) {
			*cut = 1;
			return i;
		}
	}
	return n;
}

/* Copies the first max_total bytes with every CRLF and bare CR turned into
 * LF, defused as above; the copy is g_malloc'd for a GByteArray. */
static GByteArray *normalise(const char *data, size_t len, size_t max_parts, unsigned *flags)
{
	guint8 *p = g_malloc(len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\r') {
			p[o++] = '\n';
			if (i + 1 < len && data[i + 1] == '\n')
				i++;
		} else {
			p[o++] = (guint8)data[i];
		}
	}
	int cut;
	o = cap_boundaries(p, o, 2 * max_parts + 2, &cut);
	if (cut)
		*flags |= MIME_TOO_MANY_PARTS;
	defuse_open_words(p, o);
	return g_byte_array_new_take(p, o);
}

/* The raw value of every header named name, joined by "\n", or NULL. */
static char *raw_header(GMimeHeaderList *hl, const char *name, int all)
{
	struct jcs_buf b = {0};
	int n = g_mime_header_list_get_count(hl), found = 0;
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), name) != 0)
			continue;
		const char *v = g_mime_header_get_raw_value(h);
		if (!v)
			continue;
		if (found++)
			jcs_addc(&b, '\n');
		jcs_add(&b, v, strlen(v));
		if (!all)
			break;
	}
	if (!found) {
		free(b.p);
		return NULL;
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p ? b.p : strdup("");
}

struct field {
	const char *name;
	size_t off;
	int all;
};

#define F(n, member, all)                                                                                              \
	{                                                                                                              \
		n, offsetof(struct mime_message, member), all                                                          \
	}
static const struct field fields[] = {
        F("Subject", subject, 0),
        F("From", from, 0),
        F("To", to, 0),
        F("Cc", cc, 0),
        F("Date", date_raw, 0),
        F("Message-ID", message_id, 0),
        F("In-Reply-To", in_reply_to, 0),
        F("References", references, 0),
        F("Authentication-Results", authentication_results, 1),
        F("Return-Path", return_path, 0),
        F("Auto-Submitted", auto_submitted, 0),
        F("Precedence", precedence, 0),
        F("List-Id", list_id, 0),
};
#undef F

static char **field_ptr(struct mime_message *m, size_t off)
{
	return (char **)((char *)m + off);
}

/* Fills the header fields of m from the top-level headers of msg. */
static int fill_headers(struct mime_message *m, GMimeMessage *msg, GMimeParserOptions *po, const struct mime_limits *l)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	char *from_raw = NULL;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		char *raw = raw_header(hl, fields[i].name, fields[i].all);
		if (!raw)
			continue;
		char *v0 = raw + strspn(raw, " \t\r\n"); /* the limit counts the value, not the folding */
		size_t n = strlen(v0);
		memmove(raw, v0, n + 1);
		if (n > l->max_header) {
			n = l->max_header;
			m->flags |= MIME_HEADER_TRUNCATED;
		}
		int bad = 0;
		char *v = jcs_header_decode(raw, n, &bad);
		if (bad)
			m->flags |= MIME_BAD_CHARSET;
		if (!v) {
			free(raw);
			free(from_raw);
			return -1;
		}
		char **dst = field_ptr(m, fields[i].off);
		free(*dst);
		*dst = v;
		if (strcmp(fields[i].name, "Date") == 0) {
			GDateTime *dt = g_mime_utils_header_decode_date(v);
			if (dt) {
				m->date = g_date_time_to_unix(dt);
				g_date_time_unref(dt);
			}
		}
		if (strcmp(fields[i].name, "From") == 0 && !from_raw) {
			raw[n] = '\0';
			from_raw = raw;
			raw = NULL;
		}
		free(raw);
	}
	if (from_raw) {
		InternetAddressList *al = internet_address_list_parse(po, from_raw);
		for (int i = 0; al && i < internet_address_list_length(al); i++) {
			InternetAddress *ia = internet_address_list_get_address(al, i);
			if (INTERNET_ADDRESS_IS_GROUP(ia)) {
				InternetAddressList *g = internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia));
				ia = g && internet_address_list_length(g) > 0 ? internet_address_list_get_address(g, 0)
				                                              : NULL;
			}
			if (!ia || !INTERNET_ADDRESS_IS_MAILBOX(ia))
				continue;
			const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
			if (!addr || !*addr)
				continue;
			struct jcs_buf b = {0};
			jcs_utf8_clean(&b, addr, strlen(addr));
			char *s = jcs_take(&b);
			if (!s) {
				g_object_unref(al);
				free(from_raw);
				return -1;
			}
			free(m->from_address);
			m->from_address = s;
			break;
		}
		if (al)
			g_object_unref(al);
		free(from_raw);
	}
	if (!*m->from_address)
		m->flags |= MIME_NO_FROM;
	/* hikeshi mailgate cut a message over its 32 MiB bound (see mailgate.c) */
	if (g_mime_header_list_contains(hl, "X-Hikeshi-Truncated"))
		m->flags |= MIME_TRUNCATED;
	return 0;
}

void mime_limits_default(struct mime_limits *l)
{
	l->max_total = 25u * 1024 * 1024;
	l->max_parts = 200;
	l->max_depth = 20;
	l->max_header = 64u * 1024;
}

const char *mime_strerror(enum mime_err err)
{
	switch (err) {
	case MIME_OK: return "success";
	case MIME_NOMEM: return "out of memory";
	case MIME_EMPTY: return "empty message";
	}
	return "unknown error";
}

static struct mime_message *message_new(void)
{
	struct mime_message *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (!(*field_ptr(m, fields[i].off) = strdup("")))
			goto fail;
	if (!(m->from_address = strdup("")) || !(m->body_text = strdup("")))
		goto fail;
	return m;
fail:
	mime_message_free(m);
	return NULL;
}

enum mime_err mime_parse(const char *data, size_t len, const struct mime_limits *lim, struct mime_message **out)
{
	struct mime_limits def;
	*out = NULL;
	if (!lim) {
		mime_limits_default(&def);
		lim = &def;
	}
	if (!data || len == 0)
		return MIME_EMPTY;
	pthread_once(&gmime_once, gmime_global_init);

	struct mime_message *m = message_new();
	if (!m)
		return MIME_NOMEM;
	if (len > lim->max_total) {
		len = lim->max_total;
		m->flags |= MIME_TRUNCATED;
	}
	struct ctx c = {.l = lim, .m = m};
	GByteArray *ba = normalise(data, len, lim->max_parts, &m->flags);
	GMimeStream *st = g_mime_stream_mem_new_with_byte_array(ba); /* takes ba */
	GMimeParser *parser = g_mime_parser_new_with_stream(st);
	GMimeParserOptions *po = g_mime_parser_options_new();
	c.po = po;
	static const char *fallback[] = {"UTF-8", "CP932", "EUC-JP", "ISO-2022-JP", "ISO-8859-1", NULL};
	g_mime_parser_options_set_fallback_charsets(po, fallback);
	g_mime_parser_options_set_rfc2047_compliance_mode(po, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(po, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(po, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_warning_callback(po, on_warning, &m->flags);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, po);
	int fail = 0;
	if (!msg) {
		/* not even a header block: keep the bytes as text */
		m->flags |= MIME_MALFORMED | MIME_NO_FROM;
		struct jcs_buf b = {0};
		int bad = 0;
		jcs_to_utf8(&b, (const char *)ba->data, ba->len, NULL, &bad);
		if (bad)
			m->flags |= MIME_BAD_CHARSET;
		free(m->body_text);
		m->body_text = jcs_take(&b);
		fail = !m->body_text;
	} else {
		fail = fill_headers(m, msg, po, lim) < 0;
		if (!fail)
			walk(&c, g_mime_message_get_mime_part(msg), 0);
		fail |= c.oom;
		if (!fail && (c.plain || c.html)) {
			free(m->body_text);
			m->body_text = c.plain ? c.plain : c.html;
			m->body_from_html = !c.plain;
			if (c.plain)
				c.plain = NULL;
			else
				c.html = NULL;
		}
		if (!fail && c.fwd.len)
			fail = append_text(&m->body_text, &c.fwd) < 0;
		g_object_unref(msg);
	}
	free(c.plain);
	free(c.html);
	free(c.fwd.p);
	m->attachments = c.att;
	m->nattachments = c.natt;
	g_mime_parser_options_free(po);
	g_object_unref(parser);
	g_object_unref(st);
	if (fail || !m->body_text) {
		mime_message_free(m);
		return MIME_NOMEM;
	}
	*out = m;
	return MIME_OK;
}

void mime_message_free(struct mime_message *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		free(*field_ptr(m, fields[i].off));
	free(m->from_address);
	free(m->body_text);
	for (size_t i = 0; i < m->nattachments; i++) {
		free(m->attachments[i].filename);
		free(m->attachments[i].declared_type);
		free(m->attachments[i].detected_type);
	}
	free(m->attachments);
	free(m);
}

json_t *mime_message_json(const struct mime_message *m)
{
	static const struct {
		unsigned bit;
		const char *name;
	} flag_names[] = {
	        {MIME_TRUNCATED, "truncated"},
	        {MIME_TOO_MANY_PARTS, "too_many_parts"},
	        {MIME_TOO_DEEP, "too_deep"},
	        {MIME_NO_FROM, "no_from"},
	        {MIME_BAD_CHARSET, "bad_charset"},
	        {MIME_MALFORMED, "malformed"},
	        {MIME_HEADER_TRUNCATED, "header_truncated"},
	};
	json_t *o = json_object(), *atts = json_array(), *flags = json_array();
	if (!o || !atts || !flags)
		goto fail;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		static const char *const keys[] = {"subject",     "from",           "to",
		                                   "cc",          "date_raw",       "message_id",
		                                   "in_reply_to", "references",     "authentication_results",
		                                   "return_path", "auto_submitted", "precedence",
		                                   "list_id"};
		if (json_object_set_new(o, keys[i], json_string(*field_ptr((struct mime_message *)m, fields[i].off))))
			goto fail;
	}
	if (json_object_set_new(o, "from_address", json_string(m->from_address)) ||
	    json_object_set_new(o, "date", json_integer(m->date)) ||
	    json_object_set_new(o, "body_text", json_string(m->body_text)) ||
	    json_object_set_new(o, "body_from_html", json_boolean(m->body_from_html)))
		goto fail;
	for (size_t i = 0; i < m->nattachments; i++) {
		const struct mime_attachment *a = &m->attachments[i];
		json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:s}", "filename", a->filename, "declared_type",
		                      a->declared_type, "detected_type", a->detected_type, "size", (json_int_t)a->size,
		                      "sha256", a->sha256);
		if (!j || json_array_append_new(atts, j))
			goto fail;
	}
	for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
		if ((m->flags & flag_names[i].bit) && json_array_append_new(flags, json_string(flag_names[i].name)))
			goto fail;
	if (json_object_set_new(o, "attachments", atts) < 0) {
		atts = NULL;
		goto fail;
	}
	atts = NULL;
	if (json_object_set_new(o, "flags", flags) < 0) {
		flags = NULL;
		goto fail;
	}
	return o;
fail:
	json_decref(o);
	json_decref(atts);
	json_decref(flags);
	return NULL;
}
