/*
 * csvin.c - a block parsed a line at a time, split here or by libcsv; the
 * input cut into blocks of whole records; the header; blocks run over a
 * pool in rounds.
 */
#include "csvin.h"

#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "textenc.h"

/* With SSE2 (every x86-64), sixteen bytes at a time: a lane counts its
 * matches up to 255, then the lanes are summed. */
size_t
csv_count_byte(const char *p, size_t n, unsigned char c)
{
	size_t i = 0, k = 0;
#ifdef __SSE2__
	const __m128i pat = _mm_set1_epi8((char)c), zero = _mm_setzero_si128();
	__m128i acc;
	size_t vecs;

	while (n - i >= 16) {
		vecs = (n - i) / 16;
		if (vecs > 255)
			vecs = 255;
		acc = zero;
		for (; vecs > 0; vecs--, i += 16)
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(pat,
			    _mm_loadu_si128((const __m128i *)(const void *)
			    (p + i))));
		acc = _mm_sad_epu8(acc, zero);
		k += (size_t)_mm_cvtsi128_si32(acc) +
		    (size_t)_mm_extract_epi16(acc, 4);
	}
#endif
	for (; i < n; i++)
		k += (unsigned char)p[i] == c;
	return k;
}

/* ---- the parse of a block ---- */

typedef struct parser {
	struct csv_parser p;
	const char *name;
	csv_row_fn fn;
	void *ctx;
	rfm_error *e;
	const unsigned char *mask;
	size_t nmask;        /* 0: every field is wanted */
	int stop;            /* a callback failed: ignore the rest */
	char delim;          /* the field delimiter */
	long line;           /* the line being parsed */
	long rec_line;       /* where libcsv's current record began */
	char *buf;           /* libcsv's fields, copied */
	size_t buflen;
	csv_field *fields;   /* the current record's fields */
	size_t nf, fcap;
	int idle;            /* libcsv's state between records */
} parser;

enum { MIN_GROW_STEP = 128 };   /* libcsv's own default step */

static __attribute__((noinline)) void
grow_fields(parser *r)
{
	r->fcap = r->fcap ? r->fcap * 2 : 16;
	r->fields = rfm_xrealloc(r->fields, r->fcap * sizeof *r->fields);
}

static inline int
wanted(const parser *r, size_t i)
{
	return r->nmask == 0 || (i < r->nmask && r->mask[i] != 0);
}

/* Add a field, not delivered (p NULL) until it is set; returns whether
 * the caller reads it. */
static int
add_field(parser *r)
{
	size_t i = r->nf++;

	if (i == r->fcap)
		grow_fields(r);
	r->fields[i] = (csv_field){ NULL, 0 };
	return wanted(r, i);
}

/* Pass the record of r->fields on, starting on line. */
static void
emit(parser *r, long line)
{
	csv_row row;

	row.f = r->fields;
	row.n = r->nf;
	row.line = line;
	r->nf = 0;
	r->buflen = 0;
	if (!r->stop && r->fn(r->ctx, &row, r->e) != 0)
		r->stop = 1;
}

/* Spaces and tabs, which libcsv strips around an unquoted field, unless
 * one is the delimiter. */
static inline int
is_blank(char c, char delim)
{
	return (c == ' ' || c == '\t') && c != delim;
}

/*
 * A line s[0..len) without its line end, holding no quote and no carriage
 * return, split as libcsv splits it from the start of a record: nothing
 * for a blank line, else the fields between commas, blanks around each
 * removed.  Each field is NUL-terminated where it ends, on a comma, a
 * blank or the line end.
 */
static void
split_line(parser *r, char *s, size_t len)
{
	char *e = s + len, *a, *b, *d;

	for (a = s; a < e && is_blank(*a, r->delim); a++)
		;
	if (a == e)
		return;
	for (;;) {
		d = memchr(s, r->delim, (size_t)(e - s));
		b = d != NULL ? d : e;
		if (add_field(r)) {
			for (a = s; a < b && is_blank(*a, r->delim); a++)
				;
			while (b > a && is_blank(b[-1], r->delim))
				b--;
			*b = '\0';
			r->fields[r->nf - 1] = (csv_field){ a, (size_t)(b - a) };
		}
		if (d == NULL)
			break;
		s = d + 1;
	}
	emit(r, r->line);
}

/* A field from libcsv, copied if it is read.  memcpy comes last, a tail
 * call: the hot path saves no registers. */
static inline void
copy_field(parser *r, const char *p, size_t len)
{
	size_t i = r->nf++;
	char *d = r->buf + r->buflen;

	if (!wanted(r, i)) {
		r->fields[i] = (csv_field){ NULL, 0 };
		return;
	}
	r->buflen += len + 1;
	r->fields[i] = (csv_field){ d, len };
	d[len] = '\0';
	memcpy(d, p, len);
}

/*
 * A record's first field, or a field that needs room.  libcsv is fed a
 * line at a time, so a record's first field ends on the line being fed:
 * the record began as many lines before as the field holds newlines.
 */
static __attribute__((noinline)) void
first_field(parser *r, const char *p, size_t len)
{
	const char *nl;

	if (r->nf == 0) {
		r->rec_line = r->line;
		for (nl = memchr(p, '\n', len); nl != NULL;
		    nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - p)))
			r->rec_line--;
	}
	if (r->nf == r->fcap)
		grow_fields(r);
	copy_field(r, p, len);
}

/* libcsv's field callback. */
static void
on_field(void *s, size_t len, void *data)
{
	parser *r = data;

	if (r->nf == 0 || r->nf == r->fcap)
		first_field(r, s, len);
	else
		copy_field(r, s, len);
}

static void
on_record(int c, void *data)
{
	parser *r = data;

	(void)c;
	emit(r, r->rec_line);
}

/* libcsv stopped short of the end of what it was given. */
static int
parse_error(parser *r)
{
	if (csv_error(&r->p) == CSV_EPARSE)
		return rfm_fail(r->e, RFM_EDATA, r->name, r->line, NULL,
		    "malformed CSV: a quote inside an unquoted field or text "
		    "after a closing quote");
	return rfm_fail(r->e, RFM_ESOFTWARE, r->name, r->line, NULL, "%s",
	    csv_strerror(csv_error(&r->p)));
}

/*
 * Give s[0..n) to libcsv.  libcsv grows its field buffer by a fixed step
 * (128 bytes unless told otherwise), which copies a long field over and
 * over where realloc moves (under ASan and valgrind: minutes for a 10 MB
 * field).  The step is made at least what is fed and the buffer so far:
 * one growth per call, and doubling across the lines of a long field.
 */
static int
feed(parser *r, const char *s, size_t n)
{
	size_t step = csv_get_buffer_size(&r->p);

	if (step < n)
		step = n;
	csv_set_blk_size(&r->p, step < MIN_GROW_STEP ? MIN_GROW_STEP : step);
	if (csv_parse(&r->p, s, n, on_field, on_record, r) != n)
		return r->stop ? r->e->code : parse_error(r);
	return RFM_OK;
}

static void
parser_init(parser *r, const char *name, long line, char delim,
    const csv_want *want, csv_row_fn fn, void *ctx, rfm_error *e)
{
	memset(r, 0, sizeof *r);
	r->name = name;
	r->delim = delim;
	r->fn = fn;
	r->ctx = ctx;
	r->e = e;
	if (want != NULL && want->n > 0) {
		r->mask = want->want;
		r->nmask = want->n;
	}
	r->line = line;
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		rfm_die(RFM_ESOFTWARE, "cannot start the CSV parser");
	csv_set_delim(&r->p, (unsigned char)delim);
	r->idle = r->p.pstate;
}

static void
parser_free(parser *r)
{
	csv_free(&r->p);
	free(r->buf);
	free(r->fields);
}

/*
 * The line of the quote that opened the field left open at the end of
 * data[0..len), which starts a record on line line: libcsv is fed it
 * again a byte at a time, and the last byte that set its quoted flag is
 * that quote (a count of quotes would take a doubled one for it).  Only
 * for the message.
 */
static long
open_quote_line(const char *data, size_t len, long line, char delim)
{
	struct csv_parser p;
	long at = line;
	size_t i;
	int quoted;

	if (csv_init(&p, CSV_STRICT) != 0)
		return line;
	csv_set_blk_size(&p, len + MIN_GROW_STEP);
	csv_set_delim(&p, (unsigned char)delim);
	for (i = 0; i < len; i++) {
		quoted = p.quoted;
		if (csv_parse(&p, data + i, 1, NULL, NULL, NULL) != 1)
			break;
		if (!quoted && p.quoted)
			at = line;
		line += data[i] == '\n';
	}
	csv_free(&p);
	return at;
}

/* The end of the input: the last record, or a quoted field left open in
 * data[0..len), which starts a record on line line. */
static int
parser_fini(parser *r, const char *data, size_t len, long line)
{
	if (csv_fini(&r->p, on_field, on_record, r) != 0)
		return rfm_fail(r->e, RFM_EDATA, r->name,
		    open_quote_line(data, len, line, r->delim), NULL,
		    "end of file inside a quoted field");
	return r->stop ? r->e->code : RFM_OK;
}

/*
 * Whether the line s[0..n), which ends in a newline, can be split here:
 * no quote, and no carriage return but one just before the newline.
 * *len gets its length without the line end.
 */
static int
plain_line(const char *s, size_t n, size_t *len)
{
	size_t k = n - 1;

	if (k > 0 && s[k - 1] == '\r')
		k--;
	*len = k;
	return memchr(s, '"', k) == NULL && memchr(s, '\r', k) == NULL;
}

int
csv_parse_mem(char *data, size_t len, const char *name, long line,
    char delim, const csv_want *want, csv_row_fn fn, void *ctx,
    rfm_error *e)
{
	parser r;
	char *s = data, *end = data + len, *nl, *from = data;
	size_t n, k;
	long from_line = line;
	int rc = RFM_OK;

	parser_init(&r, name, line, delim, want, fn, ctx, e);
	/* A record's fields, copied with a NUL each, take no more than its
	 * bytes and one: a field ends on a byte of its own but the last. */
	r.buf = rfm_xmalloc(len + 1);
	while (s < end && !r.stop) {
		nl = memchr(s, '\n', (size_t)(end - s));
		n = nl != NULL ? (size_t)(nl + 1 - s) : (size_t)(end - s);
		/* libcsv's state (public in csv.h) says whether a quoted
		 * field goes on: then only libcsv knows where it ends. */
		if (r.p.pstate == r.idle && nl != NULL && plain_line(s, n, &k))
			split_line(&r, s, k);
		else {
			/* Where libcsv's record begins: the bytes from here
			 * on are as read (split_line writes NULs). */
			if (r.p.pstate == r.idle) {
				from = s;
				from_line = r.line;
			}
			if ((rc = feed(&r, s, n)) != RFM_OK)
				break;
		}
		r.line += nl != NULL;
		s += n;
	}
	if (rc == RFM_OK && !r.stop)
		rc = parser_fini(&r, from, (size_t)(end - from), from_line);
	else if (rc == RFM_OK)
		rc = e->code;
	parser_free(&r);
	return rc;
}

/* ---- the input, in blocks ---- */

typedef struct block {
	char *data;
	size_t len, cap;
	long line;           /* the line of data[0] */
} block;

struct csv_input {
	textin *t;           /* the file, decompressed and in UTF-8 */
	const char *name;
	char *carry;         /* bytes read after the last cut */
	size_t carry_len, carry_cap;
	int eof;             /* read() has returned 0 */
	int started;         /* the byte-order mark was looked for */
	long line;           /* the line of the next block */
	char delim;          /* the field delimiter */
	size_t first_size;   /* of the block read for the header */
	size_t block_size;   /* of the blocks after it */
	parser *hp;          /* the header's, which holds its fields */
};

csv_input *
csv_input_new(int fd, const char *name)
{
	csv_input *in = rfm_xcalloc(1, sizeof *in);

	in->t = textin_open(fd, name);
	in->name = name;
	in->line = 1;
	in->delim = ',';
	in->first_size = CSV_FIRST_BLOCK_SIZE;
	in->block_size = CSV_BLOCK_SIZE;
	return in;
}

void
csv_input_set_block_size(csv_input *in, size_t size)
{
	in->block_size = size < 8 ? 8 : size;
	if (in->block_size < in->first_size)
		in->first_size = in->block_size;
}

void
csv_input_set_delim(csv_input *in, char delim)
{
	in->delim = delim;
}

void
csv_input_set_encoding(csv_input *in, int enc)
{
	textin_set_encoding(in->t, enc);
}

void
csv_input_free(csv_input *in)
{
	if (in->hp != NULL)
		parser_free(in->hp);
	free(in->hp);
	free(in->carry);
	textin_close(in->t);
	free(in);
}

static void
reserve(block *b, size_t need)
{
	if (need <= b->cap)
		return;
	while (b->cap < need)
		b->cap = b->cap ? b->cap * 2 : CSV_BLOCK_SIZE;
	b->data = rfm_xrealloc(b->data, b->cap);
}

/*
 * Where to cut data[0..len): just after the last newline with an even
 * number of quotes before it, or 0 if there is none.  The walk back is a
 * plain loop: each byte is looked at once, even where a stray quote makes
 * every newline of a long block odd.
 */
static size_t
cut_point(const char *data, size_t len)
{
	size_t quotes = csv_count_byte(data, len, '"'), i;

	for (i = len; i > 0; i--) {
		if (data[i - 1] == '\n' && quotes % 2 == 0)
			return i;
		quotes -= data[i - 1] == '"';
	}
	return 0;
}

static void
set_carry(csv_input *in, const char *p, size_t n)
{
	if (n > in->carry_cap) {
		in->carry_cap = n;
		in->carry = rfm_xrealloc(in->carry, in->carry_cap);
	}
	if (n > 0)
		memmove(in->carry, p, n);
	in->carry_len = n;
}

/*
 * Fill b with the next block of whole records, of about size bytes.
 * Returns 1 with a block, 0 at the end of the input, -1 on a read error
 * (e filled).
 */
static int
read_block(csv_input *in, block *b, size_t size, rfm_error *e)
{
	size_t cut;
	ssize_t got;

	if (in->eof && in->carry_len == 0)
		return 0;
	reserve(b, in->carry_len > size ? in->carry_len : size);
	if (in->carry_len > 0)
		memcpy(b->data, in->carry, in->carry_len);
	b->len = in->carry_len;
	in->carry_len = 0;
	for (;;) {
		while (!in->eof && b->len < size) {
			got = textin_read(in->t, b->data + b->len,
			    size - b->len, e);
			if (got < 0)
				return -1;
			if (got == 0)
				in->eof = 1;
			b->len += (size_t)got;
		}
		if (!in->started) {
			in->started = 1;
			if (b->len >= 3 && memcmp(b->data, "\xEF\xBB\xBF", 3) == 0) {
				memmove(b->data, b->data + 3, b->len - 3);
				b->len -= 3;
				continue;   /* top the block up again */
			}
		}
		if (in->eof) {
			cut = b->len;
			break;
		}
		if ((cut = cut_point(b->data, b->len)) > 0)
			break;
		/* One record longer than the block: grow it. */
		size *= 2;
		reserve(b, size);
	}
	set_carry(in, b->data + cut, b->len - cut);
	b->len = cut;
	b->line = in->line;
	in->line += (long)csv_count_byte(b->data, b->len, '\n');
	return b->len > 0 || !in->eof ? 1 : 0;
}

/* ---- the header ---- */

static int
take_header(void *ctx, const csv_row *row, rfm_error *e)
{
	(void)e;
	*(csv_row *)ctx = *row;
	return RFM_OK;
}

/*
 * The header goes to libcsv up to each carriage return or newline in
 * turn, the only bytes that can end a record, until the record is
 * complete: what follows it is left for the blocks.  Its fields stay in
 * the parser, kept until csv_input_free.
 */
int
csv_input_header(csv_input *in, csv_row *hdr, rfm_error *e)
{
	parser *r = in->hp = rfm_xmalloc(sizeof *in->hp);
	block b;
	const char *s, *end, *stop;
	long first = 1;      /* the line of b.data[0] */
	int got = 0, rc = RFM_OK;

	memset(hdr, 0, sizeof *hdr);
	memset(&b, 0, sizeof b);
	parser_init(r, in->name, in->line, in->delim, NULL, take_header, hdr,
	    e);
	while (hdr->n == 0 &&
	    (got = read_block(in, &b, in->first_size, e)) > 0) {
		end = b.data + b.len;
		first = r->line;
		/* a record is never cut between blocks */
		r->buf = rfm_xrealloc(r->buf, b.len + 1);
		for (s = b.data; s < end && hdr->n == 0; s = stop) {
			for (stop = s; stop < end && *stop != '\r' &&
			    *stop != '\n'; stop++)
				;
			stop += stop < end;
			if ((rc = feed(r, s, (size_t)(stop - s))) != RFM_OK)
				goto out;
			r->line += stop[-1] == '\n';
		}
		if (hdr->n > 0) {
			/* The rest of the block goes back before what
			 * follows it. */
			b.len = (size_t)(end - s);
			memmove(b.data, s, b.len);
			reserve(&b, b.len + in->carry_len);
			if (in->carry_len > 0)
				memcpy(b.data + b.len, in->carry,
				    in->carry_len);
			set_carry(in, b.data, b.len + in->carry_len);
			in->line = r->line;
		}
	}
	if (got < 0)
		rc = e->code;
	else if (hdr->n == 0)
		rc = parser_fini(r, b.data, b.len, first);
out:
	free(b.data);
	return rc;
}

/* ---- the run ---- */

/* Blocks are read, parsed and merged in groups, a group each at once. */
enum { NGROUPS = 3 };

typedef struct slot {
	block b;
	void *part;
	int rc;              /* the parse's outcome */
	rfm_error e;
} slot;

typedef struct run {
	csv_input *in;
	const csv_want *want;
	const csv_consumer *c;
	void *ctx;
	slot *slots;         /* NGROUPS groups of per slots */
	size_t per;
	size_t n[NGROUPS];   /* blocks in each group */
	size_t gm, gr, gp;   /* this round's groups: merged, read, parsed */
	int read_all;        /* the end, or a read error, was met */
	int merge_rc, read_rc;
	rfm_error merge_e, read_e;
} run;

static void
merge_group(run *r)
{
	slot *s = &r->slots[r->gm * r->per];
	size_t i, n = r->n[r->gm];

	r->n[r->gm] = 0;
	for (i = 0; i < n && r->merge_rc == RFM_OK; i++) {
		if ((r->merge_rc = r->c->merge(r->ctx, s[i].part,
		    &r->merge_e)) != RFM_OK)
			break;
		if ((r->merge_rc = s[i].rc) != RFM_OK)
			r->merge_e = s[i].e;
	}
}

static void
read_group(run *r)
{
	slot *s = &r->slots[r->gr * r->per];
	size_t i;
	int got = 1;

	if (r->read_all)
		return;
	for (i = 0; i < r->per && got > 0; i++)
		if ((got = read_block(r->in, &s[i].b, r->in->block_size,
		    &r->read_e)) > 0)
			r->n[r->gr]++;
	if (got <= 0) {
		r->read_all = 1;
		if (got < 0)
			r->read_rc = r->read_e.code;
	}
}

/*
 * Task 0 merges the group parsed last round, task 1 reads the group to
 * parse next round, and tasks 2... parse this round's blocks.  The merge,
 * the longest, is handed out first.
 */
static void
run_task(void *arg, size_t t)
{
	run *r = arg;
	slot *s;

	if (t == 0)
		merge_group(r);
	else if (t == 1)
		read_group(r);
	else {
		s = &r->slots[r->gp * r->per + t - 2];
		s->rc = csv_parse_mem(s->b.data, s->b.len, r->in->name,
		    s->b.line, r->in->delim, r->want, r->c->row, s->part,
		    &s->e);
	}
}

int
csv_input_run(csv_input *in, const csv_want *want, const csv_consumer *c,
    void *ctx, pfor *pool, rfm_error *e)
{
	run r;
	size_t i, round;
	int nthreads = pfor_nthreads(pool);

	memset(&r, 0, sizeof r);
	r.in = in;
	r.want = want;
	r.c = c;
	r.ctx = ctx;
	/* Two blocks a thread: a thread that ends early takes another. */
	r.per = nthreads > 1 ? 2 * (size_t)nthreads : 1;
	r.slots = rfm_xcalloc(NGROUPS * r.per, sizeof *r.slots);
	for (i = 0; i < NGROUPS * r.per; i++)
		r.slots[i].part = c->part_new(ctx);
	r.gr = 0;
	read_group(&r);
	for (round = 0;; round++) {
		r.gp = round % NGROUPS;
		r.gr = (round + 1) % NGROUPS;
		r.gm = (round + 2) % NGROUPS;
		if (r.read_all && r.n[r.gm] == 0 && r.n[r.gp] == 0)
			break;
		pfor_run(pool, 2 + r.n[r.gp], run_task, &r);
		if (r.merge_rc != RFM_OK)
			break;
	}
	if (r.merge_rc != RFM_OK)
		*e = r.merge_e;
	else if (r.read_rc != RFM_OK)
		*e = r.read_e;
	for (i = 0; i < NGROUPS * r.per; i++) {
		c->part_free(r.slots[i].part);
		free(r.slots[i].b.data);
	}
	free(r.slots);
	return r.merge_rc != RFM_OK ? r.merge_rc : r.read_rc;
}

/* ---- the simple way ---- */

int
csv_read(int fd, const char *name, csv_row_fn fn, void *ctx,
    const csv_want *want, rfm_error *e)
{
	csv_input *in = csv_input_new(fd, name);
	csv_row hdr;
	block b;
	int rc, got = 0;

	memset(&b, 0, sizeof b);
	if ((rc = csv_input_header(in, &hdr, e)) == RFM_OK && hdr.n > 0)
		rc = fn(ctx, &hdr, e);
	while (rc == RFM_OK && hdr.n > 0 &&
	    (got = read_block(in, &b, in->block_size, e)) > 0)
		rc = csv_parse_mem(b.data, b.len, name, b.line, in->delim, want,
		    fn, ctx, e);
	if (rc == RFM_OK && got < 0)
		rc = e->code;
	free(b.data);
	csv_input_free(in);
	return rc;
}
