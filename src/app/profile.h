/*
 * The team profile and the documents generated from it (issue 6, item 4):
 * the CSIRT description in RFC 2350 order and the announcement (seed 000
 * §8), in Japanese or English, as Markdown or as safe HTML.
 *
 * Any user reads the profile and the documents; an admin replaces the
 * profile (If-Match on its version). Each function fills r and returns 0,
 * or -1 with r->err set.
 */
#ifndef HIKESHI_APP_PROFILE_H
#define HIKESHI_APP_PROFILE_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

/* {version, updated_at, updated_by, profile:{...}} */
int app_profile_get(const struct app_ctx *ctx, struct app_result *r);
/* Admin. in: {profile:{member: string, ...}} (members of core/rfc2350.h;
 * "" clears one). Field errors name "profile.email", ... The object is the
 * new profile as app_profile_get gives it. */
int app_profile_put(const struct app_ctx *ctx, int64_t if_match, const json_t *in, struct app_result *r);

enum app_document { APP_DOC_RFC2350, APP_DOC_ANNOUNCEMENT };

/* The document as r->object {markdown, html} (html: the safe rendering of
 * the Markdown, without the page around it). */
int app_profile_document(const struct app_ctx *ctx, enum app_document doc, const char *lang, struct app_result *r);

#endif
