/*
 * err.h - one way to report errors and exit, shared by every command.
 *
 * Messages have the form "prog: file:line: field: what" on stderr.  Library
 * code never exits: it fills an rfm_error and returns its exit code, so the
 * same parsers can run under a fuzzer or a unit test.  Commands print the
 * error and exit with the code it carries.
 */
#ifndef RFMKIT_ERR_H
#define RFMKIT_ERR_H

#include <stdarg.h>
#include <stdio.h>

/* Exit codes, the sysexits.h values a cron job can tell apart. */
enum {
	RFM_OK = 0,
	RFM_EUSAGE = 64,   /* bad command line */
	RFM_EDATA = 65,    /* bad input data */
	RFM_ENOINPUT = 66, /* an input file cannot be opened */
	RFM_ESOFTWARE = 70,/* internal error (out of memory) */
	RFM_EIO = 74       /* read or write failure */
};

typedef struct rfm_error {
	int code;        /* one of the codes above, RFM_OK when clear */
	char msg[1024];  /* "file:line: field: what", without the prog prefix */
} rfm_error;

/* The program name used as the prefix of every message. */
extern const char *rfm_prog;
void rfm_setprog(const char *argv0);

/*
 * Fill e with code and a message.  file may be NULL; line <= 0 leaves the
 * line out; field may be NULL.  Returns code, so a caller can write
 * "return rfm_fail(e, ...)".
 */
int rfm_fail(rfm_error *e, int code, const char *file, long line,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* rfm_fail with a va_list. */
int rfm_vfail(rfm_error *e, int code, const char *file, long line,
    const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/*
 * The one writer of messages: "prog: <formatted>" and a newline on
 * stderr.  The functions below, and cli_usage() of the command-line
 * layer, differ from it only in what they do before and after.
 */
void rfm_vreport(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

/* Print "prog: msg" for e on stderr and exit with its code. */
_Noreturn void rfm_die_error(const rfm_error *e);

/* Flush stdout, print "prog: <formatted>" on stderr and exit with
 * code. */
_Noreturn void rfm_die(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print "prog: <formatted>" on stderr. */
void rfm_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation that dies with RFM_ESOFTWARE when memory runs out. */
void *rfm_xmalloc(size_t n);
void *rfm_xrealloc(void *p, size_t n);
void *rfm_xcalloc(size_t n, size_t size);
char *rfm_xstrdup(const char *s);

/*
 * Flush and close stdout and report a write error (full disk, closed
 * pipe) as an I/O failure.  Every command ends with this.  Returns RFM_OK
 * or RFM_EIO after printing the message.
 */
int rfm_close_stdout(void);

#endif
