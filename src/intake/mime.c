/*
 * mime.c - the incoming-mail parser (issue 4): raw message bytes in, a flat
 * struct mime_message out.
 *
 * GMime 3 does the MIME structure, transfer decoding, RFC 2231 parameters and
 * address parsing. Two things it cannot do for our mail are done here:
 * Japanese text as Japanese mailers actually send it (ISO-2022-JP carrying
 * NEC special and IBM extended characters, i.e. Microsoft's CP50220, which
 * glibc iconv does not know: we rewrite JIS rows to Shift_JIS and convert
 * with glibc's CP932), and RFC 2047 header decoding that joins encoded words
 * split in the middle of a multi-byte character and survives raw 8-bit or
 * raw ISO-2022-JP headers. Line endings are normalised to LF first because
 * GMime does not understand bare CR. HTML-only bodies are reduced to text.
 *
 * The parser is pure (no I/O), bounded by struct mime_limits, never fails on
 * malformed input (flags record the damage) and returns only valid UTF-8.
 */
#include "intake/mime.h"

#include <errno.h>
#include <gmime/gmime.h>
#include <iconv.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- buffers */

/* A growable byte buffer; `oom` is sticky so callers check once at the end. */
struct sbuf {
	char *p;
	size_t len, cap;
	int oom;
};

static int sb_reserve(struct sbuf *b, size_t more)
{
	if (b->oom)
		return -1;
	if (more > SIZE_MAX - b->len - 1) /* overflow guard */
		goto fail;
	size_t need = b->len + more + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->p, cap);
	if (!p)
		goto fail;
	b->p = p;
	b->cap = cap;
	return 0;
fail:
	b->oom = 1;
	return -1;
}

static void sb_add(struct sbuf *b, const void *s, size_t n)
{
	if (n == 0 || sb_reserve(b, n) < 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_addc(struct sbuf *b, char c)
{
	sb_add(b, &c, 1);
}

/* Returns the NUL-terminated contents (never NULL unless OOM) and resets b. */
static char *sb_take(struct sbuf *b)
{
	char *p;
	if (b->oom) {
		free(b->p);
		p = NULL;
	} else if (!b->p) {
		p = strdup("");
	} else {
		p = b->p;
	}
	memset(b, 0, sizeof *b);
	return p;
}

/* ------------------------------------------------------------------ UTF-8 */

static void put_utf8(struct sbuf *b, uint32_t cp)
{
	char u[4];
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD; /* never emit NUL, surrogates or out-of-range */
	if (cp < 0x80) {
		sb_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		sb_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		sb_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		sb_add(b, u, 4);
	}
}

/* Length of the valid UTF-8 sequence at s (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0 when it is invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t k;
	unsigned char lo = 0x80, hi = 0xBF;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		k = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		k = 3;
		if (s[0] == 0xE0)
			lo = 0xA0;
		if (s[0] == 0xED)
			hi = 0x9F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		k = 4;
		if (s[0] == 0xF0)
			lo = 0x90;
		if (s[0] == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (n < k || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < k; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return k;
}

static int utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(u + i, n - i);
		if (k == 0 || u[i] == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* Appends s to b as valid UTF-8: invalid bytes become U+FFFD, NULs are
 * dropped (our strings are NUL-terminated). Returns the replacements made. */
static size_t utf8_clean(struct sbuf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t bad = 0;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(u + i, n - i);
		if (k == 0) {
			put_utf8(b, 0xFFFD);
			bad++;
			i++;
		} else {
			if (u[i] != 0)
				sb_add(b, u + i, k);
			i += k;
		}
	}
	return bad;
}

/* ---------------------------------------------------------------- charsets */

/* Runs iconv from `from` to UTF-8 over in[0..n) into b, replacing
 * undecodable bytes with U+FFFD. Returns -1 when the charset is unknown (b
 * untouched), else the number of replacements. strict: stop at the first
 * bad byte and return -1 (b may then hold a partial result: caller resets). */
static long iconv_to_utf8(struct sbuf *b, const char *in, size_t n, const char *from, int strict)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return -1;
	long bad = 0;
	char *ip = (char *)in; /* iconv's prototype is not const-correct */
	size_t il = n;
	while (il > 0) {
		if (sb_reserve(b, il * 4 + 16) < 0)
			break;
		char *op = b->p + b->len;
		size_t ol = b->cap - b->len - 1;
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		b->len = (size_t)(op - b->p);
		b->p[b->len] = '\0';
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		if (strict) {
			bad = -1;
			break;
		}
		/* EILSEQ or EINVAL (truncated at the end): skip one byte */
		put_utf8(b, 0xFFFD);
		bad++;
		ip++;
		il--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	return bad;
}

/* Rewrites ISO-2022-JP (with CP50220's NEC row 13 and NEC-selected IBM rows
 * 89-92, half-width katakana via ESC ( I or SO/SI) as CP932 bytes. Bytes
 * that are already 8-bit (mislabelled Shift_JIS) pass through unchanged,
 * which CP932 then decodes. JIS X 0212 characters (absent from CP932) are
 * written as a byte CP932 rejects, so they come out as U+FFFD. */
static void iso2022jp_to_cp932(struct sbuf *b, const unsigned char *s, size_t n)
{
	enum { ASCII, JIS0208, KANA, JIS0212 } mode = ASCII, saved = ASCII;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c == 0x1B && i + 2 < n) {
			if (s[i + 1] == '(' && (s[i + 2] == 'B' || s[i + 2] == 'J' || s[i + 2] == 'H')) {
				mode = ASCII;
				i += 2;
				continue;
			}
			if (s[i + 1] == '(' && s[i + 2] == 'I') {
				mode = KANA;
				i += 2;
				continue;
			}
			if (s[i + 1] == '$' && (s[i + 2] == 'B' || s[i + 2] == '@')) {
				mode = JIS0208;
				i += 2;
				continue;
			}
			if (s[i + 1] == '$' && s[i + 2] == '(' && i + 3 < n) {
				mode = s[i + 3] == 'D' ? JIS0212 : JIS0208;
				i += 3;
				continue;
			}
		}
		if (c == 0x0E) { /* SO: katakana until SI */
			saved = mode;
			mode = KANA;
			continue;
		}
		if (c == 0x0F) {
			mode = saved == KANA ? ASCII : saved;
			continue;
		}
		if (c == '\n' || c == '\r') { /* lines end in ASCII; be lenient */
			mode = ASCII;
			sb_addc(b, (char)c);
			continue;
		}
		if ((mode == JIS0208 || mode == JIS0212) && c >= 0x21 && c <= 0x7E && i + 1 < n && s[i + 1] >= 0x21 &&
		    s[i + 1] <= 0x7E) {
			unsigned j1 = c, j2 = s[i + 1];
			i++;
			if (mode == JIS0212) {
				sb_addc(b, (char)0xA0); /* invalid in CP932: yields U+FFFD */
				continue;
			}
			unsigned s1 = ((j1 + 1) >> 1) + (j1 <= 0x5E ? 0x70 : 0xB0);
			unsigned s2 = j2 + ((j1 & 1) ? (j2 < 0x60 ? 0x1F : 0x20) : 0x7E);
			sb_addc(b, (char)s1);
			sb_addc(b, (char)s2);
			continue;
		}
		if (mode == KANA && c >= 0x21 && c <= 0x5F) {
			sb_addc(b, (char)(c + 0x80));
			continue;
		}
		sb_addc(b, (char)c);
	}
}

/* Our name for a declared charset: the Japanese ones are widened to the
 * Microsoft supersets real mail uses. NULL means "guess". */
static const char *charset_canon(const char *cs, int *iso2022)
{
	*iso2022 = 0;
	if (!cs || !*cs)
		return NULL;
	char low[64];
	size_t n = strlen(cs);
	if (n >= sizeof low)
		return cs; /* no real charset name is this long; iconv will refuse */
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)g_ascii_tolower(cs[i]);
	if (strncmp(low, "iso-2022-jp", 11) == 0 || strcmp(low, "csiso2022jp") == 0 || strcmp(low, "cp50220") == 0 ||
	    strcmp(low, "cp50221") == 0 || strcmp(low, "cp50222") == 0) {
		*iso2022 = 1;
		return "CP932";
	}
	if (strcmp(low, "shift_jis") == 0 || strcmp(low, "shift-jis") == 0 || strcmp(low, "sjis") == 0 ||
	    strcmp(low, "x-sjis") == 0 || strcmp(low, "ms_kanji") == 0 || strcmp(low, "windows-31j") == 0 ||
	    strcmp(low, "cp932") == 0 || strcmp(low, "csshiftjis") == 0 || strcmp(low, "x-ms-cp932") == 0)
		return "CP932";
	if (strcmp(low, "euc-jp") == 0 || strcmp(low, "x-euc-jp") == 0 || strcmp(low, "eucjp") == 0 ||
	    strcmp(low, "euc-jp-ms") == 0)
		return "EUC-JP-MS";
	if (strcmp(low, "us-ascii") == 0 || strcmp(low, "ascii") == 0 || strcmp(low, "unknown-8bit") == 0 ||
	    strcmp(low, "x-unknown") == 0 || strcmp(low, "default") == 0)
		return NULL; /* often a lie: guess */
	if (strcmp(low, "utf8") == 0)
		return "UTF-8";
	if (strcmp(low, "iso-8859-1") == 0 || strcmp(low, "latin1") == 0)
		return "WINDOWS-1252"; /* what "latin1" mail really is */
	return cs;
}

/* Converts raw bytes to UTF-8 when no (usable) charset is known, trying in
 * order: UTF-8, ISO-2022-JP (if escape sequences are present), CP932,
 * EUC-JP, then Windows-1252 which accepts almost everything. */
static void guess_to_utf8(struct sbuf *b, const char *s, size_t n, unsigned *flags)
{
	if (n == 0)
		return; /* s may be NULL then (an empty GByteArray has no data) */
	if (utf8_valid(s, n) && !memchr(s, 0x1B, n)) {
		sb_add(b, s, n);
		return;
	}
	if (memchr(s, 0x1B, n)) {
		struct sbuf t = {0};
		iso2022jp_to_cp932(&t, (const unsigned char *)s, n);
		if (t.oom) {
			b->oom = 1;
			free(t.p);
			return;
		}
		if (iconv_to_utf8(b, t.p ? t.p : "", t.len, "CP932", 0) > 0)
			*flags |= MIME_BAD_CHARSET;
		free(t.p);
		return;
	}
	static const char *const order[] = {"CP932", "EUC-JP-MS"};
	size_t mark = b->len;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (iconv_to_utf8(b, s, n, order[i], 1) == 0)
			return;
		b->len = mark;
		if (b->p)
			b->p[mark] = '\0';
	}
	if (iconv_to_utf8(b, s, n, "WINDOWS-1252", 0) != 0) {
		b->len = mark;
		if (b->p)
			b->p[mark] = '\0';
		*flags |= MIME_BAD_CHARSET;
		utf8_clean(b, s, n);
	}
}

/* Appends s[0..n) in the declared charset cs (may be NULL) to b as UTF-8.
 * Unknown charsets and undecodable bytes set MIME_BAD_CHARSET. The result
 * still passes through utf8_clean so nothing invalid escapes. */
static void to_utf8(struct sbuf *b, const char *s, size_t n, const char *cs, unsigned *flags)
{
	if (n == 0)
		return; /* s may be NULL then */
	int iso2022;
	const char *canon = charset_canon(cs, &iso2022);
	struct sbuf t = {0};
	long bad;
	if (iso2022) {
		struct sbuf j = {0};
		iso2022jp_to_cp932(&j, (const unsigned char *)s, n);
		bad = j.oom ? 0 : iconv_to_utf8(&t, j.p ? j.p : "", j.len, "CP932", 0);
		if (j.oom)
			t.oom = 1;
		free(j.p);
	} else if (!canon) {
		guess_to_utf8(&t, s, n, flags);
		bad = 0;
	} else if (g_ascii_strcasecmp(canon, "UTF-8") == 0) {
		bad = (long)utf8_clean(&t, s, n);
	} else {
		bad = iconv_to_utf8(&t, s, n, canon, 0);
		if (bad < 0) {
			*flags |= MIME_BAD_CHARSET;
			guess_to_utf8(&t, s, n, flags);
			bad = 0;
		}
	}
	if (bad > 0)
		*flags |= MIME_BAD_CHARSET;
	if (t.oom)
		b->oom = 1;
	else if (utf8_clean(b, t.p ? t.p : "", t.len) > 0)
		*flags |= MIME_BAD_CHARSET;
	free(t.p);
}

/* ---------------------------------------------------------------- RFC 2047 */

#define MAX_WORD_TEXT 4096 /* bytes of encoded text in one encoded word */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = g_ascii_tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes one encoded-text (B or Q) into b. Lenient: bad base64 characters
 * are skipped, bad =XX escapes are kept literally. */
static void decode_word_text(struct sbuf *b, const char *s, size_t n, int q)
{
	if (q) {
		for (size_t i = 0; i < n; i++) {
			int h1, h2;
			if (s[i] == '_')
				sb_addc(b, ' ');
			else if (s[i] == '=' && i + 2 < n && (h1 = hexval(s[i + 1])) >= 0 &&
			         (h2 = hexval(s[i + 2])) >= 0) {
				sb_addc(b, (char)(h1 << 4 | h2));
				i += 2;
			} else
				sb_addc(b, s[i]);
		}
		return;
	}
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '=')
			break;
		const char *p = s[i] ? strchr(alpha, s[i]) : NULL;
		if (!p)
			continue;
		acc = (acc << 6 | (unsigned)(p - alpha)) & 0xFFFFFF;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			sb_addc(b, (char)(acc >> bits & 0xFF));
		}
	}
}

/* Recognises an encoded word at s (which starts with "=?"). On success sets
 * the charset (NUL-terminated, RFC 2231 language dropped), the encoding, the
 * text slice and returns the word's length; else 0. */
static size_t parse_word(const char *s, size_t n, char *cs, size_t cssz, int *q, const char **text, size_t *tlen)
{
	size_t i = 2, c0 = 2;
	while (i < n && i - c0 < cssz && s[i] != '?' && s[i] != ' ' && s[i] != '\t')
		i++;
	if (i >= n || s[i] != '?' || i == c0 || i - c0 >= cssz)
		return 0;
	memcpy(cs, s + c0, i - c0);
	cs[i - c0] = '\0';
	char *star = strchr(cs, '*');
	if (star)
		*star = '\0';
	if (i + 2 >= n || s[i + 2] != '?')
		return 0;
	int e = g_ascii_toupper(s[i + 1]);
	if (e != 'B' && e != 'Q')
		return 0;
	*q = e == 'Q';
	size_t t0 = i + 3;
	/* RFC 2047 allows 75 bytes; real mailers exceed that, but a bound keeps
	 * a header full of unterminated "=?" starts from costing O(n^2) */
	for (size_t k = t0; k + 1 < n && k - t0 < MAX_WORD_TEXT; k++) {
		if (s[k] == '?' && s[k + 1] == '=') {
			*text = s + t0;
			*tlen = k - t0;
			return k + 2;
		}
		if (s[k] == ' ' || s[k] == '\t')
			return 0; /* encoded words contain no whitespace */
	}
	return 0;
}

/*
 * Decodes an unfolded or folded raw header value to UTF-8 (RFC 2047 words,
 * raw 8-bit or raw ISO-2022-JP text). Adjacent encoded words in the same
 * charset are joined as bytes before conversion, so a character split
 * across two words (a common mailer bug) survives. Whitespace between
 * encoded words is dropped; the result is trimmed. Returns a new string or
 * NULL on OOM.
 */
static char *header_decode(const char *raw, size_t n, unsigned *flags)
{
	struct sbuf out = {0}, pend = {0}, lit = {0};
	char pcs[64] = "", cs[64];
	int have_pend = 0;
	size_t i = 0;
	while (i < n) {
		int q;
		const char *text;
		size_t tlen, wl = 0;
		if (raw[i] == '=' && i + 1 < n && raw[i + 1] == '?')
			wl = parse_word(raw + i, n - i, cs, sizeof cs, &q, &text, &tlen);
		if (wl) {
			/* literal text that is only whitespace between two words vanishes */
			int ws_only = 1;
			for (size_t k = 0; k < lit.len; k++)
				if (lit.p[k] != ' ' && lit.p[k] != '\t')
					ws_only = 0;
			if (!(have_pend && ws_only)) {
				if (have_pend) {
					to_utf8(&out, pend.p ? pend.p : "", pend.len, pcs, flags);
					pend.len = 0;
					have_pend = 0;
				}
				to_utf8(&out, lit.p ? lit.p : "", lit.len, NULL, flags);
			} else if (g_ascii_strcasecmp(pcs, cs) != 0) {
				to_utf8(&out, pend.p ? pend.p : "", pend.len, pcs, flags);
				pend.len = 0;
			}
			lit.len = 0;
			memcpy(pcs, cs, sizeof cs);
			have_pend = 1;
			decode_word_text(&pend, text, tlen, q);
			i += wl;
			continue;
		}
		if (raw[i] == '\r' || raw[i] == '\n') { /* unfold */
			i++;
			continue;
		}
		sb_addc(&lit, raw[i]);
		i++;
	}
	if (have_pend)
		to_utf8(&out, pend.p ? pend.p : "", pend.len, pcs, flags);
	to_utf8(&out, lit.p ? lit.p : "", lit.len, NULL, flags);
	int oom = pend.oom || lit.oom;
	free(pend.p);
	free(lit.p);
	if (oom)
		out.oom = 1;
	char *s = sb_take(&out);
	if (!s)
		return NULL;
	/* a header is one line: tabs left by folding, and control characters
	 * that decoded words may carry (Exchange puts a LF in them), read as
	 * spaces; then trim both ends */
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			*p = ' ';
	size_t a = 0, z = strlen(s);
	while (a < z && s[a] == ' ')
		a++;
	while (z > a && s[z - 1] == ' ')
		z--;
	memmove(s, s + a, z - a);
	s[z - a] = '\0';
	return s;
}

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
		while (i < n && i - d0 < 8 && (hex ? hexval(s[i]) >= 0 : (s[i] >= '0' && s[i] <= '9'))) {
			v = v * (hex ? 16 : 10) + (uint32_t)(hex ? hexval(s[i]) : s[i] - '0');
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
static void html_to_text(struct sbuf *b, const char *s, size_t n)
{
	struct sbuf t = {0};
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
				sb_addc(&t, '<');
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
				sb_addc(&t, '\n');
				space = 0;
			} else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
				if (!space)
					sb_addc(&t, ' ');
				space = 1;
			}
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			if (!space)
				sb_addc(&t, ' ');
			space = 1;
			i++;
			continue;
		}
		space = 0;
		uint32_t cp;
		size_t el = c == '&' ? html_entity(s + i, n - i, &cp) : 0;
		if (el) {
			put_utf8(&t, cp == 0xA0 ? ' ' : cp);
			i += el;
		} else {
			sb_addc(&t, c);
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
				sb_add(b, "\n\n", nl > 1 ? 2 : 1);
			else if (pend_space)
				sb_addc(b, ' ');
		}
		nl = 0;
		pend_space = 0;
		sb_addc(b, c);
	}
	free(t.p);
}

/* -------------------------------------------------------------- the parse */

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

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
}

struct ctx {
	const struct mime_limits *l;
	struct mime_message *m;
	size_t nparts;
	char *plain, *html; /* UTF-8 candidates for body_text */
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
	struct sbuf f = {0}, t = {0};
	unsigned junk = 0;
	if (fn)
		to_utf8(&f, fn, strlen(fn), "UTF-8", &junk);
	utf8_clean(&t, type, strlen(type));
	a->filename = sb_take(&f);
	a->declared_type = sb_take(&t);
	GByteArray *ba = part_bytes(obj);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, ba->data, ba->len);
	sodium_bin2hex(a->sha256, sizeof a->sha256, h, sizeof h);
	a->size = ba->len;
	g_byte_array_unref(ba);
	if (!a->filename || !a->declared_type) {
		free(a->filename);
		free(a->declared_type);
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
	struct sbuf u = {0}, out = {0};
	to_utf8(&u, (const char *)ba->data, ba->len, cs, flags);
	g_byte_array_unref(ba);
	if (!html)
		return sb_take(&u);
	if (u.oom) {
		free(u.p);
		return NULL;
	}
	html_to_text(&out, u.p ? u.p : "", u.len);
	free(u.p);
	return sb_take(&out);
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
	}
	g_free(low);
}

/* Copies the first max_total bytes with every CRLF and bare CR turned into
 * LF; the copy is g_malloc'd for a GByteArray. */
static GByteArray *normalise(const char *data, size_t len)
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
	return g_byte_array_new_take(p, o);
}

/* The raw value of every header named name, joined by "\n", or NULL. */
static char *raw_header(GMimeHeaderList *hl, const char *name, int all)
{
	struct sbuf b = {0};
	int n = g_mime_header_list_get_count(hl), found = 0;
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), name) != 0)
			continue;
		const char *v = g_mime_header_get_raw_value(h);
		if (!v)
			continue;
		if (found++)
			sb_addc(&b, '\n');
		sb_add(&b, v, strlen(v));
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
		char *v = header_decode(raw, n, &m->flags);
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
			struct sbuf b = {0};
			utf8_clean(&b, addr, strlen(addr));
			char *s = sb_take(&b);
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
	GByteArray *ba = normalise(data, len);
	GMimeStream *st = g_mime_stream_mem_new_with_byte_array(ba); /* takes ba */
	GMimeParser *parser = g_mime_parser_new_with_stream(st);
	GMimeParserOptions *po = g_mime_parser_options_new();
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
		struct sbuf b = {0};
		to_utf8(&b, (const char *)ba->data, ba->len, NULL, &m->flags);
		free(m->body_text);
		m->body_text = sb_take(&b);
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
		g_object_unref(msg);
	}
	free(c.plain);
	free(c.html);
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
		json_t *j = json_pack("{s:s, s:s, s:I, s:s}", "filename", a->filename, "declared_type",
		                      a->declared_type, "size", (json_int_t)a->size, "sha256", a->sha256);
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
