/* wasi.h — WASI preview 1 (wasi_snapshot_preview1) for programs embedding wasmbox through the
 * standard C API (wasm.h). The functions follow Wasmer's C API (its wasmer.h), so embedders
 * written for it port with few changes:
 *
 *   wasi_config_t *config = wasi_config_new("prog");       // argv[0]
 *   wasi_config_arg(config, "--verbose");
 *   wasi_config_env(config, "HOME", "/home");
 *   wasi_config_mapdir(config, "/data", "./host-data");    // guest path, host path
 *   wasi_config_capture_stdout(config);
 *   wasi_env_t *env = wasi_env_new(store, config);         // takes the config
 *   wasm_extern_vec_t imports;
 *   wasi_get_imports(store, env, module, &imports);        // one extern per import, in order
 *   wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
 *   wasi_env_initialize_instance(env, store, instance);    // binds the instance's memory
 *   wasm_func_t *start = wasi_get_start_function(instance);
 *   trap = wasm_func_call(start, &args, &results);         // proc_exit ends in a trap:
 *                                                          // wasmbox_trap_exit_status (wasmbox.h)
 *   wasi_env_read_stdout(env, buffer, sizeof buffer);
 *   ... delete the externs, instance, store, then wasi_env_delete(env).
 *
 * Programs see only what the config grants: arguments, environment variables and directories.
 * Failures leave their reason in wasmbox_last_error (wasmbox.h). */
#ifndef WASI_H
#define WASI_H

#include "wasm.h"

#ifndef WASI_API_EXTERN
#define WASI_API_EXTERN WASM_API_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- configuration ---- */

typedef struct wasi_config_t wasi_config_t;

/* A config whose program name (argv[0]) is program_name; stdio inherited from the host process,
 * no other arguments, no environment, no directories. NULL when out of memory. */
WASI_API_EXTERN wasi_config_t* wasi_config_new(const char* program_name);

/* Appends an argument after the program name. */
WASI_API_EXTERN void wasi_config_arg(wasi_config_t* config, const char* arg);
/* Adds key=value to the program's environment. */
WASI_API_EXTERN void wasi_config_env(wasi_config_t* config, const char* key, const char* value);

/* Gives the program host directory dir under the same path. The directory is opened by
 * wasi_env_new, so a missing one makes wasi_env_new fail. false when the config refuses it. */
WASI_API_EXTERN bool wasi_config_preopen_dir(wasi_config_t* config, const char* dir);
/* Gives the program host directory dir under the path alias. */
WASI_API_EXTERN bool wasi_config_mapdir(wasi_config_t* config, const char* alias, const char* dir);

/* Standard streams: inherited from the host process (the default), or stdout/stderr captured in
 * memory for wasi_env_read_stdout / wasi_env_read_stderr. */
WASI_API_EXTERN void wasi_config_inherit_stdin(wasi_config_t* config);
WASI_API_EXTERN void wasi_config_inherit_stdout(wasi_config_t* config);
WASI_API_EXTERN void wasi_config_inherit_stderr(wasi_config_t* config);
WASI_API_EXTERN void wasi_config_capture_stdout(wasi_config_t* config);
WASI_API_EXTERN void wasi_config_capture_stderr(wasi_config_t* config);

/* ---- environments ---- */

typedef struct wasi_env_t wasi_env_t;

/* An environment for one program run in store: opens the directories and takes ownership of
 * config (deleted even on failure). NULL on failure (a directory that cannot be opened, ...). */
WASI_API_EXTERN wasi_env_t* wasi_env_new(wasm_store_t* store, wasi_config_t* config);
/* Closes every host file the program could reach. Delete the store (or never call the WASI
 * functions again) first: they belong to this environment. */
WASI_API_EXTERN void wasi_env_delete(wasi_env_t* env);

/* Moves up to buffer_len bytes of captured stdout / stderr into buffer; returns how many
 * (0 when nothing is pending or the stream is not captured), -1 on bad arguments. */
WASI_API_EXTERN intptr_t wasi_env_read_stdout(wasi_env_t* env, char* buffer, size_t buffer_len);
WASI_API_EXTERN intptr_t wasi_env_read_stderr(wasi_env_t* env, char* buffer, size_t buffer_len);

/* Fills imports (own) with one extern per import of module, in import order, bound to env.
 * false when an import is not a WASI function (or has the wrong type); imports is then empty. */
WASI_API_EXTERN bool wasi_get_imports(const wasm_store_t* store, wasi_env_t* env,
                                      const wasm_module_t* module, wasm_extern_vec_t* imports);

/* Binds env to the instance's exported "memory". Needed because wasm.h host functions are not
 * told which instance called them. false when the instance exports no memory. */
WASI_API_EXTERN bool wasi_env_initialize_instance(wasi_env_t* env, wasm_store_t* store,
                                                  wasm_instance_t* instance);

/* The instance's exported "_start" function (own), or NULL. */
WASI_API_EXTERN wasm_func_t* wasi_get_start_function(wasm_instance_t* instance);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASI_H */
