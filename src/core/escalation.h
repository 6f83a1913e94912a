/*
 * escalation.h - escalation rules (エスカレーション) as data: the condition
 * an admin writes, its evaluation against an incident, the five levels of
 * seed 001 §2.4(4)d (部署内 → 事業所内 → 部門内 → 部門間 → 企業間), the
 * targets a rule names, and the templates of the notifications it sends.
 *
 * Pure: no I/O. The app layer fills a struct esc_incident from the stored
 * row (and the SLA events and the time spent in the current status), and
 * asks esc_condition_match(). Every present member of a condition must
 * hold; an empty condition matches every open incident.
 */
#ifndef HIKESHI_CORE_ESCALATION_H
#define HIKESHI_CORE_ESCALATION_H

#include "core/priority.h"
#include "core/taxonomy.h"
#include "core/workflow.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define ESC_LEVEL_MIN       1
#define ESC_LEVEL_MAX       5
#define ESC_LIST_MAX        32     /* members of one condition or target list */
#define ESC_SLUG_MAX        40     /* a group or role name */
#define ESC_MINUTES_MAX     525600 /* minutes_in_status: one year */
#define ESC_TEMPLATE_MAX    8192   /* a subject or body template, bytes */
#define ESC_SUBJECT_TPL_MAX 300    /* a subject template, bytes */

/* Asset criticality of an incident (its most critical asset). */
enum esc_crit { CRIT_LOW, CRIT_MEDIUM, CRIT_HIGH, CRIT_CRITICAL };
#define CRIT_COUNT 4

/* SLA targets (bit i of the masks below). */
enum esc_sla { SLA_ACKNOWLEDGE, SLA_FIRST_RESPONSE, SLA_CONTAINMENT, SLA_RESOLUTION };
#define SLA_COUNT 4

struct esc_condition {
	char categories[ESC_LIST_MAX][TAXONOMY_CODE_MAX + 1];
	size_t ncategories;
	int has_categories;
	unsigned priorities, impact, asset_criticality, status; /* bit masks; 0 = any */
	int64_t constituencies[ESC_LIST_MAX];
	size_t nconstituencies;
	int personal_data;             /* -1 any, 0 / 1 */
	int64_t minutes_in_status;     /* 0 = any */
	unsigned sla_breach, sla_near; /* target masks; 0 = not asked */
};

/* What a condition looks at, filled by the caller from the incident. */
struct esc_incident {
	const char *category; /* normalised code, "" or NULL for none */
	enum priority priority;
	enum level impact;
	int64_t constituency_id;
	int personal_data;
	int asset_criticality; /* enum esc_crit, or -1 when unknown */
	enum incident_status status;
	int64_t minutes_in_status;
	unsigned sla_breach, sla_near; /* targets in breach / near breach now */
};

struct esc_targets {
	int64_t contacts[ESC_LIST_MAX];
	size_t ncontacts;
	char groups[ESC_LIST_MAX][ESC_SLUG_MAX + 1];
	size_t ngroups;
	char roles[ESC_LIST_MAX][ESC_SLUG_MAX + 1];
	size_t nroles;
};

/*
 * esc_condition_parse - validates a condition object and fills out. Each
 * problem is appended to errors (a JSON array) as {"field","message"}, the
 * field named "<prefix>.<member>" (e.g. "condition.priorities"). Returns
 * 0 when valid, -1 otherwise. NULL obj is an empty condition.
 */
int esc_condition_parse(const json_t *obj, const char *prefix, struct esc_condition *out, json_t *errors);
/* The same for {"contacts":[ids], "groups":[names], "roles":[names]}. */
int esc_targets_parse(const json_t *obj, const char *prefix, struct esc_targets *out, json_t *errors);
/* 1 when the targets name nobody (no contacts, groups or roles). */
int esc_targets_empty(const struct esc_targets *t);

/* 1 when every present member of c holds for inc, else 0. A closed
 * incident never matches. */
int esc_condition_match(const struct esc_condition *c, const struct esc_incident *inc);
/* 1 when the condition depends on time (minutes_in_status), so that the
 * scheduler has to look at it again later. */
int esc_condition_timed(const struct esc_condition *c);

/* Levels: 1..5, names 部署内 ... 企業間 / "within the department" ...;
 * "" for a level out of range. */
int esc_level_valid(int64_t level);
const char *esc_level_name_ja(int level);
const char *esc_level_name_en(int level);

/* Names of the enumerations ("" when out of range) and their parsers (0 / -1). */
const char *esc_crit_name(enum esc_crit c);
int esc_crit_parse(const char *s, enum esc_crit *out);
const char *esc_sla_name(enum esc_sla s);
int esc_sla_parse(const char *s, enum esc_sla *out);

/* The values a template may use; NULL members expand to "". */
struct esc_vars {
	const char *key, *title, *priority, *category, *status, *url, *ack_url;
	int level;
	const char *lang; /* "ja" or "en": the level's name */
};

/*
 * esc_expand - expands {{key}}, {{title}}, {{priority}}, {{category}},
 * {{status}}, {{level}} (number and name), {{level_number}}, {{url}} and
 * {{ack_url}} in tpl; an unknown placeholder is kept as written. With
 * one_line, CR, LF and other control characters of the template and of
 * the values become spaces (a subject can never gain a header line).
 * Returns a malloc'd string (caller frees) of at most ESC_TEMPLATE_MAX * 4
 * bytes, or NULL when out of memory.
 */
char *esc_expand(const char *tpl, const struct esc_vars *v, int one_line);
/* 1 when tpl mentions {{ack_url}}. */
int esc_template_has_ack(const char *tpl);

/* The default templates (ja / en) when a rule leaves them empty. */
const char *esc_default_subject(const char *lang);
const char *esc_default_body(const char *lang);

/*
 * esc_webhook_payload - the JSON a webhook receives. format "json":
 * {"incident", "level", "subject", "text"}; "slack" and "teams": {"text":
 * subject + "\n" + text} (Teams accepts it as a minimal MessageCard).
 * Returns a malloc'd compact JSON string, or NULL on an unknown format or
 * out of memory.
 */
char *esc_webhook_payload(const char *format, const char *incident_key, int level, const char *subject,
                          const char *text);
/* 1 when s is a webhook format we know ("json", "slack", "teams"). */
int esc_webhook_format_ok(const char *s);
/* 1 when url is an absolute http:// or https:// URL with a host, no
 * credentials, no spaces or control characters, at most 2000 bytes. */
int esc_webhook_url_ok(const char *url);

#endif
