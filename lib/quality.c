/*
 * quality.c - silhouette, Calinski-Harabasz and Davies-Bouldin scores.
 */
#include "quality.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "kmeans.h"
#include "pfor.h"
#include "rng.h"

#define SIL_CHUNK 256

typedef struct sil {
	const double *x;
	size_t d, k, m;         /* m points scored */
	const size_t *pts;      /* their indexes */
	const uint16_t *lab;
	const size_t *count;    /* points per cluster among the m */
	double *part;           /* per task: sum of s */
} sil;

static void
task_sil(void *ctx, size_t t)
{
	sil *s = ctx;
	size_t lo = t * SIL_CHUNK, hi = lo + SIL_CHUNK < s->m ? lo + SIL_CHUNK :
	    s->m, i, j, c, own;
	double *sum = rfm_xmalloc(s->k * sizeof *sum), a, b, v, acc = 0;

	for (i = lo; i < hi; i++) {
		own = s->lab[s->pts[i]];
		memset(sum, 0, s->k * sizeof *sum);
		for (j = 0; j < s->m; j++)
			sum[s->lab[s->pts[j]]] += sqrt(km_sqdist(s->x +
			    s->pts[i] * s->d, s->x + s->pts[j] * s->d, s->d));
		if (s->count[own] <= 1)
			continue;    /* alone in its cluster: 0 */
		a = sum[own] / (double)(s->count[own] - 1);
		b = INFINITY;
		for (c = 0; c < s->k; c++)
			if (c != own && s->count[c] > 0 &&
			    (v = sum[c] / (double)s->count[c]) < b)
				b = v;
		/* Both 0 (duplicate points): 0, as scikit-learn. */
		if (a > 0 || b > 0)
			acc += (b - a) / (a > b ? a : b);
	}
	s->part[t] = acc;
	free(sum);
}

double
q_silhouette(const double *x, size_t n, size_t d, const uint16_t *lab,
    size_t k, size_t sample, uint64_t seed, int nthreads)
{
	size_t m = sample == 0 || sample >= n ? n : sample, i, j, tmp, ntask;
	size_t *pts = rfm_xmalloc(n * sizeof *pts);
	size_t *count = rfm_xcalloc(k, sizeof *count);
	sil s;
	pfor *p;
	rng g;
	double total = 0;

	for (i = 0; i < n; i++)
		pts[i] = i;
	if (m < n) {
		/* The first m of a seeded Fisher-Yates shuffle. */
		rng_seed(&g, seed, 0x5117);
		for (i = 0; i < m; i++) {
			j = i + (size_t)rng_below(&g, n - i);
			tmp = pts[i];
			pts[i] = pts[j];
			pts[j] = tmp;
		}
	}
	for (i = 0; i < m; i++)
		count[lab[pts[i]]]++;
	ntask = (m + SIL_CHUNK - 1) / SIL_CHUNK;
	s.x = x;
	s.d = d;
	s.k = k;
	s.m = m;
	s.pts = pts;
	s.lab = lab;
	s.count = count;
	s.part = rfm_xcalloc(ntask ? ntask : 1, sizeof *s.part);
	p = pfor_new(nthreads);
	pfor_run(p, ntask, task_sil, &s);
	pfor_free(p);
	for (i = 0; i < ntask; i++)
		total += s.part[i];
	free(s.part);
	free(pts);
	free(count);
	return m ? total / (double)m : 0;
}

/* Centroids (k x d) and sizes of the clusters of lab. */
static double *
centroids(const double *x, size_t n, size_t d, const uint16_t *lab,
    size_t k, size_t *count)
{
	double *c = rfm_xcalloc(k * d, sizeof *c);
	size_t i, j;

	memset(count, 0, k * sizeof *count);
	for (i = 0; i < n; i++) {
		for (j = 0; j < d; j++)
			c[lab[i] * d + j] += x[i * d + j];
		count[lab[i]]++;
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < d && count[i]; j++)
			c[i * d + j] /= (double)count[i];
	return c;
}

double
q_calinski_harabasz(const double *x, size_t n, size_t d, const uint16_t *lab,
    size_t k)
{
	size_t *count = rfm_xmalloc(k * sizeof *count), i, j, used = 0;
	double *c = centroids(x, n, d, lab, k, count), *mean, extra = 0,
	    intra = 0, t;

	mean = rfm_xcalloc(d, sizeof *mean);
	for (i = 0; i < n; i++)
		for (j = 0; j < d; j++)
			mean[j] += x[i * d + j];
	for (j = 0; j < d; j++)
		mean[j] /= (double)n;
	for (i = 0; i < k; i++) {
		if (count[i] == 0)
			continue;
		used++;
		for (j = 0, t = 0; j < d; j++)
			t += (c[i * d + j] - mean[j]) * (c[i * d + j] - mean[j]);
		extra += (double)count[i] * t;
	}
	for (i = 0; i < n; i++)
		intra += km_sqdist(x + i * d, c + lab[i] * d, d);
	free(count);
	free(c);
	free(mean);
	if (intra == 0)
		return 1;
	return extra * (double)(n - used) / (intra * (double)(used - 1));
}

double
q_davies_bouldin(const double *x, size_t n, size_t d, const uint16_t *lab,
    size_t k)
{
	size_t *count = rfm_xmalloc(k * sizeof *count), i, j;
	double *c = centroids(x, n, d, lab, k, count);
	double *s = rfm_xcalloc(k, sizeof *s), best, v, dij, total = 0;
	int all_s_zero = 1, all_d_zero = 1;
	size_t used = 0;

	for (i = 0; i < n; i++)
		s[lab[i]] += sqrt(km_sqdist(x + i * d, c + lab[i] * d, d));
	for (i = 0; i < k; i++) {
		if (count[i])
			s[i] /= (double)count[i];
		if (fabs(s[i]) > 1e-8)   /* numpy.allclose(s, 0) */
			all_s_zero = 0;
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			if (count[i] && count[j] &&
			    sqrt(km_sqdist(c + i * d, c + j * d, d)) > 1e-8)
				all_d_zero = 0;
	if (all_s_zero || all_d_zero) {
		free(count);
		free(c);
		free(s);
		return 0;
	}
	for (i = 0; i < k; i++) {
		if (count[i] == 0)
			continue;
		used++;
		best = -INFINITY;
		for (j = 0; j < k; j++) {
			if (j == i || count[j] == 0)
				continue;
			dij = sqrt(km_sqdist(c + i * d, c + j * d, d));
			v = dij == 0 ? 0 : (s[i] + s[j]) / dij;
			if (v > best)
				best = v;
		}
		total += best;
	}
	free(count);
	free(c);
	free(s);
	return total / (double)used;
}
