/*
 * atomic.c - temporary file, fsync, rename; no temporary file outlives
 * its save.
 */
#include "atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The signals that end a process by default and come from outside: a
 * timeout or kill (TERM), ^C (INT), a closed session (HUP), ^\ (QUIT),
 * an alarm, a user signal, a closed pipe, a CPU or file size limit.
 * While a temporary file exists, each removes it and then ends the
 * process as it would have.  SIGKILL cannot be caught: its leftovers are
 * removed by the next save (remove_stale).
 */
static const int caught[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
	SIGXCPU, SIGXFSZ
};
#define NCAUGHT (sizeof caught / sizeof caught[0])

/* The temporary file a signal removes: set before armed, which the
 * handler reads first.  One save at a time in a process. */
static char pending[PATH_MAX];
static volatile sig_atomic_t armed;

typedef struct guard {
	sigset_t set, old_mask;
	struct sigaction old[NCAUGHT];
	int installed[NCAUGHT];
} guard;

/* Only async-signal-safe calls: unlink, sigaction, raise. */
static void
on_signal(int sig)
{
	struct sigaction dfl;

	if (armed)
		unlink(pending);
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	/* Delivered with the default action when the handler returns and
	 * the signal is unblocked: the process ends as it would have. */
	raise(sig);
}

/* Block the caught signals (the other threads, pfor's workers, block
 * them too), and handle those not ignored.  guard_release undoes it. */
static void
guard_block(guard *g)
{
	struct sigaction sa;
	size_t i;

	sigemptyset(&g->set);
	for (i = 0; i < NCAUGHT; i++)
		sigaddset(&g->set, caught[i]);
	pthread_sigmask(SIG_BLOCK, &g->set, &g->old_mask);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < NCAUGHT; i++) {
		g->installed[i] = 0;
		if (sigaction(caught[i], NULL, &g->old[i]) != 0 ||
		    g->old[i].sa_handler == SIG_IGN)
			continue;   /* nohup(1), or a job's ignored ^C: stays */
		g->installed[i] = sigaction(caught[i], &sa, NULL) == 0;
	}
}

/*
 * Arm for path (the temporary file just made), then let signals in.
 * pending and armed change only while the signals are blocked in this
 * thread and the other threads block them: the handler, which runs
 * after the pthread_sigmask call that unblocks them, sees both set.
 */
static void
guard_arm(guard *g, const char *path)
{
	strcpy(pending, path);
	armed = 1;
	pthread_sigmask(SIG_SETMASK, &g->old_mask, NULL);
}

/* Signals blocked again, before the temporary file is renamed or
 * removed. */
static void
guard_hold(guard *g)
{
	pthread_sigmask(SIG_BLOCK, &g->set, NULL);
}

/* Disarm, restore the handlers and the mask: a signal that came in the
 * meantime is delivered now, with the file saved or abandoned. */
static void
guard_release(guard *g)
{
	size_t i;

	armed = 0;
	for (i = 0; i < NCAUGHT; i++)
		if (g->installed[i])
			sigaction(caught[i], &g->old[i], NULL);
	pthread_sigmask(SIG_SETMASK, &g->old_mask, NULL);
}

/* Flush the directory entry of a rename to disk too. */
static void
sync_dir(const char *path, size_t dirlen)
{
	char *dir = rfm_xmalloc(dirlen + 2);
	int fd;

	if (dirlen == 0)
		strcpy(dir, ".");
	else {
		memcpy(dir, path, dirlen);
		dir[dirlen] = '\0';
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Whether name is ".BASE.XXXXXX", the name mkstemp gives a temporary
 * file of base (six letters or digits). */
static int
is_temp_of(const char *name, const char *base, size_t blen)
{
	size_t i;

	if (name[0] != '.' || strncmp(name + 1, base, blen) != 0 ||
	    name[1 + blen] != '.' || strlen(name + 2 + blen) != 6)
		return 0;
	for (i = 2 + blen; name[i] != '\0'; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return 1;
}

/*
 * Remove the temporary files of earlier saves of the same file that were
 * killed (kill -9, a crash, a power cut) and so could not remove their
 * own.  A save holds an flock(2) lock on its temporary file for as long
 * as the file exists, so a file that can be locked has no writer left;
 * one that cannot belongs to a save still running (another process
 * saving the same file) and is left alone.  Best effort: anything
 * unexpected leaves the file where it is.
 */
static void
remove_stale(const char *dir, const char *base)
{
	struct dirent *de;
	struct stat a, b;
	size_t blen = strlen(base);
	DIR *d;
	int fd;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!is_temp_of(de->d_name, base, blen))
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_NOFOLLOW |
		    O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &a) == 0 && S_ISREG(a.st_mode) &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		    fstatat(dirfd(d), de->d_name, &b, AT_SYMLINK_NOFOLLOW) ==
		    0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			unlinkat(dirfd(d), de->d_name, 0);
		close(fd);   /* and the lock with it */
	}
	closedir(d);
}

/*
 * Make the temporary file for target and lock it (see remove_stale).  A
 * save removing stale files may have opened and locked it in the moment
 * before this one did, and removed it: then it has no link left, and
 * another name is tried.  Where locks are not supported (some network
 * file systems) the file is used unlocked.  Returns the descriptor, or
 * -1 with errno.
 */
static int
make_temp(char *tmp, size_t dirlen, const char *target)
{
	struct stat st;
	int fd, tries;

	for (tries = 0; tries < 100; tries++) {
		sprintf(tmp + dirlen, ".%s.XXXXXX", target + dirlen);
		if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
			return -1;
		while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
			;
		if (fstat(fd, &st) != 0 || st.st_nlink > 0)
			return fd;
		close(fd);
	}
	errno = EEXIST;
	return -1;
}

/*
 * Give the temporary file fd the owner, group and mode of the file it
 * replaces (old, NULL when there is none), so that a refit run as root
 * does not take a service user's model away from it.  Changing the
 * owner needs the privilege to (root); without it the group alone is
 * tried (a group the writer is in), and failing both the file becomes
 * the writer's: not an error.  The mode is set after the owner, which
 * clears the set-user-ID and set-group-ID bits.
 */
static void
copy_owner_mode(int fd, const struct stat *old)
{
	mode_t mask;

	if (old == NULL) {
		/* mkstemp makes the file 0600: the usual mode of a new
		 * file instead */
		mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
		return;
	}
	if ((old->st_uid != geteuid() || old->st_gid != getegid()) &&
	    fchown(fd, old->st_uid, old->st_gid) != 0 &&
	    fchown(fd, (uid_t)-1, old->st_gid) != 0) {
		/* EPERM: the file is the writer's, not an error */
	}
	fchmod(fd, old->st_mode & 07777);
}

/*
 * Where the symbolic link path finally points, even when that does not
 * exist yet: each link of a chain is followed (a relative target taken
 * from its link's directory), at most 40 of them.
 */
static char *
link_target(const char *path)
{
	struct stat st;
	char buf[4096], *cur = NULL, *next;
	const char *at = path, *slash;
	size_t dirlen;
	ssize_t n;
	int hops;

	for (hops = 0; hops < 40; hops++) {
		if (lstat(at, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		if ((n = readlink(at, buf, sizeof buf - 1)) <= 0) {
			free(cur);
			return NULL;
		}
		buf[n] = '\0';
		slash = strrchr(at, '/');
		dirlen = slash && buf[0] != '/' ? (size_t)(slash - at) + 1 : 0;
		next = rfm_xmalloc(dirlen + (size_t)n + 1);
		memcpy(next, at, dirlen);
		strcpy(next + dirlen, buf);
		free(cur);
		at = cur = next;
	}
	free(cur);
	return NULL;
}

int
atomic_write(const char *path, int (*write)(FILE *out, void *ctx),
    void *ctx, rfm_error *e)
{
	struct stat st;
	const char *slash, *target = path;
	char *real = NULL, *tmp, *dir;
	size_t dirlen;
	guard g;
	FILE *out;
	int fd, lockfd, err = 0, bad, exists;

	/*
	 * Only a regular file is replaced: never a device (a model saved to
	 * /dev/null must not delete it), a directory or a pipe.  A symbolic
	 * link is followed, so that its target is replaced and the link
	 * stays.
	 */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if ((real = realpath(path, NULL)) == NULL)
			real = link_target(path);
		if (real != NULL)
			target = real;
	}
	exists = stat(target, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		free(real);
		return rfm_fail(e, RFM_EIO, path, 0, NULL, "cannot write: not "
		    "a regular file, it is not replaced");
	}
	slash = strrchr(target, '/');
	dirlen = slash ? (size_t)(slash - target) + 1 : 0;
	tmp = rfm_xmalloc(strlen(target) + 16);
	dir = rfm_xmalloc(dirlen + 2);
	memcpy(dir, target, dirlen);
	strcpy(dir + dirlen, dirlen ? "" : ".");
	remove_stale(dir, target + dirlen);
	free(dir);

	/* ".NAME.XXXXXX" beside NAME, so that rename stays in one file
	 * system; removed by a signal from the moment it exists. */
	memcpy(tmp, target, dirlen);
	guard_block(&g);
	if ((fd = make_temp(tmp, dirlen, target)) < 0 ||
	    (lockfd = dup(fd)) < 0) {
		err = errno;
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		guard_release(&g);
		free(tmp);
		free(real);
		return rfm_fail(e, RFM_EIO, path, 0, NULL, "cannot write: %s",
		    strerror(err));
	}
	guard_arm(&g, tmp);
	copy_owner_mode(fd, exists ? &st : NULL);
	if ((out = fdopen(fd, "w")) == NULL) {
		err = errno;
		close(fd);
		goto fail;
	}
	bad = write(out, ctx) != 0;
	if (fflush(out) != 0 || ferror(out))
		err = errno ? errno : EIO;
	else if (bad)
		err = EIO;
	else if (fsync(fd) != 0)
		err = errno;
	/* The lock stays with lockfd until the file is renamed. */
	if (fclose(out) != 0 && err == 0)
		err = errno;
	if (err == 0) {
		guard_hold(&g);
		if (rename(tmp, target) != 0)
			err = errno;
	}
	if (err == 0) {
		guard_release(&g);
		close(lockfd);
		sync_dir(target, dirlen);
		free(tmp);
		free(real);
		return RFM_OK;
	}
fail:
	guard_hold(&g);
	unlink(tmp);
	guard_release(&g);
	close(lockfd);
	free(tmp);
	free(real);
	return rfm_fail(e, RFM_EIO, path, 0, NULL, "cannot write: %s",
	    strerror(err));
}
