/*
 * libFuzzer target for the mail rules applied to attacker-controlled
 * header values (core/ack.c): subject tags, loop-protection reasons,
 * address checks, the acknowledgement texts and the escaped HTML of a
 * body. The input is split at NUL bytes into header values. Invariants:
 * a found tag is a well-formed key found inside brackets in the subject;
 * composed subjects never contain CR or LF; escaped HTML contains no '<'
 * or '>' besides its own <pre> wrapper.
 */
#include "core/ack.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	const char *f[5] = {"", "", "", "", ""};
	size_t nf = 0;
	for (char *p = buf; nf < 5 && p <= buf + size; p += strlen(p) + 1)
		f[nf++] = p;

	char key[64];
	if (ack_subject_tag(f[0], key, sizeof key)) {
		char tag[80];
		strcpy(tag, "[");
		strcat(tag, key);
		strcat(tag, "]");
		if (!strstr(f[0], tag))
			abort();
	}
	(void)ack_suppress_reason(f[1], f[2], f[3], f[4], f[0], "csirt@example.jp");
	(void)ack_address_ok(f[0]);
	(void)ack_text_is_japanese(f[0]);
	char *s, *b;
	if (ack_compose(f[1][0] == 'e' ? "en" : "ja", f[2], "RPT-2026-00001", f[0], &s, &b) == 0) {
		if (strchr(s, '\r') || strchr(s, '\n'))
			abort();
		free(s);
		free(b);
	}
	char *t = ack_tag_subject("INC-2026-00001", f[0]);
	if (t && (strchr(t, '\r') || strchr(t, '\n')))
		abort();
	free(t);
	char *h = ack_text_html(f[0]);
	if (h) {
		size_t n = strlen(h);
		const char *inner = h + strlen("<pre class=\"mail\">");
		if (strncmp(h, "<pre class=\"mail\">", 18) != 0 || strcmp(h + n - 6, "</pre>") != 0)
			abort();
		for (const char *p = inner; p < h + n - 6; p++)
			if (*p == '<' || *p == '>' || *p == '"')
				abort();
		free(h);
	}
	free(buf);
	return 0;
}
