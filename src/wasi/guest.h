/* wasi/guest.h — bounds-checked access to the guest's linear memory. Every pointer and length a
 * program passes is checked before use; a bad one becomes errno `fault`, never a host fault.
 * Guest memory is little-endian, like the hosts wasmbox runs on; fields may be unaligned. */
#ifndef WB_WASI_GUEST_H
#define WB_WASI_GUEST_H
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "rt/memory.h"

/* Whether [p, p+n) lies inside the memory (n up to 2^64-1, no overflow). */
static inline bool wb_g_ok(const wb_memory *m, uint32_t p, uint64_t n) { return wb_memory_in_bounds(m, p, n); }
static inline uint8_t *wb_g_ptr(const wb_memory *m, uint32_t p) { return m->base + p; }

static inline uint16_t wb_g_u16(const wb_memory *m, uint32_t p) {
  uint16_t v;
  memcpy(&v, m->base + p, 2);
  return v;
}
static inline uint32_t wb_g_u32(const wb_memory *m, uint32_t p) {
  uint32_t v;
  memcpy(&v, m->base + p, 4);
  return v;
}
static inline uint64_t wb_g_u64(const wb_memory *m, uint32_t p) {
  uint64_t v;
  memcpy(&v, m->base + p, 8);
  return v;
}
static inline void wb_g_put8(const wb_memory *m, uint32_t p, uint8_t v) { m->base[p] = v; }
static inline void wb_g_put16(const wb_memory *m, uint32_t p, uint16_t v) { memcpy(m->base + p, &v, 2); }
static inline void wb_g_put32(const wb_memory *m, uint32_t p, uint32_t v) { memcpy(m->base + p, &v, 4); }
static inline void wb_g_put64(const wb_memory *m, uint32_t p, uint64_t v) { memcpy(m->base + p, &v, 8); }

/* Host iovecs for a guest (c)iovec array at iovs with n entries. Fills at most max entries
 * (a longer array is cut: reads and writes may be short, as POSIX allows), skipping empty ones.
 * Returns `fault` when the array or any buffer lies outside memory, else `success` with *count
 * entries and *total bytes. */
struct iovec;
uint16_t wb_g_iovecs(const wb_memory *m, uint32_t iovs, uint32_t n, struct iovec *out, int max, int *count,
                     uint64_t *total);

/* Copies the guest string [p, p+len) into buf (size bytes) with a terminating NUL. Errors:
 * `fault` out of bounds, `nametoolong` when it does not fit, `inval` for an embedded NUL,
 * `ilseq` for invalid UTF-8 (WASI strings are UTF-8). */
uint16_t wb_g_string(const wb_memory *m, uint32_t p, uint32_t len, char *buf, size_t size);

#endif
