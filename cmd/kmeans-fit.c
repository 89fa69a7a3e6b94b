/*
 * kmeans-fit - k-means clustering of a TSV's rows, with named segments and
 * a model file; or scores to choose k.  See kmeans-fit(1).
 */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "fit.h"
#include "kmeans.h"
#include "model.h"
#include "pfor.h"
#include "tsv.h"

static const char usage_text[] =
"usage: kmeans-fit [-v] [-k n | --k-range a-b] [--columns list]\n"
"                  [--n-init n] [--max-iter n] [--tol x] [--seed n]\n"
"                  [--init method] [--warm-start model]\n"
"                  [--algorithm name] [--no-polish] [--screen n]\n"
"                  [--names list] [--scaler scaler] [--save model]\n"
"                  [--silhouette-sample n] [file]\n";

static const char help_text[] =
"\n"
"Cluster the rows of a TSV (stdin when no file or -; key first) on its\n"
"numeric columns and write them back with cluster and segment columns.\n"
"\n"
"  -k, --clusters n          number of clusters (default 4)\n"
"      --k-range a-b         instead, one row of scores per k from a to b\n"
"  -c, --columns list        the feature columns (default: all but the key)\n"
"  -n, --n-init n            restarts, the lowest inertia kept (default 10)\n"
"      --max-iter n          iterations per restart (default 300)\n"
"  -t, --tol x               stop a restart when the squared centre shift\n"
"                            is at most x times the mean feature variance\n"
"                            (default 1e-4), or when no label changes\n"
"      --seed n              random seed (default 0)\n"
"  -i, --init method         k-means++ (default) or random\n"
"  -w, --warm-start model    start from a model's centres; ids are kept\n"
"      --algorithm name      auto (default), lloyd or hamerly\n"
"      --no-polish           keep the restart kept as it stopped (default:\n"
"                            go on until no label changes)\n"
"      --screen n            above 2n rows, run the restarts on n sampled\n"
"                            rows and the best 3 on all (default 100000;\n"
"                            0: every restart on all rows)\n"
"  -N, --names list          segment names, comma-separated, one per id\n"
"      --save model          write the model file (atomically; written\n"
"                            in full, no short form)\n"
"      --scaler scaler       the scaler rfm-scale saved, that the input was\n"
"                            scaled with: the model carries it\n"
"      --silhouette-sample n silhouette over n sampled rows above n rows\n"
"                            (default 10000; 0: always every row)\n"
"  -v, --verbose             report the fit on stderr\n"
"  -h, --help                show this help and exit\n"
"  -V, --version             show the version and exit\n"
"\n"
"Exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input, 74 I/O\n"
"error.  See kmeans-fit(1), rfmkit-files(5) and rfmkit(7).\n";

enum {
	OPT_SIL = 256, OPT_NO_POLISH, OPT_SCREEN, OPT_K_RANGE, OPT_MAX_ITER,
	OPT_SEED, OPT_ALGORITHM, OPT_SAVE, OPT_SCALER
};

static const struct option longopts[] = {
	{ "clusters", required_argument, NULL, 'k' },
	{ "k-range", required_argument, NULL, OPT_K_RANGE },
	{ "columns", required_argument, NULL, 'c' },
	{ "n-init", required_argument, NULL, 'n' },
	{ "max-iter", required_argument, NULL, OPT_MAX_ITER },
	{ "tol", required_argument, NULL, 't' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "init", required_argument, NULL, 'i' },
	{ "warm-start", required_argument, NULL, 'w' },
	{ "algorithm", required_argument, NULL, OPT_ALGORITHM },
	{ "names", required_argument, NULL, 'N' },
	{ "save", required_argument, NULL, OPT_SAVE },
	{ "silhouette-sample", required_argument, NULL, OPT_SIL },
	{ "no-polish", no_argument, NULL, OPT_NO_POLISH },
	{ "screen", required_argument, NULL, OPT_SCREEN },
	{ "scaler", required_argument, NULL, OPT_SCALER },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* The letters of kmeans-fit that meant something else before the short
 * options were made the same in every command (rfmkit(7)). */
static const cli_retired retired[] = {
	{ 'S', "save" }, { 's', "seed" }, { 'r', "k-range" },
	{ 'm', "max-iter" }, { 'a', "algorithm" }, { 0, NULL }
};

static const char *const full[] = { "save", NULL };

static const cli_command command = {
	.optstring = ":k:c:n:t:i:w:N:vhV", .longopts = longopts,
	.usage = usage_text, .help = help_text,
	.retired = retired, .full = full
};

/* What the options say, beyond the fit's own settings. */
typedef struct args {
	fit_job j;
	long ka, kb;            /* --k-range, or 0 */
	size_t sample;          /* --silhouette-sample */
	const char *save;
	int verbose, init_given;
} args;

/* The options of k-means itself: 1 when c is one of them. */
static int
km_option(km_opts *o, int c, const char *arg, int *init_given)
{
	switch (c) {
	case 'n':
		o->n_init = (int)cli_long("--n-init", arg, 1, INT_MAX);
		*init_given = 1;
		return 1;
	case OPT_MAX_ITER:
		o->max_iter = (int)cli_long("--max-iter", arg, 1, INT_MAX);
		return 1;
	case 't':
		o->tol = cli_double("--tol", arg);
		if (o->tol < 0)
			cli_usage("--tol: %s is negative", arg);
		return 1;
	case OPT_SEED:
		o->seed = (uint64_t)cli_long("--seed", arg, 0, LONG_MAX);
		return 1;
	case 'i':
		o->init = (int)cli_choice("--init", arg, km_init_name, 2);
		*init_given = 1;
		return 1;
	case OPT_ALGORITHM:
		o->algorithm = (int)cli_choice("--algorithm", arg,
		    km_algorithm_name, 3);
		return 1;
	case OPT_NO_POLISH:
		o->polish = 0;
		return 1;
	case OPT_SCREEN:
		o->screen = (size_t)cli_long("--screen", arg, 0, LONG_MAX);
		return 1;
	}
	return 0;
}

/* The other options: what to read, what to write. */
static void
option(args *a, int c, char *arg)
{
	size_t i;

	switch (c) {
	case 'k':
		a->j.o.k = (size_t)cli_long("-k", arg, 1, KM_MAX_K);
		a->j.k_given = 1;
		break;
	case OPT_K_RANGE:
		cli_range("--k-range", arg, 2, KM_MAX_K, &a->ka, &a->kb);
		break;
	case 'c':
		a->j.ncols = cli_list("--columns", arg, 1, &a->j.cols);
		break;
	case 'w':
		a->j.warm_path = arg;
		break;
	case 'N':
		a->j.nnames = cli_list("--names", arg, 0, &a->j.names);
		for (i = 0; i < a->j.nnames; i++)
			if (!model_name_ok(a->j.names[i]))
				cli_usage("--names: a name may not hold a tab "
				    "or a line break");
		break;
	case OPT_SAVE:
		a->save = arg;
		break;
	case OPT_SCALER:
		a->j.scaler_path = arg;
		break;
	case OPT_SIL:
		a->sample = (size_t)cli_long("--silhouette-sample", arg, 0,
		    LONG_MAX);
		break;
	case 'v':
		a->verbose = 1;
		break;
	}
}

/* The options that cannot go together. */
static void
check_usage(const args *a)
{
	if (a->ka && (a->j.k_given || a->save || a->j.warm_path ||
	    a->j.nnames))
		cli_usage("--k-range scores several k: -k, --save, --warm-start "
		    "and --names do not apply");
	if (a->j.warm_path && a->init_given)
		cli_usage("--warm-start starts once from the model's centres: "
		    "--init and --n-init do not apply");
}

/* -v's account of the fit on stderr, and the warnings of any fit. */
static void
report(const args *a)
{
	const km_result *res = &a->j.res;
	const model *m = &a->j.m;
	size_t i;

	if (a->verbose) {
		rfm_warn("%zu rows, %zu features, k = %zu, %ld restart%s: "
		    "restart %d kept, %d iterations (%d of them polishing), %s",
		    a->j.t.nrows, m->d, m->k, m->n_init,
		    m->n_init == 1 ? "" : "s", res->best_init,
		    res->iterations, res->polished,
		    res->converged ? "converged" : "not converged");
		if (res->screened)
			rfm_warn("restarts screened on %zu sampled rows, the "
			    "best %d of them run on all", res->screened,
			    KM_SCREEN_KEEP);
		fprintf(stderr, "%s: inertia ", rfm_prog);
		tsv_put_num(stderr, res->inertia);
		fprintf(stderr, " (%s)\n", m->algorithm);
		for (i = 0; i < m->k; i++)
			rfm_warn("cluster %zu: %zu rows: %s", i, m->sizes[i],
			    m->names[i]);
	}
	if (!res->converged)
		rfm_warn("warning: not converged in %d iterations "
		    "(--max-iter)", a->j.o.max_iter);
	if (a->save != NULL && a->j.warm.scaler != NULL &&
	    a->j.scaler_path == NULL)
		rfm_warn("warning: the warm-start model %s carries its scaler; "
		    "the model saved carries none (--scaler)", a->j.warm_path);
}

/* The fit, its model saved, the rows with their clusters written. */
static int
fit(args *a, rfm_error *e)
{
	int rc;

	if ((rc = fit_run(&a->j, e)) != RFM_OK)
		return rc;
	report(a);
	if (a->save != NULL && (rc = fit_save(&a->j, a->save, e)) != RFM_OK)
		return rc;
	return fit_write(&a->j, stdout, e);
}

int
main(int argc, char **argv)
{
	args a;
	rfm_error e;
	char warning[512];
	const char *input;
	int c, rc;

	rfm_setprog(argv[0]);
	memset(&a, 0, sizeof a);
	fit_init(&a.j);
	a.sample = 10000;
	while ((c = cli_getopt(&command, argc, argv)) != -1)
		if (!km_option(&a.j.o, c, optarg, &a.init_given))
			option(&a, c, optarg);
	argc -= optind;
	argv += optind;
	input = cli_one_input(argc, argv);
	check_usage(&a);
	a.j.o.nthreads = pfor_threads();

	/* -k and --names against a warm start are usage errors too. */
	if ((rc = fit_warm_start(&a.j, &e)) == RFM_EUSAGE)
		cli_usage("%s", e.msg);
	if (rc != RFM_OK || table_open(&a.j.t, input, &e) != RFM_OK)
		rfm_die_error(&e);
	if (a.save != NULL && cli_same_file(a.save, a.j.t.fd))
		cli_usage("--save %s is the input: it would be replaced while "
		    "it is read", a.save);
	/* Every k of a range must be possible before the first row is
	 * written. */
	rc = fit_load(&a.j, a.ka ? (size_t)a.kb : a.j.o.k, warning,
	    sizeof warning, &e);
	if (*warning != '\0')
		rfm_warn("%s", warning);
	if (rc == RFM_OK)
		rc = a.ka ? fit_scores(&a.j.t, &a.j.o, (size_t)a.ka,
		    (size_t)a.kb, a.sample, stdout, &e) : fit(&a, &e);
	if (rc != RFM_OK)
		rfm_die_error(&e);
	fit_free(&a.j);
	return rfm_close_stdout();
}
