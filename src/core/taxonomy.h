/*
 * taxonomy.h - the incident classification (分類): ENISA's Reference
 * Security Incident Taxonomy (RSIT) plus the team's local additions.
 *
 * The taxonomy is data (data/taxonomy/rsit.json), loaded once at start
 * and validated here, so that a bad file fails at start, not in a report.
 * Codes are "class" or "class/type", e.g. "fraud/phishing". Parsing is
 * pure: the caller reads the file.
 */
#ifndef HIKESHI_CORE_TAXONOMY_H
#define HIKESHI_CORE_TAXONOMY_H

#include <stddef.h>

/* Longest code accepted by taxonomy_normalize_code, without NUL. */
#define TAXONOMY_CODE_MAX 100

struct taxonomy_entry {
	char *code;   /* "class" or "class/type" */
	char *parent; /* NULL for classes, the class code for types */
	char *label_ja;
	char *label_en;
	char *description_ja; /* may be "" */
	char *description_en; /* may be "" */
	int is_local;         /* 1 for a team-local addition ("local": true) */
};

/* Entries are in file order: each class followed by its types. */
struct taxonomy {
	struct taxonomy_entry *entries;
	size_t count;
};

/*
 * taxonomy_parse - parse and validate a document in the rsit.json format
 * ({"name","version","classes":[{"code","label_ja","label_en",
 * "description_ja","description_en","local"?,"types":[...]}]}).
 * Codes must be [a-z0-9-]+ and unique, labels non-empty strings,
 * descriptions strings when present. On success returns 0 and out owns
 * its memory (free with taxonomy_free). On failure returns -1, leaves out
 * empty, and writes a message to err (when errlen > 0).
 */
int taxonomy_parse(const char *json, size_t len, struct taxonomy *out, char *err, size_t errlen);

/* taxonomy_free - release what taxonomy_parse allocated; t is left empty.
 * Safe on an empty or NULL taxonomy. */
void taxonomy_free(struct taxonomy *t);

/*
 * taxonomy_normalize_code - trim, ASCII lower-case, and map the older
 * spellings "unauthorized-use-of-resources", "unauthorized-information-
 * access" and "unauthorized-information-modification" to the current
 * "unauthorised-..." ones (also as the type of "class/type"). Checks the
 * syntax "class" or "class/type" with [a-z0-9-]+ parts and at most
 * TAXONOMY_CODE_MAX bytes. Returns 0, or -1 (out "" when outlen > 0).
 */
int taxonomy_normalize_code(const char *in, char *out, size_t outlen);

/* taxonomy_find - the entry whose code equals the normalised code, or NULL. */
const struct taxonomy_entry *taxonomy_find(const struct taxonomy *t, const char *code);

/* taxonomy_class_count - number of class entries (parent == NULL). */
size_t taxonomy_class_count(const struct taxonomy *t);

#endif
