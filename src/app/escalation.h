/*
 * Escalation use cases (issue 5, item 2 and the acknowledgement): the rule
 * editor (admins write, handlers read), the "what would fire now" preview,
 * an incident's escalations, acknowledgement by a logged-in handler or
 * through the one-time link of a notification. The hooks that raise
 * escalations inside other use cases' write jobs and the scheduler's pass
 * are declared in app/scheduler.h.
 */
#ifndef HIKESHI_APP_ESCALATION_H
#define HIKESHI_APP_ESCALATION_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

#define ESC_ACK_MINUTES_MAX 10080 /* a week: beyond that a rule is not an escalation */
#define ESC_TOKEN_MAX       64    /* "ack_" + 43 base64url characters, with room */

/* Rules. Reads: handlers and admins; writes: admins. r->object is the rule
 * (or {"items":[...]}) with condition and targets as JSON objects and the
 * level's names. */
enum app_err app_esc_rule_list(const struct app_ctx *ctx, struct app_result *r);
enum app_err app_esc_rule_get(const struct app_ctx *ctx, int64_t id, struct app_result *r);
enum app_err app_esc_rule_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r);
enum app_err app_esc_rule_update(const struct app_ctx *ctx, int64_t id, int64_t if_match, const json_t *in,
                                 struct app_result *r);
enum app_err app_esc_rule_delete(const struct app_ctx *ctx, int64_t id, struct app_result *r);

/* Which enabled rules would fire for the incident now (whether or not they
 * fired already), each with its resolved recipients and the withheld
 * ones. Handlers who can see the incident. */
enum app_err app_esc_preview(const struct app_ctx *ctx, const char *incident_ref, struct app_result *r);

/* The escalations of an incident the actor can see: {"items":[...]}. */
enum app_err app_esc_of_incident(const struct app_ctx *ctx, const char *incident_ref, struct app_result *r);
/* A handler acknowledges an escalation (once; 409 when it is not open). */
enum app_err app_esc_ack_user(const struct app_ctx *ctx, int64_t id, struct app_result *r);

/* The public acknowledgement page. token is the one from the link (its
 * SHA-256 is looked up). app_esc_token_info: r->object = {incident_key,
 * level, state, acknowledged_by, acknowledged_at} (APP_NOT_FOUND for an
 * unknown token). app_esc_token_ack: acknowledges as the link's contact;
 * r->object as above plus "already": true when it had been acknowledged
 * (or closed) before. */
enum app_err app_esc_token_info(const struct app_ctx *ctx, const char *token, struct app_result *r);
enum app_err app_esc_token_ack(const struct app_ctx *ctx, const char *token, struct app_result *r);

/* The escalation matrix document (core/escmatrix.h) from the live rules,
 * contacts and authority matrix: r->object = {lang, markdown, html}.
 * Handlers and admins. */
enum app_err app_esc_matrix_document(const struct app_ctx *ctx, const char *lang, struct app_result *r);

#endif
