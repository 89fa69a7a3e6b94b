/*
 * pfor.c - workers sleep on a condition variable; a run hands out tasks
 * through an atomic counter, the calling thread taking its share.
 */
#include "pfor.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "err.h"

struct pfor {
	int nthreads;
	pthread_t *tids;
	pthread_mutex_t mu;
	pthread_cond_t start, finish;
	unsigned long generation;  /* bumped for every run */
	int quit;
	int busy;                  /* workers still in the current run */
	void (*fn)(void *, size_t);
	void *ctx;
	size_t ntasks;
	atomic_size_t next;
};

int
pfor_threads(void)
{
	const char *s = getenv("RFMKIT_THREADS");
	long n;
	char *end;

	if (s != NULL && *s != '\0') {
		n = strtol(s, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 64)
			return (int)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > 8 ? 8 : (int)n;
}

static void
drain(pfor *p)
{
	size_t t;

	while ((t = atomic_fetch_add(&p->next, 1)) < p->ntasks)
		p->fn(p->ctx, t);
}

static void *
worker(void *arg)
{
	pfor *p = arg;
	unsigned long seen = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->generation == seen)
			pthread_cond_wait(&p->start, &p->mu);
		if (p->quit)
			break;
		seen = p->generation;
		pthread_mutex_unlock(&p->mu);
		drain(p);
		pthread_mutex_lock(&p->mu);
		if (--p->busy == 0)
			pthread_cond_signal(&p->finish);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

pfor *
pfor_new(int nthreads)
{
	pfor *p = rfm_xcalloc(1, sizeof *p);
	sigset_t quiet, mask;
	int i;

	p->nthreads = nthreads < 1 ? 1 : nthreads;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->start, NULL);
	pthread_cond_init(&p->finish, NULL);
	atomic_init(&p->next, 0);
	if (p->nthreads > 1) {
		/*
		 * The workers block the signals that come from outside, so
		 * that those go to the calling thread, whose handlers know
		 * what to clean up (atomic.c); faults (SIGSEGV...) stay
		 * with the thread that caused them.
		 */
		sigfillset(&quiet);
		sigdelset(&quiet, SIGSEGV);
		sigdelset(&quiet, SIGBUS);
		sigdelset(&quiet, SIGFPE);
		sigdelset(&quiet, SIGILL);
		sigdelset(&quiet, SIGTRAP);
		sigdelset(&quiet, SIGABRT);
		sigdelset(&quiet, SIGSYS);
		pthread_sigmask(SIG_BLOCK, &quiet, &mask);
		p->tids = rfm_xcalloc((size_t)p->nthreads - 1, sizeof *p->tids);
		for (i = 0; i < p->nthreads - 1; i++)
			if (pthread_create(&p->tids[i], NULL, worker, p) != 0)
				rfm_die(RFM_ESOFTWARE, "cannot start a thread");
		pthread_sigmask(SIG_SETMASK, &mask, NULL);
	}
	return p;
}

int
pfor_nthreads(const pfor *p)
{
	return p->nthreads;
}

void
pfor_run(pfor *p, size_t ntasks, void (*fn)(void *ctx, size_t task),
    void *ctx)
{
	size_t t;

	if (p->nthreads == 1 || ntasks <= 1) {
		for (t = 0; t < ntasks; t++)
			fn(ctx, t);
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->fn = fn;
	p->ctx = ctx;
	p->ntasks = ntasks;
	atomic_store(&p->next, 0);
	p->busy = p->nthreads - 1;
	p->generation++;
	pthread_cond_broadcast(&p->start);
	pthread_mutex_unlock(&p->mu);
	drain(p);
	pthread_mutex_lock(&p->mu);
	while (p->busy > 0)
		pthread_cond_wait(&p->finish, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

void
pfor_free(pfor *p)
{
	int i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->start);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nthreads - 1; i++)
		pthread_join(p->tids[i], NULL);
	free(p->tids);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->start);
	pthread_cond_destroy(&p->finish);
	free(p);
}
