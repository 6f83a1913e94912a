/*
 * Static files of the UI. The path is checked before anything else: only
 * [A-Za-z0-9._-] segments, no "..", no empty or hidden segments, so a request
 * can name nothing outside web/. Files are served with the type of their
 * extension and, for HTML, the UI's strict Content-Security-Policy: scripts,
 * styles and connections from this origin only, no inline code, no framing.
 */
#include "http/static.h"

#include "http/server.h"
#include "lib/embedded.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATIC_MAX (4 * 1024 * 1024) /* largest UI file served from disk */

static const char ui_csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                             "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                             "form-action 'self'; frame-ancestors 'none'";

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".json", "application/json; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return NULL;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

/* 1 when the URL path is a safe relative file path. */
static int safe_path(const char *p)
{
	size_t seg = 0;
	if (strlen(p) > 200)
		return 0;
	for (; *p; p++) {
		char c = *p;
		if (c == '/') {
			if (seg == 0)
				return 0; /* empty segment */
			seg = 0;
			continue;
		}
		if (seg == 0 && c == '.')
			return 0; /* "..", ".hidden" */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return 0;
		seg++;
	}
	return seg > 0;
}

/* Reads dir/rel into a malloc'd buffer; 0, or -1 when absent or too big. */
static int read_file(const char *dir, const char *rel, char **out, size_t *len)
{
	char path[1400];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, rel) >= sizeof(path))
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	struct stat sb;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size > STATIC_MAX) {
		close(fd);
		return -1;
	}
	char *buf = malloc((size_t)sb.st_size + 1);
	size_t got = 0;
	while (buf && got < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!buf || got != (size_t)sb.st_size) {
		free(buf);
		return -1;
	}
	*out = buf;
	*len = got;
	return 0;
}

int static_serve(struct http_req *rq, struct http_resp *rs)
{
	const char *path = rq->path;
	if (strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0)
		return 0;
	const char *rel = strcmp(path, "/") == 0 ? "index.html" : path + 1;
	const char *type = type_of(rel);
	if (path[0] != '/' || !safe_path(rel) || !type) {
		http_problem(rs, 404, "not-found", "no such resource", NULL);
		return 1;
	}
	const char *dir = rq->srv->cfg->web_dir;
	if (dir[0]) {
		char *data;
		size_t len;
		if (read_file(dir, rel, &data, &len) < 0) {
			http_problem(rs, 404, "not-found", "no such resource", NULL);
			return 1;
		}
		rs->raw_owned = data;
		rs->raw = data;
		rs->raw_len = len;
	} else {
		char key[256];
		snprintf(key, sizeof(key), "web/%s", rel);
		const struct embedded_file *f = embedded_find(key);
		if (!f) {
			http_problem(rs, 404, "not-found", "no such resource", NULL);
			return 1;
		}
		rs->raw = f->data;
		rs->raw_len = f->len;
	}
	rs->status = 200;
	rs->raw_type = type;
	if (strncmp(type, "text/html", 9) == 0)
		rs->csp = ui_csp;
	return 1;
}
