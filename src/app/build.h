/*
 * Build tracker use cases (構築トラッカー, issue 6 item 1): the 8 phases of
 * seed 003 with their checklist, owner, status and dates, seed 000's 8
 * steps as a second lens, and each phase's deliverables as versioned
 * Markdown documents that start from a Japanese template.
 *
 * Reads are open to every user; writes need a handler or an admin and
 * leave an audit row. Phase codes and deliverable codes come from
 * data/build/phases.json (embedded).
 */
#ifndef HIKESHI_APP_BUILD_H
#define HIKESHI_APP_BUILD_H

#include "app/app.h"

#define BUILD_NOTES_MAX    8192         /* a phase's notes (bytes) */
#define BUILD_DOCUMENT_MAX (256 * 1024) /* one deliverable's Markdown (bytes) */

/* {phases: [...], steps: [...], progress, items_done, items_total}. */
int app_build_get(const struct app_ctx *ctx, struct app_result *r);
/* Changes status, owner_id, start_date, due_date, notes of a phase (any
 * subset, validated shape); if_match is its current version. */
int app_build_phase_update(const struct app_ctx *ctx, const char *code, int64_t if_match, const json_t *in,
                           struct app_result *r);
/* Ticks (done 1) or unticks checklist item index (0-based) of a phase;
 * r->object is the phase. */
int app_build_item_set(const struct app_ctx *ctx, const char *code, const char *index, int done, struct app_result *r);
/* The latest version of a deliverable (or its template when none is saved)
 * and the history of versions; with version > 0 that version's body and
 * number instead (APP_NOT_FOUND when there is no such version). */
int app_build_document_get(const struct app_ctx *ctx, const char *code, const char *deliverable, int64_t version,
                           struct app_result *r);
/* Saves a new version: in's "body_md", or when absent the latest version
 * (or the template) as it stands. */
int app_build_document_add(const struct app_ctx *ctx, const char *code, const char *deliverable, const json_t *in,
                           struct app_result *r);

#endif
