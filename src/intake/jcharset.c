/*
 * jcharset.c - Japanese-aware text decoding for the mail parser (issue 4),
 * split out of mime.c: bytes in some declared (or lying, or missing)
 * charset in, valid UTF-8 out.
 *
 * Japanese mail as Japanese mailers actually send it: ISO-2022-JP carrying
 * NEC special and IBM extended characters (Microsoft's CP50220, which glibc
 * iconv does not know: JIS rows are rewritten to Shift_JIS and converted
 * with glibc's CP932), Shift_JIS labelled as anything, EUC-JP (as
 * EUC-JP-MS), and RFC 2047 headers whose encoded words split a multi-byte
 * character across two words or carry raw 8-bit or raw ISO-2022-JP text.
 * glibc iconv does the table work; this file only chooses and repairs.
 *
 * Pure functions, no global state (iconv descriptors are opened per call),
 * thread-safe.
 */
#include "intake/jcharset.h"

#include <errno.h>
#include <glib.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- buffers */

int jcs_reserve(struct jcs_buf *b, size_t more)
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

void jcs_add(struct jcs_buf *b, const void *s, size_t n)
{
	if (n == 0 || jcs_reserve(b, n) < 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void jcs_addc(struct jcs_buf *b, char c)
{
	jcs_add(b, &c, 1);
}

/* Returns the NUL-terminated contents (never NULL unless OOM) and resets b. */
char *jcs_take(struct jcs_buf *b)
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

void jcs_put_utf8(struct jcs_buf *b, uint32_t cp)
{
	char u[4];
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD; /* never emit NUL, surrogates or out-of-range */
	if (cp < 0x80) {
		jcs_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		jcs_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		jcs_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		jcs_add(b, u, 4);
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
size_t jcs_utf8_clean(struct jcs_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t bad = 0;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(u + i, n - i);
		if (k == 0) {
			jcs_put_utf8(b, 0xFFFD);
			bad++;
			i++;
		} else {
			if (u[i] != 0)
				jcs_add(b, u + i, k);
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
static long iconv_to_utf8(struct jcs_buf *b, const char *in, size_t n, const char *from, int strict)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return -1;
	long bad = 0;
	char *ip = (char *)in; /* iconv's prototype is not const-correct */
	size_t il = n;
	while (il > 0) {
		if (jcs_reserve(b, il * 4 + 16) < 0)
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
		jcs_put_utf8(b, 0xFFFD);
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
static void iso2022jp_to_cp932(struct jcs_buf *b, const unsigned char *s, size_t n)
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
			jcs_addc(b, (char)c);
			continue;
		}
		if ((mode == JIS0208 || mode == JIS0212) && c >= 0x21 && c <= 0x7E && i + 1 < n && s[i + 1] >= 0x21 &&
		    s[i + 1] <= 0x7E) {
			unsigned j1 = c, j2 = s[i + 1];
			i++;
			if (mode == JIS0212) {
				jcs_addc(b, (char)0xA0); /* invalid in CP932: yields U+FFFD */
				continue;
			}
			unsigned s1 = ((j1 + 1) >> 1) + (j1 <= 0x5E ? 0x70 : 0xB0);
			unsigned s2 = j2 + ((j1 & 1) ? (j2 < 0x60 ? 0x1F : 0x20) : 0x7E);
			jcs_addc(b, (char)s1);
			jcs_addc(b, (char)s2);
			continue;
		}
		if (mode == KANA && c >= 0x21 && c <= 0x5F) {
			jcs_addc(b, (char)(c + 0x80));
			continue;
		}
		jcs_addc(b, (char)c);
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
static void guess_to_utf8(struct jcs_buf *b, const char *s, size_t n, int *bad)
{
	if (n == 0)
		return; /* s may be NULL then (an empty GByteArray has no data) */
	if (utf8_valid(s, n) && !memchr(s, 0x1B, n)) {
		jcs_add(b, s, n);
		return;
	}
	if (memchr(s, 0x1B, n)) {
		struct jcs_buf t = {0};
		iso2022jp_to_cp932(&t, (const unsigned char *)s, n);
		if (t.oom) {
			b->oom = 1;
			free(t.p);
			return;
		}
		if (iconv_to_utf8(b, t.p ? t.p : "", t.len, "CP932", 0) > 0)
			*bad = 1;
		free(t.p);
		return;
	}
	/* Japanese Shift_JIS text is full of lead bytes 0x81-0x9F (kana,
	 * most kanji) that EUC-JP never uses (except SS2/SS3 0x8E/0x8F); EUC-JP
	 * is mostly valid CP932 too (as half-width katakana), so without such
	 * bytes EUC-JP is tried first */
	int sjis_lead = 0;
	for (size_t i = 0; i < n && !sjis_lead; i++) {
		unsigned char c = (unsigned char)s[i];
		sjis_lead = c >= 0x81 && c <= 0x9F && c != 0x8E && c != 0x8F;
	}
	const char *const order[] = {sjis_lead ? "CP932" : "EUC-JP-MS", sjis_lead ? "EUC-JP-MS" : "CP932"};
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
		*bad = 1;
		jcs_utf8_clean(b, s, n);
	}
}

/* Appends s[0..n) in the declared charset cs (may be NULL) to b as UTF-8.
 * Unknown charsets and undecodable bytes set *bad. The result
 * still passes through jcs_utf8_clean so nothing invalid escapes. */
void jcs_to_utf8(struct jcs_buf *b, const char *s, size_t n, const char *cs, int *bad)
{
	if (n == 0)
		return; /* s may be NULL then */
	int iso2022;
	const char *canon = charset_canon(cs, &iso2022);
	struct jcs_buf t = {0};
	long nbad;
	if (iso2022) {
		struct jcs_buf j = {0};
		iso2022jp_to_cp932(&j, (const unsigned char *)s, n);
		nbad = j.oom ? 0 : iconv_to_utf8(&t, j.p ? j.p : "", j.len, "CP932", 0);
		if (j.oom)
			t.oom = 1;
		free(j.p);
	} else if (!canon) {
		guess_to_utf8(&t, s, n, bad);
		nbad = 0;
	} else if (g_ascii_strcasecmp(canon, "UTF-8") == 0) {
		nbad = (long)jcs_utf8_clean(&t, s, n);
	} else {
		nbad = iconv_to_utf8(&t, s, n, canon, 0);
		if (nbad < 0) {
			*bad = 1;
			guess_to_utf8(&t, s, n, bad);
			nbad = 0;
		}
	}
	if (nbad > 0)
		*bad = 1;
	if (t.oom)
		b->oom = 1;
	else if (jcs_utf8_clean(b, t.p ? t.p : "", t.len) > 0)
		*bad = 1;
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
static void decode_word_text(struct jcs_buf *b, const char *s, size_t n, int q)
{
	if (q) {
		for (size_t i = 0; i < n; i++) {
			int h1, h2;
			if (s[i] == '_')
				jcs_addc(b, ' ');
			else if (s[i] == '=' && i + 2 < n && (h1 = hexval(s[i + 1])) >= 0 &&
			         (h2 = hexval(s[i + 2])) >= 0) {
				jcs_addc(b, (char)(h1 << 4 | h2));
				i += 2;
			} else
				jcs_addc(b, s[i]);
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
			jcs_addc(b, (char)(acc >> bits & 0xFF));
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
char *jcs_header_decode(const char *raw, size_t n, int *bad)
{
	struct jcs_buf out = {0}, pend = {0}, lit = {0};
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
					jcs_to_utf8(&out, pend.p ? pend.p : "", pend.len, pcs, bad);
					pend.len = 0;
					have_pend = 0;
				}
				jcs_to_utf8(&out, lit.p ? lit.p : "", lit.len, NULL, bad);
			} else if (g_ascii_strcasecmp(pcs, cs) != 0) {
				jcs_to_utf8(&out, pend.p ? pend.p : "", pend.len, pcs, bad);
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
		jcs_addc(&lit, raw[i]);
		i++;
	}
	if (have_pend)
		jcs_to_utf8(&out, pend.p ? pend.p : "", pend.len, pcs, bad);
	jcs_to_utf8(&out, lit.p ? lit.p : "", lit.len, NULL, bad);
	int oom = pend.oom || lit.oom;
	free(pend.p);
	free(lit.p);
	if (oom)
		out.oom = 1;
	char *s = jcs_take(&out);
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
