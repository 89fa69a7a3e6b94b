/*
 * kmeans-fit - k-means clustering of a TSV's rows, with named segments and
 * a model file; or scores to choose k.  See kmeans-fit(1).
 */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "cli.h"
#include "err.h"
#include "kmeans.h"
#include "model.h"
#include "pfor.h"
#include "quality.h"
#include "segment.h"
#include "table.h"
#include "tsv.h"
#include "tsvin.h"

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
"error.  See kmeans-fit(1), rfmkit(5) and rfmkit(7).\n";

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

static const char *const algorithm_name[] = { "auto", "lloyd", "hamerly" };
static const char *const init_name[] = { "k-means++", "random" };
static const int init_method[] = { KM_INIT_KMEANSPP, KM_INIT_RANDOM };

static int
write_model(FILE *out, void *ctx)
{
	return model_write(out, ctx);
}

/* One row of scores per k: the elbow and the three indexes. */
static void
scan_k(const table *t, km_opts *o, long a, long b, size_t sample)
{
	uint16_t *lab = rfm_xmalloc(t->nrows * sizeof *lab);
	km_result res;
	rfm_error e;
	long k;

	/* The scores do not depend on the scale: compute them at unit
	 * scale, where no squared distance underflows. */
	int scale = km_normalise(t->x, t->nrows * t->nsel);

	fputs("k\tinertia\tsilhouette\tcalinski_harabasz\tdavies_bouldin\n",
	    stdout);
	for (k = a; k <= b; k++) {
		o->k = (size_t)k;
		if (km_fit(t->x, t->nrows, t->nsel, o, &res, lab, &e) != RFM_OK)
			rfm_die(e.code, "%s: %s", t->name, e.msg);
		printf("%ld\t", k);
		tsv_put_num(stdout, ldexp(res.inertia, 2 * scale));
		putchar('\t');
		tsv_put_num(stdout, q_silhouette(t->x, t->nrows, t->nsel, lab,
		    res.k, sample, o->seed, o->nthreads));
		putchar('\t');
		tsv_put_num(stdout, q_calinski_harabasz(t->x, t->nrows, t->nsel,
		    lab, res.k));
		putchar('\t');
		tsv_put_num(stdout, q_davies_bouldin(t->x, t->nrows, t->nsel,
		    lab, res.k));
		putchar('\n');
		km_result_free(&res);
	}
	free(lab);
}

int
main(int argc, char **argv)
{
	km_opts o;
	km_result res;
	model m, warm;
	table t;
	tsv_reader r;
	rfm_error e;
	char **cols = NULL, **names = NULL, *p, **suffix, init[1024];
	char list1[512], list2[512];
	const char *save = NULL, *warm_path = NULL, *input, *text;
	const char *scaler_path = NULL;
	scaler sc;
	long k = 4, ka = 0, kb = 0;
	size_t ncols = 0, nnames = 0, i, j, len, sample = 10000;
	int c, verbose = 0, got, k_given = 0, init_given = 0;
	int cols_of_scaler = 0;
	uint16_t *lab;

	rfm_setprog(argv[0]);
	memset(&o, 0, sizeof o);
	o.n_init = 10;
	o.max_iter = 300;
	o.tol = 1e-4;
	o.polish = 1;
	o.screen = 100000;
	o.init = KM_INIT_KMEANSPP;
	o.algorithm = KM_AUTO;
	while ((c = cli_getopt(&command, argc, argv)) != -1) {
		switch (c) {
		case 'k':
			k = cli_long("-k", optarg, 1, KM_MAX_K);
			k_given = 1;
			break;
		case OPT_K_RANGE:
			cli_range("--k-range", optarg, 2, KM_MAX_K, &ka, &kb);
			break;
		case 'c':
			ncols = cli_list("--columns", optarg, 1, &cols);
			break;
		case 'n':
			o.n_init = (int)cli_long("--n-init", optarg, 1, INT_MAX);
			init_given = 1;
			break;
		case OPT_MAX_ITER:
			o.max_iter = (int)cli_long("--max-iter", optarg, 1,
			    INT_MAX);
			break;
		case 't':
			o.tol = cli_double("--tol", optarg);
			if (o.tol < 0)
				cli_usage("--tol: %s is negative", optarg);
			break;
		case OPT_SEED:
			o.seed = (uint64_t)cli_long("--seed", optarg, 0,
			    LONG_MAX);
			break;
		case 'i':
			o.init = init_method[cli_choice("--init", optarg,
			    init_name, 2)];
			init_given = 1;
			break;
		case 'w':
			warm_path = optarg;
			break;
		case OPT_ALGORITHM:
			o.algorithm = (int)cli_choice("--algorithm", optarg,
			    algorithm_name, 3);
			break;
		case 'N':
			nnames = cli_list("--names", optarg, 0, &names);
			for (i = 0; i < nnames; i++)
				if (!model_name_ok(names[i]))
					cli_usage("--names: a name may not hold "
					    "a tab or a line break");
			break;
		case OPT_SAVE:
			save = optarg;
			break;
		case OPT_NO_POLISH:
			o.polish = 0;
			break;
		case OPT_SCREEN:
			o.screen = (size_t)cli_long("--screen", optarg, 0,
			    LONG_MAX);
			break;
		case OPT_SCALER:
			scaler_path = optarg;
			break;
		case OPT_SIL:
			sample = (size_t)cli_long("--silhouette-sample", optarg,
			    0, LONG_MAX);
			break;
		case 'v':
			verbose = 1;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	input = cli_one_input(argc, argv);
	if (ka && (k_given || save || warm_path || nnames))
		cli_usage("--k-range scores several k: -k, --save, --warm-start "
		    "and --names do not apply");
	if (warm_path && init_given)
		cli_usage("--warm-start starts once from the model's centres: "
		    "--init and --n-init do not apply");
	o.nthreads = pfor_threads();

	memset(&warm, 0, sizeof warm);
	if (warm_path != NULL) {
		if (model_read(warm_path, &warm, &e) != RFM_OK)
			rfm_die_error(&e);
		if (k_given && (size_t)k != warm.k)
			cli_usage("-k %ld, but the warm-start model %s has k = "
			    "%zu", k, warm_path, warm.k);
		k = (long)warm.k;
		if (ncols == 0)   /* the model's features, by name */
			ncols = warm.d, cols = warm.features;
		o.init = KM_INIT_GIVEN;
		o.given = warm.centres;
	}
	if (nnames && nnames != (size_t)k)
		cli_usage("--names gives %zu name%s for k = %ld", nnames,
		    nnames == 1 ? "" : "s", k);

	if (table_open(&t, input, &e) != RFM_OK)
		rfm_die_error(&e);
	if (save != NULL && cli_same_file(save, t.fd))
		cli_usage("--save %s is the input: it would be replaced while "
		    "it is read", save);
	/* Read only now that the input is open, a pipe copied to its end:
	 * in "rfm-scale --save s | kmeans-fit --scaler s", s is saved. */
	if (scaler_path != NULL) {
		if (scaler_read(scaler_path, &sc, &e) != RFM_OK)
			rfm_die_error(&e);
		if ((cols_of_scaler = ncols == 0))   /* its outputs */
			ncols = sc.ncols, cols = scaler_outputs(&sc);
	}
	if (table_load(&t, (const char *const *)cols, ncols, NULL, NULL, &e) !=
	    RFM_OK) {
		if (warm_path != NULL && cols == warm.features)
			rfm_die(e.code, "%s (the features of the warm-start "
			    "model %s)", e.msg, warm_path);
		if (scaler_path != NULL && cols_of_scaler)
			rfm_die(e.code, "%s (the outputs of the scaler %s)",
			    e.msg, scaler_path);
		rfm_die_error(&e);
	}
	if (warm_path != NULL) {
		for (j = 0; j < warm.d && j < t.nsel &&
		    strcmp(warm.features[j], t.selname[j]) == 0; j++)
			;
		if (j < warm.d || t.nsel != warm.d) {
			tsv_join(list1, sizeof list1, warm.features, warm.d, 0);
			tsv_join(list2, sizeof list2, t.selname, t.nsel, 0);
			rfm_die(RFM_EDATA, "%s: the warm-start model's features "
			    "(%s) are not the input's (%s)", warm_path, list1,
			    list2);
		}
	}
	if (scaler_path != NULL && model_use_scaler(&sc, scaler_path,
	    t.selname, t.nsel, &e) != RFM_OK)
		rfm_die_error(&e);
	if (segment_mixed(t.selname, t.nsel, list1, sizeof list1))
		rfm_die(RFM_EDATA, "%s: %s", t.name, list1);
	if (segment_scales(t.x, t.nrows, t.nsel, t.selname, list1,
	    sizeof list1))
		rfm_warn("%s", list1);
	/* Values whose squared distances would overflow, with their place. */
	if ((i = km_too_large(t.x, t.nrows, t.nsel)) < t.nrows * t.nsel)
		rfm_die(RFM_EDATA, "%s:%ld: %s: %g is too large for k-means: "
		    "squared distances would overflow (values must be below "
		    "%.3g in size)", t.name, table_line(&t, i / t.nsel),
		    t.selname[i % t.nsel], t.x[i],
		    km_value_limit(t.nrows, t.nsel));
	if (t.nrows == 0)
		rfm_die(RFM_EDATA, "%s: no rows to cluster", t.name);
	if (ka) {
		/* Every k must be possible before the first row is written. */
		if ((i = km_distinct(t.x, t.nrows, t.nsel, (size_t)kb)) <
		    (size_t)kb)
			rfm_die(RFM_EDATA, "%s: %zu distinct point%s, fewer "
			    "than k = %ld", t.name, i, i == 1 ? "" : "s", kb);
		scan_k(&t, &o, ka, kb, sample);
		table_close(&t);
		return rfm_close_stdout();
	}

	o.k = (size_t)k;
	lab = rfm_xmalloc(t.nrows * sizeof *lab);
	if (km_fit(t.x, t.nrows, t.nsel, &o, &res, lab, &e) != RFM_OK)
		rfm_die(e.code, "%s: %s", t.name, e.msg);
	/* Fresh fits get the canonical ids; a warm start keeps its own. */
	if (warm_path == NULL)
		km_canonical(&res, lab, t.nrows, NULL);

	memset(&m, 0, sizeof m);
	m.d = t.nsel;
	m.features = t.selname;
	m.k = res.k;
	m.sizes = res.sizes;
	m.centres = res.centres;
	m.seed = o.seed;
	m.n_init = o.init == KM_INIT_GIVEN ? 1 : o.n_init;
	m.max_iter = o.max_iter;
	m.iterations = res.iterations;
	m.rows = (long)t.nrows;
	m.tol = o.tol;
	m.inertia = res.inertia;
	m.converged = res.converged;
	m.algorithm = (char *)algorithm_name[res.algorithm];
	m.scaler = scaler_path != NULL ? &sc : NULL;
	if (warm_path != NULL) {
		/* The model file holds one line per field: no tab or
		 * newline of a path may get in. */
		snprintf(init, sizeof init, "warm-start %s", warm_path);
		for (p = init; *p; p++)
			if (*p == '\t' || *p == '\n' || *p == '\r')
				*p = '?';
		m.init = init;
	} else {
		m.init = (char *)(o.init == KM_INIT_RANDOM ? "random" :
		    "k-means++");
	}
	if (nnames)
		m.names = names;
	else if (warm_path != NULL)
		m.names = warm.names;
	else
		m.names = segment_names(m.features, m.d, m.centres, m.k);
	if (verbose) {
		rfm_warn("%zu rows, %zu features, k = %zu, %ld restart%s: "
		    "restart %d kept, %d iterations (%d of them polishing), %s",
		    t.nrows, m.d, m.k, m.n_init, m.n_init == 1 ? "" : "s",
		    res.best_init, res.iterations, res.polished,
		    res.converged ? "converged" : "not converged");
		if (res.screened)
			rfm_warn("restarts screened on %zu sampled rows, the "
			    "best %d of them run on all", res.screened,
			    KM_SCREEN_KEEP);
		fprintf(stderr, "%s: inertia ", rfm_prog);
		tsv_put_num(stderr, res.inertia);
		fprintf(stderr, " (%s)\n", m.algorithm);
		for (i = 0; i < m.k; i++)
			rfm_warn("cluster %zu: %zu rows: %s", i, m.sizes[i],
			    m.names[i]);
	}
	if (!res.converged)
		rfm_warn("warning: not converged in %d iterations "
		    "(--max-iter)", o.max_iter);
	if (save != NULL && warm.scaler != NULL && scaler_path == NULL)
		rfm_warn("warning: the warm-start model %s carries its scaler; "
		    "the model saved carries none (--scaler)", warm_path);
	if (save != NULL && atomic_write(save, write_model, &m, &e) != RFM_OK)
		rfm_die_error(&e);

	/* The rows again, each with its cluster and segment. */
	if (table_rewind(&t, &r, &e) != RFM_OK)
		rfm_die_error(&e);
	printf("%s\tcluster\tsegment\n", r.hdr_line);
	suffix = segment_suffixes(m.names, m.k);
	for (i = 0; (got = tsv_next_raw(&r, &text, &len, &e)) > 0; i++) {
		if (i == t.nrows)
			break;
		fwrite(text, 1, len, stdout);
		fputs(suffix[lab[i]], stdout);
	}
	if (got < 0)
		rfm_die_error(&e);
	if (i != t.nrows || got > 0)
		rfm_die(RFM_EIO, "%s: the input changed while it was read",
		    t.name);
	for (i = 0; i < m.k; i++)
		free(suffix[i]);
	free(suffix);
	tsv_close(&r);
	if (!nnames && warm_path == NULL) {
		for (i = 0; i < m.k; i++)
			free(m.names[i]);
		free(m.names);
	}
	if (cols != warm.features)
		free(cols);
	model_free(&warm);
	if (scaler_path != NULL)
		scaler_free(&sc);
	km_result_free(&res);
	table_close(&t);
	free(lab);
	free(names);
	return rfm_close_stdout();
}
