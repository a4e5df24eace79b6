/* valid/validate.c — Wasm 2.0 validation: the module-level rules, then every function body in one
 * pass with the spec appendix's algorithm (a stack of value types with an "unknown" type for
 * polymorphic stacks, and control frames). Encoding errors inside bodies are WB_ERR_MALFORMED. */
#include "valid/validate.h"
#include <stdatomic.h>
#include "ir/opcodes.h"
#include "valid/simd.h"
#include "util/helper.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The type of a value popped from a polymorphic (unreachable) stack: matches everything. */
#define UNK 0

enum { F_FUNC, F_BLOCK, F_LOOP, F_IF, F_ELSE };

typedef struct vframe {
  const uint8_t *params, *results; /* into the module's types or the body (single result) */
  uint32_t nparams, nresults;
  size_t height;                   /* value stack height at entry, parameters excluded */
  uint8_t kind;
  bool unreachable;
} vframe;

/* Buffers are reused across functions and grown geometrically: no allocation per instruction. */
typedef struct vctx {
  const wb_module *m;
  wb_error *err;
  uint8_t *vals;   size_t capvals;
  vframe *ctrls;   size_t nctrls, capctrls;
  uint8_t *locals; size_t caplocals;
  uint32_t func;               /* function being checked, for messages */
  const uint8_t *body;         /* its first instruction, and that instruction's file offset */
  size_t body_offset;
  const uint8_t *fail_ip;      /* where an invalid body stopped, to resume skimming */
} vctx;

static void vctx_free_buffers(vctx *v) {
  free(v->vals);
  free(v->ctrls);
  free(v->locals);
}

/* ---- signature tables, generated from ir/opcodes.h ---- */

typedef struct numsig { uint8_t a, b, r; } numsig;

static const numsig k_num[256] = {
#define X(name, code, p1, p2, res) [code] = {WB_T_##p1, WB_T_##p2, WB_T_##res},
  WB_NUMERIC_OPS(X)
#undef X
};

static const numsig k_sat[8] = {
#define X(name, code, p1, p2, res) [code] = {WB_T_##p1, WB_T_##p2, WB_T_##res},
  WB_SATURATING_OPS(X)
#undef X
};

typedef struct memsig { uint8_t type, max_align, store; } memsig;

#define LOG2_BYTES(b) ((b) == 8 ? 3 : (b) == 4 ? 2 : (b) == 2 ? 1 : 0)
static const memsig k_mem[256] = {
#define X(name, code, t, bytes, is_store, sx) [code] = {WB_T_##t, LOG2_BYTES(bytes), is_store},
  WB_MEMORY_OPS(X)
#undef X
};

/* ---- small helpers ---- */

static bool is_valtype(uint8_t b) {
  switch (b) {
  case WB_I32: case WB_I64: case WB_F32: case WB_F64: case WB_V128:
  case WB_FUNCREF: case WB_EXTERNREF:
    return true;
  }
  return false;
}

static const char *tname(uint8_t t) { return t == UNK ? "<unknown>" : wb_valtype_name(t); }

static bool grow(void **buf, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return true;
  size_t nc = *cap ? *cap : 256;
  while (nc < need) nc *= 2;
  void *nb = realloc(*buf, nc * elem);
  if (!nb) return false;
  *buf = nb;
  *cap = nc;
  return true;
}

static size_t body_off(const vctx *v, const uint8_t *ip) {
  return v->body_offset + (size_t)(ip - v->body);
}

static wb_status body_fail(vctx *v, wb_status st, const uint8_t *ip, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), noinline, cold));
static wb_status body_fail(vctx *v, wb_status st, const uint8_t *ip, const char *fmt, ...) {
  char buf[WB_ERROR_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  size_t off = body_off(v, ip);
  const char *name = wb_module_func_name(v->m, v->func);
  if (name)
    return wb_fail(v->err, st, off, "%s (function %u \"%s\", offset 0x%zx)", buf, v->func, name, off);
  return wb_fail(v->err, st, off, "%s (function %u, offset 0x%zx)", buf, v->func, off);
}

static wb_status mod_fail(vctx *v, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noinline, cold));
static wb_status mod_fail(vctx *v, size_t off, const char *fmt, ...) {
  char buf[WB_ERROR_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return wb_fail(v->err, WB_ERR_INVALID, off, "%s", buf);
}

/* ---- immediate readers: each returns NULL or the spec's malformed message ---- */

static const char *const E_END = "unexpected end of section or function";

/* Unsigned LEB128 of at most `bits` bits, with the reference interpreter's checks in its order. */
static const char *rd_uleb(const uint8_t **pp, const uint8_t *end, int bits, uint64_t *out) {
  const uint8_t *p = *pp;
  uint64_t x = 0;
  for (int n = bits, shift = 0;; n -= 7, shift += 7) {
    if (p >= end) return E_END;
    uint8_t b = *p++;
    if (n < 7 && (b & 0x7f) >= (1u << n)) return "integer too large";
    x |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
    if (n <= 7) return "integer representation too long";
  }
  *pp = p;
  *out = x;
  return NULL;
}

/* Signed LEB128 of at most `bits` bits (32, 33 or 64): the unused bits of the last byte must
 * all copy the sign bit. */
static const char *rd_sleb(const uint8_t **pp, const uint8_t *end, int bits, int64_t *out) {
  const uint8_t *p = *pp;
  uint64_t x = 0;
  for (int n = bits, shift = 0;; n -= 7, shift += 7) {
    if (p >= end) return E_END;
    uint8_t b = *p++;
    if (n < 7) {
      uint8_t mask = (uint8_t)((0xffu << (n - 1)) & 0x7f);
      if ((b & mask) != 0 && (b & mask) != mask) return "integer too large";
    }
    x |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      if ((b & 0x40) && shift + 7 < 64) x |= ~(uint64_t)0 << (shift + 7);
      break;
    }
    if (n <= 7) return "integer representation too long";
  }
  *pp = p;
  *out = (int64_t)x;
  return NULL;
}

static inline const char *rd_u32(const uint8_t **pp, const uint8_t *end, uint32_t *out) {
  if (*pp < end && **pp < 0x80) {
    *out = *(*pp)++;
    return NULL;
  }
  uint64_t x;
  const char *e = rd_uleb(pp, end, 32, &x);
  *out = (uint32_t)x;
  return e;
}

static const char *rd_skip(const uint8_t **pp, const uint8_t *end, size_t n) {
  if ((size_t)(end - *pp) < n) return E_END;
  *pp += n;
  return NULL;
}

/* A reserved byte that Wasm 2.0 requires to be exactly 0x00 (no LEB128 padding either). */
static const char *rd_zero(const uint8_t **pp, const uint8_t *end) {
  if (*pp >= end) return E_END;
  if (**pp != 0) return "zero byte expected";
  (*pp)++;
  return NULL;
}

/* A block type: 0x40, a value type (any single byte 0x40..0x7f is read as one, as the reference
 * decoder does), or an s33 type index. Sets *single to the byte, or 0 and *index. */
static const char *rd_blocktype(const uint8_t **pp, const uint8_t *end, uint8_t *single, int64_t *index) {
  if (*pp >= end) return E_END;
  uint8_t b = **pp;
  if ((b & 0xc0) == 0x40) {
    if (b != WB_BLOCKTYPE_EMPTY && !is_valtype(b)) return "malformed value type";
    (*pp)++;
    *single = b;
    return NULL;
  }
  *single = 0;
  return rd_sleb(pp, end, 33, index);
}

/* Data indices in code need the data count section, but only when there are data segments
 * (the reference decoder's rule; with none, the index is simply unknown). */
static bool data_count_missing(const wb_module *m) { return !m->has_data_count && m->ndatas > 0; }

/* Immediates of the 0xFC instructions, shared by the validator and the skimmer.
 * a/b receive the index immediates (0 when absent). */
static const char *rd_fc_imms(const wb_module *m, uint32_t sub, const uint8_t **pp, const uint8_t *end,
                              uint32_t *a, uint32_t *b) {
  const char *e = NULL;
  *a = *b = 0;
  switch (sub) {
  case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7:
    return NULL;
  case WB_FC_MEMORY_INIT:
    if ((e = rd_u32(pp, end, a)) || (e = rd_zero(pp, end))) return e;
    return data_count_missing(m) ? "data count section required" : NULL;
  case WB_FC_DATA_DROP:
    if ((e = rd_u32(pp, end, a))) return e;
    return data_count_missing(m) ? "data count section required" : NULL;
  case WB_FC_MEMORY_COPY:
    if ((e = rd_zero(pp, end))) return e;
    return rd_zero(pp, end);
  case WB_FC_MEMORY_FILL:
    return rd_zero(pp, end);
  case WB_FC_TABLE_INIT: case WB_FC_TABLE_COPY:
    if ((e = rd_u32(pp, end, a))) return e;
    return rd_u32(pp, end, b);
  case WB_FC_ELEM_DROP: case WB_FC_TABLE_GROW: case WB_FC_TABLE_SIZE: case WB_FC_TABLE_FILL:
    return rd_u32(pp, end, a);
  }
  return "illegal opcode";
}

/* The message for a body that stops before its final `end`: the reference decoder keeps reading
 * the following bytes, so at the very end of the module it says "unexpected end". */
static const char *missing_end_msg(const vctx *v, const uint8_t *end) {
  const wb_module *m = v->m;
  if (m->bytes && end == m->bytes + m->len) return E_END;
  return "END opcode expected";
}

/* An encoding error at instruction ip; an illegal opcode is named. */
static wb_status body_fail_malformed(vctx *v, const uint8_t *ip, const char *msg) {
  if (!strcmp(msg, "illegal opcode")) {
    if (*ip == WB_OP_PREFIX_FC || *ip == WB_OP_PREFIX_FD) {
      uint32_t sub = 0;
      const uint8_t *p = ip + 1;
      const wb_func *f = &v->m->funcs[v->func - v->m->nimported_funcs];
      if (!rd_u32(&p, f->body_end, &sub)) return body_fail(v, WB_ERR_MALFORMED, ip, "illegal opcode 0x%02x %u", *ip, sub);
    }
    return body_fail(v, WB_ERR_MALFORMED, ip, "illegal opcode 0x%02x", *ip);
  }
  return body_fail(v, WB_ERR_MALFORMED, ip, "%s", msg);
}

/* ---- skimming: encoding checks only ---- */

/* Reads body instructions from p for encoding errors only, as the reference decoder would before
 * any validation: a module whose body is malformed is malformed even if an earlier check found it
 * invalid. kinds (in v->vals) holds the open frames' kinds; depth of them are open. */
static wb_status skim_body(vctx *v, const uint8_t *p, size_t depth) {
  const wb_module *m = v->m;
  const wb_func *f = &m->funcs[v->func - m->nimported_funcs];
  const uint8_t *end = f->body_end;
  const char *e = NULL;
  uint8_t *kinds = v->vals;
  for (;;) {
    const uint8_t *ip = p;
    if (p >= end) return body_fail(v, WB_ERR_MALFORMED, ip, "%s", missing_end_msg(v, end));
    uint8_t op = *p++;
    uint32_t x, y;
    uint64_t u;
    int64_t s;
    uint8_t single;
    switch (op) {
    case WB_OP_BLOCK: case WB_OP_LOOP: case WB_OP_IF:
      if ((e = rd_blocktype(&p, end, &single, &s))) break;
      if (depth == v->capvals && !grow((void **)&v->vals, &v->capvals, depth + 1, 1)) return WB_ERR_NOMEM;
      kinds = v->vals;
      kinds[depth++] = op == WB_OP_IF ? F_IF : F_BLOCK;
      break;
    case WB_OP_ELSE:
      if (kinds[depth - 1] != F_IF) e = "END opcode expected";
      else kinds[depth - 1] = F_ELSE;
      break;
    case WB_OP_END:
      if (--depth == 0) {
        if (p != end) return body_fail(v, WB_ERR_MALFORMED, ip, "section size mismatch");
        return WB_OK;
      }
      break;
    case WB_OP_UNREACHABLE: case WB_OP_NOP: case WB_OP_RETURN: case WB_OP_DROP: case WB_OP_SELECT:
    case WB_OP_REF_IS_NULL:
      break;
    case WB_OP_BR: case WB_OP_BR_IF: case WB_OP_CALL: case WB_OP_LOCAL_GET: case WB_OP_LOCAL_SET:
    case WB_OP_LOCAL_TEE: case WB_OP_GLOBAL_GET: case WB_OP_GLOBAL_SET: case WB_OP_TABLE_GET:
    case WB_OP_TABLE_SET: case WB_OP_REF_FUNC:
      e = rd_u32(&p, end, &x);
      break;
    case WB_OP_BR_TABLE:
      if ((e = rd_u32(&p, end, &x))) break;
      for (uint64_t i = 0; i <= x && !e; i++) e = rd_u32(&p, end, &y);
      break;
    case WB_OP_CALL_INDIRECT:
      if (!(e = rd_u32(&p, end, &x))) e = rd_u32(&p, end, &y);
      break;
    case WB_OP_SELECT_T:
      if ((e = rd_u32(&p, end, &x))) break;
      for (uint64_t i = 0; i < x && !e; i++) {
        if (p >= end) e = E_END;
        else if (!is_valtype(*p++)) e = "malformed value type";
      }
      break;
    case WB_OP_MEMORY_SIZE: case WB_OP_MEMORY_GROW:
      e = rd_zero(&p, end);
      break;
    case WB_OP_I32_CONST: e = rd_sleb(&p, end, 32, &s); break;
    case WB_OP_I64_CONST: e = rd_sleb(&p, end, 64, &s); break;
    case WB_OP_F32_CONST: e = rd_skip(&p, end, 4); break;
    case WB_OP_F64_CONST: e = rd_skip(&p, end, 8); break;
    case WB_OP_REF_NULL:
      if (p >= end) e = E_END;
      else if (!wb_valtype_is_ref(*p++)) e = "malformed reference type";
      break;
    case WB_OP_PREFIX_FC:
      if (!(e = rd_u32(&p, end, &x))) e = rd_fc_imms(m, x, &p, end, &x, &y);
      break;
    case WB_OP_PREFIX_FD: {
      wb_simd_check sc;
      if (!(e = rd_u32(&p, end, &x))) e = wb_simd_read(x, &p, end, &sc);
      break;
    }
    default:
      if (k_num[op].r) break;
      if (k_mem[op].type) {
        if (!(e = rd_uleb(&p, end, 32, &u))) e = rd_uleb(&p, end, 32, &u);
        break;
      }
      e = "illegal opcode";
      break;
    }
    if (e) return body_fail_malformed(v, ip, e);
  }
}

/* ---- the body validator ---- */

/* LEB128 fast paths: up to 4 bytes (28 bits) no u32/s32 can be too large or too long, and up to
 * 9 bytes (63 bits) no s64 can, so only longer encodings take the careful readers. */
static inline bool fast_u32(const uint8_t **pp, const uint8_t *end, uint32_t *out) {
  const uint8_t *p = *pp;
  if (end - p >= 2) {
    if (p[0] < 0x80) { *out = p[0]; *pp = p + 1; return true; }
    if (p[1] < 0x80) { *out = (p[0] & 0x7fu) | (uint32_t)p[1] << 7; *pp = p + 2; return true; }
  }
  return false;
}

static inline bool fast_skip_leb(const uint8_t **pp, const uint8_t *end, int max) {
  const uint8_t *p = *pp;
  if (end - p < max) return false;
  for (int i = 0; i < max; i++)
    if (p[i] < 0x80) { *pp = p + i + 1; return true; }
  return false;
}

/* GCC's global CSE would merge the replicated dispatch jumps back into one. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-gcse", "no-crossjumping")))
#endif
static wb_status check_body(vctx *v, uint32_t fidx) {
  const wb_module *m = v->m;
  const wb_func *f = &m->funcs[fidx - m->nimported_funcs];
  const wb_functype *ft = &m->types[m->func_types[fidx]];
  v->func = fidx;
  v->body = f->body;
  v->body_offset = f->body_offset;
  v->fail_ip = NULL;
  v->nctrls = 0;

  /* Locals, parameters first, spelled out so that local.get is one lookup. */
  uint64_t nloc = ft->nparams;
  for (uint32_t i = 0; i < f->nlocaldecls; i++) nloc += f->localdecls[i].count;
  if (nloc > UINT32_MAX) return body_fail(v, WB_ERR_MALFORMED, f->body, "too many locals");
  if (!grow((void **)&v->locals, &v->caplocals, nloc + 1, 1)) return WB_ERR_NOMEM;
  uint8_t *locals = v->locals;
  if (ft->nparams) memcpy(locals, ft->types, ft->nparams);
  size_t k = ft->nparams;
  for (uint32_t i = 0; i < f->nlocaldecls; i++) {
    memset(locals + k, f->localdecls[i].type, f->localdecls[i].count);
    k += f->localdecls[i].count;
  }
  const uint32_t nlocals = (uint32_t)nloc;

  const uint8_t *p = f->body, *end = f->body_end, *ip = p;
  /* Invariant at each instruction start: capvals - n > end - p. An instruction takes at least
   * one byte and the simple ones push at most one value more than they pop, so only the
   * instructions that push lists (calls, blocks, branches) need to ENSURE room. */
  size_t n = 0;
  uint8_t *vals;
  if (!grow((void **)&v->vals, &v->capvals, (size_t)(end - p) + 16, 1)) return WB_ERR_NOMEM;
  vals = v->vals;
#define ENSURE(cnt)                                                                      \
  do {                                                                                   \
    size_t need_ = n + (cnt) + (size_t)(end - p) + 1;                                    \
    if (need_ > v->capvals) {                                                            \
      if (!grow((void **)&v->vals, &v->capvals, need_, 1)) return WB_ERR_NOMEM;           \
      vals = v->vals;                                                                    \
    }                                                                                    \
  } while (0)

  if (!grow((void **)&v->ctrls, &v->capctrls, 16, sizeof(vframe))) return WB_ERR_NOMEM;
  vframe *fr = &v->ctrls[0];
  *fr = (vframe){NULL, wb_functype_results(ft), 0, ft->nresults, 0, F_FUNC, false};
  v->nctrls = 1;

  /* Error reporting state for the labels at the end. */
  const char *emsg = NULL;
  uint8_t want = 0, got = 0, op;
  uint32_t bad = 0;

#define MALFORMED(msg) do { emsg = (msg); goto malformed; } while (0)
#define INVALID(msg) do { emsg = (msg); goto invalid; } while (0)
/* "unknown X" messages carry the index, as the spec tests spell them ("unknown global 1"). */
#define INVALID_IDX(msg, idx) do { emsg = (msg); bad = (idx); goto invalid_idx; } while (0)
#define CHECK(expr) do { if ((emsg = (expr))) goto malformed; } while (0)
#define READ_U32(dst) do {                                                 \
    if (!fast_u32(&p, end, &(dst))) CHECK(rd_u32(&p, end, &(dst)));        \
  } while (0)
#define POP(t) do {                                                        \
    uint8_t t_ = (t);                                                      \
    if (n > fr->height) {                                                  \
      uint8_t a_ = vals[--n];                                              \
      if (a_ != t_ && a_ != UNK) { want = t_; got = a_; goto mismatch; }   \
    } else if (!fr->unreachable) { want = t_; goto underflow; }            \
  } while (0)
#define POP_ANY(dst) do {                                                  \
    if (n > fr->height) (dst) = vals[--n];                                 \
    else if (fr->unreachable) (dst) = UNK;                                 \
    else { want = UNK; goto underflow; }                                   \
  } while (0)
#define POP_LIST(ts, cnt) do {                                             \
    const uint8_t *ts_ = (ts);                                             \
    for (uint32_t i_ = (cnt); i_-- > 0;) POP(ts_[i_]);                     \
  } while (0)
#define PUSH(t) (vals[n++] = (t))
#define PUSH_LIST(ts, cnt) do {                                            \
    uint32_t c_ = (cnt);                                                   \
    ENSURE(c_);                                                            \
    if (c_) memcpy(vals + n, (ts), c_);                                    \
    n += c_;                                                               \
  } while (0)
#define SET_UNREACHABLE() do { n = fr->height; fr->unreachable = true; } while (0)
#define LABEL_TYPES(f) ((f)->kind == F_LOOP ? (f)->params : (f)->results)
#define LABEL_COUNT(f) ((f)->kind == F_LOOP ? (f)->nparams : (f)->nresults)
#define NEED_MEMORY() do { if (m->nmems == 0) INVALID_IDX("unknown memory", 0); } while (0)
/* Threaded dispatch: one indirect jump per handler predicts far better than one shared switch
 * jump, and dispatch is most of the cost of validating. */
#define NEXT() do {                                                        \
    ip = p;                                                                \
    if (__builtin_expect(p >= end, 0)) MALFORMED(missing_end_msg(v, end)); \
    op = *p++;                                                             \
    goto *dispatch[op];                                                    \
  } while (0)

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
  static const void *const dispatch[256] = {
    [0 ... 255] = &&op_illegal,
    [WB_OP_UNREACHABLE] = &&op_unreachable, [WB_OP_NOP] = &&op_nop,
    [WB_OP_BLOCK] = &&op_block, [WB_OP_LOOP] = &&op_block, [WB_OP_IF] = &&op_block,
    [WB_OP_ELSE] = &&op_else, [WB_OP_END] = &&op_end, [WB_OP_BR] = &&op_br,
    [WB_OP_BR_IF] = &&op_br_if, [WB_OP_BR_TABLE] = &&op_br_table, [WB_OP_RETURN] = &&op_return,
    [WB_OP_CALL] = &&op_call, [WB_OP_CALL_INDIRECT] = &&op_call_indirect,
    [WB_OP_DROP] = &&op_drop, [WB_OP_SELECT] = &&op_select, [WB_OP_SELECT_T] = &&op_select_t,
    [WB_OP_LOCAL_GET] = &&op_local_get, [WB_OP_LOCAL_SET] = &&op_local_set,
    [WB_OP_LOCAL_TEE] = &&op_local_tee, [WB_OP_GLOBAL_GET] = &&op_global_get,
    [WB_OP_GLOBAL_SET] = &&op_global_set, [WB_OP_TABLE_GET] = &&op_table_get,
    [WB_OP_TABLE_SET] = &&op_table_set, [WB_OP_MEMORY_SIZE] = &&op_memory_size,
    [WB_OP_MEMORY_GROW] = &&op_memory_grow, [WB_OP_I32_CONST] = &&op_i32_const,
    [WB_OP_I64_CONST] = &&op_i64_const, [WB_OP_F32_CONST] = &&op_f32_const,
    [WB_OP_F64_CONST] = &&op_f64_const, [WB_OP_REF_NULL] = &&op_ref_null,
    [WB_OP_REF_IS_NULL] = &&op_ref_is_null, [WB_OP_REF_FUNC] = &&op_ref_func,
    [WB_OP_PREFIX_FC] = &&op_prefix_fc, [WB_OP_PREFIX_FD] = &&op_prefix_fd,
#define X(name, code, ...) [code] = &&op_numeric,
    WB_NUMERIC_OPS(X)
#undef X
#define X(name, code, ...) [code] = &&op_memory,
    WB_MEMORY_OPS(X)
#undef X
  };
#pragma GCC diagnostic pop

  NEXT();

op_unreachable:
  SET_UNREACHABLE();
  NEXT();
op_nop:
  NEXT();

op_block: {
  uint8_t single;
  int64_t index = 0;
  const uint8_t *params = NULL, *results = NULL;
  uint32_t np = 0, nr = 0;
  if (p < end && (*p == WB_BLOCKTYPE_EMPTY || is_valtype(*p))) {
    single = *p++;
  } else {
    CHECK(rd_blocktype(&p, end, &single, &index));
  }
  if (single) {
    if (single != WB_BLOCKTYPE_EMPTY) results = p - 1, nr = 1;
  } else {
    if (index < 0 || index >= (int64_t)m->ntypes) INVALID_IDX("unknown type", (uint32_t)index);
    const wb_functype *bt = &m->types[index];
    params = wb_functype_params(bt), np = bt->nparams;
    results = wb_functype_results(bt), nr = bt->nresults;
  }
  if (op == WB_OP_IF) POP(WB_I32);
  POP_LIST(params, np);
  if (v->nctrls == v->capctrls &&
      !grow((void **)&v->ctrls, &v->capctrls, v->nctrls + 1, sizeof(vframe)))
    return WB_ERR_NOMEM;
  fr = &v->ctrls[v->nctrls++];
  *fr = (vframe){params, results, np, nr, n,
                 op == WB_OP_BLOCK ? F_BLOCK : op == WB_OP_LOOP ? F_LOOP : F_IF, false};
  PUSH_LIST(params, np);
  NEXT();
}
op_else:
  if (fr->kind != F_IF) MALFORMED("END opcode expected");
  POP_LIST(fr->results, fr->nresults);
  if (n != fr->height) goto extra;
  fr->kind = F_ELSE;
  fr->unreachable = false;
  PUSH_LIST(fr->params, fr->nparams);
  NEXT();
op_end: {
  POP_LIST(fr->results, fr->nresults);
  if (n != fr->height) goto extra;
  /* An `if` without `else` has an empty else branch, which passes its parameters through. */
  if (fr->kind == F_IF && (fr->nparams != fr->nresults ||
                           (fr->nparams && memcmp(fr->params, fr->results, fr->nparams))))
    INVALID("type mismatch: if without else must have matching parameters and results");
  if (--v->nctrls == 0) {
    if (p != end) MALFORMED("section size mismatch");
    return WB_OK;
  }
  const uint8_t *rs = fr->results;
  uint32_t nr = fr->nresults;
  fr = &v->ctrls[v->nctrls - 1];
  PUSH_LIST(rs, nr);
  NEXT();
}

op_br: {
  uint32_t l;
  READ_U32(l);
  if (l >= v->nctrls) INVALID_IDX("unknown label", l);
  const vframe *t = &v->ctrls[v->nctrls - 1 - l];
  POP_LIST(LABEL_TYPES(t), LABEL_COUNT(t));
  SET_UNREACHABLE();
  NEXT();
}
op_br_if: {
  uint32_t l;
  READ_U32(l);
  if (l >= v->nctrls) INVALID_IDX("unknown label", l);
  const vframe *t = &v->ctrls[v->nctrls - 1 - l];
  POP(WB_I32);
  POP_LIST(LABEL_TYPES(t), LABEL_COUNT(t));
  PUSH_LIST(LABEL_TYPES(t), LABEL_COUNT(t));
  NEXT();
}
op_br_table: {
  /* Labels are all checked for existence before any type (the reference's order), so the
   * vector is read twice; the second pass cannot fail to decode. */
  uint32_t cnt, l = 0;
  READ_U32(cnt);
  const uint8_t *labels = p;
  for (uint64_t i = 0; i <= cnt; i++) {
    READ_U32(l);
    if (l >= v->nctrls) INVALID_IDX("unknown label", l);
  }
  const uint8_t *after = p;
  const vframe *d = &v->ctrls[v->nctrls - 1 - l];
  const uint32_t arity = LABEL_COUNT(d);
  POP(WB_I32);
  /* Each target's types must match the operands in place: check without popping. */
  p = labels;
  for (uint64_t i = 0; i <= cnt; i++) {
    READ_U32(l);
    const vframe *t = &v->ctrls[v->nctrls - 1 - l];
    if (LABEL_COUNT(t) != arity) INVALID("type mismatch: br_table targets have different arities");
    const uint8_t *ts = LABEL_TYPES(t);
    size_t avail = n - fr->height;
    for (uint32_t j = 0; j < arity; j++) {
      uint8_t expect = ts[arity - 1 - j];
      if (j < avail) {
        uint8_t a = vals[n - 1 - j];
        if (a != expect && a != UNK) { want = expect; got = a; goto mismatch; }
      } else if (!fr->unreachable) {
        want = expect;
        goto underflow;
      }
    }
  }
  p = after;
  SET_UNREACHABLE();
  NEXT();
}
op_return:
  POP_LIST(v->ctrls[0].results, v->ctrls[0].nresults);
  SET_UNREACHABLE();
  NEXT();

op_call: {
  uint32_t x;
  READ_U32(x);
  if (x >= m->nfuncs) INVALID_IDX("unknown function", x);
  const wb_functype *t = &m->types[m->func_types[x]];
  POP_LIST(wb_functype_params(t), t->nparams);
  PUSH_LIST(wb_functype_results(t), t->nresults);
  NEXT();
}
op_call_indirect: {
  uint32_t y, x;
  READ_U32(y);
  READ_U32(x);
  if (x >= m->ntables) INVALID_IDX("unknown table", x);
  if (y >= m->ntypes) INVALID_IDX("unknown type", y);
  if (m->tables[x].elemtype != WB_FUNCREF)
    INVALID("type mismatch: call_indirect requires a table of funcref");
  const wb_functype *t = &m->types[y];
  POP(WB_I32);
  POP_LIST(wb_functype_params(t), t->nparams);
  PUSH_LIST(wb_functype_results(t), t->nresults);
  NEXT();
}

op_drop: {
  uint8_t t;
  POP_ANY(t);
  (void)t;
  NEXT();
}
op_select: {
  uint8_t t1, t2;
  POP(WB_I32);
  POP_ANY(t1);
  POP_ANY(t2);
  /* Untyped select is for numeric (and vector) operands only. */
  if (wb_valtype_is_ref(t1) || wb_valtype_is_ref(t2))
    INVALID("type mismatch: select without a type needs numeric operands");
  if (t1 != t2 && t1 != UNK && t2 != UNK) { want = t1; got = t2; goto mismatch; }
  PUSH(t1 == UNK ? t2 : t1);
  NEXT();
}
op_select_t: {
  uint32_t cnt;
  READ_U32(cnt);
  const uint8_t *ts = p;
  for (uint64_t i = 0; i < cnt; i++) {
    if (p >= end) MALFORMED(E_END);
    if (!is_valtype(*p++)) MALFORMED("malformed value type");
  }
  if (cnt != 1) INVALID("invalid result arity: typed select takes exactly one type");
  POP(WB_I32);
  POP(ts[0]);
  POP(ts[0]);
  PUSH(ts[0]);
  NEXT();
}

op_local_get: {
  uint32_t x;
  READ_U32(x);
  if (x >= nlocals) INVALID_IDX("unknown local", x);
  PUSH(locals[x]);
  NEXT();
}
op_local_set: {
  uint32_t x;
  READ_U32(x);
  if (x >= nlocals) INVALID_IDX("unknown local", x);
  POP(locals[x]);
  NEXT();
}
op_local_tee: {
  uint32_t x;
  READ_U32(x);
  if (x >= nlocals) INVALID_IDX("unknown local", x);
  POP(locals[x]);
  PUSH(locals[x]);
  NEXT();
}
op_global_get: {
  uint32_t x;
  READ_U32(x);
  if (x >= m->nglobals) INVALID_IDX("unknown global", x);
  PUSH(m->global_types[x].valtype);
  NEXT();
}
op_global_set: {
  uint32_t x;
  READ_U32(x);
  if (x >= m->nglobals) INVALID_IDX("unknown global", x);
  if (!m->global_types[x].mutable_) INVALID("global is immutable");
  POP(m->global_types[x].valtype);
  NEXT();
}
op_table_get: {
  uint32_t x;
  READ_U32(x);
  if (x >= m->ntables) INVALID_IDX("unknown table", x);
  POP(WB_I32);
  PUSH(m->tables[x].elemtype);
  NEXT();
}
op_table_set: {
  uint32_t x;
  READ_U32(x);
  if (x >= m->ntables) INVALID_IDX("unknown table", x);
  POP(m->tables[x].elemtype);
  POP(WB_I32);
  NEXT();
}

op_memory_size:
  CHECK(rd_zero(&p, end));
  NEED_MEMORY();
  PUSH(WB_I32);
  NEXT();
op_memory_grow:
  CHECK(rd_zero(&p, end));
  NEED_MEMORY();
  POP(WB_I32);
  PUSH(WB_I32);
  NEXT();

op_i32_const:
  if (!fast_skip_leb(&p, end, 4)) {
    int64_t s;
    CHECK(rd_sleb(&p, end, 32, &s));
  }
  PUSH(WB_I32);
  NEXT();
op_i64_const:
  if (!fast_skip_leb(&p, end, 9)) {
    int64_t s;
    CHECK(rd_sleb(&p, end, 64, &s));
  }
  PUSH(WB_I64);
  NEXT();
op_f32_const:
  CHECK(rd_skip(&p, end, 4));
  PUSH(WB_F32);
  NEXT();
op_f64_const:
  CHECK(rd_skip(&p, end, 8));
  PUSH(WB_F64);
  NEXT();

op_numeric: {
  const numsig s = k_num[op];
  if (s.b) {
    /* Fast path: both operands present and of the right type. */
    if (n >= fr->height + 2 && vals[n - 1] == s.b && vals[n - 2] == s.a) {
      vals[n - 2] = s.r;
      n--;
      NEXT();
    }
    POP(s.b);
  }
  POP(s.a);
  PUSH(s.r);
  NEXT();
}

op_memory: {
  const memsig s = k_mem[op];
  uint32_t align, offset;
  READ_U32(align);
  READ_U32(offset);
  (void)offset;
  NEED_MEMORY();
  if (align > s.max_align) INVALID("alignment must not be larger than natural");
  if (s.store) {
    POP(s.type);
    POP(WB_I32);
  } else {
    POP(WB_I32);
    PUSH(s.type);
  }
  NEXT();
}

op_ref_null:
  if (p >= end) MALFORMED(E_END);
  if (!wb_valtype_is_ref(*p)) MALFORMED("malformed reference type");
  PUSH(*p++);
  NEXT();
op_ref_is_null: {
  uint8_t t;
  POP_ANY(t);
  if (t != UNK && !wb_valtype_is_ref(t)) INVALID("type mismatch: ref.is_null needs a reference");
  PUSH(WB_I32);
  NEXT();
}
op_ref_func: {
  uint32_t x;
  READ_U32(x);
  if (x >= m->nfuncs) INVALID_IDX("unknown function", x);
  if (!m->func_declared || !m->func_declared[x]) INVALID("undeclared function reference");
  PUSH(WB_FUNCREF);
  NEXT();
}

op_prefix_fc: {
  uint32_t sub, a, b;
  READ_U32(sub);
  if (sub < 8) {
    POP(k_sat[sub].a);
    PUSH(k_sat[sub].r);
    NEXT();
  }
  CHECK(rd_fc_imms(m, sub, &p, end, &a, &b));
  switch (sub) {
  case WB_FC_MEMORY_INIT:
    NEED_MEMORY();
    if (a >= m->ndatas) INVALID_IDX("unknown data segment", a);
    POP(WB_I32); POP(WB_I32); POP(WB_I32);
    break;
  case WB_FC_DATA_DROP:
    if (a >= m->ndatas) INVALID_IDX("unknown data segment", a);
    break;
  case WB_FC_MEMORY_COPY: case WB_FC_MEMORY_FILL:
    NEED_MEMORY();
    POP(WB_I32); POP(WB_I32); POP(WB_I32);
    break;
  case WB_FC_TABLE_INIT: /* elem a, table b */
    if (b >= m->ntables) INVALID_IDX("unknown table", b);
    if (a >= m->nelems) INVALID_IDX("unknown elem segment", a);
    if (m->tables[b].elemtype != m->elems[a].elemtype)
      INVALID("type mismatch: element segment and table types differ");
    POP(WB_I32); POP(WB_I32); POP(WB_I32);
    break;
  case WB_FC_ELEM_DROP:
    if (a >= m->nelems) INVALID_IDX("unknown elem segment", a);
    break;
  case WB_FC_TABLE_COPY: /* dst a, src b */
    if (a >= m->ntables) INVALID_IDX("unknown table", a);
    if (b >= m->ntables) INVALID_IDX("unknown table", b);
    if (m->tables[a].elemtype != m->tables[b].elemtype)
      INVALID("type mismatch: tables of different types");
    POP(WB_I32); POP(WB_I32); POP(WB_I32);
    break;
  case WB_FC_TABLE_GROW:
    if (a >= m->ntables) INVALID_IDX("unknown table", a);
    POP(WB_I32);
    POP(m->tables[a].elemtype);
    PUSH(WB_I32);
    break;
  case WB_FC_TABLE_SIZE:
    if (a >= m->ntables) INVALID_IDX("unknown table", a);
    PUSH(WB_I32);
    break;
  case WB_FC_TABLE_FILL:
    if (a >= m->ntables) INVALID_IDX("unknown table", a);
    POP(WB_I32);
    POP(m->tables[a].elemtype);
    POP(WB_I32);
    break;
  }
  NEXT();
}
op_prefix_fd: {
  /* SIMD (valid/simd.c): the table gives the immediates' rules and the signature. */
  uint32_t sub;
  wb_simd_check sc;
  READ_U32(sub);
  CHECK(wb_simd_read(sub, &p, end, &sc));
  if (sc.uses_memory) NEED_MEMORY();
  if (sc.invalid) INVALID(sc.invalid);
  POP_LIST(sc.params, sc.nparams);
  if (sc.result) PUSH(sc.result);
  NEXT();
}
op_illegal:
  MALFORMED("illegal opcode");

malformed:
  return body_fail_malformed(v, ip, emsg);
invalid_idx:
  v->fail_ip = ip;
  return body_fail(v, WB_ERR_INVALID, ip, "%s %u", emsg, bad);
invalid:
  v->fail_ip = ip;
  return body_fail(v, WB_ERR_INVALID, ip, "%s", emsg);
mismatch:
  v->fail_ip = ip;
  return body_fail(v, WB_ERR_INVALID, ip, "type mismatch: expected %s, found %s", tname(want), tname(got));
underflow:
  v->fail_ip = ip;
  if (want == UNK) return body_fail(v, WB_ERR_INVALID, ip, "type mismatch: expected a value, found none");
  return body_fail(v, WB_ERR_INVALID, ip, "type mismatch: expected %s, found none", tname(want));
extra:
  v->fail_ip = ip;
  return body_fail(v, WB_ERR_INVALID, ip, "type mismatch: %zu value(s) left on the stack at end of block",
                   n - fr->height);
#undef ENSURE
#undef MALFORMED
#undef INVALID
#undef INVALID_IDX
#undef CHECK
#undef READ_U32
#undef POP
#undef POP_ANY
#undef POP_LIST
#undef PUSH
#undef PUSH_LIST
#undef SET_UNREACHABLE
#undef LABEL_TYPES
#undef LABEL_COUNT
#undef NEED_MEMORY
#undef NEXT
}

/* ---- module-level rules ---- */

static wb_status check_limits(vctx *v, const wb_limits *l, uint64_t range, const char *what, uint32_t idx) {
  if (l->min > range || (l->has_max && l->max > range)) {
    if (range == 65536) return mod_fail(v, WB_NO_OFFSET, "memory size must be at most 65536 pages (4GiB) (memory %u)", idx);
    return mod_fail(v, WB_NO_OFFSET, "table size must be at most 2^32-1 (table %u)", idx);
  }
  if (l->has_max && l->min > l->max)
    return mod_fail(v, WB_NO_OFFSET, "size minimum must not be greater than maximum (%s %u)", what, idx);
  return WB_OK;
}

/* A Wasm 2.0 constant expression: global.get may name only imported immutable globals. */
static wb_status check_const(vctx *v, const wb_constexpr *e, uint8_t expect, const char *what, uint32_t idx) {
  const wb_module *m = v->m;
  uint8_t t;
  switch (e->op) {
  case WB_CONST_I32: t = WB_I32; break;
  case WB_CONST_I64: t = WB_I64; break;
  case WB_CONST_F32: t = WB_F32; break;
  case WB_CONST_F64: t = WB_F64; break;
  case WB_CONST_V128: t = WB_V128; break;
  case WB_CONST_REF_NULL: t = e->type; break;
  case WB_CONST_REF_FUNC:
    if (e->index >= m->nfuncs) return mod_fail(v, e->offset, "unknown function %u (in %s %u)", e->index, what, idx);
    t = WB_FUNCREF;
    break;
  case WB_CONST_GLOBAL_GET:
    if (e->index >= m->nimported_globals)
      return mod_fail(v, e->offset, "unknown global %u (in %s %u; only imported globals are allowed)", e->index, what, idx);
    if (m->global_types[e->index].mutable_)
      return mod_fail(v, e->offset, "constant expression required (in %s %u: global %u is mutable)", what, idx, e->index);
    t = m->global_types[e->index].valtype;
    break;
  default:
    return mod_fail(v, e->offset, "constant expression required (in %s %u)", what, idx);
  }
  if (t != expect)
    return mod_fail(v, e->offset, "type mismatch: %s %u needs %s, found %s", what, idx, tname(expect), tname(t));
  return WB_OK;
}

/* Everything the reference validator checks before function bodies, in its order. */
static wb_status check_module_head(vctx *v) {
  const wb_module *m = v->m;
  wb_status st;
  for (uint32_t i = 0, t = 0, mm = 0; i < m->nimports; i++) {
    const wb_import *im = &m->imports[i];
    if (im->kind == WB_EXTERN_FUNC && im->desc.func_type >= m->ntypes)
      return mod_fail(v, WB_NO_OFFSET, "unknown type %u (import %u)", im->desc.func_type, i);
    if (im->kind == WB_EXTERN_TABLE && (st = check_limits(v, &im->desc.table.limits, UINT32_MAX, "table", t++)))
      return st;
    if (im->kind == WB_EXTERN_MEMORY && (st = check_limits(v, &im->desc.mem.limits, 65536, "memory", mm++)))
      return st;
  }
  for (uint32_t i = 0; i < m->nfuncs; i++)
    if (m->func_types[i] >= m->ntypes)
      return mod_fail(v, WB_NO_OFFSET, "unknown type %u (function %u)", m->func_types[i], i);
  for (uint32_t i = 0; i < m->nglobals - m->nimported_globals; i++) {
    const wb_global *g = &m->globals[i];
    if ((st = check_const(v, &g->init, g->type.valtype, "initializer of global", m->nimported_globals + i)))
      return st;
  }
  for (uint32_t i = m->nimported_tables; i < m->ntables; i++)
    if ((st = check_limits(v, &m->tables[i].limits, UINT32_MAX, "table", i))) return st;
  for (uint32_t i = m->nimported_mems; i < m->nmems; i++)
    if ((st = check_limits(v, &m->mems[i].limits, 65536, "memory", i))) return st;
  for (uint32_t i = 0; i < m->nelems; i++) {
    const wb_elem *e = &m->elems[i];
    for (uint32_t j = 0; j < e->count; j++)
      if ((st = check_const(v, &e->items[j], e->elemtype, "element segment", i))) return st;
    if (e->mode == WB_SEG_ACTIVE) {
      if (e->table >= m->ntables)
        return mod_fail(v, e->offset.offset, "unknown table %u (element segment %u)", e->table, i);
      if (m->tables[e->table].elemtype != e->elemtype)
        return mod_fail(v, e->offset.offset, "type mismatch: element segment %u of %s for a table of %s", i,
                        tname(e->elemtype), tname(m->tables[e->table].elemtype));
      if ((st = check_const(v, &e->offset, WB_I32, "offset of element segment", i))) return st;
    }
  }
  for (uint32_t i = 0; i < m->ndatas; i++) {
    const wb_data *d = &m->datas[i];
    if (d->mode != WB_SEG_ACTIVE) continue;
    if (d->memory >= m->nmems)
      return mod_fail(v, d->offset.offset, "unknown memory %u (data segment %u)", d->memory, i);
    if ((st = check_const(v, &d->offset, WB_I32, "offset of data segment", i))) return st;
  }
  return WB_OK;
}

static uint64_t name_hash(const char *s, uint32_t len) {
  uint64_t h = 1469598103934665603ull;
  for (uint32_t i = 0; i < len; i++) h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
  return h;
}

/* The checks the reference validator makes after function bodies. */
static wb_status check_module_tail(vctx *v) {
  const wb_module *m = v->m;
  if (m->has_start) {
    if (m->start >= m->nfuncs) return mod_fail(v, WB_NO_OFFSET, "unknown function %u (start function)", m->start);
    const wb_functype *t = wb_module_func_type(m, m->start);
    if (t->nparams || t->nresults)
      return mod_fail(v, WB_NO_OFFSET, "start function must not have parameters or results (function %u)", m->start);
  }
  /* Export names must be unique: an open-addressing set of export indices + 1. */
  size_t nb = 16;
  while (nb < (size_t)m->nexports * 2) nb *= 2;
  uint32_t *set = calloc(nb, sizeof *set);
  if (!set) return wb_fail(v->err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory");
  wb_status st = WB_OK;
  static const char *const kinds[] = {"function", "table", "memory", "global"};
  for (uint32_t i = 0; i < m->nexports && !st; i++) {
    const wb_export *ex = &m->exports[i];
    uint32_t limit = ex->kind == WB_EXTERN_FUNC ? m->nfuncs : ex->kind == WB_EXTERN_TABLE ? m->ntables
                   : ex->kind == WB_EXTERN_MEMORY ? m->nmems : m->nglobals;
    if (ex->kind > WB_EXTERN_GLOBAL || ex->index >= limit) {
      st = mod_fail(v, WB_NO_OFFSET, "unknown %s %u (export \"%s\")", ex->kind <= 3 ? kinds[ex->kind] : "entity",
                    ex->index, ex->name);
      break;
    }
    size_t b = name_hash(ex->name, ex->name_len) & (nb - 1);
    for (; set[b]; b = (b + 1) & (nb - 1)) {
      const wb_export *o = &m->exports[set[b] - 1];
      if (o->name_len == ex->name_len && !memcmp(o->name, ex->name, ex->name_len)) {
        st = mod_fail(v, WB_NO_OFFSET, "duplicate export name \"%s\"", ex->name);
        break;
      }
    }
    set[b] = i + 1;
  }
  free(set);
  if (st) return st;
  if (m->nmems > 1) return mod_fail(v, WB_NO_OFFSET, "multiple memories (%u)", m->nmems);
  return WB_OK;
}

/* After an invalid finding, looks for an encoding error from where the check stopped onwards
 * (in function `from` at v->fail_ip when resume, else from the start of function `from`). */
static wb_status skim_rest(vctx *v, uint32_t from, bool resume) {
  const wb_module *m = v->m;
  for (uint32_t fi = from; fi < m->nfuncs; fi++) {
    const wb_func *f = &m->funcs[fi - m->nimported_funcs];
    v->func = fi;
    v->body = f->body;
    v->body_offset = f->body_offset;
    size_t depth = 1;
    const uint8_t *p = f->body;
    if (resume && fi == from) {
      depth = v->nctrls;
      p = v->fail_ip;
      if (!grow((void **)&v->vals, &v->capvals, depth + 1, 1)) return WB_ERR_NOMEM;
      for (size_t i = 0; i < depth; i++) v->vals[i] = v->ctrls[i].kind;
    } else {
      if (!grow((void **)&v->vals, &v->capvals, 16, 1)) return WB_ERR_NOMEM;
      v->vals[0] = F_FUNC;
    }
    wb_status st = skim_body(v, p, depth);
    if (st) return st;
  }
  return WB_OK;
}

/* Returns WB_ERR_INVALID with the first finding kept, or the skim's malformed/nomem status. */
static wb_status skim_after_invalid(vctx *v, uint32_t from, bool resume) {
  wb_error first = *v->err;
  wb_status st = skim_rest(v, from, resume);
  if (st) return st;
  *v->err = first;
  return WB_ERR_INVALID;
}

/* Large modules validate their bodies on two threads at once (wasmbox targets machines with at
 * least two cores; OpenSSL's 2 MB of code is the case in point): the caller and util/helper's
 * thread claim runs of WB_BODIES_PER_CLAIM functions from a shared counter until none are left,
 * so a helper that wakes late, or runs on a busier CPU, simply checks fewer. The threads only
 * decide "valid": if any body fails, the bodies are checked again in order, so the error reported
 * and the malformed-before-invalid precedence are exactly those of the sequential pass. */
#define WB_BODIES_PER_CLAIM 32

typedef struct body_claims {
  _Atomic uint32_t next;        /* first function not yet claimed */
  uint32_t end;
  atomic_bool failed;           /* a body failed: stop claiming */
} body_claims;

typedef struct body_checker {
  vctx v;                       /* each thread its own buffers and error */
  wb_error err;
  body_claims *claims;
} body_checker;

static void check_claimed_bodies(void *p) {
  body_checker *c = p;
  body_claims *w = c->claims;
  while (!atomic_load_explicit(&w->failed, memory_order_relaxed)) {
    uint32_t fi = atomic_fetch_add_explicit(&w->next, WB_BODIES_PER_CLAIM, memory_order_relaxed);
    if (fi >= w->end) return;
    uint32_t to = w->end - fi > WB_BODIES_PER_CLAIM ? fi + WB_BODIES_PER_CLAIM : w->end;
    for (; fi < to; fi++)
      if (check_body(&c->v, fi)) {
        atomic_store_explicit(&w->failed, true, memory_order_relaxed);
        return;
      }
  }
}

/* Returns true when every body from `from` on is valid, checked by this thread and the helper;
 * false when one failed, the module is too small to share, or the helper is not available. */
static bool bodies_valid_in_parallel(const wb_module *m, uint32_t from) {
  if (m->nfuncs - from < 2) return false;
  const wb_func *first = &m->funcs[from - m->nimported_funcs];
  const wb_func *last = &m->funcs[m->nfuncs - 1 - m->nimported_funcs];
  if ((size_t)(last->body_end - first->body) < WB_HELPER_MIN_CODE_BYTES) return false;
  wb_helper_prestart(); /* a no-op when the decoder already started it */
  body_claims claims = {.end = m->nfuncs};
  atomic_init(&claims.next, from);
  atomic_init(&claims.failed, false);
  body_checker mine, theirs;
  memset(&mine, 0, sizeof mine);
  memset(&theirs, 0, sizeof theirs);
  mine.v.m = theirs.v.m = m;
  mine.v.err = &mine.err;
  theirs.v.err = &theirs.err;
  mine.claims = theirs.claims = &claims;
  wb_helper_job job = {.fn = check_claimed_bodies, .arg = &theirs};
  if (!wb_helper_post(&job)) return false;
  check_claimed_bodies(&mine);
  wb_helper_join(&job);
  vctx_free_buffers(&mine.v);
  vctx_free_buffers(&theirs.v);
  return !atomic_load(&claims.failed);
}

wb_status wb_validate(const wb_module *m, wb_error *err) {
  wb_error local;
  if (!err) err = &local;
  wb_error_clear(err);
  vctx v = {.m = m, .err = err};
  uint32_t fi = m->nimported_funcs;
  wb_status st = check_module_head(&v);
  if (st == WB_ERR_INVALID) {
    /* The reference decodes the whole module before validating it: a malformed body makes the
     * module malformed even when an earlier rule already failed. */
    st = skim_after_invalid(&v, fi, false);
  } else if (!st) {
    if (bodies_valid_in_parallel(m, fi)) fi = m->nfuncs;
    for (; fi < m->nfuncs; fi++)
      if ((st = check_body(&v, fi))) break;
    if (st == WB_ERR_INVALID) st = skim_after_invalid(&v, fi, true);
    else if (!st) st = check_module_tail(&v);
  }
  if (st == WB_ERR_NOMEM && err->status != WB_ERR_NOMEM)
    wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory while validating");
  vctx_free_buffers(&v);
  return st;
}
