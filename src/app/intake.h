/*
 * The point of contact (連絡窓口): mail, web form and alert intake use cases.
 *
 * Each one turns what arrived into a report with a tracking number
 * (RPT-YYYY-NNNNN), or threads a reply into the incident or report it
 * answers, in ONE write job: the report, the message (raw bytes kept
 * compressed), attachments, observables, the audit row and the queued
 * acknowledgement (outbox) are committed together, so a tracking number
 * handed out is durable and an acknowledgement is never queued for a
 * report that was not stored (nor lost for one that was).
 *
 * Reports created here have no constituency unless configured: the
 * triage queue is seen by all-constituency handlers, who assign it.
 */
#ifndef HIKESHI_APP_INTAKE_H
#define HIKESHI_APP_INTAKE_H

#include "app/app.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db_conn;
struct mime_message;

/* An IMAP position committed together with the message (see
 * store_mailbox_set): after the commit, UIDs <= uid are done. */
struct intake_position {
	const char *mailbox;
	int64_t uidvalidity;
	int64_t uid;
};

/*
 * app_intake_mail - one raw RFC 5322 message (any bytes; never refused for
 * its content). source names the channel ("mailgate", "imap:INBOX"). pos
 * may be NULL. r->object:
 *   {"action": "created" | "threaded" | "duplicate",
 *    "tracking_number": key of the report created, or of the incident /
 *                       report the reply was threaded into,
 *    "report_id": n|null, "incident_id": n|null, "mail_id": n,
 *    "acknowledgement": "queued" | "none" | "suppressed",
 *    "acknowledgement_reason": why not queued ("" when queued),
 *    "flags": [parser flags]}
 * "duplicate": the same raw bytes were already received (an MTA retry after
 * a lost answer); nothing new is stored and the first result is returned.
 */
enum app_err app_intake_mail(const struct app_ctx *ctx, const char *raw, size_t len, const char *source,
                             const struct intake_position *pos, struct app_result *r);

/* A file uploaded with the web form (borrowed). */
struct intake_file {
	const char *filename;
	const char *declared_type;
	const char *data;
	size_t len;
};

/* The public report form, validated for shape and size by the caller
 * (strings borrowed, UTF-8; optional ones may be NULL or ""). */
struct intake_form {
	const char *name;       /* required */
	const char *contact;    /* required: mail address or phone number */
	const char *department; /* optional */
	const char *what;       /* required: what happened */
	const char *when;       /* optional, free text ("今朝9時頃") */
	const char *device;     /* optional: affected device */
	const char *lang;       /* "ja" or "en" */
	const char *client_ip;
	const struct intake_file *files;
	size_t nfiles;
};

/*
 * app_intake_form_offered - whether the public report form is offered (see
 * app_public_form_offered), and the point of contact to name instead when
 * it is not: email (poc.email, else [intake] team_address) and phone
 * (poc.phone), "" when unknown. 1, 0, or -1 when the database failed.
 */
int app_intake_form_offered(const struct app_ctx *ctx, char *email, size_t elen, char *phone, size_t plen);

/* app_intake_form - a web form submission becomes a report (channel
 * "web"). r->object = {"tracking_number", "report_id", "acknowledgement"}.
 * APP_INVALID with field errors when a required field is empty;
 * APP_NOT_FOUND when the form is not offered (checked in the write job). */
enum app_err app_intake_form(const struct app_ctx *ctx, const struct intake_form *f, struct app_result *r);

/*
 * Shared by every channel, for use inside a write job:
 *
 * app_intake_new_report - allocates the tracking number, finds an earlier
 * report with the same fingerprint (duplicate_of), inserts row (the report
 * columns, see store_report_insert; key, created_by, created_at are set
 * here) and writes the audit row. Sets *id and key (KEY_MAX bytes).
 * 0, or -1 with r filled.
 */
int app_intake_new_report(struct db_conn *c, const struct app_ctx *ctx, json_t *row, int64_t *id, char *key,
                          struct app_result *r);

/*
 * app_intake_queue_ack - queues the acknowledgement of report `key` to
 * address `to` in lang ("ja"/"en") unless acknowledgements are off, no
 * team_address is configured, `to` is not a usable mail address or is the
 * team's own, the message m (NULL for non-mail channels) is a bounce, an
 * auto-reply, list or bulk mail, or `to` already got ack_per_hour messages
 * in the last hour. *outcome = "queued" | "none" | "suppressed" and
 * *reason explains (static strings). 0, or -1 on a database error.
 */
int app_intake_queue_ack(struct db_conn *c, const struct app_ctx *ctx, int64_t report_id, const char *key,
                         const char *to, const char *orig_subject, const char *orig_message_id, const char *lang,
                         const struct mime_message *m, const char **outcome, const char **reason);

/* Extracts the observables of text and links them to the report (source
 * "text", "alert", ...), at most 500. 0 / -1 (database error). */
int app_intake_observables(struct db_conn *c, int64_t report_id, const char *text, size_t len, const char *source,
                           int64_t now);

#endif
