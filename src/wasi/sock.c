/* wasi/sock.c — sock_accept, sock_recv, sock_send and sock_shutdown on the sockets handed to the
 * program (listening sockets from --tcplisten and the connections accepted from them). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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

#define MAX_IOV 1024

/* The entry of a socket call: `notsock` for a descriptor that is not a socket. */
static uint16_t get_sock(wb_wasi_env *env, uint32_t fd, uint64_t right, wb_wasi_fd **out) {
  wb_wasi_fd *e = wb_wasi_lookup(env, fd);
  if (!e) return WB_WASI_EBADF;
  if (e->kind != WB_WASI_FD_SOCKET) return WB_WASI_ENOTSOCK;
  if (!(e->rights_base & right)) return WB_WASI_ENOTCAPABLE;
  *out = e;
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(sock_accept) {
  wb_wasi_fd *e;
  uint32_t flags = a[1].u32, out = a[2].u32;
  uint16_t r = get_sock(env, a[0].u32, WB_WASI_RIGHT_SOCK_ACCEPT, &e);
  if (r) return r;
  /* Only NONBLOCK means something for a new connection. */
  if (flags & ~(uint32_t)WB_WASI_FDFLAG_NONBLOCK) return WB_WASI_EINVAL;
  if (!wb_g_ok(mem, out, 4)) return WB_WASI_EFAULT;
  int c;
  do c = accept4(e->host, NULL, NULL, SOCK_CLOEXEC | ((flags & WB_WASI_FDFLAG_NONBLOCK) ? SOCK_NONBLOCK : 0));
  while (c < 0 && errno == EINTR);
  if (c < 0) return wb_wasi_host_errno();
  wb_wasi_fd ce = wb_wasi_fd_make(WB_WASI_FD_SOCKET, c, true);
  ce.filetype = WB_WASI_FILETYPE_SOCKET_STREAM;
  ce.rights_base = WB_WASI_RIGHTS_SOCKET;
  ce.rights_inheriting = 0;
  uint32_t fd;
  if (!wb_wasi_fdtable_insert(&env->fds, &ce, &fd)) {
    close(c);
    return WB_WASI_EMFILE;
  }
  wb_g_put32(mem, out, fd);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(sock_recv) {
  wb_wasi_fd *e;
  uint32_t iovs = a[1].u32, n = a[2].u32, riflags = a[3].u32, out_len = a[4].u32, out_flags = a[5].u32;
  uint16_t r = get_sock(env, a[0].u32, WB_WASI_RIGHT_FD_READ, &e);
  if (r) return r;
  if (riflags & ~(uint32_t)(WB_WASI_RECV_PEEK | WB_WASI_RECV_WAITALL)) return WB_WASI_EINVAL;
  struct iovec iov[MAX_IOV];
  int cnt;
  uint64_t total;
  if ((r = wb_g_iovecs(mem, iovs, n, iov, MAX_IOV, &cnt, &total))) return r;
  if (!wb_g_ok(mem, out_len, 4) || !wb_g_ok(mem, out_flags, 2)) return WB_WASI_EFAULT;
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_iov = iov;
  msg.msg_iovlen = (size_t)cnt;
  int fl = 0;
  if (riflags & WB_WASI_RECV_PEEK) fl |= MSG_PEEK;
  if (riflags & WB_WASI_RECV_WAITALL) fl |= MSG_WAITALL;
  ssize_t got;
  do got = cnt ? recvmsg(e->host, &msg, fl) : 0;
  while (got < 0 && errno == EINTR);
  if (got < 0) return wb_wasi_host_errno();
  wb_g_put32(mem, out_len, (uint32_t)got);
  wb_g_put16(mem, out_flags, (msg.msg_flags & MSG_TRUNC) ? WB_WASI_RECV_DATA_TRUNCATED : 0);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(sock_send) {
  wb_wasi_fd *e;
  uint32_t iovs = a[1].u32, n = a[2].u32, siflags = a[3].u32, out = a[4].u32;
  uint16_t r = get_sock(env, a[0].u32, WB_WASI_RIGHT_FD_WRITE, &e);
  if (r) return r;
  if (siflags) return WB_WASI_EINVAL; /* no siflags are defined */
  struct iovec iov[MAX_IOV];
  int cnt;
  uint64_t total;
  if ((r = wb_g_iovecs(mem, iovs, n, iov, MAX_IOV, &cnt, &total))) return r;
  if (!wb_g_ok(mem, out, 4)) return WB_WASI_EFAULT;
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_iov = iov;
  msg.msg_iovlen = (size_t)cnt;
  ssize_t put;
  do put = cnt ? sendmsg(e->host, &msg, MSG_NOSIGNAL) : 0;
  while (put < 0 && errno == EINTR);
  if (put < 0) return wb_wasi_host_errno();
  wb_g_put32(mem, out, (uint32_t)put);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(sock_shutdown) {
  (void)mem;
  wb_wasi_fd *e;
  uint32_t how = a[1].u32;
  uint16_t r = get_sock(env, a[0].u32, WB_WASI_RIGHT_SOCK_SHUTDOWN, &e);
  if (r) return r;
  int h;
  switch (how) {
  case WB_WASI_SHUT_RD: h = SHUT_RD; break;
  case WB_WASI_SHUT_WR: h = SHUT_WR; break;
  case WB_WASI_SHUT_RD | WB_WASI_SHUT_WR: h = SHUT_RDWR; break;
  default: return WB_WASI_EINVAL;
  }
  return shutdown(e->host, h) == 0 ? WB_WASI_ESUCCESS : wb_wasi_host_errno();
}
