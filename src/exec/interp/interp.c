/* exec/interp/interp.c — the interpreter's execution loop: computed-goto dispatch over the
 * register-style code of code.h. Hot state (pc, frame pointer, code base, memory base, the last
 * result: code.h's accumulator) lives in locals the compiler keeps in registers. Wasm-to-Wasm calls do not recurse in C: call records
 * go on a per-thread record stack, frames on the per-thread value stack, both bounded, so deep
 * recursion is a "call stack exhausted" trap and never a native stack overflow.
 * Out-of-bounds accesses in guard-page mode fault and are turned into traps by rt/signals.c;
 * the _CHK handlers check explicitly. Assumes a little-endian host (as Wasm memory is). */
#include "exec/interp/interp.h"
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec/interp/code.h"
#include "exec/interp/dump.h"
#include "rt/instance.h"

typedef union slot {
  uint64_t u64;
  int64_t i64;
  uint32_t u32;
  int32_t i32;
  float f32;
  double f64;
  void *ref;
} slot;

/* The translation an instance runs: explicit checks when its memory has no guard pages, METER
 * instructions when its store has limits. */
static inline unsigned code_mode(const wb_instance *inst) {
  unsigned mode = 0;
  if (inst->module->nmems && inst->mems[0]->bounds_checked) mode |= WB_CODE_CHECKED;
  if (inst->meter && inst->meter->metered) mode |= WB_CODE_METERED;
  return mode;
}

/* ---- float helpers with Wasm semantics ---- */
static inline float f32_min(float a, float b) {
  if (a != a || b != b) return a + b; /* propagates a NaN, quieted */
  if (a == b) { uint32_t x, y; memcpy(&x, &a, 4); memcpy(&y, &b, 4); x |= y; memcpy(&a, &x, 4); return a; }
  return a < b ? a : b;
}
static inline float f32_max(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == b) { uint32_t x, y; memcpy(&x, &a, 4); memcpy(&y, &b, 4); x &= y; memcpy(&a, &x, 4); return a; }
  return a > b ? a : b;
}
static inline double f64_min(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == b) { uint64_t x, y; memcpy(&x, &a, 8); memcpy(&y, &b, 8); x |= y; memcpy(&a, &x, 8); return a; }
  return a < b ? a : b;
}
static inline double f64_max(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == b) { uint64_t x, y; memcpy(&x, &a, 8); memcpy(&y, &b, 8); x &= y; memcpy(&a, &x, 8); return a; }
  return a > b ? a : b;
}

/* libm's rounding functions may return a signalling NaN unchanged; Wasm wants it quieted. */
#define ROUND(fn, a) ((a) != (a) ? (a) + (a) : fn(a))

/* Saturating conversions (0xFC 0-7). */
static inline int32_t sat_i32_s(double x) {
  if (x != x) return 0;
  if (x <= -2147483648.0) return INT32_MIN;
  if (x >= 2147483647.0) return INT32_MAX;
  return (int32_t)x;
}
static inline uint32_t sat_i32_u(double x) {
  if (x != x || x <= 0) return 0;
  if (x >= 4294967295.0) return UINT32_MAX;
  return (uint32_t)x;
}
static inline int64_t sat_i64_s(double x) {
  if (x != x) return 0;
  if (x < -9223372036854775808.0) return INT64_MIN;
  if (x >= 9223372036854775808.0) return INT64_MAX;
  return (int64_t)x;
}
static inline uint64_t sat_i64_u(double x) {
  if (x != x || x <= 0) return 0;
  if (x >= 18446744073709551616.0) return UINT64_MAX;
  return (uint64_t)x;
}

static inline uint32_t rotl32(uint32_t a, uint32_t b) { b &= 31; return b ? (a << b) | (a >> (32 - b)) : a; }
static inline uint32_t rotr32(uint32_t a, uint32_t b) { b &= 31; return b ? (a >> b) | (a << (32 - b)) : a; }
static inline uint64_t rotl64(uint64_t a, uint64_t b) { b &= 63; return b ? (a << b) | (a >> (64 - b)) : a; }
static inline uint64_t rotr64(uint64_t a, uint64_t b) { b &= 63; return b ? (a >> b) | (a << (64 - b)) : a; }

static inline float f32_bits_op(float a, uint32_t and_mask, uint32_t xor_mask) {
  uint32_t x; memcpy(&x, &a, 4); x = (x & and_mask) ^ xor_mask; memcpy(&a, &x, 4); return a;
}
static inline double f64_bits_op(double a, uint64_t and_mask, uint64_t xor_mask) {
  uint64_t x; memcpy(&x, &a, 8); x = (x & and_mask) ^ xor_mask; memcpy(&a, &x, 8); return a;
}
static inline float f32_copysign(float a, float b) {
  uint32_t x, y; memcpy(&x, &a, 4); memcpy(&y, &b, 4);
  x = (x & 0x7FFFFFFFu) | (y & 0x80000000u); memcpy(&a, &x, 4); return a;
}
static inline double f64_copysign(double a, double b) {
  uint64_t x, y; memcpy(&x, &a, 8); memcpy(&y, &b, 8);
  x = (x & 0x7FFFFFFFFFFFFFFFull) | (y & 0x8000000000000000ull); memcpy(&a, &x, 8); return a;
}

/* ---- host calls ---- */
#define HOST_INLINE_VALUES 16

/* Calls host function f with arguments/results in frame slots starting at args. */
static wb_trap *call_host(wb_funcinst *f, wb_instance *caller, slot *args) {
  const wb_functype *ft = f->type;
  wb_value inl_a[HOST_INLINE_VALUES], inl_r[HOST_INLINE_VALUES];
  wb_value *a = ft->nparams <= HOST_INLINE_VALUES ? inl_a : malloc(ft->nparams * sizeof *a);
  wb_value *r = ft->nresults <= HOST_INLINE_VALUES ? inl_r : malloc(ft->nresults * sizeof *r);
  if (!a || !r) {
    if (a != inl_a) free(a);
    if (r != inl_r) free(r);
    return wb_trap_new(WB_TRAP_HOST, "out of memory calling a host function");
  }
  uint32_t s = 0;
  for (uint32_t i = 0; i < ft->nparams; i++) {
    memset(&a[i], 0, sizeof a[i]);
    a[i].slots[0] = args[s++].u64;
    if (wb_functype_params(ft)[i] == WB_V128) a[i].slots[1] = args[s++].u64;
  }
  memset(r, 0, ft->nresults * sizeof *r);
  wb_thread_ctx *ctx = wb_thread_ctx_current;
  ctx->in_wasm = false;
  wb_trap *t = f->host(f->host_env, caller, a, r);
  ctx->in_wasm = true;
  if (!t) {
    s = 0;
    for (uint32_t i = 0; i < ft->nresults; i++) {
      args[s++].u64 = r[i].slots[0];
      if (wb_functype_results(ft)[i] == WB_V128) args[s++].u64 = r[i].slots[1];
    }
  }
  if (a != inl_a) free(a);
  if (r != inl_r) free(r);
  return t;
}

static void *eval_elem_item(const wb_instance *inst, const wb_constexpr *e) {
  switch (e->op) {
  case WB_CONST_REF_FUNC: return inst->funcs[e->index];
  case WB_CONST_GLOBAL_GET: return inst->globals[e->index]->value.ref;
  default: return NULL;
  }
}

/* ---- backtraces ---- */
static size_t code_offset(const wb_code *code, const uint32_t *pc, bool is_return_address) {
  if (!code || !pc || !code->npos) return (size_t)-1;
  uint32_t cell = (uint32_t)(pc - code->cells);
  if (is_return_address && cell) cell--;
  uint32_t lo = 0, hi = code->npos;
  while (hi - lo > 1) {
    uint32_t mid = (lo + hi) / 2;
    if (code->pos[mid].cell <= cell) lo = mid; else hi = mid;
  }
  return code->pos[lo].offset;
}

static void capture_backtrace(wb_thread_ctx *ctx, wb_trap *t) {
  if (!ctx->frame) return;
  wb_call_rec *top = ctx->frame, *base = ctx->frames_base;
  uint32_t n = (uint32_t)(top - base) + 1;
  if (n > 1000) n = 1000; /* deep recursion: the innermost frames tell the story */
  t->frames = calloc(n, sizeof *t->frames);
  if (!t->frames) return;
  t->nframes = n;
  for (uint32_t i = 0; i < n; i++) {
    wb_call_rec *r = top - i;
    t->frames[i].module = r->func->instance ? r->func->instance->module : NULL;
    t->frames[i].func_index = r->func->func_index;
    t->frames[i].offset = code_offset(r->code, r->pc, i > 0);
    t->frames[i].instance = r->func->instance;
  }
}

/* ---- the loop ---- */
/* What the accumulator holds for a result: an integer widened, a float's bits. */
static inline uint64_t acc_of_int(uint64_t v) { return v; }
static inline uint64_t acc_of_f32(float v) { uint32_t b; memcpy(&b, &v, 4); return b; }
static inline uint64_t acc_of_f64(double v) { uint64_t b; memcpy(&b, &v, 8); return b; }
static void run(wb_thread_ctx *ctx, wb_call_rec *entry);

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
/* Filled by run() called without an entry: it knows its labels. */
static uint32_t handler_cells[WB_IOP_COUNT];
static void init_interp(void) { wb_trap_capture_backtrace = capture_backtrace; run(NULL, NULL); }

const uint32_t *wb_interp_handler_cells(void) {
  pthread_once(&init_once, init_interp);
  return handler_cells;
}

static const wb_code *code_of_slow(wb_funcinst *f) {
  const wb_instance *inst = f->instance;
  const wb_code *c = wb_interp_get_code(inst->module, f->func_index, code_mode(inst));
  if (!c) wb_trap_throw(wb_trap_new(WB_TRAP_HOST, "out of memory translating a function"));
  /* An instance's mode never changes, so the function instance can keep its code. */
  __atomic_store_n(&f->tier_code, (const void *)c, __ATOMIC_RELEASE);
  return c;
}

static inline const wb_code *code_of(wb_funcinst *f) {
  const wb_code *c = __atomic_load_n(&f->tier_code, __ATOMIC_ACQUIRE);
  return __builtin_expect(c != NULL, 1) ? c : code_of_slow(f);
}

/* Zeroes the declared locals and fills the constant slots of a new frame, in one copy (they
 * are adjacent). Frames are usually small: a plain loop beats a call to memcpy there. */
static inline void init_frame(slot *fp, const wb_code *c) {
  const uint64_t *src = c->frame_init;
  uint32_t n = c->nframe_init;
  slot *dst = fp + c->param_slots;
  if (n > 16) { memcpy(dst, src, n * sizeof *src); return; }
  for (uint32_t i = 0; i < n; i++) dst[i].u64 = src[i];
}

void wb_interp_call(wb_funcinst *f, const wb_value *args, wb_value *results) {
  pthread_once(&init_once, init_interp);
  wb_thread_ctx *ctx = wb_thread_ctx_current;
  const wb_code *code = code_of(f);
  slot *fp = (slot *)ctx->stack_top;
  wb_call_rec *rec = ctx->frame ? (wb_call_rec *)ctx->frame + 1 : (wb_call_rec *)ctx->frames_base;
  if ((uint64_t *)(fp + code->frame_slots) > ctx->stack_limit || (void *)(rec + 1) > ctx->frames_limit)
    wb_trap_raise(WB_TRAP_STACK_EXHAUSTED);
  const wb_functype *ft = f->type;
  uint32_t s = 0;
  for (uint32_t i = 0; i < ft->nparams; i++) {
    fp[s++].u64 = args[i].slots[0];
    if (wb_functype_params(ft)[i] == WB_V128) fp[s++].u64 = args[i].slots[1];
  }
  init_frame(fp, code);
  rec->func = f;
  rec->fp = (uint64_t *)fp;
  rec->code = code;
  rec->pc = NULL;
  ctx->frame = rec;
  ctx->in_wasm = true;
  run(ctx, rec);
  s = 0;
  for (uint32_t i = 0; i < ft->nresults; i++) {
    memset(&results[i], 0, sizeof results[i]);
    results[i].slots[0] = fp[s++].u64;
    if (wb_functype_results(ft)[i] == WB_V128) results[i].slots[1] = fp[s++].u64;
  }
}

#define S(i) (fp[pc[i]])
/* The handler cell is the label's distance from the first handler's (code.h): an add and an
 * indirect jump, with no table entry to load first. The profiling build counts handlers by their
 * enum and jumps through the table. */
#ifdef WB_INTERP_PROFILE
#define DISPATCH() do { wb_interp_profile_note(*pc); goto *labels[*pc]; } while (0)
#else
#define DISPATCH() goto *(const void *)(handler_base + (int32_t)*pc)
#endif
#define NEXT(n) do { pc += (n); DISPATCH(); } while (0)
/* The accumulator (code.h): ACC_SET leaves a result in acc (a float as its bits, as in a slot);
 * ACC(field) reads it as a slot field. Handlers with an accumulator variant are written once
 * with RD(i, field) for the operand the variant takes from acc, and BOTH(H, NAME, ...) defines
 * op_NAME (reading slots) and op_NAME_A (reading acc). */
#define ACC_SET(v) (acc = _Generic((v), float: acc_of_f32, double: acc_of_f64, default: acc_of_int)(v))
#define ACC(field) (((slot){.u64 = acc}).field)
#define RD_SLOT(i, field) S(i).field
#define RD_ACC(i, field) ACC(field)
#define BOTH(H, name, ...) H(op_##name, RD_SLOT, ##__VA_ARGS__) H(op_##name##_A, RD_ACC, ##__VA_ARGS__)
#define SYNC() do { rec->pc = pc; ctx->frame = rec; } while (0)
#define TRAP(kind) do { SYNC(); wb_trap_raise(kind); } while (0)
#define RELOAD_MEM() do { \
    if (inst->module->nmems) { mem0 = inst->mems[0]; mem = mem0->base; memsize = mem0->size; } \
    else { mem0 = NULL; mem = NULL; memsize = 0; } \
  } while (0)

static void run(wb_thread_ctx *ctx, wb_call_rec *entry) {
  static const void *const labels[WB_IOP_COUNT] = {
#define WB_IOP(name) [WB_IOP_##name] = &&op_##name,
    WB_IOPS
#undef WB_IOP
  };
  /* Called without an entry: the cells naming the handlers (code.h), each label's distance from
   * the first one's, or in the profiling build the enum values themselves. The distances are
   * taken from this table at run time. As constant label differences (&&a - &&b) in a static
   * initializer they did not match the code in the fuzzing build (clang-19 -O1 with sanitizers
   * and coverage): RETURN1_A's led into another handler (tests/fuzz/regressions/exec). */
  if (!entry) {
    for (uint32_t i = 0; i < WB_IOP_COUNT; i++)
#ifdef WB_INTERP_PROFILE
      handler_cells[i] = i;
#else
      handler_cells[i] = (uint32_t)(int32_t)((const char *)labels[i] - (const char *)labels[0]);
#endif
    return;
  }
#ifndef WB_INTERP_PROFILE
  const char *const handler_base = labels[0];
#endif
  wb_call_rec *rec = entry;
  slot *fp = (slot *)rec->fp;
  const wb_code *code = rec->code;
  /* The current function's cells, kept apart from `code`: a taken branch adds a target to it, and
   * through code->cells that was two dependent loads (code lives on the stack) before the next
   * dispatch could start. */
  const uint32_t *cells = code->cells;
  const uint32_t *pc = cells;
  wb_instance *inst = rec->func->instance;
  wb_memory *mem0;
  uint8_t *mem;
  uint64_t memsize;
  uint64_t acc = 0; /* the last result, a float as its bits (code.h's accumulator variants) */
  RELOAD_MEM();
  DISPATCH();

  /* The SIMD handlers. Where they are included changes only how gcc lays the loop out, yet
   * wall time follows layout: simd_autovec has run 10-18% slower or faster for the same
   * instructions as handlers elsewhere in the loop came and went (three times so far; at the end
   * of the loop it was in its slow layout after 78e39e9, here in its fast one). Why is not
   * understood (indirect-branch prediction or the op cache of the AMD cores these VMs run on,
   * presumably); bench/results/HISTORY.md has the numbers. */
#include "exec/interp/interp_simd.inc"

  /* ---- control ---- */
op_UNREACHABLE: TRAP(WB_TRAP_UNREACHABLE);
op_BR: pc = cells + pc[1]; DISPATCH();
#define TEST_BR(label, RD, F, test) \
  label: { __typeof__(fp->F) v_ = RD(1, F); if (test) { pc = cells + pc[2]; DISPATCH(); } NEXT(3); }
  BOTH(TEST_BR, BR_IF, u32, v_) BOTH(TEST_BR, BR_UNLESS, u32, !v_) BOTH(TEST_BR, I32_EQZ_BR, u32, !v_)
  BOTH(TEST_BR, I64_EQZ_BR, u64, !v_) BOTH(TEST_BR, I64_NEZ_BR, u64, v_)
#undef TEST_BR
#define BR_TABLE_H(label, RD) \
  label: { \
    uint32_t i = RD(1, u32), n = pc[2]; \
    pc = cells + pc[3 + (i < n ? i : n)]; \
    DISPATCH(); \
  }
  BOTH(BR_TABLE_H, BR_TABLE)
#undef BR_TABLE_H
#define CMP_BR_H(label, RD, field, op) \
  label: if (RD(1, field) op S(2).field) { pc = cells + pc[3]; DISPATCH(); } NEXT(4);
#define CMP_BR(name, field, op) BOTH(CMP_BR_H, name, field, op)
  CMP_BR(I32_EQ_BR, u32, ==) CMP_BR(I32_NE_BR, u32, !=) CMP_BR(I32_LT_S_BR, i32, <)
  CMP_BR(I32_LT_U_BR, u32, <) CMP_BR(I32_GT_S_BR, i32, >) CMP_BR(I32_GT_U_BR, u32, >)
  CMP_BR(I32_LE_S_BR, i32, <=) CMP_BR(I32_LE_U_BR, u32, <=) CMP_BR(I32_GE_S_BR, i32, >=)
  CMP_BR(I32_GE_U_BR, u32, >=)
  CMP_BR(I64_EQ_BR, u64, ==) CMP_BR(I64_NE_BR, u64, !=) CMP_BR(I64_LT_S_BR, i64, <)
  CMP_BR(I64_LT_U_BR, u64, <) CMP_BR(I64_GT_S_BR, i64, >) CMP_BR(I64_GT_U_BR, u64, >)
  CMP_BR(I64_LE_S_BR, i64, <=) CMP_BR(I64_LE_U_BR, u64, <=) CMP_BR(I64_GE_S_BR, i64, >=)
  CMP_BR(I64_GE_U_BR, u64, >=)
/* The sum is kept in a local and c's slot read after d is written (c may be d), so the compiler
 * need not reload d (its store might have changed the code cells, as far as it knows). */
#define ARITH_CMP_BR_H(label, RD, T, arith, field, op) \
  label: { \
    slot v_; \
    v_.T = RD(2, T) arith S(3).T; \
    S(1).T = v_.T; \
    acc = v_.T; \
    if (v_.field op S(4).field) { pc = cells + pc[5]; DISPATCH(); } \
    NEXT(6); \
  }
#define ARITH_CMP_BR(name, T, arith, field, op) BOTH(ARITH_CMP_BR_H, name, T, arith, field, op)
#define ARITH_CMP_BRS(W, A, arith) \
  ARITH_CMP_BR(I##W##_##A##_EQ_BR, u##W, arith, u##W, ==) ARITH_CMP_BR(I##W##_##A##_NE_BR, u##W, arith, u##W, !=) \
  ARITH_CMP_BR(I##W##_##A##_LT_S_BR, u##W, arith, i##W, <) ARITH_CMP_BR(I##W##_##A##_LT_U_BR, u##W, arith, u##W, <) \
  ARITH_CMP_BR(I##W##_##A##_GT_S_BR, u##W, arith, i##W, >) ARITH_CMP_BR(I##W##_##A##_GT_U_BR, u##W, arith, u##W, >) \
  ARITH_CMP_BR(I##W##_##A##_LE_S_BR, u##W, arith, i##W, <=) ARITH_CMP_BR(I##W##_##A##_LE_U_BR, u##W, arith, u##W, <=) \
  ARITH_CMP_BR(I##W##_##A##_GE_S_BR, u##W, arith, i##W, >=) ARITH_CMP_BR(I##W##_##A##_GE_U_BR, u##W, arith, u##W, >=)
  ARITH_CMP_BRS(32, ADD, +) ARITH_CMP_BRS(32, SUB, -) ARITH_CMP_BRS(64, ADD, +)
#undef ARITH_CMP_BRS
#undef ARITH_CMP_BR
#undef ARITH_CMP_BR_H
#define ARITH_BR_H(label, RD, op, test) \
  label: { \
    uint32_t v_ = RD(2, u32) op S(3).u32; \
    S(1).u32 = v_; \
    acc = v_; \
    if (test) { pc = cells + pc[4]; DISPATCH(); } \
    NEXT(5); \
  }
#define ARITH_BR(name, op, test) BOTH(ARITH_BR_H, name, op, test)
  ARITH_BR(I32_ADD_NZ_BR, +, v_) ARITH_BR(I32_ADD_Z_BR, +, !v_)
  ARITH_BR(I32_SUB_NZ_BR, -, v_) ARITH_BR(I32_SUB_Z_BR, -, !v_)
#undef ARITH_BR
#undef ARITH_BR_H
#undef CMP_BR
#undef CMP_BR_H
#define AND_BR_H(label, RD, test) \
  label: { uint32_t v_ = RD(1, u32) & S(2).u32; if (test) { pc = cells + pc[3]; DISPATCH(); } NEXT(4); }
  BOTH(AND_BR_H, I32_AND_NZ_BR, v_) BOTH(AND_BR_H, I32_AND_Z_BR, !v_)
#undef AND_BR_H
#define BR_TABLE_SUB_H(label, RD) \
  label: { \
    uint32_t i = RD(1, u32) - S(2).u32, n = pc[3]; \
    pc = cells + pc[4 + (i < n ? i : n)]; \
    DISPATCH(); \
  }
  BOTH(BR_TABLE_SUB_H, BR_TABLE_SUB)
#undef BR_TABLE_SUB_H
  /* A switch on a value loaded from memory (guard-page mode). */
#define BR_TABLE_LOAD_AX_H(label, RD) \
  label: { \
    uint32_t v; \
    memcpy(&v, mem + (uint64_t)(uint32_t)(RD(1, u32) + S(2).u32) + pc[3], 4); \
    uint32_t i = v - pc[4], n = pc[5]; \
    pc = cells + pc[6 + (i < n ? i : n)]; \
    DISPATCH(); \
  }
  BOTH(BR_TABLE_LOAD_AX_H, BR_TABLE_LOAD_AX)
#undef BR_TABLE_LOAD_AX_H
#define BR_TABLE_LOAD8_U_H(label, RD) \
  label: { \
    uint32_t i = mem[(uint64_t)RD(1, u32) + pc[2]] - pc[3], n = pc[4]; \
    pc = cells + pc[5 + (i < n ? i : n)]; \
    DISPATCH(); \
  }
  BOTH(BR_TABLE_LOAD8_U_H, BR_TABLE_LOAD8_U)
#undef BR_TABLE_LOAD8_U_H
#define COPY_BR_H(label, RD) label: S(1).u64 = RD(2, u64); pc = cells + pc[3]; DISPATCH();
  BOTH(COPY_BR_H, COPY_BR)
#undef COPY_BR_H
#define COPY_TEST_BR_H(label, RD, test) \
  label: { S(1).u64 = RD(2, u64); uint32_t v_ = S(3).u32; if (test) { pc = cells + pc[4]; DISPATCH(); } NEXT(5); }
  BOTH(COPY_TEST_BR_H, COPY_BR_IF, v_) BOTH(COPY_TEST_BR_H, COPY_BR_UNLESS, !v_)
#undef COPY_TEST_BR_H
#define I32_ADD_BR_H(label, RD) label: S(1).u32 = RD(2, u32) + S(3).u32; pc = cells + pc[4]; DISPATCH();
  BOTH(I32_ADD_BR_H, I32_ADD_BR)
#undef I32_ADD_BR_H
#define I32_ADD2_H(label, RD) label: S(1).u32 = RD(2, u32) + S(3).u32; S(4).u32 = S(5).u32 + S(6).u32; NEXT(7);
  BOTH(I32_ADD2_H, I32_ADD2)
#undef I32_ADD2_H
  /* Not control, but kept with the other hand-written fused instructions (guard-page mode). */
op_I64_MUL_LOAD32_U2: {
    uint32_t x, y;
    memcpy(&x, mem + (uint64_t)S(2).u32 + pc[3], 4);
    memcpy(&y, mem + (uint64_t)S(4).u32 + pc[5], 4);
    uint64_t r_ = (uint64_t)x * y;
    S(1).u64 = r_;
    acc = r_;
    NEXT(6);
  }
#define MAC_H(label, RD) \
  label: { \
    uint32_t x; \
    memcpy(&x, mem + (uint64_t)S(3).u32 + pc[4], 4); \
    uint64_t r_ = RD(2, u64) + (uint64_t)x * S(5).u64; \
    S(1).u64 = r_; \
    acc = r_; \
    NEXT(6); \
  }
  BOTH(MAC_H, I64_MAC_LOAD32_U)
#undef MAC_H
op_I64_MAC_LOAD32_U2: {
    uint32_t x, y;
    memcpy(&x, mem + (uint64_t)S(2).u32 + pc[3], 4);
    memcpy(&y, mem + (uint64_t)S(4).u32 + pc[5], 4);
    uint64_t r_ = (uint64_t)x + (uint64_t)y * S(6).u64;
    S(1).u64 = r_;
    acc = r_;
    NEXT(7);
  }
  /* _A: the carry is the step's before it, in acc (the carry chain then has no store-to-load
   * forwarding through the frame: rsa2048 sign and verify -10%). */
#define MAC2_CARRY_H(label, RD) \
  label: { \
    uint32_t x, y; \
    memcpy(&x, mem + (uint64_t)S(2).u32 + pc[3], 4); \
    memcpy(&y, mem + (uint64_t)S(4).u32 + pc[5], 4); \
    uint64_t d = (uint64_t)x + (uint64_t)y * S(6).u64 + (RD(7, u64) >> (S(8).u64 & 63)); \
    S(1).u64 = d; \
    acc = d; \
    uint32_t lo = (uint32_t)d; /* the store's address is read after d is written, as in the Wasm */ \
    memcpy(mem + (uint64_t)S(9).u32 + pc[10], &lo, 4); \
    NEXT(11); \
  }
  BOTH(MAC2_CARRY_H, I64_MAC2_CARRY_STORE32)
#undef MAC2_CARRY_H
  /* The carry stays in a register from step to step; d is written once, at the end (a trap in a
   * step ends the function, whose locals nobody sees again). Each step stores before the next
   * one loads, as in the Wasm (r may be a or b). */
#define MAC2_CHAIN_H(name, first_carry) \
  op_##name: { \
    const uint8_t *a = mem + (uint64_t)S(2).u32 + pc[3], *b = mem + (uint64_t)S(4).u32 + pc[5]; \
    uint8_t *r = mem + (uint64_t)S(9).u32 + pc[10]; \
    uint64_t w = S(6).u64, k = S(8).u64 & 63, carry = first_carry, d = 0; \
    for (uint32_t i = 0, n = pc[11]; i < n; i++) { \
      uint32_t x, y; \
      memcpy(&x, a + 4 * i, 4); \
      memcpy(&y, b + 4 * i, 4); \
      d = (uint64_t)x + (uint64_t)y * w + carry; \
      uint32_t lo = (uint32_t)d; \
      memcpy(r + 4 * i, &lo, 4); \
      carry = d >> k; \
    } \
    S(1).u64 = d; \
    acc = d; \
    NEXT(12); \
  }
  MAC2_CHAIN_H(I64_MAC2_CARRY_CHAIN, S(7).u64 >> (S(8).u64 & 63)) MAC2_CHAIN_H(I64_MAC2_ADD_CHAIN, S(7).u64)
#undef MAC2_CHAIN_H
op_I64_MAC2_ADD_STORE32: {
    uint32_t x, y;
    memcpy(&x, mem + (uint64_t)S(2).u32 + pc[3], 4);
    memcpy(&y, mem + (uint64_t)S(4).u32 + pc[5], 4);
    uint64_t d = S(7).u64 + (uint64_t)x + (uint64_t)y * S(6).u64;
    S(1).u64 = d;
    acc = d;
    uint32_t lo = (uint32_t)d;
    memcpy(mem + (uint64_t)S(8).u32 + pc[9], &lo, 4);
    NEXT(10);
  }
op_RMW_F64_MUL_ADD_R: {
    uint8_t *q = mem + (uint64_t)S(3).u32 + pc[4];
    double c;
    memcpy(&c, q, 8);
    c = S(1).f64 * S(2).f64 + c; /* two roundings: the build has -ffp-contract=off */
    memcpy(q, &c, 8);
    NEXT(5);
  }
#define RMW_LOAD_MUL_ADD(name, product) \
  op_##name: { \
    double b, c; \
    memcpy(&b, mem + (uint64_t)S(2).u32 + pc[3], 8); \
    uint8_t *q = mem + (uint64_t)S(4).u32 + pc[5]; \
    memcpy(&c, q, 8); \
    c = product + c; \
    memcpy(q, &c, 8); \
    NEXT(6); \
  }
  RMW_LOAD_MUL_ADD(RMW_F64_LOAD_MUL_ADD_L, b * S(1).f64) RMW_LOAD_MUL_ADD(RMW_F64_LOAD_MUL_ADD_R, S(1).f64 * b)
#undef RMW_LOAD_MUL_ADD
/* RMW2's two steps: the f64 at y + q becomes x * (the f64 at z + p) + itself, then the same k
 * bytes further on both sides. */
#define AXPY2_STEPS(x, z, p, y, q, k) do { \
    double b_, c_; \
    memcpy(&b_, z + p, 8); \
    memcpy(&c_, y + q, 8); \
    c_ = x * b_ + c_; \
    memcpy(y + q, &c_, 8); \
    memcpy(&b_, z + (uint32_t)(p + k), 8); \
    memcpy(&c_, y + (uint32_t)(q + k), 8); \
    c_ = x * b_ + c_; \
    memcpy(y + (uint32_t)(q + k), &c_, 8); \
  } while (0)
op_RMW2_F64_LOAD_MUL_ADD_R: {
    /* Operands read once, before the stores (which the compiler must assume alias them): the
     * translator fuses only when slot q is neither p nor k, so writing q changes neither. q is
     * written first (a trap in the steps ends the function, whose locals nobody sees again).
     * Few values live at once: more made gcc give up registers elsewhere in the loop. */
    double x = S(1).f64;
    uint32_t p = S(2).u32, k = S(6).u32;
    uint8_t *z = mem + pc[3], *y = mem + pc[5];
    uint32_t q = S(4).u32;
    fp[pc[4]].u32 = q + k;
    AXPY2_STEPS(x, z, p, y, q, k);
    NEXT(7);
  }
  /* The same with p and q computed first, as the I32_ADD2 before it did (the translator fuses
   * only when neither destination is a slot read here). */
#define RMW2_AX_BODY { \
    double x = S(1).f64; \
    uint32_t p = S(3).u32 + S(4).u32, q = S(7).u32 + S(8).u32, k = S(10).u32; \
    uint8_t *z = mem + pc[5], *y = mem + pc[9]; \
    fp[pc[2]].u32 = p; \
    fp[pc[6]].u32 = q + k; \
    AXPY2_STEPS(x, z, p, y, q, k); \
  }
op_RMW2_F64_LOAD_MUL_ADD_R_AX: RMW2_AX_BODY NEXT(11);
  /* Branch joins (code.h): the first instruction, then the branch's own handler (a direct jump,
   * not a dispatch) with pc moved so that its operands are where it reads them. */
#define JOIN_BODY_I32_ADD2 S(1).u32 = S(2).u32 + S(3).u32; S(4).u32 = S(5).u32 + S(6).u32;
#define JOIN_BODY_I32_ADD S(1).u32 = S(2).u32 + S(3).u32;
#define JOIN_BODY_RMW2_F64_LOAD_MUL_ADD_R_AX RMW2_AX_BODY
#define BRANCH_JOIN_H(first, len, branch) op_##first##_##branch: JOIN_BODY_##first pc += len - 1; goto op_##branch;
  WB_FUSE_BRANCH_JOINS(BRANCH_JOIN_H)
#undef BRANCH_JOIN_H
#undef JOIN_BODY_I32_ADD2
#undef JOIN_BODY_I32_ADD
#undef JOIN_BODY_RMW2_F64_LOAD_MUL_ADD_R_AX
#undef RMW2_AX_BODY
#undef AXPY2_STEPS
#define ADD3_H(label, RD, expr) \
  label: { uint32_t r_ = RD(2, u32) + (uint32_t)(expr); S(1).u32 = r_; acc = r_; NEXT(5); }
  BOTH(ADD3_H, I32_ADD_WRAP_SHR_U64, S(3).u64 >> (S(4).u64 & 63))
  BOTH(ADD3_H, I32_ADD_CARRY_LT_U, S(3).u32 < S(4).u32) BOTH(ADD3_H, I32_ADD_CARRY_GT_U, S(3).u32 > S(4).u32)
#undef ADD3_H
  /* Loads that decide a branch, loads stored elsewhere unchanged (guard-page mode). */
#define LOAD_BR_CMP_H(label, RD, T, op) \
  label: { \
    T v_; memcpy(&v_, mem + (uint64_t)RD(1, u32) + pc[2], sizeof v_); \
    if (v_ op S(3).u32) { pc = cells + pc[4]; DISPATCH(); } \
    NEXT(5); \
  }
#define LOAD_BR_TEST_H(label, RD, T, test) \
  label: { T v_; memcpy(&v_, mem + (uint64_t)RD(1, u32) + pc[2], sizeof v_); \
    if (test) { pc = cells + pc[3]; DISPATCH(); } NEXT(4); }
  BOTH(LOAD_BR_TEST_H, I32_LOAD_NZ_BR, uint32_t, v_) BOTH(LOAD_BR_TEST_H, I32_LOAD_Z_BR, uint32_t, !v_)
  BOTH(LOAD_BR_TEST_H, I32_LOAD8_U_NZ_BR, uint8_t, v_) BOTH(LOAD_BR_TEST_H, I32_LOAD8_U_Z_BR, uint8_t, !v_)
  BOTH(LOAD_BR_CMP_H, I32_LOAD_EQ_BR, uint32_t, ==) BOTH(LOAD_BR_CMP_H, I32_LOAD_NE_BR, uint32_t, !=)
  BOTH(LOAD_BR_CMP_H, I32_LOAD8_U_EQ_BR, uint8_t, ==) BOTH(LOAD_BR_CMP_H, I32_LOAD8_U_NE_BR, uint8_t, !=)
#undef LOAD_BR_CMP_H
#undef LOAD_BR_TEST_H
#define MOVE_H(label, RD, n) \
  label: memmove(mem + (uint64_t)S(3).u32 + pc[4], mem + (uint64_t)RD(1, u32) + pc[2], n); NEXT(5);
  BOTH(MOVE_H, MOVE1, 1) BOTH(MOVE_H, MOVE2, 2) BOTH(MOVE_H, MOVE4, 4) BOTH(MOVE_H, MOVE8, 8)
#undef MOVE_H
#define WRAP_SHR_H(label, RD) \
  label: { uint64_t r_ = (uint32_t)(RD(2, u64) >> (S(3).u64 & 63)); S(1).u64 = r_; acc = r_; NEXT(4); }
  BOTH(WRAP_SHR_H, I32_WRAP_SHR_U64)
#undef WRAP_SHR_H
  /* Rotations of one x xored (SHA-2's Sigma functions); counts mod 32 as Wasm's. */
#define ROTL_XOR_H(label, RD, n, third) \
  label: { \
    uint32_t x_ = RD(2, u32), r_ = rotl32(x_, S(3).u32) ^ rotl32(x_, S(4).u32) third; \
    S(1).u32 = r_; \
    acc = r_; \
    NEXT(n); \
  }
  BOTH(ROTL_XOR_H, I32_ROTL2_XOR, 5, ) BOTH(ROTL_XOR_H, I32_ROTL3_XOR, 6, ^ rotl32(x_, S(5).u32))
  BOTH(ROTL_XOR_H, I32_ROTL2_XOR_SHR_U, 6, ^ (x_ >> (S(5).u32 & 31)))
#undef ROTL_XOR_H

op_METER: {
    wb_meter *meter = inst->meter;
    if (meter->fuel_limited) {
      meter->fuel -= pc[1];
      if (meter->fuel < 0) {
        meter->fuel = 0;
        TRAP(WB_TRAP_OUT_OF_FUEL);
      }
    }
    if (atomic_load_explicit(&meter->interrupt, memory_order_relaxed)) {
      atomic_store(&meter->interrupt, 0);
      TRAP(WB_TRAP_TIMEOUT);
    }
    NEXT(2);
  }

op_RETURN1_A: fp[0].u64 = acc; goto op_RETURN;
op_RETURN1: fp[0] = S(1);
op_RETURN:
  if (rec == entry) return;
  rec--;
  ctx->frame = rec;
  fp = (slot *)rec->fp;
  pc = rec->pc;
  rec->pc = NULL;
  code = rec->code;
  cells = code->cells;
  /* mem/memsize follow memory.grow in any frame of this loop, so only a change of instance
   * needs them reloaded (host calls reload after they return). */
  if (rec->func->instance != inst) { inst = rec->func->instance; RELOAD_MEM(); }
  DISPATCH();

  {
    wb_funcinst *callee;
    slot *newfp;
op_CALL:
    callee = inst->funcs[pc[1]];
    newfp = fp + pc[2];
    pc += 3;
    goto do_call;
op_CALL_INDIRECT: {
      wb_table *tab = inst->tables[pc[2]];
      uint32_t i = S(4).u32;
      if (i >= tab->size) TRAP(WB_TRAP_UNDEFINED_ELEMENT);
      callee = tab->elems[i];
      if (!callee) {
        char msg[48];
        snprintf(msg, sizeof msg, "uninitialized element %u", i); /* the reference interpreter's wording */
        SYNC();
        wb_trap_throw(wb_trap_new(WB_TRAP_UNINITIALIZED_ELEMENT, msg));
      }
      if (callee->type_id != pc[1]) TRAP(WB_TRAP_INDIRECT_MISMATCH);
      newfp = fp + pc[3];
      pc += 5;
    }
do_call:
    rec->pc = pc;
    ctx->frame = rec;
    if (callee->host) {
      uint64_t *saved_top = ctx->stack_top;
      ctx->stack_top = (uint64_t *)(fp + code->frame_slots);
      wb_trap *t = call_host(callee, inst, newfp);
      ctx->stack_top = saved_top;
      if (t) wb_trap_throw(t);
      RELOAD_MEM();
      DISPATCH();
    }
    const wb_code *cc = code_of(callee);
    if ((uint64_t *)(newfp + cc->frame_slots) > ctx->stack_limit || (void *)(rec + 2) > ctx->frames_limit)
      wb_trap_raise(WB_TRAP_STACK_EXHAUSTED);
    rec++;
    rec->func = callee;
    rec->fp = (uint64_t *)newfp;
    rec->code = cc;
    rec->pc = NULL;
    ctx->frame = rec;
    init_frame(newfp, cc);
    fp = newfp;
    code = cc;
    cells = cc->cells;
    pc = cells;
    if (callee->instance != inst) { inst = callee->instance; RELOAD_MEM(); }
    DISPATCH();
  }

  /* ---- data movement ---- */
#define COPY_H(label, RD) label: S(1).u64 = RD(2, u64); NEXT(3);
#define COPY_COPY_H(label, RD) label: S(1).u64 = RD(2, u64); S(3) = S(4); NEXT(5);
  BOTH(COPY_H, COPY) BOTH(COPY_COPY_H, COPY_COPY)
#undef COPY_H
#undef COPY_COPY_H
op_COPY2: { slot a = S(2), b = fp[pc[2] + 1]; S(1) = a; fp[pc[1] + 1] = b; NEXT(3); }
op_CONST32: S(1).u64 = pc[2]; NEXT(3);
op_CONST64: S(1).u64 = (uint64_t)pc[2] | (uint64_t)pc[3] << 32; NEXT(4);
#define SELECT_H(label, RD) label: S(1) = RD(4, u32) ? S(2) : S(3); NEXT(5);
  BOTH(SELECT_H, SELECT)
#undef SELECT_H
op_SELECT2: {
    uint32_t from = S(4).u32 ? pc[2] : pc[3];
    slot a = fp[from], b = fp[from + 1];
    S(1) = a; fp[pc[1] + 1] = b;
    NEXT(5);
  }
op_GLOBAL_GET: { uint64_t v_ = inst->globals[pc[2]]->value.u64; S(1).u64 = v_; acc = v_; NEXT(3); }
op_GLOBAL_GET2: {
    wb_global_inst *g = inst->globals[pc[2]];
    S(1).u64 = g->value.slots[0]; fp[pc[1] + 1].u64 = g->value.slots[1];
    NEXT(3);
  }
#define GLOBAL_SET_H(label, RD) label: inst->globals[pc[1]]->value.u64 = RD(2, u64); NEXT(3);
  BOTH(GLOBAL_SET_H, GLOBAL_SET)
#undef GLOBAL_SET_H
op_GLOBAL_SET2: {
    wb_global_inst *g = inst->globals[pc[1]];
    g->value.slots[0] = S(2).u64; g->value.slots[1] = fp[pc[2] + 1].u64;
    NEXT(3);
  }
op_REF_IS_NULL: S(1).u64 = S(2).ref == NULL; NEXT(3);
op_REF_FUNC: S(1).ref = inst->funcs[pc[2]]; NEXT(3);

  /* ---- tables ---- */
op_TABLE_GET: {
    wb_table *t = inst->tables[pc[2]];
    uint32_t i = S(3).u32;
    if (i >= t->size) TRAP(WB_TRAP_TABLE_OOB);
    S(1).ref = t->elems[i];
    NEXT(4);
  }
op_TABLE_SET: {
    wb_table *t = inst->tables[pc[1]];
    uint32_t i = S(2).u32;
    if (i >= t->size) TRAP(WB_TRAP_TABLE_OOB);
    t->elems[i] = S(3).ref;
    NEXT(4);
  }
op_TABLE_SIZE: S(1).u64 = inst->tables[pc[2]]->size; NEXT(3);
op_TABLE_GROW: {
    int64_t r = wb_table_grow(inst->tables[pc[2]], S(4).u32, S(3).ref);
    S(1).u64 = (uint32_t)r;
    NEXT(5);
  }
op_TABLE_FILL: {
    wb_table *t = inst->tables[pc[1]];
    uint64_t i = S(2).u32, n = S(4).u32;
    void *v = S(3).ref;
    if (i + n > t->size) TRAP(WB_TRAP_TABLE_OOB);
    for (uint64_t k = 0; k < n; k++) t->elems[i + k] = v;
    NEXT(5);
  }
op_TABLE_COPY: {
    wb_table *dt = inst->tables[pc[1]], *st = inst->tables[pc[2]];
    uint64_t d = S(3).u32, s = S(4).u32, n = S(5).u32;
    if (d + n > dt->size || s + n > st->size) TRAP(WB_TRAP_TABLE_OOB);
    memmove(dt->elems + d, st->elems + s, n * sizeof(void *));
    NEXT(6);
  }
op_TABLE_INIT: {
    wb_table *t = inst->tables[pc[1]];
    const wb_elem *seg = &inst->module->elems[pc[2]];
    uint64_t len = inst->elem_dropped[pc[2]] ? 0 : seg->count;
    uint64_t d = S(3).u32, s = S(4).u32, n = S(5).u32;
    if (s + n > len || d + n > t->size) TRAP(WB_TRAP_TABLE_OOB);
    for (uint64_t k = 0; k < n; k++) t->elems[d + k] = eval_elem_item(inst, &seg->items[s + k]);
    NEXT(6);
  }
op_ELEM_DROP: inst->elem_dropped[pc[1]] = true; NEXT(2);

  /* ---- memory ---- */
op_MEMORY_SIZE: S(1).u64 = mem0->size / WB_PAGE_SIZE; NEXT(2);
op_MEMORY_GROW: {
    int64_t r = wb_memory_grow(mem0, S(2).u32);
    S(1).u64 = (uint32_t)r;
    RELOAD_MEM();
    NEXT(3);
  }
op_MEMORY_INIT: {
    const wb_data *seg = &inst->module->datas[pc[1]];
    uint64_t len = inst->data_dropped[pc[1]] ? 0 : seg->len;
    uint64_t d = S(2).u32, s = S(3).u32, n = S(4).u32;
    if (s + n > len || d + n > mem0->size) TRAP(WB_TRAP_MEMORY_OOB);
    if (n) memcpy(mem0->base + d, seg->bytes + s, n);
    NEXT(5);
  }
op_DATA_DROP: inst->data_dropped[pc[1]] = true; NEXT(2);
op_MEMORY_COPY: {
    uint64_t d = S(1).u32, s = S(2).u32, n = S(3).u32;
    if (d + n > mem0->size || s + n > mem0->size) TRAP(WB_TRAP_MEMORY_OOB);
    if (n) memmove(mem0->base + d, mem0->base + s, n);
    NEXT(4);
  }
op_MEMORY_FILL: {
    uint64_t d = S(1).u32, n = S(3).u32;
    if (d + n > mem0->size) TRAP(WB_TRAP_MEMORY_OOB);
    if (n) memset(mem0->base + d, (int)(uint8_t)S(2).u32, n);
    NEXT(4);
  }

  /* Loads and stores. Guard-page variants rely on the reservation: a 32-bit address plus a
   * 32-bit offset plus the access size always lands inside it. */
#define MEM_H(label, RDA, RDV, bytes, is_store, sx) \
  label: { \
    uint64_t ea = (uint64_t)RDA(2, u32) + pc[3]; \
    if (is_store) { uint64_t v_ = RDV(1, u64); memcpy(mem + ea, &v_, bytes); } \
    else { MEM_LOAD(bytes, sx, mem + ea); } \
    NEXT(4); \
  }
#define ACC_STORE_0(...)
#define ACC_STORE_1(...) __VA_ARGS__
#define WB_X(name, code_, vt, bytes, is_store, sx) \
  MEM_H(op_##name, RD_SLOT, RD_SLOT, bytes, is_store, sx) \
  MEM_H(op_##name##_A, RD_ACC, RD_SLOT, bytes, is_store, sx) \
  ACC_STORE_##is_store(MEM_H(op_##name##_V, RD_SLOT, RD_ACC, bytes, is_store, sx)) \
  op_##name##_CHK: { \
    uint64_t ea = (uint64_t)S(2).u32 + pc[3]; \
    if (ea + bytes > memsize) TRAP(WB_TRAP_MEMORY_OOB); \
    if (is_store) { memcpy(mem + ea, &S(1).u64, bytes); } \
    else { MEM_LOAD(bytes, sx, mem + ea); } \
    NEXT(4); \
  }
#define MEM_LOAD(bytes, sx, p) do { \
    uint64_t r_; \
    if (bytes == 8) { uint64_t v; memcpy(&v, p, 8); r_ = v; } \
    else if (bytes == 4) { uint32_t v; memcpy(&v, p, 4); r_ = sx ? (uint64_t)(int64_t)(int32_t)v : v; } \
    else if (bytes == 2) { uint16_t v; memcpy(&v, p, 2); r_ = sx ? (uint64_t)(int64_t)(int16_t)v : v; } \
    else { uint8_t v = *(p); r_ = sx ? (uint64_t)(int64_t)(int8_t)v : v; } \
    S(1).u64 = r_; \
    acc = r_; \
  } while (0)
  WB_MEMORY_OPS(WB_X)
#undef WB_X
  /* The same with the address an i32.add of two slots (operands d/v x y offset). */
#define MEM_AX_H(label, RDA, RDV, bytes, is_store, sx) \
  label: { \
    uint64_t ea = (uint64_t)(uint32_t)(RDA(2, u32) + S(3).u32) + pc[4]; \
    if (is_store) { uint64_t v_ = RDV(1, u64); memcpy(mem + ea, &v_, bytes); } \
    else { MEM_LOAD(bytes, sx, mem + ea); } \
    NEXT(5); \
  }
#define WB_X(name, code_, vt, bytes, is_store, sx) \
  MEM_AX_H(op_##name##_AX, RD_SLOT, RD_SLOT, bytes, is_store, sx) \
  MEM_AX_H(op_##name##_AX_A, RD_ACC, RD_SLOT, bytes, is_store, sx) \
  ACC_STORE_##is_store(MEM_AX_H(op_##name##_AX_V, RD_SLOT, RD_ACC, bytes, is_store, sx)) \
  op_##name##_AX_CHK: { \
    uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + S(3).u32) + pc[4]; \
    if (ea + bytes > memsize) TRAP(WB_TRAP_MEMORY_OOB); \
    if (is_store) { memcpy(mem + ea, &S(1).u64, bytes); } \
    else { MEM_LOAD(bytes, sx, mem + ea); } \
    NEXT(5); \
  }
  WB_MEMORY_OPS(WB_X)
#undef WB_X
  /* Loads through a pointer just loaded (operands d a off1 off2). */
#define LL_H(label, RD, bytes, sx) \
  label: { \
    uint32_t p_; memcpy(&p_, mem + (uint64_t)RD(2, u32) + pc[3], 4); \
    MEM_LOAD(bytes, sx, mem + (uint64_t)p_ + pc[4]); \
    NEXT(5); \
  }
#define WB_X(name, bytes, sx) BOTH(LL_H, LL_##name, bytes, sx)
  WB_FUSE_LOAD_LOAD_OPS(WB_X)
#undef WB_X
#undef LL_H
  /* Table lookups (guard-page mode), shift counts taken mod 32 as Wasm's. */
#define TABLE_LOOKUP_H(label, index) \
  label: { \
    uint32_t i_ = (index); \
    MEM_LOAD(4, 0, mem + (uint64_t)(uint32_t)(S(5).u32 + i_) + pc[6]); \
    NEXT(7); \
  }
  TABLE_LOOKUP_H(op_I32_LOAD_SHR_AND_AX, (S(2).u32 >> (S(3).u32 & 31)) & S(4).u32)
  TABLE_LOOKUP_H(op_I32_LOAD_AND_SHL_AX, (S(2).u32 & S(3).u32) << (S(4).u32 & 31))
#undef TABLE_LOOKUP_H
#undef MEM_H
#undef MEM_AX_H
#undef ACC_STORE_0
#undef ACC_STORE_1
#undef MEM_LOAD

  /* ---- numeric ---- */
#define UN_H(label, RD, IN, OUT, expr) \
  label: { __typeof__(fp->IN) a = RD(2, IN); __typeof__(fp->OUT) r_ = (expr); S(1).OUT = r_; ACC_SET(r_); NEXT(3); }
#define BIN_H(label, RD, IN, OUT, expr) \
  label: { \
    __typeof__(fp->IN) a = RD(2, IN), b = S(3).IN; \
    __typeof__(fp->OUT) r_ = (expr); \
    S(1).OUT = r_; \
    ACC_SET(r_); \
    NEXT(4); \
  }
#define UN(name, IN, OUT, expr) BOTH(UN_H, name, IN, OUT, expr)
#define BIN(name, IN, OUT, expr) BOTH(BIN_H, name, IN, OUT, expr)
  /* Division traps: DIVREM(name, field, check for overflow, result). */
#define DIVREM_H(label, RD, F, overflow, result) \
  label: { \
    __typeof__(fp->F) a = RD(2, F), b = S(3).F; \
    if (b == 0) TRAP(WB_TRAP_INT_DIV_ZERO); \
    if (overflow) TRAP(WB_TRAP_INT_OVERFLOW); \
    __typeof__(fp->F) r_ = (result); \
    S(1).F = r_; \
    ACC_SET(r_); \
    NEXT(4); \
  }
#define DIVREM(name, F, overflow, result) BOTH(DIVREM_H, name, F, overflow, result)
  UN(I32_EQZ, u32, u64, a == 0)
  BIN(I32_EQ, u32, u64, a == b) BIN(I32_NE, u32, u64, a != b)
  BIN(I32_LT_S, i32, u64, a < b) BIN(I32_LT_U, u32, u64, a < b)
  BIN(I32_GT_S, i32, u64, a > b) BIN(I32_GT_U, u32, u64, a > b)
  BIN(I32_LE_S, i32, u64, a <= b) BIN(I32_LE_U, u32, u64, a <= b)
  BIN(I32_GE_S, i32, u64, a >= b) BIN(I32_GE_U, u32, u64, a >= b)
  UN(I64_EQZ, u64, u64, a == 0)
  BIN(I64_EQ, u64, u64, a == b) BIN(I64_NE, u64, u64, a != b)
  BIN(I64_LT_S, i64, u64, a < b) BIN(I64_LT_U, u64, u64, a < b)
  BIN(I64_GT_S, i64, u64, a > b) BIN(I64_GT_U, u64, u64, a > b)
  BIN(I64_LE_S, i64, u64, a <= b) BIN(I64_LE_U, u64, u64, a <= b)
  BIN(I64_GE_S, i64, u64, a >= b) BIN(I64_GE_U, u64, u64, a >= b)
  BIN(F32_EQ, f32, u64, a == b) BIN(F32_NE, f32, u64, a != b) BIN(F32_LT, f32, u64, a < b)
  BIN(F32_GT, f32, u64, a > b) BIN(F32_LE, f32, u64, a <= b) BIN(F32_GE, f32, u64, a >= b)
  BIN(F64_EQ, f64, u64, a == b) BIN(F64_NE, f64, u64, a != b) BIN(F64_LT, f64, u64, a < b)
  BIN(F64_GT, f64, u64, a > b) BIN(F64_LE, f64, u64, a <= b) BIN(F64_GE, f64, u64, a >= b)
  UN(I32_CLZ, u32, u64, a ? (uint32_t)__builtin_clz(a) : 32)
  UN(I32_CTZ, u32, u64, a ? (uint32_t)__builtin_ctz(a) : 32)
  UN(I32_POPCNT, u32, u64, (uint32_t)__builtin_popcount(a))
  BIN(I32_ADD, u32, u32, a + b) BIN(I32_SUB, u32, u32, a - b) BIN(I32_MUL, u32, u32, a * b)
  /* A subtraction whose subtrahend was just computed (a borrow): _B takes it from acc. */
op_I32_SUB_B: { uint32_t r_ = S(2).u32 - ACC(u32); S(1).u32 = r_; acc = r_; NEXT(4); }
op_I64_SUB_B: { uint64_t r_ = S(2).u64 - acc; S(1).u64 = r_; acc = r_; NEXT(4); }
  DIVREM(I32_DIV_S, i32, a == INT32_MIN && b == -1, a / b) DIVREM(I32_DIV_U, u32, 0, a / b)
  DIVREM(I32_REM_S, i32, 0, b == -1 ? 0 : a % b) DIVREM(I32_REM_U, u32, 0, a % b)
  BIN(I32_AND, u32, u32, a & b) BIN(I32_OR, u32, u32, a | b) BIN(I32_XOR, u32, u32, a ^ b)
  BIN(I32_SHL, u32, u32, a << (b & 31)) BIN(I32_SHR_S, i32, i32, a >> (b & 31))
  BIN(I32_SHR_U, u32, u32, a >> (b & 31)) BIN(I32_ROTL, u32, u32, rotl32(a, b))
  BIN(I32_ROTR, u32, u32, rotr32(a, b))
  UN(I64_CLZ, u64, u64, a ? (uint64_t)__builtin_clzll(a) : 64)
  UN(I64_CTZ, u64, u64, a ? (uint64_t)__builtin_ctzll(a) : 64)
  UN(I64_POPCNT, u64, u64, (uint64_t)__builtin_popcountll(a))
  BIN(I64_ADD, u64, u64, a + b) BIN(I64_SUB, u64, u64, a - b) BIN(I64_MUL, u64, u64, a * b)
  DIVREM(I64_DIV_S, i64, a == INT64_MIN && b == -1, a / b) DIVREM(I64_DIV_U, u64, 0, a / b)
  DIVREM(I64_REM_S, i64, 0, b == -1 ? 0 : a % b) DIVREM(I64_REM_U, u64, 0, a % b)
  BIN(I64_AND, u64, u64, a & b) BIN(I64_OR, u64, u64, a | b) BIN(I64_XOR, u64, u64, a ^ b)
  BIN(I64_SHL, u64, u64, a << (b & 63)) BIN(I64_SHR_S, i64, i64, a >> (b & 63))
  BIN(I64_SHR_U, u64, u64, a >> (b & 63)) BIN(I64_ROTL, u64, u64, rotl64(a, b))
  BIN(I64_ROTR, u64, u64, rotr64(a, b))
  UN(F32_ABS, f32, f32, f32_bits_op(a, 0x7FFFFFFFu, 0)) UN(F32_NEG, f32, f32, f32_bits_op(a, ~0u, 0x80000000u))
  UN(F32_CEIL, f32, f32, ROUND(ceilf, a)) UN(F32_FLOOR, f32, f32, ROUND(floorf, a)) UN(F32_TRUNC, f32, f32, ROUND(truncf, a))
  UN(F32_NEAREST, f32, f32, ROUND(nearbyintf, a)) UN(F32_SQRT, f32, f32, sqrtf(a))
  BIN(F32_ADD, f32, f32, a + b) BIN(F32_SUB, f32, f32, a - b) BIN(F32_MUL, f32, f32, a * b)
  BIN(F32_DIV, f32, f32, a / b) BIN(F32_MIN, f32, f32, f32_min(a, b)) BIN(F32_MAX, f32, f32, f32_max(a, b))
  BIN(F32_COPYSIGN, f32, f32, f32_copysign(a, b))
  UN(F64_ABS, f64, f64, f64_bits_op(a, 0x7FFFFFFFFFFFFFFFull, 0))
  UN(F64_NEG, f64, f64, f64_bits_op(a, ~0ull, 0x8000000000000000ull))
  UN(F64_CEIL, f64, f64, ROUND(ceil, a)) UN(F64_FLOOR, f64, f64, ROUND(floor, a)) UN(F64_TRUNC, f64, f64, ROUND(trunc, a))
  UN(F64_NEAREST, f64, f64, ROUND(nearbyint, a)) UN(F64_SQRT, f64, f64, sqrt(a))
  BIN(F64_ADD, f64, f64, a + b) BIN(F64_SUB, f64, f64, a - b) BIN(F64_MUL, f64, f64, a * b)
  BIN(F64_DIV, f64, f64, a / b) BIN(F64_MIN, f64, f64, f64_min(a, b)) BIN(F64_MAX, f64, f64, f64_max(a, b))
  BIN(F64_COPYSIGN, f64, f64, f64_copysign(a, b))
  UN(I32_WRAP_I64, u64, u32, (uint32_t)a)
#define TRUNC_H(label, RD, IN, OUT, T, lo_ok, hi_ok) \
  label: { \
    __typeof__(fp->IN) a = RD(2, IN); \
    if (a != a) TRAP(WB_TRAP_INVALID_CONVERSION); \
    if (!(lo_ok && hi_ok)) TRAP(WB_TRAP_INT_OVERFLOW); \
    S(1).OUT = (T)a; \
    ACC_SET((T)a); \
    NEXT(3); \
  }
#define TRUNC(name, IN, OUT, T, lo_ok, hi_ok) BOTH(TRUNC_H, name, IN, OUT, T, lo_ok, hi_ok)
  TRUNC(I32_TRUNC_F32_S, f32, i32, int32_t, a >= -2147483648.0f, a < 2147483648.0f)
  TRUNC(I32_TRUNC_F32_U, f32, u32, uint32_t, a > -1.0f, a < 4294967296.0f)
  TRUNC(I32_TRUNC_F64_S, f64, i32, int32_t, a > -2147483649.0, a < 2147483648.0)
  TRUNC(I32_TRUNC_F64_U, f64, u32, uint32_t, a > -1.0, a < 4294967296.0)
  TRUNC(I64_TRUNC_F32_S, f32, i64, int64_t, a >= -9223372036854775808.0f, a < 9223372036854775808.0f)
  TRUNC(I64_TRUNC_F32_U, f32, u64, uint64_t, a > -1.0f, a < 18446744073709551616.0f)
  TRUNC(I64_TRUNC_F64_S, f64, i64, int64_t, a >= -9223372036854775808.0, a < 9223372036854775808.0)
  TRUNC(I64_TRUNC_F64_U, f64, u64, uint64_t, a > -1.0, a < 18446744073709551616.0)
#undef TRUNC
#undef TRUNC_H
  UN(I64_EXTEND_I32_S, i32, i64, (int64_t)a) UN(I64_EXTEND_I32_U, u32, u64, (uint64_t)a)
  UN(F32_CONVERT_I32_S, i32, f32, (float)a) UN(F32_CONVERT_I32_U, u32, f32, (float)a)
  UN(F32_CONVERT_I64_S, i64, f32, (float)a) UN(F32_CONVERT_I64_U, u64, f32, (float)a)
  UN(F32_DEMOTE_F64, f64, f32, (float)a)
  UN(F64_CONVERT_I32_S, i32, f64, (double)a) UN(F64_CONVERT_I32_U, u32, f64, (double)a)
  UN(F64_CONVERT_I64_S, i64, f64, (double)a) UN(F64_CONVERT_I64_U, u64, f64, (double)a)
  UN(F64_PROMOTE_F32, f32, f64, (double)a)
  UN(I32_REINTERPRET_F32, u32, u32, a) UN(I64_REINTERPRET_F64, u64, u64, a)
  UN(F32_REINTERPRET_I32, u32, u32, a) UN(F64_REINTERPRET_I64, u64, u64, a)
  UN(I32_EXTEND8_S, u32, i32, (int32_t)(int8_t)a) UN(I32_EXTEND16_S, u32, i32, (int32_t)(int16_t)a)
  UN(I64_EXTEND8_S, u64, i64, (int64_t)(int8_t)a) UN(I64_EXTEND16_S, u64, i64, (int64_t)(int16_t)a)
  UN(I64_EXTEND32_S, u64, i64, (int64_t)(int32_t)a)
  UN(I32_TRUNC_SAT_F32_S, f32, i32, sat_i32_s(a)) UN(I32_TRUNC_SAT_F32_U, f32, u32, sat_i32_u(a))
  UN(I32_TRUNC_SAT_F64_S, f64, i32, sat_i32_s(a)) UN(I32_TRUNC_SAT_F64_U, f64, u32, sat_i32_u(a))
  UN(I64_TRUNC_SAT_F32_S, f32, i64, sat_i64_s(a)) UN(I64_TRUNC_SAT_F32_U, f32, u64, sat_i64_u(a))
  UN(I64_TRUNC_SAT_F64_S, f64, i64, sat_i64_s(a)) UN(I64_TRUNC_SAT_F64_U, f64, u64, sat_i64_u(a))
#undef UN
#undef BIN
#undef UN_H
#undef BIN_H
#undef DIVREM
#undef DIVREM_H

  /* Fused pairs of operations (code.h): the intermediate result stays in a register. Each f64
   * operation still rounds on its own (-ffp-contract=off: no fused multiply-add). */
#define I32_TY uint32_t
#define I32_F u32
#define I32_EV_ADD(a, b) ((a) + (b))
#define I32_EV_SUB(a, b) ((a) - (b))
#define I32_EV_MUL(a, b) ((a) * (b))
#define I32_EV_AND(a, b) ((a) & (b))
#define I32_EV_OR(a, b) ((a) | (b))
#define I32_EV_XOR(a, b) ((a) ^ (b))
#define I32_EV_SHL(a, b) ((a) << ((b) & 31))
#define I32_EV_SHR_S(a, b) ((uint32_t)((int32_t)(a) >> ((b) & 31)))
#define I32_EV_SHR_U(a, b) ((a) >> ((b) & 31))
#define I32_EV_ROTL(a, b) rotl32(a, b)
#define I32_EV_ROTR(a, b) rotr32(a, b)
#define I64_TY uint64_t
#define I64_F u64
#define I64_EV_ADD(a, b) ((a) + (b))
#define I64_EV_SUB(a, b) ((a) - (b))
#define I64_EV_MUL(a, b) ((a) * (b))
#define I64_EV_AND(a, b) ((a) & (b))
#define I64_EV_OR(a, b) ((a) | (b))
#define I64_EV_XOR(a, b) ((a) ^ (b))
#define I64_EV_SHL(a, b) ((a) << ((b) & 63))
#define I64_EV_SHR_U(a, b) ((a) >> ((b) & 63))
#define F64_TY double
#define F64_F f64
#define F64_EV_ADD(a, b) ((a) + (b))
#define F64_EV_SUB(a, b) ((a) - (b))
#define F64_EV_MUL(a, b) ((a) * (b))
#define F64_EV_DIV(a, b) ((a) / (b))
#define FUSE_L_H(label, RD, T, op1, op2) \
  label: { \
    T##_TY x = T##_EV_##op1(RD(2, T##_F), S(3).T##_F); \
    T##_TY r_ = T##_EV_##op2(x, S(4).T##_F); \
    S(1).T##_F = r_; \
    ACC_SET(r_); \
    NEXT(5); \
  }
#define FUSE_R_H(label, RD, T, op1, op2) \
  label: { \
    T##_TY x = T##_EV_##op1(S(3).T##_F, S(4).T##_F); \
    T##_TY r_ = T##_EV_##op2(RD(2, T##_F), x); \
    S(1).T##_F = r_; \
    ACC_SET(r_); \
    NEXT(5); \
  }
#define FUSE_PAIR(T, op1, op2) \
  BOTH(FUSE_L_H, FUSE_##T##_##op1##_##op2##_L, T, op1, op2) BOTH(FUSE_R_H, FUSE_##T##_##op1##_##op2##_R, T, op1, op2)
  WB_FUSE_PAIRS(FUSE_PAIR)
#undef FUSE_PAIR
#undef FUSE_L_H
#undef FUSE_R_H

  /* Loads feeding an operation, operations feeding a store (code.h); guard-page mode only. */
#define LDV_F64_LOAD(p) ({ double v_; memcpy(&v_, p, 8); v_; })
#define LDV_I32_LOAD(p) ({ uint32_t v_; memcpy(&v_, p, 4); v_; })
#define LDV_I64_LOAD(p) ({ uint64_t v_; memcpy(&v_, p, 8); v_; })
#define LDV_I64_LOAD32_U(p) ((uint64_t)LDV_I32_LOAD(p))
#define LD_L_H(label, RD, load, T, op) \
  label: { \
    T##_TY x = LDV_##load(mem + (uint64_t)RD(2, u32) + pc[3]); \
    T##_TY r_ = T##_EV_##op(x, S(4).T##_F); \
    S(1).T##_F = r_; \
    ACC_SET(r_); \
    NEXT(5); \
  }
#define LD_R_H(label, RD, load, T, op) \
  label: { \
    T##_TY x = LDV_##load(mem + (uint64_t)S(3).u32 + pc[4]); \
    T##_TY r_ = T##_EV_##op(RD(2, T##_F), x); \
    S(1).T##_F = r_; \
    ACC_SET(r_); \
    NEXT(5); \
  }
#define WB_X(load, T, op) \
  BOTH(LD_L_H, LD_##load##_##op##_L, load, T, op) BOTH(LD_R_H, LD_##load##_##op##_R, load, T, op)
  WB_FUSE_LOAD_OPS(WB_X)
#undef WB_X
#undef LD_L_H
#undef LD_R_H
#define STV_F64_STORE(p, v) do { double v_ = (v); memcpy(p, &v_, 8); } while (0)
#define STV_I32_STORE(p, v) do { uint32_t v_ = (v); memcpy(p, &v_, 4); } while (0)
#define STV_I64_STORE(p, v) do { uint64_t v_ = (v); memcpy(p, &v_, 8); } while (0)
#define STV_I64_STORE32(p, v) STV_I32_STORE(p, (uint32_t)(v))
#define ST_H(label, RD, T, op, store) \
  label: \
    STV_##store(mem + (uint64_t)S(3).u32 + pc[4], T##_EV_##op(RD(1, T##_F), S(2).T##_F)); \
    NEXT(5);
#define WB_X(T, op, store) BOTH(ST_H, ST_##T##_##op##_##store, T, op, store)
  WB_FUSE_STORE_OPS(WB_X)
#undef WB_X
#undef ST_H
#define WB_X(load, T, op, store) \
  op_RMW_##load##_##op##_L: { \
    uint8_t *p_ = mem + (uint64_t)S(2).u32 + pc[3]; \
    STV_##store(p_, T##_EV_##op(LDV_##load(p_), S(1).T##_F)); \
    NEXT(4); \
  } \
  op_RMW_##load##_##op##_R: { \
    uint8_t *p_ = mem + (uint64_t)S(2).u32 + pc[3]; \
    STV_##store(p_, T##_EV_##op(S(1).T##_F, LDV_##load(p_))); \
    NEXT(4); \
  }
  WB_FUSE_RMW_OPS(WB_X)
#undef WB_X

}
