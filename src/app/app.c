/*
 * app_result helpers shared by every use case.
 */
#include "app/app.h"

#include "store/db.h"

#include <stdarg.h>
#include <stdio.h>

void app_result_init(struct app_result *r)
{
	r->err = APP_OK;
	r->detail[0] = '\0';
	r->object = NULL;
	r->errors = NULL;
}

void app_result_free(struct app_result *r)
{
	json_decref(r->object);
	json_decref(r->errors);
	r->object = NULL;
	r->errors = NULL;
}

int app_fail(struct app_result *r, enum app_err err, const char *fmt, ...)
{
	va_list ap;
	r->err = err;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
	return -1;
}

void app_field_error(struct app_result *r, const char *field, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!r->errors)
		r->errors = json_array();
	json_array_append_new(r->errors, json_pack("{s:s, s:s}", "field", field, "message", msg));
	if (r->err == APP_OK)
		r->err = APP_INVALID;
	if (!r->detail[0])
		snprintf(r->detail, sizeof(r->detail), "%.100s: %.400s", field, msg);
}

void app_commit_failed(struct app_result *r)
{
	r->err = APP_UNAVAILABLE;
	snprintf(r->detail, sizeof(r->detail), "the change could not be committed; nothing was written, try again");
}

enum app_err app_write_result(int rc, struct app_result *r)
{
	if (rc == DB_WRITE_FAILED) {
		json_decref(r->object);
		r->object = NULL;
		app_commit_failed(r);
	} else if (rc != 0 && r->err == APP_OK) {
		app_fail(r, APP_INTERNAL, "the change could not be made");
	}
	return r->err;
}
