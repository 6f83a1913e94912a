/*
 * demo.c - the demonstration data set: a year in the life of the CSIRT of a
 * Japanese group of companies (本社, two group companies, a subsidiary in
 * Singapore).
 *
 * The data is written the way the handlers of such a team write: incident
 * titles and notes in Japanese, mails from employees with their greetings,
 * SOC alerts in the MSSP's fixed layout, EDR alerts in the tool's English.
 * Everything comes from the text tables in demo_text.c (about forty
 * incident templates with their report texts, per-kind notes and tasks)
 * filled with names, hosts, products and times picked by a small
 * deterministic PRNG (splitmix64), so one seed always gives the same rows.
 *
 * Shape of the generator. Incidents are produced in created_at order from
 * a time line weighted towards the recent months, office hours and working
 * days, so that per-year key sequences are in time order too. Each
 * incident's life is simulated through workflow_transition (so status,
 * milestones and the journal agree with the workflow rules); whatever
 * would happen after `now` does not happen, which leaves the recent ones
 * open. Reports must also get their RPT keys in received order, but a
 * follow-up report arrives after later incidents were created: reports
 * therefore wait in a min-heap keyed by received_at and are released once
 * no later item can arrive before them (a watermark that trails the time
 * line by REPORT_LEAD_MAX). Only that window and one chunk are in memory,
 * so memory follows the number of incidents per day, not their total
 * (measured peak RSS: 15 MB for 300 incidents, 76 MB for 1M).
 *
 * Rows are built into a chunk (an arena plus row arrays) of CHUNK_INCIDENTS
 * incidents and written by one db_write job per chunk, which also brings
 * key_seq up to date, so a failure leaves a consistent database. Ids are
 * assigned here (after the highest existing id) because reports and
 * journal entries reference incidents before the job runs. Incidents and
 * reports reach their tables through TEMP staging tables, one INSERT ...
 * SELECT per chunk, because the full-text triggers cost far less per
 * statement than per row (see "store: one chunk").
 */
#include "app/demo.h"
#include "app/demo_text.h"

#include "core/key.h"
#include "core/markdown.h"
#include "core/priority.h"
#include "core/report_state.h"
#include "core/tlp.h"
#include "core/workflow.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_INCIDENTS 2000        /* incidents per write job (with their rows) */
#define PROGRESS_MIN    10000       /* log progress from this many incidents */
#define SPAN_DAYS       365         /* the data covers the year before now */
#define REPORT_LEAD_MAX (8 * 3600)  /* a first report precedes its incident by at most this */
#define MAX_ORGS        32          /* constituencies used (the first ones by id) */
#define MAX_UNITS       512         /* org units used */
#define MAX_HANDLERS    32          /* users who may be assignees */
#define MAX_YEARS       8           /* distinct key years per run (12 months touch 2) */
#define VAR_MAX         200         /* one placeholder value, bytes */
#define TEXT_MAX        (64 * 1024) /* one expanded text, bytes */

/* --- deterministic random numbers ----------------------------------------- */

/* splitmix64: tiny, fast, and good enough to pick demo rows; its whole state
 * is one integer, so the sequence depends on the seed alone. */
struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) (n > 0) by multiply-shift, which has no modulo bias
 * worth mentioning for the small n used here. */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	if (n == 0)
		return 0;
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	uint64_t span = (uint64_t)(hi - lo) + 1;
	return lo + (int64_t)(rng_next(r) % span);
}

static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0); /* 2^53 */
}

static int rng_pct(struct rng *r, int pct)
{
	return (int)rng_below(r, 100) < pct;
}

/* A duration of about base seconds with a long right tail (log-normal,
 * sigma 0.8): most steps take about as long as usual, a few much longer. */
static int64_t rng_duration(struct rng *r, double base)
{
	double u1 = rng_unit(r), u2 = rng_unit(r);
	if (u1 < 1e-12)
		u1 = 1e-12;
	double z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
	double d = base * exp(0.8 * z - 0.32); /* -sigma^2/2 keeps the mean near base */
	if (d < 60.0)
		d = 60.0;
	if (d > 400.0 * 86400.0)
		d = 400.0 * 86400.0;
	return (int64_t)d;
}

/* Picks an index by weight; weights sum to total (> 0). */
static size_t rng_weighted(struct rng *r, const unsigned *w, size_t n, unsigned total)
{
	uint32_t x = rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* --- local calendar ------------------------------------------------------- */

/* The team's wall clock at a unix time, in its fixed UTC offset. */
struct local_time {
	int year, month, day, hour, minute, second;
	int wday; /* 0 = Sunday */
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Proleptic Gregorian date of a day number (days since 1970-01-01), after
 * Howard Hinnant's civil_from_days. */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void local_time_of(int64_t t, int offset_min, struct local_time *lt)
{
	int64_t l = t + (int64_t)offset_min * 60;
	int64_t days = floor_div(l, 86400);
	int64_t secs = l - days * 86400;
	civil_from_days(days, &lt->year, &lt->month, &lt->day);
	lt->hour = (int)(secs / 3600);
	lt->minute = (int)(secs / 60 % 60);
	lt->second = (int)(secs % 60);
	lt->wday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
}

/* --- arena: the strings of one chunk, freed together ---------------------- */

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char data[];
};

struct arena {
	struct arena_block *head;
};

#define ARENA_BLOCK (1024 * 1024)

static char *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	if (b == NULL || b->cap - b->used < n) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = malloc(sizeof(*b) + cap);
		if (b == NULL)
			return NULL;
		b->used = 0;
		b->cap = cap;
		b->next = a->head;
		a->head = b;
	}
	char *p = b->data + b->used;
	b->used += n;
	return p;
}

static const char *arena_strdup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Keeps the newest block for reuse, frees the others. */
static void arena_reset(struct arena *a)
{
	if (a->head == NULL)
		return;
	struct arena_block *b = a->head->next;
	while (b != NULL) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head->next = NULL;
	a->head->used = 0;
}

static void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b != NULL) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

/* --- placeholders ---------------------------------------------------------- */

enum var {
	V_DEPT,
	V_DEPT_EN,
	V_COMPANY,
	V_COMPANY_FULL,
	V_PERSON,
	V_FAMILY,
	V_ACCT,
	V_EXT,
	V_PC,
	V_SRV,
	V_TARGET,
	V_LIP,
	V_IP,
	V_PUBIP,
	V_COUNTRY,
	V_MALWARE,
	V_RANSOM,
	V_SHA,
	V_FILE,
	V_SIG,
	V_SEVERITY,
	V_SEVERITY_EN,
	V_SVC,
	V_COURIER,
	V_PHSUBJ,
	V_SENDER,
	V_ATTACH,
	V_URL,
	V_PLACE,
	V_SUPPLIER,
	V_CUSTOMER,
	V_CUST_PERSON,
	V_RECORDS,
	V_COUNT,
	V_HOURS,
	V_DATE,
	V_TIME,
	V_DATETIME,
	V_MONTH,
	V_PRODUCT,
	V_CVE,
	V_VULNTYPE,
	V_DOMAIN,
	V_MAILDOMAIN,
	V_ORIG,
	V_JPNO,
	V_N
};

static const char *const var_names[V_N] = {
        "dept",       "dept_en",  "company", "company_full", "person",   "family",      "acct",     "ext",
        "pc",         "srv",      "target",  "lip",          "ip",       "pubip",       "country",  "malware",
        "ransom",     "sha",      "file",    "sig",          "severity", "severity_en", "svc",      "courier",
        "phish_subj", "sender",   "attach",  "url",          "place",    "supplier",    "customer", "cust_person",
        "records",    "count",    "hours",   "date",         "time",     "datetime",    "month",    "product",
        "cve",        "vulntype", "domain",  "maildomain",   "orig",     "jpno"};

/* --- runtime view of the organisation -------------------------------------- */

struct org_rt {
	int64_t id;
	const struct demo_org *demo; /* NULL for a constituency that is not ours */
	char name[160], short_name[96], name_en[160];
	char domain[80], web[96], host_prefix[8];
	int unit_first, unit_count;
	int handlers[MAX_HANDLERS]; /* indexes into gen.handlers */
	int nhandlers;
};

struct unit_rt {
	int64_t id;
	char name[96], name_en[96];
};

struct handler_rt {
	int64_t id;
	unsigned weight;
	enum tlp tlp_max;
};

/* Per-year sequence numbers of one key kind. */
struct seqs {
	int year[MAX_YEARS];
	int64_t last[MAX_YEARS];
	int n;
};

static int seqs_next(struct seqs *s, int year, int64_t *out)
{
	for (int i = 0; i < s->n; i++) {
		if (s->year[i] == year) {
			*out = ++s->last[i];
			return 0;
		}
	}
	if (s->n == MAX_YEARS)
		return -1;
	s->year[s->n] = year;
	s->last[s->n] = 1;
	s->n++;
	*out = 1;
	return 0;
}

/* --- time line ------------------------------------------------------------- */

/* The year before now in hours, each weighted by how likely something is
 * reported then: more in recent months, in office hours, on working days,
 * less around the New Year, Golden Week and Obon. Positions on it are found
 * through the cumulative weights, so sorted uniform numbers give sorted
 * times with that density. */
struct timeline {
	int64_t start;
	int hours;
	double *cum;
};

static const double hour_weight[24] = {0.15, 0.1, 0.1, 0.1, 0.1, 0.15, 0.25, 0.5, 0.9,  1.6,  1.7, 1.6,
                                       1.0,  1.5, 1.6, 1.6, 1.5, 1.3,  0.9,  0.6, 0.45, 0.35, 0.3, 0.2};

static int is_holiday(int month, int day)
{
	return (month == 12 && day >= 29) || (month == 1 && day <= 3) || (month == 5 && day >= 3 && day <= 6) ||
	       (month == 8 && day >= 13 && day <= 16);
}

static int timeline_init(struct timeline *tl, int64_t now, int offset)
{
	tl->hours = SPAN_DAYS * 24;
	tl->start = now - (int64_t)tl->hours * 3600;
	tl->cum = malloc(sizeof(double) * (size_t)tl->hours);
	if (tl->cum == NULL)
		return -1;
	double sum = 0;
	for (int h = 0; h < tl->hours; h++) {
		struct local_time lt;
		local_time_of(tl->start + (int64_t)h * 3600, offset, &lt);
		double w = (0.55 + 0.9 * h / tl->hours) * hour_weight[lt.hour];
		if (lt.wday == 0 || lt.wday == 6)
			w *= 0.3;
		if (is_holiday(lt.month, lt.day))
			w *= 0.35;
		sum += w;
		tl->cum[h] = sum;
	}
	return 0;
}

/* The time at fraction u (0..1) of the weighted year. */
static int64_t timeline_at(const struct timeline *tl, double u)
{
	double total = tl->cum[tl->hours - 1];
	double target = u * total;
	int lo = 0, hi = tl->hours - 1;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (tl->cum[mid] > target)
			hi = mid;
		else
			lo = mid + 1;
	}
	double prev = lo > 0 ? tl->cum[lo - 1] : 0.0;
	double width = tl->cum[lo] - prev;
	double frac = width > 0 ? (target - prev) / width : 0.0;
	if (frac < 0)
		frac = 0;
	if (frac > 0.9999)
		frac = 0.9999;
	return tl->start + (int64_t)lo * 3600 + (int64_t)(frac * 3600.0);
}

/* The fraction of the weighted year before time t. */
static double timeline_fraction(const struct timeline *tl, int64_t t)
{
	int64_t h = (t - tl->start) / 3600;
	if (h <= 0)
		return 0;
	if (h >= tl->hours)
		return 1;
	return tl->cum[h - 1] / tl->cum[tl->hours - 1];
}

/* count items at sorted random positions in [lo, 1) of the time line: item
 * i sits at (i + jitter) / count, which keeps the order. */
struct stream {
	int64_t count, idx, next; /* next: INT64_MAX when done */
	double lo;
};

static void stream_advance(struct stream *s, const struct timeline *tl, struct rng *r, int64_t now)
{
	if (s->idx >= s->count) {
		s->next = INT64_MAX;
		return;
	}
	double u = s->lo + (1.0 - s->lo) * (((double)s->idx + rng_unit(r)) / (double)s->count);
	int64_t t = timeline_at(tl, u);
	if (s->idx > 0 && t < s->next)
		t = s->next; /* rounding must never step back in time */
	s->next = t > now ? now : t;
	s->idx++;
}

/* --- reports waiting for their key ----------------------------------------- */

/* A report whose key is given when the watermark passes its received_at. */
struct pending {
	int64_t received_at;
	uint64_t order; /* ties keep creation order */
	enum report_channel channel;
	enum report_state state;
	enum reject_reason reason;
	enum tlp tlp;
	int64_t org_unit_id, constituency_id, incident_id, created_by, updated_at;
	int64_t link_at, link_author;       /* link_at != 0: a journal 'link' entry */
	char *name, *addr, *subject, *body; /* one allocation, owned */
};

struct heap {
	struct pending **a;
	size_t n, cap;
};

static int pending_before(const struct pending *x, const struct pending *y)
{
	return x->received_at < y->received_at || (x->received_at == y->received_at && x->order < y->order);
}

static int heap_push(struct heap *h, struct pending *p)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 1024;
		struct pending **a = realloc(h->a, cap * sizeof(*a));
		if (a == NULL)
			return -1;
		h->a = a;
		h->cap = cap;
	}
	size_t i = h->n++;
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!pending_before(p, h->a[parent]))
			break;
		h->a[i] = h->a[parent];
		i = parent;
	}
	h->a[i] = p;
	return 0;
}

static struct pending *heap_pop(struct heap *h)
{
	if (h->n == 0)
		return NULL;
	struct pending *top = h->a[0];
	struct pending *last = h->a[--h->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && pending_before(h->a[c + 1], h->a[c]))
			c++;
		if (!pending_before(h->a[c], last))
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	if (h->n > 0)
		h->a[i] = last;
	return top;
}

static void pending_free(struct pending *p)
{
	if (p != NULL)
		free(p->name);
	free(p);
}

/* --- chunk: the rows of one write job -------------------------------------- */

struct inc_row {
	int64_t id;
	char key[KEY_MAX];
	const char *title, *description, *category;
	enum level impact, urgency;
	enum priority priority;
	enum incident_status status;
	enum resolution resolution;
	enum tlp tlp;
	enum pap pap;
	int64_t constituency_id, org_unit_id, assignee_id, created_by;
	int is_exercise, personal_data;
	struct incident_times t;
	int64_t created_at, updated_at;
	int64_t damage_jpy; /* 0 = no estimate entered */
};

struct rpt_row {
	int64_t id;
	char key[KEY_MAX];
	char fingerprint[65];
	enum report_channel channel;
	enum report_state state;
	enum reject_reason reason;
	enum tlp tlp;
	const char *name, *addr, *subject, *body;
	int64_t org_unit_id, received_at, constituency_id, incident_id, created_by, updated_at;
};

struct jrn_row {
	int64_t incident_id, at, author_id;
	const char *kind, *body_md, *body_html, *data;
};

struct task_row {
	int64_t incident_id, assignee_id, due_at, done_at, created_by, created_at, updated_at;
	const char *title;
	int done;
};

/* A growable array of rows. */
#define ROWS(type)                                                                                                     \
	struct {                                                                                                       \
		type *a;                                                                                               \
		size_t n, cap;                                                                                         \
	}

struct chunk {
	struct arena mem;
	ROWS(struct inc_row) inc;
	ROWS(struct rpt_row) rpt;
	ROWS(struct jrn_row) jrn;
	ROWS(struct task_row) task;
	struct seqs inc_seq, rpt_seq; /* key_seq after this chunk */
};

/* Returns a new zeroed slot at the end of rows (or NULL). */
static void *rows_add(void **a, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		void *p = realloc(*a, ncap * size);
		if (p == NULL)
			return NULL;
		*a = p;
		*cap = ncap;
	}
	char *slot = (char *)*a + (*n)++ * size;
	memset(slot, 0, size);
	return slot;
}
#define ROW_ADD(r) rows_add((void **)&(r).a, &(r).n, &(r).cap, sizeof(*(r).a))

static void chunk_reset(struct chunk *ch)
{
	arena_reset(&ch->mem);
	ch->inc.n = ch->rpt.n = ch->jrn.n = ch->task.n = 0;
}

static void chunk_free(struct chunk *ch)
{
	arena_free(&ch->mem);
	free(ch->inc.a);
	free(ch->rpt.a);
	free(ch->jrn.a);
	free(ch->task.a);
	memset(ch, 0, sizeof(*ch));
}

/* --- the generator --------------------------------------------------------- */

struct gen {
	struct rng rng;
	uint64_t seed;
	int64_t now;
	int offset;
	struct timeline tl;
	struct org_rt orgs[MAX_ORGS];
	int norgs;
	unsigned org_w[MAX_ORGS], org_wsum;
	struct unit_rt units[MAX_UNITS];
	int nunits;
	struct handler_rt handlers[MAX_HANDLERS];
	int nhandlers;
	struct priority_matrix pm;
	struct seqs inc_seq, rpt_seq;
	int64_t next_incident_id, next_report_id;
	int cat_ok[DEMO_TMPL_COUNT];
	unsigned tmpl_w[DEMO_TMPL_COUNT], tmpl_wsum; /* drawn templates (not the exercises) */
	size_t exercise_tmpls[DEMO_TMPL_COUNT], n_exercise_tmpls;
	unsigned loose_w[DEMO_TMPL_COUNT], loose_wsum; /* templates for reports waiting for triage */
	int64_t last_id[DEMO_TMPL_COUNT];              /* the latest incident per template (duplicates) */
	char last_key[DEMO_TMPL_COUNT][KEY_MAX];
	struct stream s_inc, s_wait, s_rej;
	struct heap heap;
	uint64_t order;
	char *status_data[ST_COUNT][ST_COUNT]; /* {"from":..,"to":..}, made once */
	size_t var_len[V_N];
	char val[V_N][VAR_MAX];
	char reporter_mail[VAR_MAX], cust_full[VAR_MAX], cust_mail[VAR_MAX], supplier_mail[VAR_MAX];
	int sg_local; /* the reporter is local staff in Singapore (writes English) */
	struct buf tmp;
	int64_t n_inc, n_rpt, n_jrn, n_task;
	int orgs_created, units_created, users_created;
	char err[256];
};

/* A random element of table a (a demo_text.h table with an a##_count). */
#define PICK(g, a) ((a)[rng_below(&(g)->rng, (uint32_t)a##_count)])

static size_t list_len(const char *const *l)
{
	size_t n = 0;
	while (l != NULL && l[n] != NULL)
		n++;
	return n;
}

/* Element v % count of a NULL-terminated list, or NULL for an empty one. */
static const char *list_variant(const char *const *l, unsigned v)
{
	size_t n = list_len(l);
	return n ? l[v % n] : NULL;
}

static const char *list_pick(struct gen *g, const char *const *l)
{
	size_t n = list_len(l);
	return n ? l[rng_below(&g->rng, (uint32_t)n)] : NULL;
}

/* Copies src into dst (len > 0 bytes), cut at a UTF-8 character boundary
 * when it does not fit. */
static void copy_text(char *dst, size_t len, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= len) {
		n = len - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--; /* do not split a multi-byte character */
	}
	memmove(dst, src ? src : "", n); /* memmove: src may be another value of the same table */
	dst[n] = '\0';
}

static void setv(struct gen *g, enum var k, const char *s)
{
	copy_text(g->val[k], VAR_MAX, s);
}

static void setvf(struct gen *g, enum var k, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void setvf(struct gen *g, enum var k, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(g->val[k], VAR_MAX, fmt, ap);
	va_end(ap);
}

/* Expands {name} placeholders of tpl into g->tmp; unknown names stay as they
 * are (the template tests look for leftover braces). 0 / -1 (too long). */
static int expand(struct gen *g, const char *tpl)
{
	buf_reset(&g->tmp);
	const char *p = tpl;
	for (;;) {
		const char *open = strchr(p, '{');
		if (open == NULL)
			return buf_puts(&g->tmp, p);
		if (buf_append(&g->tmp, p, (size_t)(open - p)) < 0)
			return -1;
		const char *close = strchr(open + 1, '}');
		if (close == NULL)
			return buf_puts(&g->tmp, open);
		size_t n = (size_t)(close - open - 1);
		int found = -1;
		for (int i = 0; i < V_N; i++) {
			if (g->var_len[i] == n && memcmp(var_names[i], open + 1, n) == 0) {
				found = i;
				break;
			}
		}
		int rc = found >= 0 ? buf_puts(&g->tmp, g->val[found])
		                    : buf_append(&g->tmp, open, (size_t)(close - open + 1));
		if (rc < 0)
			return -1;
		p = close + 1;
	}
}

/* Expands tpl into the arena. NULL on failure (message in g->err). */
static const char *expand_dup(struct gen *g, struct arena *a, const char *tpl)
{
	const char *s = NULL;
	if (expand(g, tpl) == 0)
		s = arena_strdup(a, g->tmp.data, g->tmp.len);
	if (s == NULL)
		snprintf(g->err, sizeof(g->err), "demo: out of memory while writing texts");
	return s;
}

/* A variable whose value is itself a template (e.g. "請求書_{month}月分.zip"). */
static void setv_tpl(struct gen *g, enum var k, const char *tpl)
{
	if (expand(g, tpl) == 0)
		setv(g, k, g->tmp.data);
	else
		setv(g, k, "");
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* "1,234" */
static void format_count(char *out, size_t len, int64_t n)
{
	if (n >= 1000)
		snprintf(out, len, "%" PRId64 ",%03" PRId64, n / 1000, n % 1000);
	else
		snprintf(out, len, "%" PRId64, n);
}

/* The reporting employee: person, family, acct, ext and their mail address. */
static void pick_person(struct gen *g, const struct org_rt *org, int sg_local)
{
	char local[96];
	if (sg_local) {
		const struct demo_name_pair *n = &PICK(g, demo_sg_names); /* kanji = family, romaji = given */
		setvf(g, V_PERSON, "%s %s", n->romaji, n->kanji);
		setv(g, V_FAMILY, n->kanji);
		size_t j = 0;
		for (const char *s = n->romaji; *s && j + 1 < sizeof(local); s++)
			if (*s != ' ')
				local[j++] = *s;
		local[j] = '\0';
		snprintf(local + j, sizeof(local) - j, ".%s", n->kanji);
	} else {
		const struct demo_name_pair *f = &PICK(g, demo_family_names);
		const struct demo_name_pair *gv = &PICK(g, demo_given_names);
		setvf(g, V_PERSON, "%s %s", f->kanji, gv->kanji);
		setv(g, V_FAMILY, f->kanji);
		snprintf(local, sizeof(local), "%s.%s", gv->romaji, f->romaji);
	}
	lower_ascii(local);
	setv(g, V_ACCT, local);
	setvf(g, V_EXT, "%u", 2000 + rng_below(&g->rng, 6000));
	snprintf(g->reporter_mail, sizeof(g->reporter_mail), "%s@%s", local,
	         org->domain[0] ? org->domain : "hikeshi-demo.example");
}

/* A customer's contact: {customer}, {cust_person} (family name, as people
 * introduce themselves), the full name and the address. */
static void pick_customer(struct gen *g)
{
	const struct demo_customer *cu = &PICK(g, demo_customers);
	const struct demo_name_pair *f = &PICK(g, demo_family_names);
	const struct demo_name_pair *gv = &PICK(g, demo_given_names);
	setv(g, V_CUSTOMER, cu->name);
	setv(g, V_CUST_PERSON, f->kanji);
	snprintf(g->cust_full, sizeof(g->cust_full), "%s %s（%s）", f->kanji, gv->kanji, cu->name);
	snprintf(g->cust_mail, sizeof(g->cust_mail), "%c.%s@%s", gv->romaji[0], f->romaji, cu->domain);
}

/* An org unit of org, preferring names that contain one of the '|'-separated
 * parts of pref (most of the time). NULL when the org has no units. */
static const struct unit_rt *pick_unit(struct gen *g, const struct org_rt *org, const char *pref)
{
	if (org->unit_count == 0)
		return NULL;
	if (pref != NULL && rng_pct(&g->rng, 75)) {
		int match[MAX_UNITS];
		int n = 0;
		for (int i = 0; i < org->unit_count; i++) {
			const char *name = g->units[org->unit_first + i].name;
			const char *p = pref;
			while (*p) {
				const char *bar = strchr(p, '|');
				size_t len = bar ? (size_t)(bar - p) : strlen(p);
				char part[64];
				if (len >= sizeof(part))
					len = sizeof(part) - 1;
				memcpy(part, p, len);
				part[len] = '\0';
				if (len > 0 && strstr(name, part) != NULL) {
					match[n++] = org->unit_first + i;
					break;
				}
				p += len + (bar ? 1 : 0);
			}
		}
		if (n > 0)
			return &g->units[match[rng_below(&g->rng, (uint32_t)n)]];
	}
	return &g->units[org->unit_first + (int)rng_below(&g->rng, (uint32_t)org->unit_count)];
}

/* A handler who may see org's incidents at TLP t, by weight, other than
 * `not`; -1 when there is none. */
static int pick_handler(struct gen *g, const struct org_rt *org, enum tlp t, int not )
{
	unsigned w[MAX_HANDLERS], sum = 0;
	int idx[MAX_HANDLERS], n = 0;
	for (int i = 0; i < org->nhandlers; i++) {
		int h = org->handlers[i];
		if (h == not || g->handlers[h].tlp_max < t)
			continue;
		idx[n] = h;
		w[n] = g->handlers[h].weight ? g->handlers[h].weight : 1;
		sum += w[n];
		n++;
	}
	if (n == 0)
		return -1;
	return idx[rng_weighted(&g->rng, w, (size_t)n, sum)];
}

static int64_t handler_id(const struct gen *g, int h)
{
	return h >= 0 ? g->handlers[h].id : 0;
}

static enum tlp pick_tlp(struct gen *g, int sens)
{
	static const unsigned w[3][TLP_COUNT] = {{20, 60, 20, 0, 0}, {3, 37, 54, 2, 4}, {0, 5, 55, 12, 28}};
	return (enum tlp)rng_weighted(&g->rng, w[sens + 1], TLP_COUNT, 100);
}

static enum pap pick_pap(struct gen *g, int sens)
{
	static const unsigned w[3][PAP_COUNT] = {{25, 55, 20, 0}, {5, 40, 50, 5}, {0, 10, 60, 30}};
	return (enum pap)rng_weighted(&g->rng, w[sens + 1], PAP_COUNT, 100);
}

/* Fills every placeholder for one incident (or report) of template t. */
static void fill_vars(struct gen *g, const struct demo_tmpl *t, int org_index, const struct unit_rt *unit,
                      int64_t detected, enum level urgency)
{
	const struct org_rt *org = &g->orgs[org_index];
	struct local_time lt;
	local_time_of(detected, g->offset, &lt);

	setv(g, V_DEPT, unit ? unit->name : org->short_name);
	setv(g, V_DEPT_EN, unit ? unit->name_en : org->name_en);
	setv(g, V_COMPANY, org->short_name);
	setv(g, V_COMPANY_FULL, org->name);
	char *paren = strstr(g->val[V_COMPANY_FULL], "（"); /* "火消し工業株式会社（本社）" -> legal name */
	if (paren != NULL && paren != g->val[V_COMPANY_FULL])
		*paren = '\0';
	setvf(g, V_MONTH, "%d", lt.month);
	setvf(g, V_DATE, "%d月%d日", lt.month, lt.day);
	setvf(g, V_TIME, "%02d:%02d", lt.hour, lt.minute);
	setvf(g, V_DATETIME, "%04d/%02d/%02d %02d:%02d:%02d", lt.year, lt.month, lt.day, lt.hour, lt.minute, lt.second);
	setvf(g, V_COUNT, "%u", 2 + rng_below(&g->rng, 39));
	char n[32];
	format_count(n, sizeof(n), 20 + (int64_t)rng_below(&g->rng, 5000));
	setv(g, V_RECORDS, n);
	setvf(g, V_HOURS, "%u", 1 + rng_below(&g->rng, 6));

	char lower_prefix[8];
	snprintf(lower_prefix, sizeof(lower_prefix), "%s", org->host_prefix);
	lower_ascii(lower_prefix);
	setvf(g, V_PC, "%s-PC%04u", org->host_prefix, 1 + rng_below(&g->rng, 2999));
	setvf(g, V_SRV, "%s-%s%02u", lower_prefix, t->srv_role ? t->srv_role : "fs", 1 + rng_below(&g->rng, 3));
	setv(g, V_TARGET, t->target_srv ? g->val[V_SRV] : g->val[V_PC]);
	setvf(g, V_LIP, "10.%d.%u.%u", 16 + org_index, rng_below(&g->rng, 254) + 1, rng_below(&g->rng, 250) + 2);
	/* Addresses from the documentation ranges (RFC 5737), never real hosts. */
	setvf(g, V_IP, "%s.%u", rng_pct(&g->rng, 50) ? "192.0.2" : "203.0.113", 1 + rng_below(&g->rng, 254));
	setvf(g, V_PUBIP, "198.51.100.%u", (unsigned)(10 + (org_index % 20) * 10) + rng_below(&g->rng, 8));
	setv(g, V_COUNTRY, PICK(g, demo_countries));
	setv(g, V_MALWARE, t->malw ? list_pick(g, t->malw) : PICK(g, demo_malware_names));
	setv(g, V_RANSOM, PICK(g, demo_ransomware_names));
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 64; i += 16) {
		uint64_t x = rng_next(&g->rng);
		for (int j = 0; j < 16; j++)
			g->val[V_SHA][i + j] = hex[(x >> (4 * j)) & 15];
	}
	g->val[V_SHA][64] = '\0';
	setv(g, V_FILE, PICK(g, demo_dropped_files));
	setv(g, V_SIG, t->sigs ? list_pick(g, t->sigs) : "");
	static const char *const sev_ja[] = {"低", "中", "高"};
	static const char *const sev_en[] = {"Low", "Medium", "High"};
	setv(g, V_SEVERITY, sev_ja[urgency]);
	setv(g, V_SEVERITY_EN, sev_en[urgency]);
	setv(g, V_SVC, PICK(g, demo_cloud_services));
	setv(g, V_COURIER, PICK(g, demo_couriers));
	setv_tpl(g, V_PHSUBJ, t->phish ? list_pick(g, t->phish) : list_pick(g, demo_invoice_subjects));
	setv_tpl(g, V_ATTACH, t->attach ? list_pick(g, t->attach) : list_pick(g, demo_invoice_attachments));
	setv_tpl(g, V_URL, PICK(g, demo_bad_urls));
	const struct demo_name_pair *s = &PICK(g, demo_family_names);
	setvf(g, V_SENDER, "%s@%s", s->romaji, PICK(g, demo_bad_domains));
	setv(g, V_PLACE, PICK(g, demo_places));
	const struct demo_customer *sup = &PICK(g, demo_suppliers);
	setv(g, V_SUPPLIER, sup->name);
	snprintf(g->supplier_mail, sizeof(g->supplier_mail), "security@%s", sup->domain);
	pick_customer(g);
	const struct demo_vuln *vu = &PICK(g, demo_vulns);
	setv(g, V_PRODUCT, vu->product);
	setv(g, V_CVE, vu->cve);
	setv(g, V_VULNTYPE, vu->type);
	setv(g, V_DOMAIN, org->web[0] ? org->web : "www.hikeshi-demo.example");
	setv(g, V_MAILDOMAIN, org->domain[0] ? org->domain : "hikeshi-demo.example");
	setv(g, V_ORIG, "");
	setvf(g, V_JPNO, "%08u", rng_below(&g->rng, 100000000));

	g->sg_local = org->demo != NULL && strcmp(org->demo->code, "GRP-SG") == 0 && t->kind == K_MAIL &&
	              rng_pct(&g->rng, 70);
	pick_person(g, org, g->sg_local);
	if (g->sg_local)
		setv(g, V_PHSUBJ, PICK(g, demo_sg_phish_subjects));
}

/* --- reports --------------------------------------------------------------- */

/* A report as text, before it gets a key. */
struct report_text {
	enum report_channel channel;
	const char *name, *addr, *subject, *body; /* templates (name, addr may be literal) */
	int employee;                             /* reporter_org_unit_id = the unit */
	int by_handler;                           /* typed in by a handler (phone) */
};

/* The first report of an incident of template t, written in style st;
 * phone: the employee called (only for RSTY_EMP_MIX templates with a memo). */
static void report_text_of(struct gen *g, const struct demo_tmpl *t, enum demo_style st, unsigned v, int phone,
                           struct report_text *r)
{
	memset(r, 0, sizeof(*r));
	r->subject = list_variant(t->rsubj, v);
	r->body = list_variant(t->rbody, v);
	switch (st) {
	case RSTY_NONE:
	case RSTY_EMP_MAIL:
	case RSTY_EMP_MIX:
		r->channel = CH_EMAIL;
		r->name = "{person}";
		r->addr = g->reporter_mail;
		r->employee = 1;
		if (phone) {
			r->channel = CH_PHONE;
			r->addr = "内線 {ext}";
			r->subject = list_variant(t->psubj, v);
			r->body = list_variant(t->pbody, v);
			r->by_handler = 1;
		} else if (g->sg_local) {
			r->subject = PICK(g, demo_sg_mail_subj);
			r->body = PICK(g, demo_sg_mail_body);
		} else if (t->kind == K_LOSS && rng_pct(&g->rng, 40)) {
			r->channel = CH_WEB; /* the constituents' form for lost devices */
		}
		break;
	case RSTY_SOC:
		r->channel = CH_SOC;
		r->name = "SOC 監視センター";
		r->addr = "soc@mssp.example";
		break;
	case RSTY_EDR:
		r->channel = CH_API;
		r->name = "Microsoft Defender for Endpoint（API 連携）";
		r->addr = "mde-connector@{maildomain}";
		break;
	case RSTY_JPCERT:
		r->channel = CH_EMAIL;
		r->name = "JPCERT/CC インシデントレスポンスグループ";
		r->addr = "ir-notice@jpcert.example";
		if (t->kind == K_BRANDPHISH) {
			r->subject = PICK(g, demo_jpcert_phish_subj);
			r->body = PICK(g, demo_jpcert_phish_body);
		}
		break;
	case RSTY_CUSTOMER:
		r->channel = rng_pct(&g->rng, 50) ? CH_WEB : CH_EMAIL;
		r->name = g->cust_full;
		r->addr = g->cust_mail;
		break;
	case RSTY_SUPPLIER:
		r->channel = CH_EMAIL;
		r->name = "{supplier} 情報セキュリティ室";
		r->addr = g->supplier_mail;
		break;
	case RSTY_EXTERNAL:
		r->channel = CH_EMAIL;
		r->name = "Yuki（セキュリティリサーチャー）";
		r->addr = "yuki@secresearch.example";
		break;
	}
	if (r->subject == NULL)
		r->subject = "インシデントの報告";
	if (r->body == NULL)
		r->body = "";
}

/* Expands a report's texts and queues it for its key. The pending report
 * owns one allocation holding its four strings. NULL on failure. */
static struct pending *pending_new(struct gen *g, const struct report_text *rt, int64_t received)
{
	const char *src[4] = {rt->name, rt->addr, rt->subject, rt->body};
	size_t len[4], total = 0;
	char *copy[4] = {NULL, NULL, NULL, NULL};
	for (int i = 0; i < 4; i++) {
		if (expand(g, src[i]) < 0)
			goto fail;
		len[i] = g->tmp.len;
		copy[i] = malloc(len[i] + 1);
		if (copy[i] == NULL)
			goto fail;
		memcpy(copy[i], g->tmp.data, len[i] + 1);
		total += len[i] + 1;
	}
	struct pending *p = calloc(1, sizeof(*p));
	char *mem = malloc(total);
	if (p == NULL || mem == NULL) {
		free(p);
		free(mem);
		goto fail;
	}
	char **dst[4] = {&p->name, &p->addr, &p->subject, &p->body};
	char *w = mem;
	for (int i = 0; i < 4; i++) {
		memcpy(w, copy[i], len[i] + 1);
		*dst[i] = w;
		w += len[i] + 1;
		free(copy[i]);
	}
	p->received_at = received;
	p->order = g->order++;
	p->channel = rt->channel;
	return p;
fail:
	for (int i = 0; i < 4; i++)
		free(copy[i]);
	snprintf(g->err, sizeof(g->err), "demo: out of memory while writing reports");
	return NULL;
}

static int pending_push(struct gen *g, struct pending *p)
{
	if (heap_push(&g->heap, p) < 0) {
		pending_free(p);
		snprintf(g->err, sizeof(g->err), "demo: out of memory");
		return -1;
	}
	return 0;
}

/* Gives a report its id and key and moves it into the chunk (with a 'link'
 * journal entry when it was linked to an existing incident). */
static int emit_report(struct gen *g, struct chunk *ch, struct pending *p)
{
	int rc = -1;
	struct rpt_row *r = ROW_ADD(ch->rpt);
	if (r == NULL)
		goto out;
	int year = key_year_of(p->received_at, g->offset);
	int64_t seq;
	if (seqs_next(&g->rpt_seq, year, &seq) < 0 || key_format(r->key, sizeof(r->key), "RPT", year, seq) < 0) {
		snprintf(g->err, sizeof(g->err), "demo: cannot make a report key for %d", year);
		goto out;
	}
	r->id = g->next_report_id++;
	r->channel = p->channel;
	r->state = p->state;
	r->reason = p->reason;
	r->tlp = p->tlp;
	r->name = arena_strdup(&ch->mem, p->name, strlen(p->name));
	r->addr = arena_strdup(&ch->mem, p->addr, strlen(p->addr));
	r->subject = arena_strdup(&ch->mem, p->subject, strlen(p->subject));
	r->body = arena_strdup(&ch->mem, p->body, strlen(p->body));
	if (!r->name || !r->addr || !r->subject || !r->body)
		goto oom;
	report_fingerprint(p->addr, p->subject, p->body, r->fingerprint);
	r->org_unit_id = p->org_unit_id;
	r->received_at = p->received_at;
	r->constituency_id = p->constituency_id;
	r->incident_id = p->incident_id;
	r->created_by = p->created_by;
	r->updated_at = p->updated_at;
	g->n_rpt++;
	if (p->link_at != 0) {
		json_t *d = json_pack("{s:I, s:s}", "report_id", (json_int_t)r->id, "report_key", r->key);
		char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
		json_decref(d);
		struct jrn_row *j = text ? ROW_ADD(ch->jrn) : NULL;
		if (j != NULL) {
			j->incident_id = p->incident_id;
			j->at = p->link_at;
			j->author_id = p->link_author;
			j->kind = "link";
			j->body_md = j->body_html = "";
			j->data = arena_strdup(&ch->mem, text, strlen(text));
		}
		free(text);
		if (j == NULL || j->data == NULL)
			goto oom;
		g->n_jrn++;
	}
	rc = 0;
	goto out;
oom:
	snprintf(g->err, sizeof(g->err), "demo: out of memory");
out:
	pending_free(p);
	return rc;
}

/* Emits, in received order, every queued report received at or before wm. */
static int release_reports(struct gen *g, struct chunk *ch, int64_t wm)
{
	while (g->heap.n > 0 && g->heap.a[0]->received_at <= wm) {
		if (emit_report(g, ch, heap_pop(&g->heap)) < 0)
			return -1;
	}
	return 0;
}

/* --- one incident ------------------------------------------------------------ */

/* Typical time (seconds) to move from one status to the next, before the
 * priority factor: a P1 moves about three times as fast as a P3. */
static double step_base(enum incident_status from, enum incident_status to)
{
	switch (to) {
	case ST_TRIAGE: return 4 * 3600.0;
	case ST_ANALYSIS: return from == ST_NEW ? 3600.0 : 86400.0; /* waiting for the reporter's answers */
	case ST_CONTAINMENT: return 12 * 3600.0;
	case ST_ERADICATION: return 4 * 86400.0;
	case ST_RECOVERY: return 5 * 86400.0;
	case ST_CLOSED:
		switch (from) {
		case ST_NEW: return 86400.0;
		case ST_TRIAGE: return 3 * 86400.0;
		case ST_ANALYSIS: return 12 * 86400.0;
		case ST_CONTAINMENT: return 14 * 86400.0;
		case ST_ERADICATION: return 10 * 86400.0;
		default: return 14 * 86400.0;
		}
	default: return 3600.0;
	}
}

static const double prio_factor[PRIO_COUNT] = {0.35, 0.6, 1.0, 1.5};

static enum incident_status status_of_letter(char c)
{
	switch (c) {
	case 't': return ST_TRIAGE;
	case 'a': return ST_ANALYSIS;
	case 'c': return ST_CONTAINMENT;
	case 'e': return ST_ERADICATION;
	case 'r': return ST_RECOVERY;
	default: return ST_CLOSED;
	}
}

/* The next office time (weekday 09:00-18:00 local) at or after t, plus a
 * little: a P3 reported at night is picked up the next morning. */
static int64_t office_time(struct gen *g, int64_t t)
{
	for (int i = 0; i < 8; i++) {
		struct local_time lt;
		local_time_of(t, g->offset, &lt);
		int weekend = lt.wday == 0 || lt.wday == 6;
		if (!weekend && lt.hour >= 9 && lt.hour < 18)
			return t;
		int64_t midnight = t - lt.hour * 3600 - lt.minute * 60 - lt.second;
		if (!weekend && lt.hour < 9)
			return midnight + 9 * 3600 + rng_range(&g->rng, 0, 5400);
		t = midnight + 86400 + 9 * 3600 + rng_range(&g->rng, 0, 5400);
	}
	return t;
}

#define MAX_STEPS   8
#define MAX_ENTRIES 16

/* An incident's life as simulated up to now. */
struct life {
	enum incident_status status;
	enum resolution resolution;
	struct incident_times t;
	int nsteps;
	enum incident_status from[MAX_STEPS], to[MAX_STEPS];
	int64_t at[MAX_STEPS];
};

/* Walks path (letters, see struct demo_kind_text) from new, starting at created,
 * each step through workflow_transition; stops at the first step that would
 * happen after now. */
static void simulate(struct gen *g, const char *path, enum resolution res, enum priority prio, int slow, int kind_slow,
                     int64_t created, struct life *L)
{
	int64_t t = created;
	enum incident_status st = ST_NEW;
	for (int i = 0; path[i] != '\0' && L->nsteps < MAX_STEPS; i++) {
		enum incident_status to = status_of_letter(path[i]);
		double base = step_base(st, to) * prio_factor[prio];
		if (slow && i >= 2)
			base *= 6; /* waiting for a vendor, a contractor, a committee */
		if (kind_slow && i >= 2)
			base *= 2; /* leaks wait for the final report, fixes for a maintenance window */
		/* P1 is worked on around the clock (on call), the rest in office hours. */
		int office = prio >= PRIO_P2;
		int64_t from_t = (st == ST_NEW && office) ? office_time(g, t) : t;
		int64_t next = from_t + rng_duration(&g->rng, base);
		if (office)
			next = office_time(g, next);
		if (next > g->now)
			break;
		enum resolution r = to == ST_CLOSED ? res : RES_NONE;
		enum resolution out = RES_NONE;
		if (workflow_transition(st, to, r, next, &L->t, &out) != WF_OK)
			break; /* a path the table refuses: stop there (never expected) */
		L->from[L->nsteps] = st;
		L->to[L->nsteps] = to;
		L->at[L->nsteps] = next;
		L->nsteps++;
		L->resolution = out;
		st = to;
		t = next;
	}
	L->status = st;
}

/* Journal entries of one incident, collected and then sorted by time. */
struct entry {
	int64_t at, author;
	const char *kind;
	const char *md;             /* note template, or NULL */
	const char *data;           /* JSON text (static or arena), or NULL for "{}" */
	int assign_from, assign_to; /* handler indexes for 'assign' */
};

static void entries_sort(struct entry *e, int n)
{
	for (int i = 1; i < n; i++) { /* insertion sort: stable, n <= MAX_ENTRIES */
		struct entry x = e[i];
		int j = i - 1;
		while (j >= 0 && e[j].at > x.at) {
			e[j + 1] = e[j];
			j--;
		}
		e[j + 1] = x;
	}
}

static const char *const *phase_notes(const struct demo_kind_text *k, enum incident_status s)
{
	switch (s) {
	case ST_TRIAGE: return k->triage;
	case ST_ANALYSIS: return k->analysis;
	case ST_CONTAINMENT: return k->contain;
	case ST_ERADICATION: return k->eradicate;
	case ST_RECOVERY: return k->recover;
	default: return NULL;
	}
}

/* Turns the collected entries into journal rows. */
static int write_entries(struct gen *g, struct chunk *ch, int64_t incident_id, struct entry *e, int n)
{
	entries_sort(e, n);
	for (int i = 0; i < n; i++) {
		struct jrn_row *j = ROW_ADD(ch->jrn);
		if (j == NULL)
			goto oom;
		j->incident_id = incident_id;
		j->at = e[i].at;
		j->author_id = e[i].author;
		j->kind = e[i].kind;
		j->body_md = "";
		j->body_html = "";
		j->data = e[i].data ? e[i].data : "{}";
		if (e[i].md != NULL) {
			j->body_md = expand_dup(g, &ch->mem, e[i].md);
			if (j->body_md == NULL)
				return -1;
			char *html = markdown_to_html(j->body_md, strlen(j->body_md));
			if (html == NULL)
				goto oom;
			j->body_html = arena_strdup(&ch->mem, html, strlen(html));
			free(html);
			if (j->body_html == NULL)
				goto oom;
		}
		if (strcmp(e[i].kind, "assign") == 0) {
			json_t *from =
			        e[i].assign_from >= 0 ? json_integer(handler_id(g, e[i].assign_from)) : json_null();
			json_t *to = e[i].assign_to >= 0 ? json_integer(handler_id(g, e[i].assign_to)) : json_null();
			json_t *d = json_pack("{s:o, s:o}", "from", from, "to", to);
			char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
			json_decref(d);
			j->data = text ? arena_strdup(&ch->mem, text, strlen(text)) : NULL;
			free(text);
			if (j->data == NULL)
				goto oom;
		}
		g->n_jrn++;
	}
	return 0;
oom:
	snprintf(g->err, sizeof(g->err), "demo: out of memory");
	return -1;
}

/* Tasks of an incident from its kind's list: done when the incident is
 * closed, some done and some open otherwise. */
static int add_tasks(struct gen *g, struct chunk *ch, const struct inc_row *inc, const struct demo_kind_text *k,
                     const struct org_rt *org, int assignee, int64_t *updated)
{
	size_t avail = list_len(k->tasks);
	if (avail == 0 || inc->status == ST_NEW || (inc->resolution != RES_NONE && inc->resolution != RES_RESOLVED))
		return 0;
	size_t n = rng_below(&g->rng, 5);
	if (n > avail)
		n = avail;
	int order[8];
	for (size_t i = 0; i < avail && i < 8; i++)
		order[i] = (int)i;
	for (size_t i = 0; i < n; i++) { /* partial Fisher-Yates */
		size_t j = i + rng_below(&g->rng, (uint32_t)(avail - i));
		int x = order[i];
		order[i] = order[j];
		order[j] = x;
	}
	int64_t base = inc->t.acknowledged ? inc->t.acknowledged : inc->created_at;
	int64_t limit = inc->t.closed ? inc->t.closed : g->now;
	for (size_t i = 0; i < n; i++) {
		struct task_row *tk = ROW_ADD(ch->task);
		if (tk == NULL) {
			snprintf(g->err, sizeof(g->err), "demo: out of memory");
			return -1;
		}
		tk->incident_id = inc->id;
		tk->title = k->tasks[order[i]];
		int who = rng_pct(&g->rng, 70) ? assignee : pick_handler(g, org, inc->tlp, -1);
		tk->assignee_id = handler_id(g, who);
		tk->created_by = handler_id(g, assignee >= 0 ? assignee : who);
		tk->created_at = base + rng_range(&g->rng, 300, 7200);
		if (tk->created_at > limit)
			tk->created_at = limit;
		tk->due_at = tk->created_at + rng_range(&g->rng, 1, 10) * 86400;
		if (inc->t.closed) {
			tk->done = 1;
			tk->done_at = tk->created_at + (int64_t)((double)(limit - tk->created_at) * rng_unit(&g->rng));
		} else if (rng_pct(&g->rng, 45)) {
			int64_t d = tk->created_at + rng_duration(&g->rng, 86400.0);
			if (d <= g->now) {
				tk->done = 1;
				tk->done_at = d;
			}
		}
		tk->updated_at = tk->done ? tk->done_at : tk->created_at;
		if (tk->updated_at > *updated)
			*updated = tk->updated_at;
		g->n_task++;
	}
	return 0;
}

/* How long before the incident was created its first report arrived, and
 * how long before that it was detected, by who reported it. */
static void report_times(struct gen *g, enum demo_style st, int phone, int64_t created, int64_t *reported,
                         int64_t *detected)
{
	int64_t lead, lag;
	switch (st) {
	case RSTY_NONE:
		lead = rng_range(&g->rng, 0, 1200);
		lag = rng_range(&g->rng, 0, 7200);
		break;
	case RSTY_SOC:
	case RSTY_EDR:
		lead = rng_range(&g->rng, 180, 2700);
		lag = rng_range(&g->rng, 60, 900);
		break;
	case RSTY_EMP_MAIL:
	case RSTY_EMP_MIX:
		lead = phone ? rng_range(&g->rng, 120, 1200) : rng_duration(&g->rng, 2400.0);
		lag = rng_range(&g->rng, 0, 5400);
		break;
	default:
		lead = rng_duration(&g->rng, 7200.0);
		lag = rng_duration(&g->rng, 6 * 3600.0);
		break;
	}
	if (lead > REPORT_LEAD_MAX)
		lead = REPORT_LEAD_MAX;
	*reported = created - lead;
	*detected = *reported - lag;
}

static enum level pick_level(struct gen *g, int lo, int hi)
{
	return (enum level)rng_range(&g->rng, lo, hi);
}

/* Everything decided about one incident before its rows are written. */
struct plan {
	size_t ti;
	const struct demo_tmpl *t;
	const struct demo_kind_text *k;
	int oi;
	const struct org_rt *org;
	const struct unit_rt *unit;
	unsigned v; /* text variant */
	enum level impact, urgency;
	enum priority prio;
	enum tlp tlp;
	enum demo_style st;
	struct report_text rt; /* the first report */
	int64_t created, reported;
	struct life L;
	int assignee, creator, reassign_to; /* handler indexes, -1 = nobody */
	int64_t assign_at, reassign_at;     /* 0 = did not happen */
	int64_t fu_received[2], fu_link[2]; /* follow-up reports; link 0 = not linked yet */
	int nfu, nlinks;
};

/* What the incident is, who reported it when, how it ends, and its life
 * up to now. */
static void plan_incident(struct gen *g, int64_t created, struct plan *P)
{
	memset(P, 0, sizeof(*P));
	/* Exercises are scheduled, not drawn: max(4, N/100) of them, evenly
	 * spread over the year, taking turns between the exercise templates. */
	int64_t index = g->s_inc.idx - 1; /* this incident's place in the stream */
	int64_t n_ex = g->s_inc.count / 100 > 4 ? g->s_inc.count / 100 : 4;
	int64_t every = g->s_inc.count / n_ex;
	if (g->n_exercise_tmpls > 0 && every > 0 && index % every == every / 2)
		P->ti = g->exercise_tmpls[(index / every) % g->n_exercise_tmpls];
	else
		P->ti = rng_weighted(&g->rng, g->tmpl_w, DEMO_TMPL_COUNT, g->tmpl_wsum);
	P->t = &demo_tmpls[P->ti];
	P->k = &demo_kinds[P->t->kind];
	P->oi = (int)rng_weighted(&g->rng, g->org_w, (size_t)g->norgs, g->org_wsum);
	P->org = &g->orgs[P->oi];
	P->unit = pick_unit(g, P->org, P->t->dept_pref);
	P->v = (unsigned)rng_below(&g->rng, 1u << 16);
	P->impact = pick_level(g, P->t->imp_lo, P->t->imp_hi);
	P->urgency = pick_level(g, P->t->urg_lo, P->t->urg_hi);
	P->prio = priority_compute(&g->pm, P->impact, P->urgency);
	P->tlp = pick_tlp(g, P->t->sens);
	P->st = (P->t->alt_pct && rng_pct(&g->rng, P->t->alt_pct)) ? P->t->alt_style : P->t->style;
	P->created = created;

	/* Who reported it decides when it was reported and detected. */
	int phone = P->st == RSTY_EMP_MIX && P->t->pbody != NULL && rng_pct(&g->rng, 50);
	int64_t detected;
	report_times(g, P->st, phone, created, &P->reported, &detected);
	fill_vars(g, P->t, P->oi, P->unit, detected, P->urgency);
	report_text_of(g, P->t, P->st, P->v, phone, &P->rt);

	/* How it ends. */
	enum resolution res = RES_RESOLVED;
	const char *path = list_pick(g, P->k->paths);
	int x = (int)rng_below(&g->rng, 100);
	if (!P->t->exercise) {
		if (x < P->t->fp_pct) {
			res = RES_FALSE_POSITIVE;
			path = "tx";
		} else if (x < P->t->fp_pct + 3 && g->last_id[P->ti] != 0) {
			res = RES_DUPLICATE;
			path = "tx";
			setv(g, V_ORIG, g->last_key[P->ti]);
		} else if (x < P->t->fp_pct + 5) {
			res = RES_OUT_OF_SCOPE;
			path = "tx";
		}
	}
	/* The newest few are not acknowledged yet (an alert that came in last
	 * night, a report the on-duty handler has not opened), so that every
	 * status is on screen whatever time of day the data is loaded. */
	int64_t fresh = g->s_inc.count / 150 > 2 ? g->s_inc.count / 150 : 2;
	if (index >= g->s_inc.count - fresh && P->prio != PRIO_P1)
		path = "";
	P->L.t.occurred = detected - rng_range(&g->rng, 0, (int64_t)P->t->occ_lag_h * 3600);
	P->L.t.detected = detected;
	P->L.t.reported = P->reported;
	int slow = rng_pct(&g->rng, 12);
	simulate(g, path, res, P->prio, slow, P->t->kind == K_LEAK || P->t->kind == K_VULN, created, &P->L);
}

/* The intake handler creates the incident, the assignee takes it (before
 * the first status change), and now and then hands it over. */
static void plan_people(struct gen *g, struct plan *P)
{
	const struct life *L = &P->L;
	P->assignee = pick_handler(g, P->org, P->tlp, -1);
	P->creator = rng_pct(&g->rng, 60) ? P->assignee : pick_handler(g, P->org, P->tlp, -1);
	P->reassign_to = -1;
	if (P->assignee < 0)
		return;
	if (L->nsteps > 0) {
		P->assign_at = P->created + (int64_t)((double)(L->at[0] - P->created) * 0.5 * rng_unit(&g->rng));
		if (P->prio >= PRIO_P2 && office_time(g, P->assign_at) <= L->at[0])
			P->assign_at = office_time(g, P->assign_at);
	} else if (rng_pct(&g->rng, 65)) {
		P->assign_at = P->created + rng_duration(&g->rng, 1800.0);
	}
	if (P->assign_at > g->now)
		P->assign_at = 0;
	if (P->assign_at == 0) {
		P->assignee = -1;
		return;
	}
	if (L->nsteps >= 2 && rng_pct(&g->rng, 6)) {
		P->reassign_to = pick_handler(g, P->org, P->tlp, P->assignee);
		if (P->reassign_to >= 0)
			P->reassign_at = L->at[0] + (L->at[1] - L->at[0]) / 2;
	}
}

/* The handler responsible for the incident at time at. */
static int holder_at(const struct plan *P, int64_t at)
{
	if (P->reassign_to >= 0 && at >= P->reassign_at)
		return P->reassign_to;
	if (P->assignee >= 0 && at >= P->assign_at)
		return P->assignee;
	return P->creator;
}

/* Others who report the same thing later. Planned before the notes so that
 * the timeline (n entries so far) keeps room for their 'link' entries: up
 * to 8 entries, only the longest paths get a ninth (the closing note). */
static void plan_followups(struct gen *g, struct plan *P, int n)
{
	const struct demo_tmpl *t = P->t;
	if (P->st == RSTY_NONE || t->followup == FU_NONE)
		return;
	int extra = t->followup == FU_MAIL ? (int)rng_weighted(&g->rng, (const unsigned[]){50, 30, 20}, 3, 100)
	                                   : rng_pct(&g->rng, 30);
	int allowed = 8 - n - (P->L.status == ST_CLOSED);
	double gap = t->followup == FU_MAIL ? 3 * 3600.0 : t->followup == FU_SOC ? 6 * 3600.0 : 12 * 3600.0;
	for (int i = 0; i < extra && P->nlinks < allowed; i++) {
		int64_t received = P->reported + 300 + rng_duration(&g->rng, gap);
		if (received > g->now)
			continue;
		int64_t link_at = received + rng_duration(&g->rng, 3600.0);
		if (link_at < P->created)
			link_at = P->created;
		P->fu_received[P->nfu] = received;
		P->fu_link[P->nfu] = link_at <= g->now ? link_at : 0; /* 0: arrived minutes ago, still new */
		P->nlinks += P->fu_link[P->nfu] != 0;
		P->nfu++;
	}
}

/* Adds the notes: one on closing (why it was closed), and one per phase
 * reached as room allows. */
static void add_notes(struct gen *g, const struct plan *P, struct entry *e, int *n)
{
	const struct life *L = &P->L;
	int room = 8 - *n - P->nlinks;
	if (room > 3)
		room = 3;
	if (room < 1)
		room = L->status == ST_CLOSED; /* a closed incident always says why */
	if (L->status == ST_CLOSED && room > 0) {
		const char *md = NULL;
		switch (L->resolution) {
		case RES_FALSE_POSITIVE: md = PICK(g, demo_notes_false_positive); break;
		case RES_OUT_OF_SCOPE: md = PICK(g, demo_notes_out_of_scope); break;
		case RES_DUPLICATE: md = demo_note_duplicate; break;
		default: md = list_pick(g, P->k->close); break;
		}
		if (md != NULL) {
			int64_t at = L->t.closed - rng_range(&g->rng, 60, 900);
			int64_t prev = L->nsteps >= 2 ? L->at[L->nsteps - 2] : P->created;
			if (at < prev)
				at = prev;
			e[(*n)++] = (struct entry){
			        .at = at, .author = handler_id(g, holder_at(P, at)), .kind = "note", .md = md};
			room--;
		}
	}
	for (int i = 0; i < L->nsteps && room > 0 && *n < MAX_ENTRIES; i++) {
		const char *const *pool = phase_notes(P->k, L->to[i]);
		if (pool == NULL || !rng_pct(&g->rng, 75))
			continue;
		int64_t end = i + 1 < L->nsteps ? L->at[i + 1] : g->now;
		int64_t at = L->at[i] + 60 + (int64_t)((double)(end - L->at[i] - 60) * (0.1 + 0.6 * rng_unit(&g->rng)));
		if (at > end)
			at = end;
		if (P->prio >= PRIO_P2 && office_time(g, at) <= end)
			at = office_time(g, at);
		e[(*n)++] = (struct entry){
		        .at = at, .author = handler_id(g, holder_at(P, at)), .kind = "note", .md = list_pick(g, pool)};
		room--;
	}
}

/* The timeline: create, assignment, status changes and notes. *updated
 * receives the latest entry's time. */
static int add_journal(struct gen *g, struct chunk *ch, struct plan *P, int64_t incident_id, int64_t *updated)
{
	const struct life *L = &P->L;
	struct entry e[MAX_ENTRIES];
	int n = 0;
	e[n++] = (struct entry){.at = P->created, .author = handler_id(g, P->creator), .kind = "create"};
	if (P->assign_at) {
		e[n++] = (struct entry){.at = P->assign_at,
		                        .author = handler_id(g, P->creator >= 0 ? P->creator : P->assignee),
		                        .kind = "assign",
		                        .assign_from = -1,
		                        .assign_to = P->assignee};
	} else {
		int64_t at = P->created + rng_range(&g->rng, 60, 600);
		e[n++] = (struct entry){.at = at < g->now ? at : g->now,
		                        .author = handler_id(g, P->creator),
		                        .kind = "note",
		                        .md = PICK(g, demo_notes_unassigned)};
	}
	if (P->reassign_to >= 0)
		e[n++] = (struct entry){.at = P->reassign_at,
		                        .author = handler_id(g, P->assignee),
		                        .kind = "assign",
		                        .assign_from = P->assignee,
		                        .assign_to = P->reassign_to};
	for (int i = 0; i < L->nsteps; i++)
		e[n++] = (struct entry){.at = L->at[i],
		                        .author = handler_id(g, holder_at(P, L->at[i])),
		                        .kind = "status",
		                        .data = g->status_data[L->from[i]][L->to[i]]};
	plan_followups(g, P, n);
	add_notes(g, P, e, &n);
	*updated = P->created;
	for (int i = 0; i < n; i++)
		if (e[i].at > *updated)
			*updated = e[i].at;
	return write_entries(g, ch, incident_id, e, n);
}

/* Queues the first report (the incident was created from it) and the
 * follow-ups; a linked follow-up gets its 'link' entry when it is keyed. */
static int queue_reports(struct gen *g, const struct plan *P, const struct inc_row *inc, int64_t *updated)
{
	if (P->st == RSTY_NONE)
		return 0;
	struct pending *p = pending_new(g, &P->rt, P->reported);
	if (p == NULL)
		return -1;
	p->state = RS_LINKED;
	p->tlp = P->tlp;
	p->org_unit_id = P->rt.employee && P->unit ? P->unit->id : 0;
	p->constituency_id = P->org->id;
	p->incident_id = inc->id;
	p->created_by = P->rt.by_handler ? inc->created_by : 0;
	p->updated_at = P->created;
	if (pending_push(g, p) < 0)
		return -1;
	for (int i = 0; i < P->nfu; i++) {
		struct report_text fu;
		const struct unit_rt *unit = NULL;
		if (P->t->followup == FU_MAIL) { /* a colleague elsewhere got the same mail */
			unit = pick_unit(g, P->org, NULL);
			setv(g, V_DEPT, unit ? unit->name : P->org->short_name);
			pick_person(g, P->org, 0);
			fu = (struct report_text){CH_EMAIL,
			                          "{person}",
			                          g->reporter_mail,
			                          PICK(g, demo_fu_mail_subj),
			                          PICK(g, demo_fu_mail_body),
			                          1,
			                          0};
		} else if (P->t->followup == FU_SOC) {
			setvf(g, V_COUNT, "%u", 2 + rng_below(&g->rng, 30));
			fu = (struct report_text){CH_SOC,
			                          "SOC 監視センター",
			                          "soc@mssp.example",
			                          PICK(g, demo_fu_soc_subj),
			                          PICK(g, demo_fu_soc_body),
			                          0,
			                          0};
		} else {
			pick_customer(g);
			fu = (struct report_text){CH_EMAIL,
			                          g->cust_full,
			                          g->cust_mail,
			                          PICK(g, demo_fu_customer_subj),
			                          PICK(g, demo_fu_customer_body),
			                          0,
			                          0};
		}
		struct pending *q = pending_new(g, &fu, P->fu_received[i]);
		if (q == NULL)
			return -1;
		q->tlp = P->tlp;
		q->org_unit_id = unit ? unit->id : 0;
		q->constituency_id = P->org->id;
		q->state = RS_NEW;
		q->updated_at = P->fu_received[i];
		if (P->fu_link[i] != 0) {
			q->state = RS_LINKED;
			q->incident_id = inc->id;
			q->updated_at = P->fu_link[i];
			q->link_at = P->fu_link[i];
			q->link_author = handler_id(g, holder_at(P, P->fu_link[i]));
			if (P->fu_link[i] > *updated)
				*updated = P->fu_link[i];
		}
		if (pending_push(g, q) < 0)
			return -1;
	}
	return 0;
}

/*
 * The estimated damage (JPY) of some serious incidents, as a handler would
 * enter it, so the management report has a cost to show: half the P1s, some P2s,
 * a few P3s, rounded to 10,000 yen; none for exercises. Drawn from a stream
 * of its own (seed and incident id), so it changes no other row of the set.
 */
static int64_t demo_damage(uint64_t seed, const struct inc_row *inc)
{
	static const struct {
		int pct;
		int64_t lo, hi;
	} by_prio[PRIO_COUNT] = {{50, 500000, 20000000}, {30, 200000, 5000000}, {5, 50000, 500000}, {0, 0, 0}};
	struct rng r = {seed ^ ((uint64_t)inc->id * 0xd1342543de82ef95ULL)};
	if (inc->is_exercise || (unsigned)inc->priority >= PRIO_COUNT || !rng_pct(&r, by_prio[inc->priority].pct))
		return 0;
	return rng_range(&r, by_prio[inc->priority].lo, by_prio[inc->priority].hi) / 10000 * 10000;
}

/* Generates one incident created at `created`: its row, journal and tasks
 * into the chunk, its reports into the queue. */
static int gen_incident(struct gen *g, struct chunk *ch, int64_t created)
{
	struct plan P;
	plan_incident(g, created, &P);
	plan_people(g, &P);

	struct inc_row *inc = ROW_ADD(ch->inc);
	if (inc == NULL) {
		snprintf(g->err, sizeof(g->err), "demo: out of memory");
		return -1;
	}
	int year = key_year_of(created, g->offset);
	int64_t seq;
	if (seqs_next(&g->inc_seq, year, &seq) < 0 || key_format(inc->key, sizeof(inc->key), "INC", year, seq) < 0) {
		snprintf(g->err, sizeof(g->err), "demo: cannot make an incident key for %d", year);
		return -1;
	}
	inc->id = g->next_incident_id++;
	inc->title = expand_dup(g, &ch->mem, list_variant(P.t->titles, P.v));
	inc->description = expand_dup(g, &ch->mem, list_variant(P.t->descs, P.v));
	if (inc->title == NULL || inc->description == NULL)
		return -1;
	inc->category = g->cat_ok[P.ti] ? P.t->category : NULL;
	inc->impact = P.impact;
	inc->urgency = P.urgency;
	inc->priority = P.prio;
	inc->status = P.L.status;
	inc->resolution = P.L.status == ST_CLOSED ? P.L.resolution : RES_NONE;
	inc->tlp = P.tlp;
	inc->pap = pick_pap(g, P.t->sens);
	inc->constituency_id = P.org->id;
	inc->org_unit_id = P.unit ? P.unit->id : 0;
	int holder = P.reassign_to >= 0 ? P.reassign_to : P.assignee;
	inc->assignee_id = handler_id(g, holder);
	inc->created_by = handler_id(g, P.creator);
	inc->is_exercise = P.t->exercise;
	inc->personal_data = P.t->pd_pct > 0 && rng_pct(&g->rng, P.t->pd_pct);
	inc->t = P.L.t;
	inc->created_at = created;
	inc->damage_jpy = demo_damage(g->seed, inc);
	g->n_inc++;

	int64_t updated;
	if (add_journal(g, ch, &P, inc->id, &updated) < 0 || add_tasks(g, ch, inc, P.k, P.org, holder, &updated) < 0 ||
	    queue_reports(g, &P, inc, &updated) < 0)
		return -1;
	inc->updated_at = updated > g->now ? g->now : updated;
	g->last_id[P.ti] = inc->id;
	memcpy(g->last_key[P.ti], inc->key, sizeof(inc->key));
	return 0;
}

/* A report still waiting for triage (new) or triaged but not yet linked. */
static int gen_waiting(struct gen *g, int64_t received)
{
	size_t ti = rng_weighted(&g->rng, g->loose_w, DEMO_TMPL_COUNT, g->loose_wsum);
	const struct demo_tmpl *t = &demo_tmpls[ti];
	int oi = (int)rng_weighted(&g->rng, g->org_w, (size_t)g->norgs, g->org_wsum);
	const struct unit_rt *unit = pick_unit(g, &g->orgs[oi], t->dept_pref);
	unsigned v = (unsigned)rng_below(&g->rng, 1u << 16);
	enum level urgency = pick_level(g, t->urg_lo, t->urg_hi);
	fill_vars(g, t, oi, unit, received - rng_range(&g->rng, 0, 3600), urgency);
	struct report_text rt;
	int phone = t->style == RSTY_EMP_MIX && t->pbody != NULL && rng_pct(&g->rng, 50);
	report_text_of(g, t, t->style, v, phone, &rt);
	struct pending *p = pending_new(g, &rt, received);
	if (p == NULL)
		return -1;
	int triaged = rng_pct(&g->rng, 30);
	p->state = triaged ? RS_TRIAGED : RS_NEW;
	p->tlp = rng_pct(&g->rng, 60) ? TLP_AMBER : TLP_GREEN;
	p->org_unit_id = rt.employee && unit ? unit->id : 0;
	int internal = rt.employee || rt.channel == CH_SOC || rt.channel == CH_API;
	p->constituency_id = (internal || triaged || rng_pct(&g->rng, 50)) ? g->orgs[oi].id : 0;
	p->created_by = rt.by_handler ? handler_id(g, pick_handler(g, &g->orgs[oi], p->tlp, -1)) : 0;
	p->updated_at = received;
	if (triaged) {
		int64_t at = received + rng_duration(&g->rng, 2400.0);
		p->updated_at = at > g->now ? g->now : at;
	}
	return pending_push(g, p);
}

/* A report rejected at triage: spam to the PoC address, a false alarm, or
 * something outside the CSIRT's remit. */
static int gen_rejected(struct gen *g, int64_t received)
{
	const struct demo_loose_report *lr =
	        &demo_rejected_reports[rng_below(&g->rng, (uint32_t)demo_rejected_reports_count)];
	int oi = (int)rng_weighted(&g->rng, g->org_w, (size_t)g->norgs, g->org_wsum);
	const struct unit_rt *unit = pick_unit(g, &g->orgs[oi], NULL);
	fill_vars(g, &demo_tmpls[0], oi, unit, received, LEVEL_LOW);
	char prefix[8];
	snprintf(prefix, sizeof(prefix), "%s", g->orgs[oi].host_prefix);
	lower_ascii(prefix);
	setvf(g, V_SRV, "%s-web01", prefix); /* scanners look at the public web server */
	struct report_text rt = {lr->channel, lr->from, lr->addr, lr->subject, lr->body, lr->employee, 0};
	if (lr->employee) {
		rt.name = "{person}";
		rt.addr = lr->channel == CH_PHONE ? "内線 {ext}" : g->reporter_mail;
		rt.by_handler = lr->channel == CH_PHONE;
	}
	struct pending *p = pending_new(g, &rt, received);
	if (p == NULL)
		return -1;
	p->state = RS_REJECTED;
	p->reason = lr->reason;
	p->tlp = lr->reason == RJ_SPAM ? TLP_CLEAR : TLP_GREEN;
	p->org_unit_id = lr->employee && unit ? unit->id : 0;
	p->constituency_id = (lr->employee || lr->channel == CH_SOC) ? g->orgs[oi].id : 0;
	int triager = pick_handler(g, &g->orgs[oi], p->tlp, -1);
	p->created_by = rt.by_handler ? handler_id(g, triager) : 0;
	int64_t at = received + rng_duration(&g->rng, 2 * 3600.0);
	p->updated_at = at > g->now ? g->now : at;
	return pending_push(g, p);
}

/* Fills ch with the next CHUNK_INCIDENTS incidents (and whatever reports
 * fall due). *done is set when every stream is exhausted and the queue is
 * empty. */
static int gen_chunk(struct gen *g, struct chunk *ch, int *done)
{
	*done = 0;
	while (ch->inc.n < CHUNK_INCIDENTS) {
		struct stream *s = &g->s_inc;
		if (g->s_wait.next < s->next)
			s = &g->s_wait;
		if (g->s_rej.next < s->next)
			s = &g->s_rej;
		int64_t t = s->next;
		if (t == INT64_MAX)
			break;
		if (release_reports(g, ch, t - REPORT_LEAD_MAX) < 0)
			return -1;
		int rc = s == &g->s_inc    ? gen_incident(g, ch, t)
		         : s == &g->s_wait ? gen_waiting(g, t)
		                           : gen_rejected(g, t);
		if (rc < 0)
			return -1;
		stream_advance(s, &g->tl, &g->rng, g->now);
	}
	if (g->s_inc.next == INT64_MAX && g->s_wait.next == INT64_MAX && g->s_rej.next == INT64_MAX) {
		if (release_reports(g, ch, INT64_MAX) < 0)
			return -1;
		*done = 1;
	}
	ch->inc_seq = g->inc_seq;
	ch->rpt_seq = g->rpt_seq;
	return 0;
}

/* --- store: the organisation (setup job) ----------------------------------- */

struct setup_job {
	struct gen *g;
	int64_t created_at; /* when the organisation "was set up" */
};

static int scalar_int(struct db_conn *c, const char *sql, int64_t *out)
{
	struct db_stmt *st = db_prepare(c, sql);
	if (st == NULL)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

/* Creates the demo constituencies and their org-unit trees (parents first). */
static int create_orgs(struct db_conn *c, struct gen *g, int64_t at)
{
	static const char ins_org[] = "INSERT INTO constituency (code, name, name_en, description, created_at, "
	                              "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)";
	static const char ins_unit[] = "INSERT INTO org_unit (constituency_id, parent_id, name, name_en, "
	                               "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)";
	for (size_t i = 0; i < demo_orgs_count; i++) {
		const struct demo_org *d = &demo_orgs[i];
		struct db_stmt *st = db_prepare(c, ins_org);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, d->code);
		db_bind_text(st, 2, d->name);
		db_bind_text(st, 3, d->name_en);
		db_bind_text(st, 4, d->description);
		db_bind_int(st, 5, at);
		db_bind_int(st, 6, at);
		if (db_exec_stmt(st) < 0)
			return -1;
		int64_t org_id = db_last_insert_id(c);
		g->orgs_created++;
		int64_t unit_ids[16] = {0};
		for (int u = 0; d->units[u].name != NULL && u < 16; u++) {
			const struct demo_unit *du = &d->units[u];
			st = db_prepare(c, ins_unit);
			if (st == NULL)
				return -1;
			db_bind_int(st, 1, org_id);
			db_bind_int_or_null(st, 2, du->parent >= 0 ? unit_ids[du->parent] : 0);
			db_bind_text(st, 3, du->name);
			db_bind_text(st, 4, du->name_en);
			db_bind_int(st, 5, at);
			db_bind_int(st, 6, at);
			if (db_exec_stmt(st) < 0)
				return -1;
			unit_ids[u] = db_last_insert_id(c);
			g->units_created++;
		}
	}
	return 0;
}

/* Creates the demo users (no password, see demo_users) and their scopes. */
static int create_users(struct db_conn *c, struct gen *g, int64_t at)
{
	static const char ins_user[] =
	        "INSERT INTO app_user (login, display_name, email, role, all_constituencies, lang, time_zone, "
	        "tlp_max, password_hash, disabled, created_at, updated_at, version) "
	        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?, ?, 1)";
	static const char org_by_code[] = "SELECT id FROM constituency WHERE code = ?";
	static const char ins_scope[] = "INSERT INTO user_constituency (user_id, constituency_id) VALUES (?, ?)";
	for (size_t i = 0; i < demo_users_count; i++) {
		const struct demo_user *u = &demo_users[i];
		char email[96];
		snprintf(email, sizeof(email), "%s@hikeshi-demo.example", u->login);
		struct db_stmt *st = db_prepare(c, ins_user);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, u->login);
		db_bind_text(st, 2, u->display_name);
		db_bind_text(st, 3, email);
		db_bind_text(st, 4, u->role);
		db_bind_int(st, 5, u->scope == NULL);
		db_bind_text(st, 6, u->lang);
		db_bind_text(st, 7, u->time_zone);
		db_bind_text(st, 8, u->tlp_max);
		db_bind_int(st, 9, at);
		db_bind_int(st, 10, at);
		if (db_exec_stmt(st) < 0)
			return -1;
		int64_t user_id = db_last_insert_id(c);
		g->users_created++;
		for (const char *p = u->scope; p != NULL && *p;) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			char code[33];
			snprintf(code, sizeof(code), "%.*s", (int)len, p);
			p += len + (comma ? 1 : 0);
			st = db_prepare(c, org_by_code);
			if (st == NULL)
				return -1;
			db_bind_text(st, 1, code);
			int rc = db_step(st);
			int64_t org_id = rc == DB_ROW ? db_col_int(st, 0) : 0;
			db_done(st);
			if (rc < 0)
				return -1;
			if (org_id == 0)
				continue; /* the constituencies are not ours: the user sees none of them */
			st = db_prepare(c, ins_scope);
			if (st == NULL)
				return -1;
			db_bind_int(st, 1, user_id);
			db_bind_int(st, 2, org_id);
			if (db_exec_stmt(st) < 0)
				return -1;
		}
	}
	return 0;
}

/* The constituency's texts: ours come with names, domains and host names;
 * another team's are used with their name and a host prefix from the code. */
static void org_from_row(struct gen *g, struct org_rt *o, struct db_stmt *st)
{
	memset(o, 0, sizeof(*o));
	o->id = db_col_int(st, 0);
	const char *code = db_col_text(st, 1);
	for (size_t i = 0; i < demo_orgs_count; i++)
		if (strcmp(code, demo_orgs[i].code) == 0)
			o->demo = &demo_orgs[i];
	copy_text(o->name, sizeof(o->name), db_col_text(st, 2));
	copy_text(o->name_en, sizeof(o->name_en), db_col_text(st, 3));
	if (o->demo != NULL) {
		copy_text(o->short_name, sizeof(o->short_name), o->demo->short_name);
		copy_text(o->domain, sizeof(o->domain), o->demo->domain);
		copy_text(o->web, sizeof(o->web), o->demo->web);
		copy_text(o->host_prefix, sizeof(o->host_prefix), o->demo->host_prefix);
		g->org_w[g->norgs] = o->demo->weight;
		return;
	}
	copy_text(o->short_name, sizeof(o->short_name), o->name);
	size_t j = 0;
	for (const char *p = code; *p && j < 3; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			o->host_prefix[j++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	o->host_prefix[j] = '\0';
	if (j == 0)
		copy_text(o->host_prefix, sizeof(o->host_prefix), "PC");
	g->org_w[g->norgs] = 10;
}

/* Reads the constituencies (the first MAX_ORGS) and their org units. */
static int load_orgs(struct db_conn *c, struct gen *g)
{
	static const char orgs[] = "SELECT id, code, name, name_en FROM constituency ORDER BY id";
	static const char units[] = "SELECT id, constituency_id, name, name_en FROM org_unit "
	                            "ORDER BY constituency_id, id";
	int rc;
	struct db_stmt *st = db_prepare(c, orgs);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW && g->norgs < MAX_ORGS) {
		org_from_row(g, &g->orgs[g->norgs], st);
		g->org_wsum += g->org_w[g->norgs];
		g->norgs++;
	}
	db_done(st);
	if (rc < 0)
		return -1;

	st = db_prepare(c, units);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW && g->nunits < MAX_UNITS) {
		int64_t org_id = db_col_int(st, 1);
		for (int i = 0; i < g->norgs; i++) {
			struct org_rt *o = &g->orgs[i];
			if (o->id != org_id)
				continue;
			if (o->unit_count == 0)
				o->unit_first = g->nunits; /* rows come grouped by constituency */
			struct unit_rt *u = &g->units[g->nunits++];
			u->id = db_col_int(st, 0);
			copy_text(u->name, sizeof(u->name), db_col_text(st, 2));
			copy_text(u->name_en, sizeof(u->name_en), db_col_text(st, 3));
			o->unit_count++;
			break;
		}
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* Reads the users who may be assignees and which constituencies each may
 * handle: the handlers, or the admin when there is no handler. */
static int load_handlers(struct db_conn *c, struct gen *g)
{
	static const char users[] = "SELECT id, login, role, all_constituencies, tlp_max FROM app_user "
	                            "WHERE disabled = 0 AND role IN ('admin', 'handler') ORDER BY id";
	static const char scopes[] = "SELECT user_id, constituency_id FROM user_constituency";
	int all[MAX_HANDLERS], admin[MAX_HANDLERS], have_handler = 0, rc;
	unsigned char scoped[MAX_HANDLERS][MAX_ORGS];
	memset(scoped, 0, sizeof(scoped));

	struct db_stmt *st = db_prepare(c, users);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW && g->nhandlers < MAX_HANDLERS) {
		struct handler_rt *h = &g->handlers[g->nhandlers];
		h->id = db_col_int(st, 0);
		const char *login = db_col_text(st, 1);
		h->weight = 20;
		for (size_t i = 0; i < demo_users_count; i++)
			if (strcmp(login, demo_users[i].login) == 0)
				h->weight = demo_users[i].weight;
		admin[g->nhandlers] = strcmp(db_col_text(st, 2), "admin") == 0;
		have_handler |= !admin[g->nhandlers];
		all[g->nhandlers] = (int)db_col_int(st, 3);
		if (tlp_parse(db_col_text(st, 4), &h->tlp_max) < 0)
			h->tlp_max = TLP_CLEAR;
		g->nhandlers++;
	}
	db_done(st);
	if (rc < 0)
		return -1;

	st = db_prepare(c, scopes);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t uid = db_col_int(st, 0), oid = db_col_int(st, 1);
		for (int h = 0; h < g->nhandlers; h++)
			for (int o = 0; o < g->norgs; o++)
				if (g->handlers[h].id == uid && g->orgs[o].id == oid)
					scoped[h][o] = 1;
	}
	db_done(st);
	if (rc < 0)
		return -1;
	for (int o = 0; o < g->norgs; o++)
		for (int h = 0; h < g->nhandlers; h++)
			if ((!have_handler || !admin[h]) && (all[h] || scoped[h][o]))
				g->orgs[o].handlers[g->orgs[o].nhandlers++] = h;
	return 0;
}

/* Reads the priority matrix, the key sequences, the highest ids and which
 * template categories the taxonomy has. */
static int load_state(struct db_conn *c, struct gen *g)
{
	static const char matrix[] = "SELECT impact, urgency, priority FROM priority_matrix";
	static const char seqs[] = "SELECT kind, year, last FROM key_seq";
	static const char max_inc[] = "SELECT coalesce(max(id), 0) FROM incident";
	static const char max_rpt[] = "SELECT coalesce(max(id), 0) FROM report";
	static const char tax[] = "SELECT 1 FROM taxonomy WHERE code = ?";
	int rc;

	struct db_stmt *st = db_prepare(c, matrix);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		enum level i, u;
		enum priority p;
		if (level_parse(db_col_text(st, 0), &i) == 0 && level_parse(db_col_text(st, 1), &u) == 0 &&
		    priority_parse(db_col_text(st, 2), &p) == 0)
			g->pm.cell[i][u] = p;
	}
	db_done(st);
	if (rc < 0)
		return -1;

	st = db_prepare(c, seqs);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *kind = db_col_text(st, 0);
		struct seqs *s = strcmp(kind, "INC") == 0 ? &g->inc_seq : strcmp(kind, "RPT") == 0 ? &g->rpt_seq : NULL;
		if (s == NULL || s->n == MAX_YEARS)
			continue;
		s->year[s->n] = (int)db_col_int(st, 1);
		s->last[s->n] = db_col_int(st, 2);
		s->n++;
	}
	db_done(st);
	if (rc < 0)
		return -1;

	if (scalar_int(c, max_inc, &g->next_incident_id) < 0 || scalar_int(c, max_rpt, &g->next_report_id) < 0)
		return -1;
	g->next_incident_id++;
	g->next_report_id++;

	for (size_t i = 0; i < DEMO_TMPL_COUNT; i++) {
		st = db_prepare(c, tax);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, demo_tmpls[i].category);
		rc = db_step(st);
		db_done(st);
		if (rc < 0)
			return -1;
		g->cat_ok[i] = rc == DB_ROW;
		if (!g->cat_ok[i])
			log_warn("demo: taxonomy has no %s; those incidents get no category", demo_tmpls[i].category);
	}
	return 0;
}

static int setup_job_fn(struct db_conn *c, void *arg)
{
	struct setup_job *j = arg;
	struct gen *g = j->g;
	static const char count_orgs[] = "SELECT count(*) FROM constituency";
	static const char count_users[] = "SELECT count(*) FROM app_user";
	int64_t n;
	if (scalar_int(c, count_orgs, &n) < 0 || (n == 0 && create_orgs(c, g, j->created_at) < 0))
		goto fail;
	if (scalar_int(c, count_users, &n) < 0 || (n <= 1 && create_users(c, g, j->created_at) < 0))
		goto fail;
	if (load_orgs(c, g) < 0 || load_handlers(c, g) < 0 || load_state(c, g) < 0)
		goto fail;
	return 0;
fail:
	snprintf(g->err, sizeof(g->err), "demo: cannot set up the organisation: %s", db_errmsg(c));
	return -1;
}

/* --- store: one chunk (write job) ------------------------------------------ */

/*
 * Incidents and reports are written through TEMP staging tables and moved
 * into place with one INSERT ... SELECT per chunk. The full-text triggers
 * still fire for every row, but FTS5 does per-statement work (flushing its
 * pending terms into a new segment, which later has to be merged), so one
 * statement per 2000 rows instead of one per row makes loading twice as
 * fast (measured on 2 cores: 100k incidents 70 s -> 33 s; without the FTS
 * triggers at all it would be about 9 s). The staging tables copy
 * the real tables' columns (WHERE 1 = 0), live only on the writer
 * connection, and are dropped at the end; everything stays inside the
 * chunk's transaction, so a failure leaves nothing half-indexed.
 */
#define INCIDENT_COLUMNS                                                                                               \
	"id, key, title, description, category, impact, urgency, priority, status, resolution, tlp, "                  \
	"pap, constituency_id, org_unit_id, assignee_id, created_by, is_exercise, personal_data, "                     \
	"merged_into_id, occurred_at, detected_at, reported_at, acknowledged_at, contained_at, "                       \
	"resolved_at, closed_at, created_at, updated_at, version, estimated_damage_jpy"
#define REPORT_COLUMNS                                                                                                 \
	"id, key, channel, reporter_name, reporter_address, reporter_org_unit_id, received_at, "                       \
	"subject, body, state, rejection_reason, tlp, constituency_id, incident_id, fingerprint, "                     \
	"duplicate_of_id, created_by, created_at, updated_at, version"

static int exec_literal(struct db_conn *c, const char *sql)
{
	struct db_stmt *st = db_prepare(c, sql);
	return st == NULL ? -1 : db_exec_stmt(st);
}

static int staging_create(struct db_conn *c)
{
	static const char inc[] = "CREATE TEMP TABLE IF NOT EXISTS demo_incident AS SELECT " INCIDENT_COLUMNS
	                          " FROM incident WHERE 1 = 0";
	static const char rpt[] =
	        "CREATE TEMP TABLE IF NOT EXISTS demo_report AS SELECT " REPORT_COLUMNS " FROM report WHERE 1 = 0";
	return exec_literal(c, inc) < 0 || exec_literal(c, rpt) < 0 ? -1 : 0;
}

static int staging_drop(struct db_conn *c)
{
	static const char inc[] = "DROP TABLE IF EXISTS temp.demo_incident";
	static const char rpt[] = "DROP TABLE IF EXISTS temp.demo_report";
	return exec_literal(c, inc) < 0 || exec_literal(c, rpt) < 0 ? -1 : 0;
}

struct chunk_job {
	struct gen *g;
	const struct chunk *ch;
};

static int write_seqs(struct db_conn *c, const char *kind, const struct seqs *s)
{
	static const char upsert[] =
	        "INSERT INTO key_seq (kind, year, last) VALUES (?, ?, ?) ON CONFLICT (kind, year) DO UPDATE "
	        "SET last = CASE WHEN excluded.last > key_seq.last THEN excluded.last ELSE key_seq.last END";
	for (int i = 0; i < s->n; i++) {
		struct db_stmt *st = db_prepare(c, upsert);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, kind);
		db_bind_int(st, 2, s->year[i]);
		db_bind_int(st, 3, s->last[i]);
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return 0;
}

static int insert_incidents(struct db_conn *c, const struct chunk *ch)
{
	static const char sql[] =
	        "INSERT INTO temp.demo_incident (id, key, title, description, category, impact, urgency, priority, "
	        "status, "
	        "resolution, tlp, pap, constituency_id, org_unit_id, assignee_id, created_by, is_exercise, "
	        "personal_data, merged_into_id, occurred_at, detected_at, reported_at, acknowledged_at, "
	        "contained_at, resolved_at, closed_at, created_at, updated_at, version, estimated_damage_jpy) "
	        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)";
	static const char move[] = "INSERT INTO incident (" INCIDENT_COLUMNS ") SELECT " INCIDENT_COLUMNS
	                           " FROM temp.demo_incident ORDER BY id";
	static const char clear[] = "DELETE FROM temp.demo_incident";
	for (size_t i = 0; i < ch->inc.n; i++) {
		const struct inc_row *r = &ch->inc.a[i];
		struct db_stmt *st = db_prepare(c, sql);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, r->id);
		db_bind_text(st, 2, r->key);
		db_bind_text(st, 3, r->title);
		db_bind_text(st, 4, r->description);
		db_bind_text(st, 5, r->category);
		db_bind_text(st, 6, level_name(r->impact));
		db_bind_text(st, 7, level_name(r->urgency));
		db_bind_text(st, 8, priority_name(r->priority));
		db_bind_text(st, 9, workflow_status_name(r->status));
		db_bind_text(st, 10, r->resolution == RES_NONE ? NULL : workflow_resolution_name(r->resolution));
		db_bind_text(st, 11, tlp_name(r->tlp));
		db_bind_text(st, 12, pap_name(r->pap));
		db_bind_int(st, 13, r->constituency_id);
		db_bind_int_or_null(st, 14, r->org_unit_id);
		db_bind_int_or_null(st, 15, r->assignee_id);
		db_bind_int_or_null(st, 16, r->created_by);
		db_bind_int(st, 17, r->is_exercise);
		db_bind_int(st, 18, r->personal_data);
		db_bind_int_or_null(st, 19, r->t.occurred);
		db_bind_int_or_null(st, 20, r->t.detected);
		db_bind_int_or_null(st, 21, r->t.reported);
		db_bind_int_or_null(st, 22, r->t.acknowledged);
		db_bind_int_or_null(st, 23, r->t.contained);
		db_bind_int_or_null(st, 24, r->t.resolved);
		db_bind_int_or_null(st, 25, r->t.closed);
		db_bind_int(st, 26, r->created_at);
		db_bind_int(st, 27, r->updated_at);
		db_bind_int_or_null(st, 28, r->damage_jpy);
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return exec_literal(c, move) < 0 || exec_literal(c, clear) < 0 ? -1 : 0;
}

static int insert_reports(struct db_conn *c, const struct chunk *ch)
{
	static const char sql[] =
	        "INSERT INTO temp.demo_report (id, key, channel, reporter_name, reporter_address, "
	        "reporter_org_unit_id, "
	        "received_at, subject, body, state, rejection_reason, tlp, constituency_id, incident_id, "
	        "fingerprint, duplicate_of_id, created_by, created_at, updated_at, version) "
	        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 1)";
	static const char move[] =
	        "INSERT INTO report (" REPORT_COLUMNS ") SELECT " REPORT_COLUMNS " FROM temp.demo_report ORDER BY id";
	static const char clear[] = "DELETE FROM temp.demo_report";
	for (size_t i = 0; i < ch->rpt.n; i++) {
		const struct rpt_row *r = &ch->rpt.a[i];
		struct db_stmt *st = db_prepare(c, sql);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, r->id);
		db_bind_text(st, 2, r->key);
		db_bind_text(st, 3, report_channel_name(r->channel));
		db_bind_text(st, 4, r->name);
		db_bind_text(st, 5, r->addr);
		db_bind_int_or_null(st, 6, r->org_unit_id);
		db_bind_int(st, 7, r->received_at);
		db_bind_text(st, 8, r->subject);
		db_bind_text(st, 9, r->body);
		db_bind_text(st, 10, report_state_name(r->state));
		db_bind_text(st, 11, r->reason == RJ_NONE ? NULL : report_reject_name(r->reason));
		db_bind_text(st, 12, tlp_name(r->tlp));
		db_bind_int_or_null(st, 13, r->constituency_id);
		db_bind_int_or_null(st, 14, r->incident_id);
		db_bind_text(st, 15, r->fingerprint);
		db_bind_int_or_null(st, 16, r->created_by);
		db_bind_int(st, 17, r->received_at);
		db_bind_int(st, 18, r->updated_at);
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return exec_literal(c, move) < 0 || exec_literal(c, clear) < 0 ? -1 : 0;
}

static int insert_journal(struct db_conn *c, const struct chunk *ch)
{
	static const char sql[] = "INSERT INTO journal (incident_id, at, author_id, kind, body_md, body_html, data) "
	                          "VALUES (?, ?, ?, ?, ?, ?, ?)";
	for (size_t i = 0; i < ch->jrn.n; i++) {
		const struct jrn_row *r = &ch->jrn.a[i];
		struct db_stmt *st = db_prepare(c, sql);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, r->incident_id);
		db_bind_int(st, 2, r->at);
		db_bind_int_or_null(st, 3, r->author_id);
		db_bind_text(st, 4, r->kind);
		db_bind_text(st, 5, r->body_md);
		db_bind_text(st, 6, r->body_html);
		db_bind_text(st, 7, r->data);
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return 0;
}

static int insert_tasks(struct db_conn *c, const struct chunk *ch)
{
	static const char sql[] = "INSERT INTO task (incident_id, title, assignee_id, due_at, done, done_at, "
	                          "created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
	for (size_t i = 0; i < ch->task.n; i++) {
		const struct task_row *r = &ch->task.a[i];
		struct db_stmt *st = db_prepare(c, sql);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, r->incident_id);
		db_bind_text(st, 2, r->title);
		db_bind_int_or_null(st, 3, r->assignee_id);
		db_bind_int_or_null(st, 4, r->due_at);
		db_bind_int(st, 5, r->done);
		db_bind_int_or_null(st, 6, r->done_at);
		db_bind_int_or_null(st, 7, r->created_by);
		db_bind_int(st, 8, r->created_at);
		db_bind_int(st, 9, r->updated_at);
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return 0;
}

/* Writes a chunk: incidents before the reports and journal entries that
 * reference them, and key_seq up to the last key written. */
static int chunk_job_fn(struct db_conn *c, void *arg)
{
	struct chunk_job *j = arg;
	if (staging_create(c) < 0 || insert_incidents(c, j->ch) < 0 || insert_reports(c, j->ch) < 0 ||
	    insert_journal(c, j->ch) < 0 || insert_tasks(c, j->ch) < 0 || write_seqs(c, "INC", &j->ch->inc_seq) < 0 ||
	    write_seqs(c, "RPT", &j->ch->rpt_seq) < 0) {
		snprintf(j->g->err, sizeof(j->g->err), "demo: writing failed: %s", db_errmsg(c));
		return -1;
	}
	return 0;
}

struct audit_job {
	struct gen *g;
	json_t *summary;
};

static int audit_job_fn(struct db_conn *c, void *arg)
{
	struct audit_job *j = arg;
	const struct audit_actor cli = {0, "cli"};
	if (staging_drop(c) < 0 || audit_append(c, &cli, "demo.load", "database", "demo", j->summary) < 0) {
		snprintf(j->g->err, sizeof(j->g->err), "demo: cannot write the audit row: %s", db_errmsg(c));
		return -1;
	}
	return 0;
}

/* --- the entry point ------------------------------------------------------- */

void demo_options_default(struct demo_options *o)
{
	o->incidents = DEMO_DEFAULT_INCIDENTS;
	o->seed = DEMO_DEFAULT_SEED;
	o->now = time_now();
	o->utc_offset_minutes = DEMO_DEFAULT_UTC_OFFSET;
}

static int gen_init(struct gen *g, const struct demo_options *o)
{
	g->rng.s = o->seed;
	g->seed = o->seed;
	g->now = o->now;
	g->offset = o->utc_offset_minutes;
	buf_init(&g->tmp, TEXT_MAX);
	for (int i = 0; i < V_N; i++)
		g->var_len[i] = strlen(var_names[i]);
	priority_matrix_default(&g->pm);
	for (int a = 0; a < ST_COUNT; a++) {
		for (int b = 0; b < ST_COUNT; b++) {
			if (!workflow_allowed((enum incident_status)a, (enum incident_status)b))
				continue;
			json_t *d = json_pack("{s:s, s:s}", "from", workflow_status_name((enum incident_status)a), "to",
			                      workflow_status_name((enum incident_status)b));
			g->status_data[a][b] = d ? json_dumps(d, JSON_COMPACT) : NULL;
			json_decref(d);
			if (g->status_data[a][b] == NULL)
				return -1;
		}
	}
	for (size_t i = 0; i < DEMO_TMPL_COUNT; i++) {
		if (demo_tmpls[i].exercise) {
			g->exercise_tmpls[g->n_exercise_tmpls++] = i;
			continue;
		}
		g->tmpl_w[i] = demo_tmpls[i].weight;
		g->tmpl_wsum += demo_tmpls[i].weight;
		if (demo_tmpls[i].style != RSTY_NONE && !demo_tmpls[i].exercise) {
			g->loose_w[i] = demo_tmpls[i].weight;
			g->loose_wsum += demo_tmpls[i].weight;
		}
	}
	return timeline_init(&g->tl, g->now, g->offset);
}

static void gen_free(struct gen *g)
{
	for (size_t i = 0; i < g->heap.n; i++)
		pending_free(g->heap.a[i]);
	free(g->heap.a);
	for (int a = 0; a < ST_COUNT; a++)
		for (int b = 0; b < ST_COUNT; b++)
			free(g->status_data[a][b]);
	free(g->tl.cum);
	buf_free(&g->tmp);
	free(g);
}

static void stream_start(struct gen *g, struct stream *s, int64_t count, double lo)
{
	s->count = count;
	s->idx = 0;
	s->next = 0;
	s->lo = lo;
	stream_advance(s, &g->tl, &g->rng, g->now);
}

/* db_write's result as a message in g->err (when the job left none). */
static int write_failed(struct gen *g, int wrc)
{
	if (wrc == DB_WRITE_FAILED)
		snprintf(g->err, sizeof(g->err), "demo: the database could not commit (disk full or I/O error?)");
	else if (g->err[0] == '\0')
		snprintf(g->err, sizeof(g->err), "demo: writing failed");
	return -1;
}

/* Generates and writes every chunk, logging progress for large sizes. */
static int load_chunks(struct db *db, struct gen *g, int64_t n)
{
	struct chunk ch;
	memset(&ch, 0, sizeof(ch));
	int rc = 0;
	int64_t t0 = time_now(), next_progress = n / 10;
	for (int done = 0; !done && rc == 0;) {
		chunk_reset(&ch);
		if (gen_chunk(g, &ch, &done) < 0) {
			rc = -1;
			break;
		}
		if (ch.inc.n + ch.rpt.n + ch.jrn.n + ch.task.n == 0)
			continue;
		struct chunk_job cj = {g, &ch};
		int wrc = db_write(db, chunk_job_fn, &cj);
		if (wrc != 0)
			rc = write_failed(g, wrc);
		else if (n >= PROGRESS_MIN && g->n_inc >= next_progress && !done) {
			log_info("demo: %" PRId64 "/%" PRId64 " incidents, %" PRId64 " reports (%" PRId64 " s)",
			         g->n_inc, n, g->n_rpt, time_now() - t0);
			next_progress += n / 10;
		}
	}
	chunk_free(&ch);
	return rc;
}

/* The one audit row for the whole load. */
static int write_audit(struct db *db, struct gen *g, const struct demo_options *o)
{
	json_t *seed = o->seed <= INT64_MAX ? json_integer((json_int_t)o->seed) : json_sprintf("%" PRIu64, o->seed);
	struct audit_job aj = {g, json_pack("{s:I, s:I, s:I, s:I, s:o, s:I, s:i, s:i, s:i}", "incidents",
	                                    (json_int_t)g->n_inc, "reports", (json_int_t)g->n_rpt, "journal_entries",
	                                    (json_int_t)g->n_jrn, "tasks", (json_int_t)g->n_task, "seed", seed, "now",
	                                    (json_int_t)g->now, "constituencies_created", g->orgs_created,
	                                    "org_units_created", g->units_created, "users_created", g->users_created)};
	if (aj.summary == NULL) {
		snprintf(g->err, sizeof(g->err), "demo: out of memory");
		return -1;
	}
	int wrc = db_write(db, audit_job_fn, &aj);
	json_decref(aj.summary);
	return wrc == 0 ? 0 : write_failed(g, wrc);
}

int demo_load(struct db *db, const struct demo_options *o, char *err, size_t errlen)
{
	if (db == NULL || o == NULL || o->incidents < 0 || o->incidents > DEMO_MAX_INCIDENTS) {
		snprintf(err, errlen, "demo: the number of incidents must be between 0 and %d", DEMO_MAX_INCIDENTS);
		return -1;
	}
	if (o->utc_offset_minutes < -14 * 60 || o->utc_offset_minutes > 14 * 60) {
		snprintf(err, errlen, "demo: the UTC offset must be between -14:00 and +14:00");
		return -1;
	}
	/* Keys need years 1970..9999 for the whole year before now. */
	if (o->now < 2 * 366 * 86400LL || o->now > 253402214400LL) {
		snprintf(err, errlen, "demo: \"now\" is out of range");
		return -1;
	}
	struct gen *g = calloc(1, sizeof(*g));
	if (g == NULL) {
		snprintf(err, errlen, "demo: out of memory");
		return -1;
	}
	int rc = -1;
	int64_t n = o->incidents, t0 = time_now();
	struct setup_job sj = {g, o->now - 400 * 86400LL};
	if (gen_init(g, o) < 0) {
		snprintf(g->err, sizeof(g->err), "demo: out of memory");
		goto out;
	}
	int wrc = db_write(db, setup_job_fn, &sj);
	if (wrc != 0) {
		write_failed(g, wrc);
		goto out;
	}
	if (g->norgs == 0) {
		snprintf(g->err, sizeof(g->err), "demo: the database has no constituency");
		goto out;
	}
	stream_start(g, &g->s_inc, n, 0.0);
	stream_start(g, &g->s_wait, (n + 5) / 10, timeline_fraction(&g->tl, g->now - 10 * 86400LL));
	stream_start(g, &g->s_rej, (n + 7) / 15, 0.0);
	if (load_chunks(db, g, n) < 0 || write_audit(db, g, o) < 0)
		goto out;
	if (n >= PROGRESS_MIN)
		log_info("demo: done: %" PRId64 " incidents, %" PRId64 " reports, %" PRId64 " journal entries, %" PRId64
		         " tasks in %" PRId64 " s",
		         g->n_inc, g->n_rpt, g->n_jrn, g->n_task, time_now() - t0);
	rc = 0;
out:
	if (rc != 0)
		snprintf(err, errlen, "%s", g->err[0] ? g->err : "demo: loading failed");
	gen_free(g);
	return rc;
}
