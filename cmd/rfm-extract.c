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

/*
 * Every file named (stdin when none) into x: partial states when states
 * is set, else the rows of CSV exports, each recorded in the state in,
 * once, when in is not NULL.
 */
static void
read_inputs(extract *x, partial_in *in, int states, int argc, char **argv)
{
	const char *name;
	rfm_error e;
	int i, fd, rc;

	for (i = 0; i < (argc ? argc : 1); i++) {
		if ((fd = cli_open(argc ? argv[i] : "-", &name, &e)) < 0)
			rfm_die_error(&e);
		if (states) {
			rc = partial_read_fd(x, in, fd, name, &e);
		} else {
			rc = in == NULL ? RFM_OK :
			    partial_fingerprint(in, fd, name, &e);
			if (rc == RFM_OK)
				rc = extract_fd(x, fd, name, &e);
		}
		if (fd != STDIN_FILENO)
			close(fd);
		if (rc != RFM_OK)
			rfm_die_error(&e);
	}
	if (states && partial_check(x, &e) != RFM_OK)
		rfm_die_error(&e);
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

/* What the command line asks for. */
struct run {
	extract_opts o;
	const char *as_of, *since, *state;
	long window;
	int verbose, partial, merge, latest;
	int csv_opt;        /* an option of the CSV reader was given */
	int policy_opt;     /* an option of which rows count was given */
};

/* Option c of the command line into r. */
static void
option(struct run *r, int c)
{
	extract_opts *o = &r->o;

	switch (c) {
	case OPT_PARTIAL:
		r->partial = 1;
		break;
	case OPT_MERGE:
		r->merge = 1;
		break;
	case OPT_STATE:
		r->state = optarg;
		break;
	case OPT_AS_OF:
		r->as_of = optarg;
		break;
	case OPT_CLV:
		o->clv = 1;
		break;
	case OPT_DATE_FORMAT:
		o->date_format = optarg;
		break;
	case 'v':
		r->verbose = 1;
		break;
	/* which rows count: a state keeps them */
	case 'a':
		o->keep_all = 1;
		r->policy_opt = 1;
		break;
	case OPT_NET_RETURNS:
		o->net_returns = 1;
		r->policy_opt = 1;
		break;
	case OPT_SINCE:
		r->since = optarg;
		r->policy_opt = 1;
		break;
	case OPT_WINDOW:
		r->window = cli_long("--window", optarg, 0, 100000);
		r->policy_opt = 1;
		break;
	case OPT_FREQUENCY:
		o->frequency = frequency(optarg);
		r->policy_opt = 1;
		break;
	case OPT_NO_MONETARY:
		o->no_money = 1;
		r->policy_opt = 1;
		break;
	/* how the CSV is read */
	case 'd':
		o->delim = delimiter(optarg);
		r->csv_opt = 1;
		break;
	case OPT_DECIMAL_COMMA:
		o->decimal_comma = 1;
		r->csv_opt = 1;
		break;
	case OPT_ENCODING:
		if ((o->encoding = textenc_parse(optarg)) < 0)
			cli_usage("--encoding: unknown encoding '%s'; use %s",
			    optarg, textenc_names);
		r->csv_opt = 1;
		break;
	case OPT_NO_HEADER:
		o->no_header = 1;
		r->csv_opt = 1;
		break;
	case OPT_MAX_BAD:
		o->max_bad = cli_long("--max-bad", optarg, 0, LONG_MAX);
		r->csv_opt = 1;
		break;
	case OPT_CUSTOMER: case OPT_INVOICE: case OPT_DATE:
	case OPT_QUANTITY: case OPT_PRICE: case OPT_AMOUNT:
		o->col[COL_CUSTOMER + (c - OPT_CUSTOMER)] = optarg;
		r->csv_opt = 1;
		break;
	}
}

/* --as-of, --since and --window, read like the data's dates once
 * --date-format is known. */
static void
days(struct run *r)
{
	extract_opts *o = &r->o;
	int rc;

	if (r->as_of != NULL && strcmp(r->as_of, "latest") == 0) {
		r->latest = 1;
		r->as_of = NULL;
	}
	if (r->as_of != NULL) {
		if ((rc = date_parse_as_of(r->as_of, o->date_format,
		    &o->as_of)) != DATE_OK)
			cli_usage("--as-of: %s: '%s'", date_strerror(rc),
			    r->as_of);
		o->has_as_of = 1;
	}
	if (r->since != NULL && r->window >= 0)
		cli_usage("--since and --window both start the window: "
		    "choose one");
	if (r->since != NULL) {
		if ((rc = date_parse_as_of(r->since, o->date_format,
		    &o->since)) != DATE_OK)
			cli_usage("--since: %s: '%s'", date_strerror(rc),
			    r->since);
		o->has_since = 1;
	}
	/* The window ends at the reference day, which must be known before
	 * the first row is added. */
	if (r->window >= 0) {
		if (!o->has_as_of)
			cli_usage("--window counts back from the reference "
			    "day, which without --as-of is known only at "
			    "the end: give --as-of (today, or a date), or "
			    "--since");
		o->since = o->as_of - (int32_t)r->window;
		o->has_since = 1;
	}
	if (o->has_since && o->has_as_of && o->since > o->as_of)
		cli_usage("--since is after the --as-of day: no row could "
		    "be kept");
}

/* The modes and the options that go with them. */
static void
check_modes(const struct run *r, int argc, char **argv)
{
	const extract_opts *o = &r->o;
	int i;

	if (r->state != NULL && (r->partial || r->merge))
		cli_usage("--state reads and writes its own state: without "
		    "--partial and --merge");
	if (r->state != NULL && o->has_since)
		cli_usage("--state keeps every night's rows, and a window "
		    "moves every night: --since and --window cannot be "
		    "used with it");
	if (r->state != NULL && r->latest)
		cli_usage("--state: the default reference day is already "
		    "the day after the latest purchase; give --as-of a "
		    "date, or nothing");
	for (i = 0; r->state != NULL && i < (argc ? argc : 1); i++)
		if (argc == 0 || strcmp(argv[i], "-") == 0)
			cli_usage("--state needs the export as a file, not "
			    "stdin: the state keeps its checksum, so that the "
			    "same export is never added twice");
	if (r->partial && !r->merge && o->clv)
		cli_usage("--clv changes only the table: give it to the "
		    "merge that writes the table, not to --partial");
	if (r->partial && r->merge && (o->has_as_of || r->latest || o->clv))
		cli_usage("--merge --partial writes a state: --as-of and "
		    "--clv go to the merge that writes the table");
	if (r->merge && r->csv_opt)
		cli_usage("--merge reads partial states, not CSV: options "
		    "of the CSV go to the runs that make the states");
}

/* --merge: the states into x; 1 when the table is to be written. */
static int
merge(const struct run *r, extract *x, partial_in *in, int argc,
    char **argv)
{
	rfm_error e;

	/* the policy is the states' own, or the one the options say */
	if (r->policy_opt) {
		in->want = r->o;
		in->have_want = PARTIAL_WANT_ROWS;
		in->want_from = "this run's options";
	}
	extract_init(x, &r->o);
	read_inputs(x, in, 1, argc, argv);
	if (r->partial) {
		partial_write(x, in, stdout);
		return 0;
	}
	if (partial_reference(x, in, r->o.has_as_of, r->o.as_of, r->latest,
	    &e) != RFM_OK)
		rfm_die_error(&e);
	return 1;
}

/* --state: last night's state and tonight's rows into x, and the new
 * state saved. */
static void
add_to_state(const struct run *r, extract *x, partial_in *in, int argc,
    char **argv)
{
	struct saved sv = { x, in };
	rfm_error e;

	/* rows go into the state whatever --as-of says, which is only the
	 * reference day of tonight's table */
	in->want = r->o;
	in->want.has_as_of = 0;
	in->have_want = PARTIAL_WANT_EXACT;
	in->want_from = "this run's options";
	extract_init(x, &in->want);
	if (partial_read_path(x, in, r->state, &e) != RFM_OK)
		rfm_die_error(&e);
	read_inputs(x, in, 0, argc, argv);
	if (partial_reference(x, in, r->o.has_as_of, r->o.as_of, 1, &e) !=
	    RFM_OK)
		rfm_die_error(&e);
	/* the state keeps no reference day */
	x->o.has_as_of = 0;
	if (atomic_write(r->state, write_state, &sv, &e) != RFM_OK)
		rfm_die_error(&e);
	x->o.has_as_of = r->o.has_as_of;
}

int
main(int argc, char **argv)
{
	struct run r;
	extract x;
	partial_in in;
	const char *msg;
	int c, table = 1;

	rfm_setprog(argv[0]);
	memset(&r, 0, sizeof r);
	r.window = -1;
	while ((c = cli_getopt(&command, argc, argv)) != -1)
		option(&r, c);
	argc -= optind;
	argv += optind;
	if ((msg = extract_check_opts(&r.o)) != NULL)
		cli_usage("%s", msg);
	days(&r);
	check_modes(&r, argc, argv);

	partial_init(&in);
	if (r.merge) {
		table = merge(&r, &x, &in, argc, argv);
	} else if (r.state != NULL) {
		add_to_state(&r, &x, &in, argc, argv);
	} else {
		extract_init(&x, &r.o);
		read_inputs(&x, NULL, 0, argc, argv);
		if (r.partial) {
			partial_run(&in, names(argc, argv));
			partial_write(&x, &in, stdout);
			table = 0;
		}
	}
	if (r.verbose)
		extract_report(&x, stderr);
	if (table && extract_customers(&x) == 0)
		rfm_warn("warning: no customers: no row was kept%s",
		    r.verbose ? "" : " (-v tells why)");
	if (table)
		extract_write(&x, stdout);
	partial_free(&in);
	extract_free(&x);
	return rfm_close_stdout();
}
