/*
 * model.h - a fitted k-means model with named segments, kept in a file.
 *
 * The file (see rfmkit-files(5)) records how the model was fitted (seed,
 * restarts, tolerance, iterations, convergence, inertia), the scaler its
 * features were scaled with (when kmeans-fit was given it) and, per
 * cluster, its id, segment name, size and centre, every number exact on
 * reload, and ends with a cksum line that proves the rest intact.
 */
#ifndef RFMKIT_MODEL_H
#define RFMKIT_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "scaler.h"

/* The version written; version 1 (no scaler, no cksum line) is still
 * read. */
#define MODEL_VERSION 2

typedef struct model {
	size_t d;              /* features */
	char **features;
	size_t k;
	char **names;          /* segment name per cluster id */
	size_t *sizes;
	double *centres;       /* k x d */
	uint64_t seed;
	long n_init, max_iter, iterations, rows;
	double tol, inertia;
	int converged;
	char *algorithm;       /* "lloyd" or "hamerly" */
	char *init;            /* "k-means++", "random" or the warm-start file */
	scaler *scaler;        /* what the features were scaled with, or NULL */
} model;

void model_free(model *m);

/* Write the model file.  Returns 0 or -1 on a write error. */
int model_write(FILE *out, const model *m);

/* Read and check a model file; errors name the file and line. */
int model_read(const char *path, model *m, rfm_error *e);

/*
 * Check that the scaler s, read from path, can go into a model of the
 * features[0..d): each must be one of its outputs.
 */
int model_use_scaler(const scaler *s, const char *path, char *const *features,
    size_t d, rfm_error *e);

/* The cluster nearest to v (d values): lowest id on a tie.  *dist gets
 * the Euclidean distance. */
size_t model_nearest(const model *m, const double *v, double *dist);

/* The same over any k x d centres. */
size_t model_nearest_of(const double *centres, size_t k, size_t d,
    const double *v, double *dist);

/*
 * Whether a segment name can be stored: not empty, no tab, newline or
 * carriage return.
 */
int model_name_ok(const char *name);

#endif
