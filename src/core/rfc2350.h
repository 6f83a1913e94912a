/*
 * rfc2350.h - the CSIRT description (RFC 2350, "Expectations for Computer
 * Security Incident Response") and the announcement of the team (seed 000
 * §8: mission statement, services, how to report), generated from the team
 * profile. Pure: no I/O.
 *
 * The profile is a flat JSON object of text members named in
 * rfc2350_fields (absent or "" = not answered). The output is Markdown in
 * RFC 2350 section order with Japanese or English headings; every piece of
 * profile text is escaped so that it reads literally (no markup, no raw
 * HTML), and the HTML comes from core/markdown.h (safe mode) on top.
 */
#ifndef HIKESHI_CORE_RFC2350_H
#define HIKESHI_CORE_RFC2350_H

#include <jansson.h>
#include <stddef.h>

struct buf;

/* One profile member: its name, its byte limit, and whether it may span
 * lines (the others are one line). */
struct rfc2350_field {
	const char *name;
	size_t max_len;
	int multiline;
};
extern const struct rfc2350_field rfc2350_fields[]; /* ends with name NULL */

const struct rfc2350_field *rfc2350_field(const char *name);

struct rfc2350_input {
	const json_t *profile;        /* the profile object (borrowed) */
	const json_t *constituencies; /* [{name, name_en}] from the live data, or NULL */
	const char *report_url;       /* the public report form, or NULL (a placeholder is shown) */
	const char *lang;             /* "ja" or "en" (anything else: "ja") */
	/* The service catalogue's provided services [{category, label_ja,
	 * label_en, provision ("in_house"/"outsourced"), service_level}], or
	 * NULL / [] when the catalogue is not set: listed under 5 Services
	 * and in the announcement. */
	const json_t *services;
	/* 1 when the team does not offer the public report form (the
	 * questionnaire's public_form answer): 6 Incident Reporting Forms and
	 * the announcement's "how to report" then name mail and telephone
	 * instead of the form. */
	int no_public_form;
};

/* The description / the announcement as Markdown: malloc'd, NULL on
 * out-of-memory. */
char *rfc2350_markdown(const struct rfc2350_input *in);
char *rfc2350_announcement(const struct rfc2350_input *in);

/* A complete HTML page (lang attribute, charset, title) around body_html
 * (already safe HTML); title is one of our own fixed strings, never data.
 * malloc'd or NULL. */
char *rfc2350_html_page(const char *lang, const char *title, const char *body_html);

/* Appends s as Markdown that renders as the literal text: punctuation that
 * could start markup is backslash-escaped, each line's leading blanks are
 * dropped, line breaks stay line breaks. 0, or -1 when the buffer is full. */
int rfc2350_md_text(struct buf *b, const char *s);

#endif
