/*
 * fuzz_csv_extract.c - the CSV side of rfm-extract: blocks_run cutting
 * the input (lib/blocks.c), libcsv driven by csv_read_mem (lib/csvin.c),
 * and extract_fd's header resolution, row validation and row policy with
 * extract_write's output (lib/extract.c).
 *
 * Input: 8 control bytes, then the CSV file, served from a memfd.
 *   byte 0  flags: 1 --keep-all, 2 --clv, 4 --amount-col Amount,
 *           8 --as-of (bytes 4-5), 16 the file is split in two files
 *           (byte 3 says where), 32 --customer-col Customer,
 *           64 --invoice-col Invoice and --date-col Date,
 *           128 spaces before the (first) file, so that the first
 *           block ends inside it, byte 7 / 256 of the way in: the only
 *           way blocks.c's cut at a record boundary, the carry to the
 *           next block, the growth of a block for a long record and the
 *           worker threads are reached with a small input.  The spaces
 *           make a blank line (byte 7 even) or lead the first field
 *           (odd), which libcsv trims: the file means the same either
 *           way.  Bit 1 of byte 7 pads to 64 KB (blocks.c's first
 *           block), else to 1 MB (the others); bit 2 parses with two
 *           threads.
 *   byte 1  --max-bad: the low 7 bits, or LONG_MAX with bit 7
 *   byte 2  --date-format: none, or one of the list below
 *   byte 3  where the second file starts (byte3 / 256 of the CSV)
 *   bytes 4-5  --as-of, a day offset from 2011-01-01 (signed 16 bits)
 *   byte 6  read(2) behaviour (short counts, EINTR, EIO; fuzz.h)
 *   byte 7  where the first block boundary falls, with flag 128
 *
 * Asserted: extract_fd returns RFM_OK or RFM_EDATA (RFM_EIO only with an
 * injected read error) with a message, never RFM_ESOFTWARE (libcsv out of
 * its depth); after success, every data row is accounted for once
 * (rows = kept + each dropped count + bad rows skipped), bad <= max_bad;
 * the output of extract_write has the header and one line per customer,
 * each of 4 fields (8 with --clv), no raw tab or newline inside a key, a
 * recency that is a non-negative integer (at least 1 without --as-of),
 * a frequency of at least 1, a monetary that num_parse reads (>= 0 under
 * the default policy, where every amount kept is positive); --clv dates
 * are YYYY-MM-DD with first <= last and a tenure >= recency.  The -v
 * report (extract_report) is written too, to the silenced stderr.
 *
 * And lib/csvin.c's two ways of feeding libcsv, on the CSV bytes as they
 * are: csv_read_mem_whole (pieces, for the blocks after the header) gives
 * the records csv_read_mem (a line at a time) gives, with the same
 * outcome and message but for the line; and csv_record_line finds the
 * line csv_read_mem gave for a record's index (every record of up to 32,
 * else 32 spread over them), and 0 after the last.
 */
#define FUZZ_READ_IMPL
#include "fuzz.h"

#include <limits.h>

#include "blocks.h"
#include "csvin.h"
#include "date.h"
#include "extract.h"
#include "num.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const formats[] = {
	NULL,
	"%Y-%m-%d %H:%M:%S",
	"%m/%d/%Y %H:%M",
	"%d/%m/%Y %H:%M",
	"%d.%m.%Y",
	"%Y-%m-%d",
	"%s",
	"%Y%m%d",
};

#define NCTL 8

static int memfd[2] = { -1, -1 };
static char *padded;      /* BLOCK_SIZE spaces, then room for a file */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	FILE *null = fopen("/dev/null", "w");

	(void)argc;
	(void)argv;
	/* rfm_warn reports each skipped row on stderr: too loud for a
	 * fuzzer.  Oracle failures and sanitizers write to fd 2 directly. */
	if (null != NULL && getenv("FUZZ_VERBOSE") == NULL)
		stderr = null;
	return 0;
}

/* Split line p[0..n) at tabs into f[0..max); returns the field count. */
static size_t
fields(char *p, size_t n, char **f, size_t max)
{
	size_t k = 0;
	char *e = p + n, *t;

	for (;;) {
		t = memchr(p, '\t', (size_t)(e - p));
		if (k < max)
			f[k] = p;
		k++;
		if (t == NULL)
			return k;
		*t = '\0';
		p = t + 1;
	}
}

static long
integer(const char *s, const char *what)
{
	long v = -1;

	FUZZ_CHECK(num_parse_long(s, 0, LONG_MAX, &v) == NUM_OK,
	    "%s \"%s\" is not a non-negative integer", what, s);
	return v;
}

static int32_t
day_of(const char *s)
{
	int32_t d = 0;

	FUZZ_CHECK(strlen(s) == 10 && date_parse(s, 10, &d) == DATE_OK,
	    "\"%s\" is not a YYYY-MM-DD date", s);
	return d;
}

static void
check_output(const extract *x, char *out, size_t len)
{
	static const char head[] = "customer_id\trecency\tfrequency\tmonetary";
	static const char clv[] =
	    "\tfirst_purchase\tlast_purchase\ttenure\tavg_order_value";
	size_t want = x->o.clv ? 8 : 4, lines = 0, n, k;
	char *p = out, *e = out + len, *nl, *f[9];
	double money;
	long rec;

	FUZZ_CHECK(len > 0 && out[len - 1] == '\n', "output not ended by a "
	    "newline");
	while (p < e) {
		nl = memchr(p, '\n', (size_t)(e - p));
		*nl = '\0';
		n = (size_t)(nl - p);
		if (lines++ == 0) {
			FUZZ_CHECK(strncmp(p, head, sizeof head - 1) == 0 &&
			    strcmp(p + sizeof head - 1, x->o.clv ? clv : "") ==
			    0, "header \"%s\"", p);
			p = nl + 1;
			continue;
		}
		k = fields(p, n, f, 9);
		FUZZ_CHECK(k == want, "output line %zu has %zu fields",
		    lines, k);
		FUZZ_CHECK(*f[0] != '\0' && memchr(f[0], '\r', strlen(f[0])) ==
		    NULL, "output line %zu: empty or raw CR in key", lines);
		rec = integer(f[1], "recency");
		FUZZ_CHECK(x->o.has_as_of || rec >= 1, "recency %ld without "
		    "--as-of", rec);
		FUZZ_CHECK(integer(f[2], "frequency") >= 1, "frequency 0");
		FUZZ_CHECK(num_parse(f[3], strlen(f[3]), &money) == NUM_OK,
		    "monetary \"%s\"", f[3]);
		FUZZ_CHECK(x->o.keep_all || money >= 0, "monetary %s under "
		    "the default policy", f[3]);
		if (x->o.clv) {
			FUZZ_CHECK(day_of(f[4]) <= day_of(f[5]), "first %s "
			    "after last %s", f[4], f[5]);
			FUZZ_CHECK(integer(f[6], "tenure") >= rec, "tenure %s "
			    "< recency %ld", f[6], rec);
			FUZZ_CHECK(num_parse(f[7], strlen(f[7]), &money) ==
			    NUM_OK, "avg_order_value \"%s\"", f[7]);
		}
		p = nl + 1;
	}
	FUZZ_CHECK(lines == strmap_count(&x->ids) + 1, "%zu output lines for "
	    "%zu customers", lines, strmap_count(&x->ids));
}

/* The size of the first block: blocks.c's FIRST_BLOCK_SIZE, which it
 * keeps to itself.  Were it to change, the pad would only cut elsewhere
 * (a block too short for a record grows). */
#define FIRST_BLOCK (64 * 1024)

/* The first file: csv[0..n), after spaces (and a newline when at is even)
 * that put the end of the first block (first_block bytes) at
 * csv[n * at / 256] when pad is set.  One line of spaces, not many blank
 * lines: libcsv and memchr leap over it, so a padded input costs a few
 * milliseconds. */
static int
first_file(const uint8_t *csv, size_t n, int pad, uint8_t at,
    size_t first_block)
{
	size_t k = n * at / 256, blank;

	if (!pad)
		return fuzz_memfd(&memfd[0], "csv0", csv, n);
	if (padded == NULL) {
		padded = malloc(BLOCK_SIZE + (1 << 20));
		FUZZ_CHECK(padded != NULL, "malloc");
		memset(padded, ' ', BLOCK_SIZE);
	}
	if (n > (1 << 20))
		n = 1 << 20;
	if (k > first_block / 2)
		k = first_block / 2;
	blank = first_block - k;
	memset(padded, ' ', blank);
	padded[blank - 1] = at & 1 ? ' ' : '\n';
	memcpy(padded + blank, csv, n);
	return fuzz_memfd(&memfd[0], "csv0", padded, blank + n);
}

/* Every record a reader passes on, written down; and its line. */
typedef struct rlog {
	FILE *f;
	char *text;
	size_t len;
	long *lines;
	size_t n, cap;
} rlog;

static int
log_row(void *ctx, const csv_row *r, rfm_error *e)
{
	rlog *l = ctx;
	size_t i;

	(void)e;
	fprintf(l->f, "%ld:%zu", r->index, r->n);
	for (i = 0; i < r->n; i++) {
		fprintf(l->f, "|%zu:", r->f[i].len);
		fwrite(r->f[i].p, 1, r->f[i].len, l->f);
	}
	putc('\n', l->f);
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->lines = realloc(l->lines, l->cap * sizeof *l->lines);
		FUZZ_CHECK(l->lines != NULL, "realloc");
	}
	l->lines[l->n++] = r->line;
	return 0;
}

static int
log_read(const uint8_t *csv, size_t n, int whole, rlog *l, rfm_error *e)
{
	int rc;

	memset(l, 0, sizeof *l);
	l->f = open_memstream(&l->text, &l->len);
	FUZZ_CHECK(l->f != NULL, "open_memstream");
	memset(e, 0, sizeof *e);
	rc = whole ? csv_read_mem_whole((const char *)csv, n, "<fuzz>",
	    log_row, l, NULL, e) : csv_read_mem((const char *)csv, n,
	    "<fuzz>", 1, log_row, l, NULL, e);
	FUZZ_CHECK(fclose(l->f) == 0, "write");
	return rc;
}

static void
check_whole(const uint8_t *csv, size_t n)
{
	rlog a, b;
	rfm_error ea, eb;
	const char *rest;
	size_t i, k, step;
	int ra, rb;

	ra = log_read(csv, n, 0, &a, &ea);
	rb = log_read(csv, n, 1, &b, &eb);
	FUZZ_CHECK(ra == rb, "a line at a time %d, whole %d", ra, rb);
	FUZZ_CHECK(a.len == b.len && memcmp(a.text, b.text, a.len) == 0,
	    "the records differ: %zu and %zu of them", a.n, b.n);
	for (i = 0; i < b.n; i++)
		FUZZ_CHECK(b.lines[i] == 0, "whole: record %zu has line %ld",
		    i, b.lines[i]);
	if (ra != RFM_OK) {
		/* "<fuzz>:LINE: what" against "<fuzz>: what" */
		rest = strchr(ea.msg + sizeof "<fuzz>", ':');
		FUZZ_CHECK(strncmp(eb.msg, "<fuzz>: ", 8) == 0 && rest != NULL &&
		    strcmp(rest + 1, eb.msg + 7) == 0, "messages \"%s\" and "
		    "\"%s\"", ea.msg, eb.msg);
	}
	step = a.n <= 32 ? 1 : a.n / 32;
	for (k = 0; k < a.n; k += step) {
		i = k + step >= a.n ? a.n - 1 : k;
		FUZZ_CHECK(csv_record_line((const char *)csv, n, 1, (long)i) ==
		    a.lines[i], "record %zu: csv_record_line %ld, line %ld", i,
		    csv_record_line((const char *)csv, n, 1, (long)i),
		    a.lines[i]);
	}
	FUZZ_CHECK(csv_record_line((const char *)csv, n, 1, (long)a.n) == 0,
	    "a line for record %zu of %zu", a.n, a.n);
	free(a.text);
	free(b.text);
	free(a.lines);
	free(b.lines);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *csv;
	size_t n, cut, len = 0;
	extract_opts o;
	extract x;
	rfm_error e;
	char *out = NULL;
	FILE *f;
	uint8_t fl;
	int rc = RFM_OK, nfiles, i, fd, injected;
	const extract_stats *s;

	if (size < NCTL)
		return 0;
	fl = data[0];
	memset(&o, 0, sizeof o);
	o.keep_all = fl & 1;
	o.clv = (fl >> 1) & 1;
	if (fl & 4)
		o.col[COL_AMOUNT] = "Amount";
	if (fl & 8) {
		o.has_as_of = 1;
		o.as_of = date_from_ymd(2011, 1, 1) +
		    (int16_t)(data[4] << 8 | data[5]);
	}
	if (fl & 32)
		o.col[COL_CUSTOMER] = "Customer";
	if (fl & 64) {
		o.col[COL_INVOICE] = "Invoice";
		o.col[COL_DATE] = "Date";
	}
	o.max_bad = data[1] & 0x80 ? LONG_MAX : data[1] & 0x7f;
	o.date_format = formats[data[2] % (sizeof formats / sizeof *formats)];
	csv = data + NCTL;
	n = size - NCTL;
	cut = fl & 16 ? n * data[3] / 256 : n;
	nfiles = fl & 16 ? 2 : 1;
	injected = data[6] >> 7;

	extract_init(&x, &o);
	/* Two parser threads only when there can be two blocks: blocks
	 * after the header are then parsed by a worker.  (Blocks before the
	 * header, and the one block of a small file, are parsed by the
	 * calling thread.) */
	x.nthreads = fl & 128 && data[7] & 4 ? 2 : 1;
	memset(&e, 0, sizeof e);
	for (i = 0; i < nfiles && rc == RFM_OK; i++) {
		fd = i == 0 ? first_file(csv, cut, fl & 128, data[7],
		    data[7] & 2 ? FIRST_BLOCK : BLOCK_SIZE) :
		    fuzz_memfd(&memfd[1], "csv1", csv + cut, n - cut);
		fuzz_read_setup(fd, data[6]);
		rc = extract_fd(&x, fd, i ? "<fuzz2>" : "<fuzz>", &e);
		fuzz_read_reset();
	}
	FUZZ_CHECK(rc == RFM_OK || rc == RFM_EDATA || (injected &&
	    rc == RFM_EIO), "extract_fd gave %d: %s", rc, e.msg);
	FUZZ_CHECK(rc == RFM_OK || e.msg[0] != '\0', "an error without a "
	    "message");
	if (rc == RFM_OK) {
		s = &x.st;
		FUZZ_CHECK(s->rows == s->kept + s->no_customer + s->cancelled +
		    s->qty_nonpos + s->price_nonpos + s->amount_nonpos +
		    s->after_as_of + s->bad, "rows %ld = kept %ld + no id %ld "
		    "+ cancelled %ld + qty %ld + price %ld + amount %ld + "
		    "after %ld + bad %ld fails", s->rows, s->kept,
		    s->no_customer, s->cancelled, s->qty_nonpos,
		    s->price_nonpos, s->amount_nonpos, s->after_as_of, s->bad);
		FUZZ_CHECK(s->bad <= o.max_bad, "%ld bad rows skipped, "
		    "--max-bad %ld", s->bad, o.max_bad);
		FUZZ_CHECK((s->kept > 0) == (strmap_count(&x.ids) > 0),
		    "%ld rows kept, %zu customers", s->kept,
		    strmap_count(&x.ids));
		f = open_memstream(&out, &len);
		FUZZ_CHECK(f != NULL, "open_memstream");
		extract_write(&x, f);
		FUZZ_CHECK(fclose(f) == 0, "write");
		check_output(&x, out, len);
		free(out);
		extract_report(&x, stderr);   /* the -v report, silenced */
	}
	extract_free(&x);
	check_whole(csv, n);
	return 0;
}
