/*
 * extract.c - the group-by behind rfm-extract: header resolution, row
 * validation, the row policy and the per-customer aggregates.
 */
#include "extract.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "date.h"
#include "num.h"
#include "pfor.h"
#include "textenc.h"
#include "tsv.h"

/* What each column is called in messages, its option, its default names. */
static const struct {
	const char *what;
	const char *option;
	const char *names[3];
	const char *without;    /* the cure when the export has none */
} colinfo[NCOLS] = {
	{ "customer id", "--customer-col", { "CustomerID", "Customer ID" },
	    "" },
	{ "invoice", "--invoice-col", { "InvoiceNo", "Invoice" },
	    "; without one, --frequency days or --frequency rows says what "
	    "a purchase is" },
	{ "date", "--date-col", { "InvoiceDate" }, "" },
	{ "quantity", "--quantity-col", { "Quantity" },
	    "; --amount-col reads a line amount instead; without money, "
	    "--no-monetary" },
	{ "unit price", "--price-col", { "UnitPrice", "Price" },
	    "; --amount-col reads a line amount instead; without money, "
	    "--no-monetary" },
	{ "amount", "--amount-col", { NULL }, "" },
};

static void free_held(extract *x);

void
extract_init(extract *x, const extract_opts *o)
{
	memset(x, 0, sizeof *x);
	x->o = *o;
	x->nthreads = pfor_threads();
	strmap_init(&x->ids);
	strmap_init(&x->pairs);
}

void
extract_free(extract *x)
{
	size_t i;
	int c;

	for (i = 0; i < strmap_count(&x->ids); i++)
		xsum_free(&x->cust[i].money);
	strmap_free(&x->ids);
	strmap_free(&x->pairs);
	free(x->cust);
	free(x->last_key);
	free(x->pair_buf);
	free(x->kept_text);
	free(x->kept);
	free(x->want);
	for (c = 0; c < NCOLS; c++)
		free(x->colbuf[c]);
	free_held(x);
	free(x->held);
	memset(x, 0, sizeof *x);
}

/* Whether column c is read from this file. */
static int
col_used(const extract *x, int c)
{
	int by_amount = x->o.col[COL_AMOUNT] != NULL;

	if (c == COL_INVOICE)
		return x->o.frequency == EXTRACT_INVOICES ||
		    x->o.col[COL_INVOICE] != NULL;
	if (x->o.no_money && c >= COL_QUANTITY)
		return 0;
	if (c == COL_AMOUNT)
		return by_amount;
	if (c == COL_QUANTITY || c == COL_PRICE)
		return !by_amount;
	return 1;
}

/* List the header's fields into buf for a message. */
static void
list_header(char *buf, size_t size, const csv_row *r)
{
	char show[4 * 40 + 8];
	size_t i, n = 0;
	int w;

	buf[0] = '\0';
	for (i = 0; i < r->n && n < size; i++) {
		w = snprintf(buf + n, size - n, "%s%s", i ? ", " : "",
		    tsv_show(show, r->f[i].p, r->f[i].len, 40));
		n += w < 0 ? 0 : (size_t)w;
	}
}

/* What a header of one field says about the delimiter, for a message. */
static const char *
delim_hint(const extract *x, const csv_row *r)
{
	const char *p;

	if (r->n != 1 || x->o.delim != 0)
		return "";
	p = r->f[0].p;
	if (memchr(p, ';', r->f[0].len) != NULL)
		return "; it is one field: --delimiter ';' reads fields "
		    "separated by semicolons";
	if (memchr(p, '\t', r->f[0].len) != NULL)
		return "; it is one field: --delimiter tab reads fields "
		    "separated by tabs";
	if (memchr(p, '|', r->f[0].len) != NULL)
		return "; it is one field: --delimiter '|' reads fields "
		    "separated by bars";
	return "";
}

/* Calls fn with each byte of the header as it was read, delimiters
 * between its fields, and its position. */
static void
header_bytes(const extract *x, const csv_row *r,
    void (*fn)(void *, size_t, unsigned char), void *ctx)
{
	size_t i, j, at = 0;

	for (i = 0; i < r->n; i++) {
		if (i > 0)
			fn(ctx, at++, (unsigned char)(x->o.delim ? x->o.delim :
			    ','));
		for (j = 0; j < r->f[i].len; j++)
			fn(ctx, at++, (unsigned char)r->f[i].p[j]);
	}
}

/* Bytes, and NUL bytes, at even and odd positions; control bytes. */
typedef struct byte_census {
	size_t all[2], nul[2], ctl;
} byte_census;

static void
count_byte(void *ctx, size_t at, unsigned char b)
{
	byte_census *k = ctx;

	k->all[at & 1]++;
	k->nul[at & 1] += b == 0;
	k->ctl += (b < 0x20 && b != '\t') || b == 0x7f;
}

/*
 * Which of names the header field f is once made UTF-8 from encoding enc
 * or, with back, once its UTF-8 is made the bytes of enc it was read
 * from: 1 + its index, or 0.
 */
static int
header_has(const csv_field *f, int enc, int back, const char *const *names)
{
	const unsigned char *p = (const unsigned char *)f->p;
	char *u = rfm_xmalloc(3 * f->len + 1);
	size_t n = 0, used, i, j, k;
	uint32_t cp;
	int byte = 0, found = 0;
	textconv tc;

	if (!back) {
		textconv_init(&tc, enc);
		n = (size_t)textconv_run(&tc, f->p, f->len, &used, u,
		    3 * f->len);
	} else {
		for (i = 0; i < f->len && byte >= 0; i += k) {
			cp = p[i];
			k = cp < 0xC0 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
			if (i + k > f->len)
				break;
			if (k > 1)
				cp &= 0x3Fu >> (k - 1);
			for (j = 1; j < k; j++)
				cp = cp << 6 | (p[i + j] & 0x3Fu);
			if ((byte = textenc_byte(enc, cp)) >= 0)
				u[n++] = (char)byte;
		}
		if (i < f->len || byte < 0)
			n = 0;       /* a character not in enc */
	}
	for (k = 0; k < 3 && names[k] != NULL && !found; k++)
		if (n > 0 && n == strlen(names[k]) &&
		    memcmp(u, names[k], n) == 0)
			found = (int)k + 1;
	free(u);
	return found;
}

/*
 * What the header's bytes say of its encoding, for the message of a
 * missing column looked for under names: without --encoding, UTF-16
 * without its byte-order mark (a NUL byte after or before every
 * character) or text that is not UTF-8 (Windows-1252 or Latin-1, most
 * likely; certain when one of names is in it so read); with Latin-1 or
 * Windows-1252, a name there when the header is read as UTF-8.
 */
static const char *
encoding_hint(const extract *x, const csv_row *r, const char *const *names,
    char *buf, size_t size)
{
	byte_census k;
	size_t i;
	int enc = x->o.encoding, utf8 = 1, at;

	if (enc == TEXTENC_LATIN1 || enc == TEXTENC_CP1252) {
		for (i = 0; i < r->n; i++)
			if ((at = header_has(&r->f[i], enc, 1, names)) > 0) {
				snprintf(buf, size, "; read as UTF-8, the "
				    "header has \"%s\": leave --encoding %s "
				    "out", names[at - 1], textenc_name(enc));
				return buf;
			}
		return "";
	}
	if (enc != TEXTENC_DEFAULT && enc != TEXTENC_UTF8)
		return "";
	memset(&k, 0, sizeof k);
	header_bytes(x, r, count_byte, &k);
	if (k.all[0] >= 4 && k.nul[1] == k.all[1] && k.nul[0] == 0)
		return "; it is UTF-16LE without a byte-order mark (a NUL "
		    "after every character): --encoding utf-16le reads it";
	if (k.all[1] >= 4 && k.nul[0] == k.all[0] && k.nul[1] == 0)
		return "; it is UTF-16BE without a byte-order mark (a NUL "
		    "before every character): --encoding utf-16be reads it";
	for (i = 0; i < r->n && utf8; i++)
		utf8 = textenc_utf8_valid(r->f[i].p, r->f[i].len);
	if (utf8 || k.ctl > 0)
		return "";
	for (i = 0; i < r->n; i++)
		if ((at = header_has(&r->f[i], TEXTENC_CP1252, 0, names)) > 0) {
			snprintf(buf, size, "; the header is not UTF-8, and "
			    "read as Windows-1252 it has \"%s\": --encoding "
			    "cp1252 reads it", names[at - 1]);
			return buf;
		}
	return "; the header is not UTF-8: try --encoding cp1252 "
	    "(Windows-1252) or latin1";
}

/* a == b, ignoring ASCII case, spaces, '_' and '-'. */
static int
loose_eq(const char *a, size_t alen, const char *b)
{
	const char *ae = a + alen;
	char ca, cb;

	for (;;) {
		while (a < ae && (*a == ' ' || *a == '_' || *a == '-'))
			a++;
		while (*b == ' ' || *b == '_' || *b == '-')
			b++;
		if (a == ae || *b == '\0')
			return a == ae && *b == '\0';
		ca = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		cb = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
		if (ca != cb)
			return 0;
		a++;
		b++;
	}
}

/* The field number of a column given as 1, 2, ...; 0 if not a number. */
static long
column_number(const char *s)
{
	long n = 0;

	if (s == NULL || *s == '\0' || *s == '0')
		return 0;
	for (; *s >= '0' && *s <= '9' && n < 1000000; s++)
		n = n * 10 + (*s - '0');
	return *s == '\0' ? n : 0;
}

/* Column c is field i of header r (0-based); with no header its name in
 * messages is "field N". */
static void
set_column(extract *x, const csv_row *r, int c, size_t i)
{
	char *name;

	x->idx[c] = (long)i;
	if (x->o.no_header) {
		name = rfm_xmalloc(32);
		snprintf(name, 32, "field %zu", i + 1);
	} else {
		name = rfm_xmalloc(r->f[i].len + 1);
		memcpy(name, r->f[i].p, r->f[i].len);
		name[r->f[i].len] = '\0';
	}
	free(x->colbuf[c]);
	x->colname[c] = x->colbuf[c] = name;
}

/*
 * Find column c in header r: by number, or by each of its names, first
 * exactly, then ignoring case, spaces, '_' and '-' when one field only
 * matches so.
 */
static int
find_column(extract *x, const csv_row *r, int c, rfm_error *e)
{
	const char *names[3] = { NULL, NULL, NULL };
	char list[600], want[200], show[4 * 40 + 8], show2[4 * 40 + 8];
	char hint[300];
	size_t i, k, wn = 0;
	long at, num = column_number(x->o.col[c]);
	int w, loose;

	if (num > 0) {
		if ((size_t)num > r->n)
			return rfm_fail(e, RFM_EDATA, x->name, r->line, NULL,
			    "%s %ld: the %s has %zu fields", colinfo[c].option,
			    num, x->o.no_header ? "first line" : "header",
			    r->n);
		set_column(x, r, c, (size_t)num - 1);
		return RFM_OK;
	}
	if (x->o.col[c] != NULL)
		names[0] = x->o.col[c];
	else
		memcpy(names, colinfo[c].names, sizeof names);
	for (k = 0; k < 3 && names[k] != NULL; k++) {
		for (loose = 0; loose < 2; loose++) {
			at = -1;
			for (i = 0; i < r->n; i++) {
				if (loose ? !loose_eq(r->f[i].p, r->f[i].len,
				    names[k]) : r->f[i].len != strlen(names[k])
				    || memcmp(r->f[i].p, names[k],
				    r->f[i].len) != 0)
					continue;
				if (at < 0) {
					at = (long)i;
					continue;
				}
				if (!loose)
					return rfm_fail(e, RFM_EDATA, x->name,
					    r->line, NULL, "column \"%s\" "
					    "appears twice (fields %ld and "
					    "%zu)", names[k], at + 1, i + 1);
				return rfm_fail(e, RFM_EDATA, x->name,
				    r->line, NULL, "columns %s and %s (fields "
				    "%ld and %zu) both read as \"%s\": %s "
				    "names one exactly, or by number",
				    tsv_show(show, r->f[at].p, r->f[at].len,
				    40), tsv_show(show2, r->f[i].p,
				    r->f[i].len, 40), at + 1, i + 1, names[k],
				    colinfo[c].option);
			}
			if (at >= 0) {
				set_column(x, r, c, (size_t)at);
				return RFM_OK;
			}
		}
	}
	want[0] = '\0';
	for (k = 0; k < 3 && names[k] != NULL && wn < sizeof want; k++) {
		w = snprintf(want + wn, sizeof want - wn, "%s\"%s\"",
		    k ? " or " : "", names[k]);
		wn += w < 0 ? 0 : (size_t)w;
	}
	list_header(list, sizeof list, r);
	return rfm_fail(e, RFM_EDATA, x->name, r->line, NULL,
	    "no %s column (looked for %s; %s names another%s); "
	    "the header has: %s%s%s",
	    colinfo[c].what, want, colinfo[c].option,
	    x->o.col[c] == NULL ? colinfo[c].without : "", list,
	    delim_hint(x, r),
	    encoding_hint(x, r, names, hint, sizeof hint));
}

/* Find the columns in the header r; the fields read are fixed then. */
static int
read_header(extract *x, const csv_row *r, rfm_error *e)
{
	int c, rc;

	for (c = 0; c < NCOLS; c++) {
		x->idx[c] = -1;
		if (col_used(x, c) && (rc = find_column(x, r, c, e)) != RFM_OK)
			return rc;
	}
	x->want = rfm_xrealloc(x->want, r->n);
	memset(x->want, 0, r->n);
	for (c = 0; c < NCOLS; c++)
		if (x->idx[c] >= 0)
			x->want[x->idx[c]] = 1;
	x->cw.want = x->want;
	x->cw.n = r->n;
	x->nfields = r->n;
	x->hdr = *r;
	return RFM_OK;
}

/*
 * The parse of a block (in a worker thread) validates its rows and applies
 * the row policy; what is left for the in-order merge is this, a row kept
 * or a bad row, whose message ("file:line: column: what") stands in the
 * arena where the customer id would.
 */
typedef struct kept {
	long line;
	size_t cust, inv;      /* offsets of the keys in the part's arena */
	uint32_t cust_len, inv_len;
	int32_t day[2];        /* read month first, day first (date.h) */
	char bad;              /* a bad row: its message is at cust */
	char ret;              /* a return, netted against the purchases */
	char orders;           /* which of day[] exist: DATE_MONTH_FIRST ... */
	double amount;
} kept;

/* A date that shows the order of day and month, or cannot. */
typedef struct witness {
	long line;             /* 0: none */
	char text[40];
	size_t len;
} witness;

typedef struct part {
	const extract *x;
	extract_stats st;      /* rows read and dropped in this block */
	kept *rows;
	size_t n, cap, nbad;
	char *arena;
	size_t alen, acap;
	/* the last date field and its days: the lines of an invoice share
	 * it */
	char *last_date;
	size_t last_date_len, last_date_cap;
	int32_t last_day[2];
	int last_orders;
	/* without --date-format: the first date of the block that is only
	 * month first, only day first, and of a kept row that could be
	 * either (two days) */
	witness shows[2], either;
} part;

static void
part_free(void *result)
{
	part *pt = result;

	if (pt == NULL)
		return;
	free(pt->rows);
	free(pt->arena);
	free(pt->last_date);
	free(pt);
}

static void
part_reset(part *pt)
{
	memset(&pt->st, 0, sizeof pt->st);
	pt->n = pt->alen = pt->nbad = 0;
	pt->last_date_len = SIZE_MAX;
	memset(pt->shows, 0, sizeof pt->shows);
	memset(&pt->either, 0, sizeof pt->either);
}

static void *
part_new(void *ctx)
{
	part *pt = rfm_xcalloc(1, sizeof *pt);

	pt->x = ctx;
	part_reset(pt);
	return pt;
}

/* A new row at the end of the part's. */
static kept *
push(part *pt, long line)
{
	kept *k;

	if (pt->n == pt->cap) {
		pt->cap = pt->cap ? pt->cap * 2 : 4096;
		pt->rows = rfm_xrealloc(pt->rows, pt->cap * sizeof *pt->rows);
	}
	k = &pt->rows[pt->n++];
	k->line = line;
	k->bad = k->ret = 0;
	return k;
}

static size_t
arena_put(part *pt, const char *p, size_t len)
{
	size_t off = pt->alen;

	if (len == 0)
		return off;
	if (pt->alen + len > pt->acap) {
		while (pt->alen + len > pt->acap)
			pt->acap = pt->acap ? pt->acap * 2 : 65536;
		pt->arena = rfm_xrealloc(pt->arena, pt->acap);
	}
	memcpy(pt->arena + off, p, len);
	pt->alen += len;
	return off;
}

/*
 * Whether a row that fails is the header again, as where two exports were
 * put one after the other: a field read (the others are not copied) is
 * one of the header's names.
 */
static int
header_again(const extract *x, const csv_row *r)
{
	const csv_field *f;
	size_t i;
	int c;

	if (x->o.no_header)
		return 0;
	for (c = 0; c < NCOLS; c++) {
		if (x->idx[c] < 0 || (size_t)x->idx[c] >= r->n)
			continue;
		f = &r->f[x->idx[c]];
		for (i = 0; i < x->hdr.n; i++)
			if (f->len == x->hdr.f[i].len && f->len > 0 &&
			    memcmp(f->p, x->hdr.f[i].p, f->len) == 0)
				return 1;
	}
	return 0;
}

/*
 * The header again: skipped when every column read is where the first
 * header has it, else refused, whatever --max-bad says: a row read by
 * position under another header would be read wrong.
 */
static int
skip_header(part *pt, const csv_row *r, rfm_error *e)
{
	const extract *x = pt->x;
	const csv_field *f;
	int c;

	pt->st.rows--;
	for (c = 0; c < NCOLS && r->n == x->nfields; c++) {
		if (x->idx[c] < 0)
			continue;
		f = &r->f[x->idx[c]];
		if (f->len != strlen(x->colname[c]) ||
		    memcmp(f->p, x->colname[c], f->len) != 0)
			break;
	}
	if (c == NCOLS && r->n == x->nfields) {
		pt->st.headers++;
		return RFM_OK;
	}
	return rfm_fail(e, RFM_EDATA, x->name, r->line, NULL, "the header "
	    "again, but with other columns or in another order than on line "
	    "%ld: the rows after it cannot be read by the first; split the "
	    "file here (csplit FILE %ld) and give rfm-extract both parts",
	    x->hdr.line, r->line);
}

/*
 * Record a bad row for the merge, which decides whether it is skipped.
 * Once this block alone has more than max_bad, the run fails at one of
 * them, so the parse stops.
 */
static int
bad_row(part *pt, const csv_row *r, rfm_error *err, int c, const char *fmt,
    ...)
{
	va_list ap;
	rfm_error e;
	kept *k;

	if (header_again(pt->x, r))
		return skip_header(pt, r, err);
	va_start(ap, fmt);
	rfm_vfail(&e, RFM_EDATA, pt->x->name, r->line,
	    c >= 0 ? pt->x->colname[c] : NULL, fmt, ap);
	va_end(ap);
	k = push(pt, r->line);
	k->bad = 1;
	k->cust = arena_put(pt, e.msg, strlen(e.msg) + 1);
	pt->nbad++;
	return pt->nbad > (size_t)pt->x->o.max_bad ? RFM_EDATA : RFM_OK;
}

/* A number of the row, with a decimal comma when told so. */
static int
parse_number(const part *pt, const csv_field *f, double *v)
{
	return pt->x->o.decimal_comma ? num_parse_comma(f->p, f->len, v) :
	    num_parse(f->p, f->len, v);
}

static int
bad_number(part *pt, const csv_row *r, rfm_error *e, int c, int err,
    const csv_field *f)
{
	char show[4 * 40 + 8];
	const char *hint = "";

	if (err == NUM_SYNTAX && pt->x->o.decimal_comma &&
	    memchr(f->p, '.', f->len) != NULL)
		hint = " (with --decimal-comma a point is not read: "
		    "thousands separators are not)";
	else if (err == NUM_SYNTAX && !pt->x->o.decimal_comma &&
	    memchr(f->p, ',', f->len) != NULL)
		hint = memchr(f->p, '.', f->len) != NULL ?
		    " (thousands separators are not read)" :
		    " (a decimal comma? --decimal-comma reads 2,55 as 2.55; "
		    "thousands separators are not read)";
	return bad_row(pt, r, e, c, "%s: %s%s", num_strerror(err),
	    tsv_show(show, f->p, f->len, 40), hint);
}

/* "17850.0", as spreadsheets and pandas write ids, is the id "17850". */
static size_t
normal_id_len(const char *s, size_t len)
{
	size_t i = 0, dot;

	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == 0 || i + 1 >= len || s[i] != '.')
		return len;
	dot = i;
	for (i++; i < len; i++)
		if (s[i] != '0')
			return len;
	return dot;
}

static void
witness_set(witness *w, long line, const csv_field *f)
{
	if (w->line != 0)
		return;
	w->line = line;
	w->len = f->len < sizeof w->text ? f->len : sizeof w->text;
	memcpy(w->text, f->p, w->len);
}

/*
 * The days of a date: with --date-format one, else both readings of
 * date_parse_orders, and a date that exists one way only is noted as
 * showing the file's order.
 */
static int
parse_day(part *pt, const csv_field *f, long line, int32_t day[2],
    int *orders)
{
	const char *fmt = pt->x->o.date_format;
	int rc;

	if (f->len == pt->last_date_len &&
	    memcmp(f->p, pt->last_date, f->len) == 0) {
		day[0] = pt->last_day[0];
		day[1] = pt->last_day[1];
		*orders = pt->last_orders;
		return DATE_OK;
	}
	if (fmt == NULL) {
		rc = date_parse_orders(f->p, f->len, day, orders);
		if (rc == DATE_OK && *orders != 3)
			witness_set(&pt->shows[*orders - 1], line, f);
	} else if (strlen(f->p) != f->len) {   /* a NUL would hide the rest */
		rc = DATE_SYNTAX;
	} else {
		rc = date_parse_fmt(f->p, fmt, &day[0]);
		day[1] = day[0];
		*orders = 3;
	}
	if (rc != DATE_OK)
		return rc;
	if (f->len > pt->last_date_cap) {
		pt->last_date_cap = f->len * 2;
		pt->last_date = rfm_xrealloc(pt->last_date, pt->last_date_cap);
	}
	memcpy(pt->last_date, f->p, f->len);
	pt->last_date_len = f->len;
	pt->last_day[0] = day[0];
	pt->last_day[1] = day[1];
	pt->last_orders = *orders;
	return DATE_OK;
}

/*
 * The --date-format that reads the date text[0..len) of shape A/B/Y or
 * A.B.Y, day first or month first, into buf: its separator, a year of
 * two or four digits, and its time, kept.
 */
static const char *
format_for(const char *text, size_t len, int day_first, char *buf,
    size_t size)
{
	const char *p = text, *e = text + len, *t;
	int colons = 0, ydigits = 0, ampm;
	char sep = '/';

	while (p < e && (*p == ' ' || (*p >= '0' && *p <= '9')))
		p++;
	if (p < e)
		sep = *p;
	for (t = p + 1; t < e && (t = memchr(t, sep, (size_t)(e - t))) != NULL;
	    t++)
		for (ydigits = 0; t + 1 + ydigits < e &&
		    t[1 + ydigits] >= '0' && t[1 + ydigits] <= '9'; ydigits++)
			;
	if ((t = memchr(p, ' ', (size_t)(e - p))) != NULL)
		for (; t < e; t++)
			colons += *t == ':';
	ampm = colons > 0 && (e[-1] == 'M' || e[-1] == 'm');
	snprintf(buf, size, "%%%c%c%%%c%c%%%c%s%s%s%s", day_first ? 'd' : 'm',
	    sep, day_first ? 'm' : 'd', sep, ydigits == 2 ? 'y' : 'Y',
	    colons == 0 ? "" : ampm ? " %I" : " %H", colons > 0 ? ":%M" : "",
	    colons > 1 ? ":%S" : "", ampm ? " %p" : "");
	return buf;
}

/* The cure for a date not read without --date-format. */
static const char *
date_hint(const extract *x, int rc)
{
	return x->o.date_format == NULL && rc == DATE_SYNTAX ?
	    " (--date-format names another format)" : "";
}

static const csv_field no_field = { "", 0 };

static int
parse_row(void *ctx, const csv_row *r, rfm_error *e)
{
	part *pt = ctx;
	const extract *x = pt->x;
	const csv_field *cf, *inv, *df, *f;
	char show[4 * 40 + 8];
	double qty = 0, price = 0, amount;
	int32_t day[2];
	int rc, ret = 0, orders;
	kept *k;

	pt->st.rows++;
	if (r->n != x->nfields)
		return bad_row(pt, r, e, -1, "expected %zu fields, found %zu",
		    x->nfields, r->n);

	cf = &r->f[x->idx[COL_CUSTOMER]];
	inv = x->idx[COL_INVOICE] >= 0 ? &r->f[x->idx[COL_INVOICE]] :
	    &no_field;
	df = &r->f[x->idx[COL_DATE]];
	if (memchr(cf->p, '\0', cf->len) != NULL)
		return bad_row(pt, r, e, COL_CUSTOMER, "NUL byte in %s",
		    tsv_show(show, cf->p, cf->len, 40));
	if ((rc = parse_day(pt, df, r->line, day, &orders)) != DATE_OK)
		return bad_row(pt, r, e, COL_DATE, "%s: %s%s",
		    x->o.date_format != NULL && rc == DATE_SYNTAX ?
		    "does not match --date-format" : date_strerror(rc),
		    tsv_show(show, df->p, df->len, 40),
		    date_hint(x, rc));
	if (x->o.no_money) {
		amount = 0;
	} else if (x->idx[COL_AMOUNT] >= 0) {
		f = &r->f[x->idx[COL_AMOUNT]];
		if ((rc = parse_number(pt, f, &amount)) != NUM_OK)
			return bad_number(pt, r, e, COL_AMOUNT, rc, f);
	} else {
		f = &r->f[x->idx[COL_QUANTITY]];
		if ((rc = parse_number(pt, f, &qty)) != NUM_OK)
			return bad_number(pt, r, e, COL_QUANTITY, rc, f);
		f = &r->f[x->idx[COL_PRICE]];
		if ((rc = parse_number(pt, f, &price)) != NUM_OK)
			return bad_number(pt, r, e, COL_PRICE, rc, f);
		amount = qty * price;
		if (!isfinite(amount))
			return bad_row(pt, r, e, -1, "quantity x unit "
			    "price is out of range");
	}

	/* The row policy; each dropped row is counted under one reason. */
	if (cf->len == 0) {
		pt->st.no_customer++;
		return RFM_OK;
	}
	if (x->o.net_returns) {
		/* A return: a cancellation, or below 0; nothing is a
		 * return at a price of 0 or less. */
		if (x->idx[COL_PRICE] >= 0 && !(price > 0)) {
			pt->st.price_nonpos++;
			return RFM_OK;
		}
		if ((inv->len > 0 && inv->p[0] == 'C') || amount < 0) {
			ret = 1;
			amount = -fabs(amount);
		} else if (!x->o.no_money && !(amount > 0)) {
			if (x->idx[COL_AMOUNT] >= 0)
				pt->st.amount_nonpos++;
			else
				pt->st.qty_nonpos++;
			return RFM_OK;
		}
	} else if (!x->o.keep_all) {
		if (inv->len > 0 && inv->p[0] == 'C') {
			pt->st.cancelled++;
			return RFM_OK;
		}
		if (x->o.no_money) {
			;
		} else if (x->idx[COL_AMOUNT] >= 0) {
			if (!(amount > 0)) {
				pt->st.amount_nonpos++;
				return RFM_OK;
			}
		} else if (!(qty > 0)) {
			pt->st.qty_nonpos++;
			return RFM_OK;
		} else if (!(price > 0)) {
			pt->st.price_nonpos++;
			return RFM_OK;
		}
	}
	k = push(pt, r->line);
	k->cust_len = (uint32_t)normal_id_len(cf->p, cf->len);
	k->cust = arena_put(pt, cf->p, k->cust_len);
	k->inv_len = (uint32_t)inv->len;
	k->inv = arena_put(pt, inv->p, inv->len);
	k->day[0] = day[0];
	k->day[1] = day[1];
	k->orders = (char)orders;
	if (orders == 3 && day[0] != day[1])
		witness_set(&pt->either, r->line, df);
	k->amount = amount;
	k->ret = (char)ret;
	if (ret)
		pt->st.returns++;
	else
		pt->st.kept++;
	return RFM_OK;
}

uint32_t
extract_customer(extract *x, const char *id, size_t len)
{
	uint32_t k;
	int added;

	if (x->have_last && len == x->last_len &&
	    memcmp(id, x->last_key, len) == 0)
		return x->last_id;
	k = strmap_intern(&x->ids, id, len, &added);
	if (added) {
		if (k >= x->ccap) {
			x->ccap = x->ccap ? x->ccap * 2 : 1024;
			x->cust = rfm_xrealloc(x->cust,
			    x->ccap * sizeof *x->cust);
		}
		memset(&x->cust[k], 0, sizeof x->cust[k]);
	}
	if (len > x->last_cap) {
		x->last_cap = len * 2;
		x->last_key = rfm_xrealloc(x->last_key, x->last_cap);
	}
	memcpy(x->last_key, id, len);
	x->last_len = len;
	x->last_id = k;
	x->have_last = 1;
	return k;
}

void
extract_keep_keys(extract *x, uint32_t k, const char *text, size_t len)
{
	struct extract_kept *kp;

	if (x->kept_len + len > x->kept_tcap) {
		x->kept_tcap = (x->kept_len + len) * 2;
		x->kept_text = rfm_xrealloc(x->kept_text, x->kept_tcap);
	}
	memcpy(x->kept_text + x->kept_len, text, len);
	if (x->nkept == x->kept_cap) {
		x->kept_cap = x->kept_cap ? x->kept_cap * 2 : 1024;
		x->kept = rfm_xrealloc(x->kept, x->kept_cap * sizeof *x->kept);
	}
	kp = &x->kept[x->nkept++];
	kp->off = x->kept_len;
	kp->len = len;
	x->kept_len += len;
	x->cust[k].kept = (uint32_t)x->nkept;
}

const char *
extract_kept_keys(const extract *x, uint32_t k, size_t *len)
{
	const struct extract_kept *kp;

	if (x->cust[k].kept == 0)
		return NULL;
	kp = &x->kept[x->cust[k].kept - 1];
	*len = kp->len;
	return x->kept_text + kp->off;
}

/* Customer k's kept keys made keys of the pair map: all new, distinct,
 * so its freq stays. */
static void
unkeep_keys(extract *x, uint32_t k)
{
	const struct extract_kept *kp = &x->kept[x->cust[k].kept - 1];
	const char *p = x->kept_text + kp->off, *end = p + kp->len, *q;

	x->cust[k].kept = 0;
	for (; p < end; p = q + 1) {
		if ((q = memchr(p, ' ', (size_t)(end - p))) == NULL)
			q = end;
		extract_new_key(x, k, p, (size_t)(q - p));
	}
}

int
extract_new_key(extract *x, uint32_t k, const char *inv, size_t len)
{
	size_t n = sizeof k + len;
	int added;

	if (x->cust[k].kept != 0)
		unkeep_keys(x, k);
	if (x->have_pair && n == x->pair_len &&
	    memcmp(x->pair_buf, &k, sizeof k) == 0 &&
	    memcmp(x->pair_buf + sizeof k, inv, len) == 0)
		return 0;
	if (n > x->pair_cap) {
		x->pair_cap = n * 2;
		x->pair_buf = rfm_xrealloc(x->pair_buf, x->pair_cap);
	}
	memcpy(x->pair_buf, &k, sizeof k);
	memcpy(x->pair_buf + sizeof k, inv, len);
	x->pair_len = n;
	x->have_pair = 1;
	strmap_intern(&x->pairs, x->pair_buf, n, &added);
	return added;
}

/* Add one kept row, of purchase day day, to its customer: the only
 * order-dependent step. */
static int
add_row(extract *x, const part *pt, const kept *k, int32_t day,
    rfm_error *e)
{
	const char *id = pt->arena + k->cust;
	char show[4 * 40 + 8];
	customer *c;
	uint32_t i;

	if ((x->o.has_as_of && day > x->o.as_of) ||
	    (x->o.has_since && day < x->o.since)) {
		if (day < x->o.since)
			x->st.before_since++;
		else
			x->st.after_as_of++;
		if (k->ret)
			x->st.returns--;
		else
			x->st.kept--;
		return RFM_OK;
	}
	i = extract_customer(x, id, k->cust_len);
	c = &x->cust[i];
	if (day > c->seen || (c->rows == 0 && c->money.n == 0))
		c->seen = day;
	if (xsum_add(&c->money, k->amount) != 0)
		return rfm_fail(e, RFM_EDATA, x->name, k->line, NULL,
		    "the monetary total of customer %s is out of range",
		    tsv_show(show, id, k->cust_len, 40));
	if (k->ret)
		return RFM_OK;
	if (c->rows++ == 0) {
		c->first = c->last = day;
	} else {
		if (day < c->first)
			c->first = day;
		if (day > c->last)
			c->last = day;
	}
	if (x->o.frequency == EXTRACT_ROWS ||
	    (x->o.frequency == EXTRACT_DAYS ?
	    extract_new_key(x, i, (const char *)&day, sizeof day) :
	    extract_new_key(x, i, pt->arena + k->inv, k->inv_len)))
		c->freq++;
	if (!x->any_kept || day > x->max_day)
		x->max_day = day;
	x->any_kept = 1;
	return RFM_OK;
}

/* A bad row in input order: skipped while --max-bad allows. */
static int
merge_bad(extract *x, const char *msg, rfm_error *e)
{
	if (x->st.bad >= x->o.max_bad) {
		if (x->o.max_bad > 0)
			return rfm_fail(e, RFM_EDATA, NULL, 0, NULL,
			    "%s (bad row %ld; --max-bad is %ld)", msg,
			    x->st.bad + 1, x->o.max_bad);
		return rfm_fail(e, RFM_EDATA, NULL, 0, NULL, "%s", msg);
	}
	x->st.bad++;
	rfm_warn("%s (row skipped)", msg);
	return RFM_OK;
}

/*
 * The order of day and month that the dates of pt show, in line order:
 * the first sets the file's, and one that says otherwise stops the run.
 */
static int
check_order(extract *x, const part *pt, rfm_error *e)
{
	const witness *w;
	char show[4 * 40 + 8], was[4 * 40 + 8], fmt[40];
	int i, o, first;

	first = pt->shows[1].line != 0 && (pt->shows[0].line == 0 ||
	    pt->shows[1].line < pt->shows[0].line);
	for (i = 0; i < 2; i++) {
		o = i ^ first;          /* index of DATE_MONTH_FIRST + o */
		w = &pt->shows[o];
		if (w->line == 0 || x->order == o + 1)
			continue;
		if (x->order == 0) {
			x->order = o + 1;
			x->order_line = w->line;
			memcpy(x->order_text, w->text, w->len);
			x->order_len = w->len;
			continue;
		}
		return rfm_fail(e, RFM_EDATA, x->name, w->line,
		    x->colname[COL_DATE], "%s is %s first, but line %ld "
		    "(%s) is %s first: the file mixes two date formats; "
		    "--date-format '%s' reads one of them",
		    tsv_show(show, w->text, w->len, 40),
		    o ? "day" : "month", x->order_line,
		    tsv_show(was, x->order_text, x->order_len, 40),
		    o ? "month" : "day", format_for(x->order_text,
		    x->order_len, x->order == DATE_DAY_FIRST, fmt,
		    sizeof fmt));
	}
	return RFM_OK;
}

/* The rows of pt, in input order; bad rows too unless done. */
static int
merge_rows(extract *x, const part *pt, int bad_done, rfm_error *e)
{
	const kept *k;
	size_t i;
	int rc, d = x->order == DATE_DAY_FIRST;

	for (i = 0; i < pt->n; i++) {
		k = &pt->rows[i];
		if (k->bad)
			rc = bad_done ? RFM_OK :
			    merge_bad(x, pt->arena + k->cust, e);
		else
			rc = add_row(x, pt, k, k->day[d], e);
		if (rc != RFM_OK)
			return rc;
	}
	return RFM_OK;
}

static void
merge_stats(extract *x, const part *pt)
{
	x->st.rows += pt->st.rows;
	x->st.kept += pt->st.kept;
	x->st.returns += pt->st.returns;
	x->st.no_customer += pt->st.no_customer;
	x->st.cancelled += pt->st.cancelled;
	x->st.qty_nonpos += pt->st.qty_nonpos;
	x->st.price_nonpos += pt->st.price_nonpos;
	x->st.amount_nonpos += pt->st.amount_nonpos;
	x->st.headers += pt->st.headers;
}

/*
 * Keep pt's rows until the file shows the order of day and month: its
 * bad rows are counted now, in input order, its kept rows wait.
 */
static int
hold(extract *x, part *pt, rfm_error *e)
{
	part *h;
	size_t i;
	int rc;

	for (i = 0; i < pt->n; i++)
		if (pt->rows[i].bad &&
		    (rc = merge_bad(x, pt->arena + pt->rows[i].cust, e)) !=
		    RFM_OK)
			return rc;
	merge_stats(x, pt);
	if (x->nheld == x->heldcap) {
		x->heldcap = x->heldcap ? x->heldcap * 2 : 16;
		x->held = rfm_xrealloc(x->held, x->heldcap * sizeof *x->held);
	}
	h = rfm_xmalloc(sizeof *h);
	*h = *pt;                      /* h takes pt's buffers */
	x->held[x->nheld++] = h;
	pt->rows = NULL;
	pt->arena = NULL;
	pt->last_date = NULL;
	pt->cap = pt->acap = pt->last_date_cap = 0;
	part_reset(pt);
	return RFM_OK;
}

static void
free_held(extract *x)
{
	size_t i;

	for (i = 0; i < x->nheld; i++)
		part_free(x->held[i]);
	x->nheld = 0;
}

/* A block's rows, in input order; the part is left empty. */
static int
merge_part(void *ctx, void *p, rfm_error *e)
{
	extract *x = ctx;
	part *pt = p;
	size_t i;
	int rc;

	if ((rc = check_order(x, pt, e)) != RFM_OK)
		return rc;
	if (x->order == 0 && (pt->either.line != 0 || x->nheld > 0))
		return hold(x, pt, e);
	for (i = 0; i < x->nheld; i++)
		if ((rc = merge_rows(x, x->held[i], 1, e)) != RFM_OK)
			return rc;
	free_held(x);
	if ((rc = merge_rows(x, pt, 0, e)) != RFM_OK)
		return rc;
	merge_stats(x, pt);
	part_reset(pt);
	return RFM_OK;
}

/* The end of a file whose rows still wait: no date showed the order. */
static int
unknown_order(extract *x, rfm_error *e)
{
	const witness *w = &x->held[0]->either;
	char show[4 * 40 + 8], md[40], dm[40];

	return rfm_fail(e, RFM_EDATA, x->name, w->line, x->colname[COL_DATE],
	    "%s can be month first or day first, and no date of the "
	    "file tells which (none has a day past the 12th); "
	    "--date-format '%s' or '%s' says which",
	    tsv_show(show, w->text, w->len, 40),
	    format_for(w->text, w->len, 0, md, sizeof md),
	    format_for(w->text, w->len, 1, dm, sizeof dm));
}

static const csv_consumer extract_consumer = {
	part_new, part_free, parse_row, merge_part
};

/* Without a header, the first line is the first row. */
static int
first_row(extract *x, const csv_row *r, rfm_error *e)
{
	part *pt = part_new(x);
	int rc;

	parse_row(pt, r, e);       /* a bad row waits for the merge */
	rc = merge_part(x, pt, e);
	part_free(pt);
	return rc;
}

const char *
extract_check_opts(const extract_opts *o)
{
	extract x;
	int c;

	memset(&x, 0, sizeof x);
	x.o = *o;
	for (c = 0; c < NCOLS; c++) {
		if (o->col[c] != NULL && o->col[c][0] == '\0')
			return c == COL_INVOICE ? "--invoice-col: an empty "
			    "name; without an invoice column, --frequency "
			    "days or --frequency rows says what a purchase "
			    "is" : "a column option with an empty name";
		if (o->no_header && col_used(&x, c) &&
		    column_number(o->col[c]) == 0)
			return "--no-header: give every column read by "
			    "number (--customer-col N, --invoice-col N, "
			    "--date-col N, and --quantity-col N and "
			    "--price-col N, or --amount-col N)";
	}
	if (o->no_money && (o->col[COL_QUANTITY] != NULL ||
	    o->col[COL_PRICE] != NULL || o->col[COL_AMOUNT] != NULL))
		return "--no-monetary reads no quantity, price or amount "
		    "column";
	if (o->keep_all && o->net_returns)
		return "--keep-all and --net-returns are two policies: "
		    "choose one";
	return NULL;
}

int
extract_fd(extract *x, int fd, const char *name, rfm_error *e)
{
	csv_input *in = csv_input_new(fd, name);
	csv_row hdr;
	pfor *pool;
	int rc;

	x->name = name;
	x->order = x->o.date_order;
	x->order_line = 0;
	x->order_len = 0;
	if (x->o.delim != 0)
		csv_input_set_delim(in, x->o.delim);
	if (x->block_size != 0)
		csv_input_set_block_size(in, x->block_size);
	if (x->o.encoding != TEXTENC_DEFAULT)
		csv_input_set_encoding(in, x->o.encoding);
	if ((rc = csv_input_header(in, &hdr, e)) == RFM_OK && hdr.n == 0)
		rc = rfm_fail(e, RFM_EDATA, name, 0, NULL,
		    "empty input: no header line");
	if (rc == RFM_OK && (rc = read_header(x, &hdr, e)) == RFM_OK &&
	    x->o.no_header)
		rc = first_row(x, &hdr, e);
	if (rc == RFM_OK) {
		pool = pfor_new(x->nthreads);
		rc = csv_input_run(in, &x->cw, &extract_consumer, x, pool, e);
		pfor_free(pool);
		if (rc == RFM_OK && x->nheld > 0)
			rc = unknown_order(x, e);
	}
	free_held(x);
	csv_input_free(in);
	return rc;
}

int
extract_ref_day(const extract *x, int32_t *day)
{
	if (x->o.has_as_of) {
		*day = x->o.as_of;
		return 1;
	}
	if (!x->any_kept)
		return 0;
	*day = x->max_day + 1;
	return 1;
}

static int
cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* A customer to sort: its id, and its value when every id is an integer
 * of at most 19 digits (leading zeros aside). */
typedef struct sortkey {
	uint64_t v;
	uint32_t id;
} sortkey;

struct order {
	const strmap *m;
	int numeric;           /* every id is an unsigned integer */
	int valued;            /* ... and every v holds its value */
};

/* Numerically when every id is an integer, else bytewise; equal numbers
 * ("7", "007") bytewise. */
static int
cmp_ids(const void *pa, const void *pb, void *arg)
{
	const struct order *o = arg;
	const sortkey *ka = pa, *kb = pb;
	size_t alen, blen, za = 0, zb = 0;
	const char *a, *b;
	int c;

	if (o->valued && ka->v != kb->v)
		return ka->v < kb->v ? -1 : 1;
	a = strmap_key(o->m, ka->id, &alen);
	b = strmap_key(o->m, kb->id, &blen);
	if (o->numeric && !o->valued) {
		/* Without leading zeros, a longer number is a larger one. */
		while (za + 1 < alen && a[za] == '0')
			za++;
		while (zb + 1 < blen && b[zb] == '0')
			zb++;
		if (alen - za != blen - zb)
			return alen - za < blen - zb ? -1 : 1;
		if ((c = memcmp(a + za, b + zb, alen - za)) != 0)
			return c;
	}
	return cmp_bytes(a, alen, b, blen);
}

/*
 * The customers in output order.  Their values, when every id is a number
 * that fits in 64 bits, spare the sort most of its looks at the keys: a
 * third of extract_write's time on 163,947 customers.
 */
static sortkey *
sorted_ids(const strmap *m)
{
	size_t i, j, len, n = strmap_count(m), sig;
	sortkey *k = rfm_xmalloc(n * sizeof *k);
	struct order o = { m, 1, 1 };
	const char *s;

	for (i = 0; i < n; i++) {
		s = strmap_key(m, (uint32_t)i, &len);
		k[i].id = (uint32_t)i;
		k[i].v = 0;
		o.numeric &= len > 0;
		for (j = 0, sig = 0; j < len && o.numeric; j++) {
			if (s[j] < '0' || s[j] > '9')
				o.numeric = 0;
			else if ((sig += sig > 0 || s[j] != '0') > 19)
				o.valued = 0;
			else
				k[i].v = k[i].v * 10 + (uint64_t)(s[j] - '0');
		}
	}
	o.valued &= o.numeric;
	qsort_r(k, n, sizeof *k, cmp_ids, &o);
	return k;
}

/* The decimal digits of v at p; returns the end. */
static char *
put_long(char *p, long v)
{
	char tmp[24];
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	int n = 0;

	if (v < 0)
		*p++ = '-';
	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

size_t
extract_customers(const extract *x)
{
	size_t i, n = 0;

	for (i = 0; i < strmap_count(&x->ids); i++)
		n += x->cust[i].freq > 0;
	return n;
}

void
extract_write(extract *x, FILE *out)
{
	sortkey *ids = sorted_ids(&x->ids);
	size_t i, n = strmap_count(&x->ids), len;
	int32_t ref = 0;
	const char *key;
	const customer *c;
	char line[256], *p;    /* every field at its longest: 167 bytes */
	double sum;

	extract_ref_day(x, &ref);
	fputs("customer_id\trecency\tfrequency\tmonetary", out);
	if (x->o.clv)
		fputs("\tfirst_purchase\tlast_purchase\ttenure\tavg_order_value",
		    out);
	putc('\n', out);
	for (i = 0; i < n; i++) {
		c = &x->cust[ids[i].id];
		if (c->freq == 0)      /* returns only, under net_returns */
			continue;
		/* net of returns, monetary is floored at 0 */
		sum = xsum_value(&c->money);
		if (x->o.net_returns && sum < 0)
			sum = 0;
		key = strmap_key(&x->ids, ids[i].id, &len);
		tsv_put_key(out, key, len);
		p = line;
		*p++ = '\t';
		p = put_long(p, (long)ref - c->last);
		*p++ = '\t';
		p = put_long(p, (long)c->freq);
		*p++ = '\t';
		p += num_format(p, sum);
		if (x->o.clv) {
			*p++ = '\t';
			date_format(p, c->first);
			p += strlen(p);
			*p++ = '\t';
			date_format(p, c->last);
			p += strlen(p);
			*p++ = '\t';
			p = put_long(p, (long)ref - c->first);
			*p++ = '\t';
			p += num_format(p, sum / c->freq);
		}
		*p++ = '\n';
		fwrite(line, 1, (size_t)(p - line), out);
	}
	free(ids);
}

void
extract_report(const extract *x, FILE *err)
{
	const extract_stats *s = &x->st;
	char day[16];
	int32_t ref;
	const char *cmp;

	if (s->state_lines > 0)
		fprintf(err, "%s: partial state lines read: %ld (their rows "
		    "are not counted below)\n", rfm_prog, s->state_lines);
	fprintf(err, "%s: rows read: %ld\n", rfm_prog, s->rows);
	fprintf(err, "%s: rows kept: %ld\n", rfm_prog, s->kept);
	if (x->o.net_returns)
		fprintf(err, "%s: rows netted, returns: %ld\n", rfm_prog,
		    s->returns);
	fprintf(err, "%s: rows dropped, no customer id: %ld\n", rfm_prog,
	    s->no_customer);
	if (!x->o.keep_all && !x->o.net_returns && col_used(x, COL_INVOICE))
		fprintf(err, "%s: rows dropped, cancelled invoice: %ld\n",
		    rfm_prog, s->cancelled);
	if (!x->o.keep_all && !x->o.no_money) {
		/* Under net_returns, below 0 is a return: 0 is dropped. */
		cmp = x->o.net_returns ? "=" : "<=";
		if (x->o.col[COL_AMOUNT] != NULL) {
			fprintf(err, "%s: rows dropped, amount %s 0: %ld\n",
			    rfm_prog, cmp, s->amount_nonpos);
		} else {
			fprintf(err, "%s: rows dropped, quantity %s 0: %ld\n",
			    rfm_prog, cmp, s->qty_nonpos);
			fprintf(err, "%s: rows dropped, unit price <= 0: %ld\n",
			    rfm_prog, s->price_nonpos);
		}
	}
	if (x->o.has_since)
		fprintf(err, "%s: rows dropped, before the window: %ld\n",
		    rfm_prog, s->before_since);
	if (x->o.has_as_of)
		fprintf(err, "%s: rows dropped, after the reference day: %ld\n",
		    rfm_prog, s->after_as_of);
	fprintf(err, "%s: bad rows skipped: %ld\n", rfm_prog, s->bad);
	if (s->headers > 0)
		fprintf(err, "%s: header lines again, skipped: %ld\n",
		    rfm_prog, s->headers);
	if (x->o.net_returns)
		fprintf(err, "%s: customers with returns only, not written: "
		    "%zu\n", rfm_prog,
		    strmap_count(&x->ids) - extract_customers(x));
	fprintf(err, "%s: customers written: %zu\n", rfm_prog,
	    extract_customers(x));
	if (!extract_ref_day(x, &ref)) {
		fprintf(err, "%s: reference day: none (no rows kept)\n",
		    rfm_prog);
		return;
	}
	date_format(day, ref);
	fprintf(err, "%s: reference day: %s (%s)\n", rfm_prog, day,
	    x->o.has_as_of ? "--as-of" : "the day after the latest purchase");
}
