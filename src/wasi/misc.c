/* wasi/misc.c — the calls that touch no descriptor: arguments and environment, clocks, random
 * bytes (getrandom(2)), proc_exit, proc_raise and sched_yield. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include "wasi/abi.h"
#include "wasi/calls.h"
#include "wasi/env.h"
#include "wasi/errno.h"
#include "wasi/guest.h"

/* Writes a pointer array and the strings it points to (args_get, environ_get). */
static uint16_t put_strings(wb_memory *mem, uint32_t ptrs, uint32_t buf, const char *data, uint32_t len,
                            uint32_t count) {
  if (!wb_g_ok(mem, ptrs, (uint64_t)count * 4) || !wb_g_ok(mem, buf, len)) return WB_WASI_EFAULT;
  uint32_t off = 0;
  for (uint32_t i = 0; i < count; i++) {
    wb_g_put32(mem, ptrs + i * 4, buf + off);
    off += (uint32_t)strlen(data + off) + 1;
  }
  memcpy(wb_g_ptr(mem, buf), data, len);
  return WB_WASI_ESUCCESS;
}

static uint16_t put_sizes(wb_memory *mem, uint32_t count_ptr, uint32_t size_ptr, uint32_t count, uint32_t size) {
  if (!wb_g_ok(mem, count_ptr, 4) || !wb_g_ok(mem, size_ptr, 4)) return WB_WASI_EFAULT;
  wb_g_put32(mem, count_ptr, count);
  wb_g_put32(mem, size_ptr, size);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(args_get) { return put_strings(mem, a[0].u32, a[1].u32, env->args, env->args_len, env->nargs); }
WB_WASI_CALL(args_sizes_get) { return put_sizes(mem, a[0].u32, a[1].u32, env->nargs, env->args_len); }
WB_WASI_CALL(environ_get) {
  return put_strings(mem, a[0].u32, a[1].u32, env->environ, env->environ_len, env->nenviron);
}
WB_WASI_CALL(environ_sizes_get) { return put_sizes(mem, a[0].u32, a[1].u32, env->nenviron, env->environ_len); }

static bool host_clock(uint32_t id, clockid_t *out) {
  switch (id) {
  case WB_WASI_CLOCK_REALTIME: *out = CLOCK_REALTIME; return true;
  case WB_WASI_CLOCK_MONOTONIC: *out = CLOCK_MONOTONIC; return true;
  case WB_WASI_CLOCK_PROCESS_CPUTIME: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
  case WB_WASI_CLOCK_THREAD_CPUTIME: *out = CLOCK_THREAD_CPUTIME_ID; return true;
  }
  return false;
}

WB_WASI_CALL(clock_res_get) {
  (void)env;
  clockid_t c;
  struct timespec ts;
  if (!host_clock(a[0].u32, &c)) return WB_WASI_EINVAL;
  if (!wb_g_ok(mem, a[1].u32, 8)) return WB_WASI_EFAULT;
  if (clock_getres(c, &ts) != 0) return wb_wasi_host_errno();
  uint64_t ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
  wb_g_put64(mem, a[1].u32, ns ? ns : 1); /* the spec wants a non-zero resolution */
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(clock_time_get) {
  (void)env;
  clockid_t c;
  struct timespec ts;
  if (!host_clock(a[0].u32, &c)) return WB_WASI_EINVAL;
  if (!wb_g_ok(mem, a[2].u32, 8)) return WB_WASI_EFAULT;
  if (clock_gettime(c, &ts) != 0) return wb_wasi_host_errno();
  if (ts.tv_sec < 0) return WB_WASI_EOVERFLOW;
  wb_g_put64(mem, a[2].u32, (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(proc_exit) {
  (void)mem;
  env->exited = true;
  env->exit_pending = true;
  env->exit_code = (int)a[0].u32;
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(proc_raise) {
  (void)env;
  (void)mem;
  /* Raising a real signal would kill the runtime, not the guest: WASI programs get no signals. */
  return a[0].u32 > WB_WASI_SIGNAL_MAX ? WB_WASI_EINVAL : WB_WASI_ENOSYS;
}

WB_WASI_CALL(sched_yield) {
  (void)env;
  (void)mem;
  (void)a;
  sched_yield();
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(random_get) {
  (void)env;
  uint32_t p = a[0].u32, len = a[1].u32;
  if (!wb_g_ok(mem, p, len)) return WB_WASI_EFAULT;
  uint8_t *dst = wb_g_ptr(mem, p);
  size_t done = 0;
  while (done < len) {
    ssize_t n = getrandom(dst + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return wb_wasi_host_errno();
    }
    done += (size_t)n;
  }
  return WB_WASI_ESUCCESS;
}
