/*
 * rfm-scale - log1p and standard scaling of RFM columns: fitted and saved,
 * or loaded and applied.  See rfm-scale(1).
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
#include "table.h"
#include "tsvin.h"

static const char usage_text[] =
"usage: rfm-scale [--keep] [--save file | --load file] [--columns list]\n"
"                 [--log1p list] [file]\n";

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
"  -h, --help           show this help and exit\n"
"  -V, --version        show the version and exit\n"
"\n"
"Exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input, 74 I/O\n"
"error.  See rfm-scale(1), rfmkit(5) and rfmkit(7).\n";

enum { OPT_SAVE = 256, OPT_KEEP };

static const struct option longopts[] = {
	{ "columns", required_argument, NULL, 'c' },
	{ "log1p", required_argument, NULL, 'l' },
	{ "save", required_argument, NULL, OPT_SAVE },
	{ "load", required_argument, NULL, 'L' },
	{ "keep", no_argument, NULL, OPT_KEEP },
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

int
main(int argc, char **argv)
{
	static char default_cols[] = "recency,frequency,monetary";
	static char default_log[] = "frequency,monetary";
	char *cols_arg = NULL, *log_arg = NULL, **cols, **logs;
	const char *save = NULL, *load = NULL, *input, *name;
	size_t ncols, nlogs, i, j;
	int c, keep = 0, rc, fd, *flags;
	scaler s;
	table t;
	tsv_reader r;
	rfm_error e;

	rfm_setprog(argv[0]);
	while ((c = cli_getopt(&command, argc, argv)) != -1) {
		switch (c) {
		case 'c':
			cols_arg = optarg;
			break;
		case 'l':
			log_arg = optarg;
			break;
		case OPT_SAVE:
			save = optarg;
			break;
		case 'L':
			load = optarg;
			break;
		case OPT_KEEP:
			keep = 1;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (save != NULL && load != NULL)
		cli_usage("--save and --load exclude each other");
	input = cli_one_input(argc, argv);

	if (load != NULL) {
		/* Apply a saved scaler: one streaming pass. */
		if ((rc = scaler_read(load, &s, &e)) != RFM_OK)
			rfm_die_error(&e);
		check_loaded(&s, load, cols_arg, log_arg);
		if ((fd = cli_open(input, &name, &e)) < 0 ||
		    (rc = tsv_open(&r, fd, name, &e)) != RFM_OK ||
		    (rc = scaler_stream(&s, &r, keep, stdout, &e)) != RFM_OK)
			rfm_die_error(&e);
		tsv_close(&r);
		if (fd != STDIN_FILENO)
			close(fd);
		scaler_free(&s);
		return rfm_close_stdout();
	}

	ncols = cli_list("--columns", cols_arg ? cols_arg : default_cols, 1,
	    &cols);
	nlogs = log_arg && *log_arg == '\0' ? 0 :
	    cli_list("--log1p", log_arg ? log_arg : default_log, 0, &logs);
	flags = rfm_xcalloc(ncols, sizeof *flags);
	for (j = 0; j < nlogs; j++) {
		for (i = 0; i < ncols && strcmp(cols[i], logs[j]) != 0; i++)
			;
		if (i < ncols)
			flags[i] = 1;
		else if (log_arg != NULL)
			cli_usage("--log1p: '%s' is not one of the columns "
			    "scaled", logs[j]);
	}
	scaler_init(&s, (const char *const *)cols, flags, ncols);

	/* Fit: read the numbers, check them, save; then write the rows. */
	if ((rc = table_open(&t, input, &e)) == RFM_OK && save != NULL &&
	    cli_same_file(save, t.fd))
		cli_usage("--save %s is the input: it would be replaced while "
		    "it is read", save);
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
	if (save != NULL && atomic_write(save, write_scaler, &s, &e) != RFM_OK)
		rfm_die_error(&e);
	if ((rc = table_rewind(&t, &r, &e)) != RFM_OK ||
	    (rc = scaler_stream(&s, &r, keep, stdout, &e)) != RFM_OK)
		rfm_die_error(&e);
	tsv_close(&r);
	table_close(&t);
	scaler_free(&s);
	free(cols);
	free(flags);
	if (nlogs)
		free(logs);
	return rfm_close_stdout();
}
