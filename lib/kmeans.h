/*
 * kmeans.h - k-means clustering, exact and reproducible.
 *
 * What scikit-learn's KMeans does: greedy k-means++ seeding (2 + floor(ln
 * k) local trials per centre), Lloyd iterations until no label changes or
 * the squared centre shift is at most tol x the mean feature variance,
 * empty clusters given the points farthest from their centres, several
 * restarts keeping the lowest inertia; and then, unless told not to, the
 * restart kept goes on until no label changes (it "polishes"), which can
 * only lower its inertia.  Hamerly's algorithm gives exactly
 * Lloyd's labels and centres (its bounds carry a safety margin, so a
 * point is only skipped when Lloyd would keep its label), faster.
 *
 * Every sum is taken over fixed chunks of points and combined in chunk
 * order, and every restart has its own random stream, so the result is
 * the same with any number of threads, on any machine.
 */
#ifndef RFMKIT_KMEANS_H
#define RFMKIT_KMEANS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum { KM_INIT_KMEANSPP, KM_INIT_RANDOM, KM_INIT_GIVEN };
enum { KM_AUTO, KM_LLOYD, KM_HAMERLY };

/* The names of the KM_INIT_* a user can choose (not KM_INIT_GIVEN), and
 * of the KM_* algorithms, as the options and the model file spell them. */
extern const char *const km_init_name[2];
extern const char *const km_algorithm_name[3];

/* Labels are 16-bit: k is at most KM_MAX_K. */
#define KM_MAX_K 65535

typedef struct km_opts {
	size_t k;
	int n_init;             /* restarts; 1 with KM_INIT_GIVEN */
	int max_iter;
	double tol;             /* relative, as scikit-learn's */
	uint64_t seed;
	int init;               /* KM_INIT_* */
	const double *given;    /* k x d centres for KM_INIT_GIVEN */
	int polish;             /* go on with the restart kept until no
				 * label changes */
	int algorithm;          /* KM_* */
	size_t screen;          /* restarts on a sample of this many rows
				 * when there are more than twice as many
				 * (0: never); see km_fit */
	int nthreads;
} km_opts;

/* The restarts screened on a sample that go on with every row. */
#define KM_SCREEN_KEEP 3

typedef struct km_result {
	size_t k, d;
	double *centres;        /* k x d */
	size_t *sizes;          /* points per cluster */
	double inertia;         /* sum of squared distances to the centres */
	int iterations;         /* of the restart kept, polish included */
	int polished;           /* iterations of the polish */
	int converged;          /* it stopped before max_iter */
	int algorithm;          /* KM_LLOYD or KM_HAMERLY, as run */
	int best_init;          /* the restart kept, from 0 */
	size_t screened;        /* rows of the sample the restarts were
				 * screened on, or 0 */
} km_result;

/*
 * Cluster the n x d row-major matrix x.  labels (n entries) receives each
 * point's cluster.  x is normalised in place during the fit (see
 * km_normalise) and restored before returning; centres and inertia are
 * in x's own units.  Clusters come in the order of their starting centres;
 * km_canonical reorders them.  With more than 2 x o->screen rows (and
 * o->screen > 0), the restarts iterate from their starting centres on a
 * uniform sample of o->screen rows (the random stream after theirs); the
 * KM_SCREEN_KEEP best there go on with every row, and the best of those
 * is kept.  Returns RFM_OK or
 * RFM_EDATA (with e: k < 1, k > KM_MAX_K, fewer distinct points than k).
 */
int km_fit(double *x, size_t n, size_t d, const km_opts *o,
    km_result *res, uint16_t *labels, rfm_error *e);

/*
 * What km_fit requires of x (n x d) for k clusters, checked as it checks
 * it: RFM_OK, or RFM_EDATA with e as km_fit gives it.  A caller that
 * must refuse every k of a range before any is fitted checks the
 * largest.
 */
int km_check(const double *x, size_t n, size_t d, size_t k, rfm_error *e);

/*
 * Scale x in place by a power of two so that its largest value lies in
 * [0.5, 1) (exact in binary floating point, so k-means gives the same
 * labels, and squared distances of values like 1e-300 no longer
 * underflow to 0).  Returns the exponent e to undo it with km_unscale.
 */
int km_normalise(double *x, size_t count);
void km_unscale(double *x, size_t count, int e);

/*
 * Renumber the clusters in the canonical order: by centre, comparing the
 * first coordinate, then the second, and so on (ascending).  perm, if not
 * NULL, receives the old id of each new id.
 */
void km_canonical(km_result *res, uint16_t *labels, size_t n, size_t *perm);

/*
 * The largest size a coordinate of n points in d dimensions may have:
 * below it every squared distance, and every sum of them over the points
 * (inertia, variances), stays finite.
 */
double km_value_limit(size_t n, size_t d);

/* The index in x of the first of its n x d values that is not below
 * km_value_limit(n, d) in size, or n x d when every one is. */
size_t km_too_large(const double *x, size_t n, size_t d);

/* The number of distinct rows of x, counting no further than stop. */
size_t km_distinct(const double *x, size_t n, size_t d, size_t stop);

void km_result_free(km_result *res);

/*
 * Squared Euclidean distance, the one formula every step uses: the
 * squares added from the first coordinate on.  The small dimensions are
 * written out (the same sums in the same order) so that callers with a
 * constant d get straight-line code.
 */
static inline double
km_sqdist(const double *a, const double *b, size_t d)
{
	double s, t0, t1, t2, t3;
	size_t i;

	switch (d) {
	case 1:
		t0 = a[0] - b[0];
		return t0 * t0;
	case 2:
		t0 = a[0] - b[0];
		t1 = a[1] - b[1];
		return t0 * t0 + t1 * t1;
	case 3:
		t0 = a[0] - b[0];
		t1 = a[1] - b[1];
		t2 = a[2] - b[2];
		return t0 * t0 + t1 * t1 + t2 * t2;
	case 4:
		t0 = a[0] - b[0];
		t1 = a[1] - b[1];
		t2 = a[2] - b[2];
		t3 = a[3] - b[3];
		return t0 * t0 + t1 * t1 + t2 * t2 + t3 * t3;
	}
	s = 0;
	for (i = 0; i < d; i++) {
		t0 = a[i] - b[i];
		s += t0 * t0;
	}
	return s;
}

#endif
