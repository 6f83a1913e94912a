/*
 * report_state.c - report states, reject reasons, channels, fingerprint.
 *
 * The allowed state changes are one table (`allowed` below). The
 * fingerprint lets triage see that the same report arrived twice - a
 * reporter who re-sends, a "Fwd:" from a colleague, the ticket tag our
 * own acknowledgement added to the subject - so it hashes what a human
 * would call "the same text", not the raw bytes. Normalised text is
 * streamed into the hash through a small fixed buffer: no allocation,
 * no length limit.
 */
#include "core/report_state.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

static const char *const state_names[RS_COUNT] = {"new", "triaged", "linked", "rejected"};
static const char *const state_ja[RS_COUNT] = {"未対応", "トリアージ済", "紐付け済", "却下"};
static const char *const reject_names[RJ_COUNT] = {"", "false_positive", "spam", "out_of_scope", "duplicate"};
static const char *const reject_ja[RJ_COUNT] = {"", "誤検知", "スパム", "対象外", "重複"};
static const char *const channel_names[CH_COUNT] = {"email", "web", "api", "soc", "phone"};
static const char *const channel_ja[CH_COUNT] = {"メール", "Webフォーム", "API", "SOC", "電話"};

/* allowed[from][to] */
static const unsigned char allowed[RS_COUNT][RS_COUNT] = {
        /*               new tri lnk rej */
        [RS_NEW] = {0, 1, 1, 1},
        [RS_TRIAGED] = {0, 0, 1, 1},
        [RS_LINKED] = {0, 1, 0, 0},   /* unlink */
        [RS_REJECTED] = {1, 0, 0, 0}, /* reopen */
};

/* Index of s in names[0..n) (exact match), or -1. */
static int find_name(const char *s, const char *const *names, int n)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int report_state_parse(const char *s, enum report_state *out)
{
	int i = find_name(s, state_names, RS_COUNT);
	if (i < 0 || out == NULL)
		return -1;
	*out = (enum report_state)i;
	return 0;
}

const char *report_state_name(enum report_state s)
{
	return (int)s >= 0 && (int)s < RS_COUNT ? state_names[s] : "";
}

const char *report_state_label_ja(enum report_state s)
{
	return (int)s >= 0 && (int)s < RS_COUNT ? state_ja[s] : "";
}

int report_reject_parse(const char *s, enum reject_reason *out)
{
	int i = find_name(s, reject_names, RJ_COUNT);
	if (i < 0 || out == NULL)
		return -1;
	*out = (enum reject_reason)i;
	return 0;
}

const char *report_reject_name(enum reject_reason r)
{
	return (int)r >= 0 && (int)r < RJ_COUNT ? reject_names[r] : "";
}

const char *report_reject_label_ja(enum reject_reason r)
{
	return (int)r >= 0 && (int)r < RJ_COUNT ? reject_ja[r] : "";
}

int report_channel_parse(const char *s, enum report_channel *out)
{
	int i = find_name(s, channel_names, CH_COUNT);
	if (i < 0 || out == NULL)
		return -1;
	*out = (enum report_channel)i;
	return 0;
}

const char *report_channel_name(enum report_channel c)
{
	return (int)c >= 0 && (int)c < CH_COUNT ? channel_names[c] : "";
}

const char *report_channel_label_ja(enum report_channel c)
{
	return (int)c >= 0 && (int)c < CH_COUNT ? channel_ja[c] : "";
}

int report_state_allowed(enum report_state from, enum report_state to)
{
	if ((int)from < 0 || (int)from >= RS_COUNT || (int)to < 0 || (int)to >= RS_COUNT)
		return 0;
	return allowed[from][to];
}

/* ---- fingerprint ---- */

/* A buffered writer into the SHA-256 state. */
struct hash_sink {
	crypto_hash_sha256_state st;
	unsigned char buf[256];
	size_t len;
};

static void sink_put(struct hash_sink *k, const char *p, size_t n)
{
	while (n > 0) {
		size_t room = sizeof k->buf - k->len;
		size_t c = n < room ? n : room;
		memcpy(k->buf + k->len, p, c);
		k->len += c;
		p += c;
		n -= c;
		if (k->len == sizeof k->buf) {
			crypto_hash_sha256_update(&k->st, k->buf, k->len);
			k->len = 0;
		}
	}
}

static void sink_flush(struct hash_sink *k)
{
	if (k->len > 0)
		crypto_hash_sha256_update(&k->st, k->buf, k->len);
	k->len = 0;
}

/* Length of the whitespace character at s (ASCII space/controls, or the
 * ideographic space U+3000 that Japanese text uses), or 0. */
static size_t space_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
		return 1;
	if (c == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

static const char *skip_space(const char *s)
{
	size_t n;
	while ((n = space_len(s)) > 0)
		s += n;
	return s;
}

/* Write s with whitespace runs collapsed to one space and trimmed. */
static void put_collapsed(struct hash_sink *k, const char *s)
{
	int pending = 0, any = 0;
	s = skip_space(s);
	while (*s != '\0') {
		size_t n = space_len(s);
		if (n > 0) {
			pending = 1;
			s += n;
			continue;
		}
		if (pending && any)
			sink_put(k, " ", 1);
		pending = 0;
		any = 1;
		sink_put(k, s, 1);
		s++;
	}
}

/* Write the address trimmed and ASCII lower-cased. */
static void put_address(struct hash_sink *k, const char *s)
{
	s = skip_space(s);
	size_t n = strlen(s);
	for (;;) { /* trailing ASCII or ideographic space */
		if (n > 0 && space_len(s + n - 1) == 1)
			n--;
		else if (n >= 3 && space_len(s + n - 3) == 3)
			n -= 3;
		else
			break;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		sink_put(k, &c, 1);
	}
}

/* Reply/forward markers as mail clients write them (ASCII case-insensitive). */
static const char *const subject_prefixes[] = {"re", "fwd", "fw", "aw", "転送", "返信"};

/* Length of a "Re:" style prefix at s (the colon ASCII or full-width), or 0. */
static size_t reply_prefix_len(const char *s)
{
	for (size_t i = 0; i < sizeof subject_prefixes / sizeof subject_prefixes[0]; i++) {
		size_t n = strlen(subject_prefixes[i]);
		if (strncasecmp(s, subject_prefixes[i], n) != 0)
			continue;
		if (s[n] == ':')
			return n + 1;
		if (strncmp(s + n, "\xEF\xBC\x9A", 3) == 0) /* U+FF1A FULLWIDTH COLON */
			return n + 3;
	}
	return 0;
}

/* Length of a "[RPT-2026-00001]" style tag at s, or 0. Tags are short and
 * unnested; the bound keeps "[...]" subjects that are real text intact. */
static size_t tag_prefix_len(const char *s)
{
	if (s[0] != '[')
		return 0;
	for (size_t i = 1; i <= 64 && s[i] != '\0'; i++) {
		if (s[i] == '[')
			return 0;
		if (s[i] == ']')
			return i > 1 ? i + 1 : 0;
	}
	return 0;
}

static void put_subject(struct hash_sink *k, const char *s)
{
	for (;;) {
		s = skip_space(s);
		size_t n = reply_prefix_len(s);
		if (n == 0)
			n = tag_prefix_len(s);
		if (n == 0)
			break;
		s += n;
	}
	put_collapsed(k, s);
}

void report_fingerprint(const char *reporter_address, const char *subject, const char *body, char out[65])
{
	struct hash_sink k;
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&k.st);
	k.len = 0;
	put_address(&k, reporter_address != NULL ? reporter_address : "");
	sink_put(&k, "\x1f", 1);
	put_subject(&k, subject != NULL ? subject : "");
	sink_put(&k, "\x1f", 1);
	put_collapsed(&k, body != NULL ? body : "");
	sink_flush(&k);
	crypto_hash_sha256_final(&k.st, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}
