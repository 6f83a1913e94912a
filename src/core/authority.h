/*
 * authority.h - the authority matrix (権限マトリクス) and the check behind
 * every decision (意思決定) recorded on an incident.
 *
 * Seed 002 §2.2.8 / §4.2: only 12% of surveyed CSIRTs may order a system
 * stop, 85% may only advise; the survey asks teams to decide beforehand who
 * decides what. hikeshi keeps that as data: for each action (system stop,
 * network isolation, public announcement, ...) and each organisational role
 * (CSIRT責任者, CISO, 経営層, ...) the matrix holds the strongest power the
 * role has: order (命令) > approve (承認) > advise (助言). A user holding
 * roles R may record outcome O on action A when one of R holds at least the
 * power O needs; otherwise the check names the roles that do.
 *
 * The built-in actions and the roles are static tables here; admins may add
 * local actions (codes [a-z_]{1,40}), which the store keeps. No I/O.
 */
#ifndef HIKESHI_CORE_AUTHORITY_H
#define HIKESHI_CORE_AUTHORITY_H

#include <stddef.h>

#define AUTHORITY_CODE_MAX  40  /* bytes of an action or role code */
#define AUTHORITY_LABEL_MAX 100 /* bytes of a local action's label (ja or en) */
#define AUTHORITY_ROLES_MAX 16  /* roles a user may hold (more than the table) */

/* Ordered: a higher power includes the lower ones. */
enum authority_power { AUTH_NONE, AUTH_ADVISE, AUTH_APPROVE, AUTH_ORDER };

/* A code with its Japanese and English labels. */
struct authority_label {
	const char *code;
	const char *ja;
	const char *en;
};

/* The built-in actions and the organisational roles, each terminated by
 * an entry with a NULL code. */
extern const struct authority_label authority_builtin_actions[];
extern const struct authority_label authority_roles[];

/* The entry for code, or NULL. */
const struct authority_label *authority_builtin_action(const char *code);
const struct authority_label *authority_role(const char *code);
/* The index of role code in authority_roles, or -1. */
int authority_role_index(const char *code);

/* 1 when s is a valid action code: [a-z_]{1,40}. */
int authority_code_valid(const char *s);

/* "order", "approve", "advise" (power); 0 / -1. */
int authority_power_parse(const char *s, enum authority_power *out);
/* "order", "approve", "advise"; "" for AUTH_NONE. */
const char *authority_power_name(enum authority_power p);
/* 命令, 承認, 助言; "" for AUTH_NONE. */
const char *authority_power_ja(enum authority_power p);

/* "ordered", "approved", "advised" -> the power that outcome needs; 0 / -1. */
int authority_outcome_parse(const char *s, enum authority_power *need);
/* "ordered", "approved", "advised"; "" for AUTH_NONE. */
const char *authority_outcome_name(enum authority_power p);

/* One cell of the matrix: role holds power on action. Strings borrowed. */
struct authority_cell {
	const char *action;
	const char *role;
	enum authority_power power;
};

struct authority_matrix {
	const struct authority_cell *cells;
	size_t n;
};

/* The power role holds on action (AUTH_NONE when the matrix has no cell). */
enum authority_power authority_power_of(const struct authority_matrix *m, const char *action, const char *role);

enum authority_result {
	AUTH_ALLOWED,  /* v->role may take the outcome */
	AUTH_DENIED,   /* none of the roles (or not the preferred one) has the power */
	AUTH_NOT_HELD, /* prefer names a role the user does not hold */
};

struct authority_verdict {
	const char *role;           /* the role acted under (one of roles[]), or NULL */
	enum authority_power power; /* the power that role holds on the action */
	/* The roles (from authority_roles, in its order) holding at least
	 * the needed power on the action: who to ask. */
	const char *holders[AUTHORITY_ROLES_MAX];
	size_t nholders;
};

/*
 * authority_check - may a user holding roles[0..nroles) take an outcome
 * that needs power need on action? prefer (may be NULL) names the role the
 * user acts under; without it the strongest of the user's roles on the
 * action is chosen (ties: the earlier role in authority_roles). v is always
 * filled (holders even when allowed).
 */
enum authority_result authority_check(const struct authority_matrix *m, const char *action, enum authority_power need,
                                      const char *const *roles, size_t nroles, const char *prefer,
                                      struct authority_verdict *v);

/*
 * authority_refusal_text - the bilingual sentence for a refusal, e.g.
 * 「システム停止の命令権限は CISO にあります / the authority to order system stop
 * lies with: CISO」, into buf (always NUL-terminated, cut at a UTF-8
 * character boundary when too long). action_ja/en are the action's labels.
 */
void authority_refusal_text(char *buf, size_t len, const char *action_ja, const char *action_en,
                            enum authority_power need, const struct authority_verdict *v);

/*
 * authority_decision_text - the journal sentence for a decision, e.g.
 * 「CISO としてシステム停止を命令 / ordered system stop as CISO」 (same
 * buffer rules).
 */
void authority_decision_text(char *buf, size_t len, const char *action_ja, const char *action_en,
                             enum authority_power outcome, const char *role);

#endif
