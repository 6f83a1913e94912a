/*
 * csv.h - RFC 4180 CSV as spreadsheets write it: a pure parser (bytes in,
 * rows of cells out, no I/O) and a cell writer for exports.
 *
 * The parser accepts CRLF, LF or CR line ends, quoted cells with "" for a
 * quote and line breaks inside quotes; it refuses NUL bytes, text after a
 * closing quote and an unterminated quote, naming the record. Blank lines
 * are skipped (Excel leaves them at the end). Limits bound memory: rows,
 * cells per row.
 *
 * The writer quotes a cell when it holds a comma, quote, CR or LF or starts
 * or ends with a space, and guards against formula injection (CWE-1236): a
 * cell starting with = + - @ TAB or CR (or with quotes before one) gets a
 * leading single quote, which spreadsheets show as text. csv_unguard() undoes exactly that on import,
 * so an export imports back unchanged.
 */
#ifndef HIKESHI_CORE_CSV_H
#define HIKESHI_CORE_CSV_H

#include "lib/buf.h"

#include <stddef.h>

#define CSV_MAX_ROWS  100000 /* records per file */
#define CSV_MAX_CELLS 256    /* cells per record */

enum csv_err {
	CSV_OK,
	CSV_E_QUOTE,    /* a quote was not closed before the end of the file */
	CSV_E_AFTER,    /* text after a closing quote in the same cell */
	CSV_E_NUL,      /* a NUL byte */
	CSV_E_TOO_MANY, /* more than CSV_MAX_ROWS records or CSV_MAX_CELLS cells */
	CSV_E_NOMEM,
};
const char *csv_strerror(enum csv_err e);

struct csv_row {
	char **cells; /* NUL-terminated copies */
	size_t ncells;
	size_t record; /* 1-based record number (the spreadsheet's row number) */
};

struct csv_table {
	struct csv_row *rows;
	size_t nrows;
};

/* Parses s[0..n). On error returns it with *err_record set to the record
 * where it happened; t is then empty. Free t with csv_free in every case. */
enum csv_err csv_parse(const char *s, size_t n, struct csv_table *t, size_t *err_record);
void csv_free(struct csv_table *t);

/* Appends one cell (quoted and guarded as above); 0, or -1 when b is full. */
int csv_put_cell(struct buf *b, const char *s);

/* Removes in place the guard quote csv_put_cell adds: a leading ' followed
 * (after any further quotes) by = + - @ TAB or CR. */
void csv_unguard(char *s);

#endif
