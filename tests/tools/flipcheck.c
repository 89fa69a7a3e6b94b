/*
 * flipcheck - flip single bits of a file and check that a command either
 * refuses each damaged copy or gives the output of the intact one.
 *
 * usage: flipcheck [-n count] [-s seed] [-v] file expected command [arg ...]
 *
 * For each bit chosen, file is rewritten in place with that one bit
 * flipped, and command (searched in PATH, its arguments naming file) is
 * run with its standard output to a temporary file and its standard
 * error to another.  Each run is one of:
 *
 *   refused     exit 65 with a message on stderr that names file
 *   same        exit 0 and stdout byte for byte the file expected: the
 *               flip changed nothing that is read (a comment, say)
 *   WRONG       exit 0 and another stdout: a damaged file gave other
 *               labels, what the check exists to prevent
 *   UNEXPECTED  any other exit status, a signal, or a refusal that does
 *               not name the file
 *
 * Every bit of file when count is 0 or not smaller than its bits;
 * otherwise count bits drawn without repetition by the project's
 * generator from seed (default 1), the same bits on every machine.  file
 * is restored at the end.  -v lists every run.
 *
 * Prints one summary line, and a line for each WRONG or UNEXPECTED run
 * (the bit, its byte and line, the status); exits 0 when there is none,
 * 1 when there is, 2 for a usage or I/O error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rng.h"

static const char *prog = "flipcheck";

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "%s: %s%s%s\n", prog, path ? path : "", path ? ": " :
	    "", what);
	exit(2);
}

/* The whole of path, NUL-terminated; *len gets its size. */
static char *
slurp(const char *path, size_t *len)
{
	char *p = NULL;
	size_t cap = 0, n = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die(strerror(errno), path);
	for (;;) {
		if (n + 1 >= cap) {
			cap = cap ? cap * 2 : 65536;
			if ((p = realloc(p, cap)) == NULL)
				die("out of memory", NULL);
		}
		got = read(fd, p + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			die(strerror(errno), path);
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	p[n] = '\0';
	*len = n;
	return p;
}

static void
put(const char *path, const char *data, size_t len)
{
	ssize_t w;
	size_t off = 0;
	int fd = open(path, O_WRONLY | O_TRUNC);

	if (fd < 0)
		die(strerror(errno), path);
	while (off < len) {
		if ((w = write(fd, data + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			die(strerror(errno), path);
		}
		off += (size_t)w;
	}
	if (close(fd) != 0)
		die(strerror(errno), path);
}

static int
by_value(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* A new temporary file, open for writing; its path in buf. */
static int
temp(char *buf, size_t size, const char *tag)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	snprintf(buf, size, "%s/flipcheck-%s.XXXXXX", dir, tag);
	if ((fd = mkstemp(buf)) < 0)
		die(strerror(errno), buf);
	return fd;
}

/* Run argv with stdout and stderr to the files out and err (truncated);
 * the wait status. */
static int
run(char **argv, const char *out, const char *err)
{
	pid_t pid;
	int st, fo, fe;

	fflush(stdout);
	if ((pid = fork()) < 0)
		die(strerror(errno), "fork");
	if (pid == 0) {
		if ((fo = open(out, O_WRONLY | O_TRUNC)) < 0 ||
		    (fe = open(err, O_WRONLY | O_TRUNC)) < 0 ||
		    dup2(fo, STDOUT_FILENO) < 0 || dup2(fe, STDERR_FILENO) < 0)
			_exit(126);
		close(fo);
		close(fe);
		execvp(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die(strerror(errno), "waitpid");
	return st;
}

int
main(int argc, char **argv)
{
	char outp[512], errp[512], *orig, *copy, *want, *got, *msg;
	const char *path, *wantp;
	size_t len, wlen, glen, mlen, nbits, count = 0, i, j, t, bit, byte;
	size_t refused = 0, same = 0, wrong = 0, unexpected = 0;
	size_t *bits;
	unsigned long long seed = 1;
	long line;
	int c, st, verbose = 0, bad;
	rng r;

	while ((c = getopt(argc, argv, "+n:s:v")) != -1) {
		switch (c) {
		case 'n':
			count = strtoul(optarg, NULL, 10);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 3)
		goto usage;
	path = argv[0];
	wantp = argv[1];
	orig = slurp(path, &len);
	want = slurp(wantp, &wlen);
	if (len == 0)
		die("empty: no bit to flip", path);
	copy = malloc(len);
	nbits = len * 8;
	bits = malloc(nbits * sizeof *bits);
	if (copy == NULL || bits == NULL)
		die("out of memory", NULL);
	for (i = 0; i < nbits; i++)
		bits[i] = i;
	if (count == 0 || count > nbits)
		count = nbits;
	/* The first count of a Fisher-Yates shuffle, then in file order. */
	rng_seed(&r, seed, 0);
	for (i = 0; i < count && count < nbits; i++) {
		j = i + (size_t)rng_below(&r, nbits - i);
		t = bits[i];
		bits[i] = bits[j];
		bits[j] = t;
	}
	qsort(bits, count, sizeof *bits, by_value);
	close(temp(outp, sizeof outp, "out"));
	close(temp(errp, sizeof errp, "err"));

	for (i = 0; i < count; i++) {
		bit = bits[i];
		byte = bit / 8;
		memcpy(copy, orig, len);
		copy[byte] = (char)(copy[byte] ^ (1 << (bit % 8)));
		put(path, copy, len);
		st = run(argv + 2, outp, errp);
		got = slurp(outp, &glen);
		msg = slurp(errp, &mlen);
		bad = 0;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 65 &&
		    strstr(msg, path) != NULL) {
			refused++;
		} else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
			if (glen == wlen && memcmp(got, want, wlen) == 0)
				same++;
			else {
				wrong++;
				bad = 1;
			}
		} else {
			unexpected++;
			bad = 1;
		}
		if (bad || verbose) {
			for (line = 1, j = 0; j < byte; j++)
				line += orig[j] == '\n';
			printf("%s bit %zu (byte %zu, line %ld, 0x%02x -> 0x%02x): "
			    "%s %d%s%.*s", bad ? (WIFEXITED(st) &&
			    WEXITSTATUS(st) == 0 ? "WRONG" : "UNEXPECTED") :
			    "ok", bit, byte, line, (unsigned char)orig[byte],
			    (unsigned char)copy[byte], WIFEXITED(st) ? "exit" :
			    "signal", WIFEXITED(st) ? WEXITSTATUS(st) :
			    WTERMSIG(st), mlen ? ": " : "",
			    (int)strcspn(msg, "\n"), msg);
			putchar('\n');
		}
		free(got);
		free(msg);
	}
	put(path, orig, len);
	unlink(outp);
	unlink(errp);
	printf("%s: %s: %zu of %zu bits flipped: %zu refused (exit 65), %zu "
	    "read the same, %zu WRONG, %zu UNEXPECTED\n", prog, path, count,
	    nbits, refused, same, wrong, unexpected);
	free(orig);
	free(copy);
	free(want);
	free(bits);
	return wrong || unexpected ? 1 : 0;
usage:
	fprintf(stderr, "usage: %s [-n count] [-s seed] [-v] file expected "
	    "command [arg ...]\n", prog);
	return 2;
}
