/*
 * csvbare - the least a libcsv-based reader can do: parse every byte with
 * libcsv's defaults and count fields and records.  The yardstick of
 * rfm-extract's speed in make bench.
 *
 * usage: csvbare [-j N] file
 *
 * With -j N the file is cut into N parts at record boundaries (after a
 * newline with an even number of quotes before it) and each part is
 * parsed by its own thread: the floor of any reader that gives every
 * byte to libcsv on N processors.
 */
#include <csv.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvin.h"

enum { PIECE = 256 * 1024, MAXJ = 64 };

typedef struct part {
	int fd;
	off_t from, to;
	unsigned long nfields, nrecords;
	int failed;
} part;

static void
on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	((part *)data)->nfields++;
}

static void
on_record(int c, void *data)
{
	(void)c;
	((part *)data)->nrecords++;
}

static void *
parse(void *arg)
{
	part *pt = arg;
	struct csv_parser p;
	char *buf = malloc(PIECE);
	off_t at = pt->from;
	ssize_t n;
	size_t want;

	if (buf == NULL || csv_init(&p, 0) != 0) {
		pt->failed = 1;
		return NULL;
	}
	while (at < pt->to) {
		want = pt->to - at < PIECE ? (size_t)(pt->to - at) : PIECE;
		if ((n = pread(pt->fd, buf, want, at)) <= 0) {
			pt->failed = 1;
			break;
		}
		if (csv_parse(&p, buf, (size_t)n, on_field, on_record, pt) !=
		    (size_t)n) {
			fprintf(stderr, "csvbare: %s\n",
			    csv_strerror(csv_error(&p)));
			pt->failed = 1;
			break;
		}
		at += n;
	}
	csv_fini(&p, on_field, on_record, pt);
	csv_free(&p);
	free(buf);
	return NULL;
}

/*
 * The cuts, found in parallel as a parallel reader would: each thread
 * counts the quotes of its share of the file, then starts after the first
 * newline in its share with an even number of quotes before it.
 */
typedef struct share {
	int fd;
	off_t from, to;
	size_t quotes;
} share;

static void *
count_quotes(void *arg)
{
	share *sh = arg;
	char *buf = malloc(PIECE);
	off_t at = sh->from;
	ssize_t n;
	size_t want;

	while (buf != NULL && at < sh->to) {
		want = sh->to - at < PIECE ? (size_t)(sh->to - at) : PIECE;
		if ((n = pread(sh->fd, buf, want, at)) <= 0)
			break;
		sh->quotes += csv_count_byte(buf, (size_t)n, '"');
		at += n;
	}
	free(buf);
	return NULL;
}

static int
find_cuts(int fd, off_t size, int j, off_t *cut)
{
	pthread_t tid[MAXJ];
	share sh[MAXJ];
	char buf[4096];
	size_t quotes = 0, q;
	off_t at;
	ssize_t n, k;
	int i;

	for (i = 0; i < j; i++) {
		sh[i].fd = fd;
		sh[i].from = size / j * i;
		sh[i].to = i + 1 < j ? size / j * (i + 1) : size;
		sh[i].quotes = 0;
		if (pthread_create(&tid[i], NULL, count_quotes, &sh[i]) != 0)
			return -1;
	}
	for (i = 0; i < j; i++)
		pthread_join(tid[i], NULL);
	cut[0] = 0;
	cut[j] = size;
	for (i = 1; i < j; i++) {
		quotes += sh[i - 1].quotes;   /* before share i */
		q = quotes;
		cut[i] = size;
		for (at = sh[i].from; cut[i] == size &&
		    (n = pread(fd, buf, sizeof buf, at)) > 0; at += n)
			for (k = 0; k < n && cut[i] == size; k++)
				if (buf[k] == '"')
					q++;
				else if (buf[k] == '\n' && q % 2 == 0)
					cut[i] = at + k + 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	pthread_t tid[MAXJ];
	part pt[MAXJ];
	off_t cut[MAXJ + 1];
	unsigned long nfields = 0, nrecords = 0;
	struct stat st;
	int fd, j = 1, i, failed = 0;

	if (argc == 4 && strcmp(argv[1], "-j") == 0) {
		j = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 2 || j < 1 || j > MAXJ) {
		fprintf(stderr, "usage: csvbare [-j N] file\n");
		return 64;
	}
	if ((fd = open(argv[1], O_RDONLY)) < 0 || fstat(fd, &st) != 0) {
		perror(argv[1]);
		return 66;
	}
	if (find_cuts(fd, st.st_size, j, cut) != 0)
		return 70;
	for (i = 0; i < j; i++) {
		memset(&pt[i], 0, sizeof pt[i]);
		pt[i].fd = fd;
		pt[i].from = cut[i];
		pt[i].to = cut[i + 1];
		if (pthread_create(&tid[i], NULL, parse, &pt[i]) != 0)
			return 70;
	}
	for (i = 0; i < j; i++) {
		pthread_join(tid[i], NULL);
		nfields += pt[i].nfields;
		nrecords += pt[i].nrecords;
		failed |= pt[i].failed;
	}
	if (failed)
		return 65;
	printf("%lu records, %lu fields\n", nrecords, nfields);
	return 0;
}
