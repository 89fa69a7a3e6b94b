/*
 * check_csvin.c - tests of lib/csvin: csv_read over pipes and temporary
 * files, csv_parse_mem, and csv_input_run over a pool of threads.  Quoting,
 * embedded newlines and the line each record starts on, CRLF, the
 * byte-order mark, blank lines, spaces, NUL bytes, very long fields and
 * lines, records across the reader's blocks, malformed input, callback
 * errors and the csv_want mask.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "csvin.h"
#include "suites.h"
#include "testutil.h"

/* ---- input ---- */

/* A pipe already holding data (less than a pipe buffer) and closed for
 * writing: the reader sees data, then end of file. */
static int
pipe_with(const char *data, size_t len)
{
	int fd[2];

	ck_assert_uint_lt(len, 60000);
	ck_assert_int_eq(pipe(fd), 0);
	if (len > 0)
		ck_assert_int_eq(write(fd[1], data, len), (ssize_t)len);
	close(fd[1]);
	return fd[0];
}

/* ---- a callback that writes every record down ---- */

/*
 * Each record as "LINE:[field][field]...\n"; bytes outside printable
 * ASCII, '[', ']' and '\' as \xHH; a field delivered without a copy (p
 * NULL) as "(-)".
 */
typedef struct collect {
	FILE *f;
	char *text;
	size_t textlen;
	int calls;
	int fail_at;       /* fail on this call (1-based), 0: never */
	int fail_code;
	int bad_copy;      /* a field whose p[len] was not NUL */
} collect;

static void
collect_open(collect *c)
{
	memset(c, 0, sizeof *c);
	c->f = open_memstream(&c->text, &c->textlen);
	ck_assert_ptr_nonnull(c->f);
}

static void
collect_close(collect *c)
{
	ck_assert_int_eq(fclose(c->f), 0);
}

static int
on_row(void *ctx, const csv_row *r, rfm_error *e)
{
	collect *c = ctx;
	size_t i, j;
	unsigned char b;

	c->calls++;
	fprintf(c->f, "%ld:", r->line);
	for (i = 0; i < r->n; i++) {
		if (r->f[i].p == NULL) {
			fprintf(c->f, "(-)");
			if (r->f[i].len != 0)
				c->bad_copy = 1;
			continue;
		}
		if (r->f[i].p[r->f[i].len] != '\0')
			c->bad_copy = 1;
		putc('[', c->f);
		for (j = 0; j < r->f[i].len; j++) {
			b = (unsigned char)r->f[i].p[j];
			if (b < 0x20 || b >= 0x7f || b == '[' || b == ']' ||
			    b == '\\')
				fprintf(c->f, "\\x%02x", b);
			else
				putc(b, c->f);
		}
		putc(']', c->f);
	}
	putc('\n', c->f);
	if (c->fail_at != 0 && c->calls == c->fail_at)
		return rfm_fail(e, c->fail_code, "cb", r->line, NULL,
		    "stopped at call %d", c->calls);
	return 0;
}

typedef struct result {
	int rc;
	char *text;        /* the records, as collect writes them */
	int calls;
	rfm_error e;
} result;

static void
read_fd(int fd, collect *c, const csv_want *want, result *res)
{
	memset(&res->e, 0, sizeof res->e);
	res->rc = csv_read(fd, "t.csv", on_row, c, want, &res->e);
	collect_close(c);
	ck_assert_msg(!c->bad_copy, "a field copy was not NUL-terminated, or "
	    "an uncopied field had a length");
	res->text = c->text;
	res->calls = c->calls;
}

/* Read data through a pipe; the records must be want, rc RFM_OK. */
static void
pipe_is(const char *data, size_t len, const char *want)
{
	collect c;
	result res;
	int fd = pipe_with(data, len);

	collect_open(&c);
	read_fd(fd, &c, NULL, &res);
	close(fd);
	ck_assert_msg(res.rc == RFM_OK, "rc %d: %s", res.rc, res.e.msg);
	ck_assert_str_eq(res.text, want);
	free(res.text);
}

/* The same through a temporary file. */
static void
file_is(const char *data, size_t len, const char *want)
{
	collect c;
	result res;
	FILE *f = temp_with(data, len);

	collect_open(&c);
	read_fd(fileno(f), &c, NULL, &res);
	fclose(f);
	ck_assert_msg(res.rc == RFM_OK, "rc %d: %s", res.rc, res.e.msg);
	ck_assert_str_eq(res.text, want);
	free(res.text);
}

/*
 * The same with csv_parse_mem over a copy of data (which it writes to),
 * with no byte-order mark, which only a file may have.
 */
static void
mem_is(const char *data, size_t len, const char *want)
{
	collect c;
	rfm_error e;
	char *copy;
	int rc;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	copy = malloc(len + 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, data, len);
	collect_open(&c);
	memset(&e, 0, sizeof e);
	rc = csv_parse_mem(copy, len, "t.csv", 1, ',', NULL, on_row, &c, &e);
	collect_close(&c);
	free(copy);
	ck_assert_msg(rc == RFM_OK, "rc %d: %s", rc, e.msg);
	ck_assert(!c.bad_copy);
	ck_assert_str_eq(c.text, want);
	free(c.text);
}

/*
 * csv_input_run with four threads: each part collects its block's
 * records, and the merge appends them, in order, to the whole.
 */
static void *
part_open(void *ctx)
{
	collect *c = malloc(sizeof *c);

	(void)ctx;
	ck_assert_ptr_nonnull(c);
	collect_open(c);
	return c;
}

static void
part_close(void *part)
{
	collect *c = part;

	collect_close(c);
	free(c->text);
	free(c);
}

static int
part_merge(void *ctx, void *part, rfm_error *e)
{
	collect *all = ctx, *c = part;

	(void)e;
	ck_assert_int_eq(fflush(c->f), 0);
	fwrite(c->text, 1, c->textlen, all->f);
	all->calls += c->calls;
	all->bad_copy |= c->bad_copy;
	collect_close(c);
	free(c->text);
	collect_open(c);
	return RFM_OK;
}

static const csv_consumer parts = { part_open, part_close, on_row,
	part_merge };

static void
run_is(const char *data, size_t len, const char *want)
{
	FILE *f = temp_with(data, len);
	csv_input *in = csv_input_new(fileno(f), "t.csv");
	pfor *pool = pfor_new(4);
	csv_row hdr;
	collect c;
	rfm_error e;
	int rc;

	collect_open(&c);
	memset(&e, 0, sizeof e);
	rc = csv_input_header(in, &hdr, &e);
	if (rc == RFM_OK && hdr.n > 0) {
		on_row(&c, &hdr, &e);
		rc = csv_input_run(in, NULL, &parts, &c, pool, &e);
	}
	collect_close(&c);
	pfor_free(pool);
	csv_input_free(in);
	fclose(f);
	ck_assert_msg(rc == RFM_OK, "rc %d: %s", rc, e.msg);
	ck_assert(!c.bad_copy);
	ck_assert_str_eq(c.text, want);
	free(c.text);
}

#define CSV_IS(data, want) do { \
	pipe_is(data, sizeof(data) - 1, want); \
	file_is(data, sizeof(data) - 1, want); \
	mem_is(data, sizeof(data) - 1, want); \
	run_is(data, sizeof(data) - 1, want); \
} while (0)

/* Read data expecting a failure: returns the result (text freed). */
static result
read_fails(const char *data, size_t len, collect *c)
{
	result res;
	int fd = pipe_with(data, len);

	read_fd(fd, c, NULL, &res);
	close(fd);
	return res;
}

/* ---- tests ---- */

START_TEST(test_plain)
{
	CSV_IS("a,b,c\n1,2,3\n", "1:[a][b][c]\n2:[1][2][3]\n");
	/* no newline at the end */
	CSV_IS("a,b\nc,d", "1:[a][b]\n2:[c][d]\n");
	/* empty fields, and records of different sizes */
	CSV_IS("a,,c\n,\nx\n", "1:[a][][c]\n2:[][]\n3:[x]\n");
	CSV_IS("", "");
}
END_TEST

START_TEST(test_quoted)
{
	CSV_IS("\"a,b\",\"say \"\"hi\"\"\",c\n",
	    "1:[a,b][say \"hi\"][c]\n");
	CSV_IS("\"\",\"\"\"\"\n", "1:[][\"]\n");
	CSV_IS("\"x\"\n\"y\"", "1:[x]\n2:[y]\n");
	CSV_IS("\"a\tb\",'c'\n", "1:[a\\x09b]['c']\n");
}
END_TEST

/* Embedded newlines, and the physical line each record starts on. */
START_TEST(test_embedded_newlines)
{
	CSV_IS("h1,h2\n\"x\ny\nz\",w\nnext,row\n",
	    "1:[h1][h2]\n2:[x\\x0ay\\x0az][w]\n5:[next][row]\n");
	/* the multi-line field is not the first one */
	CSV_IS("h\na,\"b\nc\n\nd\"\ne\n",
	    "1:[h]\n2:[a][b\\x0ac\\x0a\\x0ad]\n6:[e]\n");
	/* two multi-line fields in one record, then a blank line */
	CSV_IS("\"1\n2\",\"3\n4\"\n\nz\n",
	    "1:[1\\x0a2][3\\x0a4]\n5:[z]\n");
	/* a record that is nothing but a newline in quotes */
	CSV_IS("\"\n\"\nq\n", "1:[\\x0a]\n3:[q]\n");
	/* the last record is multi-line and has no final newline */
	CSV_IS("a\n\"b\nc\"", "1:[a]\n2:[b\\x0ac]\n");
}
END_TEST

START_TEST(test_crlf)
{
	CSV_IS("a,b\r\nc,d\r\n", "1:[a][b]\n2:[c][d]\n");
	/* CRLF inside quotes is field data */
	CSV_IS("\"x\r\ny\",z\r\nw\r\n", "1:[x\\x0d\\x0ay][z]\n3:[w]\n");
	/* mixed line ends, blank CRLF lines */
	CSV_IS("a\r\n\r\nb\nc\r\n", "1:[a]\n3:[b]\n4:[c]\n");
}
END_TEST

START_TEST(test_bom)
{
	CSV_IS("\xEF\xBB\xBF" "a,b\n1,2\n", "1:[a][b]\n2:[1][2]\n");
	CSV_IS("\xEF\xBB\xBF" "\"a\",b\n", "1:[a][b]\n");
	CSV_IS("\xEF\xBB\xBF" "CustomerID\r\n17850\r\n",
	    "1:[CustomerID]\n2:[17850]\n");
	CSV_IS("\xEF\xBB\xBF", "");
	CSV_IS("\xEF\xBB\xBF" "\n", "");
	CSV_IS("\xEF\xBB\xBF" "x", "1:[x]\n");
	/* only at the start: elsewhere the bytes are data */
	CSV_IS("a\n\xEF\xBB\xBF" "b\n", "1:[a]\n2:[\\xef\\xbb\\xbfb]\n");
	/* one BOM is skipped, not two */
	CSV_IS("\xEF\xBB\xBF\xEF\xBB\xBF" "a\n", "1:[\\xef\\xbb\\xbfa]\n");
}
END_TEST

/* Inputs shorter than a byte-order mark. */
START_TEST(test_short_input)
{
	CSV_IS("a", "1:[a]\n");
	CSV_IS("ab", "1:[ab]\n");
	CSV_IS("a\n", "1:[a]\n");
	CSV_IS("\n", "");
	CSV_IS("\n\n", "");
	CSV_IS(",", "1:[][]\n");
	CSV_IS("\xEF", "1:[\\xef]\n");
	CSV_IS("\xEF\xBB", "1:[\\xef\\xbb]\n");
	CSV_IS("\xEF\xBB" "c", "1:[\\xef\\xbbc]\n");
	CSV_IS("\"\"", "1:[]\n");
}
END_TEST

/* A writer that hands the input over one byte at a time, pausing between
 * bytes, so that reads return a part of the byte-order mark. */
START_TEST(test_bom_trickled_through_pipe)
{
	static const char data[] = "\xEF\xBB\xBF" "a,b\n1,\"2\n3\"\n";
	struct timespec pause = { 0, 2000000 };   /* 2 ms */
	collect c;
	result res;
	int fd[2], status;
	pid_t pid;
	size_t i;

	ck_assert_int_eq(pipe(fd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fd[0]);
		for (i = 0; i < sizeof data - 1; i++) {
			if (write(fd[1], data + i, 1) != 1)
				_exit(1);
			nanosleep(&pause, NULL);
		}
		_exit(0);
	}
	close(fd[1]);
	collect_open(&c);
	read_fd(fd[0], &c, NULL, &res);
	close(fd[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(res.rc, RFM_OK);
	ck_assert_str_eq(res.text, "1:[a][b]\n2:[1][2\\x0a3]\n");
	free(res.text);
}
END_TEST

START_TEST(test_blank_lines)
{
	CSV_IS("a\n\n\nb\n", "1:[a]\n4:[b]\n");
	CSV_IS("\n\na\n", "3:[a]\n");
	CSV_IS("a\n\n", "1:[a]\n");
	/* a line of spaces holds no field */
	CSV_IS("a\n   \nb\n", "1:[a]\n3:[b]\n");
}
END_TEST

/*
 * Unquoted fields lose surrounding spaces and tabs (libcsv's default);
 * quoted fields keep what is inside the quotes.  Commit 9652d9a chose
 * the trimming on purpose; csvin.h still says spaces are kept.
 */
START_TEST(test_spaces)
{
	CSV_IS("  a b  , \" q \" ,\tc\t\n", "1:[a b][ q ][c]\n");
	CSV_IS(" 17850 ,x\n", "1:[17850][x]\n");
	CSV_IS(" , \n", "1:[][]\n");
	CSV_IS("\"  \"\n", "1:[  ]\n");
	CSV_IS("a,  \"b, c\"  \n", "1:[a][b, c]\n");
}
END_TEST

START_TEST(test_nul_bytes)
{
	static const char data[] = "a\0b,\"c\0d\",\0\nx\n";
	collect c;
	result res;
	FILE *f = temp_with(data, sizeof data - 1);

	collect_open(&c);
	read_fd(fileno(f), &c, NULL, &res);
	fclose(f);
	ck_assert_int_eq(res.rc, RFM_OK);
	ck_assert_str_eq(res.text,
	    "1:[a\\x00b][c\\x00d][\\x00]\n2:[x]\n");
	free(res.text);
}
END_TEST

/* ---- big fields and lines ---- */

typedef struct big {
	long line[4];
	size_t n[4];
	size_t len[4][12];
	int content_ok;
	int records;
} big;

/* Record k of test_big: 0 is one 1 MB field of 'a'; 1 is ten 1 MB fields
 * of 'a'..'j'; 2 is 1 MB of 'a' with a newline every 100 bytes; 3 is
 * "end".  content_ok drops to 0 at the first byte that differs. */
static int
on_big(void *ctx, const csv_row *r, rfm_error *e)
{
	big *b = ctx;
	size_t i, j;
	int k = b->records++;
	char want;

	(void)e;
	if (k >= 4) {
		b->content_ok = 0;
		return 0;
	}
	b->line[k] = r->line;
	b->n[k] = r->n;
	for (i = 0; i < r->n && i < 12; i++) {
		b->len[k][i] = r->f[i].len;
		if (r->f[i].p == NULL) {
			b->content_ok = 0;
			continue;
		}
		for (j = 0; j < r->f[i].len; j++) {
			if (k == 3)
				want = j < 3 ? "end"[j] : '?';
			else if (k == 2)
				want = j % 100 == 99 ? '\n' : 'a';
			else
				want = (char)('a' + i);
			if (r->f[i].p[j] != want) {
				b->content_ok = 0;
				break;
			}
		}
	}
	return 0;
}

/* One field of 1 MB, then a line of 10 MB (ten 1 MB fields), then a
 * 1 MB quoted field with 10485 newlines that crosses many reads. */
START_TEST(test_big)
{
	enum { MB = 1024 * 1024 };
	size_t cap = 13 * MB + 100, n = 0, i, f, nl = 0;
	char *data = malloc(cap);
	big b;
	rfm_error e;
	FILE *t;
	int rc;

	ck_assert_ptr_nonnull(data);
	/* line 1: "aaaa...", one field of 1 MB */
	memset(data, 'a', MB);
	n = MB;
	data[n++] = '\n';
	/* line 2: ten fields of 1 MB each, a..j */
	for (f = 0; f < 10; f++) {
		memset(data + n, 'a' + (int)f, MB);
		n += MB;
		data[n++] = f < 9 ? ',' : '\n';
	}
	/* line 3 on: one quoted field of 1 MB, a newline every 100 bytes */
	data[n++] = '"';
	for (i = 0; i < MB; i++) {
		data[n++] = i % 100 == 99 ? '\n' : 'a';
		nl += i % 100 == 99;
	}
	data[n++] = '"';
	data[n++] = '\n';
	memcpy(data + n, "end\n", 4);
	n += 4;
	ck_assert_uint_le(n, cap);

	t = temp_with(data, n);
	free(data);
	memset(&b, 0, sizeof b);
	b.content_ok = 1;
	memset(&e, 0, sizeof e);
	rc = csv_read(fileno(t), "big.csv", on_big, &b, NULL, &e);
	fclose(t);
	ck_assert_msg(rc == RFM_OK, "%s", e.msg);
	ck_assert_int_eq(b.records, 4);
	ck_assert(b.content_ok);
	ck_assert_int_eq(b.line[0], 1);
	ck_assert_uint_eq(b.n[0], 1);
	ck_assert_uint_eq(b.len[0][0], MB);
	ck_assert_int_eq(b.line[1], 2);
	ck_assert_uint_eq(b.n[1], 10);
	for (f = 0; f < 10; f++)
		ck_assert_uint_eq(b.len[1][f], MB);
	ck_assert_int_eq(b.line[2], 3);
	ck_assert_uint_eq(b.n[2], 1);
	ck_assert_uint_eq(b.len[2][0], MB);
	ck_assert_uint_eq(nl, 10485);
	ck_assert_int_eq(b.line[3], 3 + (long)nl + 1);
	ck_assert_uint_eq(b.n[3], 1);
	ck_assert_uint_eq(b.len[3][0], 3);
}
END_TEST

/*
 * A record whose later fields outgrow the field buffer (4 KB at first)
 * must keep the fields copied before: the first one included.
 */
START_TEST(test_record_outgrows_buffer)
{
	enum { BIG = 5000 };
	char data[2 * BIG + 64], want[4 * BIG + 64];
	size_t n = 0, w = 0;

	/* "a," then 5000 x, then a second record of the same shape */
	memcpy(data, "a,", 2);
	n = 2;
	memset(data + n, 'x', BIG);
	n += BIG;
	memcpy(data + n, "\nbb,\"", 5);
	n += 5;
	memset(data + n, 'y', BIG);
	n += BIG;
	memcpy(data + n, "\",c\n", 4);
	n += 4;
	w = (size_t)sprintf(want, "1:[a][");
	memset(want + w, 'x', BIG);
	w += BIG;
	w += (size_t)sprintf(want + w, "]\n2:[bb][");
	memset(want + w, 'y', BIG);
	w += BIG;
	w += (size_t)sprintf(want + w, "][c]\n");
	want[w] = '\0';
	pipe_is(data, n, want);
	file_is(data, n, want);
}
END_TEST

/*
 * Many small records with quoted newlines and doubled quotes across
 * several 1 MB blocks: the reader must cut between records, never inside
 * a quoted field, and keep the line numbers.
 */
typedef struct many {
	long records;
	long bad;          /* records not as expected */
	long first_bad;
} many;

static int
on_many(void *ctx, const csv_row *r, rfm_error *e)
{
	many *m = ctx;
	char id[32];
	int ok;

	(void)e;
	snprintf(id, sizeof id, "%ld", m->records);
	ok = r->line == 2 * m->records + 1 && r->n == 3 &&
	    r->f[0].p != NULL && strcmp(r->f[0].p, id) == 0 &&
	    r->f[1].p != NULL && r->f[1].len == 6 &&
	    memcmp(r->f[1].p, "a\"b\nc\"", 6) == 0 &&
	    r->f[2].p != NULL && r->f[2].len == 1 && r->f[2].p[0] == 'z';
	if (!ok && m->bad++ == 0)
		m->first_bad = m->records;
	m->records++;
	return 0;
}

START_TEST(test_many_records_across_blocks)
{
	enum { N = 250000 };
	size_t cap = (size_t)N * 32, n = 0;
	char *data = malloc(cap);
	many m;
	rfm_error e;
	FILE *t;
	long i;
	int rc;

	ck_assert_ptr_nonnull(data);
	for (i = 0; i < N; i++)
		n += (size_t)snprintf(data + n, cap - n,
		    "%ld,\"a\"\"b\nc\"\"\",z\n", i);
	ck_assert_uint_gt(n, 3 * 1024 * 1024);
	t = temp_with(data, n);
	free(data);
	memset(&m, 0, sizeof m);
	memset(&e, 0, sizeof e);
	rc = csv_read(fileno(t), "many.csv", on_many, &m, NULL, &e);
	fclose(t);
	ck_assert_msg(rc == RFM_OK, "%s", e.msg);
	ck_assert_int_eq(m.records, N);
	ck_assert_msg(m.bad == 0, "%ld records differ, the first is %ld",
	    m.bad, m.first_bad);
}
END_TEST

/* ---- csv_parse_mem ---- */

static void
mem_at(const char *data, size_t len, long line, const char *want)
{
	collect c;
	rfm_error e;
	char *copy = malloc(len + 1);
	int rc;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, data, len);
	collect_open(&c);
	memset(&e, 0, sizeof e);
	rc = csv_parse_mem(copy, len, "t.csv", line, ',', NULL, on_row, &c, &e);
	collect_close(&c);
	free(copy);
	ck_assert_msg(rc == RFM_OK, "rc %d: %s", rc, e.msg);
	ck_assert(!c.bad_copy);
	ck_assert_str_eq(c.text, want);
	free(c.text);
}

static void
mem_fails(const char *data, long line, const char *msg)
{
	collect c;
	rfm_error e;
	char *copy = strdup(data);
	int rc;

	ck_assert_ptr_nonnull(copy);
	collect_open(&c);
	memset(&e, 0, sizeof e);
	rc = csv_parse_mem(copy, strlen(copy), "t.csv", line, ',', NULL,
	    on_row, &c, &e);
	collect_close(&c);
	free(c.text);
	free(copy);
	ck_assert_int_eq(rc, RFM_EDATA);
	ck_assert_str_eq(e.msg, msg);
}

START_TEST(test_parse_mem)
{
	/* records are numbered from the line given */
	mem_at("a,b\n\"c\nd\",e\nf\n", 14, 10,
	    "10:[a][b]\n11:[c\\x0ad][e]\n13:[f]\n");
	mem_at("x", 1, 1, "1:[x]\n");
	mem_at("", 0, 7, "");
	/* only len bytes */
	mem_at("a\nb\n", 2, 1, "1:[a]\n");
	/* no byte-order mark is looked for */
	mem_at("\xEF\xBB\xBF" "a\n", 5, 1, "1:[\\xef\\xbb\\xbfa]\n");
	/* a carriage return inside a line ends a record there, as in libcsv */
	mem_at("a,b\rc\nd\n", 8, 1, "1:[a][b]\n1:[c]\n2:[d]\n");
	/* errors name lines counted from there */
	mem_fails("a\nb\"c\n", 20, "t.csv:21: malformed CSV: a quote inside "
	    "an unquoted field or text after a closing quote");
	mem_fails("a\n\n\"open\n", 5, "t.csv:7: end of file inside a quoted "
	    "field");
}
END_TEST

/* The run over threads: records across many blocks, in order, with their
 * lines; and its first error in input order. */
START_TEST(test_run_threads)
{
	enum { N = 400000 };
	size_t cap = (size_t)N * 40, n = 0, w = 0;
	char *data = malloc(cap), *want = malloc(cap);
	long i;

	ck_assert_ptr_nonnull(data);
	ck_assert_ptr_nonnull(want);
	n += (size_t)sprintf(data, "h1,h2\n");
	w += (size_t)sprintf(want, "1:[h1][h2]\n");
	for (i = 0; i < N; i++) {
		if (i % 3 == 0) {
			n += (size_t)sprintf(data + n, "%ld,\"q\nq\"\n", i);
			w += (size_t)sprintf(want + w, "%ld:[%ld][q\\x0aq]\n",
			    2 + i + i / 3, i);
		} else {
			n += (size_t)sprintf(data + n, "%ld, x\r\n", i);
			w += (size_t)sprintf(want + w, "%ld:[%ld][x]\n",
			    2 + i + (i + 2) / 3, i);
		}
	}
	ck_assert_uint_gt(n, 3 * 1024 * 1024);
	run_is(data, n, want);
	free(data);
	free(want);
}
END_TEST

START_TEST(test_run_first_error)
{
	enum { N = 200000, BAD = 150000 };
	size_t cap = (size_t)N * 16, n = 0;
	char *data = malloc(cap);
	FILE *f;
	csv_input *in;
	pfor *pool;
	csv_row hdr;
	collect c;
	rfm_error e;
	long i;
	int rc, t;

	ck_assert_ptr_nonnull(data);
	n += (size_t)sprintf(data, "h\n");
	for (i = 0; i < N; i++)
		n += (size_t)sprintf(data + n, i == BAD ? "%ld\"\n" : "%ld\n",
		    i);
	f = temp_with(data, n);
	free(data);
	/* with 1 and 4 threads: the records before the error, then it */
	for (t = 1; t <= 4; t += 3) {
		ck_assert_int_eq(lseek(fileno(f), 0, SEEK_SET), 0);
		in = csv_input_new(fileno(f), "t.csv");
		pool = pfor_new(t);
		collect_open(&c);
		memset(&e, 0, sizeof e);
		ck_assert_int_eq(csv_input_header(in, &hdr, &e), RFM_OK);
		rc = csv_input_run(in, NULL, &parts, &c, pool, &e);
		collect_close(&c);
		ck_assert_int_eq(rc, RFM_EDATA);
		ck_assert_str_eq(e.msg, "t.csv:150002: malformed CSV: a quote "
		    "inside an unquoted field or text after a closing quote");
		/* every block merged before the one with the error, and
		 * that block's records before it */
		ck_assert_int_eq(c.calls, BAD);
		free(c.text);
		pfor_free(pool);
		csv_input_free(in);
	}
	fclose(f);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_malformed_quote)
{
	static const struct {
		const char *data;
		const char *prefix;
		const char *records;   /* delivered before the error */
	} t[] = {
		{ "a,b\nc,d\"e\n", "t.csv:2: ", "1:[a][b]\n" },
		{ "\"a\"b\n", "t.csv:1: ", "" },
		{ "a\n\"x\ny\"\nz\"\n", "t.csv:4: ", "1:[a]\n2:[x\\x0ay]\n" },
		{ "a\n\n\nb\"\n", "t.csv:4: ", "1:[a]\n" },
		{ "a,\"b\" c\n", "t.csv:1: ", "" },
		{ "a\r\nb\r\nc,\"d\"\"\"x\r\n", "t.csv:3: ",
		    "1:[a]\n2:[b]\n" },
	};
	collect c;
	result res;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		collect_open(&c);
		res = read_fails(t[i].data, strlen(t[i].data), &c);
		ck_assert_msg(res.rc == RFM_EDATA, "case %zu: rc %d", i,
		    res.rc);
		ck_assert_int_eq(res.e.code, RFM_EDATA);
		ck_assert_msg(strncmp(res.e.msg, t[i].prefix,
		    strlen(t[i].prefix)) == 0, "case %zu: message \"%s\", "
		    "want it to start \"%s\"", i, res.e.msg, t[i].prefix);
		ck_assert_str_eq(res.text, t[i].records);
		free(res.text);
	}
}
END_TEST

/* End of file inside quotes: the message names the line where the open
 * record (and its quoted field) began. */
START_TEST(test_unterminated_quote)
{
	static const struct {
		const char *data;
		const char *prefix;
	} t[] = {
		{ "a\n\"bc\n", "t.csv:2: " },
		{ "\"abc", "t.csv:1: " },
		{ "a\nb,\"c\nd", "t.csv:2: " },
		{ "a\n\"x\ny\"\n\"unclosed\n\n\n", "t.csv:4: " },
		{ "h1,h2\nv,\"", "t.csv:2: " },
	};
	collect c;
	result res;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		collect_open(&c);
		res = read_fails(t[i].data, strlen(t[i].data), &c);
		ck_assert_msg(res.rc == RFM_EDATA, "case %zu: rc %d", i,
		    res.rc);
		ck_assert_msg(strncmp(res.e.msg, t[i].prefix,
		    strlen(t[i].prefix)) == 0, "case %zu: message \"%s\", "
		    "want it to start \"%s\"", i, res.e.msg, t[i].prefix);
		ck_assert_ptr_nonnull(strstr(res.e.msg, "quote"));
		free(res.text);
	}
}
END_TEST

/* The same after blank lines: the quote opens on line 3 (or 4), not on
 * the line after the last record. */
START_TEST(test_unterminated_quote_after_blank_lines)
{
	static const struct {
		const char *data;
		const char *prefix;
	} t[] = {
		{ "a\n\n\"bc\n", "t.csv:3: " },
		{ "\n\n\n\"abc", "t.csv:4: " },
		{ "a\r\n\r\n\r\n\"x,y\r\n", "t.csv:4: " },
	};
	collect c;
	result res;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		collect_open(&c);
		res = read_fails(t[i].data, strlen(t[i].data), &c);
		ck_assert_msg(res.rc == RFM_EDATA, "case %zu: rc %d", i,
		    res.rc);
		ck_assert_msg(strncmp(res.e.msg, t[i].prefix,
		    strlen(t[i].prefix)) == 0, "case %zu: message \"%s\", "
		    "want it to start \"%s\"", i, res.e.msg, t[i].prefix);
		free(res.text);
	}
}
END_TEST

/* A callback's error stops the reading; csv_read returns its code and
 * leaves its message. */
START_TEST(test_callback_error)
{
	collect c;
	result res;
	int fd;

	/* stops at the second of four records */
	collect_open(&c);
	c.fail_at = 2;
	c.fail_code = RFM_EIO;
	fd = pipe_with("a\nb\nc\nd\n", 8);
	read_fd(fd, &c, NULL, &res);
	close(fd);
	ck_assert_int_eq(res.rc, RFM_EIO);
	ck_assert_int_eq(res.calls, 2);
	ck_assert_str_eq(res.e.msg, "cb:2: stopped at call 2");
	ck_assert_str_eq(res.text, "1:[a]\n2:[b]\n");
	free(res.text);

	/* malformed CSV after the stop is never looked at */
	collect_open(&c);
	c.fail_at = 1;
	c.fail_code = RFM_EDATA + 100;
	fd = pipe_with("a\nb\"c\n", 6);
	read_fd(fd, &c, NULL, &res);
	close(fd);
	ck_assert_int_eq(res.rc, RFM_EDATA + 100);
	ck_assert_int_eq(res.calls, 1);
	ck_assert_str_eq(res.e.msg, "cb:1: stopped at call 1");
	free(res.text);

	/* the last record has no newline: it is delivered at end of file */
	collect_open(&c);
	c.fail_at = 2;
	c.fail_code = RFM_EDATA;
	fd = pipe_with("a\nb", 3);
	read_fd(fd, &c, NULL, &res);
	close(fd);
	ck_assert_int_eq(res.rc, RFM_EDATA);
	ck_assert_int_eq(res.calls, 2);
	ck_assert_str_eq(res.e.msg, "cb:2: stopped at call 2");
	free(res.text);

	/* an open quote after the stop is not an error either */
	collect_open(&c);
	c.fail_at = 1;
	c.fail_code = RFM_ESOFTWARE;
	fd = pipe_with("a\n\"b", 4);
	read_fd(fd, &c, NULL, &res);
	close(fd);
	ck_assert_int_eq(res.rc, RFM_ESOFTWARE);
	ck_assert_str_eq(res.e.msg, "cb:1: stopped at call 1");
	free(res.text);
}
END_TEST

START_TEST(test_read_error)
{
	collect c;
	result res;
	int fd[2];

	/* reading the write end of a pipe fails */
	ck_assert_int_eq(pipe(fd), 0);
	collect_open(&c);
	read_fd(fd[1], &c, NULL, &res);
	close(fd[0]);
	close(fd[1]);
	ck_assert_int_eq(res.rc, RFM_EIO);
	ck_assert_int_eq(res.e.code, RFM_EIO);
	ck_assert_int_eq(strncmp(res.e.msg, "t.csv: ", 7), 0);
	ck_assert_int_eq(res.calls, 0);
	free(res.text);
}
END_TEST

/* ---- csv_want ---- */

/* The header comes whole; the mask applies to the records after it, in
 * the lines split here and in those libcsv reads alike. */
START_TEST(test_want_mask)
{
	static const char data[] =
	    "h0,h1,h2,h3,h4\n"
	    "a,b,c,d,e\n"
	    "\"q\nq\",,\"x,y\",z,w,extra\n"
	    "1,2\n";
	static const unsigned char want[] = { 0, 1, 0, 1 };
	csv_want w = { want, sizeof want };
	collect c;
	rfm_error e;
	int fd = pipe_with(data, sizeof data - 1), rc;

	collect_open(&c);
	memset(&e, 0, sizeof e);
	rc = csv_read(fd, "t.csv", on_row, &c, &w, &e);
	close(fd);
	collect_close(&c);
	ck_assert_int_eq(rc, RFM_OK);
	ck_assert(!c.bad_copy);
	/* Fields 1 and 3 only, and fields past want->n are not copied
	 * either; n still counts every field and the lines are right. */
	ck_assert_str_eq(c.text,
	    "1:[h0][h1][h2][h3][h4]\n"
	    "2:(-)[b](-)[d](-)\n"
	    "3:(-)[](-)[z](-)(-)\n"
	    "5:(-)[2]\n");
	free(c.text);
}
END_TEST

/* want with n 0 delivers everything; want == NULL too. */
START_TEST(test_want_zero)
{
	static const char data[] = "a,b\nc,d\n";
	static const unsigned char none[] = { 0, 0 };
	csv_want w = { none, 0 };
	collect c;
	result res;
	int fd = pipe_with(data, sizeof data - 1);

	collect_open(&c);
	read_fd(fd, &c, &w, &res);
	close(fd);
	ck_assert_int_eq(res.rc, RFM_OK);
	ck_assert_str_eq(res.text, "1:[a][b]\n2:[c][d]\n");
	free(res.text);

	/* nothing wanted: the header whole, nothing of the rest copied */
	w.n = 2;
	fd = pipe_with(data, sizeof data - 1);
	collect_open(&c);
	read_fd(fd, &c, &w, &res);
	close(fd);
	ck_assert_int_eq(res.rc, RFM_OK);
	ck_assert_str_eq(res.text, "1:[a][b]\n2:(-)(-)\n");
	free(res.text);
}
END_TEST

Suite *
suite_csvin(void)
{
	Suite *s = suite_create("csvin");
	TCase *tc;

	tc = tcase_create("records");
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_quoted);
	tcase_add_test(tc, test_embedded_newlines);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_bom);
	tcase_add_test(tc, test_short_input);
	tcase_add_test(tc, test_bom_trickled_through_pipe);
	tcase_add_test(tc, test_blank_lines);
	tcase_add_test(tc, test_spaces);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_parse_mem);
	suite_add_tcase(s, tc);

	tc = tcase_create("big");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_big);
	tcase_add_test(tc, test_record_outgrows_buffer);
	tcase_add_test(tc, test_many_records_across_blocks);
	tcase_add_test(tc, test_run_threads);
	tcase_add_test(tc, test_run_first_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_malformed_quote);
	tcase_add_test(tc, test_unterminated_quote);
	tcase_add_test(tc, test_unterminated_quote_after_blank_lines);
	tcase_add_test(tc, test_callback_error);
	tcase_add_test(tc, test_read_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("want");
	tcase_add_test(tc, test_want_mask);
	tcase_add_test(tc, test_want_zero);
	suite_add_tcase(s, tc);
	return s;
}
