/* wasi/errno.h — translating host errno values into WASI's and naming WASI errno values (for the
 * call trace). */
#ifndef WB_WASI_ERRNO_H
#define WB_WASI_ERRNO_H
#include <stdint.h>

/* The WASI errno for host errno e (`io` for the few without a counterpart). */
uint16_t wb_wasi_errno_from_host(int e);
/* "success", "badf", ... ; "errno#N" style text is left to callers for values past the table. */
const char *wb_wasi_errno_name(uint16_t e);

#endif
