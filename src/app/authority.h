/*
 * Authority and decision use cases (権限と意思決定; seed 002 §2.2.8, §4.2).
 *
 * The authority matrix says which organisational role (app_user.
 * authority_roles) may order, approve or only advise on which action; any
 * user may read it, an admin replaces it (with If-Match). A decision on an
 * incident is checked against the matrix in the same write job that
 * stores it: outside the user's authority it is APP_FORBIDDEN with a
 * sentence naming who holds the power and an error on "outcome" carrying
 * "holders"; inside it, the decision row, a "decision" journal entry and an
 * audit row are written together. Decisions are never changed afterwards.
 *
 * Each function fills r and returns 0, or -1 with r->err set.
 */
#ifndef HIKESHI_APP_AUTHORITY_H
#define HIKESHI_APP_AUTHORITY_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

#define DECISION_RATIONALE_MAX 4000 /* bytes; a paragraph or two */

/* {version, updated_at, actions[], roles[], powers[], outcomes[], cells[]} */
int app_authority_get(const struct app_ctx *ctx, struct app_result *r);
/* The same object read in the caller's transaction c (new reference), or
 * NULL on a database error; GET /setup gives it as the questionnaire's
 * options for the authority answer. */
struct db_conn;
json_t *app_authority_matrix(struct db_conn *c);
/* Admin. in: shape-checked {cells:[{action, role, power}], actions?:
 * [{code, label_ja, label_en}] (the local actions; absent = unchanged)};
 * if_match: the matrix version the admin saw. Field errors name
 * "cells[i].role", "actions[i].code", ... The object is the new matrix. */
int app_authority_put(const struct app_ctx *ctx, int64_t if_match, const json_t *in, struct app_result *r);

/* {"items":[decision...]} of incident ref (id or key), oldest first. */
int app_decision_list(const struct app_ctx *ctx, const char *ref, struct app_result *r);
/* Handler or admin. in: shape-checked {action, outcome, rationale?,
 * decided_at?, authority_role?}. The object is the new decision. */
int app_decision_create(const struct app_ctx *ctx, const char *ref, const json_t *in, struct app_result *r);

#endif
