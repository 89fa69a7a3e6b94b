/*
 * check_migrate.c - tests of lib/migrate: the previous file read (slots
 * of the model's names first, names only the file has after, the
 * monetary column optional), its errors with file and line, matching
 * the current rows (new, moved, a customer matched twice), names one
 * side lacks, and the migration table with its fixed row order, its
 * gone customers and its empty fields.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migrate.h"
#include "suites.h"
#include "testutil.h"
#include "texttable.h"
#include "tsvin.h"

static char *names2[2] = { "Active", "Lapsed" };

/* Read text as the previous file for a model of names2. */
static int
read_old(migrate *mg, const char *text, int want_money, rfm_error *e)
{
	FILE *f = temp_with(text, strlen(text));
	int rc = migrate_read(mg, fileno(f), "old.tsv", names2, 2, want_money,
	    e);

	fclose(f);
	return rc;
}

/* A reader over the current input text, at its first row. */
static FILE *
open_cur(tsv_reader *r, const char *text)
{
	FILE *f = temp_with(text, strlen(text));
	rfm_error e;

	ck_assert_int_eq(tsv_open(r, fileno(f), "new.tsv", &e), RFM_OK);
	return f;
}

/* The table migrate_write writes in format, as a string (freed by the
 * caller). */
static char *
table_as(migrate *mg, int format)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(migrate_write(mg, format, out), 0);
	fclose(out);
	return buf;
}

static char *
table_of(migrate *mg)
{
	return table_as(mg, TEXTTABLE_TSV);
}

START_TEST(test_read_slots)
{
	migrate mg;
	rfm_error e;
	char list[128];

	ck_assert_int_eq(read_old(&mg, "id\tmonetary\tsegment\n"
	    "b\t20\tLapsed\na\t10\tGone By\nc\t5\tActive\nd\t1\tAlpha\n", 1,
	    &e), RFM_OK);
	ck_assert_uint_eq(migrate_customers(&mg), 4);
	ck_assert_int_eq(mg.has_money, 1);
	ck_assert_uint_eq(mg.nmodel, 2);
	ck_assert_str_eq(migrate_name(&mg, migrate_slot(&mg, 0)), "Active");
	ck_assert_str_eq(migrate_name(&mg, migrate_slot(&mg, 1)), "Lapsed");
	/* Names only the file has, bytewise sorted for messages. */
	ck_assert_uint_eq(migrate_unmatched(&mg, 1, list, sizeof list), 2);
	ck_assert_str_eq(list, "\"Alpha\", \"Gone By\"");
	ck_assert_uint_eq(migrate_unmatched(&mg, 0, list, sizeof list), 0);
	migrate_free(&mg);
}
END_TEST

START_TEST(test_model_name_absent)
{
	migrate mg;
	rfm_error e;
	char list[128];

	ck_assert_int_eq(read_old(&mg, "id\tsegment\nb\tLapsed\n", 1, &e),
	    RFM_OK);
	ck_assert_int_eq(mg.has_money, 0);
	ck_assert_uint_eq(migrate_unmatched(&mg, 0, list, sizeof list), 1);
	ck_assert_str_eq(list, "\"Active\"");
	migrate_free(&mg);
}
END_TEST

/* Without want_money a monetary column is not read: "x" is no error. */
START_TEST(test_money_not_wanted)
{
	migrate mg;
	rfm_error e;

	ck_assert_int_eq(read_old(&mg, "id\tmonetary\tsegment\na\tx\tActive\n",
	    0, &e), RFM_OK);
	ck_assert_int_eq(mg.has_money, 0);
	migrate_free(&mg);
}
END_TEST

static const struct {
	const char *text, *msg;
} bad[] = {
	{ "", "old.tsv: empty input: no header line" },
	{ "a\tActive\n", "the previous file needs a \"segment\" column: "
	    "old.tsv:1: no column \"segment\"; the header has: \"a\", "
	    "\"Active\"" },
	{ "id\tsegment\tsegment\n", "the previous file needs a \"segment\" "
	    "column: old.tsv:1: column \"segment\" appears twice (fields 2 "
	    "and 3)" },
	{ "id\tsegment\na\tActive\nb\tLapsed\na\tLapsed\n", "old.tsv:4: "
	    "customer \"a\" appears twice (lines 2 and 4): the previous file "
	    "has one row a customer" },
	{ "id\tsegment\na\tActive\nb\n", "old.tsv:3: expected 2 fields, "
	    "found 1" },
	{ "id\tsegment\na\t\n", "old.tsv:2: segment: empty (customer \"a\")" },
	{ "id\tsegment\na\t(new)\n", "old.tsv:2: segment: \"(new)\" is what "
	    "the migration table calls a customer absent from one run, not a "
	    "segment" },
	{ "id\tsegment\tmonetary\na\tActive\t1,5\n", "old.tsv:2: monetary: "
	    "not a number: \"1,5\" (id \"a\")" },
};

START_TEST(test_bad)
{
	migrate mg;
	rfm_error e;

	ck_assert_int_eq(read_old(&mg, bad[_i].text, 1, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, bad[_i].msg);
	migrate_free(&mg);
}
END_TEST

START_TEST(test_reserved_model_name)
{
	static char *names[2] = { "Active", "(gone)" };
	migrate mg;
	rfm_error e;
	FILE *f = temp_with("id\tsegment\n", 11);

	ck_assert_int_eq(migrate_read(&mg, fileno(f), "old.tsv", names, 2, 1,
	    &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "the model names cluster 1 \"(gone)\", which "
	    "the migration table uses for customers absent from one run");
	fclose(f);
	migrate_free(&mg);
}
END_TEST

/* test_table's table for people: money to cents, the sums a side
 * has not blank, no line ending in spaces. */
#define TABLE_TEXT \
	"previous                                previous\n" \
	"segment   segment  customers  monetary  monetary\n" \
	"Active    Active           1      6.00      5.00\n" \
	"Active    Lapsed           1     11.00     10.00\n" \
	"Active    (gone)           0                0.00\n" \
	"Lapsed    Active           0      0.00      0.00\n" \
	"Lapsed    Lapsed           1     21.00     20.00\n" \
	"Lapsed    (gone)           1                7.00\n" \
	"Other     Active           1      4.00      3.00\n" \
	"Other     Lapsed           0      0.00      0.00\n" \
	"Other     (gone)           0                0.00\n" \
	"(new)     Active           1    100.00\n" \
	"(new)     Lapsed           0      0.00\n"

/*
 * Previous: a Active 10, b Lapsed 20, c Active 5, g Lapsed 7 (gone),
 * x Other 3 (a name the model lacks).  Now: a Lapsed 11 (moved), b
 * Lapsed 21, c Active 6, n Active 100 (new), x Active 4.
 */
START_TEST(test_table)
{
	tsv_reader r;
	migrate mg;
	rfm_error e;
	uint32_t prev;
	double v;
	char *t;
	FILE *f;
	static const size_t cl[5] = { 1, 1, 0, 0, 0 };
	static const uint32_t want_prev[5] = { 0, 1, 0, MIGRATE_NONE, 2 };
	int i = 0;

	ck_assert_int_eq(read_old(&mg, "id\tsegment\tmonetary\n"
	    "g\tLapsed\t7\nx\tOther\t3\nc\tActive\t5\nb\tLapsed\t20\n"
	    "a\tActive\t10\n", 1, &e), RFM_OK);
	f = open_cur(&r, "id\tmonetary\na\t11\nb\t21\nc\t6\nn\t100\nx\t4\n");
	while (tsv_next(&r, &e) > 0) {
		ck_assert_int_eq(tsv_number(&r, 1, &v, &e), RFM_OK);
		ck_assert_int_eq(migrate_row(&mg, &r, cl[i], &v, &prev, &e),
		    RFM_OK);
		ck_assert_uint_eq(prev, want_prev[i]);
		i++;
	}
	ck_assert_int_eq(i, 5);
	tsv_close(&r);
	fclose(f);
	t = table_of(&mg);
	ck_assert_str_eq(t,
	    "previous_segment\tsegment\tcustomers\tmonetary\tprevious_monetary\n"
	    "Active\tActive\t1\t6\t5\n"
	    "Active\tLapsed\t1\t11\t10\n"
	    "Active\t(gone)\t0\t\t0\n"
	    "Lapsed\tActive\t0\t0\t0\n"
	    "Lapsed\tLapsed\t1\t21\t20\n"
	    "Lapsed\t(gone)\t1\t\t7\n"
	    "Other\tActive\t1\t4\t3\n"
	    "Other\tLapsed\t0\t0\t0\n"
	    "Other\t(gone)\t0\t\t0\n"
	    "(new)\tActive\t1\t100\t\n"
	    "(new)\tLapsed\t0\t0\t\n");
	free(t);
	/* The same table for people, written again: the gone customers
	 * are counted once. */
	t = table_as(&mg, TEXTTABLE_TEXT);
	ck_assert_str_eq(t, TABLE_TEXT);
	free(t);
	migrate_free(&mg);
}
END_TEST

/* A customer of the previous file twice in the input; one it lacks twice
 * is not looked for (that would keep every key of the input). */
START_TEST(test_twice_in_input)
{
	tsv_reader r;
	migrate mg;
	rfm_error e;
	uint32_t prev;
	FILE *f;

	ck_assert_int_eq(read_old(&mg, "id\tsegment\na\tActive\n", 0, &e),
	    RFM_OK);
	f = open_cur(&r, "id\tv\nn\t1\nn\t1\na\t1\na\t1\n");
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(migrate_row(&mg, &r, 0, NULL, &prev, &e), RFM_OK);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(migrate_row(&mg, &r, 0, NULL, &prev, &e), RFM_OK);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(migrate_row(&mg, &r, 0, NULL, &prev, &e), RFM_OK);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(migrate_row(&mg, &r, 0, NULL, &prev, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "new.tsv:5: customer \"a\" appears twice in "
	    "the input: a customer of the previous file old.tsv is matched "
	    "once");
	tsv_close(&r);
	fclose(f);
	migrate_free(&mg);
}
END_TEST

/* No monetary in the previous file: previous_monetary empty everywhere;
 * an empty previous file: everyone new. */
START_TEST(test_no_money_empty_file)
{
	tsv_reader r;
	migrate mg;
	rfm_error e;
	uint32_t prev;
	double v = 2.5;
	char *t;
	FILE *f;

	ck_assert_int_eq(read_old(&mg, "id\tsegment\n", 1, &e), RFM_OK);
	ck_assert_uint_eq(migrate_customers(&mg), 0);
	f = open_cur(&r, "id\tv\nn\t1\n");
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(migrate_row(&mg, &r, 1, &v, &prev, &e), RFM_OK);
	ck_assert_uint_eq(prev, MIGRATE_NONE);
	tsv_close(&r);
	fclose(f);
	t = table_of(&mg);
	ck_assert_str_eq(t,
	    "previous_segment\tsegment\tcustomers\tmonetary\tprevious_monetary\n"
	    "Active\tActive\t0\t0\t\n"
	    "Active\tLapsed\t0\t0\t\n"
	    "Active\t(gone)\t0\t\t\n"
	    "Lapsed\tActive\t0\t0\t\n"
	    "Lapsed\tLapsed\t0\t0\t\n"
	    "Lapsed\t(gone)\t0\t\t\n"
	    "(new)\tActive\t0\t0\t\n"
	    "(new)\tLapsed\t1\t2.5\t\n");
	free(t);
	migrate_free(&mg);
}
END_TEST

Suite *
suite_migrate(void)
{
	Suite *s = suite_create("migrate");
	TCase *tc = tcase_create("migrate");

	tcase_add_test(tc, test_read_slots);
	tcase_add_test(tc, test_model_name_absent);
	tcase_add_test(tc, test_money_not_wanted);
	tcase_add_loop_test(tc, test_bad, 0, sizeof bad / sizeof bad[0]);
	tcase_add_test(tc, test_reserved_model_name);
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_twice_in_input);
	tcase_add_test(tc, test_no_money_empty_file);
	suite_add_tcase(s, tc);
	return s;
}
