/*
 * SQL for the point of contact: correspondence (mail in and out), the
 * attachments of reports, observables linked to reports, IMAP mailbox
 * positions and the de-duplication of repeated alerts. Functions taking a
 * db_conn run inside the caller's read transaction or write job and
 * return 0, or -1 on a database error (logged by the db layer), unless
 * stated otherwise.
 */
#ifndef HIKESHI_STORE_INTAKE_H
#define HIKESHI_STORE_INTAKE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db_conn;
struct observable_list;

/* One message of correspondence. Strings may be NULL (stored as ""). raw
 * (may be NULL) is stored zlib-compressed; raw_sha256 is its hex digest. */
struct store_mail {
	const char *direction; /* "in" or "out" */
	int64_t report_id;     /* 0 = none */
	int64_t incident_id;   /* 0 = none */
	const char *source;    /* "mailgate", "imap:INBOX", "smtp" */
	const char *message_id, *in_reply_to, *refs;
	const char *subject, *from_header, *from_address, *to_header, *cc_header;
	int64_t date; /* 0 = unknown */
	const char *auth_results;
	const char *body;
	int body_from_html;
	const json_t *flags; /* array of names, borrowed; NULL = [] */
	const char *raw;
	size_t raw_len;
	const char *raw_sha256;
	int64_t created_at;
};
/* Inserts a message; sets *id. Write job only. */
int store_mail_insert(struct db_conn *c, const struct store_mail *m, int64_t *id);

/* The id of a received message whose raw bytes had this SHA-256 (the same
 * delivery submitted again), with the report or incident it went to; 0 in
 * *mail_id when none. */
int store_mail_find_raw(struct db_conn *c, const char *raw_sha256, int64_t *mail_id, int64_t *report_id,
                        int64_t *incident_id);

/* Finds what a Message-ID (with or without <>) refers to: a message we
 * received or sent (mail or outbox). Sets *report_id / *incident_id (0 when
 * none; an incident wins when the report was linked). Returns 1 found, 0
 * not, -1 error. */
int store_mail_thread_lookup(struct db_conn *c, const char *message_id, int64_t *report_id, int64_t *incident_id);

/* 1 when address (case-insensitive) has corresponded on this record: the
 * reporter of the report (or of a report linked to the incident), the
 * sender of a message received for it, or the recipient of one sent; 0
 * when not, -1 on error. One of report_id / incident_id may be 0. */
int store_mail_correspondent(struct db_conn *c, int64_t report_id, int64_t incident_id, const char *address);

/* The messages of a report or an incident (one of the ids is 0), oldest
 * first, as API objects without raw: {id, direction, source, message_id,
 * in_reply_to, subject, from, from_address, to, cc, date, auth_results,
 * body, body_from_html, flags, raw_size, raw_sha256, created_at,
 * attachments:[...]}. New reference, NULL on error. */
json_t *store_mail_list(struct db_conn *c, int64_t report_id, int64_t incident_id);

/* The raw row of a message {id, report_id, incident_id, direction} (no
 * content), NULL when absent. */
json_t *store_mail_get(struct db_conn *c, int64_t id);
/* The decompressed raw message into *out (malloc'd, caller frees) and
 * *len; 1 found, 0 absent or none kept, -1 error. */
int store_mail_raw(struct db_conn *c, int64_t mail_id, char **out, size_t *len);

/* One attachment. content (may be NULL: kept inside the raw message) is
 * stored zlib-compressed. */
struct store_attachment {
	int64_t report_id; /* 0 = none */
	int64_t mail_id;   /* 0 = none */
	const char *filename, *declared_type, *detected_type;
	size_t size;
	const char *sha256;
	const char *content;
	size_t content_len;
	int64_t created_at;
};
int store_attachment_insert(struct db_conn *c, const struct store_attachment *a, int64_t *id);
/* The attachments of a report (its own and those of its messages), as API
 * objects {id, mail_id, filename, declared_type, detected_type, size,
 * sha256, has_content}. New reference, NULL on error. */
json_t *store_attachments_of_report(struct db_conn *c, int64_t report_id);
/* The row {id, report_id, mail_id, filename, declared_type, size, sha256}
 * of one attachment, NULL when absent. */
json_t *store_attachment_get(struct db_conn *c, int64_t id);
/* The decompressed content (malloc'd) of an attachment; when it was kept
 * only inside a raw message, *from_mail is set to that mail's id and 0 is
 * returned. 1 content found, 0 none, -1 error. */
int store_attachment_content(struct db_conn *c, int64_t id, char **out, size_t *len, int64_t *from_mail);

/* Stores each observable of l once (type, value) and links it to the
 * report (source: "text", "alert", "attachment"); an existing link keeps
 * its row, its last_seen_at is set to now. Write job only. */
int store_observables_link(struct db_conn *c, int64_t report_id, const struct observable_list *l, const char *source,
                           int64_t now);
/* The observables of a report as API objects {id, type, value, defanged,
 * source, first_seen_at, last_seen_at, reports (how many reports have
 * it)}, ordered by type then value. New reference, NULL on error. */
json_t *store_observables_of_report(struct db_conn *c, int64_t report_id);

/* Alert de-duplication: the report holding this dedupe_key, 0 when none. */
int store_report_find_dedupe(struct db_conn *c, const char *dedupe_key, int64_t *report_id);
/* A repeat of that alert: seen_count + 1, last_seen_at = seen_at, the
 * report's updated_at = now and version + 1. Write job only. */
int store_report_seen_again(struct db_conn *c, int64_t report_id, int64_t seen_at, int64_t now);

/* IMAP positions: 1 and fills *uidvalidity / *last_uid when known, 0 when
 * not, -1 error. */
int store_mailbox_get(struct db_conn *c, const char *name, int64_t *uidvalidity, int64_t *last_uid);
/* Sets the position (insert or replace). Write job only. */
int store_mailbox_set(struct db_conn *c, const char *name, int64_t uidvalidity, int64_t last_uid, int64_t now);

/* Moves the mails of incident from to incident to (a merge). 0 / -1. */
int store_mails_move(struct db_conn *c, int64_t from, int64_t to);

#endif
