/* cli/typefmt.c — writing Wasm types as text, appending into a bounded buffer. */
#include "cli/typefmt.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct out {
  char *buf;
  size_t size, len;
  int truncated;
} out;

static void put(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(out *o, const char *fmt, ...) {
  if (o->truncated || o->size == 0) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= o->size - o->len) {
    o->truncated = 1;
    /* mark the cut so a reader knows the type goes on */
    if (o->size >= 4) strcpy(o->buf + o->size - 4, "...");
    return;
  }
  o->len += (size_t)n;
}

static void put_types(out *o, const uint8_t *types, uint32_t n) {
  put(o, "[");
  for (uint32_t i = 0; i < n; i++) put(o, "%s%s", i ? " " : "", wb_valtype_name(types[i]));
  put(o, "]");
}

static void put_functype(out *o, const wb_functype *t) {
  put_types(o, wb_functype_params(t), t->nparams);
  put(o, " -> ");
  put_types(o, wb_functype_results(t), t->nresults);
}

static void put_limits(out *o, const wb_limits *l) {
  put(o, "%" PRIu64, l->min);
  if (l->has_max) put(o, " %" PRIu64, l->max);
}

static out start(char *buf, size_t size) {
  if (size) buf[0] = 0;
  return (out){buf, size, 0, 0};
}

void wb_cli_format_functype(const wb_functype *t, char *buf, size_t size) {
  out o = start(buf, size);
  put_functype(&o, t);
}

void wb_cli_format_limits(const wb_limits *l, char *buf, size_t size) {
  out o = start(buf, size);
  put_limits(&o, l);
}

void wb_cli_format_import_type(const wb_module *m, const wb_import *imp, char *buf, size_t size) {
  out o = start(buf, size);
  switch (imp->kind) {
  case WB_EXTERN_FUNC:
    put(&o, "(func ");
    if (imp->desc.func_type < m->ntypes)
      put_functype(&o, &m->types[imp->desc.func_type]);
    else
      put(&o, "type %u", imp->desc.func_type);
    put(&o, ")");
    break;
  case WB_EXTERN_TABLE:
    put(&o, "(table ");
    put_limits(&o, &imp->desc.table.limits);
    put(&o, " %s)", wb_valtype_name(imp->desc.table.elemtype));
    break;
  case WB_EXTERN_MEMORY:
    put(&o, "(memory ");
    put_limits(&o, &imp->desc.mem.limits);
    put(&o, ")");
    break;
  case WB_EXTERN_GLOBAL:
    if (imp->desc.global.mutable_)
      put(&o, "(global (mut %s))", wb_valtype_name(imp->desc.global.valtype));
    else
      put(&o, "(global %s)", wb_valtype_name(imp->desc.global.valtype));
    break;
  default:
    put(&o, "(unknown kind %u)", imp->kind);
  }
}

const char *wb_cli_extern_kind_name(uint8_t kind) {
  switch (kind) {
  case WB_EXTERN_FUNC: return "func";
  case WB_EXTERN_TABLE: return "table";
  case WB_EXTERN_MEMORY: return "memory";
  case WB_EXTERN_GLOBAL: return "global";
  }
  return "unknown";
}
