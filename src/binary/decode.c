/* binary/decode.c — the binary format decoder: one pass over the sections, filling wb_module.
 * Messages and their precedence follow the reference interpreter, which reads a section's
 * contents without stopping at its declared end and compares sizes afterwards; so do we. */
#include "binary/decode.h"
#include "binary/reader.h"
#include "ir/opcodes.h"
#include "ir/opcodes_simd.h"
#include "util/helper.h"
#include "util/prefault.h"
#include <stdlib.h>
#include <string.h>

/* Engines agree on this cap (wasmtime, V8, wabt); it bounds a frame's size before validation. */
#define WB_MAX_LOCALS 50000u

static const char eof_in_section[] = "unexpected end of section or function";

typedef struct decoder {
  wb_reader r;              /* over the module's copy; `end` is the end of the input */
  wb_module *m;
  wb_error *err;
  size_t sec_start, sec_end; /* offsets of the current section's contents; the declared end
                              * may lie a few bytes past the input, so no pointer is formed */
  bool have_funcsec, have_code;
  uint32_t nfuncsec, ncode;  /* entries of the function and code sections */
  uint32_t cap_sections;
  size_t ndecls, cap_decls;  /* local declarations of the bodies so far, in m->localdecls */
  int32_t name_sec_index;   /* the first custom section called "name", or -1 */
  /* The first constant-expression validation error: reported only if nothing is malformed,
   * because the spec decodes the whole module before validating any of it. */
  bool invalid;
  wb_error invalid_err;
} decoder;

#define TRY(x)                                                                                     \
  do {                                                                                             \
    wb_status s_ = (x);                                                                            \
    if (s_ != WB_OK) return s_;                                                                    \
  } while (0)

static size_t here(const decoder *d) { return wb_reader_offset(&d->r); }

static wb_status malformed(decoder *d, size_t off, const char *msg) {
  return wb_fail(d->err, WB_ERR_MALFORMED, off, "%s", msg);
}

static wb_status nomem(decoder *d) {
  return wb_fail(d->err, WB_ERR_NOMEM, here(d), "out of memory");
}

static void defer_invalid(decoder *d, size_t off, const char *msg) {
  if (d->invalid) return;
  d->invalid = true;
  wb_fail(&d->invalid_err, WB_ERR_INVALID, off, "%s", msg);
}

static wb_status u8(decoder *d, uint8_t *out) { return wb_read_u8(&d->r, out, d->err); }
static wb_status u32(decoder *d, uint32_t *out) { return wb_read_u32(&d->r, out, d->err); }
static wb_status len32(decoder *d, uint32_t *out) { return wb_read_len(&d->r, out, d->err); }

/* Zeroed arrays, so that wb_module_free can free a module left half-built by an error. Counts
 * were bounded by wb_read_len, so n never exceeds the input's size. */
#define ALLOC(ptr, n)                                                                              \
  do {                                                                                             \
    if (!((ptr) = calloc((n) ? (size_t)(n) : 1, sizeof *(ptr)))) return nomem(d);                  \
  } while (0)

/* Grows an array from old_n to new_n elements, zeroing the new ones; NULL when out of memory
 * (the old array is then left as it was). */
static void *grow_array(void *arr, size_t old_n, size_t new_n, size_t size) {
  char *p = realloc(arr, (new_n ? new_n : 1) * size);
  if (p && new_n > old_n) memset(p + old_n * size, 0, (new_n - old_n) * size);
  return p;
}

#define GROW(ptr, old_n, new_n)                                                                    \
  do {                                                                                             \
    void *p_ = grow_array((ptr), (old_n), (new_n), sizeof *(ptr));                                 \
    if (!p_) return nomem(d);                                                                      \
    (ptr) = p_;                                                                                    \
  } while (0)

static wb_status copy_name(decoder *d, const uint8_t *s, uint32_t len, char **out) {
  char *c = malloc((size_t)len + 1);
  if (!c) return nomem(d);
  if (len) memcpy(c, s, len);
  c[len] = 0;
  *out = c;
  return WB_OK;
}

static wb_status name(decoder *d, char **out, uint32_t *len) {
  const uint8_t *s;
  TRY(wb_read_name(&d->r, &s, len, d->err));
  return copy_name(d, s, *len, out);
}

/* ---- types ---- */

/* Types are single-byte negative s7 LEB128s in the binary format: a continuation bit makes
 * the encoding too long for its 7 bits. */
static wb_status type_byte(decoder *d, uint8_t *b, const uint8_t **at) {
  *at = d->r.pos;
  TRY(u8(d, b));
  if (*b & 0x80) return malformed(d, here(d), "integer representation too long");
  return WB_OK;
}

static wb_status reftype(decoder *d, uint8_t *out) {
  const uint8_t *at;
  TRY(type_byte(d, out, &at));
  if (!wb_valtype_is_ref(*out)) return malformed(d, (size_t)(at - d->r.start), "malformed reference type");
  return WB_OK;
}

static wb_status valtype(decoder *d, uint8_t *out) {
  const uint8_t *at;
  TRY(type_byte(d, out, &at));
  switch (*out) {
  case WB_I32: case WB_I64: case WB_F32: case WB_F64: case WB_V128: case WB_FUNCREF: case WB_EXTERNREF:
    return WB_OK;
  }
  /* The reference interpreter reads bytes up to 0x70 as reference types. */
  return malformed(d, (size_t)(at - d->r.start),
                   *out > WB_FUNCREF ? "malformed value type" : "malformed reference type");
}

static wb_status limits(decoder *d, wb_limits *l) {
  uint64_t flag;
  uint32_t v;
  TRY(wb_read_uN(&d->r, 1, &flag, d->err));
  TRY(u32(d, &v));
  l->min = v;
  l->has_max = flag == 1;
  l->max = 0;
  if (l->has_max) {
    TRY(u32(d, &v));
    l->max = v;
  }
  return WB_OK;
}

static wb_status tabletype(decoder *d, wb_tabletype *t) {
  TRY(reftype(d, &t->elemtype));
  return limits(d, &t->limits);
}

static wb_status globaltype(decoder *d, wb_globaltype *g) {
  uint8_t mut;
  TRY(valtype(d, &g->valtype));
  TRY(u8(d, &mut));
  if (mut > 1) return malformed(d, here(d) - 1, "malformed mutability");
  g->mutable_ = mut == 1;
  return WB_OK;
}

/* ---- constant expressions ---- */

static wb_status zero_byte(decoder *d) {
  uint8_t b;
  TRY(u8(d, &b));
  if (b != 0) return malformed(d, here(d) - 1, "zero byte expected");
  return WB_OK;
}

static wb_status illegal(decoder *d, size_t off, uint8_t op) {
  return wb_fail(d->err, WB_ERR_MALFORMED, off, "illegal opcode %02x", op);
}

/* Skips the immediates of the SIMD instruction with sub-opcode sub (the tables of
 * ir/opcodes_simd.h give their shape). */
static wb_status skip_simd(decoder *d, size_t off, uint32_t sub) {
  enum { NONE = 1, BYTES16, LANE, MEMARG, MEMARG_LANE };
#define IMM_SHAPE(i) ((i) == WB_SIMD_IMM_none ? NONE \
                      : (i) == WB_SIMD_IMM_const || (i) == WB_SIMD_IMM_shuffle ? BYTES16 : LANE)
#define MEM_SHAPE(k) ((k) == WB_SIMD_MEM_load_lane || (k) == WB_SIMD_MEM_store_lane ? MEMARG_LANE : MEMARG)
  static const uint8_t shape[256] = {
#define X(name, code, imm, ...) [code] = IMM_SHAPE(WB_SIMD_IMM_##imm),
    WB_SIMD_OPS(X)
#undef X
#define X(name, code, kind, bytes) [code] = MEM_SHAPE(WB_SIMD_MEM_##kind),
    WB_SIMD_MEMORY_OPS(X)
#undef X
  };
#undef IMM_SHAPE
#undef MEM_SHAPE
  uint32_t x;
  const uint8_t *bytes;
  switch (sub < 256 ? shape[sub] : 0) {
  case NONE: return WB_OK;
  case BYTES16: return wb_read_bytes(&d->r, 16, &bytes, d->err);
  case LANE: return wb_read_bytes(&d->r, 1, &bytes, d->err);
  case MEMARG: TRY(u32(d, &x)); return u32(d, &x);
  case MEMARG_LANE: TRY(u32(d, &x)); TRY(u32(d, &x)); return wb_read_bytes(&d->r, 1, &bytes, d->err);
  }
  return wb_fail(d->err, WB_ERR_MALFORMED, off, "illegal opcode fd %02x", sub);
}

/* Skips the immediates of a non-constant instruction met in a constant expression, so that
 * decoding can reach the expression's `end` and report what comes first: a malformation
 * anywhere in the module, or this validation error. *depth tracks nested blocks. */
static wb_status skip_instr(decoder *d, uint8_t op, size_t off, uint32_t *depth) {
  uint32_t x;
  uint8_t t;
  switch (op) {
  case 0x00: case 0x01: case 0x0F: case 0x1A: case 0x1B: case 0xD1:
    return WB_OK;
  case 0x02: case 0x03: case 0x04: {
    if (d->r.pos < d->r.end && *d->r.pos == WB_BLOCKTYPE_EMPTY) {
      d->r.pos++;
    } else if (d->r.pos < d->r.end && (*d->r.pos & 0xC0) == 0x40) {
      TRY(valtype(d, &t));
    } else {
      int64_t idx;
      TRY(wb_read_s33(&d->r, &idx, d->err));
    }
    ++*depth;
    return WB_OK;
  }
  case 0x05:
    if (*depth == 0) return malformed(d, off, "END opcode expected");
    return WB_OK;
  case 0x0C: case 0x0D: case 0x10: case 0x20: case 0x21: case 0x22: case 0x24: case 0x25: case 0x26:
    return u32(d, &x);
  case 0x11:
    TRY(u32(d, &x));
    return u32(d, &x);
  case 0x0E: {
    uint32_t n;
    TRY(len32(d, &n));
    for (uint32_t i = 0; i <= n; i++) TRY(u32(d, &x));
    return WB_OK;
  }
  case 0x1C: {
    uint32_t n;
    TRY(len32(d, &n));
    for (uint32_t i = 0; i < n; i++) TRY(valtype(d, &t));
    return WB_OK;
  }
  case 0x3F: case 0x40:
    return zero_byte(d);
  case 0xFC: {
    uint32_t sub;
    TRY(u32(d, &sub));
    switch (sub) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7:
      return WB_OK;
    case 8:
      TRY(u32(d, &x));
      return zero_byte(d);
    case 10:
      TRY(zero_byte(d));
      return zero_byte(d);
    case 11:
      return zero_byte(d);
    case 12: case 14:
      TRY(u32(d, &x));
      return u32(d, &x);
    case 9: case 13: case 15: case 16: case 17:
      return u32(d, &x);
    }
    return wb_fail(d->err, WB_ERR_MALFORMED, off, "illegal opcode fc %02x", sub);
  }
  case 0xFD: {
    uint32_t sub;
    TRY(u32(d, &sub));
    return skip_simd(d, off, sub);
  }
  }
  if (op >= 0x28 && op <= 0x3E) { /* loads and stores: alignment and offset */
    TRY(u32(d, &x));
    return u32(d, &x);
  }
  if (op >= 0x45 && op <= 0xC4) return WB_OK; /* numeric instructions without immediates */
  return illegal(d, off, op);
}

/* Decodes a constant expression up to and including its `end`. Exactly one constant
 * instruction is well-typed in Wasm 2.0; anything else is recorded as a validation error. */
static wb_status constexpr_(decoder *d, wb_constexpr *ce) {
  memset(ce, 0, sizeof *ce);
  ce->offset = here(d);
  uint32_t ninstr = 0, depth = 0;
  bool nonconst = false;
  size_t nonconst_off = 0;
  for (;;) {
    size_t off = here(d);
    uint8_t op;
    TRY(u8(d, &op));
    if (op == WB_OP_END) {
      if (depth == 0) break;
      depth--;
      continue;
    }
    wb_constexpr c;
    memset(&c, 0, sizeof c);
    c.op = op;
    c.offset = off;
    bool is_const = true;
    switch (op) {
    case WB_OP_I32_CONST: {
      int32_t v;
      TRY(wb_read_s32(&d->r, &v, d->err));
      c.value.i32 = (uint32_t)v;
      break;
    }
    case WB_OP_I64_CONST: {
      int64_t v;
      TRY(wb_read_s64(&d->r, &v, d->err));
      c.value.i64 = (uint64_t)v;
      break;
    }
    case WB_OP_F32_CONST: TRY(wb_read_f32(&d->r, &c.value.i32, d->err)); break;
    case WB_OP_F64_CONST: TRY(wb_read_f64(&d->r, &c.value.i64, d->err)); break;
    case WB_OP_GLOBAL_GET: TRY(u32(d, &c.index)); break;
    case WB_OP_REF_FUNC: TRY(u32(d, &c.index)); break;
    case WB_OP_REF_NULL: TRY(reftype(d, &c.type)); break;
    case WB_OP_PREFIX_FD: {
      uint32_t sub;
      TRY(u32(d, &sub));
      if (sub != WB_FD_V128_CONST) {
        is_const = false;
        TRY(skip_simd(d, off, sub));
        break;
      }
      const uint8_t *bytes;
      TRY(wb_read_bytes(&d->r, 16, &bytes, d->err));
      memcpy(c.value.v128, bytes, 16);
      break;
    }
    default:
      is_const = false;
      TRY(skip_instr(d, op, off, &depth));
    }
    if (!is_const || depth > 0) {
      if (!nonconst) nonconst_off = off;
      nonconst = true;
    } else if (ninstr++ == 0) {
      *ce = c;
    }
  }
  if (nonconst) defer_invalid(d, nonconst_off, "constant expression required");
  else if (ninstr != 1) defer_invalid(d, ce->offset, "type mismatch");
  return WB_OK;
}

/* ---- sections ---- */

static wb_status type_section(decoder *d) {
  wb_module *m = d->m;
  uint32_t n;
  TRY(len32(d, &n));
  ALLOC(m->types, n);
  m->ntypes = n;
  for (uint32_t i = 0; i < n; i++) {
    wb_functype *ft = &m->types[i];
    uint8_t form;
    const uint8_t *at;
    TRY(type_byte(d, &form, &at));
    if (form != 0x60) return malformed(d, (size_t)(at - d->r.start), "malformed function type");
    uint32_t np, nr;
    TRY(len32(d, &np));
    const uint8_t *params = d->r.pos;
    for (uint32_t k = 0; k < np; k++) {
      uint8_t t;
      TRY(valtype(d, &t));
    }
    TRY(len32(d, &nr));
    const uint8_t *results = d->r.pos;
    for (uint32_t k = 0; k < nr; k++) {
      uint8_t t;
      TRY(valtype(d, &t));
    }
    /* Value types are one byte each, so the encodings can be copied as they are. */
    ft->types = malloc((size_t)np + nr + 1);
    if (!ft->types) return nomem(d);
    memcpy(ft->types, params, np);
    memcpy(ft->types + np, results, nr);
    ft->nparams = np;
    ft->nresults = nr;
    ft->canon_id = wb_functype_intern(np, nr, ft->types);
  }
  return WB_OK;
}

/* Lays out the index spaces' imported prefixes once the import section is read. */
static wb_status import_spaces(decoder *d) {
  wb_module *m = d->m;
  uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
  for (uint32_t i = 0; i < m->nimports; i++) {
    switch (m->imports[i].kind) {
    case WB_EXTERN_FUNC: nf++; break;
    case WB_EXTERN_TABLE: nt++; break;
    case WB_EXTERN_MEMORY: nm++; break;
    case WB_EXTERN_GLOBAL: ng++; break;
    }
  }
  ALLOC(m->func_types, nf);
  ALLOC(m->tables, nt);
  ALLOC(m->mems, nm);
  ALLOC(m->global_types, ng);
  for (uint32_t i = 0; i < m->nimports; i++) {
    const wb_import *im = &m->imports[i];
    switch (im->kind) {
    case WB_EXTERN_FUNC: m->func_types[m->nfuncs++] = im->desc.func_type; break;
    case WB_EXTERN_TABLE: m->tables[m->ntables++] = im->desc.table; break;
    case WB_EXTERN_MEMORY: m->mems[m->nmems++] = im->desc.mem; break;
    case WB_EXTERN_GLOBAL: m->global_types[m->nglobals++] = im->desc.global; break;
    }
  }
  m->nimported_funcs = nf;
  m->nimported_tables = nt;
  m->nimported_mems = nm;
  m->nimported_globals = ng;
  return WB_OK;
}

static wb_status import_section(decoder *d) {
  wb_module *m = d->m;
  uint32_t n;
  TRY(len32(d, &n));
  ALLOC(m->imports, n);
  m->nimports = n;
  for (uint32_t i = 0; i < n; i++) {
    wb_import *im = &m->imports[i];
    TRY(name(d, &im->module, &im->module_len));
    TRY(name(d, &im->name, &im->name_len));
    TRY(u8(d, &im->kind));
    switch (im->kind) {
    case WB_EXTERN_FUNC: TRY(u32(d, &im->desc.func_type)); break;
    case WB_EXTERN_TABLE: TRY(tabletype(d, &im->desc.table)); break;
    case WB_EXTERN_MEMORY: TRY(limits(d, &im->desc.mem.limits)); break;
    case WB_EXTERN_GLOBAL: TRY(globaltype(d, &im->desc.global)); break;
    default: return malformed(d, here(d) - 1, "malformed import kind");
    }
  }
  return import_spaces(d);
}

static wb_status function_section(decoder *d) {
  wb_module *m = d->m;
  uint32_t n;
  TRY(len32(d, &n));
  uint32_t base = m->nfuncs;
  GROW(m->func_types, base, (size_t)base + n);
  ALLOC(m->funcs, n);
  m->nfuncs = base + n;
  d->have_funcsec = true;
  d->nfuncsec = n;
  for (uint32_t i = 0; i < n; i++) {
    TRY(u32(d, &m->func_types[base + i]));
    m->funcs[i].type_index = m->func_types[base + i];
  }
  return WB_OK;
}

static wb_status table_section(decoder *d) {
  wb_module *m = d->m;
  uint32_t n;
  TRY(len32(d, &n));
  GROW(m->tables, m->ntables, (size_t)m->ntables + n);
  for (uint32_t i = 0; i < n; i++) {
    TRY(tabletype(d, &m->tables[m->ntables]));
    m->ntables++;
  }
  return WB_OK;
}

static wb_status memory_section(decoder *d) {
  wb_module *m = d->m;
  uint32_t n;
  TRY(len32(d, &n));
  GROW(m->mems, m->nmems, (size_t)m->nmems + n);
  for (uint32_t i = 0; i < n; i++) {
    TRY(limits(d, &m->mems[m->nmems].limits));
    m->nmems++;
  }
  return WB_OK;
}

static wb_status global_section(decoder *d) {
  wb_module *m = d->m;
  uint32_t n;
  TRY(len32(d, &n));
  uint32_t base = m->nglobals;
  GROW(m->global_types, base, (size_t)base + n);
  ALLOC(m->globals, n);
  for (uint32_t i = 0; i < n; i++) {
    wb_global *g = &m->globals[i];
    TRY(globaltype(d, &g->type));
    TRY(constexpr_(d, &g->init));
    m->global_types[base + i] = g->type;
    m->nglobals++;
  }
  return WB_OK;
}

static wb_status export_section(decoder *d) {
  wb_module *m = d->m;
  uint32_t n;
  TRY(len32(d, &n));
  ALLOC(m->exports, n);
  m->nexports = n;
  for (uint32_t i = 0; i < n; i++) {
    wb_export *ex = &m->exports[i];
    TRY(name(d, &ex->name, &ex->name_len));
    TRY(u8(d, &ex->kind));
    if (ex->kind > WB_EXTERN_GLOBAL) return malformed(d, here(d) - 1, "malformed export kind");
    TRY(u32(d, &ex->index));
  }
  return WB_OK;
}

static wb_status start_section(decoder *d) {
  TRY(u32(d, &d->m->start));
  d->m->has_start = true;
  return WB_OK;
}

static wb_status elem_segment(decoder *d, wb_elem *e) {
  uint32_t flags;
  size_t flags_off = here(d);
  TRY(u32(d, &flags));
  if (flags > 7) return malformed(d, flags_off, "malformed elements segment kind");
  /* Bit 0: passive or declarative; bit 1: explicit table index (active) or declarative;
   * bit 2: items are expressions rather than function indices. */
  bool exprs = flags & 4;
  e->elemtype = WB_FUNCREF;
  if (flags & 1) {
    e->mode = (flags & 2) ? WB_SEG_DECLARATIVE : WB_SEG_PASSIVE;
  } else {
    e->mode = WB_SEG_ACTIVE;
    if (flags & 2) TRY(u32(d, &e->table));
    TRY(constexpr_(d, &e->offset));
  }
  if (flags & 3) { /* an explicit element kind or type follows */
    if (exprs) {
      TRY(reftype(d, &e->elemtype));
    } else {
      uint8_t kind;
      TRY(u8(d, &kind));
      if (kind != 0) return malformed(d, here(d) - 1, "malformed element kind");
    }
  }
  uint32_t n;
  TRY(len32(d, &n));
  ALLOC(e->items, n);
  e->count = n;
  for (uint32_t i = 0; i < n; i++) {
    wb_constexpr *it = &e->items[i];
    if (exprs) {
      TRY(constexpr_(d, it));
    } else {
      it->offset = here(d);
      it->op = WB_CONST_REF_FUNC;
      TRY(u32(d, &it->index));
    }
  }
  return WB_OK;
}

static wb_status elem_section(decoder *d) {
  wb_module *m = d->m;
  uint32_t n;
  TRY(len32(d, &n));
  ALLOC(m->elems, n);
  m->nelems = n;
  for (uint32_t i = 0; i < n; i++) TRY(elem_segment(d, &m->elems[i]));
  return WB_OK;
}

static wb_status datacount_section(decoder *d) {
  TRY(u32(d, &d->m->data_count));
  d->m->has_data_count = true;
  return WB_OK;
}

/* A body that does not end in `end`: the reference interpreter would keep decoding past it,
 * so say what it would most likely run into. */
static wb_status missing_end(decoder *d, size_t fend) {
  if (fend == d->m->len) return malformed(d, fend, eof_in_section);
  if (fend == d->sec_end) return malformed(d, d->sec_start, "section size mismatch");
  return malformed(d, fend - 1, "END opcode expected");
}

/* Decodes one body's size and local declarations. The declarations go to the end of the
 * decoder's one array for all bodies (one allocation for OpenSSL's 5,900 bodies instead of one
 * each); code_section points the functions into it once it stops moving. */
static wb_status code_entry(decoder *d, wb_func *f) {
  uint32_t size;
  TRY(len32(d, &size));
  size_t fstart = here(d), fend = fstart + size;
  uint32_t ndecls;
  TRY(len32(d, &ndecls));
  if (ndecls > d->cap_decls - d->ndecls) {
    size_t cap = d->cap_decls;
    while (ndecls > cap - d->ndecls) cap *= 2; /* len32 bounded ndecls by the input's size */
    GROW(d->m->localdecls, d->cap_decls, cap);
    d->cap_decls = cap;
  }
  wb_localdecl *decls = d->m->localdecls + d->ndecls;
  d->ndecls += ndecls;
  f->nlocaldecls = ndecls;
  uint64_t total = 0;
  for (uint32_t i = 0; i < ndecls; i++) {
    TRY(u32(d, &decls[i].count));
    TRY(valtype(d, &decls[i].type));
    total += decls[i].count; /* at most 2^32 * 2^32: no overflow in 64 bits */
  }
  if (total > WB_MAX_LOCALS) return malformed(d, fstart, "too many locals");
  f->nlocals = total;
  if (fend > d->m->len) return malformed(d, d->m->len, eof_in_section);
  if (here(d) > fend) return malformed(d, fstart, "section size mismatch");
  if (here(d) == fend || d->r.start[fend - 1] != WB_OP_END) return missing_end(d, fend);
  f->body = d->r.pos;
  f->body_end = d->r.start + fend;
  f->body_offset = here(d);
  d->r.pos = f->body_end;
  return WB_OK;
}

static wb_status code_section(decoder *d) {
  wb_module *m = d->m;
  uint32_t n;
  TRY(len32(d, &n));
  d->have_code = true;
  d->ncode = n;
  if (!d->cap_decls) { /* a first guess (one declaration a body): never NULL, so never NULL + 0 */
    size_t cap = n > 16 ? n : 16;
    GROW(m->localdecls, 0, cap);
    d->cap_decls = cap;
  }
  uint32_t nfuncs = !d->have_funcsec ? 0 : n < d->nfuncsec ? n : d->nfuncsec; /* bodies with a function */
  for (uint32_t i = 0; i < n; i++) {
    /* More bodies than functions: decode them for their errors, the count mismatch is
     * reported after the last section as the spec does. */
    wb_func scratch;
    TRY(code_entry(d, i < nfuncs ? &m->funcs[i] : &scratch));
  }
  size_t next = 0;
  for (uint32_t i = 0; i < nfuncs; i++) {
    m->funcs[i].localdecls = m->localdecls + next;
    next += m->funcs[i].nlocaldecls;
  }
  return WB_OK;
}

static wb_status data_section(decoder *d) {
  wb_module *m = d->m;
  uint32_t n;
  TRY(len32(d, &n));
  ALLOC(m->datas, n);
  m->ndatas = n;
  for (uint32_t i = 0; i < n; i++) {
    wb_data *ds = &m->datas[i];
    uint32_t flags;
    size_t flags_off = here(d);
    TRY(u32(d, &flags));
    switch (flags) {
    case 0: ds->mode = WB_SEG_ACTIVE; TRY(constexpr_(d, &ds->offset)); break;
    case 1: ds->mode = WB_SEG_PASSIVE; break;
    case 2:
      ds->mode = WB_SEG_ACTIVE;
      TRY(u32(d, &ds->memory));
      TRY(constexpr_(d, &ds->offset));
      break;
    default: return malformed(d, flags_off, "malformed data segment kind");
    }
    TRY(len32(d, &ds->len));
    TRY(wb_read_bytes(&d->r, ds->len, &ds->bytes, d->err));
  }
  return WB_OK;
}

static wb_status custom_section(decoder *d, size_t sec_off) {
  wb_module *m = d->m;
  const uint8_t *s;
  uint32_t len;
  TRY(wb_read_name(&d->r, &s, &len, d->err));
  if (here(d) > d->sec_end || d->sec_end > m->len) return malformed(d, m->len, eof_in_section);
  GROW(m->customs, m->ncustoms, (size_t)m->ncustoms + 1);
  wb_custom_section *c = &m->customs[m->ncustoms++];
  TRY(copy_name(d, s, len, &c->name));
  c->bytes = d->r.pos;
  c->len = (uint32_t)(d->sec_end - here(d));
  c->offset = sec_off;
  if (d->name_sec_index < 0 && len == 4 && memcmp(s, "name", 4) == 0)
    d->name_sec_index = (int32_t)(m->ncustoms - 1);
  d->r.pos = d->r.start + d->sec_end;
  return WB_OK;
}

/* ---- the name section: advisory, so any error in it just drops its names ---- */

static bool name_copy(wb_reader *r, char **out) {
  const uint8_t *s;
  uint32_t len;
  if (wb_read_name(r, &s, &len, NULL) != WB_OK) return false;
  char *c = malloc((size_t)len + 1);
  if (!c) return false;
  memcpy(c, s, len);
  c[len] = 0;
  free(*out);
  *out = c;
  return true;
}

static bool name_subsections(wb_module *m, wb_reader *r, char **modname, char ***fnames) {
  int last_id = -1;
  while (!wb_reader_eof(r)) {
    uint8_t id;
    uint32_t size;
    if (wb_read_u8(r, &id, NULL) || wb_read_len(r, &size, NULL) || size > wb_reader_left(r)) return false;
    if ((int)id <= last_id) return false;
    last_id = id;
    wb_reader sub = wb_reader_make(r->start, r->pos, r->pos + size);
    r->pos += size;
    if (id == 0) {
      if (!name_copy(&sub, modname)) return false;
    } else if (id == 1) {
      uint32_t n;
      if (wb_read_len(&sub, &n, NULL)) return false;
      if (m->nfuncs && !*fnames && !(*fnames = calloc(m->nfuncs, sizeof **fnames))) return false;
      for (uint32_t i = 0; i < n; i++) {
        uint32_t idx;
        char *fname = NULL;
        if (wb_read_u32(&sub, &idx, NULL) || !name_copy(&sub, &fname)) return false;
        if (idx < m->nfuncs) {
          free((*fnames)[idx]);
          (*fnames)[idx] = fname;
        } else {
          free(fname);
        }
      }
    } else {
      continue; /* local names and later extensions are not kept */
    }
    if (!wb_reader_eof(&sub)) return false;
  }
  return true;
}

static void decode_names(wb_module *m, const wb_custom_section *c) {
  wb_reader r = wb_reader_make(m->bytes, c->bytes, c->bytes + c->len);
  char *modname = NULL, **fnames = NULL;
  if (name_subsections(m, &r, &modname, &fnames)) {
    m->module_name = modname;
    m->func_names = fnames;
    return;
  }
  free(modname);
  if (fnames) {
    for (uint32_t i = 0; i < m->nfuncs; i++) free(fnames[i]);
    free(fnames);
  }
}

/* ---- the module ---- */

static void declare(wb_module *m, const wb_constexpr *c) {
  if (c->op == WB_CONST_REF_FUNC && c->index < m->nfuncs) m->func_declared[c->index] = true;
}

/* The spec's C.refs: functions named outside function bodies. */
static wb_status declared_funcs(decoder *d) {
  wb_module *m = d->m;
  ALLOC(m->func_declared, m->nfuncs);
  for (uint32_t i = 0; i < m->nexports; i++)
    if (m->exports[i].kind == WB_EXTERN_FUNC && m->exports[i].index < m->nfuncs)
      m->func_declared[m->exports[i].index] = true;
  for (uint32_t i = 0; i < m->nglobals - m->nimported_globals; i++) declare(m, &m->globals[i].init);
  for (uint32_t i = 0; i < m->nelems; i++) {
    const wb_elem *e = &m->elems[i];
    if (e->mode == WB_SEG_ACTIVE) declare(m, &e->offset);
    for (uint32_t k = 0; k < e->count; k++) declare(m, &e->items[k]);
  }
  for (uint32_t i = 0; i < m->ndatas; i++)
    if (m->datas[i].mode == WB_SEG_ACTIVE) declare(m, &m->datas[i].offset);
  return WB_OK;
}

/* Position of each non-custom section id in the required order (data count sits between
 * element and code); 0 marks custom sections, which may appear anywhere. */
static const uint8_t section_rank[13] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};

static wb_status record_section(decoder *d, uint8_t id, size_t off, size_t size) {
  wb_module *m = d->m;
  if (m->nsections == d->cap_sections) {
    uint32_t cap = d->cap_sections ? d->cap_sections * 2 : 16;
    GROW(m->sections, m->nsections, cap);
    d->cap_sections = cap;
  }
  wb_section_info *s = &m->sections[m->nsections++];
  s->id = id;
  s->offset = off;
  s->size = size;
  return WB_OK;
}

static wb_status sections(decoder *d) {
  uint8_t last_rank = 0;
  bool imports_done = false;
  while (!wb_reader_eof(&d->r)) {
    size_t sec_off = here(d);
    uint8_t id = *d->r.pos++;
    if (id > 12) return malformed(d, sec_off, "malformed section id");
    if (id != 0) {
      if (section_rank[id] <= last_rank) return malformed(d, sec_off, "unexpected content after last section");
      last_rank = section_rank[id];
    }
    /* Index spaces start with the imports even when there is no import section. */
    if (id > 2 && !imports_done) {
      TRY(import_spaces(d));
      imports_done = true;
    }
    uint32_t size;
    d->r.eof_msg = NULL;
    TRY(len32(d, &size));
    d->r.eof_msg = eof_in_section;
    d->sec_start = here(d);
    d->sec_end = d->sec_start + size;
    TRY(record_section(d, id, sec_off, d->sec_end - sec_off));
    wb_status s = WB_OK;
    switch (id) {
    case 0: s = custom_section(d, sec_off); break;
    case 1: s = type_section(d); break;
    case 2: s = import_section(d); imports_done = true; break;
    case 3: s = function_section(d); break;
    case 4: s = table_section(d); break;
    case 5: s = memory_section(d); break;
    case 6: s = global_section(d); break;
    case 7: s = export_section(d); break;
    case 8: s = start_section(d); break;
    case 9: s = elem_section(d); break;
    case 10: s = code_section(d); break;
    case 11: s = data_section(d); break;
    case 12: s = datacount_section(d); break;
    }
    TRY(s);
    if (here(d) != d->sec_end) return malformed(d, d->sec_start, "section size mismatch");
  }
  if (!imports_done) TRY(import_spaces(d));
  return WB_OK;
}

static wb_status module(decoder *d) {
  wb_module *m = d->m;
  static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6D}, version[4] = {1, 0, 0, 0};
  const uint8_t *b;
  TRY(wb_read_bytes(&d->r, 4, &b, d->err));
  if (memcmp(b, magic, 4) != 0) return malformed(d, 0, "magic header not detected");
  TRY(wb_read_bytes(&d->r, 4, &b, d->err));
  if (memcmp(b, version, 4) != 0) return malformed(d, 4, "unknown binary version");
  TRY(sections(d));
  uint32_t nfuncsec = d->have_funcsec ? d->nfuncsec : 0, ncode = d->have_code ? d->ncode : 0;
  if (nfuncsec != ncode) return malformed(d, m->len, "function and code section have inconsistent lengths");
  if (m->has_data_count && m->data_count != m->ndatas)
    return malformed(d, m->len, "data count and data section have inconsistent lengths");
  if (d->invalid) {
    *d->err = d->invalid_err;
    return WB_ERR_INVALID;
  }
  if (d->name_sec_index >= 0) decode_names(m, &m->customs[d->name_sec_index]);
  return declared_funcs(d);
}

wb_status wb_decode(const uint8_t *bytes, size_t len, wb_module **out, wb_error *err) {
  wb_error scratch;
  if (!err) err = &scratch;
  wb_error_clear(err);
  *out = NULL;
  /* A module this large is validated on two threads: start the helper now, so that it is
   * waiting by the time the bodies are (util/helper.h says why that matters). */
  if (len >= WB_HELPER_MIN_CODE_BYTES) wb_helper_prestart();
  wb_module *m = calloc(1, sizeof *m);
  if (!m) return wb_fail(err, WB_ERR_NOMEM, 0, "out of memory");
  m->bytes = malloc(len ? len : 1);
  if (!m->bytes) {
    free(m);
    return wb_fail(err, WB_ERR_NOMEM, 0, "out of memory");
  }
  wb_prefault_write(m->bytes, len);
  if (len) memcpy(m->bytes, bytes, len);
  m->len = len;
  decoder d;
  memset(&d, 0, sizeof d);
  d.r = wb_reader_make(m->bytes, m->bytes, m->bytes + len);
  d.m = m;
  d.err = err;
  d.name_sec_index = -1;
  wb_status s = module(&d);
  if (s != WB_OK) {
    wb_module_free(m);
    return s;
  }
  *out = m;
  return WB_OK;
}
