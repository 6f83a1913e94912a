/*
 * hikeshi mailgate --url URL [--token-file F]: the MTA's pipe into hikeshi
 * (issue 4, modelled on RT's rt-mailgate). It reads ONE raw message on stdin,
 * POSTs it unchanged (Content-Type: message/rfc822) to URL/api/v1/mail with
 * an intake token, and prints the tracking number the server answers.
 *
 * The whole point is that no mail is ever lost, so the exit code (sysexits,
 * which Postfix, Exim, sendmail and procmail understand) says whether the
 * MTA must keep the message and retry:
 *
 *   0            stored; the tracking number is on stdout
 *   EX_TEMPFAIL  75: not stored, the MTA keeps it and retries later. Server
 *                unreachable, timeout, 5xx, 429, and also every problem an
 *                administrator fixes without the sender doing anything:
 *                a bad or revoked token (401/403), a wrong URL (404, 3xx),
 *                an unreadable or world-readable token file.
 *   EX_DATAERR   65: the server says the message itself can never be
 *                accepted (400, 413, 415, 422): the MTA bounces it.
 *   EX_NOINPUT   66: stdin was empty: nothing to deliver.
 *   EX_USAGE     64: bad command line (no --url, unknown option, bad URL).
 *
 * Why 401/403 are a temporary failure and not EX_NOPERM: a permanent code
 * makes the MTA bounce the report back to whoever sent it (an employee, a
 * JPCERT/CC coordinator) because of a configuration mistake on our side;
 * with TEMPFAIL the message waits in the queue (Postfix: 5 days) while the
 * admin, told clearly on stderr (which the MTA logs), fixes the token. RT's
 * rt-mailgate makes the same choice for the same reason.
 *
 * The message is bounded: up to HTTP_MAIL_MAX (32 MiB, the server's limit)
 * is sent as it is. A larger message is never dropped: the first bytes are
 * sent with one header line "X-Hikeshi-Truncated: <original size in bytes>"
 * prepended (the total staying within 32 MiB), the rest of stdin is read and
 * discarded, and the parser flags such a report "truncated".
 */
#include "cli/cli.h"
#include "http/http.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MG_MAX_MESSAGE     ((size_t)HTTP_MAIL_MAX) /* what the server accepts */
#define MG_CONNECT_TIMEOUT 10L                     /* seconds to establish the connection */
#define MG_TOTAL_TIMEOUT   120L                    /* seconds for the whole exchange */
#define MG_MAX_ANSWER      (64 * 1024)             /* bytes kept of the server's answer */
#define MG_TOKEN_MAX       512                     /* tokens are ~50 characters */
#define MG_URL_MAX         2048
#define MG_PATH            "/api/v1/mail"

static const char help[] =
        "Usage: hikeshi mailgate --url URL [--token-file FILE]\n"
        "\n"
        "1 通のメールを標準入力から読み、hikeshi サーバ (URL/api/v1/mail) に登録して受付番号を表示します。\n"
        "Reads one message on stdin, submits it to the hikeshi server (URL/api/v1/mail)\n"
        "and prints its tracking number. For an MTA pipe (Postfix pipe(8), Exim, procmail).\n"
        "\n"
        "  --url URL          the server, e.g. http://127.0.0.1:8080 (trailing slash optional)\n"
        "  --token-file FILE  an intake-scoped API token (hikeshi user token create LOGIN --scope intake);\n"
        "                     wins over $HIKESHI_TOKEN. The file must not be readable or writable by\n"
        "                     others (chmod 600 or 640): a world-readable token file is refused (75).\n"
        "  -h, --help         show this help\n"
        "\n"
        "Exit codes (sysexits.h):\n"
        "  0   登録済み / stored; the tracking number is printed\n"
        "  75  EX_TEMPFAIL: 未登録・MTA が再送 / not stored, the MTA keeps the message and retries:\n"
        "      server unreachable or too slow (connect 10 s, total 120 s), 5xx, 429, and also\n"
        "      401/403 (bad token), 404 (wrong URL), an unusable token file. Configuration\n"
        "      mistakes are temporary on purpose: a report must never bounce back to its sender\n"
        "      because of our set-up; the message waits in the MTA queue until the admin fixes it.\n"
        "  65  EX_DATAERR: the server refuses this message itself (400, 413, 415, 422): bounced\n"
        "  66  EX_NOINPUT: empty standard input\n"
        "  64  EX_USAGE: bad arguments\n"
        "\n"
        "Messages over 32 MiB are not dropped: the first part is submitted with the header\n"
        "'X-Hikeshi-Truncated: <original size>' prepended, and the report is flagged truncated.\n";

/* The message read from stdin: p[0..len) is what will be sent. */
struct message {
	char *p;
	size_t len;
	uint64_t total; /* bytes read from stdin, including those not kept */
};

/* The server's answer, kept up to MG_MAX_ANSWER bytes. */
struct answer {
	char buf[MG_MAX_ANSWER + 1];
	size_t len;
};

/* Prints a bilingual line "hikeshi mailgate: ja / en" to stderr. */
static void say(const char *ja, const char *en_fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const char *ja, const char *en_fmt, ...)
{
	va_list ap;
	fprintf(stderr, "hikeshi mailgate: %s / ", ja);
	va_start(ap, en_fmt);
	vfprintf(stderr, en_fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * Reads all of fd into m: the first MG_MAX_MESSAGE bytes are kept, the rest
 * only counted (the MTA expects its pipe to be drained). 0, or -1 on a read
 * error or when memory runs out (errno set).
 */
static int read_message(int fd, struct message *m)
{
	size_t cap = 0;
	char scratch[65536];
	memset(m, 0, sizeof(*m));
	for (;;) {
		char *dst = scratch;
		size_t room = sizeof(scratch);
		if (m->len < MG_MAX_MESSAGE) {
			if (m->len == cap) {
				size_t ncap = cap ? cap * 2 : 256 * 1024;
				if (ncap > MG_MAX_MESSAGE)
					ncap = MG_MAX_MESSAGE;
				char *np = realloc(m->p, ncap);
				if (!np)
					return -1;
				m->p = np;
				cap = ncap;
			}
			dst = m->p + m->len;
			room = cap - m->len;
		}
		ssize_t r = read(fd, dst, room);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		if (dst != scratch)
			m->len += (size_t)r;
		m->total += (uint64_t)r;
	}
}

/*
 * For a message longer than we keep: makes room at the front of m->p and
 * writes the X-Hikeshi-Truncated header there, so the result still fits in
 * MG_MAX_MESSAGE. The header uses the message's own line ending.
 */
static void mark_truncated(struct message *m)
{
	char hdr[80];
	const char *nl = memchr(m->p, '\n', m->len);
	int crlf = nl && nl > m->p && nl[-1] == '\r';
	int n = snprintf(hdr, sizeof(hdr), "X-Hikeshi-Truncated: %" PRIu64 "%s", m->total, crlf ? "\r\n" : "\n");
	size_t h = (size_t)n; /* snprintf cannot fail here: hdr is large enough */
	size_t keep = MG_MAX_MESSAGE - h;
	if (keep > m->len)
		keep = m->len;
	memmove(m->p + h, m->p, keep);
	memcpy(m->p, hdr, h);
	m->len = keep + h;
}

/*
 * Reads the token from path (first line). Refuses a file that others may
 * read or write: anyone on the host could then submit reports as us.
 * 0, or an exit code after telling why.
 */
static int read_token_file(const char *path, char *out, size_t outlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		say("トークンファイルを開けません", "cannot open the token file %s: %s (message kept, will retry)",
		    path, strerror(errno));
		return EX_TEMPFAIL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		say("トークンファイルが通常ファイルではありません",
		    "%s is not a regular file (message kept, will retry)", path);
		return EX_TEMPFAIL;
	}
	if (st.st_mode & (S_IROTH | S_IWOTH)) {
		close(fd);
		say("トークンファイルが他のユーザから読み書きできます。chmod 600 してください",
		    "the token file %s is accessible to all users; run 'chmod o-rwx %s' (message kept, will retry)",
		    path, path);
		return EX_TEMPFAIL;
	}
	ssize_t r;
	do
		r = read(fd, out, outlen - 1);
	while (r < 0 && errno == EINTR);
	close(fd);
	if (r < 0) {
		say("トークンファイルを読めません", "cannot read %s: %s (message kept, will retry)", path,
		    strerror(errno));
		return EX_TEMPFAIL;
	}
	out[r] = '\0';
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

/* A token goes into an HTTP header: printable ASCII only, no spaces. */
static int token_ok(const char *t)
{
	if (!*t)
		return 0;
	for (; *t; t++)
		if (*t < 0x21 || *t > 0x7E)
			return 0;
	return 1;
}

/* Builds URL + MG_PATH into out, dropping trailing slashes of url. 0 / -1
 * when url is not http(s)://host... or holds characters a URL may not. */
static int build_url(const char *url, char *out, size_t outlen)
{
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return -1;
	size_t n = strlen(url);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7F)
			return -1;
	while (n > 0 && url[n - 1] == '/')
		n--;
	if (n <= strlen("https://") || strchr(url, '?') || strchr(url, '#'))
		return -1;
	if ((size_t)snprintf(out, outlen, "%.*s%s", (int)n, url, MG_PATH) >= outlen)
		return -1;
	return 0;
}

static size_t on_answer(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct answer *a = ud;
	size_t n = size * nmemb, room = MG_MAX_ANSWER - a->len;
	memcpy(a->buf + a->len, ptr, n < room ? n : room);
	a->len += n < room ? n : room;
	return n; /* the rest is read and dropped */
}

/* Copies at most 300 bytes of s into out with control characters replaced,
 * so a hostile or broken server cannot write escape sequences to logs. */
static void printable(const char *s, char *out, size_t outlen)
{
	size_t o = 0;
	for (; s && *s && o + 1 < outlen && o < 300; s++)
		out[o++] = ((unsigned char)*s < 0x20 || *s == 0x7F) ? '?' : *s;
	out[o] = '\0';
}

/* The "detail" (else "title") of a problem+json answer, printable. */
static void problem_detail(const struct answer *a, char *out, size_t outlen)
{
	json_t *j = json_loadb(a->buf, a->len, 0, NULL);
	const char *d = j ? json_string_value(json_object_get(j, "detail")) : NULL;
	if (!d && j)
		d = json_string_value(json_object_get(j, "title"));
	printable(d ? d : "", out, outlen);
	json_decref(j);
}

/* A tracking number is short and plain (RPT-2026-00042): anything else
 * from the server is not printed to the MTA. */
static int key_ok(const char *k)
{
	size_t n = strlen(k);
	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((k[i] >= 'A' && k[i] <= 'Z') || (k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') ||
		      k[i] == '-'))
			return 0;
	return 1;
}

/* Maps a 2xx answer to an exit code, printing the tracking number. */
static int on_success(long status, const struct answer *a)
{
	json_t *j = json_loadb(a->buf, a->len, 0, NULL);
	const char *key = j ? json_string_value(json_object_get(j, "tracking_number")) : NULL;
	if (!key || !key_ok(key)) {
		json_decref(j);
		/* the server may have stored it: a retry is answered as a duplicate */
		say("サーバの応答に受付番号がありません",
		    "HTTP %ld without a tracking number (message kept, will retry)", status);
		return EX_TEMPFAIL;
	}
	printf("%s\n", key);
	fflush(stdout); /* a closed stdout changes nothing: the message is stored */
	json_decref(j);
	return 0;
}

/* Maps a non-2xx HTTP status to an exit code and tells the admin why. */
static int on_failure(long status, const struct answer *a, const char *url)
{
	char detail[512];
	problem_detail(a, detail, sizeof(detail));
	if (status == 401 || status == 403) {
		say("トークンが拒否されました (設定を確認してください)",
		    "HTTP %ld from %s: the token was refused (%s). Check --token-file / $HIKESHI_TOKEN: it must be a "
		    "valid intake token. Message kept, the MTA will retry",
		    status, url, detail);
		return EX_TEMPFAIL;
	}
	if (status == 400 || status == 413 || status == 415 || status == 422) {
		say("サーバがこのメッセージを受け付けません", "HTTP %ld: the server refuses this message: %s", status,
		    detail);
		return EX_DATAERR;
	}
	if (status == 404 || (status >= 300 && status < 400))
		say("URL が違います (設定を確認してください)",
		    "HTTP %ld from %s: wrong --url? Message kept, the MTA will retry", status, url);
	else
		say("サーバの一時的なエラー", "HTTP %ld from %s: %s. Message kept, the MTA will retry", status, url,
		    detail);
	return EX_TEMPFAIL;
}

/* POSTs m to url; returns the exit code. */
static int submit(const struct message *m, const char *url, const char *token)
{
	char auth[MG_TOKEN_MAX + 32];
	static struct answer a; /* 64 KiB: not on the stack */
	int rc = EX_TEMPFAIL;
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	if (curl_global_init(strncmp(url, "https:", 6) == 0 ? CURL_GLOBAL_DEFAULT : CURL_GLOBAL_NOTHING) != 0) {
		say("libcurl を初期化できません", "cannot initialise libcurl (message kept, will retry)");
		return EX_TEMPFAIL;
	}
	CURL *h = curl_easy_init();
	struct curl_slist *hdrs = NULL, *t;
	static const char *const fixed[] = {"Content-Type: message/rfc822", "Accept: application/json"};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		if (!(t = curl_slist_append(hdrs, fixed[i])))
			goto out;
		hdrs = t;
	}
	if (!h || !(t = curl_slist_append(hdrs, auth)))
		goto out;
	hdrs = t;
	curl_easy_setopt(h, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, m->p);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)m->len);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, MG_CONNECT_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, MG_TOTAL_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "hikeshi-mailgate/0.1");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_answer);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &a);
	CURLcode e = curl_easy_perform(h);
	if (e != CURLE_OK) {
		say("サーバに接続できません", "cannot submit to %s: %s (message kept, the MTA will retry)", url,
		    curl_easy_strerror(e));
		goto out;
	}
	long status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	a.buf[a.len] = '\0';
	rc = status >= 200 && status < 300 ? on_success(status, &a) : on_failure(status, &a, url);
out:
	curl_slist_free_all(hdrs);
	if (h)
		curl_easy_cleanup(h);
	curl_global_cleanup();
	return rc;
}

int cli_mailgate_main(int argc, char **argv)
{
	static const struct option opts[] = {{"url", required_argument, NULL, 'u'},
	                                     {"token-file", required_argument, NULL, 't'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *url = NULL, *token_file = NULL;
	int opt;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'u': url = optarg; break;
		case 't': token_file = optarg; break;
		case 'h': fputs(help, stdout); return 0;
		default: return cli_usage_error("mailgate", "unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error("mailgate", "unexpected argument '%s'", argv[optind]);
	char full[MG_URL_MAX];
	if (!url)
		return cli_usage_error("mailgate", "--url is required");
	if (build_url(url, full, sizeof(full)) < 0)
		return cli_usage_error("mailgate", "--url must be http://HOST[:PORT][/PREFIX] or https://...");

	char token[MG_TOKEN_MAX];
	if (token_file) {
		int rc = read_token_file(token_file, token, sizeof(token));
		if (rc)
			return rc;
	} else {
		const char *env = getenv("HIKESHI_TOKEN");
		if (!env || strlen(env) >= sizeof(token)) {
			say("トークンがありません",
			    "no token: give --token-file FILE or set $HIKESHI_TOKEN (message kept, "
			    "will retry)");
			return EX_TEMPFAIL;
		}
		snprintf(token, sizeof(token), "%s", env);
	}
	if (!token_ok(token)) {
		say("トークンが不正です", "the token is empty or holds spaces or control characters (message kept, "
		                          "will retry)");
		return EX_TEMPFAIL;
	}

	struct message m;
	if (read_message(STDIN_FILENO, &m) < 0) {
		say("標準入力を読めません", "cannot read standard input: %s (the MTA will retry)", strerror(errno));
		free(m.p);
		return EX_TEMPFAIL;
	}
	if (m.total == 0) {
		say("標準入力が空です", "empty standard input: no message");
		free(m.p);
		return EX_NOINPUT;
	}
	if (m.total > m.len) {
		mark_truncated(&m);
		say("32 MiB を超えるため先頭部分のみ登録します",
		    "message of %" PRIu64 " bytes is over 32 MiB: submitting the first %zu bytes, flagged truncated",
		    m.total, m.len);
	}
	int rc = submit(&m, full, token);
	free(m.p);
	return rc;
}
