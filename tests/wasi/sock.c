/* tests/wasi/sock.c — sock_accept, sock_recv, sock_send and sock_shutdown on a listening socket
 * handed over with --tcplisten. The runner's client connects once, sends "ping\n", reads until
 * the server shuts down its sending side, then sends "bye\n" and closes. */
#include "wasitest.h"

/* The first fd whose filetype is socket_stream: the listener (it comes before the preopens). */
static int find_socket(void) {
  for (__wasi_fd_t fd = 3; fd < 64; fd++) {
    __wasi_fdstat_t st;
    if (__wasi_fd_fdstat_get(fd, &st) == 0 && st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM)
      return (int)fd;
  }
  return -1;
}

/* Waits until FD is readable (or 20 s pass), with poll_oneoff. */
static void wait_readable(__wasi_fd_t fd) {
  __wasi_subscription_t subs[2];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 1;
  subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[0].u.u.fd_read.file_descriptor = fd;
  subs[1].userdata = 2;
  subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[1].u.u.clock.timeout = 20000000000ull;
  __wasi_event_t ev[2];
  __wasi_size_t n;
  __wasi_errno_t e = __wasi_poll_oneoff(subs, ev, 2, &n);
  WT_CHECK(e == 0 && n >= 1 && ev[0].userdata == 1, "waiting for fd %u: %s", (unsigned)fd,
           wt_errname(e));
}

/* Receives up to the first newline (or end of stream) into BUF with sock_recv. */
static long recv_line(__wasi_fd_t fd, char *buf, size_t cap) {
  size_t len = 0;
  while (len + 1 < cap) {
    __wasi_iovec_t iov = {(uint8_t *)buf + len, 1};
    __wasi_size_t n = 0;
    __wasi_roflags_t ro = 0;
    __wasi_errno_t e = __wasi_sock_recv(fd, &iov, 1, 0, &n, &ro);
    if (e) {
      printf("sock_recv: %s\n", wt_errname(e));
      return -1;
    }
    if (n == 0) break;
    len += n;
    if (buf[len - 1] == '\n') break;
  }
  buf[len] = 0;
  return (long)len;
}

int main(void) {
  int lfd = find_socket();
  printf("listening socket found: %s\n", lfd >= 0 ? "yes" : "no");
  if (lfd < 0) return 1;
  __wasi_fdstat_t st;
  (void)!__wasi_fd_fdstat_get((__wasi_fd_t)lfd, &st);
  printf("listener accept right: %d\n", !!(st.fs_rights_base & __WASI_RIGHTS_SOCK_ACCEPT));

  /* The listener may be non-blocking (as Wasmtime's): wait for the client, then accept. */
  __wasi_fd_t conn = 0;
  __wasi_errno_t e = __WASI_ERRNO_AGAIN;
  for (int tries = 0; tries < 5 && e == __WASI_ERRNO_AGAIN; tries++) {
    e = __wasi_sock_accept((__wasi_fd_t)lfd, 0, &conn);
    if (e == __WASI_ERRNO_AGAIN) wait_readable((__wasi_fd_t)lfd);
  }
  printf("sock_accept: %s\n", wt_errname(e));
  if (e) return 1;
  (void)!__wasi_fd_fdstat_get(conn, &st);
  printf("connection is a %s\n", wt_filetype(st.fs_filetype));

  /* Peek at the first byte: it stays in the stream for the next receive. */
  char peek[2] = {0};
  __wasi_iovec_t piov = {(uint8_t *)peek, 1};
  __wasi_size_t n = 0;
  __wasi_roflags_t ro = 0;
  e = __wasi_sock_recv(conn, &piov, 1, __WASI_RIFLAGS_RECV_PEEK, &n, &ro);
  printf("sock_recv(peek): %s [%s]\n", wt_errname(e), peek);
  char line[64];
  recv_line(conn, line, sizeof line);
  printf("received: %s", line);

  __wasi_ciovec_t out[2] = {{(const uint8_t *)"po", 2}, {(const uint8_t *)"ng\n", 3}};
  e = __wasi_sock_send(conn, out, 2, 0, &n);
  printf("sock_send(2 iovecs): %s n=%u\n", wt_errname(e), (unsigned)n);
  e = wt_write(conn, "via fd_write\n", 13);
  printf("fd_write on the socket: %s\n", wt_errname(e));
  e = __wasi_sock_shutdown(conn, __WASI_SDFLAGS_WR);
  printf("sock_shutdown(wr): %s\n", wt_errname(e));
  e = __wasi_sock_send(conn, out, 1, 0, &n);
  printf("sock_send after shutdown(wr): %s\n", wt_errname(e));

  recv_line(conn, line, sizeof line);
  printf("received after shutdown(wr): %s", line);
  long end = recv_line(conn, line, sizeof line);
  printf("sock_recv at end of stream: %ld byte(s)\n", end);
  e = __wasi_sock_shutdown(conn, __WASI_SDFLAGS_RD);
  printf("sock_shutdown(rd): %s\n", wt_errname(e));
  printf("sock_shutdown(flags 4): %s\n", wt_errname(__wasi_sock_shutdown(conn, 4)));
  printf("fd_close(connection): %s\n", wt_errname(__wasi_fd_close(conn)));
  printf("sock_send on the closed connection: %s\n",
         wt_errname(__wasi_sock_send(conn, out, 1, 0, &n)));

  /* Nobody else connects: a non-blocking accept says so. */
  e = __wasi_sock_accept((__wasi_fd_t)lfd, __WASI_FDFLAGS_NONBLOCK, &conn);
  printf("sock_accept with no client waiting: %s\n", wt_errname(e));

  /* Socket calls on descriptors that are not sockets. */
  printf("sock_recv(stdin): %s\n", wt_errname(__wasi_sock_recv(0, &piov, 1, 0, &n, &ro)));
  printf("sock_send(stdout): %s\n", wt_errname(__wasi_sock_send(1, out, 1, 0, &n)));
  printf("sock_shutdown(stdout): %s\n", wt_errname(__wasi_sock_shutdown(1, __WASI_SDFLAGS_WR)));
  printf("sock_accept(stdout): %s\n", wt_errname(__wasi_sock_accept(1, 0, &conn)));
  printf("sock_accept(777): %s\n", wt_errname(__wasi_sock_accept(777, 0, &conn)));
  return wt_done();
}
