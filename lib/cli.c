/*
 * cli.c - the command-line layer: the option loop, its errors and
 * suggestions, --help and --version, option values.
 */
#include "cli.h"

#include <ctype.h>
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

static int
cli_version(void)
{
	printf("%s (rfmkit) %s\n", rfm_prog, RFMKIT_VERSION);
	return rfm_close_stdout();
}

static int
cli_help(const cli_command *cmd)
{
	fputs(cmd->usage, stdout);
	fputs(cmd->help, stdout);
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

/* Longer names are not compared: nobody mistypes a sentence. */
#define NAME_MAX_LEN 64

/*
 * The optimal string alignment distance between a[0..na) and b[0..nb)
 * (both at most NAME_MAX_LEN): insertions, deletions, substitutions and
 * swaps of two neighbours ("--kepe-all") each count 1.
 */
static size_t
distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t rows[3][NAME_MAX_LEN + 1], *two = rows[0], *prev = rows[1];
	size_t *cur = rows[2], *t, i, j, d;

	for (j = 0; j <= nb; j++)
		prev[j] = j;
	for (i = 1; i <= na; i++) {
		cur[0] = i;
		for (j = 1; j <= nb; j++) {
			d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && two[j - 2] + 1 < d)
				d = two[j - 2] + 1;
			cur[j] = d;
		}
		t = two, two = prev, prev = cur, cur = t;
	}
	return prev[nb];
}

/* Append the n options marked, as "--a", "--a or --b", "--a, --b or
 * --c", and "?". */
static void
add_names(char *buf, size_t size, const struct option *longopts,
    const unsigned char *marked, size_t n)
{
	size_t i, done = 0, len = strlen(buf);

	for (i = 0; longopts[i].name != NULL && len < size; i++) {
		if (!marked[i])
			continue;
		done++;
		snprintf(buf + len, size - len, "%s--%s", done == 1 ? "" :
		    done == n ? " or " : ", ", longopts[i].name);
		len = strlen(buf);
	}
	if (len + 1 < size)
		strcpy(buf + len, "?");
}

size_t
cli_suggest(const struct option *longopts, const char *name, size_t len,
    char *buf, size_t size)
{
	unsigned char marked[256];
	size_t i, n = 0, best = (size_t)-1, d, nl;

	memset(marked, 0, sizeof marked);
	for (i = 0; longopts[i].name != NULL && i < sizeof marked; i++) {
		if (strncmp(longopts[i].name, name, len) != 0)
			continue;
		marked[i] = 1;
		n++;
	}
	if (n > 1) {
		/* the prefix of several names, which getopt_long refused */
		snprintf(buf, size, "ambiguous option '--%.*s'; did you mean ",
		    (int)len, name);
		add_names(buf, size, longopts, marked, n);
		return n;
	}
	snprintf(buf, size, "unknown option '--%.*s'", (int)len, name);
	memset(marked, 0, sizeof marked);
	n = 0;
	for (i = 0; len <= NAME_MAX_LEN && longopts[i].name != NULL &&
	    i < sizeof marked; i++) {
		if ((nl = strlen(longopts[i].name)) > NAME_MAX_LEN)
			continue;
		if ((d = distance(name, len, longopts[i].name, nl)) < best) {
			memset(marked, 0, sizeof marked);
			best = d;
			n = 0;
		}
		if (d == best) {
			marked[i] = 1;
			n++;
		}
	}
	/*
	 * Close is one slip in a short name, one in four letters in a
	 * longer one: "--keepall" is --keep-all, "--bogus" is nothing.  No
	 * looser: "--scale" is two edits from --save, and a suggestion must
	 * not lead from a file read to a file written.
	 */
	if (n == 0 || best > (len < 8 ? 1 : len / 4))
		return 0;
	if (strlen(buf) + 16 < size)
		strcat(buf, "; did you mean ");
	add_names(buf, size, longopts, marked, n);
	return n;
}

/* The index of the long option that name[0..len) names, in full or as
 * the prefix of no other; -1 for none or several. */
static int
find_long(const struct option *longopts, const char *name, size_t len)
{
	int i, found = -1, several = 0;

	for (i = 0; longopts[i].name != NULL; i++) {
		if (strncmp(longopts[i].name, name, len) != 0)
			continue;
		if (strlen(longopts[i].name) == len)
			return i;
		several = found != -1;
		found = i;
	}
	return several ? -1 : found;
}

/*
 * A letter the command no longer has: say what it stood for, and what
 * that option is now, rather than suggest it: "-s" was --save in
 * rfm-scale and is --scaler, a file read, elsewhere.
 */
static _Noreturn void
retired(const cli_command *cmd, const cli_retired *r)
{
	const struct option *o;
	const char *p;

	for (o = cmd->longopts; o->name != NULL; o++)
		if (strcmp(o->name, r->was) == 0 && o->val > 0 &&
		    o->val < 128 && o->val != ':' &&
		    (p = strchr(cmd->optstring, o->val)) != NULL)
			cli_usage("unknown option '-%c': it stood for --%s, "
			    "which is -%c now (see SHORT OPTIONS in rfmkit(7))",
			    r->letter, r->was, *p);
	cli_usage("unknown option '-%c': it stood for --%s, which has no "
	    "short form now (see SHORT OPTIONS in rfmkit(7))", r->letter,
	    r->was);
}

/*
 * Report the error getopt_long returned (c is '?' or ':', with opterr
 * 0 and ':' first in the optstring), suggesting the option meant, and
 * exit 64.  An error inside a group of short options ("-kx") does not
 * move optind past its element, so the element before optind may be an
 * earlier, valid long option: a long option's error is recognised by
 * optopt, which getopt_long sets to 0 for an unknown or ambiguous long
 * option, and to the option's value when a value is missing or given to
 * an option that takes none.
 */
static _Noreturn void
option_error(const cli_command *cmd, char **argv, int c)
{
	const char *arg = argv[optind - 1], *name = arg + 2;
	size_t len = strcspn(name, "=");
	char msg[512];
	int i, is_long = strncmp(arg, "--", 2) == 0 && arg[2] != '\0';

	if (is_long && optopt != 0) {
		/* this long option's own error, or a short option's after it */
		i = find_long(cmd->longopts, name, len);
		is_long = i >= 0 && cmd->longopts[i].val == optopt &&
		    (c == ':' ? name[len] == '\0' && cmd->longopts[i].has_arg ==
		    required_argument : name[len] == '=' &&
		    cmd->longopts[i].has_arg == no_argument);
	}
	if (is_long) {
		if (c == ':')
			cli_usage("option '--%.*s' needs a value", (int)len, name);
		if (optopt != 0)
			cli_usage("option '--%.*s' takes no value", (int)len,
			    name);
		cli_suggest(cmd->longopts, name, len, msg, sizeof msg);
		cli_usage("%s", msg);
	}
	if (c == ':')
		cli_usage("option '-%c' needs a value", optopt);
	for (i = 0; cmd->retired != NULL && cmd->retired[i].letter; i++)
		if (cmd->retired[i].letter == optopt)
			retired(cmd, &cmd->retired[i]);
	cli_usage("unknown option '-%c'", optopt);
}

/*
 * The long option longopts[i] was just read: when it is one of those
 * that must be written in full, check that its element of argv did.
 * That element is the one before optind, or the one before that when
 * the value was the next element.
 */
static void
check_full(const cli_command *cmd, char **argv, int i)
{
	const struct option *o = &cmd->longopts[i];
	const char *arg;
	size_t j, len;

	for (j = 0; cmd->full != NULL && cmd->full[j] != NULL; j++)
		if (strcmp(cmd->full[j], o->name) == 0)
			break;
	if (cmd->full == NULL || cmd->full[j] == NULL)
		return;
	arg = argv[optind - 1];
	if (o->has_arg != no_argument && optarg == arg && optind >= 2)
		arg = argv[optind - 2];
	len = strcspn(arg + 2, "=");
	if (len != strlen(o->name))
		cli_usage("option '--%.*s' stands for --%s, which replaces a "
		    "file: write it in full", (int)len, arg + 2, o->name);
}

int
cli_getopt(const cli_command *cmd, int argc, char **argv)
{
	int c, i = -1;

	opterr = 0;
	c = getopt_long(argc, argv, cmd->optstring, cmd->longopts, &i);
	if (i >= 0 && c != '?' && c != ':')
		check_full(cmd, argv, i);
	switch (c) {
	case 'h':
		exit(cli_help(cmd));
	case 'V':
		exit(cli_version());
	case '?':
	case ':':
		option_error(cmd, argv, c);
	}
	return c;
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

void
cli_range(const char *opt, const char *arg, long min, long max, long *a,
    long *b)
{
	const char *dash = *arg ? strchr(arg + 1, '-') : NULL;
	char first[32];
	size_t n;

	/* Digits on both sides: strtol would also take " 2" and "+2". */
	if (dash != NULL && (n = (size_t)(dash - arg)) < sizeof first &&
	    isdigit((unsigned char)arg[0]) &&
	    isdigit((unsigned char)dash[1])) {
		memcpy(first, arg, n);
		first[n] = '\0';
		if (num_parse_long(first, min, max, a) == NUM_OK &&
		    num_parse_long(dash + 1, min, max, b) == NUM_OK &&
		    *a <= *b)
			return;
	}
	cli_usage("%s: '%s' is not a range a-b with %ld <= a <= b <= %ld",
	    opt, arg, min, max);
}

size_t
cli_choice(const char *opt, const char *arg, const char *const *names,
    size_t n)
{
	char list[256];
	size_t i, len = 0;

	for (i = 0; i < n; i++)
		if (strcmp(arg, names[i]) == 0)
			return i;
	list[0] = '\0';
	for (i = 0; i < n && len < sizeof list; i++) {
		snprintf(list + len, sizeof list - len, "%s%s", i == 0 ? "" :
		    i + 1 < n ? ", " : n == 2 ? " nor " : " or ", names[i]);
		len = strlen(list);
	}
	cli_usage("%s: '%s' is %s %s", opt, arg, n == 2 ? "neither" : "not",
	    list);
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
