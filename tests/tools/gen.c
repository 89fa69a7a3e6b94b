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
 *
 * The same arguments give the same bytes on every machine (rfmkit's own
 * random generator, numbers in their shortest exact form).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	else {
		fputs("usage: gen points N D [seed]\n       gen rfm N [seed]\n",
		    stderr);
		return RFM_EUSAGE;
	}
	return rfm_close_stdout();
}
