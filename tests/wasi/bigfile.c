/* tests/wasi/bigfile.c — 64-bit offsets and sizes: a sparse file written at 5 GiB, its size,
 * pread/seek/read back past 4 GiB, truncation to just past 4 GiB. Needs a preopen "/sandbox";
 * the runner checks the host file's size afterwards. */
#include "wasitest.h"

#define GIB (1024ull * 1024ull * 1024ull)

int main(void) {
  __wasi_fd_t dir = wt_need_preopen("/sandbox"), fd;
  __wasi_errno_t e = wt_open(dir, "big.bin", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 0, &fd);
  printf("open big.bin: %s\n", wt_errname(e));
  if (e) return 1;

  __wasi_ciovec_t cv = {(const uint8_t *)"tail", 4};
  __wasi_size_t n = 0;
  e = __wasi_fd_pwrite(fd, &cv, 1, 5 * GIB, &n);
  printf("fd_pwrite(4 bytes at 5 GiB): %s n=%u\n", wt_errname(e), (unsigned)n);

  __wasi_filestat_t st;
  e = __wasi_fd_filestat_get(fd, &st);
  printf("fd_filestat_get: %s size=%llu\n", wt_errname(e), (unsigned long long)st.size);
  e = __wasi_path_filestat_get(dir, 0, "big.bin", &st);
  printf("path_filestat_get: %s size=%llu\n", wt_errname(e), (unsigned long long)st.size);

  char buf[8] = {0};
  __wasi_iovec_t iv = {(uint8_t *)buf, 4};
  e = __wasi_fd_pread(fd, &iv, 1, 5 * GIB, &n);
  printf("fd_pread(4 at 5 GiB): %s n=%u [%s]\n", wt_errname(e), (unsigned)n, buf);
  memset(buf, 'x', 4);
  e = __wasi_fd_pread(fd, &iv, 1, 4 * GIB + 7, &n);
  printf("fd_pread(4 at 4 GiB + 7) in the hole: %s n=%u zeros=%s\n", wt_errname(e), (unsigned)n,
         buf[0] == 0 && buf[1] == 0 && buf[2] == 0 && buf[3] == 0 ? "yes" : "no");

  __wasi_filesize_t pos = 0;
  e = __wasi_fd_seek(fd, -4, __WASI_WHENCE_END, &pos);
  printf("fd_seek(-4, end): %s %llu\n", wt_errname(e), (unsigned long long)pos);
  memset(buf, 0, sizeof buf);
  long got = wt_read(fd, buf, 5);
  printf("fd_read: %ld [%s]\n", got, buf);
  e = __wasi_fd_tell(fd, &pos);
  printf("fd_tell: %s %llu\n", wt_errname(e), (unsigned long long)pos);
  e = __wasi_fd_seek(fd, -(__wasi_filedelta_t)(GIB + 4), __WASI_WHENCE_CUR, &pos);
  printf("fd_seek(-(1 GiB + 4), cur): %s %llu\n", wt_errname(e), (unsigned long long)pos);
  e = wt_write(fd, "four", 4);
  printf("fd_write at 4 GiB: %s\n", wt_errname(e));
  memset(buf, 0, sizeof buf);
  e = __wasi_fd_pread(fd, &iv, 1, 4 * GIB, &n);
  printf("fd_pread(4 at 4 GiB): %s [%s]\n", wt_errname(e), buf);

  e = __wasi_fd_filestat_set_size(fd, 4 * GIB + 2);
  printf("fd_filestat_set_size(4 GiB + 2): %s\n", wt_errname(e));
  (void)!__wasi_fd_filestat_get(fd, &st);
  printf("size now %llu\n", (unsigned long long)st.size);
  memset(buf, 0, sizeof buf);
  e = __wasi_fd_pread(fd, &iv, 1, 4 * GIB, &n);
  printf("fd_pread(4 at 4 GiB) after truncation: %s n=%u [%s]\n", wt_errname(e), (unsigned)n,
         buf);
  /* An offset of 2^63 or more does not fit off_t: the host must refuse, not wrap around. */
  e = __wasi_fd_pread(fd, &iv, 1, 0x8000000000000000ull, &n);
  printf("fd_pread at 2^63: %s\n", wt_errname(e));
  (void)!__wasi_fd_close(fd);
  return wt_done();
}
