/*
 * csvin.h - streaming CSV records through libcsv, with line numbers.
 *
 * RFC 4180 in libcsv's strict mode: quoted fields may hold commas, doubled
 * quotes and newlines; LF or CRLF ends a record; blank lines are skipped; a
 * UTF-8 byte-order mark at the start of the input is ignored.  Fields are
 * bytes: any value but the structure is passed through, NUL included.
 * As libcsv does by default, spaces and tabs around an unquoted field are
 * removed; a quoted field keeps them.
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
	long line;       /* physical line on which the record starts, or 0 */
	long index;      /* records before it in this call's data (csv_read:
	                    in its block) */
} csv_row;

/*
 * Which fields the caller reads.  While n is 0 every field is delivered;
 * once the caller sets it (typically after the header), field i is copied
 * only when i < n and want[i] is non-zero, and the others arrive with p
 * NULL and len 0.  Skipping the copies of unused fields is most of the
 * cost of a reader beyond libcsv itself.
 */
typedef struct csv_want {
	const unsigned char *want;
	size_t n;
} csv_want;

/*
 * Called once per record.  Return 0 to go on, or an exit code (with e
 * filled) to stop reading; csv_read returns that code.
 */
typedef int (*csv_row_fn)(void *ctx, const csv_row *row, rfm_error *e);

/*
 * Read every record of fd, named name in messages, and pass each to fn, in
 * blocks of whole records (see blocks.h) on the calling thread: memory
 * does not grow with the input.
 * want may be NULL (every field is delivered) and is read live.
 * Returns RFM_OK, the callback's code, RFM_EDATA for malformed CSV or
 * RFM_EIO for a read error.
 */
int csv_read(int fd, const char *name, csv_row_fn fn, void *ctx,
    const csv_want *want, rfm_error *e);

/*
 * Parse the whole records in data[0..len), whose first byte is on line
 * line of the input named name, as csv_read does (no byte-order mark is
 * looked for).  Returns as csv_read.
 */
int csv_read_mem(const char *data, size_t len, const char *name, long line,
    csv_row_fn fn, void *ctx, const csv_want *want, rfm_error *e);

/*
 * As csv_read_mem, but libcsv is given data in large pieces, without
 * looking for line ends: some 3% of the instructions of rfm-extract.  No
 * record knows its line: row->line is 0, and a parse error is reported
 * with line 0.  A caller that needs a line finds it with csv_record_line
 * from row->index, or reads data again with csv_read_mem.
 */
int csv_read_mem_whole(const char *data, size_t len, const char *name,
    csv_row_fn fn, void *ctx, const csv_want *want, rfm_error *e);

/*
 * The line on which record index (counted from 0) of data[0..len) starts,
 * data[0] being on line line; 0 when data has no such record or is
 * malformed before it.
 */
long csv_record_line(const char *data, size_t len, long line, long index);

#endif
