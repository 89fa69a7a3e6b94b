/*
 * csum.h - compensated summation, the two kinds rfmkit needs.
 *
 * s is the running sum and c the part of the additions that did not fit
 * in it; the total is s + c (Neumaier) or s (Kahan, whose c is the error
 * still to be taken back from the next addition).
 */
#ifndef RFMKIT_CSUM_H
#define RFMKIT_CSUM_H

#include <math.h>

/*
 * Neumaier's addition: accurate whatever the order of magnitudes, so a
 * large value added and taken away again leaves the small ones intact.
 */
static inline void
csum_neumaier(double *s, double *c, double v)
{
	double t = *s + v;

	if (fabs(*s) >= fabs(v))
		*c += (*s - t) + v;
	else
		*c += (v - t) + *s;
	*s = t;
}

/* Kahan's addition, step for step as pandas' groupby sum and mean. */
static inline void
csum_kahan(double *s, double *c, double v)
{
	double y = v - *c, t = *s + y;

	*c = t - *s - y;
	*s = t;
}

#endif
