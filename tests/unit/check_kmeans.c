/*
 * check_kmeans.c - tests of lib/kmeans: km_fit on hand-made sets whose
 * labels, centres, sizes and inertia are known exactly (two groups, k = 1,
 * k = the number of distinct points, duplicates, given starts, empty
 * clusters repaired with the farthest point); its errors (k out of range,
 * fewer distinct points than k, no rows); the canonical order; Lloyd and
 * Hamerly, and 1 and 4 threads, giving bit-identical results on random
 * sets; restarts screened on a sample; polish, max_iter and convergence;
 * km_distinct and km_sqdist;
 * features so large that squared distances, or their sums, overflow
 * (km_value_limit); and the same fit for data scaled by a power of two.
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans.h"
#include "suites.h"
#include "testutil.h"

/* ---- data ---- */

static double
unit(uint64_t *s)
{
	return (double)(xorshift64(s) >> 11) * 0x1.0p-53;
}

/*
 * n x d points around 6 random centres in [0, 10)^d, each coordinate the
 * centre's plus a sum of three uniforms (a rough bell of width 3): blobs
 * that overlap a little, so that k-means has work to do.
 */
static double *
blobs(size_t n, size_t d, uint64_t seed)
{
	double *x = malloc(n * d * sizeof *x), c[6][8];
	size_t i, j, b;

	ck_assert_ptr_nonnull(x);
	ck_assert_uint_le(d, 8);
	seed = seed * 0x9E3779B97F4A7C15ULL + 1;
	for (b = 0; b < 6; b++)
		for (j = 0; j < d; j++)
			c[b][j] = 10 * unit(&seed);
	for (i = 0; i < n; i++) {
		b = xorshift64(&seed) % 6;
		for (j = 0; j < d; j++)
			x[i * d + j] = c[b][j] + unit(&seed) + unit(&seed) +
			    unit(&seed) - 1.5;
	}
	return x;
}

/* Two groups of four points, the corners of two squares of side 2. */
static const double two_groups[] = {
	10, 10, 0, 0, 12, 12, 0, 2, 10, 12, 2, 0, 12, 10, 2, 2,
};

static km_opts
opts(size_t k, int algorithm)
{
	km_opts o;

	memset(&o, 0, sizeof o);
	o.k = k;
	o.n_init = 1;
	o.max_iter = 300;
	o.tol = 0;
	o.seed = 0;
	o.init = KM_INIT_KMEANSPP;
	o.polish = 1;
	o.algorithm = algorithm;
	o.nthreads = 1;
	return o;
}

/* km_fit that must succeed; labels pre-filled with a value no fit gives. */
static void
fit_ok(const double *x, size_t n, size_t d, const km_opts *o, km_result *r,
    uint16_t *lab)
{
	rfm_error e;
	int rc;

	double *copy = malloc(n * d * sizeof *copy);

	/* km_fit scales its input in place during the fit: it works on a
	 * copy, which must come back bit for bit. */
	memcpy(copy, x, n * d * sizeof *copy);
	memset(lab, 0xEE, n * sizeof *lab);
	memset(&e, 0, sizeof e);
	rc = km_fit(copy, n, d, o, r, lab, &e);
	ck_assert_msg(rc == RFM_OK, "km_fit: %d: %s", rc, e.msg);
	ck_assert_msg(memcmp(copy, x, n * d * sizeof *copy) == 0,
	    "km_fit did not restore its input");
	free(copy);
	ck_assert_uint_eq(r->k, o->k);
	ck_assert_uint_eq(r->d, d);
}

/* km_fit that must fail with RFM_EDATA and message msg. */
static void
fit_fails(const double *x, size_t n, size_t d, size_t k, const char *msg)
{
	km_opts o = opts(k, KM_LLOYD);
	km_result r;
	rfm_error e;
	uint16_t lab[16];

	double copy[64];

	ck_assert_uint_le(n * d, 64);
	memcpy(copy, x, n * d * sizeof *copy);
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(km_fit(copy, n, d, &o, &r, lab, &e), RFM_EDATA);
	ck_assert_int_eq(e.code, RFM_EDATA);
	ck_assert_str_eq(e.msg, msg);
	ck_assert_ptr_null(r.centres);
	ck_assert_ptr_null(r.sizes);
}

/* Every field of two results, and their labels, bit for bit. */
static void
same_result(const km_result *a, const uint16_t *la, const km_result *b,
    const uint16_t *lb, size_t n, const char *what)
{
	ck_assert_uint_eq(a->k, b->k);
	ck_assert_uint_eq(a->d, b->d);
	ck_assert_msg(memcmp(a->centres, b->centres, a->k * a->d *
	    sizeof *a->centres) == 0, "%s: centres differ", what);
	ck_assert_msg(memcmp(a->sizes, b->sizes, a->k * sizeof *a->sizes) ==
	    0, "%s: sizes differ", what);
	ck_assert_msg(memcmp(la, lb, n * sizeof *la) == 0, "%s: labels "
	    "differ", what);
	ck_assert_msg(memcmp(&a->inertia, &b->inertia, sizeof a->inertia) ==
	    0, "%s: inertia %.17g vs %.17g", what, a->inertia, b->inertia);
	ck_assert_int_eq(a->iterations, b->iterations);
	ck_assert_int_eq(a->polished, b->polished);
	ck_assert_int_eq(a->converged, b->converged);
	ck_assert_int_eq(a->best_init, b->best_init);
}

/* Sizes and inertia recomputed from the labels and centres. */
static void
consistent(const double *x, size_t n, size_t d, const km_result *r,
    const uint16_t *lab)
{
	size_t *sizes = calloc(r->k, sizeof *sizes), i, j;
	long double in = 0;

	ck_assert_ptr_nonnull(sizes);
	for (i = 0; i < n; i++) {
		ck_assert_uint_lt(lab[i], r->k);
		sizes[lab[i]]++;
		in += km_sqdist(x + i * d, r->centres + lab[i] * d, d);
	}
	for (j = 0; j < r->k; j++) {
		ck_assert_uint_eq(sizes[j], r->sizes[j]);
		ck_assert_uint_gt(sizes[j], 0);
	}
	ck_assert_msg(fabsl(in - r->inertia) <= 1e-12L * in, "inertia %.17g, "
	    "recomputed %.17Lg", r->inertia, in);
	free(sizes);
}

/* ---- exact results on small sets ---- */

START_TEST(test_two_groups)
{
	static const int algs[] = { KM_LLOYD, KM_HAMERLY, KM_AUTO };
	static const uint16_t want[] = { 1, 0, 1, 0, 1, 0, 1, 0 };
	km_opts o;
	km_result r;
	uint16_t lab[8];
	size_t a, perm[2];
	uint64_t seed;

	for (a = 0; a < 3; a++)
		for (seed = 0; seed < 5; seed++) {
			o = opts(2, algs[a]);
			o.seed = seed;
			o.n_init = 3;
			fit_ok(two_groups, 8, 2, &o, &r, lab);
			km_canonical(&r, lab, 8, perm);
			ck_assert(memcmp(lab, want, sizeof want) == 0);
			/* the exact means */
			ck_assert(r.centres[0] == 1 && r.centres[1] == 1);
			ck_assert(r.centres[2] == 11 && r.centres[3] == 11);
			ck_assert_uint_eq(r.sizes[0], 4);
			ck_assert_uint_eq(r.sizes[1], 4);
			/* 8 points, each 1 + 1 from its centre */
			ck_assert(r.inertia == 16);
			ck_assert_int_eq(r.converged, 1);
			ck_assert_int_eq(r.algorithm, algs[a] == KM_HAMERLY ?
			    KM_HAMERLY : KM_LLOYD);
			ck_assert_int_ge(r.best_init, 0);
			ck_assert_int_lt(r.best_init, 3);
			ck_assert(perm[0] != perm[1] && perm[0] < 2 &&
			    perm[1] < 2);
			km_result_free(&r);
			ck_assert_ptr_null(r.centres);
		}
}
END_TEST

/* KM_AUTO runs Lloyd for k < 3, Hamerly from 3 on. */
START_TEST(test_auto_algorithm)
{
	km_opts o = opts(3, KM_AUTO);
	km_result r;
	uint16_t lab[8];

	fit_ok(two_groups, 8, 2, &o, &r, lab);
	ck_assert_int_eq(r.algorithm, KM_HAMERLY);
	consistent(two_groups, 8, 2, &r, lab);
	km_result_free(&r);
	o.k = 1;
	fit_ok(two_groups, 8, 2, &o, &r, lab);
	ck_assert_int_eq(r.algorithm, KM_LLOYD);
	km_result_free(&r);
	o.k = 3;
	o.algorithm = KM_LLOYD;
	fit_ok(two_groups, 8, 2, &o, &r, lab);
	ck_assert_int_eq(r.algorithm, KM_LLOYD);
	km_result_free(&r);
}
END_TEST

/* k = 1: the centre is the mean, the inertia the total squared
 * deviation. */
START_TEST(test_k_one_exact)
{
	/* x: 1 2 3 4 10, mean 4, deviations 9 4 1 0 36;
	 * y: 0 0 0 0 5, mean 1, deviations 1 1 1 1 16 */
	static const double x[] = { 1, 0, 2, 0, 3, 0, 4, 0, 10, 5 };
	km_opts o;
	km_result r;
	uint16_t lab[5];
	int a;

	for (a = KM_LLOYD; a <= KM_HAMERLY; a++) {
		o = opts(1, a);
		fit_ok(x, 5, 2, &o, &r, lab);
		ck_assert(r.centres[0] == 4 && r.centres[1] == 1);
		ck_assert(r.inertia == 50 + 20);
		ck_assert_uint_eq(r.sizes[0], 5);
		ck_assert(lab[0] == 0 && lab[1] == 0 && lab[2] == 0 &&
		    lab[3] == 0 && lab[4] == 0);
		ck_assert_int_eq(r.converged, 1);
		km_result_free(&r);
	}
}
END_TEST

START_TEST(test_k_one_random)
{
	size_t n = 30000, d = 3, i, j;
	double *x = blobs(n, d, 11);
	uint16_t *lab = malloc(n * sizeof *lab);
	long double mean[3] = { 0, 0, 0 }, dev = 0, t;
	km_opts o = opts(1, KM_LLOYD);
	km_result r;

	fit_ok(x, n, d, &o, &r, lab);
	for (i = 0; i < n; i++)
		for (j = 0; j < d; j++)
			mean[j] += x[i * d + j];
	for (j = 0; j < d; j++) {
		mean[j] /= n;
		ck_assert_msg(fabsl(r.centres[j] - mean[j]) <= 1e-14L *
		    fabsl(mean[j]), "centre %zu: %.17g, mean %.17Lg", j,
		    r.centres[j], mean[j]);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < d; j++) {
			t = x[i * d + j] - mean[j];
			dev += t * t;
		}
	ck_assert_msg(fabsl(r.inertia - dev) <= 1e-12L * dev, "inertia "
	    "%.17g, total squared deviation %.17Lg", r.inertia, dev);
	ck_assert_uint_eq(r.sizes[0], n);
	km_result_free(&r);
	free(x);
	free(lab);
}
END_TEST

/* k = the number of distinct points: every point its own centre. */
START_TEST(test_k_distinct_points)
{
	/* 4 distinct values, duplicated */
	static const double x[] = { 9, 0, 5, 1, 9, 1, 0, 1 };
	static const double c[] = { 0, 1, 5, 9 };
	static const size_t sizes[] = { 2, 3, 1, 2 };
	static const uint16_t want[] = { 3, 0, 2, 1, 3, 1, 0, 1 };
	km_opts o;
	km_result r;
	uint16_t lab[8];
	int a, init;

	for (a = KM_LLOYD; a <= KM_HAMERLY; a++)
		for (init = KM_INIT_KMEANSPP; init <= KM_INIT_RANDOM; init++) {
			o = opts(4, a);
			o.init = init;
			o.n_init = 2;
			fit_ok(x, 8, 1, &o, &r, lab);
			km_canonical(&r, lab, 8, NULL);
			ck_assert(memcmp(r.centres, c, sizeof c) == 0);
			ck_assert(memcmp(r.sizes, sizes, sizeof sizes) == 0);
			ck_assert(memcmp(lab, want, sizeof want) == 0);
			ck_assert(r.inertia == 0);
			km_result_free(&r);
		}
}
END_TEST

/* Many copies of two points. */
START_TEST(test_duplicates)
{
	double x[40];
	km_opts o = opts(2, KM_HAMERLY);
	km_result r;
	uint16_t lab[20];
	size_t i;

	for (i = 0; i < 20; i++) {
		x[2 * i] = i % 4 == 0 ? 10 : 0;
		x[2 * i + 1] = i % 4 == 0 ? -3 : 7;
	}
	o.n_init = 4;
	fit_ok(x, 20, 2, &o, &r, lab);
	km_canonical(&r, lab, 20, NULL);
	ck_assert(r.centres[0] == 0 && r.centres[1] == 7);
	ck_assert(r.centres[2] == 10 && r.centres[3] == -3);
	ck_assert_uint_eq(r.sizes[0], 15);
	ck_assert_uint_eq(r.sizes[1], 5);
	ck_assert(r.inertia == 0);
	for (i = 0; i < 20; i++)
		ck_assert_uint_eq(lab[i], i % 4 == 0);
	km_result_free(&r);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_errors)
{
	static const double x[] = { 1, 1, 2, 2, 2 };
	static const double zeros[] = { 0, -0.0, 0, -0.0 };

	fit_fails(x, 5, 1, 3, "2 distinct points, fewer than k = 3");
	fit_fails(x, 2, 1, 2, "1 distinct point, fewer than k = 2");
	/* -0 and 0 are the same point */
	fit_fails(zeros, 4, 1, 2, "1 distinct point, fewer than k = 2");
	fit_fails(zeros, 2, 2, 2, "1 distinct point, fewer than k = 2");
	fit_fails(x, 5, 1, 0, "k must be from 1 to 65535, not 0");
	fit_fails(x, 5, 1, (size_t)KM_MAX_K + 1,
	    "k must be from 1 to 65535, not 65536");
	fit_fails(x, 0, 1, 1, "no rows");
}
END_TEST

/* ---- the canonical order ---- */

START_TEST(test_canonical)
{
	/* (3,1) (1,5) (0,9) (1,2): ordered (0,9) (1,2) (1,5) (3,1) */
	static const double c[] = { 3, 1, 1, 5, 0, 9, 1, 2 };
	static const double want_c[] = { 0, 9, 1, 2, 1, 5, 3, 1 };
	static const size_t want_sizes[] = { 30, 40, 20, 10 };
	static const size_t want_perm[] = { 2, 3, 1, 0 };
	static const uint16_t want_lab[] = { 3, 2, 0, 1, 1, 3 };
	uint16_t lab[] = { 0, 1, 2, 3, 3, 0 };
	km_result r;
	size_t perm[4];

	memset(&r, 0, sizeof r);
	r.k = 4;
	r.d = 2;
	r.centres = malloc(sizeof c);
	r.sizes = malloc(4 * sizeof *r.sizes);
	memcpy(r.centres, c, sizeof c);
	r.sizes[0] = 10;
	r.sizes[1] = 20;
	r.sizes[2] = 30;
	r.sizes[3] = 40;
	km_canonical(&r, lab, 6, perm);
	ck_assert(memcmp(r.centres, want_c, sizeof want_c) == 0);
	ck_assert(memcmp(r.sizes, want_sizes, sizeof want_sizes) == 0);
	ck_assert(memcmp(perm, want_perm, sizeof want_perm) == 0);
	ck_assert(memcmp(lab, want_lab, sizeof want_lab) == 0);
	/* Already canonical: nothing moves. */
	km_canonical(&r, lab, 6, perm);
	ck_assert(memcmp(r.centres, want_c, sizeof want_c) == 0);
	ck_assert(memcmp(lab, want_lab, sizeof want_lab) == 0);
	ck_assert(perm[0] == 0 && perm[1] == 1 && perm[2] == 2 &&
	    perm[3] == 3);
	km_result_free(&r);
}
END_TEST

/* Equal centres keep their order; a negative first coordinate comes
 * first. */
START_TEST(test_canonical_ties)
{
	static const double c[] = { 2, 2, 2, 2, -1, 100 };
	uint16_t lab[] = { 0, 1, 2 };
	km_result r;
	size_t perm[3];

	memset(&r, 0, sizeof r);
	r.k = 3;
	r.d = 2;
	r.centres = malloc(sizeof c);
	r.sizes = calloc(3, sizeof *r.sizes);
	memcpy(r.centres, c, sizeof c);
	r.sizes[0] = 5;
	r.sizes[1] = 6;
	r.sizes[2] = 7;
	km_canonical(&r, lab, 3, perm);
	ck_assert(perm[0] == 2 && perm[1] == 0 && perm[2] == 1);
	ck_assert(lab[0] == 1 && lab[1] == 2 && lab[2] == 0);
	ck_assert(r.centres[0] == -1 && r.centres[1] == 100);
	ck_assert(r.sizes[0] == 7 && r.sizes[1] == 5 && r.sizes[2] == 6);
	km_result_free(&r);
}
END_TEST

/* The same data and any seed: the same ids once canonical. */
START_TEST(test_canonical_seed_free)
{
	size_t n = 5000, d = 2;
	double *x = blobs(n, d, 3);
	uint16_t *l0 = malloc(n * sizeof *l0), *l1 = malloc(n * sizeof *l1);
	km_opts o = opts(3, KM_HAMERLY);
	km_result r0, r1;

	o.n_init = 10;
	fit_ok(x, n, d, &o, &r0, l0);
	km_canonical(&r0, l0, n, NULL);
	o.seed = 987654321;
	fit_ok(x, n, d, &o, &r1, l1);
	km_canonical(&r1, l1, n, NULL);
	ck_assert(memcmp(l0, l1, n * sizeof *l0) == 0);
	ck_assert(r0.centres[0] < r0.centres[2] &&
	    r0.centres[2] < r0.centres[4]);
	ck_assert_msg(fabs(r0.inertia - r1.inertia) <= 1e-12 * r0.inertia,
	    "%.17g vs %.17g", r0.inertia, r1.inertia);
	km_result_free(&r0);
	km_result_free(&r1);
	free(x);
	free(l0);
	free(l1);
}
END_TEST

/* ---- Lloyd and Hamerly, threads ---- */

static const struct {
	size_t k;
	uint64_t seed;
	double tol;
	int init;
} variants[] = {
	{ 2, 1, 1e-4, KM_INIT_KMEANSPP },
	{ 3, 1, 1e-4, KM_INIT_KMEANSPP },
	{ 4, 42, 1e-4, KM_INIT_KMEANSPP },
	{ 5, 7, 0, KM_INIT_KMEANSPP },
	{ 6, 2024, 1e-4, KM_INIT_KMEANSPP },
	{ 8, 3, 0, KM_INIT_KMEANSPP },
	{ 8, 99, 1e-4, KM_INIT_RANDOM },
	{ 12, 5, 1e-4, KM_INIT_KMEANSPP },
	{ 20, 17, 0, KM_INIT_RANDOM },
};

START_TEST(test_lloyd_equals_hamerly)
{
	size_t n = 20000, d = 3;
	double *x = blobs(n, d, 100 + (uint64_t)_i);
	uint16_t *ll = malloc(n * sizeof *ll), *lh = malloc(n * sizeof *lh);
	km_opts o = opts(variants[_i].k, KM_LLOYD);
	km_result rl, rh;
	char what[64];

	o.seed = variants[_i].seed;
	o.tol = variants[_i].tol;
	o.init = variants[_i].init;
	o.n_init = 3;
	fit_ok(x, n, d, &o, &rl, ll);
	ck_assert_int_eq(rl.algorithm, KM_LLOYD);
	o.algorithm = KM_HAMERLY;
	fit_ok(x, n, d, &o, &rh, lh);
	ck_assert_int_eq(rh.algorithm, KM_HAMERLY);
	snprintf(what, sizeof what, "k=%zu seed=%llu", o.k,
	    (unsigned long long)o.seed);
	same_result(&rl, ll, &rh, lh, n, what);
	consistent(x, n, d, &rl, ll);
	ck_assert_int_eq(rl.converged, 1);
	km_result_free(&rl);
	km_result_free(&rh);
	free(x);
	free(ll);
	free(lh);
}
END_TEST

/* The same with d = 1, 2, 5 and 9 (the written-out and the general
 * distance code). */
START_TEST(test_lloyd_equals_hamerly_dims)
{
	static const size_t dims[] = { 1, 2, 4, 5, 7 };
	size_t n = 12000, d = dims[_i];
	double *x = blobs(n, d, 7 + d);
	uint16_t *ll = malloc(n * sizeof *ll), *lh = malloc(n * sizeof *lh);
	km_opts o = opts(5, KM_LLOYD);
	km_result rl, rh;

	o.n_init = 2;
	o.tol = 1e-4;
	fit_ok(x, n, d, &o, &rl, ll);
	o.algorithm = KM_HAMERLY;
	fit_ok(x, n, d, &o, &rh, lh);
	same_result(&rl, ll, &rh, lh, n, "dims");
	consistent(x, n, d, &rh, lh);
	km_result_free(&rl);
	km_result_free(&rh);
	free(x);
	free(ll);
	free(lh);
}
END_TEST

START_TEST(test_threads_identical)
{
	size_t n = 70000, d = 3;   /* 9 chunks */
	double *x = blobs(n, d, 77);
	uint16_t *l1 = malloc(n * sizeof *l1), *l4 = malloc(n * sizeof *l4);
	km_opts o = opts(6, _i == 0 ? KM_LLOYD : KM_HAMERLY);
	km_result r1, r4;

	o.n_init = 3;
	o.tol = 1e-4;
	o.seed = 31337;
	o.nthreads = 1;
	fit_ok(x, n, d, &o, &r1, l1);
	o.nthreads = 4;
	fit_ok(x, n, d, &o, &r4, l4);
	same_result(&r1, l1, &r4, l4, n, "1 vs 4 threads");
	km_result_free(&r4);
	o.nthreads = 3;
	o.init = KM_INIT_RANDOM;
	fit_ok(x, n, d, &o, &r4, l4);
	km_result_free(&r1);
	o.nthreads = 1;
	fit_ok(x, n, d, &o, &r1, l1);
	same_result(&r1, l1, &r4, l4, n, "random init, 1 vs 3 threads");
	km_result_free(&r1);
	km_result_free(&r4);
	free(x);
	free(l1);
	free(l4);
}
END_TEST

/* The same call twice: the same result (the seed fixes everything). */
START_TEST(test_reproducible)
{
	size_t n = 9000, d = 3;
	double *x = blobs(n, d, 5);
	uint16_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
	km_opts o = opts(4, KM_AUTO);
	km_result ra, rb;

	o.n_init = 4;
	o.seed = 12;
	fit_ok(x, n, d, &o, &ra, a);
	fit_ok(x, n, d, &o, &rb, b);
	same_result(&ra, a, &rb, b, n, "twice");
	km_result_free(&rb);
	/* n_init keeps the lowest inertia: never above restart 0 alone */
	o.n_init = 1;
	o.polish = 0;
	fit_ok(x, n, d, &o, &rb, b);
	km_result_free(&ra);
	o.n_init = 6;
	fit_ok(x, n, d, &o, &ra, a);
	ck_assert(ra.inertia <= rb.inertia);
	if (ra.best_init == 0)
		same_result(&ra, a, &rb, b, n, "restart 0");
	km_result_free(&ra);
	km_result_free(&rb);
	free(x);
	free(a);
	free(b);
}
END_TEST

/* ---- given starts ---- */

START_TEST(test_given_keeps_order)
{
	/* B's centre first: cluster 0 is B, and stays so */
	static const double at[] = { 11, 11, 1, 1 };
	static const double off[] = { 12, 12, 0, 0 };
	static const uint16_t want[] = { 0, 1, 0, 1, 0, 1, 0, 1 };
	km_opts o;
	km_result r;
	uint16_t lab[8];
	int a;

	for (a = KM_LLOYD; a <= KM_HAMERLY; a++) {
		o = opts(2, a);
		o.init = KM_INIT_GIVEN;
		o.given = at;
		o.n_init = 5;          /* ignored: one start is given */
		o.seed = 777;
		fit_ok(two_groups, 8, 2, &o, &r, lab);
		ck_assert(memcmp(r.centres, at, sizeof at) == 0);
		ck_assert(memcmp(lab, want, sizeof want) == 0);
		ck_assert(r.inertia == 16);
		/* the first pass moves every point; the centres do not move */
		ck_assert_int_eq(r.iterations, 1);
		ck_assert_int_eq(r.converged, 1);
		ck_assert_int_eq(r.best_init, 0);
		km_result_free(&r);

		o.given = off;
		fit_ok(two_groups, 8, 2, &o, &r, lab);
		ck_assert(memcmp(r.centres, at, sizeof at) == 0);
		ck_assert(memcmp(lab, want, sizeof want) == 0);
		ck_assert_int_eq(r.iterations, 2);
		km_result_free(&r);
	}
}
END_TEST

/* A warm start from a fit gives that fit back, in its order, whatever
 * the seed. */
START_TEST(test_given_reproduces_fit)
{
	size_t n = 20000, d = 3, i;
	double *x = blobs(n, d, 21);
	uint16_t *l0 = malloc(n * sizeof *l0), *l1 = malloc(n * sizeof *l1);
	uint16_t *l2 = malloc(n * sizeof *l2);
	km_opts o = opts(5, KM_HAMERLY);
	km_result r0, r1, r2;

	o.n_init = 2;
	fit_ok(x, n, d, &o, &r0, l0);
	o.init = KM_INIT_GIVEN;
	o.given = r0.centres;
	o.seed = 1;
	fit_ok(x, n, d, &o, &r1, l1);
	o.seed = 2;
	o.algorithm = KM_LLOYD;
	fit_ok(x, n, d, &o, &r2, l2);
	same_result(&r1, l1, &r2, l2, n, "given, Lloyd and Hamerly");
	ck_assert(memcmp(l0, l1, n * sizeof *l0) == 0);
	ck_assert(memcmp(r0.sizes, r1.sizes, 5 * sizeof *r0.sizes) == 0);
	for (i = 0; i < 5 * d; i++)
		ck_assert_msg(fabs(r0.centres[i] - r1.centres[i]) <=
		    1e-12 * fabs(r0.centres[i]), "centre value %zu: %.17g, "
		    "the start %.17g", i, r1.centres[i], r0.centres[i]);
	ck_assert(fabs(r0.inertia - r1.inertia) <= 1e-12 * r0.inertia);
	ck_assert_int_le(r1.iterations, 2);
	km_result_free(&r0);
	km_result_free(&r1);
	km_result_free(&r2);
	free(x);
	free(l0);
	free(l1);
	free(l2);
}
END_TEST

/* ---- empty clusters ---- */

/*
 * 0 1 2 10 from centres 1 and 1000: every point goes to 1, cluster 1 is
 * empty and gets 10, the point farthest from its centre.
 */
START_TEST(test_empty_repaired)
{
	static const double x[] = { 0, 1, 2, 10 };
	static const double start[] = { 1, 1000 };
	static const uint16_t want[] = { 0, 0, 0, 1 };
	km_opts o;
	km_result r;
	uint16_t lab[4];
	int a;

	for (a = KM_LLOYD; a <= KM_HAMERLY; a++) {
		o = opts(2, a);
		o.init = KM_INIT_GIVEN;
		o.given = start;
		fit_ok(x, 4, 1, &o, &r, lab);
		ck_assert(r.centres[0] == 1 && r.centres[1] == 10);
		ck_assert(memcmp(lab, want, sizeof want) == 0);
		ck_assert(r.sizes[0] == 3 && r.sizes[1] == 1);
		ck_assert(r.inertia == 2);
		km_result_free(&r);
	}
}
END_TEST

/* Two empty clusters: the farthest point to the first, the next to the
 * second. */
START_TEST(test_two_empty_repaired)
{
	static const double x[] = { 0, 1, 2, 10, 20 };
	static const double start[] = { 1, 1000, 2000 };
	static const uint16_t want[] = { 0, 0, 0, 2, 1 };
	km_opts o;
	km_result r;
	uint16_t lab[5];
	int a;

	for (a = KM_LLOYD; a <= KM_HAMERLY; a++) {
		o = opts(3, a);
		o.init = KM_INIT_GIVEN;
		o.given = start;
		fit_ok(x, 5, 1, &o, &r, lab);
		ck_assert(r.centres[0] == 1 && r.centres[1] == 20 &&
		    r.centres[2] == 10);
		ck_assert(memcmp(lab, want, sizeof want) == 0);
		ck_assert(r.sizes[0] == 3 && r.sizes[1] == 1 &&
		    r.sizes[2] == 1);
		ck_assert(r.inertia == 2);
		km_result_free(&r);
	}
}
END_TEST

/* Equally far: the higher index goes, as in scikit-learn (numpy's
 * argpartition gives the last of equal maxima). */
START_TEST(test_empty_repair_tie)
{
	static const double x[] = { 0, 2, 1, 1 };
	static const double start[] = { 1, 1000 };
	static const uint16_t want[] = { 0, 1, 0, 0 };
	km_opts o;
	km_result r;
	uint16_t lab[4];
	int a;

	for (a = KM_LLOYD; a <= KM_HAMERLY; a++) {
		o = opts(2, a);
		o.init = KM_INIT_GIVEN;
		o.given = start;
		fit_ok(x, 4, 1, &o, &r, lab);
		ck_assert(memcmp(lab, want, sizeof want) == 0);
		ck_assert(r.centres[0] == 2.0 / 3.0 && r.centres[1] == 2);
		km_result_free(&r);
	}
}
END_TEST

/*
 * 20000 random points, one given centre far from all of them: after one
 * iteration its cluster holds exactly the point farthest from its
 * centre (highest index on a tie) and is centred on it; after the fit no
 * cluster is empty; Lloyd and Hamerly agree.
 */
START_TEST(test_empty_repaired_random)
{
	size_t n = 20000, d = 2, i, far = 0, j;
	double *x = blobs(n, d, 55), start[8], s, best = -1, t;
	uint16_t *ll = malloc(n * sizeof *ll), *lh = malloc(n * sizeof *lh);
	km_opts o = opts(4, KM_LLOYD);
	km_result rl, rh;

	for (j = 0; j < 3; j++) {
		start[2 * j] = x[2 * j * 1000];
		start[2 * j + 1] = x[2 * j * 1000 + 1];
	}
	start[6] = 1e6;
	start[7] = 1e6;
	for (i = 0; i < n; i++) {
		s = INFINITY;
		for (j = 0; j < 3; j++) {
			t = km_sqdist(x + 2 * i, start + 2 * j, 2);
			if (t < s)
				s = t;
		}
		if (s >= best) {
			best = s;
			far = i;
		}
	}
	o.init = KM_INIT_GIVEN;
	o.given = start;
	o.max_iter = 1;
	fit_ok(x, n, d, &o, &rl, ll);
	ck_assert_msg(rl.centres[6] == x[2 * far] &&
	    rl.centres[7] == x[2 * far + 1], "cluster 3 centred on (%g, %g), "
	    "the farthest point %zu is (%g, %g)", rl.centres[6], rl.centres[7],
	    far, x[2 * far], x[2 * far + 1]);
	ck_assert_uint_eq(ll[far], 3);
	ck_assert_int_eq(rl.converged, 0);
	km_result_free(&rl);

	o.max_iter = 300;
	fit_ok(x, n, d, &o, &rl, ll);
	o.algorithm = KM_HAMERLY;
	fit_ok(x, n, d, &o, &rh, lh);
	same_result(&rl, ll, &rh, lh, n, "repaired");
	for (j = 0; j < 4; j++)
		ck_assert_uint_gt(rl.sizes[j], 0);
	consistent(x, n, d, &rl, ll);
	km_result_free(&rl);
	km_result_free(&rh);
	free(x);
	free(ll);
	free(lh);
}
END_TEST

/* ---- stopping ---- */

/* A loose tol stops early; the polish goes on until no label changes
 * and can only lower the inertia. */
START_TEST(test_polish)
{
	size_t n = 20000, d = 3;
	double *x = blobs(n, d, 8);
	uint16_t *lu = malloc(n * sizeof *lu), *lp = malloc(n * sizeof *lp);
	km_opts o = opts(6, _i == 0 ? KM_LLOYD : KM_HAMERLY);
	km_result ru, rp;

	o.tol = 0.05;
	o.seed = 4;
	o.n_init = 2;
	o.polish = 0;
	fit_ok(x, n, d, &o, &ru, lu);
	ck_assert_int_eq(ru.polished, 0);
	o.polish = 1;
	fit_ok(x, n, d, &o, &rp, lp);
	/* lower, or the same but for the rounding of the sums */
	ck_assert_msg(rp.inertia <= ru.inertia * (1 + 1e-14), "polished "
	    "%.17g > %.17g", rp.inertia, ru.inertia);
	ck_assert_int_ge(rp.polished, 1);
	ck_assert_int_eq(rp.iterations, ru.iterations + rp.polished);
	ck_assert_int_eq(rp.converged, 1);
	ck_assert_int_eq(rp.best_init, ru.best_init);
	consistent(x, n, d, &ru, lu);
	consistent(x, n, d, &rp, lp);
	km_result_free(&ru);
	km_result_free(&rp);
	/* tol 0: nothing to polish */
	o.tol = 0;
	fit_ok(x, n, d, &o, &rp, lp);
	ck_assert_int_eq(rp.polished, 0);
	ck_assert_int_eq(rp.converged, 1);
	km_result_free(&rp);
	free(x);
	free(lu);
	free(lp);
}
END_TEST

/*
 * kmeans.h: the polish "can only lower" the inertia.  Over these seeds
 * and tolerances the polished inertia must never be above the unpolished
 * one, not even by the rounding of the sums.
 */
START_TEST(test_polish_never_raises_inertia)
{
	size_t n = 20000, d = 3, k;
	double *x = blobs(n, d, 8);
	uint16_t *lu = malloc(n * sizeof *lu), *lp = malloc(n * sizeof *lp);
	km_opts o;
	km_result ru, rp;
	uint64_t seed;
	char bad[256] = "";

	for (k = 2; k <= 8; k += 2)
		for (seed = 1; seed <= 6; seed++) {
			o = opts(k, KM_LLOYD);
			o.tol = seed % 2 ? 0.05 : 1e-3;
			o.seed = seed;
			o.n_init = 2;
			o.polish = 0;
			fit_ok(x, n, d, &o, &ru, lu);
			o.polish = 1;
			fit_ok(x, n, d, &o, &rp, lp);
			if (rp.inertia > ru.inertia && bad[0] == '\0')
				snprintf(bad, sizeof bad, "k=%zu seed=%llu "
				    "tol=%g: polished %.17g > unpolished %.17g "
				    "(%d polishing iterations, labels %s)", k,
				    (unsigned long long)seed, o.tol,
				    rp.inertia, ru.inertia, rp.polished,
				    memcmp(lu, lp, n * sizeof *lu) == 0 ?
				    "unchanged" : "changed");
			km_result_free(&ru);
			km_result_free(&rp);
		}
	ck_assert_msg(bad[0] == '\0', "%s", bad);
	free(x);
	free(lu);
	free(lp);
}
END_TEST

START_TEST(test_max_iter_one)
{
	size_t n = 5000, d = 3;
	double *x = blobs(n, d, 9);
	uint16_t *lab = malloc(n * sizeof *lab);
	km_opts o = opts(4, _i == 0 ? KM_LLOYD : KM_HAMERLY);
	km_result r;

	o.max_iter = 1;
	o.polish = 0;
	fit_ok(x, n, d, &o, &r, lab);
	ck_assert_int_eq(r.converged, 0);
	ck_assert_int_eq(r.iterations, 1);
	consistent(x, n, d, &r, lab);
	km_result_free(&r);
	/* the polish is bounded by max_iter too */
	o.polish = 1;
	o.tol = 1e-4;
	fit_ok(x, n, d, &o, &r, lab);
	ck_assert_int_eq(r.converged, 0);
	km_result_free(&r);
	free(x);
	free(lab);
}
END_TEST

/*
 * The centres a fit ends with are the means of their points, to within
 * the rounding of the sums.
 */
START_TEST(test_centres_are_means)
{
	size_t n = 40000, d = 3, k = 7, i, j, c, *cnt;
	double *x = blobs(n, d, 13);
	uint16_t *lab = malloc(n * sizeof *lab);
	long double *sum;
	km_opts o = opts(k, KM_HAMERLY);
	km_result r;

	fit_ok(x, n, d, &o, &r, lab);
	sum = calloc(k * d, sizeof *sum);
	cnt = calloc(k, sizeof *cnt);
	for (i = 0; i < n; i++) {
		cnt[lab[i]]++;
		for (j = 0; j < d; j++)
			sum[lab[i] * d + j] += x[i * d + j];
	}
	for (c = 0; c < k; c++)
		for (j = 0; j < d; j++)
			ck_assert_msg(fabsl(r.centres[c * d + j] -
			    sum[c * d + j] / cnt[c]) <= 1e-12L *
			    fabsl(sum[c * d + j] / cnt[c]), "cluster %zu: "
			    "%.17g, the mean of its points %.17Lg", c,
			    r.centres[c * d + j], sum[c * d + j] / cnt[c]);
	km_result_free(&r);
	free(sum);
	free(cnt);
	free(x);
	free(lab);
}
END_TEST

/*
 * Coordinates near 1e300 are finite doubles, but their squared distances
 * overflow.  km_fit must either refuse such data with an error or return
 * a result whose every part is set: labels below k, finite centres, a
 * finite inertia (an infinite inertia once meant no restart was kept,
 * and centres and labels were left unset).
 */
START_TEST(test_huge_values_k1)
{
	double x[] = { 0, 1e300 };
	km_opts o = opts(1, KM_LLOYD);
	km_result r;
	rfm_error e;
	uint16_t lab[2] = { 0, 0 };
	int rc;

	memset(&e, 0, sizeof e);
	rc = km_fit(x, 2, 1, &o, &r, lab, &e);
	if (rc != RFM_OK) {
		ck_assert_int_eq(rc, RFM_EDATA);
		ck_assert_str_ne(e.msg, "");
		return;
	}
	ck_assert_msg(isfinite(r.inertia), "km_fit accepted {0, 1e300} with "
	    "k = 1 and gave inertia %g", r.inertia);
	ck_assert_msg(r.centres[0] == 5e299, "centre %g, want 5e299",
	    r.centres[0]);
	km_result_free(&r);
}
END_TEST

START_TEST(test_huge_values_groups)
{
	double x[] = { 0, 1, 1e300, 2e300, 3, 1.5e300 };
	km_opts o = opts(2, KM_LLOYD);
	km_result r;
	rfm_error e;
	uint16_t lab[6];
	size_t i;
	int rc;

	/* kmeans-fit's defaults: tol 1e-4, polished */
	o.tol = 1e-4;
	o.n_init = 3;
	memset(lab, 0, sizeof lab);
	memset(&e, 0, sizeof e);
	rc = km_fit(x, 6, 1, &o, &r, lab, &e);
	if (rc != RFM_OK) {
		ck_assert_int_eq(rc, RFM_EDATA);
		return;
	}
	for (i = 0; i < 6; i++)
		ck_assert_uint_lt(lab[i], 2);
	ck_assert(isfinite(r.centres[0]) && isfinite(r.centres[1]));
	km_canonical(&r, lab, 6, NULL);
	ck_assert_msg(lab[0] == 0 && lab[1] == 0 && lab[4] == 0 &&
	    lab[2] == 1 && lab[3] == 1 && lab[5] == 1, "labels %u %u %u %u %u "
	    "%u, want 0 0 1 1 0 1 (centres %g %g)", lab[0], lab[1], lab[2],
	    lab[3], lab[4], lab[5], r.centres[0], r.centres[1]);
	ck_assert_msg(isfinite(r.inertia), "inertia %g", r.inertia);
	km_result_free(&r);
}
END_TEST

/* Every value must be below km_value_limit(n, d); at it, a clear error. */
START_TEST(test_value_limit)
{
	double lim1 = km_value_limit(2, 1), lim3 = km_value_limit(2, 3), x[6];
	km_opts o = opts(1, KM_LLOYD);
	km_result r;
	rfm_error e;
	uint16_t lab[3];

	ck_assert(lim1 == sqrt(DBL_MAX / 8.0));
	ck_assert(lim3 == sqrt(DBL_MAX / 24.0));
	ck_assert(km_value_limit(0, 0) == sqrt(DBL_MAX / 4.0));
	/* two values just below the limit, as far apart as can be */
	x[0] = nextafter(lim1, 0);
	x[1] = -x[0];
	memset(&e, 0, sizeof e);
	ck_assert_msg(km_fit(x, 2, 1, &o, &r, lab, &e) == RFM_OK, "%s", e.msg);
	ck_assert(r.centres[0] == 0);
	ck_assert_msg(isfinite(r.inertia), "inertia %g", r.inertia);
	km_result_free(&r);
	/* at the limit, in row 2 */
	x[0] = 1;
	x[1] = 0;
	x[2] = 5;
	x[3] = -lim3;
	x[4] = x[5] = 0;
	ck_assert_int_eq(km_fit(x, 2, 3, &o, &r, lab, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "row 2: -2.73686e+153 is too large: squared "
	    "distances would overflow (every value must be below 2.74e+153 in "
	    "size)");
	ck_assert_ptr_null(r.centres);
}
END_TEST

/*
 * Ten values a little below km_value_limit(10, 1), five on each side of 0:
 * every squared distance is finite, but their sum, the inertia, is not.
 * km_fit must refuse the data or report a finite inertia (kmeans-fit
 * saves what it reports, and "inertia inf" is a model file no reader
 * accepts).
 */
START_TEST(test_sums_overflow_below_limit)
{
	double x[10], lim = km_value_limit(10, 1);
	km_opts o = opts(1, KM_LLOYD);
	km_result r;
	rfm_error e;
	uint16_t lab[10];
	size_t i;
	int rc;

	for (i = 0; i < 10; i++)
		x[i] = (i % 2 ? 0.99 : -0.99) * lim;
	memset(&e, 0, sizeof e);
	rc = km_fit(x, 10, 1, &o, &r, lab, &e);
	if (rc == RFM_EDATA)
		return;
	ck_assert_int_eq(rc, RFM_OK);
	ck_assert_msg(isfinite(r.inertia), "km_fit accepted ten values of "
	    "+-0.99 x km_value_limit(10, 1) = %g and gave inertia %g", 0.99 * lim,
	    r.inertia);
	km_result_free(&r);
}
END_TEST

/*
 * k-means does not depend on the scale: the same points multiplied by
 * 2^505 (every operation exact in binary, every value below
 * km_value_limit) must give the same fit, or be refused.  Here the sums
 * over the points (the features' variance behind tol, and the inertia)
 * overflow although no single distance does: the restarts stop after
 * one iteration as "converged" (tol x infinite variance), every inertia
 * is infinite, and restart 0 is kept whatever it is worth.
 */
START_TEST(test_scale_invariant)
{
	size_t n = 20000, d = 3, i;
	double *x = blobs(n, d, 42), *y = malloc(n * d * sizeof *y), big;
	uint16_t *lx = malloc(n * sizeof *lx), *ly = malloc(n * sizeof *ly);
	km_opts o = opts(4, KM_LLOYD);
	km_result rx, ry;
	rfm_error e;
	int rc;

	big = ldexp(1.0, 495);
	for (i = 0; i < n * d; i++) {
		y[i] = x[i] * big;
		ck_assert(fabs(y[i]) < km_value_limit(n, d));
	}
	o.n_init = 3;
	o.tol = 1e-4;
	o.polish = 0;
	o.seed = 5;
	fit_ok(x, n, d, &o, &rx, lx);
	memset(&e, 0, sizeof e);
	rc = km_fit(y, n, d, &o, &ry, ly, &e);
	if (rc == RFM_EDATA) {
		ck_assert_str_ne(e.msg, "");
	} else {
		ck_assert_int_eq(rc, RFM_OK);
		ck_assert_msg(isfinite(ry.inertia), "inertia %g (unscaled "
		    "%.17g; %d iterations, converged %d, restart %d kept; "
		    "unscaled %d, %d, %d)", ry.inertia, rx.inertia,
		    ry.iterations, ry.converged, ry.best_init, rx.iterations,
		    rx.converged, rx.best_init);
		ck_assert_int_eq(ry.iterations, rx.iterations);
		ck_assert_int_eq(ry.best_init, rx.best_init);
		ck_assert(memcmp(lx, ly, n * sizeof *lx) == 0);
		for (i = 0; i < 4 * d; i++)
			ck_assert(ry.centres[i] == rx.centres[i] * big);
		km_result_free(&ry);
	}
	km_result_free(&rx);
	free(x);
	free(y);
	free(lx);
	free(ly);
}
END_TEST

/* The same at a scale where nothing overflows: bit for bit. */
START_TEST(test_scale_invariant_exact)
{
	size_t n = 20000, d = 3, i;
	double *x = blobs(n, d, 42), *y = malloc(n * d * sizeof *y), big;
	uint16_t *lx = malloc(n * sizeof *lx), *ly = malloc(n * sizeof *ly);
	km_opts o = opts(4, _i == 0 ? KM_LLOYD : KM_HAMERLY);
	km_result rx, ry;

	big = ldexp(1.0, _i == 0 ? 400 : -400);
	for (i = 0; i < n * d; i++)
		y[i] = x[i] * big;
	o.n_init = 3;
	o.tol = 1e-4;
	o.polish = 0;
	o.seed = 5;
	fit_ok(x, n, d, &o, &rx, lx);
	fit_ok(y, n, d, &o, &ry, ly);
	ck_assert_int_eq(ry.iterations, rx.iterations);
	ck_assert_int_eq(ry.best_init, rx.best_init);
	ck_assert(memcmp(lx, ly, n * sizeof *lx) == 0);
	for (i = 0; i < 4 * d; i++)
		ck_assert(ry.centres[i] == rx.centres[i] * big);
	ck_assert(ry.inertia == rx.inertia * big * big);
	km_result_free(&rx);
	km_result_free(&ry);
	free(x);
	free(y);
	free(lx);
	free(ly);
}
END_TEST

/* ---- km_distinct, km_sqdist ---- */

START_TEST(test_distinct)
{
	static const double x[] = { 0, -0.0, 1, 1, 2, 0, 3, -0.0 };
	static const double pairs[] = { 0, -0.0, -0.0, 0, 0, 0, 1, 0, 0, 1 };

	ck_assert_uint_eq(km_distinct(x, 8, 1, 100), 4);
	ck_assert_uint_eq(km_distinct(x, 8, 1, 2), 2);
	ck_assert_uint_eq(km_distinct(x, 2, 1, 100), 1);
	ck_assert_uint_eq(km_distinct(x, 0, 1, 100), 0);
	/* rows of two: (0,-0) (-0,0) (0,0) are one */
	ck_assert_uint_eq(km_distinct(pairs, 5, 2, 100), 3);
	ck_assert_uint_eq(km_distinct(x, 4, 2, 100), 4);
	ck_assert_uint_eq(km_distinct(x, 4, 2, 3), 3);
}
END_TEST

START_TEST(test_sqdist)
{
	double a[9], b[9], s, t;
	uint64_t seed = 42;
	size_t d, i;
	int rep;

	for (rep = 0; rep < 1000; rep++)
		for (d = 1; d <= 9; d++) {
			for (i = 0; i < d; i++) {
				a[i] = unit(&seed) * 100 - 50;
				b[i] = unit(&seed) * 100 - 50;
			}
			s = 0;
			for (i = 0; i < d; i++) {
				t = a[i] - b[i];
				s += t * t;
			}
			t = km_sqdist(a, b, d);
			ck_assert_msg(memcmp(&s, &t, sizeof s) == 0, "d=%zu: "
			    "%a vs %a", d, t, s);
		}
	a[0] = 3;
	a[1] = 4;
	b[0] = b[1] = 0;
	ck_assert(km_sqdist(a, b, 2) == 25);
}
END_TEST

/*
 * Restarts screened on a sample: the same result with 1 and 4 threads,
 * reported as screened, and as low an inertia as every restart run on all
 * rows, within 0.1%.  Twelve tight groups for six clusters: restarts end
 * in optima far apart, depending on which groups they merge.
 */
START_TEST(test_screen)
{
	size_t n = 40000, d = 2, i;
	double *x = malloc(n * d * sizeof *x);
	uint16_t *l1 = malloc(n * sizeof *l1), *l4 = malloc(n * sizeof *l4);
	uint64_t seed = 99;
	km_opts o = opts(6, KM_AUTO);
	km_result r1, r4, all;

	for (i = 0; i < n; i++) {
		x[i * d] = (double)(i % 12) * (10 + (double)(i % 12)) +
		    unit(&seed);
		x[i * d + 1] = (double)(i % 5) + unit(&seed);
	}
	o.n_init = 10;
	o.tol = 1e-4;
	o.screen = 5000;
	fit_ok(x, n, d, &o, &r1, l1);
	ck_assert_uint_eq(r1.screened, 5000);
	o.nthreads = 4;
	fit_ok(x, n, d, &o, &r4, l4);
	same_result(&r1, l1, &r4, l4, n, "screened, 1 vs 4 threads");
	o.screen = 0;
	fit_ok(x, n, d, &o, &all, l4);
	ck_assert_uint_eq(all.screened, 0);
	ck_assert_msg(r1.inertia <= all.inertia * 1.001, "screened %.17g, "
	    "every restart on all rows %.17g", r1.inertia, all.inertia);
	/* exactly twice the sample: no screening */
	o.screen = n / 2;
	km_result_free(&r4);
	fit_ok(x, n, d, &o, &r4, l4);
	ck_assert_uint_eq(r4.screened, 0);
	same_result(&all, l4, &r4, l4, n, "n = 2 x screen, unscreened");
	km_result_free(&r1);
	km_result_free(&r4);
	km_result_free(&all);
	free(x);
	free(l1);
	free(l4);
}
END_TEST

/* A sample without k distinct rows: every restart runs on all rows. */
START_TEST(test_screen_too_few_distinct)
{
	size_t n = 30000, i;
	double *x = malloc(n * sizeof *x);
	uint16_t *lab = malloc(n * sizeof *lab);
	km_opts o = opts(5, KM_AUTO);
	km_result r;

	for (i = 0; i < n; i++)
		x[i] = i % 7500 == 0 ? (double)(i / 7500 + 1) * 100 : 0;
	o.n_init = 3;
	o.tol = 1e-4;
	o.screen = 1000;
	fit_ok(x, n, 1, &o, &r, lab);
	ck_assert_uint_eq(r.screened, 0);
	ck_assert_double_eq(r.inertia, 0);
	km_result_free(&r);
	free(x);
	free(lab);
}
END_TEST

Suite *
suite_kmeans(void)
{
	Suite *s = suite_create("kmeans");
	TCase *tc;

	tc = tcase_create("exact");
	tcase_add_test(tc, test_two_groups);
	tcase_add_test(tc, test_auto_algorithm);
	tcase_add_test(tc, test_k_one_exact);
	tcase_add_test(tc, test_k_one_random);
	tcase_add_test(tc, test_k_distinct_points);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_distinct);
	tcase_add_test(tc, test_sqdist);
	suite_add_tcase(s, tc);

	tc = tcase_create("canonical");
	tcase_add_test(tc, test_canonical);
	tcase_add_test(tc, test_canonical_ties);
	tcase_add_test(tc, test_canonical_seed_free);
	suite_add_tcase(s, tc);

	tc = tcase_create("identical");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_lloyd_equals_hamerly, 0,
	    (int)(sizeof variants / sizeof variants[0]));
	tcase_add_loop_test(tc, test_lloyd_equals_hamerly_dims, 0, 5);
	tcase_add_loop_test(tc, test_threads_identical, 0, 2);
	tcase_add_test(tc, test_reproducible);
	tcase_add_test(tc, test_screen);
	tcase_add_test(tc, test_screen_too_few_distinct);
	suite_add_tcase(s, tc);

	tc = tcase_create("given");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_given_keeps_order);
	tcase_add_test(tc, test_given_reproduces_fit);
	tcase_add_test(tc, test_empty_repaired);
	tcase_add_test(tc, test_two_empty_repaired);
	tcase_add_test(tc, test_empty_repair_tie);
	tcase_add_test(tc, test_empty_repaired_random);
	suite_add_tcase(s, tc);

	tc = tcase_create("stopping");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_polish, 0, 2);
	tcase_add_test(tc, test_polish_never_raises_inertia);
	tcase_add_loop_test(tc, test_max_iter_one, 0, 2);
	tcase_add_test(tc, test_centres_are_means);
	suite_add_tcase(s, tc);

	tc = tcase_create("overflow");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_huge_values_k1);
	tcase_add_test(tc, test_huge_values_groups);
	tcase_add_test(tc, test_value_limit);
	tcase_add_test(tc, test_sums_overflow_below_limit);
	tcase_add_test(tc, test_scale_invariant);
	tcase_add_loop_test(tc, test_scale_invariant_exact, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
