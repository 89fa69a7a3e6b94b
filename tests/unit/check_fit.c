/*
 * check_fit.c - tests of lib/fit: the scores of a range of k (each row
 * as km_fit and the quality scores give it, the data at any scale, an
 * impossible k named after the rows before it); the checks of fit_load,
 * each message as kmeans-fit prints it, and its warning; the model
 * fit_run builds (fresh, with --names, warm-started) and the rows
 * fit_write gives; a warm start held to -k and --names.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"
#include "quality.h"
#include "suites.h"
#include "testutil.h"
#include "tsv.h"

static void
dir_setup(void)
{
	temp_dir(dir, sizeof dir, NULL, "check_fit");
}

/* What FILE *f holds from its start, NUL-terminated (freed by the
 * caller). */
static char *
contents(FILE *f)
{
	long n;
	char *s;

	ck_assert_int_eq(fflush(f), 0);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	return s;
}

/* A table of n x d values in memory, enough for fit_scores. */
static void
mem_table(table *t, const double *x, size_t n, size_t d)
{
	memset(t, 0, sizeof *t);
	t->name = "t.tsv";
	t->nrows = n;
	t->nsel = d;
	t->x = malloc(n * d * sizeof *t->x);
	memcpy(t->x, x, n * d * sizeof *x);
}

/* The row fit_scores should write for k, from km_fit and the scores
 * computed on x as it is. */
static void
score_row(char *buf, size_t size, const double *x, size_t n, size_t d,
    const km_opts *o0, size_t k)
{
	double *y = malloc(n * d * sizeof *y);
	uint16_t *lab = malloc(n * sizeof *lab);
	km_opts o = *o0;
	km_result r;
	rfm_error e;
	FILE *f = tmpfile();
	char *s;

	memcpy(y, x, n * d * sizeof *y);
	o.k = k;
	ck_assert_int_eq(km_fit(y, n, d, &o, &r, lab, &e), RFM_OK);
	fprintf(f, "%zu\t", k);
	tsv_put_num(f, r.inertia);
	putc('\t', f);
	tsv_put_num(f, q_silhouette(y, n, d, lab, k, 0, o.seed, 1));
	putc('\t', f);
	tsv_put_num(f, q_calinski_harabasz(y, n, d, lab, k));
	putc('\t', f);
	tsv_put_num(f, q_davies_bouldin(y, n, d, lab, k));
	putc('\n', f);
	s = contents(f);
	snprintf(buf, size, "%s", s);
	free(s);
	fclose(f);
	km_result_free(&r);
	free(lab);
	free(y);
}

#define HEADER "k\tinertia\tsilhouette\tcalinski_harabasz\tdavies_bouldin\n"

/*
 * Each k's row, as computed at the data's own scale: at 1, and at 2^100
 * (fit_scores works at unit scale and gives the inertia back in the
 * data's units).
 */
START_TEST(test_scores)
{
	static const double x0[] = { 0, 0, 4, 4, 8, 8, 1, 9, 2, 7 };
	double x[10];
	char want[1024], row[256];
	fit_job j;
	table t;
	rfm_error e;
	FILE *f = tmpfile();
	char *got;
	size_t i, k;

	fit_init(&j);
	j.o.nthreads = 1;
	for (i = 0; i < 10; i++)
		x[i] = _i ? x0[i] * 0x1p100 : x0[i];
	snprintf(want, sizeof want, HEADER);
	for (k = 2; k <= 4; k++) {
		score_row(row, sizeof row, x, 5, 2, &j.o, k);
		strcat(want, row);
	}
	mem_table(&t, x, 5, 2);
	ck_assert_int_eq(fit_scores(&t, &j.o, 2, 4, 0, f, &e), RFM_OK);
	got = contents(f);
	ck_assert_str_eq(got, want);
	free(got);
	fclose(f);
	free(t.x);
}
END_TEST

/* The rows before an impossible k are written; the error names the
 * table. */
START_TEST(test_scores_error)
{
	static const double x[] = { 0, 0, 4, 4, 8, 8 };
	fit_job j;
	table t;
	rfm_error e;
	FILE *f = tmpfile();
	char *got;

	fit_init(&j);
	j.o.nthreads = 1;
	mem_table(&t, x, 6, 1);
	ck_assert_int_eq(fit_scores(&t, &j.o, 2, 4, 0, f, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "t.tsv: 3 distinct points, fewer than k = 4");
	got = contents(f);
	ck_assert_ptr_nonnull(strstr(got, "\n2\t16\t"));
	ck_assert_ptr_nonnull(strstr(got, "\n3\t0\t1\t"));
	ck_assert_ptr_null(strstr(got, "\n4\t"));
	free(got);
	fclose(f);
	free(t.x);
}
END_TEST

/* Open text as the input of j (fit_init'ed), as kmeans-fit does. */
static const char *
open_input(fit_job *j, const char *text)
{
	const char *p = put_file("in.tsv", text, strlen(text));
	rfm_error e;

	ck_assert_msg(table_open(&j->t, p, &e) == RFM_OK, "%s", e.msg);
	return p;
}

static const struct {
	const char *text;
	size_t k;
	const char *msg;     /* after "<path>" */
} bad_loads[] = {
	{ "id\tx\na\t1\nb\t-1e300\nc\t0\n", 2,
	  ":3: x: -1e+300 is too large for k-means: squared distances would "
	  "overflow (values must be below 3.87e+153 in size)" },
	{ "id\tx\n", 2, ": no rows to cluster" },
	{ "id\tx\ty\na\t1\t2\nb\t1\t2\nc\t3\t3\n", 3,
	  ": 2 distinct points, fewer than k = 3" },
	{ "id\tx\na\t1\n", 2, ": 1 distinct point, fewer than k = 2" },
};

START_TEST(test_load_errors)
{
	char want[1024];
	char warning[512];
	const char *p;
	fit_job j;
	rfm_error e;

	fit_init(&j);
	p = open_input(&j, bad_loads[_i].text);
	snprintf(want, sizeof want, "%s%s", p, bad_loads[_i].msg);
	ck_assert_int_eq(fit_load(&j, bad_loads[_i].k, warning,
	    sizeof warning, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, want);
	ck_assert_str_eq(warning, "");
	fit_free(&j);
}
END_TEST

/* The warning of widely different spreads comes with or without an
 * error: here, with 3 distinct points or 2. */
static const char *const spread_inputs[] = {
	"id\ta\tb\nx\t1\t1000\ny\t2\t5000\nz\t3\t9000\n",
	"id\ta\tb\nx\t1\t1000\ny\t1\t1000\nz\t3\t9000\n",
};

START_TEST(test_load_warning)
{
	char warning[512];
	fit_job j;
	rfm_error e;

	fit_init(&j);
	open_input(&j, spread_inputs[_i]);
	ck_assert_int_eq(fit_load(&j, 3, warning, sizeof warning, &e),
	    _i ? RFM_EDATA : RFM_OK);
	ck_assert_msg(strncmp(warning, "warning: the spread of ", 23) == 0,
	    "%s", warning);
	fit_free(&j);
}
END_TEST

#define ROWS "id\tx\ty\nd\t10\t10\na\t0\t0\ne\t10\t11\nb\t0\t1\n"

/* Fit k = 2 of ROWS into j; its path. */
static const char *
fit_rows(fit_job *j)
{
	char warning[512];
	const char *p;
	rfm_error e;

	j->o.k = 2;
	j->o.nthreads = 1;
	p = open_input(j, ROWS);
	ck_assert_msg(fit_load(j, 2, warning, sizeof warning, &e) == RFM_OK,
	    "%s", e.msg);
	ck_assert_msg(fit_run(j, &e) == RFM_OK, "%s", e.msg);
	return p;
}

/* A fresh fit: canonical ids, generic names, how it was fitted. */
START_TEST(test_model_fresh)
{
	fit_job j;
	rfm_error e;
	FILE *f = tmpfile();
	char *got;

	fit_init(&j);
	fit_rows(&j);
	ck_assert_uint_eq(j.m.k, 2);
	ck_assert_uint_eq(j.m.d, 2);
	ck_assert_str_eq(j.m.features[0], "x");
	ck_assert_str_eq(j.m.features[1], "y");
	ck_assert_str_eq(j.m.names[0], "cluster 0");
	ck_assert_str_eq(j.m.names[1], "cluster 1");
	ck_assert_str_eq(j.m.init, "k-means++");
	ck_assert_str_eq(j.m.algorithm, "lloyd");
	ck_assert_int_eq(j.m.n_init, 10);
	ck_assert_int_eq(j.m.max_iter, 300);
	ck_assert_int_eq(j.m.rows, 4);
	ck_assert(j.m.tol == 1e-4);
	ck_assert_ptr_null(j.m.scaler);
	ck_assert(j.m.centres[0] == 0 && j.m.centres[1] == 0.5);
	ck_assert_uint_eq(j.m.sizes[0], 2);
	ck_assert_int_eq(fit_write(&j, f, &e), RFM_OK);
	got = contents(f);
	ck_assert_str_eq(got, "id\tx\ty\tcluster\tsegment\n"
	    "d\t10\t10\t1\tcluster 1\n"
	    "a\t0\t0\t0\tcluster 0\n"
	    "e\t10\t11\t1\tcluster 1\n"
	    "b\t0\t1\t0\tcluster 0\n");
	free(got);
	fclose(f);
	fit_free(&j);
}
END_TEST

/* The names given, the random init recorded. */
START_TEST(test_model_names)
{
	fit_job j;

	fit_init(&j);
	j.o.init = KM_INIT_RANDOM;
	j.nnames = 2;
	j.names = malloc(2 * sizeof *j.names);
	j.names[0] = "low";
	j.names[1] = "high";
	fit_rows(&j);
	ck_assert_str_eq(j.m.names[0], "low");
	ck_assert_str_eq(j.m.names[1], "high");
	ck_assert_str_eq(j.m.init, "random");
	fit_free(&j);
}
END_TEST

/* A warm start: held to -k and --names, its ids and names kept, its
 * path in the model with no tab. */
START_TEST(test_warm_start)
{
	char want[1024], *m2 = xdup(path_of("m\t2.tsv"));
	fit_job j;
	rfm_error e;

	fit_init(&j);
	j.nnames = 2;
	j.names = malloc(2 * sizeof *j.names);
	j.names[0] = "low";
	j.names[1] = "high";
	fit_rows(&j);
	ck_assert_int_eq(fit_save(&j, m2, &e), RFM_OK);
	fit_free(&j);

	fit_init(&j);
	j.warm_path = m2;
	j.k_given = 1;
	j.o.k = 3;
	ck_assert_int_eq(fit_warm_start(&j, &e), RFM_EUSAGE);
	snprintf(want, sizeof want, "-k 3, but the warm-start model %s has "
	    "k = 2", m2);
	ck_assert_str_eq(e.msg, want);
	fit_free(&j);

	fit_init(&j);
	j.warm_path = m2;
	j.nnames = 1;
	j.names = malloc(sizeof *j.names);
	j.names[0] = "one";
	ck_assert_int_eq(fit_warm_start(&j, &e), RFM_EUSAGE);
	ck_assert_str_eq(e.msg, "--names gives 1 name for k = 2");
	fit_free(&j);

	fit_init(&j);
	j.warm_path = m2;
	ck_assert_int_eq(fit_warm_start(&j, &e), RFM_OK);
	ck_assert_uint_eq(j.o.k, 2);
	ck_assert_int_eq(j.o.init, KM_INIT_GIVEN);
	fit_rows(&j);
	ck_assert_str_eq(j.m.names[0], "low");
	ck_assert_str_eq(j.m.names[1], "high");
	ck_assert_int_eq(j.m.n_init, 1);
	snprintf(want, sizeof want, "warm-start %s", m2);
	*strchr(want, '\t') = '?';
	ck_assert_str_eq(j.m.init, want);
	fit_free(&j);

	/* Other features than the model's */
	fit_init(&j);
	j.warm_path = m2;
	ck_assert_int_eq(fit_warm_start(&j, &e), RFM_OK);
	j.cols = malloc(2 * sizeof *j.cols);
	j.cols[0] = "y";
	j.cols[1] = "x";
	j.ncols = 2;
	open_input(&j, ROWS);
	ck_assert_int_eq(fit_load(&j, 2, want, sizeof want, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s: the warm-start model's features "
	    "(x, y) are not the input's (y, x)", m2);
	ck_assert_str_eq(e.msg, want);
	fit_free(&j);
	free(m2);
}
END_TEST

Suite *
suite_fit(void)
{
	Suite *s = suite_create("fit");
	TCase *tc;

	tc = tcase_create("scores");
	tcase_add_loop_test(tc, test_scores, 0, 2);
	tcase_add_test(tc, test_scores_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("fit");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_loop_test(tc, test_load_errors, 0,
	    (int)(sizeof bad_loads / sizeof bad_loads[0]));
	tcase_add_loop_test(tc, test_load_warning, 0, 2);
	tcase_add_test(tc, test_model_fresh);
	tcase_add_test(tc, test_model_names);
	tcase_add_test(tc, test_warm_start);
	suite_add_tcase(s, tc);
	return s;
}
