/*
 * gen - synthetic, deterministic data for the benchmarks.
 *
 * usage: gen points N D [seed]   N rows of D features: a mixture of six
 *                                Gaussian blobs (unit spread, centres
 *                                drawn with spread 3), header id, x1..xD
 *        gen rfm N [seed]        N customers: recency 1-373 days,
 *                                frequency >= 1 (geometric), monetary
 *                                log-normal, header customer_id,
 *                                recency, frequency, monetary
 *        gen transactions N C [seed [days]]
 *                                N transaction rows in the UCI Online
 *                                Retail layout from C customers: invoices
 *                                of 1-40 lines (mean about 20), dates
 *                                moving through 2010-12-01..2011-12-09
 *                                (or the given number of days from
 *                                2010-12-01: the rows of the last day
 *                                come last, as a nightly export),
 *                                2% cancellations (C invoices, negative
 *                                quantities), 0.3% zero prices, 25% of
 *                                invoices without a customer; 1% of
 *                                descriptions quoted with a comma
 *        gen export N C [seed [days]]
 *                                the same rows with every description
 *                                quoted, as exports that quote all text
 *                                fields write them
 *        gen blobs N [seed]      N points in four overlapping 3-D
 *                                Gaussian blobs (spread 0.6, centres
 *                                1.5-2.9 apart), header id, x1..x3
 *        gen collide N [seed]    N transaction rows in the UCI layout,
 *                                one a customer, each its own invoice,
 *                                whose N customer ids of 24 printable
 *                                bytes all have one hash under strmap's
 *                                old unkeyed hash (collide.h)
 *        gen scatter N [seed]    the same rows with ids of the same
 *                                form, their last 16 bytes random
 *
 * The same arguments give the same bytes on every machine (rfmkit's own
 * random generator, numbers in their shortest exact form); the colliding
 * ids on every little-endian one.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collide.h"
#include "date.h"
#include "err.h"
#include "rng.h"
#include "tsv.h"

/* A standard normal draw (Box-Muller, one of the pair). */
static double
normal(rng *g)
{
	double u = rng_uniform(g), v = rng_uniform(g);

	return sqrt(-2 * log(1 - u)) * cos(2 * M_PI * v);
}

static void
points(long n, int d, uint64_t seed)
{
	double c[6][16];
	rng g;
	long i;
	int j, b;

	rng_seed(&g, seed, 1);
	for (b = 0; b < 6; b++)
		for (j = 0; j < d; j++)
			c[b][j] = 3 * normal(&g);
	fputs("id", stdout);
	for (j = 0; j < d; j++)
		printf("\tx%d", j + 1);
	putchar('\n');
	for (i = 0; i < n; i++) {
		b = (int)rng_below(&g, 6);
		printf("%ld", i);
		for (j = 0; j < d; j++) {
			putchar('\t');
			tsv_put_num(stdout, c[b][j] + normal(&g));
		}
		putchar('\n');
	}
}

/*
 * Four overlapping blobs in 3 dimensions, spread 0.6 around fixed centres
 * 1.5 to 2.9 apart: a hard case for k-means, where restarts end in many
 * near-identical optima.
 */
static void
blobs(long n, uint64_t seed)
{
	static const double c[4][3] = {
		{ 0, 0, 0 }, { 1.5, 0, 0 }, { 0, 2, 0 }, { 1, 1, 2.5 }
	};
	rng g;
	long i;
	int j, b;

	rng_seed(&g, seed, 4);
	puts("id\tx1\tx2\tx3");
	for (i = 0; i < n; i++) {
		b = (int)rng_below(&g, 4);
		printf("%ld", i);
		for (j = 0; j < 3; j++) {
			putchar('\t');
			tsv_put_num(stdout, c[b][j] + 0.6 * normal(&g));
		}
		putchar('\n');
	}
}

static void
rfm(long n, uint64_t seed)
{
	rng g;
	long i, f;

	rng_seed(&g, seed, 2);
	puts("customer_id\trecency\tfrequency\tmonetary");
	for (i = 0; i < n; i++) {
		for (f = 1; rng_uniform(&g) < 0.7 && f < 500; f++)
			;
		printf("%ld\t%ld\t%ld\t", 100000 + i,
		    1 + (long)rng_below(&g, 373), f);
		tsv_put_num(stdout, round(exp(5.5 + 1.2 * normal(&g) +
		    0.3 * log((double)f)) * 100) / 100);
		putchar('\n');
	}
}

/* Append the decimal digits of v (>= 0) at p; returns the end. */
static char *
put_long(char *p, long v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* A price in cents as the shortest decimal: 110 -> "1.1", 100 -> "1". */
static char *
put_cents(char *p, long c)
{
	p = put_long(p, c / 100);
	if (c % 100) {
		*p++ = '.';
		*p++ = (char)('0' + c % 100 / 10);
		if (c % 10)
			*p++ = (char)('0' + c % 10);
	}
	return p;
}

/*
 * Transactions: invoices one after another, each of one customer (or of
 * none), with lines that share the invoice's date.  Formatted by hand
 * into a buffer, fast enough to feed rfm-extract through a pipe; memory
 * is constant.
 */
static void
transactions(long n, long customers, uint64_t seed, int quote_all, long days)
{
	static const char *const desc[] = { "WHITE HANGING HEART T-LIGHT HOLDER",
	    "REGENCY CAKESTAND 3 TIER", "JUMBO BAG RED RETROSPOT",
	    "\"SET OF 3 CAKE TINS, PANTRY DESIGN\"", "PARTY BUNTING",
	    "LUNCH BAG RED RETROSPOT", "\"GLASS STAR, FROSTED\"",
	    "ASSORTED COLOUR BIRD ORNAMENT" };
	static const char *const plain[] = {
	    "WHITE HANGING HEART T-LIGHT HOLDER", "REGENCY CAKESTAND 3 TIER",
	    "JUMBO BAG RED RETROSPOT", "PARTY BUNTING",
	    "LUNCH BAG RED RETROSPOT", "ASSORTED COLOUR BIRD ORNAMENT" };
	static char buf[1 << 16];
	char date[32], tail[64], *p;
	const char *dsc;
	size_t dlen, tlen, l;
	rng g;
	long row = 0, invoice = 536365, lines, j, cust, qty;
	/* minutes since 2010-12-01 00:00, up to the end of the days-th day */
	double minute = 8 * 60, step, end = (double)days * 24 * 60;
	int cancel, y, m, d, hh, mm;
	int32_t day0 = 14944;   /* 2010-12-01 */

	rng_seed(&g, seed, 3);
	step = end / ((double)n / 20 + 1);
	puts("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
	    "CustomerID,Country");
	p = buf;
	while (row < n) {
		lines = 1 + (long)rng_below(&g, 40);
		cancel = rng_uniform(&g) < 0.02;
		cust = rng_uniform(&g) < 0.25 ? -1 :
		    12346 + (long)rng_below(&g, (uint64_t)customers);
		minute += step * (0.5 + rng_uniform(&g));
		if (minute >= end)
			minute = end - 1;
		date_to_ymd(day0 + (int32_t)(minute / (24 * 60)), &y, &m, &d);
		hh = (int)fmod(minute / 60, 24);
		mm = (int)fmod(minute, 60);
		dlen = (size_t)snprintf(date, sizeof date,
		    ",%04d-%02d-%02d %02d:%02d:00,", y, m, d, hh, mm);
		tlen = cust >= 0 ? (size_t)snprintf(tail, sizeof tail,
		    ",%ld,United Kingdom\n", cust) :
		    (size_t)snprintf(tail, sizeof tail, ",,United Kingdom\n");
		for (j = 0; j < lines && row < n; j++, row++) {
			if (p - buf > (long)sizeof buf - 256) {
				fwrite(buf, 1, (size_t)(p - buf), stdout);
				p = buf;
			}
			qty = 1 + (long)rng_below(&g, 24);
			if (cancel)
				*p++ = 'C';
			p = put_long(p, invoice);
			*p++ = ',';
			p = put_long(p, 20000 + (long)rng_below(&g, 4000));
			if (rng_uniform(&g) < 0.5)
				*p++ = 'A';
			*p++ = ',';
			/* About 1% of the lines quote a description with a
			 * comma, as in the UCI file. */
			dsc = rng_uniform(&g) < 0.01 ? desc[3 + 3 *
			    rng_below(&g, 2)] : plain[rng_below(&g, 6)];
			l = strlen(dsc);
			if (quote_all && dsc[0] != '"')
				*p++ = '"';
			memcpy(p, dsc, l);
			p += l;
			if (quote_all && dsc[0] != '"')
				*p++ = '"';
			*p++ = ',';
			if (cancel)
				*p++ = '-';
			p = put_long(p, qty);
			memcpy(p, date, dlen);
			p += dlen;
			p = put_cents(p, rng_uniform(&g) < 0.003 ? 0 :
			    (long)round(exp(0.2 + 1.1 * normal(&g)) * 100));
			memcpy(p, tail, tlen);
			p += tlen;
		}
		invoice++;
	}
	fwrite(buf, 1, (size_t)(p - buf), stdout);
}

/*
 * One row a customer, ids colliding under the old hash or not: the same
 * work for rfm-extract but for its hash table.  Both have the same first
 * 8 bytes (in order, as the sort sees them), then 16 bytes that collide
 * or are random.  The dates move through 2010-12-01..2011-12-08.
 */
static void
id_rows(long n, uint64_t seed, int colliding)
{
	unsigned char id[COLLIDE_LEN];
	collide c;
	rng g;
	long i;
	int j, y, m, d;

	rng_seed(&g, seed, 5);
	collide_init(&c, seed);
	puts("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
	    "CustomerID,Country");
	for (i = 0; i < n; i++) {
		if (colliding) {
			if (!collide_next(&c, id))
				rfm_die(RFM_ESOFTWARE, "out of colliding ids");
		} else {
			collide_prefix((uint64_t)i, id);
			for (j = 8; j < COLLIDE_LEN; j++)
				id[j] = c.alpha[rng_below(&g,
				    (uint64_t)c.nalpha)];
		}
		date_to_ymd(14944 + (int32_t)(i * 373 / n), &y, &m, &d);
		printf("%ld,85123A,WHITE HANGING HEART T-LIGHT HOLDER,%d,"
		    "%04d-%02d-%02d %02d:%02d:00,2.55,%.*s,United Kingdom\n",
		    536365 + i, 1 + (int)(i % 12), y, m, d, 8 + (int)(i % 10),
		    (int)(i % 60), COLLIDE_LEN, (const char *)id);
	}
}

int
main(int argc, char **argv)
{
	rfm_setprog("gen");
	if (argc >= 4 && strcmp(argv[1], "points") == 0 && atoi(argv[3]) >= 1 &&
	    atoi(argv[3]) <= 16)
		points(atol(argv[2]), atoi(argv[3]),
		    argc > 4 ? strtoull(argv[4], NULL, 10) : 1);
	else if (argc >= 3 && strcmp(argv[1], "rfm") == 0)
		rfm(atol(argv[2]), argc > 3 ? strtoull(argv[3], NULL, 10) : 1);
	else if (argc >= 4 && (strcmp(argv[1], "transactions") == 0 ||
	    strcmp(argv[1], "export") == 0) && atol(argv[3]) >= 1)
		transactions(atol(argv[2]), atol(argv[3]),
		    argc > 4 ? strtoull(argv[4], NULL, 10) : 1,
		    strcmp(argv[1], "export") == 0,
		    argc > 5 && atol(argv[5]) >= 1 ? atol(argv[5]) : 373);
	else if (argc >= 3 && strcmp(argv[1], "blobs") == 0)
		blobs(atol(argv[2]), argc > 3 ? strtoull(argv[3], NULL, 10) : 1);
	else if (argc >= 3 && (strcmp(argv[1], "collide") == 0 ||
	    strcmp(argv[1], "scatter") == 0))
		id_rows(atol(argv[2]), argc > 3 ? strtoull(argv[3], NULL, 10) :
		    1, strcmp(argv[1], "collide") == 0);
	else {
		fputs("usage: gen points N D [seed]\n       gen blobs N [seed]\n"
		    "       gen rfm N [seed]\n"
		    "       gen transactions N C [seed [days]]\n"
		    "       gen export N C [seed [days]]\n"
		    "       gen collide N [seed]\n       gen scatter N [seed]\n",
		    stderr);
		return RFM_EUSAGE;
	}
	return rfm_close_stdout();
}
