/*
 * List exports (issue 7, item 6): GET /api/v1/incidents?format=csv|xlsx and
 * GET /api/v1/reports?format=csv|xlsx answer the same rows as the JSON list
 * with the same filters and the same scope, as a file Excel opens in
 * Japanese.
 *
 * CSV: UTF-8 with a BOM (Excel reads UTF-8 only then), CRLF, RFC 4180
 * quoting and the formula-injection guard of core/csv.c. XLSX: written by
 * libxlsxwriter in constant-memory mode (rows stream to a temporary file)
 * as text cells, which a spreadsheet never evaluates; numbers stay numbers.
 *
 * Memory is bounded: the list is read a page at a time (keyset cursor, one
 * read transaction per page), at most EXPORT_ROWS_MAX rows, and the CSV
 * buffer is capped; past either the answer is 413 asking to narrow the
 * filters. Times are shown in Asia/Tokyo.
 */
#include "http/export.h"

#include "core/csv.h"
#include "lib/cursor.h"
#include "lib/timeutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define EXPORT_ROWS_MAX 100000             /* rows per file: Excel handles it, memory stays bounded */
#define EXPORT_CSV_MAX  (64 * 1024 * 1024) /* bytes of CSV */
#define EXPORT_PAGE     200                /* rows per read transaction */

enum col_type { C_TEXT, C_TIME, C_BOOL, C_INT };

struct column {
	const char *header; /* Japanese, as the spreadsheet shows it */
	const char *field;  /* member of the list item */
	enum col_type type;
};

static const struct column incident_cols[] = {
        {"キー", "key", C_TEXT},
        {"件名", "title", C_TEXT},
        {"状態", "status", C_TEXT},
        {"解決区分", "resolution", C_TEXT},
        {"優先度", "priority", C_TEXT},
        {"カテゴリ", "category", C_TEXT},
        {"影響度", "impact", C_TEXT},
        {"緊急度", "urgency", C_TEXT},
        {"TLP", "tlp", C_TEXT},
        {"対象組織ID", "constituency_id", C_INT},
        {"担当者ID", "assignee_id", C_INT},
        {"演習", "is_exercise", C_BOOL},
        {"個人情報", "personal_data", C_BOOL},
        {"推定被害額(円)", "estimated_damage_jpy", C_INT},
        {"発生日時(JST)", "occurred_at", C_TIME},
        {"検知日時(JST)", "detected_at", C_TIME},
        {"報告日時(JST)", "reported_at", C_TIME},
        {"受付日時(JST)", "acknowledged_at", C_TIME},
        {"封じ込め日時(JST)", "contained_at", C_TIME},
        {"解決日時(JST)", "resolved_at", C_TIME},
        {"完了日時(JST)", "closed_at", C_TIME},
        {"作成日時(JST)", "created_at", C_TIME},
        {"更新日時(JST)", "updated_at", C_TIME},
        {NULL, NULL, C_TEXT},
};

static const struct column report_cols[] = {
        {"キー", "key", C_TEXT},
        {"件名", "subject", C_TEXT},
        {"チャネル", "channel", C_TEXT},
        {"状態", "state", C_TEXT},
        {"報告者", "reporter_name", C_TEXT},
        {"報告者アドレス", "reporter_address", C_TEXT},
        {"受信日時(JST)", "received_at", C_TIME},
        {"TLP", "tlp", C_TEXT},
        {"対象組織ID", "constituency_id", C_INT},
        {"インシデントID", "incident_id", C_INT},
        {"却下理由", "rejection_reason", C_TEXT},
        {NULL, NULL, C_TEXT},
};

/* --- the sink: CSV or XLSX ------------------------------------------------ */

struct sink {
	enum export_format fmt;
	const struct column *cols;
	size_t rows;
	int full; /* a limit was reached */
	struct buf csv;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	char path[64];
};

int export_format_parse(const char *s, enum export_format *out)
{
	if (strcmp(s, "json") == 0)
		*out = EXPORT_JSON;
	else if (strcmp(s, "csv") == 0)
		*out = EXPORT_CSV;
	else if (strcmp(s, "xlsx") == 0)
		*out = EXPORT_XLSX;
	else
		return -1;
	return 0;
}

static int sink_open(struct sink *k, enum export_format fmt, const struct column *cols, const char *sheet)
{
	memset(k, 0, sizeof(*k));
	k->fmt = fmt;
	k->cols = cols;
	if (fmt == EXPORT_CSV) {
		buf_init(&k->csv, EXPORT_CSV_MAX);
		int rc = buf_puts(&k->csv, "\xEF\xBB\xBF");
		for (size_t c = 0; cols[c].header; c++)
			rc |= buf_puts(&k->csv, c ? "," : "") | csv_put_cell(&k->csv, cols[c].header);
		return rc | buf_puts(&k->csv, "\r\n");
	}
	const char *dir = getenv("TMPDIR");
	snprintf(k->path, sizeof(k->path), "%.40s/hikeshi-xlsx-XXXXXX", dir && *dir && strlen(dir) < 40 ? dir : "/tmp");
	int fd = mkstemp(k->path);
	if (fd < 0)
		return -1;
	close(fd);
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	k->wb = workbook_new_opt(k->path, &opt);
	if (!k->wb)
		return -1;
	k->ws = workbook_add_worksheet(k->wb, sheet);
	if (!k->ws)
		return -1;
	lxw_format *bold = workbook_add_format(k->wb);
	format_set_bold(bold);
	for (size_t c = 0; cols[c].header; c++)
		if (worksheet_write_string(k->ws, 0, (lxw_col_t)c, cols[c].header, bold) != LXW_NO_ERROR)
			return -1;
	worksheet_freeze_panes(k->ws, 1, 0);
	return 0;
}

/* A list item's member as cell text into out; "" for null/absent. */
static void cell_text(const json_t *item, const struct column *col, char *out, size_t n, const char **text)
{
	const json_t *v = json_object_get(item, col->field);
	*text = out;
	out[0] = '\0';
	if (!v || json_is_null(v))
		return;
	switch (col->type) {
	case C_BOOL: snprintf(out, n, "%s", json_is_true(v) ? "はい" : "いいえ"); return;
	case C_INT:
		if (json_is_integer(v))
			snprintf(out, n, "%lld", (long long)json_integer_value(v));
		return;
	case C_TIME: {
		int64_t t;
		char iso[32];
		if (!json_is_string(v) || time_parse(json_string_value(v), &t) != 0)
			return;
		time_format(t + 9 * 3600, iso); /* shown in JST: "YYYY-MM-DD HH:MM:SS" */
		snprintf(out, n, "%.10s %.8s", iso, iso + 11);
		return;
	}
	case C_TEXT:
		if (json_is_string(v))
			*text = json_string_value(v);
		return;
	}
}

static int sink_row(struct sink *k, const json_t *item)
{
	if (k->rows >= EXPORT_ROWS_MAX) {
		k->full = 1;
		return -1;
	}
	k->rows++;
	int rc = 0;
	for (size_t c = 0; k->cols[c].header; c++) {
		char tmp[64];
		const char *s;
		cell_text(item, &k->cols[c], tmp, sizeof(tmp), &s);
		if (k->fmt == EXPORT_CSV) {
			rc |= buf_puts(&k->csv, c ? "," : "") | csv_put_cell(&k->csv, s);
		} else if (s[0] == '\0') {
			continue;
		} else if (k->cols[c].type == C_INT) {
			rc |= worksheet_write_number(k->ws, (lxw_row_t)k->rows, (lxw_col_t)c, strtod(s, NULL), NULL) !=
			      LXW_NO_ERROR;
		} else {
			rc |= worksheet_write_string(k->ws, (lxw_row_t)k->rows, (lxw_col_t)c, s, NULL) != LXW_NO_ERROR;
		}
	}
	if (k->fmt == EXPORT_CSV)
		rc |= buf_puts(&k->csv, "\r\n");
	if (rc && k->fmt == EXPORT_CSV)
		k->full = 1; /* the buffer's cap */
	return rc ? -1 : 0;
}

static void sink_discard(struct sink *k)
{
	buf_free(&k->csv);
	if (k->wb) {
		workbook_close(k->wb);
		k->wb = NULL;
	}
	if (k->path[0])
		unlink(k->path);
	k->path[0] = '\0';
}

/* Reads the finished workbook into memory; NULL on failure. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long n;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)n + 1)) && fread(data, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
	} else {
		free(data);
		data = NULL;
	}
	fclose(f);
	return data;
}

static void sink_finish(struct sink *k, struct http_resp *rs, const char *name)
{
	char disp[128];
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s.%s\"", name, k->fmt == EXPORT_CSV ? "csv" : "xlsx");
	if (k->fmt == EXPORT_CSV) {
		rs->raw_len = k->csv.len;
		rs->raw_owned = buf_steal(&k->csv);
		rs->raw_type = "text/csv; charset=utf-8";
	} else {
		lxw_error e = workbook_close(k->wb);
		k->wb = NULL;
		if (e != LXW_NO_ERROR || !(rs->raw_owned = slurp(k->path, &rs->raw_len))) {
			sink_discard(k);
			http_problem(rs, 500, "internal", "the workbook could not be written", NULL);
			return;
		}
		rs->raw_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	}
	sink_discard(k);
	rs->status = 200;
	rs->raw = rs->raw_owned;
	rs->disposition = strdup(disp);
}

static void too_big(struct sink *k, struct http_resp *rs)
{
	sink_discard(k);
	http_problem(rs, 413, "export-too-large",
	             "the export has more rows than one file may hold (100000) or is too large; narrow the filters",
	             NULL);
}

/* --- the two lists ---------------------------------------------------------- */

/* Adds one page of items; 0, or -1 when the sink is full or failed. */
static int add_items(struct sink *k, const json_t *page)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(page, "items"), i, item) if (sink_row(k, item) < 0) return -1;
	return 0;
}

void export_incidents(struct http_req *rq, struct http_resp *rs, struct app_incident_query *q, enum export_format fmt)
{
	struct sink k;
	char cursor[CURSOR_MAX] = "";
	if (sink_open(&k, fmt, incident_cols, "インシデント") < 0) {
		sink_discard(&k);
		http_problem(rs, 500, "internal", "the export could not be started", NULL);
		return;
	}
	q->limit = EXPORT_PAGE;
	while (1) {
		struct app_result r;
		app_result_init(&r);
		q->cursor = cursor[0] ? cursor : q->cursor;
		if (app_incident_list(&rq->app, q, &r) != 0) {
			sink_discard(&k);
			http_reply_list(rs, &r);
			return;
		}
		int rc = add_items(&k, r.object);
		const char *next = json_string_value(json_object_get(r.object, "next_cursor"));
		if (rc == 0 && next)
			snprintf(cursor, sizeof(cursor), "%s", next);
		app_result_free(&r);
		if (rc < 0) {
			if (k.full)
				too_big(&k, rs);
			else {
				sink_discard(&k);
				http_problem(rs, 500, "internal", "the export could not be written", NULL);
			}
			return;
		}
		if (!next)
			break;
	}
	sink_finish(&k, rs, "incidents");
}

void export_reports(struct http_req *rq, struct http_resp *rs, struct app_report_list_params *p, enum export_format fmt)
{
	struct sink k;
	if (sink_open(&k, fmt, report_cols, "報告") < 0) {
		sink_discard(&k);
		http_problem(rs, 500, "internal", "the export could not be started", NULL);
		return;
	}
	p->limit = EXPORT_PAGE;
	while (1) {
		struct app_result r;
		app_result_init(&r);
		if (app_report_list(&rq->app, p, &r) != APP_OK) {
			sink_discard(&k);
			http_reply_list(rs, &r);
			return;
		}
		int rc = add_items(&k, r.object);
		const char *next = json_string_value(json_object_get(r.object, "next_cursor"));
		char val[32];
		if (rc == 0 && next) {
			/* The cursor carries (sort value, id) as the list's own parser reads it. */
			char *end;
			if (cursor_decode(next, val, sizeof(val), &p->after_id) < 0)
				rc = -1;
			errno = 0;
			p->after_value = strtoll(val, &end, 10);
			if (errno || end == val || *end)
				rc = -1;
			p->has_after = 1;
		}
		app_result_free(&r);
		if (rc < 0) {
			if (k.full)
				too_big(&k, rs);
			else {
				sink_discard(&k);
				http_problem(rs, 500, "internal", "the export could not be written", NULL);
			}
			return;
		}
		if (!next)
			break;
	}
	sink_finish(&k, rs, "reports");
}
