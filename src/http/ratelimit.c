/*
 * Attempt counters (see ratelimit.h). Open addressing over a fixed table, so
 * memory never grows with attacker input. When a key's probe range is full,
 * the slot given up is the least informative one: an expired window first,
 * then the lowest count (oldest among equals), so a flood of throwaway keys
 * (count 1 each) cannot push out an account that is being guessed at.
 */
#include "http/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 160
#define PROBE 16

struct slot {
	char key[KEY_MAX];
	int count;
	int window;
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

static int expired(const struct slot *s, int64_t now)
{
	return !s->key[0] || now - s->start >= s->window;
}

/* The slot holding key, or with create a slot given up for it (see the top
 * of the file); NULL when absent and not creating. Called under the lock. */
static struct slot *find(struct ratelimit *r, const char *key, int create, int64_t now)
{
	size_t h = hash(key);
	struct slot *victim = NULL;
	for (size_t i = 0; i < PROBE; i++) {
		struct slot *s = &r->slots[(h + i) % r->n];
		if (s->key[0] && strncmp(s->key, key, KEY_MAX - 1) == 0)
			return s;
		if (!victim)
			victim = s;
		else if (expired(s, now) && !expired(victim, now))
			victim = s;
		else if (expired(s, now) == expired(victim, now) &&
		         (s->count < victim->count || (s->count == victim->count && s->start < victim->start)))
			victim = s;
	}
	if (!create)
		return NULL;
	memset(victim, 0, sizeof(*victim));
	strncpy(victim->key, key, KEY_MAX - 1);
	return victim;
}

int ratelimit_attempt(struct ratelimit *r, const char *key, int limit, int window, int64_t now, int *retry_after)
{
	int blocked = 0;
	pthread_mutex_lock(&r->mu);
	struct slot *s = find(r, key, 1, now);
	if (s->window == 0 || now - s->start >= window) {
		s->start = now;
		s->count = 0;
		s->window = window;
	}
	if (s->count >= limit) {
		blocked = 1;
		*retry_after = (int)(window - (now - s->start));
		if (*retry_after < 1)
			*retry_after = 1;
	} else {
		s->count++;
	}
	pthread_mutex_unlock(&r->mu);
	return blocked;
}

void ratelimit_refund(struct ratelimit *r, const char *key)
{
	pthread_mutex_lock(&r->mu);
	struct slot *s = find(r, key, 0, 0);
	if (s && s->count > 0)
		s->count--;
	pthread_mutex_unlock(&r->mu);
}

void ratelimit_clear(struct ratelimit *r, const char *key)
{
	pthread_mutex_lock(&r->mu);
	struct slot *s = find(r, key, 0, 0);
	if (s)
		memset(s, 0, sizeof(*s));
	pthread_mutex_unlock(&r->mu);
}
