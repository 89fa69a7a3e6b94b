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
	const unsigned char *mask; /* want, as it stood when the record began */
	size_t nmask;        /* 0: every field is wanted */
	int stop;            /* a callback failed: ignore the rest */
	long line;           /* physical line being fed to libcsv */
	long rec_line;       /* line where the current record began */
	long last_end;       /* line on which the last record ended */
	char *buf;           /* field bytes of the current record */
	size_t buflen, bufcap;
	csv_field *fields;   /* the current record's fields, pointing in buf */
	size_t nf, fcap;
} reader;

/* Take the caller's csv_want as it is now, for the next record. */
static void
snapshot_want(reader *r)
{
	r->nmask = r->want != NULL ? r->want->n : 0;
	r->mask = r->nmask ? r->want->want : NULL;
}

/* Make room for n more bytes in buf, moving the fields stored so far. */
static void
grow_buf(reader *r, size_t n)
{
	size_t i;

	for (i = 0; i < r->nf; i++)   /* pointers to offsets ... */
		if (r->fields[i].p != NULL)
			r->fields[i].p = (const char *)(uintptr_t)
			    (r->fields[i].p - r->buf);
	while (r->buflen + n > r->bufcap)
		r->bufcap = r->bufcap ? r->bufcap * 2 : 4096;
	r->buf = rfm_xrealloc(r->buf, r->bufcap);
	for (i = 0; i < r->nf; i++)   /* ... and back into the new buffer */
		if (r->fields[i].p != NULL)
			r->fields[i].p = r->buf + (uintptr_t)r->fields[i].p;
}

static void
on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	const char *p = s, *nl;
	size_t nf = r->nf;
	long lines = 0;
	char *d;

	if (nf == 0) {
		/* The record began before any newline inside this field. */
		for (nl = memchr(p, '\n', len); nl != NULL;
		    nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - p)))
			lines++;
		r->rec_line = r->line - lines;
	}
	if (nf == r->fcap) {
		r->fcap = r->fcap ? r->fcap * 2 : 16;
		r->fields = rfm_xrealloc(r->fields, r->fcap * sizeof *r->fields);
	}
	if (r->nmask != 0 && (nf >= r->nmask || !r->mask[nf])) {
		r->fields[nf].p = NULL;
		r->fields[nf].len = 0;
		r->nf = nf + 1;
		return;
	}
	if (r->buflen + len + 1 > r->bufcap)
		grow_buf(r, len + 1);
	d = r->buf + r->buflen;
	memcpy(d, p, len);
	d[len] = '\0';
	r->fields[nf].p = d;
	r->fields[nf].len = len;
	r->buflen += len + 1;
	r->nf = nf + 1;
}

static void
on_record(int c, void *data)
{
	reader *r = data;
	csv_row row;

	(void)c;
	row.f = r->fields;
	row.n = r->nf;
	row.line = r->rec_line;
	r->last_end = r->line;
	r->nf = 0;
	r->buflen = 0;
	if (r->stop)
		return;
	if (r->fn(r->ctx, &row, r->e) != 0)
		r->stop = 1;
	snapshot_want(r);
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

static void
reader_init(reader *r, struct csv_parser *p, const char *name, long line,
    csv_row_fn fn, void *ctx, const csv_want *want, rfm_error *e)
{
	memset(r, 0, sizeof *r);
	r->name = name;
	r->fn = fn;
	r->ctx = ctx;
	r->e = e;
	r->want = want;
	snapshot_want(r);
	r->line = line;
	r->last_end = line - 1;
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		rfm_die(RFM_ESOFTWARE, "cannot start the CSV parser");
}

/* End the input: the last record may lack its newline. */
static int
reader_finish(reader *r, struct csv_parser *p, int rc)
{
	if (rc == RFM_OK && csv_fini(p, on_field, on_record, r) != 0)
		rc = rfm_fail(r->e, RFM_EDATA, r->name,
		    r->nf > 0 ? r->rec_line : r->last_end + 1, NULL,
		    "end of file inside a quoted field");
	if (rc == RFM_OK && r->stop)
		rc = r->e->code;
	csv_free(p);
	free(r->buf);
	free(r->fields);
	return rc;
}

int
csv_read_mem(const char *data, size_t len, const char *name, long line,
    csv_row_fn fn, void *ctx, const csv_want *want, rfm_error *e)
{
	struct csv_parser p;
	reader r;

	reader_init(&r, &p, name, line, fn, ctx, want, e);
	return reader_finish(&r, &p, feed(&r, &p, data, len));
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

	reader_init(&r, &p, name, 1, fn, ctx, want, e);
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
	free(buf);
	return reader_finish(&r, &p, rc);
}
