/* tests/wasi/misc.c — the WASI calls that touch no file: clocks, random_get, sched_yield,
 * proc_raise, proc_exit, plus stdio pass-through and a trap. argv[1] picks the scenario. */
#include "wasitest.h"

static const char *const clock_names[] = {"realtime", "monotonic", "process_cputime",
                                          "thread_cputime"};

/* Burns CPU time the optimiser cannot remove, so the CPU-time clocks have something to count. */
static volatile uint32_t sink;
static void burn(void) {
  uint32_t x = 1;
  for (uint32_t i = 0; i < 3000000; i++) x = x * 1664525u + 1013904223u;
  sink = x;
}

static void clocks(void) {
  for (__wasi_clockid_t id = 0; id < 4; id++) {
    char label[64];
    __wasi_timestamp_t res = 0, t1 = 0, t2 = 0;
    __wasi_errno_t e = __wasi_clock_res_get(id, &res);
    snprintf(label, sizeof label, "clock_res_get(%s)", clock_names[id]);
    wt_report(label, e);
    WT_CHECK(res > 0 && res <= 1000000000ull, "%s resolution %llu", clock_names[id],
             (unsigned long long)res);
    e = __wasi_clock_time_get(id, 1, &t1);
    snprintf(label, sizeof label, "clock_time_get(%s)", clock_names[id]);
    wt_report(label, e);
    burn();
    e = __wasi_clock_time_get(id, 0, &t2);
    WT_CHECK(e == 0, "second clock_time_get: %s", wt_errname(e));
    if (id != __WASI_CLOCKID_REALTIME)
      WT_CHECK(t2 >= t1, "%s went back: %llu then %llu", clock_names[id],
               (unsigned long long)t1, (unsigned long long)t2);
    if (id >= __WASI_CLOCKID_PROCESS_CPUTIME_ID)
      WT_CHECK(t2 > 0, "%s reads 0 after burning CPU", clock_names[id]);
  }
  __wasi_timestamp_t now;
  (void)!__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1000, &now);
  /* 2020-01-01 and 2200-01-01, in nanoseconds since the epoch. */
  WT_CHECK(now > 1577836800ull * 1000000000ull && now < 7258118400ull * 1000000000ull,
           "realtime %llu is not a plausible date", (unsigned long long)now);
  __wasi_timestamp_t x;
  wt_report("clock_res_get(99)", __wasi_clock_res_get(99, &x));
  wt_report("clock_time_get(99)", __wasi_clock_time_get(99, 0, &x));
}

static void randomness(void) {
  uint8_t a[64], b[64];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  wt_report("random_get(64)", __wasi_random_get(a, sizeof a));
  wt_report("random_get(64) again", __wasi_random_get(b, sizeof b));
  wt_report("random_get(0)", __wasi_random_get(b, 0));
  /* Two 512-bit draws from the OS that agree would mean the call does nothing. */
  printf("two draws differ: %s\n", memcmp(a, b, sizeof a) ? "yes" : "no");
  int zeros = 0;
  for (size_t i = 0; i < sizeof a; i++) zeros += a[i] == 0;
  WT_CHECK(zeros < 16, "%d zero bytes out of 64", zeros);
  static uint8_t big[100000];
  wt_report("random_get(100000)", __wasi_random_get(big, sizeof big));
  WT_CHECK(big[sizeof big - 1] | big[sizeof big - 2] | big[sizeof big - 3] | big[sizeof big - 4],
           "the end of a large buffer was not filled");
}

/* Copies stdin to stdout with raw fd_read/fd_write in small pieces; the byte count to stderr. */
static void cat(void) {
  char buf[7];
  unsigned long total = 0;
  for (;;) {
    __wasi_iovec_t iov = {.buf = (uint8_t *)buf, .buf_len = sizeof buf};
    __wasi_size_t n;
    __wasi_errno_t e = __wasi_fd_read(0, &iov, 1, &n);
    if (e != 0) {
      fprintf(stderr, "fd_read(0): %s\n", wt_errname(e));
      exit(3);
    }
    if (n == 0) break;
    total += n;
    __wasi_ciovec_t out = {.buf = (const uint8_t *)buf, .buf_len = n};
    __wasi_size_t w;
    e = __wasi_fd_write(1, &out, 1, &w);
    if (e != 0 || w != n) exit(4);
  }
  fprintf(stderr, "cat: %lu bytes\n", total);
}

/* Reads lines with stdio and answers each at once, as an interactive program does. */
static void prompt(void) {
  char line[256];
  for (;;) {
    fputs("> ", stdout);
    fflush(stdout);
    if (!fgets(line, sizeof line, stdin)) break;
    line[strcspn(line, "\n")] = 0;
    if (strcmp(line, "quit") == 0) break;
    printf("you said [%s]\n", line);
  }
  printf("bye\n");
}

__attribute__((noinline)) void wt_crash_here(int depth) {
  if (depth == 0) __builtin_trap();
  wt_crash_here(depth - 1);
  sink++;
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  if (strcmp(what, "clocks") == 0) {
    clocks();
  } else if (strcmp(what, "random") == 0) {
    randomness();
  } else if (strcmp(what, "yield") == 0) {
    wt_report("sched_yield", __wasi_sched_yield());
  } else if (strcmp(what, "raise") == 0) {
    wt_report("proc_raise(SIGTERM)", wt_raw_proc_raise(15 /* signal.term */));
  } else if (strcmp(what, "exit") == 0 && argc > 2) {
    printf("exiting with %s\n", argv[2]);
    fflush(stdout);
    __wasi_proc_exit((__wasi_exitcode_t)strtoul(argv[2], 0, 10));
  } else if (strcmp(what, "return") == 0 && argc > 2) {
    return atoi(argv[2]);     /* through libc's exit(), which calls proc_exit */
  } else if (strcmp(what, "cat") == 0) {
    cat();
    return 0;
  } else if (strcmp(what, "prompt") == 0) {
    prompt();
    return 0;
  } else if (strcmp(what, "stderr") == 0) {
    __wasi_errno_t e = wt_write(2, "to stderr\n", 10);
    printf("fd_write(2): %s\n", wt_errname(e));
  } else if (strcmp(what, "trap") == 0) {
    printf("about to trap\n");
    fflush(stdout);
    wt_crash_here(argc > 2 ? atoi(argv[2]) : 2);
  } else {
    printf("usage: misc clocks|random|yield|raise|exit N|return N|cat|prompt|stderr|trap\n");
    return 2;
  }
  return wt_done();
}
