/*
 * /healthz and the OpenAPI document (compiled in from docs/openapi.json).
 */
#include "http/http.h"
#include "http/server.h"
#include "lib/embedded.h"
#include "store/db.h"

void api_healthz(struct http_req *rq, struct http_resp *rs)
{
	http_json(rs, 200, json_pack("{s:s, s:i}", "status", "ok", "schema_version", db_schema_version(rq->srv->db)));
}

void api_openapi(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	const struct embedded_file *f = embedded_find("docs/openapi.json");
	if (!f) {
		http_problem(rs, 500, "internal", "the OpenAPI document is not built in", NULL);
		return;
	}
	rs->status = 200;
	rs->raw = f->data;
	rs->raw_len = f->len;
	rs->raw_type = "application/json";
}
