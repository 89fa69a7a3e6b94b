/*
 * zread.c - the first bytes of a file say how to read it; a compressed
 * file is decoded a buffer at a time, member after member.
 */
#include "zread.h"

#include <bzlib.h>
#include <errno.h>
#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

enum { F_UNKNOWN, F_PLAIN, F_GZIP, F_XZ, F_ZSTD, F_BZIP2 };

/* Compressed bytes read at a time; the first bytes, to tell the format. */
enum { IN_SIZE = 128 * 1024, HEAD_SIZE = 8 };

static const char *const format_name[] = {
	NULL, NULL, "gzip", "xz", "zstd", "bzip2"
};

struct zread {
	int fd;
	const char *name;
	int kind;
	unsigned char *in;       /* bytes read and not yet used: head, then
				  * IN_SIZE bytes for compressed data */
	size_t pos, len, cap;
	unsigned char head[HEAD_SIZE];
	uint64_t used;           /* compressed bytes used before in[0] */
	int eof;                 /* read() has returned 0 */
	int open;                /* a member or frame is begun, not ended */
	int started;             /* the format's decoder is set up */
	z_stream gz;
	lzma_stream xz;
	ZSTD_DStream *zs;
	bz_stream bz;
};

zread *
zread_open(int fd, const char *name)
{
	zread *z = rfm_xcalloc(1, sizeof *z);

	z->fd = fd;
	z->name = name;
	z->in = z->head;
	z->cap = HEAD_SIZE;
	return z;
}

void
zread_close(zread *z)
{
	if (z->started) {
		if (z->kind == F_GZIP)
			inflateEnd(&z->gz);
		else if (z->kind == F_XZ)
			lzma_end(&z->xz);
		else if (z->kind == F_ZSTD)
			ZSTD_freeDStream(z->zs);
		else if (z->kind == F_BZIP2)
			BZ2_bzDecompressEnd(&z->bz);
	}
	if (z->in != z->head)
		free(z->in);
	free(z);
}

const char *
zread_format(const zread *z)
{
	return format_name[z->kind];
}

/* Read more after the bytes not yet used, which move to the front.
 * Returns 0, or -1 on a read error. */
static int
fill(zread *z, rfm_error *e)
{
	ssize_t got;

	if (z->pos > 0) {
		memmove(z->in, z->in + z->pos, z->len - z->pos);
		z->len -= z->pos;
		z->used += z->pos;
		z->pos = 0;
	}
	do
		got = read(z->fd, z->in + z->len, z->cap - z->len);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		rfm_fail(e, RFM_EIO, z->name, 0, NULL, "read error: %s",
		    strerror(errno));
		return -1;
	}
	if (got == 0)
		z->eof = 1;
	z->len += (size_t)got;
	return 0;
}

/* At least n bytes not yet used, unless the input ends first.  Returns 0,
 * or -1 on a read error. */
static int
ensure(zread *z, size_t n, rfm_error *e)
{
	while (z->len - z->pos < n && !z->eof)
		if (fill(z, e) < 0)
			return -1;
	return 0;
}

/* Whether the bytes not yet used begin with magic[0..n).  -1 on a read
 * error. */
static int
starts_with(zread *z, const char *magic, size_t n, rfm_error *e)
{
	if (ensure(z, n, e) < 0)
		return -1;
	return z->len - z->pos >= n && memcmp(z->in + z->pos, magic, n) == 0;
}

static const struct {
	int kind;
	const char *magic;
	size_t n;
} magics[] = {
	{ F_GZIP, "\x1f\x8b", 2 },
	{ F_XZ, "\xfd" "7zXZ\0", 6 },
	{ F_ZSTD, "\x28\xb5\x2f\xfd", 4 },
	{ F_BZIP2, "BZh", 3 },
};

/* The format the bytes not yet used begin with, or F_PLAIN. */
static int
kind_of(zread *z, rfm_error *e)
{
	const unsigned char *p;
	size_t i;
	int rc;

	for (i = 0; i < sizeof magics / sizeof magics[0]; i++) {
		if ((rc = starts_with(z, magics[i].magic, magics[i].n, e)) < 0)
			return -1;
		if (!rc)
			continue;
		if (magics[i].kind != F_BZIP2)
			return magics[i].kind;
		/* bzip2: "BZh", then a block size from 1 to 9 */
		if (ensure(z, 4, e) < 0)
			return -1;
		p = z->in + z->pos;
		if (z->len - z->pos >= 4 && p[3] >= '1' && p[3] <= '9')
			return F_BZIP2;
	}
	return F_PLAIN;
}

/* Set up the decoder for the next gzip member or bzip2 stream, or the
 * one decoder of xz's and zstd's concatenated streams and frames. */
static void
start(zread *z)
{
	int ok = 1;

	switch (z->kind) {
	case F_GZIP:
		ok = (z->started ? inflateReset(&z->gz) :
		    inflateInit2(&z->gz, 15 + 16)) == Z_OK;
		break;
	case F_XZ:
		ok = z->started || lzma_stream_decoder(&z->xz, UINT64_MAX,
		    LZMA_CONCATENATED) == LZMA_OK;
		break;
	case F_ZSTD:
		ok = z->started || ((z->zs = ZSTD_createDStream()) != NULL &&
		    !ZSTD_isError(ZSTD_initDStream(z->zs)));
		break;
	case F_BZIP2:
		if (z->started)
			BZ2_bzDecompressEnd(&z->bz);
		ok = BZ2_bzDecompressInit(&z->bz, 0, 0) == BZ_OK;
		break;
	}
	if (!ok)
		rfm_die(RFM_ESOFTWARE, "%s: cannot start the %s decoder",
		    z->name, format_name[z->kind]);
	z->started = 1;
	z->open = 1;
}

/* The errors of compressed data; each returns -1. */
static int
damaged(zread *z, const char *why, rfm_error *e)
{
	rfm_fail(e, RFM_EDATA, z->name, 0, NULL, "the %s data are damaged "
	    "near byte %llu (%s): the file is corrupt, or not all %s",
	    format_name[z->kind], (unsigned long long)(z->used + z->pos), why,
	    format_name[z->kind]);
	return -1;
}

static int
cut_short(zread *z, rfm_error *e)
{
	/* After the last xz stream, liblzma takes other bytes for the
	 * start of one more. */
	rfm_fail(e, RFM_EDATA, z->name, 0, NULL, "the %s data stop before "
	    "their end%s: the file is cut short (a copy or an export that did "
	    "not finish?)%s", format_name[z->kind], z->kind == F_XZ ?
	    ", or other bytes follow them" : "", z->kind == F_XZ ?
	    " or damaged" : "");
	return -1;
}

/*
 * Decode the bytes at hand into out[0..n).  Returns the bytes made, or -1
 * with e filled; z->open drops to 0 when a gzip member, a bzip2 stream or
 * a zstd frame ends, or the last xz stream.
 */
static ssize_t
decode(zread *z, unsigned char *out, size_t n, rfm_error *e)
{
	size_t avail = z->len - z->pos, made = 0, ret;
	ZSTD_inBuffer zi = { z->in + z->pos, avail, 0 };
	ZSTD_outBuffer zo = { out, n, 0 };
	int rc;
	char why[32];

	if (n > UINT32_MAX)
		n = UINT32_MAX;
	switch (z->kind) {
	case F_GZIP:
		z->gz.next_in = z->in + z->pos;
		z->gz.avail_in = (uInt)avail;
		z->gz.next_out = out;
		z->gz.avail_out = (uInt)n;
		rc = inflate(&z->gz, Z_NO_FLUSH);
		z->pos += avail - z->gz.avail_in;
		made = n - z->gz.avail_out;
		if (rc == Z_STREAM_END)
			z->open = 0;
		else if (rc != Z_OK && rc != Z_BUF_ERROR)
			return damaged(z, z->gz.msg != NULL ? z->gz.msg :
			    "zlib", e);
		break;
	case F_XZ:
		z->xz.next_in = z->in + z->pos;
		z->xz.avail_in = avail;
		z->xz.next_out = out;
		z->xz.avail_out = n;
		rc = lzma_code(&z->xz, z->eof ? LZMA_FINISH : LZMA_RUN);
		z->pos += avail - z->xz.avail_in;
		made = n - z->xz.avail_out;
		if (rc == LZMA_STREAM_END)
			z->open = 0;
		else if (rc == LZMA_BUF_ERROR && z->eof)
			return cut_short(z, e);
		else if (rc != LZMA_OK && rc != LZMA_BUF_ERROR) {
			snprintf(why, sizeof why, "liblzma code %d", rc);
			return damaged(z, why, e);
		}
		break;
	case F_ZSTD:
		ret = ZSTD_decompressStream(z->zs, &zo, &zi);
		z->pos += zi.pos;
		made = zo.pos;
		if (ZSTD_isError(ret))
			return damaged(z, ZSTD_getErrorName(ret), e);
		z->open = ret != 0;   /* 0: a frame whole and flushed */
		break;
	case F_BZIP2:
		z->bz.next_in = (char *)(z->in + z->pos);
		z->bz.avail_in = (unsigned)avail;
		z->bz.next_out = (char *)out;
		z->bz.avail_out = (unsigned)n;
		rc = BZ2_bzDecompress(&z->bz);
		z->pos += avail - z->bz.avail_in;
		made = n - z->bz.avail_out;
		if (rc == BZ_STREAM_END)
			z->open = 0;
		else if (rc != BZ_OK) {
			snprintf(why, sizeof why, "libbz2 code %d", rc);
			return damaged(z, why, e);
		}
		break;
	}
	return (ssize_t)made;
}

/*
 * After a gzip member or a bzip2 stream, another of the same may follow:
 * the decoder starts again.  Anything else is refused, where gzip(1)
 * would ignore it with a warning.  Returns 0, or -1 with e filled.
 */
static int
next_member(zread *z, rfm_error *e)
{
	size_t i;
	int rc;

	for (i = 0; magics[i].kind != z->kind; i++)
		;
	if ((rc = starts_with(z, magics[i].magic, magics[i].n, e)) < 0)
		return -1;
	if (rc) {
		start(z);
		return 0;
	}
	if (z->pos == z->len)
		return 0;
	rfm_fail(e, RFM_EDATA, z->name, 0, NULL, "other bytes follow the %s "
	    "data at byte %llu: the file is damaged, or not all %s",
	    format_name[z->kind], (unsigned long long)(z->used + z->pos),
	    format_name[z->kind]);
	return -1;
}

ssize_t
zread_read(zread *z, void *buf, size_t n, rfm_error *e)
{
	ssize_t got;
	size_t k;

	if (z->kind == F_UNKNOWN) {
		if ((got = kind_of(z, e)) < 0)
			return -1;
		z->kind = (int)got;
		if (z->kind != F_PLAIN) {
			z->in = rfm_xmalloc(IN_SIZE);
			z->cap = IN_SIZE;
			memcpy(z->in, z->head + z->pos, z->len - z->pos);
			z->len -= z->pos;
			z->pos = 0;
			start(z);
		}
	}
	if (z->kind == F_PLAIN) {
		/* What was looked at first, then straight from the file. */
		if (z->pos < z->len) {
			k = z->len - z->pos < n ? z->len - z->pos : n;
			memcpy(buf, z->in + z->pos, k);
			z->pos += k;
			return (ssize_t)k;
		}
		do
			got = read(z->fd, buf, n);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			rfm_fail(e, RFM_EIO, z->name, 0, NULL,
			    "read error: %s", strerror(errno));
			return -1;
		}
		return got;
	}
	for (;;) {
		if (z->pos == z->len && !z->eof && fill(z, e) < 0)
			return -1;
		if (!z->open) {
			if (z->kind != F_XZ && z->kind != F_ZSTD &&
			    next_member(z, e) < 0)
				return -1;
			if (!z->open && z->pos == z->len && z->eof)
				return 0;
		}
		if ((got = decode(z, buf, n, e)) != 0)
			return got;
		/* Nothing made: the decoder wants more, and there is none. */
		if (z->pos == z->len && z->eof && z->open)
			return cut_short(z, e);
	}
}
