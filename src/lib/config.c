/*
 * INI configuration through libinih. Unknown sections or keys are errors:
 * a typo in a config file must not silently fall back to a default.
 */
#include "lib/config.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->listen, sizeof(c->listen), "127.0.0.1:8080");
	snprintf(c->public_url, sizeof(c->public_url), "http://127.0.0.1:8080");
	c->threads = 64; /* blocked writers wait on the commit: more threads, bigger batches */
	c->log_level = LOG_INFO;
	c->readers = 8;
	c->synchronous = 1;
	c->group_commit_max = 256;
	c->session_hours = 12;
	c->utc_offset_minutes = 540;
	snprintf(c->team_name, sizeof(c->team_name), "CSIRT");
	c->ack = 1;
	c->ack_per_hour = 5;
	c->ack_global_per_hour = 500;
	c->form_per_hour = 20;
	c->form_max_bytes = 10 * 1024 * 1024;
	c->smtp_timeout = 30;
	c->smtp_max_attempts = 8;
	c->smtp_retry_base = 60;
	snprintf(c->imap_mailboxes, sizeof(c->imap_mailboxes), "INBOX");
	c->imap_interval = 60;
	c->scheduler_interval = 30;
}

struct load_ctx {
	struct config *c;
	char *err;
	size_t errlen;
	int failed;
};

static int parse_int(const char *v, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		return -1;
	*out = (int)n;
	return 0;
}

static int copy_str(char *dst, size_t dstlen, const char *v)
{
	size_t n = strlen(v);
	if (n >= dstlen)
		return -1;
	memcpy(dst, v, n + 1);
	return 0;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx *x = user;
	struct config *c = x->c;
	int bad = 0;
	if (strcmp(section, "server") == 0) {
		if (strcmp(name, "listen") == 0)
			bad = copy_str(c->listen, sizeof(c->listen), value);
		else if (strcmp(name, "public_url") == 0)
			bad = copy_str(c->public_url, sizeof(c->public_url), value) ||
			      (strncmp(value, "http://", 7) != 0 && strncmp(value, "https://", 8) != 0) ||
			      strpbrk(value, " \t\r\n\"<>") != NULL;
		else if (strcmp(name, "web_dir") == 0)
			bad = copy_str(c->web_dir, sizeof(c->web_dir), value);
		else if (strcmp(name, "threads") == 0)
			bad = parse_int(value, 1, 1024, &c->threads);
		else if (strcmp(name, "log_level") == 0)
			bad = log_level_parse(value, &c->log_level);
		else if (strcmp(name, "utc_offset_minutes") == 0)
			bad = parse_int(value, -720, 840, &c->utc_offset_minutes);
		else
			bad = 2;
	} else if (strcmp(section, "store") == 0) {
		if (strcmp(name, "db") == 0) {
			bad = copy_str(c->db, sizeof(c->db), value);
			c->db_set = 1;
		} else if (strcmp(name, "readers") == 0) {
			bad = parse_int(value, 1, 256, &c->readers);
		} else if (strcmp(name, "synchronous") == 0) {
			if (strcmp(value, "full") == 0)
				c->synchronous = 1;
			else if (strcmp(value, "off") == 0)
				c->synchronous = 0;
			else
				bad = 1;
		} else if (strcmp(name, "group_commit_max") == 0) {
			bad = parse_int(value, 1, 100000, &c->group_commit_max);
		} else {
			bad = 2;
		}
	} else if (strcmp(section, "auth") == 0) {
		if (strcmp(name, "session_hours") == 0)
			bad = parse_int(value, 1, 24 * 30, &c->session_hours);
		else if (strcmp(name, "secure_cookies") == 0)
			bad = parse_int(value, 0, 1, &c->secure_cookies);
		else
			bad = 2;
	} else if (strcmp(section, "intake") == 0) {
		if (strcmp(name, "team_name") == 0)
			bad = copy_str(c->team_name, sizeof(c->team_name), value);
		else if (strcmp(name, "team_address") == 0)
			bad = copy_str(c->team_address, sizeof(c->team_address), value);
		else if (strcmp(name, "authserv_id") == 0)
			bad = copy_str(c->authserv_id, sizeof(c->authserv_id), value);
		else if (strcmp(name, "ack") == 0)
			bad = parse_int(value, 0, 1, &c->ack);
		else if (strcmp(name, "ack_per_hour") == 0)
			bad = parse_int(value, 0, 100000, &c->ack_per_hour);
		else if (strcmp(name, "ack_global_per_hour") == 0)
			bad = parse_int(value, 0, 10000000, &c->ack_global_per_hour);
		else if (strcmp(name, "form_per_hour") == 0)
			bad = parse_int(value, 1, 1000000, &c->form_per_hour);
		else if (strcmp(name, "form_max_bytes") == 0)
			bad = parse_int(value, 0, 100 * 1024 * 1024, &c->form_max_bytes);
		else
			bad = 2;
	} else if (strcmp(section, "smtp") == 0) {
		if (strcmp(name, "url") == 0)
			bad = copy_str(c->smtp_url, sizeof(c->smtp_url), value);
		else if (strcmp(name, "user") == 0)
			bad = copy_str(c->smtp_user, sizeof(c->smtp_user), value);
		else if (strcmp(name, "password_file") == 0)
			bad = copy_str(c->smtp_password_file, sizeof(c->smtp_password_file), value);
		else if (strcmp(name, "timeout") == 0)
			bad = parse_int(value, 1, 3600, &c->smtp_timeout);
		else if (strcmp(name, "max_attempts") == 0)
			bad = parse_int(value, 1, 1000, &c->smtp_max_attempts);
		else if (strcmp(name, "retry_base") == 0)
			bad = parse_int(value, 1, 3600, &c->smtp_retry_base);
		else
			bad = 2;
	} else if (strcmp(section, "imap") == 0) {
		if (strcmp(name, "url") == 0)
			bad = copy_str(c->imap_url, sizeof(c->imap_url), value);
		else if (strcmp(name, "user") == 0)
			bad = copy_str(c->imap_user, sizeof(c->imap_user), value);
		else if (strcmp(name, "password_file") == 0)
			bad = copy_str(c->imap_password_file, sizeof(c->imap_password_file), value);
		else if (strcmp(name, "mailboxes") == 0)
			bad = copy_str(c->imap_mailboxes, sizeof(c->imap_mailboxes), value);
		else if (strcmp(name, "processed") == 0)
			bad = copy_str(c->imap_processed, sizeof(c->imap_processed), value);
		else if (strcmp(name, "interval") == 0)
			bad = parse_int(value, 1, 86400, &c->imap_interval);
		else
			bad = 2;
	} else if (strcmp(section, "scheduler") == 0) {
		if (strcmp(name, "interval") == 0)
			bad = parse_int(value, 1, 86400, &c->scheduler_interval);
		else
			bad = 2;
	} else {
		bad = 2;
	}
	if (bad && !x->failed) {
		x->failed = 1;
		snprintf(x->err, x->errlen, "%s [%s] %s", bad == 2 ? "unknown key" : "bad value for", section, name);
	}
	return bad ? 0 : 1;
}

int config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	struct load_ctx x = {c, err, errlen, 0};
	char detail[256] = "";
	x.err = detail;
	x.errlen = sizeof(detail);
	int rc = ini_parse(path, on_entry, &x);
	if (rc == -1) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s:%d: %s", path, rc, x.failed ? detail : "syntax error");
		return -1;
	}
	return 0;
}
