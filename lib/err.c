/*
 * err.c - error messages, exit codes and the checked end of stdout.
 */
#include "err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *rfm_prog = "rfmkit";

void
rfm_setprog(const char *argv0)
{
	const char *slash;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	rfm_prog = slash ? slash + 1 : argv0;
}

int
rfm_fail(rfm_error *e, int code, const char *file, long line,
    const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rfm_vfail(e, code, file, line, field, fmt, ap);
	va_end(ap);
	return code;
}

int
rfm_vfail(rfm_error *e, int code, const char *file, long line,
    const char *field, const char *fmt, va_list ap)
{
	size_t n = 0;
	int w;

	e->code = code;
	e->msg[0] = '\0';
	if (file != NULL) {
		if (line > 0)
			w = snprintf(e->msg, sizeof e->msg, "%s:%ld: ", file, line);
		else
			w = snprintf(e->msg, sizeof e->msg, "%s: ", file);
		n = w < 0 ? 0 : (size_t)w;
	}
	if (field != NULL && n < sizeof e->msg) {
		w = snprintf(e->msg + n, sizeof e->msg - n, "%s: ", field);
		n += w < 0 ? 0 : (size_t)w;
	}
	if (n < sizeof e->msg)
		vsnprintf(e->msg + n, sizeof e->msg - n, fmt, ap);
	return code;
}

void
rfm_vreport(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", rfm_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
rfm_die_error(const rfm_error *e)
{
	rfm_die(e->code ? e->code : RFM_ESOFTWARE, "%s", e->msg);
}

void
rfm_die(int code, const char *fmt, ...)
{
	va_list ap;

	/* What stdout holds goes first: on a terminal the message is
	 * then the last line. */
	fflush(stdout);
	va_start(ap, fmt);
	rfm_vreport(fmt, ap);
	va_end(ap);
	exit(code);
}

void
rfm_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rfm_vreport(fmt, ap);
	va_end(ap);
}

void *
rfm_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		rfm_die(RFM_ESOFTWARE, "out of memory");
	return p;
}

void *
rfm_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		rfm_die(RFM_ESOFTWARE, "out of memory");
	return p;
}

void *
rfm_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		rfm_die(RFM_ESOFTWARE, "out of memory");
	return p;
}

char *
rfm_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(rfm_xmalloc(n), s, n);
}

int
rfm_close_stdout(void)
{
	int bad = fflush(stdout) != 0 || ferror(stdout);
	int saved = errno;

	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		rfm_warn("<stdout>: write error: %s",
		    strerror(saved ? saved : EIO));
		return RFM_EIO;
	}
	return RFM_OK;
}
