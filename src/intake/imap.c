/*
 * imap.c - the IMAP commands the mailbox poller needs, over libcurl.
 *
 * libcurl logs in, selects mailboxes (it remembers which one is selected
 * on the connection) and fetches message bodies; the other commands go as
 * CURLOPT_CUSTOMREQUEST, whose untagged answers libcurl hands to our write
 * callback line by line. Two libcurl facts shape this file:
 *
 *  - a custom "UID FETCH n BODY.PEEK[]" loses the literal (only lines that
 *    look like untagged answers come through), so bodies are fetched with
 *    libcurl's own FETCH (URL ;UID=n), which sends BODY[] and so sets
 *    \Seen; imap_fetch reads the flags first and takes \Seen away again
 *    when it was not there, so fetching leaves the message as it was;
 *  - a custom EXAMINE/SELECT would change the selected mailbox behind
 *    libcurl's back, so UIDVALIDITY is read with STATUS.
 *
 * Every answer is read into a bounded buffer (a message is cut at
 * IMAP_MESSAGE_MAX, other answers at ANSWER_MAX).
 */
#include "intake/imap.h"

#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANSWER_MAX (8 * 1024 * 1024) /* SEARCH of IMAP_SEARCH_MAX UIDs fits */
#define CMD_MAX    512               /* one command line */
#define URL_MAX    1536

struct imap_session {
	CURL *h;
	char base[URL_MAX]; /* imap://host:port, without a trailing '/' */
	char error[512];
	char curl_err[CURL_ERROR_SIZE];
	int caps_known, has_move, has_uidplus, no_move;
	int timeout;
};

struct rbuf {
	char *p;
	size_t len, cap, max;
	int over;
};

static void fail(struct imap_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct imap_session *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->error, sizeof(s->error), fmt, ap);
	va_end(ap);
}

const char *imap_error(const struct imap_session *s)
{
	return s->error;
}

void imap_set_no_move(struct imap_session *s, int no_move)
{
	s->no_move = no_move;
}

int imap_mailbox_ok(const char *name)
{
	if (!name || !*name || strlen(name) > 200)
		return 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p >= 0x7f || strchr("\"\\%*", *p))
			return 0;
	return 1;
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct rbuf *b = arg;
	size_t n = size * nmemb;
	if (n > b->max - b->len) {
		n = b->max - b->len;
		b->over = 1;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return 0;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return b->over ? 0 : size * nmemb; /* 0 stops the transfer */
}

/* libcurl's progress callback: stops the transfer once *cancel is set. */
static int cancel_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return __atomic_load_n((const int *)arg, __ATOMIC_RELAXED) != 0;
}

struct imap_session *imap_open(const struct imap_opts *o, char *err, size_t errlen)
{
	size_t ul = o->url ? strlen(o->url) : 0;
	while (ul && o->url[ul - 1] == '/')
		ul--;
	if (!ul || ul >= URL_MAX - 300 || (strncmp(o->url, "imap://", 7) && strncmp(o->url, "imaps://", 8))) {
		snprintf(err, errlen, "[imap] url must be imap://host:port or imaps://host:port");
		return NULL;
	}
	struct imap_session *s = calloc(1, sizeof(*s));
	if (!s || !(s->h = curl_easy_init())) {
		free(s);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	memcpy(s->base, o->url, ul);
	s->timeout = o->timeout > 0 ? o->timeout : 60;
	curl_easy_setopt(s->h, CURLOPT_PROTOCOLS_STR, "imap,imaps");
	curl_easy_setopt(s->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->h, CURLOPT_CONNECTTIMEOUT, (long)s->timeout);
	curl_easy_setopt(s->h, CURLOPT_ERRORBUFFER, s->curl_err);
	curl_easy_setopt(s->h, CURLOPT_WRITEFUNCTION, write_cb);
	if (o->cancel) {
		curl_easy_setopt(s->h, CURLOPT_XFERINFOFUNCTION, cancel_cb);
		curl_easy_setopt(s->h, CURLOPT_XFERINFODATA, o->cancel);
		curl_easy_setopt(s->h, CURLOPT_NOPROGRESS, 0L);
	}
	if (o->user && *o->user) {
		curl_easy_setopt(s->h, CURLOPT_USERNAME, o->user);
		curl_easy_setopt(s->h, CURLOPT_PASSWORD, o->password ? o->password : "");
	}
	return s;
}

void imap_close(struct imap_session *s)
{
	if (!s)
		return;
	curl_easy_cleanup(s->h);
	free(s);
}

/*
 * One transfer. mailbox NULL = none selected; uid > 0 with cmd NULL =
 * libcurl's FETCH of that message (partial > 0: its first partial bytes).
 * The answer goes to b (bounded by b->max). 0 / -1 with s->error set; a
 * fetch cut at b->max is 0 with b->over set.
 */
static int run(struct imap_session *s, const char *mailbox, int64_t uid, size_t partial, const char *cmd,
               struct rbuf *b)
{
	char url[URL_MAX];
	char *esc = NULL;
	if (mailbox && !(esc = curl_easy_escape(s->h, mailbox, 0))) {
		fail(s, "out of memory");
		return -1;
	}
	int n = snprintf(url, sizeof(url), "%s/%s", s->base, esc ? esc : "");
	curl_free(esc);
	if (uid > 0 && !cmd && n > 0 && (size_t)n < sizeof(url))
		n += snprintf(url + n, sizeof(url) - (size_t)n, ";UID=%" PRId64, uid);
	if (partial && n > 0 && (size_t)n < sizeof(url))
		n += snprintf(url + n, sizeof(url) - (size_t)n, ";PARTIAL=0.%zu", partial);
	if (n < 0 || (size_t)n >= sizeof(url)) {
		fail(s, "IMAP URL too long");
		return -1;
	}
	s->curl_err[0] = '\0';
	curl_easy_setopt(s->h, CURLOPT_URL, url);
	curl_easy_setopt(s->h, CURLOPT_CUSTOMREQUEST, cmd);
	curl_easy_setopt(s->h, CURLOPT_WRITEDATA, b);
	/* a 32 MiB message needs more than one command's time */
	curl_easy_setopt(s->h, CURLOPT_TIMEOUT, (long)(cmd ? s->timeout : s->timeout * 10));
	CURLcode cc = curl_easy_perform(s->h);
	curl_easy_setopt(s->h, CURLOPT_CUSTOMREQUEST, NULL);
	if (cc == CURLE_WRITE_ERROR && b->over && !cmd)
		return 0;
	if (cc != CURLE_OK) {
		fail(s, "IMAP %s: %s%s%s", cmd ? cmd : "FETCH", curl_easy_strerror(cc), *s->curl_err ? ": " : "",
		     s->curl_err);
		return -1;
	}
	if (b->over) {
		fail(s, "IMAP %s: answer larger than %zu bytes", cmd ? cmd : "FETCH", b->max);
		return -1;
	}
	return 0;
}

/* A command whose answer is small (bounded by ANSWER_MAX); frees nothing
 * on failure beyond b. */
static int command(struct imap_session *s, const char *mailbox, struct rbuf *b, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static int command(struct imap_session *s, const char *mailbox, struct rbuf *b, const char *fmt, ...)
{
	char cmd[CMD_MAX];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(cmd)) {
		fail(s, "IMAP command too long");
		return -1;
	}
	memset(b, 0, sizeof(*b));
	b->max = ANSWER_MAX;
	return run(s, mailbox, 0, 0, cmd, b);
}

/* Runs a command whose answer is not needed. */
static int simple(struct imap_session *s, const char *mailbox, const char *cmd, const char *arg1, const char *arg2)
{
	struct rbuf b;
	int rc = command(s, mailbox, &b, "%s%s%s", cmd, arg1 ? arg1 : "", arg2 ? arg2 : "");
	free(b.p);
	return rc;
}

/* The number after key (a word) in text, or -1. */
static int64_t number_after(const char *text, const char *key)
{
	size_t kl = strlen(key);
	for (const char *p = text; p && (p = strstr(p, key)) != NULL; p += kl) {
		if (p > text && p[-1] != ' ' && p[-1] != '(' && p[-1] != '[')
			continue;
		if (p[kl] != ' ')
			continue;
		char *end;
		errno = 0;
		long long v = strtoll(p + kl + 1, &end, 10);
		if (!errno && end != p + kl + 1 && v >= 0)
			return v;
	}
	return -1;
}

int imap_uidvalidity(struct imap_session *s, const char *mailbox, int64_t *uidvalidity)
{
	if (!imap_mailbox_ok(mailbox)) {
		fail(s, "mailbox name not usable");
		return -1;
	}
	struct rbuf b;
	int rc = command(s, NULL, &b, "STATUS \"%s\" (UIDVALIDITY UIDNEXT)", mailbox);
	if (rc == 0) {
		*uidvalidity = b.p ? number_after(b.p, "UIDVALIDITY") : -1;
		if (*uidvalidity <= 0) {
			fail(s, "IMAP STATUS %s: no UIDVALIDITY in the answer", mailbox);
			rc = -1;
		}
	}
	free(b.p);
	return rc;
}

static int cmp_uid(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* UIDs of "* SEARCH ..." lines within (lo, hi], sorted, at most max. */
static int parse_search(struct imap_session *s, const char *text, int64_t lo, int64_t hi, size_t max, int64_t **uids,
                        size_t *n)
{
	size_t cap = 0;
	*uids = NULL;
	*n = 0;
	for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (strncmp(line, "* SEARCH", 8))
			continue;
		const char *p = line + 8;
		while (*p == ' ') {
			char *end;
			errno = 0;
			long long v = strtoll(p + 1, &end, 10);
			if (errno || end == p + 1)
				break;
			p = end;
			if (v <= lo || v > hi || *n >= max)
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 64;
				int64_t *u = realloc(*uids, cap * sizeof(**uids));
				if (!u) {
					free(*uids);
					*uids = NULL;
					*n = 0;
					fail(s, "out of memory");
					return -1;
				}
				*uids = u;
			}
			(*uids)[(*n)++] = v;
		}
	}
	if (*n)
		qsort(*uids, *n, sizeof(**uids), cmp_uid);
	return 0;
}

int imap_search_after(struct imap_session *s, const char *mailbox, int64_t after, size_t max, int64_t **uids, size_t *n)
{
	*uids = NULL;
	*n = 0;
	if (!imap_mailbox_ok(mailbox)) {
		fail(s, "mailbox name not usable");
		return -1;
	}
	if (max > IMAP_SEARCH_MAX)
		max = IMAP_SEARCH_MAX;
	struct rbuf b;
	/* n:* always matches the last message, even when its UID is below n:
	 * parse_search drops what is not above `after` */
	int rc = command(s, mailbox, &b, "UID SEARCH UID %" PRId64 ":*", after + 1);
	if (rc == 0 && b.p)
		rc = parse_search(s, b.p, after, INT64_MAX, max, uids, n);
	free(b.p);
	return rc;
}

int imap_search_upto(struct imap_session *s, const char *mailbox, int64_t upto, int unseen_only, size_t max,
                     int64_t **uids, size_t *n)
{
	*uids = NULL;
	*n = 0;
	if (!imap_mailbox_ok(mailbox)) {
		fail(s, "mailbox name not usable");
		return -1;
	}
	if (upto <= 0)
		return 0;
	if (max > IMAP_SEARCH_MAX)
		max = IMAP_SEARCH_MAX;
	struct rbuf b;
	int rc = command(s, mailbox, &b, "UID SEARCH UID 1:%" PRId64 "%s", upto, unseen_only ? " UNSEEN" : "");
	if (rc == 0 && b.p)
		rc = parse_search(s, b.p, 0, upto, max, uids, n);
	free(b.p);
	return rc;
}

/* Flags and size of one message: 1 found, 0 gone, -1 error. */
static int message_info(struct imap_session *s, const char *mailbox, int64_t uid, int *seen, int64_t *size)
{
	struct rbuf b;
	int rc = command(s, mailbox, &b, "UID FETCH %" PRId64 " (UID FLAGS RFC822.SIZE)", uid);
	if (rc == 0) {
		const char *line = b.p ? strstr(b.p, " FETCH (") : NULL;
		if (!line || number_after(line, "UID") != uid) {
			rc = 0;
		} else {
			const char *fl = strstr(line, "FLAGS (");
			const char *fe = fl ? strchr(fl, ')') : NULL;
			const char *sn = fl ? strstr(fl, "\\Seen") : NULL;
			*seen = sn && fe && sn < fe;
			*size = number_after(line, "RFC822.SIZE");
			rc = 1;
		}
	}
	free(b.p);
	return rc;
}

int imap_fetch(struct imap_session *s, const char *mailbox, int64_t uid, char **out, size_t *len, int *truncated)
{
	*out = NULL;
	*len = 0;
	*truncated = 0;
	if (!imap_mailbox_ok(mailbox) || uid <= 0) {
		fail(s, "mailbox name or UID not usable");
		return -1;
	}
	int seen = 0;
	int64_t size = -1;
	int rc = message_info(s, mailbox, uid, &seen, &size);
	if (rc <= 0)
		return rc;
	struct rbuf b = {.max = IMAP_MESSAGE_MAX};
	size_t partial = size > IMAP_MESSAGE_MAX ? IMAP_MESSAGE_MAX : 0;
	if (run(s, mailbox, uid, partial, NULL, &b) < 0) {
		free(b.p);
		rc = -1;
		goto restore;
	}
	*truncated = partial || b.over;
	if (!b.p && !(b.p = calloc(1, 1))) {
		fail(s, "out of memory");
		rc = -1;
		goto restore;
	}
	*out = b.p;
	*len = b.len;
	rc = 1;
restore:
	/* FETCH BODY[] set \Seen: take it away again if we added it */
	if (!seen) {
		char u[32];
		snprintf(u, sizeof(u), "%" PRId64, uid);
		if (simple(s, mailbox, "UID STORE ", u, " -FLAGS.SILENT (\\Seen)") < 0 && rc == 1) {
			free(*out);
			*out = NULL;
			*len = 0;
			rc = -1;
		}
	}
	return rc;
}

int imap_mark_seen(struct imap_session *s, const char *mailbox, int64_t uid)
{
	if (!imap_mailbox_ok(mailbox)) {
		fail(s, "mailbox name not usable");
		return -1;
	}
	char u[32];
	snprintf(u, sizeof(u), "%" PRId64, uid);
	return simple(s, mailbox, "UID STORE ", u, " +FLAGS.SILENT (\\Seen)");
}

/* Whether a capability word is in the CAPABILITY answer. */
static int has_word(const char *text, const char *word)
{
	size_t wl = strlen(word);
	for (const char *p = text; p && (p = strstr(p, word)) != NULL; p += wl)
		if ((p == text || p[-1] == ' ') && (p[wl] == ' ' || p[wl] == '\r' || p[wl] == '\n' || !p[wl]))
			return 1;
	return 0;
}

static int capabilities(struct imap_session *s)
{
	if (s->caps_known)
		return 0;
	struct rbuf b;
	int rc = command(s, NULL, &b, "CAPABILITY");
	if (rc == 0) {
		s->has_move = b.p && has_word(b.p, "MOVE");
		s->has_uidplus = b.p && has_word(b.p, "UIDPLUS");
		s->caps_known = 1;
	}
	free(b.p);
	return rc;
}

int imap_move(struct imap_session *s, const char *mailbox, int64_t uid, const char *folder)
{
	if (!imap_mailbox_ok(mailbox) || !imap_mailbox_ok(folder)) {
		fail(s, "mailbox name not usable");
		return -1;
	}
	if (capabilities(s) < 0)
		return -1;
	char u[32], q[256];
	snprintf(u, sizeof(u), "%" PRId64, uid);
	snprintf(q, sizeof(q), " \"%s\"", folder);
	if (s->has_move && !s->no_move)
		return simple(s, mailbox, "UID MOVE ", u, q);
	if (simple(s, mailbox, "UID COPY ", u, q) < 0 ||
	    simple(s, mailbox, "UID STORE ", u, " +FLAGS.SILENT (\\Deleted)") < 0)
		return -1;
	/* plain EXPUNGE would also remove what others marked \Deleted */
	if (s->has_uidplus)
		return simple(s, mailbox, "UID EXPUNGE ", u, NULL);
	return simple(s, mailbox, "EXPUNGE", NULL, NULL);
}

int imap_ensure_folder(struct imap_session *s, const char *folder)
{
	if (!imap_mailbox_ok(folder)) {
		fail(s, "folder name not usable");
		return -1;
	}
	struct rbuf b;
	int rc = command(s, NULL, &b, "LIST \"\" \"%s\"", folder);
	int exists = rc == 0 && b.p && strstr(b.p, "* LIST ") != NULL;
	free(b.p);
	if (rc < 0 || exists)
		return rc;
	char q[256];
	snprintf(q, sizeof(q), "\"%s\"", folder);
	return simple(s, NULL, "CREATE ", q, NULL);
}
