/* wasi/fd.c — calls on a descriptor's state: close, renumber, fdstat (flags, rights), filestat
 * (size, times), seek and tell, sync, advise, allocate, and the preopen descriptions.
 * Kind mismatches answer as Wasmtime does (mostly `badf`); missing rights answer `notcapable`;
 * mutations beneath a read-only preopen answer `perm`. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "wasi/abi.h"
#include "wasi/calls.h"
#include "wasi/env.h"
#include "wasi/errno.h"
#include "wasi/guest.h"

/* The entry for a call that needs `right` on a host file (not a directory, socket or memory stream). */
static uint16_t get_file(wb_wasi_env *env, uint32_t fd, uint64_t right, wb_wasi_fd **out) {
  wb_wasi_fd *e = wb_wasi_lookup(env, fd);
  if (!e || e->kind != WB_WASI_FD_HOST) return WB_WASI_EBADF;
  if (!(e->rights_base & right)) return WB_WASI_ENOTCAPABLE;
  *out = e;
  return WB_WASI_ESUCCESS;
}

static bool seekable_kind(const wb_wasi_fd *e) {
  return e->kind == WB_WASI_FD_HOST;
}

/* What a missing seek/tell right means: a stream (pipe, tty) could never seek anyway, and says
 * so with `spipe` as Wasmtime's stdio does; a file whose right was dropped is `notcapable`. */
static uint16_t no_seek_right(const wb_wasi_fd *e) {
  return e->filetype == WB_WASI_FILETYPE_REGULAR_FILE || e->filetype == WB_WASI_FILETYPE_BLOCK_DEVICE
             ? WB_WASI_ENOTCAPABLE
             : WB_WASI_ESPIPE;
}

WB_WASI_CALL(fd_advise) {
  (void)mem;
  wb_wasi_fd *e;
  uint16_t r = get_file(env, a[0].u32, WB_WASI_RIGHT_FD_ADVISE, &e);
  if (r) return r;
  uint64_t off = a[1].u64, len = a[2].u64;
  uint32_t advice = a[3].u32;
  static const int host_advice[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                    POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  if (advice > WB_WASI_ADVICE_NOREUSE || off > INT64_MAX || len > INT64_MAX) return WB_WASI_EINVAL;
  int err = posix_fadvise(e->host, (off_t)off, (off_t)len, host_advice[advice]);
  return wb_wasi_errno_from_host(err);
}

WB_WASI_CALL(fd_allocate) {
  (void)mem;
  wb_wasi_fd *e;
  uint16_t r = get_file(env, a[0].u32, WB_WASI_RIGHT_FD_ALLOCATE, &e);
  if (r) return r;
  if (e->read_only) return WB_WASI_EPERM;
  uint64_t off = a[1].u64, len = a[2].u64;
  if (off > INT64_MAX || len > INT64_MAX || off + len > INT64_MAX) return WB_WASI_EINVAL;
  if (len == 0) return WB_WASI_EINVAL; /* as posix_fallocate(3) */
  int err;
  do err = posix_fallocate(e->host, (off_t)off, (off_t)len);
  while (err == EINTR);
  return wb_wasi_errno_from_host(err);
}

WB_WASI_CALL(fd_close) {
  (void)mem;
  if (!wb_wasi_lookup(env, a[0].u32)) return WB_WASI_EBADF;
  wb_wasi_fdtable_close(&env->fds, a[0].u32);
  return WB_WASI_ESUCCESS;
}

static uint16_t do_sync(wb_wasi_env *env, uint32_t fd, uint64_t right, bool data_only) {
  wb_wasi_fd *e = wb_wasi_lookup(env, fd);
  if (!e || (e->kind != WB_WASI_FD_HOST && e->kind != WB_WASI_FD_DIR)) return WB_WASI_EBADF;
  if (!(e->rights_base & right) && e->kind == WB_WASI_FD_HOST) return WB_WASI_ENOTCAPABLE;
  int r = data_only ? fdatasync(e->host) : fsync(e->host);
  return r == 0 ? WB_WASI_ESUCCESS : wb_wasi_host_errno();
}

WB_WASI_CALL(fd_datasync) { (void)mem; return do_sync(env, a[0].u32, WB_WASI_RIGHT_FD_DATASYNC, true); }
WB_WASI_CALL(fd_sync) { (void)mem; return do_sync(env, a[0].u32, WB_WASI_RIGHT_FD_SYNC, false); }

/* The fdflags a descriptor shows. */
static uint16_t current_fdflags(const wb_wasi_fd *e) {
  if (e->emulated_flags || e->host < 0) return e->fdflags;
  int fl = fcntl(e->host, F_GETFL);
  if (fl < 0) return e->fdflags;
  uint16_t f = 0;
  if (fl & O_APPEND) f |= WB_WASI_FDFLAG_APPEND;
  if (fl & O_NONBLOCK) f |= WB_WASI_FDFLAG_NONBLOCK;
  /* O_SYNC includes O_DSYNC's bit on Linux, so test the wider one first. */
  if ((fl & O_SYNC) == O_SYNC) f |= WB_WASI_FDFLAG_SYNC;
  else if (fl & O_DSYNC) f |= WB_WASI_FDFLAG_DSYNC;
  if (e->fdflags & WB_WASI_FDFLAG_RSYNC) f |= WB_WASI_FDFLAG_RSYNC; /* Linux keeps no O_RSYNC of its own */
  return f;
}

WB_WASI_CALL(fd_fdstat_get) {
  wb_wasi_fd *e = wb_wasi_lookup(env, a[0].u32);
  uint32_t p = a[1].u32;
  if (!e) return WB_WASI_EBADF;
  if (!wb_g_ok(mem, p, WB_WASI_FDSTAT_SIZE)) return WB_WASI_EFAULT;
  memset(wb_g_ptr(mem, p), 0, WB_WASI_FDSTAT_SIZE);
  wb_g_put8(mem, p, e->filetype);
  wb_g_put16(mem, p + 2, current_fdflags(e));
  wb_g_put64(mem, p + 8, e->rights_base);
  wb_g_put64(mem, p + 16, e->rights_inheriting);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(fd_fdstat_set_flags) {
  (void)mem;
  wb_wasi_fd *e = wb_wasi_lookup(env, a[0].u32);
  uint32_t flags = a[1].u32;
  if (!e || e->kind == WB_WASI_FD_DIR) return WB_WASI_EBADF;
  if (flags & ~(uint32_t)WB_WASI_FDFLAGS_ALL) return WB_WASI_EINVAL;
  if (!(e->rights_base & WB_WASI_RIGHT_FD_FDSTAT_SET_FLAGS)) return WB_WASI_ENOTCAPABLE;
  /* Linux cannot change the sync flags of an open file (F_SETFL ignores them), nor can Wasmtime. */
  if (flags & (WB_WASI_FDFLAG_DSYNC | WB_WASI_FDFLAG_RSYNC | WB_WASI_FDFLAG_SYNC)) return WB_WASI_EINVAL;
  if (e->emulated_flags || e->host < 0) {
    /* A shared host descriptor (inherited stdio) keeps its flags: the shell's terminal must not
     * be left non-blocking. Reads and writes honour the emulated NONBLOCK. */
    e->fdflags = (uint16_t)flags;
    return WB_WASI_ESUCCESS;
  }
  int fl = fcntl(e->host, F_GETFL);
  if (fl < 0) return wb_wasi_host_errno();
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & WB_WASI_FDFLAG_APPEND) fl |= O_APPEND;
  if (flags & WB_WASI_FDFLAG_NONBLOCK) fl |= O_NONBLOCK;
  if (fcntl(e->host, F_SETFL, fl) < 0) return wb_wasi_host_errno();
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(fd_fdstat_set_rights) {
  (void)mem;
  wb_wasi_fd *e = wb_wasi_lookup(env, a[0].u32);
  uint64_t base = a[1].u64, inh = a[2].u64;
  if (!e) return WB_WASI_EBADF;
  if ((base | inh) & ~WB_WASI_RIGHTS_ALL) return WB_WASI_EINVAL;
  if ((base & ~e->rights_base) || (inh & ~e->rights_inheriting)) return WB_WASI_ENOTCAPABLE;
  e->rights_base = base;
  e->rights_inheriting = inh;
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(fd_filestat_get) {
  wb_wasi_fd *e = wb_wasi_lookup(env, a[0].u32);
  uint32_t p = a[1].u32;
  if (!e) return WB_WASI_EBADF;
  if (!(e->rights_base & WB_WASI_RIGHT_FD_FILESTAT_GET)) return WB_WASI_ENOTCAPABLE;
  if (!wb_g_ok(mem, p, WB_WASI_FILESTAT_SIZE)) return WB_WASI_EFAULT;
  if (e->host < 0) {
    memset(wb_g_ptr(mem, p), 0, WB_WASI_FILESTAT_SIZE);
    wb_g_put8(mem, p + 16, e->filetype);
    return WB_WASI_ESUCCESS;
  }
  struct stat st;
  if (fstat(e->host, &st) != 0) return wb_wasi_host_errno();
  wb_wasi_put_filestat(mem, p, &st, e->filetype);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(fd_filestat_set_size) {
  (void)mem;
  wb_wasi_fd *e;
  uint16_t r = get_file(env, a[0].u32, WB_WASI_RIGHT_FD_FILESTAT_SET_SIZE, &e);
  if (r) return r;
  if (e->read_only) return WB_WASI_EPERM;
  if (a[1].u64 > INT64_MAX) return WB_WASI_EINVAL;
  int rc;
  do rc = ftruncate(e->host, (off_t)a[1].u64);
  while (rc != 0 && errno == EINTR);
  return rc == 0 ? WB_WASI_ESUCCESS : wb_wasi_host_errno();
}

WB_WASI_CALL(fd_filestat_set_times) {
  (void)mem;
  wb_wasi_fd *e = wb_wasi_lookup(env, a[0].u32);
  if (!e || (e->kind != WB_WASI_FD_HOST && e->kind != WB_WASI_FD_DIR) || !e->owned) return WB_WASI_EBADF;
  if (!(e->rights_base & WB_WASI_RIGHT_FD_FILESTAT_SET_TIMES)) return WB_WASI_ENOTCAPABLE;
  struct timespec ts[2];
  uint16_t r = wb_wasi_times(a[1].u64, a[2].u64, a[3].u32, ts);
  if (r) return r;
  if (e->read_only) return WB_WASI_EPERM;
  if (futimens(e->host, ts) == 0) return WB_WASI_ESUCCESS;
  if (errno != EBADF) return wb_wasi_host_errno();
  /* An O_PATH descriptor (a directory that could not be opened for reading) takes no futimens. */
  char proc[64];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", e->host);
  return utimensat(AT_FDCWD, proc, ts, 0) == 0 ? WB_WASI_ESUCCESS : wb_wasi_host_errno();
}

WB_WASI_CALL(fd_prestat_get) {
  wb_wasi_fd *e = wb_wasi_lookup(env, a[0].u32);
  uint32_t p = a[1].u32;
  if (!e || !e->preopen) return WB_WASI_EBADF;
  if (!wb_g_ok(mem, p, WB_WASI_PRESTAT_SIZE)) return WB_WASI_EFAULT;
  memset(wb_g_ptr(mem, p), 0, WB_WASI_PRESTAT_SIZE);
  wb_g_put8(mem, p, WB_WASI_PREOPEN_DIR);
  wb_g_put32(mem, p + 4, (uint32_t)strlen(e->preopen));
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(fd_prestat_dir_name) {
  wb_wasi_fd *e = wb_wasi_lookup(env, a[0].u32);
  uint32_t p = a[1].u32, len = a[2].u32;
  if (!e) return WB_WASI_EBADF;
  if (!e->preopen) return WB_WASI_ENOTDIR; /* as Wasmtime */
  size_t n = strlen(e->preopen);
  if (len < n) return WB_WASI_ENAMETOOLONG;
  if (!wb_g_ok(mem, p, n)) return WB_WASI_EFAULT;
  memcpy(wb_g_ptr(mem, p), e->preopen, n);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(fd_renumber) {
  (void)mem;
  uint32_t from = a[0].u32, to = a[1].u32;
  if (!wb_wasi_lookup(env, from) || to >= WB_WASI_MAX_FDS) return WB_WASI_EBADF;
  return wb_wasi_fdtable_move(&env->fds, from, to) ? WB_WASI_ESUCCESS : WB_WASI_ENOMEM;
}

WB_WASI_CALL(fd_seek) {
  wb_wasi_fd *e = wb_wasi_lookup(env, a[0].u32);
  int64_t off = a[1].i64;
  uint32_t whence = a[2].u32, p = a[3].u32;
  if (!e || e->kind == WB_WASI_FD_DIR || e->kind == WB_WASI_FD_SOCKET) return WB_WASI_EBADF;
  if (!seekable_kind(e)) return WB_WASI_ESPIPE;
  /* fd_seek(0, cur) is how libc asks for the position, so fd_tell's right also allows it. */
  uint64_t need = whence == WB_WASI_WHENCE_CUR && off == 0 ? WB_WASI_RIGHT_FD_TELL | WB_WASI_RIGHT_FD_SEEK
                                                          : WB_WASI_RIGHT_FD_SEEK;
  if (!(e->rights_base & need)) return no_seek_right(e);
  int hw;
  switch (whence) {
  case WB_WASI_WHENCE_SET: hw = SEEK_SET; break;
  case WB_WASI_WHENCE_CUR: hw = SEEK_CUR; break;
  case WB_WASI_WHENCE_END: hw = SEEK_END; break;
  default: return WB_WASI_EINVAL;
  }
  if (!wb_g_ok(mem, p, 8)) return WB_WASI_EFAULT;
  off_t r = lseek(e->host, (off_t)off, hw);
  if (r < 0) return wb_wasi_host_errno();
  wb_g_put64(mem, p, (uint64_t)r);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(fd_tell) {
  wb_wasi_fd *e = wb_wasi_lookup(env, a[0].u32);
  uint32_t p = a[1].u32;
  if (!e || e->kind == WB_WASI_FD_DIR || e->kind == WB_WASI_FD_SOCKET) return WB_WASI_EBADF;
  if (!seekable_kind(e)) return WB_WASI_ESPIPE;
  if (!(e->rights_base & WB_WASI_RIGHT_FD_TELL)) return no_seek_right(e);
  if (!wb_g_ok(mem, p, 8)) return WB_WASI_EFAULT;
  off_t r = lseek(e->host, 0, SEEK_CUR);
  if (r < 0) return wb_wasi_host_errno();
  wb_g_put64(mem, p, (uint64_t)r);
  return WB_WASI_ESUCCESS;
}
