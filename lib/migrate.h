/*
 * migrate.h - tonight's segments against an earlier run's: the previous
 * segment of each customer, and the migration table.
 *
 * The earlier run is a table segment-predict wrote (the "previous
 * file"): a header, the key first, a column named "segment" and, when
 * the table gives it, one named "monetary"; its rows in any order, one
 * per customer.  It is read whole; the current input is then streamed
 * through migrate_row, one row at a time.  Memory grows with the
 * customers of the previous file only (about 40 bytes and the key's
 * bytes a customer).
 *
 * Segments are compared by name: cluster ids of two models mean the same
 * only after a warm start, and a previous file may come from another
 * model.  Keys are compared byte for byte, as the two tables write them.
 *
 * Segment slots: the model's distinct names, in the order of their
 * first cluster id, get slots 0 .. nmodel - 1; names only the previous
 * file holds come after, bytewise sorted when the table is written.
 */
#ifndef RFMKIT_MIGRATE_H
#define RFMKIT_MIGRATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "strmap.h"
#include "tsvin.h"

/* What the migration table calls a customer absent from one side. */
#define MIGRATE_NEW "(new)"
#define MIGRATE_GONE "(gone)"

/* migrate_row's previous slot for a customer the previous file lacks. */
#define MIGRATE_NONE UINT32_MAX

/* The sums of one (previous segment, segment) pair. */
typedef struct migrate_cell {
	size_t customers;
	double money, money_c;        /* current monetary, compensated */
	double prev, prev_c;          /* previous monetary, compensated */
} migrate_cell;

typedef struct migrate {
	const char *path;             /* the previous file, for messages */
	strmap keys;                  /* its customers */
	uint32_t *slot;               /* per customer: segment slot; the
	                                 top bit once matched */
	double *money;                /* per customer: previous monetary */
	strmap names;                 /* segment names by slot */
	char **name;                  /* the same, NUL-terminated */
	size_t nmodel;                /* slots of the model's names */
	size_t *cluster_slot;         /* per cluster id: its slot */
	size_t *old_count;            /* per slot: customers in the file */
	int has_money;                /* the file has a monetary column */
	size_t next;                  /* the customer after the last one
	                                 matched: tried first */
	/* The table: (slots + 1) previous x (nmodel + 1) current cells,
	 * the last of each for (new) and (gone). */
	migrate_cell *cell;
} migrate;

/*
 * Read the previous file open on fd (named path) for a model whose
 * cluster c is named names[c] (k clusters).  With want_money, a
 * "monetary" column is read when the file has one (else has_money is
 * 0).  Errors name the file and line, exit code RFM_EDATA: no header or
 * no "segment" column, a ragged row, an empty segment name, a customer
 * twice, a monetary that is not a number, a segment named "(new)" or
 * "(gone)" (in the model's names too: RFM_EDATA, no line).  Does not
 * close fd.
 */
int migrate_read(migrate *mg, int fd, const char *path, char *const *names,
    size_t k, int want_money, rfm_error *e);
void migrate_free(migrate *mg);

/*
 * Names of one side absent from the other, for a warning, into buf as
 * "a", "b": with old set, the previous file's segments the model does
 * not have; else the model's segments the previous file has no customer
 * in.  Returns how many.
 */
size_t migrate_unmatched(const migrate *mg, int old, char *buf,
    size_t size);

/* Customers the previous file holds. */
size_t migrate_customers(const migrate *mg);

/*
 * The current row of r (key in field 0), labelled cluster: *prev gets
 * its slot in the previous file, or MIGRATE_NONE; the pair is counted,
 * with monetary *money when money is not NULL.  A customer of the
 * previous file met a second time is an error naming r's file and line
 * (RFM_EDATA).
 */
int migrate_row(migrate *mg, const tsv_reader *r, size_t cluster,
    const double *money, uint32_t *prev, rfm_error *e);

/* The name of a slot. */
static inline const char *
migrate_name(const migrate *mg, uint32_t slot)
{
	return mg->name[slot];
}

/* The slot of cluster c. */
static inline uint32_t
migrate_slot(const migrate *mg, size_t c)
{
	return (uint32_t)mg->cluster_slot[c];
}

/*
 * Count the customers of the previous file not met in the input as
 * gone, then write the migration table (see segment-predict(1)) in
 * format (TEXTTABLE_TSV, _TEXT or _HTML of texttable.h).  Returns 0, or
 * -1 (nothing written) when a sum overflows.
 */
int migrate_write(migrate *mg, int format, FILE *out);

#endif
