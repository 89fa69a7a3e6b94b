/*
 * summary.h - the characteristics of each segment: customers, their share,
 * mean and median recency, frequency and monetary, the segment's share
 * of all monetary value, and its orders (the sum of frequency), revenue
 * (the sum of monetary) and average order value (revenue / orders).
 * Medians are those of pandas: the middle value, or the mean of the two
 * middle values.  An empty segment has empty fields for its means and
 * medians.  It keeps three numbers per row.  The table is written as
 * TSV, or for people as text or HTML (texttable.h).
 */
#ifndef RFMKIT_SUMMARY_H
#define RFMKIT_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

typedef struct summary {
	size_t k;
	double **v[3];     /* per measure, per cluster: values */
	size_t *n, *cap;   /* per cluster */
} summary;

void summary_init(summary *s, size_t k);
void summary_add(summary *s, size_t cluster, double r, double f, double m);
/* Write the table: one row per cluster id, with its name, in format
 * (TEXTTABLE_TSV, _TEXT or _HTML).  Returns 0, or -1 (nothing written)
 * when a mean or sum overflows. */
int summary_write(summary *s, char *const *names, int format, FILE *out);
void summary_free(summary *s);

#endif
