/* cli/cmd_run.c — `wasmbox run [OPTIONS] FILE [OPTIONS] [--] [ARGS...]`: instantiate a module with
 * WASI preview 1 (preopened directories, environment, sockets) and call `_start`, or
 * `_initialize` and then the function named by --invoke. Options may stand before or after the
 * file; the program's arguments begin at `--` or at the first later argument that is not an option. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/commands.h"
#include "cli/linker.h"
#include "cli/load.h"
#include "cli/options.h"
#include "cli/typefmt.h"
#include "cli/values.h"
#include "engine/engine.h"
#include "wasi/wasi.h"

enum { OPT_INVOKE, OPT_BOUNDS, OPT_DIR, OPT_DIR_RO, OPT_MAPDIR, OPT_ENV, OPT_TCPLISTEN, OPT_WASI_TRACE, OPT_ARGV0,
       OPT_FUEL, OPT_TIMEOUT, OPT_MAX_MEMORY, OPT_MAX_STACK, OPT_HELP };

static const wb_cli_option run_options[] = {
    {OPT_DIR, "dir", 0, true, "DIR", "give the program directory DIR (same path inside); HOST::GUEST maps it"},
    {OPT_DIR_RO, "dir-ro", 0, true, "DIR", "like --dir, read-only: writes fail with errno `perm`"},
    {OPT_MAPDIR, "mapdir", 0, true, "GUEST:HOST", "give the program host directory HOST as GUEST"},
    {OPT_ENV, "env", 0, true, "NAME[=VALUE]", "set an environment variable (NAME alone copies the host's)"},
    {OPT_TCPLISTEN, "tcplisten", 0, true, "HOST:PORT", "hand the program a listening TCP socket (fd 3 on)"},
    {OPT_WASI_TRACE, "wasi-trace", 0, true, "FILE", "append a line per WASI call to FILE"},
    {OPT_ARGV0, "argv0", 0, true, "NAME", "the program's argv[0] (default: the file's base name)"},
    {OPT_INVOKE, "invoke", 'i', true, "NAME", "call the exported function NAME with ARGS and print its results"},
    {OPT_BOUNDS, "bounds-checks", 0, false, NULL, "explicit bounds checks for memories (no guard pages)"},
    {OPT_FUEL, "fuel", 0, true, "N", "stop the program (exit 134) after N Wasm instructions"},
    {OPT_TIMEOUT, "timeout", 0, true, "SECONDS", "stop the program (exit 134) after SECONDS of wall time"},
    {OPT_MAX_MEMORY, "max-memory", 0, true, "BYTES", "cap each linear memory at BYTES (K, M, G suffixes)"},
    {OPT_MAX_STACK, "max-stack", 0, true, "BYTES", "cap the Wasm stack at BYTES (K, M, G suffixes)"},
    {OPT_HELP, "help", 'h', false, NULL, "print this help"},
};
#define NOPTIONS (sizeof run_options / sizeof run_options[0])

typedef struct run_opts {
  const char *file;
  const char *invoke;           /* NULL: run _start */
  bool bounds_checks;
  wb_store_config limits;       /* fuel, max_memory_bytes, max_stack_bytes */
  double timeout;               /* seconds, 0 = none */
  const char *argv0;            /* NULL: the file's base name */
  wb_wasi_config *wasi;         /* everything but the arguments */
  int nargs;                    /* the program's arguments (or the invoked function's) */
  char **args;
} run_opts;

static void run_help(void) {
  printf("Usage: wasmbox run [OPTIONS] FILE.wasm [OPTIONS] [--] [ARGS...]\n\n"
         "Runs a WebAssembly module with WASI preview 1 (wasi_snapshot_preview1). A command's\n"
         "`_start` is called with ARGS as its arguments (argv[0] is the file's base name); a\n"
         "reactor's `_initialize` runs first, then --invoke calls the named function with ARGS\n"
         "parsed by its parameter types (integers in decimal or 0x hex, negative allowed; floats\n"
         "also as inf, -inf, nan, -0) and prints each result on its own line. The program sees no\n"
         "files but the directories given with --dir, and no environment but --env's. stdin,\n"
         "stdout and stderr pass straight through. Options may come before or after FILE; ARGS\n"
         "begin at `--` or at the first argument after FILE that is not an option. Every option\n"
         "accepts `--opt value` and `--opt=value`, and may be repeated.\n\n"
         "Options:\n");
  wb_cli_print_options(run_options, NOPTIONS);
  printf("\nDirectories: --dir DIR (seen as DIR), --dir HOST::GUEST (Wasmtime's form), --mapdir\n"
         "GUEST:HOST (Wasmer's form); --dir-ro takes the same forms. Paths cannot leave them.\n"
         "Tracing: --wasi-trace FILE or WASMBOX_WASI_TRACE=FILE in the environment.\n"
         "\nExit status: the program's proc_exit code (0-125; a larger code is reported as 125),\n"
         "0 when it returns; 126 if the file cannot be run (not found, not Wasm, invalid, an import\n"
         "cannot be linked, a directory or socket cannot be opened); 134 if it traps (message and\n"
         "backtrace on stderr); 2 on a usage error.\n");
}

/* Adds a preopen in one of the forms DIR, HOST::GUEST (dir) or GUEST:HOST (mapdir). */
static int add_dir(run_opts *o, const char *opt, const char *value, bool mapdir, bool read_only) {
  char *copy = strdup(value);
  if (!copy) return wb_cli_usage_error("run", "out of memory");
  const char *host = copy, *guest = copy;
  char *sep = strstr(copy, "::");
  if (sep) {
    *sep = 0;
    if (mapdir) host = sep + 2;
    else guest = sep + 2;
  } else if (mapdir) {
    sep = strchr(copy, ':');
    if (!sep) {
      free(copy);
      return wb_cli_usage_error("run", "--%s needs GUEST:HOST, not '%s'", opt, value);
    }
    *sep = 0;
    host = sep + 1;
  }
  if (!*host || !*guest) {
    free(copy);
    return wb_cli_usage_error("run", "--%s '%s': empty directory name", opt, value);
  }
  wb_error err;
  wb_status st = wb_wasi_config_preopen(o->wasi, host, guest, read_only, &err);
  free(copy);
  if (st) return wb_cli_usage_error("run", "--%s '%s': %s", opt, value, err.msg);
  return -1;
}

static int add_env(run_opts *o, const char *value) {
  wb_error err;
  const char *eq = strchr(value, '=');
  if (eq == value || !*value) return wb_cli_usage_error("run", "--env needs NAME=VALUE or NAME, not '%s'", value);
  if (!eq) {
    const char *host = getenv(value);
    if (!host) return -1; /* unset on the host: unset in the program too, as Wasmtime does */
    if (wb_wasi_config_env(o->wasi, value, host, &err)) return wb_cli_usage_error("run", "--env: %s", err.msg);
    return -1;
  }
  char *name = strndup(value, (size_t)(eq - value));
  if (!name) return wb_cli_usage_error("run", "out of memory");
  wb_status st = wb_wasi_config_env(o->wasi, name, eq + 1, &err);
  free(name);
  if (st) return wb_cli_usage_error("run", "--env: %s", err.msg);
  return -1;
}

/* Parses a whole number with an optional K/M/G (binary) suffix; false when malformed or 0. */
static bool parse_amount(const char *s, uint64_t *out) {
  char *end;
  if (*s < '0' || *s > '9') return false;
  unsigned long long v = strtoull(s, &end, 10);
  unsigned shift = 0;
  if (*end == 'K' || *end == 'k') shift = 10, end++;
  else if (*end == 'M' || *end == 'm') shift = 20, end++;
  else if (*end == 'G' || *end == 'g') shift = 30, end++;
  if (*end || !v || v > (UINT64_MAX >> shift)) return false;
  *out = (uint64_t)v << shift;
  return true;
}

/* Applies one matched option; returns an exit status, or -1 to go on. */
static int apply_option(run_opts *o, const wb_cli_option *opt, const char *value) {
  wb_error err;
  switch (opt->id) {
  case OPT_DIR: return add_dir(o, opt->name, value, false, false);
  case OPT_DIR_RO: return add_dir(o, opt->name, value, false, true);
  case OPT_MAPDIR: return add_dir(o, opt->name, value, true, false);
  case OPT_ENV: return add_env(o, value);
  case OPT_TCPLISTEN:
    if (wb_wasi_config_tcplisten(o->wasi, value, &err)) return wb_cli_usage_error("run", "--tcplisten: %s", err.msg);
    return -1;
  case OPT_WASI_TRACE:
    if (!*value) return wb_cli_usage_error("run", "--wasi-trace needs a file name");
    if (wb_wasi_config_trace(o->wasi, value, &err)) return wb_cli_usage_error("run", "--wasi-trace: %s", err.msg);
    return -1;
  case OPT_ARGV0: o->argv0 = value; return -1;
  case OPT_HELP: run_help(); return WB_EXIT_OK;
  case OPT_INVOKE:
    if (o->invoke) return wb_cli_usage_error("run", "--invoke given twice");
    if (!*value) return wb_cli_usage_error("run", "--invoke needs a function name");
    o->invoke = value;
    return -1;
  case OPT_BOUNDS: o->bounds_checks = true; return -1;
  case OPT_FUEL:
    if (!parse_amount(value, &o->limits.fuel)) return wb_cli_usage_error("run", "--fuel needs a positive number, not '%s'", value);
    return -1;
  case OPT_MAX_MEMORY:
    if (!parse_amount(value, &o->limits.max_memory_bytes))
      return wb_cli_usage_error("run", "--max-memory needs a size in bytes, not '%s'", value);
    return -1;
  case OPT_MAX_STACK:
    if (!parse_amount(value, &o->limits.max_stack_bytes))
      return wb_cli_usage_error("run", "--max-stack needs a size in bytes, not '%s'", value);
    return -1;
  case OPT_TIMEOUT: {
    char *end;
    o->timeout = strtod(value, &end);
    if (!*value || *end || !(o->timeout > 0) || o->timeout > 1e9)
      return wb_cli_usage_error("run", "--timeout needs a positive number of seconds, not '%s'", value);
    return -1;
  }
  }
  return -1;
}

/* Returns -1 when the command line is good, else the exit status. */
static int parse_args(int argc, char **argv, run_opts *o) {
  int i = 1;
  memset(o, 0, sizeof *o);
  o->wasi = wb_wasi_config_new();
  if (!o->wasi) {
    fprintf(stderr, "wasmbox: out of memory\n");
    return WB_EXIT_CANNOT_RUN;
  }
  while (i < argc) {
    const wb_cli_option *opt;
    const char *value;
    wb_cli_optres res = wb_cli_next_option("run", run_options, NOPTIONS, argc, argv, &i, &opt, &value);
    if (res == WB_OPT_ERROR) return WB_EXIT_USAGE;
    if (res == WB_OPT_MATCH) {
      int st = apply_option(o, opt, value);
      if (st >= 0) return st;
      continue;
    }
    if (o->file) break; /* positional, unknown option or "--" (skipped) after FILE: the program's arguments */
    if (res == WB_OPT_UNKNOWN) return wb_cli_usage_error("run", "unknown option '%s'", argv[i]);
    if (res == WB_OPT_END && i >= argc) return wb_cli_usage_error("run", "missing FILE.wasm after '--'");
    o->file = argv[i++];
  }
  if (!o->file) return wb_cli_usage_error("run", "missing FILE.wasm");
  o->args = argv + i;
  o->nargs = argc - i;
  return -1;
}

static bool same_frame(const wb_frame_info *a, const wb_frame_info *b) {
  return a->module == b->module && a->func_index == b->func_index && a->offset == b->offset;
}

/* Deep recursion makes thousands of frames: runs of one frame are folded into a line, and only
 * the innermost MAX_FRAME_LINES distinct lines are shown. */
#define MAX_FRAME_LINES 50

static void print_trap(const wb_trap *t) {
  fprintf(stderr, "wasmbox: trap: %s\n", t->message ? t->message : wb_trap_kind_message(t->kind));
  if (t->nframes) fprintf(stderr, "wasm backtrace:\n");
  uint32_t lines = 0;
  for (uint32_t i = 0; i < t->nframes; i++) {
    if (lines == MAX_FRAME_LINES) {
      fprintf(stderr, "  ... %u more frames\n", t->nframes - i);
      break;
    }
    const wb_frame_info *f = &t->frames[i];
    const char *name = f->module ? wb_module_func_name(f->module, f->func_index) : NULL;
    fprintf(stderr, "  %2u: ", i);
    if (name)
      fprintf(stderr, "%s", name);
    else
      fprintf(stderr, "func[%u]", f->func_index);
    if (f->offset != (size_t)-1) fprintf(stderr, " @0x%zx", f->offset);
    fputc('\n', stderr);
    lines++;
    uint32_t same = 0;
    while (i + 1 < t->nframes && same_frame(&t->frames[i + 1], f)) {
      i++;
      same++;
    }
    if (same) {
      fprintf(stderr, "      ... the frame above repeated %u more time%s\n", same, same == 1 ? "" : "s");
      lines++;
    }
  }
}

/* The exit status for a trap: a WASI exit carries the program's status, anything else is 134. */
static int trap_status(const wb_trap *t) {
  if (t->kind == WB_TRAP_EXIT) {
    if (t->exit_code >= 0 && t->exit_code <= 125) return t->exit_code;
    fprintf(stderr, "wasmbox: exit status %d reported as 125\n", t->exit_code);
    return 125;
  }
  print_trap(t);
  return WB_EXIT_TRAP;
}

/* Calls f with already parsed args; prints results when print is set. */
static int call(wb_funcinst *f, const wb_value *args, bool print) {
  const wb_functype *ft = f->type;
  wb_value *results = calloc(ft->nresults ? ft->nresults : 1, sizeof *results);
  if (!results) {
    fprintf(stderr, "wasmbox: out of memory\n");
    return WB_EXIT_CANNOT_RUN;
  }
  wb_trap *trap = NULL;
  wb_status st = wb_call(f, args, results, &trap);
  int status = WB_EXIT_OK;
  if (trap) {
    status = trap_status(trap);
    wb_trap_free(trap);
  } else if (st) {
    fprintf(stderr, "wasmbox: call failed: %s\n", wb_status_name(st));
    status = WB_EXIT_TRAP;
  } else if (print) {
    for (uint32_t i = 0; i < ft->nresults; i++) {
      char text[WB_CLI_VALUE_TEXT_MAX];
      wb_cli_format_value(wb_functype_results(ft)[i], &results[i], text, sizeof text);
      printf("%s\n", text);
    }
    fflush(stdout);
  }
  free(results);
  return status;
}

static int invoke(const run_opts *o, wb_instance *inst) {
  wb_extern ext;
  if (!wb_instance_export(inst, o->invoke, &ext)) {
    fprintf(stderr, "wasmbox: %s: no export named \"%s\"\n", o->file, o->invoke);
    return WB_EXIT_CANNOT_RUN;
  }
  if (ext.kind != WB_EXTERN_FUNC) {
    fprintf(stderr, "wasmbox: %s: export \"%s\" is a %s, not a function\n", o->file, o->invoke,
            wb_cli_extern_kind_name(ext.kind));
    return WB_EXIT_CANNOT_RUN;
  }
  const wb_functype *ft = ext.u.func->type;
  char sig[1024];
  wb_cli_format_functype(ft, sig, sizeof sig);
  if ((uint32_t)o->nargs != ft->nparams)
    return wb_cli_usage_error("run", "function \"%s\" %s takes %u argument%s, %d given", o->invoke, sig, ft->nparams,
                              ft->nparams == 1 ? "" : "s", o->nargs);
  wb_value *args = calloc(ft->nparams ? ft->nparams : 1, sizeof *args);
  if (!args) {
    fprintf(stderr, "wasmbox: out of memory\n");
    return WB_EXIT_CANNOT_RUN;
  }
  for (uint32_t i = 0; i < ft->nparams; i++) {
    char why[128];
    if (!wb_cli_parse_value(o->args[i], wb_functype_params(ft)[i], &args[i], why, sizeof why)) {
      free(args);
      return wb_cli_usage_error("run", "argument %u '%s' of \"%s\" %s: %s", i + 1, o->args[i], o->invoke, sig, why);
    }
  }
  int status = call(ext.u.func, args, true);
  free(args);
  return status;
}

/* A nullary function export: *f is set when present; returns an exit status when it is present
 * with another type, else -1. */
static int nullary_export(const run_opts *o, wb_instance *inst, const char *name, wb_funcinst **f) {
  wb_extern ext;
  *f = NULL;
  if (!wb_instance_export(inst, name, &ext)) return -1;
  if (ext.kind != WB_EXTERN_FUNC || ext.u.func->type->nparams || ext.u.func->type->nresults) {
    fprintf(stderr, "wasmbox: %s: export \"%s\" is not a function of type [] -> []\n", o->file, name);
    return WB_EXIT_CANNOT_RUN;
  }
  *f = ext.u.func;
  return -1;
}

/* A command runs `_start`; a reactor runs `_initialize`, then the --invoke'd function. */
static int run_instance(const run_opts *o, wb_instance *inst) {
  wb_funcinst *f;
  int st;
  if (!o->invoke) {
    if ((st = nullary_export(o, inst, "_start", &f)) >= 0) return st;
    if (f) return call(f, NULL, false);
  }
  wb_funcinst *init;
  if ((st = nullary_export(o, inst, "_initialize", &init)) >= 0) return st;
  wb_funcinst *start_fn;
  if ((st = nullary_export(o, inst, "_start", &start_fn)) >= 0) return st;
  if (init && !start_fn && (st = call(init, NULL, false)) != WB_EXIT_OK) return st;
  return o->invoke ? invoke(o, inst) : WB_EXIT_OK; /* a library module: instantiating was all */
}

/* The WASI arguments: argv[0] is the file's base name (Wasmtime's choice: no host path leaks). */
static wb_status wasi_args(run_opts *o, wb_error *err) {
  const char *argv0 = o->argv0;
  if (!argv0) {
    const char *slash = strrchr(o->file, '/');
    argv0 = slash && slash[1] ? slash + 1 : o->file;
  }
  wb_status st = wb_wasi_config_arg(o->wasi, argv0, err);
  for (int i = 0; i < o->nargs && !st; i++) st = wb_wasi_config_arg(o->wasi, o->args[i], err);
  return st;
}

/* Offers WASI's functions for the module's wasi_snapshot_preview1 imports; unknown names are
 * left for the linker to report with their types. */
static wb_status define_wasi(wb_cli_linker *l, wb_wasi_env *env, wb_store *s, const wb_module *m, wb_error *err) {
  for (uint32_t i = 0; i < m->nimports; i++) {
    const wb_import *imp = &m->imports[i];
    if (strcmp(imp->module, WB_WASI_MODULE) != 0 || !wb_wasi_has_function(imp->name, imp->name_len)) continue;
    wb_extern ext;
    memset(&ext, 0, sizeof ext);
    ext.kind = WB_EXTERN_FUNC;
    ext.u.func = wb_wasi_func(env, s, imp->name, imp->name_len);
    if (!ext.u.func) return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory");
    wb_status st = wb_cli_linker_define(l, WB_WASI_MODULE, imp->name, &ext, err);
    if (st) return st;
  }
  return WB_OK;
}

/* --timeout: a thread that interrupts the store when the time is up, unless told to stop first. */
typedef struct watchdog {
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t cond;
  bool done;
  struct timespec deadline;
  wb_store *store;
} watchdog;

static void *watchdog_main(void *p) {
  watchdog *w = p;
  pthread_mutex_lock(&w->lock);
  int rc = 0;
  while (!w->done && rc != ETIMEDOUT) rc = pthread_cond_timedwait(&w->cond, &w->lock, &w->deadline);
  if (!w->done) wb_store_interrupt(w->store);
  pthread_mutex_unlock(&w->lock);
  return NULL;
}

static bool watchdog_start(watchdog *w, wb_store *store, double seconds) {
  memset(w, 0, sizeof *w);
  w->store = store;
  pthread_mutex_init(&w->lock, NULL);
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&w->cond, &attr);
  pthread_condattr_destroy(&attr);
  clock_gettime(CLOCK_MONOTONIC, &w->deadline);
  double whole = (double)(time_t)seconds;
  w->deadline.tv_sec += (time_t)seconds;
  w->deadline.tv_nsec += (long)((seconds - whole) * 1e9);
  if (w->deadline.tv_nsec >= 1000000000L) {
    w->deadline.tv_sec++;
    w->deadline.tv_nsec -= 1000000000L;
  }
  return pthread_create(&w->thread, NULL, watchdog_main, w) == 0;
}

static void watchdog_stop(watchdog *w) {
  pthread_mutex_lock(&w->lock);
  w->done = true;
  pthread_cond_signal(&w->cond);
  pthread_mutex_unlock(&w->lock);
  pthread_join(w->thread, NULL);
  pthread_cond_destroy(&w->cond);
  pthread_mutex_destroy(&w->lock);
}

static int run_main(int argc, char **argv) {
  run_opts o;
  int status = parse_args(argc, argv, &o);
  if (status >= 0) {
    wb_wasi_config_free(o.wasi);
    return status;
  }

  wb_module *m;
  wb_load_stage stage;
  wb_error err;
  if (wb_cli_load_module(o.file, true, &m, &stage, &err)) {
    wb_cli_report_load_error(stderr, o.file, stage, &err);
    wb_wasi_config_free(o.wasi);
    return WB_EXIT_CANNOT_RUN;
  }
  wb_wasi_env *env = NULL;
  if (wasi_args(&o, &err) || wb_wasi_new(o.wasi, &env, &err)) {
    fprintf(stderr, "wasmbox: %s\n", err.msg);
    wb_wasi_config_free(o.wasi);
    wb_module_free(m);
    return WB_EXIT_CANNOT_RUN;
  }
  wb_wasi_config_free(o.wasi);
  o.wasi = NULL;
  /* A program writing into a closed pipe gets errno `pipe`, as under Wasmtime, instead of
   * killing the runtime. */
  signal(SIGPIPE, SIG_IGN);

  wb_store_config config = o.limits;
  config.bounds_checked = o.bounds_checks;
  config.interruptible = o.timeout > 0;
  wb_store *store = wb_store_new(&config);
  watchdog dog;
  bool dog_running = store && o.timeout > 0 && watchdog_start(&dog, store, o.timeout);
  wb_cli_linker *linker = wb_cli_linker_new();
  wb_extern *imports = calloc(m->nimports ? m->nimports : 1, sizeof *imports);
  wb_instance *inst = NULL;
  wb_trap *trap = NULL;
  if (!store || !linker || !imports) {
    fprintf(stderr, "wasmbox: out of memory\n");
    status = WB_EXIT_CANNOT_RUN;
  } else if (define_wasi(linker, env, store, m, &err) || wb_cli_linker_resolve(linker, m, imports, &err)) {
    fprintf(stderr, "wasmbox: %s: %s\n", o.file, err.msg);
    status = WB_EXIT_CANNOT_RUN;
  } else {
    wb_status st = wb_instantiate(store, m, imports, &inst, &trap, &err);
    if (st == WB_OK) {
      status = run_instance(&o, inst);
    } else if (trap) {
      status = trap_status(trap); /* the start function trapped (or exited) */
    } else if (st == WB_ERR_INSTANTIATE) {
      /* a segment out of bounds: the spec makes that a trap of instantiation */
      fprintf(stderr, "wasmbox: trap: %s (while instantiating %s)\n", err.msg, o.file);
      status = WB_EXIT_TRAP;
    } else {
      fprintf(stderr, "wasmbox: %s: %s\n", o.file, err.msg);
      status = WB_EXIT_CANNOT_RUN;
    }
  }
  if (dog_running) watchdog_stop(&dog);
  if (trap) wb_trap_free(trap);
  free(imports);
  wb_cli_linker_free(linker);
  if (store) wb_store_free(store);
  wb_wasi_free(env);
  wb_module_free(m);
  return status;
}

const wb_cli_command wb_cmd_run = {
    "run", "run a module's _start, or call an exported function", run_main, run_help,
};
