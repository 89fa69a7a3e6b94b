/*
 * score.h - RFM scores 1..N from breaks, fitted once and kept in a file.
 *
 * Each of recency, frequency and monetary has N - 1 breaks b1 <= ... <=
 * b(N-1), which cut the line into N intervals, the bins 1..N from the
 * lowest values up.  A value's bin is 1 + the number of breaks below it
 * (closed "right": a value on a break takes the lower bin, as pandas'
 * cut) or 1 + the number of breaks at or below it (closed "left": the
 * upper bin, as the R package rfm).  Either way a value has one bin, so
 * customers with equal values always get the same score.  The score is
 * the bin, or N + 1 - bin for a measure in descending order (recency:
 * few days since the last purchase is a high score).
 *
 * Fitting (score_fit) takes the breaks from the customers' distribution:
 *   - SCORE_QUANTILE: break k is the quantile k/N by linear interpolation
 *     between the two nearest order statistics (numpy's and pandas'
 *     default, R's type 7), with the index (n - 1) k / N computed
 *     exactly; closed right;
 *   - SCORE_RFM: the rule of the R package rfm's rfm_table_order: R's
 *     quantile(x, k/N) with R's arithmetic, plus 1; closed left.
 * Breaks given by the user (SCORE_GIVEN) are used as they are.
 */
#ifndef RFMKIT_SCORE_H
#define RFMKIT_SCORE_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

#define SCORE_VERSION 1
#define SCORE_MIN_BINS 2
#define SCORE_MAX_BINS 10

/* The measures, in the order of the score columns. */
enum { SCORE_R, SCORE_F, SCORE_M, SCORE_NMEASURES };

/* How the breaks were made. */
enum { SCORE_QUANTILE, SCORE_RFM, SCORE_GIVEN };

typedef struct score_breaks {
	int bins;                       /* N */
	int rule;                       /* SCORE_QUANTILE, ... */
	int left;                       /* closed left (else right) */
	int descending[SCORE_NMEASURES];
	double b[SCORE_NMEASURES][SCORE_MAX_BINS - 1];
	long rows;                      /* rows fitted on; 0 when given */
} score_breaks;

/* The input columns ("recency", ...) and the output columns
 * ("recency_score", ...). */
extern const char *const score_input[SCORE_NMEASURES];
extern const char *const score_output[SCORE_NMEASURES];

/* The rule's name as files and options spell it ("quantile", "rfm",
 * "given"), and the rule of a name (-1 when none). */
const char *score_rule_name(int rule);
int score_rule_of(const char *name);

/* Empty breaks for bins N and a rule: recency descending, closed as the
 * rule says (SCORE_RFM left, else right). */
void score_init(score_breaks *s, int bins, int rule);

/*
 * Fit the breaks of s (score_init first; rule SCORE_QUANTILE or
 * SCORE_RFM) on x, n >= 1 rows of recency, frequency and monetary
 * (row-major).  Returns 0, or -1 (and the measure in *bad) when a break
 * is not a finite number.
 */
int score_fit(score_breaks *s, const double *x, size_t n, int *bad);

/* The score, 1..N, of value v of measure m. */
int score_of(const score_breaks *s, int m, double v);

/* r * 100 + f * 10 + m, the R package's rfm_score. */
static inline int
score_rfm(const int sc[SCORE_NMEASURES])
{
	return sc[SCORE_R] * 100 + sc[SCORE_F] * 10 + sc[SCORE_M];
}

/*
 * Parse breaks given as "recency:a,b,c;frequency:...;monetary:...", each
 * measure once, the same number of breaks (1 to 9) for each, numbers not
 * decreasing, into s (rule SCORE_GIVEN, closed left when left is set).
 * Returns 0, or -1 with the reason in msg.
 */
int score_parse(const char *spec, int left, score_breaks *s, char *msg,
    size_t size);

/* Write the breaks file (see rfmkit-files(5)).  Returns 0 or -1 on a write
 * error. */
int score_write(FILE *out, const score_breaks *s);

/* Read and check a breaks file.  Errors name the file and line. */
int score_read(const char *path, score_breaks *s, rfm_error *e);

struct tsv_reader;

/*
 * Write the header and every row of r with its scores: the key, or with
 * keep every input column, then recency_score, frequency_score,
 * monetary_score and rfm_score.  Errors name the file, line, column and
 * key.
 */
int score_stream(const score_breaks *s, struct tsv_reader *r, int keep,
    FILE *out, rfm_error *e);

#endif
