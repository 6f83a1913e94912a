/*
 * HTTP request counters (see prom.h). Fixed arrays of atomics: no lock on
 * the request path, and a scrape reads each counter once (a scrape taken
 * during traffic may be a few requests apart between series, which
 * Prometheus tolerates).
 */
#include "http/prom.h"

#include <stdatomic.h>
#include <stdint.h>

#define NMETHOD 7 /* enum http_method */
#define NCLASS  5 /* 1xx .. 5xx */

/* Upper bounds in microseconds; the last bucket (+Inf) is the count. */
static const long bounds_us[] = {5000,   10000,   25000,   50000,   100000,  250000,
                                 500000, 1000000, 2500000, 5000000, 10000000};
static const char *const bounds_txt[] = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"};
#define NBUCKET (sizeof(bounds_us) / sizeof(bounds_us[0]))

static atomic_uint_fast64_t requests[NMETHOD][NCLASS];
static atomic_uint_fast64_t buckets[NBUCKET]; /* non-cumulative; summed on output */
static atomic_uint_fast64_t count_all, sum_us;

void http_prom_observe(enum http_method m, int status, long us)
{
	int cls = status / 100 - 1;
	if ((int)m < 0 || (int)m >= NMETHOD)
		m = M_OTHER;
	if (cls < 0 || cls >= NCLASS)
		cls = NCLASS - 1;
	if (us < 0)
		us = 0;
	atomic_fetch_add_explicit(&requests[m][cls], 1, memory_order_relaxed);
	for (size_t k = 0; k < NBUCKET; k++) {
		if (us <= bounds_us[k]) {
			atomic_fetch_add_explicit(&buckets[k], 1, memory_order_relaxed);
			break;
		}
	}
	atomic_fetch_add_explicit(&count_all, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&sum_us, (uint_fast64_t)us, memory_order_relaxed);
}

int http_prom_write(struct buf *b)
{
	static const char *const methods[NMETHOD] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OTHER"};
	int rc = buf_puts(b, "# HELP hikeshi_http_requests_total HTTP requests answered, by method and status class.\n"
	                     "# TYPE hikeshi_http_requests_total counter\n");
	for (int m = 0; m < NMETHOD; m++)
		for (int c = 0; c < NCLASS; c++) {
			uint64_t v = atomic_load_explicit(&requests[m][c], memory_order_relaxed);
			if (v)
				rc |= buf_printf(b, "hikeshi_http_requests_total{method=\"%s\",code=\"%dxx\"} %llu\n",
				                 methods[m], c + 1, (unsigned long long)v);
		}
	rc |= buf_puts(b, "# HELP hikeshi_http_request_duration_seconds Time from the request to the queued answer.\n"
	                  "# TYPE hikeshi_http_request_duration_seconds histogram\n");
	uint64_t cum = 0, total = atomic_load_explicit(&count_all, memory_order_relaxed);
	for (size_t k = 0; k < NBUCKET; k++) {
		cum += atomic_load_explicit(&buckets[k], memory_order_relaxed);
		rc |= buf_printf(b, "hikeshi_http_request_duration_seconds_bucket{le=\"%s\"} %llu\n", bounds_txt[k],
		                 (unsigned long long)cum);
	}
	if (total < cum)
		total = cum; /* read apart from the buckets: keep +Inf >= every bucket */
	rc |= buf_printf(b, "hikeshi_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
	                 (unsigned long long)total);
	rc |= buf_printf(b, "hikeshi_http_request_duration_seconds_sum %.6f\n",
	                 (double)atomic_load_explicit(&sum_us, memory_order_relaxed) / 1e6);
	rc |= buf_printf(b, "hikeshi_http_request_duration_seconds_count %llu\n", (unsigned long long)total);
	return rc ? -1 : 0;
}
