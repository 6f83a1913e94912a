/*
 * escmatrix.h - the escalation matrix (エスカレーション・マトリクス) as a
 * document (issue 6, item 4): the five escalation levels, the rules in
 * force (condition in words, level, who is told, how, and how soon they
 * must acknowledge), the people those rules reach, and the authority
 * matrix (who orders, approves or advises on which action). Pure: no I/O.
 *
 * The input is the live data as the API gives it; every piece of it is
 * text somebody typed, so it goes through rfc2350_md_text() (cells: one
 * line, "|" escaped) and never becomes markup.
 */
#ifndef HIKESHI_CORE_ESCMATRIX_H
#define HIKESHI_CORE_ESCMATRIX_H

#include <jansson.h>

struct escmatrix_input {
	const json_t *rules;          /* [rule] as GET /api/v1/escalation-rules lists them */
	const json_t *authority;      /* the object of GET /api/v1/authority */
	const json_t *contacts;       /* [contact] (active ones), API objects */
	const json_t *constituencies; /* [{id, name, name_en}] */
	const char *team;             /* the team's name for the title, or NULL */
	const char *lang;             /* "ja" or "en" (anything else: "ja") */
};

/* The document as Markdown: malloc'd, NULL on out-of-memory. */
char *escmatrix_markdown(const struct escmatrix_input *in);

#endif
