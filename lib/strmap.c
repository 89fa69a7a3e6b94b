/*
 * strmap.c - open-addressing hash table (linear probing) over an arena of
 * keys.
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

void
strmap_init(strmap *m)
{
	memset(m, 0, sizeof *m);
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

/*
 * FNV-1a over 8-byte words, then a 64-bit finaliser that spreads every
 * input bit over the word: fast for the short ids and invoice numbers of
 * transaction exports, and well mixed for linear probing.
 */
uint64_t
strmap_hash(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 0xcbf29ce484222325ULL ^ len, w;

	while (len >= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
		p += 8;
		len -= 8;
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
	uint32_t h = (uint32_t)strmap_hash(key, len);
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
	return lookup(m, key, len, (uint32_t)strmap_hash(key, len), NULL);
}

const char *
strmap_key(const strmap *m, uint32_t id, size_t *len)
{
	*len = m->len[id];
	return m->arena + m->off[id];
}
