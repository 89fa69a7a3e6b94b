/*
 * check_zread.c - tests of lib/zread: plain input given back byte for
 * byte, however it is read; each compressed format, made here by its own
 * library, decoded from a file and from a pipe that trickles; members one
 * after the other; and data cut short, damaged or followed by other bytes.
 */
#include <bzlib.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "suites.h"
#include "testutil.h"
#include "zread.h"

enum { GZIP, XZ, ZSTD, BZIP2, NFORMATS };

static const char *const names[] = { "gzip", "xz", "zstd", "bzip2" };

/* Some text that compresses: numbered lines. */
static char *
text(size_t *len)
{
	size_t cap = 200000, n = 0;
	char *t = malloc(cap);
	int i;

	ck_assert_ptr_nonnull(t);
	for (i = 0; n + 64 < cap; i++)
		n += (size_t)snprintf(t + n, cap - n, "%d,line %d,%d.%02d\n",
		    i, i * 7, i % 1000, i % 100);
	*len = n;
	return t;
}

/* data[0..n) compressed in format f into a new buffer of *out bytes. */
static unsigned char *
compress_as(int f, const char *data, size_t n, size_t *out)
{
	size_t cap = n + n / 2 + 1024;
	unsigned char *b = malloc(cap);
	unsigned int bl = (unsigned int)cap;
	z_stream s;
	size_t pos = 0;

	ck_assert_ptr_nonnull(b);
	switch (f) {
	case GZIP:
		memset(&s, 0, sizeof s);
		ck_assert_int_eq(deflateInit2(&s, 6, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY), Z_OK);
		s.next_in = (unsigned char *)(uintptr_t)data;
		s.avail_in = (uInt)n;
		s.next_out = b;
		s.avail_out = (uInt)cap;
		ck_assert_int_eq(deflate(&s, Z_FINISH), Z_STREAM_END);
		*out = cap - s.avail_out;
		deflateEnd(&s);
		break;
	case XZ:
		ck_assert_int_eq(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64,
		    NULL, (const uint8_t *)data, n, b, &pos, cap), LZMA_OK);
		*out = pos;
		break;
	case ZSTD:
		*out = ZSTD_compress(b, cap, data, n, 3);
		ck_assert(!ZSTD_isError(*out));
		break;
	case BZIP2:
		ck_assert_int_eq(BZ2_bzBuffToBuffCompress((char *)b, &bl,
		    (char *)(uintptr_t)data, (unsigned int)n, 9, 0, 0), BZ_OK);
		*out = bl;
		break;
	}
	return b;
}

/* All of fd through zread, read in pieces of step bytes; rc gets -1 and e
 * the error, if any. */
static char *
read_all(int fd, size_t step, size_t *len, int *rc, rfm_error *e,
    const char **format)
{
	zread *z = zread_open(fd, "t.z");
	size_t cap = 1 << 20, n = 0;
	char *out = malloc(cap);
	ssize_t got;

	ck_assert_ptr_nonnull(out);
	*rc = 0;
	for (;;) {
		if (n + step > cap) {
			cap *= 2;
			out = realloc(out, cap);
			ck_assert_ptr_nonnull(out);
		}
		got = zread_read(z, out + n, step, e);
		if (got < 0) {
			*rc = -1;
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (format != NULL)
		*format = zread_format(z);
	zread_close(z);
	*len = n;
	return out;
}

/* The bytes of f[0..n) through zread from a file: they must be want. */
static void
reads_as(const void *f, size_t n, const char *want, size_t wlen,
    const char *format)
{
	static const size_t steps[] = { 1, 7, 4096, 1 << 20 };
	FILE *t = temp_with(f, n);
	const char *fmt_got;
	char *got;
	size_t len, i;
	rfm_error e;
	int rc;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (steps[i] == 1 && wlen > 20000)
			continue;    /* a byte at a time: only small inputs */
		ck_assert_int_eq(lseek(fileno(t), 0, SEEK_SET), 0);
		got = read_all(fileno(t), steps[i], &len, &rc, &e, &fmt_got);
		ck_assert_msg(rc == 0, "%s, pieces of %zu: %s",
		    format ? format : "plain", steps[i], e.msg);
		ck_assert_uint_eq(len, wlen);
		ck_assert(memcmp(got, want, wlen) == 0);
		if (format == NULL)
			ck_assert_ptr_null(fmt_got);
		else
			ck_assert_str_eq(fmt_got, format);
		free(got);
	}
	fclose(t);
}

/* The same through a pipe that a child fills a few bytes at a time. */
static void
pipe_reads_as(const unsigned char *f, size_t n, const char *want,
    size_t wlen)
{
	int fd[2], status;
	pid_t pid;
	size_t i, len;
	char *got;
	rfm_error e;
	int rc;

	ck_assert_int_eq(pipe(fd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fd[0]);
		for (i = 0; i < n; i += 3)
			if (write(fd[1], f + i, n - i < 3 ? n - i : 3) < 0)
				_exit(1);
		_exit(0);
	}
	close(fd[1]);
	got = read_all(fd[0], 65536, &len, &rc, &e, NULL);
	close(fd[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(rc == 0, "%s", e.msg);
	ck_assert_uint_eq(len, wlen);
	ck_assert(memcmp(got, want, wlen) == 0);
	free(got);
}

START_TEST(test_plain)
{
	static const char *const small[] = { "", "a", "ab\n", "BZh",
	    "BZhx,1\n", "\x1f", "\x28\xb5\x2f", "\xfd" "7zX" };
	size_t n, i;
	char *t = text(&n);

	for (i = 0; i < sizeof small / sizeof small[0]; i++)
		reads_as(small[i], strlen(small[i]), small[i], strlen(small[i]),
		    NULL);
	reads_as(t, n, t, n, NULL);
	free(t);
}
END_TEST

START_TEST(test_formats)
{
	size_t n, zn;
	char *t = text(&n);
	unsigned char *z = compress_as(_i, t, n, &zn);

	reads_as(z, zn, t, n, names[_i]);
	pipe_reads_as(z, zn, t, n);
	free(z);
	/* an empty text compressed */
	z = compress_as(_i, "", 0, &zn);
	reads_as(z, zn, "", 0, names[_i]);
	free(z);
	free(t);
}
END_TEST

/* Two members or streams one after the other read as the two texts. */
START_TEST(test_members)
{
	size_t n, a, b;
	char *t = text(&n);
	unsigned char *za = compress_as(_i, t, n / 3, &a);
	unsigned char *zb = compress_as(_i, t + n / 3, n - n / 3, &b);
	unsigned char *both = malloc(a + b);

	ck_assert_ptr_nonnull(both);
	memcpy(both, za, a);
	memcpy(both + a, zb, b);
	reads_as(both, a + b, t, n, names[_i]);
	free(za);
	free(zb);
	free(both);
	free(t);
}
END_TEST

static void
fails_with(const void *f, size_t n, const char *prefix)
{
	FILE *t = temp_with(f, n);
	size_t len;
	rfm_error e;
	char *got;
	int rc;

	got = read_all(fileno(t), 65536, &len, &rc, &e, NULL);
	fclose(t);
	free(got);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(e.code, RFM_EDATA);
	ck_assert_msg(strncmp(e.msg, prefix, strlen(prefix)) == 0,
	    "\"%s\" does not start \"%s\"", e.msg, prefix);
}

START_TEST(test_bad)
{
	char want[200];
	size_t n, zn;
	char *t = text(&n);
	unsigned char *z = compress_as(_i, t, n, &zn), *more;

	snprintf(want, sizeof want, "t.z: the %s data stop before their end",
	    names[_i]);
	fails_with(z, zn / 2, want);
	fails_with(z, zn - 1, want);
	/* damaged in the middle */
	memset(z + zn / 2, 0x55, 16);
	snprintf(want, sizeof want, "t.z: the %s data are damaged", names[_i]);
	fails_with(z, zn, want);
	free(z);
	/* other bytes after the end */
	z = compress_as(_i, t, n, &zn);
	more = malloc(zn + 5);
	ck_assert_ptr_nonnull(more);
	memcpy(more, z, zn);
	memcpy(more + zn, "more\n", 5);
	if (_i == XZ)
		snprintf(want, sizeof want, "t.z: the xz data stop before "
		    "their end, or other bytes follow them");
	else if (_i == ZSTD)
		snprintf(want, sizeof want, "t.z: the zstd data are damaged");
	else
		snprintf(want, sizeof want, "t.z: other bytes follow the %s "
		    "data at byte %zu", names[_i], zn);
	fails_with(more, zn + 5, want);
	free(more);
	free(z);
	free(t);
}
END_TEST

Suite *
suite_zread(void)
{
	Suite *s = suite_create("zread");
	TCase *tc = tcase_create("zread");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_plain);
	tcase_add_loop_test(tc, test_formats, 0, NFORMATS);
	tcase_add_loop_test(tc, test_members, 0, NFORMATS);
	tcase_add_loop_test(tc, test_bad, 0, NFORMATS);
	suite_add_tcase(s, tc);
	return s;
}
