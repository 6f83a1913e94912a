/*
 * tlp.h - FIRST Traffic Light Protocol 2.0 and Permissible Actions Protocol.
 *
 * Every incident, report and shared document carries a TLP label telling
 * the recipient how far it may be passed on, and a PAP label telling what
 * may be done with the indicators in it. This module only parses and names
 * the labels; it does no I/O. TLP labels stay untranslated in the UI
 * ("TLP:AMBER"), as JPCERT/CC material does.
 */
#ifndef HIKESHI_CORE_TLP_H
#define HIKESHI_CORE_TLP_H

/* Ordered: a higher value is more restricted, so max() combines labels. */
enum tlp { TLP_CLEAR, TLP_GREEN, TLP_AMBER, TLP_AMBER_STRICT, TLP_RED };
#define TLP_COUNT 5

/* Ordered like enum tlp: higher is more restricted. */
enum pap { PAP_CLEAR, PAP_GREEN, PAP_AMBER, PAP_RED };
#define PAP_COUNT 4

/*
 * tlp_parse - parse a TLP label.
 * Accepts "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED" in any case,
 * with an optional "TLP:" prefix, and the TLP 1.0 name "WHITE" as CLEAR.
 * No surrounding whitespace is accepted. Returns 0 and sets *out, or -1
 * (out untouched) when s is NULL or not a label.
 */
int tlp_parse(const char *s, enum tlp *out);

/* tlp_name - "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"; "" if invalid. */
const char *tlp_name(enum tlp t);

/* tlp_label - "TLP:CLEAR" ... "TLP:RED"; "" if invalid. Static storage. */
const char *tlp_label(enum tlp t);

/* tlp_valid - 1 when t is one of the enum values, else 0. */
int tlp_valid(enum tlp t);

/*
 * pap_parse - parse a PAP label: "CLEAR", "GREEN", "AMBER", "RED" in any
 * case with an optional "PAP:" prefix (and "WHITE" as CLEAR). 0 / -1.
 */
int pap_parse(const char *s, enum pap *out);

/* pap_name - "CLEAR", "GREEN", "AMBER", "RED"; "" if invalid. */
const char *pap_name(enum pap p);

/* pap_label - "PAP:CLEAR" ... "PAP:RED"; "" if invalid. */
const char *pap_label(enum pap p);

#endif
