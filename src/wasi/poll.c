/* wasi/poll.c — poll_oneoff: clock subscriptions (relative or absolute, realtime or monotonic)
 * and fd read/write readiness, waited for together with ppoll(2). Regular files and memory
 * streams are always ready; pipes, terminals (stdin included) and sockets are polled. A bad
 * subscription becomes an event carrying its error, as the spec describes. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "wasi/abi.h"
#include "wasi/calls.h"
#include "wasi/env.h"
#include "wasi/errno.h"
#include "wasi/guest.h"

typedef struct sub {
  uint64_t userdata;
  uint8_t type;                 /* WB_WASI_EVENT_* */
  bool done;                    /* an event is ready to report */
  uint16_t error;
  uint64_t nbytes;
  uint16_t flags;
  uint64_t deadline;            /* clocks: monotonic nanoseconds */
  int pollidx;                  /* fds that need ppoll: index in the pollfd array, else -1 */
} sub;

static uint64_t now_ns(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t sat_add(uint64_t a, uint64_t b) { return a + b < a ? UINT64_MAX : a + b; }

/* Sets up a clock subscription; returns false for an invalid clock (reported as an event error). */
static void setup_clock(sub *s, const wb_memory *m, uint32_t p, uint64_t mono_now) {
  uint32_t id = wb_g_u32(m, p + 16);
  uint64_t timeout = wb_g_u64(m, p + 24);
  uint16_t flags = wb_g_u16(m, p + 40);
  bool abs = flags & WB_WASI_SUBCLOCK_ABSTIME;
  if (flags & ~WB_WASI_SUBCLOCK_ABSTIME) {
    s->done = true;
    s->error = WB_WASI_EINVAL;
    return;
  }
  switch (id) {
  case WB_WASI_CLOCK_MONOTONIC: s->deadline = abs ? timeout : sat_add(mono_now, timeout); break;
  case WB_WASI_CLOCK_REALTIME:
    if (abs) {
      uint64_t real = now_ns(CLOCK_REALTIME);
      s->deadline = timeout <= real ? mono_now : sat_add(mono_now, timeout - real);
    } else {
      s->deadline = sat_add(mono_now, timeout);
    }
    break;
  default: /* CPU-time clocks cannot be waited on */
    s->done = true;
    s->error = WB_WASI_EINVAL;
  }
}

/* Sets up an fd subscription: immediate readiness, an error, or a pollfd. */
static void setup_fd(wb_wasi_env *env, sub *s, uint32_t fd, struct pollfd *pfds, int *npoll) {
  wb_wasi_fd *e = wb_wasi_lookup(env, fd);
  bool rd = s->type == WB_WASI_EVENT_FD_READ;
  s->done = true;
  if (!e || e->kind == WB_WASI_FD_DIR || (rd && e->kind == WB_WASI_FD_MEMOUT) || (!rd && e->kind == WB_WASI_FD_MEMIN)) {
    s->error = WB_WASI_EBADF;
    return;
  }
  if (!(e->rights_base & WB_WASI_RIGHT_POLL_FD_READWRITE) &&
      !(e->rights_base & (rd ? WB_WASI_RIGHT_FD_READ : WB_WASI_RIGHT_FD_WRITE))) {
    s->error = WB_WASI_ENOTCAPABLE;
    return;
  }
  switch (e->kind) {
  case WB_WASI_FD_MEMIN:
    s->nbytes = e->buf->len - e->buf->pos;
    if (!s->nbytes) s->flags = WB_WASI_EVENTRW_HANGUP;
    return;
  case WB_WASI_FD_MEMOUT:
  case WB_WASI_FD_NULL: return;
  default: break;
  }
  if (e->filetype == WB_WASI_FILETYPE_REGULAR_FILE) {
    struct stat st;
    off_t pos = lseek(e->host, 0, SEEK_CUR);
    if (rd && fstat(e->host, &st) == 0 && pos >= 0) s->nbytes = st.st_size > pos ? (uint64_t)(st.st_size - pos) : 0;
    return;
  }
  s->done = false;
  s->pollidx = *npoll;
  pfds[*npoll].fd = e->host;
  pfds[*npoll].events = rd ? POLLIN : POLLOUT;
  pfds[*npoll].revents = 0;
  (*npoll)++;
}

/* Turns a ppoll result into the subscription's event. */
static void finish_fd(sub *s, const struct pollfd *p) {
  short re = p->revents;
  if (!re) return;
  s->done = true;
  if (re & POLLNVAL) {
    s->error = WB_WASI_EBADF;
    return;
  }
  if (re & POLLHUP) s->flags = WB_WASI_EVENTRW_HANGUP;
  if (s->type == WB_WASI_EVENT_FD_READ) {
    int avail = 0;
    if (ioctl(p->fd, FIONREAD, &avail) == 0 && avail > 0) s->nbytes = (uint64_t)avail;
  }
}

WB_WASI_CALL(poll_oneoff) {
  uint32_t in = a[0].u32, out = a[1].u32, n = a[2].u32, nout = a[3].u32;
  if (n == 0) return WB_WASI_EINVAL;
  if (!wb_g_ok(mem, in, (uint64_t)n * WB_WASI_SUBSCRIPTION_SIZE) || !wb_g_ok(mem, out, (uint64_t)n * WB_WASI_EVENT_SIZE) ||
      !wb_g_ok(mem, nout, 4))
    return WB_WASI_EFAULT;
  for (uint32_t i = 0; i < n; i++)
    if (wb_g_ptr(mem, in + i * WB_WASI_SUBSCRIPTION_SIZE)[8] > WB_WASI_EVENT_FD_WRITE) return WB_WASI_EINVAL;
  sub *subs = calloc(n, sizeof *subs);
  struct pollfd *pfds = calloc(n, sizeof *pfds);
  if (!subs || !pfds) {
    free(subs);
    free(pfds);
    return WB_WASI_ENOMEM;
  }
  uint64_t mono = now_ns(CLOCK_MONOTONIC);
  uint64_t deadline = UINT64_MAX;
  int npoll = 0;
  bool any_done = false;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t p = in + i * WB_WASI_SUBSCRIPTION_SIZE;
    sub *s = &subs[i];
    s->userdata = wb_g_u64(mem, p);
    s->type = wb_g_ptr(mem, p)[8];
    s->pollidx = -1;
    s->deadline = UINT64_MAX;
    if (s->type == WB_WASI_EVENT_CLOCK) {
      setup_clock(s, mem, p, mono);
      if (s->deadline < deadline) deadline = s->deadline;
    } else {
      setup_fd(env, s, wb_g_u32(mem, p + 16), pfds, &npoll);
    }
    any_done = any_done || s->done;
  }
  uint16_t err = WB_WASI_ESUCCESS;
  uint32_t count = 0;
  for (;;) {
    uint64_t now = now_ns(CLOCK_MONOTONIC);
    struct timespec ts, *tsp = NULL;
    if (any_done || deadline <= now) {
      ts.tv_sec = 0;
      ts.tv_nsec = 0;
      tsp = &ts;
    } else if (deadline != UINT64_MAX) {
      uint64_t left = deadline - now;
      ts.tv_sec = (time_t)(left / 1000000000u);
      ts.tv_nsec = (long)(left % 1000000000u);
      tsp = &ts;
    }
    int r = ppoll(npoll ? pfds : NULL, (nfds_t)npoll, tsp, NULL);
    if (r < 0 && errno != EINTR) {
      err = wb_wasi_host_errno();
      break;
    }
    if (r > 0)
      for (uint32_t i = 0; i < n; i++)
        if (subs[i].pollidx >= 0) finish_fd(&subs[i], &pfds[subs[i].pollidx]);
    now = now_ns(CLOCK_MONOTONIC);
    count = 0;
    for (uint32_t i = 0; i < n; i++) {
      sub *s = &subs[i];
      if (s->type == WB_WASI_EVENT_CLOCK && !s->done && s->deadline <= now) s->done = true;
      if (s->done) count++;
    }
    if (count) break;
  }
  if (!err) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
      const sub *s = &subs[i];
      if (!s->done) continue;
      uint32_t p = out + k++ * WB_WASI_EVENT_SIZE;
      memset(wb_g_ptr(mem, p), 0, WB_WASI_EVENT_SIZE);
      wb_g_put64(mem, p, s->userdata);
      wb_g_put16(mem, p + 8, s->error);
      wb_g_put8(mem, p + 10, s->type);
      if (s->type != WB_WASI_EVENT_CLOCK) {
        wb_g_put64(mem, p + 16, s->nbytes);
        wb_g_put16(mem, p + 24, s->flags);
      }
    }
    wb_g_put32(mem, nout, count);
  }
  free(subs);
  free(pfds);
  return err;
}
