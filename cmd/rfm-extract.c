/*
 * rfm-extract - transaction CSV in, one Recency/Frequency/Monetary row per
 * customer out.  See rfm-extract(1).
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "err.h"
#include "extract.h"
#include "textenc.h"

static const char usage_text[] =
"usage: rfm-extract [-av] [-d c] [--decimal-comma] [--net-returns]\n"
"                   [--as-of date] [--clv]\n"
"                   [--encoding name]\n"
"                   [--max-bad n] [--date-format format] [--customer-col name]\n"
"                   [--invoice-col name] [--date-col name]\n"
"                   [--quantity-col name] [--price-col name]\n"
"                   [--amount-col name] [file ...]\n";

static const char help_text[] =
"\n"
"Read transaction CSV files (stdin when none or -) and write one TSV row\n"
"per customer: customer_id, recency, frequency, monetary.\n"
"\n"
"  -d, --delimiter c           fields are separated by c, one byte, or\n"
"                              'tab' (default ',')\n"
"      --decimal-comma         numbers are written 2,55 (a point is\n"
"                              refused: thousands separators are not read)\n"
"      --encoding name         the text is in utf-8 (default), latin1,\n"
"                              cp1252, utf-16, utf-16le or utf-16be;\n"
"                              a UTF-16 byte-order mark is followed\n"
"  -a, --keep-all              keep cancellations and lines with quantity\n"
"                              or price <= 0 (returns net against spend)\n"
"      --net-returns           take returns off each customer's purchases,\n"
"                              monetary floored at 0; returns do not count\n"
"                              as purchases\n"
"      --as-of date            reference day for recency (default: the day\n"
"                              after the latest purchase); later rows are\n"
"                              left out; YYYY-MM-DD or as --date-format\n"
"      --clv                   add first_purchase, last_purchase, tenure\n"
"                              and avg_order_value columns\n"
"      --max-bad n             skip up to n bad rows, reporting each\n"
"                              (default 0)\n"
"      --date-format format    parse dates with this strptime(3) format\n"
"      --customer-col name     customer id column (CustomerID, Customer ID)\n"
"      --invoice-col name      invoice column (InvoiceNo, Invoice)\n"
"      --date-col name         date column (InvoiceDate)\n"
"      --quantity-col name     quantity column (Quantity)\n"
"      --price-col name        unit price column (UnitPrice, Price)\n"
"      --amount-col name       line amount column, used instead of quantity\n"
"                              and unit price\n"
"  -v, --verbose               report row counts and the reference day on\n"
"                              stderr\n"
"  -h, --help                  show this help and exit\n"
"      --version               show the version and exit\n"
"\n"
"Exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input, 74 I/O\n"
"error.  See rfm-extract(1) and rfmkit(7).\n";

enum {
	OPT_AS_OF = 256, OPT_CLV, OPT_MAX_BAD, OPT_DATE_FORMAT, OPT_CUSTOMER,
	OPT_INVOICE, OPT_DATE, OPT_QUANTITY, OPT_PRICE, OPT_AMOUNT, OPT_VERSION,
	OPT_DECIMAL_COMMA, OPT_NET_RETURNS
};
enum { OPT_ENCODING = 512 };

static const struct option longopts[] = {
	{ "delimiter", required_argument, NULL, 'd' },
	{ "decimal-comma", no_argument, NULL, OPT_DECIMAL_COMMA },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "keep-all", no_argument, NULL, 'a' },
	{ "net-returns", no_argument, NULL, OPT_NET_RETURNS },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "clv", no_argument, NULL, OPT_CLV },
	{ "max-bad", required_argument, NULL, OPT_MAX_BAD },
	{ "date-format", required_argument, NULL, OPT_DATE_FORMAT },
	{ "customer-col", required_argument, NULL, OPT_CUSTOMER },
	{ "invoice-col", required_argument, NULL, OPT_INVOICE },
	{ "date-col", required_argument, NULL, OPT_DATE },
	{ "quantity-col", required_argument, NULL, OPT_QUANTITY },
	{ "price-col", required_argument, NULL, OPT_PRICE },
	{ "amount-col", required_argument, NULL, OPT_AMOUNT },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* The byte of --delimiter: one byte, or "tab". */
static char
delimiter(const char *s)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0)
		return '\t';
	if (strlen(s) != 1)
		cli_usage("--delimiter: one byte, or 'tab', not '%s'", s);
	if (*s == '"' || *s == '\r' || *s == '\n')
		cli_usage("--delimiter: a quote or a line end cannot "
		    "separate fields");
	return *s;
}

int
main(int argc, char **argv)
{
	extract_opts o;
	extract x;
	rfm_error e;
	const char *name, *as_of = NULL;
	int c, i, fd, rc, verbose = 0;

	rfm_setprog(argv[0]);
	memset(&o, 0, sizeof o);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ad:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.delim = delimiter(optarg);
			break;
		case OPT_DECIMAL_COMMA:
			o.decimal_comma = 1;
			break;
		case OPT_ENCODING:
			if ((o.encoding = textenc_parse(optarg)) < 0)
				cli_usage("--encoding: unknown encoding '%s'; use %s",
				    optarg, textenc_names);
			break;
		case 'a':
			o.keep_all = 1;
			break;
		case OPT_NET_RETURNS:
			o.net_returns = 1;
			break;
		case OPT_AS_OF:
			as_of = optarg;
			break;
		case OPT_CLV:
			o.clv = 1;
			break;
		case OPT_MAX_BAD:
			o.max_bad = cli_long("--max-bad", optarg, 0, LONG_MAX);
			break;
		case OPT_DATE_FORMAT:
			o.date_format = optarg;
			break;
		case OPT_CUSTOMER: case OPT_INVOICE: case OPT_DATE:
		case OPT_QUANTITY: case OPT_PRICE: case OPT_AMOUNT:
			o.col[COL_CUSTOMER + (c - OPT_CUSTOMER)] = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			return cli_help(usage_text, help_text);
		case OPT_VERSION:
			return cli_version();
		default:
			cli_option_error(argv, c);
		}
	}
	argc -= optind;
	argv += optind;
	if (o.keep_all && o.net_returns)
		cli_usage("--keep-all and --net-returns are two policies: "
		    "choose one");
	/* Read like the data's dates, once --date-format is known. */
	if (as_of != NULL) {
		if ((rc = date_parse_as_of(as_of, o.date_format,
		    &o.as_of)) != DATE_OK)
			cli_usage("--as-of: %s: '%s'", date_strerror(rc), as_of);
		o.has_as_of = 1;
	}

	extract_init(&x, &o);
	for (i = 0; i < (argc ? argc : 1); i++) {
		fd = cli_open(argc ? argv[i] : "-", &name, &e);
		if (fd < 0)
			rfm_die_error(&e);
		rc = extract_fd(&x, fd, name, &e);
		if (fd != STDIN_FILENO)
			close(fd);
		if (rc != RFM_OK)
			rfm_die_error(&e);
	}
	if (verbose)
		extract_report(&x, stderr);
	if (extract_customers(&x) == 0)
		rfm_warn("warning: no customers: no row was kept%s",
		    verbose ? "" : " (-v tells why)");
	extract_write(&x, stdout);
	extract_free(&x);
	return rfm_close_stdout();
}
