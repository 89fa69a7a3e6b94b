/*
 * summary.c - per-segment means, medians and shares.
 */
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csum.h"
#include "err.h"
#include "tsv.h"

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

int
summary_write(summary *s, char *const *names, FILE *out)
{
	static const char *const measure[3] = { "recency", "frequency",
	    "monetary" };
	/* per cluster: mean and median of each measure, monetary sum,
	 * frequency sum */
	double *fig = rfm_xcalloc(s->k * 8, sizeof *fig), money = 0, *f;
	size_t c, total = 0;
	int m, bad = 0;

	/* Every figure first: one that overflows stops the table before a
	 * line of it is written. */
	for (c = 0; c < s->k; c++) {
		f = fig + c * 8;
		total += s->n[c];
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
		money += f[6];
	}
	if (bad || !isfinite(money)) {
		free(fig);
		return -1;
	}
	fputs("cluster\tsegment\tcustomers\tcustomer_share", out);
	for (m = 0; m < 3; m++)
		fprintf(out, "\t%s_mean\t%s_median", measure[m], measure[m]);
	fputs("\tmonetary_share\torders\trevenue\taverage_order_value\n", out);
	for (c = 0; c < s->k; c++) {
		f = fig + c * 8;
		fprintf(out, "%zu\t%s\t%zu\t", c, names[c], s->n[c]);
		tsv_put_num(out, total ? (double)s->n[c] / (double)total : 0);
		for (m = 0; m < 3; m++) {
			/* An empty segment has no mean or median: empty
			 * fields, not a zero that could be read as one. */
			if (s->n[c] == 0) {
				fputs("\t\t", out);
				continue;
			}
			putc('\t', out);
			tsv_put_num(out, f[2 * m]);
			putc('\t', out);
			tsv_put_num(out, f[2 * m + 1]);
		}
		putc('\t', out);
		tsv_put_num(out, money != 0 ? f[6] / money : 0);
		/* The R package rfm's rfm_segment_summary: orders, revenue
		 * and their ratio, the average order value (empty without
		 * orders). */
		putc('\t', out);
		tsv_put_num(out, f[7]);
		putc('\t', out);
		tsv_put_num(out, f[6]);
		putc('\t', out);
		if (f[7] != 0)
			tsv_put_num(out, f[6] / f[7]);
		putc('\n', out);
	}
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
