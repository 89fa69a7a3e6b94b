/*
 * rfm-extract - transaction CSV in, one Recency/Frequency/Monetary row per
 * customer out.  See rfm-extract(1).
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "cli.h"
#include "date.h"
#include "err.h"
#include "extract.h"
#include "partial.h"
#include "textenc.h"

static const char usage_text[] =
"usage: rfm-extract [-av] [-d c] [--decimal-comma] [--net-returns]\n"
"                   [--as-of date] [--since date | --window days] [--clv]\n"
"                   [--frequency invoices | days | rows] [--no-monetary]\n"
"                   [--encoding name]\n"
"                   [--max-bad n] [--date-format format] [--no-header]\n"
"                   [--customer-col col] [--invoice-col col] [--date-col col]\n"
"                   [--quantity-col col] [--price-col col]\n"
"                   [--amount-col col] [file ...]\n"
"       rfm-extract --partial [options] [file ...]\n"
"       rfm-extract --merge [--partial] [--as-of date | latest] [--clv]\n"
"                   [state ...]\n"
"       rfm-extract --state state [options] file ...\n";

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
"      --as-of date            reference day for recency (default, or\n"
"                              'latest': the day after the latest\n"
"                              purchase); later rows are left out;\n"
"                              YYYY-MM-DD, today, or as --date-format\n"
"      --since date            leave out rows dated before date\n"
"      --window days           leave out rows dated more than days before\n"
"                              the reference day (needs --as-of)\n"
"      --clv                   add first_purchase, last_purchase, tenure\n"
"                              and avg_order_value columns\n"
"      --frequency what        count distinct invoices (default), distinct\n"
"                              purchase days, or rows: for exports without\n"
"                              an invoice column\n"
"      --no-monetary           the export has no money column: monetary\n"
"                              is 0\n"
"      --max-bad n             skip up to n bad rows, reporting each\n"
"                              (default 0)\n"
"      --date-format format    parse dates with this strptime(3) format\n"
"      --no-header             the first line is data; columns by number\n"
"      --customer-col col      customer id column, by name or number\n"
"                              (CustomerID, Customer ID)\n"
"      --invoice-col col       invoice column (InvoiceNo, Invoice)\n"
"      --date-col col          date column (InvoiceDate)\n"
"      --quantity-col col      quantity column (Quantity)\n"
"      --price-col col         unit price column (UnitPrice, Price)\n"
"      --amount-col col        line amount column, used instead of quantity\n"
"                              and unit price\n"
"      --partial               write a partial state, not the table\n"
"      --merge                 read partial states, not CSV, and write\n"
"                              their table (or, with --partial, a state)\n"
"      --state file            add the files to the state in file (made\n"
"                              when missing), replace it, write the table\n"
"  -v, --verbose               report row counts and the reference day on\n"
"                              stderr\n"
"  -h, --help                  show this help and exit\n"
"  -V, --version               show the version and exit\n"
"\n"
"Exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input, 74 I/O\n"
"error.  See rfm-extract(1) and rfmkit(7).\n";

enum {
	OPT_AS_OF = 256, OPT_CLV, OPT_MAX_BAD, OPT_DATE_FORMAT, OPT_CUSTOMER,
	OPT_INVOICE, OPT_DATE, OPT_QUANTITY, OPT_PRICE, OPT_AMOUNT,
	OPT_DECIMAL_COMMA, OPT_NET_RETURNS, OPT_SINCE, OPT_WINDOW, OPT_FREQUENCY,
	OPT_NO_MONETARY, OPT_NO_HEADER, OPT_PARTIAL, OPT_MERGE, OPT_STATE
};
enum { OPT_ENCODING = 512 };

static const struct option longopts[] = {
	{ "delimiter", required_argument, NULL, 'd' },
	{ "decimal-comma", no_argument, NULL, OPT_DECIMAL_COMMA },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "keep-all", no_argument, NULL, 'a' },
	{ "net-returns", no_argument, NULL, OPT_NET_RETURNS },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "clv", no_argument, NULL, OPT_CLV },
	{ "frequency", required_argument, NULL, OPT_FREQUENCY },
	{ "no-monetary", no_argument, NULL, OPT_NO_MONETARY },
	{ "no-header", no_argument, NULL, OPT_NO_HEADER },
	{ "max-bad", required_argument, NULL, OPT_MAX_BAD },
	{ "date-format", required_argument, NULL, OPT_DATE_FORMAT },
	{ "customer-col", required_argument, NULL, OPT_CUSTOMER },
	{ "invoice-col", required_argument, NULL, OPT_INVOICE },
	{ "date-col", required_argument, NULL, OPT_DATE },
	{ "quantity-col", required_argument, NULL, OPT_QUANTITY },
	{ "price-col", required_argument, NULL, OPT_PRICE },
	{ "amount-col", required_argument, NULL, OPT_AMOUNT },
	{ "partial", no_argument, NULL, OPT_PARTIAL },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const cli_command command = {
	.optstring = ":ad:vhV", .longopts = longopts,
	.usage = usage_text, .help = help_text
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

/* What --frequency counts. */
static int
frequency(const char *s)
{
	if (strcmp(s, "invoices") == 0)
		return EXTRACT_INVOICES;
	if (strcmp(s, "days") == 0)
		return EXTRACT_DAYS;
	if (strcmp(s, "rows") == 0)
		return EXTRACT_ROWS;
	cli_usage("--frequency: invoices, days or rows, not '%s'", s);
	return 0;
}

/* Merge every state named (stdin when none) into x. */
static void
read_states(extract *x, partial_in *in, int argc, char **argv)
{
	const char *name;
	rfm_error e;
	int i, fd, rc;

	for (i = 0; i < (argc ? argc : 1); i++) {
		if ((fd = cli_open(argc ? argv[i] : "-", &name, &e)) < 0)
			rfm_die_error(&e);
		rc = partial_read_fd(x, in, fd, name, &e);
		if (fd != STDIN_FILENO)
			close(fd);
		if (rc != RFM_OK)
			rfm_die_error(&e);
	}
	if (partial_check(x, &e) != RFM_OK)
		rfm_die_error(&e);
}

/* Add the rows of every file named (stdin when none) to x; with a
 * state, each file is recorded in it, once. */
static void
read_rows(extract *x, partial_in *in, int argc, char **argv)
{
	const char *name;
	rfm_error e;
	int i, fd, rc;

	for (i = 0; i < (argc ? argc : 1); i++) {
		if ((fd = cli_open(argc ? argv[i] : "-", &name, &e)) < 0)
			rfm_die_error(&e);
		if (in != NULL && partial_fingerprint(in, fd, name, &e) !=
		    RFM_OK)
			rfm_die_error(&e);
		rc = extract_fd(x, fd, name, &e);
		if (fd != STDIN_FILENO)
			close(fd);
		if (rc != RFM_OK)
			rfm_die_error(&e);
	}
}

/* The inputs, for the state's r line: the names, "-" for stdin. */
static const char *
names(int argc, char **argv)
{
	static char buf[1024];
	size_t at = 0;
	int i, w;

	snprintf(buf, sizeof buf, "-");
	for (i = 0; i < argc && at < sizeof buf; i++) {
		w = snprintf(buf + at, sizeof buf - at, "%s%s", i ? " " : "",
		    argv[i]);
		at += w < 0 ? 0 : (size_t)w;
	}
	return buf;
}

struct saved {
	extract *x;
	partial_in *in;
};

static int
write_state(FILE *out, void *ctx)
{
	struct saved *sv = ctx;

	partial_write(sv->x, sv->in, out);
	return 0;
}

/* The modes and the options that go with them. */
static void
check_modes(const extract_opts *o, int partial, int merge, const char *state,
    int csv_opt, int latest, int argc, char **argv)
{
	int i;

	if (state != NULL && (partial || merge))
		cli_usage("--state reads and writes its own state: without "
		    "--partial and --merge");
	if (state != NULL && o->has_since)
		cli_usage("--state keeps every night's rows, and a window "
		    "moves every night: --since and --window cannot be "
		    "used with it");
	if (state != NULL && latest)
		cli_usage("--state: the default reference day is already "
		    "the day after the latest purchase; give --as-of a "
		    "date, or nothing");
	if (state != NULL) {
		if (argc == 0)
			cli_usage("--state needs the export as a file: the "
			    "state keeps its checksum, so that the same "
			    "export is never added twice");
		for (i = 0; i < argc; i++)
			if (strcmp(argv[i], "-") == 0)
				cli_usage("--state needs the export as a file, "
				    "not stdin: the state keeps its checksum, "
				    "so that the same export is never added "
				    "twice");
	}
	if (partial && !merge && o->clv)
		cli_usage("--clv changes only the table: give it to the "
		    "merge that writes the table, not to --partial");
	if (partial && merge && (o->has_as_of || latest || o->clv))
		cli_usage("--merge --partial writes a state: --as-of and "
		    "--clv go to the merge that writes the table");
	if (merge && csv_opt)
		cli_usage("--merge reads partial states, not CSV: options "
		    "of the CSV go to the runs that make the states");
}

int
main(int argc, char **argv)
{
	extract_opts o;
	extract x;
	rfm_error e;
	partial_in in;
	struct saved sv;
	const char *as_of = NULL, *since = NULL, *msg, *state = NULL;
	long window = -1;
	int c, rc, verbose = 0, partial = 0, merge = 0, latest = 0;
	int csv_opt = 0, policy_opt = 0;

	rfm_setprog(argv[0]);
	memset(&o, 0, sizeof o);
	while ((c = cli_getopt(&command, argc, argv)) != -1) {
		switch (c) {
		case OPT_PARTIAL:
			partial = 1;
			break;
		case OPT_MERGE:
			merge = 1;
			break;
		case OPT_STATE:
			state = optarg;
			break;
		case 'd':
			o.delim = delimiter(optarg);
			csv_opt = 'd';
			break;
		case OPT_DECIMAL_COMMA:
			o.decimal_comma = 1;
			csv_opt = c;
			break;
		case OPT_ENCODING:
			csv_opt = c;
			if ((o.encoding = textenc_parse(optarg)) < 0)
				cli_usage("--encoding: unknown encoding '%s'; use %s",
				    optarg, textenc_names);
			break;
		case 'a':
			o.keep_all = 1;
			policy_opt = 1;
			break;
		case OPT_NET_RETURNS:
			o.net_returns = 1;
			policy_opt = 1;
			break;
		case OPT_AS_OF:
			as_of = optarg;
			break;
		case OPT_SINCE:
			since = optarg;
			policy_opt = 1;
			break;
		case OPT_WINDOW:
			window = cli_long("--window", optarg, 0, 100000);
			policy_opt = 1;
			break;
		case OPT_CLV:
			o.clv = 1;
			break;
		case OPT_FREQUENCY:
			o.frequency = frequency(optarg);
			policy_opt = 1;
			break;
		case OPT_NO_MONETARY:
			o.no_money = 1;
			policy_opt = 1;
			break;
		case OPT_NO_HEADER:
			o.no_header = 1;
			csv_opt = c;
			break;
		case OPT_MAX_BAD:
			o.max_bad = cli_long("--max-bad", optarg, 0, LONG_MAX);
			csv_opt = c;
			break;
		case OPT_DATE_FORMAT:
			o.date_format = optarg;
			break;
		case OPT_CUSTOMER: case OPT_INVOICE: case OPT_DATE:
		case OPT_QUANTITY: case OPT_PRICE: case OPT_AMOUNT:
			o.col[COL_CUSTOMER + (c - OPT_CUSTOMER)] = optarg;
			csv_opt = c;
			break;
		case 'v':
			verbose = 1;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if ((msg = extract_check_opts(&o)) != NULL)
		cli_usage("%s", msg);
	if (as_of != NULL && strcmp(as_of, "latest") == 0) {
		latest = 1;
		as_of = NULL;
	}
	/* Read like the data's dates, once --date-format is known. */
	if (as_of != NULL) {
		if ((rc = date_parse_as_of(as_of, o.date_format,
		    &o.as_of)) != DATE_OK)
			cli_usage("--as-of: %s: '%s'", date_strerror(rc), as_of);
		o.has_as_of = 1;
	}
	if (since != NULL && window >= 0)
		cli_usage("--since and --window both start the window: "
		    "choose one");
	if (since != NULL) {
		if ((rc = date_parse_as_of(since, o.date_format,
		    &o.since)) != DATE_OK)
			cli_usage("--since: %s: '%s'", date_strerror(rc), since);
		o.has_since = 1;
	}
	/* The window ends at the reference day, which must be known before
	 * the first row is added. */
	if (window >= 0) {
		if (!o.has_as_of)
			cli_usage("--window counts back from the reference "
			    "day, which without --as-of is known only at "
			    "the end: give --as-of (today, or a date), or "
			    "--since");
		o.since = o.as_of - (int32_t)window;
		o.has_since = 1;
	}
	if (o.has_since && o.has_as_of && o.since > o.as_of)
		cli_usage("--since is after the --as-of day: no row could "
		    "be kept");

	check_modes(&o, partial, merge, state, csv_opt, latest, argc, argv);

	partial_init(&in);
	if (merge) {
		/* the policy is the states' own, or the one the options say */
		if (policy_opt) {
			in.want = o;
			in.have_want = PARTIAL_WANT_ROWS;
			in.want_from = "this run's options";
		}
		extract_init(&x, &o);
		read_states(&x, &in, argc, argv);
		if (partial) {
			partial_write(&x, &in, stdout);
			goto done;
		}
		if (partial_reference(&x, &in, o.has_as_of, o.as_of, latest,
		    &e) != RFM_OK)
			rfm_die_error(&e);
	} else if (state != NULL) {
		/* rows go into the state whatever --as-of says, which is
		 * only the reference day of tonight's table */
		in.want = o;
		in.want.has_as_of = 0;
		in.have_want = PARTIAL_WANT_EXACT;
		in.want_from = "this run's options";
		extract_init(&x, &in.want);
		if ((rc = partial_read_path(&x, &in, state, &e)) != RFM_OK)
			rfm_die_error(&e);
		read_rows(&x, &in, argc, argv);
		if (partial_reference(&x, &in, o.has_as_of, o.as_of, 1, &e) !=
		    RFM_OK)
			rfm_die_error(&e);
		/* the state keeps no reference day */
		x.o.has_as_of = 0;
		sv.x = &x;
		sv.in = &in;
		if (atomic_write(state, write_state, &sv, &e) != RFM_OK)
			rfm_die_error(&e);
		x.o.has_as_of = o.has_as_of;
	} else {
		extract_init(&x, &o);
		read_rows(&x, NULL, argc, argv);
		if (partial) {
			partial_run(&in, names(argc, argv));
			partial_write(&x, &in, stdout);
			goto done;
		}
	}
	if (verbose)
		extract_report(&x, stderr);
	if (extract_customers(&x) == 0)
		rfm_warn("warning: no customers: no row was kept%s",
		    verbose ? "" : " (-v tells why)");
	extract_write(&x, stdout);
done:
	if (verbose && partial)
		extract_report(&x, stderr);
	partial_free(&in);
	extract_free(&x);
	return rfm_close_stdout();
}
