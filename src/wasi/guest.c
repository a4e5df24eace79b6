/* wasi/guest.c — gathering guest iovec arrays and reading guest strings, with bounds checks. */
#include "wasi/guest.h"
#include <sys/uio.h>
#include "wasi/abi.h"

uint16_t wb_g_iovecs(const wb_memory *m, uint32_t iovs, uint32_t n, struct iovec *out, int max, int *count,
                     uint64_t *total) {
  if (!wb_g_ok(m, iovs, (uint64_t)n * WB_WASI_IOVEC_SIZE)) return WB_WASI_EFAULT;
  int k = 0;
  uint64_t sum = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t p = wb_g_u32(m, iovs + i * WB_WASI_IOVEC_SIZE);
    uint32_t len = wb_g_u32(m, iovs + i * WB_WASI_IOVEC_SIZE + 4);
    if (!wb_g_ok(m, p, len)) return WB_WASI_EFAULT;
    if (!len || k == max) continue; /* keep checking the rest: a bad pointer is a fault wherever it is */
    out[k].iov_base = wb_g_ptr(m, p);
    out[k].iov_len = len;
    sum += len;
    k++;
  }
  *count = k;
  *total = sum;
  return WB_WASI_ESUCCESS;
}

/* Length of the valid UTF-8 sequence starting at s (at most n bytes), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80) return 1;
  size_t len;
  unsigned min;
  if (c >= 0xC2 && c <= 0xDF) len = 2, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) len = 3, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) len = 4, min = 0x10000;
  else return 0;
  if (n < len) return 0;
  unsigned cp = c & (0x7F >> len);
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

uint16_t wb_g_string(const wb_memory *m, uint32_t p, uint32_t len, char *buf, size_t size) {
  if (!wb_g_ok(m, p, len)) return WB_WASI_EFAULT;
  if ((size_t)len >= size) return WB_WASI_ENAMETOOLONG;
  const unsigned char *s = wb_g_ptr(m, p);
  for (size_t i = 0; i < len;) {
    if (s[i] == 0) return WB_WASI_EINVAL;
    size_t k = utf8_seq(s + i, len - i);
    if (!k) return WB_WASI_EILSEQ;
    i += k;
  }
  memcpy(buf, s, len);
  buf[len] = 0;
  return WB_WASI_ESUCCESS;
}
