/*
 * Users, their constituency scope, API tokens and login sessions.
 * Secrets are stored hashed only: argon2id for passwords, SHA-256 for the
 * 256-bit random token and session secrets.
 */
#ifndef HIKESHI_STORE_USER_H
#define HIKESHI_STORE_USER_H

#include "app/actor.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db_conn;

/* Loads the actor owning an unrevoked, unexpired token of an enabled user.
 * 1 found, 0 not, -1 error. */
int store_actor_by_token(struct db_conn *c, const char *token_hash, int64_t now, struct actor *a);
/* Same for a live session; also returns the session id and expiry. */
int store_actor_by_session(struct db_conn *c, const char *token_hash, int64_t now, struct actor *a, int64_t *session_id,
                           int64_t *expires_at);
/* Loads an enabled user as an actor by id (1/0/-1). */
int store_actor_by_id(struct db_conn *c, int64_t id, struct actor *a);
/* For login: id, password hash and disabled flag of login (1/0/-1). */
int store_user_credentials(struct db_conn *c, const char *login, int64_t *id, char *hash, size_t hashlen,
                           int *disabled);

/* API-shaped user (never the hash), with constituency_ids; NULL if absent. */
json_t *store_user_get(struct db_conn *c, int64_t id);
json_t *store_user_list(struct db_conn *c);
int store_user_id_by_login(struct db_conn *c, const char *login, int64_t *id); /* 1/0/-1 */

/* Inserts a user from an object with login, display_name, email, role,
 * all_constituencies, lang, time_zone, tlp_max (all present). */
int store_user_insert(struct db_conn *c, const json_t *u, const char *password_hash, int64_t now, int64_t *id);
/* Writes all mutable columns of u (an API-shaped user) and bumps version. */
int store_user_update(struct db_conn *c, int64_t id, const json_t *u, int64_t now);
/* Sets the hash; the version is bumped by the store_user_update that goes
 * with it. */
int store_user_set_password(struct db_conn *c, int64_t id, const char *password_hash, int64_t now);
/* Sets the organisational roles (a JSON array of role codes, see
 * core/authority.h); the version is bumped by store_user_update. */
int store_user_set_authority_roles(struct db_conn *c, int64_t id, const json_t *roles);
/* Replaces the user's constituency list with ids (an array of integers). */
int store_user_set_scope(struct db_conn *c, int64_t id, const json_t *ids);

int store_token_insert(struct db_conn *c, int64_t user_id, const char *name, const char *hash, const char *prefix,
                       int64_t now, int64_t expires_at, const char *scope, int64_t *id);
json_t *store_token_list(struct db_conn *c, int64_t user_id);
/* Revokes; 1 when revoked now, 0 when no such live token of that user. */
int store_token_revoke(struct db_conn *c, int64_t user_id, int64_t token_id, int64_t now);
/* Revokes every token and deletes every session of a user (on disable). */
int store_user_revoke_all(struct db_conn *c, int64_t user_id, int64_t now);

int store_session_insert(struct db_conn *c, const char *hash, int64_t user_id, int64_t now, int64_t expires_at,
                         int64_t *id);
int store_session_delete(struct db_conn *c, int64_t id);
/* Ends every session of a user (after a password change). */
int store_session_delete_user(struct db_conn *c, int64_t user_id);
int store_session_purge(struct db_conn *c, int64_t now);

#endif
