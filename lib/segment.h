/*
 * segment.h - names for clusters.
 *
 * When the features are recency, frequency and monetary (by name: exactly
 * "recency", or "recency_" followed by anything, such as recency_z; the
 * same for the other two) and k = 4, the clusters get the four names the
 * business uses, by this rule on their centres:
 *   - Dormant Customers: the highest recency;
 *   - of the other three, ranked by frequency and by monetary (1 for the
 *     lowest, 3 for the highest), the largest sum of the two ranks is
 *     Loyal High-Spenders, the smallest Occasional Buyers, the middle one
 *     Potential Loyalists (a tie goes to the higher monetary).
 * Ranks make the rule the same for raw and scaled features.  Otherwise a
 * cluster is "cluster N".
 */
#ifndef RFMKIT_SEGMENT_H
#define RFMKIT_SEGMENT_H

#include <stddef.h>
#include <stdio.h>

/* Indexes of recency, frequency and monetary among features, or 0 when
 * the features are not exactly those three. */
int segment_rfm(char *const *features, size_t d, size_t idx[3]);

/* Allocated names for k clusters with centres (k x d), by the rule. */
char **segment_names(char *const *features, size_t d, const double *centres,
    size_t k);

/* Write a row's text with its cluster and segment appended (and the
 * distance to the centre when dist is not NULL), then a newline. */
void segment_put_row(FILE *out, const char *text, size_t len, size_t cluster,
    const char *name, const double *dist);

/* "\t<id>\t<name>\n" for every cluster id, to append to rows. */
char **segment_suffixes(char *const *names, size_t k);

#endif
