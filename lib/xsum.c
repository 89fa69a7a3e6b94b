/*
 * xsum.c - the exact sum of doubles.  See xsum.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "xsum.h"

void
xsum_free(xsum *s)
{
	if (s->cap > 0)
		free(s->u.heap);
	xsum_init(s);
}

static double *
parts(xsum *s)
{
	return s->cap > 0 ? s->u.heap : s->u.in;
}

const double *
xsum_parts(const xsum *s, size_t *n)
{
	*n = s->n;
	return s->cap > 0 ? s->u.heap : s->u.in;
}

/* Room for more parts than the n of s: the parts move to the heap. */
static double *
grow(xsum *s)
{
	double *p;

	if (s->cap == 0) {
		p = rfm_xmalloc(2 * XSUM_IN * sizeof *p);
		memcpy(p, s->u.in, s->n * sizeof *p);
		s->u.heap = p;
		s->cap = 2 * XSUM_IN;
	} else {
		s->cap *= 2;
		s->u.heap = rfm_xrealloc(s->u.heap, s->cap * sizeof *p);
	}
	return s->u.heap;
}

int
xsum_add(xsum *s, double v)
{
	double *p = parts(s), a, b, hi, lo;
	uint32_t i, j = 0;

	/*
	 * v runs up through the parts: each step splits a + b exactly into
	 * its rounded sum hi and the error lo (|a| >= |b|), keeps lo as a
	 * part when it is not 0, and carries hi on.
	 */
	for (i = 0; i < s->n; i++) {
		a = v;
		b = p[i];
		if (fabs(a) < fabs(b)) {
			a = p[i];
			b = v;
		}
		hi = a + b;
		lo = b - (hi - a);
		if (lo != 0)
			p[j++] = lo;
		v = hi;
	}
	s->n = j;
	if (j == (s->cap > 0 ? s->cap : XSUM_IN))
		p = grow(s);
	p[s->n++] = v;
	return isfinite(v) ? 0 : -1;
}

int
xsum_add_sum(xsum *s, const xsum *t)
{
	const double *p;
	size_t i, n;
	int rc = 0;

	p = xsum_parts(t, &n);
	for (i = 0; i < n; i++)
		rc |= xsum_add(s, p[i]);
	return rc;
}

double
xsum_value(const xsum *s)
{
	size_t n;
	const double *p = xsum_parts(s, &n);
	double hi, lo = 0, x, y;

	if (n == 0)
		return 0;
	/* From the top, add parts until one does not fit in the sum... */
	hi = p[--n];
	while (n > 0) {
		x = hi;
		y = p[--n];
		hi = x + y;
		lo = y - (hi - x);
		if (lo != 0)
			break;
	}
	/*
	 * ... then, when hi + lo was halfway between two doubles and
	 * rounded to even, the parts below lo, of its sign, say the exact
	 * sum is past the half: round the other way.
	 */
	if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
		y = lo * 2;
		x = hi + y;
		if (y == x - hi)
			hi = x;
	}
	return hi == 0 ? 0 : hi;
}
