/*
 * date.c - calendar day numbers and the date formats of transaction
 * exports.
 */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"

/*
 * Days from civil date and back, by the era arithmetic of the proleptic
 * Gregorian calendar: 400-year eras of 146097 days, years counted from
 * March so that the leap day ends the year.
 */
int32_t
date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void
date_to_ymd(int32_t day, int *y, int *m, int *d)
{
	int32_t z = day + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
date_valid(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Read 1..max digits; returns how many were read (0 if none). */
static int
digits(const char **pp, const char *e, int max, int *val)
{
	const char *p = *pp;
	int n = 0, v = 0;

	while (p < e && n < max && *p >= '0' && *p <= '9') {
		v = v * 10 + (*p++ - '0');
		n++;
	}
	*pp = p;
	*val = v;
	return n;
}

/* A time of day "H:MM[:SS[.frac]]", hours up to 2 digits. */
static int
time_of_day(const char **pp, const char *e, int ampm)
{
	const char *p = *pp;
	int h, mi, sec;

	if (digits(&p, e, 2, &h) == 0 || p == e || *p++ != ':' ||
	    digits(&p, e, 2, &mi) != 2 || mi > 59)
		return 0;
	if (p < e && *p == ':') {
		p++;
		if (digits(&p, e, 2, &sec) != 2 || sec > 60)
			return 0;
		if (p < e && *p == '.') {
			p++;
			if (digits(&p, e, 9, &sec) == 0)
				return 0;
		}
	}
	if (ampm && p + 3 <= e && p[0] == ' ' &&
	    (p[1] == 'A' || p[1] == 'P' || p[1] == 'a' || p[1] == 'p') &&
	    (p[2] == 'M' || p[2] == 'm')) {
		if (h < 1 || h > 12)
			return 0;
		p += 3;
	} else if (h > 23) {
		return 0;
	}
	*pp = p;
	return 1;
}

/*
 * The shape of a recognised date: YYYY-MM-DD (sep '-', a = month, b =
 * day) or A/B/Y, A.B.Y (sep '/' or '.'), each with its time of day; 0 if
 * s[0..len) has none of these shapes.
 */
static int
date_shape(const char *s, size_t len, int *y, int *a, int *b, char *sep)
{
	const char *p = s, *e = s + len;
	int n;

	while (p < e && *p == ' ')
		p++;
	while (e > p && e[-1] == ' ')
		e--;
	if (e - p >= 5 && p[4] == '-') {
		*sep = '-';
		if (digits(&p, e, 4, y) != 4 || p == e || *p++ != '-' ||
		    digits(&p, e, 2, a) != 2 || p == e || *p++ != '-' ||
		    digits(&p, e, 2, b) != 2)
			return 0;
		if (p < e) {
			if (*p != ' ' && *p != 'T')
				return 0;
			p++;
			if (!time_of_day(&p, e, 0))
				return 0;
		}
		return p == e;
	}
	if (digits(&p, e, 2, a) == 0 || p == e || (*p != '/' && *p != '.'))
		return 0;
	*sep = *p++;
	if (digits(&p, e, 2, b) == 0 || p == e || *p++ != *sep)
		return 0;
	n = digits(&p, e, 4, y);
	if (n == 2)
		*y += *y >= 69 ? 1900 : 2000;
	else if (n != 4)
		return 0;
	if (p < e && (*p++ != ' ' || !time_of_day(&p, e, 1)))
		return 0;
	return p == e;
}

int
date_parse(const char *s, size_t len, int32_t *day)
{
	int y, m, d;
	char sep;

	/* A "month" over 12 means a day-first date: the format is not this
	 * one (--date-format reads it), rather than no such day. */
	if (!date_shape(s, len, &y, &m, &d, &sep) || sep == '.' ||
	    (sep == '/' && m > 12))
		return DATE_SYNTAX;
	if (!date_valid(y, m, d))
		return DATE_NODAY;
	*day = date_from_ymd(y, m, d);
	return DATE_OK;
}

int
date_parse_orders(const char *s, size_t len, int32_t day[2], int *orders)
{
	int y, a, b;
	char sep;

	if (!date_shape(s, len, &y, &a, &b, &sep))
		return DATE_SYNTAX;
	*orders = 0;
	if (date_valid(y, a, b)) {
		day[0] = date_from_ymd(y, a, b);
		*orders |= DATE_MONTH_FIRST;
	}
	if (sep == '-') {
		day[1] = day[0];
		*orders |= *orders << 1;
	} else if (date_valid(y, b, a)) {
		day[1] = date_from_ymd(y, b, a);
		*orders |= DATE_DAY_FIRST;
	}
	return *orders ? DATE_OK : DATE_NODAY;
}

int
date_parse_fmt(const char *s, const char *fmt, int32_t *day)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof tm);
	tm.tm_mday = -1;
	end = strptime(s, fmt, &tm);
	if (end == NULL)
		return DATE_SYNTAX;
	while (*end == ' ')
		end++;
	if (*end != '\0' || tm.tm_mday < 0)
		return DATE_SYNTAX;
	/* %s can give any year localtime gives; check it before adding 1900
	 * overflows an int (found by fuzzing). */
	if (tm.tm_year < 1 - 1900 || tm.tm_year > 9999 - 1900)
		return DATE_NODAY;
	if (!date_valid(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday))
		return DATE_NODAY;
	*day = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return DATE_OK;
}

int
date_parse_as_of(const char *s, const char *fmt, int32_t *day)
{
	char *date_part;
	time_t now;
	struct tm tm;
	int32_t both[2];
	int rc, orders;

	if (strcmp(s, "today") == 0) {
		now = time(NULL);
		if (localtime_r(&now, &tm) == NULL)
			return DATE_NODAY;
		*day = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday);
		return DATE_OK;
	}
	if (fmt == NULL) {
		if ((rc = date_parse_orders(s, strlen(s), both, &orders)) !=
		    DATE_OK)
			return rc;
		if (orders == 3 && both[0] != both[1])
			return DATE_EITHER;
		*day = both[orders == DATE_DAY_FIRST];
		return DATE_OK;
	}
	rc = date_parse_fmt(s, fmt, day);
	if (rc == DATE_SYNTAX && strlen(s) == 10 && s[4] == '-')
		rc = date_parse(s, 10, day);
	/* A bare date where the format has a time after a space. */
	if (rc == DATE_SYNTAX && strchr(fmt, ' ') != NULL) {
		date_part = rfm_xstrdup(fmt);
		*strchr(date_part, ' ') = '\0';
		rc = date_parse_fmt(s, date_part, day);
		free(date_part);
	}
	return rc;
}

const char *
date_strerror(int err)
{
	switch (err) {
	case DATE_OK:
		return "no error";
	case DATE_NODAY:
		return "no such day";
	case DATE_EITHER:
		return "month first or day first? (YYYY-MM-DD, or "
		    "--date-format, says which)";
	default:
		return "not a recognised date";
	}
}

void
date_format(char *buf, int32_t day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
		return;
	}
	/* by hand: snprintf was a fifth of writing a partial state */
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}
