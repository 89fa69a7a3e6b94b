/*
 * check_atomic.c - tests of lib/atomic: atomic_write writes the whole
 * file; a writer that fails, or a write that fails (a file size limit),
 * leaves the previous file as it was and no temporary file beside it; a
 * path in a missing directory, a directory, a device or a pipe is an
 * error naming the path; a new file gets 0666 & ~umask, a replaced file
 * keeps its mode; symbolic links (and chains of them, even dangling) are
 * followed and stay links; a name without a directory is written in the
 * current one.  A signal that ends the process while it saves leaves no
 * temporary file; a temporary file left by a killed save (no lock held)
 * is removed by the next save of the same file, one still locked by a
 * running save is not; the owner of a replaced file is kept when the
 * writer may give files away (root).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic.h"
#include "suites.h"
#include "testutil.h"

/* ---- a temporary directory for the files of one test case ---- */

/* One directory for the test case (made and removed by the runner, so
 * that nothing is left behind even by a test that fails), and in it a
 * fresh one for each test. */
static char base[256];

static void
base_setup(void)
{
	temp_dir(base, sizeof base, NULL, "check_atomic");
}

static void
base_teardown(void)
{
	rm_tree(base);
}

static void
dir_setup(void)
{
	temp_dir(dir, sizeof dir, base, "t");
}

/* The entries of a directory, sorted, as "a b c" ("" when empty). */
static char *
listing(const char *path)
{
	struct dirent **list;
	char *out = calloc(1, 4096);
	int n, i;

	n = scandir(path, &list, NULL, alphasort);
	ck_assert_int_ge(n, 0);
	for (i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") != 0 &&
		    strcmp(list[i]->d_name, "..") != 0) {
			if (*out != '\0')
				strcat(out, " ");
			strcat(out, list[i]->d_name);
		}
		free(list[i]);
	}
	free(list);
	return out;
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* ---- writers ---- */

static int
write_text(FILE *out, void *ctx)
{
	fputs(ctx, out);
	return 0;
}

/* Writes half, then gives up. */
static int
write_then_fail(FILE *out, void *ctx)
{
	fputs("half a model\n", out);
	fflush(out);
	(void)ctx;
	return -1;
}

static int
write_nothing_fail(FILE *out, void *ctx)
{
	(void)out;
	(void)ctx;
	return 1;
}

/* A megabyte of lines. */
static int
write_big(FILE *out, void *ctx)
{
	int i;

	(void)ctx;
	for (i = 0; i < 65536; i++)
		fprintf(out, "line %09d\n", i);
	return 0;
}

/* ---- tests ---- */

START_TEST(test_writes)
{
	const char *p = path_of("model.tsv");
	rfm_error e;
	char *text, *ls;

	memset(&e, 0, sizeof e);
	ck_assert_int_eq(atomic_write(p, write_text, "first\n", &e), RFM_OK);
	text = slurp(p);
	ck_assert_str_eq(text, "first\n");
	free(text);
	/* replaced */
	ck_assert_int_eq(atomic_write(p, write_text, "second\tversion\n", &e),
	    RFM_OK);
	text = slurp(p);
	ck_assert_str_eq(text, "second\tversion\n");
	free(text);
	/* an empty file is a file */
	ck_assert_int_eq(atomic_write(p, write_text, "", &e), RFM_OK);
	text = slurp(p);
	ck_assert_str_eq(text, "");
	free(text);
	/* nothing else in the directory */
	ls = listing(dir);
	ck_assert_str_eq(ls, "model.tsv");
	free(ls);
}
END_TEST

START_TEST(test_big)
{
	const char *p = path_of("big.tsv");
	rfm_error e;
	struct stat st;
	char *text;

	ck_assert_int_eq(atomic_write(p, write_big, NULL, &e), RFM_OK);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_size, 65536 * 15);
	text = slurp(p);
	ck_assert(strncmp(text, "line 000000000\nline 000000001\n", 30) == 0);
	ck_assert_str_eq(text + 65535 * 15, "line 000065535\n");
	free(text);
}
END_TEST

/* A writer that fails: the previous file stays, no temporary file. */
START_TEST(test_writer_fails)
{
	const char *p = path_of("model.tsv");
	char want[600], *text, *ls;
	rfm_error e;

	put(p, "last night's good model\n");
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(atomic_write(p, write_then_fail, NULL, &e), RFM_EIO);
	ck_assert_int_eq(e.code, RFM_EIO);
	snprintf(want, sizeof want, "%s: cannot write: %s", p, strerror(EIO));
	ck_assert_str_eq(e.msg, want);
	text = slurp(p);
	ck_assert_str_eq(text, "last night's good model\n");
	free(text);
	ck_assert_int_eq(atomic_write(p, write_nothing_fail, NULL, &e),
	    RFM_EIO);
	ls = listing(dir);
	ck_assert_str_eq(ls, "model.tsv");
	free(ls);
	/* and with no previous file: nothing at all */
	ck_assert_int_eq(atomic_write(path_of("new.tsv"), write_then_fail,
	    NULL, &e), RFM_EIO);
	ls = listing(dir);
	ck_assert_str_eq(ls, "model.tsv");
	free(ls);
}
END_TEST

/*
 * The writes themselves fail (a file size limit stands in for a full
 * disk): the error is reported with its cause, and the previous file and
 * the directory are as they were.
 */
START_TEST(test_write_error)
{
	const char *p = path_of("model.tsv");
	struct rlimit old, lim;
	char want[600], *text, *ls;
	rfm_error e;
	int rc;

	put(p, "good\n");
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_IGN);
	lim = old;
	lim.rlim_cur = 4096;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	memset(&e, 0, sizeof e);
	rc = atomic_write(p, write_big, NULL, &e);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	ck_assert_int_eq(rc, RFM_EIO);
	snprintf(want, sizeof want, "%s: cannot write: %s", p, strerror(EFBIG));
	ck_assert_str_eq(e.msg, want);
	text = slurp(p);
	ck_assert_str_eq(text, "good\n");
	free(text);
	ls = listing(dir);
	ck_assert_str_eq(ls, "model.tsv");
	free(ls);
}
END_TEST

START_TEST(test_missing_dir)
{
	const char *p = path_of("no/such/dir/model.tsv");
	char want[600], *ls;
	rfm_error e;

	memset(&e, 0, sizeof e);
	ck_assert_int_eq(atomic_write(p, write_text, "x\n", &e), RFM_EIO);
	ck_assert_int_eq(e.code, RFM_EIO);
	snprintf(want, sizeof want, "%s: cannot write: %s", p,
	    strerror(ENOENT));
	ck_assert_str_eq(e.msg, want);
	ls = listing(dir);
	ck_assert_str_eq(ls, "");
	free(ls);
}
END_TEST

/* A directory, a device or a pipe is never replaced. */
START_TEST(test_not_regular)
{
	const char *sub = path_of("sub"), *fifo = path_of("fifo");
	char want[600];
	struct stat st;
	rfm_error e;

	ck_assert_int_eq(mkdir(sub, 0755), 0);
	ck_assert_int_eq(atomic_write(sub, write_text, "x\n", &e), RFM_EIO);
	snprintf(want, sizeof want, "%s: cannot write: not a regular file, "
	    "it is not replaced", sub);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(stat(sub, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));

	ck_assert_int_eq(atomic_write("/dev/null", write_text, "x\n", &e),
	    RFM_EIO);
	ck_assert_str_eq(e.msg, "/dev/null: cannot write: not a regular "
	    "file, it is not replaced");
	ck_assert_int_eq(stat("/dev/null", &st), 0);
	ck_assert(S_ISCHR(st.st_mode));

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(atomic_write(fifo, write_text, "x\n", &e), RFM_EIO);
	ck_assert_int_eq(lstat(fifo, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
}
END_TEST

/* A new file: 0666 & ~umask, whatever mkstemp made. */
START_TEST(test_mode_new)
{
	static const mode_t masks[] = { 022, 077, 0, 027, 002 };
	const char *p = path_of("m.tsv");
	struct stat st;
	rfm_error e;
	mode_t old;
	size_t i;

	for (i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		unlink(p);
		old = umask(masks[i]);
		ck_assert_int_eq(atomic_write(p, write_text, "x\n", &e),
		    RFM_OK);
		umask(old);
		ck_assert_int_eq(stat(p, &st), 0);
		ck_assert_msg((st.st_mode & 07777) == (0666 & ~masks[i]),
		    "umask %03o: mode %03o, want %03o", (unsigned)masks[i],
		    (unsigned)(st.st_mode & 07777),
		    (unsigned)(0666 & ~masks[i]));
	}
}
END_TEST

/* A replaced file keeps its mode. */
START_TEST(test_mode_kept)
{
	const char *p = path_of("m.tsv");
	struct stat st;
	rfm_error e;
	mode_t old;

	put(p, "old\n");
	ck_assert_int_eq(chmod(p, 0640), 0);
	old = umask(022);
	ck_assert_int_eq(atomic_write(p, write_text, "new\n", &e), RFM_OK);
	umask(old);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
	ck_assert_int_eq(chmod(p, 0604), 0);
	ck_assert_int_eq(atomic_write(p, write_text, "newer\n", &e), RFM_OK);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0604);
}
END_TEST

/* A symbolic link is followed: its target is replaced, the link stays. */
START_TEST(test_symlink)
{
	const char *target = path_of("real.tsv"), *link = path_of("link.tsv");
	const char *dangling = path_of("dangling.tsv");
	char *text, *ls, buf[600];
	struct stat st;
	rfm_error e;
	ssize_t n;

	put(target, "old\n");
	ck_assert_int_eq(symlink("real.tsv", link), 0);
	ck_assert_int_eq(atomic_write(link, write_text, "via link\n", &e),
	    RFM_OK);
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	text = slurp(target);
	ck_assert_str_eq(text, "via link\n");
	free(text);
	/* a link to a file not there yet: the file is made */
	ck_assert_int_eq(symlink("later.tsv", dangling), 0);
	ck_assert_int_eq(atomic_write(dangling, write_text, "later\n", &e),
	    RFM_OK);
	ck_assert_int_eq(lstat(dangling, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	n = readlink(dangling, buf, sizeof buf - 1);
	ck_assert_int_eq(n, 9);
	text = slurp(path_of("later.tsv"));
	ck_assert_str_eq(text, "later\n");
	free(text);
	ls = listing(dir);
	ck_assert_str_eq(ls, "dangling.tsv later.tsv link.tsv real.tsv");
	free(ls);
}
END_TEST

/*
 * A chain of links whose end does not exist yet: followed to the end, as
 * "echo x > link1" does; every link stays a link.
 */
START_TEST(test_symlink_chain_dangling)
{
	const char *l1 = path_of("link1"), *l2 = path_of("link2");
	struct stat st;
	rfm_error e;
	char *text;

	ck_assert_int_eq(symlink("link2", l1), 0);
	ck_assert_int_eq(symlink("end.tsv", l2), 0);
	ck_assert_int_eq(atomic_write(l1, write_text, "chained\n", &e), RFM_OK);
	ck_assert_int_eq(lstat(l1, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(lstat(l2, &st), 0);
	ck_assert_msg(S_ISLNK(st.st_mode), "link2 is no longer a link: it was "
	    "replaced by a regular file, and end.tsv %s", access(path_of(
	    "end.tsv"), F_OK) == 0 ? "exists" : "was not made");
	text = slurp(path_of("end.tsv"));
	ck_assert_str_eq(text, "chained\n");
	free(text);
}
END_TEST

/* A name without a directory: the current directory. */
START_TEST(test_relative)
{
	char cwd[PATH_MAX], *text, *ls;
	rfm_error e;

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(atomic_write("plain.tsv", write_text, "here\n", &e),
	    RFM_OK);
	ck_assert_int_eq(atomic_write("plain.tsv", write_then_fail, NULL, &e),
	    RFM_EIO);
	ck_assert_str_eq(e.msg, "plain.tsv: cannot write: Input/output error");
	ck_assert_int_eq(chdir(cwd), 0);
	text = slurp(path_of("plain.tsv"));
	ck_assert_str_eq(text, "here\n");
	free(text);
	ls = listing(dir);
	ck_assert_str_eq(ls, "plain.tsv");
	free(ls);
}
END_TEST

/* Temporary files of earlier saves that were killed: removed; the
 * files that only look alike are not. */
START_TEST(test_stale)
{
	char p[600], *ls;
	rfm_error e;

	/* path_of's buffers are reused: keep this one */
	snprintf(p, sizeof p, "%s", path_of("m.tsv"));
	put(p, "old\n");
	put(path_of(".m.tsv.AbC123"), "half a model");
	put(path_of(".m.tsv.zz9999"), "");
	put(path_of(".m.tsv.toolong7"), "");
	put(path_of(".m.tsv.ab"), "");
	put(path_of(".m.tsv.ab-def"), "");
	put(path_of(".x.tsv.AbC123"), "");
	put(path_of("m.tsv.AbC123"), "");
	ck_assert_int_eq(mkdir(path_of(".m.tsv.DiR123"), 0755), 0);
	ck_assert_int_eq(symlink("m.tsv", path_of(".m.tsv.LiNk12")), 0);
	ck_assert_int_eq(atomic_write(p, write_text, "new\n", &e), RFM_OK);
	ls = listing(dir);
	ck_assert_str_eq(ls, ".m.tsv.DiR123 .m.tsv.LiNk12 .m.tsv.ab "
	    ".m.tsv.ab-def .m.tsv.toolong7 .x.tsv.AbC123 m.tsv m.tsv.AbC123");
	free(ls);
}
END_TEST

/* A temporary file whose save still runs holds a lock: it stays, and
 * goes once its writer is gone. */
START_TEST(test_live_temp)
{
	const char *p = path_of("m.tsv"), *live = path_of(".m.tsv.LiVe12");
	rfm_error e;
	char *ls;
	int fd;

	put(live, "");
	fd = open(live, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	ck_assert_int_eq(atomic_write(p, write_text, "one\n", &e), RFM_OK);
	ls = listing(dir);
	ck_assert_str_eq(ls, ".m.tsv.LiVe12 m.tsv");
	free(ls);
	close(fd);
	ck_assert_int_eq(atomic_write(p, write_text, "two\n", &e), RFM_OK);
	ls = listing(dir);
	ck_assert_str_eq(ls, "m.tsv");
	free(ls);
}
END_TEST

/* Root replaces another user's file with one that user still owns. */
START_TEST(test_owner_kept)
{
	const char *p = path_of("m.tsv");
	struct stat st;
	rfm_error e;

	if (geteuid() != 0)
		return;   /* only root may give a file away */
	put(p, "old\n");
	ck_assert_int_eq(chown(p, 65534, 65534), 0);
	ck_assert_int_eq(chmod(p, 0640), 0);
	ck_assert_int_eq(atomic_write(p, write_text, "new\n", &e), RFM_OK);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_uint_eq(st.st_uid, 65534);
	ck_assert_uint_eq(st.st_gid, 65534);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
}
END_TEST

static int signal_to_send;

/* Writes half, then the signal comes. */
static int
write_then_signal(FILE *out, void *ctx)
{
	fputs("half a model\n", out);
	fflush(out);
	(void)ctx;
	raise(signal_to_send);
	fputs("the rest\n", out);
	return 0;
}

/* Run atomic_write with write_then_signal in a child; its wait status. */
static int
save_in_child(int sig, int ignore)
{
	rfm_error e;
	pid_t pid;
	int status;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		signal(sig, ignore ? SIG_IGN : SIG_DFL);
		signal_to_send = sig;
		_exit(atomic_write(path_of("m.tsv"), write_then_signal, NULL,
		    &e));
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

/* TERM, INT and HUP in the middle of a save: the process ends by the
 * signal, the old file is there, no temporary file is left. */
START_TEST(test_signal)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
	const char *p = path_of("m.tsv");
	char *text, *ls;
	size_t i;
	int status;

	put(p, "old\n");
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		status = save_in_child(sigs[i], 0);
		ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i],
		    "signal %d: status %#x", sigs[i], status);
		text = slurp(p);
		ck_assert_str_eq(text, "old\n");
		free(text);
		ls = listing(dir);
		ck_assert_msg(strcmp(ls, "m.tsv") == 0, "signal %d: left %s",
		    sigs[i], ls);
		free(ls);
	}
	/* an ignored signal stays ignored: the save completes */
	status = save_in_child(SIGHUP, 1);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == RFM_OK);
	text = slurp(p);
	ck_assert_str_eq(text, "half a model\nthe rest\n");
	free(text);
}
END_TEST

static void
on_term(int sig)
{
	(void)sig;
}

/* The handlers are the save's only while it saves. */
START_TEST(test_handlers_restored)
{
	struct sigaction sa, now;
	rfm_error e;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGTERM, &sa, NULL), 0);
	signal(SIGINT, SIG_DFL);
	ck_assert_int_eq(atomic_write(path_of("m.tsv"), write_text, "x\n",
	    &e), RFM_OK);
	ck_assert_int_eq(atomic_write(path_of("m.tsv"), write_then_fail, NULL,
	    &e), RFM_EIO);
	ck_assert_int_eq(sigaction(SIGTERM, NULL, &now), 0);
	ck_assert_ptr_eq((void *)now.sa_handler, (void *)on_term);
	ck_assert_int_eq(sigaction(SIGINT, NULL, &now), 0);
	ck_assert_ptr_eq((void *)now.sa_handler, (void *)SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}
END_TEST

Suite *
suite_atomic(void)
{
	Suite *s = suite_create("atomic");
	TCase *tc = tcase_create("write");

	/* a fresh directory for every test: each lists it */
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	tcase_add_checked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, test_writes);
	tcase_add_test(tc, test_big);
	tcase_add_test(tc, test_writer_fails);
	tcase_add_test(tc, test_write_error);
	tcase_add_test(tc, test_missing_dir);
	tcase_add_test(tc, test_not_regular);
	tcase_add_test(tc, test_mode_new);
	tcase_add_test(tc, test_mode_kept);
	tcase_add_test(tc, test_symlink);
	tcase_add_test(tc, test_symlink_chain_dangling);
	tcase_add_test(tc, test_relative);
	tcase_add_test(tc, test_stale);
	tcase_add_test(tc, test_live_temp);
	tcase_add_test(tc, test_owner_kept);
	tcase_add_test(tc, test_signal);
	tcase_add_test(tc, test_handlers_restored);
	suite_add_tcase(s, tc);
	return s;
}
