/*
 * SQL for the contact network (連絡体制図 / 緊急連絡網): internal people and
 * external bodies (table contact, migration 0004), with their review dates.
 *
 * *_get and the lists return raw rows: the contact's columns (integer
 * unix-second times, groups as JSON text) plus org_unit_name,
 * org_unit_name_en, owner_login and owner_name from the joined tables.
 * store_contact_api() turns a raw row into the API object. Functions taking
 * a db_conn run inside the caller's read transaction or write job; unless
 * stated otherwise they return 0, or -1 on a database error (logged).
 */
#ifndef HIKESHI_STORE_CONTACT_H
#define HIKESHI_STORE_CONTACT_H

#include <jansson.h>
#include <stdint.h>

struct db_conn;

/* An entry is stale when it was never reviewed or when reviewed_at plus
 * review_interval_days lies before now. */
#define CONTACT_DAY_SECONDS 86400

/* The list filters; NULL / 0 members do not filter. */
struct store_contact_filter {
	const char *kind, *role, *org_type, *group; /* exact codes */
	int64_t constituency_id;
	int on_call;   /* -1 any, 0 not on call, 1 on call */
	int stale;     /* 1: only stale entries */
	int active;    /* -1 any, 0 deactivated only, 1 active only */
	const char *q; /* substring of name, name_en, organization, title, email, phone, mobile */
	int64_t now;   /* for stale */
	/* keyset: rows after (kind, name, id); after_id 0 = from the start */
	const char *after_kind, *after_name;
	int64_t after_id;
	int limit;
};

/* Raw row (new reference) or NULL when absent or on error. */
json_t *store_contact_get(struct db_conn *c, int64_t id);
/* API object for a raw row at time now (new reference; row borrowed): times
 * as RFC 3339, groups as an array, on_call / active as booleans, plus
 * review_due_at and stale. */
json_t *store_contact_api(const json_t *row, int64_t now);
/* Raw rows matching f, ordered by kind, name, id (new reference), or NULL. */
json_t *store_contact_list(struct db_conn *c, const struct store_contact_filter *f);

/* Inserts the editable columns of row (kind, name, name_en, organization,
 * org_type, org_unit_id, constituency_id, role, title, groups (a JSON array
 * or text), email, phone, mobile, pgp_fingerprint, on_call, rota, tlp_max,
 * lang, notes, owner_id, review_interval_days, reviewed_at), created_at =
 * updated_at = now, version 1, and sets *id. Write job only. */
int store_contact_insert(struct db_conn *c, const json_t *row, int64_t now, int64_t *id);
/* Writes the same columns from row, updated_at = now, version + 1. */
int store_contact_update(struct db_conn *c, int64_t id, const json_t *row, int64_t now);
/* reviewed_at = now, updated_at = now, version + 1. */
int store_contact_set_reviewed(struct db_conn *c, int64_t id, int64_t now);
/* active = 0, updated_at = now, version + 1. */
int store_contact_deactivate(struct db_conn *c, int64_t id, int64_t now);

/* For the reminder pass: the active stale entries at now that have an
 * owner (an enabled user with an e-mail address) who was not reminded
 * since `since` (no active entry of the owner has reminded_at >= since),
 * ordered by owner. Raw rows plus owner_email and owner_lang. New
 * reference or NULL. */
json_t *store_contact_due_reminders(struct db_conn *c, int64_t now, int64_t since);
/* reminded_at = now (not a change of the entry: version stays). */
int store_contact_set_reminded(struct db_conn *c, int64_t id, int64_t now);

/* 1 when an org unit / constituency / user with this id exists, 0 if not,
 * -1 on error. */
int store_contact_ref_exists(struct db_conn *c, const char *table, int64_t id);

#endif
