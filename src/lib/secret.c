/*
 * Thin wrappers over libsodium so the rest of the code names what it wants
 * (a token, a password hash) rather than how it is made.
 */
#include "lib/secret.h"

#include <sodium.h>
#include <string.h>

int secret_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void secret_token(char *out, size_t outlen, const char *prefix)
{
	unsigned char raw[32];
	char enc[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(enc, sizeof(enc), raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	size_t pl = strlen(prefix), el = strlen(enc);
	if (outlen == 0)
		return;
	if (pl + el + 1 > outlen) {
		out[0] = '\0';
		return;
	}
	memcpy(out, prefix, pl);
	memcpy(out + pl, enc, el + 1);
	sodium_memzero(enc, sizeof(enc));
}

void secret_password(char out[21])
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < 20; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[20] = '\0';
}

void secret_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int secret_password_hash(const char *password, char *out, size_t outlen)
{
	if (outlen < crypto_pwhash_STRBYTES)
		return -1;
	return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

int secret_password_verify(const char *hash, const char *password)
{
	if (!hash || !*hash)
		return 0;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
