/* tests/wasi/files.c — every fd_* call on a regular file, through the raw imports: read, write,
 * pread, pwrite, seek, tell, advise, allocate, sync, datasync, filestat get/set size/times,
 * fdstat get/set flags/rights, renumber, close, and their errors. Needs a preopen "/sandbox". */
#include "wasitest.h"

static __wasi_fd_t dir;

static void show_size(const char *label, __wasi_fd_t fd) {
  __wasi_filestat_t st;
  __wasi_errno_t e = __wasi_fd_filestat_get(fd, &st);
  printf("%s: %s size=%llu\n", label, wt_errname(e), (unsigned long long)st.size);
}

/* Reads the whole file from offset 0 with fd_pread (the position does not move). */
static void show_content(const char *label, __wasi_fd_t fd) {
  char buf[128];
  __wasi_iovec_t iov = {.buf = (uint8_t *)buf, .buf_len = sizeof buf - 1};
  __wasi_size_t n = 0;
  __wasi_errno_t e = __wasi_fd_pread(fd, &iov, 1, 0, &n);
  buf[n] = 0;
  for (__wasi_size_t i = 0; i < n; i++)
    if (buf[i] == 0) buf[i] = '0';     /* zero bytes of a hole, made visible */
  printf("%s: %s [%s]\n", label, wt_errname(e), buf);
}

static void read_write_seek(__wasi_fd_t fd) {
  /* Two iovecs in one fd_write: gather. */
  __wasi_ciovec_t out[2] = {{(const uint8_t *)"hello ", 6}, {(const uint8_t *)"world", 5}};
  __wasi_size_t n = 0;
  __wasi_errno_t e = __wasi_fd_write(fd, out, 2, &n);
  printf("fd_write(2 iovecs): %s n=%u\n", wt_errname(e), (unsigned)n);

  __wasi_filesize_t pos = 99;
  e = __wasi_fd_tell(fd, &pos);
  printf("fd_tell: %s %llu\n", wt_errname(e), (unsigned long long)pos);
  e = __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos);
  printf("fd_seek(0, set): %s %llu\n", wt_errname(e), (unsigned long long)pos);

  /* Two iovecs in one fd_read: scatter. */
  char a[4] = {0}, b[8] = {0};
  __wasi_iovec_t in[2] = {{(uint8_t *)a, 3}, {(uint8_t *)b, 4}};
  e = __wasi_fd_read(fd, in, 2, &n);
  printf("fd_read(3+4): %s n=%u [%s][%s]\n", wt_errname(e), (unsigned)n, a, b);

  e = __wasi_fd_seek(fd, -5, __WASI_WHENCE_END, &pos);
  printf("fd_seek(-5, end): %s %llu\n", wt_errname(e), (unsigned long long)pos);
  e = __wasi_fd_seek(fd, 1, __WASI_WHENCE_CUR, &pos);
  printf("fd_seek(1, cur): %s %llu\n", wt_errname(e), (unsigned long long)pos);
  char rest[16];
  long got = wt_read(fd, rest, sizeof rest);
  printf("fd_read rest: %ld [%s]\n", got, rest);
  got = wt_read(fd, rest, sizeof rest);
  printf("fd_read at end: %ld\n", got);
  e = __wasi_fd_seek(fd, -100, __WASI_WHENCE_SET, &pos);
  printf("fd_seek(-100, set): %s\n", wt_errname(e));
  e = __wasi_fd_seek(fd, 0, 7, &pos);
  printf("fd_seek(whence 7): %s\n", wt_errname(e));
  e = __wasi_fd_seek(fd, 100, __WASI_WHENCE_SET, &pos);
  printf("fd_seek(100, set) past the end: %s %llu\n", wt_errname(e), (unsigned long long)pos);

  /* pread/pwrite leave the position alone. */
  (void)!__wasi_fd_seek(fd, 2, __WASI_WHENCE_SET, &pos);
  char w[8] = {0};
  __wasi_iovec_t iv = {(uint8_t *)w, 5};
  e = __wasi_fd_pread(fd, &iv, 1, 6, &n);
  printf("fd_pread(5 at 6): %s n=%u [%s]\n", wt_errname(e), (unsigned)n, w);
  __wasi_ciovec_t cv = {(const uint8_t *)"HELLO", 5};
  e = __wasi_fd_pwrite(fd, &cv, 1, 0, &n);
  printf("fd_pwrite(5 at 0): %s n=%u\n", wt_errname(e), (unsigned)n);
  e = __wasi_fd_pread(fd, &iv, 1, 100, &n);
  printf("fd_pread past the end: %s n=%u\n", wt_errname(e), (unsigned)n);
  e = __wasi_fd_tell(fd, &pos);
  printf("fd_tell after pread/pwrite: %s %llu\n", wt_errname(e), (unsigned long long)pos);
  show_content("content", fd);
}

static void sizes_and_times(__wasi_fd_t fd) {
  __wasi_filestat_t st;
  __wasi_errno_t e = __wasi_fd_filestat_get(fd, &st);
  printf("fd_filestat_get: %s %s nlink=%llu size=%llu\n", wt_errname(e),
         wt_filetype(st.filetype), (unsigned long long)st.nlink, (unsigned long long)st.size);
  WT_CHECK(st.ino != 0, "inode 0");

  e = __wasi_fd_filestat_set_size(fd, 4);
  printf("fd_filestat_set_size(4): %s\n", wt_errname(e));
  show_content("after truncate", fd);
  e = __wasi_fd_filestat_set_size(fd, 8);
  printf("fd_filestat_set_size(8): %s\n", wt_errname(e));
  show_content("after extend", fd);

  e = __wasi_fd_allocate(fd, 0, 100);
  printf("fd_allocate(0, 100): %s\n", wt_errname(e));
  show_size("after allocate", fd);
  e = __wasi_fd_allocate(fd, 10, 20);
  printf("fd_allocate(10, 20) inside: %s\n", wt_errname(e));
  show_size("size kept", fd);
  (void)!__wasi_fd_filestat_set_size(fd, 8);

  const __wasi_timestamp_t t_a = 1000000000ull * 1000000000ull + 123456789ull; /* 2001-09-09 */
  const __wasi_timestamp_t t_m = 1100000000ull * 1000000000ull + 5000ull;
  e = __wasi_fd_filestat_set_times(fd, t_a, t_m, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM);
  printf("fd_filestat_set_times(atim, mtim): %s\n", wt_errname(e));
  (void)!__wasi_fd_filestat_get(fd, &st);
  printf("atim=%llu mtim=%llu\n", (unsigned long long)st.atim, (unsigned long long)st.mtim);
  e = __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW);
  printf("fd_filestat_set_times(mtim_now): %s\n", wt_errname(e));
  (void)!__wasi_fd_filestat_get(fd, &st);
  printf("atim kept: %s, mtim recent: %s\n", st.atim == t_a ? "yes" : "no",
         st.mtim > 1500000000ull * 1000000000ull ? "yes" : "no");
  e = __wasi_fd_filestat_set_times(fd, 1, 0,
                                   __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW);
  printf("fd_filestat_set_times(atim|atim_now): %s\n", wt_errname(e));
}

static void advice_and_sync(__wasi_fd_t fd) {
  static const char *const names[] = {"normal", "sequential", "random", "willneed", "dontneed",
                                      "noreuse"};
  for (unsigned a = 0; a < 6; a++) {
    char label[64];
    snprintf(label, sizeof label, "fd_advise(%s)", names[a]);
    wt_report(label, __wasi_fd_advise(fd, 0, 100, (__wasi_advice_t)a));
  }
  wt_report("fd_advise(advice 9)", __wasi_fd_advise(fd, 0, 100, 9));
  wt_report("fd_sync", __wasi_fd_sync(fd));
  wt_report("fd_datasync", __wasi_fd_datasync(fd));
}

static void flags_and_rights(__wasi_fd_t fd) {
  __wasi_fdstat_t st;
  __wasi_errno_t e = __wasi_fd_fdstat_get(fd, &st);
  printf("fd_fdstat_get: %s %s flags=%u read=%d write=%d seek=%d\n", wt_errname(e),
         wt_filetype(st.fs_filetype), (unsigned)st.fs_flags,
         !!(st.fs_rights_base & __WASI_RIGHTS_FD_READ),
         !!(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE),
         !!(st.fs_rights_base & __WASI_RIGHTS_FD_SEEK));

  e = __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND);
  printf("fd_fdstat_set_flags(append): %s\n", wt_errname(e));
  (void)!__wasi_fd_fdstat_get(fd, &st);
  printf("flags now %u\n", (unsigned)st.fs_flags);
  __wasi_filesize_t pos;
  (void)!__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos);
  e = wt_write(fd, "+app", 4);
  printf("write with append: %s\n", wt_errname(e));
  show_content("content", fd);
  e = __wasi_fd_fdstat_set_flags(fd, 0);
  printf("fd_fdstat_set_flags(0): %s\n", wt_errname(e));
  (void)!__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos);
  e = wt_write(fd, "X", 1);
  show_content("write at 0 without append", fd);

  /* Rights only shrink: drop fd_write, then writing is refused and the right cannot come back.
   * On a second fd of the same file, so the first keeps all its rights. */
  e = wt_open(dir, "f.txt", 0, 0, &fd);
  printf("open f.txt again: %s\n", wt_errname(e));
  (void)!__wasi_fd_fdstat_get(fd, &st);
  __wasi_rights_t base = st.fs_rights_base & ~(__wasi_rights_t)__WASI_RIGHTS_FD_WRITE;
  e = __wasi_fd_fdstat_set_rights(fd, base, st.fs_rights_inheriting);
  printf("fd_fdstat_set_rights(-fd_write): %s\n", wt_errname(e));
  (void)!__wasi_fd_fdstat_get(fd, &st);
  printf("write right now %d, read right %d\n", !!(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE),
         !!(st.fs_rights_base & __WASI_RIGHTS_FD_READ));
  printf("fd_write without the right: %s\n", wt_errname(wt_write(fd, "Y", 1)));
  __wasi_ciovec_t cv = {(const uint8_t *)"Y", 1};
  __wasi_size_t n;
  printf("fd_pwrite without the right: %s\n", wt_errname(__wasi_fd_pwrite(fd, &cv, 1, 0, &n)));
  char buf[16];
  (void)!__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos);
  printf("fd_read still allowed: %s\n", wt_read(fd, buf, sizeof buf) >= 0 ? "yes" : "no");
  e = __wasi_fd_fdstat_set_rights(fd, base | __WASI_RIGHTS_FD_WRITE, st.fs_rights_inheriting);
  printf("fd_fdstat_set_rights(+fd_write): %s\n", wt_errname(e));
  e = __wasi_fd_fdstat_set_rights(fd, base & ~(__wasi_rights_t)__WASI_RIGHTS_FD_SEEK,
                                  st.fs_rights_inheriting);
  printf("fd_fdstat_set_rights(-fd_seek): %s\n", wt_errname(e));
  printf("fd_seek without the right: %s\n",
         wt_errname(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos)));
  (void)!__wasi_fd_close(fd);
}

static void renumber_and_close(__wasi_fd_t fd) {
  __wasi_fd_t other;
  __wasi_errno_t e = wt_open(dir, "other.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 0,
                             &other);
  printf("open other.txt: %s\n", wt_errname(e));
  (void)!wt_write(other, "other", 5);
  e = __wasi_fd_renumber(fd, other);
  printf("fd_renumber(f, other): %s\n", wt_errname(e));
  show_content("the renumbered fd reads f.txt", other);
  printf("old number closed: fd_close -> %s\n", wt_errname(__wasi_fd_close(fd)));
  /* As Wasmtime: the target number need not be open. */
  e = __wasi_fd_renumber(other, fd);
  printf("fd_renumber to a free number: %s\n", wt_errname(e));
  show_content("the free number now reads f.txt", fd);
  printf("fd_renumber from a closed number: %s\n", wt_errname(__wasi_fd_renumber(other, fd)));
  printf("fd_renumber(x, x): %s\n", wt_errname(__wasi_fd_renumber(fd, fd)));
  printf("fd_close: %s\n", wt_errname(__wasi_fd_close(fd)));
  printf("fd_close again: %s\n", wt_errname(__wasi_fd_close(fd)));
}

/* Every fd_* call on a number that was never opened answers badf. */
static void bad_fd(void) {
  const __wasi_fd_t bad = 777;
  __wasi_filesize_t pos;
  __wasi_size_t n;
  __wasi_fdstat_t fs;
  __wasi_filestat_t st;
  char buf[8];
  __wasi_iovec_t iv = {(uint8_t *)buf, sizeof buf};
  __wasi_ciovec_t cv = {(const uint8_t *)"x", 1};
  unsigned errs[] = {
      __wasi_fd_read(bad, &iv, 1, &n), __wasi_fd_write(bad, &cv, 1, &n),
      __wasi_fd_pread(bad, &iv, 1, 0, &n), __wasi_fd_pwrite(bad, &cv, 1, 0, &n),
      __wasi_fd_seek(bad, 0, 0, &pos), __wasi_fd_tell(bad, &pos), __wasi_fd_advise(bad, 0, 0, 0),
      __wasi_fd_allocate(bad, 0, 1), __wasi_fd_sync(bad), __wasi_fd_datasync(bad),
      __wasi_fd_fdstat_get(bad, &fs), __wasi_fd_fdstat_set_flags(bad, 0),
      __wasi_fd_fdstat_set_rights(bad, 0, 0), __wasi_fd_filestat_get(bad, &st),
      __wasi_fd_filestat_set_size(bad, 0), __wasi_fd_filestat_set_times(bad, 0, 0, 0),
      __wasi_fd_close(bad)};
  int all = 1;
  for (size_t i = 0; i < sizeof errs / sizeof *errs; i++)
    if (errs[i] != __WASI_ERRNO_BADF) {
      all = 0;
      printf("bad fd call #%zu: %s\n", i, wt_errname(errs[i]));
    }
  printf("17 fd_* calls on an unopened fd answer badf: %s\n", all ? "yes" : "no");
}

/* The errors path_open itself gives for ordinary (non-escape) mistakes. */
static void open_errors(void) {
  __wasi_fd_t fd;
  printf("open missing: %s\n", wt_errname(wt_open(dir, "missing.txt", 0, 0, &fd)));
  printf("open f.txt excl: %s\n",
         wt_errname(wt_open(dir, "f.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, 0, &fd)));
  printf("open f.txt as directory: %s\n",
         wt_errname(wt_open(dir, "f.txt", __WASI_OFLAGS_DIRECTORY, 0, &fd)));
  printf("open missing/x creat: %s\n",
         wt_errname(wt_open(dir, "missing/x", __WASI_OFLAGS_CREAT, 0, &fd)));
  /* A directory opened without oflags.directory is fine for reading, not for writing. */
  __wasi_errno_t e = __wasi_path_open(dir, 0, ".", 0,
                                      __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR, 0, 0, &fd);
  printf("open . for reading: %s\n", wt_errname(e));
  __wasi_fdstat_t st;
  if (e == 0) {
    (void)!__wasi_fd_fdstat_get(fd, &st);
    printf(". is a %s\n", wt_filetype(st.fs_filetype));
    (void)!__wasi_fd_close(fd);
  }
  e = __wasi_path_open(dir, 0, ".", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, 0, &fd);
  printf("open . for writing: %s\n", wt_errname(e));
  /* The rights asked for restrict what the new fd may do. */
  e = __wasi_path_open(dir, 0, "f.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
  printf("open read-only: %s\n", wt_errname(e));
  printf("write to the read-only fd: %s\n", wt_errname(wt_write(fd, "z", 1)));
  (void)!__wasi_fd_close(fd);
}

int main(void) {
  dir = wt_need_preopen("/sandbox");
  __wasi_fd_t fd;
  __wasi_errno_t e = wt_open(dir, "f.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 0, &fd);
  printf("path_open(f.txt, creat|trunc): %s\n", wt_errname(e));
  if (e) return 1;
  read_write_seek(fd);
  sizes_and_times(fd);
  advice_and_sync(fd);
  flags_and_rights(fd);
  show_content("content kept", fd);
  renumber_and_close(fd);
  bad_fd();
  open_errors();
  return wt_done();
}
