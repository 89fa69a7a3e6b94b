/*
 * atomic.h - files that are either wholly written or not touched.
 *
 * The content goes to a temporary file in the target's directory, which
 * is flushed to disk and renamed over the target only when every write
 * succeeded.  A failed or killed run leaves the previous file intact (and
 * at worst a stray ".NAME.XXXXXX" temporary file beside it).  Only a
 * regular file is ever replaced (a device, directory or pipe is an
 * error); a symbolic link is followed and its target replaced.
 */
#ifndef RFMKIT_ATOMIC_H
#define RFMKIT_ATOMIC_H

#include <stdio.h>

#include "err.h"

/*
 * Write path with write(out, ctx).  write returns 0, or non-zero to
 * abandon the file.  Returns RFM_OK, or RFM_EIO with e naming path.
 */
int atomic_write(const char *path, int (*write)(FILE *out, void *ctx),
    void *ctx, rfm_error *e);

#endif
