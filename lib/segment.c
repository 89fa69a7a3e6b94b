/*
 * segment.c - the naming rule of segment.h.
 */
#include "segment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "tsv.h"

static int
is_feature(const char *name, const char *base)
{
	size_t n = strlen(base);

	return strncmp(name, base, n) == 0 &&
	    (name[n] == '\0' || name[n] == '_');
}

int
segment_rfm(char *const *features, size_t d, size_t idx[3])
{
	static const char *const base[3] = { "recency", "frequency",
	    "monetary" };
	size_t i, j, found;

	if (d != 3)
		return 0;
	for (j = 0; j < 3; j++) {
		found = 0;
		for (i = 0; i < d; i++)
			if (is_feature(features[i], base[j])) {
				idx[j] = i;
				found++;
			}
		if (found != 1)
			return 0;
	}
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

char **
segment_names(char *const *features, size_t d, const double *centres,
    size_t k)
{
	static const char *const business[3] = { "Occasional Buyers",
	    "Potential Loyalists", "Loyal High-Spenders" };
	char **names = rfm_xcalloc(k, sizeof *names), buf[32];
	size_t idx[3], rest[3], n = 0, i, j, dormant = 0, t;
	int score[3];

	if (k == 4 && segment_rfm(features, d, idx)) {
		for (i = 1; i < k; i++)
			if (centres[i * d + idx[0]] > centres[dormant * d + idx[0]])
				dormant = i;
		for (i = 0; i < k; i++)
			if (i != dormant)
				rest[n++] = i;
		for (i = 0; i < 3; i++)
			score[i] = rank_of(centres, d, rest, 3, rest[i], idx[1]) +
			    rank_of(centres, d, rest, 3, rest[i], idx[2]);
		/* Order rest by score, then monetary, ascending. */
		for (i = 1; i < 3; i++)
			for (j = i; j > 0 && (score[j] < score[j - 1] ||
			    (score[j] == score[j - 1] &&
			    centres[rest[j] * d + idx[2]] <
			    centres[rest[j - 1] * d + idx[2]])); j--) {
				t = rest[j];
				rest[j] = rest[j - 1];
				rest[j - 1] = t;
				t = (size_t)score[j];
				score[j] = score[j - 1];
				score[j - 1] = (int)t;
			}
		names[dormant] = rfm_xstrdup("Dormant Customers");
		for (i = 0; i < 3; i++)
			names[rest[i]] = rfm_xstrdup(business[i]);
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
	putc('\n', out);
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
