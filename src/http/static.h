/*
 * The web UI's static files (web/): compiled into the binary by `make`, or
 * read from a directory (--web-dir) while developing.
 */
#ifndef HIKESHI_STATIC_H
#define HIKESHI_STATIC_H

#include "http/http.h"

/* Serves GET/HEAD of a UI file ("/" is index.html). 1 when it answered
 * (a file, or 404 for a bad or unknown path), 0 when the path is not the
 * UI's (under /api/). */
int static_serve(struct http_req *rq, struct http_resp *rs);

#endif
