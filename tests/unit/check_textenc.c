/*
 * check_textenc.c - tests of lib/textenc: the names --encoding takes;
 * every Latin-1 and Windows-1252 byte against its code point (and against
 * glibc's iconv where it has the table); UTF-16 in both orders with
 * surrogate pairs, against UTF-8 written here and through iconv; input
 * and output cut anywhere, inside a UTF-16 unit, a surrogate pair or a
 * character's UTF-8 bytes; the errors and where they are; and files
 * through textin: byte-order marks, the bytes of UTF-8 untouched,
 * contradictions refused, short reads.
 */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csvin.h"
#include "suites.h"
#include "testutil.h"
#include "textenc.h"

/* The whole of in[0..n) converted in one call, with room to spare, and
 * the end; rc gets the outcome. */
static char *
convert(int enc, const void *in, size_t n, size_t *len, int *rc,
    textconv *c)
{
	char *out = malloc(4 * n + 4);
	size_t used;
	ssize_t made;

	ck_assert_ptr_nonnull(out);
	textconv_init(c, enc);
	made = textconv_run(c, in, n, &used, out, 4 * n + 4);
	*rc = made < 0 ? -1 : textconv_end(c);
	if (made >= 0)
		ck_assert_uint_eq(used, n);
	*len = made < 0 ? 0 : (size_t)made;
	return out;
}

/* The same, the input given in pieces of step bytes and the output taken
 * in pieces of cap bytes. */
static char *
convert_pieces(int enc, const unsigned char *in, size_t n, size_t step,
    size_t cap, size_t *len, int *rc, textconv *c)
{
	char *out = malloc(4 * n + 4 + cap);
	size_t i = 0, k, used, o = 0, calls = 0;
	ssize_t made;

	ck_assert_ptr_nonnull(out);
	textconv_init(c, enc);
	*rc = 0;
	for (;;) {
		k = n - i < step ? n - i : step;
		made = textconv_run(c, in + i, k, &used, out + o, cap);
		if (made < 0) {
			*rc = -1;
			break;
		}
		ck_assert_uint_le((size_t)made, cap);
		i += used;
		o += (size_t)made;
		ck_assert_uint_lt(++calls, 8 * n + 100);
		if (i == n && made == 0) {
			*rc = textconv_end(c);
			break;
		}
	}
	*len = o;
	return out;
}

/* in[0..n) in encoding enc must read as want[0..wlen), whole and in
 * pieces of every size up to 9 bytes in and out. */
static void
reads_as(int enc, const void *in, size_t n, const char *want, size_t wlen)
{
	textconv c;
	size_t len, step, cap;
	char *got;
	int rc;

	got = convert(enc, in, n, &len, &rc, &c);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(len, wlen);
	ck_assert(memcmp(got, want, wlen) == 0);
	free(got);
	for (step = 1; step <= 9; step++)
		for (cap = 1; cap <= 9; cap++) {
			got = convert_pieces(enc, in, n, step, cap, &len, &rc,
			    &c);
			ck_assert_msg(rc == 0 && len == wlen &&
			    memcmp(got, want, wlen) == 0,
			    "pieces of %zu in, %zu out", step, cap);
			free(got);
		}
}

START_TEST(test_names)
{
	static const struct {
		const char *name;
		int enc;
	} ok[] = {
		{ "utf-8", TEXTENC_UTF8 }, { "UTF-8", TEXTENC_UTF8 },
		{ "utf8", TEXTENC_UTF8 }, { "Utf8", TEXTENC_UTF8 },
		{ "latin1", TEXTENC_LATIN1 }, { "latin-1", TEXTENC_LATIN1 },
		{ "LATIN1", TEXTENC_LATIN1 }, { "iso-8859-1", TEXTENC_LATIN1 },
		{ "ISO-8859-1", TEXTENC_LATIN1 },
		{ "iso8859-1", TEXTENC_LATIN1 },
		{ "cp1252", TEXTENC_CP1252 }, { "CP1252", TEXTENC_CP1252 },
		{ "windows-1252", TEXTENC_CP1252 },
		{ "Windows-1252", TEXTENC_CP1252 },
		{ "utf-16", TEXTENC_UTF16 }, { "UTF16", TEXTENC_UTF16 },
		{ "utf-16le", TEXTENC_UTF16LE },
		{ "UTF-16LE", TEXTENC_UTF16LE },
		{ "utf16le", TEXTENC_UTF16LE }, { "utf-16be", TEXTENC_UTF16BE },
		{ "UTF-16BE", TEXTENC_UTF16BE }, { "utf16be", TEXTENC_UTF16BE },
	};
	static const char *const bad[] = { "", "utf", "utf-7", "utf-32",
	    "latin", "latin9", "iso-8859-15", "cp-1252", "1252", "ascii",
	    "utf-8 ", " utf-8", "utf-16-le" };
	size_t i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		ck_assert_msg(textenc_parse(ok[i].name) == ok[i].enc, "%s",
		    ok[i].name);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(textenc_parse(bad[i]) == -1, "'%s'", bad[i]);
	for (i = TEXTENC_UTF8; i < TEXTENC_COUNT; i++) {
		ck_assert_int_eq(textenc_parse(textenc_name((int)i)), (int)i);
		ck_assert_ptr_nonnull(strstr(textenc_names,
		    textenc_name((int)i)));
	}
}
END_TEST

/* The UTF-8 of a code point below U+0800. */
static size_t
utf8_2(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	o[0] = (char)(0xC0 | cp >> 6);
	o[1] = (char)(0x80 | (cp & 0x3F));
	return 2;
}

START_TEST(test_latin1)
{
	unsigned char in[256];
	char want[512];
	size_t n = 0;
	unsigned b;

	for (b = 0; b < 256; b++) {
		in[b] = (unsigned char)b;
		n += utf8_2(want + n, b);
		ck_assert_int_eq(textenc_byte(TEXTENC_LATIN1, b), (int)b);
	}
	reads_as(TEXTENC_LATIN1, in, 256, want, n);
	ck_assert_int_eq(textenc_byte(TEXTENC_LATIN1, 0x100), -1);
	ck_assert_int_eq(textenc_byte(TEXTENC_LATIN1, 0x20AC), -1);
}
END_TEST

/*
 * Windows-1252 0x80-0x9F as UTF-8, from the Unicode Consortium's
 * CP1252.TXT; the five undefined bytes as the C1 control of their value.
 */
static const char *const cp1252_utf8[32] = {
	"\xe2\x82\xac",  /* 80 EURO SIGN */
	"\xc2\x81",      /* 81 undefined */
	"\xe2\x80\x9a",  /* 82 SINGLE LOW-9 QUOTATION MARK */
	"\xc6\x92",      /* 83 LATIN SMALL LETTER F WITH HOOK */
	"\xe2\x80\x9e",  /* 84 DOUBLE LOW-9 QUOTATION MARK */
	"\xe2\x80\xa6",  /* 85 HORIZONTAL ELLIPSIS */
	"\xe2\x80\xa0",  /* 86 DAGGER */
	"\xe2\x80\xa1",  /* 87 DOUBLE DAGGER */
	"\xcb\x86",      /* 88 MODIFIER LETTER CIRCUMFLEX ACCENT */
	"\xe2\x80\xb0",  /* 89 PER MILLE SIGN */
	"\xc5\xa0",      /* 8A LATIN CAPITAL LETTER S WITH CARON */
	"\xe2\x80\xb9",  /* 8B SINGLE LEFT-POINTING ANGLE QUOTATION MARK */
	"\xc5\x92",      /* 8C LATIN CAPITAL LIGATURE OE */
	"\xc2\x8d",      /* 8D undefined */
	"\xc5\xbd",      /* 8E LATIN CAPITAL LETTER Z WITH CARON */
	"\xc2\x8f",      /* 8F undefined */
	"\xc2\x90",      /* 90 undefined */
	"\xe2\x80\x98",  /* 91 LEFT SINGLE QUOTATION MARK */
	"\xe2\x80\x99",  /* 92 RIGHT SINGLE QUOTATION MARK */
	"\xe2\x80\x9c",  /* 93 LEFT DOUBLE QUOTATION MARK */
	"\xe2\x80\x9d",  /* 94 RIGHT DOUBLE QUOTATION MARK */
	"\xe2\x80\xa2",  /* 95 BULLET */
	"\xe2\x80\x93",  /* 96 EN DASH */
	"\xe2\x80\x94",  /* 97 EM DASH */
	"\xcb\x9c",      /* 98 SMALL TILDE */
	"\xe2\x84\xa2",  /* 99 TRADE MARK SIGN */
	"\xc5\xa1",      /* 9A LATIN SMALL LETTER S WITH CARON */
	"\xe2\x80\xba",  /* 9B SINGLE RIGHT-POINTING ANGLE QUOTATION MARK */
	"\xc5\x93",      /* 9C LATIN SMALL LIGATURE OE */
	"\xc2\x9d",      /* 9D undefined */
	"\xc5\xbe",      /* 9E LATIN SMALL LETTER Z WITH CARON */
	"\xc5\xb8",      /* 9F LATIN CAPITAL LETTER Y WITH DIAERESIS */
};

static int
cp1252_undefined(unsigned b)
{
	return b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D;
}

/* The code point of the UTF-8 s. */
static unsigned
code_point(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] < 0x80)
		return p[0];
	if (p[0] < 0xE0)
		return (p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu);
	return (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
}

START_TEST(test_cp1252)
{
	unsigned char in[256];
	char want[1024], one[4];
	size_t n = 0, k;
	unsigned b;

	for (b = 0; b < 256; b++) {
		in[b] = (unsigned char)b;
		if (b >= 0x80 && b < 0xA0) {
			k = strlen(cp1252_utf8[b - 0x80]);
			memcpy(want + n, cp1252_utf8[b - 0x80], k);
		} else
			k = utf8_2(want + n, b);
		/* one byte alone, and back */
		reads_as(TEXTENC_CP1252, in + b, 1, want + n, k);
		memcpy(one, want + n, k);
		one[k] = '\0';
		ck_assert_int_eq(textenc_byte(TEXTENC_CP1252,
		    code_point(one)), (int)b);
		n += k;
	}
	reads_as(TEXTENC_CP1252, in, 256, want, n);
	/* what 0x80-0x9F stand for in Latin-1 is not Windows-1252 */
	ck_assert_int_eq(textenc_byte(TEXTENC_CP1252, 0x80), -1);
	ck_assert_int_eq(textenc_byte(TEXTENC_CP1252, 0x9F), -1);
	ck_assert_int_eq(textenc_byte(TEXTENC_CP1252, 0x81), 0x81);
	ck_assert_int_eq(textenc_byte(TEXTENC_CP1252, 0x100), -1);
	ck_assert_int_eq(textenc_byte(TEXTENC_UTF16LE, 'a'), -1);
}
END_TEST

/* glibc's own table agrees on every defined byte, and leaves undefined
 * the same five bytes (skipped where iconv has no CP1252). */
START_TEST(test_cp1252_iconv)
{
	iconv_t cd = iconv_open("UTF-8", "CP1252");
	char in[1], out[8], *ip, *op, *got;
	size_t il, ol, len;
	unsigned b;
	textconv c;
	int rc;

	if (cd == (iconv_t)-1)
		return;
	for (b = 0; b < 256; b++) {
		in[0] = (char)b;
		ip = in;
		il = 1;
		op = out;
		ol = sizeof out;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
			ck_assert_msg(cp1252_undefined(b) && errno == EILSEQ,
			    "iconv refuses %02X", b);
			continue;
		}
		ck_assert_msg(!cp1252_undefined(b), "iconv reads %02X", b);
		got = convert(TEXTENC_CP1252, in, 1, &len, &rc, &c);
		ck_assert_int_eq(rc, 0);
		ck_assert_msg(len == sizeof out - ol &&
		    memcmp(got, out, len) == 0, "byte %02X", b);
		free(got);
	}
	iconv_close(cd);
}
END_TEST

/* units[0..n) as UTF-16 bytes in the order le says, into b. */
static size_t
utf16_bytes(unsigned char *b, const unsigned *units, size_t n, int le)
{
	size_t i;

	for (i = 0; i < n; i++) {
		b[2 * i + !le] = (unsigned char)(units[i] & 0xFF);
		b[2 * i + le] = (unsigned char)(units[i] >> 8);
	}
	return 2 * n;
}

START_TEST(test_utf16)
{
	/* A, newline, u umlaut, euro, G clef (U+1D11E), a face (U+1F600),
	 * NUL, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF */
	static const unsigned units[] = { 0x41, 0x0A, 0xFC, 0x20AC, 0xD834,
	    0xDD1E, 0xD83D, 0xDE00, 0x00, 0xD7FF, 0xE000, 0xFFFF, 0xD800,
	    0xDC00, 0xDBFF, 0xDFFF };
	static const char want[] = "A\n\xc3\xbc\xe2\x82\xac\xf0\x9d\x84\x9e"
	    "\xf0\x9f\x98\x80" "\0" "\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf"
	    "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf";
	unsigned char b[64];
	size_t n;
	textconv c;
	char *got;
	int rc;

	n = utf16_bytes(b, units, sizeof units / sizeof units[0], 1);
	reads_as(TEXTENC_UTF16LE, b, n, want, sizeof want - 1);
	got = convert(TEXTENC_UTF16LE, b, n, &n, &rc, &c);
	ck_assert_int_eq(c.newlines, 1);
	free(got);
	n = utf16_bytes(b, units, sizeof units / sizeof units[0], 0);
	reads_as(TEXTENC_UTF16BE, b, n, want, sizeof want - 1);
	reads_as(TEXTENC_UTF16BE, b, 0, "", 0);
}
END_TEST

/* The newlines of ASCII text in UTF-16, which is copied four units at
 * a time: each counted once, whatever the pieces. */
START_TEST(test_utf16_newlines)
{
	static const char text[] = "ab\nc\n\n\n\nde\nf\n\n\n\n\nghij\n\n"
	    "\n\n\nklmnopq\n\n\n";
	unsigned units[64];
	unsigned char b[128];
	size_t i, n, len, nl = 0;
	textconv c;
	char *got;
	int le, rc;

	for (i = 0; text[i] != '\0'; i++) {
		units[i] = (unsigned char)text[i];
		nl += text[i] == '\n';
	}
	for (le = 0; le < 2; le++) {
		n = utf16_bytes(b, units, sizeof text - 1, le);
		reads_as(le ? TEXTENC_UTF16LE : TEXTENC_UTF16BE, b, n, text,
		    sizeof text - 1);
		for (i = 1; i <= 9; i++) {
			got = convert_pieces(le ? TEXTENC_UTF16LE :
			    TEXTENC_UTF16BE, b, n, i, 5, &len, &rc, &c);
			ck_assert_int_eq(rc, 0);
			ck_assert_int_eq(c.newlines, (long)nl);
			free(got);
		}
	}
}
END_TEST

/* Code points from the whole of Unicode but the surrogates, as UTF-8,
 * through iconv to UTF-16, and back here. */
START_TEST(test_utf16_iconv)
{
	static const char *const order[] = { "UTF-16LE", "UTF-16BE" };
	uint64_t seed = 12345;
	char *u8 = malloc(40000), *u16 = malloc(40000), *ip, *op, *got;
	size_t n = 0, il, ol, len, k;
	unsigned cp;
	iconv_t cd;
	textconv c;
	int i, rc;

	ck_assert_ptr_nonnull(u8);
	ck_assert_ptr_nonnull(u16);
	while (n < 30000) {
		k = xorshift64(&seed) % 4;
		cp = (unsigned)(xorshift64(&seed) % (k == 0 ? 0x80 : k == 1 ?
		    0x800 : k == 2 ? 0x10000 : 0x110000));
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		if (cp < 0x80)
			u8[n++] = (char)cp;
		else if (cp < 0x800)
			n += utf8_2(u8 + n, cp);
		else if (cp < 0x10000) {
			u8[n++] = (char)(0xE0 | cp >> 12);
			u8[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
			u8[n++] = (char)(0x80 | (cp & 0x3F));
		} else {
			u8[n++] = (char)(0xF0 | cp >> 18);
			u8[n++] = (char)(0x80 | (cp >> 12 & 0x3F));
			u8[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
			u8[n++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	ck_assert(textenc_utf8_valid(u8, n));
	for (i = 0; i < 2; i++) {
		if ((cd = iconv_open(order[i], "UTF-8")) == (iconv_t)-1)
			continue;
		ip = u8;
		il = n;
		op = u16;
		ol = 40000;
		ck_assert_uint_ne(iconv(cd, &ip, &il, &op, &ol), (size_t)-1);
		iconv_close(cd);
		got = convert(i == 0 ? TEXTENC_UTF16LE : TEXTENC_UTF16BE, u16,
		    40000 - ol, &len, &rc, &c);
		ck_assert_int_eq(rc, 0);
		ck_assert_uint_eq(len, n);
		ck_assert(memcmp(got, u8, n) == 0);
		free(got);
	}
	free(u8);
	free(u16);
}
END_TEST

/* in[0..n) given in two pieces cut at cut, read into an output of cap
 * bytes at a time, must be want[0..wlen). */
static void
cut_reads_as(int enc, const unsigned char *in, size_t n, size_t cut,
    size_t cap, const char *want, size_t wlen)
{
	size_t i = 0, o = 0, end, used;
	char out[256];
	ssize_t made;
	textconv c;

	textconv_init(&c, enc);
	for (end = cut;; end = n) {
		do {
			made = textconv_run(&c, in + i, end - i, &used,
			    out + o, cap);
			ck_assert_int_ge(made, 0);
			ck_assert_uint_le((size_t)made, cap);
			i += used;
			o += (size_t)made;
		} while (i < end || made > 0);
		if (end == n)
			break;
	}
	ck_assert_int_eq(textconv_end(&c), 0);
	ck_assert_msg(o == wlen && memcmp(out, want, wlen) == 0,
	    "%s cut at %zu, out %zu", textenc_name(enc), cut, cap);
}

/* A text with a character of each UTF-8 length, cut at every byte into
 * two pieces (inside a UTF-16 unit, between the two of a surrogate
 * pair) and read into an output of every size from 1 to 5 (which cuts
 * characters' UTF-8 bytes). */
START_TEST(test_cuts)
{
	static const unsigned units[] = { 'a', 0xE9, '\n', 0x20AC, 0xD83D,
	    0xDE00, 'b', 0xD834, 0xDD1E, 0x7FF, 0x800 };
	static const unsigned char w1252[] = "a\xe9\n\x80\x9f\xff\x81z";
	const unsigned char *in;
	unsigned char b[64];
	size_t n, cut, cap, len;
	textconv c;
	char *want;
	int enc, rc;

	for (enc = TEXTENC_LATIN1; enc <= TEXTENC_UTF16BE; enc++) {
		if (enc == TEXTENC_UTF16)
			continue;
		if (enc == TEXTENC_LATIN1 || enc == TEXTENC_CP1252) {
			in = w1252;
			n = sizeof w1252 - 1;
		} else {
			n = utf16_bytes(b, units, sizeof units /
			    sizeof units[0], enc == TEXTENC_UTF16LE);
			in = b;
		}
		want = convert(enc, in, n, &len, &rc, &c);
		ck_assert_int_eq(rc, 0);
		for (cut = 0; cut <= n; cut++)
			for (cap = 1; cap <= 5; cap++)
				cut_reads_as(enc, in, n, cut, cap, want, len);
		free(want);
	}
}
END_TEST

/* What is not UTF-16: where, and what. */
START_TEST(test_utf16_errors)
{
	static const struct {
		unsigned units[6];
		size_t n;
		int err;
		unsigned bad;
		uint64_t at;
		long newlines;
	} t[] = {
		{ { 'a', 0xD800, 'b' }, 3, TEXTCONV_LONE_HIGH, 0xD800, 2, 0 },
		{ { '\n', 0xDBFF, 0xD800 }, 3, TEXTCONV_LONE_HIGH, 0xDBFF, 2,
		  1 },
		{ { 0xD83D, '\n' }, 2, TEXTCONV_LONE_HIGH, 0xD83D, 0, 0 },
		{ { 'a', '\n', 0xDC00 }, 3, TEXTCONV_LONE_LOW, 0xDC00, 4, 1 },
		{ { 0xD834, 0xDD1E, 0xDFFF }, 3, TEXTCONV_LONE_LOW, 0xDFFF, 4,
		  0 },
		{ { 'a', 0xDBFF }, 2, TEXTCONV_END_HIGH, 0xDBFF, 2, 0 },
	};
	unsigned char b[16];
	size_t i, n, len, step;
	textconv c;
	char *got;
	int le, rc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		for (le = 0; le < 2; le++)
			for (step = 1; step <= 13; step += 12) {
				n = utf16_bytes(b, t[i].units, t[i].n, le);
				got = convert_pieces(le ? TEXTENC_UTF16LE :
				    TEXTENC_UTF16BE, b, n, step, 3, &len, &rc,
				    &c);
				ck_assert_int_eq(rc, -1);
				ck_assert_int_eq(c.err, t[i].err);
				ck_assert_uint_eq(c.bad, t[i].bad);
				ck_assert_uint_eq(c.bad_at, t[i].at);
				ck_assert_int_eq(c.newlines, t[i].newlines);
				free(got);
			}
	/* an odd byte at the end, in both orders and after a pair */
	for (n = 1; n <= 7; n += 2) {
		memcpy(b, "a\0\x3d\xd8\x00\xde\n\0", 8);
		got = convert(TEXTENC_UTF16LE, b, n, &len, &rc, &c);
		ck_assert_int_eq(rc, -1);
		ck_assert_int_eq(c.err, TEXTCONV_END_ODD);
		ck_assert_uint_eq(c.bad_at, n - 1);
		free(got);
	}
	/* after an error, nothing more */
	got = convert(TEXTENC_UTF16LE, "\0\xdc", 2, &len, &rc, &c);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(textconv_run(&c, "a\0", 2, &len, b, sizeof b), -1);
	free(got);
}
END_TEST

START_TEST(test_utf8_valid)
{
	static const char *const ok[] = { "", "abc", "\xc3\xbc", "\xc2\x80",
	    "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80",
	    "\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf",
	    "St\xc3\xbc" "ck" };
	static const char *const bad[] = { "\x80", "\xbf", "\xc0\x80",
	    "\xc1\xbf", "\xc3", "\xc3x", "\xe0\x80\x80", "\xe0\x9f\xbf",
	    "\xed\xa0\x80", "\xed\xbf\xbf", "\xe2\x82", "\xf0\x80\x80\x80",
	    "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
	    "\xff", "\xfe", "St\xfc" "ck", "\xf0\x9f\x98" };
	size_t i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		ck_assert_msg(textenc_utf8_valid(ok[i], strlen(ok[i])), "%zu",
		    i);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!textenc_utf8_valid(bad[i], strlen(bad[i])),
		    "%zu", i);
	ck_assert(textenc_utf8_valid("a\0b", 3));
}
END_TEST

/* ---- files ---- */

/* All of fd through textin in encoding enc, in pieces of step bytes. */
static char *
read_file(int fd, int enc, size_t step, size_t *len, int *rc, rfm_error *e)
{
	textin *t = textin_open(fd, "t.csv");
	size_t cap = 1 << 16, n = 0;
	char *out = malloc(cap);
	ssize_t got;

	ck_assert_ptr_nonnull(out);
	textin_set_encoding(t, enc);
	*rc = 0;
	for (;;) {
		if (n + step > cap) {
			cap = 2 * (n + step);
			out = realloc(out, cap);
			ck_assert_ptr_nonnull(out);
		}
		if ((got = textin_read(t, out + n, step, e)) < 0) {
			*rc = -1;
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	textin_close(t);
	*len = n;
	return out;
}

/* f[0..n) read in enc, from a file in pieces of several sizes and from
 * a pipe that a child fills three bytes at a time, must be want. */
static void
file_reads_as(const void *f, size_t n, int enc, const char *want,
    size_t wlen)
{
	static const size_t steps[] = { 1, 2, 3, 5, 4096 };
	FILE *t = temp_with(f, n);
	int fd[2], status, rc;
	size_t i, len;
	rfm_error e;
	pid_t pid;
	char *got;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		ck_assert_int_eq(lseek(fileno(t), 0, SEEK_SET), 0);
		got = read_file(fileno(t), enc, steps[i], &len, &rc, &e);
		ck_assert_msg(rc == 0, "%s", e.msg);
		ck_assert_msg(len == wlen && memcmp(got, want, wlen) == 0,
		    "%s in pieces of %zu", textenc_name(enc), steps[i]);
		free(got);
	}
	fclose(t);
	ck_assert_int_eq(pipe(fd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fd[0]);
		for (i = 0; i < n; i += 3)
			if (write(fd[1], (const char *)f + i,
			    n - i < 3 ? n - i : 3) < 0)
				_exit(1);
		_exit(0);
	}
	close(fd[1]);
	got = read_file(fd[0], enc, 4096, &len, &rc, &e);
	close(fd[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(rc == 0, "%s", e.msg);
	ck_assert(len == wlen && memcmp(got, want, wlen) == 0);
	free(got);
}

/* f[0..n) read in enc must fail with RFM_EDATA and message msg. */
static void
file_refused(const void *f, size_t n, int enc, const char *msg)
{
	FILE *t = temp_with(f, n);
	rfm_error e;
	size_t len;
	char *got;
	int rc;

	memset(&e, 0, sizeof e);
	got = read_file(fileno(t), enc, 4096, &len, &rc, &e);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(e.code, RFM_EDATA);
	ck_assert_str_eq(e.msg, msg);
	free(got);
	fclose(t);
}

START_TEST(test_file_utf8)
{
	/* bytes as they are, byte-order mark and invalid UTF-8 included:
	 * the reader strips the one and keys are the other */
	static const char *const t[] = { "", "a", "ab", "abc", "abcd",
	    "\xef\xbb\xbf" "a,b\n", "\xef\xbb", "\xff", "\xfe",
	    "id\xe9,\xff\xfe" "x\n", "\0\0\0", "\xfe\xfe\xff" };
	size_t i;
	int enc;

	for (enc = TEXTENC_DEFAULT; enc <= TEXTENC_UTF8; enc++)
		for (i = 0; i < sizeof t / sizeof t[0]; i++)
			file_reads_as(t[i], strlen(t[i]) + (i == 10 ? 3 : 0),
			    enc, t[i], strlen(t[i]) + (i == 10 ? 3 : 0));
}
END_TEST

/* A message, formatted (a static buffer). */
static const char *
msg(const char *fmt, ...)
{
	static char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return buf;
}

START_TEST(test_file_marks)
{
	static const char le[] = "\xff\xfe" "a\0\xfc\0\n\0\x3d\xd8\0\xde";
	static const char be[] = "\xfe\xff" "\0a\0\xfc\0\n\xd8\x3d\xde\0";
	static const char want[] = "a\xc3\xbc\n\xf0\x9f\x98\x80";
	int enc;

	file_reads_as(le, sizeof le - 1, TEXTENC_DEFAULT, want,
	    sizeof want - 1);
	file_reads_as(be, sizeof be - 1, TEXTENC_DEFAULT, want,
	    sizeof want - 1);
	file_reads_as(le, sizeof le - 1, TEXTENC_UTF16, want, sizeof want - 1);
	file_reads_as(be, sizeof be - 1, TEXTENC_UTF16BE, want,
	    sizeof want - 1);
	/* without the mark, when asked for */
	file_reads_as(le + 2, sizeof le - 3, TEXTENC_UTF16LE, want,
	    sizeof want - 1);
	file_reads_as(be + 2, sizeof be - 3, TEXTENC_UTF16BE, want,
	    sizeof want - 1);
	/* the mark alone, and nothing */
	file_reads_as("\xff\xfe", 2, TEXTENC_DEFAULT, "", 0);
	file_reads_as("", 0, TEXTENC_UTF16, "", 0);
	file_reads_as("", 0, TEXTENC_CP1252, "", 0);
	/* Latin-1 and Windows-1252 */
	file_reads_as("St\xfc" "ck\n\x80", 7, TEXTENC_LATIN1,
	    "St\xc3\xbc" "ck\n\xc2\x80", 9);
	file_reads_as("St\xfc" "ck\n\x80", 7, TEXTENC_CP1252,
	    "St\xc3\xbc" "ck\n\xe2\x82\xac", 10);
	for (enc = TEXTENC_UTF8; enc < TEXTENC_COUNT; enc++)
		if (enc != TEXTENC_UTF16 && enc != TEXTENC_UTF16LE)
			file_refused(le, sizeof le - 1, enc, msg("t.csv: the "
			    "file begins with a UTF-16LE byte-order mark, but "
			    "--encoding says %s: without --encoding it is read "
			    "as the mark says", textenc_name(enc)));
}
END_TEST

START_TEST(test_file_refused)
{
	int enc;

	for (enc = TEXTENC_LATIN1; enc < TEXTENC_COUNT; enc++)
		file_refused("\xef\xbb\xbf" "a\n", 5, enc, msg("t.csv: the "
		    "file begins with a UTF-8 byte-order mark, but --encoding "
		    "says %s: without --encoding it is read as the mark says",
		    textenc_name(enc)));
	file_refused("\xfe\xff\0a", 4, TEXTENC_UTF16LE, "t.csv: the file "
	    "begins with a UTF-16BE byte-order mark, but --encoding says "
	    "utf-16le: without --encoding it is read as the mark says");
	file_refused("a\0b\0", 4, TEXTENC_UTF16, "t.csv: --encoding utf-16 "
	    "takes the byte order from a byte-order mark, and the file "
	    "begins with none: --encoding utf-16le or utf-16be says which");
	file_refused("a", 1, TEXTENC_UTF16, "t.csv: --encoding utf-16 "
	    "takes the byte order from a byte-order mark, and the file "
	    "begins with none: --encoding utf-16le or utf-16be says which");
	for (enc = TEXTENC_DEFAULT; enc < TEXTENC_COUNT; enc++) {
		file_refused("\xff\xfe\0\0a\0\0\0", 8, enc, "t.csv: the "
		    "file begins with a UTF-32LE byte-order mark, and UTF-32 "
		    "is not read: iconv -f UTF-32 -t UTF-8 converts it");
		file_refused("\0\0\xfe\xff\0\0\0a", 8, enc, "t.csv: the "
		    "file begins with a UTF-32BE byte-order mark, and UTF-32 "
		    "is not read: iconv -f UTF-32 -t UTF-8 converts it");
	}
	/* not UTF-16: the line and the byte of the mistake */
	file_refused("\xff\xfe" "a\0\n\0\0\xdc", 8, TEXTENC_DEFAULT,
	    "t.csv:2: not UTF-16LE at byte 6: the low surrogate DC00 follows "
	    "no high one: the file is damaged, or not UTF-16LE");
	file_refused("\xfe\xff\0\n\0\n\xd8\0\0b", 10, TEXTENC_DEFAULT,
	    "t.csv:3: not UTF-16BE at byte 6: the high surrogate D800 is not "
	    "followed by a low one: the file is damaged, or not UTF-16BE");
	file_refused("\xff\xfe" "a\0\0\xd8", 6, TEXTENC_UTF16,
	    "t.csv:1: the UTF-16LE text ends after the high surrogate D800 "
	    "at byte 4, without its low one: the file is cut short, or "
	    "damaged");
	file_refused("\xff\xfe" "a\0\n\0b", 7, TEXTENC_DEFAULT,
	    "t.csv:2: the UTF-16LE text ends in the middle of a character, "
	    "after an odd number of bytes (7): the file is cut short, or not "
	    "UTF-16LE");
	file_refused("a\0\n", 3, TEXTENC_UTF16LE, "t.csv:1: the UTF-16LE "
	    "text ends in the middle of a character, after an odd number of "
	    "bytes (3): the file is cut short, or not UTF-16LE");
}
END_TEST

/* Through the CSV reader: the header and the fields in UTF-8. */
START_TEST(test_csv)
{
	static const char w[] = "Kunde;St\xfc" "ck\n\x80" "1;2\n";
	static const char le[] = "\xff\xfe" "K\0;\0\xfc\0\r\0\n\0\x3d\xd8"
	    "\0\xde;\0" "1\0\n\0";
	FILE *t = temp_with(w, sizeof w - 1);
	csv_input *in = csv_input_new(fileno(t), "t.csv");
	csv_row hdr;
	rfm_error e;

	csv_input_set_delim(in, ';');
	csv_input_set_encoding(in, TEXTENC_CP1252);
	ck_assert_int_eq(csv_input_header(in, &hdr, &e), RFM_OK);
	ck_assert_uint_eq(hdr.n, 2);
	ck_assert_str_eq(hdr.f[1].p, "St\xc3\xbc" "ck");
	csv_input_free(in);
	fclose(t);
	t = temp_with(le, sizeof le - 1);
	in = csv_input_new(fileno(t), "t.csv");
	csv_input_set_delim(in, ';');
	ck_assert_int_eq(csv_input_header(in, &hdr, &e), RFM_OK);
	ck_assert_uint_eq(hdr.n, 2);
	ck_assert_str_eq(hdr.f[0].p, "K");
	ck_assert_str_eq(hdr.f[1].p, "\xc3\xbc");
	ck_assert_int_eq(hdr.line, 1);
	csv_input_free(in);
	fclose(t);
}
END_TEST

Suite *
suite_textenc(void)
{
	Suite *s = suite_create("textenc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_latin1);
	tcase_add_test(tc, test_cp1252);
	tcase_add_test(tc, test_cp1252_iconv);
	tcase_add_test(tc, test_utf16);
	tcase_add_test(tc, test_utf16_iconv);
	tcase_add_test(tc, test_utf16_newlines);
	tcase_add_test(tc, test_cuts);
	tcase_add_test(tc, test_utf16_errors);
	tcase_add_test(tc, test_utf8_valid);
	tcase_add_test(tc, test_file_utf8);
	tcase_add_test(tc, test_file_marks);
	tcase_add_test(tc, test_file_refused);
	tcase_add_test(tc, test_csv);
	suite_add_tcase(s, tc);
	return s;
}
