/*
 * Who is acting: the authenticated caller of a request or a CLI command, with
 * the role, constituency scope and TLP clearance that every read and write is
 * checked against. Filled by http/auth.c (or the CLI); read-only afterwards.
 */
#ifndef HIKESHI_ACTOR_H
#define HIKESHI_ACTOR_H

#include "core/tlp.h"

#include <stddef.h>
#include <stdint.h>

enum role { ROLE_VIEWER, ROLE_HANDLER, ROLE_ADMIN }; /* ordered: higher may do more */

#define ACTOR_MAX_SCOPE 256 /* constituencies listed per user */

struct actor {
	int64_t user_id; /* 0 = the system / CLI (acts as admin) */
	char login[65];
	char display_name[256];
	enum role role;
	int all_constituencies;
	int64_t scope[ACTOR_MAX_SCOPE];
	size_t nscope;
	enum tlp tlp_max;
	char lang[8];
	char time_zone[65];
	int intake_only; /* an intake-scoped API token: may only submit mail and alerts */
};

int role_parse(const char *s, enum role *out);
const char *role_name(enum role r);

/* 1 when the actor may see an object of this constituency (0 = none) and TLP.
 * Objects without constituency are visible to all-constituency actors only. */
int actor_can_see(const struct actor *a, int64_t constituency_id, enum tlp tlp);
/* 1 when the constituency is within the actor's scope. */
int actor_in_scope(const struct actor *a, int64_t constituency_id);
/* The system actor used by the CLI (admin, all constituencies, RED). */
void actor_system(struct actor *a, const char *name);

#endif
