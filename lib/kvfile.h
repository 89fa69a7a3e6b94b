/*
 * kvfile.h - the plain-text files rfmkit keeps between runs (scaler and
 * model; see rfmkit(5)).
 *
 * Line 1 is "rfmkit-KIND<TAB>VERSION".  Blank lines and lines starting
 * with "#" are comments.  Every other line is tab-separated fields, the
 * first naming what the line holds.  The reader checks the kind and the
 * version and keeps line numbers for messages.
 */
#ifndef RFMKIT_KVFILE_H
#define RFMKIT_KVFILE_H

#include <stddef.h>

#include "err.h"

typedef struct kv_line {
	long line;
	size_t n;
	char **f;        /* NUL-terminated fields */
} kv_line;

typedef struct kvfile {
	const char *path;
	char *data;
	kv_line *lines;
	size_t nlines;
} kvfile;

/*
 * Read path, a file of the given kind ("scaler", "model") and version.
 * A missing file is RFM_ENOINPUT; anything else wrong is RFM_EDATA, the
 * message naming the file and line.
 */
int kv_read(const char *path, const char *kind, int version, kvfile *kv,
    rfm_error *e);

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
