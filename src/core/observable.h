/*
 * observable.h - indicator (IOC) extraction shared by all intake channels.
 *
 * Mail, web form, API and alert intake all hand free text (often Japanese
 * with ASCII indicators glued in without spaces, often "defanged" so that
 * nobody clicks them) to observable_extract(), which returns the IPs,
 * CIDRs, domains, URLs, mail addresses, hashes and CVE ids in it, each
 * normalised so that the same indicator always has the same value. API
 * input for a single value of a known type goes through
 * observable_normalize(), and sharing uses observable_defang(). The module
 * is pure: no I/O, no global state; only libc and libidn2 (IDN → punycode).
 */
#ifndef HIKESHI_CORE_OBSERVABLE_H
#define HIKESHI_CORE_OBSERVABLE_H

#include <stddef.h>

enum observable_type {
	OBS_IPV4,
	OBS_IPV6,
	OBS_CIDR,
	OBS_DOMAIN,
	OBS_URL,
	OBS_EMAIL,
	OBS_MD5,
	OBS_SHA1,
	OBS_SHA256,
	OBS_CVE,
};
#define OBSERVABLE_TYPE_COUNT 10

/* Longest normalised value (a URL); longer candidates are ignored. */
#define OBSERVABLE_MAX_VALUE 2048

/* "ipv4","ipv6","cidr","domain","url","email","md5","sha1","sha256","cve"; "" if invalid. */
const char *observable_type_name(enum observable_type t);

struct observable {
	enum observable_type type;
	char *value;  /* normalised, NUL-terminated, owned by the list */
	int defanged; /* 1 when any occurrence was written in a defanged form */
};

struct observable_list {
	struct observable *items;
	size_t count;
};

/*
 * observable_extract - find the observables in UTF-8 text of len bytes
 * (no NUL needed). Results are deduplicated on (type, value) and kept in
 * order of first appearance; at most max are returned, and *truncated
 * (if not NULL) is set to 1 when more were found, else 0. A URL's host and
 * a mail address's domain are not reported again as separate domains for
 * that occurrence. On success returns 0 and *out owns the items (free with
 * observable_list_free); on OOM returns -1 and *out is empty.
 */
int observable_extract(const char *text, size_t len, size_t max, struct observable_list *out, int *truncated);

/* observable_list_free - free the items and values; l is left empty. NULL-safe. */
void observable_list_free(struct observable_list *l);

/*
 * observable_normalize - normalise one value of type t (NUL-terminated,
 * may be defanged, may be an IDN). Returns 0 with the normalised value in
 * out, or -1 when in is not a valid value of that type or does not fit in
 * outlen bytes. Idempotent: normalising a normalised value returns it
 * unchanged. OBS_CIDR accepts IPv4 (/0-32) and IPv6 (/0-128) prefixes.
 */
int observable_normalize(enum observable_type t, const char *in, char *out, size_t outlen);

/*
 * observable_defang - write the shareable, non-clickable form of o:
 * http→hxxp, https→hxxps, ftp→fxp, "." → "[.]" in domains, hosts and IPv4
 * addresses, "@" → "[@]" in mail addresses; hashes, CVEs and IPv6 are
 * copied. Returns 0, or -1 when o is invalid or out is too small.
 */
int observable_defang(const struct observable *o, char *out, size_t outlen);

#endif
