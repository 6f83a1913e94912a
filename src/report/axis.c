/*
 * axis.c - nice round axis steps and tick labels for the charts (see
 * axis.h). Pure arithmetic.
 */
#include "report/axis.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Relative slack for floor/ceil on quotients like 0.3 / 0.1 = 2.9999... */
#define AXIS_EPS 1e-9

static double finite_or_zero(double v)
{
	return isfinite(v) ? v : 0.0;
}

void chart_axis_nice(double lo, double hi, int max_ticks, struct chart_axis *ax)
{
	static const double mult[] = {1, 2, 2.5, 5, 10};
	lo = finite_or_zero(lo);
	hi = finite_or_zero(hi);
	if (lo > hi) {
		double t = lo;
		lo = hi;
		hi = t;
	}
	if (lo > 0)
		lo = 0;
	if (hi < 0)
		hi = 0;
	if (lo == hi)
		hi = 1;
	if (max_ticks < 3)
		max_ticks = 3;
	if (max_ticks > 20)
		max_ticks = 20;
	double raw = (hi - lo) / (max_ticks - 1);
	double mag = pow(10, floor(log10(raw)));
	for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
		double step = mult[i] * mag;
		double a = floor(lo / step + AXIS_EPS) * step;
		double b = ceil(hi / step - AXIS_EPS) * step;
		int n = (int)lround((b - a) / step) + 1;
		if (n <= max_ticks || i + 1 == sizeof mult / sizeof mult[0]) {
			ax->min = a == 0 ? 0 : a; /* no -0 */
			ax->max = b == 0 ? 0 : b;
			ax->step = step;
			ax->nticks = n;
			return;
		}
	}
}

/* Decimals needed to show multiples of step exactly (0..6). */
static int step_decimals(double step)
{
	for (int d = 0; d < 6; d++) {
		double s = step * pow(10, d);
		if (fabs(s - round(s)) < AXIS_EPS * (s > 1 ? s : 1))
			return d;
	}
	return 6;
}

int chart_axis_label(double v, double step, char *out, unsigned outlen)
{
	char tmp[64];
	int d = isfinite(step) && step > 0 ? step_decimals(step) : 2;
	if (!isfinite(v))
		v = 0;
	if (fabs(v) < step * AXIS_EPS)
		v = 0;
	int n = snprintf(tmp, sizeof tmp, "%.*f", d, v);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return -1;
	if (strcmp(tmp, "-0") == 0 || (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1)))
		memmove(tmp, tmp + 1, strlen(tmp));
	const char *digits = tmp[0] == '-' ? tmp + 1 : tmp;
	size_t intlen = strcspn(digits, ".");
	unsigned o = 0;
	for (const char *p = tmp; *p; p++) {
		if (o + 2 >= outlen)
			return -1;
		out[o++] = *p;
		size_t pos = (size_t)(p - digits); /* index within the digits */
		if (p >= digits && pos + 1 < intlen && (intlen - pos - 1) % 3 == 0)
			out[o++] = ',';
	}
	out[o] = '\0';
	return 0;
}
