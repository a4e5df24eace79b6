/* util/prefault.h — asking the kernel to map a range of fresh memory before it is written.
 *
 * Why: first writes to fresh anonymous memory fault one page at a time, and on the virtual
 * machines wasmbox is measured on a fault costs ~2 us: copying OpenSSL's 2.2 MB module into a
 * new buffer was ~1.1 ms, mostly faults. One madvise(MADV_POPULATE_WRITE) maps the pages in a
 * single call (~0.4 ms less for that copy). Where the system lacks it, this does nothing. */
#ifndef WB_UTIL_PREFAULT_H
#define WB_UTIL_PREFAULT_H
#include <stddef.h>

/* Ranges smaller than this are left to fault as they are written: not worth a system call. */
#define WB_PREFAULT_MIN_BYTES ((size_t)1 << 20)

/* Maps the whole pages inside [p, p + n) writable now, when n >= WB_PREFAULT_MIN_BYTES.
 * Only a hint: the memory must already be the caller's, readable and writable. */
void wb_prefault_write(void *p, size_t n);

#endif
