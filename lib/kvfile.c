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

/* The largest value of a cksum line's CRC, 32 bits. */
#define KV_MAX_CRC 4294967295UL

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

/* Whether the line p[0..n) is a cksum line: its first field is "cksum". */
static int
is_sum_line(const char *p, size_t n)
{
	return n >= 5 && memcmp(p, "cksum", 5) == 0 && (n == 5 || p[5] == '\t');
}

void
kv_sum(const char *text, size_t len, cksum *c)
{
	const char *p, *nl, *end = text + len;
	size_t n;

	for (p = text; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0 || *p == '#' || is_sum_line(p, n))
			continue;
		cksum_add(c, p, n);
		cksum_add(c, "\n", 1);
	}
}

/* "version 2", "versions 1 and 2", "versions 1 to 3" */
static const char *
versions(char *buf, size_t n, int oldest, int newest)
{
	if (oldest == newest)
		snprintf(buf, n, "version %d", newest);
	else
		snprintf(buf, n, "versions %d %s %d", oldest,
		    newest == oldest + 1 ? "and" : "to", newest);
	return buf;
}

int
kv_read(const char *path, const char *kind, int oldest, int newest,
    kvfile *kv, rfm_error *e)
{
	char *p, *end, *nl, *q, show[4 * 40 + 8], want[64], vs[48];
	size_t len = 0, cap = 0, nf, i;
	long line = 0, v;
	kv_line *l;
	int rc;

	memset(kv, 0, sizeof *kv);
	kv->path = path;
	kv->kind = kind;
	if ((rc = slurp(path, kind, &kv->data, &len, e)) != RFM_OK)
		return rc;
	if (memchr(kv->data, '\0', len) != NULL)
		return rfm_fail(e, RFM_EDATA, path, 0, NULL,
		    "holds NUL bytes: not an rfmkit %s file", kind);
	cksum_init(&kv->sum);
	kv_sum(kv->data, len, &kv->sum);
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
				    newest);
			if (num_parse_long(q + 1, 1, 1000000, &v) != NUM_OK)
				return rfm_fail(e, RFM_EDATA, path, 1, NULL,
				    "bad version %s", tsv_show(show, q + 1,
				    strlen(q + 1), 40));
			if (v < oldest || v > newest)
				return rfm_fail(e, RFM_EDATA, path, 1, NULL,
				    "%s file version %ld; this rfmkit reads %s",
				    kind, v, versions(vs, sizeof vs, oldest,
				    newest));
			kv->version = (int)v;
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

/* A cksum line's number: decimal digits only, at most max. */
static int
sum_number(const kvfile *kv, const kv_line *l, size_t i, const char *what,
    unsigned long max, unsigned long *out, rfm_error *e)
{
	char show[4 * 40 + 8];
	const char *p = l->f[i];
	unsigned long v = 0;

	if (*p == '\0')
		goto bad;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (max - (unsigned long)(*p - '0')) / 10)
			goto bad;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (*p == '\0') {
		*out = v;
		return RFM_OK;
	}
bad:
	return rfm_fail(e, RFM_EDATA, kv->path, l->line, "cksum", "%s: not "
	    "a number of cksum(1): %s", what, tsv_show(show, l->f[i],
	    strlen(l->f[i]), 40));
}

int
kv_check_sum(const kvfile *kv, rfm_error *e)
{
	const kv_line *l;
	unsigned long crc, len;
	int rc;

	if ((rc = kv_find(kv, "cksum", 3, &l, e)) != RFM_OK ||
	    (rc = sum_number(kv, l, 1, "CRC", KV_MAX_CRC, &crc, e)) != RFM_OK ||
	    (rc = sum_number(kv, l, 2, "length", (unsigned long)KV_MAX_SIZE,
	    &len, e)) != RFM_OK)
		return rc;
	if (crc == cksum_value(&kv->sum) && len == kv->sum.len)
		return RFM_OK;
	return rfm_fail(e, RFM_EDATA, NULL, 0, NULL, "%s file %s: damaged: "
	    "the cksum of its lines is %lu %llu, its cksum line (line %ld) "
	    "says %lu %lu (after an edit by hand, write the cksum line "
	    "again: see rfmkit-files(5))", kv->kind, kv->path,
	    (unsigned long)cksum_value(&kv->sum),
	    (unsigned long long)kv->sum.len, l->line, crc, len);
}

FILE *
kv_begin(kv_writer *w)
{
	w->buf = NULL;
	w->len = 0;
	return w->f = open_memstream(&w->buf, &w->len);
}

int
kv_end(kv_writer *w, FILE *out)
{
	cksum c;
	int bad = w->f == NULL || ferror(w->f);

	if (w->f != NULL && fclose(w->f) != 0)
		bad = 1;
	if (!bad) {
		cksum_init(&c);
		kv_sum(w->buf, w->len, &c);
		fwrite(w->buf, 1, w->len, out);
		fprintf(out, "cksum\t%lu\t%llu\n", (unsigned long)cksum_value(&c),
		    (unsigned long long)c.len);
	}
	free(w->buf);
	memset(w, 0, sizeof *w);
	return bad || ferror(out) ? -1 : 0;
}
