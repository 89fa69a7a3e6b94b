/*
 * cli.c - option errors, option values, --version, input files.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infile.h"
#include "num.h"
#include "version.h"

int
cli_version(void)
{
	printf("%s (rfmkit) %s\n", rfm_prog, RFMKIT_VERSION);
	return rfm_close_stdout();
}

int
cli_help(const char *usage, const char *help)
{
	fputs(usage, stdout);
	fputs(help, stdout);
	return rfm_close_stdout();
}

static _Noreturn void
usage_exit(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", rfm_prog);
	exit(RFM_EUSAGE);
}

void
cli_usage(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	rfm_vreport(fmt, ap);
	va_end(ap);
	usage_exit();
}

void
cli_option_error(char **argv, int c)
{
	const char *arg = argv[optind - 1];
	int len = (int)strcspn(arg, "=");

	if (strncmp(arg, "--", 2) == 0) {
		if (c == ':')
			cli_usage("option '%.*s' needs a value", len, arg);
		/* getopt_long sets optopt for a known option given a value */
		if (optopt != 0)
			cli_usage("option '%.*s' takes no value", len, arg);
		cli_usage("unknown or ambiguous option '%.*s'", len, arg);
	}
	if (c == ':')
		cli_usage("option '-%c' needs a value", optopt);
	cli_usage("unknown option '-%c'", optopt);
}

long
cli_long(const char *opt, const char *arg, long min, long max)
{
	long v;
	int rc = num_parse_long(arg, min, max, &v);

	if (rc == NUM_RANGE) {
		if (max == LONG_MAX)
			cli_usage("%s: %s is out of range (at least %ld)", opt,
			    arg, min);
		cli_usage("%s: %s is out of range (%ld to %ld)", opt, arg, min,
		    max);
	}
	if (rc != NUM_OK)
		cli_usage("%s: not an integer: '%s'", opt, arg);
	return v;
}

double
cli_double(const char *opt, const char *arg)
{
	double v;
	int rc = num_parse(arg, strlen(arg), &v);

	if (rc != NUM_OK)
		cli_usage("%s: %s: '%s'", opt, num_strerror(rc), arg);
	return v;
}

int
cli_same_file(const char *path, int fd)
{
	struct stat a, b;

	return stat(path, &a) == 0 && fstat(fd, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int
cli_open(const char *path, const char **name, rfm_error *e)
{
	return infile_input(path, name, e);
}

size_t
cli_list(const char *opt, char *arg, int unique, char ***names)
{
	size_t n = 1, i, j;
	char *p;

	for (p = arg; *p; p++)
		n += *p == ',';
	if (*arg == '\0' || *arg == ',' || p[-1] == ',' || strstr(arg, ",,"))
		cli_usage("%s: an empty name in '%s'", opt, arg);
	*names = rfm_xmalloc(n * sizeof **names);
	for (i = 0, p = arg; i < n; i++)
		(*names)[i] = strsep(&p, ",");
	for (i = 0; unique && i < n; i++)
		for (j = 0; j < i; j++)
			if (strcmp((*names)[i], (*names)[j]) == 0)
				cli_usage("%s: '%s' twice", opt, (*names)[i]);
	return n;
}

const char *
cli_one_input(int argc, char **argv)
{
	if (argc > 1)
		cli_usage("one input file at most, not %d", argc);
	return argc == 1 ? argv[0] : "-";
}
