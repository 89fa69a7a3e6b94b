/*
 * rng.h - a small, fast, seedable random number generator whose stream is
 * the same on every machine (xoshiro256**, seeded through splitmix64).
 */
#ifndef RFMKIT_RNG_H
#define RFMKIT_RNG_H

#include <stdint.h>

typedef struct rng {
	uint64_t s[4];
} rng;

/* Seed from a seed and a stream number (e.g. the restart index), so that
 * every stream is independent of the others and of the order they run. */
void rng_seed(rng *r, uint64_t seed, uint64_t stream);

uint64_t rng_next(rng *r);

/* A double uniform in [0, 1), 53 random bits. */
double rng_uniform(rng *r);

/* An integer uniform in [0, n), n > 0, without modulo bias. */
uint64_t rng_below(rng *r, uint64_t n);

#endif
