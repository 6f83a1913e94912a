/*
 * The HTTP server: libmicrohttpd with its internal thread pool, reading
 * bodies up to HTTP_BODY_MAX, authenticating, routing to handlers and
 * writing their responses with the security headers every answer carries.
 */
#ifndef HIKESHI_SERVER_H
#define HIKESHI_SERVER_H

#include "lib/config.h"

#include <stddef.h>
#include <stdint.h>

struct db;
struct ratelimit;

struct server {
	struct db *db;
	const struct config *cfg;
	struct ratelimit *login_limit; /* failed logins per account and per address */
	int64_t started_at;
	void *daemon; /* struct MHD_Daemon */
};

/* Starts listening on cfg->listen; 0, or -1 with a message in err. */
int server_start(struct server *s, struct db *db, const struct config *cfg, char *err, size_t errlen);
void server_stop(struct server *s);

#endif
