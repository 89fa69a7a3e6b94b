/*
 * textenc.c - Latin-1, Windows-1252 and UTF-16 made UTF-8 a buffer at a
 * time; the byte-order mark of a file read; UTF-8 passed through
 * untouched.
 */
#include "textenc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zread.h"

const char textenc_names[] =
    "utf-8, latin1, cp1252, utf-16, utf-16le or utf-16be";

static const struct {
	const char *name;
	int enc;
} aliases[] = {
	{ "utf-8", TEXTENC_UTF8 },
	{ "utf8", TEXTENC_UTF8 },
	{ "latin1", TEXTENC_LATIN1 },
	{ "latin-1", TEXTENC_LATIN1 },
	{ "iso-8859-1", TEXTENC_LATIN1 },
	{ "iso8859-1", TEXTENC_LATIN1 },
	{ "cp1252", TEXTENC_CP1252 },
	{ "windows-1252", TEXTENC_CP1252 },
	{ "utf-16", TEXTENC_UTF16 },
	{ "utf16", TEXTENC_UTF16 },
	{ "utf-16le", TEXTENC_UTF16LE },
	{ "utf16le", TEXTENC_UTF16LE },
	{ "utf-16be", TEXTENC_UTF16BE },
	{ "utf16be", TEXTENC_UTF16BE },
};

/* The option's names, and the names of the standards for messages. */
static const char *const opt_name[TEXTENC_COUNT] = {
	"utf-8", "utf-8", "latin1", "cp1252", "utf-16", "utf-16le", "utf-16be"
};
static const char *const std_name[TEXTENC_COUNT] = {
	"UTF-8", "UTF-8", "Latin-1", "Windows-1252", "UTF-16", "UTF-16LE",
	"UTF-16BE"
};

/*
 * Windows-1252 0x80-0x9F, from Microsoft's table as the Unicode
 * Consortium publishes it (MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT);
 * the five bytes it leaves undefined stand for themselves, as in Latin-1.
 */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

int
textenc_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcasecmp(s, aliases[i].name) == 0)
			return aliases[i].enc;
	return -1;
}

const char *
textenc_name(int enc)
{
	return opt_name[enc];
}

int
textenc_byte(int enc, uint32_t cp)
{
	int b;

	if (enc == TEXTENC_LATIN1)
		return cp < 0x100 ? (int)cp : -1;
	if (enc != TEXTENC_CP1252)
		return -1;
	if (cp < 0x80 || (cp >= 0xA0 && cp < 0x100))
		return (int)cp;
	for (b = 0; b < 32; b++)
		if (cp1252_high[b] == cp)
			return 0x80 + b;
	return -1;
}

int
textenc_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	unsigned char lo, hi;
	size_t k;

	while (p < e) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		lo = 0x80;
		hi = 0xBF;
		if (*p >= 0xC2 && *p <= 0xDF)
			k = 1;
		else if (*p >= 0xE0 && *p <= 0xEF) {
			k = 2;
			if (*p == 0xE0)
				lo = 0xA0;          /* not overlong */
			else if (*p == 0xED)
				hi = 0x9F;          /* not a surrogate */
		} else if (*p >= 0xF0 && *p <= 0xF4) {
			k = 3;
			if (*p == 0xF0)
				lo = 0x90;          /* not overlong */
			else if (*p == 0xF4)
				hi = 0x8F;          /* not above U+10FFFF */
		} else
			return 0;
		if ((size_t)(e - p) <= k || p[1] < lo || p[1] > hi)
			return 0;
		for (p += 2; --k > 0; p++)
			if (*p < 0x80 || *p > 0xBF)
				return 0;
	}
	return 1;
}

/* ---- the conversion ---- */

void
textconv_init(textconv *c, int enc)
{
	memset(c, 0, sizeof *c);
	c->enc = enc;
}

/* The UTF-8 bytes of cp (not a surrogate, at most U+10FFFF) into u;
 * returns their count. */
static unsigned
utf8_put(unsigned char *u, uint32_t cp)
{
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (unsigned char)(0xF0 | cp >> 18);
	u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	u[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Write cp at out[*o], out holding cap bytes; what does not fit waits in
 * c->pend. */
static void
emit(textconv *c, uint32_t cp, unsigned char *out, size_t *o, size_t cap)
{
	unsigned char u[4];
	unsigned k = utf8_put(u, cp), j = 0;

	while (j < k && *o < cap)
		out[(*o)++] = u[j++];
	if (j < k) {
		memcpy(c->pend, u + j, k - j);
		c->npend = k - j;
		c->ppos = 0;
	}
}

/* The length of the run of ASCII bytes that p[0..n) begins with, eight
 * at a time. */
static size_t
ascii_run(const unsigned char *p, size_t n)
{
	size_t k = 0;
	uint64_t w;

	for (; n - k >= 8; k += 8) {
		memcpy(&w, p + k, 8);
		if (w & UINT64_C(0x8080808080808080))
			break;
	}
	while (k < n && p[k] < 0x80)
		k++;
	return k;
}

/* One byte a character: Latin-1 or Windows-1252.  Runs of ASCII, most
 * of a file, are copied whole; no byte is an error, so newlines are not
 * counted. */
static size_t
run_8bit(textconv *c, const unsigned char *in, size_t n, size_t *i,
    unsigned char *out, size_t o, size_t cap)
{
	size_t k = *i, run;
	unsigned char b;

	while (k < n && o < cap) {
		run = ascii_run(in + k, n - k < cap - o ? n - k : cap - o);
		memcpy(out + o, in + k, run);
		k += run;
		o += run;
		if (k == n || o == cap)
			break;
		b = in[k++];
		emit(c, c->enc == TEXTENC_CP1252 && b < 0xA0 ?
		    cp1252_high[b - 0x80] : b, out, &o, cap);
	}
	*i = k;
	return o;
}

/*
 * Units below 0x80 of UTF-16 in the order le says, four at a time, from
 * in[*k..n) into out[*o..cap), while there are four; newlines counted.
 */
static void
utf16_ascii(textconv *c, const unsigned char *in, size_t n, size_t *k,
    unsigned char *out, size_t *o, size_t cap, int le)
{
	const unsigned char *p, *lo;
	unsigned char *w;

	for (p = in + *k, w = out + *o; (size_t)(in + n - p) >= 8 &&
	    (size_t)(out + cap - w) >= 4; p += 8, w += 4) {
		lo = p + !le;
		if ((p[le] | p[le + 2] | p[le + 4] | p[le + 6]) != 0 ||
		    ((lo[0] | lo[2] | lo[4] | lo[6]) & 0x80) != 0)
			break;
		w[0] = lo[0];
		w[1] = lo[2];
		w[2] = lo[4];
		w[3] = lo[6];
		c->newlines += (lo[0] == '\n') + (lo[2] == '\n') +
		    (lo[4] == '\n') + (lo[6] == '\n');
	}
	*k = (size_t)(p - in);
	*o = (size_t)(w - out);
}

/* UTF-16 in the order of c->enc.  Returns the bytes written, or (size_t)-1
 * with c->err set. */
static size_t
run_utf16(textconv *c, const unsigned char *in, size_t n, size_t *i,
    unsigned char *out, size_t o, size_t cap)
{
	size_t k = *i;
	unsigned a, b, unit;
	uint32_t cp;
	int le = c->enc == TEXTENC_UTF16LE;

	while (o < cap) {
		if (!c->has_half && c->hi == 0)
			utf16_ascii(c, in, n, &k, out, &o, cap, le);
		if (o == cap)
			break;
		if (c->has_half) {
			if (k == n)
				break;
			a = c->half;
			b = in[k++];
			c->has_half = 0;
		} else if (n - k >= 2) {
			a = in[k];
			b = in[k + 1];
			k += 2;
		} else {
			if (k < n) {
				c->half = in[k++];
				c->has_half = 1;
			}
			break;
		}
		unit = le ? b << 8 | a : a << 8 | b;
		if (c->hi != 0) {
			if (unit < 0xDC00 || unit > 0xDFFF) {
				c->err = TEXTCONV_LONE_HIGH;
				c->bad = c->hi;
				c->bad_at = c->hi_at;
				*i = k;
				return (size_t)-1;
			}
			cp = 0x10000 + ((uint32_t)(c->hi - 0xD800) << 10) +
			    (unit - 0xDC00);
			c->hi = 0;
		} else if (unit >= 0xD800 && unit <= 0xDBFF) {
			c->hi = unit;
			c->hi_at = c->in_pos + k - 2;
			continue;
		} else if (unit >= 0xDC00 && unit <= 0xDFFF) {
			c->err = TEXTCONV_LONE_LOW;
			c->bad = unit;
			c->bad_at = c->in_pos + k - 2;
			*i = k;
			return (size_t)-1;
		} else
			cp = unit;
		if (cp < 0x80) {
			out[o++] = (unsigned char)cp;
			c->newlines += cp == '\n';
		} else
			emit(c, cp, out, &o, cap);
	}
	*i = k;
	return o;
}

ssize_t
textconv_run(textconv *c, const void *in, size_t n, size_t *used, void *out,
    size_t cap)
{
	unsigned char *w = out;
	size_t o = 0, i = 0;

	*used = 0;
	if (c->err != TEXTCONV_OK)
		return -1;
	while (c->ppos < c->npend && o < cap)
		w[o++] = c->pend[c->ppos++];
	if (c->ppos < c->npend)
		return (ssize_t)o;
	c->npend = c->ppos = 0;
	if (c->enc == TEXTENC_UTF16LE || c->enc == TEXTENC_UTF16BE)
		o = run_utf16(c, in, n, &i, w, o, cap);
	else
		o = run_8bit(c, in, n, &i, w, o, cap);
	*used = i;
	c->in_pos += i;
	return o == (size_t)-1 ? -1 : (ssize_t)o;
}

int
textconv_end(textconv *c)
{
	if (c->err != TEXTCONV_OK)
		return -1;
	if (c->has_half) {
		c->err = TEXTCONV_END_ODD;
		c->bad = c->half;
		c->bad_at = c->in_pos - 1;
		return -1;
	}
	if (c->hi != 0) {
		c->err = TEXTCONV_END_HIGH;
		c->bad = c->hi;
		c->bad_at = c->hi_at;
		return -1;
	}
	return 0;
}

/* ---- a file ---- */

/* Decompressed bytes converted at a time; the first bytes, for a
 * byte-order mark. */
enum { RAW_SIZE = 128 * 1024, HEAD_SIZE = 4 };

struct textin {
	zread *z;
	const char *name;
	int enc;               /* the encoding asked for */
	int conv;              /* 0: bytes as they are, else c.enc */
	int started;           /* the byte-order mark was looked for */
	int eof;               /* zread_read has returned 0 */
	unsigned char head[HEAD_SIZE];
	size_t hpos, hlen;
	unsigned char *raw;    /* decompressed bytes not yet converted */
	size_t rpos, rlen;
	textconv c;
};

textin *
textin_open(int fd, const char *name)
{
	textin *t = rfm_xcalloc(1, sizeof *t);

	t->z = zread_open(fd, name);
	t->name = name;
	return t;
}

void
textin_set_encoding(textin *t, int enc)
{
	t->enc = enc;
}

void
textin_close(textin *t)
{
	zread_close(t->z);
	free(t->raw);
	free(t);
}

/* The byte-order marks a file may begin with. */
enum { MARK_NONE, MARK_UTF8, MARK_UTF16LE, MARK_UTF16BE, MARK_UTF32LE,
	MARK_UTF32BE };

static int
mark_of(const unsigned char *h, size_t n)
{
	if (n >= 4 && memcmp(h, "\xFF\xFE\0\0", 4) == 0)
		return MARK_UTF32LE;
	if (n >= 4 && memcmp(h, "\0\0\xFE\xFF", 4) == 0)
		return MARK_UTF32BE;
	if (n >= 2 && h[0] == 0xFF && h[1] == 0xFE)
		return MARK_UTF16LE;
	if (n >= 2 && h[0] == 0xFE && h[1] == 0xFF)
		return MARK_UTF16BE;
	if (n >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0)
		return MARK_UTF8;
	return MARK_NONE;
}

/*
 * Read the first bytes and decide, from the byte-order mark and the
 * encoding asked for, how the file is read.  Returns 0, or -1 with e
 * filled.
 */
static int
start(textin *t, rfm_error *e)
{
	ssize_t got;
	int mark, enc = t->enc;

	t->started = 1;
	while (t->hlen < HEAD_SIZE && !t->eof) {
		got = zread_read(t->z, t->head + t->hlen, HEAD_SIZE - t->hlen,
		    e);
		if (got < 0)
			return -1;
		t->eof = got == 0;
		t->hlen += (size_t)got;
	}
	mark = mark_of(t->head, t->hlen);
	if (mark == MARK_UTF32LE || mark == MARK_UTF32BE)
		return rfm_fail(e, RFM_EDATA, t->name, 0, NULL, "the file "
		    "begins with a UTF-32%s byte-order mark, and UTF-32 is not "
		    "read: iconv -f UTF-32 -t UTF-8 converts it",
		    mark == MARK_UTF32LE ? "LE" : "BE"), -1;
	if (mark == MARK_UTF16LE || mark == MARK_UTF16BE) {
		t->conv = mark == MARK_UTF16LE ? TEXTENC_UTF16LE :
		    TEXTENC_UTF16BE;
		if (enc != TEXTENC_DEFAULT && enc != TEXTENC_UTF16 &&
		    enc != t->conv)
			return rfm_fail(e, RFM_EDATA, t->name, 0, NULL, "the "
			    "file begins with a %s byte-order mark, but "
			    "--encoding says %s: without --encoding it is read "
			    "as the mark says", std_name[t->conv],
			    opt_name[enc]), -1;
		t->hpos = 2;
	} else if (mark == MARK_UTF8) {
		if (enc != TEXTENC_DEFAULT && enc != TEXTENC_UTF8)
			return rfm_fail(e, RFM_EDATA, t->name, 0, NULL, "the "
			    "file begins with a UTF-8 byte-order mark, but "
			    "--encoding says %s: without --encoding it is read "
			    "as the mark says", opt_name[enc]), -1;
	} else if (enc == TEXTENC_UTF16 && t->hlen > 0)
		return rfm_fail(e, RFM_EDATA, t->name, 0, NULL, "--encoding "
		    "utf-16 takes the byte order from a byte-order mark, and "
		    "the file begins with none: --encoding utf-16le or "
		    "utf-16be says which"), -1;
	else if (enc == TEXTENC_LATIN1 || enc == TEXTENC_CP1252 ||
	    enc == TEXTENC_UTF16LE || enc == TEXTENC_UTF16BE)
		t->conv = enc;
	if (t->conv != 0) {
		textconv_init(&t->c, t->conv);
		t->c.in_pos = t->hpos;          /* offsets in the file */
		t->raw = rfm_xmalloc(RAW_SIZE);
		t->rlen = t->hlen - t->hpos;
		memcpy(t->raw, t->head + t->hpos, t->rlen);
	}
	return 0;
}

/* The message for text not in its encoding; returns -1. */
static int
not_encoded(textin *t, rfm_error *e)
{
	const textconv *c = &t->c;
	const char *enc = std_name[c->enc];
	unsigned long long at = (unsigned long long)c->bad_at;
	long line = c->newlines + 1;

	switch (c->err) {
	case TEXTCONV_LONE_HIGH:
		rfm_fail(e, RFM_EDATA, t->name, line, NULL, "not %s at byte "
		    "%llu: the high surrogate %04X is not followed by a low "
		    "one: the file is damaged, or not %s", enc, at, c->bad,
		    enc);
		break;
	case TEXTCONV_LONE_LOW:
		rfm_fail(e, RFM_EDATA, t->name, line, NULL, "not %s at byte "
		    "%llu: the low surrogate %04X follows no high one: the "
		    "file is damaged, or not %s", enc, at, c->bad, enc);
		break;
	case TEXTCONV_END_HIGH:
		rfm_fail(e, RFM_EDATA, t->name, line, NULL, "the %s text "
		    "ends after the high surrogate %04X at byte %llu, without "
		    "its low one: the file is cut short, or damaged", enc,
		    c->bad, at);
		break;
	default:
		rfm_fail(e, RFM_EDATA, t->name, line, NULL, "the %s text "
		    "ends in the middle of a character, after an odd number "
		    "of bytes (%llu): the file is cut short, or not %s", enc,
		    at + 1, enc);
		break;
	}
	return -1;
}

ssize_t
textin_read(textin *t, void *buf, size_t n, rfm_error *e)
{
	ssize_t got, made;
	size_t k, used;

	if (!t->started && start(t, e) < 0)
		return -1;
	if (n == 0)
		return 0;
	if (t->conv == 0) {
		/* What was looked at first, then straight from zread. */
		if (t->hpos < t->hlen) {
			k = t->hlen - t->hpos < n ? t->hlen - t->hpos : n;
			memcpy(buf, t->head + t->hpos, k);
			t->hpos += k;
			return (ssize_t)k;
		}
		if (t->eof)
			return 0;
		if ((got = zread_read(t->z, buf, n, e)) == 0)
			t->eof = 1;
		return got;
	}
	for (;;) {
		if (t->rpos == t->rlen && !t->eof) {
			if ((got = zread_read(t->z, t->raw, RAW_SIZE, e)) < 0)
				return -1;
			t->eof = got == 0;
			t->rpos = 0;
			t->rlen = (size_t)got;
		}
		made = textconv_run(&t->c, t->raw + t->rpos, t->rlen - t->rpos,
		    &used, buf, n);
		t->rpos += used;
		if (made < 0)
			return not_encoded(t, e);
		if (made > 0)
			return made;
		if (t->eof && t->rpos == t->rlen)
			return textconv_end(&t->c) < 0 ? not_encoded(t, e) : 0;
	}
}
