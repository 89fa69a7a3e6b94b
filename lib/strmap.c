/*
 * strmap.c - open-addressing hash table (linear probing) over an arena of
 * keys, hashed by SipHash-2-4 under a key drawn once per process.
 *
 * An unkeyed hash lets whoever writes the input choose keys that all land
 * in one slot, and every insert then probes every key before it: an
 * export of n such customer ids took n^2 / 2 comparisons.  Under a secret
 * random key nobody can compute which keys collide.  Nothing the map
 * returns depends on the key: ids are given in order of first insertion,
 * and no caller looks at the slots.
 */
#include "strmap.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "err.h"

/* ---- SipHash (Aumasson and Bernstein, "SipHash: a fast short-input
 * PRF", 2012) ---- */

/*
 * SipHash-2-4, the paper's proposal: 2 rounds a word, 4 to finish.  On the
 * UCI file it is 0.8% of rfm-extract's instructions (36,014 hashes of
 * about 170); SipHash-1-3 would save under a quarter of that, at a
 * smaller security margin.
 */
#define SIP_C 2    /* compression rounds per 8-byte word */
#define SIP_D 4    /* finalisation rounds */

static inline uint64_t
rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

/* The 8 bytes at p as a little-endian integer. */
static inline uint64_t
load64(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* Bytes p[0..n), n < 8, as a little-endian integer. */
static inline uint64_t
load_tail(const unsigned char *p, size_t n)
{
	uint64_t w = 0;

	while (n > 0) {
		n--;
		w = w << 8 | p[n];
	}
	return w;
}

#define SIPROUND(v0, v1, v2, v3) do {                                   \
	v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);      \
	v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;                         \
	v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;                         \
	v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);      \
} while (0)

/*
 * SipHash-2-4 of msg under the key (k0, k1): the state initialised from
 * the key and four constants; each 8-byte little-endian word m xored
 * into v3, SIP_C rounds, xored into v0; the last word holds the bytes
 * left over and the length mod 256 in its top byte; then 0xff into v2,
 * SIP_D rounds, and the four words xored together.
 */
static inline uint64_t
siphash(uint64_t k0, uint64_t k1, const void *msg, size_t len)
{
	const unsigned char *p = msg;
	uint64_t v0 = k0 ^ 0x736f6d6570736575ULL;
	uint64_t v1 = k1 ^ 0x646f72616e646f6dULL;
	uint64_t v2 = k0 ^ 0x6c7967656e657261ULL;
	uint64_t v3 = k1 ^ 0x7465646279746573ULL;
	uint64_t m;
	size_t left = len;
	int i;

	for (; left >= 8; p += 8, left -= 8) {
		m = load64(p);
		v3 ^= m;
		for (i = 0; i < SIP_C; i++)
			SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	m = load_tail(p, left) | (uint64_t)(len & 0xff) << 56;
	v3 ^= m;
	for (i = 0; i < SIP_C; i++)
		SIPROUND(v0, v1, v2, v3);
	v0 ^= m;
	v2 ^= 0xff;
	for (i = 0; i < SIP_D; i++)
		SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t
strmap_siphash(const unsigned char key[16], const void *msg, size_t len)
{
	return siphash(load64(key), load64(key + 8), msg, len);
}

static inline uint32_t
hash_of(const strmap *m, const void *key, size_t len)
{
	return (uint32_t)siphash(m->k0, m->k1, key, len);
}

static unsigned char proc_key[16];

/* Up to n bytes of fd into buf, or fewer at an error or the end. */
static size_t
read_full(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, buf + got, n - got);
		if (r > 0)
			got += (size_t)r;
		else if (r == 0 || errno != EINTR)
			break;
	}
	return got;
}

/*
 * The process's key, from getrandom(2); from /dev/urandom where the
 * kernel has no getrandom or a sandbox refuses it.  Without either the
 * run stops: a fixed key would bring back the inputs that make every
 * lookup slow.
 */
static void
draw_key(void)
{
	size_t got = 0;
	ssize_t r;
	int fd, err;

	while (got < sizeof proc_key) {
		r = getrandom(proc_key + got, sizeof proc_key - got, 0);
		if (r > 0)
			got += (size_t)r;
		else if (r < 0 && errno != EINTR)
			break;
	}
	if (got == sizeof proc_key)
		return;
	err = errno;
	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) >= 0) {
		got = read_full(fd, proc_key, sizeof proc_key);
		err = errno;
		close(fd);
		if (got == sizeof proc_key)
			return;
	}
	rfm_die(RFM_ESOFTWARE, "no random key for the hash tables: "
	    "getrandom and /dev/urandom: %s", strerror(err));
}

void
strmap_init_keyed(strmap *m, const unsigned char key[16])
{
	memset(m, 0, sizeof *m);
	m->k0 = load64(key);
	m->k1 = load64(key + 8);
}

void
strmap_init(strmap *m)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, draw_key);
	strmap_init_keyed(m, proc_key);
}

void
strmap_free(strmap *m)
{
	free(m->slots);
	free(m->off);
	free(m->len);
	free(m->hash);
	free(m->arena);
	memset(m, 0, sizeof *m);
}

static void
grow_slots(strmap *m)
{
	size_t nslots = m->nslots ? m->nslots * 2 : 64, i, j;
	uint32_t *slots = rfm_xcalloc(nslots, sizeof *slots);

	for (i = 0; i < m->n; i++) {
		j = m->hash[i] & (nslots - 1);
		while (slots[j] != 0)
			j = (j + 1) & (nslots - 1);
		slots[j] = (uint32_t)i + 1;
	}
	free(m->slots);
	m->slots = slots;
	m->nslots = nslots;
}

void
strmap_reserve(strmap *m, size_t n)
{
	while (n > m->n && n * 2 > m->nslots && n <= UINT32_MAX / 2)
		grow_slots(m);
}

static int64_t
lookup(const strmap *m, const void *key, size_t len, uint32_t h, size_t *slot)
{
	size_t j;
	uint32_t id;

	if (m->nslots == 0)
		return -1;
	j = h & (m->nslots - 1);
	while ((id = m->slots[j]) != 0) {
		id--;
		if (m->hash[id] == h && m->len[id] == len && (len == 0 ||
		    memcmp(m->arena + m->off[id], key, len) == 0))
			return id;
		j = (j + 1) & (m->nslots - 1);
	}
	if (slot != NULL)
		*slot = j;
	return -1;
}

uint32_t
strmap_intern(strmap *m, const void *key, size_t len, int *added)
{
	uint32_t h = hash_of(m, key, len);
	size_t slot = 0;
	int64_t id = lookup(m, key, len, h, &slot);

	if (id >= 0) {
		if (added != NULL)
			*added = 0;
		return (uint32_t)id;
	}
	if (m->n == UINT32_MAX - 1)
		rfm_die(RFM_ESOFTWARE, "more than %u distinct keys",
		    UINT32_MAX - 1);
	/* Keep the load factor at or under 1/2. */
	if ((m->n + 1) * 2 > m->nslots) {
		grow_slots(m);
		lookup(m, key, len, h, &slot);
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->off = rfm_xrealloc(m->off, m->cap * sizeof *m->off);
		m->len = rfm_xrealloc(m->len, m->cap * sizeof *m->len);
		m->hash = rfm_xrealloc(m->hash, m->cap * sizeof *m->hash);
	}
	if (m->arena_len + len > m->arena_cap) {
		while (m->arena_len + len > m->arena_cap)
			m->arena_cap = m->arena_cap ? m->arena_cap * 2 : 4096;
		m->arena = rfm_xrealloc(m->arena, m->arena_cap);
	}
	if (len > 0)
		memcpy(m->arena + m->arena_len, key, len);
	m->off[m->n] = m->arena_len;
	m->len[m->n] = (uint32_t)len;
	m->hash[m->n] = h;
	m->arena_len += len;
	m->slots[slot] = (uint32_t)m->n + 1;
	if (added != NULL)
		*added = 1;
	return (uint32_t)m->n++;
}

int64_t
strmap_find(const strmap *m, const void *key, size_t len)
{
	return lookup(m, key, len, hash_of(m, key, len), NULL);
}

const char *
strmap_key(const strmap *m, uint32_t id, size_t *len)
{
	*len = m->len[id];
	/* Only empty keys so far: no arena yet, and no offset into it. */
	return m->arena != NULL ? m->arena + m->off[id] : "";
}

/* A separate pass over the slots, so that lookups count nothing: a key
 * found at distance k from its home slot costs k + 1 probes. */
size_t
strmap_probes(const strmap *m, double *mean)
{
	size_t j, home, d, max = 0, sum = 0, mask = m->nslots - 1;
	uint32_t id;

	for (j = 0; j < m->nslots; j++) {
		if ((id = m->slots[j]) == 0)
			continue;
		home = m->hash[id - 1] & mask;
		d = ((j - home) & mask) + 1;
		sum += d;
		if (d > max)
			max = d;
	}
	if (mean != NULL)
		*mean = m->n > 0 ? (double)sum / (double)m->n : 0;
	return max;
}
