/*
 * textenc.h - text in another encoding than UTF-8 made UTF-8, between
 * decompression (zread.h) and the CSV reader (csvin.h), so that every
 * byte the reader sees is UTF-8 and header names and keys compare as
 * UTF-8.
 *
 * Latin-1 (ISO-8859-1) maps each byte to the code point of its value.
 * Windows-1252 maps 0x80-0x9F by Microsoft's table (0x80 the euro sign,
 * 0x9F Y with diaeresis, ...) and the rest as Latin-1; the five bytes
 * that table leaves undefined (81 8D 8F 90 9D) map to U+0081, U+008D,
 * U+008F, U+0090 and U+009D, as the WHATWG Encoding Standard and Windows
 * map them.  So every byte is one character and two bytes are never the
 * same character: no two ids become one, and no byte is an error.
 * UTF-16, little- or big-endian, is made UTF-8 with its surrogate pairs;
 * a surrogate without its other half, or an odd last byte, is an error.
 * The bytes of the CSV structure (comma, semicolon, tab, bar, quote, CR,
 * LF) are ASCII in each encoding, so records split as they did before.
 *
 * A file that begins with a byte-order mark says its encoding: the UTF-16
 * ones are read as UTF-16 without being asked for, and an --encoding that
 * says otherwise is refused, as is a UTF-8 mark under another encoding:
 * the mark is proof, the option a claim.
 */
#ifndef RFMKIT_TEXTENC_H
#define RFMKIT_TEXTENC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

enum {
	TEXTENC_DEFAULT,   /* UTF-8, or UTF-16 when a byte-order mark says */
	TEXTENC_UTF8,
	TEXTENC_LATIN1,
	TEXTENC_CP1252,
	TEXTENC_UTF16,     /* UTF-16 in the order its byte-order mark says */
	TEXTENC_UTF16LE,
	TEXTENC_UTF16BE,
	TEXTENC_COUNT
};

/* The accepted names, for a usage message: "utf-8, latin1, ... or
 * utf-16be". */
extern const char textenc_names[];

/* The encoding an --encoding value names, in any case ("UTF-8", "utf8",
 * "ISO-8859-1", "windows-1252" ...), or -1. */
int textenc_parse(const char *s);

/* The name messages give an encoding: "utf-8", "latin1", "cp1252",
 * "utf-16", "utf-16le", "utf-16be" ("utf-8" for TEXTENC_DEFAULT). */
const char *textenc_name(int enc);

/* The byte Latin-1 or Windows-1252 writes code point cp as, or -1. */
int textenc_byte(int enc, uint32_t cp);

/* Whether p[0..n) is UTF-8: no overlong form, surrogate or code point
 * above U+10FFFF, no sequence cut short. */
int textenc_utf8_valid(const char *p, size_t n);

/* ---- the conversion, a buffer at a time ---- */

enum {
	TEXTCONV_OK,
	TEXTCONV_LONE_HIGH,    /* a high surrogate not followed by a low one */
	TEXTCONV_LONE_LOW,     /* a low surrogate after no high one */
	TEXTCONV_END_HIGH,     /* the text ends after a high surrogate */
	TEXTCONV_END_ODD       /* the text ends in the middle of a unit */
};

typedef struct textconv {
	int enc;               /* LATIN1, CP1252, UTF16LE or UTF16BE */
	int err;               /* TEXTCONV_OK, or what stopped it */
	unsigned bad;          /* the unit at fault */
	uint64_t bad_at;       /* ... and its offset in the input */
	uint64_t in_pos;       /* input bytes taken so far */
	long newlines;         /* UTF-16: newlines written so far, for the
				* line of an error */
	unsigned hi;           /* UTF-16: a high surrogate waiting, or 0 */
	uint64_t hi_at;
	int has_half;          /* UTF-16: half a unit taken, in half */
	unsigned char half;
	unsigned char pend[4]; /* a character's UTF-8 bytes that did not fit */
	unsigned npend, ppos;
} textconv;

void textconv_init(textconv *c, int enc);

/*
 * Convert in[0..n) into out[0..cap).  *used gets the input bytes taken:
 * all of them unless out is full; half a UTF-16 unit, a high surrogate
 * and a character's UTF-8 bytes that do not fit in out are kept for the
 * next call, so the input and the output may be cut anywhere.  Returns
 * the bytes written, or -1 when the input is not in the encoding (err,
 * bad and bad_at say why).
 */
ssize_t textconv_run(textconv *c, const void *in, size_t n, size_t *used,
    void *out, size_t cap);

/* The end of the input, once every byte is written: 0, or -1 when it
 * ends inside a unit or after a high surrogate. */
int textconv_end(textconv *c);

/* ---- a file, decompressed, in UTF-8 ---- */

typedef struct textin textin;

/* Read fd, named name in messages; decompressed as zread.h says. */
textin *textin_open(int fd, const char *name);

/* The encoding to read in, TEXTENC_DEFAULT unless set; before the first
 * textin_read. */
void textin_set_encoding(textin *t, int enc);

/*
 * Up to n bytes of the file, decompressed and in UTF-8: the count, 0 at
 * its end, or -1 with e filled (RFM_EIO, or RFM_EDATA: damaged compressed
 * data, text not in its encoding, a byte-order mark that contradicts the
 * encoding asked for, UTF-32).  In UTF-8, without a UTF-16 byte-order
 * mark, the bytes are read straight into buf, as they are; a UTF-8
 * byte-order mark is left to the reader.
 */
ssize_t textin_read(textin *t, void *buf, size_t n, rfm_error *e);

void textin_close(textin *t);

#endif
