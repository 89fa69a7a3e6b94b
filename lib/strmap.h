/*
 * strmap.h - interning byte strings to dense ids.
 *
 * A map gives each distinct key (any bytes, NUL included) an id 0, 1, 2,
 * ... in order of first insertion; the keys are kept in one arena.  Memory
 * is about 24 bytes a key plus the key bytes: it grows with distinct keys,
 * never with lookups.
 *
 * Keys are hashed by SipHash-2-4 under a 128-bit key drawn from
 * getrandom(2) once per process, so no input can be written to make
 * them collide (lookups stay O(1) expected whoever chose the keys).
 * The ids, and so everything built on them, do not depend on that key;
 * only the order of the slots does, which no caller should look at.
 */
#ifndef RFMKIT_STRMAP_H
#define RFMKIT_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct strmap {
	uint32_t *slots;    /* id + 1 per slot, 0 when empty */
	size_t nslots;      /* a power of two */
	uint64_t *off;      /* per id: offset of its key in arena */
	uint32_t *len;      /* per id: key length */
	uint32_t *hash;     /* per id: key hash */
	size_t n, cap;      /* ids in use, allocated */
	char *arena;
	size_t arena_len, arena_cap;
	uint64_t k0, k1;    /* the SipHash key */
} strmap;

/* An empty map hashing under the process's random key (drawn at the
 * first call, thread-safely; stops the program with exit 70 if the
 * system gives no random bytes). */
void strmap_init(strmap *m);

/* An empty map hashing under the 16-byte key given (for tests: any key
 * gives the same ids). */
void strmap_init_keyed(strmap *m, const unsigned char key[16]);

/* Free the map's memory; strmap_init makes it usable again. */
void strmap_free(strmap *m);

/* SipHash-2-4 of msg under a 16-byte key, the function the map uses
 * (the low 32 bits pick the slot).  As the paper reads key and message:
 * bytes in little-endian words, on any machine. */
uint64_t strmap_siphash(const unsigned char key[16], const void *msg,
    size_t len);

/*
 * The id of key, inserting it if new (then *added is set to 1, else 0).
 * Keys longer than UINT32_MAX bytes are not supported.
 */
uint32_t strmap_intern(strmap *m, const void *key, size_t len, int *added);

/* Make room for n keys at once (a hint: the map still grows past it),
 * so that a map of many keys is not rehashed as it grows. */
void strmap_reserve(strmap *m, size_t n);

/* The id of key, or -1 if absent. */
int64_t strmap_find(const strmap *m, const void *key, size_t len);

/* The key of id (not NUL-terminated) and its length. */
const char *strmap_key(const strmap *m, uint32_t id, size_t *len);

/*
 * The longest probe sequence of any key in the map: the slots a lookup
 * of it inspects, 1 when it sits in its own slot; *mean (if not NULL)
 * gets the average over the keys.  A pass over the table, for tests.
 */
size_t strmap_probes(const strmap *m, double *mean);

/* Number of keys. */
static inline size_t
strmap_count(const strmap *m)
{
	return m->n;
}

#endif
