/*
 * scaler.h - log1p and standard scaling, fitted once and kept in a file.
 *
 * Each column is optionally log1p-transformed, then standardised:
 * z = (v - mean) / scale, where scale is the population standard deviation
 * (ddof = 0), or 1 for a column that is constant within the rounding of
 * its variance (scikit-learn's StandardScaler rule: var <= n eps var +
 * (n mean eps)^2).  Mean and variance are compensated two-pass sums; a
 * column whose values are all equal has that value as its mean, so its z
 * are exactly 0.
 */
#ifndef RFMKIT_SCALER_H
#define RFMKIT_SCALER_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

/* The version written; version 1 (no cksum line) is still read. */
#define SCALER_VERSION 2

typedef struct scaler_col {
	char *input;      /* the column read */
	int log1p;        /* log1p before scaling */
	double mean, scale;
	char *output;     /* the column written, e.g. frequency_log_z */
} scaler_col;

typedef struct scaler {
	size_t ncols;
	scaler_col *col;
	long rows;        /* rows the scaler was fitted on */
} scaler;

/* Columns named input[0..n), log1p where flags say; outputs named
 * "<input>_z" or "<input>_log_z". */
void scaler_init(scaler *s, const char *const *input, const int *log1p,
    size_t n);
void scaler_free(scaler *s);

/*
 * v after the column's log1p, if any.  Returns 0, or -1 when v <= -1 (the
 * logarithm is undefined).
 */
int scaler_pre(const scaler_col *c, double v, double *out);

/*
 * Fit mean and scale on pre-transformed values x (n rows x s->ncols).
 * Returns -1 (and the column in *bad) when a mean or variance overflows.
 */
int scaler_fit(scaler *s, const double *x, size_t n, size_t *bad);

/* z of a pre-transformed value. */
static inline double
scaler_z(const scaler_col *c, double v)
{
	return (v - c->mean) / c->scale;
}

struct tsv_reader;

/* Find the scaler's input columns in r's header (idx: their indexes). */
int scaler_bind(const scaler *s, const struct tsv_reader *r, long *idx,
    rfm_error *e);

/*
 * Column i's log1p, if any, of *v, from r's current row: the error names
 * the file, line, column and key, and says where values <= -1 come from.
 */
int scaler_pre_row(const scaler *s, size_t i, const struct tsv_reader *r,
    double *v, rfm_error *e);

/*
 * The scaled values z[0..ncols) of r's current row.  Errors name the
 * file, line, column and key (a log1p of a value <= -1 says where such
 * values come from).
 */
int scaler_row(const scaler *s, const struct tsv_reader *r, const long *idx,
    double *z, rfm_error *e);

/*
 * Write the header and every row of r scaled: the key and the outputs,
 * or with keep every input column and then the outputs.  out NULL only
 * checks the rows.
 */
int scaler_stream(const scaler *s, struct tsv_reader *r, int keep,
    FILE *out, rfm_error *e);

/* Whether names[0..n) are s's input columns, in their order. */
int scaler_is_columns(const scaler *s, char *const *names, size_t n);

/* Whether names[0..n), repeats allowed, are the columns that s takes
 * through log1p, and no others. */
int scaler_is_log1p(const scaler *s, char *const *names, size_t n);

/*
 * s's input columns, or with log1p_only those it takes through log1p,
 * as the value of --columns or --log1p would list them ("recency,
 * frequency" without the space), into buf ("" when none).
 */
void scaler_list(const scaler *s, int log1p_only, char *buf, size_t size);

/* Write the scaler file (see rfmkit-files(5)).  Returns 0 or -1 on a write
 * error. */
int scaler_write(FILE *out, const scaler *s);

/* Read and check a scaler file.  Errors name the file and line. */
int scaler_read(const char *path, scaler *s, rfm_error *e);

/*
 * The column lines alone, each starting with key ("column" in a scaler
 * file, "scaler" in a model that carries one), after a comment naming
 * their fields: written, or read from every line of kv whose first field
 * is key (s gets them; on an error it is freed).
 */
struct kvfile;
void scaler_write_cols(FILE *out, const scaler *s, const char *key);
int scaler_read_cols(const struct kvfile *kv, const char *key, scaler *s,
    rfm_error *e);

/* The index of the column whose output is name, or -1. */
long scaler_output(const scaler *s, const char *name);

/* The output names, in an allocated array (the names are s's). */
char **scaler_outputs(const scaler *s);

/*
 * The index of the first of names[0..n) that is not one of the outputs,
 * with the list of the outputs in list for a message; or -1.
 */
long scaler_missing(const scaler *s, char *const *names, size_t n,
    char *list, size_t size);

/*
 * Whether a and b, named an and bn, scale differently: other columns,
 * transforms or outputs, or a mean or scale that is not the same double.
 * The first difference goes to why ("recency's mean: 93.1 in s.tsv, 94.2
 * in m.tsv").
 */
int scaler_differs(const scaler *a, const char *an, const scaler *b,
    const char *bn, char *why, size_t n);

#endif
