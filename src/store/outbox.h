/*
 * SQL for the outbox: outgoing mail written in the same commit as the
 * change that causes it (an acknowledgement with a new report), then sent
 * by the scheduler with retries. A row is 'queued' until sent ('sent') or
 * until its last attempt failed ('failed'). Functions return 0, or -1 on a
 * database error, unless stated otherwise.
 */
#ifndef HIKESHI_STORE_OUTBOX_H
#define HIKESHI_STORE_OUTBOX_H

#include <jansson.h>
#include <stdint.h>

struct db_conn;

struct store_outbox_msg {
	const char *kind;               /* "ack", "reply", "notify" */
	int64_t report_id, incident_id; /* 0 = none */
	const char *mail_from, *mail_to;
	const char *subject, *body;     /* UTF-8; encoded when sent */
	const char *message_id;         /* without <> */
	const char *in_reply_to, *refs; /* with or without <>, may be NULL */
	const char *lang;
	int64_t now; /* created_at and the first attempt time */
	/* notifications (issue 5); zero values: a mail without TLP label */
	const char *channel;               /* "mail" (NULL) or "webhook" */
	const char *webhook_url;           /* channel "webhook" */
	const char *webhook_format;        /* "json" (NULL), "slack", "teams" */
	const char *tlp;                   /* "TLP:AMBER" put in front of the subject when sent; NULL = none */
	int64_t escalation_id, contact_id; /* 0 = none */
};
/* Queues a message. Write job only. */
int store_outbox_insert(struct db_conn *c, const struct store_outbox_msg *m, int64_t *id);
/* Moves the messages of incident from to incident to (a merge). 0 / -1. */
int store_outbox_move(struct db_conn *c, int64_t from, int64_t to);

/* How many messages were queued to this address since `since`. */
int store_outbox_count_to(struct db_conn *c, const char *mail_to, int64_t since, int64_t *count);
/* How many messages of this kind were queued since `since`. */
int store_outbox_count_kind(struct db_conn *c, const char *kind, int64_t since, int64_t *count);

/* Up to limit queued rows due at or before now, oldest first, as raw rows
 * (all columns). New reference, NULL on error. */
json_t *store_outbox_due(struct db_conn *c, int64_t now, int limit);
/* The same, only rows of one channel ("webhook" when no SMTP is set up). */
json_t *store_outbox_due_channel(struct db_conn *c, int64_t now, int limit, const char *channel);

/* After a successful send: state 'sent', sent_at = now, attempts + 1. */
int store_outbox_sent(struct db_conn *c, int64_t id, int64_t now);
/* After a failed attempt: attempts + 1, last_error; next_attempt_at = next,
 * or state 'failed' when final. */
int store_outbox_failed(struct db_conn *c, int64_t id, const char *error, int64_t next, int final);

/* A page of the outbox, newest first, optionally one state (NULL = all):
 * API rows with RFC 3339 times, limit + 1 rows after before_id (0 = from
 * the newest). New reference, NULL on error. */
json_t *store_outbox_list(struct db_conn *c, const char *state, int64_t before_id, int limit);

/* The messages of a report or an incident (one id is 0), oldest first, as
 * API rows. New reference, NULL on error. */
json_t *store_outbox_of(struct db_conn *c, int64_t report_id, int64_t incident_id);

/* A file of an outgoing mail (table outbox_attachment). */
struct store_outbox_file {
	char *filename;
	char *content_type;
	void *data;
	size_t len;
};

/* Adds a file to outbox row outbox_id (same write job as the insert). */
int store_outbox_attach(struct db_conn *c, int64_t outbox_id, const char *filename, const char *content_type,
                        const void *data, size_t len);
/* The files of outbox row outbox_id, oldest first: *out (malloc'd array of
 * *n, free with store_outbox_files_free) or NULL with *n 0 when none. */
int store_outbox_attachments(struct db_conn *c, int64_t outbox_id, struct store_outbox_file **out, size_t *n);
void store_outbox_files_free(struct store_outbox_file *a, size_t n);

#endif
