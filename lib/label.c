/*
 * label.c - rows labelled by a model or by rules.  See label.h.
 */
#include <string.h>

#include "label.h"
#include "segment.h"
#include "summary.h"

static const char *const rfm_cols[3] = { "recency", "frequency",
	"monetary" };

char *const *
label_names(const labeler *l, size_t *k)
{
	if (l->p != NULL) {
		*k = l->p->m->k;
		return l->p->m->names;
	}
	*k = l->rs->nseg + 1;
	return l->rs->names;
}

static int
bind(labeler *l, const tsv_reader *r, rfm_error *e)
{
	if (l->p != NULL)
		return predict_bind(l->p, r, e);
	return rules_bind(r, l->idx, e);
}

static int
row(labeler *l, const tsv_reader *r, size_t *seg, double *dist,
    rfm_error *e)
{
	if (l->p != NULL)
		return predict_row(l->p, r, seg, dist, e);
	*dist = 0;
	return rules_row(l->rs, r, l->idx, seg, e);
}

/* The columns a summary reads, n of them from the first: an error that
 * says why, and how rules' input gets them. */
static int
summary_columns(const labeler *l, const tsv_reader *r, size_t from,
    size_t n, long *idx, const char *what, rfm_error *e)
{
	size_t len;
	int rc;

	if ((rc = tsv_columns(r, rfm_cols + from, n, idx + from, e)) ==
	    RFM_OK)
		return RFM_OK;
	len = strlen(e->msg);
	snprintf(e->msg + len, sizeof e->msg - len, " (%s reads %s%s)", what,
	    n == 1 ? "monetary" : "recency, frequency and monetary",
	    l->rs != NULL ? ": give rfm-scale --score --keep" : "");
	return rc;
}

/* A row against the previous run: its previous segment, or nothing
 * written when only the changed are. */
static int
migrate_one(const tsv_reader *r, const label_opts *o, size_t seg,
    const char *name, const double *dist, const long *sidx, FILE *out,
    rfm_error *e)
{
	const char *text;
	size_t len;
	uint32_t prev;
	double money;
	int rc;

	if (o->summarise && (rc = tsv_number(r, sidx[2], &money, e)) !=
	    RFM_OK)
		return rc;
	if ((rc = migrate_row(o->mg, r, seg, o->summarise ? &money : NULL,
	    &prev, e)) != RFM_OK)
		return rc;
	if (o->summarise || (o->changed && prev == migrate_slot(o->mg, seg)))
		return RFM_OK;
	text = tsv_row_text(r, &len);
	segment_put_fields(out, text, len, seg, name, dist);
	putc('\t', out);
	if (prev != MIGRATE_NONE)
		fputs(migrate_name(o->mg, prev), out);
	putc('\n', out);
	return RFM_OK;
}

int
label_stream(labeler *l, tsv_reader *r, const label_opts *o, FILE *out,
    rfm_error *e)
{
	char *const *names;
	const char *text;
	summary sum;
	long sidx[3];
	double v[3], dist;
	size_t seg, len, k;
	int got, i, rc, summing = o->summarise && o->mg == NULL;

	names = label_names(l, &k);
	if ((rc = bind(l, r, e)) != RFM_OK)
		return rc;
	if (o->summarise && o->mg != NULL)
		rc = summary_columns(l, r, 2, 1, sidx, "--summary --previous",
		    e);
	else if (o->summarise)
		rc = summary_columns(l, r, 0, 3, sidx, "--summary", e);
	else
		fprintf(out, "%s\tcluster\tsegment%s%s\n", r->hdr_line,
		    o->distance ? "\tdistance" : "",
		    o->mg != NULL ? "\tprevious_segment" : "");
	if (rc != RFM_OK)
		return rc;
	if (summing)
		summary_init(&sum, k);
	while ((got = tsv_next(r, e)) > 0) {
		if ((rc = row(l, r, &seg, &dist, e)) != RFM_OK)
			goto out;
		if (o->mg != NULL) {
			if ((rc = migrate_one(r, o, seg, names[seg],
			    o->distance ? &dist : NULL, sidx, out, e)) !=
			    RFM_OK)
				goto out;
		} else if (summing) {
			for (i = 0; i < 3; i++)
				if ((rc = tsv_number(r, sidx[i], &v[i], e)) !=
				    RFM_OK)
					goto out;
			summary_add(&sum, seg, v[0], v[1], v[2]);
		} else {
			text = tsv_row_text(r, &len);
			segment_put_row(out, text, len, seg, names[seg],
			    o->distance ? &dist : NULL);
		}
	}
	if (got < 0)
		rc = e->code;
	else if (o->summarise && o->mg != NULL &&
	    migrate_write(o->mg, o->format, out) != 0)
		rc = rfm_fail(e, RFM_EDATA, r->name, 0, NULL, "values too large "
		    "to summarise: a sum overflows a double");
	else if (summing && summary_write(&sum, names, o->format, out) != 0)
		rc = rfm_fail(e, RFM_EDATA, r->name, 0, NULL, "values too large "
		    "to summarise: a mean or sum overflows a double");
out:
	if (summing)
		summary_free(&sum);
	return rc;
}
