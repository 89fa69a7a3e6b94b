/*
 * testutil.h - helpers shared by the unit tests: a temporary directory
 * for the files of one test and files in it, a temporary file holding
 * given bytes, a fixed-seed generator, and small helpers that fail the
 * test instead of returning an error.
 */
#ifndef RFMKIT_UNIT_TESTUTIL_H
#define RFMKIT_UNIT_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- a temporary directory for the files of one test ---- */

/* The directory of the running test, made by a setup with temp_dir. */
extern char dir[512];

/* Make a new directory "parent/prefix.XXXXXX" into buf (size bytes);
 * parent NULL: $TMPDIR, or /tmp when that is unset or empty. */
void temp_dir(char *buf, size_t size, const char *parent,
    const char *prefix);

/* Remove path and everything under it; a missing path is no error. */
void rm_tree(const char *path);

/* The teardown of a checked fixture: remove dir and its files. */
void dir_teardown(void);

/* The path of name in dir (a static buffer per call slot, 4 slots). */
const char *path_of(const char *name);

/* Write text into the file name in dir; return its path. */
const char *put_file(const char *name, const char *text, size_t len);

/* The first 2 MiB - 1 bytes of a file, NUL-terminated (freed by the
 * caller). */
char *slurp(const char *path);

/* ---- other helpers ---- */

/* A temporary file holding data, positioned at its start. */
FILE *temp_with(const char *data, size_t len);

/* A fixed-seed xorshift64: the same sequence on every run. */
uint64_t xorshift64(uint64_t *s);

/* A copy of s (freed by the caller); fails the test when out of memory. */
char *xdup(const char *s);

/* Bitwise equality: tells -0 from 0 and checks the exact double. */
int same_double(double a, double b);

/* The shortest form of x, for expected outputs (a static buffer per
 * call slot, 16 slots). */
const char *fmt(double x);

#endif
