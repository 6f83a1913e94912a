/*
 * markdown_model.h - a Markdown document (GFM) as a report model (the
 * contract is in render.h), so that the generated documents (the RFC 2350
 * description, the announcement, the build deliverables, the evaluation
 * report) can be laid out by the report renderers as PDF.
 *
 * Pure: it parses with cmark-gfm, walks the tree and builds the model JSON,
 * with no I/O. Raw HTML is dropped, never interpreted. Whatever the input,
 * the model it returns passes report_model_parse(): text is cleaned of
 * control characters, labels are cut to REPORT_MAX_LABEL, long text is
 * split into several blocks, and when a model-wide limit (sections, table
 * cells, total size) is reached the rest is left out and a notice says so.
 *
 * Mapping:
 *   "# Title" as the first block   the model's title (the cover), and the
 *                                  other headings move up one level
 *   headings                       sections, levels clamped to 1..3; the
 *                                  text before the first heading goes into
 *                                  a section without a heading
 *   paragraphs                     paragraph blocks; emphasis, code and links
 *                                  flattened to text, a link's target shown
 *                                  after its text "text (https://...)"
 *                                  when it is absolute and differs
 *   bullet / ordered lists         bullets (ordered, start); nested lists,
 *                                  further paragraphs and code inside an
 *                                  item become indented lines of the item;
 *                                  task items start with "☐" / "☑"
 *   GFM tables                     table blocks (right alignment kept)
 *   code blocks                    code blocks (monospaced)
 *   block quotes                   quote blocks
 *   thematic breaks                rule blocks
 *   raw HTML (blocks and inline)   dropped
 */
#ifndef HIKESHI_REPORT_MARKDOWN_MODEL_H
#define HIKESHI_REPORT_MARKDOWN_MODEL_H

#include <jansson.h>
#include <stddef.h>

/* Bytes of Markdown converted; beyond this the document is cut (with a
 * notice). Generated documents are at most 2 MiB. */
#define MARKDOWN_MODEL_MAX_INPUT (4u << 20)

/* The model's header: strings borrowed, cleaned and cut to the model's
 * limits by the converter. */
struct markdown_model_meta {
	const char *title;        /* when the document does not start with "# " */
	const char *subtitle;     /* or NULL */
	const char *team;         /* the team's name ("" or NULL: "CSIRT") */
	const char *lang;         /* "ja" or "en" (else "ja") */
	const char *tlp;          /* "CLEAR" ... "RED" (else "AMBER") */
	const char *audience;     /* "management", "constituency", "team" (else "team") */
	const char *generated_at; /* ISO 8601 time */
	int toc;                  /* 1, 0, or -1: when there are at least four headings */
};

/*
 * markdown_model - the report model of md[0..len) (need not be NUL-
 * terminated; NUL bytes in it read as U+FFFD). Returns a new JSON object
 * (json_decref it), or NULL when memory ran out.
 */
json_t *markdown_model(const char *md, size_t len, const struct markdown_model_meta *meta);

#endif
