/*
 * pngcheck - read a PNG and say whether it shows something, for the tests
 * that take pictures (gnuplot's pngcairo terminal, headless Chromium's
 * screenshots) and must tell a drawn picture from a blank one.
 *
 * usage: pngcheck file.png
 *
 * Prints one line:
 *
 *     WIDTH HEIGHT DISTINCT_COLOURS NONBG_FRACTION
 *
 * DISTINCT_COLOURS is the number of different colours among the pixels,
 * exact up to 65536 and 65536 beyond; NONBG_FRACTION, with 4 decimals, is
 * the fraction of the pixels whose colour differs from the top-left one's.
 * A colour is the pixel's samples (grey, grey and alpha, RGB, RGBA), or
 * for a palette image its palette entry with the alpha tRNS gives it: two
 * indexes of the same RGBA are one colour.
 *
 * Reads the non-interlaced PNGs of every colour type and bit depth (all
 * five row filters, any number of IDAT chunks); refuses interlaced ones.
 * The signature and every chunk's CRC are checked, and every length is
 * bounded by what the file holds, so that a truncated or damaged file is
 * refused with a message, never read past its end.
 *
 * Exit status: 0; 1 when the file cannot be read or is not a PNG it can
 * decode (message "pngcheck: FILE: reason" on stderr); 2 for a usage
 * error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

/* Larger files, and rows longer than this, are refused: no test makes
 * them, and the bound keeps a damaged header from asking for gigabytes. */
#define MAX_FILE ((size_t)512 << 20)
#define MAX_ROW ((uint64_t)64 << 20)
#define MAX_COLOURS 65536
#define TABLE_BITS 17		/* a table twice the largest count */

static const char *path;

_Noreturn static void fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void
fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pngcheck: %s: ", path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The whole file; *len gets its size. */
static unsigned char *
slurp(size_t *len)
{
	unsigned char *p = NULL, *q;
	size_t cap = 0, n = 0, got;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		fail("%s", strerror(errno));
	for (;;) {
		if (n == cap) {
			if (cap >= MAX_FILE)
				fail("larger than %zu MiB", MAX_FILE >> 20);
			cap = cap ? cap * 2 : 65536;
			if ((q = realloc(p, cap)) == NULL)
				fail("out of memory");
			p = q;
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		fail("%s", strerror(errno));
	fclose(f);
	*len = n;
	return p;
}

/* The set of colours seen, up to MAX_COLOURS of them. */
static uint64_t keys[1u << TABLE_BITS];
static unsigned char used[1u << TABLE_BITS];
static unsigned long ncolours;

static void
see(uint64_t key)
{
	uint32_t mask = (1u << TABLE_BITS) - 1, h;

	if (ncolours >= MAX_COLOURS)
		return;
	h = (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> (64 - TABLE_BITS));
	while (used[h]) {
		if (keys[h] == key)
			return;
		h = (h + 1) & mask;
	}
	used[h] = 1;
	keys[h] = key;
	ncolours++;
}

static int
paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	if (pa <= pb && pa <= pc)
		return a;
	return pb <= pc ? b : c;
}

/* Undo the row's filter in place: prev is the previous row, unfiltered
 * (zeros for the first), bpp the bytes per pixel rounded up to 1. */
static void
unfilter(int type, unsigned char *row, const unsigned char *prev, size_t n,
    size_t bpp)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int a = i >= bpp ? row[i - bpp] : 0, b = prev[i];
		int c = i >= bpp ? prev[i - bpp] : 0;

		switch (type) {
		case 1:
			row[i] = (unsigned char)(row[i] + a);
			break;
		case 2:
			row[i] = (unsigned char)(row[i] + b);
			break;
		case 3:
			row[i] = (unsigned char)(row[i] + (a + b) / 2);
			break;
		case 4:
			row[i] = (unsigned char)(row[i] + paeth(a, b, c));
			break;
		}
	}
}

/* Sample s (0-based) of a row of samples of depth bits each. */
static unsigned
sample(const unsigned char *row, uint64_t s, int depth)
{
	uint64_t bit;

	switch (depth) {
	case 8:
		return row[s];
	case 16:
		return (unsigned)row[2 * s] << 8 | row[2 * s + 1];
	default:
		bit = s * (uint64_t)depth;
		return (row[bit / 8] >> (8 - depth - bit % 8)) &
		    ((1u << depth) - 1);
	}
}

int
main(int argc, char **argv)
{
	static const unsigned char sig[8] = { 137, 'P', 'N', 'G', '\r', '\n',
		26, '\n' };
	unsigned char *file, *idat = NULL, *row, *prev, *tmp, *p;
	unsigned char plte[256][4];
	size_t len, off, nidat = 0, npal = 0, rowlen, bpp;
	uint32_t width = 0, height = 0, clen, y, x;
	uint64_t rowbits, nonbg = 0, bg = 0, key;
	int depth = 0, ctype = -1, channels = 0, seen_idat = 0, idat_done = 0;
	int seen_iend = 0, ret, i;
	z_stream z;

	if (argc != 2 || argv[1][0] == '\0') {
		fprintf(stderr, "usage: pngcheck file.png\n");
		return 2;
	}
	path = argv[1];
	file = slurp(&len);
	if (len < 8 || memcmp(file, sig, 8) != 0)
		fail("not a PNG file (bad signature)");

	for (i = 0; i < 256; i++) {
		plte[i][0] = plte[i][1] = plte[i][2] = 0;
		plte[i][3] = 255;
	}
	/* The chunks: length, type, data, CRC of type and data. */
	for (off = 8; !seen_iend; off += 12 + (size_t)clen) {
		char type[5];

		if (len - off < 12)
			fail("truncated: chunk header at byte %zu", off);
		p = file + off;
		clen = be32(p);
		if (clen > 0x7fffffffu || clen > len - off - 12)
			fail("truncated or bad length %lu of chunk at byte %zu",
			    (unsigned long)clen, off);
		for (i = 0; i < 4; i++) {
			type[i] = (char)p[4 + i];
			if (!((type[i] >= 'A' && type[i] <= 'Z') ||
			    (type[i] >= 'a' && type[i] <= 'z')))
				fail("bad chunk type at byte %zu", off);
		}
		type[4] = '\0';
		if (crc32(crc32(0, Z_NULL, 0), p + 4, clen + 4) !=
		    be32(p + 8 + clen))
			fail("CRC error in chunk %s at byte %zu", type, off);
		p += 8;
		if (off == 8 && strcmp(type, "IHDR") != 0)
			fail("first chunk is %s, not IHDR", type);
		if (seen_idat && strcmp(type, "IDAT") != 0)
			idat_done = 1;

		if (strcmp(type, "IHDR") == 0) {
			if (off != 8)
				fail("second IHDR chunk");
			if (clen != 13)
				fail("IHDR of %lu bytes, not 13",
				    (unsigned long)clen);
			width = be32(p);
			height = be32(p + 4);
			depth = p[8];
			ctype = p[9];
			if (width == 0 || height == 0 || width > 0x7fffffffu ||
			    height > 0x7fffffffu)
				fail("bad size %lux%lu", (unsigned long)width,
				    (unsigned long)height);
			switch (ctype) {
			case 0:
				channels = 1;
				ret = depth == 1 || depth == 2 || depth == 4 ||
				    depth == 8 || depth == 16;
				break;
			case 3:
				channels = 1;
				ret = depth == 1 || depth == 2 || depth == 4 ||
				    depth == 8;
				break;
			case 2:
			case 4:
			case 6:
				channels = ctype == 2 ? 3 : ctype == 4 ? 2 : 4;
				ret = depth == 8 || depth == 16;
				break;
			default:
				fail("bad colour type %d", ctype);
			}
			if (!ret)
				fail("bad bit depth %d for colour type %d", depth,
				    ctype);
			if (p[10] != 0 || p[11] != 0)
				fail("unknown compression or filter method");
			if (p[12] == 1)
				fail("interlaced (Adam7) images are not supported");
			if (p[12] != 0)
				fail("bad interlace method %d", p[12]);
		} else if (strcmp(type, "PLTE") == 0) {
			if (seen_idat)
				fail("PLTE after IDAT");
			if (clen == 0 || clen % 3 != 0 || clen > 768)
				fail("bad PLTE length %lu", (unsigned long)clen);
			npal = clen / 3;
			for (x = 0; x < npal; x++)
				memcpy(plte[x], p + 3 * x, 3);
		} else if (strcmp(type, "tRNS") == 0) {
			/* Only a palette's alphas make colours: a key colour
			 * of grey or RGB is a colour of its own anyway. */
			if (ctype == 3) {
				if (clen > npal)
					fail("tRNS longer than PLTE");
				for (x = 0; x < clen; x++)
					plte[x][3] = p[x];
			}
		} else if (strcmp(type, "IDAT") == 0) {
			if (idat_done)
				fail("IDAT chunks not consecutive");
			if (ctype == 3 && npal == 0)
				fail("palette image without PLTE");
			if (!seen_idat)
				idat = p;
			/* Gather the data of all IDATs into one piece, moving
			 * each over the headers between; the file's own buffer
			 * is big enough, and p is never behind idat + nidat. */
			memmove(idat + nidat, p, clen);
			nidat += clen;
			seen_idat = 1;
		} else if (strcmp(type, "IEND") == 0) {
			seen_iend = 1;
		} else if (type[0] >= 'A' && type[0] <= 'Z') {
			fail("unknown critical chunk %s", type);
		}
	}
	if (!seen_idat)
		fail("no IDAT chunk");

	/* Rows: a filter byte, then the pixels' samples. */
	rowbits = (uint64_t)width * (uint64_t)(channels * depth);
	if ((rowbits + 7) / 8 > MAX_ROW)
		fail("rows longer than %llu MiB",
		    (unsigned long long)(MAX_ROW >> 20));
	rowlen = (size_t)((rowbits + 7) / 8);
	bpp = (size_t)(channels * depth) / 8;
	if (bpp == 0)
		bpp = 1;
	row = malloc(rowlen + 1);
	prev = calloc(rowlen + 1, 1);
	if (row == NULL || prev == NULL)
		fail("out of memory");

	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		fail("zlib: %s", z.msg ? z.msg : "inflateInit failed");
	z.next_in = idat;
	z.avail_in = (uInt)nidat;	/* nidat < MAX_FILE < 4 GiB */
	for (y = 0; y < height; y++) {
		z.next_out = row;
		z.avail_out = (uInt)(rowlen + 1);
		while (z.avail_out > 0) {
			ret = inflate(&z, Z_NO_FLUSH);
			if (ret == Z_STREAM_END && z.avail_out > 0)
				fail("image data ends at row %lu of %lu",
				    (unsigned long)y, (unsigned long)height);
			if (ret == Z_STREAM_END)
				break;
			if (ret == Z_BUF_ERROR || (ret == Z_OK &&
			    z.avail_in == 0 && z.avail_out > 0))
				fail("image data truncated at row %lu of %lu",
				    (unsigned long)y, (unsigned long)height);
			if (ret != Z_OK)
				fail("corrupt image data: %s", z.msg ? z.msg :
				    "zlib error");
		}
		if (row[0] > 4)
			fail("bad filter type %d in row %lu", row[0],
			    (unsigned long)y);
		unfilter(row[0], row + 1, prev + 1, rowlen, bpp);

		for (x = 0; x < width; x++) {
			const unsigned char *s = row + 1;
			uint64_t c = x * (uint64_t)channels;
			unsigned v, r, g, b, a;

			switch (ctype) {
			case 0:
				v = sample(s, c, depth);
				key = (uint64_t)v << 48 | (uint64_t)v << 32 |
				    (uint64_t)v << 16 | 0xffff;
				break;
			case 3:
				v = sample(s, c, depth);
				if (v >= npal)
					fail("palette index %u out of range in "
					    "row %lu", v, (unsigned long)y);
				key = (uint64_t)plte[v][0] << 48 |
				    (uint64_t)plte[v][1] << 32 |
				    (uint64_t)plte[v][2] << 16 | plte[v][3];
				break;
			case 4:
				v = sample(s, c, depth);
				a = sample(s, c + 1, depth);
				key = (uint64_t)v << 48 | (uint64_t)v << 32 |
				    (uint64_t)v << 16 | a;
				break;
			default:
				r = sample(s, c, depth);
				g = sample(s, c + 1, depth);
				b = sample(s, c + 2, depth);
				a = ctype == 6 ? sample(s, c + 3, depth) :
				    0xffff;
				key = (uint64_t)r << 48 | (uint64_t)g << 32 |
				    (uint64_t)b << 16 | a;
				break;
			}
			if (y == 0 && x == 0)
				bg = key;
			nonbg += key != bg;
			see(key);
		}
		tmp = prev;
		prev = row;
		row = tmp;
	}
	inflateEnd(&z);

	printf("%lu %lu %lu %.4f\n", (unsigned long)width,
	    (unsigned long)height, ncolours,
	    (double)nonbg / ((double)width * (double)height));
	free(row);
	free(prev);
	free(file);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "pngcheck: standard output: %s\n",
		    strerror(errno));
		return 1;
	}
	return 0;
}
