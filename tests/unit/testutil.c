/*
 * testutil.c - helpers shared by the unit tests (see testutil.h).
 */
#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "num.h"
#include "testutil.h"

/* ---- a temporary directory for the files of one test ---- */

char dir[512];

void
temp_dir(char *buf, size_t size, const char *parent, const char *prefix)
{
	const char *t = getenv("TMPDIR");

	if (parent == NULL)
		parent = t != NULL && *t != '\0' ? t : "/tmp";
	snprintf(buf, size, "%s/%s.XXXXXX", parent, prefix);
	ck_assert_ptr_nonnull(mkdtemp(buf));
}

void
rm_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char p[1024];
	struct stat st;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", path, de->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(p);
		else
			unlink(p);
	}
	closedir(d);
	rmdir(path);
}

void
dir_teardown(void)
{
	rm_tree(dir);
}

const char *
path_of(const char *name)
{
	static char buf[4][600];
	static int slot;

	slot = (slot + 1) % 4;
	snprintf(buf[slot], sizeof buf[slot], "%s/%s", dir, name);
	return buf[slot];
}

const char *
put_file(const char *name, const char *text, size_t len)
{
	const char *p = path_of(name);
	FILE *f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return p;
}

char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 1 << 21);
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, (1 << 21) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* ---- other helpers ---- */

FILE *
temp_with(const char *data, size_t len)
{
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fflush(f), 0);
	ck_assert_int_eq(lseek(fileno(f), 0, SEEK_SET), 0);
	return f;
}

uint64_t
xorshift64(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

char *
xdup(const char *s)
{
	char *p = malloc(strlen(s) + 1);

	ck_assert_ptr_nonnull(p);
	strcpy(p, s);
	return p;
}

int
same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

const char *
fmt(double x)
{
	static char buf[16][NUM_BUFSZ];
	static int slot;

	slot = (slot + 1) % 16;
	num_format(buf[slot], x);
	return buf[slot];
}
