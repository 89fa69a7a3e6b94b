/*
 * check_rng.c - tests of lib/rng and lib/pfor.  rng: the streams are
 * xoshiro256** seeded through splitmix64 (values computed independently),
 * reproducible for a (seed, stream) and different across streams and
 * seeds; rng_uniform in [0, 1) on a 2^-53 grid; rng_below never reaches
 * n, is uniform over 10 buckets (chi-square over a million draws) and
 * has no modulo bias where a plain remainder would.  pfor: every task
 * runs exactly once for 1, 2 and 8 threads and 0, 1, 2, 7 and 1000
 * tasks, a pool is reused, its threads really share the work, and
 * pfor_threads honours RFMKIT_THREADS and ignores invalid values.
 */
#include <check.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pfor.h"
#include "rng.h"
#include "suites.h"

/* ---- rng ---- */

/* The first outputs, from an independent implementation of the
 * published algorithms (splitmix64, xoshiro256**). */
static const struct {
	uint64_t seed, stream, want[4];
} known[] = {
	{ 0, 0, { 0x7310f727f4c4e906ULL, 0xb8b10a03af167a79ULL,
	    0x6a89bf956571035cULL, 0x1e8c70a5c4e69675ULL } },
	{ 12345, 7, { 0xb5b60e0a6ae8dcabULL, 0xaf0062a4ae3b6863ULL,
	    0xae9a55059f0c4c8eULL, 0xec9994e7c4852d83ULL } },
	{ UINT64_MAX, UINT64_MAX, { 0x18a2e7207e4e1eecULL,
	    0x1673fcf52fe1fb17ULL, 0x12d695eb04a912b2ULL,
	    0xc2d2aef609880b8eULL } },
};

START_TEST(test_known_values)
{
	rng r;
	int i;

	rng_seed(&r, known[_i].seed, known[_i].stream);
	for (i = 0; i < 4; i++) {
		uint64_t v = rng_next(&r);

		ck_assert_msg(v == known[_i].want[i], "seed %llu stream %llu "
		    "value %d: %016llx, want %016llx",
		    (unsigned long long)known[_i].seed,
		    (unsigned long long)known[_i].stream, i,
		    (unsigned long long)v,
		    (unsigned long long)known[_i].want[i]);
	}
}
END_TEST

START_TEST(test_reproducible)
{
	rng a, b;
	int i;

	rng_seed(&a, 42, 3);
	rng_seed(&b, 42, 3);
	for (i = 0; i < 10000; i++)
		ck_assert(rng_next(&a) == rng_next(&b));
	/* seeding again starts over, whatever was drawn */
	rng_seed(&a, 42, 3);
	rng_seed(&b, 42, 3);
	for (i = 0; i < 100; i++) {
		ck_assert(rng_below(&a, 1000) == rng_below(&b, 1000));
		ck_assert(rng_uniform(&a) == rng_uniform(&b));
	}
}
END_TEST

/* Streams 0..63 of a seed, and seeds 0..63 of a stream: no two share any
 * of their first 64 values. */
START_TEST(test_streams_differ)
{
	enum { S = 64, N = 64 };
	static uint64_t v[2][S * N];
	rng r;
	size_t i, j, a, dup = 0;

	for (a = 0; a < 2; a++)
		for (i = 0; i < S; i++) {
			if (a == 0)
				rng_seed(&r, 2024, i);
			else
				rng_seed(&r, i, 2024);
			for (j = 0; j < N; j++)
				v[a][i * N + j] = rng_next(&r);
		}
	for (a = 0; a < 2; a++)
		for (i = 0; i < S * N; i++)
			for (j = i + 1; j < S * N; j++)
				dup += v[a][i] == v[a][j];
	ck_assert_uint_eq(dup, 0);
	/* seed and stream are not interchangeable */
	rng_seed(&r, 1, 2);
	v[0][0] = rng_next(&r);
	rng_seed(&r, 2, 1);
	ck_assert(rng_next(&r) != v[0][0]);
}
END_TEST

START_TEST(test_uniform)
{
	rng r;
	double u, sum = 0, lo = 1, hi = 0;
	long i, n = 1000000;

	rng_seed(&r, 7, 0);
	for (i = 0; i < n; i++) {
		u = rng_uniform(&r);
		ck_assert(u >= 0 && u < 1);
		/* 53 bits: an integer multiple of 2^-53 */
		ck_assert(ldexp(u, 53) == floor(ldexp(u, 53)));
		sum += u;
		if (u < lo)
			lo = u;
		if (u > hi)
			hi = u;
	}
	ck_assert_msg(fabs(sum / (double)n - 0.5) < 0.002, "mean %g",
	    sum / (double)n);
	ck_assert(lo < 1e-4 && hi > 1 - 1e-4);
}
END_TEST

/* The largest value rng_next can give maps below 1. */
START_TEST(test_uniform_top)
{
	ck_assert((double)(UINT64_MAX >> 11) * 0x1.0p-53 < 1);
}
END_TEST

START_TEST(test_below_range)
{
	static const uint64_t ns[] = { 1, 2, 3, 7, 10, 1000, 65536,
	    (1ULL << 32) + 1, (1ULL << 63) + 1, UINT64_MAX - 1, UINT64_MAX };
	rng r;
	size_t i;
	int j;
	uint64_t v;

	rng_seed(&r, 99, 1);
	for (i = 0; i < sizeof ns / sizeof ns[0]; i++)
		for (j = 0; j < 20000; j++) {
			v = rng_below(&r, ns[i]);
			ck_assert_msg(v < ns[i], "rng_below(%llu) = %llu",
			    (unsigned long long)ns[i], (unsigned long long)v);
		}
	for (j = 0; j < 1000; j++)
		ck_assert(rng_below(&r, 1) == 0);
}
END_TEST

/* Chi-square over 10 buckets for a million draws: 9 degrees of freedom,
 * 40 is far beyond any chance (p < 1e-5). */
START_TEST(test_below_chi_square)
{
	long count[10] = { 0 }, n = 1000000, i;
	double chi = 0, expect = (double)n / 10;
	rng r;
	int b;

	rng_seed(&r, 31337, (uint64_t)_i);
	for (i = 0; i < n; i++)
		count[rng_below(&r, 10)]++;
	for (b = 0; b < 10; b++)
		chi += (count[b] - expect) * (count[b] - expect) / expect;
	ck_assert_msg(chi < 40, "chi-square %g over 10 buckets", chi);
	/* and not suspiciously perfect either */
	ck_assert_msg(chi > 0.5, "chi-square %g: too even", chi);
}
END_TEST

/*
 * n = 3 x 2^62: a plain remainder of 64 random bits would fall in the
 * first third twice as often as in each of the others (1/2, 1/4, 1/4);
 * without bias each third gets 1/3.
 */
START_TEST(test_below_no_modulo_bias)
{
	uint64_t n = 3ULL << 62;
	long third[3] = { 0, 0, 0 }, draws = 300000, i;
	rng r;
	int t;

	rng_seed(&r, 5, 5);
	for (i = 0; i < draws; i++)
		third[rng_below(&r, n) >> 62]++;
	for (t = 0; t < 3; t++)
		ck_assert_msg(fabs((double)third[t] / (double)draws - 1.0 / 3) <
		    0.01, "third %d: %ld of %ld", t, third[t], draws);
}
END_TEST

/* ---- pfor ---- */

typedef struct runs {
	size_t ntasks;
	atomic_int *count;
	atomic_int out_of_range;
} runs;

static void
count_task(void *ctx, size_t t)
{
	runs *r = ctx;

	if (t >= r->ntasks)
		atomic_fetch_add(&r->out_of_range, 1);
	else
		atomic_fetch_add(&r->count[t], 1);
}

START_TEST(test_every_task_once)
{
	static const int threads[] = { 1, 2, 8 };
	static const size_t tasks[] = { 0, 1, 2, 7, 1000 };
	size_t a, b, t;
	int rep;
	runs r;
	pfor *p;

	for (a = 0; a < 3; a++) {
		p = pfor_new(threads[a]);
		ck_assert_ptr_nonnull(p);
		for (b = 0; b < 5; b++)
			for (rep = 0; rep < 20; rep++) {
				r.ntasks = tasks[b];
				r.count = calloc(tasks[b] + 1, sizeof *r.count);
				atomic_init(&r.out_of_range, 0);
				pfor_run(p, tasks[b], count_task, &r);
				for (t = 0; t < tasks[b]; t++)
					ck_assert_msg(r.count[t] == 1,
					    "%d threads, %zu tasks: task %zu "
					    "ran %d times", threads[a],
					    tasks[b], t, (int)r.count[t]);
				ck_assert_int_eq(r.out_of_range, 0);
				free(r.count);
			}
		pfor_free(p);
	}
}
END_TEST

/* Many short runs on one pool: no run is lost or mixed with the next. */
START_TEST(test_pool_reused)
{
	pfor *p = pfor_new(4);
	runs r;
	size_t t;
	int rep;

	r.ntasks = 37;
	r.count = calloc(37, sizeof *r.count);
	atomic_init(&r.out_of_range, 0);
	for (rep = 0; rep < 2000; rep++)
		pfor_run(p, 37, count_task, &r);
	for (t = 0; t < 37; t++)
		ck_assert_int_eq(r.count[t], 2000);
	ck_assert_int_eq(r.out_of_range, 0);
	free(r.count);
	pfor_free(p);
	pfor_free(NULL);
}
END_TEST

/* 0 or a negative count: one thread, the caller's. */
START_TEST(test_pool_sizes)
{
	static const int sizes[] = { 0, -3, 1, 64 };
	runs r;
	pfor *p;
	size_t i, t;

	for (i = 0; i < 4; i++) {
		p = pfor_new(sizes[i]);
		r.ntasks = 100;
		r.count = calloc(100, sizeof *r.count);
		atomic_init(&r.out_of_range, 0);
		pfor_run(p, 100, count_task, &r);
		for (t = 0; t < 100; t++)
			ck_assert_int_eq(r.count[t], 1);
		free(r.count);
		pfor_free(p);
	}
}
END_TEST

typedef struct who {
	pthread_t tid[64];
	atomic_int n;
} who;

static void
slow_task(void *ctx, size_t t)
{
	who *w = ctx;
	struct timespec ts = { 0, 2000000 };   /* 2 ms */

	nanosleep(&ts, NULL);
	w->tid[t] = pthread_self();
	atomic_fetch_add(&w->n, 1);
}

/* Tasks that wait: the pool's threads take some, not only the caller. */
START_TEST(test_threads_share)
{
	pfor *p = pfor_new(4);
	who w;
	int i, j, distinct = 0;

	memset(&w, 0, sizeof w);
	atomic_init(&w.n, 0);
	pfor_run(p, 64, slow_task, &w);
	ck_assert_int_eq(w.n, 64);
	for (i = 0; i < 64; i++) {
		for (j = 0; j < i && !pthread_equal(w.tid[i], w.tid[j]); j++)
			;
		distinct += j == i;
	}
	ck_assert_msg(distinct >= 2 && distinct <= 4, "%d threads ran the "
	    "tasks", distinct);
	pfor_free(p);
	/* one thread: only the caller */
	p = pfor_new(1);
	memset(&w, 0, sizeof w);
	pfor_run(p, 8, slow_task, &w);
	for (i = 0; i < 8; i++)
		ck_assert(pthread_equal(w.tid[i], pthread_self()));
	pfor_free(p);
}
END_TEST

static int
default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

START_TEST(test_threads_env)
{
	static const struct {
		const char *v;
		int want;      /* 0: the default */
	} cases[] = {
		{ "1", 1 }, { "3", 3 }, { "8", 8 }, { "12", 12 }, { "64", 64 },
		{ "0", 0 }, { "65", 0 }, { "-2", 0 }, { "abc", 0 },
		{ "4x", 0 }, { "4 ", 0 }, { "2.5", 0 }, { "", 0 },
		{ "99999999999999999999", 0 },
	};
	char *saved = getenv("RFMKIT_THREADS");
	size_t i;
	int want;

	saved = saved != NULL ? strdup(saved) : NULL;
	unsetenv("RFMKIT_THREADS");
	ck_assert_int_eq(pfor_threads(), default_threads());
	ck_assert_int_ge(pfor_threads(), 1);
	ck_assert_int_le(pfor_threads(), 8);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		setenv("RFMKIT_THREADS", cases[i].v, 1);
		want = cases[i].want ? cases[i].want : default_threads();
		ck_assert_msg(pfor_threads() == want, "RFMKIT_THREADS=\"%s\": "
		    "%d, want %d", cases[i].v, pfor_threads(), want);
	}
	if (saved != NULL)
		setenv("RFMKIT_THREADS", saved, 1);
	else
		unsetenv("RFMKIT_THREADS");
	free(saved);
}
END_TEST

Suite *
suite_rng(void)
{
	Suite *s = suite_create("rng");
	TCase *tc;

	tc = tcase_create("rng");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_known_values, 0,
	    (int)(sizeof known / sizeof known[0]));
	tcase_add_test(tc, test_reproducible);
	tcase_add_test(tc, test_streams_differ);
	tcase_add_test(tc, test_uniform);
	tcase_add_test(tc, test_uniform_top);
	tcase_add_test(tc, test_below_range);
	tcase_add_loop_test(tc, test_below_chi_square, 0, 3);
	tcase_add_test(tc, test_below_no_modulo_bias);
	suite_add_tcase(s, tc);

	tc = tcase_create("pfor");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_every_task_once);
	tcase_add_test(tc, test_pool_reused);
	tcase_add_test(tc, test_pool_sizes);
	tcase_add_test(tc, test_threads_share);
	tcase_add_test(tc, test_threads_env);
	suite_add_tcase(s, tc);
	return s;
}
