/*
 * check_tsv.c - tests of lib/tsv: the "linear TSV" escapes of tsv_put_key,
 * numbers written by tsv_put_num, and the quoted, \xHH-escaped and
 * truncated text of tsv_show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "tsv.h"

/* Output collected by open_memstream. */
typedef struct memout {
	FILE *f;
	char *p;
	size_t len;
} memout;

static void
mem_open(memout *m)
{
	m->p = NULL;
	m->len = 0;
	m->f = open_memstream(&m->p, &m->len);
	ck_assert_ptr_nonnull(m->f);
}

static void
mem_close(memout *m)
{
	ck_assert_int_eq(fclose(m->f), 0);
}

static void
put_key_is(const char *key, size_t len, const char *want, size_t wlen)
{
	memout m;

	mem_open(&m);
	tsv_put_key(m.f, key, len);
	mem_close(&m);
	ck_assert_uint_eq(m.len, wlen);
	ck_assert_msg(memcmp(m.p, want, wlen) == 0, "tsv_put_key wrote "
	    "\"%s\", want \"%s\"", m.p, want);
	free(m.p);
}

#define PUT_KEY_IS(key, want) \
	put_key_is(key, sizeof(key) - 1, want, sizeof(want) - 1)

START_TEST(test_put_key_escapes)
{
	PUT_KEY_IS("17850", "17850");
	PUT_KEY_IS("", "");
	PUT_KEY_IS("a\tb", "a\\tb");
	PUT_KEY_IS("a\nb", "a\\nb");
	PUT_KEY_IS("a\rb", "a\\rb");
	PUT_KEY_IS("a\\b", "a\\\\b");
	PUT_KEY_IS("\t", "\\t");
	PUT_KEY_IS("\\", "\\\\");
	PUT_KEY_IS("\t\n\r\\", "\\t\\n\\r\\\\");
	PUT_KEY_IS("x\r\n", "x\\r\\n");
	PUT_KEY_IS("\\t", "\\\\t");
	PUT_KEY_IS("a\t\tb\n", "a\\t\\tb\\n");
}
END_TEST

/* Every byte but the four is written as it is. */
START_TEST(test_put_key_other_bytes)
{
	char all[256], want[260];
	size_t i, n = 0;

	PUT_KEY_IS("Caf\xc3\xa9 \xe2\x82\xac", "Caf\xc3\xa9 \xe2\x82\xac");
	PUT_KEY_IS("Caf\xe9", "Caf\xe9");
	PUT_KEY_IS("a\0b", "a\0b");
	PUT_KEY_IS("\"quoted\", 'single'", "\"quoted\", 'single'");
	PUT_KEY_IS("\x01\x1b\x7f\xff", "\x01\x1b\x7f\xff");
	for (i = 0; i < 256; i++) {
		all[i] = (char)i;
		if (i == '\t' || i == '\n' || i == '\r' || i == '\\') {
			want[n++] = '\\';
			want[n++] = i == '\t' ? 't' : i == '\n' ? 'n' :
			    i == '\r' ? 'r' : '\\';
		} else {
			want[n++] = (char)i;
		}
	}
	put_key_is(all, sizeof all, want, n);
	ck_assert_uint_eq(n, 260);
}
END_TEST

START_TEST(test_put_num)
{
	static const struct {
		double x;
		const char *want;
	} t[] = {
		{ 4310.5, "4310.5" },
		{ 0.1 + 0.2, "0.30000000000000004" },
		{ -0.0, "0" },
		{ 12.0, "12" },
		{ -3.5, "-3.5" },
		{ 1e300, "1e+300" },
	};
	memout m;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		mem_open(&m);
		fputs("x\t", m.f);
		tsv_put_num(m.f, t[i].x);
		fputs("\n", m.f);
		mem_close(&m);
		ck_assert_uint_eq(m.len, strlen(t[i].want) + 3);
		ck_assert_int_eq(memcmp(m.p, "x\t", 2), 0);
		ck_assert_int_eq(memcmp(m.p + 2, t[i].want, strlen(t[i].want)),
		    0);
		ck_assert_int_eq(m.p[m.len - 1], '\n');
		free(m.p);
	}
}
END_TEST

static void
show_is(const char *s, size_t len, size_t max, const char *want)
{
	char *buf = malloc(4 * max + 8);
	const char *r;

	ck_assert_ptr_nonnull(buf);
	r = tsv_show(buf, s, len, max);
	ck_assert_ptr_eq(r, buf);
	ck_assert_str_eq(r, want);
	free(buf);
}

START_TEST(test_show)
{
	show_is("abc", 3, 40, "\"abc\"");
	show_is("", 0, 40, "\"\"");
	show_is("17850", 5, 40, "\"17850\"");
	show_is("a b", 3, 40, "\"a b\"");
	show_is("a\tb", 3, 40, "\"a\\x09b\"");
	show_is("a\nb\r", 4, 40, "\"a\\x0ab\\x0d\"");
	show_is("a\0b", 3, 40, "\"a\\x00b\"");
	show_is("\x7f", 1, 40, "\"\\x7f\"");
	show_is("~", 1, 40, "\"~\"");
	show_is("\x1f", 1, 40, "\"\\x1f\"");
	/* UTF-8 and Latin-1 bytes are non-ASCII: escaped one by one */
	show_is("Caf\xc3\xa9", 5, 40, "\"Caf\\xc3\\xa9\"");
	show_is("Caf\xe9", 4, 40, "\"Caf\\xe9\"");
	show_is("\xff", 1, 40, "\"\\xff\"");
	/* the quote and the backslash cannot be confused with the quoting */
	show_is("say \"hi\"", 8, 40, "\"say \\x22hi\\x22\"");
	show_is("a\\b", 3, 40, "\"a\\x5cb\"");
	/* len is the length: a NUL-terminated source is not read beyond */
	show_is("abcdef", 3, 40, "\"abc\"");
}
END_TEST

START_TEST(test_show_truncation)
{
	show_is("abcdef", 6, 3, "\"abc\"...");
	show_is("abcdef", 6, 6, "\"abcdef\"");
	show_is("abcdef", 6, 5, "\"abcde\"...");
	show_is("abcdef", 6, 0, "\"\"...");
	show_is("\t\t\t\t", 4, 2, "\"\\x09\\x09\"...");
	show_is("", 0, 0, "\"\"");
}
END_TEST

/* The documented buffer size, 4 * max + 8, holds the worst case: every
 * byte escaped and the text cut (run under ASan, a byte too many shows). */
START_TEST(test_show_worst_case_size)
{
	enum { MAX = 40 };
	char src[100], *buf;
	size_t i;

	for (i = 0; i < sizeof src; i++)
		src[i] = (char)(0x80 + i);
	buf = malloc(4 * MAX + 8);
	ck_assert_ptr_nonnull(buf);
	tsv_show(buf, src, sizeof src, MAX);
	ck_assert_uint_eq(strlen(buf), 1 + 4 * MAX + 1 + 3);
	ck_assert_int_eq(memcmp(buf, "\"\\x80\\x81", 9), 0);
	ck_assert_str_eq(buf + 4 * MAX - 3, "\\xa7\"...");
	free(buf);
}
END_TEST

Suite *
suite_tsv(void)
{
	Suite *s = suite_create("tsv");
	TCase *tc = tcase_create("tsv");

	tcase_add_test(tc, test_put_key_escapes);
	tcase_add_test(tc, test_put_key_other_bytes);
	tcase_add_test(tc, test_put_num);
	tcase_add_test(tc, test_show);
	tcase_add_test(tc, test_show_truncation);
	tcase_add_test(tc, test_show_worst_case_size);
	suite_add_tcase(s, tc);
	return s;
}
