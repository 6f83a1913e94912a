/*
 * demo.h - a realistic demonstration data set for a Japanese in-house CSIRT.
 *
 * `hikeshi demo` (and `make run`) fill a database with what a year of work
 * looks like for the CSIRT of a group of companies: constituencies with
 * their departments, handlers and a CISO, incidents in every status and
 * category with their reports, journal and tasks, and reports still
 * waiting for triage. The same generator fills 100k or 1M incidents for
 * the benchmarks, so it writes in chunks and keeps only a small window of
 * data in memory. The data set is reproducible: the same options give
 * the same rows.
 */
#ifndef HIKESHI_APP_DEMO_H
#define HIKESHI_APP_DEMO_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define DEMO_DEFAULT_INCIDENTS  300
#define DEMO_DEFAULT_SEED       20261122u
#define DEMO_DEFAULT_UTC_OFFSET 540 /* Asia/Tokyo */
/* Keys stay at 5 digits per year up to 99,999; the cap only guards memory and
 * time against a typo on the command line. */
#define DEMO_MAX_INCIDENTS 10000000

struct demo_options {
	int incidents;          /* how many incidents (0: organisation and users only) */
	uint64_t seed;          /* seed of the deterministic generator */
	int64_t now;            /* "today" in unix seconds; data spans the 12 months before it */
	int utc_offset_minutes; /* the team's offset from UTC: keys' years, office hours */
};

/* demo_options_default - 300 incidents, seed 20261122, now = the current
 * time, UTC offset +09:00. */
void demo_options_default(struct demo_options *o);

/*
 * demo_load - load the demo data set into db (an opened database on which
 * `hikeshi init` has run: taxonomy, priority matrix, admin user).
 *
 * Constituencies with their org units are created only when the
 * constituency table is empty, users only when the admin is the only user;
 * otherwise the existing ones are used. Incidents and reports continue the
 * per-year key sequences (key_seq), so loading twice, or into a database
 * in use, gives new keys. Writes run as db_write jobs of about 2000
 * incidents each (a failure keeps the chunks already committed, and
 * key_seq always matches the keys written). Ends with one audit row
 * ("demo.load"). Progress goes to the log for large sizes.
 *
 * Returns 0, or -1 with a message for the user in err.
 */
int demo_load(struct db *db, const struct demo_options *o, char *err, size_t errlen);

/*
 * demo_intake - a few mails as they reach the team's address (Japanese
 * and English reports, a coordination centre's notice, a follow-up that
 * threads into its report, a bounce, a message without From), fed through
 * the mail intake use case. cfg's team_address is used, or a .example one.
 * 0, or -1 with a message in err.
 */
struct config;
int demo_intake(struct db *db, const struct config *cfg, char *err, size_t errlen);

/*
 * demo_contacts - the contact network (連絡体制図) of the demo organisation:
 * internal key persons and on-call members, external bodies, some overdue
 * for review (reviewed_at relative to o->now). Only into an empty directory.
 * 0, or -1 with a message in err.
 */
int demo_contacts(struct db *db, const struct demo_options *o, char *err, size_t errlen);

/*
 * demo_escalation - the escalation matrix of the demo organisation (rules
 * over priority, personal data, SLA breach and category to 法務, 経営層,
 * the CISO and the CSIRT lead; mail only), only when no rule exists; and
 * the organisational roles of the demo users "ciso" (ciso) and "sato"
 * (csirt_lead) when they hold none. 0, or -1 with a message in err.
 */
int demo_escalation(struct db *db, char *err, size_t errlen);

#endif
