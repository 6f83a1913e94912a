/*
 * webhook.h - outgoing webhooks: one HTTP POST of a JSON document to an
 * http:// or https:// URL (libcurl). Pure transport like smtp.h: no
 * database; the outbox scheduler (app/mailer.c) decides what to send and
 * when to retry.
 */
#ifndef HIKESHI_INTAKE_WEBHOOK_H
#define HIKESHI_INTAKE_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

struct webhook_target {
	const char *url;
	int timeout;       /* seconds for the whole exchange */
	const int *cancel; /* may be NULL; when it reads non-zero, the transfer stops (shutdown) */
	int64_t delivery;  /* sent as X-Hikeshi-Delivery, so a receiver can drop a repeat */
};

enum webhook_status {
	WEBHOOK_SENT,     /* 2xx */
	WEBHOOK_TEMPFAIL, /* anything else: unreachable, timeout, 3xx (never followed), 4xx, 5xx */
	WEBHOOK_PERMFAIL, /* the URL is not http(s): never worth another try */
};

/*
 * webhook_post - POSTs json (len bytes, application/json) to t->url.
 * Only http and https, redirects are not followed, connect timeout 10 s.
 * On failure err receives a sentence (with the HTTP status when there
 * was one). Thread-safe after smtp_global_init().
 */
enum webhook_status webhook_post(const struct webhook_target *t, const char *json, size_t len, char *err,
                                 size_t errlen);

#endif
