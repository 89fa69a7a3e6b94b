/*
 * suites.h - the Check suites of the unit tests of lib/, one per module.
 */
#ifndef RFMKIT_UNIT_SUITES_H
#define RFMKIT_UNIT_SUITES_H

#include <check.h>

Suite *suite_num(void);
Suite *suite_date(void);
Suite *suite_strmap(void);
Suite *suite_tsv(void);
Suite *suite_csvin(void);
Suite *suite_extract(void);
Suite *suite_quality(void);
Suite *suite_kmeans(void);
Suite *suite_scaler(void);
Suite *suite_model(void);
Suite *suite_tsvin(void);
Suite *suite_segment(void);
Suite *suite_atomic(void);
Suite *suite_rng(void);
Suite *suite_zread(void);
Suite *suite_textenc(void);
Suite *suite_cli(void);
Suite *suite_xsum(void);
Suite *suite_migrate(void);
Suite *suite_score(void);
Suite *suite_rules(void);
Suite *suite_fit(void);
Suite *suite_texttable(void);

#endif
