/*
 * predict.h - the segment of a customer, from a model and optionally a
 * scaler.
 *
 * With a scaler the input holds the scaler's raw columns (recency, ...),
 * which are scaled and matched by name to the model's features (every
 * feature must be one of the scaler's outputs).  Without one the input
 * holds the model's features.  A mismatch is an error that names it.
 *
 * A model that carries its scaler (kmeans-fit --scaler) is applied with
 * it; a scaler given beside such a model must be that same scaler.
 */
#ifndef RFMKIT_PREDICT_H
#define RFMKIT_PREDICT_H

#include <stddef.h>

#include "err.h"
#include "model.h"
#include "scaler.h"
#include "tsvin.h"

typedef struct predictor {
	const model *m;
	const scaler *s;       /* NULL: the input holds the features */
	const char *model_path, *scaler_path;
	size_t *map;           /* feature j = scaler output map[j] */
	size_t nin;            /* values read per row */
	char **in_names;       /* their column names */
	long *idx;             /* their indexes in the input's header */
	double *raw, *z, *feat;
	/*
	 * The centres scaled by a power of two to unit size, and each row's
	 * features with them, so that squared distances of tiny values do
	 * not underflow (exact: the labels are the same).
	 */
	double *centres;
	int scale;
} predictor;

/* Check that the model and the scaler (NULL: none given) fit together. */
int predict_init(predictor *p, const model *m, const char *model_path,
    const scaler *s, const char *scaler_path, rfm_error *e);
void predict_free(predictor *p);

/* Find the columns the predictor reads in r's header. */
int predict_bind(predictor *p, const tsv_reader *r, rfm_error *e);

/* The cluster of r's current row, and its distance to the centre (dist
 * may be NULL). */
int predict_row(predictor *p, const tsv_reader *r, size_t *cluster,
    double *dist, rfm_error *e);

/*
 * The cluster of one customer given by values for the predictor's input
 * names (raw[i] for in_names[i]).  A log1p of a value <= -1 fails with
 * RFM_EUSAGE.
 */
int predict_values(predictor *p, const double *raw, size_t *cluster,
    double *dist, rfm_error *e);

#endif
