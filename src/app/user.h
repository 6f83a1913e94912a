/*
 * User, API token and session use cases, shared by the HTTP API and the
 * `hikeshi user` CLI (which acts as the system actor).
 */
#ifndef HIKESHI_APP_USER_H
#define HIKESHI_APP_USER_H

#include "app/app.h"

#define PASSWORD_MIN 10  /* bytes; NIST 800-63B asks for at least 8 */
#define PASSWORD_MAX 256 /* argon2 takes more, but nobody types more */
#define TOKEN_LEN    64  /* "hks_" + 43 base64url characters + NUL fits */

/* Creates a user from an API-shaped object (login, display_name, role
 * required; email, lang, time_zone, tlp_max, all_constituencies,
 * constituency_ids, authority_roles optional). password may be NULL (cannot log in until
 * set). Admin only. r->object = the new user. */
int app_user_create(const struct app_ctx *ctx, const json_t *in, const char *password, struct app_result *r);
/* Updates fields of in (display_name, email, role, all_constituencies,
 * constituency_ids, lang, time_zone, tlp_max, disabled, password,
 * authority_roles: organisational role codes, core/authority.h) when
 * version matches (0 = skip the check, for the CLI). Disabling revokes the
 * user's tokens and sessions. */
int app_user_update(const struct app_ctx *ctx, int64_t id, int64_t version, const json_t *in, struct app_result *r);
int app_user_get(const struct app_ctx *ctx, int64_t id, struct app_result *r);
int app_user_list(const struct app_ctx *ctx, struct app_result *r);
/* Resolves a login to an id (APP_NOT_FOUND naming it). */
int app_user_lookup(const struct app_ctx *ctx, const char *login, int64_t *id, struct app_result *r);

/* Creates an API token for user_id (admin, or the user themself); the
 * secret is in r->object "token" and is never stored or shown again. */
/* scope: "full" (NULL) acts as the user; "intake" may only submit mail and
 * alerts (POST /api/v1/mail, /api/v1/alerts). */
int app_token_create(const struct app_ctx *ctx, int64_t user_id, const char *name, int64_t expires_at, const char *scope,
                     struct app_result *r);
int app_token_list(const struct app_ctx *ctx, int64_t user_id, struct app_result *r);
int app_token_revoke(const struct app_ctx *ctx, int64_t user_id, int64_t token_id, struct app_result *r);

/* Verifies login/password (argon2id) and opens a session. On success
 * r->object = {"user":..., "expires_at":...} and token receives the session
 * secret for the cookie. Unknown login, wrong password and disabled users
 * all answer APP_NOT_FOUND with the same message (no account probing). */
int app_login(const struct app_ctx *ctx, const char *login, const char *password, char token[TOKEN_LEN],
              struct app_result *r);
int app_logout(const struct app_ctx *ctx, int64_t session_id, struct app_result *r);

/* The CSRF token that belongs to a session secret (derived, not stored). */
void app_csrf_of(const char *session_token, char out[65]);

#endif
