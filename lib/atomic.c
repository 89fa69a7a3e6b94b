/*
 * atomic.c - temporary file, fsync, rename.
 */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Flush the directory entry of a rename to disk too. */
static void
sync_dir(const char *path, size_t dirlen)
{
	char *dir = rfm_xmalloc(dirlen + 2);
	int fd;

	if (dirlen == 0)
		strcpy(dir, ".");
	else {
		memcpy(dir, path, dirlen);
		dir[dirlen] = '\0';
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/*
 * Where the symbolic link path finally points, even when that does not
 * exist yet: each link of a chain is followed (a relative target taken
 * from its link's directory), at most 40 of them.
 */
static char *
link_target(const char *path)
{
	struct stat st;
	char buf[4096], *cur = NULL, *next;
	const char *at = path, *slash;
	size_t dirlen;
	ssize_t n;
	int hops;

	for (hops = 0; hops < 40; hops++) {
		if (lstat(at, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		if ((n = readlink(at, buf, sizeof buf - 1)) <= 0) {
			free(cur);
			return NULL;
		}
		buf[n] = '\0';
		slash = strrchr(at, '/');
		dirlen = slash && buf[0] != '/' ? (size_t)(slash - at) + 1 : 0;
		next = rfm_xmalloc(dirlen + (size_t)n + 1);
		memcpy(next, at, dirlen);
		strcpy(next + dirlen, buf);
		free(cur);
		at = cur = next;
	}
	free(cur);
	return NULL;
}

int
atomic_write(const char *path, int (*write)(FILE *out, void *ctx),
    void *ctx, rfm_error *e)
{
	struct stat st;
	const char *slash, *target = path;
	char *real = NULL, *tmp;
	size_t dirlen;
	mode_t mask;
	FILE *out;
	int fd, err = 0, bad;

	/*
	 * Only a regular file is replaced: never a device (a model saved to
	 * /dev/null must not delete it), a directory or a pipe.  A symbolic
	 * link is followed, so that its target is replaced and the link
	 * stays.
	 */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if ((real = realpath(path, NULL)) == NULL)
			real = link_target(path);
		if (real != NULL)
			target = real;
	}
	if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
		free(real);
		return rfm_fail(e, RFM_EIO, path, 0, NULL, "cannot write: not "
		    "a regular file, it is not replaced");
	}
	slash = strrchr(target, '/');
	dirlen = slash ? (size_t)(slash - target) + 1 : 0;
	tmp = rfm_xmalloc(strlen(target) + 16);
	/* ".NAME.XXXXXX" beside NAME, so that rename stays in one file
	 * system. */
	memcpy(tmp, target, dirlen);
	sprintf(tmp + dirlen, ".%s.XXXXXX", target + dirlen);
	if ((fd = mkstemp(tmp)) < 0) {
		err = errno;
		free(tmp);
		free(real);
		return rfm_fail(e, RFM_EIO, path, 0, NULL, "cannot write: %s",
		    strerror(err));
	}
	/* mkstemp makes the file 0600: give it the mode of the file it
	 * replaces, or the usual umask mode. */
	if (stat(target, &st) == 0)
		fchmod(fd, st.st_mode & 07777);
	else {
		mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
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
	if (err == 0 && rename(tmp, target) != 0)
		err = errno;
	if (err == 0) {
		sync_dir(target, dirlen);
		free(tmp);
		free(real);
		return RFM_OK;
	}
fail:
	unlink(tmp);
	free(tmp);
	free(real);
	return rfm_fail(e, RFM_EIO, path, 0, NULL, "cannot write: %s",
	    strerror(err));
}
