/*
 * segment.h - names for clusters.
 *
 * When the features are recency, frequency and monetary scaled as
 * rfm-scale writes them (recency_z or recency_log_z, and the same for the
 * other two) and 2 <= k <= 8, the clusters get the names the business
 * uses, by this rule on their centres:
 *   - Dormant Customers: the highest recency;
 *   - from k = 5, At Risk: the highest recency of the others;
 *   - the rest, ranked by frequency and by monetary among themselves (1
 *     for the lowest), in order of the sum of the two ranks (a tie goes to
 *     the higher monetary), get from the lowest to the highest:
 *       1: Active Customers
 *       2: Occasional Buyers, Loyal High-Spenders
 *       3: Occasional Buyers, Potential Loyalists, Loyal High-Spenders
 *       4: ... as 3, then Champions
 *       5: Occasional Buyers, Promising, Potential Loyalists,
 *          Loyal High-Spenders, Champions
 *       6: as 5 with Loyal Customers before Loyal High-Spenders.
 * Otherwise (raw columns, other features, other k) a cluster is
 * "cluster N": ranks would name clusters of raw columns too, but those
 * clusters follow the widest column, not the customers' behaviour.
 */
#ifndef RFMKIT_SEGMENT_H
#define RFMKIT_SEGMENT_H

#include <stddef.h>
#include <stdio.h>

/* The largest k that gets business names. */
#define SEGMENT_MAX_NAMED 8

/* A spread over this many times another's is warned about. */
#define SEGMENT_SCALE_RATIO 10

/* Indexes of recency, frequency and monetary among features, or 0 when
 * the features are not exactly those three, scaled. */
int segment_rfm(char *const *features, size_t d, size_t idx[3]);

/* 1 with a message into msg when the features hold one of recency,
 * frequency, monetary both raw and scaled; else 0. */
int segment_mixed(char *const *features, size_t d, char *msg, size_t size);

/* 1 with a warning into msg when the population standard deviation of
 * one feature of x (n x d, row-major) is over SEGMENT_SCALE_RATIO times
 * another's; else 0. */
int segment_scales(const double *x, size_t n, size_t d,
    char *const *features, char *msg, size_t size);

/* Allocated names for k clusters with centres (k x d), by the rule. */
char **segment_names(char *const *features, size_t d, const double *centres,
    size_t k);

/* Write a row's text with its cluster and segment appended (and the
 * distance to the centre when dist is not NULL), then a newline. */
void segment_put_row(FILE *out, const char *text, size_t len, size_t cluster,
    const char *name, const double *dist);

/* The same without the newline, for a caller that appends fields. */
void segment_put_fields(FILE *out, const char *text, size_t len,
    size_t cluster, const char *name, const double *dist);

/* "\t<id>\t<name>\n" for every cluster id, to append to rows. */
char **segment_suffixes(char *const *names, size_t k);

#endif
