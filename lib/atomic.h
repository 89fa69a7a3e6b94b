/*
 * atomic.h - files that are either wholly written or not touched.
 *
 * The content goes to a temporary file ".NAME.XXXXXX" in the target's
 * directory, which is flushed to disk and renamed over the target only
 * when every write succeeded.  A failed or killed run leaves the previous
 * file intact.  No temporary file outlives its save: a failure removes
 * it; while it exists, a signal that would end the process (HUP, INT,
 * QUIT, TERM and the like, unless ignored) removes it and then ends the
 * process as it would have; one left by SIGKILL or a crash is removed by
 * the next save of the same file.  A save holds an flock(2) lock on its
 * temporary file, which tells a leftover from the file of a save still
 * running in another process.  The replaced file's mode is kept, and its
 * owner and group where the writer may set them (root); otherwise the
 * file becomes the writer's.  Only a regular file is ever replaced (a
 * device, directory or pipe is an error); a symbolic link is followed
 * and its target replaced.  One save at a time in a process.
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
