/*
 * mimebench - parser-only throughput of src/intake/mime.c (make bench):
 * loads every message file named on stdin (one path per line) into memory,
 * then parses the whole set ROUNDS times with mime_parse() and
 * mime_message_json() (what the intake path does) and prints
 *
 *   RESULT files=789 bytes=3528801 rounds=3 secs=4.2 cpu=4.1 mbps=2.5 msgps=553
 *
 * Single-threaded; rates are per CPU second of this process (one core),
 * so other load on the machine does not distort them much. Usage: mimebench [ROUNDS] < LIST
 */
#include "intake/mime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct file {
	char *p;
	size_t len;
};

static double now(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads path whole into f; 0 / -1. */
static int load(const char *path, struct file *f)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return -1;
	size_t cap = 1 << 16;
	f->p = malloc(cap);
	f->len = 0;
	for (size_t r; f->p && (r = fread(f->p + f->len, 1, cap - f->len, in)) > 0;) {
		f->len += r;
		if (f->len == cap) {
			cap *= 2;
			char *np = realloc(f->p, cap);
			if (!np) {
				free(f->p);
				f->p = NULL;
			}
			f->p = np;
		}
	}
	fclose(in);
	return f->p ? 0 : -1;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 3;
	struct file *files = NULL;
	size_t n = 0, cap = 0, bytes = 0;
	char line[4096];
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			struct file *nf = realloc(files, cap * sizeof(*files));
			if (!nf)
				return 2;
			files = nf;
		}
		if (load(line, &files[n]) < 0) {
			fprintf(stderr, "mimebench: cannot read %s\n", line);
			return 2;
		}
		bytes += files[n++].len;
	}
	if (n == 0 || rounds < 1) {
		fprintf(stderr, "usage: mimebench [ROUNDS] < FILELIST\n");
		return 2;
	}
	/* one warm-up parse: GMime and libmagic initialise once per process */
	struct mime_message *m = NULL;
	if (mime_parse(files[0].p, files[0].len, NULL, &m) == MIME_OK)
		mime_message_free(m);
	double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (long r = 0; r < rounds; r++) {
		for (size_t i = 0; i < n; i++) {
			if (mime_parse(files[i].p, files[i].len, NULL, &m) != MIME_OK)
				continue; /* empty files */
			json_t *j = mime_message_json(m);
			json_decref(j);
			mime_message_free(m);
		}
	}
	double secs = now(CLOCK_MONOTONIC) - t0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	double total = (double)bytes * (double)rounds;
	/* rates per CPU second: the machine may be shared, wall time is noisy */
	printf("RESULT files=%zu bytes=%zu rounds=%ld secs=%.3f cpu=%.3f mbps=%.2f msgps=%.0f\n", n, bytes, rounds,
	       secs, cpu, total / cpu / 1e6, (double)n * (double)rounds / cpu);
	for (size_t i = 0; i < n; i++)
		free(files[i].p);
	free(files);
	return 0;
}
