/*
 * table.h - a TSV read twice: once for its numbers (to fit a scaler or a
 * model), once more to write each row out with what was computed.
 *
 * Only the selected numeric columns are kept in memory; the rows' text is
 * read again from the input, which must therefore be seekable: standard
 * input that is a pipe is first copied to an unlinked temporary file in
 * $TMPDIR (or /tmp).
 */
#ifndef RFMKIT_TABLE_H
#define RFMKIT_TABLE_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"
#include "tsvin.h"

typedef struct table {
	int fd;               /* seekable */
	const char *name;     /* for messages */
	int own_fd;
	off_t start;          /* where the input began (stdin may be part read) */
	size_t nrows;
	long first_line;      /* the line of row 0: a row is a line */
	size_t nsel;          /* selected columns */
	long *sel;            /* their indexes in the header */
	char **selname;
	double *x;            /* nrows x nsel, row-major */
} table;

/*
 * Open path ("-": stdin) for two passes.  Returns RFM_OK, RFM_ENOINPUT or
 * RFM_EIO (copying stdin failed).
 */
int table_open(table *t, const char *path, rfm_error *e);

/*
 * A look at each value as it is read, which may change it: returns
 * RFM_OK, or an exit code with e filled (r's row and the column's index
 * among the selected ones say where).
 */
typedef int (*table_value_fn)(void *ctx, const tsv_reader *r, size_t col,
    double *v, rfm_error *e);

/*
 * First pass: read the header and every row, keeping the columns named
 * cols[0..ncols) (ncols 0: every column but the key) as numbers, each
 * through fn when it is not NULL.
 */
int table_load(table *t, const char *const *cols, size_t ncols,
    table_value_fn fn, void *ctx, rfm_error *e);

/* The line of row i (from 0) in the input. */
static inline long
table_line(const table *t, size_t i)
{
	return t->first_line + (long)i;
}

/* Start the second pass: r reads the input again from its header. */
int table_rewind(table *t, tsv_reader *r, rfm_error *e);

void table_close(table *t);

#endif
