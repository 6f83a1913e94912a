/*
 * mime.h - the incoming-mail parser (issue 4).
 *
 * mime_parse() turns the raw bytes of one RFC 5322 message into a flat
 * structure the intake pipeline can store: decoded headers, one plain-text
 * body and the list of attachments with their SHA-256. It is pure (bytes in,
 * structure out, no I/O), never fails on malformed input (what can be read is
 * returned, `flags` says what was wrong), bounds everything by struct
 * mime_limits, and every string it returns is valid, NUL-terminated UTF-8.
 * Attachments carry their declared and detected (libmagic) types and are
 * never unpacked. Enclosed messages (message/rfc822, text/rfc822-headers)
 * are listed as attachments and their headers and text are appended to
 * body_text after a "----- 転送されたメッセージ / Forwarded message -----"
 * line. The charset work is in jcharset.h.
 */
#ifndef HIKESHI_INTAKE_MIME_H
#define HIKESHI_INTAKE_MIME_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct mime_limits {
	size_t max_total;  /* bytes parsed at most; the rest is dropped (25 MiB) */
	size_t max_parts;  /* MIME parts visited at most (200) */
	int max_depth;     /* multipart / message nesting at most (20) */
	size_t max_header; /* bytes kept of one raw header value (64 KiB) */
};

/* Fills *l with the defaults above. */
void mime_limits_default(struct mime_limits *l);

struct mime_attachment {
	char *filename;      /* decoded RFC 2231/2047, UTF-8, "" when none */
	char *declared_type; /* "type/subtype" as declared, lower case */
	char *detected_type; /* from the content (libmagic), "" when unknown; never NULL */
	size_t size;         /* bytes after transfer decoding */
	char sha256[65];     /* lower-case hex of the decoded content */
};

/* Bits of mime_message.flags. */
enum {
	MIME_TRUNCATED = 1u << 0,       /* input longer than max_total, or cut by mailgate (X-Hikeshi-Truncated) */
	MIME_TOO_MANY_PARTS = 1u << 1,  /* parts beyond max_parts skipped */
	MIME_TOO_DEEP = 1u << 2,        /* parts beyond max_depth skipped */
	MIME_NO_FROM = 1u << 3,         /* no usable From address */
	MIME_BAD_CHARSET = 1u << 4,     /* unknown charset or undecodable bytes */
	MIME_MALFORMED = 1u << 5,       /* structural problems reported by GMime */
	MIME_HEADER_TRUNCATED = 1u << 6 /* a header value longer than max_header */
};

struct mime_message {
	/* Decoded to UTF-8; never NULL ("" when absent). */
	char *subject, *from, *from_address, *to, *cc, *date_raw, *message_id, *in_reply_to, *references,
	        *authentication_results, *return_path, *auto_submitted, *precedence, *list_id;
	int64_t date;    /* unix seconds, 0 when absent or unparseable */
	char *body_text; /* text/plain preferred, else HTML converted to text; never NULL */
	int body_from_html;
	struct mime_attachment *attachments;
	size_t nattachments;
	unsigned flags;
};

enum mime_err { MIME_OK, MIME_NOMEM, MIME_EMPTY };

/* Returns a static description of err. */
const char *mime_strerror(enum mime_err err);

/*
 * Parses len bytes of one message (LF, CRLF or CR line endings). l may be
 * NULL for the defaults. On MIME_OK *out owns a new message, to be released
 * with mime_message_free(); on error *out is NULL. MIME_EMPTY means len == 0.
 * Thread-safe.
 */
enum mime_err mime_parse(const char *data, size_t len, const struct mime_limits *l, struct mime_message **out);

/* The content type libmagic sees in the first 64 KiB of p[0..n) (never
 * decompressing), as a new string ("" when unknown or libmagic is
 * unavailable); NULL on OOM. The one libmagic handle of the process, for
 * every channel's attachments. Thread-safe. */
char *mime_detect_type(const void *p, size_t n);

/* Frees m and everything it owns; NULL is allowed. */
void mime_message_free(struct mime_message *m);

/* A new JSON object describing m (flags as an array of names); NULL on OOM. */
json_t *mime_message_json(const struct mime_message *m);

#endif
