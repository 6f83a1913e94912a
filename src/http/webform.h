/*
 * The public report form (/report): shared between the request side
 * (webform.c: token, body parsing, validation, the handlers) and the page
 * side (webform_page.c: the server-rendered HTML, every interpolated value
 * through one escaping writer). Nothing here is used outside src/http.
 */
#ifndef HIKESHI_WEBFORM_H
#define HIKESHI_WEBFORM_H

#include "lib/buf.h"

#include <stddef.h>

/* The text fields of the form, in page order. */
enum wf_field { WF_NAME, WF_CONTACT, WF_DEPARTMENT, WF_WHAT, WF_WHEN, WF_DEVICE, WF_COUNT };

#define WF_FILES_MAX 10 /* attachments per submission */

/* What is wrong with one field (or the attachments). */
enum wf_err {
	WFE_NONE,
	WFE_REQUIRED,  /* empty */
	WFE_TOO_LONG,  /* over its byte limit */
	WFE_UTF8,      /* not UTF-8 */
	WFE_CONTROL,   /* control characters (line breaks in one-line fields) */
	WFE_CONTACT,   /* neither a mail address nor a phone number */
	WFE_DUPLICATE, /* sent more than once */
	WFE_TOO_MANY,  /* attachments: more than WF_FILES_MAX */
	WFE_TOO_LARGE, /* attachments: over form_max_bytes in total */
};

/* The banner above the form. */
enum wf_msg { WFM_NONE, WFM_INVALID, WFM_TOKEN, WFM_RATE, WFM_TOO_LARGE, WFM_UNAVAILABLE, WFM_BAD_TYPE };

enum wf_lang { WF_JA, WF_EN };

/* Everything the form page shows. Strings are borrowed, UTF-8 (values that
 * were not valid UTF-8 are passed as NULL). */
struct wf_page {
	enum wf_lang lang;
	const char *team;  /* [intake] team_name */
	const char *token; /* the hidden form token */
	const char *values[WF_COUNT];
	enum wf_err errors[WF_COUNT];
	enum wf_err files_error;
	enum wf_msg msg;
	int retry_minutes;     /* WFM_RATE */
	size_t form_max_bytes; /* attachments in total */
	int resubmitted;       /* files came with a POST that came back: choose again */
};

/* The outcome page after a report was stored. */
struct wf_done {
	enum wf_lang lang;
	const char *team;
	const char *tracking_number;
	const char *contact;
	int ack_queued; /* an acknowledgement mail was queued to contact */
};

/* The page shown (404) instead of the form when the team does not offer
 * it (the questionnaire's public_form answer): in Japanese and English
 * both, naming the point of contact. */
struct wf_closed {
	enum wf_lang lang; /* which language comes first */
	const char *team;
	const char *email; /* "" when unknown */
	const char *phone; /* "" when unknown */
};

/* Field names as the form sends them ("name", "contact", ...). */
extern const char *const wf_field_names[WF_COUNT];

/* Render the pages into b (cleared first). 0, or -1 when b's limit or
 * memory ran out. */
int wf_render_form(struct buf *b, const struct wf_page *p);
int wf_render_done(struct buf *b, const struct wf_done *d);
int wf_render_closed(struct buf *b, const struct wf_closed *c);

/* Writes s (n bytes) HTML-escaped (& < > " '), safe in text and in quoted
 * attribute values; NUL and C0 controls other than tab and line breaks are
 * dropped. The only way form values reach the page. 0 / -1. */
int wf_escape(struct buf *b, const char *s, size_t n);

#endif
