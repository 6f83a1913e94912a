/*
 * Configuration: defaults, then an INI file (libinih), then command-line
 * overrides applied by the CLI. One struct, filled once at start-up and
 * read-only afterwards.
 */
#ifndef HIKESHI_CONFIG_H
#define HIKESHI_CONFIG_H

#include "lib/log.h"

#include <stddef.h>

struct config {
	char db[1024];            /* [store] db: path (or URL later) */
	int db_set;               /* db came from the file (beats $HIKESHI_DB) */
	char listen[128];         /* [server] listen: "127.0.0.1:8080" */
	char web_dir[1024];       /* [server] web_dir: static UI files, "" = none */
	char public_url[512];     /* [server] public_url: base of links in mail (acknowledgements) */
	int threads;              /* [server] threads: HTTP thread pool size */
	enum log_level log_level; /* [server] log_level */
	int readers;              /* [store] readers: read connections */
	int synchronous;          /* [store] synchronous: 1 full (default), 0 off (benchmarks only) */
	int group_commit_max;     /* [store] group_commit_max: jobs per commit; 1 disables batching */
	int session_hours;        /* [auth] session_hours */
	int secure_cookies;       /* [auth] secure_cookies: add Secure (behind TLS) */
	int utc_offset_minutes;   /* [server] utc_offset_minutes: for key years; 540 = Asia/Tokyo */

	/* [intake]: the point of contact */
	char team_name[128];     /* team_name: signs acknowledgements ("CSIRT") */
	char team_address[256];  /* team_address: From of outgoing mail, "" = no acknowledgements */
	char authserv_id[256];   /* authserv_id: our MTA's Authentication-Results id; "" = tags never thread */
	int ack;                 /* ack: 1 send acknowledgements (default), 0 never */
	int ack_per_hour;        /* ack_per_hour: acknowledgements to one address per hour (5) */
	int ack_global_per_hour; /* ack_global_per_hour: acknowledgements in all per hour (500) */
	int form_per_hour;       /* form_per_hour: web form submissions per client address per hour (20) */
	int form_max_bytes;      /* form_max_bytes: web form attachments in total (10 MiB) */

	/* [smtp]: outgoing mail through libcurl */
	char smtp_url[512];            /* url: smtp://host:port or smtps://..., "" = outbox not sent */
	char smtp_user[128];           /* user */
	char smtp_password_file[1024]; /* password_file */
	int smtp_timeout;              /* timeout: seconds (30) */
	int smtp_max_attempts;         /* max_attempts: before a message is marked failed (8) */
	int smtp_retry_base;           /* retry_base: seconds before the first retry, doubled up to 1 h (60) */

	/* [imap]: mailboxes polled by serve */
	char imap_url[512];            /* url: imap://host:port or imaps://..., "" = no polling */
	char imap_user[128];           /* user */
	char imap_password_file[1024]; /* password_file */
	char imap_mailboxes[512];      /* mailboxes: comma-separated (INBOX) */
	char imap_processed[128];      /* processed: folder to move ingested mail to, "" = mark \Seen */
	int imap_interval;             /* interval: seconds between polls (60) */

	/* [scheduler]: timers inside serve (SLA, escalations, reminders) */
	int scheduler_interval; /* interval: seconds between passes (30, at least 1) */
};

void config_defaults(struct config *c);
/* Reads an INI file over the current values. 0 ok; -1 with a message naming
 * the file, line and key in err. */
int config_load(struct config *c, const char *path, char *err, size_t errlen);

#endif
