/* cli/cmd_inspect.c — `wasmbox inspect FILE`: a readable summary of a module (sections with
 * offsets and sizes, types, imports, exports, memories, tables, globals, start, custom sections),
 * in the spirit of `wasmer inspect`. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "cli/commands.h"
#include "cli/load.h"
#include "cli/options.h"
#include "cli/typefmt.h"
#include "cli/values.h"
#include "valid/validate.h"

enum { OPT_HELP };

static const wb_cli_option inspect_options[] = {
    {OPT_HELP, "help", 'h', false, NULL, "print this help"},
};
#define NOPTIONS (sizeof inspect_options / sizeof inspect_options[0])

static void inspect_help(void) {
  printf("Usage: wasmbox inspect [OPTIONS] FILE.wasm\n\n"
         "Prints the module's sections (offset and size), types, imports, exports, memories,\n"
         "tables, globals, start function, custom sections, function count and code size.\n"
         "A module that decodes but does not validate is still shown, with the error.\n\n"
         "Options:\n");
  wb_cli_print_options(inspect_options, NOPTIONS);
  printf("\nExit status: 0 when the module decodes, 1 if it is malformed, 126 if it cannot be read,\n"
         "2 on a usage error.\n");
}

static const char *section_name(uint8_t id) {
  static const char *names[] = {"custom", "type",   "import", "function", "table", "memory",   "global",
                                "export", "start",  "element", "code",    "data",  "datacount"};
  return id < sizeof names / sizeof names[0] ? names[id] : "unknown";
}

/* Prints a name in quotes with control characters escaped, so odd names stay on one line. */
static void print_name(const char *s, size_t len) {
  putchar('"');
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7F || c == '"' || c == '\\')
      printf("\\%02x", c);
    else
      putchar(c);
  }
  putchar('"');
}

static void print_pages(uint64_t pages) {
  printf("%" PRIu64 " page%s (%" PRIu64 " bytes)", pages, pages == 1 ? "" : "s", pages * 65536);
}

static void print_memtype(const wb_memtype *t) {
  printf("min ");
  print_pages(t->limits.min);
  printf(", max ");
  if (t->limits.has_max)
    print_pages(t->limits.max);
  else
    printf("none");
}

static void print_tabletype(const wb_tabletype *t) {
  printf("%s, min %" PRIu64 ", max ", wb_valtype_name(t->elemtype), t->limits.min);
  if (t->limits.has_max)
    printf("%" PRIu64 " elements", t->limits.max);
  else
    printf("none");
}

static void print_globaltype(wb_globaltype t) {
  printf("%s%s", t.mutable_ ? "mut " : "", wb_valtype_name(t.valtype));
}

static void print_constexpr(const wb_constexpr *e) {
  char f[WB_CLI_VALUE_TEXT_MAX];
  switch (e->op) {
  case WB_CONST_I32: printf("i32.const %" PRId32, (int32_t)e->value.i32); break;
  case WB_CONST_I64: printf("i64.const %" PRId64, (int64_t)e->value.i64); break;
  case WB_CONST_F32:
    wb_cli_format_f32(e->value.i32, f, sizeof f);
    printf("f32.const %s", f);
    break;
  case WB_CONST_F64:
    wb_cli_format_f64(e->value.i64, f, sizeof f);
    printf("f64.const %s", f);
    break;
  case WB_CONST_V128:
    printf("v128.const i8x16");
    for (int i = 0; i < 16; i++) printf(" 0x%02x", e->value.v128[i]);
    break;
  case WB_CONST_GLOBAL_GET: printf("global.get %" PRIu32, e->index); break;
  case WB_CONST_REF_NULL: printf("ref.null %s", e->type == WB_EXTERNREF ? "extern" : "func"); break;
  case WB_CONST_REF_FUNC: printf("ref.func %" PRIu32, e->index); break;
  default: printf("(opcode 0x%02x)", e->op);
  }
}

static void print_func_ref(const wb_module *m, uint32_t index) {
  printf("func %" PRIu32, index);
  const char *name = wb_module_func_name(m, index);
  if (name) printf(" <%s>", name);
  if (index < m->nfuncs) {
    char t[1024];
    wb_cli_format_functype(wb_module_func_type(m, index), t, sizeof t);
    printf(" %s", t);
  }
}

/* The import that provides entity `index` of `kind`, or NULL for a defined one. */
static const wb_import *import_of(const wb_module *m, uint8_t kind, uint32_t index) {
  for (uint32_t i = 0; i < m->nimports; i++) {
    if (m->imports[i].kind != kind) continue;
    if (index-- == 0) return &m->imports[i];
  }
  return NULL;
}

static void print_imported(const wb_module *m, uint8_t kind, uint32_t index) {
  const wb_import *imp = import_of(m, kind, index);
  if (!imp) return;
  printf(" (imported from ");
  print_name(imp->module, imp->module_len);
  putchar('.');
  print_name(imp->name, imp->name_len);
  putchar(')');
}

static void inspect(const char *file, const wb_module *m, const wb_error *verr) {
  printf("%s: %zu bytes, ", file, m->len);
  if (verr->status == WB_OK)
    printf("valid\n");
  else if (verr->offset != WB_NO_OFFSET)
    printf("invalid: %s error at offset 0x%zx: %s\n", verr->status == WB_ERR_MALFORMED ? "decode" : "validation",
           verr->offset, verr->msg);
  else
    printf("invalid: %s\n", verr->msg);
  if (m->module_name) printf("Module name: %s\n", m->module_name);

  printf("Sections (%" PRIu32 "):\n", m->nsections);
  for (uint32_t i = 0, c = 0; i < m->nsections; i++) {
    const wb_section_info *s = &m->sections[i];
    printf("  %-10s offset 0x%08zx  size %zu", section_name(s->id), s->offset, s->size);
    if (s->id == 0) {
      /* custom sections appear in m->customs in the same order */
      while (c < m->ncustoms && m->customs[c].offset != s->offset) c++;
      if (c < m->ncustoms) {
        printf("  ");
        print_name(m->customs[c].name, strlen(m->customs[c].name));
      }
    }
    putchar('\n');
  }

  printf("Types (%" PRIu32 "):\n", m->ntypes);
  for (uint32_t i = 0; i < m->ntypes; i++) {
    char t[1024];
    wb_cli_format_functype(&m->types[i], t, sizeof t);
    printf("  %" PRIu32 ": %s\n", i, t);
  }

  printf("Imports (%" PRIu32 "):\n", m->nimports);
  for (uint32_t i = 0; i < m->nimports; i++) {
    const wb_import *imp = &m->imports[i];
    char t[1024];
    wb_cli_format_import_type(m, imp, t, sizeof t);
    printf("  ");
    print_name(imp->module, imp->module_len);
    putchar('.');
    print_name(imp->name, imp->name_len);
    printf(": %s\n", t);
  }

  uint64_t code = 0, code_section = 0;
  for (uint32_t i = 0; i < m->nsections; i++)
    if (m->sections[i].id == 10) code_section = m->sections[i].size;
  uint32_t ndefined = m->nfuncs - m->nimported_funcs;
  for (uint32_t i = 0; i < ndefined; i++) code += (uint64_t)(m->funcs[i].body_end - m->funcs[i].body);
  printf("Functions: %" PRIu32 " (%" PRIu32 " imported, %" PRIu32 " defined), code section %" PRIu64
         " bytes, %" PRIu64 " bytes of instructions\n",
         m->nfuncs, m->nimported_funcs, ndefined, code_section, code);

  printf("Exports (%" PRIu32 "):\n", m->nexports);
  for (uint32_t i = 0; i < m->nexports; i++) {
    const wb_export *e = &m->exports[i];
    printf("  ");
    print_name(e->name, e->name_len);
    printf(": ");
    switch (e->kind) {
    case WB_EXTERN_FUNC: print_func_ref(m, e->index); break;
    case WB_EXTERN_TABLE: printf("table %" PRIu32, e->index); break;
    case WB_EXTERN_MEMORY: printf("memory %" PRIu32, e->index); break;
    case WB_EXTERN_GLOBAL:
      printf("global %" PRIu32, e->index);
      if (e->index < m->nglobals) {
        printf(" ");
        print_globaltype(m->global_types[e->index]);
      }
      break;
    default: printf("unknown kind %u", e->kind);
    }
    putchar('\n');
  }

  printf("Memories (%" PRIu32 "):\n", m->nmems);
  for (uint32_t i = 0; i < m->nmems; i++) {
    printf("  %" PRIu32 ": ", i);
    print_memtype(&m->mems[i]);
    print_imported(m, WB_EXTERN_MEMORY, i);
    putchar('\n');
  }

  printf("Tables (%" PRIu32 "):\n", m->ntables);
  for (uint32_t i = 0; i < m->ntables; i++) {
    printf("  %" PRIu32 ": ", i);
    print_tabletype(&m->tables[i]);
    print_imported(m, WB_EXTERN_TABLE, i);
    putchar('\n');
  }

  printf("Globals (%" PRIu32 "):\n", m->nglobals);
  for (uint32_t i = 0; i < m->nglobals; i++) {
    printf("  %" PRIu32 ": ", i);
    print_globaltype(m->global_types[i]);
    if (i >= m->nimported_globals) {
      printf(" = ");
      print_constexpr(&m->globals[i - m->nimported_globals].init);
    }
    print_imported(m, WB_EXTERN_GLOBAL, i);
    putchar('\n');
  }

  printf("Start function: ");
  if (m->has_start)
    print_func_ref(m, m->start);
  else
    printf("none");
  putchar('\n');

  printf("Element segments: %" PRIu32 ", data segments: %" PRIu32 "\n", m->nelems, m->ndatas);

  printf("Custom sections (%" PRIu32 "):\n", m->ncustoms);
  for (uint32_t i = 0; i < m->ncustoms; i++) {
    printf("  ");
    print_name(m->customs[i].name, strlen(m->customs[i].name));
    printf(": %" PRIu32 " bytes, section at offset 0x%zx\n", m->customs[i].len, m->customs[i].offset);
  }
}

static int inspect_main(int argc, char **argv) {
  const char *file = NULL;
  bool options_done = false;
  for (int i = 1; i < argc;) {
    const wb_cli_option *opt;
    const char *value;
    wb_cli_optres res = options_done ? WB_OPT_POSITIONAL
                                     : wb_cli_next_option("inspect", inspect_options, NOPTIONS, argc, argv, &i, &opt, &value);
    switch (res) {
    case WB_OPT_ERROR: return WB_EXIT_USAGE;
    case WB_OPT_UNKNOWN: return wb_cli_usage_error("inspect", "unknown option '%s'", argv[i]);
    case WB_OPT_END: options_done = true; break;
    case WB_OPT_POSITIONAL:
      if (file) return wb_cli_usage_error("inspect", "unexpected argument '%s' (one file at a time)", argv[i]);
      file = argv[i++];
      break;
    case WB_OPT_MATCH:
      inspect_help();
      return WB_EXIT_OK;
    }
  }
  if (!file) return wb_cli_usage_error("inspect", "missing FILE.wasm");
  wb_module *m;
  wb_load_stage stage;
  wb_error err;
  if (wb_cli_load_module(file, false, &m, &stage, &err)) {
    wb_cli_report_load_error(stderr, file, stage, &err);
    return stage == WB_LOAD_READ ? WB_EXIT_CANNOT_RUN : WB_EXIT_FAIL;
  }
  wb_error verr;
  wb_error_clear(&verr);
  wb_validate(m, &verr);
  inspect(file, m, &verr);
  wb_module_free(m);
  return WB_EXIT_OK;
}

const wb_cli_command wb_cmd_inspect = {
    "inspect", "show a module's sections, imports, exports and more", inspect_main, inspect_help,
};
