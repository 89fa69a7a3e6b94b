/*
 * scaler.c - fitting, applying, writing and reading a scaler.
 */
#include "scaler.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csum.h"
#include "kvfile.h"
#include "num.h"
#include "tsvin.h"
#include "tsv.h"
#include "version.h"

static char *
output_name(const char *input, int log1p)
{
	size_t n = strlen(input);
	char *p = rfm_xmalloc(n + 8);

	memcpy(p, input, n);
	strcpy(p + n, log1p ? "_log_z" : "_z");
	return p;
}

void
scaler_init(scaler *s, const char *const *input, const int *log1p, size_t n)
{
	size_t i;

	s->ncols = n;
	s->rows = 0;
	s->col = rfm_xcalloc(n, sizeof *s->col);
	for (i = 0; i < n; i++) {
		s->col[i].input = rfm_xstrdup(input[i]);
		s->col[i].log1p = log1p[i];
		s->col[i].output = output_name(input[i], log1p[i]);
		s->col[i].scale = 1;
	}
}

void
scaler_free(scaler *s)
{
	size_t i;

	for (i = 0; i < s->ncols; i++) {
		free(s->col[i].input);
		free(s->col[i].output);
	}
	free(s->col);
	memset(s, 0, sizeof *s);
}

int
scaler_pre(const scaler_col *c, double v, double *out)
{
	if (!c->log1p) {
		*out = v;
		return 0;
	}
	if (!(v > -1))
		return -1;
	*out = log1p(v);
	return isfinite(*out) ? 0 : -1;
}

/* A Neumaier sum (csum.h) and its compensation. */
typedef struct csum {
	double s, c;
} csum;

static void
csum_add(csum *a, double v)
{
	csum_neumaier(&a->s, &a->c, v);
}

int
scaler_fit(scaler *s, const double *x, size_t n, size_t *bad)
{
	size_t i, j, m = s->ncols;
	csum sum, sq, dev;
	double mean, var, t;
	int constant;

	s->rows = (long)n;
	for (j = 0; j < m; j++) {
		memset(&sum, 0, sizeof sum);
		constant = 1;
		for (i = 0; i < n; i++) {
			csum_add(&sum, x[i * m + j]);
			constant &= x[i * m + j] == x[j];
		}
		mean = n ? (sum.s + sum.c) / (double)n : 0;
		/* All equal: that value is the mean, so every z is exactly 0
		 * (the sum divided by n may be one unit in the last place
		 * off). */
		if (n && constant)
			mean = x[j];
		/* Second pass, with the correction term of the corrected
		 * two-pass algorithm (Chan, Golub and LeVeque). */
		memset(&sq, 0, sizeof sq);
		memset(&dev, 0, sizeof dev);
		for (i = 0; i < n; i++) {
			t = x[i * m + j] - mean;
			csum_add(&dev, t);
			csum_add(&sq, t * t);
		}
		t = dev.s + dev.c;
		var = n ? ((sq.s + sq.c) - t * t / (double)n) / (double)n : 0;
		if (var < 0)
			var = 0;
		if (!isfinite(mean) || !isfinite(var)) {
			*bad = j;
			return -1;
		}
		s->col[j].mean = mean;
		s->col[j].scale = var <= (double)n * DBL_EPSILON * var +
		    pow((double)n * mean * DBL_EPSILON, 2) ? 1 : sqrt(var);
	}
	return 0;
}

int
scaler_write(FILE *out, const scaler *s)
{
	kv_writer w;
	FILE *f;
	size_t i;

	for (i = 0; i < s->ncols; i++)
		if (!isfinite(s->col[i].mean) || !isfinite(s->col[i].scale))
			return -1;
	if ((f = kv_begin(&w)) == NULL)
		return -1;
	fprintf(f, "rfmkit-scaler\t%d\n", SCALER_VERSION);
	fprintf(f, "# written by rfm-scale (rfmkit) %s; see rfmkit-files(5)\n",
	    RFMKIT_VERSION);
	fprintf(f, "rows\t%ld\n", s->rows);
	fprintf(f, "columns\t%zu\n", s->ncols);
	scaler_write_cols(f, s, "column");
	return kv_end(&w, out);
}

void
scaler_write_cols(FILE *out, const scaler *s, const char *key)
{
	size_t i;

	fprintf(out, "# %s\tinput\ttransform\tmean\tscale\toutput\n", key);
	for (i = 0; i < s->ncols; i++) {
		fprintf(out, "%s\t%s\t%s\t", key, s->col[i].input,
		    s->col[i].log1p ? "log1p" : "none");
		tsv_put_num(out, s->col[i].mean);
		putc('\t', out);
		tsv_put_num(out, s->col[i].scale);
		fprintf(out, "\t%s\n", s->col[i].output);
	}
}

int
scaler_is_columns(const scaler *s, char *const *names, size_t n)
{
	size_t i;

	if (n != s->ncols)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], s->col[i].input) != 0)
			return 0;
	return 1;
}

int
scaler_is_log1p(const scaler *s, char *const *names, size_t n)
{
	size_t i, j;

	/* every name one of s's log1p columns... */
	for (j = 0; j < n; j++) {
		for (i = 0; i < s->ncols && (!s->col[i].log1p ||
		    strcmp(names[j], s->col[i].input) != 0); i++)
			;
		if (i == s->ncols)
			return 0;
	}
	/* ... and every log1p column named */
	for (i = 0; i < s->ncols; i++) {
		for (j = 0; j < n && strcmp(names[j], s->col[i].input); j++)
			;
		if (s->col[i].log1p && j == n)
			return 0;
	}
	return 1;
}

void
scaler_list(const scaler *s, int log1p_only, char *buf, size_t size)
{
	size_t i, at = 0;
	int w;

	buf[0] = '\0';
	for (i = 0; i < s->ncols && at < size; i++) {
		if (log1p_only && !s->col[i].log1p)
			continue;
		w = snprintf(buf + at, size - at, "%s%s", at ? "," : "",
		    s->col[i].input);
		at += w < 0 ? 0 : (size_t)w;
	}
}

int
scaler_read_cols(const kvfile *kv, const char *key, scaler *s, rfm_error *e)
{
	const char *path = kv->path;
	const kv_line *l;
	scaler_col *c;
	size_t i, j;
	int rc = RFM_OK;

	s->col = rfm_xcalloc(kv->nlines, sizeof *s->col);
	for (i = 0; i < kv->nlines; i++) {
		l = &kv->lines[i];
		if (strcmp(l->f[0], key) != 0)
			continue;
		if (l->n != 6) {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, NULL,
			    "\"%s\" line with %zu fields, expected 6", key,
			    l->n);
			goto out;
		}
		c = &s->col[s->ncols];
		if (strcmp(l->f[2], "log1p") == 0)
			c->log1p = 1;
		else if (strcmp(l->f[2], "none") != 0) {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, "transform",
			    "\"%s\" is neither log1p nor none", l->f[2]);
			goto out;
		}
		if ((rc = kv_number(kv, l, 3, "mean", &c->mean, e)) != RFM_OK ||
		    (rc = kv_number(kv, l, 4, "scale", &c->scale, e)) != RFM_OK)
			goto out;
		if (!(c->scale > 0)) {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, "scale",
			    "must be positive, not %s", l->f[4]);
			goto out;
		}
		if (*l->f[1] == '\0' || *l->f[5] == '\0') {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, NULL,
			    "an empty column name");
			goto out;
		}
		/* A carriage return would not survive a write and a read
		 * (a line's last one is taken as part of CRLF). */
		if (strchr(l->f[1], '\r') || strchr(l->f[5], '\r')) {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, NULL,
			    "a column name holds a carriage return");
			goto out;
		}
		for (j = 0; j < s->ncols; j++) {
			if (strcmp(s->col[j].input, l->f[1]) == 0) {
				rc = rfm_fail(e, RFM_EDATA, path, l->line, NULL,
				    "column \"%s\" is scaled twice", l->f[1]);
				goto out;
			}
			if (strcmp(s->col[j].output, l->f[5]) == 0) {
				rc = rfm_fail(e, RFM_EDATA, path, l->line, NULL,
				    "two columns give the output \"%s\"",
				    l->f[5]);
				goto out;
			}
		}
		c->input = rfm_xstrdup(l->f[1]);
		c->output = rfm_xstrdup(l->f[5]);
		s->ncols++;
	}
out:
	if (rc != RFM_OK)
		scaler_free(s);
	return rc;
}

int
scaler_read(const char *path, scaler *s, rfm_error *e)
{
	static const char *const known_v1[] = { "rows", "columns", "column",
	    NULL };
	static const char *const known[] = { "rows", "columns", "column",
	    "cksum", NULL };
	kvfile kv;
	const kv_line *l;
	long ncols = 0;
	int rc;

	memset(s, 0, sizeof *s);
	if ((rc = kv_read(path, "scaler", 1, SCALER_VERSION, &kv, e)) !=
	    RFM_OK ||
	    (kv.version >= 2 && (rc = kv_check_sum(&kv, e)) != RFM_OK) ||
	    (rc = kv_known(&kv, kv.version < 2 ? known_v1 : known, e)) !=
	    RFM_OK)
		goto out;
	if ((rc = kv_find(&kv, "rows", 2, &l, e)) != RFM_OK ||
	    (rc = kv_integer(&kv, l, 1, "rows", 0, LONG_MAX, &s->rows, e)) !=
	    RFM_OK || (rc = kv_find(&kv, "columns", 2, &l, e)) != RFM_OK ||
	    (rc = kv_integer(&kv, l, 1, "columns", 1, LONG_MAX, &ncols, e)) !=
	    RFM_OK || (rc = scaler_read_cols(&kv, "column", s, e)) != RFM_OK)
		goto out;
	if (s->ncols != (size_t)ncols) {
		rc = rfm_fail(e, RFM_EDATA, path, 0, NULL,
		    "%zu \"column\" line%s for columns %ld: the file is "
		    "incomplete", s->ncols, s->ncols == 1 ? "" : "s", ncols);
		scaler_free(s);
	}
out:
	kv_free(&kv);
	return rc;
}

long
scaler_output(const scaler *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->ncols; i++)
		if (strcmp(s->col[i].output, name) == 0)
			return (long)i;
	return -1;
}

char **
scaler_outputs(const scaler *s)
{
	char **outs = rfm_xmalloc(s->ncols * sizeof *outs);
	size_t i;

	for (i = 0; i < s->ncols; i++)
		outs[i] = s->col[i].output;
	return outs;
}

long
scaler_missing(const scaler *s, char *const *names, size_t n, char *list,
    size_t size)
{
	char **outs;
	size_t j;

	for (j = 0; j < n && scaler_output(s, names[j]) >= 0; j++)
		;
	if (j == n)
		return -1;
	outs = scaler_outputs(s);
	tsv_join(list, size, outs, s->ncols, 0);
	free(outs);
	return (long)j;
}

int
scaler_differs(const scaler *a, const char *an, const scaler *b,
    const char *bn, char *why, size_t n)
{
	char x[NUM_BUFSZ], y[NUM_BUFSZ];
	const scaler_col *p, *q;
	size_t i;
	int m;

	if (a->ncols != b->ncols) {
		snprintf(why, n, "%zu column%s in %s, %zu in %s", a->ncols,
		    a->ncols == 1 ? "" : "s", an, b->ncols, bn);
		return 1;
	}
	for (i = 0; i < a->ncols; i++) {
		p = &a->col[i];
		q = &b->col[i];
		if (strcmp(p->input, q->input) != 0 ||
		    strcmp(p->output, q->output) != 0 || p->log1p != q->log1p) {
			snprintf(why, n, "column %zu: %s %s %s in %s, %s %s %s "
			    "in %s", i + 1, p->input, p->log1p ? "log1p" :
			    "none", p->output, an, q->input, q->log1p ?
			    "log1p" : "none", q->output, bn);
			return 1;
		}
		if (p->mean != q->mean || p->scale != q->scale) {
			m = p->mean != q->mean;
			num_format(x, m ? p->mean : p->scale);
			num_format(y, m ? q->mean : q->scale);
			snprintf(why, n, "%s's %s: %s in %s, %s in %s", p->input,
			    m ? "mean" : "scale", x, an, y, bn);
			return 1;
		}
	}
	return 0;
}

int
scaler_bind(const scaler *s, const tsv_reader *r, long *idx, rfm_error *e)
{
	const char **names = rfm_xmalloc(s->ncols * sizeof *names);
	size_t i;
	int rc;

	for (i = 0; i < s->ncols; i++)
		names[i] = s->col[i].input;
	rc = tsv_columns(r, names, s->ncols, idx, e);
	free(names);
	return rc;
}

int
scaler_pre_row(const scaler *s, size_t i, const tsv_reader *r, double *v,
    rfm_error *e)
{
	char num[NUM_BUFSZ], key[4 * 40 + 8];

	if (scaler_pre(&s->col[i], *v, v) == 0)
		return RFM_OK;
	num_format(num, *v);
	return rfm_fail(e, RFM_EDATA, r->name, r->line, s->col[i].input,
	    "log1p of %s is undefined (%s %s); values <= -1 come from "
	    "rfm-extract --keep-all, where returns can outweigh purchases: "
	    "use its default policy, or leave this column out of log1p", num,
	    r->cols[0], tsv_show(key, r->f[0].p, r->f[0].len, 40));
}

int
scaler_row(const scaler *s, const tsv_reader *r, const long *idx, double *z,
    rfm_error *e)
{
	char num[NUM_BUFSZ], key[4 * 40 + 8];
	size_t i;
	double v;
	int rc;

	for (i = 0; i < s->ncols; i++) {
		if ((rc = tsv_number(r, idx[i], &v, e)) != RFM_OK ||
		    (rc = scaler_pre_row(s, i, r, &v, e)) != RFM_OK)
			return rc;
		z[i] = scaler_z(&s->col[i], v);
		if (!isfinite(z[i])) {
			num_format(num, v);
			return rfm_fail(e, RFM_EDATA, r->name, r->line,
			    s->col[i].input, "%s is too large for this scaler: "
			    "its z overflows (%s %s)", num, r->cols[0],
			    tsv_show(key, r->f[0].p, r->f[0].len, 40));
		}
	}
	return RFM_OK;
}

int
scaler_stream(const scaler *s, tsv_reader *r, int keep, FILE *out,
    rfm_error *e)
{
	long *idx = rfm_xmalloc(s->ncols * sizeof *idx);
	double *z = rfm_xmalloc(s->ncols * sizeof *z);
	const char *text;
	size_t i, len;
	int rc, got;

	if ((rc = scaler_bind(s, r, idx, e)) != RFM_OK)
		goto out;
	if (out != NULL) {
		fputs(keep ? r->hdr_line : r->cols[0], out);
		for (i = 0; i < s->ncols; i++)
			fprintf(out, "\t%s", s->col[i].output);
		putc('\n', out);
	}
	while ((got = tsv_next(r, e)) > 0) {
		if ((rc = scaler_row(s, r, idx, z, e)) != RFM_OK)
			goto out;
		if (out == NULL)
			continue;
		if (keep) {
			text = tsv_row_text(r, &len);
			fwrite(text, 1, len, out);
		} else {
			fwrite(r->f[0].p, 1, r->f[0].len, out);
		}
		for (i = 0; i < s->ncols; i++) {
			putc('\t', out);
			tsv_put_num(out, z[i]);
		}
		putc('\n', out);
	}
	rc = got < 0 ? e->code : RFM_OK;
out:
	free(idx);
	free(z);
	return rc;
}
