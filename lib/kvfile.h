/*
 * kvfile.h - the plain-text files rfmkit keeps between runs (scaler and
 * model; see rfmkit-files(5)).
 *
 * Line 1 is "rfmkit-KIND<TAB>VERSION".  Blank lines and lines starting
 * with "#" are comments.  Every other line is tab-separated fields, the
 * first naming what the line holds.  The reader checks the kind and the
 * version and keeps line numbers for messages.
 *
 * From version 2 a file ends with a line "cksum<TAB>CRC<TAB>LENGTH": what
 * POSIX cksum(1) prints for the file's other lines but the comments and
 * blank lines, each without a carriage return before its newline.  A
 * file whose lines do not give those numbers is refused as damaged.
 */
#ifndef RFMKIT_KVFILE_H
#define RFMKIT_KVFILE_H

#include <stddef.h>
#include <stdio.h>

#include "cksum.h"
#include "err.h"

typedef struct kv_line {
	long line;
	size_t n;
	char **f;        /* NUL-terminated fields */
} kv_line;

typedef struct kvfile {
	const char *path;
	const char *kind;
	int version;
	char *data;
	kv_line *lines;
	size_t nlines;
	cksum sum;       /* of the lines the cksum line covers */
} kvfile;

/*
 * Read path, a file of the given kind ("scaler", "model") and of a
 * version from oldest to newest.  A missing file is RFM_ENOINPUT;
 * anything else wrong is RFM_EDATA, the message naming the file and line.
 */
int kv_read(const char *path, const char *kind, int oldest, int newest,
    kvfile *kv, rfm_error *e);

/* Check the cksum line against the file's lines: RFM_EDATA, the message
 * naming the kind of file, when there is none or it does not match. */
int kv_check_sum(const kvfile *kv, rfm_error *e);

/* Add to c the lines of text[0..len) that a cksum line covers. */
void kv_sum(const char *text, size_t len, cksum *c);

/*
 * A file written to memory first, then to out with its cksum line:
 * kv_begin gives the stream to write the file's lines to, kv_end adds
 * the cksum line, writes all to out and frees.  kv_begin returns NULL and
 * kv_end -1 when memory or the write fails.
 */
typedef struct kv_writer {
	FILE *f;
	char *buf;
	size_t len;
} kv_writer;

FILE *kv_begin(kv_writer *w);
int kv_end(kv_writer *w, FILE *out);

void kv_free(kvfile *kv);

/* Parse field i of line l as a finite number or an integer in range,
 * failing with "path:line: what: ..." */
int kv_number(const kvfile *kv, const kv_line *l, size_t i, const char *what,
    double *out, rfm_error *e);
int kv_integer(const kvfile *kv, const kv_line *l, size_t i, const char *what,
    long min, long max, long *out, rfm_error *e);

/*
 * Check that every line's first field is one of known (a NULL-terminated
 * list), so that a misspelt line is reported as unknown rather than as
 * the line it failed to be.
 */
int kv_known(const kvfile *kv, const char *const *known, rfm_error *e);

/* The one line whose first field is key; an error if there is none or
 * more than one, or if it does not have nfields fields (0: any). */
int kv_find(const kvfile *kv, const char *key, size_t nfields,
    const kv_line **out, rfm_error *e);

#endif
