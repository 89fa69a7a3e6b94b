/*
 * cli.h - what every command's main() shares: option errors in one voice,
 * range-checked option values, --version, opening inputs.
 */
#ifndef RFMKIT_CLI_H
#define RFMKIT_CLI_H

#include "err.h"

/* Print "prog (rfmkit) VERSION" on stdout; returns rfm_close_stdout(). */
int cli_version(void);

/* Print usage and help on stdout; returns rfm_close_stdout(). */
int cli_help(const char *usage, const char *help);

/*
 * Report the option error getopt_long returned (c is '?' or ':', with
 * opterr = 0 and optstring starting with ':'), point at --help, exit 64.
 */
_Noreturn void cli_option_error(char **argv, int c);

/* "prog: <formatted>", the --help pointer, exit 64. */
_Noreturn void cli_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* The value of option opt as an integer in [min, max], or exit 64. */
long cli_long(const char *opt, const char *arg, long min, long max);

/* The value of option opt as a finite number, or exit 64. */
double cli_double(const char *opt, const char *arg);

/*
 * Split the value of option opt at commas into names (pointers into arg,
 * which is modified).  An empty name is a usage error, and so is a name
 * given twice when unique is set.  Returns the count; *names is allocated.
 */
size_t cli_list(const char *opt, char *arg, int unique, char ***names);

/* The single input operand ("-" when there is none); more is a usage
 * error. */
const char *cli_one_input(int argc, char **argv);

/*
 * Whether path names the file open on fd (the same device and inode,
 * links followed): a --save there would replace the input while it is
 * read.
 */
int cli_same_file(const char *path, int fd);

/* The command's input table: infile_input() of infile.h. */
int cli_open(const char *path, const char **name, rfm_error *e);

#endif
