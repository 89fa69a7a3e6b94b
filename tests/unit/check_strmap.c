/*
 * check_strmap.c - tests of lib/strmap: dense ids in insertion order,
 * repeated interning, keys holding NUL bytes and the empty key, growth to
 * 200000 keys, strmap_find and strmap_key; SipHash-2-4 against the
 * reference vectors, the process's key, ids that do not depend on the
 * key, and short probes for ids made to collide under the old hash.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../tools/collide.h"
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
	/* A pointer a caller may compare 0 bytes at, not NULL + 0. */
	ck_assert_ptr_nonnull(strmap_key(&m, 0, &len));
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

/*
 * The reference vectors of SipHash-2-4 (the SipHash paper and its
 * reference code): key 00 01 .. 0f, message i bytes 00 01 .. i-1, for i
 * from 0 to 63.  Vector 15 is the paper's worked example.
 */
static const uint64_t sip24_vectors[64] = {
	0x726fdb47dd0e0e31ULL, 0x74f839c593dc67fdULL, 0x0d6c8009d9a94f5aULL,
	0x85676696d7fb7e2dULL, 0xcf2794e0277187b7ULL, 0x18765564cd99a68dULL,
	0xcbc9466e58fee3ceULL, 0xab0200f58b01d137ULL, 0x93f5f5799a932462ULL,
	0x9e0082df0ba9e4b0ULL, 0x7a5dbbc594ddb9f3ULL, 0xf4b32f46226bada7ULL,
	0x751e8fbc860ee5fbULL, 0x14ea5627c0843d90ULL, 0xf723ca908e7af2eeULL,
	0xa129ca6149be45e5ULL, 0x3f2acc7f57c29bdbULL, 0x699ae9f52cbe4794ULL,
	0x4bc1b3f0968dd39cULL, 0xbb6dc91da77961bdULL, 0xbed65cf21aa2ee98ULL,
	0xd0f2cbb02e3b67c7ULL, 0x93536795e3a33e88ULL, 0xa80c038ccd5ccec8ULL,
	0xb8ad50c6f649af94ULL, 0xbce192de8a85b8eaULL, 0x17d835b85bbb15f3ULL,
	0x2f2e6163076bcfadULL, 0xde4daaaca71dc9a5ULL, 0xa6a2506687956571ULL,
	0xad87a3535c49ef28ULL, 0x32d892fad841c342ULL, 0x7127512f72f27cceULL,
	0xa7f32346f95978e3ULL, 0x12e0b01abb051238ULL, 0x15e034d40fa197aeULL,
	0x314dffbe0815a3b4ULL, 0x027990f029623981ULL, 0xcadcd4e59ef40c4dULL,
	0x9abfd8766a33735cULL, 0x0e3ea96b5304a7d0ULL, 0xad0c42d6fc585992ULL,
	0x187306c89bc215a9ULL, 0xd4a60abcf3792b95ULL, 0xf935451de4f21df2ULL,
	0xa9538f0419755787ULL, 0xdb9acddff56ca510ULL, 0xd06c98cd5c0975ebULL,
	0xe612a3cb9ecba951ULL, 0xc766e62cfcadaf96ULL, 0xee64435a9752fe72ULL,
	0xa192d576b245165aULL, 0x0a8787bf8ecb74b2ULL, 0x81b3e73d20b49b6fULL,
	0x7fa8220ba3b2eceaULL, 0x245731c13ca42499ULL, 0xb78dbfaf3a8d83bdULL,
	0xea1ad565322a1a0bULL, 0x60e61c23a3795013ULL, 0x6606d7e446282b93ULL,
	0x6ca4ecb15c5f91e1ULL, 0x9f626da15c9625f3ULL, 0xe51b38608ef25f57ULL,
	0x958a324ceb064572ULL,
};

START_TEST(test_siphash_vectors)
{
	unsigned char key[16], msg[64 + 8];
	uint64_t h;
	size_t i;

	for (i = 0; i < sizeof key; i++)
		key[i] = (unsigned char)i;
	for (i = 0; i < sizeof msg; i++)
		msg[i] = (unsigned char)i;
	for (i = 0; i < 64; i++) {
		h = strmap_siphash(key, msg, i);
		ck_assert_msg(h == sip24_vectors[i], "SipHash-2-4 of %zu "
		    "bytes: %016llx, want %016llx", i, (unsigned long long)h,
		    (unsigned long long)sip24_vectors[i]);
	}
	/* The same bytes at an odd address (the words are read unaligned). */
	for (i = 0; i < 64; i++)
		msg[i + 1] = (unsigned char)i;
	for (i = 0; i < 64; i++)
		ck_assert(strmap_siphash(key, msg + 1, i) == sip24_vectors[i]);
}
END_TEST

START_TEST(test_hash)
{
	static const unsigned char k1[16] = { 1 }, k2[16] = { 2 };

	/* deterministic, and the length is part of the key */
	ck_assert(strmap_siphash(k1, "abc", 3) == strmap_siphash(k1, "abc", 3));
	ck_assert(strmap_siphash(k1, "a", 1) != strmap_siphash(k1, "a\0", 2));
	ck_assert(strmap_siphash(k1, "", 0) != strmap_siphash(k1, "\0", 1));
	ck_assert(strmap_siphash(k1, "12345678a", 9) !=
	    strmap_siphash(k1, "12345678b", 9));
	ck_assert(strmap_siphash(k1, "a2345678", 8) !=
	    strmap_siphash(k1, "b2345678", 8));
	/* another key, another hash */
	ck_assert(strmap_siphash(k1, "17850", 5) !=
	    strmap_siphash(k2, "17850", 5));
}
END_TEST

/* Every map of the process has the same key, drawn at random: not the
 * zero key a missing draw would leave. */
START_TEST(test_process_key)
{
	strmap a, b;

	strmap_init(&a);
	strmap_init(&b);
	ck_assert(a.k0 == b.k0 && a.k1 == b.k1);
	ck_assert((a.k0 | a.k1) != 0);
	strmap_free(&a);
	strmap_free(&b);
}
END_TEST

/* Threads that make their first maps at once, as rfm-extract's parsing
 * threads may: one key drawn for all (under ThreadSanitizer in make
 * tsan-check, no race on it). */
enum { NTHREAD = 4 };
static pthread_barrier_t start;

struct first_map {
	uint64_t k0, k1;
	int ok;
};

static void *
make_first_map(void *arg)
{
	struct first_map *f = arg;
	char buf[64];
	strmap m;
	uint32_t i;
	size_t n;

	pthread_barrier_wait(&start);
	strmap_init(&m);
	f->k0 = m.k0;
	f->k1 = m.k1;
	f->ok = 1;
	for (i = 0; i < 1000; i++) {
		n = make_key(buf, i);
		f->ok &= strmap_intern(&m, buf, n, NULL) == i;
	}
	strmap_free(&m);
	return NULL;
}

START_TEST(test_key_threads)
{
	pthread_t t[NTHREAD];
	struct first_map f[NTHREAD];
	strmap m;
	int i;

	ck_assert_int_eq(pthread_barrier_init(&start, NULL, NTHREAD), 0);
	for (i = 0; i < NTHREAD; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, make_first_map,
		    &f[i]), 0);
	for (i = 0; i < NTHREAD; i++)
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
	pthread_barrier_destroy(&start);
	strmap_init(&m);
	for (i = 0; i < NTHREAD; i++) {
		ck_assert(f[i].ok);
		ck_assert(f[i].k0 == m.k0 && f[i].k1 == m.k1);
	}
	strmap_free(&m);
}
END_TEST

/*
 * The ids, the added flags, the keys of the ids and the answers of
 * strmap_find are the same under any key, although the slots are not:
 * nothing built on the ids depends on the process's key.
 */
START_TEST(test_ids_independent_of_key)
{
	enum { N = 20000, NMAP = 3 };
	static const unsigned char keys[2][16] = {
		{ 0 },
		{ 0x5a, 0x11, 0xe7, 0x3c, 0x90, 0x02, 0x6b, 0xd4,
		  0x38, 0xaf, 0x71, 0x0e, 0xc5, 0x29, 0x84, 0xfb },
	};
	strmap m[NMAP];
	char buf[64];
	uint32_t i, id[NMAP];
	size_t n, len[NMAP], j;
	const char *k[NMAP];
	int added[NMAP];

	strmap_init_keyed(&m[0], keys[0]);
	strmap_init_keyed(&m[1], keys[1]);
	strmap_init(&m[2]);
	for (i = 0; i < 2 * N; i++) {
		/* each key twice or more, at scattered points */
		n = make_key(buf, (i * 7919u) % N);
		for (j = 0; j < NMAP; j++)
			id[j] = strmap_intern(&m[j], buf, n, &added[j]);
		for (j = 1; j < NMAP; j++)
			if (id[j] != id[0] || added[j] != added[0])
				ck_abort_msg("insert %u: map %zu gave id %u "
				    "added %d, map 0 id %u added %d",
				    (unsigned)i, j, (unsigned)id[j], added[j],
				    (unsigned)id[0], added[0]);
	}
	ck_assert_uint_eq(strmap_count(&m[0]), N);
	for (i = 0; i < N; i++) {
		for (j = 0; j < NMAP; j++)
			k[j] = strmap_key(&m[j], i, &len[j]);
		for (j = 1; j < NMAP; j++)
			if (len[j] != len[0] || memcmp(k[j], k[0], len[0]) != 0)
				ck_abort_msg("id %u: another key in map %zu",
				    (unsigned)i, j);
		for (j = 0; j < NMAP; j++)
			if (strmap_find(&m[j], k[0], len[0]) != (int64_t)i)
				ck_abort_msg("id %u: not found in map %zu",
				    (unsigned)i, j);
	}
	/* The keys did change the layout. */
	ck_assert_uint_eq(m[0].nslots, m[1].nslots);
	ck_assert(memcmp(m[0].slots, m[1].slots,
	    m[0].nslots * sizeof *m[0].slots) != 0);
	for (j = 0; j < NMAP; j++)
		strmap_free(&m[j]);
}
END_TEST

/*
 * Ids that all have one hash under the old unkeyed hash (tests/tools/
 * collide.h, as tools/gen collide writes them): under it every insert
 * probed every id before it, n^2 / 2 in all.  Under SipHash, with the
 * process's key and with two fixed ones, the probes stay those of
 * random keys at a load of 1/2: 1.5 on average, and the longest far
 * under 128 (at 4,096 keys, a chance below 1e-7 of one so long).
 */
START_TEST(test_colliding_ids)
{
	enum { N = 4096 };
	static const unsigned char keys[2][16] = {
		{ 0 },
		{ 0x9e, 0x37, 0x79, 0xb9, 0x7f, 0x4a, 0x7c, 0x15,
		  0xf3, 0x9c, 0xc0, 0x60, 0x5c, 0xed, 0xc8, 0x34 },
	};
	static unsigned char ids[N][COLLIDE_LEN];
	collide c;
	strmap m;
	uint64_t h0;
	double mean;
	size_t i, j, longest;
	int added;

	collide_init(&c, 1);
	for (i = 0; i < N; i++) {
		ck_assert(collide_next(&c, ids[i]));
		for (j = 0; j < COLLIDE_LEN; j++)
			if (!(ids[i][j] > ' ' && ids[i][j] < 0x7f) ||
			    strchr(",\"\\", ids[i][j]) != NULL)
				ck_abort_msg("id %zu: byte %zu is 0x%02x", i, j,
				    ids[i][j]);
	}
	/* They do collide under the old hash: all 64 bits alike. */
	h0 = old_hash(ids[0], COLLIDE_LEN);
	for (i = 1; i < N; i++)
		if (old_hash(ids[i], COLLIDE_LEN) != h0)
			ck_abort_msg("id %zu: old hash %016llx, id 0 %016llx",
			    i, (unsigned long long)old_hash(ids[i], COLLIDE_LEN),
			    (unsigned long long)h0);
	for (j = 0; j < 3; j++) {
		if (j < 2)
			strmap_init_keyed(&m, keys[j]);
		else
			strmap_init(&m);
		for (i = 0; i < N; i++)
			if (strmap_intern(&m, ids[i], COLLIDE_LEN, &added) != i ||
			    !added)
				ck_abort_msg("id %zu: not new, or another id", i);
		/* distinct ids: as many keys as ids */
		ck_assert_uint_eq(strmap_count(&m), N);
		longest = strmap_probes(&m, &mean);
		ck_assert_msg(longest < 128 && mean < 3, "map %zu: %zu probes "
		    "at most, %.1f on average, for %d colliding ids", j,
		    longest, mean, N);
		for (i = 0; i < N; i++)
			if (strmap_find(&m, ids[i], COLLIDE_LEN) != (int64_t)i)
				ck_abort_msg("id %zu not found", i);
		strmap_free(&m);
	}
}
END_TEST

/* strmap_probes counts what linear probing does: keys in one slot run
 * on, 1, 2, 3 ... probes; an empty map has none. */
/* A map made room for keeps its ids and keys, grows past the hint,
 * and is not rebuilt while it stays under it. */
START_TEST(test_reserve)
{
	char key[16];
	strmap m;
	size_t i, n, slots;
	int added;

	strmap_init(&m);
	strmap_intern(&m, "first", 5, &added);
	strmap_reserve(&m, 1000);
	slots = m.nslots;
	ck_assert_uint_ge(slots, 2000);
	ck_assert_int_eq(strmap_find(&m, "first", 5), 0);
	for (i = 1; i < 1000; i++) {
		n = (size_t)snprintf(key, sizeof key, "k%zu", i);
		ck_assert_uint_eq(strmap_intern(&m, key, n, &added), i);
	}
	ck_assert_uint_eq(m.nslots, slots);
	for (i = 1000; i < 3000; i++) {
		n = (size_t)snprintf(key, sizeof key, "k%zu", i);
		ck_assert_uint_eq(strmap_intern(&m, key, n, &added), i);
	}
	for (i = 1; i < 3000; i++) {
		n = (size_t)snprintf(key, sizeof key, "k%zu", i);
		ck_assert_int_eq(strmap_find(&m, key, n), (int64_t)i);
	}
	strmap_reserve(&m, 10);   /* smaller than the map: nothing */
	ck_assert_uint_eq(strmap_count(&m), 3000);
	strmap_free(&m);
}
END_TEST

START_TEST(test_probes)
{
	strmap m;
	double mean = -1;

	strmap_init(&m);
	ck_assert_uint_eq(strmap_probes(&m, &mean), 0);
	ck_assert(mean == 0);
	strmap_intern(&m, "a", 1, NULL);
	strmap_intern(&m, "b", 1, NULL);
	strmap_intern(&m, "c", 1, NULL);
	/* make the three share a home slot, as a collision would */
	m.hash[1] = m.hash[2] = m.hash[0];
	memset(m.slots, 0, m.nslots * sizeof *m.slots);
	m.slots[m.hash[0] & (m.nslots - 1)] = 1;
	m.slots[(m.hash[0] + 1) & (m.nslots - 1)] = 2;
	m.slots[(m.hash[0] + 2) & (m.nslots - 1)] = 3;
	ck_assert_uint_eq(strmap_probes(&m, &mean), 3);
	ck_assert(mean == 2);
	strmap_free(&m);
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
	tcase_add_test(tc, test_siphash_vectors);
	tcase_add_test(tc, test_hash);
	tcase_add_test(tc, test_process_key);
	tcase_add_test(tc, test_key_threads);
	tcase_add_test(tc, test_ids_independent_of_key);
	tcase_add_test(tc, test_colliding_ids);
	tcase_add_test(tc, test_probes);
	tcase_add_test(tc, test_reserve);
	suite_add_tcase(s, tc);
	return s;
}
