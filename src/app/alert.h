/*
 * SOC/SIEM alerts (POST /api/v1/alerts): one alert or a batch becomes
 * reports on the "soc" channel, in ONE write job for the whole batch, so a
 * batch is all-or-nothing and the answer comes after the commit.
 *
 * A repeated alert (same dedupe key: the caller's fingerprint, or source +
 * source_ref) does not create another report: the existing one gets
 * seen_count + 1 and a new last_seen_at, and the repeat's observables are
 * linked to it. Repeats inside one batch fold the same way, because the job
 * sees its own uncommitted rows. Alerts get no acknowledgement mail.
 */
#ifndef HIKESHI_APP_ALERT_H
#define HIKESHI_APP_ALERT_H

#include "app/app.h"
#include "core/observable.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define ALERT_BATCH_MAX 10000 /* alerts per request */

/* One alert, validated for shape by the caller (http/api_alerts.c).
 * Strings are borrowed UTF-8; optional ones are "" when absent. */
struct alert_in {
	const char *source;                 /* required, 1..100 bytes */
	const char *source_ref;             /* the SIEM's id of the alert, "" = none */
	const char *title;                  /* required */
	const char *description;            /* "" = none */
	const char *severity;               /* info, low, medium (default), high, critical */
	const char *fingerprint;            /* dedupe key override, "" = source + source_ref */
	const char *lang;                   /* "ja" or "en" */
	int64_t observed_at;                /* unix seconds, 0 = not given */
	const json_t *raw;                  /* kept verbatim in details.raw; NULL = absent */
	struct observable_list observables; /* normalised; owned by the caller */
};

/*
 * app_alerts_submit - stores n (1..ALERT_BATCH_MAX) alerts in one write
 * job. The actor must be a handler (or more) or hold an intake-scoped
 * token. r->object (on success):
 *   {"created": n, "updated": n,
 *    "items": [{"index", "action": "created"|"updated", "report_id",
 *               "tracking_number", "seen_count"}, ...]}
 * in the order of the input. On any failure nothing is stored.
 */
enum app_err app_alerts_submit(const struct app_ctx *ctx, const struct alert_in *alerts, size_t n,
                               struct app_result *r);

/* The dedupe key of an alert into out (outlen bytes): the fingerprint when
 * given, else "alert:" source 0x1f source_ref; "" when neither fingerprint
 * nor source_ref is given (such an alert is never folded). -1 when it does
 * not fit. */
int app_alert_dedupe_key(const struct alert_in *a, char *out, size_t outlen);

#endif
