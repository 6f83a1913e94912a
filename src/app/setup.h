/*
 * The build questionnaire (検討すべき事項 and the six things to define of
 * seed 002 §4; issue 6, item 2). Its answers configure the running system:
 * saving a section stores the answers and, in the same write job, applies
 * them (service catalogue, authority matrix, constituencies, point of
 * contact, report schedule, review calendar), auditing the answer change
 * and each configuration change with before/after. Any user reads; an
 * admin saves a section with If-Match on the questionnaire's version.
 *
 * Each function fills r and returns 0, or -1 with r->err set.
 */
#ifndef HIKESHI_APP_SETUP_H
#define HIKESHI_APP_SETUP_H

#include "app/app.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db_conn;

/* {version, progress {answered, total}, sections [{..., questions [{...,
 * answer, answered_at}], answered, total}], services, provisions, ...,
 * authority_matrix (as GET /authority: the actions, roles and powers a
 * cell of the authority answer may name, and the matrix in effect)} */
int app_setup_get(const struct app_ctx *ctx, struct app_result *r);
/* Admin. in: {answers: {question id: value}} for section code; questions
 * of the section left out (or null) lose their answer and what it
 * configured. The object: {version, section, answers, applied[]}. A
 * constituency left out while still referenced is a 422 error on
 * "answers.constituencies" that also carries the entry's "code". */
int app_setup_put(const struct app_ctx *ctx, const char *section, int64_t if_match, const json_t *in,
                  struct app_result *r);

/* {items: [{code, letter, category, label_ja, label_en, provision, service_level, note}]} */
int app_service_catalogue(const struct app_ctx *ctx, struct app_result *r);
/* {items: [report schedule]} with next_run_at as RFC 3339. */
int app_report_schedules(const struct app_ctx *ctx, struct app_result *r);
/* {items: [{kind, label_ja, label_en, frequency, next_due_at, last_done_at, overdue}]} */
int app_reviews(const struct app_ctx *ctx, struct app_result *r);
/* Handler or admin: marks review kind done now and sets its next due date. */
int app_review_done(const struct app_ctx *ctx, const char *kind, struct app_result *r);
/* The service catalogue document {lang, markdown, html}. */
int app_setup_catalogue_document(const struct app_ctx *ctx, const char *lang, struct app_result *r);

/*
 * app_team_address - the address hikeshi sends team mail from: the point
 * of contact set by the questionnaire (setting poc.email) when there is
 * one, else cfg's [intake] team_address. Runs inside the caller's
 * transaction; out gets "" when neither is set. 0, or -1 on a database error.
 */
int app_team_address(struct db_conn *c, const struct config *cfg, char *out, size_t len);

/*
 * app_public_form_offered - whether the public report form (/report) is
 * offered: the questionnaire's point-of-contact answer public_form
 * (setting poc.public_form: "0" turns the form off; "1" or unset keeps
 * it). Runs inside the caller's transaction. 1, 0, or -1 on a database
 * error.
 */
int app_public_form_offered(struct db_conn *c);

/* The provided services (in-house or outsourced) of the catalogue with
 * their labels, for the generated documents: [{code, category, label_ja,
 * label_en, provision, service_level}]; NULL on error. */
json_t *app_setup_provided_services(struct db_conn *c);

#endif
