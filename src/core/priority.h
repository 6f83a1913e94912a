/*
 * priority.h - impact, urgency and the priority matrix (影響度・緊急度・優先度).
 *
 * Triage rates an incident's impact and urgency as low/medium/high and
 * reads its priority P1..P4 from a 3x3 matrix. The team may replace the
 * default matrix in its settings; this module keeps the matrix as plain
 * data so that the store can persist it. No I/O.
 */
#ifndef HIKESHI_CORE_PRIORITY_H
#define HIKESHI_CORE_PRIORITY_H

enum level { LEVEL_LOW, LEVEL_MEDIUM, LEVEL_HIGH };
#define LEVEL_COUNT 3

/* P1 is the most urgent. */
enum priority { PRIO_P1, PRIO_P2, PRIO_P3, PRIO_P4 };
#define PRIO_COUNT 4

/* level_parse - "low", "medium", "high" (case-insensitive). 0 / -1. */
int level_parse(const char *s, enum level *out);
/* level_name - "low", "medium", "high"; "" if invalid. */
const char *level_name(enum level l);
/* level_label_ja - 低, 中, 高; "" if invalid. */
const char *level_label_ja(enum level l);

/* priority_parse - "P1".."P4" (case-insensitive). 0 / -1. */
int priority_parse(const char *s, enum priority *out);
/* priority_name - "P1".."P4"; "" if invalid. */
const char *priority_name(enum priority p);
/* priority_label_ja - P1 緊急, P2 高, P3 中, P4 低; "" if invalid. */
const char *priority_label_ja(enum priority p);
/* priority_label_en - critical, high, medium, low; "" if invalid. */
const char *priority_label_en(enum priority p);

/* cell[impact][urgency]. */
struct priority_matrix {
	enum priority cell[3][3];
};

/*
 * priority_matrix_default - fill m with the default matrix:
 * high/high = P1; high/medium, medium/high = P2;
 * high/low, medium/medium, low/high = P3; medium/low, low/medium,
 * low/low = P4 (impact/urgency).
 */
void priority_matrix_default(struct priority_matrix *m);

/*
 * priority_matrix_valid - 1 when every cell holds P1..P4, else 0. Use it
 * on a matrix read from settings before priority_compute.
 */
int priority_matrix_valid(const struct priority_matrix *m);

/*
 * priority_compute - the priority for (impact, urgency) from m (or from
 * the default matrix when m is NULL). Out-of-range levels or cells give
 * PRIO_P1, so that a corrupt setting errs on the side of attention.
 */
enum priority priority_compute(const struct priority_matrix *m, enum level impact, enum level urgency);

#endif
