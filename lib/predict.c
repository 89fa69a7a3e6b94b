/*
 * predict.c - binding a model to a scaler and to an input, and labelling.
 */
#include "predict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans.h"
#include "num.h"
#include "tsv.h"

int
predict_init(predictor *p, const model *m, const char *model_path,
    const scaler *s, const char *scaler_path, rfm_error *e)
{
	char list[512];
	size_t i, j;
	long l;

	memset(p, 0, sizeof *p);
	if (m->scaler != NULL) {
		/* The model's own scaler; one given beside it must be the
		 * same, or one of the two files is from another run. */
		if (s != NULL && scaler_differs(s, scaler_path, m->scaler,
		    model_path, list, sizeof list))
			return rfm_fail(e, RFM_EDATA, NULL, 0, NULL, "scaler "
			    "file %s: not the scaler the model file %s carries "
			    "(%s); give --model alone: the model applies its "
			    "own", scaler_path, model_path, list);
		s = m->scaler;
	}
	p->m = m;
	p->s = s;
	p->model_path = model_path;
	p->scaler_path = scaler_path;
	p->feat = rfm_xmalloc(m->d * sizeof *p->feat);
	if (s == NULL) {
		p->nin = m->d;
		p->in_names = m->features;
	} else {
		p->nin = s->ncols;
		p->in_names = rfm_xmalloc(s->ncols * sizeof *p->in_names);
		for (i = 0; i < s->ncols; i++)
			p->in_names[i] = s->col[i].input;
		if ((l = scaler_missing(s, m->features, m->d, list,
		    sizeof list)) >= 0)
			return rfm_fail(e, RFM_EDATA, NULL, 0, NULL,
			    "the model %s and the scaler %s do not "
			    "match: the model's feature \"%s\" is not "
			    "one of the scaler's outputs (%s)",
			    model_path, scaler_path, m->features[l], list);
		p->map = rfm_xmalloc(m->d * sizeof *p->map);
		for (j = 0; j < m->d; j++)
			p->map[j] = (size_t)scaler_output(s, m->features[j]);
		p->z = rfm_xmalloc(s->ncols * sizeof *p->z);
	}
	p->idx = rfm_xmalloc(p->nin * sizeof *p->idx);
	p->raw = rfm_xmalloc(p->nin * sizeof *p->raw);
	p->centres = rfm_xmalloc(m->k * m->d * sizeof *p->centres);
	memcpy(p->centres, m->centres, m->k * m->d * sizeof *p->centres);
	p->scale = km_normalise(p->centres, m->k * m->d);
	return RFM_OK;
}

void
predict_free(predictor *p)
{
	if (p->s != NULL)
		free(p->in_names);
	free(p->map);
	free(p->idx);
	free(p->raw);
	free(p->z);
	free(p->feat);
	free(p->centres);
	memset(p, 0, sizeof *p);
}

int
predict_bind(predictor *p, const tsv_reader *r, rfm_error *e)
{
	int rc = tsv_columns(r, (const char *const *)p->in_names, p->nin,
	    p->idx, e);
	size_t n;

	if (rc == RFM_OK)
		return rc;
	/* Say why these names: the model's features, or the columns its
	 * own scaler reads. */
	n = strlen(e->msg);
	if (p->s == NULL)
		snprintf(e->msg + n, sizeof e->msg - n, " (the model %s has "
		    "these features; with --scaler the input holds the "
		    "scaler's columns)", p->model_path);
	else if (p->s == p->m->scaler)
		snprintf(e->msg + n, sizeof e->msg - n, " (the model %s "
		    "carries its scaler, which reads these columns, as "
		    "rfm-extract writes them)", p->model_path);
	return rc;
}

static size_t
classify(predictor *p, double *dist)
{
	size_t j;

	for (j = 0; j < p->m->d; j++)
		p->feat[j] = p->s != NULL ? p->z[p->map[j]] : p->raw[j];
	if (p->scale != 0)   /* ldexp by 0 is the identity: skip the calls */
		for (j = 0; j < p->m->d; j++)
			p->feat[j] = ldexp(p->feat[j], -p->scale);
	j = model_nearest_of(p->centres, p->m->k, p->m->d, p->feat, dist);
	if (p->scale != 0)
		*dist = ldexp(*dist, p->scale);
	return j;
}

int
predict_row(predictor *p, const tsv_reader *r, size_t *cluster, double *dist,
    rfm_error *e)
{
	char key[4 * 40 + 8];
	size_t i;
	double d;
	int rc;

	if (p->s != NULL) {
		if ((rc = scaler_row(p->s, r, p->idx, p->z, e)) != RFM_OK)
			return rc;
	} else {
		for (i = 0; i < p->nin; i++)
			if ((rc = tsv_number(r, p->idx[i], &p->raw[i], e)) !=
			    RFM_OK)
				return rc;
	}
	*cluster = classify(p, &d);
	if (dist != NULL)
		*dist = d;
	if (!isfinite(d))
		return rfm_fail(e, RFM_EDATA, r->name, r->line, NULL,
		    "values too large: the distance to every centre overflows "
		    "(%s %s)", r->cols[0], tsv_show(key, r->f[0].p, r->f[0].len,
		    40));
	return RFM_OK;
}

int
predict_values(predictor *p, const double *raw, size_t *cluster,
    double *dist, rfm_error *e)
{
	char num[NUM_BUFSZ];
	size_t i;
	double v, d;

	for (i = 0; i < p->nin; i++) {
		p->raw[i] = raw[i];
		if (p->s == NULL)
			continue;
		if (scaler_pre(&p->s->col[i], raw[i], &v) != 0) {
			num_format(num, raw[i]);
			return rfm_fail(e, RFM_EUSAGE, NULL, 0, NULL,
			    "%s %s: log1p is undefined for values <= -1",
			    p->s->col[i].input, num);
		}
		p->z[i] = scaler_z(&p->s->col[i], v);
	}
	*cluster = classify(p, &d);
	if (dist != NULL)
		*dist = d;
	if (!isfinite(d))
		return rfm_fail(e, RFM_EUSAGE, NULL, 0, NULL, "values too "
		    "large: the distance to every centre overflows");
	return RFM_OK;
}
