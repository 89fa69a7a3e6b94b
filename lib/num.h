/*
 * num.h - numbers in text, independent of the locale.
 *
 * Parsing accepts plain decimal notation only ("12", "-3.5", ".5", "1e-3"),
 * with optional surrounding spaces; it refuses NaN, infinities, hex floats,
 * thousands separators and values that overflow a double.  Printing writes
 * the shortest decimal that reads back as the same double ("4310.5", never
 * "4310.500000000001").  Neither depends on LC_NUMERIC.
 */
#ifndef RFMKIT_NUM_H
#define RFMKIT_NUM_H

#include <stddef.h>

enum {
	NUM_OK = 0,
	NUM_EMPTY,   /* nothing but spaces */
	NUM_SYNTAX,  /* not a decimal number */
	NUM_RANGE    /* finite syntax, but too large for a double */
};

/* Parse s[0..len) as a double.  Returns NUM_OK or an error above. */
int num_parse(const char *s, size_t len, double *out);

/*
 * As num_parse, with a decimal comma: "2,55" is 2.55.  A point is refused
 * (NUM_SYNTAX): it would be a thousands separator, which is not read.
 */
int num_parse_comma(const char *s, size_t len, double *out);

/* A short description of a num_parse error, e.g. "not a number". */
const char *num_strerror(int err);

/* Longest text num_format can write, including the NUL. */
#define NUM_BUFSZ 32

/*
 * Write the shortest round-trip form of x into buf (NUM_BUFSZ bytes) and
 * return its length.  Integers are written without a decimal point; -0 is
 * written as "0".
 */
size_t num_format(char *buf, double x);

/*
 * Write x in the hexadecimal form of printf's %a ("-0x1.8p+1"), exact and
 * quick, into buf (NUM_BUFSZ bytes); returns its length.  For numbers that
 * only a machine reads (the rest of an exact sum in a partial state).
 */
size_t num_format_hex(char *buf, double x);

/* Read that form back: NUM_OK, or NUM_SYNTAX for anything else (a
 * finite number of at most 13 hexadecimal digits after the point). */
int num_parse_hex(const char *s, size_t len, double *out);

/*
 * Parse s as a decimal integer in [min, max].  Returns NUM_OK, NUM_SYNTAX
 * or NUM_RANGE.
 */
int num_parse_long(const char *s, long min, long max, long *out);

#endif
