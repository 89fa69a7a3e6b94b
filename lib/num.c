/*
 * num.c - locale-independent number parsing and shortest round-trip
 * printing.
 */
#include "num.h"

#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

static locale_t c_loc;

static void
make_c_locale(void)
{
	if ((c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0)) == (locale_t)0)
		rfm_die(RFM_ESOFTWARE, "cannot make the C locale: %s",
		    strerror(errno));
}

/* The "C" locale, made once for all threads. */
static locale_t
c_locale(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, make_c_locale);
	return c_loc;
}

/* Powers of ten that are exact doubles. */
static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Up to 19 significant digits and a decimal scale of at most 27 either
 * way: the mantissa and the power of ten are exact in x87's 64-bit long
 * double, so m / 10^k (or m x 10^k) is rounded once, to 64 bits.  Rounding
 * that to a double is then correct unless the long double lies exactly
 * on a midpoint between two doubles (its 11 extra bits 0x400), where the
 * true value may be on either side: then the general path decides.
 * Returns 1 with *out set, else 0.
 */
static int
num_parse_long_double(uint64_t m, int neg, int scale, double *out)
{
#if defined(__x86_64__) && LDBL_MANT_DIG == 64
	/* Exact in a 64-bit mantissa: 10^27 = 2^27 x 5^27, 5^27 < 2^64. */
	static const long double p10[28] = {
		1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L,
		1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L,
		1e19L, 1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L
	};
	long double q;
	union {
		long double ld;
		uint64_t w[2];
	} u;
	if (scale > 27 || scale < -27 || m == 0)
		return 0;
	q = scale >= 0 ? (long double)m / p10[scale] :
	    (long double)m * p10[-scale];
	memset(&u, 0, sizeof u);
	u.ld = q;
	if ((u.w[0] & 0x7ff) == 0x400)
		return 0;
	*out = neg ? -(double)q : (double)q;
	return isfinite(*out) && fabs(*out) >= DBL_MIN;
#else
	(void)m;
	(void)neg;
	(void)scale;
	(void)out;
	return 0;
#endif
}

/*
 * The common case, digits with an optional sign and point and at most 19
 * significant digits, in one scan: exact for 15 digits or fewer, else by
 * num_parse_long_double.  Returns 1 with *out set, or 0 to take the
 * general path.
 */
static int
num_parse_plain(const char *s, size_t len, double *out)
{
	const char *p = s, *e = s + len;
	uint64_t m = 0;
	int nsig = 0, nfrac = 0, ndigits = 0, neg = 0;

	if (p < e && *p == '-') {
		neg = 1;
		p++;
	}
	for (; p < e && (unsigned)(*p - '0') < 10; p++, ndigits++)
		if (m != 0 || *p != '0') {   /* leading zeros do not count */
			m = m * 10 + (uint64_t)(*p - '0');
			if (++nsig > 19)
				return 0;
		}
	if (p < e && *p == '.')
		for (p++; p < e && (unsigned)(*p - '0') < 10; p++, ndigits++) {
			nfrac++;
			if (m != 0 || *p != '0') {
				m = m * 10 + (uint64_t)(*p - '0');
				if (++nsig > 19)
					return 0;
			}
		}
	if (p != e || ndigits == 0)
		return 0;
	if (nsig <= 15 && nfrac <= 22) {
		*out = (double)m / pow10_exact[nfrac];
		if (neg)
			*out = -*out;
		return 1;
	}
	return num_parse_long_double(m, neg, nfrac, out);
}

/* num_parse beyond num_parse_plain: spaces, '+', exponents, long
 * mantissas, the errors.  Out of line, so that the common case saves no
 * registers for it. */
static __attribute__((noinline)) int
num_parse_general(const char *s, size_t len, double *out)
{
	char buf[128];
	char *copy, *end;
	const char *p, *e;
	uint64_t mant = 0;
	int ndig = 0, nfrac = 0, digits = 0, neg = 0, has_exp = 0, expo = 0;
	int eneg = 0;
	double v;

	while (len > 0 && is_space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	if (len == 0)
		return NUM_EMPTY;

	/* Check the syntax: [+-] digits [. digits] [eE [+-] digits]. */
	p = s;
	e = s + len;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; p < e && *p >= '0' && *p <= '9'; p++, digits++) {
		if (mant == 0 && *p == '0')
			continue;   /* leading zeros carry no precision */
		if (ndig < 19)
			mant = mant * 10 + (uint64_t)(*p - '0');
		ndig++;
	}
	if (p < e && *p == '.') {
		for (p++; p < e && *p >= '0' && *p <= '9'; p++, digits++) {
			nfrac++;
			if (mant == 0 && *p == '0')
				continue;
			if (ndig < 19)
				mant = mant * 10 + (uint64_t)(*p - '0');
			ndig++;
		}
	}
	if (digits == 0)
		return NUM_SYNTAX;
	if (p < e && (*p == 'e' || *p == 'E')) {
		has_exp = 1;
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == e || *p < '0' || *p > '9')
			return NUM_SYNTAX;
		while (p < e && *p >= '0' && *p <= '9') {
			if (expo < 100000)
				expo = expo * 10 + (*p - '0');
			p++;
		}
		if (eneg)
			expo = -expo;
	}
	if (p != e)
		return NUM_SYNTAX;

	/*
	 * Fast path: at most 15 significant digits and a small scale give an
	 * exactly representable mantissa divided by an exact power of ten,
	 * which IEEE division rounds correctly.
	 */
	if (!has_exp && ndig <= 15 && nfrac <= 22) {
		v = (double)mant / pow10_exact[nfrac];
		*out = neg ? -v : v;
		return NUM_OK;
	}
	if (ndig <= 19 && num_parse_long_double(mant, neg, nfrac - expo,
	    out))
		return NUM_OK;

	copy = len < sizeof buf ? buf : malloc(len + 1);
	if (copy == NULL)
		return NUM_RANGE;
	memcpy(copy, s, len);
	copy[len] = '\0';
	errno = 0;
	v = strtod_l(copy, &end, c_locale());
	if (copy != buf)
		free(copy);
	/* Underflow to zero or a subnormal is accepted; overflow is not. */
	if (isinf(v) || isnan(v))
		return NUM_RANGE;
	*out = v;
	return NUM_OK;
}

int
num_parse(const char *s, size_t len, double *out)
{
	if (num_parse_plain(s, len, out))
		return NUM_OK;
	return num_parse_general(s, len, out);
}

int
num_parse_comma(const char *s, size_t len, double *out)
{
	char buf[128], *copy = len < sizeof buf ? buf : malloc(len);
	size_t i;
	int rc = NUM_OK;

	if (copy == NULL)
		return NUM_RANGE;
	for (i = 0; i < len && rc == NUM_OK; i++) {
		copy[i] = s[i] == ',' ? '.' : s[i];
		if (s[i] == '.')
			rc = NUM_SYNTAX;
	}
	if (rc == NUM_OK)
		rc = num_parse(copy, len, out);
	if (copy != buf)
		free(copy);
	return rc;
}

const char *
num_strerror(int err)
{
	switch (err) {
	case NUM_OK:
		return "no error";
	case NUM_EMPTY:
		return "empty";
	case NUM_RANGE:
		return "out of range";
	default:
		return "not a number";
	}
}

static size_t
format_prec(char *buf, double x, int prec)
{
	locale_t old = uselocale(c_locale());
	int n = snprintf(buf, NUM_BUFSZ, "%.*g", prec, x);

	uselocale(old);
	return n < 0 ? 0 : (size_t)n;
}

/*
 * Amounts of money are mostly whole cents.  When x is the double nearest
 * m / 100 for an integer m below 10^15, that decimal, trailing zeros
 * dropped, is the shortest form: two decimals of at most 15 significant
 * digits are two different doubles, so no shorter one reads back as x,
 * and %.15g would print this one.  Returns its length, or 0 when x is
 * not such a number.
 */
static size_t
format_cents(char *buf, double x)
{
	double m = nearbyint(x * 100);
	uint64_t u, ip;
	char tmp[24], *p = buf;
	int n = 0, frac;

	if (!(fabs(m) < 1e15) || m / 100 != x)
		return 0;
	if (m < 0)
		*p++ = '-';
	u = (uint64_t)fabs(m);
	ip = u / 100;
	frac = (int)(u % 100);
	do
		tmp[n++] = (char)('0' + ip % 10);
	while ((ip /= 10) > 0);
	while (n > 0)
		*p++ = tmp[--n];
	if (frac != 0) {
		*p++ = '.';
		*p++ = (char)('0' + frac / 10);
		if (frac % 10 != 0)
			*p++ = (char)('0' + frac % 10);
	}
	*p = '\0';
	return (size_t)(p - buf);
}

size_t
num_format(char *buf, double x)
{
	size_t n;
	int prec;

	if (x == 0) {   /* also -0: "-0" would surprise every reader */
		buf[0] = '0';
		buf[1] = '\0';
		return 1;
	}
	if (isnan(x) || isinf(x)) {
		n = (size_t)snprintf(buf, NUM_BUFSZ, "%s",
		    isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");
		return n;
	}
	if ((n = format_cents(buf, x)) > 0)
		return n;
	/*
	 * The nearest 15-digit decimal is the shortest form whenever one of
	 * 15 digits or fewer reads back; otherwise try 16, and 17 always does.
	 * Subnormals carry fewer digits, so for them every precision is
	 * tried from 1.
	 */
	for (prec = fabs(x) < DBL_MIN ? 1 : 15; prec < 17; prec++) {
		n = format_prec(buf, x, prec);
		if (strtod_l(buf, NULL, c_locale()) == x)
			return n;
	}
	return format_prec(buf, x, 17);
}

int
num_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0' || (*s != '-' && *s != '+' &&
	    (*s < '0' || *s > '9')))
		return NUM_SYNTAX;
	errno = 0;
	v = strtol_l(s, &end, 10, c_locale());
	if (*end != '\0')
		return NUM_SYNTAX;
	if (errno == ERANGE || v < min || v > max)
		return NUM_RANGE;
	*out = v;
	return NUM_OK;
}

size_t
num_format_hex(char *buf, double x)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t b, m;
	char *p = buf, digits[24];
	int e, n = 0, i;

	memcpy(&b, &x, sizeof b);
	if (b >> 63)
		*p++ = '-';
	e = (int)(b >> 52 & 0x7ff);
	m = b & ((UINT64_C(1) << 52) - 1);
	*p++ = '0';
	*p++ = 'x';
	*p++ = e != 0 ? '1' : '0';
	if (e == 0 && m == 0)
		e = 1023;               /* 0x0p+0 */
	else if (e == 0)
		e = 1;                  /* subnormal: 0x0.xxxp-1022 */
	if (m != 0) {
		*p++ = '.';
		for (i = 48; i >= 0 && (m & ((UINT64_C(1) << (i + 4)) - 1));
		    i -= 4)
			*p++ = hex[m >> i & 15];
	}
	*p++ = 'p';
	e -= 1023;
	*p++ = e < 0 ? '-' : '+';
	if (e < 0)
		e = -e;
	do
		digits[n++] = (char)('0' + e % 10);
	while ((e /= 10) > 0);
	while (n > 0)
		*p++ = digits[--n];
	*p = '\0';
	return (size_t)(p - buf);
}

int
num_parse_hex(const char *s, size_t len, double *out)
{
	const char *end = s + len;
	uint64_t m;
	int neg = 0, nd = 0, e = 0, eneg = 0, ed = 0, d;

	if (s < end && *s == '-') {
		neg = 1;
		s++;
	}
	if (end - s < 5 || s[0] != '0' || s[1] != 'x' ||
	    (s[2] != '0' && s[2] != '1'))
		return NUM_SYNTAX;
	m = (uint64_t)(s[2] - '0');
	s += 3;
	if (s < end && *s == '.') {
		for (s++; s < end && *s != 'p'; s++, nd++) {
			if (*s >= '0' && *s <= '9')
				d = *s - '0';
			else if (*s >= 'a' && *s <= 'f')
				d = *s - 'a' + 10;
			else
				return NUM_SYNTAX;
			if (nd == 13)
				return NUM_SYNTAX;
			m = m << 4 | (uint64_t)d;
		}
		if (nd == 0)
			return NUM_SYNTAX;
	}
	if (end - s < 3 || *s != 'p' || (s[1] != '+' && s[1] != '-'))
		return NUM_SYNTAX;
	eneg = s[1] == '-';
	for (s += 2; s < end; s++, ed++) {
		if (*s < '0' || *s > '9' || ed == 4)
			return NUM_SYNTAX;
		e = e * 10 + (*s - '0');
	}
	if (ed == 0 || e > 1023 + 1074)
		return NUM_SYNTAX;
	*out = ldexp((double)m, (eneg ? -e : e) - 4 * nd);
	if (neg)
		*out = -*out;
	return isfinite(*out) ? NUM_OK : NUM_SYNTAX;
}
