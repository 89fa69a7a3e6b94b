/*
 * csvin.c - libcsv driven one physical line at a time, so that every
 * record knows the line it starts on; or in large pieces, faster, with
 * the lines found afterwards for the records that need one.
 */
#include "csvin.h"

#include "blocks.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	int whole;           /* fed at once: lines are not counted */
	long index;          /* records passed on so far */
	char *buf;           /* field bytes of the current record */
	size_t buflen, bufcap;
	csv_field *fields;   /* the current record's fields, pointing in buf */
	size_t nf, fcap;
	size_t step;         /* libcsv's buffer growth step, as last set */
} reader;

enum { MIN_GROW_STEP = 128 };   /* libcsv's own default step */

/* Take the caller's csv_want as it is now, for the next record. */
static void
snapshot_want(reader *r)
{
	r->nmask = r->want != NULL ? r->want->n : 0;
	r->mask = r->nmask ? r->want->want : NULL;
}

/* Make room for n more bytes in buf, moving the fields stored so far
 * (a NULL field was not copied and stays NULL).  The old address is kept
 * as an integer: it is not a pointer once the buffer has moved. */
static void
grow_buf(reader *r, size_t n)
{
	uintptr_t old = (uintptr_t)r->buf;
	size_t i;

	while (r->buflen + n > r->bufcap)
		r->bufcap = r->bufcap ? r->bufcap * 2 : 4096;
	r->buf = rfm_xrealloc(r->buf, r->bufcap);
	for (i = 0; i < r->nf; i++)
		if (r->fields[i].p != NULL)
			r->fields[i].p = r->buf +
			    ((uintptr_t)r->fields[i].p - old);
}

/* The line the record began on: before any newline inside its first
 * field, p[0..len). */
static __attribute__((noinline)) void
record_start(reader *r, const char *p, size_t len)
{
	const char *e = p + len, *nl;
	long lines = 0;

	for (nl = memchr(p, '\n', len); nl != NULL;
	    nl = memchr(nl + 1, '\n', (size_t)(e - (nl + 1))))
		lines++;
	r->rec_line = r->line - lines;
}

static __attribute__((noinline)) void
grow_fields(reader *r)
{
	r->fcap = r->fcap ? r->fcap * 2 : 16;
	r->fields = rfm_xrealloc(r->fields, r->fcap * sizeof *r->fields);
}

/* Copy field nf, p[0..len), into buf, NUL-terminated, where there is
 * room for it.  memcpy comes last, as a tail call. */
static inline void
copy_field(reader *r, size_t nf, const char *p, size_t len)
{
	char *d = r->buf + r->buflen;

	r->buflen += len + 1;
	r->fields[nf].p = d;
	r->fields[nf].len = len;
	r->nf = nf + 1;
	d[len] = '\0';
	memcpy(d, p, len);
}

static __attribute__((noinline)) void
grow_and_copy(reader *r, size_t nf, const char *p, size_t len)
{
	grow_buf(r, len + 1);
	copy_field(r, nf, p, len);
}

/* Field nf, p[0..len), copied if the caller reads it. */
static inline void
deliver(reader *r, size_t nf, const char *p, size_t len)
{
	if (nf < r->nmask ? r->mask[nf] == 0 : r->nmask != 0) {
		r->fields[nf].p = NULL;
		r->fields[nf].len = 0;
		r->nf = nf + 1;
	} else if (r->buflen + len + 1 > r->bufcap)
		grow_and_copy(r, nf, p, len);
	else
		copy_field(r, nf, p, len);
}

/* on_field for the first field of a record, or when fields is full. */
static __attribute__((noinline)) void
on_field_slow(reader *r, const char *p, size_t len)
{
	size_t nf = r->nf;

	if (nf == 0 && !r->whole)
		record_start(r, p, len);
	if (nf == r->fcap)
		grow_fields(r);
	deliver(r, nf, p, len);
}

/*
 * Called by libcsv for every field of every record: the hottest function
 * of rfm-extract after libcsv's own loop.  Every path is a leaf or ends
 * in a tail call, so the common ones save no registers.
 */
static void
on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	size_t nf = r->nf;

	if (nf == 0 || nf == r->fcap) {
		on_field_slow(r, s, len);
		return;
	}
	deliver(r, nf, s, len);
}

static void
on_record(int c, void *data)
{
	reader *r = data;
	csv_row row;

	(void)c;
	row.f = r->fields;
	row.n = r->nf;
	row.line = r->whole ? 0 : r->rec_line;
	row.index = r->index++;
	r->nf = 0;
	r->buflen = 0;
	if (r->stop)
		return;
	if (r->fn(r->ctx, &row, r->e) != 0)
		r->stop = 1;
	snapshot_want(r);
}

/*
 * libcsv grows its field buffer by a fixed step (128 bytes unless told
 * otherwise), which copies a long field over and over where realloc
 * moves (under ASan and valgrind: minutes for a 10 MB field).  Before
 * each line, make the step at least the line and the buffer so far:
 * one growth per line, and doubling across the lines of a long quoted
 * field.
 */
static void
grow_step(reader *r, struct csv_parser *p, size_t line_len)
{
	size_t step = csv_get_buffer_size(p);

	if (step < line_len)
		step = line_len;
	if (step < MIN_GROW_STEP)
		step = MIN_GROW_STEP;
	if (step != r->step) {
		csv_set_blk_size(p, step);
		r->step = step;
	}
}

/* libcsv stopped short of the end of what it was given. */
static int
parse_error(reader *r, struct csv_parser *p)
{
	if (csv_error(p) == CSV_EPARSE)
		return rfm_fail(r->e, RFM_EDATA, r->name, r->line, NULL,
		    "malformed CSV: a quote inside an unquoted field or text "
		    "after a closing quote");
	return rfm_fail(r->e, RFM_ESOFTWARE, r->name, r->line, NULL, "%s",
	    csv_strerror(csv_error(p)));
}

/*
 * Feed data to libcsv one line at a time, counting lines; or, whole, in
 * pieces of FEED_PIECE bytes whatever their lines.  A field grows by at
 * most a piece per call, and grow_step makes the step at least a piece
 * and the buffer so far before each: at most one growth per call,
 * doubling, with a buffer no larger than the longest field needs.
 */
enum { FEED_PIECE = 64 * 1024 };

static int
feed(reader *r, struct csv_parser *p, const char *s, size_t n)
{
	const char *nl = NULL;
	size_t k;

	while (n > 0 && !r->stop) {
		if (r->whole)
			k = n < FEED_PIECE ? n : FEED_PIECE;
		else {
			nl = memchr(s, '\n', n);
			k = nl ? (size_t)(nl - s) + 1 : n;
		}
		grow_step(r, p, k);
		if (csv_parse(p, s, k, on_field, on_record, r) != k)
			return parse_error(r, p);
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
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		rfm_die(RFM_ESOFTWARE, "cannot start the CSV parser");
}

/* The line of the quote that opens the field left open at the end of
 * data: the last quote that made the count of quotes odd. */
static long
open_quote_line(const char *data, size_t len, long line)
{
	const char *p = data, *e = data + len, *open = data, *nl;
	size_t n = 0;

	while (p < e && (p = memchr(p, '"', (size_t)(e - p))) != NULL) {
		if (n++ % 2 == 0)
			open = p;
		p++;
	}
	for (p = data; (nl = memchr(p, '\n', (size_t)(open - p))) != NULL;
	    p = nl + 1)
		line++;
	return line;
}

static int
read_mem(const char *data, size_t len, const char *name, long line,
    int whole, csv_row_fn fn, void *ctx, const csv_want *want,
    rfm_error *e)
{
	struct csv_parser p;
	reader r;
	int rc;

	reader_init(&r, &p, name, line, fn, ctx, want, e);
	r.whole = whole;
	rc = feed(&r, &p, data, len);
	if (rc == RFM_OK && csv_fini(&p, on_field, on_record, &r) != 0)
		rc = rfm_fail(e, RFM_EDATA, name,
		    whole ? 0 : open_quote_line(data, len, line), NULL,
		    "end of file inside a quoted field");
	if (rc == RFM_OK && r.stop)
		rc = e->code;
	csv_free(&p);
	free(r.buf);
	free(r.fields);
	return rc;
}

int
csv_read_mem(const char *data, size_t len, const char *name, long line,
    csv_row_fn fn, void *ctx, const csv_want *want, rfm_error *e)
{
	return read_mem(data, len, name, line, 0, fn, ctx, want, e);
}

int
csv_read_mem_whole(const char *data, size_t len, const char *name,
    csv_row_fn fn, void *ctx, const csv_want *want, rfm_error *e)
{
	return read_mem(data, len, name, 0, 1, fn, ctx, want, e);
}

typedef struct finder {
	long index;
	long line;
} finder;

static int
find_record(void *ctx, const csv_row *row, rfm_error *e)
{
	finder *f = ctx;

	(void)e;
	if (row->index < f->index)
		return 0;
	f->line = row->line;
	return 1;
}

long
csv_record_line(const char *data, size_t len, long line, long index)
{
	static const unsigned char none[1] = { 0 };
	const csv_want want = { none, 1 };
	finder f = { index, 0 };
	rfm_error e;

	e.code = RFM_OK;
	(void)read_mem(data, len, NULL, line, 0, find_record, &f, &want, &e);
	return f.line;
}

/* csv_read: the blocks of blocks.c, parsed and passed on one at a time. */
typedef struct serial {
	csv_row_fn fn;
	void *ctx;
	const char *name;
	const csv_want *want;
} serial;

typedef struct serial_result {
	int rc;
	rfm_error e;
} serial_result;

static void
serial_parse(void *ctx, block *b)
{
	serial *s = ctx;
	serial_result *res = b->result;

	if (res == NULL)
		res = b->result = rfm_xcalloc(1, sizeof *res);
	res->rc = csv_read_mem(b->data, b->len, s->name, b->line, s->fn,
	    s->ctx, s->want, &res->e);
}

static int
serial_merge(void *ctx, block *b, rfm_error *e)
{
	serial_result *res = b->result;

	(void)ctx;
	if (res->rc != RFM_OK)
		*e = res->e;
	return res->rc;
}

static int
serial_never(void *ctx)
{
	(void)ctx;
	return 0;
}

static const block_ops serial_ops = {
	serial_parse, serial_merge, serial_never, free
};

int
csv_read(int fd, const char *name, csv_row_fn fn, void *ctx,
    const csv_want *want, rfm_error *e)
{
	serial s;

	s.fn = fn;
	s.ctx = ctx;
	s.name = name;
	s.want = want;
	return blocks_run(fd, name, &serial_ops, &s, 1, e);
}
