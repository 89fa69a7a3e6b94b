/*
 * fuzz_partial.c - reading a partial state (partial_read_fd in
 * lib/partial.c), as rfm-extract --merge does.
 *
 * The input is the state: read from a memfd into an extract with the
 * default options.
 *
 * Asserted: partial_read_fd and partial_check return RFM_OK or RFM_EDATA
 * with a message; a state they accept survives a round trip: written by
 * partial_write and read again, it has the same lines but for the parts
 * of money (an exact sum may be written as other parts), and the tables
 * of the two (extract_write, reference day as --as-of latest gives it)
 * are the same bytes.
 */
#define FUZZ_READ_IMPL
#include "fuzz.h"

#include "extract.h"
#include "partial.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;

/* Read the state on fd into x and in; the exit code. */
static int
read_state(extract *x, partial_in *in, int fd, rfm_error *e)
{
	extract_opts o;
	int rc;

	memset(&o, 0, sizeof o);
	extract_init(x, &o);
	partial_init(in);
	memset(e, 0, sizeof *e);
	rc = partial_read_fd(x, in, fd, "state", e);
	if (rc == RFM_OK)
		rc = partial_check(x, e);
	return rc;
}

static char *
dump(extract *x, partial_in *in, int table, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	FUZZ_CHECK(f != NULL, "open_memstream");
	if (table)
		extract_write(x, f);
	else
		partial_write(x, in, f);
	FUZZ_CHECK(fclose(f) == 0, "fclose");
	return buf;
}

static size_t
lines(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	extract x, y;
	partial_in in, in2;
	rfm_error e;
	char *s1, *s2, *t1, *t2;
	size_t n1, n2, m1, m2;
	int rc, fd;

	fuzz_read_reset();
	rc = read_state(&x, &in, fuzz_memfd(&memfd, "state", data, size), &e);
	FUZZ_CHECK(rc == RFM_OK || (rc == RFM_EDATA && e.msg[0] != '\0'),
	    "partial_read_fd gave %d: %s", rc, e.msg);
	if (rc != RFM_OK) {
		partial_free(&in);
		extract_free(&x);
		return 0;
	}
	s1 = dump(&x, &in, 0, &n1);
	fd = fuzz_memfd(&memfd, "state", s1, n1);
	rc = read_state(&y, &in2, fd, &e);
	FUZZ_CHECK(rc == RFM_OK, "a state written is refused: %s", e.msg);
	s2 = dump(&y, &in2, 0, &n2);
	FUZZ_CHECK(lines(s1, n1) == lines(s2, n2),
	    "a state read back writes another number of lines");
	FUZZ_CHECK(partial_reference(&x, &in, 0, 0, 1, &e) == RFM_OK &&
	    partial_reference(&y, &in2, 0, 0, 1, &e) == RFM_OK,
	    "partial_reference: %s", e.msg);
	t1 = dump(&x, &in, 1, &m1);
	t2 = dump(&y, &in2, 1, &m2);
	FUZZ_CHECK(m1 == m2 && memcmp(t1, t2, m1) == 0,
	    "a state read back gives another table");
	free(s1);
	free(s2);
	free(t1);
	free(t2);
	partial_free(&in);
	partial_free(&in2);
	extract_free(&x);
	extract_free(&y);
	return 0;
}
