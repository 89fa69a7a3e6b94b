/*
 * score.c - fitting, applying, writing and reading the breaks of RFM
 * scores.
 */
#include "score.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kvfile.h"
#include "num.h"
#include "tsv.h"
#include "tsvin.h"
#include "version.h"

const char *const score_input[SCORE_NMEASURES] = { "recency", "frequency",
    "monetary" };
const char *const score_output[SCORE_NMEASURES] = { "recency_score",
    "frequency_score", "monetary_score" };

static const char *const rule_names[] = { "quantile", "rfm", "given" };

const char *
score_rule_name(int rule)
{
	return rule_names[rule];
}

int
score_rule_of(const char *name)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(name, rule_names[i]) == 0)
			return i;
	return -1;
}

void
score_init(score_breaks *s, int bins, int rule)
{
	memset(s, 0, sizeof *s);
	s->bins = bins;
	s->rule = rule;
	s->left = rule == SCORE_RFM;
	s->descending[SCORE_R] = 1;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * The quantile k/N of sorted x[0..n), linear between the order statistics
 * around the index (n - 1) k / N.  The index is split into its whole part
 * and fraction with integers, so a quantile that falls on a value is that
 * value exactly; the interpolation is numpy's (from the nearer end).
 */
static double
quantile_linear(const double *x, size_t n, int k, int bins)
{
	size_t num = (n - 1) * (size_t)k, lo = num / (size_t)bins;
	size_t rem = num % (size_t)bins;
	double t, d;

	if (rem == 0 || x[lo] == x[lo + 1])
		return x[lo];
	t = (double)rem / bins;
	d = x[lo + 1] - x[lo];
	return t < 0.5 ? x[lo] + d * t :
	    x[lo + 1] - d * ((double)((size_t)bins - rem) / bins);
}

/*
 * R's quantile(x, k/N) (type 7) with R's own arithmetic, so that ties on
 * a break fall as they fall in R: the probabilities of
 * seq(0, 1, length.out = N + 1), the index 1 + (n - 1) p in doubles, and
 * (1 - h) lo + h hi.
 */
static double
quantile_r(const double *x, size_t n, int k, int bins)
{
	double p = k * (1.0 / bins), index = 1 + (double)(n - 1) * p;
	double lo = floor(index), hi = ceil(index), q, h;

	q = x[(size_t)lo - 1];
	if (index > lo && x[(size_t)hi - 1] != q) {
		h = index - lo;
		q = (1 - h) * q + h * x[(size_t)hi - 1];
	}
	return q;
}

int
score_fit(score_breaks *s, const double *x, size_t n, int *bad)
{
	double *v = rfm_xmalloc(n * sizeof *v), q;
	size_t i;
	int m, k;

	s->rows = (long)n;
	for (m = 0; m < SCORE_NMEASURES; m++) {
		for (i = 0; i < n; i++)
			v[i] = x[i * SCORE_NMEASURES + (size_t)m];
		qsort(v, n, sizeof *v, cmp_double);
		for (k = 1; k < s->bins; k++) {
			if (s->rule == SCORE_RFM)
				q = quantile_r(v, n, k, s->bins) + 1;
			else
				q = quantile_linear(v, n, k, s->bins);
			if (!isfinite(q)) {
				free(v);
				*bad = m;
				return -1;
			}
			s->b[m][k - 1] = q;
		}
	}
	free(v);
	return 0;
}

int
score_of(const score_breaks *s, int m, double v)
{
	int k, bin = 1;

	for (k = 0; k < s->bins - 1; k++)
		if (s->left ? s->b[m][k] <= v : s->b[m][k] < v)
			bin++;
	return s->descending[m] ? s->bins + 1 - bin : bin;
}

/* The numbers of one measure of a --breaks value: "a,b,c" up to end. */
static int
parse_list(const char *p, const char *end, const char *name, double *b,
    int *count, char *msg, size_t size)
{
	const char *q, *prev = p;
	int n = 0;

	for (;;) {
		for (q = p; q < end && *q != ','; q++)
			;
		if (n == SCORE_MAX_BINS - 1) {
			snprintf(msg, size, "%s: more than %d breaks (%d "
			    "scores at most)", name, SCORE_MAX_BINS - 1,
			    SCORE_MAX_BINS);
			return -1;
		}
		if (num_parse(p, (size_t)(q - p), &b[n]) != NUM_OK) {
			snprintf(msg, size, "%s: not a number: '%.*s'", name,
			    (int)(q - p), p);
			return -1;
		}
		if (n > 0 && b[n] < b[n - 1]) {
			snprintf(msg, size, "%s: the breaks must not decrease: "
			    "'%.*s' after '%.*s'", name, (int)(q - p), p,
			    (int)(p - 1 - prev), prev);
			return -1;
		}
		prev = p;
		n++;
		if (q == end)
			break;
		p = q + 1;
	}
	*count = n;
	return 0;
}

int
score_parse(const char *spec, int left, score_breaks *s, char *msg,
    size_t size)
{
	const char *p = spec, *end, *colon;
	int seen[SCORE_NMEASURES] = { 0, 0, 0 }, count, bins = 0, m, prev = 0;
	double b[SCORE_MAX_BINS - 1];

	score_init(s, SCORE_MIN_BINS, SCORE_GIVEN);
	s->left = left;
	for (;;) {
		if ((end = strchr(p, ';')) == NULL)
			end = p + strlen(p);
		colon = memchr(p, ':', (size_t)(end - p));
		for (m = 0; colon != NULL && m < SCORE_NMEASURES; m++)
			if ((size_t)(colon - p) == strlen(score_input[m]) &&
			    memcmp(p, score_input[m], (size_t)(colon - p)) == 0)
				break;
		if (colon == NULL || m == SCORE_NMEASURES) {
			snprintf(msg, size, "'%.*s' is not recency:, "
			    "frequency: or monetary: and its breaks",
			    (int)(end - p), p);
			return -1;
		}
		if (seen[m]++) {
			snprintf(msg, size, "%s is given twice", score_input[m]);
			return -1;
		}
		if (parse_list(colon + 1, end, score_input[m], b, &count, msg,
		    size) != 0)
			return -1;
		if (bins != 0 && count + 1 != bins) {
			snprintf(msg, size, "%s has %d break%s and %s %d: each "
			    "measure needs as many, one less than the scores",
			    score_input[m], count, count == 1 ? "" : "s",
			    score_input[prev], bins - 1);
			return -1;
		}
		bins = count + 1;
		prev = m;
		memcpy(s->b[m], b, (size_t)count * sizeof *b);
		if (*end == '\0')
			break;
		p = end + 1;
	}
	for (m = 0; m < SCORE_NMEASURES; m++)
		if (!seen[m]) {
			snprintf(msg, size, "no breaks for %s", score_input[m]);
			return -1;
		}
	s->bins = bins;
	return 0;
}

int
score_write(FILE *out, const score_breaks *s)
{
	kv_writer w;
	FILE *f;
	int m, k;

	if ((f = kv_begin(&w)) == NULL)
		return -1;
	fprintf(f, "rfmkit-breaks\t%d\n", SCORE_VERSION);
	fprintf(f, "# written by rfm-scale (rfmkit) %s; see rfmkit-files(5)\n",
	    RFMKIT_VERSION);
	fprintf(f, "rows\t%ld\n", s->rows);
	fprintf(f, "bins\t%d\n", s->bins);
	fprintf(f, "rule\t%s\n", score_rule_name(s->rule));
	fprintf(f, "closed\t%s\n", s->left ? "left" : "right");
	fputs("# break\tcolumn\torder", f);
	for (k = 1; k < s->bins; k++)
		fprintf(f, "\tbreak %d", k);
	putc('\n', f);
	for (m = 0; m < SCORE_NMEASURES; m++) {
		fprintf(f, "break\t%s\t%s", score_input[m],
		    s->descending[m] ? "descending" : "ascending");
		for (k = 0; k < s->bins - 1; k++) {
			putc('\t', f);
			tsv_put_num(f, s->b[m][k]);
		}
		putc('\n', f);
	}
	return kv_end(&w, out);
}

/* One "break" line into s. */
static int
read_break(const kvfile *kv, const kv_line *l, score_breaks *s, int *seen,
    rfm_error *e)
{
	char what[32];
	size_t want = 3 + (size_t)s->bins - 1, k;
	int m;

	if (l->n != want)
		return rfm_fail(e, RFM_EDATA, kv->path, l->line, NULL,
		    "\"break\" line with %zu fields, expected %zu (column, "
		    "order and %d breaks)", l->n, want, s->bins - 1);
	for (m = 0; m < SCORE_NMEASURES &&
	    strcmp(l->f[1], score_input[m]) != 0; m++)
		;
	if (m == SCORE_NMEASURES)
		return rfm_fail(e, RFM_EDATA, kv->path, l->line, "column",
		    "\"%s\" is not recency, frequency or monetary", l->f[1]);
	if (seen[m])
		return rfm_fail(e, RFM_EDATA, kv->path, l->line, NULL,
		    "a second \"break\" line for %s (the first is line %d)",
		    l->f[1], seen[m]);
	seen[m] = (int)l->line;
	if (strcmp(l->f[2], "ascending") == 0)
		s->descending[m] = 0;
	else if (strcmp(l->f[2], "descending") == 0)
		s->descending[m] = 1;
	else
		return rfm_fail(e, RFM_EDATA, kv->path, l->line, "order",
		    "\"%s\" is neither ascending nor descending", l->f[2]);
	for (k = 0; k + 1 < (size_t)s->bins; k++) {
		snprintf(what, sizeof what, "break %zu", k + 1);
		if (kv_number(kv, l, 3 + k, what, &s->b[m][k], e) != RFM_OK)
			return e->code;
		if (k > 0 && s->b[m][k] < s->b[m][k - 1])
			return rfm_fail(e, RFM_EDATA, kv->path, l->line, what,
			    "%s is below the break before it, %s: breaks must "
			    "not decrease", l->f[3 + k], l->f[2 + k]);
	}
	return RFM_OK;
}

int
score_read(const char *path, score_breaks *s, rfm_error *e)
{
	static const char *const known[] = { "rows", "bins", "rule",
	    "closed", "break", "cksum", NULL };
	int seen[SCORE_NMEASURES] = { 0, 0, 0 }, m, rc;
	kvfile kv;
	const kv_line *l;
	long v;
	size_t i;

	score_init(s, SCORE_MIN_BINS, SCORE_QUANTILE);
	if ((rc = kv_read(path, "breaks", 1, SCORE_VERSION, &kv, e)) !=
	    RFM_OK || (rc = kv_check_sum(&kv, e)) != RFM_OK ||
	    (rc = kv_known(&kv, known, e)) != RFM_OK ||
	    (rc = kv_find(&kv, "rows", 2, &l, e)) != RFM_OK ||
	    (rc = kv_integer(&kv, l, 1, "rows", 0, LONG_MAX, &s->rows, e)) !=
	    RFM_OK || (rc = kv_find(&kv, "bins", 2, &l, e)) != RFM_OK ||
	    (rc = kv_integer(&kv, l, 1, "bins", SCORE_MIN_BINS,
	    SCORE_MAX_BINS, &v, e)) != RFM_OK ||
	    (rc = kv_find(&kv, "rule", 2, &l, e)) != RFM_OK)
		goto out;
	s->bins = (int)v;
	if ((s->rule = score_rule_of(l->f[1])) < 0) {
		rc = rfm_fail(e, RFM_EDATA, path, l->line, "rule", "\"%s\" is "
		    "not quantile, rfm or given", l->f[1]);
		goto out;
	}
	if ((rc = kv_find(&kv, "closed", 2, &l, e)) != RFM_OK)
		goto out;
	if (strcmp(l->f[1], "left") == 0 || strcmp(l->f[1], "right") == 0) {
		s->left = l->f[1][0] == 'l';
	} else {
		rc = rfm_fail(e, RFM_EDATA, path, l->line, "closed", "\"%s\" "
		    "is neither left nor right", l->f[1]);
		goto out;
	}
	for (i = 0; i < kv.nlines; i++)
		if (strcmp(kv.lines[i].f[0], "break") == 0 &&
		    (rc = read_break(&kv, &kv.lines[i], s, seen, e)) != RFM_OK)
			goto out;
	for (m = 0; m < SCORE_NMEASURES; m++)
		if (!seen[m]) {
			rc = rfm_fail(e, RFM_EDATA, path, 0, NULL, "no \"break\" "
			    "line for %s: the file is incomplete",
			    score_input[m]);
			goto out;
		}
out:
	kv_free(&kv);
	return rc;
}

int
score_stream(const score_breaks *s, tsv_reader *r, int keep, FILE *out,
    rfm_error *e)
{
	long idx[SCORE_NMEASURES];
	const char *text;
	size_t len;
	double v;
	int rc, got, m, sc[SCORE_NMEASURES];

	if ((rc = tsv_columns(r, score_input, SCORE_NMEASURES, idx, e)) !=
	    RFM_OK)
		return rc;
	fputs(keep ? r->hdr_line : r->cols[0], out);
	for (m = 0; m < SCORE_NMEASURES; m++)
		fprintf(out, "\t%s", score_output[m]);
	fputs("\trfm_score\n", out);
	while ((got = tsv_next(r, e)) > 0) {
		for (m = 0; m < SCORE_NMEASURES; m++) {
			if ((rc = tsv_number(r, idx[m], &v, e)) != RFM_OK)
				return rc;
			sc[m] = score_of(s, m, v);
		}
		if (keep) {
			text = tsv_row_text(r, &len);
			fwrite(text, 1, len, out);
		} else {
			fwrite(r->f[0].p, 1, r->f[0].len, out);
		}
		fprintf(out, "\t%d\t%d\t%d\t%d\n", sc[0], sc[1], sc[2],
		    score_rfm(sc));
	}
	return got < 0 ? e->code : RFM_OK;
}
