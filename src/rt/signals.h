/* rt/signals.h — turning faults inside Wasm memory reservations into traps. The SIGSEGV/SIGBUS
 * handler claims a fault only when the faulting address lies inside a registered reservation
 * and the faulting thread is running Wasm code (wb_thread_ctx.in_wasm, inside an entry);
 * every other fault is passed to the handler installed before ours. */
#ifndef WB_RT_SIGNALS_H
#define WB_RT_SIGNALS_H
#include <stddef.h>
#include <stdint.h>

/* Installs the handlers once per process (idempotent, thread-safe). */
void wb_signals_install(void);
/* Installs an alternate signal stack for the calling thread if it has none. */
void wb_signals_thread_init(void);
/* Registers / unregisters a reservation [base, base+len). */
void wb_signals_register(uint8_t *base, size_t len);
void wb_signals_unregister(uint8_t *base);

#endif
