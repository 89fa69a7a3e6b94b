/*
 * label.h - the rows of a table labelled with their segments, by a
 * model's nearest centre or by rules on the scores: written with the
 * segment, summarised per segment, or compared with a previous run
 * (segment-predict's rows, --summary and --previous).
 */
#ifndef RFMKIT_LABEL_H
#define RFMKIT_LABEL_H

#include <stdio.h>

#include "err.h"
#include "migrate.h"
#include "predict.h"
#include "rules.h"
#include "tsvin.h"

typedef struct labeler {
	predictor *p;                 /* a model's, or NULL for ... */
	const rules *rs;              /* ... rules on the scores */
	long idx[SCORE_NMEASURES];    /* the score columns, for rules */
} labeler;

/* What to write: the rows (with the distance to the centre, a model's
 * only), or one row per segment; against mg, a previous run, the rows
 * with their previous segment (only those that changed) or the
 * migration table.  The summary and the migration table are written in
 * format, one of texttable.h's (0: TSV). */
typedef struct label_opts {
	int distance;
	int summarise;
	migrate *mg;
	int changed;
	int format;
} label_opts;

/* The segment names, and how many (rules: Others last). */
char *const *label_names(const labeler *l, size_t *k);

/* Label every row of r on out.  Returns an exit code, with e filled. */
int label_stream(labeler *l, tsv_reader *r, const label_opts *o, FILE *out,
    rfm_error *e);

#endif
