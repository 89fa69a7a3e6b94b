/*
 * check_main.c - runs every unit-test suite of lib/ and exits non-zero
 * when any test fails.
 */
#include <stdlib.h>

#include "suites.h"

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(suite_num());
	srunner_add_suite(sr, suite_date());
	srunner_add_suite(sr, suite_strmap());
	srunner_add_suite(sr, suite_tsv());
	srunner_add_suite(sr, suite_csvin());
	srunner_add_suite(sr, suite_extract());
	srunner_add_suite(sr, suite_quality());
	srunner_add_suite(sr, suite_kmeans());
	srunner_add_suite(sr, suite_scaler());
	srunner_add_suite(sr, suite_model());
	srunner_add_suite(sr, suite_tsvin());
	srunner_add_suite(sr, suite_segment());
	srunner_add_suite(sr, suite_atomic());
	srunner_add_suite(sr, suite_rng());
	srunner_add_suite(sr, suite_zread());
	srunner_add_suite(sr, suite_textenc());
	srunner_add_suite(sr, suite_cli());
	srunner_add_suite(sr, suite_xsum());
	srunner_add_suite(sr, suite_migrate());
	srunner_add_suite(sr, suite_score());
	srunner_add_suite(sr, suite_rules());
	srunner_add_suite(sr, suite_fit());
	srunner_add_suite(sr, suite_texttable());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
