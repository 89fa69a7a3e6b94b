/*
 * summary.c - per-segment means, medians and shares.
 */
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csum.h"
#include "err.h"
#include "texttable.h"

void
summary_init(summary *s, size_t k)
{
	int m;

	memset(s, 0, sizeof *s);
	s->k = k;
	for (m = 0; m < 3; m++)
		s->v[m] = rfm_xcalloc(k, sizeof *s->v[m]);
	s->n = rfm_xcalloc(k, sizeof *s->n);
	s->cap = rfm_xcalloc(k, sizeof *s->cap);
}

void
summary_add(summary *s, size_t c, double r, double f, double m)
{
	int i;

	if (s->n[c] == s->cap[c]) {
		s->cap[c] = s->cap[c] ? s->cap[c] * 2 : 256;
		for (i = 0; i < 3; i++)
			s->v[i][c] = rfm_xrealloc(s->v[i][c],
			    s->cap[c] * sizeof **s->v[i]);
	}
	s->v[0][c][s->n[c]] = r;
	s->v[1][c][s->n[c]] = f;
	s->v[2][c][s->n[c]] = m;
	s->n[c]++;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Kahan-compensated, as pandas' groupby mean and sum. */
static double
ksum(const double *v, size_t n)
{
	double s = 0, c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		csum_kahan(&s, &c, v[i]);
	return s;
}

static double
median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The columns: the TSV's names, the titles of text and HTML. */
static const texttable_col table_cols[] = {
	{ "cluster", "cluster", TT_COUNT, 1 },
	{ "segment", "segment", TT_TEXT, 0 },
	{ "customers", "customers", TT_COUNT, 0 },
	{ "customer_share", "share", TT_SHARE, 0 },
	{ "recency_mean", "recency mean", TT_ONE, 1 },
	{ "recency_median", "recency median", TT_ONE, 0 },
	{ "frequency_mean", "frequency mean", TT_ONE, 1 },
	{ "frequency_median", "frequency median", TT_ONE, 0 },
	{ "monetary_mean", "monetary mean", TT_MONEY, 1 },
	{ "monetary_median", "monetary median", TT_MONEY, 0 },
	{ "monetary_share", "revenue share", TT_SHARE, 0 },
	{ "orders", "orders", TT_COUNT, 1 },
	{ "revenue", "revenue", TT_MONEY, 0 },
	{ "average_order_value", "avg order value", TT_MONEY, 0 }
};

/* Per cluster: the mean and median of each measure, the monetary sum
 * and the frequency sum. */
#define FIGURES 8

/* Every figure, into fig (k x FIGURES) and *money (the total): 0, or
 * -1 when one overflows. */
static int
figures(summary *s, double *fig, double *money)
{
	double *f;
	size_t c;
	int m, bad = 0;

	*money = 0;
	for (c = 0; c < s->k; c++) {
		f = fig + c * FIGURES;
		for (m = 0; m < 3; m++) {
			/* Sum in input order, before the median sorts. */
			f[2 * m] = ksum(s->v[m][c], s->n[c]);
			if (m == 1)
				f[7] = f[2 * m];
			if (m == 2)
				f[6] = f[2 * m];
			if (s->n[c] > 0) {
				f[2 * m] /= (double)s->n[c];
				f[2 * m + 1] = median(s->v[m][c], s->n[c]);
			}
			bad |= !isfinite(f[2 * m]) || !isfinite(f[2 * m + 1]);
		}
		bad |= !isfinite(f[6]) || !isfinite(f[7]);
		*money += f[6];
	}
	return bad || !isfinite(*money) ? -1 : 0;
}

/* The row of cluster c, whose figures are f. */
static void
put_row(texttable *t, const summary *s, size_t c, const char *name,
    const double *f, double money, size_t total)
{
	int m;

	texttable_count(t, c);
	texttable_text(t, name, strlen(name));
	texttable_count(t, s->n[c]);
	texttable_num(t, total ? (double)s->n[c] / (double)total : 0);
	for (m = 0; m < 6; m++) {
		/* An empty segment has no mean or median: empty fields,
		 * not a zero that could be read as one. */
		if (s->n[c] == 0)
			texttable_empty(t);
		else
			texttable_num(t, f[m]);
	}
	texttable_num(t, money != 0 ? f[6] / money : 0);
	/* The R package rfm's rfm_segment_summary: orders, revenue and
	 * their ratio, the average order value (empty without orders). */
	texttable_num(t, f[7]);
	texttable_num(t, f[6]);
	if (f[7] != 0)
		texttable_num(t, f[6] / f[7]);
	else
		texttable_empty(t);
}

int
summary_write(summary *s, char *const *names, int format, FILE *out)
{
	double *fig = rfm_xcalloc(s->k * FIGURES, sizeof *fig), money;
	size_t c, total = 0;
	texttable t;

	/* Every figure first: one that overflows stops the table before a
	 * line of it is written. */
	if (figures(s, fig, &money) != 0) {
		free(fig);
		return -1;
	}
	for (c = 0; c < s->k; c++)
		total += s->n[c];
	texttable_init(&t, format, table_cols, sizeof table_cols / sizeof
	    table_cols[0], "rfmkit-summary");
	for (c = 0; c < s->k; c++)
		put_row(&t, s, c, names[c], fig + c * FIGURES, money, total);
	texttable_write(&t, out);
	texttable_free(&t);
	free(fig);
	return 0;
}

void
summary_free(summary *s)
{
	size_t c;
	int m;

	for (m = 0; m < 3; m++) {
		for (c = 0; c < s->k; c++)
			free(s->v[m][c]);
		free(s->v[m]);
	}
	free(s->n);
	free(s->cap);
	memset(s, 0, sizeof *s);
}
