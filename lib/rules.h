/*
 * rules.h - named segments from RFM scores by a table of rules.
 *
 * A rule names a segment and gives, for each of the recency, frequency
 * and monetary scores, a lower and an upper bound (both included).  A
 * customer gets the segment of the first rule whose three ranges hold
 * their scores; one that no rule holds is in "Others".  Several rules may
 * name one segment: it is then the union of their boxes.  Segments are
 * numbered in the order their names first appear, Others last.
 *
 * The built-in table holds the ten segments of the R package rfm's
 * documentation (rfm_segment), with its bounds and in its order; its
 * rule is first match too.
 */
#ifndef RFMKIT_RULES_H
#define RFMKIT_RULES_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "score.h"

#define RULES_VERSION 1
#define RULES_OTHERS "Others"

typedef struct seg_rule {
	size_t seg;                       /* the segment it names */
	int lo[SCORE_NMEASURES], hi[SCORE_NMEASURES];
	long line;                        /* its line in the file */
} seg_rule;

typedef struct rules {
	const char *path;                 /* for messages; "built-in" */
	int bins;                         /* the scores are 1..bins */
	size_t n;                         /* rules */
	seg_rule *r;
	size_t nseg;                      /* segments, Others not counted */
	char **names;                     /* nseg + 1 names, Others last */
} rules;

/* The built-in table. */
void rules_default(rules *rs);

/* Read and check a rules file (see rfmkit-files(5)); errors name the file and
 * line. */
int rules_read(const char *path, rules *rs, rfm_error *e);

void rules_free(rules *rs);

/* The segment of scores sc: the first rule's that holds them, or nseg
 * (Others). */
size_t rules_match(const rules *rs, const int sc[SCORE_NMEASURES]);

/* Write rs as a rules file, its cksum line last.  Returns 0 or -1 on a
 * write error. */
int rules_write(FILE *out, const rules *rs);

/*
 * Report on out, one line each, the rules that share score combinations
 * with a rule before them (which takes those combinations), the rules
 * that never match, and the combinations that no rule holds.  Returns
 * the number of lines written.
 */
size_t rules_check(const rules *rs, FILE *out);

struct tsv_reader;

/* Find the score columns (recency_score, ...) in r's header. */
int rules_bind(const struct tsv_reader *r, long idx[SCORE_NMEASURES],
    rfm_error *e);

/* The segment of r's current row; a score that is not an integer from 1
 * to bins is an error naming the file, line, column and key. */
int rules_row(const rules *rs, const struct tsv_reader *r,
    const long idx[SCORE_NMEASURES], size_t *seg, rfm_error *e);

/*
 * Every row of r with the cluster and segment of its scores appended, as
 * a model's rows have them (segment_put_row); or with summarise, one
 * line per segment, Others last (summary.h), which reads recency,
 * frequency and monetary too.
 */
int rules_stream(const rules *rs, struct tsv_reader *r, int summarise,
    FILE *out, rfm_error *e);

#endif
