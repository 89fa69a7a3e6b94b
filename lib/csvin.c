/*
 * csvin.c - libcsv driven one physical line at a time, so that every
 * record knows the line it starts on.
 */
#include "csvin.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_SIZE (256 * 1024)

typedef struct reader {
	const char *name;
	csv_row_fn fn;
	void *ctx;
	rfm_error *e;
	const csv_want *want;
	int stop;            /* a callback failed: ignore the rest */
	long line;           /* physical line being fed to libcsv */
	long rec_line;       /* line where the current record began */
	long last_end;       /* line on which the last record ended */
	char *buf;           /* field bytes of the current record */
	size_t buflen, bufcap;
	size_t *off, *len;   /* per field: offset in buf and length */
	size_t nf, fcap;
	csv_field *fields;
	size_t fields_cap;
} reader;

static void
on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	const char *p = s, *nl;
	long lines = 0;

	if (r->stop)
		return;
	if (r->nf == 0) {
		/* The record began before any newline inside this field. */
		for (nl = memchr(p, '\n', len); nl != NULL;
		    nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - p)))
			lines++;
		r->rec_line = r->line - lines;
	}
	if (r->nf == r->fcap) {
		r->fcap = r->fcap ? r->fcap * 2 : 16;
		r->off = rfm_xrealloc(r->off, r->fcap * sizeof *r->off);
		r->len = rfm_xrealloc(r->len, r->fcap * sizeof *r->len);
	}
	if (r->want != NULL && r->want->n > 0 &&
	    (r->nf >= r->want->n || !r->want->want[r->nf])) {
		r->off[r->nf] = SIZE_MAX;
		r->len[r->nf] = 0;
		r->nf++;
		return;
	}
	if (r->buflen + len + 1 > r->bufcap) {
		while (r->buflen + len + 1 > r->bufcap)
			r->bufcap = r->bufcap ? r->bufcap * 2 : 1024;
		r->buf = rfm_xrealloc(r->buf, r->bufcap);
	}
	memcpy(r->buf + r->buflen, p, len);
	r->buf[r->buflen + len] = '\0';
	r->off[r->nf] = r->buflen;
	r->len[r->nf] = len;
	r->buflen += len + 1;
	r->nf++;
}

static void
on_record(int c, void *data)
{
	reader *r = data;
	csv_row row;
	size_t i;

	(void)c;
	if (r->stop)
		return;
	if (r->nf > r->fields_cap) {
		r->fields_cap = r->fcap;
		r->fields = rfm_xrealloc(r->fields,
		    r->fields_cap * sizeof *r->fields);
	}
	for (i = 0; i < r->nf; i++) {
		r->fields[i].p = r->off[i] == SIZE_MAX ? NULL :
		    r->buf + r->off[i];
		r->fields[i].len = r->len[i];
	}
	row.f = r->fields;
	row.n = r->nf;
	row.line = r->rec_line;
	r->last_end = r->line;
	r->nf = 0;
	r->buflen = 0;
	if (r->fn(r->ctx, &row, r->e) != 0)
		r->stop = 1;
}

/* Feed data to libcsv one line at a time, counting lines. */
static int
feed(reader *r, struct csv_parser *p, const char *s, size_t n)
{
	const char *nl;
	size_t k;

	while (n > 0 && !r->stop) {
		nl = memchr(s, '\n', n);
		k = nl ? (size_t)(nl - s) + 1 : n;
		if (csv_parse(p, s, k, on_field, on_record, r) != k) {
			if (csv_error(p) == CSV_EPARSE)
				return rfm_fail(r->e, RFM_EDATA, r->name, r->line,
				    NULL, "malformed CSV: a quote inside an "
				    "unquoted field or text after a closing "
				    "quote");
			return rfm_fail(r->e, RFM_ESOFTWARE, r->name, r->line,
			    NULL, "%s", csv_strerror(csv_error(p)));
		}
		if (nl)
			r->line++;
		s += k;
		n -= k;
	}
	return r->stop ? r->e->code : RFM_OK;
}

int
csv_read(int fd, const char *name, csv_row_fn fn, void *ctx,
    const csv_want *want, rfm_error *e)
{
	struct csv_parser p;
	reader r;
	char *buf;
	size_t have = 0, skip = 0;
	ssize_t got;
	int rc = RFM_OK, first = 1;

	memset(&r, 0, sizeof r);
	r.name = name;
	r.fn = fn;
	r.ctx = ctx;
	r.e = e;
	r.want = want;
	r.line = 1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return rfm_fail(e, RFM_ESOFTWARE, name, 0, NULL,
		    "cannot start the CSV parser");
	buf = rfm_xmalloc(READ_SIZE);
	for (;;) {
		got = read(fd, buf + have, READ_SIZE - have);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			rc = rfm_fail(e, RFM_EIO, name, 0, NULL,
			    "read error: %s", strerror(errno));
			break;
		}
		have += (size_t)got;
		/* Hold back the first bytes until a byte-order mark can be seen. */
		if (first && got > 0 && have < 3)
			continue;
		if (first) {
			first = 0;
			if (have >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
				skip = 3;
		}
		if (have > skip && (rc = feed(&r, &p, buf + skip,
		    have - skip)) != RFM_OK)
			break;
		if (got == 0)
			break;
		have = skip = 0;
	}
	if (rc == RFM_OK && csv_fini(&p, on_field, on_record, &r) != 0) {
		rc = rfm_fail(e, RFM_EDATA, name,
		    r.nf > 0 ? r.rec_line : r.last_end + 1, NULL,
		    "end of file inside a quoted field");
	}
	if (rc == RFM_OK && r.stop)
		rc = e->code;
	csv_free(&p);
	free(buf);
	free(r.buf);
	free(r.off);
	free(r.len);
	free(r.fields);
	return rc;
}
