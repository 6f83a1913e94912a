/*
 * Reading a record's point-of-contact data (correspondence, observables,
 * attachments, the original message) and writing to its reporter. Every
 * read checks that the actor may see the report or incident it belongs to
 * (absent and hidden answer APP_NOT_FOUND alike); downloads of original
 * messages and attachments need the handler role.
 */
#ifndef HIKESHI_APP_MAIL_H
#define HIKESHI_APP_MAIL_H

#include "app/app.h"

#include <stddef.h>
#include <stdint.h>

enum app_record { APP_REC_REPORT, APP_REC_INCIDENT };

/* r->object = {"items": [received mail...], "outbox": [sent/queued mail...]}.
 * ref is an id or a key. */
enum app_err app_record_mails(const struct app_ctx *ctx, enum app_record kind, const char *ref, struct app_result *r);
/* r->object = {"items": [observables]} of a report. */
enum app_err app_report_observables(const struct app_ctx *ctx, const char *ref, struct app_result *r);
/* r->object = {"items": [attachments]} of a report. */
enum app_err app_report_attachments(const struct app_ctx *ctx, const char *ref, struct app_result *r);

/* The original message: *out (malloc'd) / *len and a file name. */
enum app_err app_mail_raw(const struct app_ctx *ctx, int64_t mail_id, char **out, size_t *len, char *name,
                          size_t namelen, struct app_result *r);
/* An uploaded attachment's bytes, its (UTF-8) file name; APP_CONFLICT when
 * it is kept only inside the original message (detail names it). */
enum app_err app_attachment_content(const struct app_ctx *ctx, int64_t id, char **out, size_t *len, char *name,
                                    size_t namelen, struct app_result *r);

/* Queues a mail about the record to `to` (NULL: the reporter) with the
 * record's tag in the subject; in = {"to"?, "subject"?, "body"}. Handler
 * role. r->object = the outbox row. */
enum app_err app_mail_send(const struct app_ctx *ctx, enum app_record kind, const char *ref, const json_t *in,
                           struct app_result *r);

#endif
