/* Placeholder until this module lands (issue 4, in progress). */
#include "http/routes.h"

void webform_get(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	http_problem(rs, 501, "not-implemented", "not implemented yet", NULL);
}

void webform_post(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	http_problem(rs, 501, "not-implemented", "not implemented yet", NULL);
}

