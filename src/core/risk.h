/*
 * risk.h - the risk-tolerance assessment (リスク許容度の評価; seed 003
 * (参考) 組織のリスク許容度の評価と管理策の実装).
 *
 * The items, their scales, the scoring rule and the priority matrix
 * proposed for each profile live in data/risk/tolerance.json; this module
 * checks that document and scores a set of answers. The rule (stated in
 * the data file too): each answer scores 0..2 points by its closeness to
 * the item's low_tolerance_at end (2 at that end, 0 at the other, 1 in the
 * middle); index = floor(1000 * points / (2 * items)); index >= the
 * rule's low threshold gives the profile "low", <= its high threshold
 * "high", anything between "medium". Pure: no I/O.
 */
#ifndef HIKESHI_CORE_RISK_H
#define HIKESHI_CORE_RISK_H

#include "core/priority.h"

#include <jansson.h>
#include <stddef.h>

enum risk_profile { RISK_LOW, RISK_MEDIUM, RISK_HIGH };

struct risk_result {
	int points, max_points;
	int index; /* permille, 0..1000 */
	enum risk_profile profile;
	const json_t *profile_json; /* the profile's object in the model (borrowed) */
	struct priority_matrix matrix;
};

/*
 * risk_model_check - 0 when doc is a valid model: sections, scales with
 * levels valued 1..3 including both ends, items with unique codes, a known
 * scale and section and low_tolerance_at 1 or 3, the rule's thresholds,
 * and the three profiles, each with a valid 9-cell matrix. Otherwise -1
 * and a sentence in err.
 */
int risk_model_check(const json_t *doc, char *err, size_t errlen);

/* risk_profile_name - "low", "medium", "high"; "" if invalid. */
const char *risk_profile_name(enum risk_profile p);

/*
 * risk_matrix_parse - a {"cells":[{impact, urgency, priority} x 9]} object
 * into m; 0, or -1 when a cell is missing, repeated or invalid.
 */
int risk_matrix_parse(const json_t *obj, struct priority_matrix *m);

/*
 * risk_score - scores answers ({item code: scale value}) against a checked
 * model. Every item must be answered with one of its scale's values and
 * no unknown code may appear; each problem is appended to errors (an
 * array) as {"field":"answers.<code>","message"}. 0 with res filled, or -1
 * when errors were added.
 */
int risk_score(const json_t *model, const json_t *answers, struct risk_result *res, json_t *errors);

#endif
