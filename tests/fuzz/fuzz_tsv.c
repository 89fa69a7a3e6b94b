/*
 * fuzz_tsv.c - the TSV reader (lib/tsvin.c): tsv_open, tsv_next,
 * tsv_next_raw, tsv_number, tsv_columns, tsv_column, tsv_header_list.
 *
 * Input: two control bytes, then the TSV, served from a memfd.  Byte 0
 * sets how read(2) behaves on it (short counts, EINTR, an I/O error; see
 * fuzz_read_setup); byte 1 picks which rows are read raw (tsv_next_raw)
 * and which column names tsv_columns looks for.
 *
 * Asserted, against a reference split written from tsvin.h (lines end at
 * "\n", a "\r" before it is dropped, a last line without "\n" counts,
 * fields are split at every tab): the header's columns are the first
 * line's fields; an input with no line, a header with a NUL byte or of
 * fewer than two columns fails (RFM_EDATA); every row returned has the
 * reference's fields, byte for byte, at the reference's line number, and
 * tsv_row_text spans them; a row of another field count, or then with a
 * NUL byte, fails with RFM_EDATA at its line (tsv_next_raw passes a line
 * as it is); the end comes after the last line.  With an injected read error
 * the reader fails with RFM_EIO (or has already succeeded) and leaks
 * nothing.  tsv_number(field) agrees with num_parse on that field.
 * tsv_columns finds names that appear once among columns 2..n, and fails
 * for a missing or doubled one.
 */
#define FUZZ_READ_IMPL
#include "fuzz.h"

#include "num.h"
#include "tsvin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;

/* The reference: line i of text[0..n) (0-based) into *p, *len;
 * returns 0 when there is no such line.  *next is where the next begins. */
static int
ref_line(const char *text, size_t n, size_t *pos, const char **p,
    size_t *len)
{
	const char *nl;

	if (*pos >= n)
		return 0;
	*p = text + *pos;
	nl = memchr(*p, '\n', n - *pos);
	*len = nl ? (size_t)(nl - *p) : n - *pos;
	*pos += *len + (nl != NULL);
	if (*len > 0 && (*p)[*len - 1] == '\r')
		(*len)--;
	return 1;
}

static size_t
ref_fields(const char *p, size_t len)
{
	size_t n = 1, i;

	for (i = 0; i < len; i++)
		n += p[i] == '\t';
	return n;
}

/* Field i of the line p[0..len). */
static void
ref_field(const char *p, size_t len, size_t i, const char **f,
    size_t *flen)
{
	const char *e = p + len, *t;

	while (i-- > 0)
		p = memchr(p, '\t', (size_t)(e - p)) + 1;
	t = memchr(p, '\t', (size_t)(e - p));
	*f = p;
	*flen = (size_t)((t ? t : e) - p);
}

/* How many of columns 1..n-1 are named name. */
static size_t
ref_count(const tsv_reader *r, const char *name)
{
	size_t i, k = 0;

	for (i = 1; i < r->ncols; i++)
		k += strcmp(r->cols[i], name) == 0;
	return k;
}

static void
check_columns(const tsv_reader *r, unsigned sel)
{
	static const char *const rfm[] = { "recency", "frequency", "monetary" };
	const char *names[4];
	long idx[4];
	size_t n, i, j;
	int rc, ok, dup;
	rfm_error e;
	char list[600];

	if (sel & 1) {
		/* names taken from the header itself: columns 1.. */
		n = r->ncols - 1 < 4 ? r->ncols - 1 : 4;
		for (i = 0; i < n; i++)
			names[i] = r->cols[1 + (i + (sel >> 1)) % (r->ncols - 1)];
	} else {
		n = 3;
		for (i = 0; i < n; i++)
			names[i] = rfm[i];
	}
	dup = 0;
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			dup |= strcmp(names[i], names[j]) == 0;
	ok = !dup;
	for (i = 0; i < n; i++)
		ok &= ref_count(r, names[i]) == 1;
	rc = tsv_columns(r, names, n, idx, &e);
	/* The first name that fails decides the code: EUSAGE only when
	 * a name is given twice. */
	FUZZ_CHECK(ok ? rc == RFM_OK : rc == RFM_EDATA ||
	    (dup && rc == RFM_EUSAGE),
	    "tsv_columns gave %d (%s), expected %s", rc, rc ? e.msg : "",
	    ok ? "success" : "a failure");
	if (rc == RFM_OK)
		for (i = 0; i < n; i++) {
			FUZZ_CHECK(idx[i] >= 1 && (size_t)idx[i] < r->ncols &&
			    strcmp(r->cols[idx[i]], names[i]) == 0,
			    "tsv_columns: \"%s\" at %ld", names[i], idx[i]);
			FUZZ_CHECK(tsv_column(r, names[i]) >= 0, "tsv_column");
		}
	tsv_header_list(r, list, sizeof list);
	FUZZ_CHECK(strlen(list) < sizeof list, "tsv_header_list");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text, *lp, *f, *raw;
	size_t n, pos = 0, len, flen, i, rawlen, ncols;
	unsigned sel;
	uint8_t rd;
	int fd, rc, got, injected;
	long line = 1;
	tsv_reader r;
	rfm_error e;
	double v, w;

	if (size < 2)
		return 0;
	rd = data[0];
	sel = data[1];
	text = (const char *)data + 2;
	n = size - 2;
	injected = (rd >> 7) & 1;
	fd = fuzz_memfd(&memfd, "tsv", text, n);
	fuzz_read_setup(fd, rd);

	memset(&e, 0, sizeof e);
	rc = tsv_open(&r, fd, "<fuzz>", &e);
	if (!ref_line(text, n, &pos, &lp, &len)) {
		FUZZ_CHECK(rc == RFM_EDATA || (injected && rc == RFM_EIO),
		    "tsv_open on an empty input gave %d", rc);
		goto out;
	}
	if (injected && rc == RFM_EIO)
		goto out;
	ncols = ref_fields(lp, len);
	if (memchr(lp, '\0', len) != NULL) {
		FUZZ_CHECK(rc == RFM_EDATA, "tsv_open: a NUL in the header "
		    "gave %d", rc);
		goto out;
	}
	if (ncols < 2) {
		FUZZ_CHECK(rc == RFM_EDATA, "tsv_open: a header of %zu "
		    "columns gave %d", ncols, rc);
		goto out;
	}
	FUZZ_CHECK(rc == RFM_OK, "tsv_open gave %d: %s", rc, e.msg);
	FUZZ_CHECK(r.ncols == ncols, "header: %zu columns, expected %zu",
	    r.ncols, ncols);
	for (i = 0; i < ncols; i++) {
		ref_field(lp, len, i, &f, &flen);
		FUZZ_CHECK(strlen(r.cols[i]) <= flen &&
		    memcmp(r.cols[i], f, strlen(r.cols[i])) == 0 &&
		    (strlen(r.cols[i]) == flen ||
		    memchr(f, '\0', flen) != NULL),
		    "header column %zu differs", i);
	}
	FUZZ_CHECK(memcmp(r.hdr_line, lp, len) == 0 && r.hdr_line[len] == '\0',
	    "hdr_line differs");
	check_columns(&r, sel);

	for (;;) {
		line++;
		if (sel & (1u << (line % 8)) && line % 3 == 0) {
			got = tsv_next_raw(&r, &raw, &rawlen, &e);
			if (got == 1) {
				FUZZ_CHECK(ref_line(text, n, &pos, &lp, &len),
				    "a raw line past the end");
				FUZZ_CHECK(rawlen == len && memcmp(raw, lp,
				    len) == 0 && r.line == line,
				    "raw line %ld differs", line);
				continue;
			}
		} else {
			got = tsv_next(&r, &e);
		}
		if (got < 0 && injected && e.code == RFM_EIO)
			break;
		if (!ref_line(text, n, &pos, &lp, &len)) {
			FUZZ_CHECK(got == 0, "line %ld: %d after the last line",
			    line, got);
			break;
		}
		FUZZ_CHECK(got != 0, "line %ld: the end came early", line);
		if (ref_fields(lp, len) != ncols) {
			FUZZ_CHECK(got < 0 && e.code == RFM_EDATA,
			    "line %ld: %zu fields for %zu columns, got %d",
			    line, ref_fields(lp, len), ncols, got);
			break;
		}
		if (memchr(lp, '\0', len) != NULL) {
			FUZZ_CHECK(got < 0 && e.code == RFM_EDATA,
			    "line %ld: a NUL byte, got %d", line, got);
			break;
		}
		FUZZ_CHECK(got == 1, "line %ld: %d (%s)", line, got, e.msg);
		FUZZ_CHECK(r.line == line, "line %ld reported as %ld", line,
		    r.line);
		for (i = 0; i < ncols; i++) {
			ref_field(lp, len, i, &f, &flen);
			FUZZ_CHECK(r.f[i].len == flen && memcmp(r.f[i].p, f,
			    flen) == 0, "line %ld field %zu differs", line, i);
			rc = tsv_number(&r, (long)i, &v, &e);
			FUZZ_CHECK((rc == RFM_OK) ==
			    (num_parse(f, flen, &w) == NUM_OK) &&
			    (rc != RFM_OK || fuzz_same_double(v, w)) &&
			    (rc == RFM_OK || rc == RFM_EDATA),
			    "tsv_number on line %ld field %zu", line, i);
		}
		raw = tsv_row_text(&r, &rawlen);
		FUZZ_CHECK(rawlen == len && memcmp(raw, lp, len) == 0,
		    "tsv_row_text of line %ld", line);
	}
	tsv_close(&r);
out:
	fuzz_read_reset();
	return 0;
}
