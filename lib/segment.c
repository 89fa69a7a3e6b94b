/*
 * segment.c - the naming rule of segment.h.
 */
#include "segment.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "tsv.h"

static const char *const rfm_base[3] = { "recency", "frequency",
	"monetary" };

/* Whether name is base as rfm-scale writes it scaled: base_z or
 * base_log_z. */
static int
is_scaled(const char *name, const char *base)
{
	size_t n = strlen(base);

	return strncmp(name, base, n) == 0 && (strcmp(name + n, "_z") == 0 ||
	    strcmp(name + n, "_log_z") == 0);
}

int
segment_rfm(char *const *features, size_t d, size_t idx[3])
{
	size_t i, j, found;

	if (d != 3)
		return 0;
	for (j = 0; j < 3; j++) {
		found = 0;
		for (i = 0; i < d; i++)
			if (is_scaled(features[i], rfm_base[j])) {
				idx[j] = i;
				found++;
			}
		if (found != 1)
			return 0;
	}
	return 1;
}

int
segment_mixed(char *const *features, size_t d, char *msg, size_t size)
{
	size_t i, j, raw, scaled;

	for (j = 0; j < 3; j++) {
		raw = scaled = d;
		for (i = 0; i < d; i++) {
			if (strcmp(features[i], rfm_base[j]) == 0)
				raw = i;
			else if (is_scaled(features[i], rfm_base[j]))
				scaled = i;
		}
		if (raw < d && scaled < d) {
			snprintf(msg, size, "columns %s and %s are %s raw and "
			    "scaled: cluster on one of them (--columns "
			    "recency_z,frequency_log_z,monetary_log_z, as "
			    "rfm-scale writes them without --keep)", features[raw],
			    features[scaled], rfm_base[j]);
			return 1;
		}
	}
	return 0;
}

int
segment_scales(const double *x, size_t n, size_t d, char *const *features,
    char *msg, size_t size)
{
	double sd[64], mean, ss, v;
	size_t i, j, lo = d, hi = 0;

	if (n < 2 || d < 2 || d > 64)
		return 0;
	for (j = 0; j < d; j++) {
		mean = ss = 0;
		for (i = 0; i < n; i++)
			mean += x[i * d + j];
		mean /= (double)n;
		for (i = 0; i < n; i++) {
			v = x[i * d + j] - mean;
			ss += v * v;
		}
		sd[j] = sqrt(ss / (double)n);
		/* a constant column adds nothing to any distance */
		if (sd[j] > 0 && (lo == d || sd[j] < sd[lo]))
			lo = j;
		if (sd[j] > sd[hi])
			hi = j;
	}
	if (lo == d || !(sd[hi] > SEGMENT_SCALE_RATIO * sd[lo]))
		return 0;
	snprintf(msg, size, "warning: the spread of %s (standard deviation "
	    "%.3g) is over %d times that of %s (%.3g): distances are mostly "
	    "%s; rfm-scale puts the columns on one scale", features[hi],
	    sd[hi], SEGMENT_SCALE_RATIO, features[lo], sd[lo], features[hi]);
	return 1;
}

/* Rank (1 = lowest) of cluster c's feature f among the clusters in set. */
static int
rank_of(const double *centres, size_t d, const size_t *set, size_t n,
    size_t c, size_t f)
{
	size_t i;
	int r = 1;

	for (i = 0; i < n; i++)
		if (centres[set[i] * d + f] < centres[c * d + f])
			r++;
	return r;
}

/*
 * The names of the clusters that are not dormant or at risk, from the
 * lowest value to the highest, for 1 to 6 of them.
 */
static const char *const ladder[6][6] = {
	{ "Active Customers" },
	{ "Occasional Buyers", "Loyal High-Spenders" },
	{ "Occasional Buyers", "Potential Loyalists", "Loyal High-Spenders" },
	{ "Occasional Buyers", "Potential Loyalists", "Loyal High-Spenders",
	    "Champions" },
	{ "Occasional Buyers", "Promising", "Potential Loyalists",
	    "Loyal High-Spenders", "Champions" },
	{ "Occasional Buyers", "Promising", "Potential Loyalists",
	    "Loyal Customers", "Loyal High-Spenders", "Champions" },
};

/* The cluster of set[0..n) with the highest centre in feature f (the
 * first of a tie). */
static size_t
highest(const double *centres, size_t d, const size_t *set, size_t n,
    size_t f)
{
	size_t i, best = 0;

	for (i = 1; i < n; i++)
		if (centres[set[i] * d + f] > centres[set[best] * d + f])
			best = i;
	return best;
}

/* The rule of segment.h for 2 <= k <= SEGMENT_MAX_NAMED. */
static void
rfm_names(const double *centres, size_t d, size_t k, const size_t idx[3],
    char **names)
{
	size_t rest[SEGMENT_MAX_NAMED], n = k, i, j, t;
	int score[SEGMENT_MAX_NAMED], ts;

	for (i = 0; i < k; i++)
		rest[i] = i;
	/* Dormant, then (from k = 5) At Risk: the highest recency. */
	for (j = 0; j < (k >= 5 ? 2u : 1u); j++) {
		i = highest(centres, d, rest, n, idx[0]);
		names[rest[i]] = rfm_xstrdup(j == 0 ? "Dormant Customers" :
		    "At Risk");
		memmove(rest + i, rest + i + 1, (n - i - 1) * sizeof *rest);
		n--;
	}
	for (i = 0; i < n; i++)
		score[i] = rank_of(centres, d, rest, n, rest[i], idx[1]) +
		    rank_of(centres, d, rest, n, rest[i], idx[2]);
	/* Order rest by score, then monetary, ascending. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && (score[j] < score[j - 1] ||
		    (score[j] == score[j - 1] &&
		    centres[rest[j] * d + idx[2]] <
		    centres[rest[j - 1] * d + idx[2]])); j--) {
			t = rest[j];
			rest[j] = rest[j - 1];
			rest[j - 1] = t;
			ts = score[j];
			score[j] = score[j - 1];
			score[j - 1] = ts;
		}
	for (i = 0; i < n; i++)
		names[rest[i]] = rfm_xstrdup(ladder[n - 1][i]);
}

char **
segment_names(char *const *features, size_t d, const double *centres,
    size_t k)
{
	char **names = rfm_xcalloc(k, sizeof *names), buf[32];
	size_t idx[3], i;

	if (k >= 2 && k <= SEGMENT_MAX_NAMED &&
	    segment_rfm(features, d, idx)) {
		rfm_names(centres, d, k, idx, names);
		return names;
	}
	for (i = 0; i < k; i++) {
		snprintf(buf, sizeof buf, "cluster %zu", i);
		names[i] = rfm_xstrdup(buf);
	}
	return names;
}

void
segment_put_row(FILE *out, const char *text, size_t len, size_t cluster,
    const char *name, const double *dist)
{
	segment_put_fields(out, text, len, cluster, name, dist);
	putc('\n', out);
}

void
segment_put_fields(FILE *out, const char *text, size_t len, size_t cluster,
    const char *name, const double *dist)
{
	char id[24], *d = id + sizeof id;

	/* The id by hand: fprintf was a sixth of the time of labelling a
	 * million rows (perf record). */
	do
		*--d = (char)('0' + cluster % 10);
	while ((cluster /= 10) != 0);
	*--d = '\t';
	fwrite(text, 1, len, out);
	fwrite(d, 1, (size_t)(id + sizeof id - d), out);
	putc('\t', out);
	fputs(name, out);
	if (dist != NULL) {
		putc('\t', out);
		tsv_put_num(out, *dist);
	}
}

char **
segment_suffixes(char *const *names, size_t k)
{
	char **suffix = rfm_xmalloc(k * sizeof *suffix);
	size_t i, n;

	for (i = 0; i < k; i++) {
		n = strlen(names[i]) + 32;
		suffix[i] = rfm_xmalloc(n);
		snprintf(suffix[i], n, "\t%zu\t%s\n", i, names[i]);
	}
	return suffix;
}
