/*
 * check_rules.c - tests of lib/rules: the built-in table (the R package
 * rfm's ten segments) on a score of each; first match and Others; a
 * segment named by two lines; rules_read of a hand-written file, with
 * and without its cksum line, and its errors; rules_write read back;
 * rules_check's report; rules_row's refusal of a score out of range;
 * rules_stream's rows and summary.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "suites.h"
#include "testutil.h"
#include "tsvin.h"

static void
dir_setup(void)
{
	temp_dir(dir, sizeof dir, NULL, "check_rules");
}

static const char *
name_of(const rules *rs, int r, int f, int m)
{
	int sc[3] = { r, f, m };

	return rs->names[rules_match(rs, sc)];
}

START_TEST(test_default)
{
	rules rs;

	rules_default(&rs);
	ck_assert_int_eq(rs.bins, 5);
	ck_assert_uint_eq(rs.n, 10);
	ck_assert_uint_eq(rs.nseg, 10);
	ck_assert_str_eq(name_of(&rs, 5, 5, 5), "Champions");
	ck_assert_str_eq(name_of(&rs, 3, 4, 3), "Potential Loyalist");
	ck_assert_str_eq(name_of(&rs, 2, 2, 2), "Loyal Customers");
	ck_assert_str_eq(name_of(&rs, 3, 1, 5), "Promising");
	ck_assert_str_eq(name_of(&rs, 5, 1, 2), "New Customers");
	ck_assert_str_eq(name_of(&rs, 1, 3, 4), "Can't Lose Them");
	ck_assert_str_eq(name_of(&rs, 1, 2, 5), "At Risk");
	ck_assert_str_eq(name_of(&rs, 1, 3, 3), "Need Attention");
	ck_assert_str_eq(name_of(&rs, 2, 1, 1), "About To Sleep");
	ck_assert_str_eq(name_of(&rs, 1, 1, 1), "Lost");
	ck_assert_str_eq(name_of(&rs, 2, 1, 5), "Others");
	rules_free(&rs);
	ck_assert_ptr_null(rs.names);
}
END_TEST

START_TEST(test_read_and_write)
{
	static const char text[] = "rfmkit-rules\t1\n# a comment\n"
	    "bins\t3\nsegment\tTop\t3\t2-3\t2-3\n"
	    "segment\tGone\t1\t1\t1-3\nsegment\tGone\t1-2\t1-3\t1\n";
	const char *p = put_file("r.tsv", text, strlen(text)), *q;
	rules rs, back;
	rfm_error e;
	FILE *f;
	int r, fq, m;

	ck_assert_int_eq(rules_read(p, &rs, &e), RFM_OK);
	ck_assert_uint_eq(rs.n, 3);
	ck_assert_uint_eq(rs.nseg, 2);
	ck_assert_str_eq(rs.names[2], "Others");
	ck_assert_uint_eq(rs.r[2].seg, 1);
	ck_assert_int_eq(rs.r[1].line, 5);
	ck_assert_str_eq(name_of(&rs, 2, 3, 1), "Gone");
	ck_assert_str_eq(name_of(&rs, 1, 1, 3), "Gone");
	ck_assert_str_eq(name_of(&rs, 2, 2, 2), "Others");
	/* written with its cksum line, read back: the same segments */
	q = path_of("w.tsv");
	f = fopen(q, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(rules_write(f, &rs), 0);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(rules_read(q, &back, &e), RFM_OK);
	for (r = 1; r <= 3; r++)
		for (fq = 1; fq <= 3; fq++)
			for (m = 1; m <= 3; m++)
				ck_assert_str_eq(name_of(&rs, r, fq, m),
				    name_of(&back, r, fq, m));
	rules_free(&back);
	rules_free(&rs);
}
END_TEST

static const struct {
	const char *text, *msg;
} bad_files[] = {
	{ "rfmkit-rules\t1\nbins\t5\nsegment\tA\t6\t1\t1\n",
	  "r.tsv:3: recency: \"6\" is not a score from 1 to 5, nor a range of "
	  "two such as 2-4" },
	{ "rfmkit-rules\t1\nbins\t5\nsegment\tA\t1\t3-2\t1\n",
	  "r.tsv:3: frequency: 3-2: the lower bound is above the upper" },
	{ "rfmkit-rules\t1\nbins\t5\nsegment\tA\t1\t1\n",
	  "r.tsv:3: \"segment\" line with 4 fields, expected 5 (name, "
	  "recency, frequency, monetary)" },
	{ "rfmkit-rules\t1\nbins\t5\n", "r.tsv: no \"segment\" lines: the "
	  "file is incomplete" },
	{ "rfmkit-rules\t1\nsegment\tA\t1\t1\t1\n", "r.tsv: no \"bins\" "
	  "line: the file is incomplete" },
	{ "rfmkit-rules\t2\nbins\t5\n", "r.tsv:1: rules file version 2; "
	  "this rfmkit reads version 1" },
	{ "rfmkit-rules\t1\nbins\t5\nsegment\tA\t1\t1\t1\ncksum\t1\t1\n",
	  "r.tsv: damaged: the cksum of its lines is" },
	{ "rfmkit-rules\t1\nbins\t5\nsegment\t\t1\t1\t1\n",
	  "r.tsv:3: name: empty, or holds a carriage return" },
};

START_TEST(test_read_errors)
{
	const char *p = put_file("r.tsv", bad_files[_i].text,
	    strlen(bad_files[_i].text));
	rules rs;
	rfm_error e;

	ck_assert_int_eq(rules_read(p, &rs, &e), RFM_EDATA);
	ck_assert_ptr_nonnull(strstr(e.msg, bad_files[_i].msg));
	ck_assert_ptr_null(rs.names);
}
END_TEST

START_TEST(test_check)
{
	static const char text[] = "rfmkit-rules\t1\nbins\t2\n"
	    "segment\tA\t1-2\t1-2\t2\nsegment\tB\t2\t2\t2\n";
	const char *p = put_file("r.tsv", text, strlen(text));
	const char *q = path_of("report");
	rules rs;
	rfm_error e;
	char *out, want[2048];
	FILE *f;

	ck_assert_int_eq(rules_read(p, &rs, &e), RFM_OK);
	f = fopen(q, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(rules_check(&rs, f), 3);
	ck_assert_int_eq(fclose(f), 0);
	out = slurp(q);
	snprintf(want, sizeof want, "%s:4: B overlaps line 3 (A) in 1 of "
	    "its 1 score combinations, such as 2 2 2\n"
	    "%s:4: B never matches: each of its 1 score combinations is "
	    "taken by a line before it\n"
	    "%s: 4 of the 8 score combinations match no line and go to "
	    "Others, such as 1 1 1\n", p, p, p);
	ck_assert_str_eq(out, want);
	free(out);
	rules_free(&rs);
}
END_TEST

START_TEST(test_row)
{
	static const char in[] = "id\tmonetary_score\trecency_score\t"
	    "frequency_score\na\t5\t5\t5\nb\t5\t05\t5\nc\t1\t6\t1\n";
	FILE *f = temp_with(in, sizeof in - 1);
	tsv_reader r;
	rfm_error e;
	long idx[3];
	size_t seg;
	rules rs;

	rules_default(&rs);
	ck_assert_int_eq(tsv_open(&r, fileno(f), "in", &e), RFM_OK);
	ck_assert_int_eq(rules_bind(&r, idx, &e), RFM_OK);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(rules_row(&rs, &r, idx, &seg, &e), RFM_OK);
	ck_assert_uint_eq(seg, 0);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(rules_row(&rs, &r, idx, &seg, &e), RFM_OK);
	ck_assert_uint_eq(seg, 0);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(rules_row(&rs, &r, idx, &seg, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "in:4: recency_score: \"6\" is not a score "
	    "from 1 to 5, as the rules built-in have (id \"c\")");
	tsv_close(&r);
	fclose(f);
	rules_free(&rs);
}
END_TEST

START_TEST(test_stream)
{
	static const char in[] = "id\trecency\tfrequency\tmonetary\t"
	    "recency_score\tfrequency_score\tmonetary_score\n"
	    "a\t1\t9\t900\t5\t5\t5\nb\t300\t1\t50\t2\t1\t5\n";
	const char *p = path_of("out");
	tsv_reader r;
	rfm_error e;
	rules rs;
	char *out;
	FILE *f, *o;
	int sum;

	rules_default(&rs);
	for (sum = 0; sum < 2; sum++) {
		f = temp_with(in, sizeof in - 1);
		o = fopen(p, "w");
		ck_assert_ptr_nonnull(o);
		ck_assert_int_eq(tsv_open(&r, fileno(f), "in", &e), RFM_OK);
		ck_assert_int_eq(rules_stream(&rs, &r, sum, o, &e), RFM_OK);
		tsv_close(&r);
		fclose(f);
		ck_assert_int_eq(fclose(o), 0);
		out = slurp(p);
		if (!sum)
			ck_assert_str_eq(strchr(out, '\n') + 1,
			    "a\t1\t9\t900\t5\t5\t5\t0\tChampions\n"
			    "b\t300\t1\t50\t2\t1\t5\t10\tOthers\n");
		else
			/* a line per segment, Others last */
			ck_assert_ptr_nonnull(strstr(out, "\n10\tOthers\t1\t0.5\t"
			    "300\t300\t1\t1\t50\t50\t"));
		free(out);
	}
	rules_free(&rs);
}
END_TEST

Suite *
suite_rules(void)
{
	Suite *s = suite_create("rules");
	TCase *tc;

	tc = tcase_create("rules");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, test_default);
	tcase_add_test(tc, test_read_and_write);
	tcase_add_loop_test(tc, test_read_errors, 0,
	    (int)(sizeof bad_files / sizeof bad_files[0]));
	tcase_add_test(tc, test_check);
	tcase_add_test(tc, test_row);
	tcase_add_test(tc, test_stream);
	suite_add_tcase(s, tc);
	return s;
}
