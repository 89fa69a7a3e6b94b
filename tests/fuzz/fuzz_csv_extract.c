/*
 * fuzz_csv_extract.c - the CSV side of rfm-extract: lib/csvin.c cutting
 * the input into blocks, reading the header, parsing each block a line at
 * a time (split here, or by libcsv) over a pool of threads; and
 * extract_fd's header resolution, row validation and row policy with
 * extract_write's output (lib/extract.c).
 *
 * Input: 8 control bytes, then the CSV file, served from a memfd.
 *   byte 0  flags: 1 --keep-all, 2 --clv, 4 --amount-col Amount,
 *           8 --as-of (bytes 4-5), 16 the file is split in two files
 *           (byte 3 says where), 32 --customer-col Customer,
 *           64 --invoice-col Invoice and --date-col Date,
 *           128 spaces before the (first) file, so that the first
 *           block ends inside it, byte 7 / 256 of the way in: the only
 *           way the cut at a record boundary, the carry to the next
 *           block, the growth of a block for a long record and the
 *           rounds over threads are reached with a small input.  The
 *           spaces make a blank line (byte 7 even) or lead the first
 *           field (odd), which libcsv trims: the file means the same
 *           either way.  Bit 1 of byte 7 pads to 64 KB (the first
 *           block), else to 512 KB (the others); bit 2 parses with two
 *           threads.  Bits 3-5, whatever flag 128 says, are the
 *           --encoding: TEXTENC_* (textenc.h), 7 the default.
 *   byte 1  --max-bad: the low 7 bits, or LONG_MAX with bit 7
 *   byte 2  --date-format: none, or one of the list below (bits 0-2);
 *           bit 3 --decimal-comma; bits 4-5 the delimiter: , ; tab |;
 *           bit 6 --net-returns (without --keep-all)
 *   byte 3  where the second file starts (byte3 / 256 of the CSV)
 *   bytes 4-5  --as-of, a day offset from 2011-01-01 (signed 16 bits)
 *   byte 6  read(2) behaviour (short counts, EINTR, EIO; fuzz.h)
 *   byte 7  where the first block boundary falls, with flag 128;
 *           bits 3-5 the encoding; bit 7 blocks of 8 + byte 3 % 120
 *           bytes after the header, so that rows wait across blocks for
 *           the proof of the date order
 *   byte 8  bit 0 --since, bytes 5-4 as a day offset like --as-of;
 *           bits 1-2 --frequency invoices, days, rows (3: invoices);
 *           bit 3 --no-monetary (without --amount-col)
 *
 * Asserted: extract_fd returns RFM_OK or RFM_EDATA (RFM_EIO only with an
 * injected read error) with a message, never RFM_ESOFTWARE (libcsv out of
 * its depth); after success, every data row is accounted for once
 * (rows = kept + returns + each dropped count + bad rows skipped),
 * bad <= max_bad;
 * the output of extract_write has the header and one line per customer,
 * each of 4 fields (8 with --clv), no raw tab or newline inside a key, a
 * recency that is a non-negative integer (at least 1 without --as-of),
 * a frequency of at least 1, a monetary that num_parse reads (>= 0 under
 * the default policy, where every amount kept is positive); --clv dates
 * are YYYY-MM-DD with first <= last and a tenure >= recency.  The -v
 * report (extract_report) is written too, to the silenced stderr.
 *
 * And, differentially, lib/csvin.c against libcsv alone, on the bytes of
 * the first file as served (the pad included): csv_read (the header, then
 * the blocks on the calling thread) and csv_input_run with two threads
 * give exactly the records, fields, lines, outcome and message of a
 * reference that feeds libcsv one byte at a time and takes each record's
 * line from the byte where libcsv leaves its state between records.
 * This proves the lines split without libcsv (no quote, no carriage
 * return but at the end) split as libcsv splits them, with the comma and
 * with another delimiter (; tab | or a space, by bits 6-7 of byte 2).
 * The reference reads the text that textenc_oracle.h says the bytes are
 * in the encoding of byte 7 (a UTF-16 byte-order mark read, Latin-1,
 * Windows-1252 or UTF-16 converted in one go), where csvin converts a
 * buffer at a time as it reads: the same records prove the conversion
 * cut between reads and blocks alike; bytes the oracle refuses (a mark
 * that contradicts the encoding, UTF-32, text not in the encoding) must
 * fail with RFM_EDATA.  (Bytes that begin as a compressed file does are
 * decompressed first, and not compared.)
 */
#define FUZZ_READ_IMPL
#include "fuzz.h"

#include <limits.h>

#include <csv.h>

#include "csvin.h"
#include "date.h"
#include "extract.h"
#include "num.h"
#include "textenc.h"
#include "textenc_oracle.h"

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

#define NCTL 9

static int memfd[3] = { -1, -1, -1 };
static char *padded;      /* CSV_BLOCK_SIZE spaces, then room for a file */

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
	int32_t ref;

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
		FUZZ_CHECK(!x->o.has_since || !extract_ref_day(x, &ref) ||
		    rec <= (long)ref - x->o.since, "recency %ld: the last "
		    "purchase is before --since", rec);
		FUZZ_CHECK(num_parse(f[3], strlen(f[3]), &money) == NUM_OK,
		    "monetary \"%s\"", f[3]);
		FUZZ_CHECK(!x->o.no_money || strcmp(f[3], "0") == 0,
		    "monetary %s with --no-monetary", f[3]);
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
	FUZZ_CHECK(lines == extract_customers(x) + 1, "%zu output lines for "
	    "%zu customers", lines, extract_customers(x));
}

/*
 * The proof of the order of day and month: the file read again with the
 * order it proved (or, when it proved none, either) taken as known from
 * the first row gives the same table and the same counts.
 */
static void
same_when_proven(const extract_opts *o, const char *file, size_t n,
    uint8_t rd, int order, const char *want, size_t want_len,
    const extract_stats *st)
{
	extract_opts o2 = *o;
	extract x;
	rfm_error e;
	char *out = NULL;
	size_t len = 0;
	FILE *f;
	int fd, rc;

	o2.date_order = order;
	extract_init(&x, &o2);
	x.nthreads = 1;
	memset(&e, 0, sizeof e);
	fd = fuzz_memfd(&memfd[0], "csv0", file, n);
	fuzz_read_setup(fd, rd);
	rc = extract_fd(&x, fd, "<fuzz>", &e);
	fuzz_read_reset();
	FUZZ_CHECK(rc == RFM_OK, "read with the order it proved (%d), the "
	    "file fails: %s", order, e.msg);
	f = open_memstream(&out, &len);
	FUZZ_CHECK(f != NULL, "open_memstream");
	extract_write(&x, f);
	FUZZ_CHECK(fclose(f) == 0, "write");
	FUZZ_CHECK(len == want_len && memcmp(out, want, len) == 0,
	    "read with the order it proved (%d), another table", order);
	FUZZ_CHECK(memcmp(&x.st, st, sizeof *st) == 0, "read with the order "
	    "it proved (%d), other counts", order);
	free(out);
	extract_free(&x);
}

/* The first file: csv[0..n), after spaces (and a newline when at is even)
 * that put the end of the first block (first_block bytes) at
 * csv[n * at / 256] when pad is set.  One line of spaces, not many blank
 * lines: libcsv and memchr leap over it, so a padded input costs a few
 * milliseconds.  In UTF-16 (enc) the spaces and the newline are UTF-16,
 * first_block of them, so that once converted the pad means the same and
 * the block ends about as far into csv. */
static const char *
first_file(const uint8_t *csv, size_t *n, int pad, uint8_t at,
    size_t first_block, int enc)
{
	size_t k = *n * at / 256, blank, i, w = 1;
	int be = enc == TEXTENC_UTF16BE;

	if (!pad)
		return (const char *)csv;
	if (padded == NULL) {
		padded = malloc(2 * CSV_BLOCK_SIZE + (1 << 20));
		FUZZ_CHECK(padded != NULL, "malloc");
	}
	if (*n > (1 << 20))
		*n = 1 << 20;
	if (k > first_block / 2)
		k = first_block / 2;
	if (enc == TEXTENC_UTF16LE || be)
		w = 2;
	blank = first_block - k / w;
	if (w == 1)
		memset(padded, ' ', blank);
	for (i = 0; w == 2 && i < blank; i++) {
		padded[2 * i + be] = ' ';
		padded[2 * i + !be] = '\0';
	}
	padded[w * blank - (be ? 1 : w)] = at & 1 ? ' ' : '\n';
	memcpy(padded + w * blank, csv, *n);
	*n += w * blank;
	return padded;
}

/* Every record a reader passes on, written down with its line. */
typedef struct rlog {
	FILE *f;
	char *text;
	size_t len;
} rlog;

static void
rlog_open(rlog *l)
{
	memset(l, 0, sizeof *l);
	l->f = open_memstream(&l->text, &l->len);
	FUZZ_CHECK(l->f != NULL, "open_memstream");
}

static void
rlog_close(rlog *l)
{
	FUZZ_CHECK(fclose(l->f) == 0, "write");
}

static void
log_fields(rlog *l, long line, size_t n, const csv_field *f)
{
	size_t i;

	fprintf(l->f, "%ld:%zu", line, n);
	for (i = 0; i < n; i++) {
		fprintf(l->f, "|%zu:", f[i].len);
		fwrite(f[i].p, 1, f[i].len, l->f);
	}
	putc('\n', l->f);
}

static int
log_row(void *ctx, const csv_row *r, rfm_error *e)
{
	(void)e;
	log_fields(ctx, r->line, r->n, r->f);
	return 0;
}

/* csv_input_run's parts: a log each, appended in order by the merge. */
static void *
part_new(void *ctx)
{
	rlog *l = malloc(sizeof *l);

	(void)ctx;
	FUZZ_CHECK(l != NULL, "malloc");
	rlog_open(l);
	return l;
}

static void
part_free(void *part)
{
	rlog *l = part;

	rlog_close(l);
	free(l->text);
	free(l);
}

static int
part_merge(void *ctx, void *part, rfm_error *e)
{
	rlog *all = ctx, *l = part;

	(void)e;
	FUZZ_CHECK(fflush(l->f) == 0, "write");
	fwrite(l->text, 1, l->len, all->f);
	rlog_close(l);
	free(l->text);
	rlog_open(l);
	return RFM_OK;
}

static const csv_consumer parts = { part_new, part_free, log_row,
	part_merge };

/*
 * The reference: libcsv alone, fed a byte at a time.  A record starts on
 * the line of the byte that takes libcsv out of its state between
 * records; a quoted field opens on the line of the byte that sets
 * libcsv's quoted flag.
 */
typedef struct ref {
	rlog *l;
	csv_field *f;
	char **buf;
	size_t nf, cap;
	long rec_line;
} ref;

static void
ref_field(void *s, size_t len, void *data)
{
	ref *r = data;

	if (r->nf == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->f = realloc(r->f, r->cap * sizeof *r->f);
		r->buf = realloc(r->buf, r->cap * sizeof *r->buf);
		FUZZ_CHECK(r->f != NULL && r->buf != NULL, "realloc");
	}
	r->buf[r->nf] = malloc(len + 1);
	FUZZ_CHECK(r->buf[r->nf] != NULL, "malloc");
	memcpy(r->buf[r->nf], s, len);
	r->f[r->nf].p = r->buf[r->nf];
	r->f[r->nf].len = len;
	r->nf++;
}

static void
ref_clear(ref *r)
{
	size_t i;

	for (i = 0; i < r->nf; i++)
		free(r->buf[i]);
	r->nf = 0;
}

static void
ref_record(int c, void *data)
{
	ref *r = data;

	(void)c;
	log_fields(r->l, r->rec_line, r->nf, r->f);
	ref_clear(r);
}

static int
ref_read(const char *b, size_t n, char delim, rlog *l, rfm_error *e)
{
	struct csv_parser p;
	ref r;
	size_t i = 0;
	long line = 1, quote_line = 0;
	int idle, quoted, rc = RFM_OK;

	memset(&r, 0, sizeof r);
	r.l = l;
	FUZZ_CHECK(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) == 0, "init");
	csv_set_delim(&p, (unsigned char)delim);
	/* one growth of libcsv's field buffer, not one every 128 bytes of a
	 * long field (the pad, made UTF-16, is one) */
	csv_set_blk_size(&p, n + 128);
	idle = p.pstate;
	if (n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < n; i++) {
		if (p.pstate == idle)
			r.rec_line = line;
		quoted = p.quoted;
		if (csv_parse(&p, b + i, 1, ref_field, ref_record, &r) != 1) {
			rc = rfm_fail(e, RFM_EDATA, "<fuzz>", line, NULL,
			    "malformed CSV: a quote inside an unquoted field "
			    "or text after a closing quote");
			break;
		}
		if (!quoted && p.quoted)
			quote_line = line;
		line += b[i] == '\n';
	}
	if (rc == RFM_OK && csv_fini(&p, ref_field, ref_record, &r) != 0)
		rc = rfm_fail(e, RFM_EDATA, "<fuzz>", quote_line, NULL,
		    "end of file inside a quoted field");
	ref_clear(&r);
	free(r.f);
	free(r.buf);
	csv_free(&p);
	return rc;
}

/* The same bytes through csvin, fields separated by delim, in encoding
 * enc, serially and with two threads, against the reference. */
static void
check_reference(const char *b, size_t n, char delim, int enc)
{
	rlog want, got;
	rfm_error ew, eg;
	csv_input *in;
	csv_row hdr;
	pfor *pool;
	char *text = NULL;
	size_t tlen = 0;
	int rw = RFM_OK, rg, fd, threads, refused;

	if (oracle_compressed(b, n))
		return;
	refused = oracle_text((const unsigned char *)b, n, enc, &text,
	    &tlen) < 0;
	memset(&want, 0, sizeof want);
	memset(&ew, 0, sizeof ew);
	if (!refused) {
		rlog_open(&want);
		rw = ref_read(text, tlen, delim, &want, &ew);
		rlog_close(&want);
	}
	for (threads = 1; threads <= 2; threads++) {
		fd = fuzz_memfd(&memfd[2], "csv2", b, n);
		rlog_open(&got);
		memset(&eg, 0, sizeof eg);
		if (threads == 1 && delim == ',' && enc == TEXTENC_DEFAULT)
			rg = csv_read(fd, "<fuzz>", log_row, &got, NULL, &eg);
		else {
			in = csv_input_new(fd, "<fuzz>");
			csv_input_set_delim(in, delim);
			csv_input_set_encoding(in, enc);
			pool = pfor_new(threads);
			if ((rg = csv_input_header(in, &hdr, &eg)) == RFM_OK &&
			    hdr.n > 0) {
				log_row(&got, &hdr, &eg);
				rg = csv_input_run(in, NULL, &parts, &got, pool,
				    &eg);
			}
			pfor_free(pool);
			csv_input_free(in);
		}
		rlog_close(&got);
		if (refused) {
			FUZZ_CHECK(rg == RFM_EDATA && eg.msg[0] != '\0',
			    "%d thread(s): %s read, outcome %d, where it is "
			    "refused", threads, textenc_name(enc), rg);
			free(got.text);
			continue;
		}
		FUZZ_CHECK(rg == rw, "%d thread(s): outcome %d, libcsv alone %d "
		    "(%s)", threads, rg, rw, rg ? eg.msg : ew.msg);
		FUZZ_CHECK(got.len == want.len &&
		    memcmp(got.text, want.text, got.len) == 0,
		    "%d thread(s): the records differ from libcsv's alone",
		    threads);
		FUZZ_CHECK(rw == RFM_OK || strcmp(eg.msg, ew.msg) == 0,
		    "%d thread(s): message \"%s\", libcsv alone \"%s\"",
		    threads, eg.msg, ew.msg);
		free(got.text);
	}
	free(want.text);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *csv;
	const char *file0;
	size_t n, cut, len = 0, n0;
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
	o.net_returns = !o.keep_all && (data[2] >> 6) & 1;
	o.clv = (fl >> 1) & 1;
	if (fl & 4)
		o.col[COL_AMOUNT] = "Amount";
	if (fl & 8) {
		o.has_as_of = 1;
		o.as_of = date_from_ymd(2011, 1, 1) +
		    (int16_t)(data[4] << 8 | data[5]);
	}
	if (data[8] & 1) {
		o.has_since = 1;
		o.since = date_from_ymd(2011, 1, 1) +
		    (int16_t)(data[5] << 8 | data[4]);
	}
	o.frequency = (data[8] >> 1 & 3) % 3;
	o.no_money = !(fl & 4) && (data[8] >> 3 & 1);
	if (fl & 32)
		o.col[COL_CUSTOMER] = "Customer";
	if (fl & 64) {
		o.col[COL_INVOICE] = "Invoice";
		o.col[COL_DATE] = "Date";
	}
	o.max_bad = data[1] & 0x80 ? LONG_MAX : data[1] & 0x7f;
	o.date_format = formats[data[2] % (sizeof formats / sizeof *formats)];
	o.decimal_comma = (data[2] >> 3) & 1;
	o.delim = ",;\t|"[(data[2] >> 4) & 3];
	o.encoding = (data[7] >> 3) & 7;
	if (o.encoding >= TEXTENC_COUNT)
		o.encoding = TEXTENC_DEFAULT;
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
	if (data[7] & 128)
		x.block_size = 8 + data[3] % 120;
	memset(&e, 0, sizeof e);
	n0 = cut;
	file0 = first_file(csv, &n0, fl & 128, data[7],
	    data[7] & 2 ? CSV_FIRST_BLOCK_SIZE : CSV_BLOCK_SIZE, o.encoding);
	for (i = 0; i < nfiles && rc == RFM_OK; i++) {
		fd = i == 0 ? fuzz_memfd(&memfd[0], "csv0", file0, n0) :
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
		FUZZ_CHECK(s->rows == s->kept + s->returns + s->no_customer +
		    s->cancelled + s->qty_nonpos + s->price_nonpos +
		    s->amount_nonpos + s->after_as_of + s->before_since +
		    s->bad, "rows %ld = kept %ld + returns %ld + no id %ld + "
		    "cancelled %ld + qty %ld + price %ld + amount %ld + after "
		    "%ld + before %ld + bad %ld fails", s->rows, s->kept,
		    s->returns, s->no_customer, s->cancelled, s->qty_nonpos,
		    s->price_nonpos, s->amount_nonpos, s->after_as_of,
		    s->before_since, s->bad);
		FUZZ_CHECK(o.net_returns || s->returns == 0, "%ld returns "
		    "without net_returns", s->returns);
		FUZZ_CHECK(s->bad <= o.max_bad, "%ld bad rows skipped, "
		    "--max-bad %ld", s->bad, o.max_bad);
		FUZZ_CHECK((s->kept > 0) == (extract_customers(&x) > 0),
		    "%ld rows kept, %zu customers", s->kept,
		    extract_customers(&x));
		f = open_memstream(&out, &len);
		FUZZ_CHECK(f != NULL, "open_memstream");
		extract_write(&x, f);
		FUZZ_CHECK(fclose(f) == 0, "write");
		if (nfiles == 1 && o.date_format == NULL)
			same_when_proven(&o, file0, n0, data[6] & 0x7f,
			    x.order ? x.order : DATE_MONTH_FIRST +
			    (data[3] & 1), out, len, &x.st);
		check_output(&x, out, len);   /* (cuts out into fields) */
		extract_report(&x, stderr);   /* the -v report, silenced */
	}
	free(out);
	extract_free(&x);
	check_reference(file0, n0, ',', o.encoding);
	/* (the byte-at-a-time reference is slow on a padded input) */
	if (n0 <= CSV_FIRST_BLOCK_SIZE)
		check_reference(file0, n0, ";\t| "[data[2] >> 6], o.encoding);
	return 0;
}
