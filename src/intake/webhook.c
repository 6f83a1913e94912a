/*
 * webhook.c - one HTTP POST per notification (see webhook.h).
 */
#include "intake/webhook.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define CONNECT_TIMEOUT 10  /* seconds */
#define REPLY_KEEP      200 /* bytes of a failed reply quoted in the error */

struct reply {
	char text[REPLY_KEEP + 1];
	size_t len;
};

/* Keeps the start of the reply (for the error message), drops the rest. */
static size_t write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct reply *r = arg;
	size_t len = size * n, room = REPLY_KEEP - r->len;
	size_t take = len < room ? len : room;
	memcpy(r->text + r->len, p, take);
	r->len += take;
	r->text[r->len] = '\0';
	return len;
}

static int cancel_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return __atomic_load_n((const int *)arg, __ATOMIC_RELAXED) ? 1 : 0;
}

/* The reply as one printable line (it goes into a log and the API). */
static void flatten(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

enum webhook_status webhook_post(const struct webhook_target *t, const char *json, size_t len, char *err, size_t errlen)
{
	if (!t->url || (strncmp(t->url, "http://", 7) != 0 && strncmp(t->url, "https://", 8) != 0)) {
		snprintf(err, errlen, "the webhook URL is not http:// or https://");
		return WEBHOOK_PERMFAIL;
	}
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(err, errlen, "libcurl could not start a transfer");
		return WEBHOOK_TEMPFAIL;
	}
	char cerr[CURL_ERROR_SIZE] = "", delivery[64];
	struct reply reply = {.len = 0};
	struct curl_slist *hdr = NULL, *tmp;
	snprintf(delivery, sizeof(delivery), "X-Hikeshi-Delivery: %" PRId64, t->delivery);
	if (!(tmp = curl_slist_append(hdr, "Content-Type: application/json")) || !(hdr = tmp) ||
	    !(tmp = curl_slist_append(hdr, delivery)) || !(hdr = tmp) || !(tmp = curl_slist_append(hdr, "Expect:"))) {
		curl_slist_free_all(hdr);
		curl_easy_cleanup(h);
		snprintf(err, errlen, "out of memory");
		return WEBHOOK_TEMPFAIL;
	}
	hdr = tmp;
	curl_easy_setopt(h, CURLOPT_URL, t->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)(t->timeout > 0 ? t->timeout : 30));
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, json);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "hikeshi");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	if (t->cancel) {
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cancel_cb);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, t->cancel);
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	}
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "webhook: %s", cerr[0] ? cerr : curl_easy_strerror(rc));
		return WEBHOOK_TEMPFAIL;
	}
	if (code >= 200 && code < 300)
		return WEBHOOK_SENT;
	flatten(reply.text);
	snprintf(err, errlen, "webhook: HTTP %ld%s%s", code, reply.len ? ": " : "", reply.text);
	return WEBHOOK_TEMPFAIL;
}
