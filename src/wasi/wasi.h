/* wasi/wasi.h — WASI preview 1 (`wasi_snapshot_preview1`) for embedders: the CLI's `run` and the
 * public C API (include/wasi.h) build on this. A config collects arguments, environment,
 * preopened directories, stdio routing, listening sockets and tracing; wb_wasi_new turns it into
 * an environment that owns every host descriptor the program can reach; the environment then
 * provides one host function per import name, created in the store that instantiates the module.
 * Not thread-safe: one environment serves one program on one thread at a time. */
#ifndef WB_WASI_WASI_H
#define WB_WASI_WASI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "engine/engine.h"
#include "util/error.h"

#define WB_WASI_MODULE "wasi_snapshot_preview1"

/* Where a standard stream (fd 0, 1 or 2) goes. */
typedef enum wb_wasi_stdio_mode {
  WB_WASI_STDIO_INHERIT = 0,   /* the host process's own fd 0/1/2 (default) */
  WB_WASI_STDIO_CAPTURE,       /* stdout/stderr only: kept in memory, read with wb_wasi_read_stdout/err */
  WB_WASI_STDIO_BUFFER,        /* stdin only: reads come from a memory buffer given to the config */
  WB_WASI_STDIO_HOSTFD,        /* a host descriptor chosen by the embedder (never closed by WASI) */
  WB_WASI_STDIO_NULL,          /* reads see end of file, writes are discarded */
} wb_wasi_stdio_mode;

typedef struct wb_wasi_config wb_wasi_config;
typedef struct wb_wasi_env wb_wasi_env;

/* A config with no arguments, no environment, no preopens, inherited stdio. NULL when out of memory. */
wb_wasi_config *wb_wasi_config_new(void);
void wb_wasi_config_free(wb_wasi_config *c);

/* Appends a program argument (copied); the first one is argv[0], the program's name. */
wb_status wb_wasi_config_arg(wb_wasi_config *c, const char *arg, wb_error *err);
/* Adds NAME=VALUE to the program's environment (copied; a later same NAME adds another entry,
 * as Wasmtime does). NAME must be non-empty and contain no '='. */
wb_status wb_wasi_config_env(wb_wasi_config *c, const char *name, const char *value, wb_error *err);
/* Preopens host directory host_path as guest_path (copied). The directory is opened by
 * wb_wasi_new, so a missing one fails there. read_only: every mutation through it fails with
 * errno `perm` (as Wasmtime's read-only preopens do) and files under it open read-only. Preopens
 * get descriptors in the order given, after the listening sockets. */
wb_status wb_wasi_config_preopen(wb_wasi_config *c, const char *host_path, const char *guest_path, bool read_only,
                                 wb_error *err);
/* Routes standard stream fd (0, 1 or 2). host_fd is used only by WB_WASI_STDIO_HOSTFD.
 * WB_WASI_STDIO_CAPTURE is for fd 1 and 2, WB_WASI_STDIO_BUFFER for fd 0 (WB_ERR_USAGE otherwise). */
wb_status wb_wasi_config_stdio(wb_wasi_config *c, int fd, wb_wasi_stdio_mode mode, int host_fd, wb_error *err);
/* Makes fd 0 read from a copy of data[0 .. len) (WB_WASI_STDIO_BUFFER). */
wb_status wb_wasi_config_stdin_buffer(wb_wasi_config *c, const void *data, size_t len, wb_error *err);
/* Adds a TCP listening socket bound to "HOST:PORT" ("[V6ADDR]:PORT" for IPv6; HOST may be a
 * name). Bound by wb_wasi_new; handed to the program as fd 3, 4, ... (before the preopened
 * directories, as Wasmtime's --tcplisten does), non-blocking like Wasmtime's. */
wb_status wb_wasi_config_tcplisten(wb_wasi_config *c, const char *host_port, wb_error *err);
/* Hands an already listening host socket to the program like wb_wasi_config_tcplisten; the
 * environment takes ownership and closes it. */
wb_status wb_wasi_config_listen_fd(wb_wasi_config *c, int host_fd, wb_error *err);
/* Appends one line per WASI call to path (NULL: none). When the config names no trace file,
 * wb_wasi_new uses $WASMBOX_WASI_TRACE if set. Line format: `name(arg, ...) = errno_name`. */
wb_status wb_wasi_config_trace(wb_wasi_config *c, const char *path, wb_error *err);

/* Creates an environment from c (which stays owned by the caller and may be freed at once).
 * Opens the preopened directories, binds the sockets and the trace file. Errors: WB_ERR_IO with
 * the path and the system's reason ("cannot open directory 'x': No such file or directory"),
 * WB_ERR_NOMEM. */
wb_status wb_wasi_new(const wb_wasi_config *c, wb_wasi_env **out, wb_error *err);
/* Closes every host descriptor the environment opened and frees it. Host functions created from
 * it must not be called afterwards (free the store first, or never call them again). */
void wb_wasi_free(wb_wasi_env *env);

/* The 46 functions of wasi_snapshot_preview1, for listing: name of the i-th (NULL past the end). */
size_t wb_wasi_function_count(void);
const char *wb_wasi_function_name(size_t i);

/* Creates, in store s, the host function for import "wasi_snapshot_preview1".name (name_len
 * bytes) bound to env, with its exact core type. NULL when WASI has no such function or when out
 * of memory (tell them apart with wb_wasi_has_function). The function reaches guest memory
 * through the calling instance's memory 0, or, when called from the host (caller NULL), through
 * the memory bound with wb_wasi_bind_memory. */
wb_funcinst *wb_wasi_func(wb_wasi_env *env, wb_store *s, const char *name, size_t name_len);
bool wb_wasi_has_function(const char *name, size_t name_len);

/* Resolves every import of m whose module is "wasi_snapshot_preview1" into imports[i] (import
 * order, as wb_instantiate takes them), leaving the other entries untouched. Unknown WASI names
 * fail with WB_ERR_LINK: `unknown import "wasi_snapshot_preview1"."name" (func ...)`. */
wb_status wb_wasi_resolve_imports(wb_wasi_env *env, wb_store *s, const wb_module *m, wb_extern *imports,
                                  wb_error *err);

/* The memory used when a WASI function is called with no calling instance (from the host). */
void wb_wasi_bind_memory(wb_wasi_env *env, wb_memory *mem);

/* Drains up to len bytes of captured stdout / stderr into buf; returns the number of bytes copied
 * (0 when nothing is pending or the stream is not captured). */
size_t wb_wasi_read_stdout(wb_wasi_env *env, void *buf, size_t len);
size_t wb_wasi_read_stderr(wb_wasi_env *env, void *buf, size_t len);
/* Bytes of captured output pending on fd 1 or 2. */
size_t wb_wasi_captured_size(const wb_wasi_env *env, int fd);

/* Whether the program called proc_exit, and with which code (*code may be NULL). proc_exit also
 * raises a trap of kind WB_TRAP_EXIT carrying the code (exit_code), which ends the wb_call. */
bool wb_wasi_exited(const wb_wasi_env *env, int *code);

#endif
