/*
 * Task use cases: the to-do items of an incident response. A task is
 * visible (and changeable by handlers) exactly when its incident is; an
 * invisible incident's tasks are APP_NOT_FOUND. Creating a task and
 * marking it done or not done add a "task" entry to the incident's
 * journal. Each function fills r (object = the API task or the list) and
 * returns 0, or -1 with r->err set.
 */
#ifndef HIKESHI_APP_TASK_H
#define HIKESHI_APP_TASK_H

#include "app/app.h"

#include <jansson.h>
#include <stdint.h>

/* {"items":[task...], "next_cursor":null} of incident ref (id or key). */
int app_task_list(const struct app_ctx *ctx, const char *incident_ref, struct app_result *r);
/* in: validated {title, assignee_id?, due_at?}. */
int app_task_create(const struct app_ctx *ctx, const char *incident_ref, const json_t *in, struct app_result *r);
int app_task_get(const struct app_ctx *ctx, int64_t id, struct app_result *r);
/* in: any of title, assignee_id, due_at, done; if_match the version seen. */
int app_task_update(const struct app_ctx *ctx, int64_t id, int64_t if_match, const json_t *in, struct app_result *r);

#endif
