/*
 * cli.h - the command-line layer, what every command's main() shares:
 * the option loop with its errors in one voice, --help and --version,
 * range-checked option values.  Its functions exit on a usage error;
 * the rest of the library never calls them (tests/layers.sh).
 */
#ifndef RFMKIT_CLI_H
#define RFMKIT_CLI_H

#include <getopt.h>
#include <stddef.h>

#include "err.h"

/* A short option a command no longer has, and the long option it was. */
typedef struct cli_retired {
	char letter;
	const char *was;         /* "save" for --save */
} cli_retired;

/* What a command's option loop needs. */
typedef struct cli_command {
	const char *optstring;   /* getopt_long's: ':' first, "hV" in it */
	const struct option *longopts;
	const char *usage;       /* the usage lines, as the SYNOPSIS */
	const char *help;        /* the rest of --help */
	const cli_retired *retired;   /* ends with letter 0; or NULL */
	const char *const *full; /* options written only in full: those that
	                            replace a file ("save"); NULL-ended */
} cli_command;

/*
 * The next option of argv, as getopt_long returns it, or -1 after the
 * last.  What every command does alike is done here: -h and --help
 * print the usage and help, -V and --version the version, and exit; an
 * unknown, ambiguous or malformed option is a usage error (exit 64)
 * that suggests the option meant: the closest long option by edit
 * distance, the candidates of an ambiguous prefix, or the long option a
 * retired short letter stood for.  So is an option of cmd->full given
 * by a prefix ("--s" for --save): a slip must not replace a file.
 */
int cli_getopt(const cli_command *cmd, int argc, char **argv);

/*
 * The message for the long option name[0..len) that getopt_long
 * refused, into buf: "ambiguous option '--s'; did you mean --scaler or
 * --summary?", "unknown option '--keepall'; did you mean --keep-all?",
 * or "unknown option '--bogus'" when no option is close.  Returns how
 * many options it suggests.
 */
size_t cli_suggest(const struct option *longopts, const char *name,
    size_t len, char *buf, size_t size);

/* "prog: <formatted>", the --help pointer, exit 64. */
_Noreturn void cli_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* The value of option opt as an integer in [min, max], or exit 64. */
long cli_long(const char *opt, const char *arg, long min, long max);

/*
 * The value of option opt as a range "a-b" of integers with
 * min <= a <= b <= max, each written as digits, or exit 64.
 */
void cli_range(const char *opt, const char *arg, long min, long max,
    long *a, long *b);

/*
 * The index of the value of option opt among names[0..n), or exit 64
 * naming them: "--init: 'x' is neither k-means++ nor random".
 */
size_t cli_choice(const char *opt, const char *arg,
    const char *const *names, size_t n);

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
