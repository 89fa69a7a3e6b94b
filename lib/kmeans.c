/*
 * kmeans.c - k-means++ seeding, Lloyd and Hamerly iterations, empty
 * cluster repair, restarts and the canonical order of clusters.
 */
#include "kmeans.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csum.h"
#include "pfor.h"
#include "rng.h"
#include "strmap.h"

/* Points per task: the unit of every sum, fixed so sums never depend on
 * the number of threads. */
#define CHUNK 8192

/*
 * Hamerly's bounds are widened by this relative margin at every update,
 * far more than the rounding of a distance (a few 1e-16) or of a float
 * (2^-24), so a point is skipped only when its label is certain to be
 * Lloyd's.
 */
#define MARGIN (1.0 / (1 << 20))

/* How many points ahead to fetch coordinates. */
#define PREFETCH 8

typedef struct fit {
	const double *x;
	size_t n, d, k, nchunks;
	pfor *pool;
	double *c, *cnew;        /* k x d centres: current, next */
	uint16_t *lab;
	float *ub, *lb;          /* Hamerly bounds (share work with closest) */
	double *closest;         /* k-means++: squared distance to the nearest */
	void *work;              /* n doubles: closest, or ub and lb */
	double *half;            /* k: half the distance to the nearest centre */
	double *shift;           /* k: how far each centre moved */
	/*
	 * Hamerly's bounds are kept relative to running totals, so that a
	 * point that is skipped is only read: its upper bound is ub + U[a]
	 * (U[j] the sum of centre j's moves) and its lower bound lb - L (L
	 * the sum of the largest move of each iteration).
	 */
	double *U, L;
	double *csum, *ccomp;    /* per chunk: k x d sums (first pass) or
				  * their changes (later passes), with their
				  * compensations */
	long *ccount;            /* per chunk: k counts, or their changes */
	size_t *cchanged;        /* per chunk: labels changed */
	double *cpot;            /* per chunk: up to ntrial sums */
	int first;               /* the first assignment: every label is new */
	int hamerly;
	/* k-means++ candidates */
	const double *cand;
	size_t ncand;
	/* empty-cluster repair: the farthest points per chunk */
	size_t nfar;
	double *fdist;           /* per chunk: nfar distances */
	size_t *fidx;            /* per chunk: nfar indices */
} fit;

/*
 * A float at least v, and one at most v, whatever v's sign: the margin
 * covers the float's rounding (2^-24) many times over.  Outside the range
 * of normal floats (a distance of 1e-40, or of 1e40) the rounding is
 * checked and stepped outward, so a bound is never wrong, only looser.
 */
static float
bound_up(double v)
{
	float f = (float)(v + fabs(v) * MARGIN);

	return (double)f >= v ? f : nextafterf(f, INFINITY);
}

static float
bound_down(double v)
{
	float f = (float)(v - fabs(v) * MARGIN);

	return (double)f <= v ? f : nextafterf(f, -INFINITY);
}

static void
chunk_range(const fit *f, size_t t, size_t *lo, size_t *hi)
{
	*lo = t * CHUNK;
	*hi = *lo + CHUNK < f->n ? *lo + CHUNK : f->n;
}

/*
 * The hot passes are written once with the dimension d as a parameter and
 * inlined with d a constant for the usual small dimensions (RFM has 3),
 * so that the compiler unrolls the distance loop; the arithmetic, and so
 * every result, is the same for every d.
 */
#define INLINE static inline __attribute__((always_inline))
#define DISPATCH(body, f, t) do {					\
	switch ((f)->d) {						\
	case 1: body(f, t, 1); break;					\
	case 2: body(f, t, 2); break;					\
	case 3: body(f, t, 3); break;					\
	case 4: body(f, t, 4); break;					\
	default: body(f, t, (f)->d); break;				\
	}								\
} while (0)

/* All k distances of a point: the nearest (lowest id on ties) and the
 * second nearest squared distances. */
INLINE uint16_t
nearest(const fit *f, const double *xi, double *d1, double *d2, size_t d)
{
	double best = INFINITY, second = INFINITY, s;
	size_t j, a = 0;

	for (j = 0; j < f->k; j++) {
		s = km_sqdist(xi, f->c + j * d, d);
		if (s < best) {
			second = best;
			best = s;
			a = j;
		} else if (s < second) {
			second = s;
		}
	}
	*d1 = best;
	*d2 = second;
	return (uint16_t)a;
}

/*
 * Point i leaves cluster a for b: its coordinates move between the sums,
 * with Neumaier's compensated addition (csum.h), so that a point of 1e17
 * leaving a sum of small values does not take them with it.
 */
INLINE void
move(fit *f, double *sum, double *comp, long *count, const double *xi,
    size_t i, uint16_t a, uint16_t b, size_t d, size_t *changed)
{
	size_t j;

	f->lab[i] = b;
	for (j = 0; j < d; j++) {
		csum_neumaier(&sum[a * d + j], &comp[a * d + j], -xi[j]);
		csum_neumaier(&sum[b * d + j], &comp[b * d + j], xi[j]);
	}
	count[a]--;
	count[b]++;
	(*changed)++;
}

/*
 * Assignment over one chunk.  The first pass sums every point into its
 * cluster; later passes record only what moves (a point leaving cluster
 * a for b takes its coordinates from a's sum to b's), so the sums need
 * not be rebuilt from every point.  Lloyd and Hamerly move the same
 * points, so their sums, and centres, are the same.
 */
INLINE void
assign_body(fit *f, size_t t, size_t d)
{
	uint32_t todo[CHUNK];
	size_t lo, hi, i, j, q, ntodo = 0, changed = 0;
	double *sum = f->csum + t * f->k * d, d1, d2, m, u, l;
	double *comp = f->ccomp + t * f->k * d;
	long *count = f->ccount + t * f->k;
	const double *xi;
	uint16_t a, b;

	chunk_range(f, t, &lo, &hi);
	memset(sum, 0, f->k * d * sizeof *sum);
	memset(comp, 0, f->k * d * sizeof *comp);
	memset(count, 0, f->k * sizeof *count);
	for (i = lo; i < hi; i++) {
		xi = f->x + i * d;
		if (f->first) {
			b = nearest(f, xi, &d1, &d2, d);
			if (f->hamerly) {   /* U and L are 0 */
				f->ub[i] = bound_up(sqrt(d1));
				f->lb[i] = bound_down(sqrt(d2));
			}
			f->lab[i] = b;
			for (j = 0; j < d; j++)
				csum_neumaier(&sum[b * d + j], &comp[b * d + j],
				    xi[j]);
			count[b]++;
			changed++;
			continue;
		}
		a = f->lab[i];
		if (f->hamerly) {
			/* First the bounds, without touching the point. */
			u = (double)f->ub[i] + f->U[a];
			l = (double)f->lb[i] - f->L;
			m = f->half[a] > l ? f->half[a] : l;
			if (u >= m)
				todo[ntodo++] = (uint32_t)(i - lo);
			continue;
		}
		b = nearest(f, xi, &d1, &d2, d);
		if (b != a)
			move(f, sum, comp, count, xi, i, a, b, d, &changed);
	}
	/*
	 * Then the points whose bounds did not settle them, their coordinates
	 * fetched ahead: they are scattered, and each would otherwise wait
	 * for memory.
	 */
	for (q = 0; q < ntodo; q++) {
		if (q + PREFETCH < ntodo)
			__builtin_prefetch(f->x + (lo + todo[q + PREFETCH]) * d);
		i = lo + todo[q];
		xi = f->x + i * d;
		a = f->lab[i];
		l = (double)f->lb[i] - f->L;
		m = f->half[a] > l ? f->half[a] : l;
		/* Tighten the upper bound, then look at all. */
		u = sqrt(km_sqdist(xi, f->c + a * d, d)) * (1 + MARGIN);
		f->ub[i] = bound_up(u - f->U[a]);
		if (u < m)
			continue;
		b = nearest(f, xi, &d1, &d2, d);
		f->ub[i] = bound_up(sqrt(d1) * (1 + MARGIN) - f->U[b]);
		f->lb[i] = bound_down(sqrt(d2) * (1 - MARGIN) + f->L);
		if (b != a)
			move(f, sum, comp, count, xi, i, a, b, d, &changed);
	}
	f->cchanged[t] = changed;
}

static void
task_assign(void *ctx, size_t t)
{
	DISPATCH(assign_body, (fit *)ctx, t);
}

/* Labels only, from all k distances: the final E-step. */
INLINE void
label_body(fit *f, size_t t, size_t d)
{
	size_t lo, hi, i;
	double d1, d2;

	chunk_range(f, t, &lo, &hi);
	for (i = lo; i < hi; i++)
		f->lab[i] = nearest(f, f->x + i * d, &d1, &d2, d);
}

static void
task_label(void *ctx, size_t t)
{
	DISPATCH(label_body, (fit *)ctx, t);
}

static void
task_inertia(void *ctx, size_t t)
{
	fit *f = ctx;
	size_t lo, hi, i;
	double s = 0;

	chunk_range(f, t, &lo, &hi);
	for (i = lo; i < hi; i++)
		s += km_sqdist(f->x + i * f->d, f->c + f->lab[i] * f->d, f->d);
	f->cpot[t] = s;
}

/* k-means++: the potential of every candidate, over one chunk. */
INLINE void
candidates_body(fit *f, size_t t, size_t d)
{
	size_t lo, hi, i, j;
	double *pot = f->cpot + t * f->ncand, s;

	chunk_range(f, t, &lo, &hi);
	for (j = 0; j < f->ncand; j++)
		pot[j] = 0;
	for (i = lo; i < hi; i++)
		for (j = 0; j < f->ncand; j++) {
			s = km_sqdist(f->x + i * d, f->cand + j * d, d);
			pot[j] += s < f->closest[i] ? s : f->closest[i];
		}
}

static void
task_candidates(void *ctx, size_t t)
{
	DISPATCH(candidates_body, (fit *)ctx, t);
}

/* k-means++: closest distances after adding centre f->cand. */
INLINE void
closest_body(fit *f, size_t t, size_t d)
{
	size_t lo, hi, i;
	double s, pot = 0;

	chunk_range(f, t, &lo, &hi);
	for (i = lo; i < hi; i++) {
		s = km_sqdist(f->x + i * d, f->cand, d);
		if (f->first || s < f->closest[i])
			f->closest[i] = s;
		pot += f->closest[i];
	}
	f->cpot[t] = pot;
}

static void
task_closest(void *ctx, size_t t)
{
	DISPATCH(closest_body, (fit *)ctx, t);
}

/* The farthest points from their (old) centres, per chunk, farthest
 * first and on equal distance the higher index first (see repair_empty). */
static void
task_far(void *ctx, size_t t)
{
	fit *f = ctx;
	size_t lo, hi, i, j, n = 0;
	double *fd = f->fdist + t * f->nfar, s;
	size_t *fi = f->fidx + t * f->nfar;

	chunk_range(f, t, &lo, &hi);
	for (i = lo; i < hi; i++) {
		s = km_sqdist(f->x + i * f->d, f->c + f->lab[i] * f->d, f->d);
		if (n == f->nfar && s < fd[n - 1])
			continue;
		j = n < f->nfar ? n++ : n - 1;
		while (j > 0 && fd[j - 1] <= s) {
			fd[j] = fd[j - 1];
			fi[j] = fi[j - 1];
			j--;
		}
		fd[j] = s;
		fi[j] = i;
	}
	for (; n < f->nfar; n++) {
		fd[n] = -1;
		fi[n] = SIZE_MAX;
	}
}

static double
sum_chunks(const fit *f, size_t stride, size_t off)
{
	double s = 0;
	size_t t;

	for (t = 0; t < f->nchunks; t++)
		s += f->cpot[t * stride + off];
	return s;
}

/* Find the point where the running sum of closest reaches r. */
static size_t
sample_point(const fit *f, double r)
{
	double acc = 0;
	size_t t, lo, hi, i;

	for (t = 0; t + 1 < f->nchunks && acc + f->cpot[t] < r; t++)
		acc += f->cpot[t];
	chunk_range(f, t, &lo, &hi);
	for (i = lo; i < hi; i++) {
		acc += f->closest[i];
		if (acc >= r)
			return i;
	}
	return hi - 1;
}

/* Greedy k-means++ as scikit-learn does it. */
static void
seed_kmeanspp(fit *f, rng *g)
{
	size_t ntrial = 2 + (size_t)log((double)f->k), c, j, best, *ids;
	double pot, bestpot, *cand;

	ids = rfm_xmalloc(ntrial * sizeof *ids);
	cand = rfm_xmalloc(ntrial * f->d * sizeof *cand);
	memcpy(f->c, f->x + rng_below(g, f->n) * f->d, f->d * sizeof *f->c);
	f->closest = f->work;
	f->cand = f->c;
	f->first = 1;
	pfor_run(f->pool, f->nchunks, task_closest, f);
	f->first = 0;
	pot = sum_chunks(f, 1, 0);
	for (c = 1; c < f->k; c++) {
		for (j = 0; j < ntrial; j++) {
			ids[j] = sample_point(f, rng_uniform(g) * pot);
			memcpy(cand + j * f->d, f->x + ids[j] * f->d,
			    f->d * sizeof *cand);
		}
		f->cand = cand;
		f->ncand = ntrial;
		pfor_run(f->pool, f->nchunks, task_candidates, f);
		best = 0;
		bestpot = INFINITY;
		for (j = 0; j < ntrial; j++) {
			pot = sum_chunks(f, ntrial, j);
			if (pot < bestpot) {
				bestpot = pot;
				best = j;
			}
		}
		memcpy(f->c + c * f->d, cand + best * f->d,
		    f->d * sizeof *f->c);
		f->cand = f->c + c * f->d;
		pfor_run(f->pool, f->nchunks, task_closest, f);
		pot = sum_chunks(f, 1, 0);
	}
	free(ids);
	free(cand);
}

/* k distinct points chosen uniformly. */
static void
seed_random(fit *f, rng *g)
{
	size_t *ids = rfm_xmalloc(f->k * sizeof *ids), c, j, i;

	for (c = 0; c < f->k; c++) {
		do {
			i = rng_below(g, f->n);
			for (j = 0; j < c && ids[j] != i; j++)
				;
		} while (j < c);
		ids[c] = i;
		memcpy(f->c + c * f->d, f->x + i * f->d, f->d * sizeof *f->c);
	}
	free(ids);
}

/*
 * Give every empty cluster one of the points farthest from their centres
 * (never the last point of its cluster), as scikit-learn does: the point
 * leaves its cluster's sums and is the new cluster's only point.  Among
 * equally far points the highest index goes first: scikit-learn takes
 * the farthest with numpy's argpartition, which for one empty cluster
 * (and four points or more) returns the last of the equal maxima.
 */
static void
repair_empty(fit *f, double *sum, double *comp, long *count, size_t *moved)
{
	size_t j, nempty = 0, t, m, q, best_t, a, d = f->d;
	size_t *pos;
	double bd;

	for (j = 0; j < f->k; j++)
		nempty += count[j] == 0;
	if (nempty == 0)
		return;
	f->nfar = nempty + f->k < f->n ? nempty + f->k : f->n;
	f->fdist = rfm_xmalloc(f->nchunks * f->nfar * sizeof *f->fdist);
	f->fidx = rfm_xmalloc(f->nchunks * f->nfar * sizeof *f->fidx);
	pos = rfm_xcalloc(f->nchunks, sizeof *pos);
	pfor_run(f->pool, f->nchunks, task_far, f);
	for (j = 0; j < f->k; j++) {
		if (count[j] != 0)
			continue;
		/* Merge the chunks' lists, farthest first, higher index first. */
		for (;;) {
			best_t = SIZE_MAX;
			bd = -1;
			for (t = 0; t < f->nchunks; t++) {
				if (pos[t] >= f->nfar)
					continue;
				q = t * f->nfar + pos[t];
				if (f->fidx[q] == SIZE_MAX)
					continue;
				if (f->fdist[q] > bd || (f->fdist[q] == bd &&
				    f->fidx[q] > f->fidx[best_t * f->nfar +
				    pos[best_t]])) {
					bd = f->fdist[q];
					best_t = t;
				}
			}
			if (best_t == SIZE_MAX)
				break;     /* cannot happen with k distinct points */
			q = best_t * f->nfar + pos[best_t]++;
			a = f->lab[f->fidx[q]];
			if (count[a] > 1)
				break;
		}
		if (best_t == SIZE_MAX)
			break;
		for (m = 0; m < d; m++) {
			csum_neumaier(&sum[a * d + m], &comp[a * d + m],
			    -f->x[f->fidx[q] * d + m]);
			sum[j * d + m] = f->x[f->fidx[q] * d + m];
			comp[j * d + m] = 0;
		}
		count[a]--;
		count[j] = 1;
		/* The point now belongs to j (the sums say so); make the next
		 * pass look at it afresh. */
		f->lab[f->fidx[q]] = (uint16_t)j;
		if (f->hamerly) {
			f->ub[f->fidx[q]] = INFINITY;
			f->lb[f->fidx[q]] = 0;
		}
		(*moved)++;
	}
	free(pos);
	free(f->fdist);
	free(f->fidx);
}

/* After a centre update: the running totals of the moves, and half the
 * distance from each centre to its nearest neighbour. */
static void
hamerly_update(fit *f)
{
	size_t j, j2;
	double v, pmax = 0;

	for (j = 0; j < f->k; j++) {
		f->U[j] += f->shift[j] * (1 + MARGIN);
		if (f->shift[j] > pmax)
			pmax = f->shift[j];
		f->half[j] = INFINITY;
		for (j2 = 0; j2 < f->k; j2++) {
			if (j2 == j)
				continue;
			v = sqrt(km_sqdist(f->c + j * f->d, f->c + j2 * f->d,
			    f->d)) / 2;
			if (v < f->half[j])
				f->half[j] = v;
		}
		f->half[j] *= 1 - MARGIN;
	}
	f->L += pmax * (1 + MARGIN);
}

/*
 * Iterate from the centres in f->c until no label changes, the squared
 * centre shift is at most tol_abs, or max_iter iterations.  Returns the
 * inertia; *iterations and *converged say how it stopped.
 */
static double
run(fit *f, int max_iter, double tol_abs, int *iterations, int *converged)
{
	double *sum = rfm_xcalloc(f->k * f->d, sizeof *sum), *tmp, shift_tot;
	double *comp = rfm_xcalloc(f->k * f->d, sizeof *comp);
	long *count = rfm_xcalloc(f->k, sizeof *count);
	size_t j, t, m, changed;
	int it, strict = 0;
	double s;

	f->ub = f->work;
	f->lb = (float *)f->work + f->n;
	f->first = 1;
	memset(f->U, 0, f->k * sizeof *f->U);
	f->L = 0;
	for (it = 0; it < max_iter; it++) {
		pfor_run(f->pool, f->nchunks, task_assign, f);
		changed = 0;
		for (t = 0; t < f->nchunks; t++) {
			for (m = 0; m < f->k * f->d; m++) {
				csum_neumaier(&sum[m], &comp[m],
				    f->csum[t * f->k * f->d + m]);
				csum_neumaier(&sum[m], &comp[m],
				    f->ccomp[t * f->k * f->d + m]);
			}
			for (j = 0; j < f->k; j++)
				count[j] += f->ccount[t * f->k + j];
			changed += f->cchanged[t];
		}
		f->first = 0;
		repair_empty(f, sum, comp, count, &changed);
		shift_tot = 0;
		for (j = 0; j < f->k; j++) {
			for (m = 0; m < f->d; m++)
				f->cnew[j * f->d + m] = count[j] > 0 ?
				    (sum[j * f->d + m] + comp[j * f->d + m]) /
				    (double)count[j] : f->c[j * f->d + m];
			s = km_sqdist(f->cnew + j * f->d, f->c + j * f->d, f->d);
			f->shift[j] = sqrt(s);
			shift_tot += s;
		}
		tmp = f->c;
		f->c = f->cnew;
		f->cnew = tmp;
		if (changed == 0) {
			strict = 1;
			break;
		}
		if (shift_tot <= tol_abs)
			break;
		if (f->hamerly)
			hamerly_update(f);
	}
	*converged = it < max_iter;
	*iterations = it < max_iter ? it + 1 : max_iter;
	/* Labels that match the final centres: Hamerly's bounds still
	 * spare most points the distances. */
	if (!strict && f->hamerly) {
		hamerly_update(f);
		pfor_run(f->pool, f->nchunks, task_assign, f);
	} else if (!strict) {
		pfor_run(f->pool, f->nchunks, task_label, f);
	}
	pfor_run(f->pool, f->nchunks, task_inertia, f);
	free(sum);
	free(comp);
	free(count);
	return sum_chunks(f, 1, 0);
}

const char *const km_init_name[2] = { "k-means++", "random" };
const char *const km_algorithm_name[3] = { "auto", "lloyd", "hamerly" };

double
km_value_limit(size_t n, size_t d)
{
	/* n d squared differences of values below L are below 4 n d L^2. */
	return sqrt(DBL_MAX / (4.0 * (double)(n ? n : 1) * (double)(d ? d : 1)));
}

size_t
km_too_large(const double *x, size_t n, size_t d)
{
	double limit = km_value_limit(n, d);
	size_t i;

	for (i = 0; i < n * d && !(fabs(x[i]) >= limit); i++)
		;
	return i;
}

size_t
km_distinct(const double *x, size_t n, size_t d, size_t stop)
{
	strmap m;
	double *row = rfm_xmalloc(d * sizeof *row);
	size_t i, j, found;

	strmap_init(&m);
	for (i = 0; i < n && strmap_count(&m) < stop; i++) {
		for (j = 0; j < d; j++)
			row[j] = x[i * d + j] + 0.0;   /* -0 and 0 are one */
		strmap_intern(&m, row, d * sizeof *row, NULL);
	}
	found = strmap_count(&m);
	strmap_free(&m);
	free(row);
	return found;
}

int
km_normalise(double *x, size_t count)
{
	double max = 0;
	size_t i;
	int e;

	for (i = 0; i < count; i++)
		if (fabs(x[i]) > max)
			max = fabs(x[i]);
	if (max == 0 || !isfinite(max))
		return 0;
	frexp(max, &e);
	km_unscale(x, count, -e);
	return e;
}

void
km_unscale(double *x, size_t count, int e)
{
	size_t i;

	if (e != 0)
		for (i = 0; i < count; i++)
			x[i] = ldexp(x[i], e);
}

/* A fit of k centres to the n x d points x, on pool. */
static void
fit_open(fit *f, const double *x, size_t n, size_t d, size_t k, pfor *pool,
    int hamerly)
{
	memset(f, 0, sizeof *f);
	f->x = x;
	f->n = n;
	f->d = d;
	f->k = k;
	f->nchunks = (n + CHUNK - 1) / CHUNK;
	f->pool = pool;
	f->hamerly = hamerly;
	f->c = rfm_xmalloc(k * d * sizeof *f->c);
	f->cnew = rfm_xmalloc(k * d * sizeof *f->cnew);
	f->lab = rfm_xmalloc(n * sizeof *f->lab);
	f->work = rfm_xmalloc(n * sizeof(double));
	f->half = rfm_xmalloc(k * sizeof *f->half);
	f->shift = rfm_xmalloc(k * sizeof *f->shift);
	f->U = rfm_xmalloc(k * sizeof *f->U);
	f->csum = rfm_xmalloc(f->nchunks * k * d * sizeof *f->csum);
	f->ccomp = rfm_xmalloc(f->nchunks * k * d * sizeof *f->ccomp);
	f->ccount = rfm_xmalloc(f->nchunks * k * sizeof *f->ccount);
	f->cchanged = rfm_xmalloc(f->nchunks * sizeof *f->cchanged);
	f->cpot = rfm_xmalloc(f->nchunks * (3 + (size_t)log((double)k)) *
	    sizeof *f->cpot);
}

static void
fit_close(fit *f)
{
	free(f->c);
	free(f->cnew);
	free(f->lab);
	free(f->work);
	free(f->half);
	free(f->shift);
	free(f->U);
	free(f->csum);
	free(f->ccomp);
	free(f->ccount);
	free(f->cchanged);
	free(f->cpot);
}

/* Starting centres for restart r, from the random stream r. */
static void
start(fit *f, const km_opts *o, const double *given, int r)
{
	rng g;

	rng_seed(&g, o->seed, (uint64_t)r);
	if (o->init == KM_INIT_GIVEN)
		memcpy(f->c, given, f->k * f->d * sizeof *f->c);
	else if (o->init == KM_INIT_RANDOM)
		seed_random(f, &g);
	else
		seed_kmeanspp(f, &g);
}

/* m of the n rows of x, chosen uniformly and kept in order (Knuth's
 * selection sampling), from the random stream after the restarts'. */
static double *
sample_rows(const double *x, size_t n, size_t d, size_t m, uint64_t seed)
{
	double *y = rfm_xmalloc(m * d * sizeof *y);
	size_t i, got = 0;
	rng g;

	rng_seed(&g, seed, UINT64_MAX);
	for (i = 0; i < n && got < m; i++)
		if ((double)(n - i) * rng_uniform(&g) < (double)(m - got))
			memcpy(y + got++ * d, x + i * d, d * sizeof *y);
	return y;
}

/*
 * Each restart starts from its own centres, chosen on every row as
 * without screening, then iterates to its tolerance on a sample of
 * o->screen rows; the KM_SCREEN_KEEP with the lowest inertia there (the
 * earlier restart on a tie) go on from their centres on every row, and
 * the lowest inertia of those is kept.  Restarts on a near-identical
 * optimum cost a sample's iterations, not the data's.  Returns 0, having
 * done nothing, when the sample has fewer than k distinct points.
 */
static int
screen(fit *f, const km_opts *o, int n_init, int max_iter, double tol_abs,
    km_result *res, double *best_c, uint16_t *labels)
{
	double *xs = sample_rows(f->x, f->n, f->d, o->screen, o->seed);
	double *cs, *in, inertia;
	int *order, r, q, m, iters, conv;
	fit fs;

	if (km_distinct(xs, o->screen, f->d, f->k) < f->k) {
		free(xs);
		return 0;
	}
	cs = rfm_xmalloc((size_t)n_init * f->k * f->d * sizeof *cs);
	in = rfm_xmalloc((size_t)n_init * sizeof *in);
	order = rfm_xmalloc((size_t)n_init * sizeof *order);
	fit_open(&fs, xs, o->screen, f->d, f->k, f->pool, f->hamerly);
	for (r = 0; r < n_init; r++) {
		start(f, o, NULL, r);
		memcpy(fs.c, f->c, f->k * f->d * sizeof *fs.c);
		in[r] = run(&fs, max_iter, tol_abs, &iters, &conv);
		memcpy(cs + (size_t)r * f->k * f->d, fs.c,
		    f->k * f->d * sizeof *cs);
		/* insertion into the order of inertia, then of restart */
		for (q = r; q > 0 && in[order[q - 1]] > in[r]; q--)
			order[q] = order[q - 1];
		order[q] = r;
	}
	fit_close(&fs);
	for (m = 0; m < n_init && m < KM_SCREEN_KEEP; m++) {
		r = order[m];
		memcpy(f->c, cs + (size_t)r * f->k * f->d,
		    f->k * f->d * sizeof *f->c);
		inertia = run(f, max_iter, tol_abs, &iters, &conv);
		if (m == 0 || inertia < res->inertia) {
			res->inertia = inertia;
			res->iterations = iters;
			res->converged = conv;
			res->best_init = r;
			memcpy(best_c, f->c, f->k * f->d * sizeof *best_c);
			memcpy(labels, f->lab, f->n * sizeof *labels);
		}
	}
	res->screened = o->screen;
	free(xs);
	free(cs);
	free(in);
	free(order);
	return 1;
}

int
km_check(const double *x, size_t n, size_t d, size_t k, rfm_error *e)
{
	size_t i, distinct;

	if (k < 1 || k > KM_MAX_K)
		return rfm_fail(e, RFM_EDATA, NULL, 0, NULL,
		    "k must be from 1 to %d, not %zu", KM_MAX_K, k);
	if (n == 0)
		return rfm_fail(e, RFM_EDATA, NULL, 0, NULL, "no rows");
	if ((distinct = km_distinct(x, n, d, k)) < k)
		return rfm_fail(e, RFM_EDATA, NULL, 0, NULL,
		    "%zu distinct point%s, fewer than k = %zu", distinct,
		    distinct == 1 ? "" : "s", k);

	/* Squared distances and their sums must stay finite. */
	if ((i = km_too_large(x, n, d)) < n * d)
		return rfm_fail(e, RFM_EDATA, NULL, 0, NULL,
		    "row %zu: %g is too large: squared distances would "
		    "overflow (every value must be below %.3g in size)",
		    i / d + 1, x[i], km_value_limit(n, d));
	return RFM_OK;
}

int
km_fit(double *x, size_t n, size_t d, const km_opts *o,
    km_result *res, uint16_t *labels, rfm_error *e)
{
	fit f;
	double mean, var, tol_abs = 0, inertia, *best_c, *given = NULL;
	size_t i, j;
	int r, n_init, iters, conv, max_iter, scale, hamerly;
	pfor *pool;

	memset(res, 0, sizeof *res);
	if (km_check(x, n, d, o->k, e) != RFM_OK)
		return e->code;

	/* Work at unit scale; the data and the given centres are scaled by
	 * the same power of two, exactly. */
	scale = km_normalise(x, n * d);

	/* tol is relative to the mean variance of the features. */
	for (j = 0; j < d; j++) {
		mean = 0;
		for (i = 0; i < n; i++)
			mean += x[i * d + j];
		mean /= (double)n;
		var = 0;
		for (i = 0; i < n; i++)
			var += (x[i * d + j] - mean) * (x[i * d + j] - mean);
		tol_abs += var / (double)n;
	}
	tol_abs = d ? tol_abs / (double)d * o->tol : 0;

	/* Hamerly pays when there are centres to skip. */
	res->algorithm = o->algorithm == KM_AUTO ?
	    (o->k >= 3 ? KM_HAMERLY : KM_LLOYD) : o->algorithm;
	hamerly = res->algorithm == KM_HAMERLY;
	pool = pfor_new(o->nthreads);
	fit_open(&f, x, n, d, o->k, pool, hamerly);
	best_c = rfm_xmalloc(f.k * d * sizeof *best_c);
	if (o->init == KM_INIT_GIVEN) {
		given = rfm_xmalloc(f.k * d * sizeof *given);
		memcpy(given, o->given, f.k * d * sizeof *given);
		km_unscale(given, f.k * d, -scale);
	}

	n_init = o->init == KM_INIT_GIVEN ? 1 : (o->n_init < 1 ? 1 : o->n_init);
	max_iter = o->max_iter < 1 ? 1 : o->max_iter;
	res->inertia = INFINITY;
	if (n_init == 1 || o->screen == 0 || n <= 2 * o->screen ||
	    !screen(&f, o, n_init, max_iter, tol_abs, res, best_c, labels))
		for (r = 0; r < n_init; r++) {
			start(&f, o, given, r);
			inertia = run(&f, max_iter, tol_abs, &iters, &conv);
			if (r == 0 || inertia < res->inertia) {
				res->inertia = inertia;
				res->iterations = iters;
				res->converged = conv;
				res->best_init = r;
				memcpy(best_c, f.c, f.k * d * sizeof *best_c);
				memcpy(labels, f.lab, n * sizeof *labels);
			}
		}
	/* Polish: the restart kept goes on until no label changes, which
	 * can only lower its inertia. */
	if (o->polish && o->tol > 0) {
		memcpy(f.c, best_c, f.k * d * sizeof *f.c);
		inertia = run(&f, max_iter, 0, &iters, &conv);
		res->iterations += iters;
		res->converged = conv;
		res->polished = iters;
		res->inertia = inertia;
		memcpy(best_c, f.c, f.k * d * sizeof *best_c);
		memcpy(labels, f.lab, n * sizeof *labels);
	}
	/* Back to the data's own units. */
	km_unscale(x, n * d, scale);
	km_unscale(best_c, f.k * d, scale);
	res->inertia = ldexp(res->inertia, 2 * scale);
	free(given);
	res->k = f.k;
	res->d = d;
	res->centres = best_c;
	res->sizes = rfm_xcalloc(f.k, sizeof *res->sizes);
	for (i = 0; i < n; i++)
		res->sizes[labels[i]]++;
	fit_close(&f);
	pfor_free(pool);
	return RFM_OK;
}

/* The centres, for qsort_r: compared coordinate by coordinate, then by
 * id. */
typedef struct order {
	const double *c;
	size_t d;
} order;

static int
cmp_centre(const void *a, const void *b, void *arg)
{
	const order *o = arg;
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b, i;
	const double *ca = o->c + ia * o->d, *cb = o->c + ib * o->d;

	for (i = 0; i < o->d; i++)
		if (ca[i] != cb[i])
			return ca[i] < cb[i] ? -1 : 1;
	return (ia > ib) - (ia < ib);
}

void
km_canonical(km_result *res, uint16_t *labels, size_t n, size_t *perm)
{
	size_t k = res->k, d = res->d, i, *old = rfm_xmalloc(k * sizeof *old);
	size_t *newid = rfm_xmalloc(k * sizeof *newid);
	size_t *sizes = rfm_xmalloc(k * sizeof *sizes);
	double *c = rfm_xmalloc(k * d * sizeof *c);
	order o = { res->centres, d };

	for (i = 0; i < k; i++)
		old[i] = i;
	qsort_r(old, k, sizeof *old, cmp_centre, &o);
	for (i = 0; i < k; i++) {
		newid[old[i]] = i;
		memcpy(c + i * d, res->centres + old[i] * d, d * sizeof *c);
		sizes[i] = res->sizes[old[i]];
		if (perm != NULL)
			perm[i] = old[i];
	}
	for (i = 0; i < n; i++)
		labels[i] = (uint16_t)newid[labels[i]];
	memcpy(res->centres, c, k * d * sizeof *c);
	memcpy(res->sizes, sizes, k * sizeof *sizes);
	free(old);
	free(newid);
	free(sizes);
	free(c);
}

void
km_result_free(km_result *res)
{
	free(res->centres);
	free(res->sizes);
	memset(res, 0, sizeof *res);
}
