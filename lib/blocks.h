/*
 * blocks.h - a CSV input cut into blocks of whole records, parsed in
 * parallel and merged in input order.
 *
 * The reader cuts the input after a newline that has an even number of
 * quote characters before it: in RFC 4180 that newline ends a record (a
 * quoted field holds its quotes in pairs), so a block never splits a
 * record, even one with newlines inside quotes.  Malformed quoting cannot
 * move an error: every block before the first malformed quote is cut
 * right, and the block that holds it reports it.
 *
 * Blocks are parsed by worker threads and merged by the calling thread
 * strictly in input order.  What a merge sees is independent of the
 * number of threads, so the result is too: callers that keep all
 * order-dependent work (sums, first-seen ids) in merge get byte-identical
 * output with 1 thread or 64.
 */
#ifndef RFMKIT_BLOCKS_H
#define RFMKIT_BLOCKS_H

#include <stddef.h>

#include "err.h"

typedef struct block {
	char *data;        /* the bytes of whole records */
	size_t len, cap;
	long line;         /* line number of data[0] in the input */
	size_t index;      /* 0, 1, 2 ... in input order */
	void *result;      /* the parse's output, kept with the slot */
} block;

typedef struct block_ops {
	/*
	 * Parse b into b->result (allocating it when NULL, else reusing it).
	 * Runs in a worker thread once parallel() is true, so it may only
	 * read the shared context.
	 */
	void (*parse)(void *ctx, block *b);
	/* Merge a parsed block; runs in input order.  Non-zero stops. */
	int (*merge)(void *ctx, block *b, rfm_error *e);
	/* Whether blocks may be parsed in parallel yet (e.g. the header
	 * has been read).  Until then blocks are parsed and merged one at a
	 * time on the calling thread. */
	int (*parallel)(void *ctx);
	/* Free a result. */
	void (*free_result)(void *result);
} block_ops;

/* Bytes per block, before it is cut back to a record boundary. */
#define BLOCK_SIZE (1024 * 1024)

/*
 * Read fd (named name in messages) to the end, skipping a UTF-8 byte-order
 * mark at its start, and run ops over its blocks with nthreads workers
 * (1: everything on the calling thread).  Returns RFM_OK, the first
 * non-zero code merge returned, or RFM_EIO for a read error.
 */
int blocks_run(int fd, const char *name, const block_ops *ops, void *ctx,
    int nthreads, rfm_error *e);

#endif
