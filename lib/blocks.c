/*
 * blocks.c - cutting the input at record boundaries, a small pool of
 * parser threads, and the in-order merge.
 */
#include "blocks.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE };

/* The first blocks, parsed alone until the header is known. */
#define FIRST_BLOCK_SIZE (64 * 1024)

typedef struct pool {
	const block_ops *ops;
	void *ctx;
	block *slots;
	int *state;
	size_t nslots;
	size_t next_parse;        /* next block index a worker takes */
	size_t next_read;         /* blocks read so far */
	int quit;
	pthread_mutex_t mu;
	pthread_cond_t work;      /* a block is ready, or quit */
	pthread_cond_t done;      /* a block is parsed */
} pool;

/* Occurrences of c in p[0..n): memchr leaps over the bytes between them
 * (quotes are rare, newlines some 90 bytes apart). */
static size_t
count_byte(const char *p, size_t n, char c)
{
	const char *e = p + n;
	size_t k = 0;

	while (p < e && (p = memchr(p, c, (size_t)(e - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

/*
 * Where to cut data[0..len): just after the last newline with an even
 * number of quotes before it, or 0 if there is none.
 */
static size_t
cut_point(const char *data, size_t len)
{
	size_t quotes = count_byte(data, len, '"'), end = len;
	const char *nl;

	while (end > 0 && (nl = memrchr(data, '\n', end)) != NULL) {
		quotes -= count_byte(nl + 1, end - (size_t)(nl + 1 - data), '"');
		if (quotes % 2 == 0)
			return (size_t)(nl + 1 - data);
		end = (size_t)(nl - data);
	}
	return 0;
}

typedef struct input {
	int fd;
	const char *name;
	char *carry;              /* bytes after the last cut */
	size_t carry_len, carry_cap;
	int eof, first;
	long line;                /* line number of the next block */
	size_t index;
} input;

static void
reserve(block *b, size_t need)
{
	if (need <= b->cap)
		return;
	while (b->cap < need)
		b->cap = b->cap ? b->cap * 2 : BLOCK_SIZE;
	b->data = rfm_xrealloc(b->data, b->cap);
}

/*
 * Fill b with the next block of whole records.  Returns 1 with a block,
 * 0 at the end of the input, -1 on a read error (e filled).
 */
static int
next_block(input *in, block *b, size_t want, rfm_error *e)
{
	size_t cut;
	ssize_t got;

	if (in->eof && in->carry_len == 0)
		return 0;
	reserve(b, in->carry_len > want ? in->carry_len : want);
	if (in->carry_len > 0)
		memcpy(b->data, in->carry, in->carry_len);
	b->len = in->carry_len;
	in->carry_len = 0;
	for (;;) {
		while (!in->eof && b->len < want) {
			got = read(in->fd, b->data + b->len, want - b->len);
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				rfm_fail(e, RFM_EIO, in->name, 0, NULL,
				    "read error: %s", strerror(errno));
				return -1;
			}
			if (got == 0)
				in->eof = 1;
			b->len += (size_t)got;
		}
		if (in->first) {
			in->first = 0;
			if (b->len >= 3 && memcmp(b->data, "\xEF\xBB\xBF", 3) == 0) {
				memmove(b->data, b->data + 3, b->len - 3);
				b->len -= 3;
				continue;   /* top the block up again */
			}
		}
		if (in->eof) {
			cut = b->len;
			break;
		}
		if ((cut = cut_point(b->data, b->len)) > 0)
			break;
		/* One record longer than the block: grow it. */
		want *= 2;
		reserve(b, want);
	}
	if (b->len > cut) {
		in->carry_len = b->len - cut;
		if (in->carry_len > in->carry_cap) {
			in->carry_cap = in->carry_len;
			in->carry = rfm_xrealloc(in->carry, in->carry_cap);
		}
		memcpy(in->carry, b->data + cut, in->carry_len);
	}
	b->len = cut;
	b->line = in->line;
	b->index = in->index++;
	in->line += (long)count_byte(b->data, b->len, '\n');
	return b->len > 0 || !in->eof ? 1 : 0;
}

static void *
worker(void *arg)
{
	pool *p = arg;
	size_t i;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->next_parse == p->next_read)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->quit)
			break;
		i = p->next_parse++ % p->nslots;
		p->state[i] = SLOT_BUSY;
		pthread_mutex_unlock(&p->mu);
		p->ops->parse(p->ctx, &p->slots[i]);
		pthread_mutex_lock(&p->mu);
		p->state[i] = SLOT_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int
blocks_run(int fd, const char *name, const block_ops *ops, void *ctx,
    int nthreads, rfm_error *e)
{
	pool p;
	input in;
	pthread_t *tids = NULL;
	size_t i, next_merge = 0;
	int started = 0, rc = RFM_OK, got = 1, t;

	memset(&p, 0, sizeof p);
	memset(&in, 0, sizeof in);
	in.fd = fd;
	in.name = name;
	in.first = 1;
	in.line = 1;
	p.ops = ops;
	p.ctx = ctx;
	/* Enough slots that workers never wait for the reader. */
	p.nslots = (size_t)(nthreads > 1 ? 2 * nthreads + 2 : 1);
	p.slots = rfm_xcalloc(p.nslots, sizeof *p.slots);
	p.state = rfm_xcalloc(p.nslots, sizeof *p.state);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.work, NULL);
	pthread_cond_init(&p.done, NULL);

	/* One block at a time until the parse may go parallel. */
	while (rc == RFM_OK && (nthreads <= 1 || !ops->parallel(ctx))) {
		/* Small blocks until the header is known: nothing runs in
		 * parallel before, so the first block should be short.  The
		 * same sizes with any number of threads, so that every merge
		 * sees the same blocks. */
		if ((got = next_block(&in, &p.slots[0], in.index == 0 ?
		    FIRST_BLOCK_SIZE : BLOCK_SIZE, e)) <= 0)
			break;
		ops->parse(ctx, &p.slots[0]);
		rc = ops->merge(ctx, &p.slots[0], e);
	}
	if (rc == RFM_OK && got > 0 && nthreads > 1) {
		tids = rfm_xcalloc((size_t)nthreads, sizeof *tids);
		for (t = 0; t < nthreads; t++)
			if (pthread_create(&tids[t], NULL, worker, &p) == 0)
				started++;
		if (started == 0)
			rfm_die(RFM_ESOFTWARE, "cannot start a thread");
		for (;;) {
			pthread_mutex_lock(&p.mu);
			/* Read ahead into free slots. */
			while (got > 0 && p.next_read - next_merge < p.nslots) {
				i = p.next_read % p.nslots;
				pthread_mutex_unlock(&p.mu);
				got = next_block(&in, &p.slots[i], BLOCK_SIZE, e);
				pthread_mutex_lock(&p.mu);
				if (got > 0) {
					p.state[i] = SLOT_READY;
					p.next_read++;
					pthread_cond_signal(&p.work);
				}
			}
			if (next_merge == p.next_read) {
				pthread_mutex_unlock(&p.mu);
				break;
			}
			i = next_merge % p.nslots;
			while (p.state[i] != SLOT_DONE)
				pthread_cond_wait(&p.done, &p.mu);
			pthread_mutex_unlock(&p.mu);
			if ((rc = ops->merge(ctx, &p.slots[i], e)) != RFM_OK)
				break;
			pthread_mutex_lock(&p.mu);
			p.state[i] = SLOT_FREE;
			next_merge++;
			pthread_mutex_unlock(&p.mu);
		}
		/* Let the workers finish what they hold, then stop them. */
		pthread_mutex_lock(&p.mu);
		p.next_read = p.next_parse;
		p.quit = 1;
		pthread_cond_broadcast(&p.work);
		pthread_mutex_unlock(&p.mu);
		for (t = 0; t < started; t++)
			pthread_join(tids[t], NULL);
		free(tids);
	}
	if (rc == RFM_OK && got < 0)
		rc = e->code;
	for (i = 0; i < p.nslots; i++) {
		if (p.slots[i].result != NULL)
			ops->free_result(p.slots[i].result);
		free(p.slots[i].data);
	}
	free(p.slots);
	free(p.state);
	free(in.carry);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.work);
	pthread_cond_destroy(&p.done);
	return rc;
}
