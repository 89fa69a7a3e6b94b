/*
 * tsv.h - writing the TSV that rfmkit's filters exchange.
 *
 * Fields are separated by tabs, records end with "\n".  Keys may hold any
 * byte; the four that would break the format are escaped as "linear TSV"
 * does: tab as \t, newline as \n, carriage return as \r, backslash as \\.
 */
#ifndef RFMKIT_TSV_H
#define RFMKIT_TSV_H

#include <stddef.h>
#include <stdio.h>

/* Write key escaped. */
void tsv_put_key(FILE *out, const char *key, size_t len);

/* Write a number in its shortest round-trip form. */
void tsv_put_num(FILE *out, double x);

/*
 * Write at most max bytes of s for a message: quoted, with control and
 * non-ASCII bytes as \xHH and "..." when cut.  buf needs 4 * max + 8 bytes.
 */
const char *tsv_show(char *buf, const char *s, size_t len, size_t max);

/* names[0..n) as "a, b, c" into buf (size bytes), for a message; with
 * show, each as tsv_show shows it ("a", "b", "c"). */
void tsv_join(char *buf, size_t size, char *const *names, size_t n,
    int show);

#endif
