/*
 * csvin.h - CSV records through libcsv, each with the line it starts on:
 * from memory, or from a file read in blocks that a pool of threads
 * parses while the calling order is kept.
 *
 * RFC 4180 in libcsv's strict mode: quoted fields may hold commas, doubled
 * quotes and newlines; LF, CR or CRLF ends a record; blank lines are
 * skipped; a UTF-8 byte-order mark at the start of a file is ignored.
 * A file in another encoding is made UTF-8 first (textenc.h); in UTF-8,
 * fields are bytes: any value but the structure is passed through, NUL
 * included, valid UTF-8 or not.  As libcsv does by default, spaces and tabs around an
 * unquoted field are removed; a quoted field keeps them.
 *
 * Input is parsed a physical line at a time.  A line that holds no quote
 * and no carriage return but at its end, and does not continue a quoted
 * field, is split at its commas here, as libcsv would split it (the
 * fuzzer fuzz_csv_extract proves the two alike); every other line goes
 * through libcsv.
 */
#ifndef RFMKIT_CSVIN_H
#define RFMKIT_CSVIN_H

#include <stddef.h>

#include "err.h"
#include "pfor.h"

typedef struct csv_field {
	const char *p;   /* NUL-terminated, valid during the callback */
	size_t len;
} csv_field;

typedef struct csv_row {
	const csv_field *f;
	size_t n;        /* number of fields */
	long line;       /* physical line on which the record starts */
} csv_row;

/*
 * The fields a caller reads: field i is delivered when i < n and want[i]
 * is non-zero, the others with p NULL and len 0.  Most of a reader's cost
 * beyond libcsv is copying fields, so unused ones are not copied.  A NULL
 * csv_want delivers every field.
 */
typedef struct csv_want {
	const unsigned char *want;
	size_t n;
} csv_want;

/*
 * Called once per record.  Return 0 to go on, or an exit code (with e
 * filled) to stop reading; the reader returns that code.
 */
typedef int (*csv_row_fn)(void *ctx, const csv_row *row, rfm_error *e);

/*
 * Parse the whole records of data[0..len), whose first byte is on line
 * line of the input named name, fields separated by delim, and pass each
 * to fn.  data is written to: a field split here is NUL-terminated in
 * place.  Returns RFM_OK, the callback's code, or RFM_EDATA for malformed
 * CSV (the message names the line).
 */
int csv_parse_mem(char *data, size_t len, const char *name, long line,
    char delim, const csv_want *want, csv_row_fn fn, void *ctx,
    rfm_error *e);

/*
 * A file read in blocks of whole records.  A block is cut after a newline
 * that has an even number of quotes before it: in RFC 4180 that newline
 * ends a record, so no record is split, even one with newlines inside
 * quotes.  Malformed quoting cannot move an error: every block before the
 * first malformed quote is cut right, and the block that holds it reports
 * it.  Blocks are the same whatever the number of threads.
 */
typedef struct csv_input csv_input;

/* Bytes per block before it is cut back to a record boundary; the first
 * block, which holds the header, is smaller. */
#define CSV_BLOCK_SIZE (512 * 1024)
#define CSV_FIRST_BLOCK_SIZE (64 * 1024)

csv_input *csv_input_new(int fd, const char *name);
void csv_input_free(csv_input *in);

/* Fields separated by delim (any byte but a quote, CR or LF), not a
 * comma; before csv_input_header. */
void csv_input_set_delim(csv_input *in, char delim);

/* Blocks of about size bytes (at least 8), not CSV_BLOCK_SIZE, and the
 * first no larger: a small input then makes many blocks (tests). */
void csv_input_set_block_size(csv_input *in, size_t size);

/* The file is in encoding enc (textenc.h), made UTF-8 before it is
 * parsed; by default UTF-8, or UTF-16 with a byte-order mark.  Before
 * csv_input_header. */
void csv_input_set_encoding(csv_input *in, int enc);

/*
 * Read the first record, the header: *hdr gets it (every field, valid
 * until csv_input_free), or n 0 for an input without a record.  Returns
 * RFM_OK, RFM_EDATA (malformed) or RFM_EIO.
 */
int csv_input_header(csv_input *in, csv_row *hdr, rfm_error *e);

/*
 * What csv_input_run does with the records after the header.  A block's
 * records go to row in a pool thread, with a part of the consumer's own
 * as ctx; merge then takes the part in input order, on one thread at a
 * time, and leaves it empty for another block.  Keeping everything that
 * depends on order in merge makes the result independent of the number
 * of threads.
 */
typedef struct csv_consumer {
	void *(*part_new)(void *ctx);
	void (*part_free)(void *part);
	csv_row_fn row;
	int (*merge)(void *ctx, void *part, rfm_error *e);
} csv_consumer;

/*
 * Run c over every record after the header, with want, on pool (with one
 * thread: in order on the calling thread).  Returns RFM_OK or the first
 * error in input order: merge's code, then the block's own (the
 * callback's, or malformed CSV), then a read error (RFM_EIO) once every
 * block read before it is merged.
 */
int csv_input_run(csv_input *in, const csv_want *want, const csv_consumer *c,
    void *ctx, pfor *pool, rfm_error *e);

/*
 * The simple way: every record of fd, the header (every field) first,
 * then the others with want, to fn on the calling thread, in order.
 * Returns RFM_OK, the callback's code, RFM_EDATA for malformed CSV or
 * RFM_EIO.
 */
int csv_read(int fd, const char *name, csv_row_fn fn, void *ctx,
    const csv_want *want, rfm_error *e);

/* Occurrences of c in p[0..n). */
size_t csv_count_byte(const char *p, size_t n, unsigned char c);

#endif
