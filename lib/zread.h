/*
 * zread.h - reading a file that may be compressed.
 *
 * The first bytes say which: gzip (1f 8b), xz (fd 37 7a 58 5a 00), zstd
 * (28 b5 2f fd) or bzip2 ("BZh" and a digit from 1 to 9); anything else
 * is read as it is.  A file of several compressed members or streams one
 * after the other, as cat makes of two files, reads as their contents one
 * after the other.  Decompression goes through Debian's zlib, liblzma,
 * libzstd and libbz2.
 */
#ifndef RFMKIT_ZREAD_H
#define RFMKIT_ZREAD_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

typedef struct zread zread;

/* Read fd, named name in messages. */
zread *zread_open(int fd, const char *name);

/*
 * Up to n bytes of the input, decompressed: the count, 0 at its end, or
 * -1 with e filled: RFM_EIO for a read error, RFM_EDATA for compressed
 * data that is damaged, cut short or followed by other bytes (the message
 * names the format and the cure).
 */
ssize_t zread_read(zread *z, void *buf, size_t n, rfm_error *e);

/* "gzip", "xz", "zstd" or "bzip2", or NULL for a file read as it is; known
 * after the first zread_read. */
const char *zread_format(const zread *z);

void zread_close(zread *z);

#endif
