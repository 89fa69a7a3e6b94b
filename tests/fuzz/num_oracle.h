/*
 * num_oracle.h - the checks on num_parse, num_format and num_parse_long
 * that the num and options fuzzers share.
 *
 * num_parse(s, len) is compared with strtod_l in the C locale on t, the
 * text with the spaces and tabs num_parse allows around a number removed:
 *
 *  1. t empty <=> NUM_EMPTY.
 *  2. NUM_OK => t is "decimal text" (only 0-9 + - . e E, so no hex, inf,
 *     nan, thousands separators or NUL), strtod_l consumes all of t, and
 *     the two doubles have the same bits (-0 included: both give -0).
 *  3. For decimal text t, strtod_l is the reference: it consumes all of
 *     t with a finite result => NUM_OK; it consumes all of t and
 *     overflows to an infinity => NUM_RANGE; it stops early => NUM_SYNTAX.
 *     (strtod_l skips leading white space of its own, but t has none, and
 *     decimal text cannot be read as hex, inf or nan, so on this alphabet
 *     strtod's grammar is exactly the documented one.)
 *  4. NUM_RANGE => decimal text that strtod_l reads as an infinity.
 *
 * num_format(x), for any double x that is not NaN or infinite: the text
 * fits NUM_BUFSZ, num_parse reads it back as the same double (0 and -0
 * are one: "-0" is written "0" by design) and it has no more significant
 * digits than the shortest %.*g that reads back (precisions 1..17 tried).
 * Digits, not bytes: "400000" and "4e+05" are both one digit, and %g
 * chooses the notation.
 *
 * num_parse_long(s, min, max) against a reference written from its
 * documentation: s is [+-]?[0-9]+ (else NUM_SYNTAX); the value, computed
 * exactly in 128 bits, in [min, max] gives NUM_OK with that value, else
 * NUM_RANGE.
 */
#ifndef RFMKIT_NUM_ORACLE_H
#define RFMKIT_NUM_ORACLE_H

#include <locale.h>
#include <math.h>

#include "fuzz.h"
#include "num.h"

static locale_t
oracle_c_locale(void)
{
	static locale_t loc;

	if (loc == (locale_t)0 &&
	    (loc = newlocale(LC_ALL_MASK, "C", (locale_t)0)) == (locale_t)0)
		abort();
	return loc;
}

static int
oracle_decimal_text(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i] == '\0' || strchr("0123456789+-.eE", t[i]) == NULL)
			return 0;
	return 1;
}

static void oracle_num_format(double x);

/* Significant digits of a %g text: the mantissa's digits without the
 * leading and trailing zeros. */
static size_t
oracle_sig_digits(const char *s)
{
	const char *first = NULL, *last = NULL;

	for (; *s != '\0' && *s != 'e' && *s != 'E'; s++)
		if (*s >= '1' && *s <= '9') {
			if (first == NULL)
				first = s;
			last = s;
		}
	if (first == NULL)
		return 0;
	return (size_t)(last - first) + 1 - (memchr(first, '.',
	    (size_t)(last - first)) != NULL);
}

/* num_parse(s, len) with the checks above; returns its code, *out set on
 * NUM_OK. */
static int
oracle_num_parse(const char *s, size_t len, double *out)
{
	char *exact = fuzz_exact((const uint8_t *)s, len), *z, *end;
	const char *t = s;
	size_t tl = len;
	double v = 0, r;
	int rc, dec;

	rc = num_parse(exact, len, &v);
	free(exact);
	while (tl > 0 && (*t == ' ' || *t == '\t')) {
		t++;
		tl--;
	}
	while (tl > 0 && (t[tl - 1] == ' ' || t[tl - 1] == '\t'))
		tl--;
	FUZZ_CHECK((tl == 0) == (rc == NUM_EMPTY),
	    "num_parse gave %d on %zu bytes of text", rc, tl);
	if (tl == 0)
		return rc;
	dec = oracle_decimal_text(t, tl);
	FUZZ_CHECK(rc != NUM_OK || dec, "num_parse accepted \"%.*s\", which "
	    "is not plain decimal", (int)tl, t);
	FUZZ_CHECK(rc != NUM_RANGE || dec, "num_parse: out of range for "
	    "\"%.*s\", which is not plain decimal", (int)tl, t);
	if (!dec)
		return rc;
	z = fuzz_cstr((const uint8_t *)t, tl);
	r = strtod_l(z, &end, oracle_c_locale());
	if (end != z + tl) {
		FUZZ_CHECK(rc == NUM_SYNTAX, "num_parse gave %d on \"%s\"; "
		    "strtod stops after %zu bytes", rc, z, (size_t)(end - z));
	} else if (isinf(r)) {
		FUZZ_CHECK(rc == NUM_RANGE, "num_parse gave %d on \"%s\"; "
		    "strtod overflows", rc, z);
	} else {
		FUZZ_CHECK(rc == NUM_OK, "num_parse gave %d on \"%s\"; "
		    "strtod reads %.17g", rc, z, r);
		FUZZ_CHECK(memcmp(&r, &v, sizeof r) == 0, "num_parse(\"%s\") "
		    "= %a, strtod = %a", z, v, r);
	}
	free(z);
	if (rc == NUM_OK) {
		oracle_num_format(v);
		*out = v;
	}
	return rc;
}

static void
oracle_num_format(double x)
{
	char buf[NUM_BUFSZ + 16], ref[64];
	locale_t old;
	size_t n;
	double y = 0;
	int p, rc;

	if (isnan(x) || isinf(x))
		return;
	memset(buf, 'x', sizeof buf);
	n = num_format(buf, x);
	FUZZ_CHECK(n < NUM_BUFSZ && strlen(buf) == n, "num_format(%a) "
	    "wrote %zu bytes", x, n);
	rc = num_parse(buf, n, &y);
	FUZZ_CHECK(rc == NUM_OK && fuzz_same_double(x, y), "num_format(%a) "
	    "= \"%s\", read back as %a (code %d)", x, buf, y, rc);
	if (x == 0)
		return;
	old = uselocale(oracle_c_locale());
	for (p = 1; p < 17; p++) {
		snprintf(ref, sizeof ref, "%.*g", p, x);
		if (strtod_l(ref, NULL, oracle_c_locale()) == x)
			break;
	}
	if (p == 17)
		snprintf(ref, sizeof ref, "%.*g", p, x);
	uselocale(old);
	FUZZ_CHECK(oracle_sig_digits(buf) <= (size_t)p, "num_format(%a) = "
	    "\"%s\", but \"%s\" has fewer digits and reads back", x, buf,
	    ref);
}

/* The documented num_parse_long, computed independently. */
static int
oracle_ref_long(const char *s, long min, long max, long *out)
{
	const char *p = s;
	__int128 v = 0;
	int neg = 0, big = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (*p == '\0')
		return NUM_SYNTAX;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return NUM_SYNTAX;
		if (!big) {
			v = v * 10 + (*p - '0');
			big = v > ((__int128)1 << 80);
		}
	}
	if (neg)
		v = -v;
	if (big || v < min || v > max)
		return NUM_RANGE;
	*out = (long)v;
	return NUM_OK;
}

/* num_parse_long on the C string s, checked against the reference. */
static int
oracle_num_parse_long(const char *s, long min, long max, long *out)
{
	long got = 12345, want = 54321;
	int rc = num_parse_long(s, min, max, &got);
	int ref = oracle_ref_long(s, min, max, &want);

	FUZZ_CHECK(rc == ref, "num_parse_long(\"%s\", %ld, %ld) gave %d, "
	    "expected %d", s, min, max, rc, ref);
	if (rc == NUM_OK) {
		FUZZ_CHECK(got == want, "num_parse_long(\"%s\") = %ld, "
		    "expected %ld", s, got, want);
		*out = got;
	}
	return rc;
}

#endif
