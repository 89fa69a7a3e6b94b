/*
 * partial.h - partial states: what rfm-extract knows of each customer,
 * written so that states of any parts of the input merge into the table
 * of one run over all of it (rfm-extract --partial, --merge, --state;
 * the format is in rfmkit-files(5)).
 *
 * Every line is TSV, the customer id first (so a shuffle by the first
 * field groups a customer's lines), then the version, "partial1", the
 * policy the rows were read under, and a kind:
 *
 *   id  partial1  policy  c  first  last  seen  rows  money  keys
 *      partial1  policy  f  cksum  size  name       (empty id)
 *
 *      partial1  policy  r  id     -     names
 *
 * c: the first and last purchase day ("-" when rows is 0: returns only),
 * the latest day of any row added, the purchase rows, and the exact sum
 * of the line amounts as numbers separated by spaces (the sum rounded,
 * then what the exact sum has beyond it), and its purchase keys,
 * separated by spaces: invoice numbers (written in bytewise order, read
 * in any), or days with --frequency days (none with rows); frequency
 * counts distinct keys.  f: an
 * export added by --state, by its cksum(1) and size; r: a --partial run,
 * by a random 64-bit id (16 hex digits) and the names it read.  A merge
 * keeps them, and refuses the same one twice: rows counted twice.  Ids, keys and names
 * are escaped as tsv_put_key escapes them; a space in a key as \s.
 */
#ifndef RFMKIT_PARTIAL_H
#define RFMKIT_PARTIAL_H

#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "extract.h"

#define PARTIAL_POLICY_MAX 96

/* What a state holds the rows of: an export added by --state (f: its
 * cksum and size), or the input of a --partial run (r: a random id of
 * the run, size -1); and its name. */
typedef struct partial_fed {
	int kind;         /* 'f' or 'r' */
	uint64_t id;
	long long size;
	char *name;
	char *where;      /* the state file and line it was read from */
} partial_fed;

enum { PARTIAL_WANT_ROWS = 1, PARTIAL_WANT_EXACT };

typedef struct partial_in {
	/* the options the states must have been made with, when the caller
	 * knows them: PARTIAL_WANT_ROWS compares all but --as-of (a final
	 * merge may give it), PARTIAL_WANT_EXACT all; else the first line
	 * read sets the policy */
	extract_opts want;
	int have_want;
	const char *want_from;  /* "this run's options" */
	char policy[PARTIAL_POLICY_MAX];
	int have_policy;
	char first[512];        /* file:line of the first line */
	partial_fed *fed;
	size_t nfed, fedcap;
} partial_in;

/* The policy of o, as the third field of every line. */
void partial_policy(const extract_opts *o, char *buf, size_t size);

void partial_init(partial_in *in);
void partial_free(partial_in *in);

/*
 * Merge the state on fd (named name; compressed or not) into x, whose
 * options the first line's policy sets (extract_opts fields of the rows'
 * policy).  Returns an exit code: 65 with file and line for a line that
 * is not a state line of this version and policy.
 */
int partial_read_fd(extract *x, partial_in *in, int fd, const char *name,
    rfm_error *e);

/* partial_read_fd on the file at path; nothing when there is none (the
 * first night of a --state). */
int partial_read_path(extract *x, partial_in *in, const char *path,
    rfm_error *e);

/*
 * Record an export of checksum sum and size that is added now; 65 when
 * the state already holds it (the same export fed twice).
 */
int partial_feed(partial_in *in, const char *name, uint32_t sum,
    long long size, rfm_error *e);

/* Record this --partial run, which read names, under a random id. */
void partial_run(partial_in *in, const char *names);

/* partial_feed for the regular file on fd, read to its end for its
 * checksum and then from its start again; 65 for one that cannot be
 * read again (a pipe). */
int partial_fingerprint(partial_in *in, int fd, const char *name,
    rfm_error *e);

/*
 * The reference day of the table merged from states: that of the
 * states' --as-of; else as_of (has_as_of), when no row read is after
 * it; else, when latest, the day after the latest purchase.  Sets x's
 * options; 64 or 65 with the reason otherwise.
 */
int partial_reference(extract *x, const partial_in *in, int has_as_of,
    int32_t as_of, int latest, rfm_error *e);

/* Write x as a state, the customers in the order they came. */
void partial_write(extract *x, const partial_in *in, FILE *out);

#endif
