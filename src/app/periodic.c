/*
 * The periodic report (see periodic.h): gathers the metrics, the trend
 * series and, for the team and the meeting, the lists; composes the model
 * for the audience and renders it.
 */
#include "app/periodic.h"
#include "app/incident.h"
#include "app/metrics.h"
#include "core/validate.h"
#include "lib/config.h"
#include "lib/timeutil.h"
#include "report/compose.h"
#include "report/metrics.h"
#include "report/render.h"
#include "store/db.h"
#include "store/metrics.h"
#include "store/profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_ROWS 200

struct gathered {
	json_t *metrics, *series, *labels, *incidents, *tasks, *breaches, *profile;
};

static void gathered_free(struct gathered *g)
{
	json_decref(g->metrics);
	json_decref(g->series);
	json_decref(g->labels);
	json_decref(g->incidents);
	json_decref(g->tasks);
	json_decref(g->breaches);
	json_decref(g->profile);
}

/* Steals r->object (NULL when the use case failed: r keeps the error). */
static json_t *take(struct app_result *r)
{
	json_t *o = r->object;
	r->object = NULL;
	return o;
}

/* The incidents detected in the period (not exercises) that the caller
 * may see, of one constituency when given, first LIST_ROWS. */
static json_t *period_incidents(const struct app_ctx *ctx, const json_t *period, const char *constituency)
{
	struct app_incident_query q = {.constituency = constituency,
	                               .detected_from = json_string_value(json_object_get(period, "from")),
	                               .detected_to = json_string_value(json_object_get(period, "to")),
	                               .is_exercise = "false",
	                               .sort = "key",
	                               .limit = LIST_ROWS};
	struct app_result r;
	app_result_init(&r);
	if (app_incident_list(ctx, &q, &r) < 0) {
		app_result_free(&r);
		return NULL;
	}
	json_t *items = json_incref(json_object_get(r.object, "items"));
	app_result_free(&r);
	return items;
}

static int gather_lists(const struct app_ctx *ctx, const char *constituency, struct gathered *g, int lists,
                        struct app_result *r)
{
	struct metrics_period p;
	struct metrics_scope ms;
	struct store_metrics_scope ss;
	const json_t *period = json_object_get(g->metrics, "period");
	if (lists && (app_metrics_scope(ctx, constituency, &ms, r) < 0 ||
	              metrics_period_range(json_string_value(json_object_get(period, "from")),
	                                   json_string_value(json_object_get(period, "to")), &p) != 0))
		return app_fail(r, APP_INTERNAL, "the period of the lists could not be read");
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available");
	int rc = store_profile_get(c, &g->profile);
	if (lists && rc == 0) {
		metrics_store_scope(&p, &ms, &ss);
		g->tasks = store_metrics_open_tasks(c, &ss, time_now(), LIST_ROWS);
		g->breaches = store_metrics_breaches(c, &ss, LIST_ROWS);
		if (!g->tasks || !g->breaches)
			rc = -1;
	}
	db_read_end(ctx->db, c);
	if (rc == 0 && lists && !(g->incidents = period_incidents(ctx, period, constituency)))
		rc = -1;
	return rc < 0 ? app_fail(r, APP_UNAVAILABLE, "the database is not available") : 0;
}

/* Security topics: one per paragraph, as they are written, except that CR
 * is dropped (the model allows LF and TAB only). */
static char *clean_topics(const char *t, struct app_result *r)
{
	if (validate_text(t, 0, APP_PERIODIC_TOPICS_MAX, 1) < 0) {
		app_field_error(r, "topics", "must be at most %d bytes of text", APP_PERIODIC_TOPICS_MAX);
		return NULL;
	}
	char *o = malloc(strlen(t) + 1), *w = o;
	if (!o) {
		app_fail(r, APP_INTERNAL, "out of memory");
		return NULL;
	}
	for (; *t; t++)
		if (*t != '\r')
			*w++ = *t;
	*w = '\0';
	return o;
}

static int check_req(const struct app_ctx *ctx, const struct app_periodic_req *q, enum compose_audience *a,
                     struct app_result *r)
{
	struct metrics_period p;
	if (compose_audience_parse(q->audience ? q->audience : "management", a) != 0)
		app_field_error(r, "audience", "must be management, constituency, team or meeting");
	const char *f = q->format ? q->format : "pdf";
	if (strcmp(f, "pdf") && strcmp(f, "html") && strcmp(f, "csv") && strcmp(f, "json"))
		app_field_error(r, "format", "must be pdf, html, csv or json");
	if (q->lang && strcmp(q->lang, "ja") && strcmp(q->lang, "en"))
		app_field_error(r, "lang", "must be ja or en");
	if (q->period && metrics_period_parse(q->period, &p) != 0)
		app_field_error(r, "period", "must be a month (2026-10), quarter (2026-Q3), half (2026-H1) or year");
	if (q->topics && *q->topics && r->err == APP_OK && *a != COMPOSE_MEETING)
		app_field_error(r, "topics", "only the meeting pack (audience meeting) has topics");
	if (r->err != APP_OK)
		return -1;
	/* The constituency and management reports are aggregates of what the
	 * caller may see anyway (GET /metrics) — the viewer role is also the
	 * management's; the team report and the meeting pack list incidents and
	 * tasks and are the team's reading. */
	if ((*a == COMPOSE_TEAM || *a == COMPOSE_MEETING) && ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "the %s report is for handlers and administrators",
		                compose_audience_name(*a));
	return 0;
}

/* The last calendar month (Asia/Tokyo) as "YYYY-MM". */
static void last_month(char *out, size_t len)
{
	struct metrics_period p;
	metrics_period_month_of(time_now(), 1, &p);
	snprintf(out, len, "%s", p.label);
}

static int render(const json_t *model, const char *format, char **out, size_t *len, const char **type, const char **ext,
                  struct app_result *r)
{
	char *js = json_dumps(model, JSON_COMPACT);
	char err[512];
	if (!js)
		return app_fail(r, APP_INTERNAL, "out of memory");
	if (strcmp(format, "json") == 0) {
		*out = js;
		*len = strlen(js);
		*type = "application/json";
		*ext = "json";
		return 0;
	}
	struct report_model *m = report_model_parse(js, strlen(js), err, sizeof(err));
	free(js);
	if (!m)
		return app_fail(r, APP_INTERNAL, "the report model is not valid: %s", err);
	int rc = strcmp(format, "html") == 0  ? report_render_html(m, out, len)
	         : strcmp(format, "csv") == 0 ? report_render_csv(m, out, len)
	                                      : report_render_pdf(m, out, len);
	report_model_free(m);
	*type = strcmp(format, "html") == 0  ? "text/html; charset=utf-8"
	        : strcmp(format, "csv") == 0 ? "text/csv; charset=utf-8"
	                                     : "application/pdf";
	*ext = strcmp(format, "html") == 0 ? "html" : strcmp(format, "csv") == 0 ? "csv" : "pdf";
	return rc == 0 ? 0 : app_fail(r, APP_INTERNAL, "the report could not be rendered");
}

int app_periodic_report(const struct app_ctx *ctx, const struct app_periodic_req *q, char **out, size_t *len,
                        const char **content_type, const char **ext, struct app_result *r)
{
	enum compose_audience aud = COMPOSE_MANAGEMENT;
	struct gathered g = {0};
	char month[48], url[600], stamp[32];
	char *topics = NULL;
	*out = NULL;
	if (check_req(ctx, q, &aud, r) < 0)
		return -1;
	if (q->topics && !(topics = clean_topics(q->topics, r)))
		return -1;
	int range = !q->period && (q->from || q->to);
	if (!q->period && !range)
		last_month(month, sizeof(month));
	struct app_metrics_query mq = {range ? NULL : q->period ? q->period : month, q->from, q->to, q->constituency};
	if (app_metrics_get(ctx, &mq, r) < 0)
		goto fail;
	g.metrics = take(r);
	if (q->label)
		json_object_set_new(json_object_get(g.metrics, "period"), "label", json_string(q->label));
	if (app_metrics_series(ctx, "incidents", "12", q->constituency, r) < 0)
		goto fail;
	g.series = take(r);
	g.labels = compose_labels_of(g.metrics);
	if (gather_lists(ctx, q->constituency, &g, aud == COMPOSE_TEAM || aud == COMPOSE_MEETING, r) < 0)
		goto fail;
	const json_t *doc = json_object_get(g.profile, "doc");
	int en = q->lang && strcmp(q->lang, "en") == 0;
	const char *team = json_string_value(json_object_get(doc, en ? "team_name_en" : "team_name_ja"));
	if (!team || !*team)
		team = ctx->cfg && ctx->cfg->team_name[0] ? ctx->cfg->team_name : "CSIRT";
	snprintf(url, sizeof(url), "%s/report", ctx->cfg && ctx->cfg->public_url[0] ? ctx->cfg->public_url : "");
	time_format(time_now(), stamp);
	struct compose_input in = {aud,        en ? "en" : "ja", team,
	                           stamp,      g.metrics,        g.series,
	                           g.labels,   g.incidents,      g.tasks,
	                           g.breaches, topics,           ctx->cfg && ctx->cfg->public_url[0] ? url : NULL};
	json_t *model = compose_report(&in);
	gathered_free(&g);
	free(topics);
	if (!model)
		return app_fail(r, APP_INTERNAL, "out of memory");
	int rc = render(model, q->format ? q->format : "pdf", out, len, content_type, ext, r);
	json_decref(model);
	return rc;
fail:
	gathered_free(&g);
	free(topics);
	return -1;
}
