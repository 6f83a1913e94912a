/*
 * Role and scope decisions (pure functions over struct actor).
 */
#include "app/actor.h"

#include <stdio.h>
#include <string.h>

static const char *const role_names[] = {"viewer", "handler", "admin"};

int role_parse(const char *s, enum role *out)
{
	for (int i = 0; i < 3; i++) {
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum role)i;
			return 0;
		}
	}
	return -1;
}

const char *role_name(enum role r)
{
	return (unsigned)r < 3 ? role_names[r] : "viewer";
}

int actor_in_scope(const struct actor *a, int64_t constituency_id)
{
	if (a->all_constituencies)
		return 1;
	for (size_t i = 0; i < a->nscope; i++)
		if (a->scope[i] == constituency_id)
			return 1;
	return 0;
}

int actor_can_see(const struct actor *a, int64_t constituency_id, enum tlp tlp)
{
	if (tlp > a->tlp_max)
		return 0;
	if (constituency_id == 0)
		return a->all_constituencies;
	return actor_in_scope(a, constituency_id);
}

void actor_system(struct actor *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->login, sizeof(a->login), "%s", name);
	snprintf(a->display_name, sizeof(a->display_name), "%s", name);
	a->role = ROLE_ADMIN;
	a->all_constituencies = 1;
	a->tlp_max = TLP_RED;
	snprintf(a->lang, sizeof(a->lang), "en");
	snprintf(a->time_zone, sizeof(a->time_zone), "Asia/Tokyo");
}
