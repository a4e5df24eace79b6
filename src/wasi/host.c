/* wasi/host.c — the table of wasi_snapshot_preview1 functions (name, core signature, trace
 * format, implementation), the one trampoline every WASI host function goes through (finds the
 * guest memory, calls the implementation, writes the trace line, turns proc_exit into a trap),
 * and linking a module's WASI imports. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rt/instance.h"
#include "wasi/abi.h"
#include "wasi/calls.h"
#include "wasi/env.h"
#include "wasi/errno.h"
#include "wasi/guest.h"

/* Parameter formats, one letter per core parameter: i32 as d (decimal), x (pointer), f (flags,
 * hex), s (string pointer, printed as the string together with the following n, its length);
 * i64 as L (unsigned decimal), I (signed decimal), R (rights, hex). */
typedef struct fndesc {
  const char *name;
  const char *fmt;
  wb_wasi_impl fn;
  bool noreturn;
} fndesc;

#define F(name, fmt) {#name, fmt, wb_wasi_##name, false}
static const fndesc functions[] = {
    F(args_get, "xx"),
    F(args_sizes_get, "xx"),
    F(environ_get, "xx"),
    F(environ_sizes_get, "xx"),
    F(clock_res_get, "dx"),
    F(clock_time_get, "dLx"),
    F(fd_advise, "dLLd"),
    F(fd_allocate, "dLL"),
    F(fd_close, "d"),
    F(fd_datasync, "d"),
    F(fd_fdstat_get, "dx"),
    F(fd_fdstat_set_flags, "df"),
    F(fd_fdstat_set_rights, "dRR"),
    F(fd_filestat_get, "dx"),
    F(fd_filestat_set_size, "dL"),
    F(fd_filestat_set_times, "dLLf"),
    F(fd_pread, "dxdLx"),
    F(fd_prestat_get, "dx"),
    F(fd_prestat_dir_name, "dxd"),
    F(fd_pwrite, "dxdLx"),
    F(fd_read, "dxdx"),
    F(fd_readdir, "dxdLx"),
    F(fd_renumber, "dd"),
    F(fd_seek, "dIdx"),
    F(fd_sync, "d"),
    F(fd_tell, "dx"),
    F(fd_write, "dxdx"),
    F(path_create_directory, "dsn"),
    F(path_filestat_get, "dfsnx"),
    F(path_filestat_set_times, "dfsnLLf"),
    F(path_link, "dfsndsn"),
    F(path_open, "dfsnfRRfx"),
    F(path_readlink, "dsnxdx"),
    F(path_remove_directory, "dsn"),
    F(path_rename, "dsndsn"),
    F(path_symlink, "sndsn"),
    F(path_unlink_file, "dsn"),
    F(poll_oneoff, "xxdx"),
    {"proc_exit", "d", wb_wasi_proc_exit, true},
    F(proc_raise, "d"),
    F(sched_yield, ""),
    F(random_get, "xd"),
    F(sock_accept, "dfx"),
    F(sock_recv, "dxdfxx"),
    F(sock_send, "dxdfx"),
    F(sock_shutdown, "dd"),
};
#undef F
#define NFUNCTIONS (sizeof functions / sizeof functions[0])

size_t wb_wasi_function_count(void) { return NFUNCTIONS; }
const char *wb_wasi_function_name(size_t i) { return i < NFUNCTIONS ? functions[i].name : NULL; }

static const fndesc *find(const char *name, size_t len) {
  for (size_t i = 0; i < NFUNCTIONS; i++)
    if (strlen(functions[i].name) == len && memcmp(functions[i].name, name, len) == 0) return &functions[i];
  return NULL;
}

bool wb_wasi_has_function(const char *name, size_t name_len) { return find(name, name_len) != NULL; }

static bool is_i64(char c) { return c == 'L' || c == 'I' || c == 'R'; }
static bool needs_memory(const fndesc *d) { return strpbrk(d->fmt, "xs") != NULL; }

typedef struct binding {
  wb_wasi_env *env;
  const fndesc *desc;
} binding;

/* ---- the call trace ---- */

static size_t put_string(char *o, size_t room, const wb_memory *m, uint32_t p, uint32_t len) {
  if (!m || !wb_g_ok(m, p, len)) return (size_t)snprintf(o, room, "0x%x", p);
  size_t k = 0;
  if (k + 1 < room) o[k++] = '"';
  const uint8_t *s = wb_g_ptr(m, p);
  for (uint32_t i = 0; i < len && i < 200 && k + 6 < room; i++) {
    if (s[i] < 0x20 || s[i] == '"' || s[i] == '\\' || s[i] == 0x7F) k += (size_t)snprintf(o + k, room - k, "\\x%02x", s[i]);
    else o[k++] = (char)s[i];
  }
  if (len > 200 && k + 4 < room) k += (size_t)snprintf(o + k, room - k, "...");
  if (k + 1 < room) o[k++] = '"';
  return k;
}

/* One line per call, written with a single write(2) so concurrent appenders do not interleave. */
static void trace(const wb_wasi_env *env, const fndesc *d, const wb_memory *m, const wb_value *a, uint16_t e) {
  char line[1024];
  size_t k = (size_t)snprintf(line, sizeof line, "%s(", d->name);
  bool first = true;
  for (size_t i = 0; d->fmt[i] && k < sizeof line - 64; i++) {
    char c = d->fmt[i];
    if (c == 'n') continue; /* printed with its string */
    if (!first) k += (size_t)snprintf(line + k, sizeof line - k, ", ");
    first = false;
    switch (c) {
    case 'd': k += (size_t)snprintf(line + k, sizeof line - k, "%u", a[i].u32); break;
    case 'x':
    case 'f': k += (size_t)snprintf(line + k, sizeof line - k, "0x%x", a[i].u32); break;
    case 's': k += put_string(line + k, sizeof line - k - 64, m, a[i].u32, a[i + 1].u32); break;
    case 'L': k += (size_t)snprintf(line + k, sizeof line - k, "%llu", (unsigned long long)a[i].u64); break;
    case 'I': k += (size_t)snprintf(line + k, sizeof line - k, "%lld", (long long)a[i].i64); break;
    case 'R': k += (size_t)snprintf(line + k, sizeof line - k, "0x%llx", (unsigned long long)a[i].u64); break;
    }
  }
  if (k > sizeof line - 64) k = sizeof line - 64;
  k += (size_t)snprintf(line + k, sizeof line - k, ") = %s\n", d->noreturn ? "exit" : wb_wasi_errno_name(e));
  ssize_t w = write(env->trace_fd, line, k);
  (void)w;
}

/* ---- the trampoline ---- */

static wb_trap *dispatch(void *p, struct wb_instance *caller, const wb_value *args, wb_value *results) {
  const binding *b = p;
  wb_wasi_env *env = b->env;
  const fndesc *d = b->desc;
  wb_memory *mem = caller ? (caller->module->nmems ? caller->mems[0] : NULL) : env->bound_memory;
  if (!mem && needs_memory(d)) {
    char msg[160];
    snprintf(msg, sizeof msg, "%s.%s needs a linear memory, and the %s has none", WB_WASI_MODULE, d->name,
             caller ? "calling module" : "host call (wb_wasi_bind_memory)");
    return wb_trap_new(WB_TRAP_HOST, msg);
  }
  uint16_t e = d->fn(env, mem, args);
  if (env->trace_fd >= 0) trace(env, d, mem, args, e);
  if (d->noreturn) {
    env->exit_pending = false;
    wb_trap *t = wb_trap_new(WB_TRAP_EXIT, NULL);
    t->exit_code = env->exit_code;
    return t;
  }
  results[0].u64 = 0;
  results[0].i32 = e;
  return NULL;
}

wb_funcinst *wb_wasi_func(wb_wasi_env *env, wb_store *s, const char *name, size_t name_len) {
  const fndesc *d = find(name, name_len);
  if (!d) return NULL;
  uint8_t types[16];
  uint32_t np = 0;
  for (const char *c = d->fmt; *c; c++) types[np++] = is_i64(*c) ? WB_I64 : WB_I32;
  uint32_t nr = d->noreturn ? 0 : 1;
  if (nr) types[np] = WB_I32;
  binding *b = malloc(sizeof *b);
  if (!b) return NULL;
  b->env = env;
  b->desc = d;
  wb_funcinst *f = wb_store_host_func(s, np, nr, types, dispatch, b, free);
  if (!f) free(b);
  return f;
}

/* "(func [i32 i64] -> [i32])" for messages. */
static void format_functype(const wb_functype *t, char *buf, size_t size) {
  size_t k = (size_t)snprintf(buf, size, "(func [");
  for (uint32_t i = 0; i < t->nparams && k < size; i++)
    k += (size_t)snprintf(buf + k, size - k, "%s%s", i ? " " : "", wb_valtype_name(wb_functype_params(t)[i]));
  if (k < size) k += (size_t)snprintf(buf + k, size - k, "] -> [");
  for (uint32_t i = 0; i < t->nresults && k < size; i++)
    k += (size_t)snprintf(buf + k, size - k, "%s%s", i ? " " : "", wb_valtype_name(wb_functype_results(t)[i]));
  if (k < size) snprintf(buf + k, size - k, "])");
}

static const char *kind_name(uint8_t kind) {
  switch (kind) {
  case WB_EXTERN_FUNC: return "func";
  case WB_EXTERN_TABLE: return "table";
  case WB_EXTERN_MEMORY: return "memory";
  case WB_EXTERN_GLOBAL: return "global";
  }
  return "extern";
}

wb_status wb_wasi_resolve_imports(wb_wasi_env *env, wb_store *s, const wb_module *m, wb_extern *imports,
                                  wb_error *err) {
  size_t modlen = strlen(WB_WASI_MODULE);
  for (uint32_t i = 0; i < m->nimports; i++) {
    const wb_import *imp = &m->imports[i];
    if (imp->module_len != modlen || memcmp(imp->module, WB_WASI_MODULE, modlen) != 0) continue;
    if (!find(imp->name, imp->name_len)) {
      char type[256];
      if (imp->kind == WB_EXTERN_FUNC) format_functype(&m->types[imp->desc.func_type], type, sizeof type);
      else snprintf(type, sizeof type, "(%s)", kind_name(imp->kind));
      return wb_fail(err, WB_ERR_LINK, WB_NO_OFFSET, "unknown import \"%s\".\"%s\" %s", WB_WASI_MODULE, imp->name, type);
    }
    if (imp->kind != WB_EXTERN_FUNC)
      return wb_fail(err, WB_ERR_LINK, WB_NO_OFFSET, "incompatible import type \"%s\".\"%s\": expected %s, found func",
                     WB_WASI_MODULE, imp->name, kind_name(imp->kind));
    wb_funcinst *f = wb_wasi_func(env, s, imp->name, imp->name_len);
    if (!f) return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory creating %s.%s", WB_WASI_MODULE, imp->name);
    memset(&imports[i], 0, sizeof imports[i]);
    imports[i].kind = WB_EXTERN_FUNC;
    imports[i].u.func = f;
  }
  return WB_OK;
}
