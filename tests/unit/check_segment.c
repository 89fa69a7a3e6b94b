/*
 * check_segment.c - tests of lib/segment, lib/summary and lib/predict.
 * segment: which feature names are recency, frequency and monetary; the
 * four business names for k = 4 under every assignment of the roles to
 * cluster ids, ties on the score going to the higher monetary, ties on
 * recency; "cluster N" otherwise; segment_suffixes and segment_put_row.
 * summary: the exact table (means, medians of odd and even counts,
 * shares, an empty segment).  predict: a model bound to a scaler and to
 * an input, the mismatch messages, the clusters and distances of rows
 * and of given values, and values that cannot be classified.
 */
#include <check.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "predict.h"
#include "scaler.h"
#include "segment.h"
#include "suites.h"
#include "summary.h"
#include "testutil.h"
#include "texttable.h"
#include "tsvin.h"

static void
free_names(char **names, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		free(names[i]);
	free(names);
}

/* ---- segment_rfm ---- */

static const struct {
	const char *f[4];
	size_t d;
	int rfm;
	size_t idx[3];
} rfm_names[] = {
	{ { "recency_z", "frequency_log_z", "monetary_log_z" }, 3, 1,
	    { 0, 1, 2 } },
	{ { "monetary_log_z", "recency_z", "frequency_log_z" }, 3, 1,
	    { 1, 2, 0 } },
	{ { "frequency_z", "monetary_z", "recency_log_z" }, 3, 1, { 2, 0, 1 } },
	/* raw columns, or other suffixes, are not the scaled features */
	{ { "recency", "frequency", "monetary" }, 3, 0, { 0 } },
	{ { "frequency_", "monetary_x", "recency_" }, 3, 0, { 0 } },
	{ { "recency_z", "frequency_log_z", "monetary_log" }, 3, 0, { 0 } },
	{ { "recency2", "frequency", "monetary" }, 3, 0, { 0 } },
	{ { "recencyz", "frequency", "monetary" }, 3, 0, { 0 } },
	{ { "Recency", "frequency", "monetary" }, 3, 0, { 0 } },
	{ { "recency", "frequency" }, 2, 0, { 0 } },
	{ { "recency", "frequency", "monetary", "tenure" }, 4, 0, { 0 } },
	{ { "recency", "recency_z", "monetary" }, 3, 0, { 0 } },
	{ { "recency", "monetary", "monetary_z" }, 3, 0, { 0 } },
	{ { "z_recency", "frequency", "monetary" }, 3, 0, { 0 } },
	{ { "recency", "frequency", "" }, 3, 0, { 0 } },
};

START_TEST(test_rfm_detection)
{
	size_t idx[3] = { 99, 99, 99 };
	int got = segment_rfm((char *const *)rfm_names[_i].f, rfm_names[_i].d,
	    idx);

	ck_assert_int_eq(got, rfm_names[_i].rfm);
	if (got) {
		ck_assert_uint_eq(idx[0], rfm_names[_i].idx[0]);
		ck_assert_uint_eq(idx[1], rfm_names[_i].idx[1]);
		ck_assert_uint_eq(idx[2], rfm_names[_i].idx[2]);
	}
}
END_TEST

/* ---- segment_names ---- */

static char *const rfm3[] = { "recency_z", "frequency_log_z",
    "monetary_log_z" };
/* the same roles under scaled names and another order: m, r, f */
static char *const mrf[] = { "monetary_log_z", "recency_z",
    "frequency_log_z" };

enum { LOYAL, POTENTIAL, OCCASIONAL, DORMANT };

static const char *const role_name[] = { "Loyal High-Spenders",
    "Potential Loyalists", "Occasional Buyers", "Dormant Customers" };

/* Centres (recency, frequency, monetary) of the four roles. */
static const double role_centre[4][3] = {
	{ 10, 8, 900 },     /* loyal: recent, frequent, big */
	{ 40, 3, 300 },     /* potential */
	{ 120, 1, 40 },     /* occasional */
	{ 300, 1.5, 60 },   /* dormant: the highest recency */
};

/*
 * Every one of the 24 ways to give the roles to cluster ids: each id gets
 * the name of its role, with raw and with scaled names in another
 * column order.
 */
START_TEST(test_names_every_order)
{
	size_t perm[4], i, j, used, k;
	double c[12], cs[12];
	char **names;
	int p;

	for (p = 0; p < 24; p++) {
		/* the p-th permutation: role of id i */
		used = 0;
		k = (size_t)p;
		for (i = 0; i < 4; i++) {
			size_t pick = k % (4 - i), n = 0;

			k /= 4 - i;
			for (j = 0; j < 4; j++) {
				if (used & (1u << j))
					continue;
				if (n++ == pick)
					break;
			}
			perm[i] = j;
			used |= 1u << j;
		}
		for (i = 0; i < 4; i++) {
			for (j = 0; j < 3; j++)
				c[i * 3 + j] = role_centre[perm[i]][j];
			/* m, r, f order, z-like values (negative too) */
			cs[i * 3 + 0] = (role_centre[perm[i]][2] - 300) / 250;
			cs[i * 3 + 1] = (role_centre[perm[i]][0] - 100) / 90;
			cs[i * 3 + 2] = log1p(role_centre[perm[i]][1]) - 1;
		}
		names = segment_names(rfm3, 3, c, 4);
		for (i = 0; i < 4; i++)
			ck_assert_msg(strcmp(names[i], role_name[perm[i]]) == 0,
			    "permutation %d: cluster %zu is \"%s\", want "
			    "\"%s\"", p, i, names[i], role_name[perm[i]]);
		free_names(names, 4);
		names = segment_names(mrf, 3, cs, 4);
		for (i = 0; i < 4; i++)
			ck_assert_msg(strcmp(names[i], role_name[perm[i]]) == 0,
			    "scaled, permutation %d: cluster %zu is \"%s\", "
			    "want \"%s\"", p, i, names[i], role_name[perm[i]]);
		free_names(names, 4);
	}
}
END_TEST

/* Equal scores: the higher monetary gets the better name. */
START_TEST(test_names_score_ties)
{
	/* all three at 4: (f3, m1) (f1, m3) (f2, m2) */
	static const double all[] = {
		50, 9, 10,
		50, 1, 900,
		500, 1, 1,
		50, 5, 100,
	};
	/* two at 5: (f3, m2) and (f2, m3); the third 2 */
	static const double two[] = {
		20, 9, 100,
		30, 5, 200,
		40, 1, 10,
		90, 0, 0,
	};
	/* equal frequency: ranks all 1, monetary decides */
	static const double flat[] = {
		1, 2, 30,
		2, 2, 10,
		3, 2, 20,
		4, 2, 0,
	};
	char **n;

	n = segment_names(rfm3, 3, all, 4);
	ck_assert_str_eq(n[0], "Occasional Buyers");
	ck_assert_str_eq(n[1], "Loyal High-Spenders");
	ck_assert_str_eq(n[2], "Dormant Customers");
	ck_assert_str_eq(n[3], "Potential Loyalists");
	free_names(n, 4);
	n = segment_names(rfm3, 3, two, 4);
	ck_assert_str_eq(n[0], "Potential Loyalists");
	ck_assert_str_eq(n[1], "Loyal High-Spenders");
	ck_assert_str_eq(n[2], "Occasional Buyers");
	ck_assert_str_eq(n[3], "Dormant Customers");
	free_names(n, 4);
	n = segment_names(rfm3, 3, flat, 4);
	ck_assert_str_eq(n[0], "Loyal High-Spenders");
	ck_assert_str_eq(n[1], "Occasional Buyers");
	ck_assert_str_eq(n[2], "Potential Loyalists");
	ck_assert_str_eq(n[3], "Dormant Customers");
	free_names(n, 4);
}
END_TEST

/*
 * k = 2..8 on centres where recency falls as value rises: cluster i has
 * recency i + 1 and frequency and monetary k - i, so the names go up the
 * ladder of segment.h from the last cluster, dormant, to cluster 0.
 */
START_TEST(test_names_every_k)
{
	static const char *const want[9][8] = {
		[2] = { "Active Customers", "Dormant Customers" },
		[3] = { "Loyal High-Spenders", "Occasional Buyers",
		    "Dormant Customers" },
		[4] = { "Loyal High-Spenders", "Potential Loyalists",
		    "Occasional Buyers", "Dormant Customers" },
		[5] = { "Loyal High-Spenders", "Potential Loyalists",
		    "Occasional Buyers", "At Risk", "Dormant Customers" },
		[6] = { "Champions", "Loyal High-Spenders",
		    "Potential Loyalists", "Occasional Buyers", "At Risk",
		    "Dormant Customers" },
		[7] = { "Champions", "Loyal High-Spenders",
		    "Potential Loyalists", "Promising", "Occasional Buyers",
		    "At Risk", "Dormant Customers" },
		[8] = { "Champions", "Loyal High-Spenders", "Loyal Customers",
		    "Potential Loyalists", "Promising", "Occasional Buyers",
		    "At Risk", "Dormant Customers" },
	};
	double c[8 * 3] = { 0 };
	char **n;
	size_t k = (size_t)_i, i;

	for (i = 0; i < k; i++) {
		c[i * 3] = (double)(i + 1);
		c[i * 3 + 1] = c[i * 3 + 2] = (double)(k - i);
	}
	n = segment_names(rfm3, 3, c, k);
	for (i = 0; i < k; i++)
		ck_assert_msg(strcmp(n[i], want[k][i]) == 0, "k = %zu: "
		    "cluster %zu is \"%s\", want \"%s\"", k, i, n[i],
		    want[k][i]);
	free_names(n, k);
}
END_TEST

/* Raw and scaled columns of one measure are refused; others are not. */
START_TEST(test_mixed_and_scales)
{
	static char *const six[] = { "recency", "frequency", "monetary",
	    "recency_z", "frequency_log_z", "monetary_log_z" };
	static char *const two[] = { "a", "b" };
	static const double wide[] = { 1, 100, 2, 300, 3, 500 };
	static const double near[] = { 1, 1, 2, 5, 3, 9 };
	static const double flat[] = { 1, 7, 2, 7, 3, 7 };
	char msg[300];

	ck_assert_int_eq(segment_mixed(six, 6, msg, sizeof msg), 1);
	ck_assert_msg(strstr(msg, "recency and recency_z") != NULL, "%s",
	    msg);
	ck_assert_int_eq(segment_mixed(six + 1, 4, msg, sizeof msg), 1);
	ck_assert_int_eq(segment_mixed(six + 3, 3, msg, sizeof msg), 0);
	ck_assert_int_eq(segment_mixed(six, 3, msg, sizeof msg), 0);
	/* sd 0.82 and 163: over 10 times; 0.82 and 3.27: not; a constant
	 * column is left out */
	ck_assert_int_eq(segment_scales(wide, 3, 2, two, msg, sizeof msg), 1);
	ck_assert_msg(strstr(msg, "spread of b") != NULL, "%s", msg);
	ck_assert_int_eq(segment_scales(near, 3, 2, two, msg, sizeof msg), 0);
	ck_assert_int_eq(segment_scales(flat, 3, 2, two, msg, sizeof msg), 0);
	ck_assert_int_eq(segment_scales(wide, 3, 1, two, msg, sizeof msg), 0);
}
END_TEST

/* Two clusters share the highest recency: the lower id is dormant. */
START_TEST(test_names_recency_tie)
{
	static const double c[] = {
		10, 5, 500,
		200, 1, 10,
		50, 3, 100,
		200, 2, 50,
	};
	char **n = segment_names(rfm3, 3, c, 4);

	ck_assert_str_eq(n[1], "Dormant Customers");
	ck_assert_str_eq(n[0], "Loyal High-Spenders");
	ck_assert_str_eq(n[2], "Potential Loyalists");
	ck_assert_str_eq(n[3], "Occasional Buyers");
	free_names(n, 4);
}
END_TEST

/* k outside 2..8, or other features (raw ones too): "cluster N". */
START_TEST(test_names_generic)
{
	static char *const other[] = { "recency_z", "frequency_z",
	    "tenure_z" };
	static char *const raw[] = { "recency", "frequency", "monetary" };
	double c[20 * 3];
	char **n, want[32];
	size_t k, i;

	for (i = 0; i < 60; i++)
		c[i] = (double)((i * 7) % 11);
	for (k = 1; k <= 12; k++) {
		if (k >= 2 && k <= 8)
			continue;
		n = segment_names(rfm3, 3, c, k);
		for (i = 0; i < k; i++) {
			snprintf(want, sizeof want, "cluster %zu", i);
			ck_assert_str_eq(n[i], want);
		}
		free_names(n, k);
	}
	n = segment_names(raw, 3, c, 4);
	ck_assert_str_eq(n[0], "cluster 0");
	free_names(n, 4);
	n = segment_names(other, 3, c, 4);
	ck_assert_str_eq(n[0], "cluster 0");
	ck_assert_str_eq(n[3], "cluster 3");
	free_names(n, 4);
	n = segment_names(rfm3, 2, c, 4);
	ck_assert_str_eq(n[2], "cluster 2");
	free_names(n, 4);
}
END_TEST

START_TEST(test_suffixes_and_rows)
{
	static char *const names[] = { "Loyal High-Spenders", "cluster 1",
	    "x" };
	char **suf = segment_suffixes(names, 3), *text = NULL;
	size_t len = 0;
	double dist = 0.1 + 0.2;
	FILE *f;

	ck_assert_str_eq(suf[0], "\t0\tLoyal High-Spenders\n");
	ck_assert_str_eq(suf[1], "\t1\tcluster 1\n");
	ck_assert_str_eq(suf[2], "\t2\tx\n");
	free_names(suf, 3);
	f = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(f);
	segment_put_row(f, "c1\t3\t4", 6, 2, "Dormant Customers", NULL);
	segment_put_row(f, "c2\t5xxx", 4, 0, "a b", &dist);
	segment_put_row(f, "", 0, 11, "", NULL);
	fclose(f);
	ck_assert_str_eq(text, "c1\t3\t4\t2\tDormant Customers\n"
	    "c2\t5\t0\ta b\t0.30000000000000004\n"
	    "\t11\t\n");
	free(text);
}
END_TEST

/* ---- summary ---- */

static char *
summary_as(summary *s, char *const *names, int format)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(summary_write(s, names, format, f), 0);
	fclose(f);
	return text;
}

static char *
summary_text(summary *s, char *const *names)
{
	return summary_as(s, names, TEXTTABLE_TSV);
}

#define SUMMARY_HEAD "cluster\tsegment\tcustomers\tcustomer_share\t" \
	"recency_mean\trecency_median\tfrequency_mean\tfrequency_median\t" \
	"monetary_mean\tmonetary_median\tmonetary_share\torders\trevenue\t" \
	"average_order_value\n"

START_TEST(test_summary)
{
	static char *const names[] = { "Odd", "Even one", "Empty" };
	summary s;
	char *text, want[1024];

	summary_init(&s, 3);
	/* cluster 0: three rows */
	summary_add(&s, 0, 30, 2, 200);
	summary_add(&s, 0, 10, 1, 100);
	summary_add(&s, 0, 20, 3, 300);
	/* cluster 1: four rows, the medians between the middle two */
	summary_add(&s, 1, 5, 4, 1000);
	summary_add(&s, 1, 1, 2, 50);
	summary_add(&s, 1, 7, 8, 10);
	summary_add(&s, 1, 3, 7, 40);
	/* cluster 2: none */
	text = summary_text(&s, names);
	snprintf(want, sizeof want, SUMMARY_HEAD
	    "0\tOdd\t3\t%s\t20\t20\t2\t2\t200\t200\t%s\t6\t600\t100\n"
	    "1\tEven one\t4\t%s\t4\t4\t5.25\t5.5\t275\t45\t%s\t21\t1100\t%s\n"
	    "2\tEmpty\t0\t0\t\t\t\t\t\t\t0\t0\t0\t\n",
	    fmt(3.0 / 7), fmt(600.0 / 1700), fmt(4.0 / 7), fmt(1100.0 / 1700),
	    fmt(1100.0 / 21));
	ck_assert_str_eq(text, want);
	free(text);
	/* written twice: the same (the medians sort a copy or in place,
	 * the means do not change) */
	text = summary_text(&s, names);
	ck_assert_str_eq(text, want);
	free(text);
	summary_free(&s);
	ck_assert_ptr_null(s.n);
}
END_TEST

/* The summary of test_summary_text, checked by eye: 5.25 is 5.3 and
 * 600.125 600.13 (half away from zero), 3 / 7 of the customers 42.9%. */
#define SUMMARY_TEXT \
	"                              recency  frequency  monetary  revenue" \
	"           avg order\n" \
	"segment     customers  share   median     median    median    share" \
	"  revenue      value\n" \
	"Odd                 3  42.9%     20.0        2.0    200.00    35.3%" \
	"   600.13     100.02\n" \
	"Even <one>          4  57.1%      4.0        5.5     45.00    64.7%" \
	"  1100.00      52.38\n" \
	"Empty               0   0.0%                                   0.0%" \
	"     0.00\n"

#define SUMMARY_HTML \
	"<table class=\"rfmkit-summary\">\n" \
	"<thead>\n" \
	"<tr><th class=\"num\">cluster</th><th>segment</th>" \
	"<th class=\"num\">customers</th><th class=\"num\">share</th>" \
	"<th class=\"num\">recency mean</th>" \
	"<th class=\"num\">recency median</th>" \
	"<th class=\"num\">frequency mean</th>" \
	"<th class=\"num\">frequency median</th>" \
	"<th class=\"num\">monetary mean</th>" \
	"<th class=\"num\">monetary median</th>" \
	"<th class=\"num\">revenue share</th>" \
	"<th class=\"num\">orders</th><th class=\"num\">revenue</th>" \
	"<th class=\"num\">avg order value</th></tr>\n" \
	"</thead>\n" \
	"<tbody>\n" \
	"<tr><td class=\"num\">0</td><td>Odd</td>" \
	"<td class=\"num\">3</td><td class=\"num\">42.9%</td>" \
	"<td class=\"num\">20.0</td><td class=\"num\">20.0</td>" \
	"<td class=\"num\">2.0</td><td class=\"num\">2.0</td>" \
	"<td class=\"num\">200.04</td><td class=\"num\">200.00</td>" \
	"<td class=\"num\">35.3%</td><td class=\"num\">6</td>" \
	"<td class=\"num\">600.13</td>" \
	"<td class=\"num\">100.02</td></tr>\n" \
	"<tr><td class=\"num\">1</td><td>Even &lt;one&gt;</td>" \
	"<td class=\"num\">4</td><td class=\"num\">57.1%</td>" \
	"<td class=\"num\">4.0</td><td class=\"num\">4.0</td>" \
	"<td class=\"num\">5.3</td><td class=\"num\">5.5</td>" \
	"<td class=\"num\">275.00</td><td class=\"num\">45.00</td>" \
	"<td class=\"num\">64.7%</td><td class=\"num\">21</td>" \
	"<td class=\"num\">1100.00</td>" \
	"<td class=\"num\">52.38</td></tr>\n" \
	"<tr><td class=\"num\">2</td><td>Empty</td>" \
	"<td class=\"num\">0</td><td class=\"num\">0.0%</td>" \
	"<td class=\"num\"></td><td class=\"num\"></td>" \
	"<td class=\"num\"></td><td class=\"num\"></td>" \
	"<td class=\"num\"></td><td class=\"num\"></td>" \
	"<td class=\"num\">0.0%</td><td class=\"num\">0</td>" \
	"<td class=\"num\">0.00</td><td class=\"num\"></td></tr>\n" \
	"</tbody>\n" \
	"</table>\n"

/* For people: the same figures rounded, the empty segment's medians
 * and average order value blank, in aligned columns without the
 * cluster ids, the means and the orders; and as HTML, with them. */
START_TEST(test_summary_text)
{
	static char *const names[] = { "Odd", "Even <one>", "Empty" };
	summary s;
	char *text;

	summary_init(&s, 3);
	summary_add(&s, 0, 30, 2, 200);
	summary_add(&s, 0, 10, 1, 100);
	summary_add(&s, 0, 20, 3, 300.125);
	summary_add(&s, 1, 5, 4, 1000);
	summary_add(&s, 1, 1, 2, 50);
	summary_add(&s, 1, 7, 8, 10);
	summary_add(&s, 1, 3, 7, 40);
	text = summary_as(&s, names, TEXTTABLE_TEXT);
	ck_assert_str_eq(text, SUMMARY_TEXT);
	free(text);
	text = summary_as(&s, names, TEXTTABLE_HTML);
	ck_assert_str_eq(text, SUMMARY_HTML);
	free(text);
	summary_free(&s);
}
END_TEST

/* Many rows (past the first allocation), compensated sums (1000 orders
 * of 0.1 add up to 100 exactly), and no monetary value at all. */
START_TEST(test_summary_many)
{
	static char *const names[] = { "a", "b" };
	summary s;
	char *text, want[1024];
	int i;

	summary_init(&s, 2);
	for (i = 999; i >= 0; i--)
		summary_add(&s, 0, i, 0.1, 0);
	summary_add(&s, 1, -1, -2, 0);
	text = summary_text(&s, names);
	snprintf(want, sizeof want, SUMMARY_HEAD
	    "0\ta\t1000\t%s\t499.5\t499.5\t0.1\t0.1\t0\t0\t0\t100\t0\t0\n"
	    "1\tb\t1\t%s\t-1\t-1\t-2\t-2\t0\t0\t0\t-2\t0\t0\n",
	    fmt(1000.0 / 1001), fmt(1.0 / 1001));
	ck_assert_str_eq(text, want);
	free(text);
	summary_free(&s);
}
END_TEST

/* ---- predict ---- */

static void
make_model(model *m, char *const *features, size_t d, const double *c,
    size_t k)
{
	size_t i;

	memset(m, 0, sizeof *m);
	m->d = d;
	m->k = k;
	m->features = calloc(d, sizeof *m->features);
	m->names = calloc(k, sizeof *m->names);
	m->sizes = calloc(k, sizeof *m->sizes);
	m->centres = malloc(k * d * sizeof *c);
	for (i = 0; i < d; i++)
		m->features[i] = xdup(features[i]);
	for (i = 0; i < k; i++) {
		char buf[32];

		snprintf(buf, sizeof buf, "cluster %zu", i);
		m->names[i] = xdup(buf);
	}
	memcpy(m->centres, c, k * d * sizeof *c);
	m->algorithm = xdup("lloyd");
	m->init = xdup("k-means++");
}

/* A scaler of recency (none, scale 2), frequency (log1p) and monetary
 * (none). */
static void
make_scaler(scaler *s)
{
	static const char *const in[] = { "recency", "frequency", "monetary" };
	static const int lg[] = { 0, 1, 0 };

	scaler_init(s, in, lg, 3);
	s->col[0].mean = 0;
	s->col[0].scale = 2;
	s->col[1].mean = 0;
	s->col[1].scale = 1;
	s->col[2].mean = 100;
	s->col[2].scale = 10;
}

/* The model's features: two of the scaler's outputs, in another order. */
static char *const mr[] = { "monetary_z", "recency_z" };
static const double mr_centres[] = { 0, 0, 10, 10, -5, 1 };

static int
reader_on(tsv_reader *r, const char *text)
{
	FILE *f = tmpfile();
	size_t len = strlen(text);
	rfm_error e;
	int fd;

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	fflush(f);
	fd = dup(fileno(f));
	fclose(f);
	lseek(fd, 0, SEEK_SET);
	ck_assert_msg(tsv_open(r, fd, "in.tsv", &e) == RFM_OK, "%s", e.msg);
	return fd;
}

START_TEST(test_predict_with_scaler)
{
	model m;
	scaler s;
	predictor p;
	tsv_reader r;
	rfm_error e;
	size_t cl = 99;
	double dist = -1, raw[3];
	int fd;

	make_model(&m, mr, 2, mr_centres, 3);
	make_scaler(&s);
	ck_assert_msg(predict_init(&p, &m, "m.tsv", &s, "s.tsv", &e) ==
	    RFM_OK, "%s", e.msg);
	ck_assert_uint_eq(p.nin, 3);
	ck_assert_str_eq(p.in_names[0], "recency");
	ck_assert_str_eq(p.in_names[2], "monetary");
	ck_assert(p.map[0] == 2 && p.map[1] == 0);
	fd = reader_on(&r, "id\tmonetary\tx\tfrequency\trecency\n"
	    "a\t200\t?\t0\t20\n"         /* (10, 10): cluster 1 */
	    "b\t100\t?\t5\t0\n"          /* (0, 0): cluster 0 */
	    "c\t50\t?\t1\t2\n"           /* (-5, 1): cluster 2 */
	    "d\t103\t?\t1\t8\n"          /* (0.3, 4): cluster 0, 4.0112... */
	    "e\t100\t?\t-1\t0\n");
	ck_assert_msg(predict_bind(&p, &r, &e) == RFM_OK, "%s", e.msg);
	ck_assert(p.idx[0] == 4 && p.idx[1] == 3 && p.idx[2] == 1);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(predict_row(&p, &r, &cl, &dist, &e), RFM_OK);
	ck_assert(cl == 1 && dist == 0);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(predict_row(&p, &r, &cl, &dist, &e), RFM_OK);
	ck_assert(cl == 0 && dist == 0);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(predict_row(&p, &r, &cl, &dist, &e), RFM_OK);
	ck_assert(cl == 2 && dist == 0);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(predict_row(&p, &r, &cl, &dist, &e), RFM_OK);
	ck_assert_uint_eq(cl, 0);
	ck_assert(dist == sqrt(0.3 * 0.3 + 4 * 4));
	/* a log1p of -1 in a row: the scaler's message, with the key */
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(predict_row(&p, &r, &cl, &dist, &e), RFM_EDATA);
	ck_assert_ptr_nonnull(strstr(e.msg, "in.tsv:6: frequency: log1p of "
	    "-1 is undefined (id \"e\")"));
	tsv_close(&r);
	close(fd);

	/* one customer: raw values in the scaler's order */
	raw[0] = 20;
	raw[1] = 3;
	raw[2] = 200;
	ck_assert_int_eq(predict_values(&p, raw, &cl, &dist, &e), RFM_OK);
	ck_assert(cl == 1 && dist == 0);
	raw[0] = 2;
	raw[2] = 50;
	ck_assert_int_eq(predict_values(&p, raw, &cl, &dist, &e), RFM_OK);
	ck_assert(cl == 2 && dist == 0);
	raw[1] = -1;
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(predict_values(&p, raw, &cl, &dist, &e), RFM_EUSAGE);
	ck_assert_str_eq(e.msg, "frequency -1: log1p is undefined for values "
	    "<= -1");
	raw[1] = -7.5;
	ck_assert_int_eq(predict_values(&p, raw, &cl, &dist, &e), RFM_EUSAGE);
	ck_assert_str_eq(e.msg, "frequency -7.5: log1p is undefined for "
	    "values <= -1");
	predict_free(&p);
	scaler_free(&s);
	model_free(&m);
}
END_TEST


/* A model that carries its scaler: applied with it, alone or beside the
 * same scaler; another scaler beside it is refused, naming both files. */
START_TEST(test_predict_carried_scaler)
{
	model m;
	scaler s, other;
	predictor p;
	tsv_reader r;
	rfm_error e;
	size_t cl = 99;
	double dist = -1, raw[3] = { 20, 3, 200 };
	int fd;

	make_model(&m, mr, 2, mr_centres, 3);
	m.scaler = calloc(1, sizeof *m.scaler);
	make_scaler(m.scaler);
	ck_assert_msg(predict_init(&p, &m, "m.tsv", NULL, NULL, &e) ==
	    RFM_OK, "%s", e.msg);
	ck_assert_ptr_eq(p.s, m.scaler);
	ck_assert_uint_eq(p.nin, 3);
	ck_assert_str_eq(p.in_names[1], "frequency");
	ck_assert_int_eq(predict_values(&p, raw, &cl, &dist, &e), RFM_OK);
	ck_assert(cl == 1 && dist == 0);
	/* the input lacks a raw column: the message says why */
	fd = reader_on(&r, "id\tmonetary_z\trecency_z\n");
	ck_assert_int_eq(predict_bind(&p, &r, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "in.tsv:1: no column \"recency\"; the header "
	    "has: \"id\", \"monetary_z\", \"recency_z\" (the model m.tsv "
	    "carries its scaler, which reads these columns, as rfm-extract "
	    "writes them)");
	tsv_close(&r);
	close(fd);
	predict_free(&p);

	/* the same scaler beside it */
	make_scaler(&s);
	ck_assert_msg(predict_init(&p, &m, "m.tsv", &s, "s.tsv", &e) ==
	    RFM_OK, "%s", e.msg);
	ck_assert_ptr_eq(p.s, m.scaler);
	predict_free(&p);

	/* another one */
	make_scaler(&other);
	other.col[2].scale = 10.000000000000002;
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(predict_init(&p, &m, "m.tsv", &other, "s2.tsv", &e),
	    RFM_EDATA);
	ck_assert_str_eq(e.msg, "scaler file s2.tsv: not the scaler the model "
	    "file m.tsv carries (monetary's scale: 10.000000000000002 in "
	    "s2.tsv, 10 in m.tsv); give --model alone: the model applies its "
	    "own");
	predict_free(&p);
	scaler_free(&other);
	scaler_free(&s);
	model_free(&m);
}
END_TEST

START_TEST(test_predict_without_scaler)
{
	model m;
	predictor p;
	tsv_reader r;
	rfm_error e;
	size_t cl = 99;
	double dist = -1, raw[2];
	int fd;

	make_model(&m, mr, 2, mr_centres, 3);
	ck_assert_int_eq(predict_init(&p, &m, "m.tsv", NULL, NULL, &e), RFM_OK);
	ck_assert_uint_eq(p.nin, 2);
	ck_assert_str_eq(p.in_names[0], "monetary_z");
	fd = reader_on(&r, "id\trecency_z\tmonetary_z\nk\t1\t-5\nj\t-1\t-2\n");
	ck_assert_int_eq(predict_bind(&p, &r, &e), RFM_OK);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(predict_row(&p, &r, &cl, &dist, &e), RFM_OK);
	ck_assert(cl == 2 && dist == 0);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(predict_row(&p, &r, &cl, &dist, &e), RFM_OK);
	ck_assert_uint_eq(cl, 0);
	ck_assert(dist == sqrt(5.0));
	tsv_close(&r);
	close(fd);
	/* values: no log1p, so -1 is a value like any other */
	raw[0] = -1;
	raw[1] = -1;
	ck_assert_int_eq(predict_values(&p, raw, &cl, &dist, &e), RFM_OK);
	ck_assert_uint_eq(cl, 0);
	ck_assert(dist == sqrt(2.0));
	predict_free(&p);
	model_free(&m);
}
END_TEST

START_TEST(test_predict_mismatch)
{
	static char *const wrong[] = { "recency_z", "recency_log_z" };
	model m;
	scaler s;
	predictor p;
	rfm_error e;

	make_model(&m, wrong, 2, mr_centres, 3);
	make_scaler(&s);
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(predict_init(&p, &m, "model.tsv", &s, "scaler.tsv",
	    &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "the model model.tsv and the scaler scaler.tsv "
	    "do not match: the model's feature \"recency_log_z\" is not one "
	    "of the scaler's outputs (recency_z, frequency_log_z, "
	    "monetary_z)");
	predict_free(&p);
	scaler_free(&s);
	model_free(&m);
}
END_TEST

START_TEST(test_predict_bind_errors)
{
	model m;
	scaler s;
	predictor p;
	tsv_reader r;
	rfm_error e;
	int fd;

	make_model(&m, mr, 2, mr_centres, 3);
	make_scaler(&s);
	ck_assert_int_eq(predict_init(&p, &m, "m.tsv", &s, "s.tsv", &e),
	    RFM_OK);
	/* with a scaler the input holds the raw columns */
	fd = reader_on(&r, "id\trecency_z\tmonetary_z\n");
	ck_assert_int_eq(predict_bind(&p, &r, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "in.tsv:1: no column \"recency\"; the header "
	    "has: \"id\", \"recency_z\", \"monetary_z\"");
	tsv_close(&r);
	close(fd);
	predict_free(&p);

	/* without one, the model's features, and the message says why */
	ck_assert_int_eq(predict_init(&p, &m, "m.tsv", NULL, NULL, &e),
	    RFM_OK);
	fd = reader_on(&r, "id\trecency\tfrequency\tmonetary\n");
	ck_assert_int_eq(predict_bind(&p, &r, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "in.tsv:1: no column \"monetary_z\"; the "
	    "header has: \"id\", \"recency\", \"frequency\", \"monetary\" (the "
	    "model m.tsv has these features; with --scaler the input holds "
	    "the scaler's columns)");
	tsv_close(&r);
	close(fd);
	predict_free(&p);
	scaler_free(&s);
	model_free(&m);
}
END_TEST

/* Values so large that every distance overflows: an error, not
 * cluster 0 at an infinite distance. */
START_TEST(test_predict_overflow)
{
	model m;
	predictor p;
	tsv_reader r;
	rfm_error e;
	size_t cl;
	double dist, raw[2] = { 1e200, 0 };
	int fd;

	make_model(&m, mr, 2, mr_centres, 3);
	ck_assert_int_eq(predict_init(&p, &m, "m.tsv", NULL, NULL, &e), RFM_OK);
	ck_assert_int_eq(predict_values(&p, raw, &cl, &dist, &e), RFM_EUSAGE);
	ck_assert_str_eq(e.msg, "values too large: the distance to every "
	    "centre overflows");
	fd = reader_on(&r, "id\trecency_z\tmonetary_z\n"
	    "k1\t1\t1\n"
	    "k2\t1\t-1e300\n");
	ck_assert_int_eq(predict_bind(&p, &r, &e), RFM_OK);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(predict_row(&p, &r, &cl, &dist, &e), RFM_OK);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(predict_row(&p, &r, &cl, &dist, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "in.tsv:3: values too large: the distance to "
	    "every centre overflows (id \"k2\")");
	tsv_close(&r);
	close(fd);
	predict_free(&p);
	model_free(&m);
}
END_TEST

Suite *
suite_segment(void)
{
	Suite *s = suite_create("segment");
	TCase *tc;

	tc = tcase_create("names");
	tcase_add_loop_test(tc, test_rfm_detection, 0,
	    (int)(sizeof rfm_names / sizeof rfm_names[0]));
	tcase_add_test(tc, test_names_every_order);
	tcase_add_test(tc, test_names_score_ties);
	tcase_add_test(tc, test_names_recency_tie);
	tcase_add_loop_test(tc, test_names_every_k, 2, 9);
	tcase_add_test(tc, test_mixed_and_scales);
	tcase_add_test(tc, test_names_generic);
	tcase_add_test(tc, test_suffixes_and_rows);
	suite_add_tcase(s, tc);

	tc = tcase_create("summary");
	tcase_add_test(tc, test_summary);
	tcase_add_test(tc, test_summary_text);
	tcase_add_test(tc, test_summary_many);
	suite_add_tcase(s, tc);

	tc = tcase_create("predict");
	tcase_add_test(tc, test_predict_with_scaler);
	tcase_add_test(tc, test_predict_without_scaler);
	tcase_add_test(tc, test_predict_carried_scaler);
	tcase_add_test(tc, test_predict_mismatch);
	tcase_add_test(tc, test_predict_bind_errors);
	tcase_add_test(tc, test_predict_overflow);
	suite_add_tcase(s, tc);
	return s;
}
