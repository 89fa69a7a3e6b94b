/*
 * strmap.h - interning byte strings to dense ids.
 *
 * A map gives each distinct key (any bytes, NUL included) an id 0, 1, 2,
 * ... in order of first insertion; the keys are kept in one arena.  Memory
 * is about 24 bytes a key plus the key bytes: it grows with distinct keys,
 * never with lookups.
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
} strmap;

void strmap_init(strmap *m);
void strmap_free(strmap *m);

/* The 64-bit hash the map uses (exposed for tests). */
uint64_t strmap_hash(const void *key, size_t len);

/*
 * The id of key, inserting it if new (then *added is set to 1, else 0).
 * Keys longer than UINT32_MAX bytes are not supported.
 */
uint32_t strmap_intern(strmap *m, const void *key, size_t len, int *added);

/* The id of key, or -1 if absent. */
int64_t strmap_find(const strmap *m, const void *key, size_t len);

/* The key of id (not NUL-terminated) and its length. */
const char *strmap_key(const strmap *m, uint32_t id, size_t *len);

/* Number of keys. */
static inline size_t
strmap_count(const strmap *m)
{
	return m->n;
}

#endif
