/*
 * Metrics use cases (see metrics.h): parameters checked and turned into a
 * period and a scope, then one read transaction over report/metrics.
 */
#include "app/metrics.h"

#include "lib/timeutil.h"
#include "report/metrics.h"
#include "store/db.h"
#include "store/metrics.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/*
 * The metrics and series of the last few (period or series, scope) pairs
 * asked for. A dashboard view asks for the same month's metrics once for its
 * figures and once per chart; at a million incidents each costs about half a
 * second (a 12-month series a fifth of one). An entry is
 * used only while nothing has been committed since it was computed (the
 * database's data version, which sees every connection and process) and for
 * at most CACHE_TTL seconds (figures of a running period depend on the
 * clock). Callers get a copy.
 */
#define CACHE_SLOTS 16
#define CACHE_TTL   60

/* What an entry is of: the metrics of period p (series 0) or a series
 * (1 + its kind, of n months, ending now), for scope s of database db. */
struct cache_key {
	uint64_t db;
	int series, n;
	struct metrics_period p;
	struct metrics_scope s;
};

struct cached {
	struct cache_key k;
	int64_t version, computed_at, used;
	json_t *value;
};

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct cached cache[CACHE_SLOTS];
static int64_t cache_tick;

static int same_key(const struct cached *e, const struct cache_key *k)
{
	const struct cache_key *o = &e->k;
	return e->value && o->db == k->db && o->series == k->series && o->n == k->n && o->p.kind == k->p.kind &&
	       o->p.from == k->p.from && o->p.to == k->p.to && strcmp(o->p.label, k->p.label) == 0 &&
	       o->s.constituency_id == k->s.constituency_id && o->s.scope_user_id == k->s.scope_user_id &&
	       o->s.tlp_max == k->s.tlp_max;
}

/* A copy of what is kept for k, still valid at (version, now), or NULL. */
static json_t *cache_get(const struct cache_key *k, int64_t version, int64_t now)
{
	json_t *out = NULL;
	pthread_mutex_lock(&cache_mu);
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct cached *e = &cache[i];
		if (same_key(e, k) && e->version == version && now >= e->computed_at &&
		    now - e->computed_at < CACHE_TTL) {
			out = json_deep_copy(e->value);
			e->used = ++cache_tick;
			break;
		}
	}
	pthread_mutex_unlock(&cache_mu);
	return out;
}

/* Keeps a copy of v for k, in k's slot or the least recently used one. */
static void cache_put(const struct cache_key *k, int64_t version, int64_t now, const json_t *v)
{
	json_t *copy = json_deep_copy(v);
	if (!copy)
		return;
	pthread_mutex_lock(&cache_mu);
	struct cached *slot = &cache[0];
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (same_key(&cache[i], k)) {
			slot = &cache[i];
			break;
		}
		if (cache[i].used < slot->used)
			slot = &cache[i];
	}
	json_decref(slot->value);
	*slot = (struct cached){*k, version, now, ++cache_tick, copy};
	pthread_mutex_unlock(&cache_mu);
}

/* Computes with compute(c, arg) in a read transaction, or takes what is
 * kept for k. The data version is read before the transaction begins: a
 * commit in between makes the entry stale at once, never the other way
 * round. NULL on a database error. */
static json_t *kept_or_computed(struct db *db, const struct cache_key *k, int64_t now,
                                json_t *(*compute)(struct db_conn *c, const struct cache_key *k, int64_t now))
{
	int64_t version = 0;
	int cacheable = db_data_version(db, &version) == 0;
	json_t *v = cacheable ? cache_get(k, version, now) : NULL;
	if (v)
		return v;
	struct db_conn *c = db_read_begin(db);
	if (!c)
		return NULL;
	v = compute(c, k, now);
	db_read_end(db, c);
	if (v && cacheable)
		cache_put(k, version, now, v);
	return v;
}

static json_t *compute_metrics(struct db_conn *c, const struct cache_key *k, int64_t now)
{
	return metrics_compute(c, &k->p, &k->s, now);
}

static json_t *compute_series(struct db_conn *c, const struct cache_key *k, int64_t now)
{
	return metrics_series(c, (enum metrics_series_kind)(k->series - 1), k->n, &k->s, now);
}

/* A positive decimal integer; 0, or -1. */
static int parse_pos(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 1 || s[0] == '+' || s[0] == '-')
		return -1;
	*out = v;
	return 0;
}

int app_metrics_scope(const struct app_ctx *ctx, const char *constituency, struct metrics_scope *s,
                      struct app_result *r)
{
	memset(s, 0, sizeof(*s));
	s->tlp_max = ctx->actor->tlp_max;
	if (!ctx->actor->all_constituencies)
		s->scope_user_id = ctx->actor->user_id;
	if (constituency && parse_pos(constituency, &s->constituency_id) != 0) {
		app_field_error(r, "constituency", "must be a constituency id");
		return -1;
	}
	return 0;
}

int app_metrics_get(const struct app_ctx *ctx, const struct app_metrics_query *q, struct app_result *r)
{
	struct metrics_period p;
	struct metrics_scope s;
	int64_t now = time_now();
	if (app_metrics_scope(ctx, q->constituency, &s, r) < 0)
		return -1;
	if (q->period && (q->from || q->to)) {
		app_field_error(r, "period", "give either period or from and to, not both");
		return -1;
	}
	if (q->period) {
		if (metrics_period_parse(q->period, &p) != 0) {
			app_field_error(r, "period",
			                "must be a month (2026-10), quarter (2026-Q3), half (2026-H1) or year");
			return -1;
		}
	} else if (q->from || q->to) {
		if (!q->from || !q->to) {
			app_field_error(r, q->from ? "to" : "from", "is required with %s", q->from ? "from" : "to");
			return -1;
		}
		if (metrics_period_range(q->from, q->to, &p) != 0) {
			app_field_error(r, "from",
			                "from and to must be dates (2026-10-01) or RFC 3339 times, from before to");
			return -1;
		}
	} else {
		metrics_period_month_of(now, 0, &p);
	}
	struct cache_key key = {.db = db_id(ctx->db), .p = p, .s = s};
	r->object = kept_or_computed(ctx->db, &key, now, compute_metrics);
	if (!r->object)
		return app_fail(r, APP_INTERNAL, "the metrics could not be computed");
	return 0;
}

int app_metrics_series(const struct app_ctx *ctx, const char *metric, const char *months, const char *constituency,
                       struct app_result *r)
{
	enum metrics_series_kind k;
	struct metrics_scope s;
	int64_t n = 12;
	if (app_metrics_scope(ctx, constituency, &s, r) < 0)
		return -1;
	if (metrics_series_parse(metric ? metric : "incidents", &k) != 0) {
		app_field_error(r, "metric", "must be incidents, reports or mttr");
		return -1;
	}
	if (months && (parse_pos(months, &n) != 0 || n > METRICS_SERIES_MAX)) {
		app_field_error(r, "months", "must be from 1 to %d", METRICS_SERIES_MAX);
		return -1;
	}
	struct cache_key key = {.db = db_id(ctx->db), .series = 1 + (int)k, .n = (int)n, .s = s};
	r->object = kept_or_computed(ctx->db, &key, time_now(), compute_series);
	if (!r->object)
		return app_fail(r, APP_INTERNAL, "the series could not be computed");
	return 0;
}

int app_metrics_gauges(const struct app_ctx *ctx, struct app_result *r)
{
	int64_t waiting = 0, failing = 0;
	json_t *outbox, *sla, *open;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_INTERNAL, "the database could not be read");
	int rc = store_metrics_gauges(c, &waiting, &failing, &outbox, &sla, &open);
	db_read_end(ctx->db, c);
	if (rc < 0)
		return app_fail(r, APP_INTERNAL, "the gauges could not be read");
	r->object = json_pack("{s:I,s:I,s:o,s:o,s:o}", "reports_waiting_triage", (json_int_t)waiting,
	                      "report_schedules_failing", (json_int_t)failing, "outbox", outbox, "sla_breaches", sla,
	                      "open_incidents", open);
	return 0;
}
