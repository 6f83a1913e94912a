/*
 * The printable contact sheet (連絡体制図): a self-contained HTML page built
 * server-side from the contact list, grouped (internal by org unit, then
 * role; external by organisation type), on-call people marked. No script,
 * no inline style: its CSS is the static /contacts-print.css, allowed by
 * CONTACT_SHEET_CSP. Every value goes through wf_escape().
 */
#ifndef HIKESHI_HTTP_CONTACT_SHEET_H
#define HIKESHI_HTTP_CONTACT_SHEET_H

#include "lib/buf.h"

#include <jansson.h>
#include <stdint.h>

#define CONTACT_SHEET_CSP                                                                                              \
	"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; "                  \
	"frame-ancestors 'none'"

/* Renders items (API contact objects, borrowed) into b. en: English page
 * (else Japanese). team: the team's name for the title ("" = none); now:
 * the time printed on the sheet; utc_offset_minutes: the zone it is shown
 * in. 0, or -1 when b's limit or memory ran out. */
int contact_sheet_render(struct buf *b, const json_t *items, int en, const char *team, int64_t now,
                         int utc_offset_minutes);

#endif
