/*
 * check_cli.c - tests of the suggestions of lib/cli for a long option
 * that getopt_long refused: the closest option by edit distance (typos,
 * a missing or doubled letter, two letters swapped), every option of an
 * ambiguous prefix, and none when nothing is close.  cli_getopt itself
 * exits, and is tested end to end (the usage cases of tests/cases).
 */
#include <string.h>

#include "cli.h"
#include "suites.h"

static const struct option opts[] = {
	{ "delimiter", required_argument, NULL, 'd' },
	{ "decimal-comma", no_argument, NULL, 1 },
	{ "keep-all", no_argument, NULL, 'a' },
	{ "date-format", required_argument, NULL, 2 },
	{ "date-col", required_argument, NULL, 3 },
	{ "scaler", required_argument, NULL, 's' },
	{ "summary", no_argument, NULL, 'S' },
	{ "save", required_argument, NULL, 4 },
	{ "seed", required_argument, NULL, 5 },
	{ "init", required_argument, NULL, 6 },
	{ "n-init", required_argument, NULL, 7 },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* rfm-scale's, where --save is the only option that writes a file. */
static const struct option scale_opts[] = {
	{ "columns", required_argument, NULL, 'c' },
	{ "log1p", required_argument, NULL, 'l' },
	{ "save", required_argument, NULL, 1 },
	{ "load", required_argument, NULL, 'L' },
	{ "keep", no_argument, NULL, 2 },
	{ NULL, 0, NULL, 0 }
};

static void
suggests_in(const struct option *table, const char *name, size_t want_n,
    const char *want)
{
	char buf[512];
	size_t n;

	n = cli_suggest(table, name, strcspn(name, "="), buf, sizeof buf);
	ck_assert_str_eq(buf, want);
	ck_assert_uint_eq(n, want_n);
}

static void
suggests(const char *name, size_t want_n, const char *want)
{
	suggests_in(opts, name, want_n, want);
}

START_TEST(test_close)
{
	suggests("keepall", 1, "unknown option '--keepall'; did you mean "
	    "--keep-all?");
	suggests("kepe-all", 1, "unknown option '--kepe-all'; did you mean "
	    "--keep-all?");
	suggests("delimeter", 1, "unknown option '--delimeter'; did you mean "
	    "--delimiter?");
	suggests("versoin", 1, "unknown option '--versoin'; did you mean "
	    "--version?");
	suggests("hepl", 1, "unknown option '--hepl'; did you mean --help?");
	/* the text after '=' is the value, not the name */
	suggests("keepall=1", 1, "unknown option '--keepall'; did you mean "
	    "--keep-all?");
	/* two at the same distance: both */
	suggests("ninit", 2, "unknown option '--ninit'; did you mean --init "
	    "or --n-init?");
}
END_TEST

START_TEST(test_far)
{
	suggests("bogus", 0, "unknown option '--bogus'");
	suggests("x", 0, "unknown option '--x'");
	/* two slips in a short name are too far: a scaler to read is not
	 * the scaler --save writes */
	suggests_in(scale_opts, "scale", 0, "unknown option '--scale'");
	suggests_in(scale_opts, "scaler", 0, "unknown option '--scaler'");
	suggests_in(scale_opts, "sve", 1, "unknown option '--sve'; did you "
	    "mean --save?");
	suggests("scalar-file", 0, "unknown option '--scalar-file'");
	suggests("model", 0, "unknown option '--model'");
}
END_TEST

START_TEST(test_ambiguous)
{
	suggests("s", 4, "ambiguous option '--s'; did you mean --scaler, "
	    "--summary, --save or --seed?");
	suggests("date", 2, "ambiguous option '--date'; did you mean "
	    "--date-format or --date-col?");
	suggests("de=x", 2, "ambiguous option '--de'; did you mean "
	    "--delimiter or --decimal-comma?");
}
END_TEST

/* A name longer than the table of the distance is compared with
 * nothing, and a long message is cut, not overrun. */
START_TEST(test_long)
{
	char name[300], buf[40];

	memset(name, 'k', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	ck_assert_uint_eq(cli_suggest(opts, name, strlen(name), buf,
	    sizeof buf), 0);
	ck_assert_uint_eq(strlen(buf), sizeof buf - 1);
	ck_assert_uint_eq(cli_suggest(opts, "s", 1, buf, sizeof buf), 4);
	ck_assert_str_eq(buf, "ambiguous option '--s'; did you mean --");
}
END_TEST

Suite *
suite_cli(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("suggest");

	tcase_add_test(tc, test_close);
	tcase_add_test(tc, test_far);
	tcase_add_test(tc, test_ambiguous);
	tcase_add_test(tc, test_long);
	suite_add_tcase(s, tc);
	return s;
}
