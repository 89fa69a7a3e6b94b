/*
 * csvin.h - streaming CSV records through libcsv, with line numbers.
 *
 * RFC 4180 in libcsv's strict mode: quoted fields may hold commas, doubled
 * quotes and newlines; LF or CRLF ends a record; blank lines are skipped; a
 * UTF-8 byte-order mark at the start of the input is ignored.  Fields are
 * bytes: any value but the structure is passed through, NUL included.
 * Spaces are kept (libcsv's trimming is switched off): what the file holds
 * is what the caller sees.
 */
#ifndef RFMKIT_CSVIN_H
#define RFMKIT_CSVIN_H

#include <stddef.h>

#include "err.h"

typedef struct csv_field {
	const char *p;   /* NUL-terminated copy, valid during the callback */
	size_t len;
} csv_field;

typedef struct csv_row {
	const csv_field *f;
	size_t n;        /* number of fields */
	long line;       /* physical line on which the record starts */
} csv_row;

/*
 * Called once per record.  Return 0 to go on, or an exit code (with e
 * filled) to stop reading; csv_read returns that code.
 */
typedef int (*csv_row_fn)(void *ctx, const csv_row *row, rfm_error *e);

/*
 * Read every record of fd, named name in messages, and pass each to fn.
 * Returns RFM_OK, the callback's code, RFM_EDATA for malformed CSV or
 * RFM_EIO for a read error.
 */
int csv_read(int fd, const char *name, csv_row_fn fn, void *ctx,
    rfm_error *e);

#endif
