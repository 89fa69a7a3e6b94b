/*
 * table.c - two passes over a TSV, spooling a pipe to a temporary file.
 */
#include "table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infile.h"

/* Copy fd to an unlinked temporary file; return its descriptor. */
static int
spool(int fd, const char *name, rfm_error *e)
{
	const char *dir = getenv("TMPDIR");
	char *path, buf[65536];
	ssize_t got, put, off;
	int tmp;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = rfm_xmalloc(strlen(dir) + 32);
	sprintf(path, "%s/rfmkit.XXXXXX", dir);
	if ((tmp = mkstemp(path)) < 0) {
		rfm_fail(e, RFM_EIO, dir, 0, NULL, "cannot make a temporary "
		    "file for %s: %s", name, strerror(errno));
		free(path);
		return -1;
	}
	unlink(path);
	free(path);
	for (;;) {
		got = read(fd, buf, sizeof buf);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rfm_fail(e, RFM_EIO, name, 0, NULL, "read error: %s",
			    strerror(errno));
			break;
		}
		if (got == 0) {
			if (lseek(tmp, 0, SEEK_SET) == 0)
				return tmp;
			rfm_fail(e, RFM_EIO, dir, 0, NULL, "temporary file: %s",
			    strerror(errno));
			break;
		}
		for (off = 0; off < got; off += put) {
			put = write(tmp, buf + off, (size_t)(got - off));
			if (put < 0 && errno == EINTR) {
				put = 0;
				continue;
			}
			if (put < 0) {
				rfm_fail(e, RFM_EIO, dir, 0, NULL, "cannot copy "
				    "%s to a temporary file: %s", name,
				    strerror(errno));
				close(tmp);
				return -1;
			}
		}
	}
	close(tmp);
	return -1;
}

int
table_open(table *t, const char *path, rfm_error *e)
{
	struct stat st;
	int fd;

	memset(t, 0, sizeof *t);
	if ((fd = infile_input(path, &t->name, e)) < 0)
		return e->code;
	t->own_fd = fd != STDIN_FILENO;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (t->start = lseek(fd, 0, SEEK_CUR)) >= 0) {
		t->fd = fd;
		return RFM_OK;
	}
	t->start = 0;
	t->fd = spool(fd, t->name, e);
	if (t->own_fd)
		close(fd);
	t->own_fd = 1;
	return t->fd < 0 ? e->code : RFM_OK;
}

int
table_load(table *t, const char *const *cols, size_t ncols,
    table_value_fn fn, void *ctx, rfm_error *e)
{
	tsv_reader r;
	size_t i, j, cap = 0;
	double *v;
	int rc, got;

	if ((rc = table_rewind(t, &r, e)) != RFM_OK)
		return rc;
	t->nsel = ncols ? ncols : r.ncols - 1;
	t->sel = rfm_xmalloc(t->nsel * sizeof *t->sel);
	if (ncols) {
		if ((rc = tsv_columns(&r, cols, ncols, t->sel, e)) != RFM_OK)
			goto out;
	} else {
		for (i = 0; i < t->nsel; i++)
			t->sel[i] = (long)i + 1;
	}
	t->selname = rfm_xcalloc(t->nsel, sizeof *t->selname);
	for (i = 0; i < t->nsel; i++) {
		if (*r.cols[t->sel[i]] == '\0') {
			rc = rfm_fail(e, RFM_EDATA, t->name, 1, NULL, "column %ld "
			    "has no name", t->sel[i] + 1);
			goto out;
		}
		/* Names go into scaler and model files, whose lines end in
		 * LF or CRLF: a carriage return in one would not read back. */
		if (strchr(r.cols[t->sel[i]], '\r') != NULL) {
			rc = rfm_fail(e, RFM_EDATA, t->name, 1, NULL, "the name "
			    "of column %ld holds a carriage return",
			    t->sel[i] + 1);
			goto out;
		}
		for (j = 0; j < i; j++)
			if (strcmp(t->selname[j], r.cols[t->sel[i]]) == 0) {
				rc = rfm_fail(e, RFM_EDATA, t->name, 1, NULL,
				    "column \"%s\" appears twice (fields %ld "
				    "and %ld)", r.cols[t->sel[i]], t->sel[j] + 1,
				    t->sel[i] + 1);
				goto out;
			}
		t->selname[i] = rfm_xstrdup(r.cols[t->sel[i]]);
	}
	t->first_line = r.line + 1;
	while ((got = tsv_next(&r, e)) > 0) {
		if (t->nrows == cap) {
			cap = cap ? cap * 2 : 4096;
			t->x = rfm_xrealloc(t->x, cap * t->nsel * sizeof *t->x);
		}
		for (i = 0; i < t->nsel; i++) {
			v = &t->x[t->nrows * t->nsel + i];
			if ((rc = tsv_number(&r, t->sel[i], v, e)) != RFM_OK ||
			    (fn != NULL && (rc = fn(ctx, &r, i, v, e)) !=
			    RFM_OK))
				goto out;
		}
		t->nrows++;
	}
	rc = got < 0 ? e->code : RFM_OK;
out:
	tsv_close(&r);
	return rc;
}

int
table_rewind(table *t, tsv_reader *r, rfm_error *e)
{
	if (lseek(t->fd, t->start, SEEK_SET) != t->start)
		return rfm_fail(e, RFM_EIO, t->name, 0, NULL, "cannot read it "
		    "again: %s", strerror(errno));
	return tsv_open(r, t->fd, t->name, e);
}

void
table_close(table *t)
{
	size_t i;

	if (t->own_fd && t->fd >= 0)
		close(t->fd);
	for (i = 0; i < t->nsel && t->selname != NULL; i++)
		free(t->selname[i]);   /* NULL for names not reached */
	free(t->selname);
	free(t->sel);
	free(t->x);
	memset(t, 0, sizeof *t);
}
