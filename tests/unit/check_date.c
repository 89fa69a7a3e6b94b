/*
 * check_date.c - tests of lib/date: day numbers and back, which dates
 * exist, the recognised date formats of date_parse, date_parse_fmt with an
 * explicit strptime format, date_parse_as_of, and date_format.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "suites.h"

static int
parse(const char *s, int32_t *day)
{
	return date_parse(s, strlen(s), day);
}

/* Every day in [-800000, 800000] (years -221 to 4160): to y-m-d and back
 * gives the same day, and the next day is the calendar's next day. */
START_TEST(test_ymd_round_trip)
{
	int32_t day;
	int y, m, d, py = 0, pm = 0, pd = 0, first = 1;

	for (day = -800000; day <= 800000; day++) {
		date_to_ymd(day, &y, &m, &d);
		if (date_from_ymd(y, m, d) != day)
			ck_abort_msg("day %ld: %d-%d-%d gives %ld back",
			    (long)day, y, m, d, (long)date_from_ymd(y, m, d));
		if (m < 1 || m > 12 || d < 1 || d > 31)
			ck_abort_msg("day %ld: %d-%d-%d", (long)day, y, m, d);
		if (y >= 1 && y <= 9999 && !date_valid(y, m, d))
			ck_abort_msg("day %ld: %d-%d-%d not valid",
			    (long)day, y, m, d);
		if (!first) {
			int next = (d == pd + 1 && m == pm && y == py) ||
			    (d == 1 && m == pm + 1 && y == py) ||
			    (d == 1 && m == 1 && pm == 12 && pd == 31 &&
			    y == py + 1);

			if (!next)
				ck_abort_msg("day %ld: %d-%d-%d follows "
				    "%d-%d-%d", (long)day, y, m, d, py, pm,
				    pd);
			/* a month only ends on its last valid day */
			if (d == 1 && py >= 1 && py <= 9999 &&
			    date_valid(py, pm, pd + 1))
				ck_abort_msg("day %ld: %d-%d-%d skipped",
				    (long)day, py, pm, pd + 1);
		}
		py = y;
		pm = m;
		pd = d;
		first = 0;
	}
	date_to_ymd(-800000, &y, &m, &d);
	ck_assert_int_eq(y, -221);
	date_to_ymd(800000, &y, &m, &d);
	ck_assert_int_eq(y, 4160);
	ck_assert_int_eq(m, 4);
	ck_assert_int_eq(d, 29);
}
END_TEST

/* Day numbers checked against date(1): date -u -d DATE +%s / 86400. */
static const struct {
	int y, m, d;
	int32_t day;
} known[] = {
	{ 1970, 1, 1, 0 },
	{ 1969, 12, 31, -1 },
	{ 1970, 1, 2, 1 },
	{ 2000, 2, 29, 11016 },
	{ 2000, 3, 1, 11017 },
	{ 2010, 12, 1, 14944 },
	{ 2011, 12, 9, 15317 },
	{ 2011, 12, 10, 15318 },
	{ 1, 1, 1, -719162 },
	{ 9999, 12, 31, 2932896 },
	{ 1600, 3, 1, -135080 },
};

START_TEST(test_known_days)
{
	int y, m, d;

	ck_assert_int_eq(date_from_ymd(known[_i].y, known[_i].m, known[_i].d),
	    known[_i].day);
	date_to_ymd(known[_i].day, &y, &m, &d);
	ck_assert_int_eq(y, known[_i].y);
	ck_assert_int_eq(m, known[_i].m);
	ck_assert_int_eq(d, known[_i].d);
}
END_TEST

START_TEST(test_valid)
{
	ck_assert(date_valid(2000, 2, 29));     /* divisible by 400 */
	ck_assert(!date_valid(1900, 2, 29));    /* by 100, not 400 */
	ck_assert(date_valid(2012, 2, 29));
	ck_assert(!date_valid(2011, 2, 29));
	ck_assert(date_valid(2011, 2, 28));
	ck_assert(!date_valid(2000, 2, 30));
	ck_assert(!date_valid(2011, 4, 31));
	ck_assert(date_valid(2011, 4, 30));
	ck_assert(date_valid(2011, 12, 31));
	ck_assert(!date_valid(2011, 12, 32));
	ck_assert(date_valid(2011, 1, 31));
	ck_assert(!date_valid(2011, 0, 1));
	ck_assert(!date_valid(2011, 13, 1));
	ck_assert(!date_valid(2011, 1, 0));
	ck_assert(!date_valid(2011, 1, -1));
	ck_assert(date_valid(1, 1, 1));
	ck_assert(date_valid(9999, 12, 31));
}
END_TEST

static const struct {
	const char *s;
	int y, m, d;
} good[] = {
	{ "2011-12-09 12:50:00", 2011, 12, 9 },
	{ "2011-12-09T12:50", 2011, 12, 9 },
	{ "2011-12-09T12:50:00", 2011, 12, 9 },
	{ "2011-12-09 12:50:00.123456", 2011, 12, 9 },
	{ "2011-12-09 23:59:59", 2011, 12, 9 },
	{ "2011-12-09 00:00", 2011, 12, 9 },
	{ "2011-12-09", 2011, 12, 9 },
	{ "2000-02-29", 2000, 2, 29 },
	{ "12/9/2011 12:50", 2011, 12, 9 },
	{ "12/09/2011 08:26", 2011, 12, 9 },
	{ "12/9/2011 8:26", 2011, 12, 9 },
	{ "12/1/2010 8:26", 2010, 12, 1 },
	{ "12/9/11 12:50", 2011, 12, 9 },
	{ "1/2/69", 1969, 1, 2 },
	{ "1/2/68", 2068, 1, 2 },
	{ "1/2/99", 1999, 1, 2 },
	{ "1/2/00", 2000, 1, 2 },
	{ "12/9/2011", 2011, 12, 9 },
	{ "12/9/2011 12:50:00 PM", 2011, 12, 9 },
	{ "12/9/2011 12:50 AM", 2011, 12, 9 },
	{ "12/9/2011 1:05 pm", 2011, 12, 9 },
	{ "  2011-12-09 12:50  ", 2011, 12, 9 },
	{ " 12/9/2011 12:50 ", 2011, 12, 9 },
	{ "   2011-12-09", 2011, 12, 9 },
};

START_TEST(test_parse_good)
{
	int32_t day = -99;
	int rc = parse(good[_i].s, &day);

	ck_assert_msg(rc == DATE_OK, "date_parse(\"%s\") = %d", good[_i].s, rc);
	ck_assert_msg(day == date_from_ymd(good[_i].y, good[_i].m, good[_i].d),
	    "date_parse(\"%s\") gave day %ld", good[_i].s, (long)day);
}
END_TEST

/* Literal day numbers, not through date_from_ymd. */
START_TEST(test_parse_literal_days)
{
	int32_t day = 0;

	ck_assert_int_eq(parse("2011-12-09 12:50:00", &day), DATE_OK);
	ck_assert_int_eq(day, 15317);
	ck_assert_int_eq(parse("12/9/2011 12:50", &day), DATE_OK);
	ck_assert_int_eq(day, 15317);
	ck_assert_int_eq(parse("1970-01-01", &day), DATE_OK);
	ck_assert_int_eq(day, 0);
	ck_assert_int_eq(parse("12/31/69", &day), DATE_OK);
	ck_assert_int_eq(day, -1);
}
END_TEST

/* Only len bytes are read. */
START_TEST(test_parse_len_bounded)
{
	int32_t day = 0;

	ck_assert_int_eq(date_parse("2011-12-09xyz", 10, &day), DATE_OK);
	ck_assert_int_eq(day, 15317);
	ck_assert_int_eq(date_parse("2011-12-09 12:50", 10, &day), DATE_OK);
	ck_assert_int_eq(day, 15317);
	ck_assert_int_eq(date_parse("2011-12-09xyz", 11, &day), DATE_SYNTAX);
	ck_assert_int_eq(date_parse("2011-12-09", 0, &day), DATE_SYNTAX);
}
END_TEST

static const struct {
	const char *s;
	int err;
} bad[] = {
	{ "2011-02-30", DATE_NODAY },
	{ "2011-02-29", DATE_NODAY },
	{ "1900-02-29 10:00", DATE_NODAY },
	{ "2011-13-01", DATE_NODAY },
	{ "2011-00-10", DATE_NODAY },
	{ "2011-12-00", DATE_NODAY },
	{ "0000-01-01", DATE_NODAY },
	{ "13/1/2011", DATE_SYNTAX },   /* a "month" of 13: day-first, another format */
	{ "2/30/2011 10:00", DATE_NODAY },
	{ "0/1/2011", DATE_NODAY },
	{ "2011-12-09 25:00", DATE_SYNTAX },
	{ "2011-12-09 24:00", DATE_SYNTAX },
	{ "2011-12-09 12:60", DATE_SYNTAX },
	{ "2011-12-09 12:5", DATE_SYNTAX },
	{ "2011-12-09 12", DATE_SYNTAX },
	{ "2011-12-09 12:50:61", DATE_SYNTAX },
	{ "2011-12-09 12:50 PM", DATE_SYNTAX },
	{ "2011-12-09T", DATE_SYNTAX },
	{ "2011-12-09x", DATE_SYNTAX },
	{ "2011-12-9", DATE_SYNTAX },
	{ "2011-1-09", DATE_SYNTAX },
	{ "2011/12/09", DATE_SYNTAX },
	{ "09.12.2011", DATE_SYNTAX },
	{ "", DATE_SYNTAX },
	{ "   ", DATE_SYNTAX },
	{ "12/9/201", DATE_SYNTAX },
	{ "12/9/1", DATE_SYNTAX },
	{ "12/9/20111", DATE_SYNTAX },
	{ "12/9", DATE_SYNTAX },
	{ "12-9-2011", DATE_SYNTAX },
	{ "12/9/2011 13:00 PM", DATE_SYNTAX },
	{ "12/9/2011 0:30 AM", DATE_SYNTAX },
	{ "12/9/2011 12:50PM", DATE_SYNTAX },
	{ "12/9/2011T12:50", DATE_SYNTAX },
	{ "12/9/2011 12:50 PMx", DATE_SYNTAX },
	{ "yesterday", DATE_SYNTAX },
};

START_TEST(test_parse_bad)
{
	int32_t day = 4242;
	int rc = parse(bad[_i].s, &day);

	ck_assert_msg(rc == bad[_i].err, "date_parse(\"%s\") = %d, want %d",
	    bad[_i].s, rc, bad[_i].err);
}
END_TEST

START_TEST(test_parse_fmt)
{
	int32_t day = 0;

	ck_assert_int_eq(date_parse_fmt("09/12/2011 12:50", "%d/%m/%Y %H:%M",
	    &day), DATE_OK);
	ck_assert_int_eq(day, 15317);
	ck_assert_int_eq(date_parse_fmt("01/12/2010 08:26", "%d/%m/%Y %H:%M",
	    &day), DATE_OK);
	ck_assert_int_eq(day, 14944);
	/* trailing spaces are allowed, nothing else */
	ck_assert_int_eq(date_parse_fmt("09/12/2011 12:50  ", "%d/%m/%Y %H:%M",
	    &day), DATE_OK);
	ck_assert_int_eq(day, 15317);
	day = 7;
	ck_assert_int_eq(date_parse_fmt("09/12/2011 12:50x", "%d/%m/%Y %H:%M",
	    &day), DATE_SYNTAX);
	ck_assert_int_eq(date_parse_fmt("09/12/2011 12:50:00",
	    "%d/%m/%Y %H:%M", &day), DATE_SYNTAX);
	ck_assert_int_eq(date_parse_fmt("2011-12-09", "%d/%m/%Y %H:%M", &day),
	    DATE_SYNTAX);
	ck_assert_int_eq(date_parse_fmt("30/02/2011 10:00", "%d/%m/%Y %H:%M",
	    &day), DATE_NODAY);
	ck_assert_int_eq(date_parse_fmt("31/04/2011 10:00", "%d/%m/%Y %H:%M",
	    &day), DATE_NODAY);
	ck_assert_int_eq(date_parse_fmt("29/02/2000 10:00", "%d/%m/%Y %H:%M",
	    &day), DATE_OK);
	ck_assert_int_eq(day, 11016);
	ck_assert_int_eq(date_parse_fmt("2011.12.09", "%Y.%m.%d", &day),
	    DATE_OK);
	ck_assert_int_eq(day, 15317);
	/* a format without a day of month cannot name a day */
	ck_assert_int_eq(date_parse_fmt("2011-12", "%Y-%m", &day),
	    DATE_SYNTAX);
}
END_TEST

/* A reference day from the command line: like the data's dates, and
 * YYYY-MM-DD whatever the format. */
/* Both readings of a date: month first, day first, or both. */
static const struct {
	const char *s;
	int rc, orders;
	int32_t day[2];     /* per reading that exists */
} orders_cases[] = {
	{ "2011-12-09", DATE_OK, 3, { 15317, 15317 } },
	{ "12/9/2011", DATE_OK, 3, { 15317, 15229 } },
	{ "9/12/2011 10:00", DATE_OK, 3, { 15229, 15317 } },
	{ "05/05/2011", DATE_OK, 3, { 15099, 15099 } },
	{ "12/13/2011", DATE_OK, 1, { 15321, 0 } },
	{ "13/12/2011", DATE_OK, 2, { 0, 15321 } },
	{ "13.12.11 9:00 PM", DATE_OK, 2, { 0, 15321 } },
	{ "31/04/2011", DATE_NODAY, 0, { 0, 0 } },
	{ "13/13/2011", DATE_NODAY, 0, { 0, 0 } },
	{ "2/30/2012", DATE_NODAY, 0, { 0, 0 } },
	{ "12/9.2011", DATE_SYNTAX, 0, { 0, 0 } },
	{ "12-9-2011", DATE_SYNTAX, 0, { 0, 0 } },
	{ "12.9.2011 25:00", DATE_SYNTAX, 0, { 0, 0 } },
};

START_TEST(test_parse_orders)
{
	int32_t day[2] = { 0, 0 };
	int orders = 0, rc, i;

	rc = date_parse_orders(orders_cases[_i].s,
	    strlen(orders_cases[_i].s), day, &orders);
	ck_assert_msg(rc == orders_cases[_i].rc, "\"%s\": rc %d",
	    orders_cases[_i].s, rc);
	if (rc != DATE_OK)
		return;
	ck_assert_int_eq(orders, orders_cases[_i].orders);
	for (i = 0; i < 2; i++)
		if (orders >> i & 1)
			ck_assert_msg(day[i] == orders_cases[_i].day[i],
			    "\"%s\" reading %d: day %ld", orders_cases[_i].s,
			    i, (long)day[i]);
}
END_TEST

START_TEST(test_parse_as_of)
{
	int32_t day = 0;

	/* no format: the recognised formats */
	ck_assert_int_eq(date_parse_as_of("2011-12-09", NULL, &day), DATE_OK);
	ck_assert_int_eq(day, 15317);
	ck_assert_int_eq(date_parse_as_of("12/19/2011", NULL, &day), DATE_OK);
	ck_assert_int_eq(day, 15327);
	/* a day both ways round is refused; one way only is read */
	ck_assert_int_eq(date_parse_as_of("12/9/2011", NULL, &day),
	    DATE_EITHER);
	ck_assert_int_eq(date_parse_as_of("13/12/2011", NULL, &day), DATE_OK);
	ck_assert_int_eq(day, 15321);
	ck_assert_int_eq(date_parse_as_of("9.13.2011", NULL, &day), DATE_OK);
	ck_assert_int_eq(day, 15230);
	ck_assert_int_eq(date_parse_as_of("9-12-2011", NULL, &day),
	    DATE_SYNTAX);
	ck_assert_int_eq(date_parse_as_of("2011-02-29", NULL, &day),
	    DATE_NODAY);
	/* with the data's format */
	ck_assert_int_eq(date_parse_as_of("09/12/2011", "%d/%m/%Y", &day),
	    DATE_OK);
	ck_assert_int_eq(day, 15317);
	ck_assert_int_eq(date_parse_as_of("2011-12-09", "%d/%m/%Y", &day),
	    DATE_OK);
	ck_assert_int_eq(day, 15317);
	ck_assert_int_eq(date_parse_as_of("30/02/2011", "%d/%m/%Y", &day),
	    DATE_NODAY);
	ck_assert_int_eq(date_parse_as_of("2011-02-30", "%d/%m/%Y", &day),
	    DATE_NODAY);
	/* the format decides: no US reading then */
	ck_assert_int_eq(date_parse_as_of("12/9/2011 10:00", "%d/%m/%Y", &day),
	    DATE_SYNTAX);
	ck_assert_int_eq(date_parse_as_of("2011-12-09 10:00", "%d/%m/%Y",
	    &day), DATE_SYNTAX);
	ck_assert_int_eq(date_parse_as_of("", "%d/%m/%Y", &day), DATE_SYNTAX);
}
END_TEST

START_TEST(test_format)
{
	char buf[16];

	date_format(buf, 0);
	ck_assert_str_eq(buf, "1970-01-01");
	date_format(buf, 15317);
	ck_assert_str_eq(buf, "2011-12-09");
	date_format(buf, -1);
	ck_assert_str_eq(buf, "1969-12-31");
	date_format(buf, 11016);
	ck_assert_str_eq(buf, "2000-02-29");
	date_format(buf, -719162);
	ck_assert_str_eq(buf, "0001-01-01");
	date_format(buf, 2932896);
	ck_assert_str_eq(buf, "9999-12-31");
}
END_TEST

/* date_format then date_parse gives the day back, across four centuries. */
START_TEST(test_format_parse_round_trip)
{
	char buf[16];
	int32_t day, back;

	for (day = date_from_ymd(1900, 1, 1);
	    day <= date_from_ymd(2300, 12, 31); day++) {
		date_format(buf, day);
		back = -1;
		if (parse(buf, &back) != DATE_OK || back != day)
			ck_abort_msg("day %ld: \"%s\" reads back as %ld",
			    (long)day, buf, (long)back);
	}
}
END_TEST

START_TEST(test_strerror)
{
	ck_assert_str_ne(date_strerror(DATE_SYNTAX), date_strerror(DATE_NODAY));
	ck_assert_str_eq(date_strerror(DATE_NODAY), "no such day");
}
END_TEST

Suite *
suite_date(void)
{
	Suite *s = suite_create("date");
	TCase *tc;

	tc = tcase_create("days");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_ymd_round_trip);
	tcase_add_loop_test(tc, test_known_days, 0,
	    (int)(sizeof known / sizeof known[0]));
	tcase_add_test(tc, test_valid);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_parse_good, 0,
	    (int)(sizeof good / sizeof good[0]));
	tcase_add_test(tc, test_parse_literal_days);
	tcase_add_test(tc, test_parse_len_bounded);
	tcase_add_loop_test(tc, test_parse_bad, 0,
	    (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, test_parse_fmt);
	tcase_add_loop_test(tc, test_parse_orders, 0,
	    sizeof orders_cases / sizeof *orders_cases);
	tcase_add_test(tc, test_parse_as_of);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_format_parse_round_trip);
	tcase_add_test(tc, test_strerror);
	suite_add_tcase(s, tc);
	return s;
}
