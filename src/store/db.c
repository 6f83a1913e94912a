/*
 * SQLite implementation of the db layer (see db.h for the model).
 *
 * Connections: one writer, used only by the writer thread, and a fixed pool
 * of readers handed out under a mutex. Every connection runs in WAL mode with
 * foreign keys on and a busy timeout (another process, such as a CLI command,
 * may hold the write lock for a moment).
 *
 * Group commit: db_write() puts a job on a queue and sleeps on its own
 * condition variable. The writer thread takes everything queued (up to
 * group_commit_max), runs BEGIN IMMEDIATE, each job inside a SAVEPOINT (so
 * one failing job rolls back alone), then one COMMIT. With
 * synchronous=FULL, SQLite fsyncs the WAL in that COMMIT, before any waiter
 * is woken: a woken caller with result 0 holds a durable write.
 */
#include "store/db.h"

#include "lib/log.h"
#include "store/migrate.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STMT_CACHE      160                /* distinct SQL literals per connection */
#define WAL_SIZE_LIMIT  (64 * 1024 * 1024) /* bytes the WAL file is cut back to after a reset */
#define BUSY_TIMEOUT_MS 10000              /* wait this long for another process's lock */

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct db_conn {
	sqlite3 *h;
	struct stmt_slot cache[STMT_CACHE];
	int busy; /* reader pool: taken */
};

struct job {
	db_job_fn fn;
	void *arg;
	int rc;
	int done;
	pthread_cond_t cv;
	struct job *next;
};

struct db {
	char *path;
	int schema_version;
	int group_commit_max;
	struct db_conn writer;
	struct db_conn *readers;
	int nreaders;
	pthread_mutex_t rmu; /* reader pool */
	pthread_cond_t rcv;

	pthread_mutex_t qmu; /* write queue */
	pthread_cond_t qcv;
	struct job *head, *tail;
	int stopping;
	pthread_t thread;
	int thread_started;
	uint64_t commits, jobs; /* statistics, logged at close */

	uint64_t id;          /* unique in this process (db_id) */
	pthread_mutex_t vmu;  /* the watch connection (db_data_version) */
	struct db_conn watch; /* opened on first use; never in a transaction */
};

const char *db_strerror(enum db_err e)
{
	switch (e) {
	case DB_E_OK: return "ok";
	case DB_E_ERROR: return "database error";
	case DB_E_CONSTRAINT: return "constraint violated";
	case DB_E_BUSY: return "database is locked by another process";
	case DB_E_IO: return "disk I/O error";
	case DB_E_FULL: return "disk full";
	case DB_E_OPEN: return "cannot open database";
	case DB_E_SCHEMA_NEWER: return "database schema is newer than this hikeshi";
	case DB_E_NOT_FOUND: return "database does not exist";
	case DB_E_EXISTS: return "database exists already";
	}
	return "unknown";
}

static enum db_err map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE: return DB_E_OK;
	case SQLITE_CONSTRAINT: return DB_E_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return DB_E_BUSY;
	case SQLITE_IOERR: return DB_E_IO;
	case SQLITE_FULL: return DB_E_FULL;
	case SQLITE_CANTOPEN: return DB_E_OPEN;
	default: return DB_E_ERROR;
	}
}

/* Runs SQL text without results on a connection; logs and returns -1 on error. */
static int exec_sql(struct db_conn *c, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(c->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("sql: %s: %s", sql, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_migrate_exec(struct db_conn *c, const char *sql)
{
	return exec_sql(c, sql);
}

static int conn_open(struct db_conn *c, const char *path, int flags, int synchronous, int reader)
{
	memset(c, 0, sizeof(*c));
	if (sqlite3_open_v2(path, &c->h, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		if (c->h) {
			log_error("open %s: %s", path, sqlite3_errmsg(c->h));
			sqlite3_close(c->h);
			c->h = NULL;
		}
		return -1;
	}
	sqlite3_busy_timeout(c->h, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(c->h, 1);
	if (exec_sql(c, "PRAGMA journal_mode=WAL") < 0 || exec_sql(c, "PRAGMA foreign_keys=ON") < 0)
		return -1;
	if (exec_sql(c, synchronous ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF") < 0)
		return -1;
	/* Readers keep a small page cache each; the OS page cache does the rest. */
	if (reader && exec_sql(c, "PRAGMA cache_size=-1024") < 0)
		return -1;
	if (!reader && exec_sql(c, "PRAGMA cache_size=-8192") < 0)
		return -1;
	/* The writer checkpoints (SQLite's auto-checkpoint, every 1000 pages)
	 * right after its commits, which keeps the WAL short even under a
	 * continuous stream of writes; after a reset the file is cut back. A
	 * separate PASSIVE checkpoint thread was measured: no throughput gain,
	 * and it let the WAL grow without bound during bulk loads. */
	if (!reader) {
		char pragma[64];
		snprintf(pragma, sizeof(pragma), "PRAGMA journal_size_limit=%d", WAL_SIZE_LIMIT);
		if (exec_sql(c, pragma) < 0)
			return -1;
	}
	return 0;
}

static void conn_close(struct db_conn *c)
{
	if (!c->h)
		return;
	for (int i = 0; i < STMT_CACHE; i++)
		if (c->cache[i].st)
			sqlite3_finalize(c->cache[i].st);
	sqlite3_close(c->h);
	c->h = NULL;
}

/* Writer thread: take a batch, run it in one transaction, wake the callers. */
static void run_batch(struct db *db, struct job *batch)
{
	struct db_conn *w = &db->writer;
	int began = exec_sql(w, "BEGIN IMMEDIATE") == 0;
	for (struct job *j = batch; j; j = j->next) {
		if (!began) {
			j->rc = DB_WRITE_FAILED;
			continue;
		}
		if (exec_sql(w, "SAVEPOINT job") < 0) {
			j->rc = DB_WRITE_FAILED;
			continue;
		}
		j->rc = j->fn(w, j->arg);
		if (j->rc != 0 && exec_sql(w, "ROLLBACK TO job") < 0) {
			/* The transaction is unusable: fail the whole batch. */
			began = 0;
		}
		if (began && exec_sql(w, "RELEASE job") < 0)
			began = 0;
	}
	int committed = began && exec_sql(w, "COMMIT") == 0;
	if (!committed) {
		if (!sqlite3_get_autocommit(w->h))
			exec_sql(w, "ROLLBACK");
		for (struct job *j = batch; j; j = j->next)
			if (j->rc == 0)
				j->rc = DB_WRITE_FAILED;
	}
}

static void *writer_main(void *arg)
{
	struct db *db = arg;
	pthread_mutex_lock(&db->qmu);
	for (;;) {
		while (!db->head && !db->stopping)
			pthread_cond_wait(&db->qcv, &db->qmu);
		if (!db->head && db->stopping)
			break;
		/* Detach up to group_commit_max jobs. */
		struct job *batch = db->head, *last = batch;
		int n = 1;
		while (last->next && n < db->group_commit_max) {
			last = last->next;
			n++;
		}
		db->head = last->next;
		if (!db->head)
			db->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&db->qmu);

		run_batch(db, batch);
		db->commits++;
		db->jobs += (uint64_t)n;

		pthread_mutex_lock(&db->qmu);
		for (struct job *j = batch, *nx; j; j = nx) {
			nx = j->next; /* the waiter may free j once done is set */
			j->done = 1;
			pthread_cond_signal(&j->cv);
		}
	}
	pthread_mutex_unlock(&db->qmu);
	return NULL;
}

int db_write(struct db *db, db_job_fn fn, void *arg)
{
	struct job j = {.fn = fn, .arg = arg};
	pthread_cond_init(&j.cv, NULL);
	pthread_mutex_lock(&db->qmu);
	if (db->stopping) {
		pthread_mutex_unlock(&db->qmu);
		pthread_cond_destroy(&j.cv);
		return DB_WRITE_FAILED;
	}
	if (db->tail)
		db->tail->next = &j;
	else
		db->head = &j;
	db->tail = &j;
	pthread_cond_signal(&db->qcv);
	while (!j.done)
		pthread_cond_wait(&j.cv, &db->qmu);
	pthread_mutex_unlock(&db->qmu);
	pthread_cond_destroy(&j.cv);
	return j.rc;
}

static int file_exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* Makes sure a newly created database file and its directory entry are on disk. */
static void fsync_dir_of(const char *path)
{
	char dir[1024];
	const char *slash = strrchr(path, '/');
	if (!slash) {
		dir[0] = '.';
		dir[1] = '\0';
	} else {
		size_t n = (size_t)(slash - path);
		if (n == 0)
			n = 1;
		if (n >= sizeof(dir))
			return;
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

enum db_err db_open(const struct db_options *o, struct db **out, char *err, size_t errlen)
{
	*out = NULL;
	int exists = file_exists(o->path);
	if (o->must_exist && !exists) {
		snprintf(err, errlen, "%s: no such database (create it with 'hikeshi init --db %s')", o->path, o->path);
		return DB_E_NOT_FOUND;
	}
	if (o->must_not_exist && exists) {
		snprintf(err, errlen, "%s: a database exists already; refusing to overwrite it", o->path);
		return DB_E_EXISTS;
	}
	struct db *db = calloc(1, sizeof(*db));
	if (!db) {
		snprintf(err, errlen, "out of memory");
		return DB_E_ERROR;
	}
	db->path = strdup(o->path);
	db->group_commit_max = o->group_commit_max > 0 ? o->group_commit_max : 256;
	db->nreaders = o->readers > 0 ? o->readers : 4;
	pthread_mutex_init(&db->rmu, NULL);
	pthread_cond_init(&db->rcv, NULL);
	pthread_mutex_init(&db->qmu, NULL);
	pthread_cond_init(&db->qcv, NULL);
	pthread_mutex_init(&db->vmu, NULL);
	static _Atomic uint64_t next_id;
	db->id = ++next_id;
	enum db_err rc = DB_E_OPEN;

	if (!db->path ||
	    conn_open(&db->writer, o->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, o->synchronous, 0) < 0) {
		snprintf(err, errlen, "%s: cannot open database: %s", o->path,
		         db->writer.h ? sqlite3_errmsg(db->writer.h) : strerror(errno));
		goto fail;
	}
	if (!exists)
		fsync_dir_of(o->path);

	int version = 0;
	enum migrate_result mr = migrate_apply(&db->writer, &version, err, errlen);
	if (mr == MIGRATE_NEWER) {
		rc = DB_E_SCHEMA_NEWER;
		goto fail;
	}
	if (mr != MIGRATE_OK) {
		rc = DB_E_ERROR;
		goto fail;
	}
	db->schema_version = version;

	db->readers = calloc((size_t)db->nreaders, sizeof(*db->readers));
	if (!db->readers)
		goto fail;
	for (int i = 0; i < db->nreaders; i++) {
		if (conn_open(&db->readers[i], o->path, SQLITE_OPEN_READONLY, o->synchronous, 1) < 0) {
			snprintf(err, errlen, "%s: cannot open a read connection", o->path);
			goto fail;
		}
	}
	if (pthread_create(&db->thread, NULL, writer_main, db) != 0) {
		snprintf(err, errlen, "cannot start the writer thread");
		rc = DB_E_ERROR;
		goto fail;
	}
	db->thread_started = 1;
	*out = db;
	return DB_E_OK;
fail:
	db_close(db);
	return rc;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->thread_started) {
		pthread_mutex_lock(&db->qmu);
		db->stopping = 1;
		pthread_cond_signal(&db->qcv);
		pthread_mutex_unlock(&db->qmu);
		pthread_join(db->thread, NULL);
		if (db->commits)
			log_msg(db->commits >= 100 ? LOG_INFO : LOG_DEBUG,
			        "store: %llu writes in %llu commits (%.1f per commit)", (unsigned long long)db->jobs,
			        (unsigned long long)db->commits, (double)db->jobs / (double)db->commits);
	}
	if (db->readers)
		for (int i = 0; i < db->nreaders; i++)
			conn_close(&db->readers[i]);
	free(db->readers);
	conn_close(&db->watch);
	pthread_mutex_destroy(&db->vmu);
	/* The last connection to close checkpoints and removes the WAL. */
	conn_close(&db->writer);
	pthread_mutex_destroy(&db->rmu);
	pthread_cond_destroy(&db->rcv);
	pthread_mutex_destroy(&db->qmu);
	pthread_cond_destroy(&db->qcv);
	free(db->path);
	free(db);
}

int db_schema_known(void)
{
	return migrate_known();
}

int db_schema_version(struct db *db)
{
	return db->schema_version;
}

const char *db_path(struct db *db)
{
	return db->path;
}

struct db_conn *db_read_begin(struct db *db)
{
	pthread_mutex_lock(&db->rmu);
	struct db_conn *c = NULL;
	for (;;) {
		for (int i = 0; i < db->nreaders; i++) {
			if (!db->readers[i].busy) {
				c = &db->readers[i];
				c->busy = 1;
				break;
			}
		}
		if (c)
			break;
		pthread_cond_wait(&db->rcv, &db->rmu);
	}
	pthread_mutex_unlock(&db->rmu);
	if (exec_sql(c, "BEGIN") < 0) {
		db_read_end(db, c);
		return NULL;
	}
	return c;
}

/*
 * PRAGMA data_version on a connection of its own that never writes: the
 * number changes whenever any other connection — this process's writer or
 * another process (mailgate, a cron run of the scheduler) — has committed
 * since the last call, so it tells a cache exactly when what it holds may
 * be out of date.
 */
int db_data_version(struct db *db, int64_t *out)
{
	int rc = -1;
	pthread_mutex_lock(&db->vmu);
	if (!db->watch.h && conn_open(&db->watch, db->path, SQLITE_OPEN_READONLY, 0, 1) < 0)
		conn_close(&db->watch);
	sqlite3_stmt *st = NULL;
	if (db->watch.h && sqlite3_prepare_v2(db->watch.h, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	}
	sqlite3_finalize(st);
	pthread_mutex_unlock(&db->vmu);
	return rc;
}

uint64_t db_id(const struct db *db)
{
	return db->id;
}

void db_read_end(struct db *db, struct db_conn *c)
{
	if (!c)
		return;
	if (!sqlite3_get_autocommit(c->h))
		exec_sql(c, "COMMIT");
	pthread_mutex_lock(&db->rmu);
	c->busy = 0;
	pthread_cond_signal(&db->rcv);
	pthread_mutex_unlock(&db->rmu);
}

/* --- statements ---------------------------------------------------------- */

#define ST(st) ((sqlite3_stmt *)(void *)(st))

struct db_stmt *db_prepare(struct db_conn *c, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE;
	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct stmt_slot *s = &c->cache[(h + i) % STMT_CACHE];
		if (s->sql == sql)
			return (struct db_stmt *)(void *)s->st;
		if (!s->sql) {
			sqlite3_stmt *st = NULL;
			if (sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
				log_error("prepare: %s: %s", sqlite3_errmsg(c->h), sql);
				return NULL;
			}
			s->sql = sql;
			s->st = st;
			return (struct db_stmt *)(void *)st;
		}
	}
	log_error("statement cache full (raise STMT_CACHE)");
	return NULL;
}

void db_done(struct db_stmt *st)
{
	if (!st)
		return;
	sqlite3_reset(ST(st));
	sqlite3_clear_bindings(ST(st));
}

int db_step(struct db_stmt *st)
{
	int rc = sqlite3_step(ST(st));
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	sqlite3 *h = sqlite3_db_handle(ST(st));
	if ((rc & 0xff) != SQLITE_CONSTRAINT)
		log_error("step: %s: %s", sqlite3_errmsg(h), sqlite3_sql(ST(st)));
	return -1;
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(ST(st), idx, v);
}

void db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (s)
		sqlite3_bind_text(ST(st), idx, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(ST(st), idx);
}

void db_bind_null(struct db_stmt *st, int idx)
{
	sqlite3_bind_null(ST(st), idx);
}

void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	if (p)
		sqlite3_bind_blob64(ST(st), idx, n ? p : "", (sqlite3_uint64)n, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(ST(st), idx);
}

void db_bind_int_or_null(struct db_stmt *st, int idx, int64_t v)
{
	if (v)
		sqlite3_bind_int64(ST(st), idx, v);
	else
		sqlite3_bind_null(ST(st), idx);
}

void db_bind_json(struct db_stmt *st, int idx, const json_t *v)
{
	if (!v || json_is_null(v))
		sqlite3_bind_null(ST(st), idx);
	else if (json_is_string(v))
		sqlite3_bind_text(ST(st), idx, json_string_value(v), (int)json_string_length(v), SQLITE_TRANSIENT);
	else if (json_is_integer(v))
		sqlite3_bind_int64(ST(st), idx, json_integer_value(v));
	else if (json_is_boolean(v))
		sqlite3_bind_int64(ST(st), idx, json_is_true(v) ? 1 : 0);
	else if (json_is_real(v))
		sqlite3_bind_double(ST(st), idx, json_real_value(v));
	else
		sqlite3_bind_null(ST(st), idx);
}

int64_t db_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(ST(st), col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(ST(st), col);
	return t ? (const char *)t : "";
}

int db_col_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(ST(st), col) == SQLITE_NULL;
}

const void *db_col_blob(struct db_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(ST(st), col);
	*len = (size_t)sqlite3_column_bytes(ST(st), col);
	return p;
}

int db_col_count(struct db_stmt *st)
{
	return sqlite3_column_count(ST(st));
}

const char *db_col_name(struct db_stmt *st, int col)
{
	return sqlite3_column_name(ST(st), col);
}

json_t *db_row_json(struct db_stmt *st)
{
	json_t *o = json_object();
	int n = sqlite3_column_count(ST(st));
	for (int i = 0; i < n; i++) {
		json_t *v;
		switch (sqlite3_column_type(ST(st), i)) {
		case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(ST(st), i)); break;
		case SQLITE_FLOAT: v = json_real(sqlite3_column_double(ST(st), i)); break;
		case SQLITE_NULL: v = json_null(); break;
		default:
			v = json_stringn((const char *)sqlite3_column_text(ST(st), i),
			                 (size_t)sqlite3_column_bytes(ST(st), i));
			if (!v) /* not valid UTF-8 (cannot come from the API, which validates) */
				v = json_null();
			break;
		}
		json_object_set_new(o, sqlite3_column_name(ST(st), i), v);
	}
	return o;
}

int db_exec_stmt(struct db_stmt *st)
{
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int64_t db_last_insert_id(struct db_conn *c)
{
	return sqlite3_last_insert_rowid(c->h);
}

int db_changes(struct db_conn *c)
{
	return sqlite3_changes(c->h);
}

enum db_err db_errcode(struct db_conn *c)
{
	return map_rc(sqlite3_extended_errcode(c->h));
}

const char *db_errmsg(struct db_conn *c)
{
	return sqlite3_errmsg(c->h);
}

/* --- dynamic queries ----------------------------------------------------- */

#define QUERY_MAX_BINDS 64

struct qbind {
	int is_text;
	int64_t i;
	char *s;
};

struct db_query {
	char *sql;
	size_t len, cap;
	struct qbind binds[QUERY_MAX_BINDS];
	int nbinds;
	int overflow;
};

struct db_query *db_query_new(void)
{
	return calloc(1, sizeof(struct db_query));
}

void db_query_free(struct db_query *q)
{
	if (!q)
		return;
	for (int i = 0; i < q->nbinds; i++)
		free(q->binds[i].s);
	free(q->sql);
	free(q);
}

void db_query_sql_literal(struct db_query *q, const char *lit)
{
	size_t n = strlen(lit);
	if (q->len + n + 1 > q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 512;
		while (cap < q->len + n + 1)
			cap *= 2;
		char *p = realloc(q->sql, cap);
		if (!p) {
			q->overflow = 1;
			return;
		}
		q->sql = p;
		q->cap = cap;
	}
	memcpy(q->sql + q->len, lit, n + 1);
	q->len += n;
}

void db_query_int(struct db_query *q, int64_t v)
{
	if (q->nbinds >= QUERY_MAX_BINDS) {
		q->overflow = 1;
		return;
	}
	q->binds[q->nbinds].is_text = 0;
	q->binds[q->nbinds].i = v;
	q->nbinds++;
}

void db_query_text(struct db_query *q, const char *s)
{
	if (q->nbinds >= QUERY_MAX_BINDS) {
		q->overflow = 1;
		return;
	}
	q->binds[q->nbinds].is_text = 1;
	q->binds[q->nbinds].s = strdup(s ? s : "");
	if (!q->binds[q->nbinds].s)
		q->overflow = 1;
	q->nbinds++;
}

struct db_stmt *db_query_prepare(struct db_conn *c, struct db_query *q)
{
	if (q->overflow || !q->sql) {
		log_error("query builder overflow");
		return NULL;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->h, q->sql, -1, &st, NULL) != SQLITE_OK) {
		log_error("prepare: %s: %s", sqlite3_errmsg(c->h), q->sql);
		return NULL;
	}
	for (int i = 0; i < q->nbinds; i++) {
		if (q->binds[i].is_text)
			sqlite3_bind_text(st, i + 1, q->binds[i].s, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(st, i + 1, q->binds[i].i);
	}
	return (struct db_stmt *)(void *)st;
}

void db_stmt_free(struct db_stmt *st)
{
	if (st)
		sqlite3_finalize(ST(st));
}

/* --- whole-database operations ------------------------------------------ */

int db_backup(struct db *db, const char *dest, char *err, size_t errlen)
{
	sqlite3 *src = NULL, *dst = NULL;
	int rc = -1;
	if (file_exists(dest)) {
		snprintf(err, errlen, "%s exists already; refusing to overwrite it", dest);
		return -1;
	}
	if (sqlite3_open_v2(db->path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", dest, dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(src, BUSY_TIMEOUT_MS);
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		snprintf(err, errlen, "backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	int step;
	/* Copy in steps so writers are not blocked for the whole copy. */
	while ((step = sqlite3_backup_step(b, 1024)) == SQLITE_OK || step == SQLITE_BUSY || step == SQLITE_LOCKED)
		if (step != SQLITE_OK)
			sqlite3_sleep(20);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		snprintf(err, errlen, "backup: %s", sqlite3_errstr(step));
		goto out;
	}
	/* The copy is a rollback-journal database, synced by its own commit. */
	rc = 0;
out:
	if (dst)
		sqlite3_close(dst);
	if (src)
		sqlite3_close(src);
	if (rc == 0) {
		int fd = open(dest, O_RDONLY);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
		fsync_dir_of(dest);
	} else if (file_exists(dest)) {
		unlink(dest);
	}
	return rc;
}

int db_integrity_check(struct db *db, char *err, size_t errlen)
{
	struct db_conn *c = db_read_begin(db);
	if (!c) {
		snprintf(err, errlen, "cannot read the database");
		return -1;
	}
	static const char sql[] = "PRAGMA integrity_check";
	struct db_stmt *st = db_prepare(c, sql);
	int rc = -1;
	if (st && db_step(st) == DB_ROW) {
		const char *r = db_col_text(st, 0);
		if (strcmp(r, "ok") == 0)
			rc = 0;
		else
			snprintf(err, errlen, "%s", r);
	}
	db_done(st);
	db_read_end(db, c);
	return rc;
}
