/*
 * check_texttable.c - tests of lib/texttable: numbers rounded half away
 * from zero from their shortest form (money, shares, one decimal,
 * counts), widths in UTF-8 code points, the aligned text with its empty
 * cells and no trailing spaces, the HTML table and its escaping, and
 * the TSV as every rfmkit table writes it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "testutil.h"
#include "texttable.h"

static const texttable_col cols[] = {
	{ "name", "segment name", TT_TEXT , 0 },
	{ "n", "customers", TT_COUNT , 0 },
	{ "share", "share", TT_SHARE , 0 },
	{ "mean", "recency mean", TT_ONE , 0 },
	{ "money", "revenue", TT_MONEY , 0 }
};

#define NCOLS (sizeof cols / sizeof cols[0])

/* What t writes, as a string (freed by the caller). */
static char *
written(const texttable *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(out);
	texttable_write(t, out);
	fclose(out);
	return buf;
}

/* The cell x makes in a column of kind, in text. */
static const char *
cell_of(int kind, double x)
{
	static char buf[TEXTTABLE_NUMSZ];
	texttable_col col = { "c", "c", kind , 0 };
	texttable t;
	char *text;

	texttable_init(&t, TEXTTABLE_TEXT, &col, 1, "x");
	texttable_num(&t, x);
	text = written(&t);
	texttable_free(&t);
	/* "c\n" then the cell, right-aligned to the title's width */
	ck_assert_ptr_nonnull(strchr(text, '\n'));
	snprintf(buf, sizeof buf, "%s", strchr(text, '\n') + 1);
	buf[strcspn(buf, "\n")] = '\0';
	free(text);
	return buf;
}

START_TEST(test_fixed)
{
	char buf[TEXTTABLE_NUMSZ];

	/* The decimal the TSV shows decides, not the double below it. */
	ck_assert_str_eq(cell_of(TT_MONEY, 344.66499999999996), "344.66");
	ck_assert_str_eq(cell_of(TT_MONEY, 158.565), "158.57");
	ck_assert_str_eq(cell_of(TT_MONEY, 2.675), "2.68");
	ck_assert_str_eq(cell_of(TT_MONEY, 77183.6), "77183.60");
	ck_assert_str_eq(cell_of(TT_MONEY, 9.995), "10.00");
	ck_assert_str_eq(cell_of(TT_MONEY, -0.005), "-0.01");
	/* never "-0.00" */
	ck_assert_str_eq(cell_of(TT_MONEY, -0.004), "0.00");
	ck_assert_str_eq(cell_of(TT_MONEY, -0.0), "0.00");
	ck_assert_str_eq(cell_of(TT_MONEY, 0), "0.00");
	ck_assert_str_eq(cell_of(TT_MONEY, 1e-300), "0.00");
	ck_assert_str_eq(cell_of(TT_MONEY, 1.5e21),
	    "1500000000000000000000.00");
	ck_assert_str_eq(cell_of(TT_SHARE, 0.13093591516828032), "13.1%");
	ck_assert_str_eq(cell_of(TT_SHARE, 0.9995), "100.0%");
	ck_assert_str_eq(cell_of(TT_SHARE, 0.0005), "0.1%");
	ck_assert_str_eq(cell_of(TT_SHARE, 0.00049), "0.0%");
	ck_assert_str_eq(cell_of(TT_SHARE, 1), "100.0%");
	ck_assert_str_eq(cell_of(TT_SHARE, -0.25), "-25.0%");
	ck_assert_str_eq(cell_of(TT_ONE, 28.6), "28.6");
	ck_assert_str_eq(cell_of(TT_ONE, 30), "30.0");
	ck_assert_str_eq(cell_of(TT_ONE, 340.45), "340.5");
	ck_assert_str_eq(cell_of(TT_ONE, 1e-5), "0.0");
	ck_assert_str_eq(cell_of(TT_COUNT, 44), "44");
	ck_assert_str_eq(cell_of(TT_COUNT, 42.5), "43");
	ck_assert_str_eq(cell_of(TT_COUNT, -1.5), "-2");
	/* the function itself, and its length */
	ck_assert_uint_eq(texttable_fixed(buf, 99.95, 0, 1), 5);
	ck_assert_str_eq(buf, "100.0");
	ck_assert_uint_eq(texttable_fixed(buf, 1.7976931348623157e308, 2, 1),
	    313);
	ck_assert_str_eq(buf + 306, "00000.0");
	texttable_fixed(buf, 5e-324, 0, 4);
	ck_assert_str_eq(buf, "0.0000");
	texttable_fixed(buf, 0.5, 0, 0);
	ck_assert_str_eq(buf, "1");
}
END_TEST

START_TEST(test_width)
{
	ck_assert_uint_eq(texttable_width("abc", 3), 3);
	ck_assert_uint_eq(texttable_width("Caf\xc3\xa9", 5), 4);
	/* a three-byte and a four-byte character */
	ck_assert_uint_eq(texttable_width("\xe5\xae\xa2\xf0\x9f\x98\x80", 7),
	    2);
	ck_assert_uint_eq(texttable_width("", 0), 0);
}
END_TEST

/* Two rows: a name of non-ASCII letters, and one with empty cells. */
static void
fill(texttable *t, int format)
{
	texttable_init(t, format, cols, NCOLS, "rfmkit-test");
	texttable_text(t, "Fid\xc3\xa8les \xc3\xa0 vie", 15);
	texttable_count(t, 1234);
	texttable_num(t, 0.13093591516828032);
	texttable_num(t, 28.6);
	texttable_num(t, 344.66499999999996);
	texttable_text(t, "Lost", 4);
	texttable_count(t, 0);
	texttable_num(t, 0);
	texttable_empty(t);
	texttable_empty(t);
}

START_TEST(test_text)
{
	texttable t;
	char *text;

	fill(&t, TEXTTABLE_TEXT);
	text = written(&t);
	/* "Fidèles à vie" is 13 characters (15 bytes): the column is as
	 * wide as its title, 12, plus one; numbers right-aligned, the
	 * empty cells blank, no spaces at the end of a line. */
	ck_assert_str_eq(text,
	    "segment                          recency\n"
	    "name           customers  share     mean  revenue\n"
	    "Fid\xc3\xa8les \xc3\xa0 vie       1234  13.1%     28.6   344.66\n"
	    "Lost                   0   0.0%\n");
	free(text);
	texttable_free(&t);
	ck_assert_ptr_null(t.buf);
}
END_TEST

START_TEST(test_text_empty_first)
{
	static const texttable_col two[] = {
		{ "a", "a", TT_TEXT , 0 }, { "b", "b", TT_MONEY , 0 }
	};
	texttable t;
	char *text;

	/* An empty text cell first: the number still in its column. */
	texttable_init(&t, TEXTTABLE_TEXT, two, 2, "x");
	texttable_empty(&t);
	texttable_num(&t, 1);
	texttable_text(&t, "long name", 9);
	texttable_empty(&t);
	text = written(&t);
	ck_assert_str_eq(text,
	    "a             b\n"
	    "           1.00\n"
	    "long name\n");
	free(text);
	texttable_free(&t);
}
END_TEST

START_TEST(test_text_not_text)
{
	static const texttable_col three[] = {
		{ "id", "id", TT_COUNT, 1 }, { "a", "a", TT_TEXT, 0 },
		{ "b", "b", TT_MONEY, 0 }
	};
	texttable t;
	char *text;

	/* A column marked not_text is left out of the text, kept in TSV;
	 * titles without a space take one line. */
	texttable_init(&t, TEXTTABLE_TEXT, three, 3, "x");
	texttable_count(&t, 7);
	texttable_text(&t, "x", 1);
	texttable_num(&t, 2);
	text = written(&t);
	ck_assert_str_eq(text, "a     b\nx  2.00\n");
	free(text);
	texttable_free(&t);
	texttable_init(&t, TEXTTABLE_TSV, three, 3, "x");
	texttable_count(&t, 7);
	texttable_text(&t, "x", 1);
	texttable_num(&t, 2);
	text = written(&t);
	ck_assert_str_eq(text, "id\ta\tb\n7\tx\t2\n");
	free(text);
	texttable_free(&t);
}
END_TEST

START_TEST(test_html)
{
	static const texttable_col two[] = {
		{ "a", "<name> & \"co\"", TT_TEXT , 0 }, { "b", "it's", TT_SHARE , 0 }
	};
	texttable t;
	char *text;

	fill(&t, TEXTTABLE_HTML);
	text = written(&t);
	ck_assert_str_eq(text,
	    "<table class=\"rfmkit-test\">\n"
	    "<thead>\n"
	    "<tr><th>segment name</th><th class=\"num\">customers</th>"
	    "<th class=\"num\">share</th><th class=\"num\">recency mean</th>"
	    "<th class=\"num\">revenue</th></tr>\n"
	    "</thead>\n"
	    "<tbody>\n"
	    "<tr><td>Fid\xc3\xa8les \xc3\xa0 vie</td>"
	    "<td class=\"num\">1234</td>"
	    "<td class=\"num\">13.1%</td><td class=\"num\">28.6</td>"
	    "<td class=\"num\">344.66</td></tr>\n"
	    "<tr><td>Lost</td><td class=\"num\">0</td>"
	    "<td class=\"num\">0.0%</td><td class=\"num\"></td>"
	    "<td class=\"num\"></td></tr>\n"
	    "</tbody>\n"
	    "</table>\n");
	free(text);
	texttable_free(&t);

	/* Every text escaped: titles, cells and the class. */
	texttable_init(&t, TEXTTABLE_HTML, two, 2, "a\"b");
	texttable_text(&t, "Tom & Jerry's <b>\"best\"</b>", 27);
	texttable_num(&t, 0.5);
	text = written(&t);
	ck_assert_str_eq(text,
	    "<table class=\"a&quot;b\">\n"
	    "<thead>\n"
	    "<tr><th>&lt;name&gt; &amp; &quot;co&quot;</th>"
	    "<th class=\"num\">it&#39;s</th></tr>\n"
	    "</thead>\n"
	    "<tbody>\n"
	    "<tr><td>Tom &amp; Jerry&#39;s &lt;b&gt;&quot;best&quot;&lt;/b&gt;"
	    "</td><td class=\"num\">50.0%</td></tr>\n"
	    "</tbody>\n"
	    "</table>\n");
	free(text);
	texttable_free(&t);
}
END_TEST

START_TEST(test_tsv)
{
	texttable t;
	char *text;

	/* The TSV names, numbers in their shortest form, empty fields. */
	fill(&t, TEXTTABLE_TSV);
	text = written(&t);
	ck_assert_str_eq(text,
	    "name\tn\tshare\tmean\tmoney\n"
	    "Fid\xc3\xa8les \xc3\xa0 vie\t1234\t0.13093591516828032\t28.6\t"
	    "344.66499999999996\n"
	    "Lost\t0\t0\t\t\n");
	free(text);
	texttable_free(&t);
}
END_TEST

START_TEST(test_formats)
{
	ck_assert_str_eq(texttable_formats[TEXTTABLE_TSV], "tsv");
	ck_assert_str_eq(texttable_formats[TEXTTABLE_TEXT], "text");
	ck_assert_str_eq(texttable_formats[TEXTTABLE_HTML], "html");
}
END_TEST

/* Past the first allocations of cells and offsets. */
START_TEST(test_many)
{
	static const texttable_col one[] = { { "v", "value", TT_MONEY , 0 } };
	texttable t;
	char *text, *p;
	int i, lines = 0;

	texttable_init(&t, TEXTTABLE_TEXT, one, 1, "x");
	for (i = 0; i < 1000; i++)
		texttable_num(&t, i + 0.125);
	text = written(&t);
	for (p = text; *p; p++)
		lines += *p == '\n';
	ck_assert_int_eq(lines, 1001);
	ck_assert(strncmp(text, " value\n  0.13\n  1.13\n", 20) == 0);
	ck_assert_str_eq(text + strlen(text) - 14, "998.13\n999.13\n");
	free(text);
	texttable_free(&t);
}
END_TEST

Suite *
suite_texttable(void)
{
	Suite *s = suite_create("texttable");
	TCase *tc = tcase_create("texttable");

	tcase_add_test(tc, test_fixed);
	tcase_add_test(tc, test_width);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_text_empty_first);
	tcase_add_test(tc, test_text_not_text);
	tcase_add_test(tc, test_html);
	tcase_add_test(tc, test_tsv);
	tcase_add_test(tc, test_formats);
	tcase_add_test(tc, test_many);
	suite_add_tcase(s, tc);
	return s;
}
