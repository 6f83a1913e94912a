/*
 * observable.c - indicator (IOC) extraction, normalisation and defanging.
 *
 * Extraction runs in three steps over the caller's bytes:
 *   1. refang: a copy of the text with the defang spellings ([.] (dot) [@]
 *      [:] [://] hxxp fxp ...) undone, with a per-byte flag remembering
 *      which bytes came from a defang, so each result can say "defanged";
 *   2. scan: URLs are taken first (scheme to the first byte that cannot be
 *      in a URL, minus trailing punctuation), then maximal ASCII tokens of
 *      [A-Za-z0-9._-:@+%/\] are classified. Non-ASCII bytes always end a
 *      token, which is what lets "送信元IPは192.0.2.1です。" work; IDNs are
 *      recovered by extending a token left over non-ASCII letters (see
 *      idn_extend);
 *   3. every candidate goes through observable_normalize(), so an extracted
 *      value is by construction a normalised one.
 * False positives are avoided by classification on the whole token: a
 * dotted token of digits is an IPv4 address or nothing (so versions and
 * dates are nothing), a domain needs an alphabetic TLD that is not a file
 * extension, a hash must be the whole token, paths (\ or leading /) are
 * skipped. Pure: no I/O; libidn2 only converts IDNs to punycode.
 */
#include "core/observable.h"

#include <arpa/inet.h>
#include <idn2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const type_names[OBSERVABLE_TYPE_COUNT] = {"ipv4",  "ipv6", "cidr", "domain", "url",
                                                              "email", "md5",  "sha1", "sha256", "cve"};

/* "TLDs" that are far more often file extensions: invoice.pdf is not a domain. */
static const char *const file_exts[] = {
        "exe", "dll", "pdf", "doc", "docx", "xls",  "xlsx", "zip", "txt", "png", "jpg", "js",   "html", "htm",
        "php", "py",  "sh",  "log", "ini",  "json", "xml",  "bat", "ps1", "vbs", "lnk", "iso",  "img",  "bin",
        "dat", "tmp", "bak", "csv", "gif",  "jpeg", "rar",  "gz",  "msi", "jar", "ppt", "pptx", "rtf",  "hta",
        "cmd", "scr", "sys", "cfg", "conf", "yml",  "yaml", "eml", "msg", "css", "svg", "docm", "xlsm", "pcap",
};

const char *observable_type_name(enum observable_type t)
{
	if ((int)t < 0 || (int)t >= OBSERVABLE_TYPE_COUNT)
		return "";
	return type_names[t];
}

/* ---- small helpers ---------------------------------------------------- */

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(unsigned char c)
{
	return is_alpha(c) || is_digit(c);
}

static int is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static char upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* Copy n bytes and a NUL into out; -1 if it does not fit. */
static int put(char *out, size_t outlen, const char *s, size_t n)
{
	if (n >= outlen)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* Case-insensitive prefix match of the ASCII pattern p at s[0..n). */
static int match_ci(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);
	if (m > n)
		return 0;
	for (size_t i = 0; i < m; i++)
		if (lower(s[i]) != p[i])
			return 0;
	return 1;
}

/* ---- refang ------------------------------------------------------------ */

static const struct {
	const char *pat;
	const char *rep;
} defangs[] = {
        {"[://]", "://"}, {"[.]", "."}, {"(.)", "."},  {"{.}", "."},  {"[dot]", "."}, {"(dot)", "."},
        {"{dot}", "."},   {"[@]", "@"}, {"(at)", "@"}, {"[at]", "@"}, {"{at}", "@"},  {"[:]", ":"},
};

/*
 * One refang pass over s[0..n) into out (room for n bytes); flag[i] (if
 * not NULL) is set for output bytes produced by a substitution. Returns
 * the output length; *changed tells whether a bracket form was replaced.
 */
static size_t refang_pass(const char *s, size_t n, char *out, unsigned char *flag, int *changed)
{
	size_t o = 0;
	*changed = 0;
	for (size_t i = 0; i < n;) {
		size_t k, plen = 0;
		const char *rep = NULL;
		if (s[i] == '[' || s[i] == '(' || s[i] == '{') {
			for (k = 0; k < sizeof defangs / sizeof defangs[0]; k++)
				if (match_ci(s + i, n - i, defangs[k].pat)) {
					plen = strlen(defangs[k].pat);
					rep = defangs[k].rep;
					break;
				}
		}
		if (rep) {
			size_t rl = strlen(rep);
			for (k = 0; k < rl; k++) {
				out[o] = rep[k];
				if (flag)
					flag[o] = 1;
				o++;
			}
			i += plen;
			*changed = 1;
			continue;
		}
		if (flag)
			flag[o] = 0;
		out[o++] = s[i++];
	}
	/* hxxp(s):// → http(s)://, fxp:// → ftp://: same length, in place. */
	for (size_t i = 0; i < o; i++) {
		if (match_ci(out + i, o - i, "hxxp://") || match_ci(out + i, o - i, "hxxps://")) {
			out[i + 1] = out[i + 2] = 't';
			out[i] = 'h';
			if (flag)
				flag[i] = flag[i + 1] = flag[i + 2] = flag[i + 3] = 1;
		} else if (match_ci(out + i, o - i, "fxp://")) {
			out[i + 1] = 't';
			if (flag)
				flag[i] = flag[i + 1] = flag[i + 2] = 1;
		}
	}
	return o;
}

/* ---- type validators / normalisers on slices --------------------------- */

/* Strict dotted quad, octets 0-255 without leading zeros. */
static int norm_ipv4(const char *s, size_t n, char *out, size_t outlen)
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		size_t st = i;
		unsigned v = 0;
		while (i < n && is_digit((unsigned char)s[i]) && i - st < 3)
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i == st || v > 255 || (s[st] == '0' && i - st > 1))
			return -1;
		if (part < 3) {
			if (i >= n || s[i] != '.')
				return -1;
			i++;
		}
	}
	if (i != n)
		return -1;
	return put(out, outlen, s, n);
}

/* Any inet_pton form; RFC 5952 text from inet_ntop. No zone ids. */
static int norm_ipv6(const char *s, size_t n, char *out, size_t outlen)
{
	char buf[64];
	unsigned char a[16];
	char txt[INET6_ADDRSTRLEN];
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, a) != 1 || !inet_ntop(AF_INET6, a, txt, sizeof txt))
		return -1;
	return put(out, outlen, txt, strlen(txt));
}

static int norm_cidr(const char *s, size_t n, char *out, size_t outlen)
{
	const char *slash = memchr(s, '/', n);
	char addr[INET6_ADDRSTRLEN];
	size_t pl, al;
	unsigned v = 0, maxp;
	if (!slash)
		return -1;
	pl = n - (size_t)(slash - s) - 1;
	if (pl == 0 || pl > 3 || (slash[1] == '0' && pl > 1))
		return -1;
	for (size_t i = 1; i <= pl; i++) {
		if (!is_digit((unsigned char)slash[i]))
			return -1;
		v = v * 10 + (unsigned)(slash[i] - '0');
	}
	if (norm_ipv4(s, (size_t)(slash - s), addr, sizeof addr) == 0)
		maxp = 32;
	else if (norm_ipv6(s, (size_t)(slash - s), addr, sizeof addr) == 0)
		maxp = 128;
	else
		return -1;
	if (v > maxp)
		return -1;
	al = strlen(addr);
	if (al + 1 + pl >= outlen)
		return -1;
	memcpy(out, addr, al);
	out[al] = '/';
	memcpy(out + al + 1, slash + 1, pl);
	out[al + 1 + pl] = '\0';
	return 0;
}

static int is_file_ext(const char *tld, size_t n)
{
	for (size_t k = 0; k < sizeof file_exts / sizeof file_exts[0]; k++)
		if (strlen(file_exts[k]) == n && strncasecmp(tld, file_exts[k], n) == 0)
			return 1;
	return 0;
}

/*
 * Validate a lower-case ASCII host name: >= 2 labels of [a-z0-9-] (1-63,
 * no edge hyphen), <= 253 bytes, TLD of 2-63 letters or xn--..., and
 * unless allow_ext the TLD is not a common file extension.
 */
static int valid_ascii_domain(const char *s, size_t n, int allow_ext)
{
	size_t labels = 0, st = 0;
	if (n == 0 || n > 253)
		return -1;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			unsigned char c = (unsigned char)s[i];
			if (!(is_digit(c) || (c >= 'a' && c <= 'z') || c == '-'))
				return -1;
			continue;
		}
		size_t ll = i - st;
		if (ll == 0 || ll > 63 || s[st] == '-' || s[i - 1] == '-')
			return -1;
		labels++;
		if (i == n) {
			const char *tld = s + st;
			if (ll > 4 && memcmp(tld, "xn--", 4) == 0)
				break;
			if (ll < 2)
				return -1;
			for (size_t k = 0; k < ll; k++)
				if (!is_alpha((unsigned char)tld[k]))
					return -1;
			if (!allow_ext && is_file_ext(tld, ll))
				return -1;
		}
		st = i + 1;
	}
	return labels >= 2 ? 0 : -1;
}

/* Domain: lower-cased, trailing dot dropped, IDN converted to punycode. */
static int norm_domain(const char *s, size_t n, char *out, size_t outlen, int allow_ext)
{
	char buf[256];
	int ascii = 1;
	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n >= sizeof buf * 4)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			ascii = 0;
	if (ascii) {
		if (n >= sizeof buf)
			return -1;
		for (size_t i = 0; i < n; i++)
			buf[i] = lower(s[i]);
		buf[n] = '\0';
	} else {
		char in[1024];
		char *res = NULL;
		size_t rl;
		if (n >= sizeof in || memchr(s, '\0', n))
			return -1;
		memcpy(in, s, n);
		in[n] = '\0';
		if (idn2_to_ascii_8z(in, &res, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK) {
			idn2_free(res);
			return -1;
		}
		rl = strlen(res);
		if (rl >= sizeof buf) {
			idn2_free(res);
			return -1;
		}
		for (size_t i = 0; i < rl; i++)
			buf[i] = lower(res[i]);
		buf[rl] = '\0';
		idn2_free(res);
		n = rl;
		if (n > 0 && buf[n - 1] == '.')
			buf[--n] = '\0';
	}
	if (valid_ascii_domain(buf, n, allow_ext) != 0)
		return -1;
	return put(out, outlen, buf, n);
}

static int is_local_char(unsigned char c)
{
	return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static int norm_email(const char *s, size_t n, char *out, size_t outlen)
{
	const char *at = memchr(s, '@', n);
	size_t ll;
	char dom[256];
	if (!at)
		return -1;
	ll = (size_t)(at - s);
	if (ll == 0 || ll > 64 || s[0] == '.' || s[ll - 1] == '.')
		return -1;
	for (size_t i = 0; i < ll; i++)
		if (!is_local_char((unsigned char)s[i]) || (s[i] == '.' && s[i + 1] == '.'))
			return -1;
	if (norm_domain(at + 1, n - ll - 1, dom, sizeof dom, 0) != 0)
		return -1;
	size_t dl = strlen(dom);
	if (ll + 1 + dl >= outlen)
		return -1;
	memcpy(out, s, ll);
	out[ll] = '@';
	memcpy(out + ll + 1, dom, dl + 1);
	return 0;
}

static int norm_hash(const char *s, size_t n, size_t want, char *out, size_t outlen)
{
	int alpha = 0;
	if (n != want || n >= outlen)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!is_hex((unsigned char)s[i]))
			return -1;
		if (!is_digit((unsigned char)s[i]))
			alpha = 1;
		out[i] = lower(s[i]);
	}
	out[n] = '\0';
	/* All digits is a number (a phone, an id), not a hash. */
	return alpha ? 0 : -1;
}

/* CVE-YYYY-NNNN..., 4-10 sequence digits (MITRE uses 4-7 today). */
static int norm_cve(const char *s, size_t n, char *out, size_t outlen)
{
	if (n < 13 || n > 19 || !match_ci(s, n, "cve-") || s[8] != '-' || n >= outlen)
		return -1;
	for (size_t i = 4; i < n; i++)
		if (i != 8 && !is_digit((unsigned char)s[i]))
			return -1;
	for (size_t i = 0; i < n; i++)
		out[i] = upper(s[i]);
	out[n] = '\0';
	return 0;
}

/* Bytes allowed in a URL after the host (RFC 3986 minus brackets). */
static int is_url_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr("<>\"'`{}|\\^[]", c);
}

/*
 * URL: http/https/ftp, host lower-cased (domain with any TLD, IPv4 or
 * [IPv6]), optional userinfo and port kept, rest copied verbatim.
 */
static int norm_url(const char *s, size_t n, char *out, size_t outlen)
{
	char buf[OBSERVABLE_MAX_VALUE + 1];
	char host[256];
	size_t sl, o, i, ae, hs, he;
	if (match_ci(s, n, "http://"))
		sl = 4;
	else if (match_ci(s, n, "https://"))
		sl = 5;
	else if (match_ci(s, n, "ftp://"))
		sl = 3;
	else
		return -1;
	if (n > OBSERVABLE_MAX_VALUE)
		return -1;
	for (o = 0; o < sl; o++)
		buf[o] = lower(s[o]);
	memcpy(buf + o, "://", 3);
	o += 3;
	i = sl + 3;
	for (ae = i; ae < n && s[ae] != '/' && s[ae] != '?' && s[ae] != '#'; ae++)
		;
	hs = i;
	for (size_t k = i; k < ae; k++)
		if (s[k] == '@')
			hs = k + 1;
	for (size_t k = i; k < hs; k++) { /* userinfo kept verbatim */
		if (!is_url_char((unsigned char)s[k]))
			return -1;
		buf[o++] = s[k];
	}
	if (hs < ae && s[hs] == '[') {
		const char *rb = memchr(s + hs, ']', ae - hs);
		if (!rb || norm_ipv6(s + hs + 1, (size_t)(rb - s) - hs - 1, host, sizeof host) != 0)
			return -1;
		he = (size_t)(rb - s) + 1;
		size_t hl = strlen(host);
		buf[o++] = '[';
		memcpy(buf + o, host, hl);
		o += hl;
		buf[o++] = ']';
	} else {
		for (he = hs; he < ae && s[he] != ':'; he++)
			;
		if (norm_ipv4(s + hs, he - hs, host, sizeof host) != 0 &&
		    norm_domain(s + hs, he - hs, host, sizeof host, 1) != 0)
			return -1;
		size_t hl = strlen(host);
		memcpy(buf + o, host, hl);
		o += hl;
	}
	if (he < ae) { /* port */
		unsigned v = 0;
		if (s[he] != ':' || ae - he < 2 || ae - he > 6)
			return -1;
		for (size_t k = he + 1; k < ae; k++) {
			if (!is_digit((unsigned char)s[k]))
				return -1;
			v = v * 10 + (unsigned)(s[k] - '0');
		}
		if (v > 65535)
			return -1;
		memcpy(buf + o, s + he, ae - he);
		o += ae - he;
	}
	for (size_t k = ae; k < n; k++) {
		if (!is_url_char((unsigned char)s[k]))
			return -1;
		buf[o++] = s[k];
	}
	return put(out, outlen, buf, o);
}

/* Dispatch on type over an already refanged slice. */
static int norm_slice(enum observable_type t, const char *s, size_t n, char *out, size_t outlen)
{
	switch (t) {
	case OBS_IPV4: return norm_ipv4(s, n, out, outlen);
	case OBS_IPV6: return memchr(s, '/', n) ? -1 : norm_ipv6(s, n, out, outlen);
	case OBS_CIDR: return norm_cidr(s, n, out, outlen);
	case OBS_DOMAIN: return norm_domain(s, n, out, outlen, 0);
	case OBS_URL: return norm_url(s, n, out, outlen);
	case OBS_EMAIL: return norm_email(s, n, out, outlen);
	case OBS_MD5: return norm_hash(s, n, 32, out, outlen);
	case OBS_SHA1: return norm_hash(s, n, 40, out, outlen);
	case OBS_SHA256: return norm_hash(s, n, 64, out, outlen);
	case OBS_CVE: return norm_cve(s, n, out, outlen);
	}
	return -1;
}

int observable_normalize(enum observable_type t, const char *in, char *out, size_t outlen)
{
	char a[OBSERVABLE_MAX_VALUE + 1], b[OBSERVABLE_MAX_VALUE + 1];
	size_t n;
	int changed;
	if (!in || !out || outlen == 0)
		return -1;
	n = strlen(in);
	if (n > OBSERVABLE_MAX_VALUE)
		return -1;
	memcpy(a, in, n);
	/* Refang to a fixpoint: "((.))" must become "." so normalising is idempotent. */
	do {
		n = refang_pass(a, n, b, NULL, &changed);
		memcpy(a, b, n);
	} while (changed);
	return norm_slice(t, a, n, out, outlen);
}

/* ---- extraction ---------------------------------------------------------- */

struct ctx {
	const char *b;             /* refanged text */
	const unsigned char *flag; /* defang flag per byte of b */
	size_t n;
	size_t max;
	struct observable_list *out;
	size_t cap;
	int truncated;
	int oom;
	size_t *slots; /* open-addressing set of item index + 1 (0 = empty), for dedupe */
	size_t nslots; /* power of two, kept above 2 * count */
};

static size_t hash_item(enum observable_type t, const char *v)
{
	size_t h = (size_t)14695981039346656037ULL ^ (size_t)t; /* FNV-1a */
	for (; *v; v++)
		h = (h ^ (unsigned char)*v) * (size_t)1099511628211ULL;
	return h;
}

/* Slot holding (t, v), or the empty slot where it would go. */
static size_t *find_slot(struct ctx *c, enum observable_type t, const char *v)
{
	size_t m = c->nslots - 1;
	for (size_t i = hash_item(t, v) & m;; i = (i + 1) & m) {
		size_t k = c->slots[i];
		if (k == 0)
			return &c->slots[i];
		const struct observable *o = &c->out->items[k - 1];
		if (o->type == t && strcmp(o->value, v) == 0)
			return &c->slots[i];
	}
}

/* Double the set; -1 on OOM. */
static int grow_set(struct ctx *c)
{
	size_t n = c->nslots ? c->nslots * 2 : 64;
	size_t *ns = calloc(n, sizeof *ns);
	size_t *old = c->slots;
	if (!ns)
		return -1;
	c->slots = ns;
	c->nslots = n;
	for (size_t i = 0; i < c->out->count; i++)
		*find_slot(c, c->out->items[i].type, c->out->items[i].value) = i + 1;
	free(old);
	return 0;
}

/* Normalise candidate b[s..e) as type t and add it (dedup). 1 if added/known. */
static int add(struct ctx *c, enum observable_type t, size_t s, size_t e)
{
	char cand[OBSERVABLE_MAX_VALUE + 1], val[OBSERVABLE_MAX_VALUE + 1];
	int df = 0;
	if (e <= s || e - s > OBSERVABLE_MAX_VALUE)
		return 0;
	memcpy(cand, c->b + s, e - s);
	cand[e - s] = '\0';
	if (observable_normalize(t, cand, val, sizeof val) != 0)
		return 0;
	for (size_t i = s; i < e; i++)
		df |= c->flag[i];
	if (2 * (c->out->count + 1) >= c->nslots && grow_set(c) != 0) {
		c->oom = 1;
		return 0;
	}
	size_t *slot = find_slot(c, t, val);
	if (*slot) {
		c->out->items[*slot - 1].defanged |= df;
		return 1;
	}
	if (c->out->count >= c->max) {
		c->truncated = 1;
		return 1;
	}
	if (c->out->count == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 16;
		struct observable *ni = realloc(c->out->items, nc * sizeof *ni);
		if (!ni) {
			c->oom = 1;
			return 0;
		}
		c->out->items = ni;
		c->cap = nc;
	}
	char *v = strdup(val);
	if (!v) {
		c->oom = 1;
		return 0;
	}
	c->out->items[c->out->count++] = (struct observable){t, v, df};
	*slot = c->out->count;
	return 1;
}

static int is_tok_char(unsigned char c)
{
	return is_alnum(c) || (c && strchr("._-:@+%/\\", c));
}

/* A URL starts at i: scheme, not glued to a preceding letter or digit. */
static size_t url_start(const char *b, size_t n, size_t i)
{
	if (i > 0 && is_alnum((unsigned char)b[i - 1]))
		return 0;
	if (match_ci(b + i, n - i, "http://") || match_ci(b + i, n - i, "https://") || match_ci(b + i, n - i, "ftp://"))
		return 1;
	return 0;
}

static int is_idn_letter(uint32_t cp);
static int is_cjk(uint32_t cp);

/* Decode the code point starting at b[i] (i < n); *len gets its byte length (>= 1). */
static uint32_t next_cp(const char *b, size_t n, size_t i, size_t *len)
{
	unsigned char c0 = (unsigned char)b[i];
	size_t l = c0 >= 0xF0 ? 4 : c0 >= 0xE0 ? 3 : c0 >= 0xC0 ? 2 : 1;
	uint32_t cp = l == 4 ? c0 & 0x07u : l == 3 ? c0 & 0x0Fu : c0 & 0x1Fu;
	*len = 1;
	if (c0 < 0x80)
		return c0;
	if (l == 1 || i + l > n)
		return 0xFFFD;
	for (size_t j = i + 1; j < i + l; j++) {
		if (((unsigned char)b[j] & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | ((unsigned char)b[j] & 0x3Fu);
	}
	*len = l;
	return cp;
}

/*
 * Extract the URL at i; returns the end of the consumed span. The host
 * may hold IDN letters (http://例え.jp/); the rest of the URL is ASCII, so
 * Japanese text right after a URL ends it.
 */
static size_t take_url(struct ctx *c, size_t i)
{
	size_t e = i, end;
	const char *sep = memchr(c->b + i, ':', c->n - i); /* url_start guaranteed "://" */
	e = (size_t)(sep - c->b) + 3;
	while (e < c->n && !strchr("/?#", c->b[e])) { /* authority */
		size_t l;
		uint32_t cp;
		if (is_url_char((unsigned char)c->b[e]) || c->b[e] == '[' || c->b[e] == ']')
			e++;
		else if ((unsigned char)c->b[e] >= 0x80 && is_idn_letter(cp = next_cp(c->b, c->n, e, &l)) &&
		         !(is_cjk(cp) && is_alnum((unsigned char)c->b[e - 1])))
			e += l; /* "http://example.comです": CJK glued to ASCII ends the host */
		else
			break;
	}
	while (e < c->n && (is_url_char((unsigned char)c->b[e]) || c->b[e] == '[' || c->b[e] == ']'))
		e++;
	end = e;
	/* Drop trailing punctuation; a closing bracket only if unbalanced. */
	while (e > i) {
		char ch = c->b[e - 1];
		if (strchr(".,;:!?*", ch)) {
			e--;
		} else if (ch == ')' || ch == ']') {
			char op = ch == ')' ? '(' : '[';
			int bal = 0;
			for (size_t k = i; k < e; k++)
				bal += c->b[k] == op ? 1 : c->b[k] == ch ? -1 : 0;
			if (bal >= 0)
				break;
			e--;
		} else {
			break;
		}
	}
	add(c, OBS_URL, i, e);
	return end;
}

/* Decode the code point ending just before byte i (i > 0); *start gets its first byte. */
static uint32_t prev_cp(const char *b, size_t i, size_t *start)
{
	size_t s = i - 1;
	uint32_t cp;
	int k = 0;
	while (s > 0 && k < 3 && ((unsigned char)b[s] & 0xC0) == 0x80) {
		s--;
		k++;
	}
	unsigned char c0 = (unsigned char)b[s];
	if (c0 < 0x80) {
		*start = i - 1;
		return c0;
	}
	int len = c0 >= 0xF0 ? 4 : c0 >= 0xE0 ? 3 : c0 >= 0xC0 ? 2 : 1;
	if ((size_t)len != i - s) {
		*start = i - 1;
		return 0xFFFD; /* malformed: treat as a delimiter below */
	}
	cp = len == 4 ? c0 & 0x07u : len == 3 ? c0 & 0x0Fu : c0 & 0x1Fu;
	for (size_t j = s + 1; j < i; j++)
		cp = (cp << 6) | ((unsigned char)b[j] & 0x3Fu);
	*start = s;
	return cp;
}

/* CJK scripts and full-width forms: written without spaces next to ASCII. */
static int is_cjk(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

/* A non-ASCII code point that can be part of an IDN label. */
static int is_idn_letter(uint32_t cp)
{
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) || cp == 0x30FB ||
	    (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFFEF))
		return 0;
	/* Japanese particles end a word: "ドメインは例え.jp" → 例え.jp. */
	static const uint32_t particles[] = {0x306F, 0x304C, 0x3092, 0x306B, 0x3067,
	                                     0x306E, 0x3068, 0x3082, 0x3078, 0x3084};
	for (size_t k = 0; k < sizeof particles / sizeof particles[0]; k++)
		if (cp == particles[k])
			return 0;
	return 1;
}

/*
 * IDN recovery: the ASCII token [s, e) follows a non-ASCII letter. Walk
 * left over non-ASCII letters and ASCII label bytes and try the whole
 * thing as a domain. Done for tokens starting with "." (例え.jp) and for
 * tokens glued to non-CJK letters (bücher.de); an ASCII token after CJK
 * text ("送信元はexample.com") stands on its own. 1 if a domain was added.
 */
static int idn_extend(struct ctx *c, size_t s, size_t e)
{
	size_t ps, l = s, r = s;
	uint32_t cp = prev_cp(c->b, s, &ps);
	if (!is_idn_letter(cp) || (is_cjk(cp) && c->b[s] != '.'))
		return 0;
	while (r < e && (is_alnum((unsigned char)c->b[r]) || c->b[r] == '.' || c->b[r] == '-'))
		r++;
	while (r > s && (c->b[r - 1] == '.' || c->b[r - 1] == '-'))
		r--;
	while (l > 0) {
		unsigned char ch = (unsigned char)c->b[l - 1];
		if (ch < 0x80) {
			if (!(is_alnum(ch) || ch == '.' || ch == '-'))
				break;
			l--;
			continue;
		}
		cp = prev_cp(c->b, l, &ps);
		if (!is_idn_letter(cp))
			break;
		l = ps;
	}
	if (r <= s)
		return 0;
	if (l > 1 && c->b[l - 1] == '@') { /* foo@例え.jp */
		size_t ls = l - 1;
		while (ls > 0 && is_local_char((unsigned char)c->b[ls - 1]))
			ls--;
		if (ls < l - 1 && add(c, OBS_EMAIL, ls, r))
			return 1;
	}
	return add(c, OBS_DOMAIN, l, r);
}

/* Classify one part of a token that contains no ':' (already stripped). */
static void take_part(struct ctx *c, size_t s, size_t e)
{
	const char *b = c->b;
	const char *slash, *at;
	int digits_dots = 1, has_dot = 0;
	while (s < e && strchr(".-", b[s]))
		s++;
	while (e > s && strchr(".-/", b[e - 1]))
		e--;
	if (s >= e)
		return;
	slash = memchr(b + s, '/', e - s);
	if (slash) {
		int numeric = 1;
		if (add(c, OBS_CIDR, s, e))
			return;
		for (const char *p = slash + 1; p < b + e; p++)
			numeric &= is_digit((unsigned char)*p);
		if (numeric) /* "192.0.2.0/33" is a broken CIDR, not an address */
			return;
		e = (size_t)(slash - b); /* "example.com/path": keep the host part */
		while (e > s && strchr(".-", b[e - 1]))
			e--;
		if (s >= e)
			return;
	}
	at = memchr(b + s, '@', e - s);
	if (at) {
		add(c, OBS_EMAIL, s, e);
		return;
	}
	if (e - s >= 13 && match_ci(b + s, e - s, "cve-")) {
		add(c, OBS_CVE, s, e);
		return;
	}
	if (e - s == 32 && add(c, OBS_MD5, s, e))
		return;
	if (e - s == 40 && add(c, OBS_SHA1, s, e))
		return;
	if (e - s == 64 && add(c, OBS_SHA256, s, e))
		return;
	for (size_t i = s; i < e; i++) {
		if (b[i] == '.')
			has_dot = 1;
		else if (!is_digit((unsigned char)b[i]))
			digits_dots = 0;
	}
	if (!has_dot)
		return;
	if (digits_dots) { /* dotted numbers are an IPv4 address or nothing (versions, dates) */
		add(c, OBS_IPV4, s, e);
		return;
	}
	add(c, OBS_DOMAIN, s, e);
}

/* Classify a maximal ASCII token b[s..e). */
static void take_token(struct ctx *c, size_t s, size_t e)
{
	const char *b = c->b;
	/* Windows paths and Unix absolute paths hold file names, not indicators. */
	if (memchr(b + s, '\\', e - s) || b[s] == '/')
		return;
	if (s > 0 && (unsigned char)b[s - 1] >= 0x80 && idn_extend(c, s, e))
		return;
	size_t ts = s, te = e;
	/* Strip edge punctuation, but not the "::" of "::1" or "fe80::". */
	while (ts < te && (strchr(".-", b[ts]) || (b[ts] == ':' && (ts + 1 >= te || b[ts + 1] != ':'))))
		ts++;
	while (te > ts && (strchr(".-/", b[te - 1]) || (b[te - 1] == ':' && (te - 1 == ts || b[te - 2] != ':'))))
		te--;
	if (ts >= te)
		return;
	if (memchr(b + ts, ':', te - ts)) {
		/* IPv6 (needs two colons and a hex digit) or v6 CIDR on the whole token. */
		size_t colons = 0, hex = 0;
		for (size_t i = ts; i < te; i++) {
			colons += b[i] == ':';
			hex += is_hex((unsigned char)b[i]);
		}
		if (colons >= 2 && hex > 0) {
			if (memchr(b + ts, '/', te - ts) ? add(c, OBS_CIDR, ts, te) : add(c, OBS_IPV6, ts, te))
				return;
		}
		for (size_t i = ts; i <= te; i++) { /* "IP:192.0.2.1", "sha256:<hex>" */
			if (i == te || b[i] == ':') {
				take_part(c, ts, i);
				ts = i + 1;
			}
		}
		return;
	}
	take_part(c, ts, te);
}

int observable_extract(const char *text, size_t len, size_t max, struct observable_list *out, int *truncated)
{
	struct ctx c = {0};
	char *b = NULL;
	unsigned char *flag = NULL;
	int changed;
	if (truncated)
		*truncated = 0;
	if (!out)
		return -1;
	out->items = NULL;
	out->count = 0;
	if (!text || len == 0 || max == 0)
		return 0;
	b = malloc(len);
	flag = malloc(len);
	if (!b || !flag)
		goto fail;
	c.n = refang_pass(text, len, b, flag, &changed);
	c.b = b;
	c.flag = flag;
	c.max = max;
	c.out = out;
	for (size_t i = 0; i < c.n && !c.oom && !c.truncated;) {
		unsigned char ch = (unsigned char)b[i];
		if (url_start(b, c.n, i)) {
			i = take_url(&c, i);
		} else if (is_tok_char(ch)) {
			size_t e = i + 1;
			while (e < c.n && is_tok_char((unsigned char)b[e]) && !url_start(b, c.n, e))
				e++;
			take_token(&c, i, e);
			i = e;
		} else {
			i++;
		}
	}
	free(c.slots);
	if (c.oom)
		goto fail;
	free(b);
	free(flag);
	if (truncated)
		*truncated = c.truncated;
	return 0;
fail:
	free(b);
	free(flag);
	observable_list_free(out);
	return -1;
}

void observable_list_free(struct observable_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i].value);
	free(l->items);
	l->items = NULL;
	l->count = 0;
}

/* ---- defang -------------------------------------------------------------- */

int observable_defang(const struct observable *o, char *out, size_t outlen)
{
	size_t n, w = 0, i = 0, host_end;
	const char *v;
	if (!o || !o->value || !out || outlen == 0)
		return -1;
	v = o->value;
	n = strlen(v);
	host_end = n;
	if (o->type == OBS_URL) {
		const char *sch = strncmp(v, "https", 5) == 0 ? "hxxps" : strncmp(v, "http", 4) == 0 ? "hxxp" : "fxp";
		size_t sl = strncmp(v, "https", 5) == 0 ? 5 : strncmp(v, "http", 4) == 0 ? 4 : 3;
		for (size_t k = 0; sch[k]; k++) {
			if (w + 1 >= outlen)
				return -1;
			out[w++] = sch[k];
		}
		i = sl;
		const char *p = strstr(v, "://");
		host_end = p ? (size_t)(p - v) + 3 : n;
		while (host_end < n && !strchr("/?#", v[host_end]))
			host_end++;
	}
	int dots = o->type == OBS_IPV4 || o->type == OBS_CIDR || o->type == OBS_DOMAIN || o->type == OBS_URL ||
	           o->type == OBS_EMAIL || o->type == OBS_IPV6;
	for (; i < n; i++) {
		const char *rep = NULL;
		if (dots && i < host_end && v[i] == '.')
			rep = "[.]";
		else if (o->type == OBS_EMAIL && v[i] == '@')
			rep = "[@]";
		size_t rl = rep ? strlen(rep) : 1;
		if (w + rl >= outlen)
			return -1;
		if (rep)
			memcpy(out + w, rep, rl);
		else
			out[w] = v[i];
		w += rl;
	}
	out[w] = '\0';
	return 0;
}
