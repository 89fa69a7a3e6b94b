/*
 * fuzz_rules_file.c - reading a rules file (rules_read in lib/rules.c,
 * over kv_read in lib/kvfile.c).
 *
 * The input is the file: written to a file of this process (see
 * fuzz_file in fuzz.h) and read with rules_read.
 *
 * Asserted: rules_read returns RFM_OK or RFM_EDATA with a message, and
 * leaves nothing allocated on a failure; a table it accepts is sound
 * (bins from 2 to 10, at least one rule, every bound from 1 to bins and
 * the lower at most the upper, names non-empty and free of tabs, newlines
 * and carriage returns, Others last); rules_check runs on it; and it
 * survives a round trip: rules_write, then rules_read of what was
 * written, gives the same segment for every combination of scores, and
 * writing that again gives the same bytes.
 *
 * Each input is read as it is and, when it has no cksum line, once more
 * with a matching one (fuzz_sealed).
 */
#define FUZZ_READ_IMPL
#include "fuzz.h"

#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
write_rules(const rules *rs, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	FUZZ_CHECK(f != NULL && rules_write(f, rs) == 0 && fclose(f) == 0,
	    "rules_write failed");
	return buf;
}

static void
check_sound(const rules *rs)
{
	size_t i;
	int m;

	FUZZ_CHECK(rs->bins >= SCORE_MIN_BINS && rs->bins <= SCORE_MAX_BINS &&
	    rs->n >= 1 && rs->nseg >= 1 && rs->nseg <= rs->n, "bins %d, %zu "
	    "rules, %zu segments", rs->bins, rs->n, rs->nseg);
	FUZZ_CHECK(strcmp(rs->names[rs->nseg], RULES_OTHERS) == 0,
	    "the last name is %s", rs->names[rs->nseg]);
	for (i = 0; i < rs->nseg; i++)
		FUZZ_CHECK(*rs->names[i] && strpbrk(rs->names[i], "\t\n\r") ==
		    NULL, "segment %zu: name \"%s\"", i, rs->names[i]);
	for (i = 0; i < rs->n; i++) {
		FUZZ_CHECK(rs->r[i].seg < rs->nseg, "rule %zu: segment %zu", i,
		    rs->r[i].seg);
		for (m = 0; m < SCORE_NMEASURES; m++)
			FUZZ_CHECK(rs->r[i].lo[m] >= 1 &&
			    rs->r[i].lo[m] <= rs->r[i].hi[m] &&
			    rs->r[i].hi[m] <= rs->bins, "rule %zu: %d-%d", i,
			    rs->r[i].lo[m], rs->r[i].hi[m]);
	}
}

static int
one(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(0, "rules", data, size), *path2;
	rules rs, rs2;
	rfm_error e;
	char *out, *out2;
	size_t len, len2;
	int rc, sc[3];
	FILE *null;

	memset(&e, 0, sizeof e);
	rc = rules_read(path, &rs, &e);
	FUZZ_CHECK(rc == RFM_OK || (rc == RFM_EDATA && e.msg[0] != '\0'),
	    "rules_read gave %d: %s", rc, e.msg);
	if (rc != RFM_OK) {
		FUZZ_CHECK(rs.names == NULL && rs.r == NULL, "a failed read "
		    "left a table");
		return 0;
	}
	check_sound(&rs);
	null = fopen("/dev/null", "w");
	FUZZ_CHECK(null != NULL, "/dev/null");
	rules_check(&rs, null);
	fclose(null);
	out = write_rules(&rs, &len);
	path2 = fuzz_file(1, "rules", out, len);
	rc = rules_read(path2, &rs2, &e);
	FUZZ_CHECK(rc == RFM_OK, "rules_read of rules_write's file: %s\n"
	    "---\n%s---", e.msg, out);
	FUZZ_CHECK(rs2.bins == rs.bins && rs2.n == rs.n && rs2.nseg == rs.nseg,
	    "bins, rules or segments changed");
	for (sc[0] = 1; sc[0] <= rs.bins; sc[0]++)
		for (sc[1] = 1; sc[1] <= rs.bins; sc[1]++)
			for (sc[2] = 1; sc[2] <= rs.bins; sc[2]++)
				FUZZ_CHECK(strcmp(rs.names[rules_match(&rs, sc)],
				    rs2.names[rules_match(&rs2, sc)]) == 0,
				    "scores %d %d %d: another segment", sc[0],
				    sc[1], sc[2]);
	out2 = write_rules(&rs2, &len2);
	FUZZ_CHECK(len2 == len && memcmp(out, out2, len) == 0,
	    "the second write differs:\n%s---\n%s", out, out2);
	free(out);
	free(out2);
	rules_free(&rs);
	rules_free(&rs2);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_as_is_and_sealed(one, data, size);
	return 0;
}
