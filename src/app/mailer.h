/*
 * mailer.h - the mail side of `hikeshi serve`: one thread that polls the
 * configured IMAP mailboxes into reports and sends the outbox over SMTP
 * with retries; and the admin use cases over the outbox.
 *
 * Polling: for each mailbox, messages above the committed UID position are
 * fetched one by one (ascending) and handed to app_intake_mail, which
 * commits the report and the new position in one transaction; only after
 * that commit is the message marked \Seen or moved to [imap] processed. A
 * crash between the commit and the marking leaves a message at or below
 * the position in the mailbox: the next poll just marks or moves it, so
 * nothing is ingested twice. A new UIDVALIDITY restarts from UID 0 and
 * relies on the raw SHA-256 duplicate check of app_intake_mail.
 *
 * Sending: due outbox rows are composed (smtp_compose) and sent; a failure
 * is retried after [smtp] retry_base seconds, doubling up to one hour,
 * until [smtp] max_attempts, when the row becomes 'failed'; a permanent
 * refusal (5xx) fails it at once.
 */
#ifndef HIKESHI_APP_MAILER_H
#define HIKESHI_APP_MAILER_H

#include "app/app.h"

#include <stddef.h>
#include <stdint.h>

struct db;
struct config;
struct mailer;

/*
 * mailer_start - starts the thread when [imap] url or [smtp] url is set
 * (*out stays NULL when neither is). db and cfg must outlive the mailer.
 * Reads the password files now. 0, or -1 with a sentence in err.
 */
int mailer_start(struct db *db, const struct config *cfg, struct mailer **out, char *err, size_t errlen);
/* Stops the thread (interrupting a transfer in progress), joins it and
 * frees. NULL allowed. Call before closing the database. */
void mailer_stop(struct mailer *m);

/* The backoff after the n-th failed attempt (n >= 1): base * 2^(n-1)
 * seconds, at most one hour. */
int64_t mailer_backoff(int64_t base, int64_t n);

/*
 * app_outbox_list - outgoing mail, newest first (admin only). state NULL =
 * all, else "queued", "sent" or "failed"; cursor NULL = from the newest.
 * r->object = {"items":[...], "next_cursor": string|null}.
 */
enum app_err app_outbox_list(const struct app_ctx *ctx, const char *state, const char *cursor, int limit,
                             struct app_result *r);

/* app_outbox_retry - queues a 'failed' message again, due now (admin only).
 * APP_CONFLICT when it is not failed, APP_NOT_FOUND when absent.
 * r->object = the row. */
enum app_err app_outbox_retry(const struct app_ctx *ctx, int64_t id, struct app_result *r);

#endif
