/*
 * HTTP request counters for Prometheus /metrics: requests by method and
 * status class, and a latency histogram. Counted with relaxed atomics by
 * every request thread (server.c), read by the /metrics handler.
 */
#ifndef HIKESHI_HTTP_PROM_H
#define HIKESHI_HTTP_PROM_H

#include "http/http.h"
#include "lib/buf.h"

/* Counts one answered request that took us microseconds. */
void http_prom_observe(enum http_method m, int status, long us);
/* Appends the counters in the Prometheus text format 0.0.4; 0 or -1 (full). */
int http_prom_write(struct buf *b);

#endif
