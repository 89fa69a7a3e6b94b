/*
 * segment-predict - the segment of each customer of a TSV, or of one
 * customer given on the command line; or a summary per segment.  See
 * segment-predict(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "infile.h"
#include "label.h"
#include "migrate.h"
#include "model.h"
#include "predict.h"
#include "rules.h"
#include "scaler.h"
#include "segment.h"
#include "summary.h"
#include "texttable.h"
#include "tsv.h"
#include "tsvin.h"

static const char usage_text[] =
"usage: segment-predict --model model [--scaler scaler] [-D]\n"
"                       [--summary [--format format]]\n"
"                       [--previous old [--changed]] [file]\n"
"       segment-predict --model model [--scaler scaler] [-D]\n"
"                       -r recency -f frequency -m monetary\n"
"       segment-predict --rules rules | --default-rules\n"
"                       [--summary [--format format]]\n"
"                       [--previous old [--changed]] [file]\n"
"       segment-predict [--rules rules] --check-rules | --print-rules\n";

static const char help_text[] =
"\n"
"Write each row of a TSV (stdin when no file or -; key first) with the\n"
"cluster and segment of the model's nearest centre appended; or the\n"
"segment of one customer given by recency, frequency and monetary.\n"
"\n"
"  -M, --model model       the model kmeans-fit saved (required)\n"
"  -s, --scaler scaler     the scaler rfm-scale saved: the input holds the\n"
"                          raw columns, scaled before labelling (a model\n"
"                          saved by kmeans-fit --scaler carries its own)\n"
"  -D, --distance          add the distance to the segment's centre\n"
"  -S, --summary           instead of rows, one row per segment: customers,\n"
"                          share, mean and median recency, frequency and\n"
"                          monetary, share of monetary\n"
"      --format format     the summary or the migration table as tsv (the\n"
"                          default), text (aligned and rounded, to read)\n"
"                          or html (a <table> of the same cells)\n"
"      --previous old      add each customer's segment in old, an earlier\n"
"                          output of segment-predict, as previous_segment;\n"
"                          with --summary, the migration table instead\n"
"      --changed           with --previous: only the customers whose\n"
"                          segment is not their previous one (new ones too)\n"
"  -r, --recency days      one customer: days since the last purchase\n"
"  -f, --frequency n       one customer: number of invoices (at least 1)\n"
"  -m, --monetary amount   one customer: total spend\n"
"      --rules rules       segments by a table of rules on the scores of\n"
"                          rfm-scale --score, not by a model: the first\n"
"                          rule that holds a customer's scores, or Others\n"
"      --default-rules     the built-in rules: the ten segments of the R\n"
"                          package rfm (Champions ... Lost)\n"
"      --check-rules       report the rules that overlap or never match,\n"
"                          and the scores no rule holds\n"
"      --print-rules       write the rules (the built-in ones without\n"
"                          --rules) as a rules file\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and exit\n"
"\n"
"Exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input, 74 I/O\n"
"error.  See segment-predict(1), rfmkit-files(5) and rfmkit(7).\n";

enum { OPT_PREVIOUS = 256, OPT_CHANGED, OPT_RULES, OPT_DEFAULT_RULES,
	OPT_CHECK_RULES, OPT_PRINT_RULES, OPT_FORMAT };

static const struct option longopts[] = {
	{ "model", required_argument, NULL, 'M' },
	{ "scaler", required_argument, NULL, 's' },
	{ "distance", no_argument, NULL, 'D' },
	{ "summary", no_argument, NULL, 'S' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "previous", required_argument, NULL, OPT_PREVIOUS },
	{ "changed", no_argument, NULL, OPT_CHANGED },
	{ "recency", required_argument, NULL, 'r' },
	{ "frequency", required_argument, NULL, 'f' },
	{ "monetary", required_argument, NULL, 'm' },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "default-rules", no_argument, NULL, OPT_DEFAULT_RULES },
	{ "check-rules", no_argument, NULL, OPT_CHECK_RULES },
	{ "print-rules", no_argument, NULL, OPT_PRINT_RULES },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* The letter of segment-predict that meant something else before the
 * short options were made the same in every command (rfmkit(7)). */
static const cli_retired retired[] = {
	{ 'd', "distance" }, { 0, NULL }
};

static const cli_command command = {
	.optstring = ":M:s:DSr:f:m:hV", .longopts = longopts,
	.usage = usage_text, .help = help_text, .retired = retired
};

/* One customer, the old web form: R, F and M in, the segment out. */
static void
one_customer(predictor *p, const double rfm[3], int distance)
{
	static const char *const want[3] = { "recency", "frequency",
	    "monetary" };
	double *raw = rfm_xcalloc(p->nin, sizeof *raw), dist;
	size_t i, j, cluster;
	rfm_error e;

	for (i = 0; i < p->nin; i++) {
		for (j = 0; j < 3 && strcmp(p->in_names[i], want[j]); j++)
			;
		if (j == 3)
			cli_usage("-r, -f and -m give recency, frequency and "
			    "monetary, but the %s reads \"%s\"%s",
			    p->s ? "scaler" : "model", p->in_names[i],
			    p->s ? "" : " (give the scaler with --scaler)");
		raw[i] = rfm[j];
	}
	if (predict_values(p, raw, &cluster, &dist, &e) != RFM_OK)
		cli_usage("%s", e.msg);
	fputs("recency\tfrequency\tmonetary\tcluster\tsegment", stdout);
	fputs(distance ? "\tdistance\n" : "\n", stdout);
	for (j = 0; j < 3; j++) {
		if (j > 0)
			putchar('\t');
		tsv_put_num(stdout, rfm[j]);
	}
	/* segment_put_row appends "\tcluster\tsegment" to the text. */
	segment_put_row(stdout, "", 0, cluster, p->m->names[cluster],
	    distance ? &dist : NULL);
	free(raw);
}

/* Read the previous run's table (--previous) and warn about segment
 * names that only one side has. */
static void
previous_read(migrate *mg, const char *path, const char *by,
    const labeler *l, int summarise)
{
	char list[512];
	char *const *names;
	rfm_error e;
	size_t k;
	int fd;

	names = label_names(l, &k);
	if ((fd = infile_open(path, "previous file", &e)) < 0 ||
	    migrate_read(mg, fd, path, names, k, summarise, &e) != RFM_OK)
		rfm_die_error(&e);
	close(fd);
	if (migrate_unmatched(mg, 1, list, sizeof list) > 0)
		rfm_warn("warning: segments in the previous file %s that the "
		    "%s does not have: %s (segments are compared by name: "
		    "their customers count as moved)", path, by, list);
	if (migrate_customers(mg) > 0 &&
	    migrate_unmatched(mg, 0, list, sizeof list) > 0)
		rfm_warn("warning: segments of the %s that no customer of the "
		    "previous file %s is in: %s", by, path, list);
	if (summarise && !mg->has_money)
		rfm_warn("warning: the previous file %s has no monetary "
		    "column: previous_monetary is left empty", path);
}

/* Label the rows of input as o says. */
static void
label_input(labeler *l, const char *input, const label_opts *o)
{
	const char *name;
	tsv_reader r;
	rfm_error e;
	int fd;

	if ((fd = cli_open(input, &name, &e)) < 0 ||
	    tsv_open(&r, fd, name, &e) != RFM_OK ||
	    label_stream(l, &r, o, stdout, &e) != RFM_OK)
		rfm_die_error(&e);
	tsv_close(&r);
	if (fd != STDIN_FILENO)
		close(fd);
}

/* The rules of --rules or --default-rules into rs; --print-rules and
 * --check-rules done. */
static void
rules_load(rules *rs, const char *path, int what)
{
	rfm_error e;

	if (path == NULL)
		rules_default(rs);
	else if (rules_read(path, rs, &e) != RFM_OK)
		rfm_die_error(&e);
	if (what == OPT_PRINT_RULES) {
		if (rules_write(stdout, rs) != 0)
			rfm_die(RFM_EIO, "<stdout>: write error");
	} else if (what == OPT_CHECK_RULES) {
		rules_check(rs, stdout);
	} else {
		return;
	}
	rules_free(rs);
	exit(rfm_close_stdout());
}

/* What the command line asks for. */
struct run {
	const char *model_path, *scaler_path, *previous, *rules_path;
	double rfm[3];
	int given;              /* bits: -r, -f, -m */
	int distance, summarise, changed;
	int format, format_given;   /* --format: TEXTTABLE_TSV, ... */
	int rules_mode;         /* OPT_DEFAULT_RULES, _CHECK_ or _PRINT_ */
};

/* Option c of the command line into r. */
static void
option(struct run *r, int c)
{
	switch (c) {
	case 'M':
		r->model_path = optarg;
		break;
	case 's':
		r->scaler_path = optarg;
		break;
	case 'D':
		r->distance = 1;
		break;
	case 'S':
		r->summarise = 1;
		break;
	case OPT_FORMAT:
		r->format = (int)cli_choice("--format", optarg,
		    texttable_formats, TEXTTABLE_NFORMATS);
		r->format_given = 1;
		break;
	case OPT_PREVIOUS:
		r->previous = optarg;
		break;
	case OPT_CHANGED:
		r->changed = 1;
		break;
	case 'r':
		r->rfm[0] = cli_double("--recency", optarg);
		if (r->rfm[0] < 0)
			cli_usage("--recency: %s: a number of days cannot be "
			    "negative", optarg);
		r->given |= 1;
		break;
	case 'f':
		r->rfm[1] = cli_double("--frequency", optarg);
		if (r->rfm[1] < 1)
			cli_usage("--frequency: %s: a customer has at least 1 "
			    "invoice", optarg);
		r->given |= 2;
		break;
	case 'm':
		r->rfm[2] = cli_double("--monetary", optarg);
		r->given |= 4;
		break;
	case OPT_RULES:
		r->rules_path = optarg;
		break;
	case OPT_DEFAULT_RULES:
	case OPT_CHECK_RULES:
	case OPT_PRINT_RULES:
		if (r->rules_mode > OPT_DEFAULT_RULES &&
		    c > OPT_DEFAULT_RULES && c != r->rules_mode)
			cli_usage("--check-rules and --print-rules exclude "
			    "each other");
		if (c > r->rules_mode)
			r->rules_mode = c;
		break;
	}
}

/* The impossible combinations. */
static void
check(const struct run *r, int argc)
{
	if (r->rules_path != NULL || r->rules_mode) {
		if (r->model_path != NULL || r->scaler_path != NULL ||
		    r->distance || r->given)
			cli_usage("rules label by scores: --model, --scaler, "
			    "-D and -r, -f, -m do not apply");
		if (r->rules_path != NULL &&
		    r->rules_mode == OPT_DEFAULT_RULES)
			cli_usage("--rules and --default-rules exclude each "
			    "other");
		if (r->rules_mode > OPT_DEFAULT_RULES && (r->summarise ||
		    argc > 0 || r->previous != NULL))
			cli_usage("--check-rules and --print-rules read no "
			    "input: no file, no --summary and no --previous");
	} else if (r->model_path == NULL) {
		cli_usage("--model is required");
	}
	if (r->given && r->given != 7)
		cli_usage("one customer needs all three of -r, -f and -m");
	if (r->given && (r->summarise || argc > 0))
		cli_usage("-r, -f and -m label one customer: no input file "
		    "and no --summary");
	if (r->summarise && r->distance)
		cli_usage("--summary writes one row per segment: --distance "
		    "does not apply");
	if (r->given && r->previous != NULL)
		cli_usage("--previous looks customers up by their key: -r, -f "
		    "and -m give none");
	if (r->changed && r->previous == NULL)
		cli_usage("--changed needs --previous, the run to compare with");
	if (r->changed && r->summarise)
		cli_usage("--summary --previous counts every pair of segments: "
		    "--changed does not apply");
	if (r->format_given && !r->summarise)
		cli_usage("--format needs --summary, whose table it writes");
}

/* What labels the rows: the model, with its scaler or the one given. */
struct by_model {
	model m;
	scaler s;
	predictor p;
};

static void
model_load(struct by_model *bm, const struct run *r)
{
	rfm_error e;

	if (model_read(r->model_path, &bm->m, &e) != RFM_OK)
		rfm_die_error(&e);
	if (r->scaler_path != NULL && scaler_read(r->scaler_path, &bm->s,
	    &e) != RFM_OK)
		rfm_die_error(&e);
	if (predict_init(&bm->p, &bm->m, r->model_path, r->scaler_path ?
	    &bm->s : NULL, r->scaler_path, &e) != RFM_OK)
		rfm_die_error(&e);
	/* Files of one run were fitted on the same rows; different counts
	 * suggest a scaler and a model of different runs.  (A model that
	 * carries its scaler has been checked against it.) */
	if (r->scaler_path != NULL && bm->m.scaler == NULL &&
	    bm->m.rows != bm->s.rows)
		rfm_warn("warning: the model %s was fitted on %ld rows, the "
		    "scaler %s on %ld: are they from the same run?",
		    r->model_path, bm->m.rows, r->scaler_path, bm->s.rows);
}

static void
model_unload(struct by_model *bm, const struct run *r)
{
	predict_free(&bm->p);
	model_free(&bm->m);
	if (r->scaler_path != NULL)
		scaler_free(&bm->s);
}

int
main(int argc, char **argv)
{
	struct run r;
	struct by_model bm;
	label_opts lo;
	labeler l;
	migrate mg;
	rules rs;
	char by[600];
	int c;

	rfm_setprog(argv[0]);
	memset(&r, 0, sizeof r);
	while ((c = cli_getopt(&command, argc, argv)) != -1)
		option(&r, c);
	argc -= optind;
	argv += optind;
	check(&r, argc);

	memset(&l, 0, sizeof l);
	if (r.model_path == NULL) {
		rules_load(&rs, r.rules_path, r.rules_mode);
		l.rs = &rs;
		snprintf(by, sizeof by, "%s%s", r.rules_path ? "rules " :
		    "built-in rules", r.rules_path ? r.rules_path : "");
	} else {
		model_load(&bm, &r);
		l.p = &bm.p;
		snprintf(by, sizeof by, "model %s", r.model_path);
	}
	lo.distance = r.distance;
	lo.summarise = r.summarise;
	lo.format = r.format;
	lo.changed = r.changed;
	lo.mg = r.previous != NULL ? &mg : NULL;
	if (r.previous != NULL)
		previous_read(&mg, r.previous, by, &l, r.summarise);
	if (r.given)
		one_customer(&bm.p, r.rfm, r.distance);
	else
		label_input(&l, cli_one_input(argc, argv), &lo);
	if (r.previous != NULL)
		migrate_free(&mg);
	if (l.rs != NULL)
		rules_free(&rs);
	else
		model_unload(&bm, &r);
	return rfm_close_stdout();
}
