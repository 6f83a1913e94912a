/*
 * report_state.h - states, reject reasons and intake channels of reports.
 *
 * A report (インシデント報告) is what arrives at the point of contact: a
 * mail, a web form, an API call, a SOC alert or a phone note. Triage
 * either links it to an incident, or rejects it with a reason. This
 * module names those states, holds the table of allowed state changes and
 * computes the fingerprint used to spot the same report arriving twice.
 * No I/O (libsodium only for SHA-256).
 */
#ifndef HIKESHI_CORE_REPORT_STATE_H
#define HIKESHI_CORE_REPORT_STATE_H

#include <stddef.h>

enum report_state { RS_NEW, RS_TRIAGED, RS_LINKED, RS_REJECTED };
#define RS_COUNT 4

enum reject_reason { RJ_NONE, RJ_FALSE_POSITIVE, RJ_SPAM, RJ_OUT_OF_SCOPE, RJ_DUPLICATE };
#define RJ_COUNT 5

enum report_channel { CH_EMAIL, CH_WEB, CH_API, CH_SOC, CH_PHONE };
#define CH_COUNT 5

/* report_state_parse - "new", "triaged", "linked", "rejected". 0 / -1. */
int report_state_parse(const char *s, enum report_state *out);
/* report_state_name - the names above; "" if invalid. */
const char *report_state_name(enum report_state s);
/* report_state_label_ja - 未対応, トリアージ済, 紐付け済, 却下. */
const char *report_state_label_ja(enum report_state s);

/* report_reject_parse - "" (RJ_NONE), "false_positive", "spam",
 * "out_of_scope", "duplicate". 0 / -1. */
int report_reject_parse(const char *s, enum reject_reason *out);
/* report_reject_name - the names above; "" for RJ_NONE and invalid. */
const char *report_reject_name(enum reject_reason r);
/* report_reject_label_ja - "", 誤検知, スパム, 対象外, 重複. */
const char *report_reject_label_ja(enum reject_reason r);

/* report_channel_parse - "email", "web", "api", "soc", "phone". 0 / -1. */
int report_channel_parse(const char *s, enum report_channel *out);
/* report_channel_name - the names above; "" if invalid. */
const char *report_channel_name(enum report_channel c);
/* report_channel_label_ja - メール, Webフォーム, API, SOC, 電話. */
const char *report_channel_label_ja(enum report_channel c);

/*
 * report_state_allowed - 1 when from -> to is allowed, else 0:
 * new->triaged, new->linked, new->rejected, triaged->linked,
 * triaged->rejected, rejected->new (reopen), linked->triaged (unlink).
 */
int report_state_allowed(enum report_state from, enum report_state to);

/*
 * report_fingerprint - lower-case hex SHA-256 (64 chars + NUL in out) over
 * the normalised reporter address (trimmed, ASCII lower-cased), subject
 * (leading reply/forward prefixes "Re:", "Fwd:", "Fw:", "AW:", "転送:",
 * "返信:" - ASCII case-insensitive, ASCII or full-width colon - and
 * "[TAG]" prefixes of up to 64 bytes stripped repeatedly, whitespace collapsed) and
 * body (whitespace collapsed, trimmed), joined by 0x1f. NULL arguments
 * count as "". Does not allocate; out must hold 65 bytes.
 */
void report_fingerprint(const char *reporter_address, const char *subject, const char *body, char out[65]);

#endif
