/*
 * check_scaler.c - tests of lib/scaler: scaler_init's output names;
 * scaler_fit's mean and population standard deviation on hand-made
 * columns, far from zero too, and the constant-column rule (scale 1);
 * scaler_pre's log1p and its refusal of values <= -1; scaler_write's exact
 * text and a bit-exact round trip through scaler_read; every error
 * scaler_read reports; scaler_row and scaler_stream over a TSV in a
 * temporary file, their exact output and their errors.
 */
#include <check.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scaler.h"
#include "suites.h"
#include "testutil.h"
#include "tsvin.h"

/* ---- a temporary directory for the files of one test case ---- */

static void
dir_setup(void)
{
	temp_dir(dir, sizeof dir, NULL, "check_scaler");
}

/* ---- scaler_init ---- */

START_TEST(test_init)
{
	static const char *const in[] = { "recency", "frequency",
	    "monetary value" };
	static const int lg[] = { 0, 1, 1 };
	scaler s;

	scaler_init(&s, in, lg, 3);
	ck_assert_uint_eq(s.ncols, 3);
	ck_assert_int_eq(s.rows, 0);
	ck_assert_str_eq(s.col[0].input, "recency");
	ck_assert_str_eq(s.col[0].output, "recency_z");
	ck_assert_int_eq(s.col[0].log1p, 0);
	ck_assert_str_eq(s.col[1].output, "frequency_log_z");
	ck_assert_int_eq(s.col[1].log1p, 1);
	ck_assert_str_eq(s.col[2].input, "monetary value");
	ck_assert_str_eq(s.col[2].output, "monetary value_log_z");
	ck_assert(s.col[0].scale == 1 && s.col[2].scale == 1);
	/* the names are copies */
	ck_assert_ptr_ne(s.col[0].input, in[0]);
	scaler_free(&s);
	ck_assert_uint_eq(s.ncols, 0);
	ck_assert_ptr_null(s.col);
}
END_TEST

/* ---- scaler_fit ---- */

/* Column a: 2 4 4 4 5 5 7 9, mean 5, population std 2 (the sample std
 * would be 2.138...); b: eight 1s; c: 1e9 + 1..4, far from zero. */
START_TEST(test_fit_hand)
{
	size_t bad = 99;
	static const char *const in[] = { "a", "b", "c" };
	static const int lg[] = { 0, 0, 0 };
	static const double a[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	double x[8 * 3];
	scaler s;
	size_t i;

	for (i = 0; i < 8; i++) {
		x[i * 3] = a[i];
		x[i * 3 + 1] = 1;
		x[i * 3 + 2] = 1e9 + (double)(i % 4 + 1);
	}
	scaler_init(&s, in, lg, 3);
	ck_assert_int_eq(scaler_fit(&s, x, 8, &bad), 0);
	ck_assert_int_eq(s.rows, 8);
	ck_assert(s.col[0].mean == 5 && s.col[0].scale == 2);
	/* constant: scale 1, never 0 */
	ck_assert(s.col[1].mean == 1 && s.col[1].scale == 1);
	/* deviations -1.5 -0.5 0.5 1.5: variance 1.25 */
	ck_assert(s.col[2].mean == 1e9 + 2.5);
	ck_assert(same_double(s.col[2].scale, sqrt(1.25)));
	ck_assert(scaler_z(&s.col[0], 9) == 2);
	ck_assert(scaler_z(&s.col[0], 1) == -2);
	scaler_free(&s);
}
END_TEST

/*
 * The constant-column rule of scikit-learn: var <= n eps var +
 * (n mean eps)^2 scales by 1.  1e10 and the next double differ by their
 * rounding only; 1e10 and 1e10 + 1 do not.
 */
START_TEST(test_fit_constant_rule)
{
	size_t bad = 99;
	static const char *const in[] = { "v" };
	static const int lg[] = { 0 };
	double x[4];
	scaler s;

	scaler_init(&s, in, lg, 1);
	x[0] = 1e10;
	x[1] = nextafter(1e10, INFINITY);
	ck_assert_int_eq(scaler_fit(&s, x, 2, &bad), 0);
	ck_assert_msg(s.col[0].scale == 1, "scale %.17g", s.col[0].scale);
	x[1] = 1e10 + 1;
	ck_assert_int_eq(scaler_fit(&s, x, 2, &bad), 0);
	ck_assert(s.col[0].mean == 1e10 + 0.5);
	ck_assert(s.col[0].scale == 0.5);
	/* 0.1 four times: a constant that is not exact in binary */
	x[0] = x[1] = x[2] = x[3] = 0.1;
	ck_assert_int_eq(scaler_fit(&s, x, 4, &bad), 0);
	ck_assert(s.col[0].mean == 0.1);
	ck_assert(s.col[0].scale == 1);
	/* one row: constant */
	x[0] = -7;
	ck_assert_int_eq(scaler_fit(&s, x, 1, &bad), 0);
	ck_assert(s.col[0].mean == -7 && s.col[0].scale == 1);
	ck_assert_int_eq(s.rows, 1);
	/* no rows: mean 0, scale 1 */
	ck_assert_int_eq(scaler_fit(&s, x, 0, &bad), 0);
	ck_assert(s.col[0].mean == 0 && s.col[0].scale == 1);
	ck_assert_int_eq(s.rows, 0);
	scaler_free(&s);
}
END_TEST

/* All values equal: that value is the mean, every z exactly 0, the scale
 * 1 (the sum divided by n could be one unit in the last place off). */
START_TEST(test_fit_all_equal)
{
	size_t bad = 99;
	static const char *const in[] = { "v", "w" };
	static const int lg[] = { 0, 0 };
	static const double vals[] = { 0.1, 0.7, 1.0 / 3.0, 4310.55, 1e-300,
	    123456.789, -2.675, 1e300 };
	static const size_t ns[] = { 1, 3, 7, 10, 49, 1000 };
	double *x = malloc(2 * 1000 * sizeof *x);
	scaler s;
	size_t a, b, i;

	scaler_init(&s, in, lg, 2);
	for (a = 0; a < sizeof vals / sizeof vals[0]; a++)
		for (b = 0; b < sizeof ns / sizeof ns[0]; b++) {
			for (i = 0; i < ns[b]; i++) {
				x[2 * i] = vals[a];
				x[2 * i + 1] = (double)i;
			}
			ck_assert_int_eq(scaler_fit(&s, x, ns[b], &bad), 0);
			ck_assert_msg(same_double(s.col[0].mean, vals[a]),
			    "%zu times %.17g: mean %.17g", ns[b], vals[a],
			    s.col[0].mean);
			ck_assert(s.col[0].scale == 1);
			ck_assert(scaler_z(&s.col[0], vals[a]) == 0);
		}
	scaler_free(&s);
	free(x);
}
END_TEST

/* A column of small spread on a large offset: the compensated two-pass
 * sums give the variance as if the offset were not there. */
START_TEST(test_fit_offset)
{
	size_t bad = 99;
	static const char *const in[] = { "v" };
	static const int lg[] = { 0 };
	size_t n = 100000, i;
	double *x = malloc(n * sizeof *x);
	scaler s;

	/* 1e8 + (0, 1, 2, 3, 4, ...): mean 1e8 + 2, variance 2 */
	for (i = 0; i < n; i++)
		x[i] = 1e8 + (double)(i % 5);
	scaler_init(&s, in, lg, 1);
	ck_assert_int_eq(scaler_fit(&s, x, n, &bad), 0);
	ck_assert(s.col[0].mean == 1e8 + 2);
	ck_assert_msg(same_double(s.col[0].scale, sqrt(2.0)), "%.17g",
	    s.col[0].scale);
	scaler_free(&s);
	free(x);
}
END_TEST

/* A mean or a variance beyond the doubles: -1 and the column. */
START_TEST(test_fit_overflow)
{
	static const char *const in[] = { "ok", "big", "wide" };
	static const int lg[] = { 0, 0, 0 };
	double x[3 * 3] = { 1, 1e308, 1e200, 2, 1.5e308, -1e200, 3, 1.7e308,
	    0 };
	scaler s;
	size_t bad = 99;

	scaler_init(&s, in, lg, 3);
	/* the sum of three 1e308 overflows */
	ck_assert_int_eq(scaler_fit(&s, x, 3, &bad), -1);
	ck_assert_uint_eq(bad, 1);
	/* 1e308 three times is a constant, whose mean is that value; the
	 * squares of 1e200 overflow */
	x[1] = x[4] = x[7] = 1e308;
	bad = 99;
	ck_assert_int_eq(scaler_fit(&s, x, 3, &bad), -1);
	ck_assert_uint_eq(bad, 2);
	/* 1e308, 0, 0: the mean is a double, the variance is not */
	x[4] = x[7] = 0;
	bad = 99;
	ck_assert_int_eq(scaler_fit(&s, x, 3, &bad), -1);
	ck_assert_uint_eq(bad, 1);
	/* 1e150 apart: the variance 1e300 is a double */
	x[1] = x[4] = x[7] = 5;
	x[2] = 1e150;
	x[5] = -1e150;
	bad = 99;
	ck_assert_int_eq(scaler_fit(&s, x, 3, &bad), 0);
	ck_assert_uint_eq(bad, 99);
	ck_assert(s.col[0].mean == 2);
	ck_assert(same_double(s.col[0].scale, sqrt(2.0 / 3.0)));
	ck_assert(s.col[1].mean == 5 && s.col[1].scale == 1);
	ck_assert(s.col[2].mean == 0);
	ck_assert(same_double(s.col[2].scale, sqrt(2e300 / 3)));
	scaler_free(&s);
}
END_TEST

/* ---- scaler_pre ---- */

START_TEST(test_pre)
{
	static const char *const in[] = { "plain", "logged" };
	static const int lg[] = { 0, 1 };
	scaler s;
	double v;

	scaler_init(&s, in, lg, 2);
	/* no log1p: anything passes */
	v = 9;
	ck_assert_int_eq(scaler_pre(&s.col[0], -5, &v), 0);
	ck_assert(v == -5);
	ck_assert_int_eq(scaler_pre(&s.col[0], -1, &v), 0);
	ck_assert(v == -1);
	/* log1p */
	ck_assert_int_eq(scaler_pre(&s.col[1], 0, &v), 0);
	ck_assert(v == 0);
	ck_assert_int_eq(scaler_pre(&s.col[1], 1, &v), 0);
	ck_assert(same_double(v, log1p(1.0)));
	ck_assert_int_eq(scaler_pre(&s.col[1], 4310.5, &v), 0);
	ck_assert(same_double(v, log1p(4310.5)));
	ck_assert_int_eq(scaler_pre(&s.col[1], -0.5, &v), 0);
	ck_assert(same_double(v, log1p(-0.5)));
	ck_assert_int_eq(scaler_pre(&s.col[1], -0.999999, &v), 0);
	ck_assert(v < -13);
	/* <= -1: undefined, v untouched */
	v = 123;
	ck_assert_int_eq(scaler_pre(&s.col[1], -1, &v), -1);
	ck_assert_int_eq(scaler_pre(&s.col[1], -1.5, &v), -1);
	ck_assert_int_eq(scaler_pre(&s.col[1], -1e300, &v), -1);
	ck_assert_int_eq(scaler_pre(&s.col[1], NAN, &v), -1);
	ck_assert(v == 123);
	/* an infinite logarithm is refused too */
	ck_assert_int_eq(scaler_pre(&s.col[1], INFINITY, &v), -1);
	scaler_free(&s);
}
END_TEST

/* ---- scaler_write, scaler_read ---- */

static int
write_to(const char *path, const scaler *s)
{
	FILE *f = fopen(path, "w");
	int rc;

	ck_assert_ptr_nonnull(f);
	rc = scaler_write(f, s);
	ck_assert_int_eq(fclose(f), 0);
	return rc;
}

START_TEST(test_write_text)
{
	static const char *const in[] = { "a", "b c" };
	static const int lg[] = { 0, 1 };
	scaler s;
	char *text;

	scaler_init(&s, in, lg, 2);
	s.rows = 8;
	s.col[0].mean = 5;
	s.col[0].scale = 2;
	s.col[1].mean = 0.1 + 0.2;
	s.col[1].scale = 4310.5;
	ck_assert_int_eq(write_to(path_of("s.tsv"), &s), 0);
	text = slurp(path_of("s.tsv"));
	/* The cksum line is what cksum(1) prints for the lines but the
	 * comments. */
	ck_assert_str_eq(text,
	    "rfmkit-scaler\t2\n"
	    "# written by rfm-scale (rfmkit) " RFMKIT_VERSION
	    "; see rfmkit-files(5)\n"
	    "rows\t8\n"
	    "columns\t2\n"
	    "# column\tinput\ttransform\tmean\tscale\toutput\n"
	    "column\ta\tnone\t5\t2\ta_z\n"
	    "column\tb c\tlog1p\t0.30000000000000004\t4310.5\tb c_log_z\n"
	    "cksum\t2133432245\t109\n");
	free(text);
	scaler_free(&s);
}
END_TEST

/* Values that need all 17 digits, tiny and huge ones: read back bit for
 * bit. */
START_TEST(test_round_trip)
{
	static const char *const in[] = { "recency", "frequency",
	    "monetary value", "x" };
	static const int lg[] = { 0, 1, 1, 0 };
	static const double means[] = { 1.0 / 3.0, -2.2250738585072014e-308,
	    123456789.12345679, 5e-324 };
	static const double scales[] = { 0.30000000000000004, DBL_MAX,
	    1e-300, 2.0 / 3.0 };
	scaler s, t;
	rfm_error e;
	size_t i;
	const char *p = path_of("rt.tsv");

	scaler_init(&s, in, lg, 4);
	s.rows = 4372;
	for (i = 0; i < 4; i++) {
		s.col[i].mean = means[i];
		s.col[i].scale = scales[i];
	}
	ck_assert_int_eq(write_to(p, &s), 0);
	memset(&e, 0, sizeof e);
	ck_assert_msg(scaler_read(p, &t, &e) == RFM_OK, "%s", e.msg);
	ck_assert_uint_eq(t.ncols, 4);
	ck_assert_int_eq(t.rows, 4372);
	for (i = 0; i < 4; i++) {
		ck_assert_str_eq(t.col[i].input, s.col[i].input);
		ck_assert_str_eq(t.col[i].output, s.col[i].output);
		ck_assert_int_eq(t.col[i].log1p, s.col[i].log1p);
		ck_assert_msg(same_double(t.col[i].mean, s.col[i].mean),
		    "mean %zu: %a, wrote %a", i, t.col[i].mean, s.col[i].mean);
		ck_assert_msg(same_double(t.col[i].scale, s.col[i].scale),
		    "scale %zu: %a, wrote %a", i, t.col[i].scale,
		    s.col[i].scale);
	}
	scaler_free(&t);
	scaler_free(&s);
}
END_TEST

/* A fitted scaler, written and read: the same z for every value. */
START_TEST(test_round_trip_fitted)
{
	size_t bad = 99;
	static const char *const in[] = { "r", "f", "m" };
	static const int lg[] = { 0, 1, 1 };
	double x[300];
	uint64_t u = 88172645463325252ULL;
	scaler s, t;
	rfm_error e;
	size_t i, j;
	const char *p = path_of("fitted.tsv");

	for (i = 0; i < 300; i++) {
		u ^= u << 13;
		u ^= u >> 7;
		u ^= u << 17;
		x[i] = (double)(u % 1000000) / 7.0;
	}
	scaler_init(&s, in, lg, 3);
	for (i = 0; i < 100; i++)
		for (j = 0; j < 3; j++)
			ck_assert_int_eq(scaler_pre(&s.col[j], x[i * 3 + j],
			    &x[i * 3 + j]), 0);
	ck_assert_int_eq(scaler_fit(&s, x, 100, &bad), 0);
	ck_assert_int_eq(write_to(p, &s), 0);
	ck_assert_msg(scaler_read(p, &t, &e) == RFM_OK, "%s", e.msg);
	for (i = 0; i < 100; i++)
		for (j = 0; j < 3; j++)
			ck_assert(same_double(scaler_z(&s.col[j], x[i * 3 + j]),
			    scaler_z(&t.col[j], x[i * 3 + j])));
	scaler_free(&s);
	scaler_free(&t);
}
END_TEST

#define HEAD "rfmkit-scaler\t1\n# comment\nrows\t10\ncolumns\t1\n"
#define COL_A "column\ta\tnone\t1.5\t2\ta_z\n"

/* A file holding text must fail with code and "<path>msg". */
static const struct {
	const char *text;
	int code;
	const char *msg;     /* after the path */
} bad_files[] = {
	{ "rfmkit-model\t1\n" COL_A, RFM_EDATA, ":1: not an rfmkit scaler "
	    "file: the first line is \"rfmkit-model\\x091\", not "
	    "\"rfmkit-scaler<TAB>2\"" },
	{ "rfmkit-scaler 1\n" COL_A, RFM_EDATA, ":1: not an rfmkit scaler "
	    "file: the first line is \"rfmkit-scaler 1\", not "
	    "\"rfmkit-scaler<TAB>2\"" },
	{ "id\trecency\n1\t2\n", RFM_EDATA, ":1: not an rfmkit scaler file: "
	    "the first line is \"id\\x09recency\", not "
	    "\"rfmkit-scaler<TAB>2\"" },
	{ "rfmkit-scaler\t3\nrows\t1\n" COL_A, RFM_EDATA, ":1: scaler file "
	    "version 3; this rfmkit reads versions 1 and 2" },
	/* version 2 must have a cksum line, version 1 may not */
	{ "rfmkit-scaler\t2\nrows\t10\ncolumns\t1\n" COL_A, RFM_EDATA,
	    ": no \"cksum\" line: the file is incomplete" },
	{ HEAD COL_A "cksum\t1\t1\n", RFM_EDATA,
	    ":6: unknown line \"cksum\"" },
	{ "rfmkit-scaler\tone\nrows\t1\n" COL_A, RFM_EDATA,
	    ":1: bad version \"one\"" },
	{ HEAD "column\ta\tnone\t1.5\t2\ta_z", RFM_EDATA, ":5: the last line "
	    "has no newline: the file is cut short" },
	{ "rfmkit-scaler\t1", RFM_EDATA, ":1: the last line has no newline: "
	    "the file is cut short" },
	{ "", RFM_EDATA, ": empty: not an rfmkit scaler file" },
	{ HEAD "bogus\t1\n" COL_A, RFM_EDATA, ":5: unknown line \"bogus\"" },
	{ HEAD COL_A "Column\tb\tnone\t1\t1\tb_z\n", RFM_EDATA,
	    ":6: unknown line \"Column\"" },
	{ HEAD "column\ta\tnone\tabc\t2\ta_z\n", RFM_EDATA,
	    ":5: mean: not a number: \"abc\"" },
	{ HEAD "column\ta\tnone\t1.5\t\ta_z\n", RFM_EDATA,
	    ":5: scale: empty: \"\"" },
	{ HEAD "column\ta\tnone\t1.5\tnan\ta_z\n", RFM_EDATA,
	    ":5: scale: not a number: \"nan\"" },
	{ HEAD "column\ta\tnone\t1e999\t1\ta_z\n", RFM_EDATA,
	    ":5: mean: out of range: \"1e999\"" },
	{ HEAD "column\ta\tnone\t1.5\t0\ta_z\n", RFM_EDATA,
	    ":5: scale: must be positive, not 0" },
	{ HEAD "column\ta\tnone\t1.5\t-0\ta_z\n", RFM_EDATA,
	    ":5: scale: must be positive, not -0" },
	{ HEAD "column\ta\tnone\t1.5\t-2\ta_z\n", RFM_EDATA,
	    ":5: scale: must be positive, not -2" },
	{ HEAD "column\ta\tlog\t1.5\t2\ta_z\n", RFM_EDATA,
	    ":5: transform: \"log\" is neither log1p nor none" },
	{ HEAD "column\ta\t\t1.5\t2\ta_z\n", RFM_EDATA,
	    ":5: transform: \"\" is neither log1p nor none" },
	{ HEAD COL_A "column\ta\tlog1p\t1\t1\ta_log_z\n", RFM_EDATA,
	    ":6: column \"a\" is scaled twice" },
	{ HEAD COL_A "column\tb\tnone\t1\t1\ta_z\n", RFM_EDATA,
	    ":6: two columns give the output \"a_z\"" },
	{ HEAD "column\ta\tnone\t1.5\t2\n", RFM_EDATA,
	    ":5: \"column\" line with 5 fields, expected 6" },
	{ HEAD "column\ta\tnone\t1.5\t2\ta_z\textra\n", RFM_EDATA,
	    ":5: \"column\" line with 7 fields, expected 6" },
	{ HEAD "column\t\tnone\t1.5\t2\ta_z\n", RFM_EDATA,
	    ":5: an empty column name" },
	{ HEAD "column\ta\tnone\t1.5\t2\t\n", RFM_EDATA,
	    ":5: an empty column name" },
	{ HEAD, RFM_EDATA,
	    ": 0 \"column\" lines for columns 1: the file is incomplete" },
	{ HEAD "# column\ta\tnone\t1\t1\ta_z\n\n", RFM_EDATA,
	    ": 0 \"column\" lines for columns 1: the file is incomplete" },
	{ "rfmkit-scaler\t1\nrows\t10\ncolumns\t2\n" COL_A, RFM_EDATA,
	    ": 1 \"column\" line for columns 2: the file is incomplete" },
	{ HEAD COL_A "column\tb\tnone\t1\t1\tb_z\n", RFM_EDATA,
	    ": 2 \"column\" lines for columns 1: the file is incomplete" },
	{ "rfmkit-scaler\t1\nrows\t10\n" COL_A, RFM_EDATA,
	    ": no \"columns\" line: the file is incomplete" },
	{ "rfmkit-scaler\t1\nrows\t10\ncolumns\t0\n" COL_A, RFM_EDATA,
	    ":3: columns: out of range: \"0\"" },
	{ HEAD "columns\t1\n" COL_A, RFM_EDATA,
	    ":5: a second \"columns\" line (the first is line 4)" },
	{ "rfmkit-scaler\t1\n" COL_A, RFM_EDATA,
	    ": no \"rows\" line: the file is incomplete" },
	{ HEAD COL_A "rows\t10\n", RFM_EDATA,
	    ":6: a second \"rows\" line (the first is line 3)" },
	{ "rfmkit-scaler\t1\nrows\t-1\ncolumns\t1\n" COL_A, RFM_EDATA,
	    ":2: rows: out of range: \"-1\"" },
	{ "rfmkit-scaler\t1\nrows\t1.5\ncolumns\t1\n" COL_A, RFM_EDATA,
	    ":2: rows: not an integer: \"1.5\"" },
	{ "rfmkit-scaler\t1\nrows\ncolumns\t1\n" COL_A, RFM_EDATA,
	    ":2: \"rows\" line with 1 fields, expected 2" },
};

START_TEST(test_read_errors)
{
	const char *p = put_file("bad.tsv", bad_files[_i].text,
	    strlen(bad_files[_i].text));
	char want[1024];
	scaler s;
	rfm_error e;
	int rc;

	memset(&e, 0, sizeof e);
	rc = scaler_read(p, &s, &e);
	snprintf(want, sizeof want, "%s%s", p, bad_files[_i].msg);
	ck_assert_msg(rc == bad_files[_i].code, "rc %d (%s), want %d", rc,
	    e.msg, bad_files[_i].code);
	ck_assert_int_eq(e.code, rc);
	ck_assert_str_eq(e.msg, want);
	/* nothing is left allocated or half-filled */
	ck_assert_uint_eq(s.ncols, 0);
	ck_assert_ptr_null(s.col);
}
END_TEST


/* A sealed scaler changed after its cksum line was written: refused,
 * naming the file as a scaler's. */
START_TEST(test_read_damaged)
{
	static const char *const in[] = { "recency" };
	static const int lg[] = { 0 };
	char *text, want[1024], *q;
	scaler s, t;
	rfm_error e;

	scaler_init(&s, in, lg, 1);
	s.rows = 4338;
	s.col[0].mean = 93.05947441217151;
	s.col[0].scale = 100.00073611485828;
	ck_assert_int_eq(write_to(path_of("ok.tsv"), &s), 0);
	ck_assert_msg(scaler_read(path_of("ok.tsv"), &t, &e) == RFM_OK, "%s",
	    e.msg);
	scaler_free(&t);
	text = slurp(path_of("ok.tsv"));
	q = strstr(text, "93.05947441217151");
	ck_assert_ptr_nonnull(q);
	q[1] = '4';
	put_file("bad.tsv", text, strlen(text));
	free(text);
	ck_assert_int_eq(scaler_read(path_of("bad.tsv"), &t, &e), RFM_EDATA);
	snprintf(want, sizeof want, "scaler file %s: damaged: ",
	    path_of("bad.tsv"));
	ck_assert_msg(strncmp(e.msg, want, strlen(want)) == 0, "%s", e.msg);
	ck_assert_ptr_null(t.col);
	scaler_free(&s);
}
END_TEST

/* scaler_differs: the same, and the first difference said. */
START_TEST(test_differs)
{
	static const char *const in[] = { "recency", "frequency" };
	static const char *const in2[] = { "recency", "monetary" };
	static const int lg[] = { 0, 1 };
	scaler a, b;
	char why[256];

	scaler_init(&a, in, lg, 2);
	scaler_init(&b, in, lg, 2);
	a.col[1].mean = b.col[1].mean = 0.5;
	a.rows = 7;   /* a record, not compared */
	ck_assert_int_eq(scaler_differs(&a, "a", &b, "b", why, sizeof why),
	    0);
	b.col[1].scale = 0.25;
	ck_assert_int_eq(scaler_differs(&a, "a.tsv", &b, "m.tsv", why,
	    sizeof why), 1);
	ck_assert_str_eq(why, "frequency's scale: 1 in a.tsv, 0.25 in m.tsv");
	b.col[0].mean = -0.0;
	a.col[0].mean = 1e-300;
	ck_assert_int_eq(scaler_differs(&a, "a", &b, "b", why, sizeof why),
	    1);
	ck_assert_str_eq(why, "recency's mean: 1e-300 in a, 0 in b");
	a.col[0].mean = 0;
	scaler_free(&b);
	scaler_init(&b, in2, lg, 2);
	ck_assert_int_eq(scaler_differs(&a, "a", &b, "b", why, sizeof why),
	    1);
	ck_assert_str_eq(why, "column 2: frequency log1p frequency_log_z in "
	    "a, monetary log1p monetary_log_z in b");
	scaler_free(&b);
	scaler_init(&b, in, lg, 1);
	ck_assert_int_eq(scaler_differs(&a, "a", &b, "b", why, sizeof why),
	    1);
	ck_assert_str_eq(why, "2 columns in a, 1 in b");
	scaler_free(&a);
	scaler_free(&b);
}
END_TEST

START_TEST(test_read_missing)
{
	const char *p = path_of("no-such-file.tsv");
	char want[600];
	scaler s;
	rfm_error e;

	ck_assert_int_eq(scaler_read(p, &s, &e), RFM_ENOINPUT);
	snprintf(want, sizeof want, "scaler file %s: No such file or directory", p);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(scaler_read(dir, &s, &e), RFM_ENOINPUT);
	snprintf(want, sizeof want, "scaler file %s: is a directory", dir);
	ck_assert_str_eq(e.msg, want);
}
END_TEST

START_TEST(test_read_nul)
{
	static const char text[] = HEAD "column\ta\0\tnone\t1\t1\ta_z\n";
	const char *p = put_file("nul.tsv", text, sizeof text - 1);
	char want[600];
	scaler s;
	rfm_error e;

	ck_assert_int_eq(scaler_read(p, &s, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s: holds NUL bytes: not an rfmkit "
	    "scaler file", p);
	ck_assert_str_eq(e.msg, want);
}
END_TEST

/* CRLF line ends, comments and blank lines anywhere are fine. */
START_TEST(test_read_crlf_comments)
{
	static const char text[] = "rfmkit-scaler\t1\r\n\r\n# x\r\n"
	    "column\tb\tlog1p\t-0.25\t3\tb_log_z\r\n\n# rows\t5\nrows\t7\r\n"
	    COL_A "columns\t2\r\n";
	const char *p = put_file("crlf.tsv", text, sizeof text - 1);
	scaler s;
	rfm_error e;

	ck_assert_msg(scaler_read(p, &s, &e) == RFM_OK, "%s", e.msg);
	ck_assert_uint_eq(s.ncols, 2);
	ck_assert_int_eq(s.rows, 7);
	ck_assert_str_eq(s.col[0].input, "b");
	ck_assert_str_eq(s.col[0].output, "b_log_z");
	ck_assert_int_eq(s.col[0].log1p, 1);
	ck_assert(s.col[0].mean == -0.25 && s.col[0].scale == 3);
	ck_assert_str_eq(s.col[1].input, "a");
	ck_assert(s.col[1].mean == 1.5 && s.col[1].scale == 2);
	scaler_free(&s);
}
END_TEST

/* ---- scaler_row, scaler_stream ---- */

/* A scaler of recency (none), frequency and monetary (log1p). */
static void
rfm_scaler(scaler *s)
{
	static const char *const in[] = { "recency", "frequency", "monetary" };
	static const int lg[] = { 0, 1, 1 };

	scaler_init(s, in, lg, 3);
	s->col[0].mean = 10;
	s->col[0].scale = 4;
	s->col[1].mean = 0;
	s->col[1].scale = 1;
	s->col[2].mean = log1p(99.0);
	s->col[2].scale = 0.5;
}

/* Open a reader on a file holding text. */
static void
reader_on(tsv_reader *r, const char *name, const char *text, int *fd)
{
	const char *p = put_file(name, text, strlen(text));
	rfm_error e;

	*fd = open(p, O_RDONLY);
	ck_assert_int_ge(*fd, 0);
	ck_assert_msg(tsv_open(r, *fd, "in.tsv", &e) == RFM_OK, "%s", e.msg);
}

/* scaler_stream's output for text, as a string (freed by the caller). */
static char *
stream(const scaler *s, const char *text, int keep, int want_rc,
    rfm_error *e)
{
	tsv_reader r;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int fd, rc;

	ck_assert_ptr_nonnull(f);
	reader_on(&r, "in.tsv", text, &fd);
	memset(e, 0, sizeof *e);
	rc = scaler_stream(s, &r, keep, f, e);
	ck_assert_msg(rc == want_rc, "scaler_stream: %d (%s), want %d", rc,
	    e->msg, want_rc);
	ck_assert_int_eq(fclose(f), 0);
	tsv_close(&r);
	close(fd);
	return out;
}

START_TEST(test_stream_exact)
{
	/* columns in another order, an extra one, a CRLF row */
	static const char in[] =
	    "id\tmonetary\tcountry\tfrequency\trecency\n"
	    "c1\t99\tUK\t0\t10\n"
	    "c 2\t0\tFR\t1\t18\r\n"
	    "c3\t-0.5\tDE\t3\t0.5";
	scaler s;
	rfm_error e;
	char *out, want[1024];

	rfm_scaler(&s);
	out = stream(&s, in, 0, RFM_OK, &e);
	snprintf(want, sizeof want,
	    "id\trecency_z\tfrequency_log_z\tmonetary_log_z\n"
	    "c1\t0\t0\t0\n"
	    "c 2\t2\t%s\t%s\n"
	    "c3\t-2.375\t%s\t%s\n",
	    fmt(log1p(1.0)), fmt((0 - log1p(99.0)) / 0.5),
	    fmt(log1p(3.0)), fmt((log1p(-0.5) - log1p(99.0)) / 0.5));
	ck_assert_str_eq(out, want);
	free(out);
	/* keep: every input column, then the outputs */
	out = stream(&s, in, 1, RFM_OK, &e);
	snprintf(want, sizeof want,
	    "id\tmonetary\tcountry\tfrequency\trecency\trecency_z\t"
	    "frequency_log_z\tmonetary_log_z\n"
	    "c1\t99\tUK\t0\t10\t0\t0\t0\n"
	    "c 2\t0\tFR\t1\t18\t2\t%s\t%s\n"
	    "c3\t-0.5\tDE\t3\t0.5\t-2.375\t%s\t%s\n",
	    fmt(log1p(1.0)), fmt((0 - log1p(99.0)) / 0.5),
	    fmt(log1p(3.0)), fmt((log1p(-0.5) - log1p(99.0)) / 0.5));
	ck_assert_str_eq(out, want);
	free(out);
	/* only a header: only the header */
	out = stream(&s, "id\trecency\tfrequency\tmonetary\n", 0, RFM_OK, &e);
	ck_assert_str_eq(out, "id\trecency_z\tfrequency_log_z\t"
	    "monetary_log_z\n");
	free(out);
	scaler_free(&s);
}
END_TEST

START_TEST(test_stream_check_only)
{
	tsv_reader r;
	scaler s;
	rfm_error e;
	int fd;

	rfm_scaler(&s);
	reader_on(&r, "c.tsv", "id\trecency\tfrequency\tmonetary\n"
	    "a\t1\t2\t3\nb\t4\t5\t6\n", &fd);
	ck_assert_int_eq(scaler_stream(&s, &r, 0, NULL, &e), RFM_OK);
	ck_assert_int_eq(r.line, 3);
	tsv_close(&r);
	close(fd);
	reader_on(&r, "c.tsv", "id\trecency\tfrequency\tmonetary\n"
	    "a\t1\t2\t3\nb\t4\t-1\t6\n", &fd);
	ck_assert_int_eq(scaler_stream(&s, &r, 0, NULL, &e), RFM_EDATA);
	ck_assert_ptr_nonnull(strstr(e.msg, "in.tsv:3: frequency: log1p of "
	    "-1 is undefined"));
	tsv_close(&r);
	close(fd);
	scaler_free(&s);
}
END_TEST

static const struct {
	const char *text;
	int rc;
	const char *msg;
} stream_errors[] = {
	{ "id\trecency\tfrequency\n", RFM_EDATA, "in.tsv:1: no column "
	    "\"monetary\"; the header has: \"id\", \"recency\", "
	    "\"frequency\"" },
	{ "recency\tfrequency\tmonetary\n", RFM_EDATA, "in.tsv:1: no column "
	    "\"recency\" (the first column is the key); the header has: "
	    "\"recency\", \"frequency\", \"monetary\"" },
	{ "id\trecency\tfrequency\tmonetary\trecency\n", RFM_EDATA,
	    "in.tsv:1: column \"recency\" appears twice (fields 2 and 5)" },
	{ "id\trecency\tfrequency\tmonetary\nk1\t1\t1\t1\nk2\tx\t1\t1\n",
	    RFM_EDATA, "in.tsv:3: recency: not a number: \"x\" (id \"k2\")" },
	{ "id\trecency\tfrequency\tmonetary\nk1\t1\t\t1\n",
	    RFM_EDATA, "in.tsv:2: frequency: empty: \"\" (id \"k1\")" },
	{ "id\trecency\tfrequency\tmonetary\nk1\t1\t1\n",
	    RFM_EDATA, "in.tsv:2: expected 4 fields, found 3" },
	{ "cust\trecency\tfrequency\tmonetary\nk1\t1\t-1\t1\n", RFM_EDATA,
	    "in.tsv:2: frequency: log1p of -1 is undefined (cust \"k1\"); "
	    "values <= -1 come from rfm-extract --keep-all, where returns can "
	    "outweigh purchases: use its default policy, or leave this column "
	    "out of log1p" },
	{ "id\trecency\tfrequency\tmonetary\nk\\t1\t1\t1\t-250.5\n",
	    RFM_EDATA, "in.tsv:2: monetary: log1p of -250.5 is undefined "
	    "(id \"k\\x5ct1\"); values <= -1 come from rfm-extract --keep-all, "
	    "where returns can outweigh purchases: use its default policy, or "
	    "leave this column out of log1p" },
};

START_TEST(test_stream_errors)
{
	scaler s;
	rfm_error e;
	char *out;

	rfm_scaler(&s);
	out = stream(&s, stream_errors[_i].text, 0, stream_errors[_i].rc, &e);
	ck_assert_int_eq(e.code, stream_errors[_i].rc);
	ck_assert_str_eq(e.msg, stream_errors[_i].msg);
	free(out);
	scaler_free(&s);
}
END_TEST

/* scaler_row alone: the z values of the current row. */
START_TEST(test_row)
{
	tsv_reader r;
	scaler s;
	rfm_error e;
	long idx[3];
	double z[3];
	int fd;

	rfm_scaler(&s);
	reader_on(&r, "row.tsv", "k\tmonetary\trecency\tfrequency\n"
	    "a\t99\t14\t0\n", &fd);
	ck_assert_int_eq(scaler_bind(&s, &r, idx, &e), RFM_OK);
	ck_assert(idx[0] == 2 && idx[1] == 3 && idx[2] == 1);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(scaler_row(&s, &r, idx, z, &e), RFM_OK);
	ck_assert(z[0] == 1 && z[1] == 0 && z[2] == 0);
	ck_assert_int_eq(tsv_next(&r, &e), 0);
	tsv_close(&r);
	close(fd);
	scaler_free(&s);
}
END_TEST

Suite *
suite_scaler(void)
{
	Suite *s = suite_create("scaler");
	TCase *tc;

	tc = tcase_create("fit");
	tcase_add_test(tc, test_init);
	tcase_add_test(tc, test_fit_hand);
	tcase_add_test(tc, test_fit_constant_rule);
	tcase_add_test(tc, test_fit_all_equal);
	tcase_add_test(tc, test_fit_offset);
	tcase_add_test(tc, test_fit_overflow);
	tcase_add_test(tc, test_pre);
	suite_add_tcase(s, tc);

	tc = tcase_create("file");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, test_write_text);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_round_trip_fitted);
	tcase_add_loop_test(tc, test_read_errors, 0,
	    (int)(sizeof bad_files / sizeof bad_files[0]));
	tcase_add_test(tc, test_read_missing);
	tcase_add_test(tc, test_read_damaged);
	tcase_add_test(tc, test_differs);
	tcase_add_test(tc, test_read_nul);
	tcase_add_test(tc, test_read_crlf_comments);
	suite_add_tcase(s, tc);

	tc = tcase_create("stream");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, test_stream_exact);
	tcase_add_test(tc, test_stream_check_only);
	tcase_add_loop_test(tc, test_stream_errors, 0,
	    (int)(sizeof stream_errors / sizeof stream_errors[0]));
	tcase_add_test(tc, test_row);
	suite_add_tcase(s, tc);
	return s;
}
