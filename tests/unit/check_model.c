/*
 * check_model.c - tests of lib/model, lib/kvfile and lib/cksum:
 * model_write's exact text and a bit-exact round trip through model_read
 * (17-digit centres, names with spaces, the largest seed); every error
 * model_read reports, with its line; version 2: the scaler a model
 * carries, the cksum line and a damaged file; model_nearest (the lowest
 * id on a tie, the distance); model_name_ok; kv_read, kv_find, kv_number
 * and kv_integer directly; cksum against cksum(1)'s values.
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cksum.h"
#include "kvfile.h"
#include "model.h"
#include "suites.h"
#include "testutil.h"

/* ---- a temporary directory for the files of one test case ---- */

static void
dir_setup(void)
{
	temp_dir(dir, sizeof dir, NULL, "check_model");
}

/* A model with the given features, names and centres, every field
 * allocated as model_read allocates it. */
static void
make_model(model *m, const char *const *features, size_t d,
    const char *const *names, const double *centres, size_t k)
{
	size_t i;

	memset(m, 0, sizeof *m);
	m->d = d;
	m->k = k;
	m->features = calloc(d, sizeof *m->features);
	m->names = calloc(k, sizeof *m->names);
	m->sizes = calloc(k, sizeof *m->sizes);
	m->centres = malloc(k * d * sizeof *m->centres);
	for (i = 0; i < d; i++)
		m->features[i] = xdup(features[i]);
	for (i = 0; i < k; i++) {
		m->names[i] = xdup(names[i]);
		m->sizes[i] = 100 * i + 7;
	}
	memcpy(m->centres, centres, k * d * sizeof *centres);
	m->seed = 0;
	m->n_init = 10;
	m->max_iter = 300;
	m->iterations = 12;
	m->rows = 4338;
	m->tol = 1e-4;
	m->inertia = 1234.5;
	m->converged = 1;
	m->algorithm = xdup("hamerly");
	m->init = xdup("k-means++");
}

static int
write_to(const char *path, const model *m)
{
	FILE *f = fopen(path, "w");
	int rc;

	ck_assert_ptr_nonnull(f);
	rc = model_write(f, m);
	ck_assert_int_eq(fclose(f), 0);
	return rc;
}

/* ---- model_write, model_read ---- */

START_TEST(test_write_text)
{
	static const char *const feat[] = { "recency_z", "monetary_log_z" };
	static const char *const names[] = { "Low spenders", "High" };
	static const double c[] = { -0.5, 0.1 + 0.2, 2, -1.0 / 3.0 };
	model m;
	char *text;
	const char *p = path_of("w.tsv");

	make_model(&m, feat, 2, names, c, 2);
	m.converged = 0;
	m.seed = 42;
	ck_assert_int_eq(write_to(p, &m), 0);
	text = slurp(p);
	/* The cksum line is what cksum(1) prints for the lines but the
	 * comments. */
	ck_assert_str_eq(text,
	    "rfmkit-model\t2\n"
	    "# written by kmeans-fit (rfmkit) " RFMKIT_VERSION
	    "; see rfmkit-files(5)\n"
	    "features\trecency_z\tmonetary_log_z\n"
	    "k\t2\n"
	    "rows\t4338\n"
	    "init\tk-means++\n"
	    "seed\t42\n"
	    "n_init\t10\n"
	    "tol\t0.0001\n"
	    "max_iter\t300\n"
	    "algorithm\thamerly\n"
	    "iterations\t12\n"
	    "converged\tno\n"
	    "inertia\t1234.5\n"
	    "# cluster\tid\tname\tsize\tthe centre, one number per "
	    "feature\n"
	    "cluster\t0\tLow spenders\t7\t-0.5\t0.30000000000000004\n"
	    "cluster\t1\tHigh\t107\t2\t-0.3333333333333333\n"
	    "cksum\t4214995921\t271\n");
	free(text);
	model_free(&m);
	ck_assert_ptr_null(m.centres);
	ck_assert_uint_eq(m.k, 0);
}
END_TEST

START_TEST(test_round_trip)
{
	static const char *const feat[] = { "recency_z", "frequency_log_z",
	    "monetary log z" };
	static const char *const names[] = { "Loyal High-Spenders",
	    "Potential Loyalists", "  spaces  around ", "Dormant Customers",
	    "#not a comment" };
	static const double c[] = {
		0.1 + 0.2, 1.0 / 3.0, -2.0 / 3.0,
		1e-300, -5e-324, 123456.78901234567,
		DBL_MAX, -DBL_MAX, 2.2250738585072014e-308,
		-1.2345678901234567e-5, 9007199254740993.0, 0.0,
		4310.5, -0.0, 1.7976931348623157e-300,
	};
	model m, r;
	rfm_error e;
	size_t i;
	const char *p = path_of("rt.tsv");

	make_model(&m, feat, 3, names, c, 5);
	m.seed = UINT64_MAX;
	m.tol = 1.0 / 3.0 * 1e-4;
	m.inertia = 98765.432109876543;
	m.converged = 0;
	m.iterations = 0;
	m.rows = 0;
	free(m.init);
	m.init = xdup("warm start: last night.tsv");
	ck_assert_int_eq(write_to(p, &m), 0);
	memset(&e, 0, sizeof e);
	ck_assert_msg(model_read(p, &r, &e) == RFM_OK, "%s", e.msg);
	ck_assert_uint_eq(r.d, 3);
	ck_assert_uint_eq(r.k, 5);
	for (i = 0; i < 3; i++)
		ck_assert_str_eq(r.features[i], feat[i]);
	for (i = 0; i < 5; i++) {
		ck_assert_str_eq(r.names[i], names[i]);
		ck_assert_uint_eq(r.sizes[i], m.sizes[i]);
	}
	for (i = 0; i < 15; i++)
		ck_assert_msg(same_double(r.centres[i], c[i] == 0 ? 0.0 : c[i]),
		    "centre value %zu: %a, wrote %a", i, r.centres[i], c[i]);
	ck_assert(r.seed == UINT64_MAX);
	ck_assert_int_eq(r.n_init, 10);
	ck_assert_int_eq(r.max_iter, 300);
	ck_assert_int_eq(r.iterations, 0);
	ck_assert_int_eq(r.rows, 0);
	ck_assert(same_double(r.tol, m.tol));
	ck_assert(same_double(r.inertia, m.inertia));
	ck_assert_int_eq(r.converged, 0);
	ck_assert_str_eq(r.algorithm, "hamerly");
	ck_assert_str_eq(r.init, "warm start: last night.tsv");
	model_free(&r);
	/* and converged: yes */
	m.converged = 1;
	ck_assert_int_eq(write_to(p, &m), 0);
	ck_assert_msg(model_read(p, &r, &e) == RFM_OK, "%s", e.msg);
	ck_assert_int_eq(r.converged, 1);
	model_free(&r);
	model_free(&m);
}
END_TEST

/* A written model's own text read back and written again: the same
 * bytes. */
START_TEST(test_rewrite_same_bytes)
{
	static const char *const feat[] = { "a" };
	static const char *const names[] = { "x", "y", "z" };
	static const double c[] = { -1e-7, 1.0 / 7.0, 7e22 };
	model m, r;
	rfm_error e;
	char *t1, *t2;

	make_model(&m, feat, 1, names, c, 3);
	ck_assert_int_eq(write_to(path_of("a.tsv"), &m), 0);
	ck_assert_msg(model_read(path_of("a.tsv"), &r, &e) == RFM_OK, "%s",
	    e.msg);
	ck_assert_int_eq(write_to(path_of("b.tsv"), &r), 0);
	t1 = slurp(path_of("a.tsv"));
	t2 = slurp(path_of("b.tsv"));
	ck_assert_str_eq(t1, t2);
	free(t1);
	free(t2);
	model_free(&m);
	model_free(&r);
}
END_TEST

/*
 * Whatever model_write writes, model_read reads back: a number it cannot
 * write so (an infinite inertia, as km_fit reports when the squared
 * distances add up beyond DBL_MAX) must make model_write fail, not leave
 * a model no command can load.
 */
START_TEST(test_write_nonfinite)
{
	static const char *const feat[] = { "x" };
	static const char *const names[] = { "only" };
	static const double c[] = { 1 };
	model m, r;
	rfm_error e;
	const char *p = path_of("inf.tsv");
	int wrc, rrc;

	make_model(&m, feat, 1, names, c, 1);
	m.inertia = INFINITY;
	wrc = write_to(p, &m);
	memset(&e, 0, sizeof e);
	rrc = model_read(p, &r, &e);
	ck_assert_msg(wrc != 0 || rrc == RFM_OK, "model_write wrote a model "
	    "with inertia inf and returned %d; model_read then says: %s", wrc,
	    e.msg);
	if (rrc == RFM_OK) {
		ck_assert(isinf(r.inertia));
		model_free(&r);
	}
	model_free(&m);
}
END_TEST

#define M_HEAD "rfmkit-model\t1\n"
#define M_FEAT "features\ta\tb\n"
#define M_K "k\t2\n"
#define M_ROWS "rows\t10\n"
#define M_INIT "init\tk-means++\n"
#define M_SEED "seed\t0\n"
#define M_NINIT "n_init\t10\n"
#define M_TOL "tol\t0.0001\n"
#define M_MAXIT "max_iter\t300\n"
#define M_ALG "algorithm\thamerly\n"
#define M_ITERS "iterations\t5\n"
#define M_CONV "converged\tyes\n"
#define M_INERTIA "inertia\t3.5\n"
#define M_C0 "cluster\t0\tLow\t6\t0\t1\n"
#define M_C1 "cluster\t1\tHigh\t4\t5\t6\n"
/* lines 4 to 13 */
#define M_META M_ROWS M_INIT M_SEED M_NINIT M_TOL M_MAXIT M_ALG M_ITERS \
	M_CONV M_INERTIA
#define M_TOP M_HEAD M_FEAT M_K
#define M_VALID M_TOP M_META M_C0 M_C1

START_TEST(test_read_valid)
{
	const char *p = put_file("ok.tsv", M_VALID, strlen(M_VALID));
	model m;
	rfm_error e;

	ck_assert_msg(model_read(p, &m, &e) == RFM_OK, "%s", e.msg);
	ck_assert_uint_eq(m.d, 2);
	ck_assert_uint_eq(m.k, 2);
	ck_assert_str_eq(m.features[0], "a");
	ck_assert_str_eq(m.features[1], "b");
	ck_assert_str_eq(m.names[0], "Low");
	ck_assert_str_eq(m.names[1], "High");
	ck_assert_uint_eq(m.sizes[0], 6);
	ck_assert_uint_eq(m.sizes[1], 4);
	ck_assert(m.centres[0] == 0 && m.centres[1] == 1 &&
	    m.centres[2] == 5 && m.centres[3] == 6);
	ck_assert_int_eq(m.rows, 10);
	ck_assert(m.seed == 0);
	ck_assert_int_eq(m.n_init, 10);
	ck_assert(m.tol == 0.0001);
	ck_assert_int_eq(m.max_iter, 300);
	ck_assert_str_eq(m.algorithm, "hamerly");
	ck_assert_int_eq(m.iterations, 5);
	ck_assert_int_eq(m.converged, 1);
	ck_assert(m.inertia == 3.5);
	ck_assert_str_eq(m.init, "k-means++");
	model_free(&m);
}
END_TEST

/* The same lines in another order, with comments, blank lines and CRLF. */
START_TEST(test_read_any_order)
{
	static const char text[] = "rfmkit-model\t1\r\n# hello\r\n"
	    M_C0 "\n" M_INERTIA M_CONV "cluster\t1\tHigh\t4\t5\t6\r\n"
	    M_ITERS M_ALG M_MAXIT M_TOL M_NINIT M_SEED M_INIT M_ROWS M_K
	    "features\ta\tb\r\n";
	const char *p = put_file("order.tsv", text, strlen(text));
	model m;
	rfm_error e;

	ck_assert_msg(model_read(p, &m, &e) == RFM_OK, "%s", e.msg);
	ck_assert_str_eq(m.features[1], "b");
	ck_assert_str_eq(m.names[1], "High");
	ck_assert(m.centres[3] == 6);
	model_free(&m);
}
END_TEST

static const struct {
	const char *text;
	const char *msg;     /* after the path; the code is RFM_EDATA */
} bad_models[] = {
	/* the kind and version */
	{ "rfmkit-scaler\t1\n" M_FEAT, ":1: not an rfmkit model file: the "
	    "first line is \"rfmkit-scaler\\x091\", not "
	    "\"rfmkit-model<TAB>2\"" },
	{ "rfmkit-model\t3\n" M_FEAT, ":1: model file version 3; this rfmkit "
	    "reads versions 1 and 2" },
	{ "rfmkit-model\t0\n" M_FEAT, ":1: bad version \"0\"" },
	/* version 1 has no scaler and no cksum lines */
	{ M_VALID "cksum\t1\t2\n", ":16: unknown line \"cksum\"" },
	{ M_TOP M_META "scaler\ta\tnone\t0\t1\ta\n" M_C0 M_C1,
	    ":14: unknown line \"scaler\"" },
	/* version 2 must have its cksum line */
	{ "rfmkit-model\t2\n" M_FEAT M_K M_META M_C0 M_C1, ": no \"cksum\" "
	    "line: the file is incomplete" },
	{ "", ": empty: not an rfmkit model file" },
	{ M_VALID "cluster\t2\tMore\t1\t1\t1", ":16: the last line has no "
	    "newline: the file is cut short" },
	/* unknown lines */
	{ M_VALID "centre\t1\t2\n", ":16: unknown line \"centre\"" },
	{ M_TOP "Rows\t10\n" M_META M_C0 M_C1, ":4: unknown line \"Rows\"" },
	/* duplicated and missing lines */
	{ M_VALID "k\t3\n", ":16: a second \"k\" line (the first is line 3)" },
	{ M_VALID M_TOL, ":16: a second \"tol\" line (the first is line 8)" },
	{ M_VALID M_FEAT, ":16: a second \"features\" line (the first is "
	    "line 2)" },
	{ M_HEAD M_K M_META M_C0 M_C1, ": no \"features\" line: the file is "
	    "incomplete" },
	{ M_HEAD M_FEAT M_META M_C0 M_C1, ": no \"k\" line: the file is "
	    "incomplete" },
	{ M_TOP M_ROWS M_INIT M_SEED M_NINIT M_TOL M_MAXIT M_ALG M_ITERS
	    M_CONV M_C0 M_C1, ": no \"inertia\" line: the file is incomplete" },
	{ M_TOP M_ROWS M_SEED M_NINIT M_TOL M_MAXIT M_ALG M_ITERS M_CONV
	    M_INERTIA M_C0 M_C1, ": no \"init\" line: the file is incomplete" },
	/* features */
	{ M_HEAD "features\n" M_K M_META M_C0 M_C1, ":2: no features" },
	{ M_HEAD "features\ta\t\n" M_K M_META M_C0 M_C1,
	    ":2: an empty feature name" },
	{ M_HEAD "features\ta\ta\n" M_K M_META M_C0 M_C1,
	    ":2: feature \"a\" twice" },
	/* k */
	{ M_HEAD M_FEAT "k\t0\n" M_META, ":3: k: out of range: \"0\"" },
	{ M_HEAD M_FEAT "k\t65536\n" M_META, ":3: k: out of range: "
	    "\"65536\"" },
	{ M_HEAD M_FEAT "k\ttwo\n" M_META, ":3: k: not an integer: \"two\"" },
	{ M_HEAD M_FEAT "k\t2\t3\n" M_META M_C0 M_C1, ":3: \"k\" line with 3 "
	    "fields, expected 2" },
	/* the other values */
	{ M_TOP "rows\t-10\n" M_INIT M_SEED M_NINIT M_TOL M_MAXIT M_ALG
	    M_ITERS M_CONV M_INERTIA M_C0 M_C1,
	    ":4: rows: out of range: \"-10\"" },
	{ M_TOP M_ROWS M_INIT "seed\t-1\n" M_NINIT M_TOL M_MAXIT M_ALG
	    M_ITERS M_CONV M_INERTIA M_C0 M_C1,
	    ":6: seed: not an integer: \"-1\"" },
	{ M_TOP M_ROWS M_INIT "seed\t12x\n" M_NINIT M_TOL M_MAXIT M_ALG
	    M_ITERS M_CONV M_INERTIA M_C0 M_C1,
	    ":6: seed: not an integer: \"12x\"" },
	{ M_TOP M_ROWS M_INIT M_SEED "n_init\t0\n" M_TOL M_MAXIT M_ALG
	    M_ITERS M_CONV M_INERTIA M_C0 M_C1,
	    ":7: n_init: out of range: \"0\"" },
	{ M_TOP M_ROWS M_INIT M_SEED M_NINIT "tol\tabc\n" M_MAXIT M_ALG
	    M_ITERS M_CONV M_INERTIA M_C0 M_C1,
	    ":8: tol: not a number: \"abc\"" },
	{ M_TOP M_ROWS M_INIT M_SEED M_NINIT M_TOL "max_iter\t0\n" M_ALG
	    M_ITERS M_CONV M_INERTIA M_C0 M_C1,
	    ":9: max_iter: out of range: \"0\"" },
	{ M_TOP M_ROWS M_INIT M_SEED M_NINIT M_TOL M_MAXIT M_ALG
	    "iterations\t-1\n" M_CONV M_INERTIA M_C0 M_C1,
	    ":11: iterations: out of range: \"-1\"" },
	{ M_TOP M_ROWS M_INIT M_SEED M_NINIT M_TOL M_MAXIT M_ALG M_ITERS
	    "converged\tmaybe\n" M_INERTIA M_C0 M_C1,
	    ":12: converged: \"maybe\" is neither yes nor no" },
	{ M_TOP M_ROWS M_INIT M_SEED M_NINIT M_TOL M_MAXIT M_ALG M_ITERS
	    "converged\tYes\n" M_INERTIA M_C0 M_C1,
	    ":12: converged: \"Yes\" is neither yes nor no" },
	{ M_TOP M_ROWS M_INIT M_SEED M_NINIT M_TOL M_MAXIT M_ALG M_ITERS
	    M_CONV "inertia\tinf\n" M_C0 M_C1,
	    ":13: inertia: not a number: \"inf\"" },
	/* a CR before CRLF would be lost on reading back */
	{ M_TOP M_ROWS "init\tk-means++\r\r\n" M_SEED M_NINIT M_TOL M_MAXIT
	    M_ALG M_ITERS M_CONV M_INERTIA M_C0 M_C1,
	    ":5: init: holds a carriage return" },
	{ M_TOP M_ROWS M_INIT M_SEED M_NINIT M_TOL M_MAXIT
	    "algorithm\tham\rerly\n" M_ITERS M_CONV M_INERTIA M_C0 M_C1,
	    ":10: algorithm: holds a carriage return" },
	/* clusters */
	{ M_TOP M_META M_C0, ": 1 cluster line for k = 2: the file is "
	    "incomplete" },
	{ M_TOP M_META, ": 0 cluster lines for k = 2: the file is "
	    "incomplete" },
	{ M_TOP M_META M_C1 M_C0, ":14: id: cluster 1 where cluster 0 "
	    "belongs" },
	{ M_TOP M_META M_C0 M_C0, ":15: id: cluster 0 where cluster 1 "
	    "belongs" },
	{ M_TOP M_META M_C0 "cluster\t2\tHigh\t4\t5\t6\n",
	    ":15: id: out of range: \"2\"" },
	{ M_TOP M_META M_C0 "cluster\t-1\tHigh\t4\t5\t6\n",
	    ":15: id: out of range: \"-1\"" },
	{ M_TOP M_META M_C0 "cluster\tone\tHigh\t4\t5\t6\n",
	    ":15: id: not an integer: \"one\"" },
	{ M_TOP M_META M_C0 M_C1 "cluster\t2\tMore\t1\t1\t1\n",
	    ":16: id: out of range: \"2\"" },
	{ M_TOP M_META M_C0 "cluster\t1\tHigh\t4\t5\n", ":15: \"cluster\" "
	    "line with 5 fields, expected 6 (id, name, size and 2 features)" },
	{ M_TOP M_META M_C0 "cluster\t1\tHigh\t4\t5\t6\t7\n", ":15: "
	    "\"cluster\" line with 7 fields, expected 6 (id, name, size and 2 "
	    "features)" },
	{ M_HEAD "features\ta\n" M_K M_META "cluster\t0\tx\t1\t1\t2\n",
	    ":14: \"cluster\" line with 6 fields, expected 5 (id, name, size "
	    "and 1 feature)" },
	{ M_TOP M_META M_C0 "cluster\t1\t\t4\t5\t6\n", ":15: name: empty" },
	{ M_TOP M_META M_C0 "cluster\t1\tHi\rgh\t4\t5\t6\n",
	    ":15: name: holds a carriage return" },
	{ M_TOP M_ROWS M_INIT M_SEED M_NINIT "tol\t-0.001\n" M_MAXIT M_ALG
	    M_ITERS M_CONV M_INERTIA M_C0 M_C1, ":8: tol: negative" },
	{ M_TOP M_META M_C0 "cluster\t1\tHigh\tfour\t5\t6\n",
	    ":15: size: not an integer: \"four\"" },
	{ M_TOP M_META M_C0 "cluster\t1\tHigh\t-4\t5\t6\n",
	    ":15: size: out of range: \"-4\"" },
	{ M_TOP M_META M_C0 "cluster\t1\tHigh\t4\t5\tx\n",
	    ":15: b: not a number: \"x\"" },
	{ M_TOP M_META M_C0 "cluster\t1\tHigh\t4\tnan\t6\n",
	    ":15: a: not a number: \"nan\"" },
	{ M_TOP M_META M_C0 "cluster\t1\tHigh\t4\t5\t1e400\n",
	    ":15: b: out of range: \"1e400\"" },
	{ M_TOP M_META M_C0 "cluster\t1\tHigh\t4\t5\t\n",
	    ":15: b: empty: \"\"" },
};

START_TEST(test_read_errors)
{
	const char *p = put_file("bad.tsv", bad_models[_i].text,
	    strlen(bad_models[_i].text));
	char want[1024];
	model m;
	rfm_error e;
	int rc;

	memset(&e, 0, sizeof e);
	rc = model_read(p, &m, &e);
	snprintf(want, sizeof want, "%s%s", p, bad_models[_i].msg);
	ck_assert_msg(rc == RFM_EDATA, "rc %d (%s), want %d", rc, e.msg,
	    RFM_EDATA);
	ck_assert_int_eq(e.code, RFM_EDATA);
	ck_assert_str_eq(e.msg, want);
	ck_assert_ptr_null(m.centres);
	ck_assert_ptr_null(m.features);
	ck_assert_ptr_null(m.names);
	ck_assert_uint_eq(m.k, 0);
}
END_TEST

/*
 * A seed beyond 2^64 - 1 is a corrupted line like any other number out
 * of range: it must not be read as 18446744073709551615.
 */
START_TEST(test_read_seed_overflow)
{
	static const char text[] = M_TOP M_ROWS M_INIT
	    "seed\t18446744073709551616\n" M_NINIT M_TOL M_MAXIT M_ALG M_ITERS
	    M_CONV M_INERTIA M_C0 M_C1;
	static const char max[] = M_TOP M_ROWS M_INIT
	    "seed\t18446744073709551615\n" M_NINIT M_TOL M_MAXIT M_ALG M_ITERS
	    M_CONV M_INERTIA M_C0 M_C1;
	const char *p = put_file("seed.tsv", max, strlen(max));
	model m;
	rfm_error e;
	int rc;

	ck_assert_msg(model_read(p, &m, &e) == RFM_OK, "%s", e.msg);
	ck_assert(m.seed == UINT64_MAX);
	model_free(&m);
	p = put_file("seed.tsv", text, strlen(text));
	memset(&e, 0, sizeof e);
	rc = model_read(p, &m, &e);
	ck_assert_msg(rc == RFM_EDATA, "model_read accepted seed "
	    "18446744073709551616 (2^64) as %llu", rc == RFM_OK ?
	    (unsigned long long)m.seed : 0ULL);
	ck_assert_ptr_nonnull(strstr(e.msg, ":6: seed: "));
	if (rc == RFM_OK)
		model_free(&m);
}
END_TEST

START_TEST(test_read_missing)
{
	const char *p = path_of("nothing.tsv");
	char want[600];
	model m;
	rfm_error e;

	ck_assert_int_eq(model_read(p, &m, &e), RFM_ENOINPUT);
	snprintf(want, sizeof want, "model file %s: No such file or directory", p);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(model_read(dir, &m, &e), RFM_ENOINPUT);
	snprintf(want, sizeof want, "model file %s: is a directory", dir);
	ck_assert_str_eq(e.msg, want);
}
END_TEST

/* ---- model_nearest, model_name_ok ---- */

START_TEST(test_nearest)
{
	static const char *const feat[] = { "x", "y" };
	static const char *const names[] = { "a", "b", "c", "d" };
	/* (10,10) (4,0) (0,4) (4,0) */
	static const double c[] = { 10, 10, 4, 0, 0, 4, 4, 0 };
	model m;
	double v[2], dist = -1;

	make_model(&m, feat, 2, names, c, 4);
	/* (2,2): clusters 1 and 2 both at sqrt 8, and 3 the same as 1 */
	v[0] = 2;
	v[1] = 2;
	ck_assert_uint_eq(model_nearest(&m, v, &dist), 1);
	ck_assert(same_double(dist, sqrt(8.0)));
	/* on cluster 3's centre, which is cluster 1's too */
	v[0] = 4;
	v[1] = 0;
	ck_assert_uint_eq(model_nearest(&m, v, &dist), 1);
	ck_assert(dist == 0);
	v[0] = 0;
	v[1] = 4.5;
	ck_assert_uint_eq(model_nearest(&m, v, &dist), 2);
	ck_assert(dist == 0.5);
	v[0] = 13;
	v[1] = 14;
	ck_assert_uint_eq(model_nearest(&m, v, &dist), 0);
	ck_assert(dist == 5);
	/* dist NULL */
	ck_assert_uint_eq(model_nearest(&m, v, NULL), 0);
	model_free(&m);
}
END_TEST

START_TEST(test_name_ok)
{
	ck_assert(model_name_ok("Loyal High-Spenders"));
	ck_assert(model_name_ok(" "));
	ck_assert(model_name_ok("cluster 0"));
	ck_assert(model_name_ok("Kunden \xc3\xa4"));
	ck_assert(model_name_ok("#1"));
	ck_assert(!model_name_ok(""));
	ck_assert(!model_name_ok("a\tb"));
	ck_assert(!model_name_ok("a\nb"));
	ck_assert(!model_name_ok("a\rb"));
	ck_assert(!model_name_ok("\t"));
	ck_assert(!model_name_ok("trailing\n"));
}
END_TEST

/* ---- kvfile directly ---- */

START_TEST(test_kv)
{
	static const char text[] = "rfmkit-thing\t3\n# comment\n\n"
	    "key\ta\tb c\t\n" "num\t-1.25e2\n" "int\t42\n" "bad\t4x\n";
	const char *p = put_file("kv.tsv", text, strlen(text));
	char want[600];
	kvfile kv;
	const kv_line *l;
	rfm_error e;
	double v;
	long n;

	ck_assert_msg(kv_read(p, "thing", 3, 3, &kv, &e) == RFM_OK, "%s",
	    e.msg);
	ck_assert_int_eq(kv.version, 3);
	ck_assert_str_eq(kv.path, p);
	ck_assert_uint_eq(kv.nlines, 4);
	ck_assert_int_eq(kv.lines[0].line, 4);
	ck_assert_uint_eq(kv.lines[0].n, 4);
	ck_assert_str_eq(kv.lines[0].f[0], "key");
	ck_assert_str_eq(kv.lines[0].f[2], "b c");
	ck_assert_str_eq(kv.lines[0].f[3], "");
	ck_assert_int_eq(kv.lines[3].line, 7);

	ck_assert_int_eq(kv_find(&kv, "key", 4, &l, &e), RFM_OK);
	ck_assert_ptr_eq(l, &kv.lines[0]);
	ck_assert_int_eq(kv_find(&kv, "key", 0, &l, &e), RFM_OK);
	ck_assert_int_eq(kv_find(&kv, "key", 2, &l, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s:4: \"key\" line with 4 fields, "
	    "expected 2", p);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(kv_find(&kv, "absent", 0, &l, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s: no \"absent\" line: the file is "
	    "incomplete", p);
	ck_assert_str_eq(e.msg, want);

	ck_assert_int_eq(kv_find(&kv, "num", 2, &l, &e), RFM_OK);
	ck_assert_int_eq(kv_number(&kv, l, 1, "num", &v, &e), RFM_OK);
	ck_assert(v == -125);
	ck_assert_int_eq(kv_integer(&kv, l, 1, "num", 0, 10, &n, &e),
	    RFM_EDATA);
	snprintf(want, sizeof want, "%s:5: num: not an integer: "
	    "\"-1.25e2\"", p);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(kv_find(&kv, "int", 2, &l, &e), RFM_OK);
	ck_assert_int_eq(kv_integer(&kv, l, 1, "int", 0, 42, &n, &e), RFM_OK);
	ck_assert_int_eq(n, 42);
	ck_assert_int_eq(kv_integer(&kv, l, 1, "int", 0, 41, &n, &e),
	    RFM_EDATA);
	snprintf(want, sizeof want, "%s:6: int: out of range: \"42\"", p);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(kv_find(&kv, "bad", 2, &l, &e), RFM_OK);
	ck_assert_int_eq(kv_number(&kv, l, 1, "what", &v, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s:7: what: not a number: \"4x\"", p);
	ck_assert_str_eq(e.msg, want);
	kv_free(&kv);
	ck_assert_ptr_null(kv.lines);
	ck_assert_uint_eq(kv.nlines, 0);

	/* the wrong kind or version */
	ck_assert_int_eq(kv_read(p, "thingy", 3, 3, &kv, &e), RFM_EDATA);
	kv_free(&kv);
	ck_assert_int_eq(kv_read(p, "thing", 4, 4, &kv, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s:1: thing file version 3; this rfmkit "
	    "reads version 4", p);
	ck_assert_str_eq(e.msg, want);
	kv_free(&kv);
	ck_assert_int_eq(kv_read(p, "thing", 1, 2, &kv, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s:1: thing file version 3; this rfmkit "
	    "reads versions 1 and 2", p);
	ck_assert_str_eq(e.msg, want);
	kv_free(&kv);
	ck_assert_int_eq(kv_read(p, "thing", 4, 6, &kv, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s:1: thing file version 3; this rfmkit "
	    "reads versions 4 to 6", p);
	ck_assert_str_eq(e.msg, want);
	kv_free(&kv);
	ck_assert_int_eq(kv_read(p, "thing", 2, 3, &kv, &e), RFM_OK);
	ck_assert_int_eq(kv.version, 3);
	kv_free(&kv);
}
END_TEST

/* Long values in messages are cut, control bytes shown as \xHH. */
START_TEST(test_kv_message_shows)
{
	static const char text[] = "rfmkit-thing\t1\n"
	    "v\t\x01" "2345678901234567890123456789012345678901234567890\n";
	const char *p = put_file("show.tsv", text, strlen(text));
	char want[600];
	kvfile kv;
	const kv_line *l;
	rfm_error e;
	double v;

	ck_assert_int_eq(kv_read(p, "thing", 1, 1, &kv, &e), RFM_OK);
	ck_assert_int_eq(kv_find(&kv, "v", 2, &l, &e), RFM_OK);
	ck_assert_int_eq(kv_number(&kv, l, 1, "v", &v, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s:2: v: not a number: \"\\x01"
	    "234567890123456789012345678901234567890\"...", p);
	ck_assert_str_eq(e.msg, want);
	kv_free(&kv);
}
END_TEST


/* ---- version 2: the scaler and the cksum line ---- */

/* text followed by its cksum line, as a writer seals it (kv_sum's own
 * agreement with cksum(1) is test_write_text's and test_cksum's). */
static const char *
put_sealed(const char *name, const char *text)
{
	static char buf[4096];
	cksum c;

	cksum_init(&c);
	kv_sum(text, strlen(text), &c);
	snprintf(buf, sizeof buf, "%scksum\t%lu\t%llu\n", text,
	    (unsigned long)cksum_value(&c), (unsigned long long)c.len);
	return put_file(name, buf, strlen(buf));
}

#define V2_HEAD "rfmkit-model\t2\n"
#define V2_SC "scaler\tr\tnone\t10\t2\ta\n" "scaler\tf\tlog1p\t1\t0.5\tb\n"
#define V2_VALID V2_HEAD M_FEAT M_K M_META V2_SC M_C0 M_C1

/* POSIX cksum(1)'s check values. */
START_TEST(test_cksum)
{
	static const struct {
		size_t n;
		unsigned long crc;
	} xs[] = { { 300, 3786917833UL }, { 70000, 4215398528UL } };
	char *buf = malloc(70000);
	cksum c;
	size_t i;

	ck_assert_ptr_nonnull(buf);
	cksum_init(&c);
	ck_assert_uint_eq(cksum_value(&c), 4294967295UL);
	cksum_add(&c, "1234", 4);
	cksum_add(&c, "56789", 5);
	ck_assert_uint_eq(cksum_value(&c), 930766865UL);
	ck_assert_uint_eq(c.len, 9);
	/* lengths of two and three bytes */
	memset(buf, 'x', 70000);
	for (i = 0; i < 2; i++) {
		cksum_init(&c);
		cksum_add(&c, buf, xs[i].n);
		ck_assert_uint_eq(cksum_value(&c), xs[i].crc);
	}
	free(buf);
}
END_TEST

/* What the cksum line covers: not comments, blank lines, the cksum line
 * or a carriage return before a newline. */
START_TEST(test_kv_sum)
{
	static const char plain[] = "rfmkit-thing\t2\nkey\t1\n";
	static const char other[] = "rfmkit-thing\t2\r\n# note\n\n"
	    "cksum\t1\t2\nkey\t1\r\ncksum\n";
	cksum a, b;

	cksum_init(&a);
	kv_sum(plain, strlen(plain), &a);
	ck_assert_uint_eq(cksum_value(&a), 4213452128UL);
	ck_assert_uint_eq(a.len, 21);
	cksum_init(&b);
	kv_sum(other, strlen(other), &b);
	ck_assert_uint_eq(cksum_value(&b), cksum_value(&a));
	ck_assert_uint_eq(b.len, a.len);
	/* a line that only starts like one is covered */
	cksum_init(&b);
	kv_sum("cksumx\t1\n", 9, &b);
	ck_assert_uint_eq(b.len, 9);
}
END_TEST

/* A model with its scaler: written with the scaler lines and read back
 * the same. */
START_TEST(test_v2_scaler_round_trip)
{
	static const char *const feat[] = { "monetary_log_z", "recency_z" };
	static const char *const names[] = { "x", "y" };
	static const char *const in[] = { "recency", "monetary" };
	static const int lg[] = { 0, 1 };
	static const double c[] = { 1, 2, 3, 4 };
	model m, r;
	scaler sc;
	rfm_error e;
	char *text, why[256];

	make_model(&m, feat, 2, names, c, 2);
	scaler_init(&sc, in, lg, 2);
	sc.col[0].mean = 93.05947441217151;
	sc.col[0].scale = 100.00073611485828;
	sc.col[1].mean = 1.0 / 3.0;
	sc.col[1].scale = 1e-300;
	m.scaler = &sc;
	ck_assert_int_eq(write_to(path_of("v2.tsv"), &m), 0);
	m.scaler = NULL;
	text = slurp(path_of("v2.tsv"));
	ck_assert_ptr_nonnull(strstr(text, "inertia\t1234.5\n"
	    "# scaler\tinput\ttransform\tmean\tscale\toutput\n"
	    "scaler\trecency\tnone\t93.05947441217151\t100.00073611485828\t"
	    "recency_z\n"
	    "scaler\tmonetary\tlog1p\t0.3333333333333333\t1e-300\t"
	    "monetary_log_z\n# cluster\t"));
	free(text);
	ck_assert_msg(model_read(path_of("v2.tsv"), &r, &e) == RFM_OK, "%s",
	    e.msg);
	ck_assert_ptr_nonnull(r.scaler);
	ck_assert_msg(!scaler_differs(r.scaler, "r", &sc, "s", why,
	    sizeof why), "%s", why);
	model_free(&r);

	/* A model without one has none. */
	ck_assert_int_eq(write_to(path_of("v2-none.tsv"), &m), 0);
	ck_assert_msg(model_read(path_of("v2-none.tsv"), &r, &e) == RFM_OK,
	    "%s", e.msg);
	ck_assert_ptr_null(r.scaler);
	model_free(&r);
	scaler_free(&sc);
	model_free(&m);
}
END_TEST

/* Sealed files that are wrong in what they say; the message after the
 * path. */
static const struct {
	const char *text;
	const char *msg;
} bad_v2[] = {
	{ V2_HEAD "features\ta\tc\n" M_K M_META V2_SC M_C0 M_C1,
	    ":2: feature \"c\" is not one of the outputs of the model's "
	    "scaler (a, b)" },
	{ V2_HEAD M_FEAT M_K M_META "scaler\tr\tnone\t10\t2\n" M_C0 M_C1,
	    ":14: \"scaler\" line with 5 fields, expected 6" },
	{ V2_HEAD M_FEAT M_K M_META "scaler\tr\tlog\t10\t2\ta\n" M_C0 M_C1,
	    ":14: transform: \"log\" is neither log1p nor none" },
	{ V2_HEAD M_FEAT M_K M_META V2_SC "scaler\tr\tnone\t1\t1\tc\n"
	    M_C0 M_C1, ":16: column \"r\" is scaled twice" },
	{ V2_VALID "centre\t1\n", ":18: unknown line \"centre\"" },
};

START_TEST(test_v2_errors)
{
	const char *p = put_sealed("bad2.tsv", bad_v2[_i].text);
	char want[1024];
	model m;
	rfm_error e;

	snprintf(want, sizeof want, "%s%s", p, bad_v2[_i].msg);
	ck_assert_int_eq(model_read(p, &m, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, want);
	ck_assert_ptr_null(m.scaler);
	ck_assert_ptr_null(m.features);
}
END_TEST

/* A sealed file changed after the cksum line was written. */
START_TEST(test_v2_damaged)
{
	char text[2048], want[1024];
	const char *p;
	model m;
	rfm_error e;
	cksum c;
	char *q;

	p = put_sealed("ok2.tsv", V2_VALID);
	ck_assert_msg(model_read(p, &m, &e) == RFM_OK, "%s", e.msg);
	ck_assert_ptr_nonnull(m.scaler);
	ck_assert_uint_eq(m.scaler->ncols, 2);
	ck_assert_str_eq(m.scaler->col[1].output, "b");
	model_free(&m);

	/* the features swapped: a clean read would give other labels */
	q = slurp(p);
	snprintf(text, sizeof text, "%s", q);
	free(q);
	memcpy(strstr(text, "features\ta\tb"), "features\tb\ta", 12);
	p = put_file("swap.tsv", text, strlen(text));
	cksum_init(&c);
	kv_sum(text, strlen(text), &c);
	snprintf(want, sizeof want, "model file %s: damaged: the cksum of its "
	    "lines is %lu %llu, its cksum line (line 18) says ", p,
	    (unsigned long)cksum_value(&c), (unsigned long long)c.len);
	ck_assert_int_eq(model_read(p, &m, &e), RFM_EDATA);
	ck_assert_msg(strncmp(e.msg, want, strlen(want)) == 0, "%s", e.msg);
	ck_assert_ptr_nonnull(strstr(e.msg, " (after an edit by hand, write "
	    "the cksum line again: see rfmkit-files(5))"));
	ck_assert_ptr_null(m.features);

	/* a comment changed, and CRLF line ends: still intact */
	q = slurp(path_of("ok2.tsv"));
	snprintf(text, sizeof text, "# a note\r\n%s", q);
	free(q);
	p = put_file("note.tsv", text, strlen(text));
	ck_assert_int_eq(model_read(p, &m, &e), RFM_EDATA);  /* line 1 */
	q = slurp(path_of("ok2.tsv"));
	snprintf(text, sizeof text, "%s# a note\n", q);
	free(q);
	p = put_file("note.tsv", text, strlen(text));
	ck_assert_msg(model_read(p, &m, &e) == RFM_OK, "%s", e.msg);
	model_free(&m);
}
END_TEST

static const struct {
	const char *line;
	const char *msg;   /* after "<path>:18: " */
} bad_sums[] = {
	{ "cksum\t1\n", "\"cksum\" line with 2 fields, expected 3" },
	{ "cksum\tx\t1\n", "cksum: CRC: not a number of cksum(1): \"x\"" },
	{ "cksum\t-1\t1\n", "cksum: CRC: not a number of cksum(1): \"-1\"" },
	{ "cksum\t4294967296\t1\n", "cksum: CRC: not a number of cksum(1): "
	    "\"4294967296\"" },
	{ "cksum\t1\t\n", "cksum: length: not a number of cksum(1): \"\"" },
	{ "cksum\t1\t1 \n", "cksum: length: not a number of cksum(1): "
	    "\"1 \"" },
};

START_TEST(test_v2_bad_sum_line)
{
	char text[2048], want[1024];
	const char *p;
	model m;
	rfm_error e;

	snprintf(text, sizeof text, "%s%s", V2_VALID, bad_sums[_i].line);
	p = put_file("sum.tsv", text, strlen(text));
	snprintf(want, sizeof want, "%s:18: %s", p, bad_sums[_i].msg);
	ck_assert_int_eq(model_read(p, &m, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, want);
}
END_TEST

Suite *
suite_model(void)
{
	Suite *s = suite_create("model");
	TCase *tc;

	tc = tcase_create("file");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, test_write_text);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_rewrite_same_bytes);
	tcase_add_test(tc, test_write_nonfinite);
	tcase_add_test(tc, test_read_valid);
	tcase_add_test(tc, test_read_any_order);
	tcase_add_loop_test(tc, test_read_errors, 0,
	    (int)(sizeof bad_models / sizeof bad_models[0]));
	tcase_add_test(tc, test_read_seed_overflow);
	tcase_add_test(tc, test_read_missing);
	tcase_add_test(tc, test_v2_scaler_round_trip);
	tcase_add_loop_test(tc, test_v2_errors, 0,
	    (int)(sizeof bad_v2 / sizeof bad_v2[0]));
	tcase_add_test(tc, test_v2_damaged);
	tcase_add_loop_test(tc, test_v2_bad_sum_line, 0,
	    (int)(sizeof bad_sums / sizeof bad_sums[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("apply");
	tcase_add_test(tc, test_nearest);
	tcase_add_test(tc, test_name_ok);
	suite_add_tcase(s, tc);

	tc = tcase_create("kvfile");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, test_kv);
	tcase_add_test(tc, test_kv_message_shows);
	tcase_add_test(tc, test_cksum);
	tcase_add_test(tc, test_kv_sum);
	suite_add_tcase(s, tc);
	return s;
}
