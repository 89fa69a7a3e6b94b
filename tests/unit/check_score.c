/*
 * check_score.c - tests of lib/score: the breaks score_fit takes by each
 * rule on hand-made columns (an interpolated quantile, one on a value,
 * ties, one row, the R package rfm's + 1); score_of on and around the
 * breaks, closed right and left, ascending and descending; score_parse
 * of --breaks and its refusals; a bit-exact round trip of the breaks file
 * and the errors score_read reports; score_stream's output.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvfile.h"
#include "score.h"
#include "suites.h"
#include "testutil.h"
#include "tsvin.h"

static void
dir_setup(void)
{
	temp_dir(dir, sizeof dir, NULL, "check_score");
}

/* n rows whose three measures are all v[i]. */
static double *
rows_of(const double *v, size_t n)
{
	double *x = malloc(n * SCORE_NMEASURES * sizeof *x);
	size_t i;
	int m;

	ck_assert_ptr_nonnull(x);
	for (i = 0; i < n; i++)
		for (m = 0; m < SCORE_NMEASURES; m++)
			x[i * SCORE_NMEASURES + (size_t)m] = v[i];
	return x;
}

START_TEST(test_fit_quantile)
{
	/* unsorted on purpose; sorted: 10 10 20 20 30 40 50 50 */
	static const double v[] = { 50, 10, 20, 30, 10, 40, 20, 50 };
	double *x = rows_of(v, 8);
	score_breaks s;
	int bad = -1;

	score_init(&s, 5, SCORE_QUANTILE);
	ck_assert_int_eq(score_fit(&s, x, 8, &bad), 0);
	/* index 7k/5: 1.4, 2.8, 4.2, 5.6 */
	ck_assert(same_double(s.b[SCORE_F][0], 14));
	ck_assert(same_double(s.b[SCORE_F][1], 20));
	ck_assert(same_double(s.b[SCORE_F][2], 32));
	ck_assert(same_double(s.b[SCORE_F][3], 46));
	ck_assert_int_eq(s.rows, 8);
	ck_assert_int_eq(s.left, 0);
	/* ties never split; on a break the lower bin */
	ck_assert_int_eq(score_of(&s, SCORE_F, 10), 1);
	ck_assert_int_eq(score_of(&s, SCORE_F, 20), 2);
	ck_assert_int_eq(score_of(&s, SCORE_F, 20.000001), 3);
	ck_assert_int_eq(score_of(&s, SCORE_F, 50), 5);
	/* recency reversed */
	ck_assert_int_eq(score_of(&s, SCORE_R, 10), 5);
	ck_assert_int_eq(score_of(&s, SCORE_R, 50), 1);
	/* beyond the fitted range: the open end intervals */
	ck_assert_int_eq(score_of(&s, SCORE_M, -1e300), 1);
	ck_assert_int_eq(score_of(&s, SCORE_M, 1e300), 5);
	free(x);
}
END_TEST

START_TEST(test_fit_exact_index)
{
	/* 11 values 0..10, 5 bins: index 10k/5 = 2k, a whole number: the
	 * breaks are values, exactly; 0.1 steps would not be with an index
	 * computed in doubles. */
	double v[11], *x;
	score_breaks s;
	int bad, i;

	for (i = 0; i < 11; i++)
		v[i] = i * 0.1;
	x = rows_of(v, 11);
	score_init(&s, 5, SCORE_QUANTILE);
	ck_assert_int_eq(score_fit(&s, x, 11, &bad), 0);
	for (i = 0; i < 4; i++)
		ck_assert(same_double(s.b[SCORE_M][i], v[2 * (i + 1)]));
	free(x);
}
END_TEST

START_TEST(test_fit_one_row)
{
	static const double v[] = { 7 };
	double *x = rows_of(v, 1);
	score_breaks s;
	int bad, k;

	score_init(&s, 10, SCORE_QUANTILE);
	ck_assert_int_eq(score_fit(&s, x, 1, &bad), 0);
	for (k = 0; k < 9; k++)
		ck_assert(same_double(s.b[SCORE_R][k], 7));
	ck_assert_int_eq(score_of(&s, SCORE_R, 7), 10);
	ck_assert_int_eq(score_of(&s, SCORE_F, 7), 1);
	free(x);
}
END_TEST

START_TEST(test_fit_rfm)
{
	static const double v[] = { 1, 5, 5, 30, 100 };
	double *x = rows_of(v, 5);
	score_breaks s;
	int bad;

	score_init(&s, 5, SCORE_RFM);
	ck_assert_int_eq(s.left, 1);
	ck_assert_int_eq(score_fit(&s, x, 5, &bad), 0);
	/* R: quantile 4.2, 5, 15, 44, each + 1 */
	ck_assert_double_eq_tol(s.b[SCORE_M][0], 5.2, 1e-12);
	ck_assert(same_double(s.b[SCORE_M][1], 6));
	ck_assert_double_eq_tol(s.b[SCORE_M][2], 16, 1e-12);
	ck_assert_double_eq_tol(s.b[SCORE_M][3], 45, 1e-12);
	/* closed left: a value on a break takes the upper bin */
	ck_assert_int_eq(score_of(&s, SCORE_M, 6), 3);
	ck_assert_int_eq(score_of(&s, SCORE_M, 5), 1);
	free(x);
}
END_TEST

START_TEST(test_fit_overflow)
{
	static const double v[] = { -1.7e308, 1.7e308 };
	double *x = rows_of(v, 2);
	score_breaks s;
	int bad = -1;

	score_init(&s, 5, SCORE_QUANTILE);
	ck_assert_int_eq(score_fit(&s, x, 2, &bad), -1);
	ck_assert_int_eq(bad, SCORE_R);
	free(x);
}
END_TEST

START_TEST(test_rfm_score)
{
	int a[3] = { 5, 4, 3 }, b[3] = { 1, 10, 10 }, c[3] = { 2, 1, 1 };

	ck_assert_int_eq(score_rfm(a), 543);
	ck_assert_int_eq(score_rfm(b), 210);
	ck_assert_int_eq(score_rfm(c), 211);
}
END_TEST

START_TEST(test_parse)
{
	char msg[256];
	score_breaks s;

	ck_assert_int_eq(score_parse("monetary:1,2;recency:30,90;"
	    "frequency:1,1", 1, &s, msg, sizeof msg), 0);
	ck_assert_int_eq(s.bins, 3);
	ck_assert_int_eq(s.rule, SCORE_GIVEN);
	ck_assert_int_eq(s.left, 1);
	ck_assert(same_double(s.b[SCORE_R][1], 90));
	ck_assert(same_double(s.b[SCORE_F][1], 1));
	ck_assert_int_eq(s.descending[SCORE_R], 1);
	ck_assert_int_eq(s.descending[SCORE_M], 0);
}
END_TEST

static const struct {
	const char *spec, *msg;
} bad_specs[] = {
	{ "recency:1;frequency:1", "no breaks for monetary" },
	{ "recency:2,1;frequency:1,2;monetary:1,2",
	  "recency: the breaks must not decrease: '1' after '2'" },
	{ "recency:1,2;frequency:1,2;monetary:1,",
	  "monetary: not a number: ''" },
	{ "recency:1,2;frequency:1;monetary:1,2",
	  "frequency has 1 break and recency 2: each measure needs as many, "
	  "one less than the scores" },
	{ "recency:1,2,3,4,5,6,7,8,9,10",
	  "recency: more than 9 breaks (10 scores at most)" },
	{ "r:1", "'r:1' is not recency:, frequency: or monetary: and its "
	  "breaks" },
	{ "frequency:1;frequency:2", "frequency is given twice" },
};

START_TEST(test_parse_errors)
{
	char msg[256];
	score_breaks s;

	ck_assert_int_eq(score_parse(bad_specs[_i].spec, 0, &s, msg,
	    sizeof msg), -1);
	ck_assert_str_eq(msg, bad_specs[_i].msg);
}
END_TEST

START_TEST(test_round_trip)
{
	static const double v[] = { 0.1, 1e-300, 3.3, 12345.678, 0.7,
	    2.000000001 };
	double *x = rows_of(v, 6);
	score_breaks s, t;
	rfm_error e;
	const char *p = path_of("b.tsv");
	FILE *f = fopen(p, "w");
	int bad, m, k;

	score_init(&s, 7, SCORE_QUANTILE);
	ck_assert_int_eq(score_fit(&s, x, 6, &bad), 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(score_write(f, &s), 0);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(score_read(p, &t, &e), RFM_OK);
	ck_assert_int_eq(t.bins, 7);
	ck_assert_int_eq(t.rule, SCORE_QUANTILE);
	ck_assert_int_eq(t.left, 0);
	ck_assert_int_eq(t.rows, 6);
	for (m = 0; m < SCORE_NMEASURES; m++) {
		ck_assert_int_eq(t.descending[m], m == SCORE_R);
		for (k = 0; k < 6; k++)
			ck_assert(same_double(t.b[m][k], s.b[m][k]));
	}
	free(x);
}
END_TEST

START_TEST(test_read_errors)
{
	static const char text[] =
	    "rfmkit-breaks\t1\nrows\t1\nbins\t3\nrule\trfm\nclosed\tleft\n"
	    "break\trecency\tdescending\t1\t2\n"
	    "break\tfrequency\tascending\t1\t2\n"
	    "break\tmonetary\tascending\t2\t1\n";
	char *data = xdup(text), buf[64];
	score_breaks s;
	rfm_error e;
	const char *p;
	cksum c;
	FILE *f;

	/* the cksum line of the file, so that the decreasing breaks show */
	cksum_init(&c);
	kv_sum(data, strlen(data), &c);
	snprintf(buf, sizeof buf, "cksum\t%lu\t%llu\n",
	    (unsigned long)cksum_value(&c), (unsigned long long)c.len);
	p = path_of("b.tsv");
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(data, f);
	fputs(buf, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(score_read(p, &s, &e), RFM_EDATA);
	ck_assert_ptr_nonnull(strstr(e.msg, "b.tsv:8: break 2: 1 is below "
	    "the break before it, 2: breaks must not decrease"));
	/* without the cksum line */
	p = put_file("c.tsv", text, strlen(text));
	ck_assert_int_eq(score_read(p, &s, &e), RFM_EDATA);
	ck_assert_ptr_nonnull(strstr(e.msg, "no \"cksum\" line"));
	ck_assert_int_eq(score_read(path_of("none.tsv"), &s, &e),
	    RFM_ENOINPUT);
	free(data);
}
END_TEST

START_TEST(test_stream)
{
	static const char in[] = "id\tmonetary\trecency\tfrequency\n"
	    "a\t10\t1\t1\nb\t20\t99\t3\n";
	char msg[128], *out;
	score_breaks s;
	tsv_reader r;
	rfm_error e;
	FILE *f = temp_with(in, sizeof in - 1), *o;
	const char *p = path_of("out.tsv");

	ck_assert_int_eq(score_parse("recency:5;frequency:2;monetary:15", 0,
	    &s, msg, sizeof msg), 0);
	ck_assert_int_eq(tsv_open(&r, fileno(f), "in", &e), RFM_OK);
	o = fopen(p, "w");
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(score_stream(&s, &r, 1, o, &e), RFM_OK);
	ck_assert_int_eq(fclose(o), 0);
	tsv_close(&r);
	fclose(f);
	out = slurp(p);
	ck_assert_str_eq(out, "id\tmonetary\trecency\tfrequency\t"
	    "recency_score\tfrequency_score\tmonetary_score\trfm_score\n"
	    "a\t10\t1\t1\t2\t1\t1\t211\nb\t20\t99\t3\t1\t2\t2\t122\n");
	free(out);
}
END_TEST

Suite *
suite_score(void)
{
	Suite *s = suite_create("score");
	TCase *tc;

	tc = tcase_create("fit");
	tcase_add_test(tc, test_fit_quantile);
	tcase_add_test(tc, test_fit_exact_index);
	tcase_add_test(tc, test_fit_one_row);
	tcase_add_test(tc, test_fit_rfm);
	tcase_add_test(tc, test_fit_overflow);
	tcase_add_test(tc, test_rfm_score);
	tcase_add_test(tc, test_parse);
	tcase_add_loop_test(tc, test_parse_errors, 0,
	    (int)(sizeof bad_specs / sizeof bad_specs[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("file");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_read_errors);
	tcase_add_test(tc, test_stream);
	suite_add_tcase(s, tc);
	return s;
}
