/*
 * hikeshi report: the periodic report of a period for an audience, from the
 * database (app/periodic.h); and hikeshi report render: lay out a report
 * model (JSON, see report/render.h) as PDF, HTML or CSV, or one of its
 * charts as SVG or PNG, touching no database.
 */
#include "app/actor.h"
#include "app/periodic.h"
#include "cli/cli.h"
#include "report/render.h"
#include "store/db.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] = "Usage: hikeshi report render --model FILE.json --format pdf|html|csv|svg|png --out FILE\n"
                           "                             [--chart N] [--width W] [--height H]\n"
                           "Lay out a report model (JSON; the format is described in src/report/render.h) as\n"
                           "a PDF (A4, cover, contents, TLP label on every page), a standalone HTML document,\n"
                           "CSV of its tables (UTF-8 with BOM, for Excel), or one chart as SVG or PNG.\n"
                           "\n"
                           "  --model FILE   the report model ('-' reads standard input)\n"
                           "  --format FMT   pdf, html, csv, svg or png\n"
                           "  --out FILE     where to write ('-' writes standard output)\n"
                           "  --chart N      svg/png: which chart, counting from 1 (default 1)\n"
                           "  --width W      svg: points (default 520); png: pixels (default 1040)\n"
                           "  --height H     svg: points (default 260); png: pixels (default 520)\n"
                           "  -h, --help     show this help\n";

enum fmt { F_PDF, F_HTML, F_CSV, F_SVG, F_PNG };

static int read_all(const char *path, char **out, size_t *outlen)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 65536, len = 0;
	char *b = malloc(cap);
	while (b) {
		size_t n = fread(b + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
		if (len == cap) {
			if (cap > REPORT_MAX_JSON)
				break; /* over the limit: the parser says so */
			char *nb = realloc(b, cap * 2);
			if (!nb)
				free(b);
			b = nb;
			cap *= 2;
		}
	}
	int err = ferror(f);
	if (f != stdin)
		fclose(f);
	if (!b || err) {
		free(b);
		return -1;
	}
	*out = b;
	*outlen = len;
	return 0;
}

/* Writes through a temporary file and a rename, so that a reader never sees
 * half a report. */
static int write_all(const char *path, const char *data, size_t len)
{
	if (strcmp(path, "-") == 0)
		return fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : -1;
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return -1;
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return -1;
	int ok = fwrite(data, 1, len, f) == len;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) < 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int render(const struct report_model *m, enum fmt f, int chart, int w, int h, char **out, size_t *len)
{
	switch (f) {
	case F_PDF: return report_render_pdf(m, out, len);
	case F_HTML: return report_render_html(m, out, len);
	case F_CSV: return report_render_csv(m, out, len);
	case F_SVG:
	case F_PNG: break;
	}
	const struct chart *c = report_model_chart(m, (size_t)chart - 1);
	if (f == F_SVG)
		return chart_svg(c, w ? w : 520, h ? h : 260, out, len);
	return chart_png(c, w ? w : 1040, h ? h : 520, out, len);
}

static int render_main(int argc, char **argv)
{
	static const struct option opts[] = {
	        {"model", required_argument, NULL, 'm'}, {"format", required_argument, NULL, 'f'},
	        {"out", required_argument, NULL, 'o'},   {"chart", required_argument, NULL, 'c'},
	        {"width", required_argument, NULL, 'W'}, {"height", required_argument, NULL, 'H'},
	        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
	static const char *const fmts[] = {"pdf", "html", "csv", "svg", "png"};
	const char *model = NULL, *outp = NULL, *fmt = NULL;
	int chart = 1, w = 0, h = 0, opt, f = -1;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'm': model = optarg; break;
		case 'f': fmt = optarg; break;
		case 'o': outp = optarg; break;
		case 'c':
			if (parse_int(optarg, 1, 100000, &chart) < 0)
				return cli_usage_error("report", "--chart must be a chart number from 1");
			break;
		case 'W':
		case 'H':
			if (parse_int(optarg, 16, 8000, opt == 'W' ? &w : &h) < 0)
				return cli_usage_error("report", "--width and --height must be 16 to 8000");
			break;
		case 'h': fputs(help, stdout); return 0;
		default: return cli_usage_error("report", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error("report", "unexpected argument '%s'", argv[optind]);
	if (!model || !outp || !fmt)
		return cli_usage_error("report", "render needs --model, --format and --out (see --help)");
	for (int i = 0; i < 5; i++)
		if (strcmp(fmt, fmts[i]) == 0)
			f = i;
	if (f < 0)
		return cli_usage_error("report", "--format must be pdf, html, csv, svg or png");
	char *json, err[512];
	size_t jlen;
	if (read_all(model, &json, &jlen) < 0) {
		fprintf(stderr, "hikeshi report: cannot read %s: %s\n", model, strerror(errno));
		return EX_NOINPUT;
	}
	struct report_model *m = report_model_parse(json, jlen, err, sizeof err);
	free(json);
	if (!m) {
		fprintf(stderr, "hikeshi report: %s: %s\n", model, err);
		return EX_DATAERR;
	}
	if ((f == F_SVG || f == F_PNG) && (size_t)chart > report_model_nchart(m)) {
		fprintf(stderr, "hikeshi report: %s: there is no chart %d (the model has %zu)\n", model, chart,
		        report_model_nchart(m));
		report_model_free(m);
		return EX_DATAERR;
	}
	char *out;
	size_t len;
	int rc = render(m, (enum fmt)f, chart, w, h, &out, &len);
	report_model_free(m);
	if (rc < 0) {
		fprintf(stderr, "hikeshi report: rendering %s failed (out of memory or output too large)\n", fmt);
		return EX_SOFTWARE;
	}
	rc = write_all(outp, out, len);
	free(out);
	if (rc < 0) {
		fprintf(stderr, "hikeshi report: cannot write %s: %s\n", outp, strerror(errno));
		return EX_CANTCREAT;
	}
	return 0;
}

static const char period_help[] =
        "Usage: hikeshi report [--period P] [--audience A] [--format F] [--lang L] --out FILE\n"
        "                      [--constituency ID] [--topics FILE] [--db PATH] [--config FILE]\n"
        "Render the periodic report of a period from the database (exercises excluded).\n"
        "\n"
        "  --period P        2026-10, 2026-Q3, 2026-H1 or 2026 (default: last month, Asia/Tokyo)\n"
        "  --audience A      management (default: one-page summary first), constituency\n"
        "                    (TLP:CLEAR aggregates only), team (full detail) or meeting\n"
        "                    (the periodic report meeting pack)\n"
        "  --format F        pdf (default), html, csv or json (the report model)\n"
        "  --lang L          ja (default) or en\n"
        "  --constituency ID one constituency only\n"
        "  --topics FILE     meeting: security topics, one per paragraph\n"
        "  --out FILE        where to write ('-' writes standard output)\n"
        "\n"
        "'hikeshi report render --help' lays out a report model you wrote yourself.\n" CLI_COMMON_HELP;

static int period_main(int argc, char **argv)
{
	static const struct option opts[] = {CLI_COMMON_OPTIONS,
	                                     {"period", required_argument, NULL, 'p'},
	                                     {"audience", required_argument, NULL, 'a'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {"lang", required_argument, NULL, 'l'},
	                                     {"constituency", required_argument, NULL, 'c'},
	                                     {"topics", required_argument, NULL, 't'},
	                                     {"out", required_argument, NULL, 'o'},
	                                     {NULL, 0, NULL, 0}};
	struct app_periodic_req q = {0};
	const char *outp = NULL, *topics_path = NULL;
	struct cli cli;
	int opt;
	cli_init(&cli);
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_opt(&cli, opt, optarg))
			continue;
		switch (opt) {
		case 'p': q.period = optarg; break;
		case 'a': q.audience = optarg; break;
		case 'f': q.format = optarg; break;
		case 'l': q.lang = optarg; break;
		case 'c': q.constituency = optarg; break;
		case 't': topics_path = optarg; break;
		case 'o': outp = optarg; break;
		default: return cli_usage_error("report", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (cli.help) {
		fputs(period_help, stdout);
		return 0;
	}
	if (optind != argc)
		return cli_usage_error("report", "unexpected argument '%s'", argv[optind]);
	if (!outp)
		return cli_usage_error("report", "--out is required (see --help)");
	int rc = cli_finish(&cli);
	if (rc)
		return rc;
	char *topics = NULL;
	size_t tlen = 0;
	if (topics_path && read_all(topics_path, &topics, &tlen) < 0) {
		fprintf(stderr, "hikeshi report: cannot read %s: %s\n", topics_path, strerror(errno));
		return EX_NOINPUT;
	}
	if (topics) {
		char *z = realloc(topics, tlen + 1);
		if (!z) {
			free(topics);
			return EX_SOFTWARE;
		}
		topics = z;
		topics[tlen] = '\0';
		q.topics = topics;
	}
	struct db *db;
	if ((rc = cli_open_db(&cli, 1, &db))) {
		free(topics);
		return rc;
	}
	struct actor system;
	actor_system(&system, "report");
	struct app_ctx ctx = {db, &cli.cfg, &system};
	struct app_result r;
	app_result_init(&r);
	char *out = NULL;
	size_t len = 0;
	const char *type, *ext;
	rc = app_periodic_report(&ctx, &q, &out, &len, &type, &ext, &r);
	db_close(db);
	free(topics);
	if (rc < 0) {
		size_t i;
		json_t *e;
		fprintf(stderr, "hikeshi report: %s\n", r.detail[0] ? r.detail : "the report could not be made");
		json_array_foreach(r.errors, i, e)
		        fprintf(stderr, "  --%s: %s\n", json_string_value(json_object_get(e, "field")),
		                json_string_value(json_object_get(e, "message")));
		rc = r.err == APP_INVALID ? EX_USAGE : EX_SOFTWARE;
		app_result_free(&r);
		return rc;
	}
	app_result_free(&r);
	rc = write_all(outp, out, len);
	free(out);
	if (rc < 0) {
		fprintf(stderr, "hikeshi report: cannot write %s: %s\n", outp, strerror(errno));
		return EX_CANTCREAT;
	}
	return 0;
}

int cli_report_main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "render") == 0)
		return render_main(argc - 1, argv + 1);
	return period_main(argc, argv);
}
