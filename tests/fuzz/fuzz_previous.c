/*
 * fuzz_previous.c - the previous file of segment-predict --previous
 * (lib/migrate.c): migrate_read, migrate_row over a current table,
 * migrate_unmatched and migrate_write.
 *
 * Input: two control bytes, then the previous file, then (after the
 * first byte 0xFE, if any) the current table.  Byte 0 sets how read(2)
 * behaves on the previous file (see fuzz_read_setup); byte 1 chooses
 * whether monetary is read (bit 0) and the model's names (bit 1: three
 * clusters, two of one name).
 *
 * Asserted: migrate_read succeeds, or fails with RFM_EDATA (or RFM_EIO
 * under an injected read error) and a message; a customer matched gets
 * the slot of a name, one not matched MIGRATE_NONE; a row fails only as a
 * customer of the previous file met twice; the table has a header and one
 * line per pair but (new, gone), and its customers add up to the rows
 * matched or new plus the customers not met (gone).
 */
#define FUZZ_READ_IMPL
#include "fuzz.h"

#include "migrate.h"
#include "texttable.h"
#include "tsvin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd_old = -1, memfd_cur = -1;

static char *names2[2] = { "Active", "Lapsed" };
static char *names3[3] = { "Active", "Lapsed", "Active" };

/* Check the table text[0..n) against the counts. */
static void
check_table(const char *text, size_t n, size_t lines, size_t customers)
{
	const char *p = text, *e = text + n, *nl, *t;
	size_t got = 0, sum = 0;
	int tabs;

	FUZZ_CHECK(n > 0 && text[n - 1] == '\n', "the table ends with a "
	    "newline");
	while (p < e) {
		nl = memchr(p, '\n', (size_t)(e - p));
		FUZZ_CHECK(nl != NULL, "a line ends with a newline");
		for (tabs = 0, t = p; t < nl; t++)
			tabs += *t == '\t';
		FUZZ_CHECK(tabs == 4, "5 fields a line, found %d", tabs + 1);
		if (got > 0) {
			t = p;
			for (tabs = 0; tabs < 2; t++)
				tabs += *t == '\t';
			sum += strtoul(t, NULL, 10);
		}
		got++;
		p = nl + 1;
	}
	FUZZ_CHECK(got == lines + 1, "%zu lines, expected %zu", got,
	    lines + 1);
	FUZZ_CHECK(sum == customers, "the table counts %zu customers, "
	    "expected %zu", sum, customers);
}

static void
current(migrate *mg, const uint8_t *data, size_t n, size_t k)
{
	tsv_reader r;
	rfm_error e;
	uint32_t prev;
	size_t rows = 0, matched = 0, cluster, len, slots;
	double v;
	char *buf = NULL, list[256];
	FILE *out;
	int fd = fuzz_memfd(&memfd_cur, "current", data, n), got, rc;

	if (tsv_open(&r, fd, "current", &e) == RFM_OK) {
		while ((got = tsv_next(&r, &e)) > 0) {
			cluster = r.f[0].len % k;
			rc = migrate_row(mg, &r, cluster,
			    tsv_number(&r, 1, &v, &e) == RFM_OK ? &v : NULL,
			    &prev, &e);
			if (rc != RFM_OK) {
				FUZZ_CHECK(rc == RFM_EDATA && strstr(e.msg,
				    "appears twice in the input") != NULL,
				    "a row fails as a customer twice: %s",
				    e.msg);
				break;
			}
			FUZZ_CHECK(prev == MIGRATE_NONE ||
			    prev < strmap_count(&mg->names), "slot %u",
			    (unsigned)prev);
			if (prev != MIGRATE_NONE) {
				FUZZ_CHECK(strlen(migrate_name(mg, prev)) > 0,
				    "a previous segment has a name");
				matched++;
			}
			rows++;
		}
		tsv_close(&r);
	}
	migrate_unmatched(mg, 0, list, sizeof list);
	migrate_unmatched(mg, 1, list, sizeof list);
	slots = strmap_count(&mg->names);
	out = open_memstream(&buf, &len);
	FUZZ_CHECK(out != NULL, "open_memstream");
	rc = migrate_write(mg, TEXTTABLE_TSV, out);
	fclose(out);
	if (rc == 0)
		check_table(buf, len, (slots + 1) * (mg->nmodel + 1) - 1,
		    rows + migrate_customers(mg) - matched);
	else
		FUZZ_CHECK(len == 0, "nothing written when a sum overflows");
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *old, *sep;
	size_t nold, k;
	char **names;
	migrate mg;
	rfm_error e;
	int fd, rc;

	if (size < 2)
		return 0;
	old = data + 2;
	sep = memchr(old, 0xFE, size - 2);
	nold = sep ? (size_t)(sep - old) : size - 2;
	names = data[1] & 2 ? names3 : names2;
	k = data[1] & 2 ? 3 : 2;
	fd = fuzz_memfd(&memfd_old, "previous", old, nold);
	fuzz_read_setup(fd, data[0]);
	memset(&e, 0, sizeof e);
	rc = migrate_read(&mg, fd, "old.tsv", names, k, data[1] & 1, &e);
	fuzz_read_reset();
	if (rc != RFM_OK) {
		FUZZ_CHECK(rc == RFM_EDATA || (rc == RFM_EIO &&
		    (data[0] & 0x80)), "migrate_read: code %d", rc);
		FUZZ_CHECK(e.code == rc && e.msg[0] != '\0', "a message");
		migrate_free(&mg);
		return 0;
	}
	if (sep != NULL)
		current(&mg, sep + 1, size - 2 - nold - 1, k);
	else
		current(&mg, (const uint8_t *)"", 0, k);
	migrate_free(&mg);
	return 0;
}
