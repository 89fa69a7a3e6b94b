/*
 * csvmangle - rewrite a CSV the ways other exports differ from the UCI
 * file, for the parity tests: dates as M/D/YYYY H:MM, CRLF line ends,
 * columns in another order.  Fields are re-quoted per RFC 4180.
 *
 * usage: csvmangle [-u datecol] [-q col] [-r] [-o order] < in.csv > out.csv
 *   -u datecol  rewrite "YYYY-MM-DD HH:MM[:SS]" in that column (1-based)
 *   -q col      quote that column's fields (1-based) in every data row,
 *               as exports that quote all text do
 *   -r          end records with CRLF
 *   -o order    output columns, a comma-separated list of 1-based input
 *               columns, e.g. 7,5,1,2,3,4,6,8
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"
#include "err.h"

static long datecol = -1, quotecol = -1;
static const char *eol = "\n";
static long order[64];
static size_t norder;

static void
put_field(const char *p, size_t len, int quote)
{
	size_t i;

	if (!quote && strcspn(p, ",\"\r\n") >= len) {
		fwrite(p, 1, len, stdout);
		return;
	}
	putchar('"');
	for (i = 0; i < len; i++) {
		if (p[i] == '"')
			putchar('"');
		putchar(p[i]);
	}
	putchar('"');
}

static int
on_row(void *ctx, const csv_row *r, rfm_error *e)
{
	static int header = 1;
	char buf[64];
	int y, mo, d, h, mi, n;
	size_t i, k, cols = norder ? norder : r->n;

	(void)ctx;
	for (i = 0; i < cols; i++) {
		k = norder ? (size_t)order[i] : i;
		if (k >= r->n)
			return rfm_fail(e, RFM_EDATA, "csvmangle", r->line, NULL,
			    "no column %zu", k + 1);
		if (i > 0)
			putchar(',');
		if (!header && (long)k == datecol &&
		    sscanf(r->f[k].p, "%d-%d-%d %d:%d%n", &y, &mo, &d, &h, &mi,
		    &n) == 5) {
			snprintf(buf, sizeof buf, "%d/%d/%d %d:%02d", mo, d, y, h,
			    mi);
			fputs(buf, stdout);
		} else {
			put_field(r->f[k].p, r->f[k].len,
			    !header && (long)k == quotecol);
		}
	}
	fputs(eol, stdout);
	header = 0;
	return 0;
}

int
main(int argc, char **argv)
{
	rfm_error e;
	char *s, *tok;
	int c;

	rfm_setprog("csvmangle");
	while ((c = getopt(argc, argv, "u:q:ro:")) != -1) {
		switch (c) {
		case 'u':
			datecol = atol(optarg) - 1;
			break;
		case 'q':
			quotecol = atol(optarg) - 1;
			break;
		case 'r':
			eol = "\r\n";
			break;
		case 'o':
			s = optarg;
			while ((tok = strsep(&s, ",")) != NULL && norder < 64)
				order[norder++] = atol(tok) - 1;
			break;
		default:
			fprintf(stderr, "usage: csvmangle [-u datecol] [-q col] "
			    "[-r] [-o order]\n");
			return RFM_EUSAGE;
		}
	}
	if (csv_read(STDIN_FILENO, "<stdin>", on_row, NULL, NULL, &e) != 0)
		rfm_die_error(&e);
	return rfm_close_stdout();
}
