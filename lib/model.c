/*
 * model.c - writing, reading and applying a model.
 */
#include "model.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans.h"
#include "kvfile.h"
#include "num.h"
#include "tsv.h"
#include "version.h"

void
model_free(model *m)
{
	size_t i;

	for (i = 0; i < m->d && m->features != NULL; i++)
		free(m->features[i]);
	for (i = 0; i < m->k && m->names != NULL; i++)
		free(m->names[i]);
	free(m->features);
	free(m->names);
	free(m->sizes);
	free(m->centres);
	free(m->algorithm);
	free(m->init);
	if (m->scaler != NULL)
		scaler_free(m->scaler);
	free(m->scaler);
	memset(m, 0, sizeof *m);
}

int
model_name_ok(const char *name)
{
	return *name != '\0' && strpbrk(name, "\t\n\r") == NULL;
}

int
model_write(FILE *out, const model *m)
{
	kv_writer w;
	FILE *f;
	size_t i, j;

	/* A number that reads back as no number would make the file
	 * unreadable: refuse to write it. */
	if (!isfinite(m->inertia) || !isfinite(m->tol))
		return -1;
	for (i = 0; i < m->k * m->d; i++)
		if (!isfinite(m->centres[i]))
			return -1;
	if ((f = kv_begin(&w)) == NULL)
		return -1;
	fprintf(f, "rfmkit-model\t%d\n", MODEL_VERSION);
	fprintf(f, "# written by kmeans-fit (rfmkit) %s; see rfmkit-files(5)\n",
	    RFMKIT_VERSION);
	fputs("features", f);
	for (j = 0; j < m->d; j++)
		fprintf(f, "\t%s", m->features[j]);
	fprintf(f, "\nk\t%zu\n", m->k);
	fprintf(f, "rows\t%ld\n", m->rows);
	fprintf(f, "init\t%s\n", m->init);
	fprintf(f, "seed\t%llu\n", (unsigned long long)m->seed);
	fprintf(f, "n_init\t%ld\n", m->n_init);
	fputs("tol\t", f);
	tsv_put_num(f, m->tol);
	fprintf(f, "\nmax_iter\t%ld\n", m->max_iter);
	fprintf(f, "algorithm\t%s\n", m->algorithm);
	fprintf(f, "iterations\t%ld\n", m->iterations);
	fprintf(f, "converged\t%s\n", m->converged ? "yes" : "no");
	fputs("inertia\t", f);
	tsv_put_num(f, m->inertia);
	putc('\n', f);
	if (m->scaler != NULL)
		scaler_write_cols(f, m->scaler, "scaler");
	/* The comment does not repeat the features' names: a copy that
	 * could disagree with the features line would mislead. */
	fputs("# cluster\tid\tname\tsize\tthe centre, one number per "
	    "feature\n", f);
	for (i = 0; i < m->k; i++) {
		fprintf(f, "cluster\t%zu\t%s\t%zu", i, m->names[i],
		    m->sizes[i]);
		for (j = 0; j < m->d; j++) {
			putc('\t', f);
			tsv_put_num(f, m->centres[i * m->d + j]);
		}
		putc('\n', f);
	}
	return kv_end(&w, out);
}

static int
one_value(const kvfile *kv, const char *key, const kv_line **l,
    rfm_error *e)
{
	return kv_find(kv, key, 2, l, e);
}

/* A line "key<TAB>text" whose text is kept as it is: a carriage return
 * in it would not survive a write and a read (a line's last one is taken
 * as part of CRLF), so it is refused, as in names. */
static int
text_value(const kvfile *kv, const char *key, char **out, rfm_error *e)
{
	const kv_line *l;
	int rc;

	if ((rc = one_value(kv, key, &l, e)) != RFM_OK)
		return rc;
	if (strchr(l->f[1], '\r') != NULL)
		return rfm_fail(e, RFM_EDATA, kv->path, l->line, key,
		    "holds a carriage return");
	*out = rfm_xstrdup(l->f[1]);
	return RFM_OK;
}

/* The scaler lines, if any: every feature (of the features line fl)
 * must be one of the scaler's outputs. */
static int
read_scaler(const kvfile *kv, const kv_line *fl, model *m, rfm_error *e)
{
	char list[512];
	size_t i;
	long j;
	int rc;

	for (i = 0; i < kv->nlines && strcmp(kv->lines[i].f[0], "scaler");
	    i++)
		;
	if (i == kv->nlines)
		return RFM_OK;
	m->scaler = rfm_xcalloc(1, sizeof *m->scaler);
	if ((rc = scaler_read_cols(kv, "scaler", m->scaler, e)) != RFM_OK)
		return rc;
	if ((j = scaler_missing(m->scaler, m->features, m->d, list,
	    sizeof list)) >= 0)
		return rfm_fail(e, RFM_EDATA, kv->path, fl->line, NULL,
		    "feature \"%s\" is not one of the outputs of the "
		    "model's scaler (%s)", m->features[j], list);
	return RFM_OK;
}

int
model_use_scaler(const scaler *s, const char *path, char *const *features,
    size_t d, rfm_error *e)
{
	char list[512];
	long j = scaler_missing(s, features, d, list, sizeof list);

	if (j < 0)
		return RFM_OK;
	return rfm_fail(e, RFM_EDATA, NULL, 0, NULL, "scaler file %s: the "
	    "feature \"%s\" is not one of its outputs (%s): the input was "
	    "not scaled by it", path, features[j], list);
}

int
model_read(const char *path, model *m, rfm_error *e)
{
	/* Version 2 added the scaler and the cksum. */
	static const char *const known[] = { "features", "k", "rows", "init",
	    "seed", "n_init", "tol", "max_iter", "algorithm", "iterations",
	    "converged", "inertia", "cluster", "scaler", "cksum", NULL };
	static const char *const known_v1[] = { "features", "k", "rows",
	    "init", "seed", "n_init", "tol", "max_iter", "algorithm",
	    "iterations", "converged", "inertia", "cluster", NULL };
	kvfile kv;
	const kv_line *l;
	double v;
	long n, id;
	size_t i, j, seen = 0;
	int rc;

	memset(m, 0, sizeof *m);
	if ((rc = kv_read(path, "model", 1, MODEL_VERSION, &kv, e)) != RFM_OK ||
	    (kv.version >= 2 && (rc = kv_check_sum(&kv, e)) != RFM_OK) ||
	    (rc = kv_known(&kv, kv.version < 2 ? known_v1 : known, e)) !=
	    RFM_OK)
		goto out;
	if ((rc = kv_find(&kv, "features", 0, &l, e)) != RFM_OK)
		goto out;
	if (l->n < 2) {
		rc = rfm_fail(e, RFM_EDATA, path, l->line, NULL, "no features");
		goto out;
	}
	m->d = l->n - 1;
	m->features = rfm_xcalloc(m->d, sizeof *m->features);
	for (j = 0; j < m->d; j++) {
		if (*l->f[j + 1] == '\0') {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, NULL,
			    "an empty feature name");
			goto out;
		}
		if (strchr(l->f[j + 1], '\r')) {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, NULL,
			    "a feature name holds a carriage return");
			goto out;
		}
		for (i = 0; i < j; i++)
			if (strcmp(m->features[i], l->f[j + 1]) == 0) {
				rc = rfm_fail(e, RFM_EDATA, path, l->line, NULL,
				    "feature \"%s\" twice", l->f[j + 1]);
				goto out;
			}
		m->features[j] = rfm_xstrdup(l->f[j + 1]);
	}
	if ((rc = read_scaler(&kv, l, m, e)) != RFM_OK)
		goto out;
	if ((rc = one_value(&kv, "k", &l, e)) != RFM_OK ||
	    (rc = kv_integer(&kv, l, 1, "k", 1, KM_MAX_K, &n, e)) != RFM_OK)
		goto out;
	m->k = (size_t)n;
	if ((rc = one_value(&kv, "rows", &l, e)) != RFM_OK ||
	    (rc = kv_integer(&kv, l, 1, "rows", 0, LONG_MAX, &m->rows, e)) ||
	    (rc = one_value(&kv, "seed", &l, e)) != RFM_OK)
		goto out;
	{
		char *end;

		errno = 0;
		m->seed = strtoull(l->f[1], &end, 10);
		if (*l->f[1] < '0' || *l->f[1] > '9' || *end != '\0' ||
		    errno == ERANGE) {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, "seed",
			    "not an integer: \"%s\"", l->f[1]);
			goto out;
		}
	}
	if ((rc = one_value(&kv, "n_init", &l, e)) != RFM_OK ||
	    (rc = kv_integer(&kv, l, 1, "n_init", 1, INT_MAX, &m->n_init, e)) ||
	    (rc = one_value(&kv, "max_iter", &l, e)) != RFM_OK ||
	    (rc = kv_integer(&kv, l, 1, "max_iter", 1, INT_MAX, &m->max_iter,
	    e)) ||
	    (rc = one_value(&kv, "iterations", &l, e)) != RFM_OK ||
	    (rc = kv_integer(&kv, l, 1, "iterations", 0, INT_MAX,
	    &m->iterations, e)) ||
	    (rc = one_value(&kv, "tol", &l, e)) != RFM_OK ||
	    (rc = kv_number(&kv, l, 1, "tol", &m->tol, e)) != RFM_OK ||
	    (m->tol < 0 && (rc = rfm_fail(e, RFM_EDATA, path, l->line, "tol",
	    "negative")) != RFM_OK) ||
	    (rc = one_value(&kv, "inertia", &l, e)) != RFM_OK ||
	    (rc = kv_number(&kv, l, 1, "inertia", &m->inertia, e)) != RFM_OK ||
	    (rc = one_value(&kv, "converged", &l, e)) != RFM_OK)
		goto out;
	if (strcmp(l->f[1], "yes") != 0 && strcmp(l->f[1], "no") != 0) {
		rc = rfm_fail(e, RFM_EDATA, path, l->line, "converged",
		    "\"%s\" is neither yes nor no", l->f[1]);
		goto out;
	}
	m->converged = strcmp(l->f[1], "yes") == 0;
	if ((rc = text_value(&kv, "algorithm", &m->algorithm, e)) != RFM_OK ||
	    (rc = text_value(&kv, "init", &m->init, e)) != RFM_OK)
		goto out;

	m->names = rfm_xcalloc(m->k, sizeof *m->names);
	m->sizes = rfm_xcalloc(m->k, sizeof *m->sizes);
	m->centres = rfm_xcalloc(m->k * m->d, sizeof *m->centres);
	for (i = 0; i < kv.nlines; i++) {
		l = &kv.lines[i];
		if (strcmp(l->f[0], "cluster") != 0)
			continue;
		if (l->n != 4 + m->d) {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, NULL,
			    "\"cluster\" line with %zu fields, expected %zu "
			    "(id, name, size and %zu feature%s)", l->n,
			    4 + m->d, m->d, m->d == 1 ? "" : "s");
			goto out;
		}
		if ((rc = kv_integer(&kv, l, 1, "id", 0, (long)m->k - 1, &id,
		    e)) != RFM_OK)
			goto out;
		if ((size_t)id != seen) {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, "id",
			    "cluster %ld where cluster %zu belongs", id, seen);
			goto out;
		}
		if (!model_name_ok(l->f[2])) {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, "name", "%s",
			    *l->f[2] ? "holds a carriage return" : "empty");
			goto out;
		}
		m->names[id] = rfm_xstrdup(l->f[2]);
		if ((rc = kv_integer(&kv, l, 3, "size", 0, LONG_MAX, &n, e)))
			goto out;
		m->sizes[id] = (size_t)n;
		for (j = 0; j < m->d; j++) {
			if ((rc = kv_number(&kv, l, 4 + j, m->features[j], &v,
			    e)) != RFM_OK)
				goto out;
			m->centres[(size_t)id * m->d + j] = v;
		}
		seen++;
	}
	if (seen != m->k)
		rc = rfm_fail(e, RFM_EDATA, path, 0, NULL, "%zu cluster line%s "
		    "for k = %zu: the file is incomplete", seen,
		    seen == 1 ? "" : "s", m->k);
out:
	kv_free(&kv);
	if (rc != RFM_OK)
		model_free(m);
	return rc;
}

size_t
model_nearest(const model *m, const double *v, double *dist)
{
	return model_nearest_of(m->centres, m->k, m->d, v, dist);
}

size_t
model_nearest_of(const double *centres, size_t k, size_t d, const double *v,
    double *dist)
{
	double best = INFINITY, s;
	size_t j, a = 0;

	for (j = 0; j < k; j++) {
		s = km_sqdist(v, centres + j * d, d);
		if (s < best) {
			best = s;
			a = j;
		}
	}
	if (dist != NULL)
		*dist = sqrt(best);
	return a;
}
