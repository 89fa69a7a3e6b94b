/*
 * fit.c - kmeans-fit's work, as fit.h describes it.
 */
#include "fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "quality.h"
#include "segment.h"
#include "tsv.h"

void
fit_init(fit_job *j)
{
	memset(j, 0, sizeof *j);
	j->o.k = 4;
	j->o.n_init = 10;
	j->o.max_iter = 300;
	j->o.tol = 1e-4;
	j->o.polish = 1;
	j->o.screen = 100000;
	j->o.init = KM_INIT_KMEANSPP;
	j->o.algorithm = KM_AUTO;
}

/* e's message after "name: ". */
static int
in_file(rfm_error *e, const char *name)
{
	char msg[sizeof e->msg];

	memcpy(msg, e->msg, sizeof msg);
	return rfm_fail(e, e->code, name, 0, NULL, "%s", msg);
}

int
fit_warm_start(fit_job *j, rfm_error *e)
{
	int rc;

	if (j->warm_path != NULL) {
		if ((rc = model_read(j->warm_path, &j->warm, e)) != RFM_OK)
			return rc;
		if (j->k_given && j->o.k != j->warm.k)
			return rfm_fail(e, RFM_EUSAGE, NULL, 0, NULL, "-k %zu, "
			    "but the warm-start model %s has k = %zu", j->o.k,
			    j->warm_path, j->warm.k);
		j->o.k = j->warm.k;
		if (j->ncols == 0)   /* the model's features, by name */
			j->ncols = j->warm.d, j->cols = j->warm.features;
		j->o.init = KM_INIT_GIVEN;
		j->o.given = j->warm.centres;
	}
	if (j->nnames && j->nnames != j->o.k)
		return rfm_fail(e, RFM_EUSAGE, NULL, 0, NULL, "--names gives "
		    "%zu name%s for k = %zu", j->nnames,
		    j->nnames == 1 ? "" : "s", j->o.k);
	return RFM_OK;
}

/* table_load's error rc, saying where the columns' names came from when
 * no --columns gave them. */
static int
whose_columns(const fit_job *j, int rc, rfm_error *e)
{
	char msg[sizeof e->msg];
	const char *what, *path;

	if (j->warm_path != NULL && j->cols == j->warm.features)
		what = "the features of the warm-start model",
		path = j->warm_path;
	else if (j->cols_of_scaler)
		what = "the outputs of the scaler", path = j->scaler_path;
	else
		return rc;
	memcpy(msg, e->msg, sizeof msg);
	return rfm_fail(e, rc, NULL, 0, NULL, "%s (%s %s)", msg, what, path);
}

/* The warm-start model's features must be the input's, in order. */
static int
same_features(const fit_job *j, rfm_error *e)
{
	const table *t = &j->t;
	char want[512], have[512];
	size_t i;

	for (i = 0; i < j->warm.d && i < t->nsel &&
	    strcmp(j->warm.features[i], t->selname[i]) == 0; i++)
		;
	if (i == j->warm.d && t->nsel == j->warm.d)
		return RFM_OK;
	tsv_join(want, sizeof want, j->warm.features, j->warm.d, 0);
	tsv_join(have, sizeof have, t->selname, t->nsel, 0);
	return rfm_fail(e, RFM_EDATA, j->warm_path, 0, NULL, "the warm-start "
	    "model's features (%s) are not the input's (%s)", want, have);
}

/* What km_fit refuses, refused before anything is written.  km_check
 * refuses too large a value as well, but a table can say where it is. */
static int
check_values(const table *t, size_t k, rfm_error *e)
{
	size_t i, n = t->nrows, d = t->nsel;

	if ((i = km_too_large(t->x, n, d)) < n * d)
		return rfm_fail(e, RFM_EDATA, t->name, table_line(t, i / d),
		    t->selname[i % d], "%g is too large for k-means: squared "
		    "distances would overflow (values must be below %.3g in "
		    "size)", t->x[i], km_value_limit(n, d));
	if (n == 0)
		return rfm_fail(e, RFM_EDATA, t->name, 0, NULL,
		    "no rows to cluster");
	if (km_check(t->x, n, d, k, e) != RFM_OK)
		return in_file(e, t->name);
	return RFM_OK;
}

int
fit_load(fit_job *j, size_t k, char *warning, size_t size, rfm_error *e)
{
	table *t = &j->t;
	char msg[512];
	int rc;

	*warning = '\0';
	/* Read only now that the input is open, a pipe copied to its end:
	 * in "rfm-scale --save s | kmeans-fit --scaler s", s is saved. */
	if (j->scaler_path != NULL) {
		if ((rc = scaler_read(j->scaler_path, &j->sc, e)) != RFM_OK)
			return rc;
		j->have_sc = 1;
		if ((j->cols_of_scaler = j->ncols == 0))   /* its outputs */
			j->ncols = j->sc.ncols, j->cols = scaler_outputs(&j->sc);
	}
	if ((rc = table_load(t, (const char *const *)j->cols, j->ncols, NULL,
	    NULL, e)) != RFM_OK)
		return whose_columns(j, rc, e);
	if (j->warm_path != NULL && (rc = same_features(j, e)) != RFM_OK)
		return rc;
	if (j->have_sc && (rc = model_use_scaler(&j->sc, j->scaler_path,
	    t->selname, t->nsel, e)) != RFM_OK)
		return rc;
	if (segment_mixed(t->selname, t->nsel, msg, sizeof msg))
		return rfm_fail(e, RFM_EDATA, t->name, 0, NULL, "%s", msg);
	if (!segment_scales(t->x, t->nrows, t->nsel, t->selname, warning,
	    size))
		*warning = '\0';
	return check_values(t, k, e);
}

int
fit_scores(table *t, km_opts *o, size_t a, size_t b, size_t sample,
    FILE *out, rfm_error *e)
{
	uint16_t *lab = rfm_xmalloc(t->nrows * sizeof *lab);
	km_result res;
	size_t k;
	int rc = RFM_OK;

	/* The scores do not depend on the scale: compute them at unit
	 * scale, where no squared distance underflows. */
	int scale = km_normalise(t->x, t->nrows * t->nsel);

	fputs("k\tinertia\tsilhouette\tcalinski_harabasz\tdavies_bouldin\n",
	    out);
	for (k = a; k <= b; k++) {
		o->k = k;
		if (km_fit(t->x, t->nrows, t->nsel, o, &res, lab, e) !=
		    RFM_OK) {
			rc = in_file(e, t->name);
			break;
		}
		fprintf(out, "%zu\t", k);
		tsv_put_num(out, ldexp(res.inertia, 2 * scale));
		putc('\t', out);
		tsv_put_num(out, q_silhouette(t->x, t->nrows, t->nsel, lab,
		    res.k, sample, o->seed, o->nthreads));
		putc('\t', out);
		tsv_put_num(out, q_calinski_harabasz(t->x, t->nrows, t->nsel,
		    lab, res.k));
		putc('\t', out);
		tsv_put_num(out, q_davies_bouldin(t->x, t->nrows, t->nsel,
		    lab, res.k));
		putc('\n', out);
		km_result_free(&res);
	}
	free(lab);
	return rc;
}

int
fit_run(fit_job *j, rfm_error *e)
{
	table *t = &j->t;

	j->lab = rfm_xmalloc(t->nrows * sizeof *j->lab);
	if (km_fit(t->x, t->nrows, t->nsel, &j->o, &j->res, j->lab, e) !=
	    RFM_OK)
		return in_file(e, t->name);
	/* Fresh fits get the canonical ids; a warm start keeps its own. */
	if (j->warm_path == NULL)
		km_canonical(&j->res, j->lab, t->nrows, NULL);
	fit_model(j);
	return RFM_OK;
}

void
fit_model(fit_job *j)
{
	model *m = &j->m;
	const km_result *res = &j->res;
	char *p;

	memset(m, 0, sizeof *m);
	m->d = j->t.nsel;
	m->features = j->t.selname;
	m->k = res->k;
	m->sizes = res->sizes;
	m->centres = res->centres;
	m->seed = j->o.seed;
	m->n_init = j->o.init == KM_INIT_GIVEN ? 1 : j->o.n_init;
	m->max_iter = j->o.max_iter;
	m->iterations = res->iterations;
	m->rows = (long)j->t.nrows;
	m->tol = j->o.tol;
	m->inertia = res->inertia;
	m->converged = res->converged;
	m->algorithm = (char *)km_algorithm_name[res->algorithm];
	m->scaler = j->have_sc ? &j->sc : NULL;
	if (j->warm_path != NULL) {
		/* The model file holds one line per field: no tab or
		 * newline of a path may get in. */
		snprintf(j->init, sizeof j->init, "warm-start %s",
		    j->warm_path);
		for (p = j->init; *p; p++)
			if (*p == '\t' || *p == '\n' || *p == '\r')
				*p = '?';
		m->init = j->init;
	} else {
		m->init = (char *)km_init_name[j->o.init];
	}
	if (j->nnames) {
		m->names = j->names;
	} else if (j->warm_path != NULL) {
		m->names = j->warm.names;
	} else {
		m->names = segment_names(m->features, m->d, m->centres, m->k);
		j->names_made = 1;
	}
}

static int
write_model(FILE *out, void *ctx)
{
	return model_write(out, ctx);
}

int
fit_save(const fit_job *j, const char *path, rfm_error *e)
{
	return atomic_write(path, write_model, (void *)&j->m, e);
}

int
fit_write(fit_job *j, FILE *out, rfm_error *e)
{
	table *t = &j->t;
	tsv_reader r;
	const char *text;
	char **suffix;
	size_t i, len;
	int got, rc;

	if ((rc = table_rewind(t, &r, e)) != RFM_OK)
		return rc;
	fprintf(out, "%s\tcluster\tsegment\n", r.hdr_line);
	suffix = segment_suffixes(j->m.names, j->m.k);
	for (i = 0; (got = tsv_next_raw(&r, &text, &len, e)) > 0; i++) {
		if (i == t->nrows)
			break;
		fwrite(text, 1, len, out);
		fputs(suffix[j->lab[i]], out);
	}
	if (got < 0)
		rc = e->code ? e->code : RFM_ESOFTWARE;
	else if (i != t->nrows || got > 0)
		rc = rfm_fail(e, RFM_EIO, t->name, 0, NULL,
		    "the input changed while it was read");
	for (i = 0; i < j->m.k; i++)
		free(suffix[i]);
	free(suffix);
	tsv_close(&r);
	return rc;
}

void
fit_free(fit_job *j)
{
	size_t i;

	if (j->names_made) {
		for (i = 0; i < j->m.k; i++)
			free(j->m.names[i]);
		free(j->m.names);
	}
	if (j->cols != j->warm.features)
		free(j->cols);
	model_free(&j->warm);
	if (j->have_sc)
		scaler_free(&j->sc);
	km_result_free(&j->res);
	table_close(&j->t);
	free(j->lab);
	free(j->names);
}
