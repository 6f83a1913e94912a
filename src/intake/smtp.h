/*
 * smtp.h - outgoing mail: composing one RFC 5322 message (GMime) and
 * handing it to an SMTP server (libcurl). Pure transport: no database, no
 * application rules; the outbox scheduler (app/mailer.c) decides what to
 * send and when to retry.
 *
 * Every header value is UTF-8 from our own templates or from a reporter's
 * mail (a subject quoted back), so it is checked for line breaks and then
 * encoded by GMime (RFC 2047), never pasted into the header block.
 */
#ifndef HIKESHI_INTAKE_SMTP_H
#define HIKESHI_INTAKE_SMTP_H

#include <stddef.h>
#include <stdint.h>

#define SMTP_MESSAGE_MAX     (1024 * 1024)      /* a composed message without attachments */
#define SMTP_ATTACHMENTS_MAX (20 * 1024 * 1024) /* their bytes together (a report PDF or two) */
#define SMTP_ATTACHMENT_N    8

/* A file sent with a message; borrowed. filename is UTF-8 (encoded by
 * GMime per RFC 2231), content_type "type/subtype". */
struct smtp_attachment {
	const char *filename;
	const char *content_type;
	const void *data;
	size_t len;
};

/* One outgoing message; strings are borrowed UTF-8. */
struct smtp_message {
	const char *from;        /* address, required */
	const char *from_name;   /* display name, may be NULL or "" */
	const char *to;          /* address, required */
	const char *subject;     /* may be "" */
	const char *body;        /* text/plain, may be "" */
	const char *message_id;  /* with or without <>, required */
	const char *in_reply_to; /* with or without <>, may be NULL or "" */
	const char *refs;        /* ids separated by spaces, with or without <>, may be NULL */
	int auto_reply;          /* adds Auto-Submitted: auto-replied and X-Auto-Response-Suppress: All */
	int64_t date;            /* unix seconds; 0 = now */
	const struct smtp_attachment *attachments; /* n of them; the message becomes multipart/mixed */
	size_t nattachments;
};

/*
 * smtp_compose - builds the message (CRLF line endings, MIME 1.0, text/plain
 * UTF-8 in base64; with attachments, multipart/mixed of that text and the
 * files in base64). 0 and *out (malloc'd, caller frees, NUL-terminated) with
 * *len; -1 with a sentence in err when a required field is missing, a value
 * contains CR or LF, an address is not usable, an attachment is malformed
 * (no name, a name with control characters, a bad content type, more than
 * SMTP_ATTACHMENT_N or SMTP_ATTACHMENTS_MAX bytes), or the result exceeds
 * SMTP_MESSAGE_MAX plus the attachments' encoded size. Thread-safe.
 */
int smtp_compose(const struct smtp_message *m, char **out, size_t *len, char *err, size_t errlen);

/* Where to send: smtp:// or smtps:// URL; user and password may be NULL. */
struct smtp_server {
	const char *url;
	const char *user;
	const char *password;
	int timeout;       /* seconds for the whole exchange */
	const int *cancel; /* may be NULL; when it reads non-zero, the transfer stops (shutdown) */
};

enum smtp_status {
	SMTP_SENT,     /* the server accepted the message (250 after DATA) */
	SMTP_TEMPFAIL, /* try again later: unreachable, timeout, 4xx, login refused */
	SMTP_PERMFAIL, /* the server refused it for good (5xx on MAIL, RCPT or DATA) */
};

/*
 * smtp_send - one SMTP transaction: MAIL FROM:<mail_from>, RCPT TO:<rcpt>,
 * DATA (len bytes of data, CRLF line endings). On failure err receives a
 * sentence with the server's code when there was one. Thread-safe (call
 * smtp_global_init first, once, before threads start).
 */
enum smtp_status smtp_send(const struct smtp_server *s, const char *mail_from, const char *rcpt, const char *data,
                           size_t len, char *err, size_t errlen);

/* curl_global_init for the transports (SMTP and IMAP); call once at start
 * in the main thread. 0 / -1. */
int smtp_global_init(void);

/* 1 when addr looks like a plain address we may put on an envelope and in
 * a header (local@domain, printable ASCII or UTF-8, no spaces, <>, quotes,
 * commas or control characters). */
int smtp_address_ok(const char *addr);

#endif
