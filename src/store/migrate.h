/*
 * Numbered schema migrations (src/store/migrations/NNNN_name.sql, compiled
 * into the binary). Applied in order at open, each in its own transaction
 * together with the new version number in meta.schema_version.
 */
#ifndef HIKESHI_MIGRATE_H
#define HIKESHI_MIGRATE_H

#include <stddef.h>

struct db_conn;

enum migrate_result { MIGRATE_OK, MIGRATE_NEWER, MIGRATE_ERROR };

/* The highest migration number this binary carries. */
int migrate_known(void);
/* Brings the database on c up to date; *version receives the resulting
 * version. MIGRATE_NEWER (with a message) when the database is newer. */
enum migrate_result migrate_apply(struct db_conn *c, int *version, char *err, size_t errlen);

/* Runs multi-statement SQL text (a migration file) on c; from db.c. */
int db_migrate_exec(struct db_conn *c, const char *sql);

#endif
