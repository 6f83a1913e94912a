/*
 * evaluation.h - the CSIRT evaluation (CSIRT評価, seed 004): a
 * self-assessment over the items of the NCA survey (seed 002 table 1.3.1),
 * scored by area, mapped to SIM3 levels, compared with the survey's
 * published figures, and turned into an improvement roadmap (ロードマップ
 * 作成, seed 004).
 *
 * The items, scales, SIM3 mapping, figures and the rule live in
 * data/evaluation/survey.json; the services in data/build/services.json.
 * This module checks those documents, validates and scores answers and
 * writes the report. Pure: no I/O; the same inputs give the same output.
 */
#ifndef HIKESHI_CORE_EVALUATION_H
#define HIKESHI_CORE_EVALUATION_H

#include <jansson.h>
#include <stddef.h>

/*
 * evaluation_model_check - 0 when model (survey.json) and services
 * (services.json) agree with each other and are complete: known areas,
 * scales, owners and SIM3 parameters; scored options valued 0..4; scored
 * items with a target, an owner and an action. Otherwise -1 and a sentence
 * in err.
 */
int evaluation_model_check(const json_t *model, const json_t *services, char *err, size_t errlen);

/*
 * evaluation_date_add_months - date ("YYYY-MM-DD") plus months, the day
 * clamped to the last day of the resulting month, into out (11 bytes).
 * 0, or -1 when date is not a valid date.
 */
int evaluation_date_add_months(const char *date, int months, char out[11]);

/*
 * evaluation_score - validates answers ({item code: letter, ...,
 * "services": {service code: provision}}) against checked documents.
 * Every item and service must be answered with a known value and nothing
 * unknown may appear; each problem is appended to errors as
 * {"field": "answers.<code>" or "answers.services.<code>", "message"}.
 * date ("YYYY-MM-DD") is the evaluation date the roadmap's target dates
 * count from. Returns 0 with *out a new object {overall, areas, items,
 * sim3, comparison, services, roadmap}, or -1 (errors added, *out NULL).
 */
int evaluation_score(const json_t *model, const json_t *services, const json_t *answers, const char *date, json_t **out,
                     json_t *errors);

/*
 * evaluation_markdown - the evaluation report in lang ("ja" or "en";
 * anything else: "ja") as Markdown. ev is {id, created_at, created_by_name,
 * note, results, roadmap} as the API returns it; user text (the note, the
 * roadmap's owners) is escaped. malloc'd, NULL on out-of-memory.
 */
char *evaluation_markdown(const json_t *model, const json_t *ev, const char *lang);

#endif
