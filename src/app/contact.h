/*
 * The contact network (連絡体制図 / 緊急連絡網, seed 002 §2.4.6): the
 * team's directory of internal people (CISO, 部門長, 情報セキュリティ推進者,
 * 広報, 法務, 総務, on-call CSIRT members) and external bodies (JPCERT/CC,
 * IPA, police, ISACs, vendors, group companies, outsourcing partners), each
 * with a review date and interval (reviewed at least yearly, §2.6.3).
 *
 * Rights: every user reads the whole directory (it is the team's phone
 * list; contacts carry no TLP or constituency scope of their own). Handlers
 * and admins write, internal and external entries alike: keeping the list
 * current is the duty desk's work, and every change is in the audit log.
 * Deleting deactivates (active = 0): escalations and mails keep pointing at
 * the entry.
 *
 * Use cases fill r (object = the contact, {"items","next_cursor"}, or the
 * import counts) and return r->err. Value rules (codes, e-mail, phone, PGP
 * fingerprint, TLP, groups, interval, references) are the same for the JSON
 * API and the CSV import; an import names errors "row N: field".
 */
#ifndef HIKESHI_APP_CONTACT_H
#define HIKESHI_APP_CONTACT_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

struct csv_table;

#define CONTACT_REMIND_EVERY (7 * 86400) /* at most one reminder mail per owner a week */

/* A code with its labels, for roles and organisation types. */
struct app_contact_code {
	const char *code, *ja, *en;
};
extern const struct app_contact_code app_contact_roles[];     /* NULL-terminated */
extern const struct app_contact_code app_contact_org_types[]; /* NULL-terminated */
extern const struct app_contact_code app_contact_groups[];    /* suggested groups */

/* The CSV columns, in export order (NULL-terminated). "owner" is the
 * owner's login; the others are the API fields of the same name. */
extern const char *const app_contact_csv_columns[];

/* {"kinds","roles","org_types","groups"}: arrays of {code, ja, en}. */
json_t *app_contact_meta(void);

/* A list query as it comes from the URL (strings, NULL = absent). */
struct app_contact_query {
	const char *kind, *role, *org_type, *group, *constituency, *on_call, *stale, *active, *q;
	const char *cursor;
	int limit; /* 1..200; 0 = no limit (exports and the sheet) */
};

enum app_err app_contact_list(const struct app_ctx *ctx, const struct app_contact_query *q, struct app_result *r);
enum app_err app_contact_get(const struct app_ctx *ctx, int64_t id, struct app_result *r);
/* in: a shape-checked object (http layer); groups may be any JSON value. */
enum app_err app_contact_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r);
enum app_err app_contact_update(const struct app_ctx *ctx, int64_t id, int64_t if_match, const json_t *in,
                                struct app_result *r);
/* Marks the entry reviewed now (audit contact.review). */
enum app_err app_contact_review(const struct app_ctx *ctx, int64_t id, struct app_result *r);
/* Deactivates the entry (audit contact.deactivate); already inactive is fine. */
enum app_err app_contact_deactivate(const struct app_ctx *ctx, int64_t id, struct app_result *r);

/* Imports a parsed CSV file (first record = header with column names from
 * app_contact_csv_columns, any subset and order; "id" rows update, others
 * create). Every row is checked first; any error answers APP_INVALID with
 * errors "row N: field" (N = the spreadsheet row, header = 1) and nothing
 * is written. Otherwise one write job: {"created": n, "updated": n}. */
enum app_err app_contact_import(const struct app_ctx *ctx, const struct csv_table *t, struct app_result *r);

/* The reminder pass (also app_contact_review_pass in scheduler.h): one mail
 * per owner of stale entries who was not reminded in the last
 * CONTACT_REMIND_EVERY, queued with reminded_at set in one write job. Needs
 * cfg's [intake] team_address as From; without it does nothing. *mails
 * (may be NULL) receives the number of mails queued. 0, or -1 on error. */
int app_contact_remind(struct db *db, const struct config *cfg, int64_t now, int *mails);

#endif
