/*
 * The scheduler thread inside `hikeshi serve` (see scheduler.h): a pass at
 * start-up, then one every [scheduler] interval seconds, until stopped.
 * Each pass asks the database what is due (SLA timers, escalation climbs,
 * review reminders, scheduled reports), so the thread keeps no state of
 * its own: a restart picks up exactly where the database says.
 *
 * Waiting is a timed wait on a condition variable (monotonic clock), so
 * app_scheduler_stop() wakes it at once; a pass under way is finished
 * first (its write jobs are short).
 */
#include "app/scheduler.h"

#include "lib/config.h"
#include "lib/log.h"
#include "lib/timeutil.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int running; /* the thread exists */
	int stop;    /* set under mu */
	struct db *db;
	const struct config *cfg;
} sched = {.mu = PTHREAD_MUTEX_INITIALIZER};

int app_scheduler_pass(struct db *db, const struct config *cfg, int64_t now)
{
	int rc = 0;
	if (app_sla_pass(db, cfg, now) < 0) {
		log_warn("scheduler: the SLA pass failed");
		rc = -1;
	}
	if (app_escalation_pass(db, cfg, now) < 0) {
		log_warn("scheduler: the escalation pass failed");
		rc = -1;
	}
	if (app_contact_review_pass(db, cfg, now) < 0) {
		log_warn("scheduler: the contact review pass failed");
		rc = -1;
	}
	if (app_report_schedule_pass(db, cfg, now) < 0) {
		log_warn("scheduler: the report schedule pass failed");
		rc = -1;
	}
	return rc;
}

static void *scheduler_main(void *arg)
{
	(void)arg;
	int interval = sched.cfg->scheduler_interval > 0 ? sched.cfg->scheduler_interval : 30;
	pthread_mutex_lock(&sched.mu);
	while (!sched.stop) {
		pthread_mutex_unlock(&sched.mu);
		app_scheduler_pass(sched.db, sched.cfg, time_now());
		pthread_mutex_lock(&sched.mu);
		struct timespec wake;
		clock_gettime(CLOCK_MONOTONIC, &wake);
		wake.tv_sec += interval;
		while (!sched.stop && pthread_cond_timedwait(&sched.cv, &sched.mu, &wake) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&sched.mu);
	return NULL;
}

int app_scheduler_start(struct db *db, const struct config *cfg, char *err, size_t errlen)
{
	if (sched.running) {
		snprintf(err, errlen, "the scheduler is already running");
		return -1;
	}
	sched.db = db;
	sched.cfg = cfg;
	sched.stop = 0;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&sched.cv, &ca);
	pthread_condattr_destroy(&ca);
	int rc = pthread_create(&sched.thread, NULL, scheduler_main, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&sched.cv);
		snprintf(err, errlen, "cannot start the scheduler thread: %s", strerror(rc));
		return -1;
	}
	sched.running = 1;
	log_info("scheduler: a pass every %d s", cfg->scheduler_interval);
	return 0;
}

void app_scheduler_stop(void)
{
	if (!sched.running)
		return;
	pthread_mutex_lock(&sched.mu);
	sched.stop = 1;
	pthread_cond_signal(&sched.cv);
	pthread_mutex_unlock(&sched.mu);
	pthread_join(sched.thread, NULL);
	pthread_cond_destroy(&sched.cv);
	sched.running = 0;
}
