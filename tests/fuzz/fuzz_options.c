/*
 * fuzz_options.c - the parsers behind the commands' option values
 * (lib/cli.c, lib/num.c, lib/date.c).  cli_long, cli_double and cli_list
 * exit on a bad value, so the parsers they call are fuzzed instead, with
 * the ranges and checks the commands use:
 *
 *   cli_long    -> num_parse_long with the range of each option
 *                  (-k, --n-init, --max-iter, --seed, --max-bad,
 *                  --silhouette-sample)
 *   cli_double  -> num_parse on the whole string (--tol, --recency,
 *                  --frequency, --monetary)
 *   --as-of     -> date_parse_as_of, without and with a --date-format
 *   cli_list    -> called only on a list it accepts (no empty name), so
 *                  that it does not exit: the names joined with commas
 *                  are the value again, and there are commas + 1.
 *
 *   cli_suggest -> every input, as the name of an unknown long option
 *                  (up to '='), against rfm-extract's options: the
 *                  message fits any buffer and ends in NUL, names the
 *                  input, and suggests only options of the table.
 *
 * Input: one byte picking the option, then the value (a C string: up to
 * the first NUL, as argv would hold it).
 *
 * Asserted: num_parse_long agrees with the reference in num_oracle.h;
 * num_parse with every check of num_oracle.h (strtod agreement, round
 * trip); a date accepted is a day that exists and prints and reads back
 * as itself, without a format date_parse_as_of is date_parse or refuses
 * a date readable both ways round, and a
 * valid YYYY-MM-DD is accepted with any format.
 */
#define FUZZ_READ_IMPL
#include "fuzz.h"
#include "num_oracle.h"

#include <limits.h>

#include "cli.h"
#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *opt;
	long min, max;
} longs[] = {
	{ "-k", 1, 65535 },
	{ "--n-init", 1, INT_MAX },
	{ "--max-iter", 1, INT_MAX },
	{ "--seed", 0, LONG_MAX },
	{ "--max-bad", 0, LONG_MAX },
	{ "--silhouette-sample", 0, LONG_MAX },
};

static const char *const formats[] = {
	NULL,
	"%Y-%m-%d %H:%M:%S",
	"%m/%d/%Y %H:%M",
	"%d/%m/%Y",
	"%d.%m.%Y",
	"%s",
	"%Y%m%d",
	"%b %d %Y",
};

static void
check_day(int32_t day, const char *s)
{
	char buf[16];
	int y, m, d;
	int32_t back = 0;

	date_to_ymd(day, &y, &m, &d);
	FUZZ_CHECK(date_valid(y, m, d) && date_from_ymd(y, m, d) == day,
	    "--as-of \"%s\" = day %ld = %d-%d-%d", s, (long)day, y, m, d);
	date_format(buf, day);
	FUZZ_CHECK(date_parse(buf, strlen(buf), &back) == DATE_OK &&
	    back == day, "--as-of \"%s\": day %ld printed \"%s\"", s,
	    (long)day, buf);
}

static int
plain_iso(const char *s)
{
	int i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return date_valid(atoi(s), atoi(s + 5), atoi(s + 8));
}

static void
as_of(const char *s, const char *fmt)
{
	int32_t day = 0, day2 = 0;
	int rc = date_parse_as_of(s, fmt, &day), rc2;

	FUZZ_CHECK(rc == DATE_OK || rc == DATE_SYNTAX || rc == DATE_NODAY ||
	    (fmt == NULL && rc == DATE_EITHER),
	    "date_parse_as_of gave %d", rc);
	if (rc == DATE_OK)
		check_day(day, s);
	/*
	 * Without a format, a date that date_parse reads (month first) is
	 * that day or refused as readable both ways round; one it does not
	 * read is never called ambiguous (it may be a day-first date).
	 */
	if (fmt == NULL) {
		rc2 = date_parse(s, strlen(s), &day2);
		if (rc2 == DATE_OK)
			FUZZ_CHECK((rc == DATE_OK && day == day2) ||
			    rc == DATE_EITHER, "date_parse_as_of(\"%s\") "
			    "differs from date_parse", s);
		else
			FUZZ_CHECK(rc != DATE_EITHER, "date_parse_as_of(\"%s\")"
			    " ambiguous, but date_parse refuses it", s);
	}
	if (plain_iso(s))
		FUZZ_CHECK(rc == DATE_OK, "--as-of %s refused with "
		    "--date-format %s", s, fmt ? fmt : "(none)");
}

static void
list(const char *value)
{
	char *copy, **names, *joined, *p;
	size_t n, i, commas = 0, len = strlen(value);

	if (*value == '\0' || *value == ',' || value[len - 1] == ',' ||
	    strstr(value, ",,") != NULL)
		return;   /* cli_list would exit 64 */
	for (p = (char *)value; *p; p++)
		commas += *p == ',';
	copy = fuzz_cstr((const uint8_t *)value, len);
	n = cli_list("--columns", copy, 0, &names);
	FUZZ_CHECK(n == commas + 1, "cli_list: %zu names for %zu commas", n,
	    commas);
	joined = malloc(len + 2);
	joined[0] = '\0';
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(*names[i] != '\0' && strchr(names[i], ',') == NULL,
		    "cli_list: name %zu is \"%s\"", i, names[i]);
		if (i)
			strcat(joined, ",");
		strcat(joined, names[i]);
	}
	FUZZ_CHECK(strcmp(joined, value) == 0, "cli_list: \"%s\" joined is "
	    "\"%s\"", value, joined);
	free(joined);
	free(names);
	free(copy);
}

static const struct option extract_opts[] = {
	{ "delimiter", required_argument, NULL, 'd' },
	{ "decimal-comma", no_argument, NULL, 1 },
	{ "keep-all", no_argument, NULL, 'a' },
	{ "net-returns", no_argument, NULL, 2 },
	{ "as-of", required_argument, NULL, 3 },
	{ "since", required_argument, NULL, 4 },
	{ "window", required_argument, NULL, 5 },
	{ "date-format", required_argument, NULL, 6 },
	{ "date-col", required_argument, NULL, 7 },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
suggest(const char *name)
{
	static const size_t sizes[] = { 1, 7, 40, 512 };
	size_t len = strcspn(name, "="), i, n;
	char buf[512], *p, *q;

	for (i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		memset(buf, 'x', sizeof buf);
		n = cli_suggest(extract_opts, name, len, buf, sizes[i]);
		FUZZ_CHECK(memchr(buf, '\0', sizes[i]) != NULL,
		    "cli_suggest: no NUL within %zu bytes", sizes[i]);
		if (sizes[i] < sizeof buf)
			continue;
		FUZZ_CHECK(strncmp(buf, "unknown option '--", 18) == 0 ||
		    strncmp(buf, "ambiguous option '--", 20) == 0,
		    "cli_suggest: \"%s\"", buf);
		/* after the name given, which may hold anything */
		p = buf + (*buf == 'u' ? 18 : 20);
		p = strlen(p) > len ? strstr(p + len, "; did you mean ") : NULL;
		FUZZ_CHECK((n > 0) == (p != NULL), "cli_suggest: %zu "
		    "suggestions in \"%s\"", n, buf);
		/* each name after "did you mean" is an option of the table */
		for (q = p; q != NULL && (q = strstr(q, "--")) != NULL; q += 2) {
			size_t j, k = strcspn(q + 2, ",? ");

			for (j = 0; extract_opts[j].name != NULL &&
			    (strlen(extract_opts[j].name) != k ||
			    strncmp(extract_opts[j].name, q + 2, k) != 0); j++)
				;
			FUZZ_CHECK(extract_opts[j].name != NULL, "cli_suggest: "
			    "\"%s\" suggests what is not an option", buf);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned sel, nl = sizeof longs / sizeof *longs;
	unsigned nf = sizeof formats / sizeof *formats;
	char *s;
	double v;
	long l;

	if (size < 1)
		return 0;
	sel = data[0];
	s = fuzz_cstr(data + 1, size - 1);
	switch (sel % 4) {
	case 0:
		oracle_num_parse_long(s, longs[sel / 4 % nl].min,
		    longs[sel / 4 % nl].max, &l);
		break;
	case 1:
		if (oracle_num_parse(s, strlen(s), &v) == NUM_OK)
			FUZZ_CHECK(isfinite(v), "cli_double: %s", s);
		break;
	case 2:
		as_of(s, formats[sel / 4 % nf]);
		break;
	default:
		list(s);
		break;
	}
	suggest(s);
	free(s);
	return 0;
}
