/*
 * csvbare - the least a libcsv-based reader can do: parse every byte with
 * libcsv's defaults and count fields and records.  The yardstick of
 * rfm-extract's speed in make bench.
 *
 * usage: csvbare file
 */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static unsigned long nfields, nrecords;

static void
on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	(void)data;
	nfields++;
}

static void
on_record(int c, void *data)
{
	(void)c;
	(void)data;
	nrecords++;
}

int
main(int argc, char **argv)
{
	static char buf[256 * 1024];
	struct csv_parser p;
	ssize_t n;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: csvbare file\n");
		return 64;
	}
	if ((fd = open(argv[1], O_RDONLY)) < 0) {
		perror(argv[1]);
		return 66;
	}
	if (csv_init(&p, 0) != 0)
		return 70;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (csv_parse(&p, buf, (size_t)n, on_field, on_record, NULL) !=
		    (size_t)n) {
			fprintf(stderr, "csvbare: %s\n",
			    csv_strerror(csv_error(&p)));
			return 65;
		}
	if (n < 0) {
		perror(argv[1]);
		return 74;
	}
	csv_fini(&p, on_field, on_record, NULL);
	csv_free(&p);
	printf("%lu records, %lu fields\n", nrecords, nfields);
	return 0;
}
