/*
 * Request authentication: a Bearer API token or the session cookie. Cookie
 * sessions must send X-CSRF-Token on every write.
 */
#ifndef HIKESHI_AUTH_H
#define HIKESHI_AUTH_H

#include "http/http.h"

#define SESSION_COOKIE         "hikeshi_session"
#define LOGIN_FAIL_WINDOW      (15 * 60) /* seconds */
#define LOGIN_FAIL_PER_ACCOUNT 5
#define LOGIN_FAIL_PER_ADDRESS 20

/* Fills rq->actor from the credentials. 0 ok; -1 with 401 / 403 in rs. */
int auth_authenticate(struct http_req *rq, struct http_resp *rs);

#endif
