/*
 * List exports as CSV (UTF-8 with BOM) or XLSX (see api_export.c).
 */
#ifndef HIKESHI_HTTP_EXPORT_H
#define HIKESHI_HTTP_EXPORT_H

#include "app/incident.h"
#include "app/report.h"
#include "http/http.h"

enum export_format { EXPORT_JSON, EXPORT_CSV, EXPORT_XLSX };

/* "json", "csv", "xlsx"; 0 or -1. */
int export_format_parse(const char *s, enum export_format *out);

/* Answers every row of the incident list q (its filters and the caller's
 * scope; limit and cursor are driven here) as a file. */
void export_incidents(struct http_req *rq, struct http_resp *rs, struct app_incident_query *q, enum export_format fmt);
/* The same for the report list p. */
void export_reports(struct http_req *rq, struct http_resp *rs, struct app_report_list_params *p,
                    enum export_format fmt);

#endif
