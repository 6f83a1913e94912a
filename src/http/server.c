/*
 * The HTTP server (see server.h).
 *
 * Flow of a request: libmicrohttpd accepts the connection on one of its pool
 * threads and parses the headers; access_cb is called first with no body
 * (we allocate the http_req), then with body chunks (appended to a bounded
 * buffer: past HTTP_BODY_MAX we stop keeping bytes and answer 413), then a
 * last time with no data, when we route, authenticate, run the handler and
 * queue its response. completed_cb frees the request.
 *
 * Every response carries headers that make a browser treat API answers as
 * data only: no sniffing, no framing, no referrer leaks, no caching.
 */
#include "http/server.h"

#include "http/auth.h"
#include "http/ratelimit.h"
#include "http/routes.h"
#include "http/prom.h"
#include "http/static.h"
#include "lib/config.h"
#include "lib/log.h"
#include "lib/timeutil.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <inttypes.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static enum http_method method_of(const char *m)
{
	static const struct {
		const char *name;
		enum http_method m;
	} t[] = {{"GET", M_GET},     {"POST", M_POST},     {"PUT", M_PUT},
	         {"PATCH", M_PATCH}, {"DELETE", M_DELETE}, {"HEAD", M_HEAD}};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(m, t[i].name) == 0)
			return t[i].m;
	return M_OTHER;
}

static void client_ip(struct MHD_Connection *conn, char *out, size_t outlen)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, outlen, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)outlen);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
		          (socklen_t)outlen);
}

/* Requests with a large body (mail, alert batches, the form's uploads) in
 * progress: each may buffer up to its route's limit, so their number is
 * capped (BIG_UPLOADS_MAX); more answer 503 with Retry-After, which
 * mailgate turns into a retry by the MTA. */
#define BIG_UPLOADS_MAX 16
static atomic_int big_uploads;

static void req_free(struct http_req *rq)
{
	if (!rq)
		return;
	if (rq->big_upload)
		atomic_fetch_sub(&big_uploads, 1);
	for (size_t i = 0; i < rq->nparams; i++)
		free(rq->params[i]);
	buf_free(&rq->body);
	free(rq);
}

static void resp_free(struct http_resp *rs)
{
	json_decref(rs->body);
	free(rs->set_cookie);
	free(rs->raw_owned);
	free(rs->disposition);
}

/* API answers are data: no sniffing, no framing, nothing loads from them,
 * nothing cached unless the handler says how (rs->cache_control: dashboard
 * charts). UI files get the UI's own policy and may be revalidated. */
static void add_security_headers(struct MHD_Response *r, const struct http_resp *rs)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Content-Security-Policy",
	                        rs->csp ? rs->csp : "default-src 'none'; frame-ancestors 'none'");
	if (rs->cache_control && (rs->status == 200 || rs->status == 304) && !rs->set_cookie)
		MHD_add_response_header(r, "Cache-Control", rs->cache_control);
	else
		MHD_add_response_header(
		        r, "Cache-Control",
		        rs->raw && rs->status == 200 && !rs->disposition && !rs->set_cookie ? "no-cache" : "no-store");
}

/* Turns an http_resp into a queued MHD response. */
static enum MHD_Result send_resp(struct MHD_Connection *conn, struct http_resp *rs, int head)
{
	struct MHD_Response *r;
	char *text = NULL;
	if (rs->raw_owned) {
		/* A file read from disk: MHD frees it once sent (not resp_free). */
		r = MHD_create_response_from_buffer(rs->raw_len, rs->raw_owned, MHD_RESPMEM_MUST_FREE);
		if (r)
			rs->raw_owned = NULL;
	} else if (rs->raw) {
		r = MHD_create_response_from_buffer(rs->raw_len, (void *)(uintptr_t)rs->raw, MHD_RESPMEM_PERSISTENT);
	} else if (rs->body) {
		text = json_dumps(rs->body, JSON_COMPACT);
		if (!text) {
			static const char oom[] =
			        "{\"type\":\"https://hikeshi.dev/problems/internal\",\"title\":"
			        "\"Internal server error\",\"status\":500,\"detail\":\"out of memory\"}";
			rs->status = 500;
			rs->problem = 1;
			r = MHD_create_response_from_buffer(sizeof(oom) - 1, (void *)(uintptr_t)oom,
			                                    MHD_RESPMEM_PERSISTENT);
		} else {
			size_t n = strlen(text);
			text[n] = '\0';
			r = MHD_create_response_from_buffer(n, text, MHD_RESPMEM_MUST_FREE);
			text = NULL;
		}
	} else {
		r = MHD_create_response_from_buffer(0, (void *)(uintptr_t) "", MHD_RESPMEM_PERSISTENT);
	}
	if (!r)
		return MHD_NO;
	(void)head; /* MHD drops the body of HEAD answers itself */
	add_security_headers(r, rs);
	if (rs->raw && rs->raw_type)
		MHD_add_response_header(r, "Content-Type", rs->raw_type);
	if (rs->disposition)
		MHD_add_response_header(r, "Content-Disposition", rs->disposition);
	else if (rs->body)
		MHD_add_response_header(r, "Content-Type",
		                        rs->problem ? "application/problem+json" : "application/json; charset=utf-8");
	if (rs->etag[0]) {
		char etag[48];
		snprintf(etag, sizeof(etag), "\"%s\"", rs->etag);
		MHD_add_response_header(r, "ETag", etag);
	}
	if (rs->location[0])
		MHD_add_response_header(r, "Location", rs->location);
	if (rs->retry_after[0])
		MHD_add_response_header(r, "Retry-After", rs->retry_after);
	if (rs->set_cookie)
		MHD_add_response_header(r, "Set-Cookie", rs->set_cookie);
	if (rs->allow[0])
		MHD_add_response_header(r, "Allow", rs->allow);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static void too_large(const struct http_req *rq, struct http_resp *rs)
{
	char d[96];
	snprintf(d, sizeof(d), "request body is larger than %zu KiB", rq->body_max / 1024);
	http_problem(rs, 413, "payload-too-large", d, NULL);
}

size_t http_body_max(const struct config *cfg, enum http_method m, const char *path)
{
	if (m != M_POST)
		return HTTP_BODY_MAX;
	if (strcmp(path, "/api/v1/mail") == 0)
		return HTTP_MAIL_MAX;
	if (strcmp(path, "/api/v1/alerts") == 0)
		return HTTP_ALERTS_MAX;
	if (strcmp(path, "/report") == 0)
		return (size_t)(cfg ? cfg->form_max_bytes : 10 * 1024 * 1024) + 256 * 1024;
	return HTTP_BODY_MAX;
}

static void dispatch(struct http_req *rq, struct http_resp *rs)
{
	const struct route *route = NULL;
	char allow[64];
	enum route_match m = router_find(rq->method, rq->path, rq, &route, allow, sizeof(allow));
	if (m == ROUTE_NO_PATH) {
		if ((rq->method == M_GET || rq->method == M_HEAD) && static_serve(rq, rs))
			return;
		http_problem(rs, 404, "not-found", "no such resource", NULL);
		return;
	}
	if (m == ROUTE_NO_METHOD) {
		snprintf(rs->allow, sizeof(rs->allow), "%s", allow);
		http_problem(rs, 405, "method-not-allowed", "this resource does not accept that method", NULL);
		return;
	}
	if (route->auth != PUBLIC && !rq->authenticated && auth_authenticate(rq, rs) < 0)
		return;
	if (route->auth == USER && rq->actor.intake_only) {
		http_problem(rs, 403, "forbidden", "this API token may only submit mail and alerts", NULL);
		return;
	}
	route->fn(rq, rs);
	if (rs->status == 0)
		http_problem(rs, 500, "internal", "handler produced no response", NULL);
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                 const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)version;
	struct server *s = cls;
	struct http_req *rq = *con_cls;
	if (!rq) {
		rq = calloc(1, sizeof(*rq));
		if (!rq)
			return MHD_NO;
		rq->srv = s;
		rq->conn = conn;
		rq->method = method_of(method);
		rq->method_name = method;
		rq->path = url;
		rq->body_max = http_body_max(s->cfg, rq->method, url);
		buf_init(&rq->body, rq->body_max);
		client_ip(conn, rq->client_ip, sizeof(rq->client_ip));
		rq->app.db = s->db;
		rq->app.cfg = s->cfg;
		rq->app.actor = &rq->actor;
		*con_cls = rq;
		/* A declared length over the limit is refused before reading it. */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > rq->body_max)
			rq->body_too_large = 1;
		struct http_resp rs = {0};
		if (rq->body_too_large) {
			too_large(rq, &rs);
		} else if (rq->body_max > HTTP_BODY_MAX) {
			/* A large body is only read for a caller who may send it
			 * (mail and alerts need credentials; the public form is
			 * bounded by the upload cap below). */
			if (strcmp(url, "/report") != 0 && auth_authenticate(rq, &rs) < 0) {
				/* rs holds the 401 */
			} else if (atomic_fetch_add(&big_uploads, 1) >= BIG_UPLOADS_MAX) {
				atomic_fetch_sub(&big_uploads, 1);
				http_problem(&rs, 503, "busy", "too many large uploads in progress; retry shortly",
				             NULL);
				snprintf(rs.retry_after, sizeof(rs.retry_after), "5");
			} else {
				rq->big_upload = 1;
				return MHD_YES;
			}
		} else {
			return MHD_YES;
		}
		enum MHD_Result ret = send_resp(conn, &rs, 0);
		resp_free(&rs);
		rq->answered = 1;
		return ret;
	}
	if (*upload_data_size) {
		if (!rq->answered && !rq->body_too_large && buf_append(&rq->body, upload_data, *upload_data_size) < 0) {
			rq->body_too_large = 1;
			buf_free(&rq->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (rq->answered) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct http_resp rs = {0};
	if (rq->body_too_large)
		too_large(rq, &rs);
	else if (rq->method == M_OTHER)
		http_problem(&rs, 405, "method-not-allowed", "unsupported HTTP method", NULL);
	else
		dispatch(rq, &rs);
	enum MHD_Result ret = send_resp(conn, &rs, rq->method == M_HEAD);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long us = (long)((t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000L);
	http_prom_observe(rq->method, rs.status, us);
	if (rs.status >= 500)
		log_error("%s %s -> %d (%ld us): %s", method, url, rs.status, us,
		          json_string_value(json_object_get(rs.body, "detail")));
	else
		log_debug("%s %s -> %d (%ld us)", method, url, rs.status, us);
	resp_free(&rs);
	return ret;
}

static void completed_cb(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	req_free(*con_cls);
	*con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof(line), fmt, ap);
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	log_warn("http: %s", line);
}

/* Parses "HOST:PORT" or "[V6]:PORT" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen)
		return -1;
	size_t hl = (size_t)(colon - listen);
	if (hl >= sizeof(host))
		return -1;
	memcpy(host, listen, hl);
	host[hl] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 1 || port > 65535)
		return -1;
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
			return -1;
		*len = sizeof(*a);
		return 0;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
		return -1;
	*len = sizeof(*a);
	return 0;
}

int server_start(struct server *s, struct db *db, const struct config *cfg, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	memset(s, 0, sizeof(*s));
	s->db = db;
	s->cfg = cfg;
	s->started_at = time_now();
	if (parse_listen(cfg->listen, &ss, &sl) < 0) {
		snprintf(err, errlen, "listen address '%s' is not HOST:PORT (e.g. 127.0.0.1:8080)", cfg->listen);
		return -1;
	}
	s->login_limit = ratelimit_new(4096);
	if (!s->login_limit) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_EPOLL_LINUX_ONLY;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(
	        flags, 0, NULL, NULL, access_cb, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s, MHD_OPTION_SOCK_ADDR,
	        (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
	        MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
	        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_NOTIFY_COMPLETED, completed_cb, s,
	        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_END);
	if (!d) {
		snprintf(err, errlen, "cannot listen on %s (address in use, or not a local address?)", cfg->listen);
		ratelimit_free(s->login_limit);
		s->login_limit = NULL;
		return -1;
	}
	s->daemon = d;
	return 0;
}

void server_stop(struct server *s)
{
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	s->daemon = NULL;
	ratelimit_free(s->login_limit);
	s->login_limit = NULL;
}
