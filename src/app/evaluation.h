/*
 * CSIRT evaluation use cases (CSIRT評価 and ロードマップ作成, seed 004;
 * the items of the NCA survey, seed 002 table 1.3.1).
 *
 * The items come from data/evaluation/survey.json and the services from
 * data/build/services.json (both embedded). A handler records an
 * evaluation: core/evaluation.c scores the answers, and the evaluation with
 * its generated roadmap and an audit row is stored in one write job. The
 * roadmap items are then tracked (owner, target date, status; versioned
 * and audited). Any user may read.
 *
 * Each function fills r and returns 0, or -1 with r->err set.
 */
#ifndef HIKESHI_APP_EVALUATION_H
#define HIKESHI_APP_EVALUATION_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

/* The questionnaire: areas, items with their scale's options, SIM3
 * parameters, owners, the rule and the services. */
int app_evaluation_questions(const struct app_ctx *ctx, struct app_result *r);
/* Handler or admin. in: {answers, date? (YYYY-MM-DD, default today in
 * Japan), note?}. Field errors name "answers.<code>" and
 * "answers.services.<code>". The object is the stored evaluation. */
int app_evaluation_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r);
/* {"items": [...]}: the history, oldest first, with area scores and the
 * change of the overall score since the previous evaluation. */
int app_evaluation_list(const struct app_ctx *ctx, struct app_result *r);
/* One evaluation: answers, results, roadmap. */
int app_evaluation_get(const struct app_ctx *ctx, int64_t id, struct app_result *r);
/* Handler or admin. in: any of owner, target_date, status; version is the
 * item's current version (If-Match). The object is the updated item. */
int app_evaluation_roadmap_update(const struct app_ctx *ctx, int64_t id, int64_t n, int64_t version, const json_t *in,
                                  struct app_result *r);
/* {lang, markdown, html}: the evaluation report. */
int app_evaluation_report(const struct app_ctx *ctx, int64_t id, const char *lang, struct app_result *r);

#endif
