/*
 * Secrets: random tokens, SHA-256, argon2id password hashes (libsodium).
 * Call secret_init() once before any other function.
 */
#ifndef HIKESHI_SECRET_H
#define HIKESHI_SECRET_H

#include <stddef.h>

int secret_init(void);
/* A random token: prefix followed by 43 base64url characters (256 bits). */
void secret_token(char *out, size_t outlen, const char *prefix);
/* A random password of 20 characters from an unambiguous alphabet. */
void secret_password(char out[21]);
/* Hex SHA-256 of len bytes. */
void secret_sha256_hex(const void *data, size_t len, char out[65]);
/* argon2id hash string of password into out (crypto_pwhash_STRBYTES); 0/-1. */
int secret_password_hash(const char *password, char *out, size_t outlen);
/* 1 when password matches the stored hash, 0 otherwise (also on a bad hash). */
int secret_password_verify(const char *hash, const char *password);
/* Constant-time comparison of two NUL-terminated strings of equal length. */
int secret_equal(const char *a, const char *b);

#endif
