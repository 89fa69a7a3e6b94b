/*
 * check_extract.c - tests of lib/extract: small transaction CSVs in
 * temporary files through extract_init / extract_fd / extract_write
 * (into open_memstream) / extract_free.  Recency, frequency and monetary
 * on hand-computed examples, the row policy and its counters, customer
 * ids and their order, the reference day, the CLV columns, column names,
 * bad data and --max-bad, long fields, the same result whatever the number
 * of parser threads, and the exact monetary sum.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "extract.h"
#include "num.h"
#include "suites.h"
#include "testutil.h"

#define HEADER "InvoiceNo,StockCode,Description,Quantity,InvoiceDate," \
	"UnitPrice,CustomerID,Country\n"
#define OUT_HEADER "customer_id\trecency\tfrequency\tmonetary\n"
#define CLV_HEADER "customer_id\trecency\tfrequency\tmonetary\t" \
	"first_purchase\tlast_purchase\ttenure\tavg_order_value\n"

/* The worked example: amounts are exact binary fractions, so every sum is
 * exact and the expected text can be written by hand.
 *   17850: 6 x 2.5 + 4 x 0.25 (invoice 536365, 2010-12-01) and 2 x 1.75
 *          (536366, 2010-12-13): frequency 2, monetary 19.5
 *   13047: 10 x 1.5 (2010-12-02): 15
 *   12583: 1 x 10 (2011-12-09 12:50): 10, the latest purchase
 * Reference day 2011-12-10: recency 362, 373 and 1.  12/13/2010, month
 * first only, shows the order of day and month for the whole file. */
#define EXAMPLE HEADER \
	"536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.5,17850,UK\n" \
	"536365,71053,\"METAL LANTERN, WHITE\",4,12/1/2010 8:26,0.25,17850," \
	"UK\n" \
	"536366,22633,HAND WARMER,2,12/13/2010 9:00,1.75,17850,UK\n" \
	"536367,84879,BIRD ORNAMENT,10,12/2/2010 10:00,1.5,13047,UK\n" \
	"536368,22960,JAM MAKING SET,1,12/9/2011 12:50,10,12583,France\n"
#define EXAMPLE_OUT OUT_HEADER \
	"12583\t1\t1\t10\n" \
	"13047\t373\t1\t15\n" \
	"17850\t362\t2\t19.5\n"

/* ---- running extract ---- */

typedef struct run {
	int rc;
	rfm_error e;
	extract_stats st;
	int has_ref;
	int32_t ref;
	char *out;         /* what extract_write wrote; NULL on error */
	char *report;      /* what extract_report wrote; NULL on error */
	size_t customers;
} run;

static extract_opts
defaults(void)
{
	extract_opts o;

	memset(&o, 0, sizeof o);
	return o;
}

/* Parser threads for the runs below; 0 leaves extract_init's choice. */
static int run_threads;

/* Feed each CSV of csv[0..n) as a file named name[i] (or "t.csv"); its
 * length is len[i], or strlen when len is NULL. */
static void
run_files(const char *const *csv, const size_t *len_of,
    const char *const *name, size_t n, const extract_opts *o, run *r)
{
	extract x;
	FILE *t, *mem;
	size_t i, len;

	memset(r, 0, sizeof *r);
	extract_init(&x, o);
	if (run_threads > 0)
		x.nthreads = run_threads;
	for (i = 0; i < n; i++) {
		t = temp_with(csv[i], len_of ? len_of[i] : strlen(csv[i]));
		r->rc = extract_fd(&x, fileno(t), name ? name[i] : "t.csv",
		    &r->e);
		fclose(t);
		if (r->rc != RFM_OK)
			break;
	}
	r->st = x.st;
	r->has_ref = extract_ref_day(&x, &r->ref);
	r->customers = strmap_count(&x.ids);
	if (r->rc == RFM_OK) {
		mem = open_memstream(&r->out, &len);
		ck_assert_ptr_nonnull(mem);
		extract_write(&x, mem);
		ck_assert_int_eq(fclose(mem), 0);
		mem = open_memstream(&r->report, &len);
		ck_assert_ptr_nonnull(mem);
		extract_report(&x, mem);
		ck_assert_int_eq(fclose(mem), 0);
	}
	extract_free(&x);
}

static void
run_csv(const char *csv, const extract_opts *o, run *r)
{
	run_files(&csv, NULL, NULL, 1, o, r);
}

static void
run_free(run *r)
{
	free(r->out);
	free(r->report);
}

/* Run csv with o; it must succeed and write want. */
static void
output_is(const char *csv, const extract_opts *o, const char *want)
{
	run r;

	run_csv(csv, o, &r);
	ck_assert_msg(r.rc == RFM_OK, "rc %d: %s", r.rc, r.e.msg);
	ck_assert_str_eq(r.out, want);
	run_free(&r);
}

/* Run csv with o; it must fail with RFM_EDATA and a message that starts
 * with prefix and holds each of the NULL-terminated strings in has. */
static void
fails_with(const char *csv, const extract_opts *o, const char *prefix,
    const char *const *has)
{
	run r;

	run_csv(csv, o, &r);
	ck_assert_msg(r.rc == RFM_EDATA, "rc %d, want RFM_EDATA (%s)", r.rc,
	    r.e.msg);
	ck_assert_int_eq(r.e.code, RFM_EDATA);
	ck_assert_msg(strncmp(r.e.msg, prefix, strlen(prefix)) == 0,
	    "message \"%s\" does not start with \"%s\"", r.e.msg, prefix);
	for (; has != NULL && *has != NULL; has++)
		ck_assert_msg(strstr(r.e.msg, *has) != NULL,
		    "message \"%s\" lacks \"%s\"", r.e.msg, *has);
	ck_assert_ptr_null(r.out);
	run_free(&r);
}

/* stderr into a temporary file, for the warnings of skipped rows. */
typedef struct capture {
	int saved;
	FILE *tmp;
} capture;

static void
capture_start(capture *c)
{
	fflush(stderr);
	c->tmp = tmpfile();
	ck_assert_ptr_nonnull(c->tmp);
	c->saved = dup(STDERR_FILENO);
	ck_assert_int_ge(c->saved, 0);
	ck_assert_int_ge(dup2(fileno(c->tmp), STDERR_FILENO), 0);
}

static char *
capture_end(capture *c)
{
	off_t n;
	char *s;

	fflush(stderr);
	ck_assert_int_ge(dup2(c->saved, STDERR_FILENO), 0);
	close(c->saved);
	n = lseek(fileno(c->tmp), 0, SEEK_END);
	ck_assert_int_ge(n, 0);
	s = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(pread(fileno(c->tmp), s, (size_t)n, 0), n);
	s[n] = '\0';
	fclose(c->tmp);
	return s;
}

/* ---- the worked example ---- */

START_TEST(test_example)
{
	extract_opts o = defaults();
	run r;

	run_csv(EXAMPLE, &o, &r);
	ck_assert_msg(r.rc == RFM_OK, "%s", r.e.msg);
	ck_assert_str_eq(r.out, EXAMPLE_OUT);
	ck_assert_int_eq(r.st.rows, 5);
	ck_assert_int_eq(r.st.kept, 5);
	ck_assert_int_eq(r.st.no_customer + r.st.cancelled + r.st.qty_nonpos +
	    r.st.price_nonpos + r.st.amount_nonpos + r.st.after_as_of +
	    r.st.bad, 0);
	ck_assert(r.has_ref);
	ck_assert_int_eq(r.ref, date_from_ymd(2011, 12, 10));
	ck_assert_uint_eq(r.customers, 3);
	ck_assert_ptr_nonnull(strstr(r.report, "rows read: 5\n"));
	ck_assert_ptr_nonnull(strstr(r.report, "reference day: 2011-12-10"));
	run_free(&r);
}
END_TEST

/* An Excel export: byte-order mark and CRLF line ends. */
START_TEST(test_example_bom_crlf)
{
	extract_opts o = defaults();
	const char *src = EXAMPLE;
	char *csv = malloc(3 + 2 * strlen(src) + 1), *p = csv;

	ck_assert_ptr_nonnull(csv);
	memcpy(p, "\xEF\xBB\xBF", 3);
	p += 3;
	for (; *src != '\0'; src++) {
		if (*src == '\n')
			*p++ = '\r';
		*p++ = *src;
	}
	*p = '\0';
	output_is(csv, &o, EXAMPLE_OUT);
	free(csv);
}
END_TEST

/* Recency counts calendar days: the time of day is ignored. */
START_TEST(test_time_of_day_ignored)
{
	extract_opts o = defaults();

	output_is(HEADER
	    "1,A,x,1,2011-12-09 23:59:59,1,1,UK\n"
	    "2,A,x,1,2011-12-09 00:00:01,1,2,UK\n"
	    "3,A,x,1,2011-12-08 23:59,1,3,UK\n",
	    &o, OUT_HEADER "1\t1\t1\t1\n2\t1\t1\t1\n3\t2\t1\t1\n");
}
END_TEST

/* ---- frequency ---- */

START_TEST(test_repeated_invoice)
{
	extract_opts o = defaults();

	/* Customer 100 has invoices 1, 2, 1, 3, 1: three distinct, with 1
	 * back on lines that are not consecutive; customer 200's invoice 1
	 * is its own and sits between two lines of 100's invoice 1. */
	output_is(HEADER
	    "1,A,x,1,2011-01-01,1,100,UK\n"
	    "2,A,x,1,2011-01-02,1,100,UK\n"
	    "1,A,x,1,2011-01-03,1,100,UK\n"
	    "1,A,x,1,2011-01-03,1,200,UK\n"
	    "1,A,x,1,2011-01-03,1,100,UK\n"
	    "3,A,x,1,2011-01-03,1,100,UK\n"
	    "1,A,x,1,2011-01-04,1,100,UK\n",
	    &o, OUT_HEADER "100\t1\t3\t6\n200\t2\t1\t1\n");
}
END_TEST

/* ---- the row policy ---- */

#define POLICY HEADER \
	"536365,A,x,6,2011-01-10,2,1,UK\n" \
	"C536379,D,Discount,-1,2011-01-11,27.5,1,UK\n" \
	"536380,A,x,0,2011-01-12,2,1,UK\n" \
	"536381,A,x,-2,2011-01-12,2,1,UK\n" \
	"536382,A,x,3,2011-01-12,0,1,UK\n" \
	"536383,A,x,3,2011-01-12,-1.5,1,UK\n" \
	"536384,A,x,-1,2011-01-12,0,1,UK\n" \
	"C536385,A,x,2,2011-01-12,2,1,UK\n" \
	"536386,A,x,1,2011-01-09,4,2,UK\n" \
	"536387,A,x,1,2011-01-13,4,,UK\n" \
	"536388,A,x,-1,2011-01-13,4,\"\",UK\n"

START_TEST(test_policy_default)
{
	extract_opts o = defaults();
	run r;

	run_csv(POLICY, &o, &r);
	ck_assert_msg(r.rc == RFM_OK, "%s", r.e.msg);
	/* Only 536365 (customer 1) and 536386 (customer 2) are kept; the
	 * latest kept day is 2011-01-10. */
	ck_assert_str_eq(r.out, OUT_HEADER "1\t1\t1\t12\n2\t2\t1\t4\n");
	ck_assert_int_eq(r.st.rows, 11);
	ck_assert_int_eq(r.st.kept, 2);
	ck_assert_int_eq(r.st.cancelled, 2);
	ck_assert_int_eq(r.st.qty_nonpos, 3);     /* 0, -2, and -1 x 0 */
	ck_assert_int_eq(r.st.price_nonpos, 2);   /* 0 and -1.5 */
	ck_assert_int_eq(r.st.no_customer, 2);    /* unquoted and quoted "" */
	ck_assert_int_eq(r.st.amount_nonpos, 0);
	ck_assert_int_eq(r.st.after_as_of, 0);
	ck_assert_int_eq(r.st.bad, 0);
	ck_assert_ptr_nonnull(strstr(r.report, "rows read: 11\n"));
	ck_assert_ptr_nonnull(strstr(r.report, "rows kept: 2\n"));
	ck_assert_ptr_nonnull(strstr(r.report,
	    "rows dropped, no customer id: 2\n"));
	ck_assert_ptr_nonnull(strstr(r.report,
	    "rows dropped, cancelled invoice: 2\n"));
	ck_assert_ptr_nonnull(strstr(r.report,
	    "rows dropped, quantity <= 0: 3\n"));
	ck_assert_ptr_nonnull(strstr(r.report,
	    "rows dropped, unit price <= 0: 2\n"));
	ck_assert_ptr_nonnull(strstr(r.report, "customers written: 2\n"));
	ck_assert_ptr_nonnull(strstr(r.report, "reference day: 2011-01-11"));
	run_free(&r);
}
END_TEST

START_TEST(test_policy_keep_all)
{
	extract_opts o = defaults();
	run r;

	o.keep_all = 1;
	run_csv(POLICY, &o, &r);
	ck_assert_msg(r.rc == RFM_OK, "%s", r.e.msg);
	/* Customer 1 keeps all eight lines, eight invoices: 12 - 27.5 + 0
	 * - 4 + 0 - 4.5 - 0 + 4 = -20, the last on 2011-01-12, which is
	 * also the latest day (reference 2011-01-13).  Rows without a
	 * customer are still dropped. */
	ck_assert_str_eq(r.out, OUT_HEADER "1\t1\t8\t-20\n2\t4\t1\t4\n");
	ck_assert_int_eq(r.st.rows, 11);
	ck_assert_int_eq(r.st.kept, 9);
	ck_assert_int_eq(r.st.no_customer, 2);
	ck_assert_int_eq(r.st.cancelled, 0);
	ck_assert_int_eq(r.st.qty_nonpos, 0);
	ck_assert_int_eq(r.st.price_nonpos, 0);
	ck_assert_int_eq(r.ref, date_from_ymd(2011, 1, 13));
	run_free(&r);
}
END_TEST

/* A customer whose rows are all dropped is not written. */
START_TEST(test_all_rows_dropped)
{
	extract_opts o = defaults();
	run r;

	run_csv(HEADER
	    "C1,A,x,-1,2011-01-01,1,5,UK\n"
	    "2,A,x,1,2011-01-01,1,,UK\n", &o, &r);
	ck_assert_int_eq(r.rc, RFM_OK);
	ck_assert_str_eq(r.out, OUT_HEADER);
	ck_assert_int_eq(r.has_ref, 0);
	ck_assert_uint_eq(r.customers, 0);
	ck_assert_ptr_nonnull(strstr(r.report, "reference day: none"));
	run_free(&r);
}
END_TEST

/* ---- customer ids ---- */

START_TEST(test_id_float_form)
{
	extract_opts o = defaults();

	/* 17850.0, 17850 and 17850.00 are one customer; 1785 is another */
	output_is(HEADER
	    "1,A,x,1,2011-01-01,1,17850.0,UK\n"
	    "2,A,x,1,2011-01-02,2,17850,UK\n"
	    "3,A,x,1,2011-01-03,4,17850.00,UK\n"
	    "4,A,x,1,2011-01-03,8,1785,UK\n",
	    &o, OUT_HEADER "1785\t1\t1\t8\n17850\t1\t3\t7\n");
}
END_TEST

START_TEST(test_order_numeric)
{
	extract_opts o = defaults();

	/* "9" before "10" before "100"; "010" is 10 too: a tie that bytes
	 * break, so it comes just before "10" */
	output_is(HEADER
	    "1,A,x,1,2011-01-01,1,10,UK\n"
	    "1,A,x,1,2011-01-01,1,9,UK\n"
	    "1,A,x,1,2011-01-01,1,100,UK\n"
	    "1,A,x,1,2011-01-01,1,2,UK\n"
	    "1,A,x,1,2011-01-01,1,010,UK\n"
	    "1,A,x,1,2011-01-01,1,99999999999999999999999,UK\n",
	    &o, OUT_HEADER
	    "2\t1\t1\t1\n9\t1\t1\t1\n010\t1\t1\t1\n10\t1\t1\t1\n"
	    "100\t1\t1\t1\n99999999999999999999999\t1\t1\t1\n");
}
END_TEST

START_TEST(test_order_bytewise)
{
	extract_opts o = defaults();

	/* one id is not an integer: every id sorts as bytes */
	output_is(HEADER
	    "1,A,x,1,2011-01-01,1,10,UK\n"
	    "1,A,x,1,2011-01-01,1,9,UK\n"
	    "1,A,x,1,2011-01-01,1,A1,UK\n"
	    "1,A,x,1,2011-01-01,1,100,UK\n"
	    "1,A,x,1,2011-01-01,1,b,UK\n"
	    "1,A,x,1,2011-01-01,1,12.5,UK\n",
	    &o, OUT_HEADER
	    "10\t1\t1\t1\n100\t1\t1\t1\n12.5\t1\t1\t1\n9\t1\t1\t1\n"
	    "A1\t1\t1\t1\nb\t1\t1\t1\n");
}
END_TEST

/* Keys with a tab, a newline or a backslash are escaped on output. */
START_TEST(test_id_escaped)
{
	extract_opts o = defaults();

	output_is(HEADER
	    "1,A,x,1,2011-01-01,1,\"a\tb\",UK\n"
	    "1,A,x,1,2011-01-01,1,\"c\nd\",UK\n"
	    "1,A,x,1,2011-01-01,1,e\\f,UK\n",
	    &o, OUT_HEADER
	    "a\\tb\t1\t1\t1\nc\\nd\t1\t1\t1\ne\\\\f\t1\t1\t1\n");
}
END_TEST

/* ---- the reference day ---- */

START_TEST(test_as_of)
{
	extract_opts o = defaults();
	run r;

	o.has_as_of = 1;
	o.as_of = date_from_ymd(2011, 12, 1);
	run_csv(HEADER
	    "1,A,x,1,2011-11-20 10:00,1,1,UK\n"
	    "2,A,x,1,2011-12-01 23:59,2,1,UK\n"
	    "3,A,x,1,2011-12-02 00:00,4,1,UK\n"
	    "4,A,x,1,2011-12-05,8,2,UK\n"
	    "5,A,x,1,2011-11-30,16,3,UK\n"
	    "C6,A,x,-1,2011-12-03,1,1,UK\n", &o, &r);
	ck_assert_msg(r.rc == RFM_OK, "%s", r.e.msg);
	/* Recency from 2011-12-01, whose own rows are kept; the rows of
	 * 12-02 and 12-05 are left out, so customer 2 has none. */
	ck_assert_str_eq(r.out, OUT_HEADER "1\t0\t2\t3\n3\t1\t1\t16\n");
	ck_assert_int_eq(r.st.after_as_of, 2);
	ck_assert_int_eq(r.st.cancelled, 1);
	ck_assert_int_eq(r.st.kept, 3);
	ck_assert_int_eq(r.st.rows, 6);
	ck_assert(r.has_ref);
	ck_assert_int_eq(r.ref, o.as_of);
	ck_assert_ptr_nonnull(strstr(r.report,
	    "rows dropped, after the reference day: 2\n"));
	run_free(&r);
}
END_TEST

/* as_of later than every row: recency counts from it. */
START_TEST(test_as_of_later)
{
	extract_opts o = defaults();

	o.has_as_of = 1;
	o.as_of = date_from_ymd(2012, 1, 1);
	output_is(EXAMPLE, &o, OUT_HEADER
	    "12583\t23\t1\t10\n13047\t395\t1\t15\n17850\t384\t2\t19.5\n");
}
END_TEST

START_TEST(test_clv)
{
	extract_opts o = defaults();

	o.clv = 1;
	/* tenure = reference day (2011-12-10) - first purchase;
	 * avg_order_value = monetary / frequency */
	output_is(EXAMPLE, &o, CLV_HEADER
	    "12583\t1\t1\t10\t2011-12-09\t2011-12-09\t1\t10\n"
	    "13047\t373\t1\t15\t2010-12-02\t2010-12-02\t373\t15\n"
	    "17850\t362\t2\t19.5\t2010-12-01\t2010-12-13\t374\t9.75\n");
}
END_TEST

/* ---- columns ---- */

START_TEST(test_alternative_names)
{
	extract_opts o = defaults();

	/* the names of the second UCI export, in another order */
	output_is(
	    "Customer ID,Invoice,StockCode,Description,Quantity,InvoiceDate,"
	    "Price,Country\n"
	    "17850,536365,A,x,6,12/1/2010 8:26,2.5,UK\n"
	    "17850,536365,B,x,4,12/1/2010 8:26,0.25,UK\n"
	    "17850,536366,C,x,2,12/13/2010 9:00,1.75,UK\n"
	    "13047,536367,A,x,10,12/2/2010 10:00,1.5,UK\n"
	    "12583,536368,B,x,1,12/9/2011 12:50,10,France\n",
	    &o, EXAMPLE_OUT);
}
END_TEST

START_TEST(test_named_columns)
{
	extract_opts o = defaults();

	o.col[COL_CUSTOMER] = "who";
	o.col[COL_INVOICE] = "order";
	o.col[COL_DATE] = "when";
	o.col[COL_QUANTITY] = "n";
	o.col[COL_PRICE] = "each";
	/* CustomerID and InvoiceNo are decoys: the named columns win */
	output_is(
	    "when,CustomerID,n,each,who,InvoiceNo,order\n"
	    "2011-01-01,999,2,1.5,7,X,o1\n"
	    "2011-01-02,999,1,1,7,X,o2\n"
	    "2011-01-03,999,1,1,8,X,o2\n",
	    &o, OUT_HEADER "7\t2\t2\t4\n8\t1\t1\t1\n");
}
END_TEST

/* An amount column instead of quantity and unit price. */
START_TEST(test_amount_column)
{
	extract_opts o = defaults();
	run r;

	o.col[COL_AMOUNT] = "Total";
	run_csv("InvoiceNo,InvoiceDate,CustomerID,Total\n"
	    "1,2011-01-01,5,10.5\n"
	    "2,2011-01-02,5,-3\n"
	    "3,2011-01-03,5,0\n"
	    "C4,2011-01-03,5,7\n"
	    "5,2011-01-02,6,0.25\n", &o, &r);
	ck_assert_msg(r.rc == RFM_OK, "%s", r.e.msg);
	ck_assert_str_eq(r.out, OUT_HEADER "5\t2\t1\t10.5\n6\t1\t1\t0.25\n");
	ck_assert_int_eq(r.st.amount_nonpos, 2);
	ck_assert_int_eq(r.st.cancelled, 1);
	ck_assert_int_eq(r.st.qty_nonpos, 0);
	ck_assert_int_eq(r.st.kept, 2);
	ck_assert_ptr_nonnull(strstr(r.report,
	    "rows dropped, amount <= 0: 2\n"));
	run_free(&r);
}
END_TEST

START_TEST(test_missing_column)
{
	extract_opts o = defaults();
	static const char *const price[] = { "unit price", "\"UnitPrice\"",
		"\"Price\"", "--price-col", NULL };
	static const char *const cust[] = { "\"CustomerID\"",
		"\"Customer ID\"", NULL };
	static const char *const named[] = { "\"Cost\"", NULL };

	fails_with("InvoiceNo,Quantity,InvoiceDate,CustomerID\n"
	    "1,1,2011-01-01,1\n", &o, "t.csv:1: ", price);
	fails_with("InvoiceNo,Quantity,InvoiceDate,UnitPrice,Customer\n",
	    &o, "t.csv:1: ", cust);
	o.col[COL_PRICE] = "Cost";
	fails_with(HEADER, &o, "t.csv:1: ", named);
	/* the header is looked for on the first record, after a BOM */
	o = defaults();
	fails_with("\xEF\xBB\xBF" "InvoiceNo,Quantity,InvoiceDate,CustomerID"
	    "\n", &o, "t.csv:1: ", price);
}
END_TEST

START_TEST(test_duplicate_column)
{
	extract_opts o = defaults();
	static const char *const cust[] = { "\"CustomerID\"", "twice",
		NULL };
	static const char *const price[] = { "\"Price\"", "twice", NULL };

	fails_with("InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID,"
	    "CustomerID\n1,1,2011-01-01,1,1,1\n", &o, "t.csv:1: ", cust);
	fails_with("Invoice,Quantity,InvoiceDate,Price,Customer ID,Price\n",
	    &o, "t.csv:1: ", price);
	/* a duplicated column that is not read is no error */
	output_is("InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID,"
	    "Country,Country\n1,1,2011-01-01,1,1,UK,UK\n", &o,
	    OUT_HEADER "1\t1\t1\t1\n");
}
END_TEST

/* ---- bad data ---- */

START_TEST(test_bad_number)
{
	extract_opts o = defaults();
	static const char *const qty[] = { "\"abc\"", NULL };
	static const char *const price[] = { "\"1,5\"", NULL };
	static const char *const big[] = { "range", NULL };

	fails_with(HEADER
	    "1,A,x,1,2011-01-01,1,1,UK\n"
	    "2,A,x,abc,2011-01-01,1,1,UK\n", &o, "t.csv:3: Quantity: ", qty);
	fails_with(HEADER
	    "1,A,x,1,2011-01-01,\"1,5\",1,UK\n", &o, "t.csv:2: UnitPrice: ",
	    price);
	fails_with(HEADER
	    "1,A,x,1,2011-01-01,,1,UK\n", &o, "t.csv:2: UnitPrice: ", NULL);
	fails_with(HEADER
	    "1,A,x,NaN,2011-01-01,1,1,UK\n", &o, "t.csv:2: Quantity: ", NULL);
	/* the name in the message is the one the header has */
	fails_with("Invoice,Quantity,InvoiceDate,Price,Customer ID\n"
	    "1,1,2011-01-01,x,1\n", &o, "t.csv:2: Price: ", NULL);
	/* quantity x price beyond a double */
	fails_with(HEADER
	    "1,A,x,1e200,2011-01-01,1e200,1,UK\n", &o, "t.csv:2: ", big);
	/* a line number after a multi-line quoted description */
	fails_with(HEADER
	    "1,A,\"two\nlines\",1,2011-01-01,1,1,UK\n"
	    "2,A,x,1,2011-01-01,1.2.3,1,UK\n", &o, "t.csv:4: UnitPrice: ",
	    NULL);
}
END_TEST

START_TEST(test_bad_date)
{
	extract_opts o = defaults();
	static const char *const word[] = { "\"yesterday\"", NULL };
	static const char *const noday[] = { "no such day", "\"2011-02-30\"",
		NULL };

	fails_with(HEADER
	    "1,A,x,1,2011-01-01,1,1,UK\n"
	    "1,A,x,1,2011-01-01,1,1,UK\n"
	    "2,A,x,1,yesterday,1,1,UK\n", &o, "t.csv:4: InvoiceDate: ", word);
	fails_with(HEADER
	    "2,A,x,1,2011-02-30,1,1,UK\n", &o, "t.csv:2: InvoiceDate: ",
	    noday);
	fails_with(HEADER
	    "2,A,x,1,,1,1,UK\n", &o, "t.csv:2: InvoiceDate: ", NULL);
}
END_TEST

START_TEST(test_date_format_option)
{
	extract_opts o = defaults();
	static const char *const fmt[] = { "--date-format", NULL };

	o.date_format = "%d/%m/%Y %H:%M";
	output_is(HEADER
	    "1,A,x,1,09/12/2011 12:50,1,1,UK\n"
	    "2,A,x,1,01/12/2011 08:00,2,2,UK\n",
	    &o, OUT_HEADER "1\t1\t1\t1\n2\t9\t1\t2\n");
	fails_with(HEADER
	    "1,A,x,1,2011-12-09,1,1,UK\n", &o, "t.csv:2: InvoiceDate: ", fmt);
	fails_with(HEADER
	    "1,A,x,1,30/02/2011 10:00,1,1,UK\n", &o,
	    "t.csv:2: InvoiceDate: ", NULL);
}
END_TEST

START_TEST(test_bad_customer_and_shape)
{
	static const char nul_id[] = HEADER
	    "1,A,x,1,2011-01-01,1,\"17\0" "850\",UK\n";
	const char *csv = nul_id;
	size_t len = sizeof nul_id - 1;
	extract_opts o = defaults();
	run r;

	/* a NUL byte inside the id (it would cut the id short) */
	run_files(&csv, &len, NULL, 1, &o, &r);
	ck_assert_int_eq(r.rc, RFM_EDATA);
	ck_assert_msg(strncmp(r.e.msg, "t.csv:2: CustomerID: ", 21) == 0,
	    "message: %s", r.e.msg);
	ck_assert_ptr_nonnull(strstr(r.e.msg, "\"17\\x00850\""));
	run_free(&r);
	/* a row with a field too few */
	fails_with(HEADER
	    "1,A,x,1,2011-01-01,1,1,UK\n"
	    "1,A,x,1,2011-01-01,1,1\n", &o, "t.csv:3: ", NULL);
	/* a monetary total beyond a double */
	fails_with(HEADER
	    "1,A,x,1,2011-01-01,1e308,1,UK\n"
	    "2,A,x,1,2011-01-01,1e308,1,UK\n", &o, "t.csv:3: ", NULL);
}
END_TEST

START_TEST(test_max_bad)
{
	extract_opts o = defaults();
	capture cap;
	char *err;
	run r;
	static const char *const two[] = { "InvoiceDate", NULL };

	/* one bad row and max_bad 1: skipped, counted, reported */
	o.max_bad = 1;
	capture_start(&cap);
	run_csv(HEADER
	    "1,A,x,1,2011-01-01,1,1,UK\n"
	    "2,A,x,abc,2011-01-01,100,1,UK\n"
	    "3,A,x,2,2011-01-02,1,1,UK\n", &o, &r);
	err = capture_end(&cap);
	ck_assert_msg(r.rc == RFM_OK, "%s", r.e.msg);
	ck_assert_int_eq(r.st.bad, 1);
	ck_assert_int_eq(r.st.rows, 3);
	ck_assert_int_eq(r.st.kept, 2);
	ck_assert_str_eq(r.out, OUT_HEADER "1\t1\t2\t3\n");
	ck_assert_msg(strstr(err, "t.csv:3: Quantity: not a number: \"abc\" "
	    "(row skipped)\n") != NULL, "stderr: %s", err);
	ck_assert_ptr_nonnull(strstr(r.report, "bad rows skipped: 1\n"));
	free(err);
	run_free(&r);

	/* a second one fails, naming its own line */
	capture_start(&cap);
	run_csv(HEADER
	    "1,A,x,1,2011-01-01,1,1,UK\n"
	    "2,A,x,abc,2011-01-01,100,1,UK\n"
	    "3,A,x,2,2011-01-02,1,1,UK\n"
	    "4,A,x,2,2011-99-02,1,1,UK\n", &o, &r);
	err = capture_end(&cap);
	ck_assert_int_eq(r.rc, RFM_EDATA);
	ck_assert_int_eq(r.st.bad, 1);
	ck_assert_msg(strncmp(r.e.msg, "t.csv:5: InvoiceDate: ", 22) == 0,
	    "message: %s", r.e.msg);
	free(err);
	run_free(&r);

	/* max_bad 0: the first bad row fails */
	o.max_bad = 0;
	fails_with(HEADER
	    "1,A,x,1,2011-01-01,1,1,UK\n"
	    "2,A,x,1,2011-13-01,1,1,UK\n", &o, "t.csv:3: ", two);
}
END_TEST

/* ---- input shapes ---- */

START_TEST(test_empty_and_header_only)
{
	extract_opts o = defaults();
	run r;

	fails_with("", &o, "t.csv: ", NULL);
	fails_with("\n\n", &o, "t.csv: ", NULL);
	run_csv(HEADER, &o, &r);
	ck_assert_int_eq(r.rc, RFM_OK);
	ck_assert_str_eq(r.out, OUT_HEADER);
	ck_assert_int_eq(r.st.rows, 0);
	ck_assert_int_eq(r.has_ref, 0);
	run_free(&r);
}
END_TEST

/* Several files add up; each has its own header and column order, and
 * an invoice seen in the first file is not counted again. */
START_TEST(test_several_files)
{
	extract_opts o = defaults();
	const char *csv[2] = {
		EXAMPLE,
		"CustomerID,InvoiceDate,InvoiceNo,Quantity,UnitPrice\n"
		"17850,2011-12-10 10:00,536366,1,0.5\n"
		"99,2011-01-01,1,1,1\n"
	};
	const char *name[2] = { "a.csv", "b.csv" };
	run r;

	run_files(csv, NULL, name, 2, &o, &r);
	ck_assert_msg(r.rc == RFM_OK, "%s", r.e.msg);
	/* reference day 2011-12-11 */
	ck_assert_str_eq(r.out, OUT_HEADER
	    "99\t344\t1\t1\n"
	    "12583\t2\t1\t10\n"
	    "13047\t374\t1\t15\n"
	    "17850\t1\t2\t20\n");
	ck_assert_int_eq(r.st.rows, 7);
	run_free(&r);

	/* errors name the file they are in */
	csv[1] = "CustomerID,InvoiceDate,InvoiceNo,Quantity,UnitPrice\n"
	    "17850,2011-12-10 10:00,536366,one,0.5\n";
	run_files(csv, NULL, name, 2, &o, &r);
	ck_assert_int_eq(r.rc, RFM_EDATA);
	ck_assert_msg(strncmp(r.e.msg, "b.csv:2: Quantity: ", 19) == 0,
	    "message: %s", r.e.msg);
	run_free(&r);
}
END_TEST

/* A read field longer than the reader's first buffer (4 KB), after the
 * invoice number: "000...02" is the quantity 2. */
START_TEST(test_long_field)
{
	enum { ZEROS = 5000 };
	extract_opts o = defaults();
	size_t cap = sizeof HEADER + ZEROS + 200, n;
	char *csv = malloc(cap);

	ck_assert_ptr_nonnull(csv);
	n = (size_t)snprintf(csv, cap, "%s1,A,x,1,2011-01-01,1,7,UK\n2,A,x,",
	    HEADER);
	memset(csv + n, '0', ZEROS);
	n += ZEROS;
	snprintf(csv + n, cap - n, "2,2011-01-02,1.5,7,UK\n");
	output_is(csv, &o, OUT_HEADER "7\t1\t2\t4\n");
	free(csv);
}
END_TEST

/* ---- threads ---- */

/*
 * About 4 MB of rows (several 1 MB blocks): every policy case, ids in
 * "17850.0" form, quoted descriptions with commas and newlines, and three
 * bad quantities.
 */
static char *
big_export(size_t *lenp)
{
	enum { N = 60000 };
	size_t cap = (size_t)N * 120, n = 0;
	char *s = malloc(cap), desc[64], qty[16], cust[32];
	int32_t base = date_from_ymd(2010, 12, 1);
	int y, m, d;
	long i;

	ck_assert_ptr_nonnull(s);
	n = (size_t)snprintf(s, cap, "%s", HEADER);
	for (i = 0; i < N; i++) {
		date_to_ymd(base + (int32_t)(i * 13 % 370), &y, &m, &d);
		if (i % 1000 == 7)
			snprintf(desc, sizeof desc, "\"LINE %ld,\nNEXT\"", i);
		else
			snprintf(desc, sizeof desc, "ITEM %ld", i % 4000);
		if (i % 20011 == 5000)
			snprintf(qty, sizeof qty, "x%ld", i);
		else
			snprintf(qty, sizeof qty, "%ld", i * 7 % 25 - 2);
		if (i % 500 == 1)
			cust[0] = '\0';
		else
			snprintf(cust, sizeof cust, "%ld%s",
			    12000 + i * 7919 % 3000, i % 311 == 0 ? ".0" : "");
		n += (size_t)snprintf(s + n, cap - n,
		    "%s%ld,S%ld,%s,%s,%d/%d/%d %ld:%02ld,%ld.%02ld,%s,UK\n",
		    i % 97 == 0 ? "C" : "", 500000 + i / 3, i % 500, desc, qty,
		    m, d, y, i % 24, i % 60, (i * 31 + 7) % 1000 / 100,
		    (i * 31 + 7) % 100, cust);
	}
	ck_assert_uint_lt(n, cap);
	*lenp = n;
	return s;
}

/* One run with nthreads threads: rc, message, output, stats, stderr. */
typedef struct threaded {
	run r;
	char *err;
} threaded;

static void
run_threaded(const char *csv, size_t len, const extract_opts *o,
    int nthreads, threaded *t)
{
	capture cap;

	run_threads = nthreads;
	capture_start(&cap);
	run_files(&csv, &len, NULL, 1, o, &t->r);
	t->err = capture_end(&cap);
	run_threads = 0;
}

static void
assert_same(const threaded *a, const threaded *b)
{
	ck_assert_int_eq(a->r.rc, b->r.rc);
	ck_assert_str_eq(a->r.e.msg, b->r.e.msg);
	ck_assert_str_eq(a->err, b->err);
	ck_assert_int_eq(memcmp(&a->r.st, &b->r.st, sizeof a->r.st), 0);
	if (a->r.out != NULL || b->r.out != NULL) {
		ck_assert_ptr_nonnull(a->r.out);
		ck_assert_ptr_nonnull(b->r.out);
		ck_assert_str_eq(a->r.out, b->r.out);
		ck_assert_str_eq(a->r.report, b->r.report);
	}
}

static void
threaded_free(threaded *t)
{
	run_free(&t->r);
	free(t->err);
}

/* The output, the warnings and the first error do not depend on the
 * number of threads. */
START_TEST(test_threads_same_result)
{
	extract_opts o = defaults();
	threaded one, four;
	size_t len;
	char *csv = big_export(&len);
	const char *p;
	int warnings = 0;

	o.max_bad = 10;
	run_threaded(csv, len, &o, 1, &one);
	ck_assert_msg(one.r.rc == RFM_OK, "%s", one.r.e.msg);
	ck_assert_int_eq(one.r.st.rows, 60000);
	ck_assert_int_eq(one.r.st.bad, 3);
	ck_assert_int_gt(one.r.st.cancelled, 0);
	ck_assert_int_gt(one.r.st.qty_nonpos, 0);
	ck_assert_int_gt(one.r.st.price_nonpos, 0);
	ck_assert_int_gt(one.r.st.no_customer, 0);
	ck_assert_uint_gt(one.r.customers, 2000);
	for (p = one.err; (p = strstr(p, "(row skipped)")) != NULL; p++)
		warnings++;
	ck_assert_int_eq(warnings, 3);
	run_threaded(csv, len, &o, 4, &four);
	assert_same(&one, &four);
	threaded_free(&one);
	threaded_free(&four);

	/* the second bad row ends the run: the same error either way */
	o.max_bad = 1;
	run_threaded(csv, len, &o, 1, &one);
	ck_assert_int_eq(one.r.rc, RFM_EDATA);
	ck_assert_msg(strncmp(one.r.e.msg, "t.csv:", 6) == 0 &&
	    strstr(one.r.e.msg, ": Quantity: not a number: \"x") != NULL,
	    "message: %s", one.r.e.msg);
	run_threaded(csv, len, &o, 4, &four);
	assert_same(&one, &four);
	threaded_free(&one);
	threaded_free(&four);
	free(csv);
}
END_TEST

/* csv fails with message msg, and the same way with 4 threads as with 1. */
static void
fails_alike(const char *csv, size_t len, const extract_opts *o,
    const char *msg)
{
	threaded one, four;

	run_threaded(csv, len, o, 1, &one);
	ck_assert_msg(one.r.rc == RFM_EDATA, "rc %d: %s", one.r.rc,
	    one.r.e.msg);
	ck_assert_str_eq(one.r.e.msg, msg);
	run_threaded(csv, len, o, 4, &four);
	assert_same(&one, &four);
	threaded_free(&one);
	threaded_free(&four);
}

/*
 * Header, then 40,000 rows on 40,800 lines (every 100th has a description
 * of three lines), about 2 MB: the rows after them, tail, are in a later
 * block than the header and start on line 40802.
 */
static char *
late_export(const char *tail, size_t *lenp)
{
	enum { N = 40000 };
	size_t cap = (size_t)N * 64 + strlen(tail) + 128, n;
	char *s = malloc(cap);
	long i;

	ck_assert_ptr_nonnull(s);
	n = (size_t)snprintf(s, cap, "%s", HEADER);
	for (i = 0; i < N; i++)
		n += (size_t)snprintf(s + n, cap - n,
		    "5%05ld,P,%s,1,2011-01-01,1.5,%ld,UK\n", i / 4,
		    i % 100 == 50 ? "\"A\nB\nC\"" : "ITEM", 10000 + i % 300);
	n += (size_t)snprintf(s + n, cap - n, "%s", tail);
	ck_assert_uint_lt(n, cap);
	*lenp = n;
	return s;
}

/* Errors in a block after the header's name the same lines as in the
 * first block, with one thread or several. */
START_TEST(test_error_lines_in_later_blocks)
{
	static const struct {
		const char *tail;
		const char *msg;
	} t[] = {
		{ "9,A,\"two\nlines\",1,2011-01-01,1e308,99,UK\n"
		    "9,A,x,1,2011-01-01,1e308,99,UK\n",
		    "t.csv:40804: the monetary total of customer \"99\" is out of "
		    "range" },
		{ "9,A,\"a\nb\",zz,2011-01-01,1,99,UK\n",
		    "t.csv:40802: Quantity: not a number: \"zz\"" },
		{ "9,A,\"a\nb\",1,2011-01-01,1,99,UK\n9,A,x\"y,1,2011-01-01,1,"
		    "99,UK\n", "t.csv:40804: malformed CSV: a quote inside an "
		    "unquoted field or text after a closing quote" },
		{ "9,A,x,1\n", "t.csv:40802: expected 8 fields, found 4" },
		{ "9,A,x,1,2011-01-01,1,99,UK\n9,A,\"open\n\n",
		    "t.csv:40803: end of file inside a quoted field" },
	};
	extract_opts o = defaults();
	size_t i, len;
	char *csv;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		csv = late_export(t[i].tail, &len);
		fails_alike(csv, len, &o, t[i].msg);
		free(csv);
	}
}
END_TEST

/* A quoted field of 3 MB on 30,001 lines, after the header's block: read
 * whole, and the line of the row after it. */
START_TEST(test_long_field_in_later_block)
{
	enum { LINES = 30000, WIDTH = 100 };
	static const char head[] = "9,A,\"", rest[] = "\",1,2011-01-01,1,99,UK\n";
	static const char bad[] = "9,A,x,zz,2011-01-01,1,99,UK\n";
	size_t cap = sizeof head + (size_t)LINES * WIDTH + sizeof rest +
	    sizeof bad, n, len;
	char *tail = malloc(cap), *csv;
	extract_opts o = defaults();
	threaded four;
	long i;

	ck_assert_ptr_nonnull(tail);
	n = (size_t)snprintf(tail, cap, "%s", head);
	for (i = 0; i < LINES; i++) {
		memset(tail + n, 'a', WIDTH - 1);
		tail[n + WIDTH - 1] = '\n';
		n += WIDTH;
	}
	n += (size_t)snprintf(tail + n, cap - n, "%s%s", rest, bad);
	ck_assert_uint_lt(n, cap);

	csv = late_export(tail, &len);
	fails_alike(csv, len, &o, "t.csv:70803: Quantity: not a number: "
	    "\"zz\"");
	free(csv);

	/* without the bad row: customer 99 has its row */
	tail[n - strlen(bad)] = '\0';
	csv = late_export(tail, &len);
	run_threaded(csv, len, &o, 4, &four);
	ck_assert_msg(four.r.rc == RFM_OK, "%s", four.r.e.msg);
	ck_assert_int_eq(four.r.st.rows, 40001);
	ck_assert_ptr_nonnull(strstr(four.r.out, "\n99\t1\t1\t1\n"));
	threaded_free(&four);
	free(csv);
	free(tail);
}
END_TEST

/* ---- the exact sum ---- */

START_TEST(test_exact_sum)
{
	extract_opts o = defaults();
	static const char *const rows[] = {
		"1,A,x,1,2011-01-01,1,1,UK\n",
		"2,A,x,1,2011-01-01,1e100,1,UK\n",
		"3,A,x,1,2011-01-01,1,1,UK\n",
		"C4,A,x,-1,2011-01-01,1e100,1,UK\n",
	};
	char in[512];
	int order;

	/*
	 * 1e16 + 1 + 1 is 1e16 + 2, where a plain sum stays at 1e16; ten
	 * times 0.1 is 1, where a plain sum ends at 0.9999999999999999.
	 */
	output_is(HEADER
	    "1,A,x,1,2011-01-01,1e16,1,UK\n"
	    "2,A,x,1,2011-01-01,1,1,UK\n"
	    "3,A,x,1,2011-01-01,1,1,UK\n"
	    "11,A,x,1,2011-01-01,0.1,2,UK\n"
	    "12,A,x,1,2011-01-01,0.1,2,UK\n"
	    "13,A,x,1,2011-01-01,0.1,2,UK\n"
	    "14,A,x,1,2011-01-01,0.1,2,UK\n"
	    "15,A,x,1,2011-01-01,0.1,2,UK\n"
	    "16,A,x,1,2011-01-01,0.1,2,UK\n"
	    "17,A,x,1,2011-01-01,0.1,2,UK\n"
	    "18,A,x,1,2011-01-01,0.1,2,UK\n"
	    "19,A,x,1,2011-01-01,0.1,2,UK\n"
	    "20,A,x,1,2011-01-01,0.1,2,UK\n", &o,
	    OUT_HEADER "1\t1\t3\t10000000000000002\n2\t1\t10\t1\n");

	/*
	 * With returns kept, 1, 1e100, 1 and -1e100 sum to 2 in either
	 * order, where Kahan's compensated sum gives 0 in this order and 1
	 * in the reverse one.
	 */
	o.keep_all = 1;
	for (order = 0; order < 2; order++) {
		snprintf(in, sizeof in, HEADER "%s%s%s%s",
		    rows[order ? 3 : 0], rows[order ? 2 : 1],
		    rows[order ? 1 : 2], rows[order ? 0 : 3]);
		output_is(in, &o, OUT_HEADER "1\t1\t4\t2\n");
	}
}
END_TEST

Suite *
suite_extract(void)
{
	Suite *s = suite_create("extract");
	TCase *tc;

	tc = tcase_create("metrics");
	tcase_add_test(tc, test_example);
	tcase_add_test(tc, test_example_bom_crlf);
	tcase_add_test(tc, test_time_of_day_ignored);
	tcase_add_test(tc, test_repeated_invoice);
	tcase_add_test(tc, test_exact_sum);
	suite_add_tcase(s, tc);

	tc = tcase_create("policy");
	tcase_add_test(tc, test_policy_default);
	tcase_add_test(tc, test_policy_keep_all);
	tcase_add_test(tc, test_all_rows_dropped);
	tcase_add_test(tc, test_as_of);
	tcase_add_test(tc, test_as_of_later);
	tcase_add_test(tc, test_clv);
	suite_add_tcase(s, tc);

	tc = tcase_create("ids");
	tcase_add_test(tc, test_id_float_form);
	tcase_add_test(tc, test_order_numeric);
	tcase_add_test(tc, test_order_bytewise);
	tcase_add_test(tc, test_id_escaped);
	suite_add_tcase(s, tc);

	tc = tcase_create("columns");
	tcase_add_test(tc, test_alternative_names);
	tcase_add_test(tc, test_named_columns);
	tcase_add_test(tc, test_amount_column);
	tcase_add_test(tc, test_missing_column);
	tcase_add_test(tc, test_duplicate_column);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_bad_number);
	tcase_add_test(tc, test_bad_date);
	tcase_add_test(tc, test_date_format_option);
	tcase_add_test(tc, test_bad_customer_and_shape);
	tcase_add_test(tc, test_max_bad);
	tcase_add_test(tc, test_empty_and_header_only);
	tcase_add_test(tc, test_several_files);
	tcase_add_test(tc, test_long_field);
	suite_add_tcase(s, tc);

	tc = tcase_create("threads");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_threads_same_result);
	tcase_add_test(tc, test_error_lines_in_later_blocks);
	tcase_add_test(tc, test_long_field_in_later_block);
	suite_add_tcase(s, tc);
	return s;
}
