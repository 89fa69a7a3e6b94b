/*
 * fuzz_textenc.c - the encoding stage (lib/textenc.c): textconv, which
 * makes Latin-1, Windows-1252 and UTF-16 UTF-8 a buffer at a time, and
 * textin, which reads a file's byte-order mark and passes UTF-8 through.
 *
 * Input: 4 control bytes, then the text.
 *   byte 0  the encoding: TEXTENC_* (the value modulo 7)
 *   byte 1  seeds the sizes of the input pieces (1 to 64 bytes, or all)
 *   byte 2  seeds the sizes of the output room (1 to 16 bytes, or 64 KB)
 *   byte 3  read(2) behaviour of textin's file (short counts, EINTR,
 *           EIO; fuzz.h)
 *
 * Asserted, for textconv in the encoding of byte 0 (UTF-8 and the
 * default read as Latin-1, utf-16 as utf-16le):
 *  - in one call, with room, and a piece at a time, into room of a few
 *    bytes: the same bytes out, the same outcome, the same error, unit,
 *    offset and newline count; no call writes more than its room, and
 *    every call but the last takes input or writes output;
 *  - the output is UTF-8 (textenc_utf8_valid), and in UTF-16 its
 *    newlines are those counted;
 *  - Latin-1 and Windows-1252: never an error, and the output made back
 *    into bytes (textenc_byte) is the input: every byte is one character,
 *    two bytes never the same one;
 *  - UTF-16: on success the output, written back as UTF-16 here, is the
 *    input; on an error, the units before its offset are well formed and
 *    the unit at it is what the error says (a high surrogate followed by
 *    no low one, a low surrogate after no high one, a high surrogate last,
 *    an odd byte last).
 * And for textin over a memfd, read into buffers of the piece sizes with
 * disturbed reads: the bytes and the outcome of textenc_oracle.h (an
 * error is RFM_EDATA with a message; RFM_EIO only with an injected read
 * error), unless the text begins as a compressed file does.
 */
#define FUZZ_READ_IMPL
#include "fuzz.h"

#include "textenc.h"
#include "textenc_oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { NCTL = 4, BIG = 1 << 16 };

static int memfd = -1;

/* The next size from a small generator: 1 to max, or all (0). */
static size_t
next_size(uint32_t *s, size_t max)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) % 8 == 0 ? 0 : 1 + (*s >> 8) % max;
}

/* text[0..n) through c, in one call with room to spare (whole) or in
 * pieces; returns the output (*len bytes) and the outcome: 0, or -1
 * after an error. */
static char *
convert(textconv *c, int enc, const uint8_t *text, size_t n, int whole,
    uint8_t s1, uint8_t s2, size_t *len, int *rc)
{
	char *out = malloc(3 * n + 4 + BIG);
	uint32_t a = s1, b = s2;
	size_t i = 0, o = 0, k, cap, used;
	ssize_t made;

	FUZZ_CHECK(out != NULL, "malloc");
	textconv_init(c, enc);
	*rc = 0;
	for (;;) {
		k = whole ? 0 : next_size(&a, 64);
		if (k == 0 || k > n - i)
			k = n - i;
		cap = whole ? 0 : next_size(&b, 16);
		if (cap == 0)
			cap = 3 * n + 4 + BIG - o;
		made = textconv_run(c, text + i, k, &used, out + o, cap);
		if (made < 0) {
			*rc = -1;
			break;
		}
		FUZZ_CHECK((size_t)made <= cap, "%zd bytes into %zu", made, cap);
		FUZZ_CHECK(used <= k, "took %zu of %zu", used, k);
		FUZZ_CHECK(made > 0 || used > 0 || k == 0, "no progress");
		FUZZ_CHECK(!whole || used == k, "one call took %zu of %zu",
		    used, k);
		i += used;
		o += (size_t)made;
		if (i == n && made == 0) {
			*rc = textconv_end(c);
			break;
		}
	}
	*len = o;
	return out;
}

/* The code point of the UTF-8 at p (valid); *k its length. */
static uint32_t
decode(const unsigned char *p, size_t *k)
{
	uint32_t cp = p[0];
	size_t j;

	*k = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
	if (*k > 1)
		cp &= 0x3Fu >> (*k - 1);
	for (j = 1; j < *k; j++)
		cp = cp << 6 | (p[j] & 0x3Fu);
	return cp;
}

static unsigned
unit_at(const uint8_t *t, size_t at, int le)
{
	return le ? (unsigned)t[at + 1] << 8 | t[at] :
	    (unsigned)t[at] << 8 | t[at + 1];
}

static int
is_high(unsigned u)
{
	return u >= 0xD800 && u <= 0xDBFF;
}

static int
is_low(unsigned u)
{
	return u >= 0xDC00 && u <= 0xDFFF;
}

/* Whether the units of t[0..end) are well formed UTF-16. */
static int
well_formed(const uint8_t *t, size_t end, int le)
{
	size_t i;
	unsigned u;

	for (i = 0; i + 1 < end; i += 2) {
		u = unit_at(t, i, le);
		if (is_low(u))
			return 0;
		if (is_high(u)) {
			if (i + 3 >= end || !is_low(unit_at(t, i + 2, le)))
				return 0;
			i += 2;
		}
	}
	return i == end;
}

/* The checks of the conversion of text[0..n), done in one call (out,
 * len, rc, c). */
static void
check_conversion(int enc, const uint8_t *text, size_t n, const char *out,
    size_t len, int rc, const textconv *c)
{
	const unsigned char *p = (const unsigned char *)out;
	size_t i, k, at = 0, lines = 0;
	int le = enc == TEXTENC_UTF16LE;
	uint32_t cp;
	unsigned u;

	if (rc == 0) {
		FUZZ_CHECK(textenc_utf8_valid(out, len), "not UTF-8");
		for (i = 0; i < len; i++)
			lines += out[i] == '\n';
		FUZZ_CHECK(!(enc == TEXTENC_UTF16LE || enc == TEXTENC_UTF16BE) ||
		    (long)lines == c->newlines, "%zu newlines, %ld counted",
		    lines, c->newlines);
	}
	if (enc == TEXTENC_LATIN1 || enc == TEXTENC_CP1252) {
		FUZZ_CHECK(rc == 0, "%s failed", textenc_name(enc));
		for (i = 0; i < len; i += k, at++) {
			cp = decode(p + i, &k);
			FUZZ_CHECK(at < n && textenc_byte(enc, cp) == text[at],
			    "character %zu (U+%04X) is not byte %zu",
			    at, (unsigned)cp, at);
		}
		FUZZ_CHECK(at == n, "%zu characters of %zu bytes", at, n);
		return;
	}
	if (rc == 0) {
		FUZZ_CHECK(n % 2 == 0 && well_formed(text, n, le), "ill-formed "
		    "UTF-16 read");
		for (i = 0; i < len; i += k) {
			cp = decode(p + i, &k);
			FUZZ_CHECK(!(cp >= 0xD800 && cp <= 0xDFFF), "a surrogate "
			    "written");
			if (cp < 0x10000) {
				FUZZ_CHECK(at + 1 < n && unit_at(text, at, le) ==
				    cp, "U+%04X at byte %zu", (unsigned)cp, at);
				at += 2;
			} else {
				cp -= 0x10000;
				FUZZ_CHECK(at + 3 < n && unit_at(text, at, le) ==
				    0xD800 + (cp >> 10) && unit_at(text, at + 2,
				    le) == 0xDC00 + (cp & 0x3FF), "a pair at "
				    "byte %zu", at);
				at += 4;
			}
		}
		FUZZ_CHECK(at == n, "%zu of %zu bytes written", at, n);
		return;
	}
	/* (an odd byte after a high surrogate: either is said) */
	at = (size_t)c->bad_at;
	FUZZ_CHECK(at < n && at % 2 == 0 && (well_formed(text, at, le) ||
	    (c->err == TEXTCONV_END_ODD && at >= 2 &&
	    is_high(unit_at(text, at - 2, le)) &&
	    well_formed(text, at - 2, le))),
	    "error %d at byte %zu of %zu, after ill-formed units", c->err, at,
	    n);
	switch (c->err) {
	case TEXTCONV_LONE_HIGH:
		u = unit_at(text, at, le);
		FUZZ_CHECK(u == c->bad && is_high(u) && at + 3 < n &&
		    !is_low(unit_at(text, at + 2, le)), "lone high");
		break;
	case TEXTCONV_LONE_LOW:
		u = unit_at(text, at, le);
		FUZZ_CHECK(u == c->bad && is_low(u), "lone low");
		break;
	case TEXTCONV_END_HIGH:
		u = unit_at(text, at, le);
		FUZZ_CHECK(u == c->bad && is_high(u) && at + 2 == n,
		    "high at the end");
		break;
	case TEXTCONV_END_ODD:
		FUZZ_CHECK(n % 2 == 1 && at == n - 1, "odd byte");
		break;
	default:
		FUZZ_CHECK(0, "error %d", c->err);
	}
}

/* textin over a memfd of text[0..n), read in pieces, against the
 * oracle. */
static void
check_file(int enc, const uint8_t *text, size_t n, uint8_t s1,
    uint8_t rd)
{
	textin *t;
	rfm_error e;
	uint32_t a = s1;
	size_t o = 0, k, want_len = 0;
	char *got = malloc(3 * n + 4 + BIG), *want = NULL;
	ssize_t r;
	int fd, want_rc;

	FUZZ_CHECK(got != NULL, "malloc");
	want_rc = oracle_text(text, n, enc, &want, &want_len);
	fd = fuzz_memfd(&memfd, "text", text, n);
	fuzz_read_setup(fd, rd);
	t = textin_open(fd, "<fuzz>");
	textin_set_encoding(t, enc);
	memset(&e, 0, sizeof e);
	for (;;) {
		k = next_size(&a, 64);
		if (k == 0)
			k = BIG;
		if ((r = textin_read(t, got + o, k, &e)) <= 0)
			break;
		FUZZ_CHECK((size_t)r <= k, "%zd bytes into %zu", r, k);
		o += (size_t)r;
		FUZZ_CHECK(o <= 3 * n + 4, "%zu bytes from %zu", o, n);
	}
	textin_close(t);
	fuzz_read_reset();
	if (r < 0 && e.code == RFM_EIO)
		FUZZ_CHECK(rd >> 7, "a read error not injected: %s", e.msg);
	else if (want_rc < 0)
		FUZZ_CHECK(r < 0 && e.code == RFM_EDATA && e.msg[0] != '\0',
		    "read, not refused: %zd", r);
	else {
		FUZZ_CHECK(r == 0, "refused: %s", e.msg);
		FUZZ_CHECK(o == want_len && memcmp(got, want, o) == 0,
		    "%zu bytes read, %zu from the oracle", o, want_len);
	}
	free(want);
	free(got);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *text = data + NCTL;
	size_t n, len1, len2;
	textconv c1, c2;
	char *one, *two;
	int enc, conv, rc1, rc2;

	if (size < NCTL)
		return 0;
	n = size - NCTL;
	enc = data[0] % TEXTENC_COUNT;
	conv = enc == TEXTENC_DEFAULT || enc == TEXTENC_UTF8 ? TEXTENC_LATIN1 :
	    enc == TEXTENC_UTF16 ? TEXTENC_UTF16LE : enc;

	one = convert(&c1, conv, text, n, 1, 0, 0, &len1, &rc1);
	two = convert(&c2, conv, text, n, 0, data[1], data[2], &len2, &rc2);
	FUZZ_CHECK(rc1 == rc2, "whole %d, in pieces %d", rc1, rc2);
	FUZZ_CHECK(rc1 < 0 || (len1 == len2 && memcmp(one, two, len1) == 0),
	    "whole and in pieces differ");
	FUZZ_CHECK(c1.err == c2.err && c1.bad == c2.bad &&
	    c1.bad_at == c2.bad_at && c1.newlines == c2.newlines,
	    "error %d/%d, unit %X/%X, at %llu/%llu", c1.err, c2.err, c1.bad,
	    c2.bad, (unsigned long long)c1.bad_at,
	    (unsigned long long)c2.bad_at);
	check_conversion(conv, text, n, one, len1, rc1, &c1);
	free(one);
	free(two);
	if (!oracle_compressed(text, n))
		check_file(enc, text, n, data[1], data[3]);
	return 0;
}
