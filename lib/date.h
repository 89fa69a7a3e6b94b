/*
 * date.h - calendar days.
 *
 * A day is an int32_t count of days since 1970-01-01 (proleptic Gregorian).
 * Times of day are checked for shape and then ignored: RFM counts whole
 * calendar days.
 */
#ifndef RFMKIT_DATE_H
#define RFMKIT_DATE_H

#include <stddef.h>
#include <stdint.h>

enum {
	DATE_OK = 0,
	DATE_SYNTAX,  /* not in a recognised format */
	DATE_NODAY,   /* the format fits but the day does not exist */
	DATE_EITHER   /* a day month first and another day first */
};

/* Day number of y-m-d; the arguments must form a valid date. */
int32_t date_from_ymd(int y, int m, int d);

/* The y-m-d of a day number. */
void date_to_ymd(int32_t day, int *y, int *m, int *d);

/* Whether y-m-d exists (month 1-12, day within the month). */
int date_valid(int y, int m, int d);

/*
 * Parse s[0..len) in one of the recognised formats:
 *   YYYY-MM-DD, optionally followed by ' ' or 'T' and HH:MM[:SS[.frac]]
 *   M/D/YYYY or M/D/YY (US order; YY 69-99 is 19YY, 00-68 is 20YY),
 *   optionally followed by ' ' and H:MM[:SS] and an optional AM or PM.
 * Surrounding spaces are allowed.  Returns DATE_OK, DATE_SYNTAX or
 * DATE_NODAY.
 */
int date_parse(const char *s, size_t len, int32_t *day);

/* The readings of date_parse_orders. */
enum {
	DATE_MONTH_FIRST = 1,   /* A/B/Y is month A, day B */
	DATE_DAY_FIRST = 2      /* A/B/Y is day A, month B */
};

/*
 * Parse s[0..len) where the order of day and month is not known:
 * YYYY-MM-DD as date_parse, or A/B/YYYY, A/B/YY, A.B.YYYY, A.B.YY (YY as
 * in date_parse), each optionally followed by ' ' and H:MM[:SS] and an
 * optional AM or PM.  *orders gets DATE_MONTH_FIRST when day[0], the day
 * read with A the month, exists, and DATE_DAY_FIRST when day[1], the day
 * read with A the day, exists; YYYY-MM-DD sets both, with the same day.
 * Returns DATE_OK when one reading exists, DATE_NODAY when the shape fits
 * but no reading is a day, else DATE_SYNTAX.
 */
int date_parse_orders(const char *s, size_t len, int32_t day[2], int *orders);

/*
 * Parse the NUL-terminated s with a strptime(3) format; the whole string
 * (but trailing spaces) must match.  The day must exist.
 */
int date_parse_fmt(const char *s, const char *fmt, int32_t *day);

/*
 * Parse a reference day given on the command line: with fmt (the data's
 * --date-format), by fmt or by its part before the first space (a date
 * without the time), else as date_parse_orders, where a date that is a
 * day both ways round is DATE_EITHER; a YYYY-MM-DD date is accepted
 * either way, and "today" is the local date.
 */
int date_parse_as_of(const char *s, const char *fmt, int32_t *day);

/* A short description of a date_parse error. */
const char *date_strerror(int err);

/* Write day as YYYY-MM-DD into buf (at least 16 bytes). */
void date_format(char *buf, int32_t day);

#endif
