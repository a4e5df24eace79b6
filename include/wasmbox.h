/* wasmbox.h — wasmbox's own additions to the standard C API (wasm.h): engine settings, error
 * messages, the exit status carried by a WASI exit, the version. Everything here is named
 * wasmbox_*; a program that sticks to wasm.h and wasi.h ports to other runtimes unchanged. */
#ifndef WASMBOX_H
#define WASMBOX_H

#include "wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The version of these headers, and of the library at run time ("MAJOR.MINOR.PATCH"). */
#define WASMBOX_VERSION "0.1.0"
WASM_API_EXTERN const char* wasmbox_version(void);

/* Engine settings, applied to every store of an engine made with wasm_engine_new_with_config. */

/* Explicit bounds checks on every memory access instead of guard pages: for hosts short of
 * address space (each guard-page memory reserves 8 GiB of it). Memories created in such a store
 * may move when they grow. Default: off (on when WASMBOX_BOUNDS_CHECKS=1 is in the environment). */
WASM_API_EXTERN void wasmbox_config_bounds_checks(wasm_config_t*, bool enable);

/* Caps each linear memory of the engine's stores at `bytes` (rounded down to whole 64 KiB pages):
 * memory.grow beyond it fails, and a module whose memory starts larger fails to instantiate.
 * 0 (the default) means no cap beyond the module's own maximum. */
WASM_API_EXTERN void wasmbox_config_max_memory(wasm_config_t*, uint64_t bytes);

/* Why the last call that failed on this thread failed (wasm_module_new, wasm_module_validate,
 * wasm_module_deserialize, wasm_instance_new, wasm_*_new, wasi_*): copies the message into out,
 * NUL-terminated, and returns true; false (out left empty) if nothing has failed yet. */
WASM_API_EXTERN bool wasmbox_last_error(wasm_name_t* out /* own */);

/* Whether the trap is a WASI program's exit (proc_exit) rather than an error; if so stores the
 * exit status in *status (when non-NULL). */
WASM_API_EXTERN bool wasmbox_trap_exit_status(const wasm_trap_t*, int* status);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASMBOX_H */
