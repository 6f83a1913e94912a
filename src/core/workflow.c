/*
 * workflow.c - the incident state machine and its milestone timestamps.
 *
 * The allowed moves live in exactly one table, `allowed` below; the API's
 * checks, the UI's buttons (workflow_next) and the tests all read it.
 * Back-steps exist because response is not linear: analysis may find the
 * attacker still inside (eradication -> containment), and a closed
 * incident may be reopened for triage or analysis when new evidence
 * arrives. workflow_transition validates first and writes last, so a
 * refused change leaves the incident untouched.
 */
#include "core/workflow.h"

#include <string.h>

/* allowed[from][to]: 1 when the move is permitted. Same -> same is never. */
/* The table is easier to review aligned. */
/* clang-format off */
static const unsigned char allowed[ST_COUNT][ST_COUNT] = {
	/* to:              new tri ana con era rec clo */
	[ST_NEW]         = { 0,  1,  1,  0,  0,  0,  1 },
	[ST_TRIAGE]      = { 0,  0,  1,  0,  0,  0,  1 },
	[ST_ANALYSIS]    = { 0,  0,  0,  1,  1,  1,  1 },
	[ST_CONTAINMENT] = { 0,  0,  1,  0,  1,  1,  1 },
	[ST_ERADICATION] = { 0,  0,  0,  1,  0,  1,  1 },
	[ST_RECOVERY]    = { 0,  0,  0,  0,  1,  0,  1 },
	[ST_CLOSED]      = { 0,  1,  1,  0,  0,  0,  0 }, /* reopen */
};
/* clang-format on */

static const char *const status_names[ST_COUNT] = {"new",         "triage",   "analysis", "containment",
                                                   "eradication", "recovery", "closed"};
static const char *const status_ja[ST_COUNT] = {"新規", "トリアージ", "分析", "封じ込め", "根絶", "復旧", "完了"};
static const char *const status_en[ST_COUNT] = {"New",         "Triage",   "Analysis", "Containment",
                                                "Eradication", "Recovery", "Closed"};

static const char *const res_names[RES_COUNT] = {"", "resolved", "false_positive", "duplicate", "out_of_scope"};
static const char *const res_ja[RES_COUNT] = {"", "解決", "誤検知", "重複", "対象外"};
static const char *const res_en[RES_COUNT] = {"", "Resolved", "False positive", "Duplicate", "Out of scope"};

static int status_valid(enum incident_status s)
{
	return (int)s >= 0 && (int)s < ST_COUNT;
}

static int res_valid(enum resolution r)
{
	return (int)r >= 0 && (int)r < RES_COUNT;
}

int workflow_status_parse(const char *s, enum incident_status *out)
{
	if (s == NULL || out == NULL)
		return -1;
	for (int i = 0; i < ST_COUNT; i++) {
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum incident_status)i;
			return 0;
		}
	}
	return -1;
}

const char *workflow_status_name(enum incident_status s)
{
	return status_valid(s) ? status_names[s] : "";
}

const char *workflow_status_label_ja(enum incident_status s)
{
	return status_valid(s) ? status_ja[s] : "";
}

const char *workflow_status_label_en(enum incident_status s)
{
	return status_valid(s) ? status_en[s] : "";
}

int workflow_resolution_parse(const char *s, enum resolution *out)
{
	if (s == NULL || out == NULL)
		return -1;
	for (int i = 0; i < RES_COUNT; i++) {
		if (strcmp(s, res_names[i]) == 0) {
			*out = (enum resolution)i;
			return 0;
		}
	}
	return -1;
}

const char *workflow_resolution_name(enum resolution r)
{
	return res_valid(r) ? res_names[r] : "";
}

const char *workflow_resolution_label_ja(enum resolution r)
{
	return res_valid(r) ? res_ja[r] : "";
}

const char *workflow_resolution_label_en(enum resolution r)
{
	return res_valid(r) ? res_en[r] : "";
}

int workflow_allowed(enum incident_status from, enum incident_status to)
{
	if (!status_valid(from) || !status_valid(to))
		return 0;
	return allowed[from][to];
}

size_t workflow_next(enum incident_status from, enum incident_status out[ST_COUNT])
{
	size_t n = 0;
	if (!status_valid(from) || out == NULL)
		return 0;
	for (int to = 0; to < ST_COUNT; to++)
		if (allowed[from][to])
			out[n++] = (enum incident_status)to;
	return n;
}

const char *workflow_strerror(enum workflow_err e)
{
	switch (e) {
	case WF_OK: return "The status change is allowed.";
	case WF_SAME_STATUS: return "The incident already has this status.";
	case WF_FORBIDDEN: return "This status change is not allowed from the current status.";
	case WF_RESOLUTION_REQUIRED:
		return "Closing an incident requires a resolution "
		       "(resolved, false_positive, duplicate or out_of_scope).";
	case WF_RESOLUTION_NOT_ALLOWED: return "A resolution may only be given when closing an incident.";
	}
	return "Unknown workflow error.";
}

/* Set *field to now if it is still unset (0). */
static void set_once(int64_t *field, int64_t now)
{
	if (*field == 0)
		*field = now;
}

enum workflow_err workflow_transition(enum incident_status from, enum incident_status to, enum resolution res,
                                      int64_t now, struct incident_times *t, enum resolution *res_out)
{
	/* Validate everything before writing anything. */
	if (status_valid(from) && from == to)
		return WF_SAME_STATUS;
	if (!workflow_allowed(from, to) || t == NULL)
		return WF_FORBIDDEN;
	if (!res_valid(res))
		return to == ST_CLOSED ? WF_RESOLUTION_REQUIRED : WF_RESOLUTION_NOT_ALLOWED;
	if (to == ST_CLOSED && res == RES_NONE)
		return WF_RESOLUTION_REQUIRED;
	if (to != ST_CLOSED && res != RES_NONE)
		return WF_RESOLUTION_NOT_ALLOWED;

	if (from == ST_NEW)
		set_once(&t->acknowledged, now);
	if (to == ST_ERADICATION || to == ST_RECOVERY)
		set_once(&t->contained, now);
	if (to == ST_CLOSED) {
		t->closed = now;
		if (res == RES_RESOLVED) {
			set_once(&t->resolved, now);
			set_once(&t->contained, now);
		}
	}
	if (from == ST_CLOSED) { /* reopen */
		t->closed = 0;
		t->resolved = 0;
	}
	if (res_out != NULL)
		*res_out = to == ST_CLOSED ? res : RES_NONE;
	return WF_OK;
}
