/*
 * tlp.c - FIRST TLP 2.0 and PAP label parsing and naming.
 *
 * Labels arrive from mail subjects, STIX bundles and API clients written
 * against TLP 1.0, so parsing is lenient about case, the "TLP:" prefix
 * and the old name WHITE, but strict about anything else: an unknown
 * label is an error, never silently "CLEAR".
 */
#include "core/tlp.h"

#include <stddef.h>
#include <strings.h>

static const char *const tlp_names[TLP_COUNT] = {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"};
static const char *const tlp_labels[TLP_COUNT] = {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"};
static const char *const pap_names[PAP_COUNT] = {"CLEAR", "GREEN", "AMBER", "RED"};
static const char *const pap_labels[PAP_COUNT] = {"PAP:CLEAR", "PAP:GREEN", "PAP:AMBER", "PAP:RED"};

/* Skip an optional case-insensitive prefix such as "TLP:". */
static const char *skip_prefix(const char *s, const char *prefix, size_t n)
{
	return strncasecmp(s, prefix, n) == 0 ? s + n : s;
}

/* Index of s in names[0..n), case-insensitive, or -1. */
static int find_name(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	return -1;
}

int tlp_valid(enum tlp t)
{
	return (int)t >= 0 && (int)t < TLP_COUNT;
}

int tlp_parse(const char *s, enum tlp *out)
{
	if (s == NULL || out == NULL)
		return -1;
	s = skip_prefix(s, "TLP:", 4);
	int i = find_name(s, tlp_names, TLP_COUNT);
	if (i < 0 && strcasecmp(s, "WHITE") == 0) /* TLP 1.0 name of CLEAR */
		i = TLP_CLEAR;
	if (i < 0)
		return -1;
	*out = (enum tlp)i;
	return 0;
}

const char *tlp_name(enum tlp t)
{
	return tlp_valid(t) ? tlp_names[t] : "";
}

const char *tlp_label(enum tlp t)
{
	return tlp_valid(t) ? tlp_labels[t] : "";
}

int pap_parse(const char *s, enum pap *out)
{
	if (s == NULL || out == NULL)
		return -1;
	s = skip_prefix(s, "PAP:", 4);
	int i = find_name(s, pap_names, PAP_COUNT);
	if (i < 0 && strcasecmp(s, "WHITE") == 0) /* PAP 1.0 name of CLEAR */
		i = PAP_CLEAR;
	if (i < 0)
		return -1;
	*out = (enum pap)i;
	return 0;
}

const char *pap_name(enum pap p)
{
	return (int)p >= 0 && (int)p < PAP_COUNT ? pap_names[p] : "";
}

const char *pap_label(enum pap p)
{
	return (int)p >= 0 && (int)p < PAP_COUNT ? pap_labels[p] : "";
}
