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
	int threads;              /* [server] threads: HTTP thread pool size */
	enum log_level log_level; /* [server] log_level */
	int readers;              /* [store] readers: read connections */
	int synchronous;          /* [store] synchronous: 1 full (default), 0 off (benchmarks only) */
	int group_commit_max;     /* [store] group_commit_max: jobs per commit; 1 disables batching */
	int session_hours;        /* [auth] session_hours */
	int secure_cookies;       /* [auth] secure_cookies: add Secure (behind TLS) */
	int utc_offset_minutes;   /* [server] utc_offset_minutes: for key years; 540 = Asia/Tokyo */
};

void config_defaults(struct config *c);
/* Reads an INI file over the current values. 0 ok; -1 with a message naming
 * the file, line and key in err. */
int config_load(struct config *c, const char *path, char *err, size_t errlen);

#endif
