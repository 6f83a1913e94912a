/*
 * axis.h - "nice" value axes for charts: given the smallest and largest
 * value to show, choose a round step (1, 2, 2.5 or 5 times a power of ten)
 * and an axis range of whole steps that contains both and zero. Pure
 * arithmetic, no drawing, so it is unit-tested on its own.
 */
#ifndef HIKESHI_REPORT_AXIS_H
#define HIKESHI_REPORT_AXIS_H

struct chart_axis {
	double min, max, step; /* min and max are whole multiples of step */
	int nticks;            /* ticks from min to max inclusive: (max-min)/step + 1 */
};

/*
 * chart_axis_nice - fill *ax for values in [lo, hi] with at most max_ticks
 * ticks (clamped to 3..20). The range always includes 0 (bar charts grow
 * from zero). NaN or infinite input counts as 0; lo > hi is swapped; an
 * empty range (all zero) gives 0..1 in steps of 0.2 (or the like).
 */
void chart_axis_nice(double lo, double hi, int max_ticks, struct chart_axis *ax);

/*
 * chart_axis_label - format a tick value v on an axis of step `step` with
 * as many decimals as the step needs (0 for whole steps) and thousands
 * separators in the integer part ("12,500", "0.25", "-1,000"). 0 / -1 when
 * the buffer is too small.
 */
int chart_axis_label(double v, double step, char *out, unsigned outlen);

#endif
