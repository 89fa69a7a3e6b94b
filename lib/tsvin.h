/*
 * tsvin.h - reading the TSV that rfmkit's filters exchange.
 *
 * A header row names the columns; the first column is the key, carried
 * through untouched (still escaped).  Every row must have as many fields
 * as the header.  Lines end with "\n" (a "\r" before it is dropped).
 * Numeric columns are chosen by name and parsed with num_parse; every
 * error names the file, the line, the column and the row's key.
 */
#ifndef RFMKIT_TSVIN_H
#define RFMKIT_TSVIN_H

#include <stddef.h>

#include "err.h"

typedef struct tsv_field {
	const char *p;       /* not NUL-terminated */
	size_t len;
} tsv_field;

typedef struct tsv_reader {
	int fd;
	const char *name;
	char *buf;           /* read buffer */
	size_t start, end, cap;
	int eof;
	long line;           /* line of the row last returned */
	char **cols;         /* header names, NUL-terminated */
	size_t ncols;
	tsv_field *f;        /* fields of the row last returned */
	char *hdr_line;      /* the header line as read */
} tsv_reader;

/*
 * Start reading fd (named name): reads the header.  Returns RFM_OK, or an
 * error (empty input: RFM_EDATA; read error: RFM_EIO).
 */
int tsv_open(tsv_reader *r, int fd, const char *name, rfm_error *e);

/*
 * The next row into r->f (r->ncols fields, valid until the next call).
 * Returns 1 with a row, 0 at the end, -1 on error (e filled).
 */
int tsv_next(tsv_reader *r, rfm_error *e);

/*
 * The next line as it is, not split (for a second pass over rows checked
 * by the first).  Returns as tsv_next.
 */
int tsv_next_raw(tsv_reader *r, const char **line, size_t *len,
    rfm_error *e);

void tsv_close(tsv_reader *r);

/* The index of column name, or -1. */
long tsv_column(const tsv_reader *r, const char *name);

/*
 * Find each of names[0..n) in the header; idx[i] gets its index.  A
 * missing or duplicated name is an error that lists the header.  The key
 * column (0) cannot be chosen.
 */
int tsv_columns(const tsv_reader *r, const char *const *names, size_t n,
    long *idx, rfm_error *e);

/*
 * Parse field col of the current row as a finite number; on error fill e
 * with "file:line: column: what: "text" (key K)".
 */
int tsv_number(const tsv_reader *r, long col, double *out, rfm_error *e);

/* The header as "a", "b", ... for messages. */
void tsv_header_list(const tsv_reader *r, char *buf, size_t size);

/* The raw text of r's current row (all fields, tabs included). */
static inline const char *
tsv_row_text(const tsv_reader *r, size_t *len)
{
	*len = (size_t)(r->f[r->ncols - 1].p + r->f[r->ncols - 1].len -
	    r->f[0].p);
	return r->f[0].p;
}

#endif
