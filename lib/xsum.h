/*
 * xsum.h - the exact sum of doubles, the same whatever their order.
 *
 * The sum is kept as an expansion: parts that do not overlap, in
 * increasing magnitude, whose exact sum is the sum of every value added
 * (Shewchuk's grow-expansion, as Python's math.fsum keeps it).  Adding is
 * exact, so sums of the same values in any order and any grouping are
 * the same number, and xsum_value rounds it once, to nearest.  A
 * customer's money needs one or two parts; more spill to the heap.
 */
#ifndef RFMKIT_XSUM_H
#define RFMKIT_XSUM_H

#include <stddef.h>
#include <stdint.h>

#define XSUM_IN 2

typedef struct xsum {
	uint32_t n;            /* parts in use */
	uint32_t cap;          /* 0: the parts are in[]; else heap's size */
	union {
		double in[XSUM_IN];
		double *heap;
	} u;
} xsum;

static inline void
xsum_init(xsum *s)
{
	s->n = s->cap = 0;
}

void xsum_free(xsum *s);

/* Add v; returns 0, or -1 when the sum is out of the range of a double
 * (then the sum is no longer exact). */
int xsum_add(xsum *s, double v);

/* Add every part of t to s; returns as xsum_add. */
int xsum_add_sum(xsum *s, const xsum *t);

/* The parts, n of them, in increasing magnitude. */
const double *xsum_parts(const xsum *s, size_t *n);

/* The exact sum rounded to the nearest double (ties to even); 0 is +0. */
double xsum_value(const xsum *s);

#endif
