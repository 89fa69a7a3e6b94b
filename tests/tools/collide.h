/*
 * collide.h - the unkeyed hash lib/strmap used before SipHash, kept here
 * as the one reference of it, and customer ids that all collide under
 * it: for tools/gen's collide data and the collision test of
 * tests/unit/check_strmap.c.
 *
 * The old hash runs an FNV-1a step and an xorshift over each 8-byte
 * word, then a step over the bytes left (none: a zero word) and a
 * bijective finaliser.  For a key of three words w1 w2 w3, let h2 be the
 * state after w1 and w2: when w3 = h2 the state after w3 is
 * old_word(h2, h2) = 0 whatever w1 and w2 were, and the rest of the hash
 * depends only on the length.  So every 24-byte key whose third word is
 * its state after two has one hash value: one slot in a table of any
 * size.  Only about one w2 in 3,900 gives an h2 of 8 bytes an id may
 * hold, so w2 is searched in two steps: the state's top byte changes
 * only bytes 3, 4 and 7 of h2 (the xorshift moves it to bits 27-34), and
 * a multiple of 2^56 times the prime is a change of its top byte; so
 * random low 7 bytes of w2 are kept when bytes 0, 1, 2, 5 and 6 of h2
 * are good, and then the 91 top bytes are tried.
 *
 * Ids are 24 bytes of printable ASCII without a space (a CSV reader
 * trims it), a comma, a quote or a backslash (TSV escapes it): "C" and
 * the id's number in 7 base-36 digits, then w2 and w3.  The words are read
 * in the machine's byte order, as the old hash read them: a big-endian
 * machine makes other ids.
 */
#ifndef RFMKIT_COLLIDE_H
#define RFMKIT_COLLIDE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rng.h"

#define COLLIDE_LEN 24

/* The old hash's state before the first word of a key of len bytes. */
static inline uint64_t
old_start(size_t len)
{
	return 0xcbf29ce484222325ULL ^ len;
}

/* The old hash's step over one word: FNV-1a's, then an xorshift. */
static inline uint64_t
old_word(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x100000001b3ULL;
	return h ^ h >> 29;
}

/* The old hash of the len bytes at key. */
static inline uint64_t
old_hash(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = old_start(len), w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = old_word(h, w);
	}
	w = 0;
	memcpy(&w, p, len);
	h = (h ^ w) * 0x100000001b3ULL;
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return h;
}

/* Whether byte c may be in an id. */
static inline int
collide_ok(unsigned c)
{
	return c > ' ' && c < 0x7f && c != ',' && c != '"' && c != '\\';
}

typedef struct collide {
	unsigned char alpha[96];    /* the bytes collide_ok allows */
	unsigned nalpha;
	uint64_t count;             /* ids made */
	rng g;                      /* draws w2 */
} collide;

/* A generator of ids; the seed chooses their second and third words. */
static inline void
collide_init(collide *c, uint64_t seed)
{
	unsigned b;

	c->nalpha = 0;
	for (b = 0; b < 256; b++)
		if (collide_ok(b))
			c->alpha[c->nalpha++] = (unsigned char)b;
	c->count = 0;
	rng_seed(&c->g, seed, 0xc011de);
}

/* Whether the bytes of h that mask has set are all allowed in an id. */
static inline int
collide_good(uint64_t h, unsigned mask)
{
	int k;

	for (k = 0; k < 8; k++)
		if ((mask >> k & 1) && !collide_ok((unsigned)(h >> 8 * k) & 0xff))
			return 0;
	return 1;
}

/* The first word of id number v < 36^7: "C" and v in 7 base-36 digits,
 * which keep the ids apart (and in order). */
static inline void
collide_prefix(uint64_t v, unsigned char out[8])
{
	static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	int j;

	out[0] = 'C';
	for (j = 7; j >= 1; j--, v /= 36)
		out[j] = (unsigned char)digits[v % 36];
}

/*
 * The next id into out (COLLIDE_LEN bytes, not NUL-terminated): another
 * id at every call, each with the same old_hash.  Returns 0 after 36^7
 * ids.
 */
static inline int
collide_next(collide *c, unsigned char out[COLLIDE_LEN])
{
	uint64_t w, low, h1, h, r;
	unsigned t;
	int j;

	if (c->count >= 78364164096ULL)    /* 36^7 */
		return 0;
	collide_prefix(c->count++, out);
	memcpy(&w, out, 8);
	h1 = old_word(old_start(COLLIDE_LEN), w);
	for (;;) {
		r = rng_next(&c->g);
		for (low = 0, j = 0; j < 7; j++)
			low |= (uint64_t)c->alpha[(r >> 8 * j & 0xff) *
			    c->nalpha >> 8] << 8 * j;
		if (!collide_good(old_word(h1, low), 0x67))
			continue;
		for (t = 0; t < c->nalpha; t++) {
			w = low | (uint64_t)c->alpha[t] << 56;
			h = old_word(h1, w);
			if (collide_good(h, 0xff)) {
				memcpy(out + 8, &w, 8);
				memcpy(out + 16, &h, 8);
				return 1;
			}
		}
	}
}

#endif
