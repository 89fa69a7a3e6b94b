/*
 * atomic.c - temporary file, fsync, rename.
 */
#include "atomic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
atomic_write(const char *path, int (*write)(FILE *out, void *ctx),
    void *ctx, rfm_error *e)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	char *tmp = rfm_xmalloc(strlen(path) + 16);
	mode_t mask;
	FILE *out;
	int fd, err = 0, bad;

	/* ".NAME.XXXXXX" beside NAME, so that rename stays in one file
	 * system. */
	memcpy(tmp, path, dirlen);
	sprintf(tmp + dirlen, ".%s.XXXXXX", path + dirlen);
	if ((fd = mkstemp(tmp)) < 0) {
		err = errno;
		free(tmp);
		return rfm_fail(e, RFM_EIO, path, 0, NULL, "cannot write: %s",
		    strerror(err));
	}
	/* mkstemp makes the file 0600; give it the usual umask mode. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	if ((out = fdopen(fd, "w")) == NULL) {
		err = errno;
		close(fd);
		goto fail;
	}
	bad = write(out, ctx) != 0;
	if (fflush(out) != 0 || ferror(out))
		err = errno ? errno : EIO;
	else if (bad)
		err = EIO;
	else if (fsync(fd) != 0)
		err = errno;
	if (fclose(out) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = errno;
	if (err == 0) {
		free(tmp);
		return RFM_OK;
	}
fail:
	unlink(tmp);
	free(tmp);
	return rfm_fail(e, RFM_EIO, path, 0, NULL, "cannot write: %s",
	    strerror(err));
}
