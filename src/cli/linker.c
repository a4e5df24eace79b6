/* cli/linker.c — a newest-first list of named import providers. Lists are short (a handful of
 * registered modules, a few dozen host functions), so lookups are linear. */
#include "cli/linker.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/typefmt.h"

typedef struct provider {
  char *module;
  char *name;                   /* NULL: the whole instance `inst` */
  const wb_instance *inst;
  wb_extern ext;
} provider;

struct wb_cli_linker {
  provider *items;
  size_t count, cap;
};

wb_cli_linker *wb_cli_linker_new(void) { return calloc(1, sizeof(wb_cli_linker)); }

void wb_cli_linker_free(wb_cli_linker *l) {
  if (!l) return;
  for (size_t i = 0; i < l->count; i++) {
    free(l->items[i].module);
    free(l->items[i].name);
  }
  free(l->items);
  free(l);
}

static wb_status add(wb_cli_linker *l, const char *module, const char *name, const wb_instance *inst,
                     const wb_extern *ext, wb_error *err) {
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    provider *p = realloc(l->items, cap * sizeof *p);
    if (!p) return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory");
    l->items = p;
    l->cap = cap;
  }
  provider *p = &l->items[l->count];
  memset(p, 0, sizeof *p);
  p->module = strdup(module);
  p->name = name ? strdup(name) : NULL;
  if (!p->module || (name && !p->name)) {
    free(p->module);
    free(p->name);
    return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory");
  }
  p->inst = inst;
  if (ext) p->ext = *ext;
  l->count++;
  return WB_OK;
}

wb_status wb_cli_linker_add_instance(wb_cli_linker *l, const char *name, const wb_instance *inst, wb_error *err) {
  return add(l, name, NULL, inst, NULL, err);
}

wb_status wb_cli_linker_define(wb_cli_linker *l, const char *module, const char *name, const wb_extern *ext,
                               wb_error *err) {
  return add(l, module, name, NULL, ext, err);
}

static bool same(const char *registered, const char *s, uint32_t len) {
  return strlen(registered) == len && memcmp(registered, s, len) == 0;
}

bool wb_cli_instance_export(const wb_instance *inst, const char *name, size_t len, wb_extern *out) {
  if (strlen(name) == len) return wb_instance_export(inst, name, out);
  const wb_module *m = inst->module;
  for (uint32_t i = 0; i < m->nexports; i++) {
    const wb_export *e = &m->exports[i];
    if (e->name_len != len || memcmp(e->name, name, len) != 0) continue;
    memset(out, 0, sizeof *out);
    out->kind = e->kind;
    switch (e->kind) {
    case WB_EXTERN_FUNC: out->u.func = inst->funcs[e->index]; return true;
    case WB_EXTERN_TABLE: out->u.table = inst->tables[e->index]; return true;
    case WB_EXTERN_MEMORY: out->u.mem = inst->mems[e->index]; return true;
    case WB_EXTERN_GLOBAL: out->u.global = inst->globals[e->index]; return true;
    }
    return false;
  }
  return false;
}

/* Finds "module"."name"; the newest provider of the module name decides. */
static bool lookup(const wb_cli_linker *l, const wb_import *imp, wb_extern *out) {
  for (size_t i = l->count; i-- > 0;) {
    const provider *p = &l->items[i];
    if (!same(p->module, imp->module, imp->module_len)) continue;
    if (p->name) {
      if (same(p->name, imp->name, imp->name_len)) {
        *out = p->ext;
        return true;
      }
    } else {
      /* a registered instance hides older providers of the same module name */
      return wb_cli_instance_export(p->inst, imp->name, imp->name_len, out);
    }
  }
  return false;
}

/* Writes s (len bytes) with control characters escaped, so messages stay on one line. */
static void quote(char *buf, size_t size, const char *s, uint32_t len) {
  size_t o = 0;
  for (uint32_t i = 0; i < len && o + 5 < size; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7F || c == '"' || c == '\\')
      o += (size_t)snprintf(buf + o, size - o, "\\%02x", c);
    else
      buf[o++] = (char)c;
  }
  buf[o] = 0;
}

wb_status wb_cli_linker_resolve(const wb_cli_linker *l, const wb_module *m, wb_extern *imports, wb_error *err) {
  for (uint32_t i = 0; i < m->nimports; i++) {
    const wb_import *imp = &m->imports[i];
    char mod[128], name[128], type[256];
    if (lookup(l, imp, &imports[i]) && imports[i].kind == imp->kind) continue;
    quote(mod, sizeof mod, imp->module, imp->module_len);
    quote(name, sizeof name, imp->name, imp->name_len);
    if (lookup(l, imp, &imports[i]))
      return wb_fail(err, WB_ERR_LINK, WB_NO_OFFSET, "incompatible import type \"%s\".\"%s\": expected %s, found %s",
                     mod, name, wb_cli_extern_kind_name(imp->kind), wb_cli_extern_kind_name(imports[i].kind));
    wb_cli_format_import_type(m, imp, type, sizeof type);
    return wb_fail(err, WB_ERR_LINK, WB_NO_OFFSET, "unknown import \"%s\".\"%s\" %s", mod, name, type);
  }
  return WB_OK;
}
