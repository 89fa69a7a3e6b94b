/*
 * extract.h - transaction rows to one Recency/Frequency/Monetary row per
 * customer.
 *
 * Definitions (the same as rfmkit(7) and rfm-extract(1), OUTPUT):
 *   - a row with an empty customer id is dropped;
 *   - by default, cancellations (invoice starting with "C") and lines with
 *     quantity <= 0 or unit price <= 0 are left out of all three metrics;
 *     keep_all keeps them, so returns net against spend; net_returns takes
 *     returns (a cancellation, or a quantity or amount below 0) off the
 *     monetary of the customer's purchases, floored at 0, and leaves them
 *     out of frequency and recency;
 *   - line amount = quantity x unit price (or the amount column);
 *   - recency = reference day - customer's last purchase day, in whole
 *     calendar days; the reference day is as_of, or the day after the
 *     latest purchase day among the rows kept;
 *   - frequency = distinct invoice numbers; monetary = sum of line amounts,
 *     summed exactly and rounded once, so that it does not depend on the
 *     order of the rows (partial states merge to the same bytes).
 * Memory grows with customers and distinct (customer, invoice) pairs.
 */
#ifndef RFMKIT_EXTRACT_H
#define RFMKIT_EXTRACT_H

#include <stdint.h>
#include <stdio.h>

#include "csvin.h"
#include "err.h"
#include "strmap.h"
#include "xsum.h"

/* The columns extract needs; each has one or more accepted names. */
enum {
	COL_CUSTOMER,
	COL_INVOICE,
	COL_DATE,
	COL_QUANTITY,
	COL_PRICE,
	COL_AMOUNT,
	NCOLS
};

/* What frequency counts: a purchase is an invoice, a day or a row. */
enum { EXTRACT_INVOICES, EXTRACT_DAYS, EXTRACT_ROWS };

typedef struct extract_opts {
	const char *col[NCOLS];   /* header name per column, NULL: default */
	const char *date_format;  /* strptime format, NULL: recognised ones */
	int keep_all;             /* keep cancellations and returns */
	int net_returns;          /* returns net against purchases, >= 0 */
	int frequency;            /* EXTRACT_INVOICES, _DAYS or _ROWS */
	int no_money;             /* no money column: monetary is 0 */
	int no_header;            /* the first line is data; columns by
	                           * number */
	int date_order;           /* without date_format: 0, each file
	                           * proves its order; DATE_MONTH_FIRST or
	                           * DATE_DAY_FIRST, taken as proven (tests) */
	int has_as_of;
	int32_t as_of;            /* reference day when has_as_of */
	int has_since;
	int32_t since;            /* rows before this day are left out */
	long max_bad;             /* bad rows to skip before failing */
	char delim;               /* field delimiter, 0: ',' */
	int decimal_comma;        /* numbers are written 2,55 */
	int clv;                  /* add the lifetime-value columns */
	int encoding;             /* TEXTENC_*, 0: UTF-8 (or UTF-16 by its
				   * byte-order mark) */
} extract_opts;

typedef struct extract_stats {
	long rows;         /* data rows read (headers not counted) */
	long kept;
	long no_customer;
	long cancelled;
	long qty_nonpos;
	long price_nonpos;
	long amount_nonpos;
	long after_as_of;
	long before_since;
	long returns;      /* rows netted as returns (net_returns) */
	long bad;          /* bad rows skipped */
	long headers;      /* the header again, skipped (not rows) */
	long state_lines;  /* lines of partial states merged */
} extract_stats;

typedef struct customer {
	int32_t first, last;   /* first and last purchase day */
	int32_t seen;          /* the latest day of any row added */
	uint32_t freq;         /* purchases: invoices, days or rows */
	uint32_t rows;         /* purchase rows */
	xsum money;            /* the exact sum of line amounts */
	uint32_t kept;         /* 1 + the index of its keys kept as text
	                          (extract_keep_keys), or 0 */
} customer;

typedef struct extract {
	/* what the parser threads read: the options, and per file what
	 * its header says */
	extract_opts o;
	int nthreads;          /* parser threads; the output never depends on it */
	size_t block_size;     /* 0, or the size of blocks (tests) */
	const char *name;
	size_t nfields;
	long idx[NCOLS];       /* field index per column, -1 when unused */
	const char *colname[NCOLS]; /* the header name found per column */
	char *colbuf[NCOLS];   /* ... which these hold */
	csv_row hdr;           /* the header, while the file is read */
	unsigned char *want;   /* the fields read */
	csv_want cw;
	/* what the merge writes, on other cache lines */
	_Alignas(64) extract_stats st;
	strmap ids;            /* customer id -> index into cust */
	customer *cust;
	size_t ccap;
	strmap pairs;          /* (customer index, invoice) seen */
	int32_t max_day;
	int any_kept;
	/* per file, without date_format: the order of day and month, once
	 * a date shows it (DATE_MONTH_FIRST or DATE_DAY_FIRST, 0 before),
	 * and the parts of rows whose day waits for it */
	int order;
	long order_line;
	char order_text[40];
	size_t order_len;
	struct part **held;
	size_t nheld, heldcap;
	/* last customer and pair, to skip lookups on consecutive lines */
	char *last_key;
	size_t last_len, last_cap;
	uint32_t last_id;
	int have_last;
	char *pair_buf;
	size_t pair_len, pair_cap;
	int have_pair;
	/* purchase keys kept as the text of a state line */
	char *kept_text;
	size_t kept_len, kept_tcap;
	struct extract_kept { size_t off, len; } *kept;
	size_t nkept, kept_cap;
} extract;

/* What is wrong with options o, for a usage error, or NULL. */
const char *extract_check_opts(const extract_opts *o);

void extract_init(extract *x, const extract_opts *o);
void extract_free(extract *x);

/*
 * Add every row of the CSV on fd (named name).  Returns an exit code.
 * The input is parsed in blocks by x->nthreads threads (extract_init sets
 * pfor_threads()); rows are merged in input order, so the result, the
 * warnings and the first error are those of a sequential read.
 */
int extract_fd(extract *x, int fd, const char *name, rfm_error *e);

/*
 * The index in x->cust of customer id (len bytes), added when new.  And
 * whether its purchase key (an invoice number; with --frequency days the
 * 4 bytes of the day) is new for customer k; consecutive lines of one
 * invoice are answered without a lookup.  For the partial states
 * (partial.h), which merge into x as rows do.
 */
uint32_t extract_customer(extract *x, const char *id, size_t len);
int extract_new_key(extract *x, uint32_t k, const char *key, size_t len);

/*
 * A customer's purchase keys as the text a state line holds them in:
 * text[0..len), distinct keys separated by single spaces, none with a
 * backslash.  Customer k must have no key yet; its freq is the caller's
 * to set.  They stay text, written back as they are, until
 * extract_new_key adds a key to k: then they become keys like any other
 * first.  A nightly --state thus hashes only the keys of tonight's
 * customers.  extract_kept_keys gives the text, or NULL.
 */
void extract_keep_keys(extract *x, uint32_t k, const char *text, size_t len);
const char *extract_kept_keys(const extract *x, uint32_t k, size_t *len);

/* The reference day (valid once rows are added); 0 if there is none. */
int extract_ref_day(const extract *x, int32_t *day);

/* The customers written: those with a purchase. */
size_t extract_customers(const extract *x);

/* Write the header and one row per customer, ordered by customer id. */
void extract_write(extract *x, FILE *out);

/* Write the -v report on err, each line prefixed by the program name. */
void extract_report(const extract *x, FILE *err);

#endif
