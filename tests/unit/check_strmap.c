/*
 * check_strmap.c - tests of lib/strmap: dense ids in insertion order,
 * repeated interning, keys holding NUL bytes and the empty key, growth to
 * 200000 keys, strmap_find and strmap_key.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "strmap.h"
#include "suites.h"

static void
assert_key(const strmap *m, uint32_t id, const char *want, size_t wlen)
{
	size_t len = 12345;
	const char *k = strmap_key(m, id, &len);

	ck_assert_uint_eq(len, wlen);
	if (wlen > 0)
		ck_assert_msg(memcmp(k, want, wlen) == 0, "key %u differs",
		    (unsigned)id);
}

START_TEST(test_dense_ids)
{
	strmap m;
	int added = -1;

	strmap_init(&m);
	ck_assert_uint_eq(strmap_count(&m), 0);
	ck_assert_int_eq(strmap_find(&m, "a", 1), -1);
	ck_assert_uint_eq(strmap_intern(&m, "apple", 5, &added), 0);
	ck_assert_int_eq(added, 1);
	ck_assert_uint_eq(strmap_intern(&m, "banana", 6, &added), 1);
	ck_assert_int_eq(added, 1);
	ck_assert_uint_eq(strmap_intern(&m, "cherry", 6, &added), 2);
	ck_assert_int_eq(added, 1);
	/* the same key again: its id, nothing added */
	added = -1;
	ck_assert_uint_eq(strmap_intern(&m, "banana", 6, &added), 1);
	ck_assert_int_eq(added, 0);
	added = -1;
	ck_assert_uint_eq(strmap_intern(&m, "apple", 5, &added), 0);
	ck_assert_int_eq(added, 0);
	ck_assert_uint_eq(strmap_count(&m), 3);
	/* a prefix is another key */
	ck_assert_uint_eq(strmap_intern(&m, "app", 3, &added), 3);
	ck_assert_int_eq(added, 1);
	/* added may be NULL */
	ck_assert_uint_eq(strmap_intern(&m, "date", 4, NULL), 4);
	ck_assert_uint_eq(strmap_intern(&m, "date", 4, NULL), 4);
	ck_assert_uint_eq(strmap_count(&m), 5);
	ck_assert_int_eq(strmap_find(&m, "apple", 5), 0);
	ck_assert_int_eq(strmap_find(&m, "banana", 6), 1);
	ck_assert_int_eq(strmap_find(&m, "cherry", 6), 2);
	ck_assert_int_eq(strmap_find(&m, "app", 3), 3);
	ck_assert_int_eq(strmap_find(&m, "ap", 2), -1);
	ck_assert_int_eq(strmap_find(&m, "apple ", 6), -1);
	ck_assert_int_eq(strmap_find(&m, "Apple", 5), -1);
	assert_key(&m, 0, "apple", 5);
	assert_key(&m, 1, "banana", 6);
	assert_key(&m, 2, "cherry", 6);
	assert_key(&m, 3, "app", 3);
	assert_key(&m, 4, "date", 4);
	strmap_free(&m);
	ck_assert_uint_eq(strmap_count(&m), 0);
	/* usable again after strmap_free and strmap_init */
	strmap_init(&m);
	ck_assert_uint_eq(strmap_intern(&m, "banana", 6, &added), 0);
	ck_assert_int_eq(added, 1);
	strmap_free(&m);
}
END_TEST

/* Keys are bytes: NULs inside and at the end count, and "" is a key. */
START_TEST(test_nul_and_empty_keys)
{
	static const struct {
		const char *k;
		size_t len;
	} keys[] = {
		{ "a", 1 },
		{ "a\0", 2 },
		{ "a\0b", 3 },
		{ "a\0c", 3 },
		{ "\0", 1 },
		{ "\0\0", 2 },
		{ "", 0 },
		{ "a\0b\0\0\0\0\0\0\0\0x", 12 },
		{ "a\0b\0\0\0\0\0\0\0\0y", 12 },
	};
	size_t i, n = sizeof keys / sizeof keys[0];
	strmap m;
	int added;

	strmap_init(&m);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(strmap_intern(&m, keys[i].k, keys[i].len,
		    &added), i);
		ck_assert_int_eq(added, 1);
	}
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(strmap_intern(&m, keys[i].k, keys[i].len,
		    &added), i);
		ck_assert_int_eq(added, 0);
		ck_assert_int_eq(strmap_find(&m, keys[i].k, keys[i].len),
		    (int64_t)i);
		assert_key(&m, (uint32_t)i, keys[i].k, keys[i].len);
	}
	ck_assert_uint_eq(strmap_count(&m), n);
	ck_assert_int_eq(strmap_find(&m, "a\0d", 3), -1);
	ck_assert_int_eq(strmap_find(&m, "\0\0\0", 3), -1);
	strmap_free(&m);
}
END_TEST

/* The empty key as the first key of a fresh map (no arena yet). */
START_TEST(test_empty_key_first)
{
	strmap m;
	int added = -1;
	size_t len = 99;

	strmap_init(&m);
	ck_assert_uint_eq(strmap_intern(&m, "", 0, &added), 0);
	ck_assert_int_eq(added, 1);
	ck_assert_int_eq(strmap_find(&m, "", 0), 0);
	ck_assert_uint_eq(strmap_intern(&m, "", 0, &added), 0);
	ck_assert_int_eq(added, 0);
	strmap_key(&m, 0, &len);
	ck_assert_uint_eq(len, 0);
	ck_assert_uint_eq(strmap_intern(&m, "x", 1, &added), 1);
	ck_assert_int_eq(strmap_find(&m, "", 0), 0);
	ck_assert_int_eq(strmap_find(&m, "x", 1), 1);
	strmap_free(&m);
}
END_TEST

/* Key i: a decimal number and a tail whose length varies from 0 to 22,
 * so the hash's 8-byte words and its tail are both exercised. */
static size_t
make_key(char *buf, uint32_t i)
{
	size_t n = (size_t)sprintf(buf, "%u", (unsigned)i);
	size_t tail = i % 23, j;

	for (j = 0; j < tail; j++)
		buf[n++] = (char)('a' + (i + j) % 26);
	if (i % 7 == 0)
		buf[n++] = '\0';   /* some keys end in a NUL byte */
	return n;
}

START_TEST(test_many_keys)
{
	enum { N = 200000 };
	char buf[64];
	strmap m;
	uint32_t i;
	size_t n, len;
	const char *k;
	int added;

	strmap_init(&m);
	for (i = 0; i < N; i++) {
		n = make_key(buf, i);
		if (strmap_intern(&m, buf, n, &added) != i || added != 1)
			ck_abort_msg("key %u: wrong id or not added",
			    (unsigned)i);
		/* every 1000th key again at once: the same id */
		if (i % 1000 == 0 &&
		    (strmap_intern(&m, buf, n, &added) != i || added != 0))
			ck_abort_msg("key %u: re-interned wrong", (unsigned)i);
	}
	ck_assert_uint_eq(strmap_count(&m), N);
	for (i = 0; i < N; i++) {
		n = make_key(buf, i);
		if (strmap_find(&m, buf, n) != (int64_t)i)
			ck_abort_msg("key %u: strmap_find gave %lld",
			    (unsigned)i, (long long)strmap_find(&m, buf, n));
		k = strmap_key(&m, i, &len);
		if (len != n || memcmp(k, buf, n) != 0)
			ck_abort_msg("key %u: strmap_key gave other bytes",
			    (unsigned)i);
	}
	/* absent keys: the same numbers with a character no key has */
	for (i = 0; i < N; i += 97) {
		n = make_key(buf, i);
		buf[n++] = '#';
		if (strmap_find(&m, buf, n) != -1)
			ck_abort_msg("absent key %u found", (unsigned)i);
	}
	/* the load factor stays at or under 1/2 */
	ck_assert(m.nslots >= 2 * strmap_count(&m));
	strmap_free(&m);
}
END_TEST

START_TEST(test_hash)
{
	/* deterministic, and the length is part of the key */
	ck_assert(strmap_hash("abc", 3) == strmap_hash("abc", 3));
	ck_assert(strmap_hash("a", 1) != strmap_hash("a\0", 2));
	ck_assert(strmap_hash("", 0) != strmap_hash("\0", 1));
	ck_assert(strmap_hash("12345678a", 9) != strmap_hash("12345678b", 9));
	ck_assert(strmap_hash("a2345678", 8) != strmap_hash("b2345678", 8));
}
END_TEST

Suite *
suite_strmap(void)
{
	Suite *s = suite_create("strmap");
	TCase *tc = tcase_create("strmap");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_dense_ids);
	tcase_add_test(tc, test_nul_and_empty_keys);
	tcase_add_test(tc, test_empty_key_first);
	tcase_add_test(tc, test_many_keys);
	tcase_add_test(tc, test_hash);
	suite_add_tcase(s, tc);
	return s;
}
