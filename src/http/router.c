/*
 * The router: the route table from routes.def, matched segment by segment.
 * A "{name}" segment matches any one non-empty segment, which becomes a
 * path parameter in order of appearance.
 */
#include "http/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct route routes[] = {
#define ROUTE(m, path, fn, auth) {M_##m, path, fn, auth},
#include "http/routes.def"
#undef ROUTE
};

static const char *const method_names[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "?"};

/* Matches path against tmpl; on success stores copies of the parameters
 * in rq (when rq is non-NULL). */
static int match(const char *tmpl, const char *path, struct http_req *rq)
{
	const char *t = tmpl, *p = path;
	size_t n = 0;
	char *params[HTTP_MAX_PARAMS];
	while (*t && *p) {
		if (*t != '/' || *p != '/')
			goto no;
		t++;
		p++;
		const char *te = strchr(t, '/'), *pe = strchr(p, '/');
		size_t tl = te ? (size_t)(te - t) : strlen(t), pl = pe ? (size_t)(pe - p) : strlen(p);
		if (tl > 1 && t[0] == '{' && t[tl - 1] == '}') {
			if (pl == 0 || n >= HTTP_MAX_PARAMS)
				goto no;
			if (rq)
				params[n] = strndup(p, pl);
			n++;
		} else if (tl != pl || memcmp(t, p, tl) != 0) {
			goto no;
		}
		t += tl;
		p += pl;
	}
	if (*t || *p)
		goto no;
	if (rq) {
		for (size_t i = 0; i < n; i++)
			rq->params[i] = params[i];
		rq->nparams = n;
	}
	return 1;
no:
	if (rq)
		for (size_t i = 0; i < n; i++)
			free(params[i]);
	return 0;
}

enum route_match router_find(enum http_method m, const char *path, struct http_req *rq, const struct route **out,
                             char *allow, size_t allowlen)
{
	int path_found = 0;
	allow[0] = '\0';
	if (m == M_HEAD)
		m = M_GET;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!match(routes[i].path, path, NULL))
			continue;
		path_found = 1;
		if (routes[i].method == m) {
			match(routes[i].path, path, rq);
			*out = &routes[i];
			return ROUTE_FOUND;
		}
		size_t used = strlen(allow);
		snprintf(allow + used, allowlen - used, "%s%s", used ? ", " : "", method_names[routes[i].method]);
	}
	return path_found ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}
