/*
 * fuzz_date.c - date_parse, date_parse_orders, date_parse_fmt and
 * date_parse_as_of (lib/date.c).
 *
 * Input: one control byte, then the text.  date_parse gets the text in an
 * exact-size buffer (it takes a length and must not read past it);
 * date_parse_fmt and date_parse_as_of get it as a C string, with the
 * format chosen by the control byte from the list below, or (index 15)
 * taken from the text itself, up to its first '|' (--date-format is the
 * user's).
 *
 * Asserted, for every parser: a day returned is a day that exists
 * (date_to_ymd gives a y-m-d that date_valid accepts, date_from_ymd maps
 * back to the same day, date_format prints YYYY-MM-DD that date_parse
 * reads back as the same day).  For date_parse, against its
 * documentation: the y-m-d returned are the digits of the text (ISO
 * YYYY-MM-DD, or US M/D/YYYY and M/D/YY with 69-99 as 19YY, 00-68 as
 * 20YY); DATE_NODAY only when those digits do not form a day; and plain
 * "YYYY-MM-DD" or "M/D/YYYY" is accepted when the day exists, else no
 * such day (or, M/D/Y with a "month" over 12, not this format); dotted
 * dates are not its.  date_parse_orders: each reading (month first, day
 * first) exists exactly when its digits form a day, and is that day.
 * date_parse_as_of without a format is the one day of date_parse_orders
 * (DATE_EITHER when there are two); with one, a valid YYYY-MM-DD is
 * accepted whatever the format (as documented).
 */
#define FUZZ_READ_IMPL
#include "fuzz.h"

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const formats[] = {
	"%Y-%m-%d",
	"%Y-%m-%d %H:%M:%S",
	"%m/%d/%Y %H:%M",
	"%d/%m/%Y %H:%M",
	"%d.%m.%Y",
	"%Y%m%d",
	"%s",
	"%d %b %Y",
	"%y-%m-%d",
	"%Y-%j",
	"%d/%m/%y %I:%M %p",
	"%D",
	"%F %T",
	"%e-%b-%y",
	"%Y-%m-%dT%H:%M:%S%z",
};

static void
check_day(int32_t day, const char *who, const char *s)
{
	char buf[16];
	int y, m, d;
	int32_t back = 0;

	date_to_ymd(day, &y, &m, &d);
	FUZZ_CHECK(date_valid(y, m, d), "%s(\"%s\") = day %ld = %d-%d-%d",
	    who, s, (long)day, y, m, d);
	FUZZ_CHECK(date_from_ymd(y, m, d) == day, "%s(\"%s\"): day %ld is "
	    "%d-%d-%d, which is day %ld", who, s, (long)day, y, m, d,
	    (long)date_from_ymd(y, m, d));
	date_format(buf, day);
	FUZZ_CHECK(strlen(buf) == 10 && date_parse(buf, 10, &back) ==
	    DATE_OK && back == day, "%s(\"%s\"): day %ld printed \"%s\", "
	    "read back as %ld", who, s, (long)day, buf, (long)back);
}

/* Up to max digits at *p; the count (0: none). */
static int
take_digits(const char **p, const char *e, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (*p < e && n < max && **p >= '0' && **p <= '9') {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

/*
 * The y-m-d written at the start of the trimmed text, as documented:
 * returns 1 with y, m, d when the text starts with YYYY-MM-DD or
 * M/D/YYYY or M/D/YY, or the same with dots (month first here); *exact
 * is set when that is the whole text, *sep to '-', '/' or '.'.
 */
static int
written_ymd(const char *s, size_t n, int *y, int *m, int *d, int *exact,
    char *sep)
{
	const char *p = s, *e = s + n;
	int k;

	while (p < e && *p == ' ')
		p++;
	while (e > p && e[-1] == ' ')
		e--;
	*sep = '-';
	if (e - p >= 5 && p[4] == '-') {
		if (take_digits(&p, e, 4, y) != 4 || p == e || *p++ != '-' ||
		    take_digits(&p, e, 2, m) != 2 || p == e || *p++ != '-' ||
		    take_digits(&p, e, 2, d) != 2)
			return 0;
	} else {
		if (take_digits(&p, e, 2, m) == 0 || p == e ||
		    (*p != '/' && *p != '.'))
			return 0;
		*sep = *p++;
		if (take_digits(&p, e, 2, d) == 0 || p == e || *p++ != *sep)
			return 0;
		k = take_digits(&p, e, 4, y);
		if (k == 2)
			*y += *y >= 69 ? 1900 : 2000;
		else if (k != 4)
			return 0;
	}
	*exact = p == e;
	return 1;
}

static void
fuzz_parse(const char *text, size_t n, const char *show)
{
	char *exact = fuzz_exact((const uint8_t *)text, n);
	int32_t day = 0;
	int rc = date_parse(exact, n, &day), y, m, d, wy, wm, wd, whole = 0;
	char sep;
	int written = written_ymd(text, n, &wy, &wm, &wd, &whole, &sep);

	free(exact);
	FUZZ_CHECK(rc == DATE_OK || rc == DATE_SYNTAX || rc == DATE_NODAY,
	    "date_parse returned %d", rc);
	FUZZ_CHECK(!written || sep != '.' || rc == DATE_SYNTAX, "date_parse"
	    "(\"%s\") gave %d for a date with dots", show, rc);
	if (rc == DATE_OK) {
		check_day(day, "date_parse", show);
		FUZZ_CHECK(written, "date_parse accepted \"%s\", which does "
		    "not start with a recognised date", show);
		date_to_ymd(day, &y, &m, &d);
		FUZZ_CHECK(y == wy && m == wm && d == wd, "date_parse(\"%s\") "
		    "= %d-%d-%d, the text says %d-%d-%d", show, y, m, d, wy,
		    wm, wd);
	}
	if (rc == DATE_NODAY)
		FUZZ_CHECK(written && !date_valid(wy, wm, wd), "date_parse"
		    "(\"%s\"): no such day, but the text says %d-%d-%d", show,
		    wy, wm, wd);
	/* A plain date is read; one that does not exist is no such day,
	 * or not this format at all for a US "month" over 12 (day first). */
	if (written && whole && sep != '.')
		FUZZ_CHECK(date_valid(wy, wm, wd) ? rc == DATE_OK :
		    rc == DATE_NODAY || (rc == DATE_SYNTAX && wm > 12 &&
		    sep == '/'), "date_parse(\"%s\") gave %d on the "
		    "plain date %d-%d-%d", show, rc, wy, wm, wd);
}

/*
 * date_parse_orders against its documentation: each reading exists
 * exactly when the digits form that day, and is that day; ISO dates have
 * one reading, both ways round.
 */
static void
fuzz_orders(const char *text, size_t n, const char *show)
{
	char *exact = fuzz_exact((const uint8_t *)text, n), sep;
	int32_t day[2] = { 0, 0 };
	int orders = 0, rc = date_parse_orders(exact, n, day, &orders);
	int wy, wm, wd, whole = 0, want, i, ok;
	int written = written_ymd(text, n, &wy, &wm, &wd, &whole, &sep);

	free(exact);
	FUZZ_CHECK(rc == DATE_OK || rc == DATE_SYNTAX || rc == DATE_NODAY,
	    "date_parse_orders returned %d", rc);
	if (!written) {
		FUZZ_CHECK(rc == DATE_SYNTAX, "date_parse_orders(\"%s\") "
		    "gave %d for no recognised date", show, rc);
		return;
	}
	want = date_valid(wy, wm, wd) | (sep == '-' ? date_valid(wy, wm,
	    wd) : date_valid(wy, wd, wm)) << 1;
	if (whole)
		FUZZ_CHECK(rc == (want ? DATE_OK : DATE_NODAY),
		    "date_parse_orders(\"%s\") gave %d", show, rc);
	if (rc != DATE_OK)
		return;
	FUZZ_CHECK(orders == want, "date_parse_orders(\"%s\"): readings "
	    "%d, the digits give %d", show, orders, want);
	for (i = 0; i < 2; i++) {
		if (!(orders >> i & 1))
			continue;
		check_day(day[i], "date_parse_orders", show);
		ok = day[i] == (i == 0 || sep == '-' ?
		    date_from_ymd(wy, wm, wd) : date_from_ymd(wy, wd, wm));
		FUZZ_CHECK(ok, "date_parse_orders(\"%s\"): reading %d is "
		    "day %ld", show, i, (long)day[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *fmt = NULL, *bar;
	const char *text;
	int32_t day = 0, both[2] = { 0, 0 };
	int rc, rc2, wy, wm, wd, whole = 0, iso, orders = 0;
	char sep;
	unsigned sel;

	if (size < 1)
		return 0;
	sel = data[0];
	data++;
	size--;
	s = fuzz_cstr(data, size);
	fuzz_parse((const char *)data, size, s);
	fuzz_orders((const char *)data, size, s);

	/* The format: one of the list, or the text up to its first '|'. */
	text = s;
	if ((sel & 15) == 15) {
		if ((bar = strchr(s, '|')) == NULL)
			goto out;
		*bar = '\0';
		fmt = s;
		text = bar + 1;
	} else if ((sel & 15) < sizeof formats / sizeof *formats) {
		fmt = (char *)formats[sel & 15];
	}
	if (fmt != NULL) {
		rc = date_parse_fmt(text, fmt, &day);
		FUZZ_CHECK(rc == DATE_OK || rc == DATE_SYNTAX ||
		    rc == DATE_NODAY, "date_parse_fmt returned %d", rc);
		if (rc == DATE_OK)
			check_day(day, "date_parse_fmt", text);
	}

	/* --as-of: with the format, or (bit 4) without one. */
	if (sel & 16)
		fmt = NULL;
	rc = date_parse_as_of(text, fmt, &day);
	if (rc == DATE_OK)
		check_day(day, "date_parse_as_of", text);
	/* Without a format, the one day of date_parse_orders, or
	 * DATE_EITHER for two. */
	if (fmt == NULL && strcmp(text, "today") != 0) {
		rc2 = date_parse_orders(text, strlen(text), both, &orders);
		if (rc2 == DATE_OK && orders == 3 && both[0] != both[1])
			rc2 = DATE_EITHER;
		FUZZ_CHECK(rc == rc2 && (rc != DATE_OK ||
		    day == both[orders == DATE_DAY_FIRST]),
		    "date_parse_as_of(\"%s\", NULL) gave %d (day %ld), "
		    "date_parse_orders %d", text, rc, (long)day, rc2);
	}
	iso = strlen(text) == 10 && written_ymd(text, 10, &wy, &wm, &wd,
	    &whole, &sep) && whole && text[4] == '-';
	if (iso && date_valid(wy, wm, wd))
		FUZZ_CHECK(rc == DATE_OK, "date_parse_as_of(\"%s\", \"%s\") "
		    "refused a YYYY-MM-DD date (%d)", text, fmt ? fmt : "(none)",
		    rc);
out:
	free(s);
	return 0;
}
