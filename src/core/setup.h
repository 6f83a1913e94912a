/*
 * setup.h - the questions to settle when building the CSIRT (seed 000
 * (参考) 検討すべき事項一覧 and the six things of seed 002 §4), kept as data
 * in data/build/questions.json, and the rules on their answers: checking a
 * section's answers against the question definitions and the service list
 * (data/build/services.json), and the calendar arithmetic behind the
 * report schedule and the review calendar (Asia/Tokyo, which has no DST:
 * a fixed UTC+9). Pure: no I/O.
 */
#ifndef HIKESHI_CORE_SETUP_H
#define HIKESHI_CORE_SETUP_H

#include <jansson.h>
#include <stdint.h>

#define SETUP_TEXT_MAX       8000 /* bytes of a free-text answer */
#define SETUP_LIST_MAX       200  /* entries of a list answer */
#define SETUP_RECIPIENTS_MAX 50   /* addresses of one report schedule */
#define SETUP_JST_OFFSET     (9 * 3600)

/* The section with code (borrowed), or NULL. */
const json_t *setup_section(const json_t *questions, const char *code);
/* The question with id in section (borrowed), or NULL. */
const json_t *setup_question(const json_t *section, const char *id);

/*
 * setup_check_answers - checks answers (an object of question id to value;
 * null removes an answer) for section against the definitions. Appends
 * {"field","message"} objects to errors, fields named like
 * "answers.services[3].provision". Returns the number of errors added.
 */
size_t setup_check_answers(const json_t *questions, const json_t *services, const json_t *section,
                           const json_t *answers, json_t *errors);

/* Months between reviews for a review frequency code (monthly 1 ...
 * less_than_yearly 24); 0 for "none", -1 for an unknown code. */
int setup_review_months(const char *freq);

/* t plus months calendar months in JST, the day clamped to the month's
 * last day and the time of day kept. */
int64_t setup_add_months(int64_t t, int months);

/*
 * setup_next_run - the first run strictly after now of a report schedule
 * running on day (1-28) at hour:minute JST in the months of frequency:
 * monthly every month, quarterly Jan/Apr/Jul/Oct, half_yearly Apr/Oct,
 * yearly April (the Japanese fiscal year). -1 for an unknown frequency.
 */
int64_t setup_next_run(const char *frequency, int day, int hour, int minute, int64_t now);

/* "HH:MM" (00:00-23:59) into *hour, *minute; 0 / -1. */
int setup_parse_hhmm(const char *s, int *hour, int *minute);

#endif
