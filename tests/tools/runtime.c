/*
 * runtime - run a command and write down what it cost, for the benchmarks.
 *
 * usage: runtime -o FILE command [arg ...]
 *
 * Runs command (searched in PATH) with this process's standard streams
 * and writes one line to FILE:
 *
 *     wall_seconds peak_kb user_seconds system_seconds
 *
 * Seconds carry six decimals: GNU time's %e gives hundredths, and a run of
 * rfm-extract on the real file takes thirteen of them.  The wall time runs
 * from before the fork to the end of the wait; peak_kb is the command's
 * largest resident set (getrusage's ru_maxrss, as GNU time's %M).
 *
 * Exit status: the command's; 128 + N when signal N ended it; 127 when it
 * could not be run; 64 for a usage error; 74 when FILE cannot be written.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	FILE *out;
	pid_t pid;
	int status;

	if (argc < 4 || strcmp(argv[1], "-o") != 0) {
		fprintf(stderr, "usage: runtime -o FILE command [arg ...]\n");
		return 64;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("runtime: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		fprintf(stderr, "runtime: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid) {
		perror("runtime: wait4");
		return 127;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	if ((out = fopen(argv[2], "w")) == NULL) {
		fprintf(stderr, "runtime: %s: %s\n", argv[2], strerror(errno));
		return 74;
	}
	fprintf(out, "%.6f %ld %.6f %.6f\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss,
	    seconds(ru.ru_utime), seconds(ru.ru_stime));
	if (fclose(out) != 0) {
		fprintf(stderr, "runtime: %s: %s\n", argv[2], strerror(errno));
		return 74;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
