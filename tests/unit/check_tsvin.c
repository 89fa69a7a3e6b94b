/*
 * check_tsvin.c - tests of lib/tsvin and lib/table.  tsvin: the header
 * (CRLF, too few columns, empty input), rows and their line numbers,
 * ragged rows, CRLF rows, a last line without a newline, empty fields,
 * lines longer than the read buffer, tsv_row_text, tsv_next_raw,
 * tsv_column, tsv_columns and tsv_number with their messages.  table: a
 * regular file read twice, standard input from a pipe (spooled to an
 * unlinked temporary file) and from a file already part read, the
 * selected columns, table_rewind giving the same rows again, and errors.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suites.h"
#include "table.h"
#include "testutil.h"
#include "tsvin.h"

/* ---- a temporary directory for the files of one test case ---- */

static void
dir_setup(void)
{
	temp_dir(dir, sizeof dir, NULL, "check_tsvin");
}

/* The number of entries in the directory, . and .. left out. */
static int
dir_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* TMPDIR as it was, for tests that change it (CK_FORK=no runs them in
 * one process). */
static char *old_tmpdir;

static void
save_tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	free(old_tmpdir);
	old_tmpdir = t != NULL ? strdup(t) : NULL;
}

static void
restore_tmpdir(void)
{
	if (old_tmpdir != NULL)
		setenv("TMPDIR", old_tmpdir, 1);
	else
		unsetenv("TMPDIR");
}

static const char *
put_str(const char *name, const char *text)
{
	return put_file(name, text, strlen(text));
}

/* A descriptor reading text from its start (a temporary file). */
static int
fd_with(const char *text, size_t len)
{
	FILE *f = tmpfile();
	int fd;

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fflush(f), 0);
	fd = dup(fileno(f));
	fclose(f);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

/* A child writes text into a pipe, in pieces of at most step bytes;
 * returns the read end. */
static int
pipe_from_child(const char *text, size_t len, size_t step, pid_t *pid)
{
	int fd[2];
	size_t off, n;

	ck_assert_int_eq(pipe(fd), 0);
	*pid = fork();
	ck_assert_int_ge(*pid, 0);
	if (*pid == 0) {
		close(fd[0]);
		for (off = 0; off < len; off += n) {
			n = len - off < step ? len - off : step;
			if (write(fd[1], text + off, n) != (ssize_t)n)
				_exit(1);
		}
		_exit(0);
	}
	close(fd[1]);
	return fd[0];
}

static void
child_done(pid_t pid)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/*
 * Every row of the reader as "LINE:[f][f]...\n" (fields as they are),
 * until the end or an error; rc gets the last tsv_next result.
 */
static char *
rows_of(tsv_reader *r, int *rc, rfm_error *e)
{
	char *text = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	while ((*rc = tsv_next(r, e)) > 0) {
		fprintf(f, "%ld:", r->line);
		for (i = 0; i < r->ncols; i++) {
			putc('[', f);
			fwrite(r->f[i].p, 1, r->f[i].len, f);
			putc(']', f);
		}
		putc('\n', f);
	}
	fclose(f);
	return text;
}

/* Open text, read every row: they must be want, the end clean. */
static void
rows_are(const char *text, size_t len, const char *want)
{
	tsv_reader r;
	rfm_error e;
	int fd = fd_with(text, len), rc;
	char *got;

	ck_assert_msg(tsv_open(&r, fd, "in.tsv", &e) == RFM_OK, "%s", e.msg);
	got = rows_of(&r, &rc, &e);
	ck_assert_msg(rc == 0, "tsv_next: %d: %s", rc, e.msg);
	ck_assert_str_eq(got, want);
	/* the end stays the end */
	ck_assert_int_eq(tsv_next(&r, &e), 0);
	free(got);
	tsv_close(&r);
	close(fd);
}

#define ROWS_ARE(text, want) rows_are(text, sizeof(text) - 1, want)

/* Open text expecting tsv_open to fail with code and msg. */
static void
open_fails(const char *text, size_t len, int code, const char *msg)
{
	tsv_reader r;
	rfm_error e;
	int fd = fd_with(text, len);

	memset(&e, 0, sizeof e);
	ck_assert_int_eq(tsv_open(&r, fd, "in.tsv", &e), code);
	ck_assert_int_eq(e.code, code);
	ck_assert_str_eq(e.msg, msg);
	tsv_close(&r);
	close(fd);
}

/* ---- the header ---- */

START_TEST(test_header)
{
	static const char text[] = "id\trecency\tfrequency\tmonetary\n";
	tsv_reader r;
	rfm_error e;
	int fd = fd_with(text, sizeof text - 1);

	ck_assert_int_eq(tsv_open(&r, fd, "in.tsv", &e), RFM_OK);
	ck_assert_uint_eq(r.ncols, 4);
	ck_assert_str_eq(r.cols[0], "id");
	ck_assert_str_eq(r.cols[3], "monetary");
	ck_assert_str_eq(r.hdr_line, "id\trecency\tfrequency\tmonetary");
	ck_assert_int_eq(r.line, 1);
	ck_assert_str_eq(r.name, "in.tsv");
	ck_assert_int_eq(tsv_column(&r, "frequency"), 2);
	ck_assert_int_eq(tsv_column(&r, "id"), 0);
	ck_assert_int_eq(tsv_column(&r, "Frequency"), -1);
	ck_assert_int_eq(tsv_column(&r, ""), -1);
	ck_assert_int_eq(tsv_next(&r, &e), 0);
	tsv_close(&r);
	ck_assert_ptr_null(r.cols);
	close(fd);
}
END_TEST

START_TEST(test_header_crlf_and_spaces)
{
	static const char text[] = "cust id\t a \t\r\nk\tx\t\r\n";
	tsv_reader r;
	rfm_error e;
	char list[256];
	int fd = fd_with(text, sizeof text - 1);

	ck_assert_int_eq(tsv_open(&r, fd, "in.tsv", &e), RFM_OK);
	ck_assert_uint_eq(r.ncols, 3);
	ck_assert_str_eq(r.cols[0], "cust id");
	ck_assert_str_eq(r.cols[1], " a ");
	ck_assert_str_eq(r.cols[2], "");
	ck_assert_str_eq(r.hdr_line, "cust id\t a \t");
	tsv_header_list(&r, list, sizeof list);
	ck_assert_str_eq(list, "\"cust id\", \" a \", \"\"");
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_uint_eq(r.f[2].len, 0);
	tsv_close(&r);
	close(fd);
}
END_TEST

START_TEST(test_header_errors)
{
	open_fails("", 0, RFM_EDATA, "in.tsv: empty input: no header line");
	open_fails("id\n", 3, RFM_EDATA, "in.tsv:1: the header has 1 column; "
	    "a key and at least one more are needed");
	open_fails("id", 2, RFM_EDATA, "in.tsv:1: the header has 1 column; "
	    "a key and at least one more are needed");
	open_fails("\n1\t2\n", 5, RFM_EDATA, "in.tsv:1: the header has 1 "
	    "column; a key and at least one more are needed");
	open_fails("\r\n", 2, RFM_EDATA, "in.tsv:1: the header has 1 column; "
	    "a key and at least one more are needed");
}
END_TEST

/* A directory cannot be read: an I/O error, not an empty input. */
START_TEST(test_read_error)
{
	tsv_reader r;
	rfm_error e;
	char want[600];
	int fd = open(dir, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(tsv_open(&r, fd, "d", &e), RFM_EIO);
	snprintf(want, sizeof want, "d: read error: %s", strerror(EISDIR));
	ck_assert_str_eq(e.msg, want);
	tsv_close(&r);
	close(fd);
}
END_TEST

/* ---- rows ---- */

START_TEST(test_rows)
{
	ROWS_ARE("k\ta\tb\n1\t2\t3\nx\t\t\n",
	    "2:[1][2][3]\n3:[x][][]\n");
	/* the last line without a newline */
	ROWS_ARE("k\ta\n1\t2\n3\t4", "2:[1][2]\n3:[3][4]\n");
	/* CRLF, and a mix */
	ROWS_ARE("k\ta\r\n1\t2\r\n3\t4\n5\t6\r\n",
	    "2:[1][2]\n3:[3][4]\n4:[5][6]\n");
	/* a last line without a newline but with a CR */
	ROWS_ARE("k\ta\r\n1\t2\r", "2:[1][2]\n");
	/* only a CR inside a field is kept */
	ROWS_ARE("k\ta\n1\r1\t2\n", "2:[1\r1][2]\n");
	/* no rows */
	ROWS_ARE("k\ta\n", "");
	ROWS_ARE("k\ta", "");
	/* spaces are data */
	ROWS_ARE("k\ta\n 1 \t 2\n", "2:[ 1 ][ 2]\n");
}
END_TEST

/* A row's fields are not NUL-terminated, and tsv_row_text is the row as
 * read, tabs and all, without its line end. */
START_TEST(test_row_text)
{
	static const char text[] = "k\ta\tb\nkey one\t1.5\t-2\r\nz\t\t\n";
	tsv_reader r;
	rfm_error e;
	const char *p;
	size_t len;
	int fd = fd_with(text, sizeof text - 1);

	ck_assert_int_eq(tsv_open(&r, fd, "in.tsv", &e), RFM_OK);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_uint_eq(r.f[0].len, 7);
	ck_assert(memcmp(r.f[0].p, "key one", 7) == 0);
	ck_assert_int_eq(r.f[0].p[7], '\t');
	p = tsv_row_text(&r, &len);
	ck_assert_uint_eq(len, 14);
	ck_assert(memcmp(p, "key one\t1.5\t-2", 14) == 0);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	p = tsv_row_text(&r, &len);
	ck_assert_uint_eq(len, 3);
	ck_assert(memcmp(p, "z\t\t", 3) == 0);
	tsv_close(&r);
	close(fd);
}
END_TEST

static const struct {
	const char *text;
	const char *rows;    /* read before the error */
	const char *msg;
} ragged[] = {
	{ "k\ta\n1\t2\t3\n", "", "in.tsv:2: expected 2 fields, found 3" },
	{ "k\ta\tb\n1\t2\t3\n4\t5\n", "2:[1][2][3]\n",
	    "in.tsv:3: expected 3 fields, found 2" },
	{ "k\ta\n1\t2\n\n3\t4\n", "2:[1][2]\n",
	    "in.tsv:3: expected 2 fields, found 1" },
	{ "k\ta\n1\t2\n3\t4\n\n", "2:[1][2]\n3:[3][4]\n",
	    "in.tsv:4: expected 2 fields, found 1" },
	{ "k\ta\r\n1\t2\r\n3\r\n", "2:[1][2]\n",
	    "in.tsv:3: expected 2 fields, found 1" },
	{ "k\ta\n1\t2\t\n", "", "in.tsv:2: expected 2 fields, found 3" },
	{ "k\ta\n1\t2\n\t\t\t\t", "2:[1][2]\n",
	    "in.tsv:3: expected 2 fields, found 5" },
};

START_TEST(test_ragged)
{
	tsv_reader r;
	rfm_error e;
	int fd = fd_with(ragged[_i].text, strlen(ragged[_i].text)), rc;
	char *got;

	ck_assert_int_eq(tsv_open(&r, fd, "in.tsv", &e), RFM_OK);
	memset(&e, 0, sizeof e);
	got = rows_of(&r, &rc, &e);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(e.code, RFM_EDATA);
	ck_assert_str_eq(e.msg, ragged[_i].msg);
	ck_assert_str_eq(got, ragged[_i].rows);
	free(got);
	tsv_close(&r);
	close(fd);
}
END_TEST

/* Lines longer than the reader's 256 KiB buffer, and many lines across
 * its refills, from a file and from a pipe written in small pieces. */
START_TEST(test_long_lines)
{
	size_t big = 700000, n, i, len = 0, cap = 4 * big;
	char *text = malloc(cap), *want = malloc(cap), *got;
	tsv_reader r;
	rfm_error e;
	pid_t pid;
	int fd, rc, pass;

	len = (size_t)sprintf(text, "k\tv\n");
	memcpy(text + len, "long\t", 5);
	len += 5;
	memset(text + len, 'x', big);
	len += big;
	text[len++] = '\n';
	for (i = 0; i < 40000; i++)
		len += (size_t)sprintf(text + len, "r%zu\t%zu\n", i, i * 7);
	memset(text + len, 'y', big);     /* a long key, no newline */
	len += big;
	memcpy(text + len, "\t1", 2);
	len += 2;
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0)
			fd = fd_with(text, len);
		else
			fd = pipe_from_child(text, len, 4093, &pid);
		ck_assert_int_eq(tsv_open(&r, fd, "in.tsv", &e), RFM_OK);
		ck_assert_int_eq(tsv_next(&r, &e), 1);
		ck_assert_uint_eq(r.f[1].len, big);
		ck_assert(r.f[1].p[0] == 'x' && r.f[1].p[big - 1] == 'x');
		got = rows_of(&r, &rc, &e);
		ck_assert_msg(rc == 0, "%s", e.msg);
		n = 0;
		for (i = 0; i < 40000; i++)
			n += (size_t)sprintf(want + n, "%zu:[r%zu][%zu]\n",
			    i + 3, i, i * 7);
		/* the last row: its key is long */
		ck_assert_uint_gt(strlen(got), n);
		ck_assert(memcmp(got, want, n) == 0);
		ck_assert_uint_eq(strlen(got), n + 7 + big + 5);
		ck_assert(memcmp(got + n, "40003:[y", 8) == 0);
		ck_assert_str_eq(got + n + 7 + big, "][1]\n");
		free(got);
		tsv_close(&r);
		close(fd);
		if (pass == 1)
			child_done(pid);
	}
	free(text);
	free(want);
}
END_TEST

/* tsv_next_raw: the lines as they are (the line end dropped). */
START_TEST(test_next_raw)
{
	static const char text[] = "k\ta\n1\t2\nragged\r\n\n3\t4\t5";
	tsv_reader r;
	rfm_error e;
	const char *line;
	size_t len;
	int fd = fd_with(text, sizeof text - 1);

	ck_assert_int_eq(tsv_open(&r, fd, "in.tsv", &e), RFM_OK);
	ck_assert_int_eq(tsv_next_raw(&r, &line, &len, &e), 1);
	ck_assert_uint_eq(len, 3);
	ck_assert(memcmp(line, "1\t2", 3) == 0);
	ck_assert_int_eq(r.line, 2);
	ck_assert_int_eq(tsv_next_raw(&r, &line, &len, &e), 1);
	ck_assert_uint_eq(len, 6);
	ck_assert(memcmp(line, "ragged", 6) == 0);
	ck_assert_int_eq(tsv_next_raw(&r, &line, &len, &e), 1);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(r.line, 4);
	ck_assert_int_eq(tsv_next_raw(&r, &line, &len, &e), 1);
	ck_assert_uint_eq(len, 5);
	ck_assert(memcmp(line, "3\t4\t5", 5) == 0);
	ck_assert_int_eq(tsv_next_raw(&r, &line, &len, &e), 0);
	ck_assert_int_eq(r.line, 5);
	tsv_close(&r);
	close(fd);
}
END_TEST

/* ---- columns and numbers ---- */

static const char cols_text[] = "id\tr\tf\tm\tr2\n";

START_TEST(test_columns)
{
	static const char *const want[] = { "m", "r", "r2" };
	tsv_reader r;
	rfm_error e;
	long idx[3] = { -9, -9, -9 };
	int fd = fd_with(cols_text, sizeof cols_text - 1);

	ck_assert_int_eq(tsv_open(&r, fd, "in.tsv", &e), RFM_OK);
	ck_assert_int_eq(tsv_columns(&r, want, 3, idx, &e), RFM_OK);
	ck_assert(idx[0] == 3 && idx[1] == 1 && idx[2] == 4);
	ck_assert_int_eq(tsv_columns(&r, want, 0, idx, &e), RFM_OK);
	tsv_close(&r);
	close(fd);
}
END_TEST

static const struct {
	const char *header;
	const char *names[3];
	size_t n;
	int code;
	const char *msg;
} column_errors[] = {
	{ "id\tr\tf\tm\n", { "monetary" }, 1, RFM_EDATA, "in.tsv:1: no column "
	    "\"monetary\"; the header has: \"id\", \"r\", \"f\", \"m\"" },
	{ "id\tr\tf\tm\n", { "r", "F" }, 2, RFM_EDATA, "in.tsv:1: no column "
	    "\"F\"; the header has: \"id\", \"r\", \"f\", \"m\"" },
	{ "id\tr\tf\tm\n", { "id" }, 1, RFM_EDATA, "in.tsv:1: no column "
	    "\"id\" (the first column is the key); the header has: \"id\", "
	    "\"r\", \"f\", \"m\"" },
	{ "id\tr\tf\tr\n", { "f", "r" }, 2, RFM_EDATA, "in.tsv:1: column "
	    "\"r\" appears twice (fields 2 and 4)" },
	{ "id\tr\tr\tr\n", { "r" }, 1, RFM_EDATA, "in.tsv:1: column \"r\" "
	    "appears twice (fields 2 and 3)" },
	{ "id\tr\tf\tm\n", { "r", "f", "r" }, 3, RFM_EUSAGE,
	    "column \"r\" is named twice" },
	{ "id\tr\xc3\xa9\n", { "x" }, 1, RFM_EDATA, "in.tsv:1: no column "
	    "\"x\"; the header has: \"id\", \"r\\xc3\\xa9\"" },
};

START_TEST(test_column_errors)
{
	tsv_reader r;
	rfm_error e;
	long idx[3];
	int fd = fd_with(column_errors[_i].header,
	    strlen(column_errors[_i].header));

	ck_assert_int_eq(tsv_open(&r, fd, "in.tsv", &e), RFM_OK);
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(tsv_columns(&r, column_errors[_i].names,
	    column_errors[_i].n, idx, &e), column_errors[_i].code);
	ck_assert_int_eq(e.code, column_errors[_i].code);
	ck_assert_str_eq(e.msg, column_errors[_i].msg);
	tsv_close(&r);
	close(fd);
}
END_TEST

/* A header too long for the list in the message: cut, never overrun. */
START_TEST(test_column_error_long_header)
{
	char text[16384], *p = text;
	tsv_reader r;
	rfm_error e;
	long idx[1];
	const char *names[] = { "absent" };
	int fd, i;

	p += sprintf(p, "id");
	for (i = 0; i < 300; i++)
		p += sprintf(p, "\tcolumn_with_a_long_name_%d", i);
	*p++ = '\n';
	fd = fd_with(text, (size_t)(p - text));
	ck_assert_int_eq(tsv_open(&r, fd, "in.tsv", &e), RFM_OK);
	ck_assert_int_eq(tsv_columns(&r, names, 1, idx, &e), RFM_EDATA);
	ck_assert_ptr_nonnull(strstr(e.msg, "in.tsv:1: no column \"absent\"; "
	    "the header has: \"id\", \"column_with_a_long_name_0\""));
	ck_assert_uint_lt(strlen(e.msg), sizeof e.msg);
	tsv_close(&r);
	close(fd);
}
END_TEST

START_TEST(test_number)
{
	static const char text[] = "cust\tv\n"
	    "k1\t4310.5\n"
	    "k2\tabc\n"
	    "k3\t\n"
	    "k4\t1e999\n"
	    "k\\t5\t1,5\n"
	    "\x01" "234567890123456789012345678901234567890123\tnan\n"
	    "k7\t -0.25 \n";
	tsv_reader r;
	rfm_error e;
	double v = 0;
	int fd = fd_with(text, sizeof text - 1);

	ck_assert_int_eq(tsv_open(&r, fd, "in.tsv", &e), RFM_OK);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(tsv_number(&r, 1, &v, &e), RFM_OK);
	ck_assert(v == 4310.5);
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(tsv_number(&r, 1, &v, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "in.tsv:3: v: not a number: \"abc\" "
	    "(cust \"k2\")");
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(tsv_number(&r, 1, &v, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "in.tsv:4: v: empty: \"\" (cust \"k3\")");
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(tsv_number(&r, 1, &v, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "in.tsv:5: v: out of range: \"1e999\" "
	    "(cust \"k4\")");
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(tsv_number(&r, 1, &v, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "in.tsv:6: v: not a number: \"1,5\" "
	    "(cust \"k\\x5ct5\")");
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(tsv_number(&r, 1, &v, &e), RFM_EDATA);
	ck_assert_str_eq(e.msg, "in.tsv:7: v: not a number: \"nan\" "
	    "(cust \"\\x01234567890123456789012345678901234567890\"...)");
	ck_assert_int_eq(tsv_next(&r, &e), 1);
	ck_assert_int_eq(tsv_number(&r, 1, &v, &e), RFM_OK);
	ck_assert(v == -0.25);
	tsv_close(&r);
	close(fd);
}
END_TEST

/* ---- table ---- */

static const char table_text[] =
    "id\trecency\tfrequency\tmonetary\n"
    "c1\t3\t1\t10.5\n"
    "c2\t20\t4\t-2\n"
    "c3\t0\t2\t1e3\n";

/* The rows of a second pass, as rows_of writes them. */
static char *
second_pass(table *t)
{
	tsv_reader r;
	rfm_error e;
	char *got;
	int rc;

	ck_assert_msg(table_rewind(t, &r, &e) == RFM_OK, "%s", e.msg);
	ck_assert_str_eq(r.hdr_line, "id\trecency\tfrequency\tmonetary");
	got = rows_of(&r, &rc, &e);
	ck_assert_int_eq(rc, 0);
	tsv_close(&r);
	return got;
}

#define TABLE_ROWS "2:[c1][3][1][10.5]\n3:[c2][20][4][-2]\n4:[c3][0][2][1e3]\n"

static void
check_loaded(const table *t)
{
	static const double want[] = { 3, 1, 10.5, 20, 4, -2, 0, 2, 1000 };

	ck_assert_uint_eq(t->nrows, 3);
	ck_assert_uint_eq(t->nsel, 3);
	ck_assert(t->sel[0] == 1 && t->sel[1] == 2 && t->sel[2] == 3);
	ck_assert_str_eq(t->selname[0], "recency");
	ck_assert_str_eq(t->selname[2], "monetary");
	ck_assert(memcmp(t->x, want, sizeof want) == 0);
}

START_TEST(test_table_file)
{
	const char *p = put_file("t.tsv", table_text, sizeof table_text - 1);
	table t;
	rfm_error e;
	char *a, *b;

	ck_assert_msg(table_open(&t, p, &e) == RFM_OK, "%s", e.msg);
	ck_assert_str_eq(t.name, p);
	ck_assert_int_eq(t.own_fd, 1);
	ck_assert_msg(table_load(&t, NULL, 0, NULL, NULL, &e) == RFM_OK,
	    "%s", e.msg);
	check_loaded(&t);
	a = second_pass(&t);
	b = second_pass(&t);
	ck_assert_str_eq(a, TABLE_ROWS);
	ck_assert_str_eq(b, TABLE_ROWS);
	free(a);
	free(b);
	table_close(&t);
	ck_assert_ptr_null(t.x);
}
END_TEST

START_TEST(test_table_columns)
{
	static const char *const cols[] = { "monetary", "recency" };
	static const double want[] = { 10.5, 3, -2, 20, 1000, 0 };
	const char *p = put_file("t.tsv", table_text, sizeof table_text - 1);
	table t;
	rfm_error e;

	ck_assert_int_eq(table_open(&t, p, &e), RFM_OK);
	ck_assert_msg(table_load(&t, cols, 2, NULL, NULL, &e) == RFM_OK,
	    "%s", e.msg);
	ck_assert_uint_eq(t.nsel, 2);
	ck_assert(t.sel[0] == 3 && t.sel[1] == 1);
	ck_assert_str_eq(t.selname[0], "monetary");
	ck_assert_str_eq(t.selname[1], "recency");
	ck_assert(memcmp(t.x, want, sizeof want) == 0);
	table_close(&t);
}
END_TEST

/*
 * Standard input from a pipe fed by another process: spooled to an
 * unlinked temporary file in $TMPDIR, read twice.  More than a pipe
 * buffer, so the writer waits for the reader.
 */
START_TEST(test_table_stdin_pipe)
{
	size_t len = 0, cap = 2 << 20, i;
	char *text = malloc(cap), *a, *want = malloc(cap), *w = want;
	const char *spool = path_of("spool");
	table t;
	rfm_error e;
	pid_t pid;
	int fd, saved = dup(STDIN_FILENO);

	len = (size_t)sprintf(text, "id\trecency\tfrequency\tmonetary\n");
	for (i = 0; i < 30000; i++) {
		len += (size_t)sprintf(text + len, "c%zu\t%zu\t%zu\t%zu.5\n", i,
		    i % 365, i % 17 + 1, i * 3);
		w += sprintf(w, "%zu:[c%zu][%zu][%zu][%zu.5]\n", i + 2, i,
		    i % 365, i % 17 + 1, i * 3);
	}
	ck_assert_int_eq(mkdir(spool, 0700), 0);
	save_tmpdir();
	setenv("TMPDIR", spool, 1);
	fd = pipe_from_child(text, len, 65536, &pid);
	ck_assert_int_eq(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	ck_assert_msg(table_open(&t, "-", &e) == RFM_OK, "%s", e.msg);
	child_done(pid);
	ck_assert_str_eq(t.name, "<stdin>");
	ck_assert_int_ne(t.fd, STDIN_FILENO);
	ck_assert_int_eq(t.own_fd, 1);
	/* the spool file is unlinked at once */
	ck_assert_int_eq(dir_entries(spool), 0);
	ck_assert_msg(table_load(&t, NULL, 0, NULL, NULL, &e) == RFM_OK,
	    "%s", e.msg);
	ck_assert_uint_eq(t.nrows, 30000);
	ck_assert(t.x[3 * 29999] == 29999 % 365);
	ck_assert(t.x[3 * 29999 + 2] == 29999 * 3 + 0.5);
	a = second_pass(&t);
	ck_assert_str_eq(a, want);
	free(a);
	a = second_pass(&t);
	ck_assert_str_eq(a, want);
	free(a);
	table_close(&t);
	dup2(saved, STDIN_FILENO);
	close(saved);
	restore_tmpdir();
	free(text);
	free(want);
}
END_TEST

/* Standard input a regular file another program has already read part
 * of: both passes start where standard input was. */
START_TEST(test_table_stdin_file_part_read)
{
	static const char text[] = "# not ours\n";
	char buf[sizeof text - 1], *a;
	const char *p;
	table t;
	rfm_error e;
	int fd, saved = dup(STDIN_FILENO);
	size_t n = sizeof text - 1;
	char *all = malloc(n + sizeof table_text);

	memcpy(all, text, n);
	memcpy(all + n, table_text, sizeof table_text);
	p = put_file("part.tsv", all, strlen(all));
	fd = open(p, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, buf, n), (ssize_t)n);
	ck_assert_int_eq(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	ck_assert_msg(table_open(&t, "-", &e) == RFM_OK, "%s", e.msg);
	ck_assert_int_eq(t.fd, STDIN_FILENO);
	ck_assert_int_eq(t.own_fd, 0);
	ck_assert_msg(table_load(&t, NULL, 0, NULL, NULL, &e) == RFM_OK,
	    "%s", e.msg);
	check_loaded(&t);
	a = second_pass(&t);
	ck_assert_str_eq(a, TABLE_ROWS);
	free(a);
	table_close(&t);
	/* standard input stays open */
	ck_assert_int_ge(fcntl(STDIN_FILENO, F_GETFD), 0);
	dup2(saved, STDIN_FILENO);
	close(saved);
	free(all);
}
END_TEST

/* The look at each value as it is loaded: it may change the value, and
 * its error names the row the reader is on; table_line maps rows to
 * lines. */
static int
halve_or_fail(void *ctx, const tsv_reader *r, size_t col, double *v,
    rfm_error *e)
{
	int *calls = ctx;

	(*calls)++;
	if (*v < 0)
		return rfm_fail(e, RFM_EDATA, r->name, r->line,
		    r->cols[col + 1], "negative");
	*v /= 2;
	return RFM_OK;
}

START_TEST(test_table_value_fn)
{
	const char *p = put_file("t.tsv", table_text, sizeof table_text - 1);
	char want[600];
	table t;
	rfm_error e;
	int calls = 0;

	ck_assert_int_eq(table_open(&t, p, &e), RFM_OK);
	ck_assert_int_eq(table_load(&t, NULL, 0, halve_or_fail, &calls, &e),
	    RFM_EDATA);
	/* three values of c1, two of c2: the third is -2 */
	ck_assert_int_eq(calls, 6);
	snprintf(want, sizeof want, "%s:3: monetary: negative", p);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(table_line(&t, 0), 2);
	ck_assert_int_eq(table_line(&t, 1), 3);
	ck_assert(t.x[0] == 1.5 && t.x[1] == 0.5 && t.x[2] == 5.25);
	table_close(&t);
}
END_TEST

START_TEST(test_table_errors)
{
	static const char *const missing[] = { "recency", "value" };
	const char *p;
	char want[700];
	table t;
	rfm_error e;

	p = path_of("absent.tsv");
	ck_assert_int_eq(table_open(&t, p, &e), RFM_ENOINPUT);
	snprintf(want, sizeof want, "input file %s: No such file or directory", p);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(table_open(&t, dir, &e), RFM_ENOINPUT);
	snprintf(want, sizeof want, "input file %s: is a directory", dir);
	ck_assert_str_eq(e.msg, want);

	/* empty input */
	p = put_str("empty.tsv", "");
	ck_assert_int_eq(table_open(&t, p, &e), RFM_OK);
	ck_assert_int_eq(table_load(&t, NULL, 0, NULL, NULL, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s: empty input: no header line", p);
	ck_assert_str_eq(e.msg, want);
	table_close(&t);

	/* a key and nothing else */
	p = put_str("key.tsv", "id\nc1\n");
	ck_assert_int_eq(table_open(&t, p, &e), RFM_OK);
	ck_assert_int_eq(table_load(&t, NULL, 0, NULL, NULL, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s:1: the header has 1 column; a key "
	    "and at least one more are needed", p);
	ck_assert_str_eq(e.msg, want);
	table_close(&t);

	/* a column that is not there */
	p = put_file("t.tsv", table_text, sizeof table_text - 1);
	ck_assert_int_eq(table_open(&t, p, &e), RFM_OK);
	ck_assert_int_eq(table_load(&t, missing, 2, NULL, NULL, &e),
	    RFM_EDATA);
	snprintf(want, sizeof want, "%s:1: no column \"value\"; the header "
	    "has: \"id\", \"recency\", \"frequency\", \"monetary\"", p);
	ck_assert_str_eq(e.msg, want);
	table_close(&t);

	/* a bad number, with its line and key */
	p = put_str("bad.tsv", "id\tv\na\t1\nb\tx1\n");
	ck_assert_int_eq(table_open(&t, p, &e), RFM_OK);
	ck_assert_int_eq(table_load(&t, NULL, 0, NULL, NULL, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s:3: v: not a number: \"x1\" (id \"b\")",
	    p);
	ck_assert_str_eq(e.msg, want);
	table_close(&t);

	/* a ragged row */
	p = put_str("rag.tsv", "id\tv\na\t1\t2\n");
	ck_assert_int_eq(table_open(&t, p, &e), RFM_OK);
	ck_assert_int_eq(table_load(&t, NULL, 0, NULL, NULL, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s:2: expected 2 fields, found 3", p);
	ck_assert_str_eq(e.msg, want);
	table_close(&t);

	/* every column: one without a name, one twice */
	p = put_str("noname.tsv", "id\tv\t\na\t1\t2\n");
	ck_assert_int_eq(table_open(&t, p, &e), RFM_OK);
	ck_assert_int_eq(table_load(&t, NULL, 0, NULL, NULL, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s:1: column 3 has no name", p);
	ck_assert_str_eq(e.msg, want);
	table_close(&t);
	p = put_str("twice.tsv", "id\tv\tw\tv\na\t1\t2\t3\n");
	ck_assert_int_eq(table_open(&t, p, &e), RFM_OK);
	ck_assert_int_eq(table_load(&t, NULL, 0, NULL, NULL, &e), RFM_EDATA);
	snprintf(want, sizeof want, "%s:1: column \"v\" appears twice "
	    "(fields 2 and 4)", p);
	ck_assert_str_eq(e.msg, want);
	table_close(&t);
}
END_TEST

/* No temporary file can be made: an I/O error naming the directory. */
START_TEST(test_table_spool_fails)
{
	const char *nowhere = path_of("no/such/dir");
	char want[700];
	table t;
	rfm_error e;
	int fd[2], saved = dup(STDIN_FILENO);

	save_tmpdir();
	setenv("TMPDIR", nowhere, 1);
	ck_assert_int_eq(pipe(fd), 0);
	ck_assert_int_eq(write(fd[1], table_text, sizeof table_text - 1),
	    (ssize_t)(sizeof table_text - 1));
	close(fd[1]);
	ck_assert_int_eq(dup2(fd[0], STDIN_FILENO), STDIN_FILENO);
	close(fd[0]);
	ck_assert_int_eq(table_open(&t, "-", &e), RFM_EIO);
	snprintf(want, sizeof want, "%s: cannot make a temporary file for "
	    "<stdin>: No such file or directory", nowhere);
	ck_assert_str_eq(e.msg, want);
	dup2(saved, STDIN_FILENO);
	close(saved);
	restore_tmpdir();
}
END_TEST

Suite *
suite_tsvin(void)
{
	Suite *s = suite_create("tsvin");
	TCase *tc;

	tc = tcase_create("reader");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, test_header);
	tcase_add_test(tc, test_header_crlf_and_spaces);
	tcase_add_test(tc, test_header_errors);
	tcase_add_test(tc, test_read_error);
	tcase_add_test(tc, test_rows);
	tcase_add_test(tc, test_row_text);
	tcase_add_loop_test(tc, test_ragged, 0,
	    (int)(sizeof ragged / sizeof ragged[0]));
	tcase_add_test(tc, test_long_lines);
	tcase_add_test(tc, test_next_raw);
	tcase_add_test(tc, test_columns);
	tcase_add_loop_test(tc, test_column_errors, 0,
	    (int)(sizeof column_errors / sizeof column_errors[0]));
	tcase_add_test(tc, test_column_error_long_header);
	tcase_add_test(tc, test_number);
	suite_add_tcase(s, tc);

	tc = tcase_create("table");
	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_table_file);
	tcase_add_test(tc, test_table_columns);
	tcase_add_test(tc, test_table_stdin_pipe);
	tcase_add_test(tc, test_table_stdin_file_part_read);
	tcase_add_test(tc, test_table_value_fn);
	tcase_add_test(tc, test_table_errors);
	tcase_add_test(tc, test_table_spool_fails);
	suite_add_tcase(s, tc);
	return s;
}
