/*
 * docpdf.h - the generated documents as PDF: a Markdown document (the RFC
 * 2350 description, the announcement, the service catalogue, the
 * escalation matrix, a build deliverable, an evaluation report) becomes a
 * report model (report/markdown_model.h) and is laid out by the report
 * renderer (report/render.h): a cover with the document's title, the team
 * and the TLP label, the label again on every page.
 *
 * Reading any of these documents is open to every user; the callers have
 * already built the Markdown under the actor's rights. This only adds the
 * team's name (from the team profile) and renders.
 */
#ifndef HIKESHI_APP_DOCPDF_H
#define HIKESHI_APP_DOCPDF_H

#include "app/app.h"
#include "core/tlp.h"

#include <stddef.h>

struct app_pdf_doc {
	const char *markdown;
	const char *title;    /* when the Markdown does not start with "# " */
	const char *subtitle; /* or NULL */
	const char *lang;     /* "ja" or "en": the cover's labels */
	/* TLP:CLEAR only for documents meant for the public (the RFC 2350
	 * description, the announcement); their audience is the
	 * constituency, the others' the team. */
	enum tlp tlp;
};

/*
 * app_document_pdf - d as a PDF in *out (malloc'd, *len bytes; the caller
 * frees it). 0, or -1 with r set (APP_INTERNAL when rendering failed,
 * APP_UNAVAILABLE when the team profile could not be read).
 */
int app_document_pdf(const struct app_ctx *ctx, const struct app_pdf_doc *d, char **out, size_t *len,
                     struct app_result *r);

#endif
