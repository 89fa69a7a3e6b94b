/*
 * fit.h - the work of kmeans-fit between its options and its output: a
 * warm-start model held to -k and --names, the input's columns read and
 * checked for k-means, the scores of a range of k, and the model built
 * from a fit, saved, and its clusters written beside the rows.
 *
 * The caller opens the input (table_open of j->t) between fit_warm_start
 * and fit_load, where it can check that --save does not name it.
 */
#ifndef RFMKIT_FIT_H
#define RFMKIT_FIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "kmeans.h"
#include "model.h"
#include "scaler.h"
#include "table.h"

typedef struct fit_job {
	/* Set by the caller (fit_init gives the defaults). */
	km_opts o;              /* o.k: -k, or the warm-start model's k */
	int k_given;            /* -k was given: a warm start must agree */
	char **cols;            /* --columns (allocated); ncols 0: the
				 * warm-start model's features, else the
				 * scaler's outputs, else every column */
	size_t ncols;
	char **names;           /* --names (allocated), nnames of them */
	size_t nnames;
	const char *warm_path;  /* --warm-start, or NULL */
	const char *scaler_path;/* --scaler, or NULL */

	/* Filled by the functions below. */
	model warm;             /* the warm-start model */
	scaler sc;              /* the scaler, when read */
	int have_sc, cols_of_scaler, names_made;
	table t;                /* the input */
	km_result res;
	uint16_t *lab;          /* each row's cluster */
	model m;                /* the model fitted */
	char init[1024];        /* m.init of a warm start */
} fit_job;

/* The defaults: k = 4, 10 restarts of k-means++, 300 iterations, tol
 * 1e-4, polished, restarts screened above 2 x 100000 rows. */
void fit_init(fit_job *j);

/*
 * Read the warm-start model, if any: its k must be -k's when given, its
 * centres start the fit, its features are the columns unless --columns
 * names them.  Then --names must give one name per cluster.  Returns
 * RFM_OK, model_read's error, or RFM_EUSAGE when -k or --names disagree.
 */
int fit_warm_start(fit_job *j, rfm_error *e);

/*
 * Read the scaler, if any, and the input's columns, and check them for
 * k clusters (the largest of a range): a warm-start model must have the
 * same features, in the same order, and a scaler must scale them; no
 * feature both raw and scaled, no value whose squared distances would
 * overflow (said with its line and column), a row, and k distinct
 * points.  When one feature's spread is far over another's, a warning
 * goes into warning (else it is empty), before the values are checked:
 * it is to be given even when they fail.
 */
int fit_load(fit_job *j, size_t k, char *warning, size_t size,
    rfm_error *e);

/*
 * For each k from a to b, one row of scores on out: k, inertia,
 * silhouette (over sample rows; see q_silhouette), Calinski-Harabasz,
 * Davies-Bouldin, after a header.  o->k is changed; t->x is left at
 * unit scale (see km_normalise).  Errors name t->name.
 */
int fit_scores(table *t, km_opts *o, size_t a, size_t b, size_t sample,
    FILE *out, rfm_error *e);

/* Fit j->o.k clusters of the loaded input and build j->m. */
int fit_run(fit_job *j, rfm_error *e);

/*
 * j->m from j->res: the features, how it was fitted, the scaler, and the
 * names (--names, else the warm-start model's, else segment_names()).
 * A fresh fit has been put in the canonical order; a warm start keeps
 * its ids.
 */
void fit_model(fit_job *j);

/* Write j->m to path atomically. */
int fit_save(const fit_job *j, const char *path, rfm_error *e);

/* The input again, each row with its cluster and segment, on out. */
int fit_write(fit_job *j, FILE *out, rfm_error *e);

void fit_free(fit_job *j);

#endif
