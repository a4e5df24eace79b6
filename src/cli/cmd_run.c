/* cli/cmd_run.c — `wasmbox run [OPTIONS] FILE [OPTIONS] [--] [ARGS...]`: instantiate a module and
 * call `_start` or the function named by --invoke. Options may stand before or after the file;
 * the program's arguments begin at `--` or at the first later argument that is not an option. */
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

enum { OPT_INVOKE, OPT_BOUNDS, OPT_HELP };

/* The WASI options (--dir, --env, --mapdir) join this table and run_options. */
static const wb_cli_option run_options[] = {
    {OPT_INVOKE, "invoke", 'i', true, "NAME", "call the exported function NAME with ARGS and print its results"},
    {OPT_BOUNDS, "bounds-checks", 0, false, NULL, "explicit bounds checks for memories (no guard pages)"},
    {OPT_HELP, "help", 'h', false, NULL, "print this help"},
};
#define NOPTIONS (sizeof run_options / sizeof run_options[0])

typedef struct run_opts {
  const char *file;
  const char *invoke;           /* NULL: run _start */
  bool bounds_checks;
  int nargs;                    /* the program's arguments (or the invoked function's) */
  char **args;
} run_opts;

static void run_help(void) {
  printf("Usage: wasmbox run [OPTIONS] FILE.wasm [OPTIONS] [--] [ARGS...]\n\n"
         "Instantiates the module and calls its `_start` function if it exports one, or with\n"
         "--invoke the named function with ARGS parsed by its parameter types (integers in decimal\n"
         "or 0x hex, negative allowed; floats also as inf, -inf, nan, -0), printing each result on\n"
         "its own line. Options may come before or after FILE; ARGS begin at `--` or at the first\n"
         "argument after FILE that is not an option. Every option accepts `--opt value` and\n"
         "`--opt=value`.\n\n"
         "Options:\n");
  wb_cli_print_options(run_options, NOPTIONS);
  printf("\nExit status: 0 when the program returns; 126 if the file cannot be run (not found, not\n"
         "Wasm, invalid, or an import cannot be linked); 134 if it traps; 2 on a usage error.\n");
}

/* Applies one matched option; returns an exit status, or -1 to go on. */
static int apply_option(run_opts *o, const wb_cli_option *opt, const char *value) {
  switch (opt->id) {
  case OPT_HELP: run_help(); return WB_EXIT_OK;
  case OPT_INVOKE:
    if (o->invoke) return wb_cli_usage_error("run", "--invoke given twice");
    if (!*value) return wb_cli_usage_error("run", "--invoke needs a function name");
    o->invoke = value;
    return -1;
  case OPT_BOUNDS: o->bounds_checks = true; return -1;
  }
  return -1;
}

/* Returns -1 when the command line is good, else the exit status. */
static int parse_args(int argc, char **argv, run_opts *o) {
  int i = 1;
  memset(o, 0, sizeof *o);
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

static int start(const run_opts *o, wb_instance *inst) {
  wb_extern ext;
  if (!wb_instance_export(inst, "_start", &ext)) return WB_EXIT_OK; /* a library module: instantiating was all */
  if (ext.kind != WB_EXTERN_FUNC || ext.u.func->type->nparams || ext.u.func->type->nresults) {
    fprintf(stderr, "wasmbox: %s: export \"_start\" is not a function of type [] -> []\n", o->file);
    return WB_EXIT_CANNOT_RUN;
  }
  return call(ext.u.func, NULL, false);
}

static int run_main(int argc, char **argv) {
  run_opts o;
  int status = parse_args(argc, argv, &o);
  if (status >= 0) return status;

  wb_module *m;
  wb_load_stage stage;
  wb_error err;
  if (wb_cli_load_module(o.file, true, &m, &stage, &err)) {
    wb_cli_report_load_error(stderr, o.file, stage, &err);
    return WB_EXIT_CANNOT_RUN;
  }
  wb_store_config config = {.bounds_checked = true, .max_memory_bytes = 0};
  wb_store *store = wb_store_new(o.bounds_checks ? &config : NULL);
  wb_cli_linker *linker = wb_cli_linker_new();
  wb_extern *imports = calloc(m->nimports ? m->nimports : 1, sizeof *imports);
  wb_instance *inst = NULL;
  wb_trap *trap = NULL;
  if (!store || !linker || !imports) {
    fprintf(stderr, "wasmbox: out of memory\n");
    status = WB_EXIT_CANNOT_RUN;
  } else if (wb_cli_linker_resolve(linker, m, imports, &err)) {
    fprintf(stderr, "wasmbox: %s: %s\n", o.file, err.msg);
    status = WB_EXIT_CANNOT_RUN;
  } else {
    wb_status st = wb_instantiate(store, m, imports, &inst, &trap, &err);
    if (st == WB_OK) {
      status = o.invoke ? invoke(&o, inst) : start(&o, inst);
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
  if (trap) wb_trap_free(trap);
  free(imports);
  wb_cli_linker_free(linker);
  if (store) wb_store_free(store);
  wb_module_free(m);
  return status;
}

const wb_cli_command wb_cmd_run = {
    "run", "run a module's _start, or call an exported function", run_main, run_help,
};
