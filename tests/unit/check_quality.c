/*
 * check_quality.c - the cluster scores against scikit-learn's, for the
 * same labels.
 *
 * tests/fixtures/make-model-fixtures.py fitted KMeans(k, n_init=10,
 * random_state=0) for k = 2..8 on the scaled UCI RFM matrix and kept its
 * labels (kmeans-labels.tsv) and its silhouette_score,
 * calinski_harabasz_score and davies_bouldin_score of them
 * (kmeans-sklearn.tsv).  The library must score those very labels the
 * same, to 1e-9 relative.  Run from the top of the repository.
 */
#include <check.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "quality.h"
#include "suites.h"
#include "table.h"

#define FIX "tests/fixtures/"

static double *x, *ref;      /* the matrix; per k: 4 reference values */
static uint16_t *lab;        /* per k: n labels */
static size_t n;

static void
load(const char *path, table *t)
{
	rfm_error e;

	ck_assert_msg(table_open(t, path, &e) == RFM_OK, "%s", e.msg);
	ck_assert_msg(table_load(t, NULL, 0, NULL, NULL, &e) == RFM_OK,
	    "%s", e.msg);
}

static void
setup(void)
{
	table m, l, r;
	size_t i, k;

	load(FIX "rfm-scaled-sklearn.tsv", &m);
	load(FIX "kmeans-labels.tsv", &l);
	load(FIX "kmeans-sklearn.tsv", &r);
	ck_assert_uint_eq(m.nsel, 3);
	ck_assert_uint_eq(l.nrows, m.nrows);
	ck_assert_uint_eq(l.nsel, 7);
	ck_assert_uint_eq(r.nrows, 7);
	n = m.nrows;
	x = m.x;
	m.x = NULL;
	lab = malloc(7 * n * sizeof *lab);
	for (k = 0; k < 7; k++)
		for (i = 0; i < n; i++)
			lab[k * n + i] = (uint16_t)l.x[i * 7 + k];
	ref = r.x;     /* per row: inertia, silhouette, CH, DB */
	r.x = NULL;
	table_close(&m);
	table_close(&l);
	table_close(&r);
}

static void
teardown(void)
{
	free(x);
	free(lab);
	free(ref);
}

static void
near(double got, double want, const char *what, size_t k)
{
	ck_assert_msg(fabs(got - want) <= 1e-9 * fabs(want),
	    "k=%zu %s: %.17g, scikit-learn %.17g", k, what, got, want);
}

START_TEST(test_scores_equal_sklearn)
{
	size_t k = (size_t)_i + 2;
	const uint16_t *l = lab + (size_t)_i * n;
	const double *want = ref + (size_t)_i * 4;

	near(q_silhouette(x, n, 3, l, k, 0, 0, 2), want[1], "silhouette", k);
	near(q_calinski_harabasz(x, n, 3, l, k), want[2], "calinski_harabasz",
	    k);
	near(q_davies_bouldin(x, n, 3, l, k), want[3], "davies_bouldin", k);
}
END_TEST

START_TEST(test_silhouette_threads)
{
	/* Sums per task combined in order: the threads change nothing. */
	double a = q_silhouette(x, n, 3, lab, 2, 0, 0, 1);
	double b = q_silhouette(x, n, 3, lab, 2, 0, 0, 3);

	ck_assert(memcmp(&a, &b, sizeof a) == 0);
}
END_TEST

START_TEST(test_silhouette_sample)
{
	/* A seeded sample: the same seed, the same score; another seed, a
	 * score close to the exact one. */
	double exact = q_silhouette(x, n, 3, lab, 2, 0, 0, 2);
	double a = q_silhouette(x, n, 3, lab, 2, 1000, 7, 2);
	double b = q_silhouette(x, n, 3, lab, 2, 1000, 7, 1);
	double c = q_silhouette(x, n, 3, lab, 2, 1000, 8, 2);

	ck_assert(memcmp(&a, &b, sizeof a) == 0);
	ck_assert(a != c);
	ck_assert_msg(fabs(a - exact) < 0.05, "%g vs %g", a, exact);
}
END_TEST

Suite *
suite_quality(void)
{
	Suite *s = suite_create("quality");
	TCase *tc = tcase_create("sklearn");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_scores_equal_sklearn, 0, 7);
	tcase_add_test(tc, test_silhouette_threads);
	tcase_add_test(tc, test_silhouette_sample);
	suite_add_tcase(s, tc);
	return s;
}
