/* wasi/io.c — the data calls: fd_read, fd_write (the hot path of every printf: one readv/writev
 * straight to the host descriptor, no buffering), fd_pread, fd_pwrite, and fd_readdir with its
 * cookies. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "wasi/abi.h"
#include "wasi/calls.h"
#include "wasi/env.h"
#include "wasi/errno.h"
#include "wasi/guest.h"

#define MAX_IOV 1024 /* IOV_MAX on Linux; longer arrays make a short read or write */

/* Emulated O_NONBLOCK on a shared descriptor: would the operation block? */
static bool would_block(const wb_wasi_fd *e, short events) {
  if (!e->emulated_flags || !(e->fdflags & WB_WASI_FDFLAG_NONBLOCK)) return false;
  struct pollfd p = {e->host, events, 0};
  int r;
  do r = poll(&p, 1, 0);
  while (r < 0 && errno == EINTR);
  return r == 0;
}

/* Copies from an input buffer into the iovecs. */
static size_t mem_read(wb_wasi_membuf *b, const struct iovec *iov, int n) {
  size_t done = 0;
  for (int i = 0; i < n && b->pos < b->len; i++) {
    size_t k = b->len - b->pos < iov[i].iov_len ? b->len - b->pos : iov[i].iov_len;
    memcpy(iov[i].iov_base, b->data + b->pos, k);
    b->pos += k;
    done += k;
  }
  return done;
}

/* What fd_read/fd_pread/fd_write/fd_pwrite share: the arguments (fd, iovs, iovs_len,
 * [offset,] result pointer), the descriptor's kind and rights, and the guest's iovecs gathered
 * into host ones. `wrong_kind` is the buffer kind that cannot serve this direction. */
typedef struct io_call {
  wb_wasi_fd *e;
  uint64_t off;
  uint32_t out;
  struct iovec iov[MAX_IOV];
  int cnt;
  uint64_t total;
} io_call;

static uint16_t io_begin(wb_wasi_env *env, wb_memory *mem, const wb_value *a, bool positional,
                         int wrong_kind, uint64_t right, io_call *c) {
  wb_wasi_fd *e = c->e = wb_wasi_lookup(env, a[0].u32);
  uint32_t iovs = a[1].u32, n = a[2].u32;
  c->off = positional ? a[3].u64 : 0;
  c->out = positional ? a[4].u32 : a[3].u32;
  if (!e || e->kind == WB_WASI_FD_DIR || (int)e->kind == wrong_kind) return WB_WASI_EBADF;
  if (positional) {
    if (e->kind != WB_WASI_FD_HOST) return e->kind == WB_WASI_FD_SOCKET ? WB_WASI_EBADF : WB_WASI_ESPIPE;
    if (!(e->rights_base & WB_WASI_RIGHT_FD_SEEK))
      return e->filetype == WB_WASI_FILETYPE_REGULAR_FILE ? WB_WASI_ENOTCAPABLE : WB_WASI_ESPIPE;
  }
  if (!(e->rights_base & right)) return WB_WASI_ENOTCAPABLE;
  if (positional && c->off > INT64_MAX) return WB_WASI_EINVAL;
  uint16_t r = wb_g_iovecs(mem, iovs, n, c->iov, MAX_IOV, &c->cnt, &c->total);
  if (r) return r;
  if (!wb_g_ok(mem, c->out, 4)) return WB_WASI_EFAULT;
  return WB_WASI_ESUCCESS;
}

static uint16_t do_read(wb_wasi_env *env, wb_memory *mem, const wb_value *a, bool positional) {
  io_call c;
  uint16_t r = io_begin(env, mem, a, positional, WB_WASI_FD_MEMOUT, WB_WASI_RIGHT_FD_READ, &c);
  if (r) return r;
  wb_wasi_fd *e = c.e;
  struct iovec *iov = c.iov;
  int cnt = c.cnt;
  uint64_t off = c.off;
  uint32_t out = c.out;
  ssize_t got;
  switch (e->kind) {
  case WB_WASI_FD_MEMIN: got = (ssize_t)mem_read(e->buf, iov, cnt); break;
  case WB_WASI_FD_NULL: got = 0; break;
  default:
    if (!cnt) {
      got = 0;
      break;
    }
    if (would_block(e, POLLIN)) return WB_WASI_EAGAIN;
    do got = positional ? preadv(e->host, iov, cnt, (off_t)off) : readv(e->host, iov, cnt);
    while (got < 0 && errno == EINTR);
    if (got < 0) return wb_wasi_host_errno();
  }
  wb_g_put32(mem, out, (uint32_t)got);
  return WB_WASI_ESUCCESS;
}

static uint16_t do_write(wb_wasi_env *env, wb_memory *mem, const wb_value *a, bool positional) {
  io_call c;
  uint16_t r = io_begin(env, mem, a, positional, WB_WASI_FD_MEMIN, WB_WASI_RIGHT_FD_WRITE, &c);
  if (r) return r;
  wb_wasi_fd *e = c.e;
  struct iovec *iov = c.iov;
  int cnt = c.cnt;
  uint64_t off = c.off, total = c.total;
  uint32_t out = c.out;
  ssize_t put;
  switch (e->kind) {
  case WB_WASI_FD_MEMOUT:
    for (int i = 0; i < cnt; i++)
      if (!wb_wasi_membuf_append(e->buf, iov[i].iov_base, iov[i].iov_len)) return WB_WASI_ENOMEM;
    put = (ssize_t)total;
    break;
  case WB_WASI_FD_NULL: put = (ssize_t)total; break;
  case WB_WASI_FD_SOCKET: {
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = iov;
    msg.msg_iovlen = (size_t)cnt;
    do put = cnt ? sendmsg(e->host, &msg, MSG_NOSIGNAL) : 0;
    while (put < 0 && errno == EINTR);
    if (put < 0) return wb_wasi_host_errno();
    break;
  }
  default:
    if (!cnt) {
      put = 0;
      break;
    }
    if (would_block(e, POLLOUT)) return WB_WASI_EAGAIN;
    do put = positional ? pwritev(e->host, iov, cnt, (off_t)off) : writev(e->host, iov, cnt);
    while (put < 0 && errno == EINTR);
    if (put < 0) return wb_wasi_host_errno();
  }
  wb_g_put32(mem, out, (uint32_t)put);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(fd_read) { return do_read(env, mem, a, false); }
WB_WASI_CALL(fd_pread) { return do_read(env, mem, a, true); }
WB_WASI_CALL(fd_write) { return do_write(env, mem, a, false); }
WB_WASI_CALL(fd_pwrite) { return do_write(env, mem, a, true); }

/* ---- fd_readdir ----
 * Cookies are positions in the listing: 0 is ".", 1 is "..", 2+i the i-th other entry in the
 * host's order. The stream keeps its place between calls, so reading a directory through
 * consecutive cookies costs one pass; an earlier cookie rewinds. */

static uint8_t dirent_type(DIR *d, const struct dirent *de) {
  switch (de->d_type) {
  case DT_BLK: return WB_WASI_FILETYPE_BLOCK_DEVICE;
  case DT_CHR: return WB_WASI_FILETYPE_CHARACTER_DEVICE;
  case DT_DIR: return WB_WASI_FILETYPE_DIRECTORY;
  case DT_REG: return WB_WASI_FILETYPE_REGULAR_FILE;
  case DT_LNK: return WB_WASI_FILETYPE_SYMBOLIC_LINK;
  case DT_SOCK: return WB_WASI_FILETYPE_SOCKET_STREAM;
  case DT_FIFO: return WB_WASI_FILETYPE_UNKNOWN;
  default: {
    struct stat st;
    if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) return WB_WASI_FILETYPE_UNKNOWN;
    return wb_wasi_filetype_of_mode(st.st_mode);
  }
  }
}

static bool is_dot(const char *s) { return s[0] == '.' && (!s[1] || (s[1] == '.' && !s[2])); }

/* The next entry other than . and ..; *pos receives the stream position before it. */
static struct dirent *next_entry(DIR *d, long *pos) {
  for (;;) {
    *pos = telldir(d);
    errno = 0;
    struct dirent *de = readdir(d);
    if (!de || !is_dot(de->d_name)) return de;
  }
}

WB_WASI_CALL(fd_readdir) {
  wb_wasi_fd *e = wb_wasi_lookup(env, a[0].u32);
  uint32_t buf = a[1].u32, buf_len = a[2].u32, out = a[4].u32;
  uint64_t cookie = a[3].u64;
  if (!e || e->kind != WB_WASI_FD_DIR) return WB_WASI_EBADF;
  if (!(e->rights_base & WB_WASI_RIGHT_FD_READDIR)) return WB_WASI_ENOTCAPABLE;
  if (!wb_g_ok(mem, buf, buf_len) || !wb_g_ok(mem, out, 4)) return WB_WASI_EFAULT;
  if (!e->dir) {
    /* A descriptor of its own, so the stream's offset is not shared with anything else. */
    int d = openat(e->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0) return wb_wasi_host_errno();
    e->dir = fdopendir(d);
    if (!e->dir) {
      uint16_t r = wb_wasi_host_errno();
      close(d);
      return r;
    }
    e->dir_next = 0;
  }
  struct stat self;
  if (fstat(e->host, &self) != 0) return wb_wasi_host_errno();
  uint8_t *dst = wb_g_ptr(mem, buf);
  uint32_t used = 0;
  for (uint64_t idx = cookie; used < buf_len; idx++) {
    const char *name;
    uint64_t ino;
    uint8_t type;
    long pos = -1;
    if (idx < 2) {
      name = idx == 0 ? "." : "..";
      ino = (uint64_t)self.st_ino; /* ".." shows the directory itself: its parent may be outside the sandbox */
      type = WB_WASI_FILETYPE_DIRECTORY;
    } else {
      uint64_t want = idx - 2;
      if (want < e->dir_next) {
        rewinddir(e->dir);
        e->dir_next = 0;
      }
      struct dirent *de = NULL;
      while (e->dir_next < want) {
        de = next_entry(e->dir, &pos);
        if (!de) break;
        e->dir_next++;
      }
      de = e->dir_next == want ? next_entry(e->dir, &pos) : NULL;
      if (!de) {
        if (errno) return wb_wasi_host_errno();
        break;
      }
      e->dir_next++;
      name = de->d_name;
      ino = (uint64_t)de->d_ino;
      type = dirent_type(e->dir, de);
    }
    uint32_t namlen = (uint32_t)strlen(name);
    uint8_t head[WB_WASI_DIRENT_SIZE];
    memset(head, 0, sizeof head);
    uint64_t next = idx + 1;
    memcpy(head, &next, 8);
    memcpy(head + 8, &ino, 8);
    memcpy(head + 16, &namlen, 4);
    head[20] = type;
    uint32_t room = buf_len - used;
    uint32_t k = room < WB_WASI_DIRENT_SIZE ? room : WB_WASI_DIRENT_SIZE;
    memcpy(dst + used, head, k);
    used += k;
    room -= k;
    uint32_t nk = room < namlen ? room : namlen;
    memcpy(dst + used, name, nk);
    used += nk;
    if (k < WB_WASI_DIRENT_SIZE || nk < namlen) {
      /* Cut short: the caller will ask again from this entry's cookie with a bigger buffer. */
      if (pos >= 0) {
        seekdir(e->dir, pos);
        e->dir_next--;
      }
      break;
    }
  }
  wb_g_put32(mem, out, used);
  return WB_WASI_ESUCCESS;
}
