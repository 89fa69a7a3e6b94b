/*
 * check_xsum.c - tests of lib/xsum: sums rounded once from the exact
 * value (the values below are math.fsum's), the same bits whatever the
 * order and grouping of the additions, parts spilled to the heap and
 * back, and overflow reported.
 */
#include <math.h>
#include <stdlib.h>

#include "suites.h"
#include "testutil.h"
#include "xsum.h"

static double
sum_of(const double *v, size_t n)
{
	xsum s;
	double r;
	size_t i;

	xsum_init(&s);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(xsum_add(&s, v[i]), 0);
	r = xsum_value(&s);
	xsum_free(&s);
	return r;
}

START_TEST(test_rounded_once)
{
	double tenth[10], big[] = { 1e100, 1.0, -1e100 };
	double past_half[] = { 1.0, 0x1p-53, 0x1p-106 };
	double half[] = { 1.0, 0x1p-53 };
	double zero[] = { 2.55 * 6, -(2.55 * 6) };
	double neg0[] = { -0.0 };
	int i;

	for (i = 0; i < 10; i++)
		tenth[i] = 0.1;
	ck_assert(sum_of(tenth, 10) == 1.0);      /* in order: 0.99...9 */
	ck_assert(sum_of(big, 3) == 1.0);
	/* exactly past the half: rounded up, though 1 + 2^-53 ties to 1 */
	ck_assert(sum_of(past_half, 3) == 1.0000000000000002);
	ck_assert(sum_of(half, 2) == 1.0);
	ck_assert(sum_of(zero, 2) == 0 && !signbit(sum_of(zero, 2)));
	ck_assert(!signbit(sum_of(neg0, 1)));
	ck_assert(sum_of(NULL, 0) == 0);
}
END_TEST

/* A value of any sign and a wide range of magnitudes, some of money. */
static double
draw(unsigned *seed)
{
	double v = (double)(rand_r(seed) % 100000) / 100 *
	    (double)(rand_r(seed) % 50 + 1);

	switch (rand_r(seed) % 4) {
	case 0:
		return -v;
	case 1:
		return ldexp(v, rand_r(seed) % 200 - 100);
	default:
		return v;
	}
}

START_TEST(test_any_order_any_grouping)
{
	enum { N = 400 };
	double v[N], want, t;
	unsigned seed = 7;
	xsum whole, part, total;
	size_t i, j, cut;
	int trial;

	for (i = 0; i < N; i++)
		v[i] = draw(&seed);
	want = sum_of(v, N);
	for (trial = 0; trial < 50; trial++) {
		for (i = N - 1; i > 0; i--) {     /* shuffle */
			j = (size_t)rand_r(&seed) % (i + 1);
			t = v[i];
			v[i] = v[j];
			v[j] = t;
		}
		ck_assert(sum_of(v, N) == want);
		/* in groups, each summed apart, then the sums added */
		xsum_init(&total);
		for (i = 0; i < N; i = cut) {
			cut = i + 1 + (size_t)rand_r(&seed) % 60;
			if (cut > N)
				cut = N;
			xsum_init(&part);
			for (j = i; j < cut; j++)
				xsum_add(&part, v[j]);
			ck_assert_int_eq(xsum_add_sum(&total, &part), 0);
			xsum_free(&part);
		}
		ck_assert(xsum_value(&total) == want);
		xsum_free(&total);
	}
	/* and taken away again, to exactly 0 */
	xsum_init(&whole);
	for (i = 0; i < N; i++)
		xsum_add(&whole, v[i]);
	for (i = 0; i < N; i++)
		xsum_add(&whole, -v[N - 1 - i]);
	ck_assert(xsum_value(&whole) == 0);
	xsum_free(&whole);
}
END_TEST

START_TEST(test_spill_and_overflow)
{
	xsum s;
	size_t n;

	xsum_init(&s);
	xsum_add(&s, 1e200);
	xsum_add(&s, 1.0);
	xsum_add(&s, 1e-200);
	xsum_parts(&s, &n);
	ck_assert_uint_eq(n, 3);                  /* past XSUM_IN: heap */
	ck_assert(xsum_value(&s) == 1e200);
	xsum_add(&s, -1e200);
	ck_assert(xsum_value(&s) == 1.0);
	xsum_free(&s);
	xsum_init(&s);
	ck_assert_int_eq(xsum_add(&s, 1e308), 0);
	ck_assert_int_eq(xsum_add(&s, 1e308), -1);
	xsum_free(&s);
}
END_TEST

Suite *
suite_xsum(void)
{
	Suite *s = suite_create("xsum");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_rounded_once);
	tcase_add_test(tc, test_any_order_any_grouping);
	tcase_add_test(tc, test_spill_and_overflow);
	suite_add_tcase(s, tc);
	return s;
}
