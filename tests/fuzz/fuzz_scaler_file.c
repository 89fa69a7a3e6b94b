/*
 * fuzz_scaler_file.c - reading a scaler file (scaler_read in lib/scaler.c,
 * over kv_read in lib/kvfile.c).
 *
 * The input is the file: written to a file of this process (see
 * fuzz_file in fuzz.h) and read with scaler_read.
 *
 * Asserted: scaler_read returns RFM_OK or RFM_EDATA with a message; a
 * scaler it accepts is sound (at least one column, every mean finite,
 * every scale finite and positive, input and output names non-empty,
 * tab- and newline-free and distinct, rows >= 0); and it survives a round
 * trip: scaler_write, then scaler_read of what was written, gives the same
 * scaler, every number bit for bit (but 0 and -0, which num_format writes
 * alike by design), and writing that again gives the same bytes.
 *
 * Each input is read as it is and, when it has no cksum line, once more
 * with a matching one (fuzz_sealed), so that the parsing of version 2
 * lies open to the fuzzer behind the cksum.
 */
#define FUZZ_READ_IMPL
#include "fuzz.h"

#include <math.h>

#include "scaler.h"
#include "tsv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s quoted and escaped for a message, in one of four buffers. */
static const char *
show(int i, const char *s)
{
	static char buf[4][4 * 60 + 8];

	return tsv_show(buf[i], s, strlen(s), 60);
}

static char *
write_scaler(const scaler *s, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	FUZZ_CHECK(f != NULL && scaler_write(f, s) == 0 && fclose(f) == 0,
	    "scaler_write failed");
	return buf;
}

static void
check_sound(const scaler *s)
{
	size_t i, j;

	FUZZ_CHECK(s->ncols >= 1 && s->rows >= 0, "%zu columns, %ld rows",
	    s->ncols, s->rows);
	for (i = 0; i < s->ncols; i++) {
		const scaler_col *c = &s->col[i];

		FUZZ_CHECK(isfinite(c->mean) && isfinite(c->scale) &&
		    c->scale > 0, "column %zu: mean %a, scale %a", i, c->mean,
		    c->scale);
		FUZZ_CHECK(*c->input && *c->output &&
		    strpbrk(c->input, "\t\n") == NULL &&
		    strpbrk(c->output, "\t\n") == NULL,
		    "column %zu: names \"%s\", \"%s\"", i, c->input, c->output);
		FUZZ_CHECK(c->log1p == 0 || c->log1p == 1, "log1p %d",
		    c->log1p);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(c->input, s->col[j].input) != 0 &&
			    strcmp(c->output, s->col[j].output) != 0,
			    "columns %zu and %zu share a name", j, i);
	}
}

/* One file: read, checked, written and read again. */
static int
one(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(0, "scaler", data, size), *path2;
	scaler s, s2;
	rfm_error e;
	char *out, *out2;
	size_t len, len2, i;
	int rc;

	memset(&e, 0, sizeof e);
	rc = scaler_read(path, &s, &e);
	FUZZ_CHECK(rc == RFM_OK || (rc == RFM_EDATA && e.msg[0] != '\0'),
	    "scaler_read gave %d: %s", rc, e.msg);
	if (rc != RFM_OK) {
		FUZZ_CHECK(s.ncols == 0 && s.col == NULL, "a failed read "
		    "left %zu columns", s.ncols);
		return 0;
	}
	check_sound(&s);
	out = write_scaler(&s, &len);
	path2 = fuzz_file(1, "scaler", out, len);
	rc = scaler_read(path2, &s2, &e);
	FUZZ_CHECK(rc == RFM_OK, "scaler_read of scaler_write's file: %s\n"
	    "---\n%s---", e.msg, out);
	FUZZ_CHECK(s2.ncols == s.ncols && s2.rows == s.rows, "columns %zu/%zu, "
	    "rows %ld/%ld after the round trip", s.ncols, s2.ncols, s.rows,
	    s2.rows);
	for (i = 0; i < s.ncols; i++) {
		FUZZ_CHECK(strcmp(s.col[i].input, s2.col[i].input) == 0 &&
		    strcmp(s.col[i].output, s2.col[i].output) == 0 &&
		    s.col[i].log1p == s2.col[i].log1p, "column %zu: input %s "
		    "-> %s, output %s -> %s", i, show(0, s.col[i].input),
		    show(1, s2.col[i].input), show(2, s.col[i].output),
		    show(3, s2.col[i].output));
		FUZZ_CHECK(fuzz_same_double(s.col[i].mean, s2.col[i].mean) &&
		    fuzz_same_double(s.col[i].scale, s2.col[i].scale),
		    "column %zu: mean %a -> %a, scale %a -> %a", i,
		    s.col[i].mean, s2.col[i].mean, s.col[i].scale,
		    s2.col[i].scale);
	}
	out2 = write_scaler(&s2, &len2);
	FUZZ_CHECK(len2 == len && memcmp(out, out2, len) == 0,
	    "the second write differs:\n%s---\n%s", out, out2);
	free(out);
	free(out2);
	scaler_free(&s);
	scaler_free(&s2);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_as_is_and_sealed(one, data, size);
	return 0;
}
