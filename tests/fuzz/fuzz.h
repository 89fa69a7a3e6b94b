/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz share: failing an
 * oracle, exact-size copies of the input (so that AddressSanitizer sees a
 * read one byte past the end), an in-memory file descriptor, and a read(2)
 * that can be made to return short counts, EINTR or an error.
 *
 * The fuzzers are linked with -Wl,--wrap=read: the library's calls to
 * read(2) come here first.  Only the descriptor named by fuzz_read_fd is
 * disturbed; every other read goes straight through.
 */
#ifndef RFMKIT_FUZZ_H
#define RFMKIT_FUZZ_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

#include "kvfile.h"

/* Run before an oracle's abort (set by fuzz_file: remove its files). */
static void (*fuzz_on_fail)(void);

/* An oracle failed: say which and abort, so libFuzzer keeps the input.
 * Written to fd 2 directly: a target may have silenced the stdio stderr. */
#define FUZZ_CHECK(cond, ...) do {                                      \
	if (!(cond)) {                                                  \
		dprintf(2, "\n%s:%d: oracle failed: %s\n  ", __FILE__,  \
		    __LINE__, #cond);                                   \
		dprintf(2, __VA_ARGS__);                                \
		dprintf(2, "\n");                                       \
		if (fuzz_on_fail != NULL)                               \
			fuzz_on_fail();                                 \
		abort();                                                \
	}                                                               \
} while (0)

/* A heap copy of data[0..n) of exactly n bytes (1 if n is 0), not
 * terminated: a read past the end is a heap-buffer-overflow. */
static inline char *
fuzz_exact(const uint8_t *data, size_t n)
{
	char *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	if (n)
		memcpy(p, data, n);
	return p;
}

/* A NUL-terminated heap copy of exactly n + 1 bytes. */
static inline char *
fuzz_cstr(const uint8_t *data, size_t n)
{
	char *p = malloc(n + 1);

	if (p == NULL)
		abort();
	if (n)
		memcpy(p, data, n);
	p[n] = '\0';
	return p;
}

/* How reads of fuzz_read_fd behave. */
extern int fuzz_read_fd;          /* -1: none */
extern size_t fuzz_read_chunk;    /* at most this many bytes a call; 0: any */
extern int fuzz_read_eintr;       /* every other call fails with EINTR */
extern long fuzz_read_fail_after; /* calls before EIO; -1: never */

ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __wrap_read(int fd, void *buf, size_t n);

#ifdef FUZZ_READ_IMPL
int fuzz_read_fd = -1;
size_t fuzz_read_chunk;
int fuzz_read_eintr;
long fuzz_read_fail_after = -1;
static long fuzz_read_calls;

ssize_t
__wrap_read(int fd, void *buf, size_t n)
{
	if (fd != fuzz_read_fd || fd < 0)
		return __real_read(fd, buf, n);
	fuzz_read_calls++;
	if (fuzz_read_eintr && fuzz_read_calls % 2 == 1) {
		errno = EINTR;
		return -1;
	}
	if (fuzz_read_fail_after >= 0 && fuzz_read_fail_after-- == 0) {
		errno = EIO;
		return -1;
	}
	if (fuzz_read_chunk != 0 && n > fuzz_read_chunk)
		n = fuzz_read_chunk;
	return __real_read(fd, buf, n);
}
#endif

/* Set the read behaviour of fd from one control byte:
 * bits 0-4 chunk size (0: any, else 1..31 bytes, doubled by bit 5),
 * bit 6 EINTR on every other call, bit 7 EIO after a few calls. */
static inline void
fuzz_read_setup(int fd, uint8_t c)
{
	fuzz_read_fd = fd;
	fuzz_read_chunk = (size_t)(c & 31) << ((c >> 5) & 1 ? 6 : 0);
	fuzz_read_eintr = (c >> 6) & 1;
	fuzz_read_fail_after = (c >> 7) & 1 ? (long)(c & 7) : -1;
}

static inline void
fuzz_read_reset(void)
{
	fuzz_read_fd = -1;
	fuzz_read_chunk = 0;
	fuzz_read_eintr = 0;
	fuzz_read_fail_after = -1;
}

/* A memfd holding data[0..n), positioned at its start.  The fd is made
 * once and reused. */
static inline int
fuzz_memfd(int *fdp, const char *name, const void *data, size_t n)
{
	const char *p = data;
	ssize_t w;

	if (*fdp < 0 && (*fdp = memfd_create(name, 0)) < 0) {
		perror("memfd_create");
		abort();
	}
	if (ftruncate(*fdp, 0) != 0 || lseek(*fdp, 0, SEEK_SET) != 0)
		abort();
	while (n > 0) {
		if ((w = write(*fdp, p, n)) <= 0)
			abort();
		p += w;
		n -= (size_t)w;
	}
	if (lseek(*fdp, 0, SEEK_SET) != 0)
		abort();
	return *fdp;
}

/*
 * Files for the parsers that take a path: made once per process under
 * $TMPDIR (else /dev/shm, else /tmp), rewritten for every input, removed
 * at exit, on a failed oracle and on a sanitizer report.  (A timeout or a
 * deadly signal still leaves them behind: "rfmkit-fuzz-*".)
 */
void __sanitizer_set_death_callback(void (*callback)(void));

#define FUZZ_NFILES 2
static char fuzz_file_path[FUZZ_NFILES][512];
static int fuzz_file_fd[FUZZ_NFILES] = { -1, -1 };
static int fuzz_files_registered;

static void
fuzz_files_remove(void)
{
	int i;

	for (i = 0; i < FUZZ_NFILES; i++)
		if (fuzz_file_path[i][0] != '\0')
			unlink(fuzz_file_path[i]);
}

/* File i (0 or 1) holding data[0..n); returns its path. */
static inline const char *
fuzz_file(int i, const char *tag, const void *data, size_t n)
{
	const char *dir = getenv("TMPDIR");
	const char *p = data;
	ssize_t w;

	if (fuzz_file_fd[i] < 0) {
		if (dir == NULL || *dir == '\0')
			dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(fuzz_file_path[i], sizeof fuzz_file_path[i],
		    "%s/rfmkit-fuzz-%s-%d.XXXXXX", dir, tag, i);
		if ((fuzz_file_fd[i] = mkstemp(fuzz_file_path[i])) < 0) {
			perror(fuzz_file_path[i]);
			abort();
		}
		if (!fuzz_files_registered) {
			atexit(fuzz_files_remove);
			__sanitizer_set_death_callback(fuzz_files_remove);
			fuzz_on_fail = fuzz_files_remove;
			fuzz_files_registered = 1;
		}
	}
	if (ftruncate(fuzz_file_fd[i], 0) != 0)
		abort();
	for (off_t off = 0; n > 0; off += w) {
		if ((w = pwrite(fuzz_file_fd[i], p, n, off)) <= 0)
			abort();
		p += w;
		n -= (size_t)w;
	}
	return fuzz_file_path[i];
}

/* Whether two doubles are the same number: the same bits, except that
 * 0 and -0 are one (num_format writes both as "0", by design). */
static inline int
fuzz_same_double(double a, double b)
{
	if (a == 0 && b == 0)
		return 1;
	return memcmp(&a, &b, sizeof a) == 0;
}

/*
 * A copy of data[0..n) with the cksum line that matches it appended (after
 * a newline when it does not end with one; *out gets its length), so that
 * a file of version 2 gets past its cksum to the parsing behind it; NULL
 * when data already holds a cksum line.  Freed by the caller.
 */
static inline char *
fuzz_sealed(const uint8_t *data, size_t n, size_t *out)
{
	char *p;
	size_t m = n, cap;
	cksum c;

	if ((n >= 5 && memcmp(data, "cksum", 5) == 0) ||
	    memmem(data, n, "\ncksum", 6) != NULL)
		return NULL;
	cap = n + 64;
	if ((p = malloc(cap)) == NULL)
		abort();
	memcpy(p, data, n);
	if (n == 0 || p[n - 1] != '\n')
		p[m++] = '\n';
	cksum_init(&c);
	kv_sum(p, m, &c);
	m += (size_t)snprintf(p + m, cap - m, "cksum\t%lu\t%llu\n",
	    (unsigned long)cksum_value(&c), (unsigned long long)c.len);
	*out = m;
	return p;
}

/* Run one on data as it is, which tests the cksum line too, and, when it
 * has none, with a matching one, which tests what lies behind it. */
static inline void
fuzz_as_is_and_sealed(int (*one)(const uint8_t *, size_t),
    const uint8_t *data, size_t n)
{
	size_t m;
	char *sealed = fuzz_sealed(data, n, &m);

	one(data, n);
	if (sealed != NULL) {
		one((const uint8_t *)sealed, m);
		free(sealed);
	}
}

#endif
