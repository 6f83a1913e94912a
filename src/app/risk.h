/*
 * Risk-tolerance assessment use cases (リスク許容度の評価; seed 003 (参考)).
 *
 * The questions come from data/risk/tolerance.json (embedded). A handler
 * records an assessment: the answers are scored by core/risk.c and the
 * row (answers, score, profile, proposed priority matrix) is kept, with an
 * audit row, in one write job. An admin applies an assessment: its
 * proposed matrix becomes the priority matrix through
 * app_priority_matrix_put (which checks, stores and audits it).
 *
 * Each function fills r and returns 0, or -1 with r->err set.
 */
#ifndef HIKESHI_APP_RISK_H
#define HIKESHI_APP_RISK_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

/* The assessment's definition: sections, scales, items, rule, profiles. */
int app_risk_questions(const struct app_ctx *ctx, struct app_result *r);
/* Handler or admin. in: {answers: {code: value}}. Field errors name
 * "answers.<code>". The object is the stored assessment. */
int app_risk_assess(const struct app_ctx *ctx, const json_t *in, struct app_result *r);
/* {"items":[assessment...]}, newest first. */
int app_risk_list(const struct app_ctx *ctx, struct app_result *r);
int app_risk_get(const struct app_ctx *ctx, int64_t id, struct app_result *r);
/* Admin. The object is {assessment_id, profile, matrix: the new priority matrix}. */
int app_risk_apply(const struct app_ctx *ctx, int64_t id, struct app_result *r);

#endif
