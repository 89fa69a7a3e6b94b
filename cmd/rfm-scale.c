/*
 * rfm-scale - log1p and standard scaling of RFM columns, or RFM scores
 * from quantile breaks: fitted and saved, or loaded and applied.  See
 * rfm-scale(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "cli.h"
#include "err.h"
#include "scaler.h"
#include "score.h"
#include "table.h"
#include "tsvin.h"

static const char usage_text[] =
"usage: rfm-scale [--keep] [--save file | --load file] [--columns list]\n"
"                 [--log1p list] [file]\n"
"       rfm-scale --score [--keep] [--save file | --load file] [--bins n]\n"
"                 [--rule quantile | rfm] [--breaks list] [file]\n";

static const char help_text[] =
"\n"
"Read a TSV (stdin when no file or -), key first, and write the key and\n"
"each chosen column log1p-transformed where asked and standardised:\n"
"z = (v - mean) / std, the population std, as scikit-learn's\n"
"StandardScaler.\n"
"\n"
"  -c, --columns list   columns to scale (default recency,frequency,monetary)\n"
"  -l, --log1p list     columns that get log1p first (default\n"
"                       frequency,monetary, those of them scaled); '' for none\n"
"      --save file      fit on the input and save the scaler to file\n"
"                       (replaces file; written in full, no short form)\n"
"  -L, --load file      apply a saved scaler instead of fitting\n"
"      --keep           keep every input column before the scaled ones\n"
"      --score          write scores 1..n of recency (recent is high),\n"
"                       frequency and monetary, and rfm_score, from breaks\n"
"                       at their quantiles; --save and --load keep the\n"
"                       breaks\n"
"      --bins n         scores 1..n, n from 2 to 10 (default 5)\n"
"      --rule name      quantile (default): breaks at the quantiles, a value\n"
"                       on a break scored low; rfm: the R package rfm's\n"
"                       rule, quantile + 1, a value on a break scored high\n"
"      --breaks list    the breaks to use, as recency:a,b,...;frequency:...;\n"
"                       monetary:... (n - 1 each, not decreasing)\n"
"  -h, --help           show this help and exit\n"
"  -V, --version        show the version and exit\n"
"\n"
"Exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input, 74 I/O\n"
"error.  See rfm-scale(1), rfmkit-files(5) and rfmkit(7).\n";

enum { OPT_SAVE = 256, OPT_KEEP, OPT_SCORE, OPT_BINS, OPT_RULE,
	OPT_BREAKS };

static const struct option longopts[] = {
	{ "columns", required_argument, NULL, 'c' },
	{ "log1p", required_argument, NULL, 'l' },
	{ "save", required_argument, NULL, OPT_SAVE },
	{ "load", required_argument, NULL, 'L' },
	{ "keep", no_argument, NULL, OPT_KEEP },
	{ "score", no_argument, NULL, OPT_SCORE },
	{ "bins", required_argument, NULL, OPT_BINS },
	{ "rule", required_argument, NULL, OPT_RULE },
	{ "breaks", required_argument, NULL, OPT_BREAKS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* The letters of rfm-scale that meant something else before the short
 * options were made the same in every command (rfmkit(7)). */
static const cli_retired retired[] = {
	{ 's', "save" }, { 'k', "keep" }, { 0, NULL }
};

static const char *const full[] = { "save", NULL };

static const cli_command command = {
	.optstring = ":c:l:L:hV", .longopts = longopts,
	.usage = usage_text, .help = help_text,
	.retired = retired, .full = full
};

static int
write_scaler(FILE *out, void *ctx)
{
	return scaler_write(out, ctx);
}

/* Each value loaded, through its column's log1p. */
static int
pre_value(void *ctx, const tsv_reader *r, size_t col, double *v,
    rfm_error *e)
{
	return scaler_pre_row(ctx, col, r, v, e);
}

/*
 * --columns and --log1p given with --load: the scaler file says which
 * columns are scaled, and which through log1p; the options may say the
 * same again (a script that passes them either way), never otherwise.
 */
static void
check_loaded(const scaler *s, const char *path, const char *cols_arg,
    const char *log_arg)
{
	char have[1024], *given, **names = NULL;
	size_t n;

	if (cols_arg != NULL) {
		given = rfm_xstrdup(cols_arg);
		n = cli_list("--columns", given, 1, &names);
		if (!scaler_is_columns(s, names, n)) {
			scaler_list(s, 0, have, sizeof have);
			cli_usage("--columns %s, but the scaler %s scales %s",
			    cols_arg, path, have);
		}
		free(names);
		free(given);
		names = NULL;
	}
	if (log_arg != NULL) {
		given = rfm_xstrdup(log_arg);
		n = *given ? cli_list("--log1p", given, 0, &names) : 0;
		if (!scaler_is_log1p(s, names, n)) {
			scaler_list(s, 1, have, sizeof have);
			cli_usage("--log1p %s, but the scaler %s takes %s through "
			    "log1p", *log_arg ? log_arg : "''", path,
			    *have ? have : "no column");
		}
		free(names);
		free(given);
	}
}

static int
write_breaks(FILE *out, void *ctx)
{
	return score_write(out, ctx);
}

/* The options of --score. */
typedef struct score_opts {
	const char *save, *load, *breaks;
	long bins;                /* 0: not given */
	int rule;                 /* -1: not given */
	int keep;
} score_opts;

/*
 * --score: fit the breaks on the input (two passes, as the scaler), or
 * take them from --breaks or --load (one pass); then score every row.
 */
static int
score_main(const score_opts *o, const char *input)
{
	char msg[512];
	score_breaks s;
	const char *name;
	table t;
	tsv_reader r;
	rfm_error e;
	int fd, bad;

	if (o->breaks != NULL || o->load != NULL) {
		if (o->breaks != NULL && score_parse(o->breaks,
		    o->rule == SCORE_RFM, &s, msg, sizeof msg) != 0)
			cli_usage("--breaks: %s", msg);
		if (o->load != NULL && score_read(o->load, &s, &e) != RFM_OK)
			rfm_die_error(&e);
		/* As --columns with a scaler: the options may say again what
		 * the file says, never otherwise. */
		if (o->bins != 0 && o->bins != s.bins)
			cli_usage("--bins %ld, but the breaks %s give %d scores",
			    o->bins, o->load ? o->load : "of --breaks", s.bins);
		if (o->load != NULL && o->rule >= 0 && o->rule != s.rule)
			cli_usage("--rule %s, but the breaks %s were made by "
			    "the rule %s", score_rule_name(o->rule), o->load,
			    score_rule_name(s.rule));
		if (o->save != NULL &&
		    atomic_write(o->save, write_breaks, &s, &e) != RFM_OK)
			rfm_die_error(&e);
		if ((fd = cli_open(input, &name, &e)) < 0 ||
		    tsv_open(&r, fd, name, &e) != RFM_OK ||
		    score_stream(&s, &r, o->keep, stdout, &e) != RFM_OK)
			rfm_die_error(&e);
		tsv_close(&r);
		if (fd != STDIN_FILENO)
			close(fd);
		return rfm_close_stdout();
	}

	score_init(&s, o->bins ? (int)o->bins : 5,
	    o->rule >= 0 ? o->rule : SCORE_QUANTILE);
	if (table_open(&t, input, &e) != RFM_OK)
		rfm_die_error(&e);
	if (o->save != NULL && cli_same_file(o->save, t.fd))
		cli_usage("--save %s is the input: it would be replaced while "
		    "it is read", o->save);
	if (table_load(&t, score_input, SCORE_NMEASURES, NULL, NULL, &e) !=
	    RFM_OK)
		rfm_die_error(&e);
	if (t.nrows == 0)
		rfm_die(RFM_EDATA, "%s: no rows to fit the breaks on", t.name);
	if (score_fit(&s, t.x, t.nrows, &bad) != 0)
		rfm_die(RFM_EDATA, "%s: %s: values too large to score: a "
		    "break is not a finite number", t.name, score_input[bad]);
	if (o->save != NULL &&
	    atomic_write(o->save, write_breaks, &s, &e) != RFM_OK)
		rfm_die_error(&e);
	if (table_rewind(&t, &r, &e) != RFM_OK ||
	    score_stream(&s, &r, o->keep, stdout, &e) != RFM_OK)
		rfm_die_error(&e);
	tsv_close(&r);
	table_close(&t);
	return rfm_close_stdout();
}

/* What the command line asks for. */
struct run {
	char *cols_arg, *log_arg;
	const char *save, *load;
	int keep, score;
	score_opts so;
};

/* Option c of the command line into r. */
static void
option(struct run *r, int c)
{
	static const char *const rules[] = { "quantile", "rfm" };

	switch (c) {
	case 'c':
		r->cols_arg = optarg;
		break;
	case 'l':
		r->log_arg = optarg;
		break;
	case OPT_SAVE:
		r->save = optarg;
		break;
	case 'L':
		r->load = optarg;
		break;
	case OPT_KEEP:
		r->keep = 1;
		break;
	case OPT_SCORE:
		r->score = 1;
		break;
	case OPT_BINS:
		r->so.bins = cli_long("--bins", optarg, SCORE_MIN_BINS,
		    SCORE_MAX_BINS);
		break;
	case OPT_RULE:
		r->so.rule = (int)cli_choice("--rule", optarg, rules, 2);
		break;
	case OPT_BREAKS:
		r->so.breaks = optarg;
		break;
	}
}

/* The impossible combinations. */
static void
check(const struct run *r)
{
	if (r->save != NULL && r->load != NULL)
		cli_usage("--save and --load exclude each other");
	if (!r->score && (r->so.bins || r->so.rule >= 0 || r->so.breaks))
		cli_usage("%s goes with --score", r->so.bins ? "--bins" :
		    r->so.rule >= 0 ? "--rule" : "--breaks");
	if (r->score && (r->cols_arg != NULL || r->log_arg != NULL))
		cli_usage("--score reads recency, frequency and monetary: "
		    "%s does not apply", r->cols_arg ? "--columns" : "--log1p");
	if (r->so.breaks != NULL && r->load != NULL)
		cli_usage("--breaks and --load exclude each other");
}

/* Apply the saved scaler of --load: one streaming pass. */
static int
apply(const struct run *r, const char *input)
{
	const char *name;
	tsv_reader t;
	rfm_error e;
	scaler s;
	int fd;

	if (scaler_read(r->load, &s, &e) != RFM_OK)
		rfm_die_error(&e);
	check_loaded(&s, r->load, r->cols_arg, r->log_arg);
	if ((fd = cli_open(input, &name, &e)) < 0 ||
	    tsv_open(&t, fd, name, &e) != RFM_OK ||
	    scaler_stream(&s, &t, r->keep, stdout, &e) != RFM_OK)
		rfm_die_error(&e);
	tsv_close(&t);
	if (fd != STDIN_FILENO)
		close(fd);
	scaler_free(&s);
	return rfm_close_stdout();
}

/* Fit: read the numbers, check them, save; then write the rows. */
static int
fit(const struct run *r, const char *input)
{
	static char default_cols[] = "recency,frequency,monetary";
	static char default_log[] = "frequency,monetary";
	char **cols, **logs;
	size_t ncols, nlogs, i, j;
	int rc, *flags;
	tsv_reader tr;
	rfm_error e;
	scaler s;
	table t;

	ncols = cli_list("--columns", r->cols_arg ? r->cols_arg :
	    default_cols, 1, &cols);
	nlogs = r->log_arg && *r->log_arg == '\0' ? 0 :
	    cli_list("--log1p", r->log_arg ? r->log_arg : default_log, 0,
	    &logs);
	flags = rfm_xcalloc(ncols, sizeof *flags);
	for (j = 0; j < nlogs; j++) {
		for (i = 0; i < ncols && strcmp(cols[i], logs[j]) != 0; i++)
			;
		if (i < ncols)
			flags[i] = 1;
		else if (r->log_arg != NULL)
			cli_usage("--log1p: '%s' is not one of the columns "
			    "scaled", logs[j]);
	}
	scaler_init(&s, (const char *const *)cols, flags, ncols);
	if ((rc = table_open(&t, input, &e)) == RFM_OK && r->save != NULL &&
	    cli_same_file(r->save, t.fd))
		cli_usage("--save %s is the input: it would be replaced while "
		    "it is read", r->save);
	if (rc != RFM_OK ||
	    (rc = table_load(&t, (const char *const *)cols, ncols, pre_value,
	    &s, &e)) != RFM_OK)
		rfm_die_error(&e);
	if (t.nrows == 0)
		rfm_die(RFM_EDATA, "%s: no rows to fit the scaler on", t.name);
	if (scaler_fit(&s, t.x, t.nrows, &i) != 0)
		rfm_die(RFM_EDATA, "%s: %s: values too large to scale: their "
		    "mean or variance overflows a double", t.name,
		    s.col[i].input);
	if (r->save != NULL && atomic_write(r->save, write_scaler, &s, &e) !=
	    RFM_OK)
		rfm_die_error(&e);
	if (table_rewind(&t, &tr, &e) != RFM_OK ||
	    scaler_stream(&s, &tr, r->keep, stdout, &e) != RFM_OK)
		rfm_die_error(&e);
	tsv_close(&tr);
	table_close(&t);
	scaler_free(&s);
	free(cols);
	free(flags);
	if (nlogs)
		free(logs);
	return rfm_close_stdout();
}

int
main(int argc, char **argv)
{
	struct run r;
	const char *input;
	int c;

	rfm_setprog(argv[0]);
	memset(&r, 0, sizeof r);
	r.so.rule = -1;
	while ((c = cli_getopt(&command, argc, argv)) != -1)
		option(&r, c);
	argc -= optind;
	argv += optind;
	check(&r);
	input = cli_one_input(argc, argv);
	if (r.score) {
		r.so.save = r.save;
		r.so.load = r.load;
		r.so.keep = r.keep;
		return score_main(&r.so, input);
	}
	return r.load != NULL ? apply(&r, input) : fit(&r, input);
}
