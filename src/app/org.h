/*
 * Organisation use cases: constituencies (対象組織), their org units (部署),
 * the incident taxonomy (分類) and the priority matrix (優先度表). Reads run
 * in one read transaction, writes (admin only) in one db_write job that
 * re-checks references, uniqueness and If-Match, and appends to the audit
 * log.
 *
 * Every function fills r (object = the resource, or {"items":[...]}, or
 * {"cells":[...]}) and returns r->err.
 */
#ifndef HIKESHI_APP_ORG_H
#define HIKESHI_APP_ORG_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

/* A page of a list ordered by id: up to limit (1..200) objects after the
 * id after_id (0 = from the start); the list's next_cursor carries the
 * last id when more follow. */
struct app_page {
	int limit;
	int64_t after_id;
};

/* Constituencies: the list is the actor's scope (all for admins and
 * all-constituency users); get answers APP_NOT_FOUND outside it. */
enum app_err app_constituency_list(const struct app_ctx *ctx, const struct app_page *page, struct app_result *r);
enum app_err app_constituency_get(const struct app_ctx *ctx, int64_t id, struct app_result *r);
enum app_err app_constituency_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r);
enum app_err app_constituency_update(const struct app_ctx *ctx, int64_t id, int64_t if_match, const json_t *in,
                                     struct app_result *r);

/* Org units: constituency_id 0 lists every visible one. A parent must be
 * in the same constituency and must not make a cycle (422 on parent_id). */
enum app_err app_org_unit_list(const struct app_ctx *ctx, int64_t constituency_id, const struct app_page *page,
                               struct app_result *r);
enum app_err app_org_unit_get(const struct app_ctx *ctx, int64_t id, struct app_result *r);
enum app_err app_org_unit_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r);
enum app_err app_org_unit_update(const struct app_ctx *ctx, int64_t id, int64_t if_match, const json_t *in,
                                 struct app_result *r);

/* Taxonomy: the list is {"items":[...]}; create adds a local category
 * (is_local), 409 when the code exists. */
enum app_err app_taxonomy_list(const struct app_ctx *ctx, struct app_result *r);
enum app_err app_taxonomy_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r);

/* Priority matrix: {"cells":[{"impact","urgency","priority"} x 9]}. A put
 * replaces all nine cells; it does not recompute the priority of existing
 * incidents (they keep the priority they were given; the new matrix
 * applies when an incident is created or its impact/urgency changes). */
enum app_err app_priority_matrix_get(const struct app_ctx *ctx, struct app_result *r);
enum app_err app_priority_matrix_put(const struct app_ctx *ctx, const json_t *in, struct app_result *r);

#endif
