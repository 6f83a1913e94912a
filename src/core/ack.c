/*
 * Acknowledgement rules and texts (see ack.h).
 */
#include "core/ack.h"

#include "core/key.h"
#include "lib/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Skips spaces and tabs. */
static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* 1 when s (trimmed) starts with word, case-insensitively, followed by
 * the end, a space, ';' or ','. */
static int starts_word(const char *s, const char *word)
{
	s = skip_ws(s);
	size_t n = strlen(word);
	return strncasecmp(s, word, n) == 0 && (s[n] == '\0' || s[n] == ' ' || s[n] == ';' || s[n] == ',' ||
	                                        s[n] == '\t' || s[n] == '\r' || s[n] == '\n');
}

static int blank(const char *s)
{
	return !s || !*skip_ws(s);
}

const char *ack_suppress_reason(const char *return_path, const char *auto_submitted, const char *precedence,
                                const char *list_id, const char *from_address, const char *team_address)
{
	if (return_path && strstr(return_path, "<>"))
		return "bounce";
	if (!blank(auto_submitted) && !starts_word(auto_submitted, "no"))
		return "auto-submitted";
	if (!blank(precedence) &&
	    (starts_word(precedence, "bulk") || starts_word(precedence, "list") || starts_word(precedence, "junk")))
		return "bulk";
	if (!blank(list_id))
		return "list";
	if (blank(from_address) || !ack_address_ok(from_address))
		return "no-address";
	const char *at = strchr(from_address, '@');
	size_t local = at ? (size_t)(at - from_address) : 0;
	if ((local == 13 && strncasecmp(from_address, "mailer-daemon", 13) == 0) ||
	    (local == 10 && strncasecmp(from_address, "postmaster", 10) == 0))
		return "bounce";
	if (team_address && *team_address && strcasecmp(from_address, team_address) == 0)
		return "own-address";
	return NULL;
}

int ack_address_ok(const char *s)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	if (n < 3 || n > 254)
		return 0;
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || !at[1])
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || strchr("<>()[]\\,;:\"", *p))
			return 0;
	const char *dot = strchr(at + 1, '.');
	return dot && dot != at + 1 && dot[1] != '\0' && s[n - 1] != '.';
}

int ack_text_is_japanese(const char *text)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	for (; *p; p++) {
		/* U+3040..U+30FF (kana) is E3 81 80..E3 83 BF; CJK U+4E00..U+9FFF is E4 B8 80..E9 BF BF */
		if (p[0] == 0xE3 && p[1] >= 0x81 && p[1] <= 0x83)
			return 1;
		if (p[0] >= 0xE4 && p[0] <= 0xE9 && p[1] >= 0x80 && p[1] <= 0xBF && !(p[0] == 0xE4 && p[1] < 0xB8))
			return 1;
	}
	return 0;
}

/* Copies at most max bytes of s (out holds max + 1), cut on a UTF-8
 * character boundary, with CR, LF and TAB turned into spaces. */
static void cut_line(const char *s, size_t max, char *out)
{
	size_t len = s ? strlen(s) : 0;
	if (len > max) {
		len = max;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--; /* s[len] continues a character: cut before its lead byte */
	}
	for (size_t i = 0; i < len; i++)
		out[i] = (s[i] == '\r' || s[i] == '\n' || s[i] == '\t') ? ' ' : s[i];
	out[len] = '\0';
}

int ack_compose(const char *lang, const char *team_name, const char *key, const char *orig_subject, char **subject,
                char **body)
{
	/* The reporter's own words are not quoted back: From can be forged,
	 * so an acknowledgement must not carry a stranger's text to an
	 * address they chose (a spam or phishing relay through the CSIRT). */
	(void)orig_subject;
	const char *team = team_name && *team_name ? team_name : "CSIRT";
	int en = lang && strcmp(lang, "en") == 0;
	*subject = *body = NULL;
	int n;
	if (en)
		n = asprintf(subject, "[%s] Your report has been received", key);
	else
		n = asprintf(subject, "[%s] ご報告を受け付けました / Report received", key);
	if (n < 0) {
		*subject = NULL;
		return -1;
	}
	if (en)
		n = asprintf(body,
		             "Thank you for your report to %s.\n\n"
		             "Tracking number: %s\n\n"
		             "A handler will look into it. Please keep the tracking number in the subject\n"
		             "([%s]) when you reply or send more information, so that it reaches the same case.\n\n"
		             "This is an automatic reply.\n"
		             "-- \n%s\n",
		             team, key, key, team);
	else
		n = asprintf(body,
		             "%s へのご報告ありがとうございます。\n\n"
		             "受付番号: %s\n\n"
		             "担当者が内容を確認いたします。追加の情報をお送りいただく際や返信の際は、\n"
		             "件名の受付番号 [%s] をそのまま残してください。同じ案件として扱われます。\n\n"
		             "このメールは自動送信されています。\n\n"
		             "----\n"
		             "Thank you for your report to %s. Tracking number: %s\n"
		             "Please keep [%s] in the subject when you reply. This is an automatic reply.\n"
		             "-- \n%s\n",
		             team, key, key, team, key, key, team);
	if (n < 0) {
		free(*subject);
		*subject = *body = NULL;
		return -1;
	}
	return 0;
}

char *ack_tag_subject(const char *key, const char *subject)
{
	char tag[KEY_MAX + 2];
	snprintf(tag, sizeof(tag), "[%s]", key);
	char line[1024];
	cut_line(subject, 900, line);
	char *out;
	if (strstr(line, tag))
		return strdup(line);
	if (asprintf(&out, "%s %s", tag, line) < 0)
		return NULL;
	return out;
}

int ack_subject_tag(const char *subject, char *key, size_t keylen)
{
	for (const char *p = subject ? subject : ""; (p = strchr(p, '[')) != NULL; p++) {
		const char *end = strchr(p + 1, ']');
		if (!end)
			return 0;
		size_t n = (size_t)(end - p - 1);
		if (n < 8 || n >= KEY_MAX || n >= keylen)
			continue;
		char cand[KEY_MAX], prefix[KEY_PREFIX_MAX + 1];
		memcpy(cand, p + 1, n);
		cand[n] = '\0';
		if (key_parse(cand, prefix, sizeof(prefix), NULL, NULL) < 0)
			continue;
		if (strcmp(prefix, "INC") != 0 && strcmp(prefix, "RPT") != 0)
			continue;
		memcpy(key, cand, n + 1);
		return 1;
	}
	return 0;
}

int ack_dmarc_pass(const char *results, const char *authserv_id)
{
	size_t idlen = authserv_id ? strlen(authserv_id) : 0;
	if (!results || !idlen)
		return 0;
	for (const char *line = results; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		const char *p = skip_ws(line);
		size_t rest = n - (size_t)(p - line);
		if (rest > idlen && strncasecmp(p, authserv_id, idlen) == 0 &&
		    (p[idlen] == ';' || p[idlen] == ' ' || p[idlen] == '\t')) {
			/* look for the token dmarc=pass within this header value */
			for (size_t i = idlen; i + 10 <= rest; i++) {
				if (strncasecmp(p + i, "dmarc=pass", 10) == 0 &&
				    (p[i - 1] == ';' || p[i - 1] == ' ' || p[i - 1] == '\t') &&
				    (i + 10 == rest || p[i + 10] == ' ' || p[i + 10] == ';' || p[i + 10] == '\t' ||
				     p[i + 10] == '\r'))
					return 1;
			}
		}
		if (!end)
			break;
		line = end + 1;
	}
	return 0;
}

char *ack_text_html(const char *text)
{
	const char *t = text ? text : "";
	size_t n = strlen(t);
	struct buf b;
	buf_init(&b, 6 * n + 64); /* every byte at most "&quot;" */
	if (buf_puts(&b, "<pre class=\"mail\">") < 0 || buf_escape_html(&b, t, n) < 0 || buf_puts(&b, "</pre>") < 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}
