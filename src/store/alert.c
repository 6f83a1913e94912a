/*
 * Alert webhook SQL (see alert.h).
 */
#include "store/alert.h"

#include "store/db.h"

#include <stdio.h>

int store_alert_report_brief(struct db_conn *c, int64_t id, char *key, size_t keylen, int64_t *seen_count)
{
	static const char sql[] = "SELECT key, seen_count FROM report WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(key, keylen, "%s", db_col_text(st, 0));
		*seen_count = db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}
