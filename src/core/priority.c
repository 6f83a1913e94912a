/*
 * priority.c - impact x urgency -> priority.
 *
 * The matrix is the ITIL-style 3x3 grid most Japanese CSIRT guides print
 * in their triage procedure. It is data, not code, so a team can tune it
 * without a release; priority_compute never trusts the data blindly.
 */
#include "core/priority.h"

#include <stddef.h>
#include <strings.h>

static const char *const level_names[LEVEL_COUNT] = {"low", "medium", "high"};
static const char *const level_ja[LEVEL_COUNT] = {"低", "中", "高"};
static const char *const prio_names[PRIO_COUNT] = {"P1", "P2", "P3", "P4"};
static const char *const prio_ja[PRIO_COUNT] = {"緊急", "高", "中", "低"};
static const char *const prio_en[PRIO_COUNT] = {"critical", "high", "medium", "low"};

/* [impact][urgency], indices low=0, medium=1, high=2. */
static const enum priority default_cells[LEVEL_COUNT][LEVEL_COUNT] = {
        /* impact low:    urgency low, medium, high */
        {PRIO_P4, PRIO_P4, PRIO_P3},
        /* impact medium */
        {PRIO_P4, PRIO_P3, PRIO_P2},
        /* impact high */
        {PRIO_P3, PRIO_P2, PRIO_P1},
};

static int level_valid(enum level l)
{
	return (int)l >= 0 && (int)l < LEVEL_COUNT;
}

static int prio_valid(enum priority p)
{
	return (int)p >= 0 && (int)p < PRIO_COUNT;
}

int level_parse(const char *s, enum level *out)
{
	if (s == NULL || out == NULL)
		return -1;
	for (int i = 0; i < LEVEL_COUNT; i++) {
		if (strcasecmp(s, level_names[i]) == 0) {
			*out = (enum level)i;
			return 0;
		}
	}
	return -1;
}

const char *level_name(enum level l)
{
	return level_valid(l) ? level_names[l] : "";
}

const char *level_label_ja(enum level l)
{
	return level_valid(l) ? level_ja[l] : "";
}

int priority_parse(const char *s, enum priority *out)
{
	if (s == NULL || out == NULL)
		return -1;
	for (int i = 0; i < PRIO_COUNT; i++) {
		if (strcasecmp(s, prio_names[i]) == 0) {
			*out = (enum priority)i;
			return 0;
		}
	}
	return -1;
}

const char *priority_name(enum priority p)
{
	return prio_valid(p) ? prio_names[p] : "";
}

const char *priority_label_ja(enum priority p)
{
	return prio_valid(p) ? prio_ja[p] : "";
}

const char *priority_label_en(enum priority p)
{
	return prio_valid(p) ? prio_en[p] : "";
}

void priority_matrix_default(struct priority_matrix *m)
{
	if (m == NULL)
		return;
	for (int i = 0; i < LEVEL_COUNT; i++)
		for (int u = 0; u < LEVEL_COUNT; u++)
			m->cell[i][u] = default_cells[i][u];
}

int priority_matrix_valid(const struct priority_matrix *m)
{
	if (m == NULL)
		return 0;
	for (int i = 0; i < LEVEL_COUNT; i++)
		for (int u = 0; u < LEVEL_COUNT; u++)
			if (!prio_valid(m->cell[i][u]))
				return 0;
	return 1;
}

enum priority priority_compute(const struct priority_matrix *m, enum level impact, enum level urgency)
{
	/* Bad input errs towards attention rather than towards burying it. */
	if (!level_valid(impact) || !level_valid(urgency))
		return PRIO_P1;
	enum priority p = m != NULL ? m->cell[impact][urgency] : default_cells[impact][urgency];
	return prio_valid(p) ? p : PRIO_P1;
}
