/*
 * kvfile.c - reading and checking rfmkit's kept files.
 */
#include "kvfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "infile.h"
#include "num.h"
#include "tsv.h"

/* Larger than any model a 16-bit k and a sane number of features make. */
#define KV_MAX_SIZE (512L * 1024 * 1024)

static int
slurp(const char *path, const char *kind, char **data, size_t *len,
    rfm_error *e)
{
	size_t cap = 65536, n = 0;
	ssize_t got;
	char *p, what[32];
	int fd;

	snprintf(what, sizeof what, "%s file", kind);
	if ((fd = infile_open(path, what, e)) < 0)
		return e->code;
	p = rfm_xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap >= (size_t)KV_MAX_SIZE) {
				free(p);
				close(fd);
				return rfm_fail(e, RFM_EDATA, path, 0, NULL,
				    "larger than %ld MB: not an rfmkit file",
				    KV_MAX_SIZE >> 20);
			}
			cap *= 2;
			p = rfm_xrealloc(p, cap + 1);
		}
		got = read(fd, p + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(p);
			close(fd);
			return rfm_fail(e, RFM_EIO, NULL, 0, NULL,
			    "%s %s: read error: %s", what, path,
			    strerror(errno));
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	p[n] = '\0';
	*data = p;
	*len = n;
	return RFM_OK;
}

int
kv_read(const char *path, const char *kind, int version, kvfile *kv,
    rfm_error *e)
{
	char *p, *end, *nl, *q, show[4 * 40 + 8], want[64];
	size_t len = 0, cap = 0, nf, i;
	long line = 0, v;
	kv_line *l;
	int rc;

	memset(kv, 0, sizeof *kv);
	kv->path = path;
	if ((rc = slurp(path, kind, &kv->data, &len, e)) != RFM_OK)
		return rc;
	if (memchr(kv->data, '\0', len) != NULL)
		return rfm_fail(e, RFM_EDATA, path, 0, NULL,
		    "holds NUL bytes: not an rfmkit %s file", kind);
	snprintf(want, sizeof want, "rfmkit-%s", kind);
	for (p = kv->data, end = kv->data + len; p < end; p = nl + 1) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			/* Every line a writer makes ends with a newline. */
			return rfm_fail(e, RFM_EDATA, path, line, NULL,
			    "the last line has no newline: the file is cut "
			    "short");
		}
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (line == 1) {
			q = strchr(p, '\t');
			if (q == NULL || (size_t)(q - p) != strlen(want) ||
			    memcmp(p, want, strlen(want)) != 0)
				return rfm_fail(e, RFM_EDATA, path, 1, NULL,
				    "not an rfmkit %s file: the first line is "
				    "%s, not \"%s<TAB>%d\"", kind,
				    tsv_show(show, p, strlen(p), 40), want,
				    version);
			if (num_parse_long(q + 1, 1, 1000000, &v) != NUM_OK)
				return rfm_fail(e, RFM_EDATA, path, 1, NULL,
				    "bad version %s", tsv_show(show, q + 1,
				    strlen(q + 1), 40));
			if (v != version)
				return rfm_fail(e, RFM_EDATA, path, 1, NULL,
				    "%s file version %ld; this rfmkit reads "
				    "version %d", kind, v, version);
			continue;
		}
		if (*p == '\0' || *p == '#')
			continue;
		if (kv->nlines == cap) {
			cap = cap ? cap * 2 : 32;
			kv->lines = rfm_xrealloc(kv->lines,
			    cap * sizeof *kv->lines);
		}
		l = &kv->lines[kv->nlines++];
		l->line = line;
		for (nf = 1, q = p; (q = strchr(q, '\t')) != NULL; q++)
			nf++;
		l->n = nf;
		l->f = rfm_xmalloc(nf * sizeof *l->f);
		for (i = 0, q = p; i < nf; i++) {
			l->f[i] = q;
			if ((q = strchr(q, '\t')) != NULL)
				*q++ = '\0';
		}
	}
	if (line == 0)
		return rfm_fail(e, RFM_EDATA, path, 0, NULL,
		    "empty: not an rfmkit %s file", kind);
	return RFM_OK;
}

void
kv_free(kvfile *kv)
{
	size_t i;

	for (i = 0; i < kv->nlines; i++)
		free(kv->lines[i].f);
	free(kv->lines);
	free(kv->data);
	memset(kv, 0, sizeof *kv);
}

int
kv_number(const kvfile *kv, const kv_line *l, size_t i, const char *what,
    double *out, rfm_error *e)
{
	char show[4 * 40 + 8];
	int rc = num_parse(l->f[i], strlen(l->f[i]), out);

	if (rc == NUM_OK)
		return RFM_OK;
	return rfm_fail(e, RFM_EDATA, kv->path, l->line, what, "%s: %s",
	    num_strerror(rc), tsv_show(show, l->f[i], strlen(l->f[i]), 40));
}

int
kv_integer(const kvfile *kv, const kv_line *l, size_t i, const char *what,
    long min, long max, long *out, rfm_error *e)
{
	char show[4 * 40 + 8];
	int rc = num_parse_long(l->f[i], min, max, out);

	if (rc == NUM_OK)
		return RFM_OK;
	return rfm_fail(e, RFM_EDATA, kv->path, l->line, what, "%s: %s",
	    rc == NUM_RANGE ? "out of range" : "not an integer",
	    tsv_show(show, l->f[i], strlen(l->f[i]), 40));
}

int
kv_known(const kvfile *kv, const char *const *known, rfm_error *e)
{
	size_t i, j;

	for (i = 0; i < kv->nlines; i++) {
		for (j = 0; known[j] != NULL &&
		    strcmp(known[j], kv->lines[i].f[0]) != 0; j++)
			;
		if (known[j] == NULL)
			return rfm_fail(e, RFM_EDATA, kv->path,
			    kv->lines[i].line, NULL, "unknown line \"%s\"",
			    kv->lines[i].f[0]);
	}
	return RFM_OK;
}

int
kv_find(const kvfile *kv, const char *key, size_t nfields,
    const kv_line **out, rfm_error *e)
{
	size_t i;
	const kv_line *found = NULL;

	for (i = 0; i < kv->nlines; i++) {
		if (strcmp(kv->lines[i].f[0], key) != 0)
			continue;
		if (found != NULL)
			return rfm_fail(e, RFM_EDATA, kv->path, kv->lines[i].line,
			    NULL, "a second \"%s\" line (the first is line %ld)",
			    key, found->line);
		found = &kv->lines[i];
	}
	if (found == NULL)
		return rfm_fail(e, RFM_EDATA, kv->path, 0, NULL,
		    "no \"%s\" line: the file is incomplete", key);
	if (nfields && found->n != nfields)
		return rfm_fail(e, RFM_EDATA, kv->path, found->line, NULL,
		    "\"%s\" line with %zu fields, expected %zu", key, found->n,
		    nfields);
	*out = found;
	return RFM_OK;
}
