/*
 * tsvin.c - a buffered line reader that splits TSV rows in place.
 */
#include "tsvin.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "num.h"
#include "tsv.h"

#define CHUNK (256 * 1024)

/* The next line, without its "\n" (and "\r"), in place in r->buf. */
static int
next_line(tsv_reader *r, char **line, size_t *len, rfm_error *e)
{
	char *nl;
	ssize_t got;

	for (;;) {
		nl = r->end > r->start ?
		    memchr(r->buf + r->start, '\n', r->end - r->start) : NULL;
		if (nl != NULL || r->eof)
			break;
		if (r->start > 0) {   /* slide the partial line down */
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->end == r->cap) {
			r->cap = r->cap ? r->cap * 2 : CHUNK;
			r->buf = rfm_xrealloc(r->buf, r->cap + 1);
		}
		got = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return rfm_fail(e, RFM_EIO, r->name, 0, NULL,
			    "read error: %s", strerror(errno)), -1;
		if (got == 0)
			r->eof = 1;
		r->end += (size_t)got;
	}
	if (r->start == r->end)
		return 0;
	*line = r->buf + r->start;
	if (nl != NULL) {
		*len = (size_t)(nl - *line);
		r->start = (size_t)(nl + 1 - r->buf);
	} else {
		*len = r->end - r->start;   /* last line without "\n" */
		r->start = r->end;
	}
	if (*len > 0 && (*line)[*len - 1] == '\r')
		(*len)--;
	r->line++;
	return 1;
}

static size_t
split(char *p, size_t len, tsv_field *f, size_t max)
{
	char *e = p + len, *t;
	size_t n = 0;

	for (;;) {
		t = memchr(p, '\t', (size_t)(e - p));
		if (n < max) {
			f[n].p = p;
			f[n].len = (size_t)((t ? t : e) - p);
		}
		n++;
		if (t == NULL)
			return n;
		p = t + 1;
	}
}

int
tsv_open(tsv_reader *r, int fd, const char *name, rfm_error *e)
{
	char *line;
	size_t len, n, i, cap = 16;
	tsv_field *f;
	int rc;

	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->name = name;
	rc = next_line(r, &line, &len, e);
	if (rc <= 0) {
		if (rc == 0)
			rfm_fail(e, RFM_EDATA, name, 0, NULL,
			    "empty input: no header line");
		tsv_close(r);   /* nothing of a failed open is kept */
		return e->code;
	}
	if (memchr(line, '\0', len) != NULL) {
		rfm_fail(e, RFM_EDATA, name, 1, NULL, "a NUL byte in the header");
		tsv_close(r);
		return RFM_EDATA;
	}
	for (;;) {
		f = rfm_xmalloc(cap * sizeof *f);
		n = split(line, len, f, cap);
		if (n <= cap)
			break;
		free(f);
		cap = n;
	}
	r->ncols = n;
	r->hdr_line = rfm_xmalloc(len + 1);
	memcpy(r->hdr_line, line, len);
	r->hdr_line[len] = '\0';
	r->cols = rfm_xmalloc(n * sizeof *r->cols);
	for (i = 0; i < n; i++) {
		r->cols[i] = rfm_xmalloc(f[i].len + 1);
		memcpy(r->cols[i], f[i].p, f[i].len);
		r->cols[i][f[i].len] = '\0';
	}
	r->f = f;
	if (n < 2) {
		rfm_fail(e, RFM_EDATA, name, 1, NULL, "the header has %zu "
		    "column%s; a key and at least one more are needed", n,
		    n == 1 ? "" : "s");
		tsv_close(r);
		return RFM_EDATA;
	}
	return RFM_OK;
}

int
tsv_next(tsv_reader *r, rfm_error *e)
{
	char *line;
	size_t len, n;
	char show[4 * 40 + 8];
	size_t i;
	int rc;

	rc = next_line(r, &line, &len, e);
	if (rc <= 0)
		return rc;
	n = split(line, len, r->f, r->ncols);
	if (n != r->ncols) {
		rfm_fail(e, RFM_EDATA, r->name, r->line, NULL,
		    "expected %zu fields, found %zu", r->ncols, n);
		return -1;
	}
	/* Every field ends up in C strings downstream: a NUL would cut one
	 * short without a word.  One look at the line; the field only for
	 * the message. */
	if (memchr(line, '\0', len) == NULL)
		return 1;
	for (i = 0; memchr(r->f[i].p, '\0', r->f[i].len) == NULL; i++)
		;
	rfm_fail(e, RFM_EDATA, r->name, r->line, r->cols[i],
	    "a NUL byte in %s", tsv_show(show, r->f[i].p, r->f[i].len, 40));
	return -1;
}

int
tsv_next_raw(tsv_reader *r, const char **line, size_t *len, rfm_error *e)
{
	char *l;
	int rc = next_line(r, &l, len, e);

	*line = l;
	return rc;
}

void
tsv_close(tsv_reader *r)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		free(r->cols[i]);
	free(r->cols);
	free(r->f);
	free(r->buf);
	free(r->hdr_line);
	memset(r, 0, sizeof *r);
}

long
tsv_column(const tsv_reader *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		if (strcmp(r->cols[i], name) == 0)
			return (long)i;
	return -1;
}

void
tsv_header_list(const tsv_reader *r, char *buf, size_t size)
{
	tsv_join(buf, size, r->cols, r->ncols, 1);
}

int
tsv_columns(const tsv_reader *r, const char *const *names, size_t n,
    long *idx, rfm_error *e)
{
	char list[600];
	size_t i, j;
	long at;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				return rfm_fail(e, RFM_EUSAGE, NULL, 0, NULL,
				    "column \"%s\" is named twice", names[i]);
		at = -1;
		for (j = 1; j < r->ncols; j++) {
			if (strcmp(r->cols[j], names[i]) != 0)
				continue;
			if (at >= 0)
				return rfm_fail(e, RFM_EDATA, r->name, 1, NULL,
				    "column \"%s\" appears twice (fields %ld "
				    "and %zu)", names[i], at + 1, j + 1);
			at = (long)j;
		}
		if (at < 0) {
			tsv_header_list(r, list, sizeof list);
			return rfm_fail(e, RFM_EDATA, r->name, 1, NULL,
			    "no column \"%s\"%s; the header has: %s", names[i],
			    strcmp(r->cols[0], names[i]) == 0 ?
			    " (the first column is the key)" : "", list);
		}
		idx[i] = at;
	}
	return RFM_OK;
}

int
tsv_number(const tsv_reader *r, long col, double *out, rfm_error *e)
{
	char show[4 * 40 + 8], key[4 * 40 + 8];
	const tsv_field *f = &r->f[col];
	int rc = num_parse(f->p, f->len, out);

	if (rc == NUM_OK)
		return RFM_OK;
	return rfm_fail(e, RFM_EDATA, r->name, r->line, r->cols[col],
	    "%s: %s (%s %s)", num_strerror(rc), tsv_show(show, f->p, f->len, 40),
	    r->cols[0], tsv_show(key, r->f[0].p, r->f[0].len, 40));
}
