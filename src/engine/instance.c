/* engine/instance.c — instantiation (Wasm 2.0 §4.5.4): import matching, allocation of the
 * instance's functions, tables, memories and globals in the store, active segments, and the
 * start function; plus export lookup. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/engine.h"
#include "engine/store.h"

/* ---- describing types for messages ---- */
typedef struct strbuf {
  char *p;
  size_t cap, len;
} strbuf;

__attribute__((format(printf, 2, 3))) static void sb_printf(strbuf *b, const char *fmt, ...) {
  if (b->len >= b->cap) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  if (n > 0) b->len = b->len + (size_t)n < b->cap ? b->len + (size_t)n : b->cap;
}

static void describe_functype(strbuf *b, const wb_functype *t) {
  sb_printf(b, "(func");
  if (t->nparams) {
    sb_printf(b, " (param");
    for (uint32_t i = 0; i < t->nparams; i++) sb_printf(b, " %s", wb_valtype_name(t->types[i]));
    sb_printf(b, ")");
  }
  if (t->nresults) {
    sb_printf(b, " (result");
    for (uint32_t i = 0; i < t->nresults; i++)
      sb_printf(b, " %s", wb_valtype_name(t->types[t->nparams + i]));
    sb_printf(b, ")");
  }
  sb_printf(b, ")");
}

static void describe_limits(strbuf *b, const wb_limits *l) {
  sb_printf(b, " %llu", (unsigned long long)l->min);
  if (l->has_max) sb_printf(b, " %llu", (unsigned long long)l->max);
}

static void describe_extern(strbuf *b, const wb_extern *e) {
  switch (e->kind) {
  case WB_EXTERN_FUNC:
    describe_functype(b, e->u.func->type);
    break;
  case WB_EXTERN_TABLE:
    sb_printf(b, "(table");
    describe_limits(b, &e->u.table->type.limits);
    sb_printf(b, " %s)", wb_valtype_name(e->u.table->type.elemtype));
    break;
  case WB_EXTERN_MEMORY:
    sb_printf(b, "(memory");
    describe_limits(b, &e->u.mem->type.limits);
    sb_printf(b, ")");
    break;
  case WB_EXTERN_GLOBAL:
    if (e->u.global->type.mutable_)
      sb_printf(b, "(global (mut %s))", wb_valtype_name(e->u.global->type.valtype));
    else
      sb_printf(b, "(global %s)", wb_valtype_name(e->u.global->type.valtype));
    break;
  default:
    sb_printf(b, "(unknown extern kind %u)", e->kind);
  }
}

static void describe_import(strbuf *b, const wb_module *m, const wb_import *imp) {
  switch (imp->kind) {
  case WB_EXTERN_FUNC:
    describe_functype(b, &m->types[imp->desc.func_type]);
    break;
  case WB_EXTERN_TABLE:
    sb_printf(b, "(table");
    describe_limits(b, &imp->desc.table.limits);
    sb_printf(b, " %s)", wb_valtype_name(imp->desc.table.elemtype));
    break;
  case WB_EXTERN_MEMORY:
    sb_printf(b, "(memory");
    describe_limits(b, &imp->desc.mem.limits);
    sb_printf(b, ")");
    break;
  case WB_EXTERN_GLOBAL:
    if (imp->desc.global.mutable_)
      sb_printf(b, "(global (mut %s))", wb_valtype_name(imp->desc.global.valtype));
    else
      sb_printf(b, "(global %s)", wb_valtype_name(imp->desc.global.valtype));
    break;
  }
}

/* ---- import matching (spec §3.3.10 / §4.5.2 "import subtyping") ---- */

/* Limits {actual} match {declared}: actual.min >= declared.min, and when a maximum is declared
 * the actual object must have one no larger. */
static bool limits_match(const wb_limits *actual, const wb_limits *declared) {
  if (actual->min < declared->min) return false;
  if (declared->has_max && (!actual->has_max || actual->max > declared->max)) return false;
  return true;
}

static bool extern_matches(const wb_module *m, const wb_import *imp, const wb_extern *ext) {
  if (ext->kind != imp->kind) return false;
  switch (imp->kind) {
  case WB_EXTERN_FUNC: {
    if (!ext->u.func) return false;
    const wb_functype *t = &m->types[imp->desc.func_type];
    return wb_functype_intern(t->nparams, t->nresults, t->types) == ext->u.func->type_id;
  }
  case WB_EXTERN_TABLE:
    return ext->u.table && ext->u.table->type.elemtype == imp->desc.table.elemtype &&
           limits_match(&ext->u.table->type.limits, &imp->desc.table.limits);
  case WB_EXTERN_MEMORY:
    return ext->u.mem && limits_match(&ext->u.mem->type.limits, &imp->desc.mem.limits);
  case WB_EXTERN_GLOBAL:
    return ext->u.global && ext->u.global->type.valtype == imp->desc.global.valtype &&
           ext->u.global->type.mutable_ == imp->desc.global.mutable_;
  }
  return false;
}

static const void *extern_ptr(const wb_extern *e) {
  switch (e->kind) {
  case WB_EXTERN_FUNC: return e->u.func;
  case WB_EXTERN_TABLE: return e->u.table;
  case WB_EXTERN_MEMORY: return e->u.mem;
  case WB_EXTERN_GLOBAL: return e->u.global;
  }
  return NULL;
}

static const char *kind_name(uint8_t kind) {
  switch (kind) {
  case WB_EXTERN_FUNC: return "function";
  case WB_EXTERN_TABLE: return "table";
  case WB_EXTERN_MEMORY: return "memory";
  case WB_EXTERN_GLOBAL: return "global";
  }
  return "unknown";
}

bool wb_extern_matches_import(const wb_module *m, const wb_import *imp, const wb_extern *ext,
                              wb_error *err) {
  if (extern_matches(m, imp, ext)) return true;
  char want[160], got[160];
  strbuf w = {want, sizeof want, 0}, g = {got, sizeof got, 0};
  want[0] = got[0] = 0;
  describe_import(&w, m, imp);
  if (extern_ptr(ext))
    describe_extern(&g, ext);
  else
    sb_printf(&g, "(null)");
  wb_fail(err, WB_ERR_LINK, WB_NO_OFFSET,
          "incompatible import type for \"%s\".\"%s\": expected %s %s, found %s %s", imp->module,
          imp->name, kind_name(imp->kind), want, kind_name(ext->kind), got);
  return false;
}

/* ---- constant expressions ---- */

/* Evaluates a validated constant expression. Global references only reach globals that
 * already exist (imports in 2.0; earlier definitions under extended constant expressions). */
static wb_value eval_const(const wb_instance *inst, const wb_constexpr *e) {
  wb_value v;
  memset(&v, 0, sizeof v);
  switch (e->op) {
  case WB_CONST_I32: v.u32 = e->value.i32; break;
  case WB_CONST_I64: v.u64 = e->value.i64; break;
  case WB_CONST_F32: v.u32 = e->value.i32; break;
  case WB_CONST_F64: v.u64 = e->value.i64; break;
  case WB_CONST_V128: memcpy(v.v128, e->value.v128, 16); break;
  case WB_CONST_GLOBAL_GET: v = inst->globals[e->index]->value; break;
  case WB_CONST_REF_NULL: v.ref = NULL; break;
  case WB_CONST_REF_FUNC: v.ref = inst->funcs[e->index]; break;
  default: abort(); /* the validator admits no other constant instruction */
  }
  return v;
}

/* ---- instantiation ---- */

static wb_status oom(wb_error *err, const char *what) {
  return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory allocating %s", what);
}

/* Allocates the instance and everything it defines; the store owns the instance from the start,
 * so a failure half-way leaves nothing to free here. */
static wb_status allocate(wb_store *s, const wb_module *m, const wb_extern *imports,
                          wb_instance *inst, wb_error *err) {
  uint32_t ndefined = m->nfuncs - m->nimported_funcs;
  inst->funcs = calloc(m->nfuncs ? m->nfuncs : 1, sizeof *inst->funcs);
  inst->own_funcs = calloc(ndefined ? ndefined : 1, sizeof *inst->own_funcs);
  inst->tables = calloc(m->ntables ? m->ntables : 1, sizeof *inst->tables);
  inst->mems = calloc(m->nmems ? m->nmems : 1, sizeof *inst->mems);
  inst->globals = calloc(m->nglobals ? m->nglobals : 1, sizeof *inst->globals);
  inst->elem_dropped = calloc(m->nelems ? m->nelems : 1, sizeof *inst->elem_dropped);
  inst->data_dropped = calloc(m->ndatas ? m->ndatas : 1, sizeof *inst->data_dropped);
  if (!inst->funcs || !inst->own_funcs || !inst->tables || !inst->mems || !inst->globals ||
      !inst->elem_dropped || !inst->data_dropped)
    return oom(err, "an instance");

  uint32_t fi = 0, ti = 0, mi = 0, gi = 0;
  for (uint32_t i = 0; i < m->nimports; i++) {
    const wb_extern *e = &imports[i];
    switch (m->imports[i].kind) {
    case WB_EXTERN_FUNC: inst->funcs[fi++] = e->u.func; break;
    case WB_EXTERN_TABLE: inst->tables[ti++] = e->u.table; break;
    case WB_EXTERN_MEMORY: inst->mems[mi++] = e->u.mem; break;
    case WB_EXTERN_GLOBAL: inst->globals[gi++] = e->u.global; break;
    }
  }

  /* Canonical ids per type index, interned once per instantiation: the decoder may leave
   * canon_id unset, and interning takes a lock. */
  uint32_t *ids = NULL;
  if (ndefined) {
    ids = malloc(m->ntypes * sizeof *ids);
    bool *have = calloc(m->ntypes ? m->ntypes : 1, sizeof *have);
    if (!ids || !have) {
      free(ids);
      free(have);
      return oom(err, "an instance");
    }
    for (uint32_t i = 0; i < ndefined; i++) {
      uint32_t idx = m->nimported_funcs + i, ti2 = m->func_types[idx];
      if (!have[ti2]) {
        const wb_functype *t = &m->types[ti2];
        ids[ti2] = wb_functype_intern(t->nparams, t->nresults, t->types);
        have[ti2] = true;
      }
      wb_funcinst *f = &inst->own_funcs[i];
      f->type = &m->types[ti2];
      f->type_id = ids[ti2];
      f->instance = inst;
      f->func_index = idx;
      inst->funcs[idx] = f;
    }
    free(have);
    free(ids);
  }

  for (uint32_t i = m->nimported_tables; i < m->ntables; i++) {
    wb_status st = wb_store_table(s, &m->tables[i], NULL, &inst->tables[i], err);
    if (st != WB_OK) return st;
  }
  for (uint32_t i = m->nimported_mems; i < m->nmems; i++) {
    wb_status st = wb_store_memory(s, &m->mems[i], &inst->mems[i], err);
    if (st != WB_OK) return st;
  }
  for (uint32_t i = m->nimported_globals; i < m->nglobals; i++) {
    const wb_global *g = &m->globals[i - m->nimported_globals];
    inst->globals[i] = wb_store_global(s, g->type, eval_const(inst, &g->init));
    if (!inst->globals[i]) return oom(err, "a global");
  }
  return WB_OK;
}

/* An i32 offset expression, zero-extended (memory64/table64 will widen the value here). */
static uint64_t eval_offset(const wb_instance *inst, const wb_constexpr *e) {
  wb_value v = eval_const(inst, e);
  return e->op == WB_CONST_I64 ? v.u64 : (uint64_t)v.u32;
}

static wb_status init_elems(const wb_module *m, wb_instance *inst, wb_error *err) {
  for (uint32_t i = 0; i < m->nelems; i++) {
    const wb_elem *el = &m->elems[i];
    if (el->mode == WB_SEG_PASSIVE) continue;
    if (el->mode == WB_SEG_ACTIVE) {
      wb_table *t = inst->tables[el->table];
      uint64_t off = eval_offset(inst, &el->offset);
      if (off > t->size || el->count > t->size - off)
        return wb_fail(err, WB_ERR_INSTANTIATE, el->offset.offset,
                       "out of bounds table access (element segment %u: offset %llu + %u "
                       "entries, table size %u)",
                       i, (unsigned long long)off, el->count, t->size);
      for (uint32_t k = 0; k < el->count; k++)
        t->elems[off + k] = eval_const(inst, &el->items[k]).ref;
    }
    inst->elem_dropped[i] = true;
  }
  return WB_OK;
}

static wb_status init_datas(const wb_module *m, wb_instance *inst, wb_error *err) {
  for (uint32_t i = 0; i < m->ndatas; i++) {
    const wb_data *d = &m->datas[i];
    if (d->mode != WB_SEG_ACTIVE) continue;
    wb_memory *mem = inst->mems[d->memory];
    uint64_t off = eval_offset(inst, &d->offset);
    if (!wb_memory_in_bounds(mem, off, d->len))
      return wb_fail(err, WB_ERR_INSTANTIATE, d->offset.offset,
                     "out of bounds memory access (data segment %u: offset %llu + %u bytes, "
                     "memory size %llu)",
                     i, (unsigned long long)off, d->len, (unsigned long long)mem->size);
    if (d->len) memcpy(mem->base + off, d->bytes, d->len);
    inst->data_dropped[i] = true;
  }
  return WB_OK;
}

wb_status wb_instantiate(wb_store *s, const wb_module *m, const wb_extern *imports,
                         wb_instance **out, wb_trap **trap, wb_error *err) {
  *out = NULL;
  if (trap) *trap = NULL;
  if (m->nimports && !imports)
    return wb_fail(err, WB_ERR_USAGE, WB_NO_OFFSET, "module has %u imports but none were given",
                   m->nimports);
  for (uint32_t i = 0; i < m->nimports; i++) {
    if (!wb_extern_matches_import(m, &m->imports[i], &imports[i], err)) return WB_ERR_LINK;
    /* The tier trusts guard pages unless the store checks bounds, so a memory without them
     * cannot be used by a guard-page store. */
    if (imports[i].kind == WB_EXTERN_MEMORY && imports[i].u.mem->bounds_checked &&
        !wb_store_get_config(s)->bounds_checked)
      return wb_fail(err, WB_ERR_LINK, WB_NO_OFFSET,
                     "incompatible import type for \"%s\".\"%s\": the memory uses explicit "
                     "bounds checks but this store relies on guard pages",
                     m->imports[i].module, m->imports[i].name);
  }

  wb_instance *inst = calloc(1, sizeof *inst);
  if (!inst) return oom(err, "an instance");
  inst->module = m;
  if (!wb_store_adopt_instance(s, inst)) {
    wb_instance_free(inst);
    return oom(err, "an instance");
  }
  wb_status st = allocate(s, m, imports, inst, err);
  if (st == WB_OK) st = init_elems(m, inst, err);
  if (st == WB_OK) st = init_datas(m, inst, err);
  if (st != WB_OK) return st;

  if (m->has_start) {
    wb_trap *t = NULL;
    st = wb_call(inst->funcs[m->start], NULL, NULL, &t);
    if (st != WB_OK) {
      if (st == WB_ERR_TRAP) {
        wb_fail(err, WB_ERR_TRAP, WB_NO_OFFSET, "start function trapped: %s",
                t && t->message ? t->message : "trap");
        if (trap)
          *trap = t;
        else if (t)
          wb_trap_free(t);
      } else {
        wb_fail(err, st, WB_NO_OFFSET, "start function failed: %s", wb_status_name(st));
        if (t) wb_trap_free(t);
      }
      return st;
    }
  }
  *out = inst;
  return WB_OK;
}

bool wb_instance_export(const wb_instance *inst, const char *name, wb_extern *out) {
  return wb_instance_export_n(inst, name, strlen(name), out);
}

bool wb_instance_export_n(const wb_instance *inst, const char *name, size_t len, wb_extern *out) {
  const wb_module *m = inst->module;
  for (uint32_t i = 0; i < m->nexports; i++) {
    const wb_export *e = &m->exports[i];
    if (e->name_len != len || memcmp(e->name, name, len) != 0) continue;
    out->kind = e->kind;
    switch (e->kind) {
    case WB_EXTERN_FUNC: out->u.func = inst->funcs[e->index]; break;
    case WB_EXTERN_TABLE: out->u.table = inst->tables[e->index]; break;
    case WB_EXTERN_MEMORY: out->u.mem = inst->mems[e->index]; break;
    case WB_EXTERN_GLOBAL: out->u.global = inst->globals[e->index]; break;
    default: return false;
    }
    return true;
  }
  return false;
}
