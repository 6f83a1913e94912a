/*
 * Declarations of every route handler (from routes.def) and the router.
 */
#ifndef HIKESHI_ROUTES_H
#define HIKESHI_ROUTES_H

#include "http/http.h"

#define ROUTE(m, path, fn, auth) void fn(struct http_req *rq, struct http_resp *rs);
#include "http/routes.def"
#undef ROUTE

/* PUBLIC: no credentials. USER: a session or a full token (an
 * intake-scoped token gets 403). INTAKE: a session or any token; the
 * handler checks the role. */
enum route_auth { PUBLIC, USER, INTAKE };

struct route {
	enum http_method method;
	const char *path;
	http_handler fn;
	enum route_auth auth;
};

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/* Finds the route for method and path; fills rq->params on success. For
 * ROUTE_NO_METHOD, allow receives the methods the path accepts. */
enum route_match router_find(enum http_method m, const char *path, struct http_req *rq, const struct route **out,
                             char *allow, size_t allowlen);

#endif
