/*
 * pfor.h - a parallel for over numbered tasks, with a pool of threads
 * kept for the life of the pool.
 *
 * Callers that give each task its own output slot and combine the slots
 * in task order get results that do not depend on the number of threads.
 */
#ifndef RFMKIT_PFOR_H
#define RFMKIT_PFOR_H

#include <stddef.h>

typedef struct pfor pfor;

/*
 * The number of threads rfmkit uses: RFMKIT_THREADS when set (1 to 64),
 * else the online processors, at most 8.
 */
int pfor_threads(void);

/* A pool of nthreads (the caller counts as one; 1 means no threads). */
pfor *pfor_new(int nthreads);

/* The threads of p, the caller included. */
int pfor_nthreads(const pfor *p);

/* Run fn(ctx, 0) ... fn(ctx, ntasks - 1), in any order and in parallel,
 * and return when every call has returned. */
void pfor_run(pfor *p, size_t ntasks, void (*fn)(void *ctx, size_t task),
    void *ctx);

void pfor_free(pfor *p);

#endif
