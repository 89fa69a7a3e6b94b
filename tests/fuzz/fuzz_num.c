/*
 * fuzz_num.c - num_parse, num_format, num_parse_long and num_parse_comma
 * (lib/num.c).
 *
 * The whole input is the text given to num_parse (in an exact-size
 * buffer, as num_parse takes a length and must not read past it); what is
 * asserted is in num_oracle.h.  The value accepted goes through
 * num_format and back.  The first 8 bytes, taken as a double, go through
 * num_format and back too, so that every double (subnormals, huge
 * exponents, -0) is printed, not only those written in decimal.  The
 * input as a C string goes to num_parse_long with a range chosen by its
 * first byte.
 *
 * The process runs under de_DE.UTF-8 when that locale exists (a decimal
 * comma): nothing may change.
 */
#include <limits.h>
#include <locale.h>

#define FUZZ_READ_IMPL
#include "fuzz.h"
#include "num_oracle.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL)
		setlocale(LC_ALL, "C");
	return 0;
}

static const struct {
	long min, max;
} ranges[] = {
	{ 1, 65535 },            /* kmeans-fit -k */
	{ 1, INT_MAX },          /* --n-init, --max-iter */
	{ 0, LONG_MAX },         /* --seed, --max-bad, --silhouette-sample */
	{ LONG_MIN, LONG_MAX },
	{ 1, 1000000 },          /* a kept file's version */
	{ -5, 5 },
};

/* num_parse_comma: a point refused; else as num_parse with the commas
 * made points. */
static void
check_comma(char *s, size_t n)
{
	double a = 0, b = 0;
	int ra = num_parse_comma(s, n, &a), rb;
	size_t i;

	if (memchr(s, '.', n) != NULL) {
		FUZZ_CHECK(ra == NUM_SYNTAX, "num_parse_comma read a point: %d",
		    ra);
		return;
	}
	for (i = 0; i < n; i++)
		if (s[i] == ',')
			s[i] = '.';
	rb = num_parse(s, n, &b);
	FUZZ_CHECK(ra == rb && (ra != NUM_OK || fuzz_same_double(a, b)),
	    "num_parse_comma %d %a, num_parse of the points %d %a", ra, a,
	    rb, b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double v, x;
	long l;
	char *s;

	oracle_num_parse((const char *)data, size, &v);
	if (size >= sizeof x) {
		memcpy(&x, data, sizeof x);
		oracle_num_format(x);
	}
	s = fuzz_cstr(data, size);
	oracle_num_parse_long(s, ranges[size ? data[0] % 6 : 0].min,
	    ranges[size ? data[0] % 6 : 0].max, &l);
	check_comma(s, size);
	free(s);
	return 0;
}
