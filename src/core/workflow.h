/*
 * workflow.h - the incident state machine (対応状況).
 *
 * An incident moves new -> triage -> analysis -> containment ->
 * eradication -> recovery -> closed, with the back-steps a real response
 * needs and a reopen from closed. The allowed moves are ONE table in
 * workflow.c; everything else (the UI's buttons, the API's checks) is
 * derived from it. workflow_transition also keeps the incident's
 * milestone timestamps (acknowledged, contained, resolved, closed) that
 * the SLA and monthly reports are computed from. No I/O.
 */
#ifndef HIKESHI_CORE_WORKFLOW_H
#define HIKESHI_CORE_WORKFLOW_H

#include <stddef.h>
#include <stdint.h>

enum incident_status { ST_NEW, ST_TRIAGE, ST_ANALYSIS, ST_CONTAINMENT, ST_ERADICATION, ST_RECOVERY, ST_CLOSED };
#define ST_COUNT 7

/* How a closed incident ended. RES_NONE while the incident is open. */
enum resolution { RES_NONE, RES_RESOLVED, RES_FALSE_POSITIVE, RES_DUPLICATE, RES_OUT_OF_SCOPE };
#define RES_COUNT 5

/*
 * workflow_status_parse - "new", "triage", "analysis", "containment",
 * "eradication", "recovery", "closed" (exact, lower case). 0 / -1.
 */
int workflow_status_parse(const char *s, enum incident_status *out);
/* workflow_status_name - the names above; "" if invalid. */
const char *workflow_status_name(enum incident_status s);
/* workflow_status_label_ja - 新規, トリアージ, 分析, 封じ込め, 根絶, 復旧, 完了. */
const char *workflow_status_label_ja(enum incident_status s);
/* workflow_status_label_en - New, Triage, Analysis, ..., Closed. */
const char *workflow_status_label_en(enum incident_status s);

/*
 * workflow_resolution_parse - "resolved", "false_positive", "duplicate",
 * "out_of_scope", and "" for RES_NONE. 0 / -1.
 */
int workflow_resolution_parse(const char *s, enum resolution *out);
/* workflow_resolution_name - "", "resolved", "false_positive", ... */
const char *workflow_resolution_name(enum resolution r);
/* workflow_resolution_label_ja - "", 解決, 誤検知, 重複, 対象外. */
const char *workflow_resolution_label_ja(enum resolution r);
/* workflow_resolution_label_en - "", Resolved, False positive, Duplicate, Out of scope. */
const char *workflow_resolution_label_en(enum resolution r);

/* workflow_allowed - 1 when the table allows from -> to, else 0 (also for
 * out-of-range values and for from == to). */
int workflow_allowed(enum incident_status from, enum incident_status to);

/*
 * workflow_next - write the statuses reachable from `from` into out, in
 * enum order, and return how many (0 for an invalid `from`).
 */
size_t workflow_next(enum incident_status from, enum incident_status out[ST_COUNT]);

/* Milestones in unix seconds; 0 = not yet reached. */
struct incident_times {
	int64_t occurred, detected, reported, acknowledged, contained, resolved, closed;
};

enum workflow_err { WF_OK, WF_SAME_STATUS, WF_FORBIDDEN, WF_RESOLUTION_REQUIRED, WF_RESOLUTION_NOT_ALLOWED };

/* workflow_strerror - an English sentence for an API problem detail. */
const char *workflow_strerror(enum workflow_err e);

/*
 * workflow_transition - check and apply a status change.
 * from/to: current and wanted status; res: the resolution given with the
 * change (must be RES_NONE unless to == ST_CLOSED, and must not be
 * RES_NONE when to == ST_CLOSED); now: unix seconds; t: the incident's
 * milestones, updated in place; res_out: receives the incident's new
 * resolution (may be NULL).
 * Rules: leaving new sets acknowledged if unset; entering eradication or
 * recovery sets contained if unset; entering closed sets closed = now and,
 * for RES_RESOLVED, sets resolved and contained if unset; reopening
 * (closed -> triage/analysis) clears closed and resolved and gives
 * RES_NONE. On any error nothing (neither *t nor *res_out) is modified.
 */
enum workflow_err workflow_transition(enum incident_status from, enum incident_status to, enum resolution res,
                                      int64_t now, struct incident_times *t, enum resolution *res_out);

#endif
