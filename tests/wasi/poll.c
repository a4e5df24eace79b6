/* tests/wasi/poll.c — poll_oneoff: relative and absolute clock subscriptions, fd_read and fd_write
 * readiness of files, stdout and stdin, and its errors. argv[1] picks the scenario: "clocks",
 * "files" (needs a preopen "/sandbox"), "stdin" (data arrives on stdin within 20 s), "stdin-idle"
 * (nothing arrives on stdin for a while), "stdin-eof" (stdin at end of file). */
#include "wasitest.h"

static __wasi_subscription_t clock_sub(__wasi_userdata_t ud, __wasi_clockid_t id,
                                       __wasi_timestamp_t timeout, __wasi_subclockflags_t flags) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = ud;
  s.u.tag = __WASI_EVENTTYPE_CLOCK;
  s.u.u.clock.id = id;
  s.u.u.clock.timeout = timeout;
  s.u.u.clock.precision = 0;
  s.u.u.clock.flags = flags;
  return s;
}

static __wasi_subscription_t fd_sub(__wasi_userdata_t ud, __wasi_eventtype_t type,
                                    __wasi_fd_t fd) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = ud;
  s.u.tag = type;
  if (type == __WASI_EVENTTYPE_FD_READ)
    s.u.u.fd_read.file_descriptor = fd;
  else
    s.u.u.fd_write.file_descriptor = fd;
  return s;
}

static const char *type_name(__wasi_eventtype_t t) {
  return t == __WASI_EVENTTYPE_CLOCK ? "clock" : t == __WASI_EVENTTYPE_FD_READ ? "fd_read"
                                               : t == __WASI_EVENTTYPE_FD_WRITE ? "fd_write"
                                                                                : "?";
}

/* Polls SUBS and prints every event as "userdata type error", sorted by userdata. */
static __wasi_size_t poll_and_show(const char *label, const __wasi_subscription_t *subs,
                                   __wasi_size_t n, __wasi_event_t *ev) {
  __wasi_size_t got = 0;
  __wasi_errno_t e = __wasi_poll_oneoff(subs, ev, n, &got);
  printf("%s: %s, %u event(s)", label, wt_errname(e), (unsigned)got);
  if (e) got = 0;
  for (__wasi_size_t i = 0; i + 1 < got; i++)          /* a tiny sort: at most a few events */
    for (__wasi_size_t j = i + 1; j < got; j++)
      if (ev[j].userdata < ev[i].userdata) {
        __wasi_event_t t = ev[i];
        ev[i] = ev[j];
        ev[j] = t;
      }
  for (__wasi_size_t i = 0; i < got; i++)
    printf(" [%llu %s %s]", (unsigned long long)ev[i].userdata, type_name(ev[i].type),
           wt_errname(ev[i].error));
  printf("\n");
  return got;
}

static __wasi_timestamp_t now(void) {
  __wasi_timestamp_t t = 0;
  (void)!__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
  return t;
}

static void clocks(void) {
  __wasi_event_t ev[4];
  /* A sleep never ends early (a lower bound only: how late it ends is not checked). */
  __wasi_timestamp_t t0 = now();
  __wasi_subscription_t s = clock_sub(42, __WASI_CLOCKID_MONOTONIC, 20000000, 0);
  poll_and_show("relative 20 ms", &s, 1, ev);
  WT_CHECK(now() - t0 >= 20000000, "slept %llu ns", (unsigned long long)(now() - t0));

  t0 = now();
  s = clock_sub(7, __WASI_CLOCKID_MONOTONIC, t0 + 15000000,
                __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
  poll_and_show("absolute monotonic +15 ms", &s, 1, ev);
  WT_CHECK(now() >= t0 + 15000000, "woke before the deadline");

  __wasi_timestamp_t rt;
  (void)!__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &rt);
  s = clock_sub(8, __WASI_CLOCKID_REALTIME, rt + 10000000,
                __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
  poll_and_show("absolute realtime +10 ms", &s, 1, ev);
  s = clock_sub(9, __WASI_CLOCKID_REALTIME, 5000000, 0);
  poll_and_show("relative realtime 5 ms", &s, 1, ev);

  /* A deadline already past fires at once. */
  s = clock_sub(10, __WASI_CLOCKID_MONOTONIC, 1, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
  poll_and_show("absolute deadline in the past", &s, 1, ev);

  /* Two clocks: the shorter one fires, the other is not reported. */
  __wasi_subscription_t two[2] = {clock_sub(1, __WASI_CLOCKID_MONOTONIC, 10000000000ull, 0),
                                  clock_sub(2, __WASI_CLOCKID_MONOTONIC, 1000000, 0)};
  poll_and_show("10 s and 1 ms", two, 2, ev);

  __wasi_size_t got = 99;
  printf("no subscriptions: %s\n", wt_errname(__wasi_poll_oneoff(two, ev, 0, &got)));
}

static void files(void) {
  __wasi_fd_t dir = wt_need_preopen("/sandbox"), fd;
  __wasi_errno_t e = wt_open(dir, "p.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 0, &fd);
  WT_CHECK(e == 0, "open: %s", wt_errname(e));
  (void)!wt_write(fd, "data", 4);
  __wasi_filesize_t pos;
  (void)!__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos);
  __wasi_event_t ev[4];
  /* Regular files are always ready; the long clock must not be waited for. */
  __wasi_subscription_t subs[3] = {fd_sub(1, __WASI_EVENTTYPE_FD_READ, fd),
                                   fd_sub(2, __WASI_EVENTTYPE_FD_WRITE, fd),
                                   clock_sub(3, __WASI_CLOCKID_MONOTONIC, 30000000000ull, 0)};
  poll_and_show("file read+write, 30 s clock", subs, 3, ev);
  subs[0] = fd_sub(4, __WASI_EVENTTYPE_FD_WRITE, 1);
  poll_and_show("stdout writable", subs, 1, ev);
  subs[0] = fd_sub(5, __WASI_EVENTTYPE_FD_WRITE, 2);
  poll_and_show("stderr writable", subs, 1, ev);

  /* A subscription on a closed fd: Wasmtime fails the whole call with badf; an event carrying
   * badf is the other reading of the spec. Either way the program learns the fd is bad. */
  subs[0] = fd_sub(6, __WASI_EVENTTYPE_FD_READ, 777);
  subs[1] = clock_sub(7, __WASI_CLOCKID_MONOTONIC, 1000000, 0);
  __wasi_size_t got = 0;
  e = __wasi_poll_oneoff(subs, ev, 2, &got);
  int reported = e == __WASI_ERRNO_BADF;
  for (__wasi_size_t i = 0; e == 0 && i < got; i++)
    if (ev[i].userdata == 6 && ev[i].error == __WASI_ERRNO_BADF) reported = 1;
  printf("fd_read on an unopened fd reported as badf: %s\n", reported ? "yes" : "no");
  /* An unknown subscription tag is invalid. */
  subs[0] = clock_sub(8, __WASI_CLOCKID_MONOTONIC, 1000, 0);
  subs[0].u.tag = 9;
  e = __wasi_poll_oneoff(subs, ev, 1, &got);
  printf("unknown event type: %s\n", wt_errname(e));
  subs[0] = clock_sub(9, 99, 1000, 0);
  e = __wasi_poll_oneoff(subs, ev, 1, &got);
  reported = e == __WASI_ERRNO_INVAL || (e == 0 && got == 1 && ev[0].error == __WASI_ERRNO_INVAL);
  printf("unknown clock reported as inval: %s\n", reported ? "yes" : "no");
  (void)!__wasi_fd_close(fd);
}

/* Waits for stdin to become readable (a 20 s clock as the safety net), then reads it. */
static void stdin_ready(void) {
  __wasi_event_t ev[2];
  __wasi_subscription_t subs[2] = {fd_sub(1, __WASI_EVENTTYPE_FD_READ, 0),
                                   clock_sub(2, __WASI_CLOCKID_MONOTONIC, 20000000000ull, 0)};
  poll_and_show("stdin or 20 s", subs, 2, ev);
  char buf[64];
  long n = wt_read(0, buf, sizeof buf);
  printf("read %ld byte(s): %s", n, n > 0 ? buf : "\n");
}

/* Nothing comes on stdin: only the clock fires. */
static void stdin_idle(void) {
  __wasi_event_t ev[2];
  __wasi_subscription_t subs[2] = {fd_sub(1, __WASI_EVENTTYPE_FD_READ, 0),
                                   clock_sub(2, __WASI_CLOCKID_MONOTONIC, 100000000, 0)};
  poll_and_show("idle stdin or 100 ms", subs, 2, ev);
}

/* At end of file, stdin counts as readable (a read would return 0 at once). */
static void stdin_eof(void) {
  __wasi_event_t ev[2];
  __wasi_subscription_t subs[2] = {fd_sub(1, __WASI_EVENTTYPE_FD_READ, 0),
                                   clock_sub(2, __WASI_CLOCKID_MONOTONIC, 20000000000ull, 0)};
  poll_and_show("stdin at eof or 20 s", subs, 2, ev);
  char buf[8];
  printf("read: %ld\n", wt_read(0, buf, sizeof buf));
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  if (strcmp(what, "clocks") == 0)
    clocks();
  else if (strcmp(what, "files") == 0)
    files();
  else if (strcmp(what, "stdin") == 0)
    stdin_ready();
  else if (strcmp(what, "stdin-idle") == 0)
    stdin_idle();
  else if (strcmp(what, "stdin-eof") == 0)
    stdin_eof();
  else {
    printf("usage: poll clocks|files|stdin|stdin-idle|stdin-eof\n");
    return 2;
  }
  return wt_done();
}
