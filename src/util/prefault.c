/* util/prefault.c — see prefault.h. */
#include "util/prefault.h"
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

void wb_prefault_write(void *p, size_t n) {
#ifdef MADV_POPULATE_WRITE
  if (n < WB_PREFAULT_MIN_BYTES) return;
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1), to = ((uintptr_t)p + n) & ~(page - 1);
  /* Failure (an older kernel says EINVAL) only means the pages fault in as they are written. */
  if (to > from) (void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
#else
  (void)p;
  (void)n;
#endif
}
