/*
 * imap.h - the IMAP client the mailbox poller uses (libcurl IMAP/IMAPS).
 * Pure transport: no database, no application rules.
 *
 * A session is one libcurl handle, so the logged-in connection is reused
 * for every command until imap_close(). Mailbox names come from the
 * configuration; they are checked (printable ASCII, no quotes, backslashes
 * or wildcards) and quoted here, never passed through unchecked.
 */
#ifndef HIKESHI_INTAKE_IMAP_H
#define HIKESHI_INTAKE_IMAP_H

#include <stddef.h>
#include <stdint.h>

#define IMAP_MESSAGE_MAX (32 * 1024 * 1024) /* bytes fetched of one message; more is cut */
#define IMAP_SEARCH_MAX  100000             /* UIDs taken from one SEARCH */

struct imap_opts {
	const char *url; /* imap://host:port or imaps://host:port, no path */
	const char *user, *password;
	int timeout;       /* seconds per command */
	const int *cancel; /* may be NULL; when it reads non-zero, transfers stop (shutdown) */
};

struct imap_session;

/* A session (nothing is sent yet). NULL on OOM or a bad URL, with err. */
struct imap_session *imap_open(const struct imap_opts *o, char *err, size_t errlen);
/* Logs out and frees; NULL allowed. */
void imap_close(struct imap_session *s);
/* The last error of the session (a sentence, "" when none). */
const char *imap_error(const struct imap_session *s);
/* For tests: behave as if the server lacked MOVE (COPY + STORE + EXPUNGE). */
void imap_set_no_move(struct imap_session *s, int no_move);

/* 1 when name is a mailbox name we can send (see above). */
int imap_mailbox_ok(const char *name);

/* The mailbox's UIDVALIDITY (STATUS). 0 / -1. */
int imap_uidvalidity(struct imap_session *s, const char *mailbox, int64_t *uidvalidity);

/*
 * UIDs greater than after, ascending, at most max (<= IMAP_SEARCH_MAX).
 * *uids is malloc'd (caller frees; NULL when none), *n the count. 0 / -1.
 */
int imap_search_after(struct imap_session *s, const char *mailbox, int64_t after, size_t max, int64_t **uids,
                      size_t *n);
/* UIDs less than or equal to upto that are not yet \Seen (or, with
 * unseen_only 0, all of them), ascending; as imap_search_after. */
int imap_search_upto(struct imap_session *s, const char *mailbox, int64_t upto, int unseen_only, size_t max,
                     int64_t **uids, size_t *n);

/*
 * The raw bytes of one message, without changing its \Seen flag. At most
 * IMAP_MESSAGE_MAX bytes: a longer message is cut there and *truncated set.
 * *out is malloc'd (caller frees), NUL-terminated. 1 fetched, 0 the UID is
 * gone (expunged meanwhile), -1 error.
 */
int imap_fetch(struct imap_session *s, const char *mailbox, int64_t uid, char **out, size_t *len, int *truncated);

/* Sets \Seen on one message. 0 / -1. */
int imap_mark_seen(struct imap_session *s, const char *mailbox, int64_t uid);
/* Moves one message to folder (UID MOVE, or COPY + \Deleted + EXPUNGE). 0 / -1. */
int imap_move(struct imap_session *s, const char *mailbox, int64_t uid, const char *folder);
/* Creates folder unless it exists. 0 / -1. */
int imap_ensure_folder(struct imap_session *s, const char *folder);

#endif
