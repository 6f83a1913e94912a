/*
 * mgdrive - the MTA side of the mailgate benchmark (make bench): runs
 * `hikeshi mailgate ...` once per message file, with the file as its
 * standard input and at most P at a time, the way Postfix's pipe(8) runs a
 * pipe transport (fork + exec, no shell), and prints what happened:
 *
 *   mgdrive P FILELIST -- COMMAND [ARGS...]
 *   RESULT n=790 ok=790 tempfail=0 other=0 secs=1.23 rate=642.3 cpums=13.2
 *
 * cpums is the CPU time (user + system) of one mailgate process on average.
 * FILELIST holds one path per line. Stdout of the command is discarded
 * (the tracking numbers), stderr is kept.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 5 || strcmp(argv[3], "--") != 0) {
		fprintf(stderr, "usage: mgdrive P FILELIST -- COMMAND [ARGS...]\n");
		return 2;
	}
	long par = strtol(argv[1], NULL, 10);
	FILE *list = fopen(argv[2], "r");
	if (par < 1 || !list) {
		fprintf(stderr, "mgdrive: bad P or FILELIST\n");
		return 2;
	}
	char **files = NULL;
	size_t n = 0, cap = 0;
	char line[4096];
	while (fgets(line, sizeof(line), list)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			files = realloc(files, cap * sizeof(*files));
			if (!files)
				return 2;
		}
		if (!(files[n++] = strdup(line)))
			return 2;
	}
	fclose(list);
	size_t next = 0, running = 0, ok = 0, tempfail = 0, other = 0;
	double t0 = now();
	while (next < n || running > 0) {
		while (running < (size_t)par && next < n) {
			posix_spawn_file_actions_t fa;
			posix_spawn_file_actions_init(&fa);
			posix_spawn_file_actions_addopen(&fa, 0, files[next], O_RDONLY, 0);
			posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
			pid_t pid;
			if (posix_spawn(&pid, argv[4], &fa, NULL, argv + 4, environ) != 0) {
				perror("mgdrive: spawn");
				return 2;
			}
			posix_spawn_file_actions_destroy(&fa);
			next++;
			running++;
		}
		int st;
		if (wait(&st) < 0)
			break;
		running--;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 75)
			tempfail++;
		else
			other++;
	}
	double secs = now() - t0;
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	             (double)ru.ru_stime.tv_usec / 1e6;
	printf("RESULT n=%zu ok=%zu tempfail=%zu other=%zu secs=%.3f rate=%.1f cpums=%.2f\n", n, ok, tempfail, other,
	       secs, secs > 0 ? (double)n / secs : 0.0, n ? cpu * 1000 / (double)n : 0.0);
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return ok == n ? 0 : 1;
}
