/*
 * fuzz_breaks_file.c - reading a breaks file (score_read in lib/score.c,
 * over kv_read in lib/kvfile.c).
 *
 * The input is the file: written to a file of this process (see
 * fuzz_file in fuzz.h) and read with score_read.
 *
 * Asserted: score_read returns RFM_OK or RFM_EDATA with a message; breaks
 * it accepts are sound (bins from 2 to 10, a known rule, every break
 * finite and none below the one before it, rows >= 0), every value scores
 * from 1 to bins; and they survive a round trip: score_write, then
 * score_read of what was written, gives the same breaks, every number bit
 * for bit (but 0 and -0, which num_format writes alike by design), and
 * writing that again gives the same bytes.
 *
 * Each input is read as it is and, when it has no cksum line, once more
 * with a matching one (fuzz_sealed), so that the parsing lies open to the
 * fuzzer behind the cksum.
 */
#define FUZZ_READ_IMPL
#include "fuzz.h"

#include <math.h>

#include "score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
write_breaks(const score_breaks *s, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	FUZZ_CHECK(f != NULL && score_write(f, s) == 0 && fclose(f) == 0,
	    "score_write failed");
	return buf;
}

static void
check_sound(const score_breaks *s)
{
	static const double probe[] = { -1e308, -1, 0, 0.5, 1, 3, 1e308 };
	int m, k, sc;
	size_t i;

	FUZZ_CHECK(s->bins >= SCORE_MIN_BINS && s->bins <= SCORE_MAX_BINS &&
	    s->rows >= 0 && s->rule >= SCORE_QUANTILE &&
	    s->rule <= SCORE_GIVEN && (s->left == 0 || s->left == 1),
	    "bins %d, rows %ld, rule %d, left %d", s->bins, s->rows, s->rule,
	    s->left);
	for (m = 0; m < SCORE_NMEASURES; m++) {
		for (k = 0; k < s->bins - 1; k++)
			FUZZ_CHECK(isfinite(s->b[m][k]) &&
			    (k == 0 || s->b[m][k] >= s->b[m][k - 1]),
			    "measure %d break %d: %a", m, k, s->b[m][k]);
		for (i = 0; i < sizeof probe / sizeof probe[0]; i++) {
			sc = score_of(s, m, probe[i]);
			FUZZ_CHECK(sc >= 1 && sc <= s->bins, "score %d of %a",
			    sc, probe[i]);
		}
	}
}

static int
one(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(0, "breaks", data, size), *path2;
	score_breaks s, s2;
	rfm_error e;
	char *out, *out2;
	size_t len, len2;
	int rc, m, k;

	memset(&e, 0, sizeof e);
	rc = score_read(path, &s, &e);
	FUZZ_CHECK(rc == RFM_OK || (rc == RFM_EDATA && e.msg[0] != '\0'),
	    "score_read gave %d: %s", rc, e.msg);
	if (rc != RFM_OK)
		return 0;
	check_sound(&s);
	out = write_breaks(&s, &len);
	path2 = fuzz_file(1, "breaks", out, len);
	rc = score_read(path2, &s2, &e);
	FUZZ_CHECK(rc == RFM_OK, "score_read of score_write's file: %s\n"
	    "---\n%s---", e.msg, out);
	FUZZ_CHECK(s2.bins == s.bins && s2.rows == s.rows && s2.rule == s.rule &&
	    s2.left == s.left, "bins, rows, rule or closed changed");
	for (m = 0; m < SCORE_NMEASURES; m++) {
		FUZZ_CHECK(s2.descending[m] == s.descending[m],
		    "measure %d: order changed", m);
		for (k = 0; k < s.bins - 1; k++)
			FUZZ_CHECK(fuzz_same_double(s.b[m][k], s2.b[m][k]),
			    "measure %d break %d: %a -> %a", m, k, s.b[m][k],
			    s2.b[m][k]);
	}
	out2 = write_breaks(&s2, &len2);
	FUZZ_CHECK(len2 == len && memcmp(out, out2, len) == 0,
	    "the second write differs:\n%s---\n%s", out, out2);
	free(out);
	free(out2);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_as_is_and_sealed(one, data, size);
	return 0;
}
