/*
 * markdown.c - render journal Markdown to HTML that is safe to embed.
 *
 * Report bodies and journal entries quote attacker-written text, so this
 * is an XSS boundary. cmark-gfm without CMARK_OPT_UNSAFE already replaces
 * raw HTML with a comment and blanks javascript:/vbscript:/file: and most
 * data: URLs; we additionally walk the tree and blank every link or image
 * whose scheme is javascript:, vbscript:, file: or data: (cmark keeps
 * data:image/png etc., which we do not want either), as a second line
 * that does not depend on the library's list. The tagfilter extension is
 * attached as well, as defence in depth if someone ever enables UNSAFE.
 */
#include "core/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char *const gfm_extensions[] = {"table", "strikethrough", "autolink", "tagfilter"};

static const char *const bad_schemes[] = {"javascript:", "vbscript:", "file:", "data:"};

static pthread_once_t register_once = PTHREAD_ONCE_INIT;

static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/*
 * 1 when url starts with a dangerous scheme, read the way a browser does:
 * leading spaces and C0 controls ignored, tab/CR/LF ignored anywhere,
 * ASCII case-insensitive.
 */
static int url_is_dangerous(const char *url)
{
	char scheme[16]; /* longest scheme we look for is 11 bytes */
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)url;

	while (*p != '\0' && *p <= 0x20)
		p++;
	for (; *p != '\0' && n < sizeof scheme - 1; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			continue;
		scheme[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
		if (*p == ':')
			break;
	}
	scheme[n] = '\0';
	for (size_t i = 0; i < sizeof bad_schemes / sizeof bad_schemes[0]; i++)
		if (strcmp(scheme, bad_schemes[i]) == 0)
			return 1;
	return 0;
}

/* Blank the target of every dangerous link and image. 0 / -1 (OOM). */
static int strip_dangerous_urls(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int rc = 0;

	if (it == NULL)
		return -1;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER || (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
			continue;
		const char *url = cmark_node_get_url(node);
		if (url != NULL && url_is_dangerous(url) && cmark_node_set_url(node, "") == 0) {
			rc = -1;
			break;
		}
	}
	cmark_iter_free(it);
	return rc;
}

char *markdown_to_html(const char *md, size_t len)
{
	/* No CMARK_OPT_UNSAFE: raw HTML and bad URLs are not passed through.
	 * No CMARK_OPT_HARDBREAKS: a single newline stays a soft break. */
	const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
	cmark_parser *parser = NULL;
	cmark_node *root = NULL;
	char *html = NULL;

	if (md == NULL && len > 0)
		return NULL;
	if (pthread_once(&register_once, register_extensions) != 0)
		return NULL;
	parser = cmark_parser_new(options);
	if (parser == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof gfm_extensions / sizeof gfm_extensions[0]; i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(gfm_extensions[i]);
		if (ext == NULL || !cmark_parser_attach_syntax_extension(parser, ext))
			goto out;
	}
	if (len > 0)
		cmark_parser_feed(parser, md, len);
	root = cmark_parser_finish(parser);
	if (root == NULL || strip_dangerous_urls(root) != 0)
		goto out;
	/* cmark's default allocator is calloc/realloc/free, so the caller's
	 * free() matches. (cmark itself aborts on allocation failure.) */
	html = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser));
out:
	if (root != NULL)
		cmark_node_free(root);
	cmark_parser_free(parser);
	return html;
}
