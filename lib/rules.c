/*
 * rules.c - segments by rules on RFM scores: the built-in table, the
 * rules file, matching, and the report of overlaps.
 */
#include "label.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "kvfile.h"
#include "num.h"
#include "segment.h"
#include "summary.h"
#include "tsv.h"
#include "tsvin.h"
#include "version.h"

/* The R package rfm's ten segments, as its documentation of rfm_segment
 * gives them: name, then the lower and upper bound of the recency,
 * frequency and monetary scores. */
static const struct {
	const char *name;
	int b[6];
} builtin[] = {
	{ "Champions",          { 5, 5, 5, 5, 5, 5 } },
	{ "Potential Loyalist", { 3, 5, 3, 5, 2, 5 } },
	{ "Loyal Customers",    { 2, 4, 2, 4, 2, 4 } },
	{ "Promising",          { 3, 4, 1, 3, 3, 5 } },
	{ "New Customers",      { 4, 5, 1, 3, 1, 5 } },
	{ "Can't Lose Them",    { 1, 2, 3, 4, 4, 5 } },
	{ "At Risk",            { 1, 2, 2, 5, 4, 5 } },
	{ "Need Attention",     { 1, 3, 3, 5, 3, 5 } },
	{ "About To Sleep",     { 2, 3, 1, 3, 1, 4 } },
	{ "Lost",               { 1, 1, 1, 5, 1, 5 } },
};

#define NBUILTIN (sizeof builtin / sizeof builtin[0])

/* The line of the first "segment" line in a file rules_write makes. */
#define FIRST_RULE_LINE 5

/* The segment named name, added when it is new. */
static size_t
segment_of(rules *rs, const char *name)
{
	size_t i;

	for (i = 0; i < rs->nseg; i++)
		if (strcmp(rs->names[i], name) == 0)
			return i;
	rs->names = rfm_xrealloc(rs->names, (rs->nseg + 2) *
	    sizeof *rs->names);
	rs->names[rs->nseg] = rfm_xstrdup(name);
	return rs->nseg++;
}

/* Others goes last, once every rule is read. */
static void
add_others(rules *rs)
{
	rs->names = rfm_xrealloc(rs->names, (rs->nseg + 1) *
	    sizeof *rs->names);
	rs->names[rs->nseg] = rfm_xstrdup(RULES_OTHERS);
}

void
rules_default(rules *rs)
{
	size_t i;
	int m;

	memset(rs, 0, sizeof *rs);
	rs->path = "built-in";
	rs->bins = 5;
	rs->n = NBUILTIN;
	rs->r = rfm_xcalloc(NBUILTIN, sizeof *rs->r);
	for (i = 0; i < NBUILTIN; i++) {
		rs->r[i].seg = segment_of(rs, builtin[i].name);
		rs->r[i].line = FIRST_RULE_LINE + (long)i;
		for (m = 0; m < SCORE_NMEASURES; m++) {
			rs->r[i].lo[m] = builtin[i].b[2 * m];
			rs->r[i].hi[m] = builtin[i].b[2 * m + 1];
		}
	}
	add_others(rs);
}

void
rules_free(rules *rs)
{
	size_t i;

	if (rs->names != NULL)
		for (i = 0; i <= rs->nseg; i++)
			free(rs->names[i]);
	free(rs->names);
	free(rs->r);
	memset(rs, 0, sizeof *rs);
}

/* A score of 1..bins in s[0..n), digits only. */
static int
parse_score(const char *s, size_t n, int bins, int *out)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 2)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > bins)
		return -1;
	*out = (int)v;
	return 0;
}

/* A range "a" or "a-b" of scores, field i of line l. */
static int
parse_range(const kvfile *kv, const kv_line *l, size_t i, int bins,
    int *lo, int *hi, rfm_error *e)
{
	char show[4 * 40 + 8];
	const char *s = l->f[i], *dash = strchr(s, '-');
	const char *what = score_input[i - 2];

	if (dash == NULL ? parse_score(s, strlen(s), bins, lo) :
	    parse_score(s, (size_t)(dash - s), bins, lo) ||
	    parse_score(dash + 1, strlen(dash + 1), bins, hi))
		return rfm_fail(e, RFM_EDATA, kv->path, l->line, what,
		    "%s is not a score from 1 to %d, nor a range of two "
		    "such as 2-4", tsv_show(show, s, strlen(s), 40), bins);
	if (dash == NULL)
		*hi = *lo;
	if (*lo > *hi)
		return rfm_fail(e, RFM_EDATA, kv->path, l->line, what,
		    "%s: the lower bound is above the upper", s);
	return RFM_OK;
}

int
rules_read(const char *path, rules *rs, rfm_error *e)
{
	static const char *const known[] = { "bins", "segment", "cksum",
	    NULL };
	kvfile kv;
	const kv_line *l;
	seg_rule *r;
	size_t i;
	long v;
	int rc, m, sum = 0;

	memset(rs, 0, sizeof *rs);
	rs->path = path;
	if ((rc = kv_read(path, "rules", 1, RULES_VERSION, &kv, e)) != RFM_OK)
		goto out;
	/* Rule tables are written by hand: the cksum line is checked when
	 * there is one, and may be left out. */
	for (i = 0; i < kv.nlines; i++)
		sum |= strcmp(kv.lines[i].f[0], "cksum") == 0;
	if ((sum && (rc = kv_check_sum(&kv, e)) != RFM_OK) ||
	    (rc = kv_known(&kv, known, e)) != RFM_OK ||
	    (rc = kv_find(&kv, "bins", 2, &l, e)) != RFM_OK ||
	    (rc = kv_integer(&kv, l, 1, "bins", SCORE_MIN_BINS,
	    SCORE_MAX_BINS, &v, e)) != RFM_OK)
		goto out;
	rs->bins = (int)v;
	rs->r = rfm_xcalloc(kv.nlines, sizeof *rs->r);
	for (i = 0; i < kv.nlines; i++) {
		l = &kv.lines[i];
		if (strcmp(l->f[0], "segment") != 0)
			continue;
		if (l->n != 5) {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, NULL,
			    "\"segment\" line with %zu fields, expected 5 "
			    "(name, recency, frequency, monetary)", l->n);
			goto out;
		}
		if (*l->f[1] == '\0' || strchr(l->f[1], '\r') != NULL) {
			rc = rfm_fail(e, RFM_EDATA, path, l->line, "name",
			    "empty, or holds a carriage return");
			goto out;
		}
		r = &rs->r[rs->n];
		for (m = 0; m < SCORE_NMEASURES; m++)
			if ((rc = parse_range(&kv, l, 2 + (size_t)m, rs->bins,
			    &r->lo[m], &r->hi[m], e)) != RFM_OK)
				goto out;
		r->line = l->line;
		r->seg = segment_of(rs, l->f[1]);
		rs->n++;
	}
	if (rs->n == 0) {
		rc = rfm_fail(e, RFM_EDATA, path, 0, NULL, "no \"segment\" "
		    "lines: the file is incomplete");
		goto out;
	}
	add_others(rs);
out:
	if (rc != RFM_OK) {
		if (rs->names != NULL)
			add_others(rs);
		rules_free(rs);
	}
	kv_free(&kv);
	return rc;
}

static int
holds(const seg_rule *r, const int sc[SCORE_NMEASURES])
{
	int m;

	for (m = 0; m < SCORE_NMEASURES; m++)
		if (sc[m] < r->lo[m] || sc[m] > r->hi[m])
			return 0;
	return 1;
}

size_t
rules_match(const rules *rs, const int sc[SCORE_NMEASURES])
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (holds(&rs->r[i], sc))
			return rs->r[i].seg;
	return rs->nseg;
}

static void
put_range(FILE *out, int lo, int hi)
{
	if (lo == hi)
		fprintf(out, "\t%d", lo);
	else
		fprintf(out, "\t%d-%d", lo, hi);
}

int
rules_write(FILE *out, const rules *rs)
{
	kv_writer w;
	FILE *f;
	size_t i;
	int m;

	if ((f = kv_begin(&w)) == NULL)
		return -1;
	fprintf(f, "rfmkit-rules\t%d\n", RULES_VERSION);
	fprintf(f, "# written by segment-predict (rfmkit) %s; see rfmkit-files(5)\n",
	    RFMKIT_VERSION);
	fprintf(f, "bins\t%d\n", rs->bins);
	fputs("# segment\tname\trecency\tfrequency\tmonetary\n", f);
	for (i = 0; i < rs->n; i++) {
		fprintf(f, "segment\t%s", rs->names[rs->r[i].seg]);
		for (m = 0; m < SCORE_NMEASURES; m++)
			put_range(f, rs->r[i].lo[m], rs->r[i].hi[m]);
		putc('\n', f);
	}
	return kv_end(&w, out);
}

/* The number of score combinations in the box of r. */
static long
box_size(const seg_rule *r)
{
	long n = 1;
	int m;

	for (m = 0; m < SCORE_NMEASURES; m++)
		n *= r->hi[m] - r->lo[m] + 1;
	return n;
}

size_t
rules_check(const rules *rs, FILE *out)
{
	seg_rule both;
	size_t i, j, lines = 0;
	long k, taken, others = 0, total;
	int sc[SCORE_NMEASURES], ex[SCORE_NMEASURES], m, empty;

	for (i = 0; i < rs->n; i++) {
		for (j = 0; j < i; j++) {
			if (rs->r[j].seg == rs->r[i].seg)
				continue;
			empty = 0;
			for (m = 0; m < SCORE_NMEASURES; m++) {
				both.lo[m] = rs->r[i].lo[m] > rs->r[j].lo[m] ?
				    rs->r[i].lo[m] : rs->r[j].lo[m];
				both.hi[m] = rs->r[i].hi[m] < rs->r[j].hi[m] ?
				    rs->r[i].hi[m] : rs->r[j].hi[m];
				empty |= both.lo[m] > both.hi[m];
			}
			if (empty)
				continue;
			fprintf(out, "%s:%ld: %s overlaps line %ld (%s) in %ld "
			    "of its %ld score combinations, such as %d %d %d\n",
			    rs->path, rs->r[i].line, rs->names[rs->r[i].seg],
			    rs->r[j].line, rs->names[rs->r[j].seg],
			    box_size(&both), box_size(&rs->r[i]), both.lo[0],
			    both.lo[1], both.lo[2]);
			lines++;
		}
		/* Whether any combination of the box reaches this rule. */
		taken = 0;
		for (sc[0] = rs->r[i].lo[0]; sc[0] <= rs->r[i].hi[0]; sc[0]++)
			for (sc[1] = rs->r[i].lo[1]; sc[1] <= rs->r[i].hi[1];
			    sc[1]++)
				for (sc[2] = rs->r[i].lo[2];
				    sc[2] <= rs->r[i].hi[2]; sc[2]++) {
					for (j = 0; j < i &&
					    !holds(&rs->r[j], sc); j++)
						;
					taken += j < i;
				}
		if (taken == box_size(&rs->r[i])) {
			fprintf(out, "%s:%ld: %s never matches: each of its "
			    "%ld score combinations is taken by a line before "
			    "it\n", rs->path, rs->r[i].line,
			    rs->names[rs->r[i].seg], taken);
			lines++;
		}
	}
	total = (long)rs->bins * rs->bins * rs->bins;
	for (k = total - 1; k >= 0; k--) {
		sc[0] = (int)(k / (rs->bins * rs->bins)) + 1;
		sc[1] = (int)(k / rs->bins % rs->bins) + 1;
		sc[2] = (int)(k % rs->bins) + 1;
		if (rules_match(rs, sc) == rs->nseg) {
			others++;
			memcpy(ex, sc, sizeof ex);
		}
	}
	if (others > 0) {
		fprintf(out, "%s: %ld of the %ld score combinations match no "
		    "line and go to %s, such as %d %d %d\n", rs->path, others,
		    total, RULES_OTHERS, ex[0], ex[1], ex[2]);
		lines++;
	}
	return lines;
}

int
rules_bind(const tsv_reader *r, long idx[SCORE_NMEASURES], rfm_error *e)
{
	size_t n;
	int rc = tsv_columns(r, score_output, SCORE_NMEASURES, idx, e);

	if (rc != RFM_OK && e->code == RFM_EDATA) {
		n = strlen(e->msg);
		snprintf(e->msg + n, sizeof e->msg - n, " (rules read the "
		    "scores that rfm-scale --score writes)");
	}
	return rc;
}

int
rules_row(const rules *rs, const tsv_reader *r,
    const long idx[SCORE_NMEASURES], size_t *seg, rfm_error *e)
{
	char show[4 * 40 + 8], key[4 * 40 + 8];
	const tsv_field *f;
	int m, sc[SCORE_NMEASURES];

	for (m = 0; m < SCORE_NMEASURES; m++) {
		f = &r->f[idx[m]];
		if (parse_score(f->p, f->len, rs->bins, &sc[m]) != 0)
			return rfm_fail(e, RFM_EDATA, r->name, r->line,
			    score_output[m], "%s is not a score from 1 to %d, "
			    "as the rules %s have (%s %s)", tsv_show(show,
			    f->p, f->len, 40), rs->bins, rs->path, r->cols[0],
			    tsv_show(key, r->f[0].p, r->f[0].len, 40));
	}
	*seg = rules_match(rs, sc);
	return RFM_OK;
}

int
rules_stream(const rules *rs, tsv_reader *r, int summarise, FILE *out,
    rfm_error *e)
{
	labeler l;
	label_opts o;

	memset(&l, 0, sizeof l);
	memset(&o, 0, sizeof o);
	l.rs = rs;
	o.summarise = summarise;
	return label_stream(&l, r, &o, out, e);
}
