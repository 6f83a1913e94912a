/* Mail intake and correspondence endpoints (issue 4): placeholder. */
#include "http/routes.h"

void api_mail_submit(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	http_problem(rs, 501, "not-implemented", "not implemented yet", NULL);
}

void api_report_mails(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	http_problem(rs, 501, "not-implemented", "not implemented yet", NULL);
}

void api_report_mail_send(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	http_problem(rs, 501, "not-implemented", "not implemented yet", NULL);
}

void api_report_observables(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	http_problem(rs, 501, "not-implemented", "not implemented yet", NULL);
}

void api_report_attachments(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	http_problem(rs, 501, "not-implemented", "not implemented yet", NULL);
}

void api_incident_mails(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	http_problem(rs, 501, "not-implemented", "not implemented yet", NULL);
}

void api_incident_mail_send(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	http_problem(rs, 501, "not-implemented", "not implemented yet", NULL);
}

void api_mail_raw(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	http_problem(rs, 501, "not-implemented", "not implemented yet", NULL);
}

void api_attachment_content(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	http_problem(rs, 501, "not-implemented", "not implemented yet", NULL);
}

