/*
 * infile.c - open for reading, refuse a directory, say which file failed.
 */
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
infile_open(const char *path, const char *what, rfm_error *e)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		rfm_fail(e, RFM_ENOINPUT, NULL, 0, NULL, "%s %s: %s", what,
		    path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		rfm_fail(e, RFM_ENOINPUT, NULL, 0, NULL, "%s %s: is a "
		    "directory", what, path);
		return -1;
	}
	return fd;
}

int
infile_input(const char *path, const char **name, rfm_error *e)
{
	if (strcmp(path, "-") == 0) {
		*name = "<stdin>";
		return STDIN_FILENO;
	}
	*name = path;
	return infile_open(path, "input file", e);
}
