/* tests/wasi/wasitest.h — helpers shared by the WASI test programs (compiled to wasm32-wasi):
 * errno names, finding preopens and sockets by scanning the fd table, and one-line reports whose
 * text the runner scripts compare with the expected output. */
#ifndef WB_WASITEST_H
#define WB_WASITEST_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

/* wasi-libc dropped proc_raise from <wasi/api.h>; it is still in the witx, so import it by hand. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
uint16_t wt_raw_proc_raise(uint32_t sig);

static const char *const wt_errno_names[] = {
    "success", "2big", "acces", "addrinuse", "addrnotavail", "afnosupport", "again", "already",
    "badf", "badmsg", "busy", "canceled", "child", "connaborted", "connrefused", "connreset",
    "deadlk", "destaddrreq", "dom", "dquot", "exist", "fault", "fbig", "hostunreach", "idrm",
    "ilseq", "inprogress", "intr", "inval", "io", "isconn", "isdir", "loop", "mfile", "mlink",
    "msgsize", "multihop", "nametoolong", "netdown", "netreset", "netunreach", "nfile", "nobufs",
    "nodev", "noent", "noexec", "nolck", "nolink", "nomem", "nomsg", "noprotoopt", "nospc",
    "nosys", "notconn", "notdir", "notempty", "notrecoverable", "notsock", "notsup", "notty",
    "nxio", "overflow", "ownerdead", "perm", "pipe", "proto", "protonosupport", "prototype",
    "range", "rofs", "spipe", "srch", "stale", "timedout", "txtbsy", "xdev", "notcapable"};

static inline const char *wt_errname(unsigned e) {
  static char buf[32];
  if (e < sizeof wt_errno_names / sizeof *wt_errno_names) return wt_errno_names[e];
  snprintf(buf, sizeof buf, "errno#%u", e);
  return buf;
}

static inline const char *wt_filetype(unsigned t) {
  static const char *const names[] = {"unknown", "block_device", "character_device", "directory",
                                      "regular_file", "socket_dgram", "socket_stream",
                                      "symbolic_link"};
  return t < 8 ? names[t] : "filetype?";
}

/* Prints "LABEL: ERRNO" — the expected outputs are made of such lines. */
static inline void wt_report(const char *label, unsigned e) {
  printf("%s: %s\n", label, wt_errname(e));
}

static int wt_failures;

/* A self-check whose failure shows in the output (and makes the program exit 1 at the end). */
#define WT_CHECK(cond, ...)                                                                       \
  do {                                                                                            \
    if (!(cond)) {                                                                                \
      wt_failures++;                                                                              \
      printf("CHECK FAILED line %d: %s: ", __LINE__, #cond);                                      \
      printf(__VA_ARGS__);                                                                        \
      printf("\n");                                                                               \
    }                                                                                             \
  } while (0)

/* Every right defined by preview 1 (bits 0-29). */
#define WT_ALL_RIGHTS ((__wasi_rights_t)0x3fffffffu)

/* The fd of the preopened directory whose guest name is NAME, or -1. */
static inline int wt_find_preopen(const char *name) {
  for (__wasi_fd_t fd = 3; fd < 128; fd++) {
    __wasi_prestat_t ps;
    if (__wasi_fd_prestat_get(fd, &ps) != __WASI_ERRNO_SUCCESS) continue;
    if (ps.tag != __WASI_PREOPENTYPE_DIR) continue;
    size_t len = ps.u.dir.pr_name_len;
    char buf[512];
    if (len >= sizeof buf) continue;
    if (__wasi_fd_prestat_dir_name(fd, (uint8_t *)buf, (__wasi_size_t)len) != 0) continue;
    buf[len] = 0;
    if (strcmp(buf, name) == 0) return (int)fd;
  }
  return -1;
}

/* Like wt_find_preopen, but exits with a message when the preopen is missing. */
static inline __wasi_fd_t wt_need_preopen(const char *name) {
  int fd = wt_find_preopen(name);
  if (fd < 0) {
    printf("no preopen named %s\n", name);
    fflush(stdout);
    exit(100);
  }
  return (__wasi_fd_t)fd;
}

/* The rights a file opened under DIR may ask for: DIR's inheriting rights (what wasi-libc asks). */
static inline __wasi_rights_t wt_inheriting(__wasi_fd_t dir) {
  __wasi_fdstat_t st;
  if (__wasi_fd_fdstat_get(dir, &st) != __WASI_ERRNO_SUCCESS) return WT_ALL_RIGHTS;
  return st.fs_rights_inheriting;
}

/* Opens PATH under DIR (following symlinks) with every right DIR can hand down; returns the
 * errno and the fd in *FD. */
static inline __wasi_errno_t wt_open(__wasi_fd_t dir, const char *path, __wasi_oflags_t oflags,
                                     __wasi_fdflags_t fdflags, __wasi_fd_t *fd) {
  __wasi_rights_t r = wt_inheriting(dir);
  return __wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, oflags, r, r, fdflags,
                          fd);
}

/* Opens directory PATH under DIR with the rights a directory can use: none that would open it for
 * writing (fd_write, fd_datasync, fd_allocate, fd_filestat_set_size), as wasi-libc's opendir. */
static inline __wasi_errno_t wt_open_dir(__wasi_fd_t dir, const char *path, __wasi_fd_t *fd) {
  const __wasi_rights_t writing = __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_DATASYNC |
                                  __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE;
  __wasi_rights_t r = wt_inheriting(dir);
  return __wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, __WASI_OFLAGS_DIRECTORY,
                          r & ~writing, r, 0, fd);
}

/* Writes LEN bytes of S to FD with one fd_write; returns the errno. */
static inline __wasi_errno_t wt_write(__wasi_fd_t fd, const void *s, size_t len) {
  __wasi_ciovec_t iov = {.buf = (const uint8_t *)s, .buf_len = len};
  __wasi_size_t n;
  return __wasi_fd_write(fd, &iov, 1, &n);
}

/* Reads up to CAP-1 bytes from FD into BUF with one fd_read, NUL-terminated; -1 on error. */
static inline long wt_read(__wasi_fd_t fd, char *buf, size_t cap) {
  __wasi_iovec_t iov = {.buf = (uint8_t *)buf, .buf_len = cap - 1};
  __wasi_size_t n;
  if (__wasi_fd_read(fd, &iov, 1, &n) != 0) return -1;
  buf[n] = 0;
  return (long)n;
}

/* The program's closing line; the exit status says whether any WT_CHECK failed. */
static inline int wt_done(void) {
  printf("done, %d check(s) failed\n", wt_failures);
  fflush(stdout);
  return wt_failures ? 1 : 0;
}
#endif
