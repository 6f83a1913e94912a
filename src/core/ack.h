/*
 * ack.h - rules for mail the point of contact sends: whether an automatic
 * acknowledgement may go to a message (loop and abuse protection, RFC 3834),
 * the acknowledgement text in Japanese or English, the [INC-…]/[RPT-…]
 * subject tag that threads replies, and the HTML form of a mail body for
 * the journal. Pure: no I/O.
 */
#ifndef HIKESHI_CORE_ACK_H
#define HIKESHI_CORE_ACK_H

#include <stddef.h>

/*
 * ack_suppress_reason - NULL when an automatic reply may be sent, else a
 * static reason: "bounce" (null Return-Path "<>", or a MAILER-DAEMON /
 * postmaster sender), "auto-submitted" (Auto-Submitted other than "no"),
 * "bulk" (Precedence bulk, list or junk), "list" (List-Id present),
 * "own-address" (from the team's own address: a loop), "no-address".
 * NULL arguments count as absent.
 */
const char *ack_suppress_reason(const char *return_path, const char *auto_submitted, const char *precedence,
                                const char *list_id, const char *from_address, const char *team_address);

/* 1 when s is a plausible single mail address (local@domain.tld, no
 * spaces, quotes, angle brackets or control characters, ≤ 254 bytes). */
int ack_address_ok(const char *s);

/* 1 when text has hiragana, katakana or CJK ideographs (picks "ja"). */
int ack_text_is_japanese(const char *text);

/*
 * ack_compose - the acknowledgement of report key: *subject and *body
 * (malloc'd UTF-8, caller frees) in lang "ja" (with an English part
 * below) or "en". orig_subject is NOT quoted (From can be forged: an
 * acknowledgement must never relay a stranger's text); kept in the
 * signature for the callers. 0, or -1 on OOM.
 */
int ack_compose(const char *lang, const char *team_name, const char *key, const char *orig_subject, char **subject,
                char **body);

/* Subject of outgoing mail about key: "[KEY] subject" unless subject has
 * the tag already. malloc'd; NULL on OOM. */
char *ack_tag_subject(const char *key, const char *subject);

/*
 * ack_subject_tag - finds the first "[INC-YYYY-NNNNN]" or "[RPT-…]" tag in
 * subject and writes the key (without brackets) to key. 1 found, 0 not.
 */
int ack_subject_tag(const char *subject, char *key, size_t keylen);

/*
 * ack_dmarc_pass - 1 when one of the Authentication-Results header values
 * in results (several joined by "\n") was written by authserv_id (the
 * team's own receiving MTA, which removes forged copies, RFC 8601 §5) and
 * says dmarc=pass; 0 otherwise, and always 0 when authserv_id is empty.
 */
int ack_dmarc_pass(const char *results, const char *authserv_id);

/* Plain text as safe HTML: <pre class="mail"> with &<>"' escaped.
 * malloc'd; NULL on OOM. */
char *ack_text_html(const char *text);

#endif
