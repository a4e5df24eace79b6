/* bench/launch.c — runs one command for bench/run and reports its wall time and peak RSS. A tiny
 * static launcher forks it, so the child's peak RSS (wait4's ru_maxrss, which counts the memory
 * a child had before exec) starts from this program's few pages, not from Python's 20 MiB.
 * Usage: launch REPORT_FILE TIMEOUT_SECONDS COMMAND [ARGS...]
 * REPORT_FILE gets "WALL_SECONDS CPU_SECONDS PEAK_RSS_KIB STATUS": CPU = user + system time;
 * status -1 when the command timed out. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static pid_t child;

static void on_alarm(int sig) {
  (void)sig;
  timed_out = 1;
  kill(child, SIGKILL);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: launch REPORT_FILE TIMEOUT_SECONDS COMMAND [ARGS...]\n");
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  child = fork();
  if (child < 0) {
    perror("launch: fork");
    return 2;
  }
  if (child == 0) {
    execvp(argv[3], argv + 3);
    fprintf(stderr, "launch: cannot run %s\n", argv[3]);
    _exit(127);
  }
  signal(SIGALRM, on_alarm);
  alarm((unsigned)atoi(argv[2]));
  int status;
  struct rusage ru;
  while (wait4(child, &status, 0, &ru) < 0)
    ;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  int code = timed_out ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  FILE *f = fopen(argv[1], "w");
  if (!f) {
    perror("launch: report file");
    return 2;
  }
  double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
               (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  fprintf(f, "%.6f %.6f %ld %d\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, cpu,
          ru.ru_maxrss, code);
  fclose(f);
  return 0;
}
