/*
 * textenc_oracle.h - what a file's bytes must read as through textin
 * (lib/textenc.c), for the textenc and csv_extract fuzzers, restated
 * from rfm-extract(1)'s Encodings: a UTF-32 mark is refused; a UTF-16
 * mark (FF FE, FE FF) makes the file UTF-16 in that order unless the
 * encoding asked for is another (refused); a UTF-8 mark (EF BB BF) is
 * kept for the CSV reader under the default and utf-8, refused under
 * any other; without a mark, utf-16 is refused (but for an empty file),
 * the default and utf-8 are the bytes as they are, and the others are
 * converted.  The conversion is textconv's in one call, with room to
 * spare: the fuzzers compare a file read a piece at a time with it (the
 * conversion itself is checked by fuzz_textenc).  Compressed input is
 * left to zread's own checks.
 */
#ifndef RFMKIT_TEXTENC_ORACLE_H
#define RFMKIT_TEXTENC_ORACLE_H

#include <stdlib.h>
#include <string.h>

#include "textenc.h"

/* Whether b[0..n) begins as a compressed file does (lib/zread.c): then
 * zread decompresses it first, and the oracle, which does not, is no
 * reference. */
static int
oracle_compressed(const void *p, size_t n)
{
	const unsigned char *b = p;

	return (n >= 2 && memcmp(b, "\x1f\x8b", 2) == 0) ||
	    (n >= 6 && memcmp(b, "\xfd" "7zXZ\0", 6) == 0) ||
	    (n >= 4 && memcmp(b, "\x28\xb5\x2f\xfd", 4) == 0) ||
	    (n >= 4 && memcmp(b, "BZh", 3) == 0 && b[3] >= '1' && b[3] <= '9');
}

/* *out (malloc'd, *len bytes) gets what b[0..n) reads as in encoding
 * enc; returns 0, or -1 when it is refused (*out untouched or NULL). */
static int
oracle_text(const unsigned char *b, size_t n, int enc, char **out,
    size_t *len)
{
	size_t skip = 0, used;
	ssize_t made;
	textconv c;
	int conv = 0;

	if (n >= 4 && (memcmp(b, "\xff\xfe\0\0", 4) == 0 ||
	    memcmp(b, "\0\0\xfe\xff", 4) == 0))
		return -1;
	if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) ||
	    (b[0] == 0xfe && b[1] == 0xff))) {
		conv = b[0] == 0xff ? TEXTENC_UTF16LE : TEXTENC_UTF16BE;
		if (enc != TEXTENC_DEFAULT && enc != TEXTENC_UTF16 &&
		    enc != conv)
			return -1;
		skip = 2;
	} else if (n >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0) {
		if (enc != TEXTENC_DEFAULT && enc != TEXTENC_UTF8)
			return -1;
	} else if (enc == TEXTENC_UTF16) {
		if (n > 0)
			return -1;
	} else if (enc != TEXTENC_DEFAULT && enc != TEXTENC_UTF8)
		conv = enc;
	*out = malloc(3 * n + 4);
	if (*out == NULL)
		abort();
	if (conv == 0) {
		memcpy(*out, b, n);
		*len = n;
		return 0;
	}
	textconv_init(&c, conv);
	made = textconv_run(&c, b + skip, n - skip, &used, *out, 3 * n + 4);
	if (made < 0 || used != n - skip || textconv_end(&c) < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*len = (size_t)made;
	return 0;
}

#endif
