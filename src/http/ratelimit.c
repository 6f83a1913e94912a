/*
 * Failure counters (see ratelimit.h). Open addressing over a fixed table;
 * when a probe finds no free or matching slot, the oldest window in the
 * probe range is reused, so memory never grows with attacker input.
 */
#include "http/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 160
#define PROBE   16

struct slot {
	char key[KEY_MAX];
	int count;
	int64_t start;
};

struct ratelimit {
	pthread_mutex_t mu;
	size_t n;
	struct slot *slots;
};

struct ratelimit *ratelimit_new(size_t slots)
{
	struct ratelimit *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->slots = calloc(slots, sizeof(*r->slots));
	if (!r->slots) {
		free(r);
		return NULL;
	}
	r->n = slots;
	pthread_mutex_init(&r->mu, NULL);
	return r;
}

void ratelimit_free(struct ratelimit *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->mu);
	free(r->slots);
	free(r);
}

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot for key: the matching one, else a free or the oldest one (reset). */
static struct slot *find(struct ratelimit *r, const char *key, int create)
{
	size_t h = hash(key);
	struct slot *oldest = NULL;
	for (size_t i = 0; i < PROBE; i++) {
		struct slot *s = &r->slots[(h + i) % r->n];
		if (strncmp(s->key, key, KEY_MAX - 1) == 0 && s->key[0])
			return s;
		if (!s->key[0]) {
			if (!oldest || oldest->key[0])
				oldest = s; /* a free slot beats any used one */
		} else if (!oldest || (oldest->key[0] && s->start < oldest->start)) {
			oldest = s;
		}
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof(*oldest));
	strncpy(oldest->key, key, KEY_MAX - 1);
	return oldest;
}

int ratelimit_blocked(struct ratelimit *r, const char *key, int limit, int window, int64_t now, int *retry_after)
{
	int blocked = 0;
	pthread_mutex_lock(&r->mu);
	struct slot *s = find(r, key, 0);
	if (s && now - s->start < window && s->count >= limit) {
		blocked = 1;
		*retry_after = (int)(window - (now - s->start));
		if (*retry_after < 1)
			*retry_after = 1;
	}
	pthread_mutex_unlock(&r->mu);
	return blocked;
}

void ratelimit_fail(struct ratelimit *r, const char *key, int window, int64_t now)
{
	pthread_mutex_lock(&r->mu);
	struct slot *s = find(r, key, 1);
	if (now - s->start >= window) {
		s->start = now;
		s->count = 0;
	}
	s->count++;
	pthread_mutex_unlock(&r->mu);
}

void ratelimit_clear(struct ratelimit *r, const char *key)
{
	pthread_mutex_lock(&r->mu);
	struct slot *s = find(r, key, 0);
	if (s)
		memset(s, 0, sizeof(*s));
	pthread_mutex_unlock(&r->mu);
}
