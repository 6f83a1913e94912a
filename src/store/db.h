/*
 * The one door to SQL.
 *
 * A `struct db` owns one writer connection, driven by one writer thread, and
 * a pool of reader connections. Reads run on a reader inside a read
 * transaction (db_read_begin/db_read_end) and see the last committed state.
 * Writes are jobs: a function that runs on the writer thread inside a
 * savepoint of a shared transaction. The writer takes every queued job (up to
 * group_commit_max), runs them, and commits once (group commit); with
 * synchronous=FULL that commit is fsync'd before any of the waiting callers
 * returns. So a caller whose db_write() returned 0 holds a durable write,
 * and many concurrent writers share one fsync.
 *
 * SQL text is always a string literal with `?` placeholders and bound values
 * (never assembled from data). The SQL is kept to the subset SQLite and
 * PostgreSQL share; backend-specific pieces (FTS) are isolated in the
 * store_* functions that need them. Dynamic lists are built with db_query,
 * which accepts only string literals for SQL text.
 *
 * Statements from db_prepare() are cached per connection (keyed by the SQL
 * literal's address) and must be released with db_done() before the next
 * db_prepare() of the same SQL on that connection.
 */
#ifndef HIKESHI_DB_H
#define HIKESHI_DB_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct db_conn;
struct db_stmt;

enum db_err {
	DB_E_OK,
	DB_E_ERROR,        /* any other failure (logged with SQLite's message) */
	DB_E_CONSTRAINT,   /* UNIQUE, FOREIGN KEY, CHECK, NOT NULL */
	DB_E_BUSY,         /* locked by another process for too long */
	DB_E_IO,           /* disk I/O error */
	DB_E_FULL,         /* disk full */
	DB_E_OPEN,         /* cannot open or create the database */
	DB_E_SCHEMA_NEWER, /* the database was written by a newer hikeshi */
	DB_E_NOT_FOUND,    /* the database does not exist (must_exist) */
	DB_E_EXISTS,       /* the database exists already (must_not_exist) */
};
const char *db_strerror(enum db_err e);

struct db_options {
	const char *path;
	int readers;          /* reader connections (>= 1) */
	int synchronous;      /* 1: synchronous=FULL (durable); 0: OFF (benchmarks only) */
	int group_commit_max; /* max jobs per commit; 1 = one commit per write */
	int must_exist;       /* refuse to create a new database */
	int must_not_exist;   /* refuse to open an existing one (init) */
};

/* Opens (creating if allowed) the database, applies pending migrations, and
 * starts the writer thread. On failure returns the error and writes a
 * message for the user into err. */
enum db_err db_open(const struct db_options *o, struct db **out, char *err, size_t errlen);
/* Stops the writer after the queued jobs, closes every connection. */
void db_close(struct db *db);
/* The schema version this binary knows, and the one in the database. */
int db_schema_known(void);
int db_schema_version(struct db *db);
const char *db_path(struct db *db);

/* Takes a reader connection and begins a read transaction. Blocks while all
 * readers are in use. Returns NULL only if the transaction cannot begin. */
struct db_conn *db_read_begin(struct db *db);
/* A number that changes whenever anything (any connection, any process)
 * commits to the database; read it before a read transaction to know when a
 * result computed in it goes stale. 0, or -1 when it cannot be read. */
int db_data_version(struct db *db, int64_t *out);
/* A number no other database opened by this process has (data versions of
 * two databases are not comparable). */
uint64_t db_id(const struct db *db);
void db_read_end(struct db *db, struct db_conn *c);

/* A write job. Runs on the writer thread inside its own savepoint; returns 0
 * to keep its changes, anything else to roll them back (that value is
 * returned by db_write). A job must not call db_write or db_read_begin. */
typedef int (*db_job_fn)(struct db_conn *c, void *arg);

#define DB_WRITE_FAILED (-10000) /* the job succeeded but the commit failed */

/* Queues fn(arg) for the writer and waits until its transaction is committed
 * and synced (or rolled back). Returns fn's value, or DB_WRITE_FAILED. */
int db_write(struct db *db, db_job_fn fn, void *arg);

/* --- statements ---------------------------------------------------------- */

#define DB_ROW  1
#define DB_DONE 0

/* Prepared (cached) statement for a SQL literal; NULL on error (logged). */
struct db_stmt *db_prepare(struct db_conn *c, const char *sql);
/* Resets the statement and clears its bindings (always call after use). */
void db_done(struct db_stmt *st);
/* Steps: DB_ROW, DB_DONE, or -1 on error (see db_errcode). */
int db_step(struct db_stmt *st);

/* Binding is 1-based like SQLite; a NULL text binds SQL NULL. */
void db_bind_int(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *s);
void db_bind_null(struct db_stmt *st, int idx);
/* Binds n bytes as a BLOB (copied); p NULL binds SQL NULL. */
void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n);
/* Binds 0 as NULL (for optional foreign keys and times). */
void db_bind_int_or_null(struct db_stmt *st, int idx, int64_t v);
/* Binds a JSON scalar: string→text, integer→int, true/false→1/0, null→NULL. */
void db_bind_json(struct db_stmt *st, int idx, const json_t *v);

/* Column access is 0-based. Text is valid until the next step/done. */
int64_t db_col_int(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col); /* "" for NULL */
int db_col_is_null(struct db_stmt *st, int col);
/* A BLOB column: pointer valid until the next step/done, *len its size. */
const void *db_col_blob(struct db_stmt *st, int col, size_t *len);
int db_col_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int col);
/* The current row as a JSON object keyed by column name (NULL → null,
 * integers → integer, text → string). New reference. */
json_t *db_row_json(struct db_stmt *st);

/* Runs a statement without results: 0, or -1 on error. */
int db_exec_stmt(struct db_stmt *st);
int64_t db_last_insert_id(struct db_conn *c);
int db_changes(struct db_conn *c);
enum db_err db_errcode(struct db_conn *c);
const char *db_errmsg(struct db_conn *c);

/* --- dynamic queries (list filters) ------------------------------------- */

/* Built from string literals only (enforced by the DBQ_SQL macro) plus bound
 * values, so no data ever becomes SQL text. */
struct db_query;
struct db_query *db_query_new(void);
void db_query_free(struct db_query *q);
void db_query_sql_literal(struct db_query *q, const char *lit);
#define DBQ_SQL(q, lit) db_query_sql_literal((q), "" lit "")
void db_query_int(struct db_query *q, int64_t v);
void db_query_text(struct db_query *q, const char *s); /* copied */
/* Prepares the built query (not cached); free with db_stmt_free. */
struct db_stmt *db_query_prepare(struct db_conn *c, struct db_query *q);
void db_stmt_free(struct db_stmt *st);

/* --- whole-database operations ------------------------------------------ */

/* Online backup (SQLite backup API) to dest, then fsync. 0 / -1 with err. */
int db_backup(struct db *db, const char *dest, char *err, size_t errlen);
/* PRAGMA integrity_check on a reader: 0 when "ok". */
int db_integrity_check(struct db *db, char *err, size_t errlen);

#endif
