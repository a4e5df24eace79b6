/* exec/interp/translate.c — one pass over a validated function body producing register-style
 * code (code.h). A virtual operand stack tracks where each value lives: in its "home" slot
 * (the slot its stack depth owns) or, for a pending local.get, still in the local's slot, so
 * most local.get instructions cost nothing. Values are forced into their homes wherever control
 * flow merges (block entry, branches, block ends) or a local they alias is overwritten.
 * The body was validated, so the translator trusts its structure and types. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "exec/interp/code.h"
#include "exec/interp/dump.h"
#include "exec/interp/translate_internal.h"

typedef struct vs_entry {
  uint32_t loc;    /* slot holding the value now */
  uint32_t home;   /* slot owned by this stack position */
  uint8_t type;
} vs_entry;

enum { CTL_FUNC, CTL_BLOCK, CTL_LOOP, CTL_IF };
#define NO_FIXUP UINT32_MAX
/* How many recent instructions the translator remembers for fusing (see translator.hist_start). */
#define HISTORY 6

typedef struct ctl_entry {
  uint8_t kind;
  bool dead_entry;         /* the block began in unreachable code: emit nothing for it */
  bool has_else;
  uint32_t depth;          /* virtual stack depth below the block's parameters */
  uint32_t home;           /* slot where values carried by the label go */
  uint32_t nparams, nresults;
  const uint8_t *params, *results; /* into the module's types; NULL for a one-result block type */
  uint8_t single;          /* the type of a one-result block type */
  uint32_t loop_start;     /* loops: cell index of the first instruction */
  uint32_t fixups;         /* chain of cells to patch with the end's cell index */
  uint32_t else_fixup;     /* ifs: the cell to patch with the else branch's start */
  /* Blocks with one result: branches to the end whose instruction writing the result is known
   * (recorded in translator.sites from index first_site on), and how many are not. */
  uint32_t first_site, unrecorded;
} ctl_entry;

/* How often each constant is used, weighted by loop nesting: when a function has more distinct
 * constants than WB_FIRST_POOLED_CONSTS, it is translated again with a pool of the most used
 * ones (else the pool fills with whatever comes first, often set-up code, and inner loops pay
 * an instruction per constant). */
typedef struct const_use {
  uint64_t bits, hi, weight; /* hi: a v128's upper half (0 for other types) */
  uint8_t type;
  bool used;
} const_use;
typedef struct const_uses {
  const_use *e;            /* open addressing; cap is a power of two */
  uint32_t n, cap;
} const_uses;

typedef struct translator {
  const wb_module *m;
  const wb_func *fn;
  const wb_functype *type;
  int checked, metered;
  uint32_t meter_cell;     /* operand of the current METER instruction, or NO_FIXUP */
  uint32_t meter_count;    /* Wasm instructions since it */
  const uint8_t *p, *end;
  uint32_t *cells; uint32_t ncells, capcells;
  wb_code_pos *pos; uint32_t npos, cappos;
  vs_entry *vs; uint32_t nvs, capvs;
  ctl_entry *ctl; uint32_t nctl, capctl;
  uint32_t *local_slot; uint8_t *local_type; uint32_t nlocals_all;
  uint32_t local_slots, max_height;
  /* Constants live in frame slots between the locals and the operand stack, filled from
   * code->frame_init at each call, so a constant operand costs no instruction. */
  uint32_t const_base, const_cap, nconsts;
  uint64_t consts[WB_MAX_POOLED_CONSTS];
  uint8_t const_types[WB_MAX_POOLED_CONSTS];
  uint16_t const_index[2 * WB_MAX_POOLED_CONSTS]; /* one-slot pool constants by hash: k + 1, 0 free */
  const_uses uses;         /* counted when the pool may overflow (see const_use) */
  bool count_uses, pool_overflowed;
  bool missed_in_loop;     /* a constant inside a loop found the pool full */
  uint32_t loop_depth;
  bool dead;
  /* The last emitted instruction, for fusing and for retargeting its destination. */
  uint32_t last_start;     /* cell index of its handler cell, or NO_FIXUP */
  uint32_t last_iop;
  uint32_t last_dst_cell;  /* index of its destination operand cell, or NO_FIXUP */
  uint32_t prev_start, prev_iop; /* the instruction before it (NO_FIXUP after a label) */
  /* The instructions since the last label, newest last (at most HISTORY): what fusions that
   * span more than two instructions look at. Pruned when code is taken back. */
  uint32_t hist_start[HISTORY], hist_iop[HISTORY], nhist;
  /* Branch sites carrying a block's one result: the block (its ctl index) and the cell of the
   * result's destination operand in the instruction that writes it, for result_into_local. */
  struct { uint32_t ctl, cell; } *sites; uint32_t nsites, capsites;
  size_t cur_offset;       /* module byte offset of the Wasm instruction being translated */
  bool oom;
  /* Where each instruction starts (ascending; pruned when code is taken back), and the cells
   * control may reach by a branch: for use_acc, and for the WASMBOX_DUMP_CODE listing. */
  uint32_t *starts; uint32_t nstarts, capstarts;
  uint32_t *labels; uint32_t nlabels, caplabels;
  bool dump;
} translator;

/* ---- reading validated immediates ---- */
static uint32_t rd_u32(translator *t) {
  uint32_t r = 0; unsigned sh = 0; uint8_t b;
  do { b = *t->p++; if (sh < 32) r |= (uint32_t)(b & 0x7F) << sh; sh += 7; } while (b & 0x80);
  return r;
}
static int64_t rd_s64(translator *t) {
  uint64_t r = 0; unsigned sh = 0; uint8_t b;
  do { b = *t->p++; if (sh < 64) r |= (uint64_t)(b & 0x7F) << sh; sh += 7; } while (b & 0x80);
  if (sh < 64 && (b & 0x40)) r |= ~(uint64_t)0 << sh;
  return (int64_t)r;
}
static int32_t rd_s32(translator *t) { return (int32_t)rd_s64(t); }
static uint8_t rd_u8(translator *t) { return *t->p++; }

/* ---- emitting ---- */
static __attribute__((noinline)) void emit_grow(translator *t, uint32_t v) {
  uint32_t cap = t->capcells ? t->capcells * 2 : 256;
  uint32_t *c = realloc(t->cells, cap * sizeof *c);
  if (!c) { t->oom = true; t->ncells = 0; return; }
  t->cells = c; t->capcells = cap;
  t->cells[t->ncells++] = v;
}
/* Inlined: a call per cell was an eighth of the translator's time. */
static inline __attribute__((always_inline)) void emit(translator *t, uint32_t v) {
  if (__builtin_expect(t->ncells == t->capcells, 0)) { emit_grow(t, v); return; }
  t->cells[t->ncells++] = v;
}
static void note_start(translator *t) {
  if (t->nstarts == t->capstarts) {
    uint32_t cap = t->capstarts ? t->capstarts * 2 : 256;
    uint32_t *s = realloc(t->starts, cap * sizeof *s);
    if (!s) { t->oom = true; return; }
    t->starts = s; t->capstarts = cap;
  }
  t->starts[t->nstarts++] = t->ncells;
}
/* Drops the history entries of instructions from cell `start` on (taken back or rewritten). */
static void hist_prune(translator *t, uint32_t start) {
  while (t->nhist && t->hist_start[t->nhist - 1] >= start) t->nhist--;
}
/* Where the instruction before the last one starts, from the history: known there even after a
 * fusion took back more than one instruction (prev_start is then unknown). NO_FIXUP when the
 * history does not reach that far or no longer ends with the last instruction. */
static uint32_t hist_before_last(const translator *t) {
  uint32_t n = t->nhist;
  return n >= 2 && t->hist_start[n - 1] == t->last_start ? t->hist_start[n - 2] : NO_FIXUP;
}
/* The last two instructions, adjacent, are i32.adds whose results went to locals (loops step
 * two pointers or counters at their end): one I32_ADD2. Done when the next instruction starts,
 * once nothing can fuse with the second add any more; where something still could (a compare
 * and branch on it), the fused pair would have been as short. */
static void join_adds(translator *t) {
  uint32_t s0 = t->prev_start, s1 = t->last_start;
  if (s0 == NO_FIXUP || s1 == NO_FIXUP || s0 + 4 != s1 || s1 + 4 != t->ncells ||
      t->cells[s0 + 1] >= t->local_slots || t->cells[s1 + 1] >= t->local_slots)
    return;
  uint32_t *c = t->cells + s0;
  c[0] = WB_IOP_I32_ADD2;
  c[4] = c[5]; c[5] = c[6]; c[6] = c[7];
  t->ncells = s0 + 7;
  hist_prune(t, s1);
  if (t->nhist && t->hist_start[t->nhist - 1] == s0) t->hist_iop[t->nhist - 1] = WB_IOP_I32_ADD2;
  /* The second add's position record goes (adds do not trap); the one the instruction being
   * started may have made already moves back with it. */
  uint32_t n = t->npos;
  bool current = n && t->pos[n - 1].cell == s1 + 4;
  wb_code_pos cur = current ? t->pos[--n] : (wb_code_pos){0, 0};
  while (n && t->pos[n - 1].cell >= s1) n--;
  if (current) { cur.cell = t->ncells; t->pos[n++] = cur; }
  t->npos = n;
  while (t->nstarts && t->starts[t->nstarts - 1] >= s1) t->nstarts--;
  t->last_start = s0;
  t->last_iop = WB_IOP_I32_ADD2;
  t->prev_start = NO_FIXUP;
}
static void note_label_at(translator *t, uint32_t cell) {
  if (t->nlabels == t->caplabels) {
    uint32_t cap = t->caplabels ? t->caplabels * 2 : 64;
    uint32_t *l = realloc(t->labels, cap * sizeof *l);
    if (!l) { t->oom = true; return; }
    t->labels = l; t->caplabels = cap;
  }
  t->labels[t->nlabels++] = cell;
}
static void emit_op(translator *t, uint32_t iop) {
  if (t->last_iop == WB_IOP_I32_ADD && t->prev_iop == WB_IOP_I32_ADD) join_adds(t);
  note_start(t);
  t->prev_start = t->last_start;
  t->prev_iop = t->last_iop;
  t->last_start = t->ncells;
  t->last_iop = iop;
  t->last_dst_cell = NO_FIXUP;
  if (t->nhist == HISTORY) {
    memmove(t->hist_start, t->hist_start + 1, (HISTORY - 1) * sizeof *t->hist_start);
    memmove(t->hist_iop, t->hist_iop + 1, (HISTORY - 1) * sizeof *t->hist_iop);
    t->nhist--;
  }
  t->hist_start[t->nhist] = t->ncells;
  t->hist_iop[t->nhist++] = iop;
  emit(t, iop);
}
/* Marks the operand just emitted as the destination of the last instruction. */
static void mark_dst(translator *t) { t->last_dst_cell = t->ncells - 1; }
/* Where control may arrive from elsewhere (labels) or code was rewritten: nothing before can
 * be fused with what comes next. */
static void forget_last(translator *t) {
  t->last_start = t->prev_start = NO_FIXUP;
  t->last_dst_cell = NO_FIXUP;
  t->nhist = 0;
}

/* Fuel: each METER charges the Wasm instructions translated until the next METER, so a loop
 * iteration or a call pays for its straight-line code (branches make this an estimate). */
static void close_meter(translator *t) {
  if (t->meter_cell != NO_FIXUP) t->cells[t->meter_cell] = t->meter_count;
  t->meter_cell = NO_FIXUP;
  t->meter_count = 0;
}
static void emit_meter(translator *t) {
  if (!t->metered) return;
  close_meter(t);
  emit_op(t, WB_IOP_METER);
  emit(t, 0);
  t->meter_cell = t->ncells - 1;
  forget_last(t);
}

static void add_pos(translator *t, size_t offset) {
  if (t->npos && t->pos[t->npos - 1].cell == t->ncells) { t->pos[t->npos - 1].offset = (uint32_t)offset; return; }
  if (t->npos == t->cappos) {
    uint32_t cap = t->cappos ? t->cappos * 2 : 128;
    wb_code_pos *p = realloc(t->pos, cap * sizeof *p);
    if (!p) { t->oom = true; return; }
    t->pos = p; t->cappos = cap;
  }
  t->pos[t->npos].cell = t->ncells;
  t->pos[t->npos].offset = (uint32_t)offset;
  t->npos++;
}

/* Takes back the code from cell `start` on (the last instruction, to be replaced by a fused one
 * that also does the current Wasm instruction's work): the fused instruction maps to the current
 * instruction's offset, the one a trap in it reports. */
static void take_back(translator *t, uint32_t start) {
  t->ncells = start;
  hist_prune(t, start);
  while (t->nstarts && t->starts[t->nstarts - 1] >= start) t->nstarts--;
  while (t->npos && t->pos[t->npos - 1].cell > start) t->npos--;
  if (start == t->last_start) {
    /* The instruction before becomes the last again (its destination no longer retargetable:
     * that is only known for the newest one). */
    t->last_start = t->prev_start;
    t->last_iop = t->prev_iop;
    t->last_dst_cell = NO_FIXUP;
    t->prev_start = NO_FIXUP;
  } else {
    /* More was taken back: which instruction is last is not known here. The history before
     * `start` stays (fuse_axpy_pair looks that far back, past fused instructions). */
    t->last_start = t->prev_start = NO_FIXUP;
    t->last_dst_cell = NO_FIXUP;
  }
}
static void rewind_to(translator *t, uint32_t start) {
  take_back(t, start);
  add_pos(t, t->cur_offset);
}
/* The same, keeping the offset of the instruction at `start` (a load whose trap it reports). */
static void rewind_keeping_pos(translator *t, uint32_t start) { take_back(t, start); }

/* ---- the virtual operand stack ---- */
static uint32_t height(translator *t) {
  if (!t->nvs) return t->const_base + t->const_cap;
  vs_entry *e = &t->vs[t->nvs - 1];
  return e->home + wb_valtype_slots(e->type);
}
static vs_entry *push(translator *t, uint8_t type) {
  if (t->nvs == t->capvs) {
    uint32_t cap = t->capvs ? t->capvs * 2 : 64;
    vs_entry *v = realloc(t->vs, cap * sizeof *v);
    if (!v) { t->oom = true; static vs_entry dummy; return &dummy; }
    t->vs = v; t->capvs = cap;
  }
  uint32_t h = height(t);
  vs_entry *e = &t->vs[t->nvs++];
  e->home = e->loc = h;
  e->type = type;
  uint32_t top = h + wb_valtype_slots(type);
  if (top > t->max_height) t->max_height = top;
  return e;
}
static vs_entry pop(translator *t) { return t->vs[--t->nvs]; }

/* When the instruction just emitted is a one-slot copy, takes it back and returns its operands:
 * the instruction emitted next does the copy first (COPY_COPY, COPY_BR, COPY_BR_IF/UNLESS). */
static bool take_copy(translator *t, uint32_t *d, uint32_t *a) {
  if (t->last_start == NO_FIXUP || t->last_iop != WB_IOP_COPY || t->last_start + 3 != t->ncells) return false;
  *d = t->cells[t->last_start + 1];
  *a = t->cells[t->last_start + 2];
  rewind_to(t, t->last_start);
  return true;
}

static void emit_copy(translator *t, uint8_t type, uint32_t dst, uint32_t src) {
  uint32_t d1, a1;
  if (wb_valtype_slots(type) == 1 && take_copy(t, &d1, &a1)) {
    /* Two copies in a row become one instruction (executed in the same order). */
    emit_op(t, WB_IOP_COPY_COPY);
    emit(t, d1); emit(t, a1);
    emit(t, dst); mark_dst(t);
    emit(t, src);
    return;
  }
  emit_op(t, wb_valtype_slots(type) == 2 ? WB_IOP_COPY2 : WB_IOP_COPY);
  emit(t, dst); mark_dst(t);
  emit(t, src);
}
static void materialize(translator *t, vs_entry *e) {
  if (e->loc != e->home) { emit_copy(t, e->type, e->home, e->loc); e->loc = e->home; }
}
static bool is_const_slot(const translator *t, uint32_t loc) {
  return loc >= t->const_base && loc < t->const_base + t->const_cap;
}
/* At block entry: pending local reads take their values out (the block may write the locals);
 * constants stay where they are, since nothing writes their slots. */
static void materialize_all(translator *t) {
  for (uint32_t i = 0; i < t->nvs; i++)
    if (!is_const_slot(t, t->vs[i].loc)) materialize(t, &t->vs[i]);
}
static uint32_t const_hash(uint64_t bits, uint64_t hi, uint8_t type, uint32_t cap) {
  return (uint32_t)((bits ^ (hi * 31) ^ type) * 0x9E3779B97F4A7C15ull >> 32) & (cap - 1);
}
static void count_use(translator *t, uint8_t type, uint64_t bits, uint64_t hi) {
  const_uses *u = &t->uses;
  if (2 * (u->n + 1) > u->cap) {
    uint32_t cap = u->cap ? u->cap * 2 : 256;
    const_use *e = calloc(cap, sizeof *e);
    if (!e) { t->oom = true; return; }
    for (uint32_t i = 0; i < u->cap; i++) {
      if (!u->e[i].used) continue;
      uint32_t h = const_hash(u->e[i].bits, u->e[i].hi, u->e[i].type, cap);
      while (e[h].used) h = (h + 1) & (cap - 1);
      e[h] = u->e[i];
    }
    free(u->e);
    u->e = e; u->cap = cap;
  }
  uint32_t h = const_hash(bits, hi, type, u->cap);
  while (u->e[h].used && !(u->e[h].bits == bits && u->e[h].hi == hi && u->e[h].type == type))
    h = (h + 1) & (u->cap - 1);
  if (!u->e[h].used) {
    u->e[h].used = true; u->e[h].bits = bits; u->e[h].hi = hi; u->e[h].type = type;
    u->n++;
  }
  uint32_t shift = t->loop_depth < 8 ? 3 * t->loop_depth : 24;
  u->e[h].weight += (uint64_t)1 << shift;
}

/* Where a one-slot constant is in the pool: its index, found through const_index (OpenSSL's
 * start-up translates functions of hundreds of constants; a linear search was a fifth of the
 * translator's time). Adds it when there is room; returns nconsts when it is not there and the
 * pool is full. */
#define CONST_INDEX_CAP (2 * WB_MAX_POOLED_CONSTS)
static void pool_index(translator *t, uint32_t k) {
  uint32_t h = const_hash(t->consts[k], 0, t->const_types[k], CONST_INDEX_CAP);
  while (t->const_index[h]) h = (h + 1) & (CONST_INDEX_CAP - 1);
  t->const_index[h] = (uint16_t)(k + 1);
}
static uint32_t pool_slot(translator *t, uint8_t type, uint64_t bits) {
  uint32_t h = const_hash(bits, 0, type, CONST_INDEX_CAP);
  for (uint32_t i; (i = t->const_index[h]); h = (h + 1) & (CONST_INDEX_CAP - 1))
    if (t->consts[i - 1] == bits && t->const_types[i - 1] == type) return i - 1;
  if (t->nconsts >= t->const_cap) return t->nconsts;
  uint32_t k = t->nconsts++;
  t->consts[k] = bits;
  t->const_types[k] = type;
  t->const_index[h] = (uint16_t)(k + 1);
  return k;
}

/* Pushes a constant: a pooled slot when there is room, else an instruction writing its home. */
static void push_const(translator *t, uint8_t type, uint64_t bits) {
  if (t->count_uses) count_use(t, type, bits, 0);
  uint32_t k = pool_slot(t, type, bits);
  if (k < t->nconsts) {
    vs_entry *e = push(t, type);
    e->loc = t->const_base + k;
    return;
  }
  t->pool_overflowed = true;
  if (t->loop_depth) t->missed_in_loop = true;
  if (bits >> 32) {
    emit_op(t, WB_IOP_CONST64);
    vs_entry *r = push(t, type);
    emit(t, r->home); mark_dst(t); emit(t, (uint32_t)bits); emit(t, (uint32_t)(bits >> 32));
  } else {
    emit_op(t, WB_IOP_CONST32);
    vs_entry *r = push(t, type);
    emit(t, r->home); mark_dst(t); emit(t, (uint32_t)bits);
  }
}
/* A v128.const: two adjacent pool slots when there is room (the second marked by type 0, which no
 * one-slot constant has), else the V128_CONST instruction. */
void wb_tr_push_v128_const(translator *t, const uint8_t bytes[16]) {
  uint64_t lo, hi;
  memcpy(&lo, bytes, 8);
  memcpy(&hi, bytes + 8, 8);
  if (t->count_uses) count_use(t, WB_V128, lo, hi);
  uint32_t k = 0;
  while (k + 1 < t->nconsts && !(t->const_types[k] == WB_V128 && t->consts[k] == lo && t->consts[k + 1] == hi)) k++;
  if (k + 1 >= t->nconsts) {
    k = t->nconsts;
    if (k + 2 > t->const_cap) {
      t->pool_overflowed = true;
      if (t->loop_depth) t->missed_in_loop = true;
      emit_op(t, WB_IOP_V128_CONST);
      vs_entry *r = push(t, WB_V128);
      emit(t, r->home); mark_dst(t);
      for (int i = 0; i < 16; i += 4) { uint32_t c; memcpy(&c, bytes + i, 4); emit(t, c); }
      return;
    }
    t->consts[k] = lo; t->const_types[k] = WB_V128;
    t->consts[k + 1] = hi; t->const_types[k + 1] = 0;
    t->nconsts += 2;
  }
  vs_entry *e = push(t, WB_V128);
  e->loc = t->const_base + k;
}

/* Before writing local slot `slot`, pending reads of it must take their values out. */
static void materialize_local(translator *t, uint32_t slot) {
  for (uint32_t i = 0; i < t->nvs; i++)
    if (t->vs[i].loc == slot) materialize(t, &t->vs[i]);
}
/* Copies the top n values into consecutive slots from `dst` (safe in increasing order: every
 * source lies in a local slot below all homes or in its own home at or above its destination). */
static void move_top(translator *t, uint32_t n, uint32_t dst) {
  for (uint32_t i = 0; i < n; i++) {
    vs_entry *e = &t->vs[t->nvs - n + i];
    if (e->loc != dst) emit_copy(t, e->type, dst, e->loc);
    dst += wb_valtype_slots(e->type);
  }
}

/* ---- control ---- */
static ctl_entry *push_ctl(translator *t, uint8_t kind) {
  if (t->nctl == t->capctl) {
    uint32_t cap = t->capctl ? t->capctl * 2 : 16;
    ctl_entry *c = realloc(t->ctl, cap * sizeof *c);
    if (!c) { t->oom = true; static ctl_entry dummy; return &dummy; }
    t->ctl = c; t->capctl = cap;
  }
  ctl_entry *c = &t->ctl[t->nctl++];
  memset(c, 0, sizeof *c);
  c->kind = kind;
  c->fixups = NO_FIXUP;
  c->else_fixup = NO_FIXUP;
  c->dead_entry = t->dead;
  c->first_site = t->nsites;
  return c;
}

static void read_blocktype(translator *t, ctl_entry *c) {
  uint8_t b = *t->p;
  if (b == WB_BLOCKTYPE_EMPTY) { t->p++; return; }
  if (b == WB_I32 || b == WB_I64 || b == WB_F32 || b == WB_F64 || b == WB_V128 || b == WB_FUNCREF ||
      b == WB_EXTERNREF) {
    t->p++;
    c->single = b; c->nresults = 1;
    return;
  }
  const wb_functype *ft = &t->m->types[(uint32_t)rd_s64(t)];
  c->nparams = ft->nparams; c->params = wb_functype_params(ft);
  c->nresults = ft->nresults; c->results = wb_functype_results(ft);
}

/* Makes `cell`, a branch operand, one to patch with the block's end. */
static void chain_fixup(ctl_entry *c, uint32_t *cells, uint32_t cell) {
  cells[cell] = c->fixups;
  c->fixups = cell;
  if (c->nresults) c->unrecorded++; /* until emit_br records where the branch's result is written */
}
/* Emits a branch operand that will be patched to the block's end. */
static void emit_fixup(translator *t, ctl_entry *c) {
  emit(t, 0);
  if (!t->oom) chain_fixup(c, t->cells, t->ncells - 1);
}
static void patch_fixups(translator *t, uint32_t head, uint32_t target) {
  note_label_at(t, target);
  while (head != NO_FIXUP) {
    uint32_t next = t->cells[head];
    t->cells[head] = target;
    head = next;
  }
}

/* Label arity and destination of a branch to ctl entry c. */
static uint32_t label_arity(const ctl_entry *c) { return c->kind == CTL_LOOP ? c->nparams : c->nresults; }

static void emit_return(translator *t) {
  uint32_t n = t->type->nresults;
  if (n == 1 && wb_valtype_slots(t->vs[t->nvs - 1].type) == 1) {
    emit_op(t, WB_IOP_RETURN1);
    emit(t, t->vs[t->nvs - 1].loc);
    return;
  }
  /* Results may be read from locals (or pooled constants) that the copies to fp[0..] overwrite:
   * take them home first. The virtual stack is left as it is: on a conditional or br_table path
   * the fall-through code still sees the values where they were. */
  uint32_t dst = 0;
  for (uint32_t i = 0; i < n; i++) {
    vs_entry *e = &t->vs[t->nvs - n + i];
    if (e->loc != e->home) emit_copy(t, e->type, e->home, e->loc);
  }
  for (uint32_t i = 0; i < n; i++) {
    vs_entry *e = &t->vs[t->nvs - n + i];
    if (e->home != dst) emit_copy(t, e->type, dst, e->home);
    dst += wb_valtype_slots(e->type);
  }
  emit_op(t, WB_IOP_RETURN);
}

/* The handler of an unconditional branch (its target cell follows): a copy or an i32.add just
 * before it joins it. */
static void emit_jump_op(translator *t) {
  if (t->last_start != NO_FIXUP && t->last_iop == WB_IOP_I32_ADD && t->last_start + 4 == t->ncells) {
    uint32_t start = t->last_start, d = t->cells[start + 1], a = t->cells[start + 2], b = t->cells[start + 3];
    rewind_to(t, start);
    emit_op(t, WB_IOP_I32_ADD_BR);
    emit(t, d); emit(t, a); emit(t, b);
    return;
  }
  uint32_t d, a;
  if (take_copy(t, &d, &a)) {
    emit_op(t, WB_IOP_COPY_BR);
    emit(t, d); emit(t, a);
    return;
  }
  emit_op(t, WB_IOP_BR);
}

/* Unconditional jump to the end of block or if c carrying its results. */
static void jump_to_end(translator *t, ctl_entry *c) {
  move_top(t, c->nresults, c->home);
  /* A one result just written by the last instruction (a copy or its producer): where the
   * result goes may change at the end (result_into_local). */
  uint32_t dst_cell = c->nresults == 1 && t->last_dst_cell != NO_FIXUP && t->cells[t->last_dst_cell] == c->home
                          ? t->last_dst_cell : NO_FIXUP;
  emit_jump_op(t); /* may join the last instruction, which keeps its destination cell */
  emit_fixup(t, c);
  if (dst_cell == NO_FIXUP || t->cells[dst_cell] != c->home) return;
  if (t->nsites == t->capsites) {
    uint32_t cap = t->capsites ? t->capsites * 2 : 32;
    void *n = realloc(t->sites, cap * sizeof *t->sites);
    if (!n) { t->oom = true; return; }
    t->sites = n; t->capsites = cap;
  }
  t->sites[t->nsites].ctl = (uint32_t)(c - t->ctl);
  t->sites[t->nsites++].cell = dst_cell;
  c->unrecorded--;
}
/* Unconditional branch to relative depth `depth` carrying the label's values. */
static void emit_br(translator *t, uint32_t depth) {
  ctl_entry *c = &t->ctl[t->nctl - 1 - depth];
  if (c->kind == CTL_FUNC) { emit_return(t); return; }
  if (c->kind != CTL_LOOP) { jump_to_end(t, c); return; }
  move_top(t, label_arity(c), c->home);
  emit_jump_op(t);
  emit(t, c->loop_start);
}
/* Whether a branch to depth needs no copies (values already where the label wants them). */
static bool br_is_plain(translator *t, uint32_t depth) {
  ctl_entry *c = &t->ctl[t->nctl - 1 - depth];
  if (c->kind == CTL_FUNC) return false;
  uint32_t n = label_arity(c), dst = c->home;
  for (uint32_t i = 0; i < n; i++) {
    vs_entry *e = &t->vs[t->nvs - n + i];
    if (e->loc != dst) return false;
    dst += wb_valtype_slots(e->type);
  }
  return true;
}
static void emit_target(translator *t, uint32_t depth) {
  ctl_entry *c = &t->ctl[t->nctl - 1 - depth];
  if (c->kind == CTL_LOOP) emit(t, c->loop_start); else emit_fixup(t, c);
}

static bool is_i32_compare(uint32_t iop) {
  return iop == WB_IOP_I32_EQZ || (iop >= WB_IOP_I32_EQ && iop <= WB_IOP_I32_GE_U);
}
static bool is_i64_compare(uint32_t iop) {
  return iop == WB_IOP_I64_EQZ || (iop >= WB_IOP_I64_EQ && iop <= WB_IOP_I64_GE_U);
}
/* The fused compare-and-branch for compare `iop`, branching when the comparison is `when`. */
static uint32_t fused_branch(uint32_t iop, bool when) {
  switch (iop) {
  case WB_IOP_I32_EQZ: return when ? WB_IOP_I32_EQZ_BR : WB_IOP_BR_IF;
  case WB_IOP_I32_EQ: return when ? WB_IOP_I32_EQ_BR : WB_IOP_I32_NE_BR;
  case WB_IOP_I32_NE: return when ? WB_IOP_I32_NE_BR : WB_IOP_I32_EQ_BR;
  case WB_IOP_I32_LT_S: return when ? WB_IOP_I32_LT_S_BR : WB_IOP_I32_GE_S_BR;
  case WB_IOP_I32_LT_U: return when ? WB_IOP_I32_LT_U_BR : WB_IOP_I32_GE_U_BR;
  case WB_IOP_I32_GT_S: return when ? WB_IOP_I32_GT_S_BR : WB_IOP_I32_LE_S_BR;
  case WB_IOP_I32_GT_U: return when ? WB_IOP_I32_GT_U_BR : WB_IOP_I32_LE_U_BR;
  case WB_IOP_I32_LE_S: return when ? WB_IOP_I32_LE_S_BR : WB_IOP_I32_GT_S_BR;
  case WB_IOP_I32_LE_U: return when ? WB_IOP_I32_LE_U_BR : WB_IOP_I32_GT_U_BR;
  case WB_IOP_I32_GE_S: return when ? WB_IOP_I32_GE_S_BR : WB_IOP_I32_LT_S_BR;
  case WB_IOP_I32_GE_U: return when ? WB_IOP_I32_GE_U_BR : WB_IOP_I32_LT_U_BR;
  case WB_IOP_I64_EQZ: return when ? WB_IOP_I64_EQZ_BR : WB_IOP_I64_NEZ_BR;
  case WB_IOP_I64_EQ: return when ? WB_IOP_I64_EQ_BR : WB_IOP_I64_NE_BR;
  case WB_IOP_I64_NE: return when ? WB_IOP_I64_NE_BR : WB_IOP_I64_EQ_BR;
  case WB_IOP_I64_LT_S: return when ? WB_IOP_I64_LT_S_BR : WB_IOP_I64_GE_S_BR;
  case WB_IOP_I64_LT_U: return when ? WB_IOP_I64_LT_U_BR : WB_IOP_I64_GE_U_BR;
  case WB_IOP_I64_GT_S: return when ? WB_IOP_I64_GT_S_BR : WB_IOP_I64_LE_S_BR;
  case WB_IOP_I64_GT_U: return when ? WB_IOP_I64_GT_U_BR : WB_IOP_I64_LE_U_BR;
  case WB_IOP_I64_LE_S: return when ? WB_IOP_I64_LE_S_BR : WB_IOP_I64_GT_S_BR;
  case WB_IOP_I64_LE_U: return when ? WB_IOP_I64_LE_U_BR : WB_IOP_I64_GT_U_BR;
  case WB_IOP_I64_GE_S: return when ? WB_IOP_I64_GE_S_BR : WB_IOP_I64_LT_S_BR;
  case WB_IOP_I64_GE_U: return when ? WB_IOP_I64_GE_U_BR : WB_IOP_I64_LT_U_BR;
  }
  return 0;
}

/* The compare-and-branch testing the same as f with its operands swapped. */
static uint32_t swapped_branch(uint32_t f) {
  switch (f) {
  case WB_IOP_I32_LT_S_BR: return WB_IOP_I32_GT_S_BR;
  case WB_IOP_I32_LT_U_BR: return WB_IOP_I32_GT_U_BR;
  case WB_IOP_I32_GT_S_BR: return WB_IOP_I32_LT_S_BR;
  case WB_IOP_I32_GT_U_BR: return WB_IOP_I32_LT_U_BR;
  case WB_IOP_I32_LE_S_BR: return WB_IOP_I32_GE_S_BR;
  case WB_IOP_I32_LE_U_BR: return WB_IOP_I32_GE_U_BR;
  case WB_IOP_I32_GE_S_BR: return WB_IOP_I32_LE_S_BR;
  case WB_IOP_I32_GE_U_BR: return WB_IOP_I32_LE_U_BR;
  default: return f; /* EQ, NE */
  }
}

/* A slot of the operand stack (not a local or a pooled constant). */
static bool is_temp(const translator *t, uint32_t slot) { return slot >= t->const_base + t->const_cap; }

/* Whether the instruction just emitted produced stack value e into e's home, where e still is:
 * a temporary consumed now, so an instruction fused with its producer need not store it. */
static bool last_made(const translator *t, vs_entry e) {
  return t->last_start != NO_FIXUP && t->last_dst_cell == t->last_start + 1 && e.loc == e.home &&
         t->cells[t->last_dst_cell] == e.home;
}
/* The same for exactly one of a binary operation's operands; *right: it is b. */
static bool last_made_one(const translator *t, vs_entry a, vs_entry b, bool *right) {
  bool left = last_made(t, a);
  *right = last_made(t, b);
  return left != *right;
}
/* When the instruction just emitted is an i32.add producing address a, takes it back and
 * returns its operands: the access that follows computes the address itself. */
static bool take_add_address(translator *t, vs_entry a, uint32_t *x, uint32_t *y) {
  if (!last_made(t, a) || t->last_iop != WB_IOP_I32_ADD) return false;
  *x = t->cells[t->last_start + 2];
  *y = t->cells[t->last_start + 3];
  rewind_to(t, t->last_start);
  return true;
}

/* After take_add_address: when one operand of the address, x or y, is an index the instruction
 * before just computed into a temporary as (v >> k) & m or (v & m) << k (a fused pair), takes
 * that back too and returns the table lookup doing all three (code.h), with ops = v and the
 * pair's other two operands in the lookup's order, and *base the add's other operand. */
static uint32_t take_table_index(translator *t, uint32_t x, uint32_t y, uint32_t ops[3], uint32_t *base) {
  uint32_t s = t->last_start, iop = t->last_iop;
  if (s == NO_FIXUP || s + 5 != t->ncells) return 0;
  uint32_t d = t->cells[s + 1], lookup;
  const uint32_t *c = t->cells + s;
  if (iop == WB_IOP_FUSE_I32_SHR_U_AND_L || iop == WB_IOP_FUSE_I32_AND_SHL_L) {
    lookup = iop == WB_IOP_FUSE_I32_AND_SHL_L ? WB_IOP_I32_LOAD_AND_SHL_AX : WB_IOP_I32_LOAD_SHR_AND_AX;
    ops[0] = c[2]; ops[1] = c[3]; ops[2] = c[4];
  } else if (iop == WB_IOP_FUSE_I32_SHR_U_AND_R) { /* d m v k: m & (v >> k) */
    lookup = WB_IOP_I32_LOAD_SHR_AND_AX;
    ops[0] = c[3]; ops[1] = c[4]; ops[2] = c[2];
  } else {
    return 0;
  }
  if (!is_temp(t, d) || (x == d) == (y == d)) return 0;
  *base = x == d ? y : x;
  rewind_to(t, s);
  return lookup;
}

/* Whether the instruction emitted just before the last one is `len` cells long (so ends where the
 * last one starts) and wrote slot `dst`. */
static bool prev_wrote(const translator *t, uint32_t dst, uint32_t len) {
  return t->prev_start != NO_FIXUP && t->prev_start + len == t->last_start && t->cells[t->prev_start + 1] == dst;
}

/* Operands x, y of the binary instruction `iop` emitted just before the last one, when it wrote
 * slot `dst`, so that the two can become one. */
static bool prev_binary(const translator *t, uint32_t iop, uint32_t dst, uint32_t *x, uint32_t *y) {
  if (t->prev_iop != iop || !prev_wrote(t, dst, 4)) return false;
  *x = t->cells[t->prev_start + 2];
  *y = t->cells[t->prev_start + 3];
  return true;
}

/* A branch on a lane test (v128.any_true, or the i64 I64X2_OR_LANES), through any number of
 * i32.eqz/i64.eqz, all just computed into temporaries: one branch on the vector (V128_ANY_BR or
 * V128_NONE_BR, each eqz turning the test around). Returns the target cell, 0 when not fused. */
static uint32_t fuse_lane_test_branch(translator *t, vs_entry cond, bool when) {
  if (!last_made(t, cond) || !t->nhist || t->hist_start[t->nhist - 1] != t->last_start) return 0;
  uint32_t value = cond.loc, end = t->ncells;
  for (uint32_t i = t->nhist; i-- > 0;) {
    uint32_t s = t->hist_start[i], iop = t->cells[s];
    if (s + 3 != end || t->cells[s + 1] != value || !is_temp(t, value)) return 0;
    if (iop == WB_IOP_V128_ANY_TRUE || iop == WB_IOP_I64X2_OR_LANES) {
      uint32_t v = t->cells[s + 2];
      rewind_to(t, s);
      emit_op(t, when ? WB_IOP_V128_ANY_BR : WB_IOP_V128_NONE_BR);
      emit(t, v); emit(t, 0);
      return t->ncells - 1;
    }
    if (iop != WB_IOP_I32_EQZ && iop != WB_IOP_I64_EQZ) return 0;
    value = t->cells[s + 2];
    when = !when;
    end = s;
  }
  return 0;
}

/* The branch just emitted (its target the last cell) joined with the instruction before it, when
 * code.h has the pair (a loop stepping its pointers, then closing): one instruction for the two,
 * which reports a trap at the first one's offset. Returns the target cell where it is now. */
static uint32_t join_branch(translator *t, uint32_t target) {
  uint32_t s = hist_before_last(t);
  if (s == NO_FIXUP || target + 1 != t->ncells) return target;
  uint32_t first = t->cells[s], fused = 0, first_len = 0;
#define X(f, len, branch) \
  if (first == WB_IOP_##f && t->last_iop == WB_IOP_##branch) { fused = WB_IOP_##f##_##branch; first_len = len; }
  WB_FUSE_BRANCH_JOINS(X)
#undef X
  uint32_t len = t->ncells - t->last_start, cells[24];
  if (!fused || s + first_len != t->last_start || first_len + len - 2 > 24) return target;
  memcpy(cells, t->cells + s + 1, (first_len - 1) * sizeof *cells);
  memcpy(cells + first_len - 1, t->cells + t->last_start + 1, (len - 1) * sizeof *cells);
  rewind_keeping_pos(t, s);
  emit_op(t, fused);
  for (uint32_t i = 0; i < first_len + len - 2; i++) emit(t, cells[i]);
  return t->ncells - 1;
}

static uint32_t emit_cond_branch_unjoined(translator *t, vs_entry cond, bool when);
/* Emits a branch taken when cond is `when` (emit_cond_branch_unjoined), joined with the
 * instruction before it where code.h has the pair. Returns the target cell, left 0 for the
 * caller to fill. */
static uint32_t emit_cond_branch(translator *t, vs_entry cond, bool when) {
  return join_branch(t, emit_cond_branch_unjoined(t, cond, when));
}

/* Emits a branch taken when cond is `when`, fused with what just produced cond (a compare, an
 * and, an add or sub, a load) or with a copy just before it. Its target cell is left 0 for the
 * caller to fill; returns that cell's index. */
static uint32_t emit_cond_branch_unjoined(translator *t, vs_entry cond, bool when) {
  uint32_t lane_test = fuse_lane_test_branch(t, cond, when);
  if (lane_test) return lane_test;
  /* The i32.eqz of a compare just made (LLVM writes an i64 `!= 0` as i64.eqz; i32.eqz): the
   * compare is the condition, and the branch is taken the other way. */
  if (last_made(t, cond) && t->last_iop == WB_IOP_I32_EQZ && t->prev_start != NO_FIXUP &&
      (is_i32_compare(t->prev_iop) || is_i64_compare(t->prev_iop))) {
    uint32_t a = t->cells[t->last_start + 2], ps = t->prev_start;
    bool unary = t->prev_iop == WB_IOP_I32_EQZ || t->prev_iop == WB_IOP_I64_EQZ;
    if (is_temp(t, a) && prev_wrote(t, a, unary ? 3 : 4)) {
      take_back(t, t->last_start);
      t->last_dst_cell = ps + 1; /* the compare's result is consumed here, as the eqz's was */
      cond = (vs_entry){a, a, WB_I32};
      when = !when;
    }
  }
  if (last_made(t, cond) && (is_i32_compare(t->last_iop) || is_i64_compare(t->last_iop))) {
    uint32_t iop = t->last_iop, start = t->last_start;
    bool unary = iop == WB_IOP_I32_EQZ || iop == WB_IOP_I64_EQZ;
    uint32_t a = t->cells[start + 2], b = unary ? 0 : t->cells[start + 3];
    uint32_t f = fused_branch(iop, when), x, y;
    /* (x & y) == 0 with the and's result a temporary: one test-and-branch. */
    if (iop == WB_IOP_I32_EQZ && is_temp(t, a) && prev_binary(t, WB_IOP_I32_AND, a, &x, &y)) {
      rewind_to(t, t->prev_start);
      emit_op(t, when ? WB_IOP_I32_AND_Z_BR : WB_IOP_I32_AND_NZ_BR);
      emit(t, x); emit(t, y); emit(t, 0);
      return t->ncells - 1;
    }
    /* A value just loaded, tested against zero or compared for equality: one instruction. */
    uint32_t ld = t->prev_start != NO_FIXUP && t->prev_start + 4 == start ? t->prev_iop : 0;
    if (!t->checked && (ld == WB_IOP_I32_LOAD || ld == WB_IOP_I32_LOAD8_U) &&
        (iop == WB_IOP_I32_EQZ || iop == WB_IOP_I32_EQ || iop == WB_IOP_I32_NE)) {
      uint32_t d = t->cells[t->prev_start + 1], p = t->cells[t->prev_start + 2], off = t->cells[t->prev_start + 3];
      bool byte = ld == WB_IOP_I32_LOAD8_U;
      if (is_temp(t, d) && (d == a || (!unary && d == b))) {
        uint32_t other = d == a ? b : a;
        rewind_keeping_pos(t, t->prev_start);
        if (unary) {
          emit_op(t, when ? (byte ? WB_IOP_I32_LOAD8_U_Z_BR : WB_IOP_I32_LOAD_Z_BR)
                          : (byte ? WB_IOP_I32_LOAD8_U_NZ_BR : WB_IOP_I32_LOAD_NZ_BR));
          emit(t, p); emit(t, off); emit(t, 0);
        } else {
          bool eq = f == WB_IOP_I32_EQ_BR;
          emit_op(t, eq ? (byte ? WB_IOP_I32_LOAD8_U_EQ_BR : WB_IOP_I32_LOAD_EQ_BR)
                        : (byte ? WB_IOP_I32_LOAD8_U_NE_BR : WB_IOP_I32_LOAD_NE_BR));
          emit(t, p); emit(t, off); emit(t, other); emit(t, 0);
        }
        return t->ncells - 1;
      }
    }
    /* (n = n - 1) == 0: the add/sub (its result stored) tests its own result. */
    if (iop == WB_IOP_I32_EQZ && (prev_binary(t, WB_IOP_I32_ADD, a, &x, &y) ||
                                  prev_binary(t, WB_IOP_I32_SUB, a, &x, &y))) {
      bool sub = t->prev_iop == WB_IOP_I32_SUB;
      rewind_to(t, t->prev_start);
      emit_op(t, sub ? (when ? WB_IOP_I32_SUB_Z_BR : WB_IOP_I32_SUB_NZ_BR)
                     : (when ? WB_IOP_I32_ADD_Z_BR : WB_IOP_I32_ADD_NZ_BR));
      emit(t, a); emit(t, x); emit(t, y); emit(t, 0);
      return t->ncells - 1;
    }
    /* i = i + k (or n = n - k), then compare it: the add or sub (its result stored) and the
     * compare-and-branch. */
    if (is_i32_compare(iop) && !unary && (prev_binary(t, WB_IOP_I32_ADD, a, &x, &y) ||
                                          prev_binary(t, WB_IOP_I32_ADD, b, &x, &y) ||
                                          prev_binary(t, WB_IOP_I32_SUB, a, &x, &y) ||
                                          prev_binary(t, WB_IOP_I32_SUB, b, &x, &y))) {
      uint32_t d = t->cells[t->prev_start + 1], other = d == a ? b : a;
      uint32_t family = t->prev_iop == WB_IOP_I32_SUB ? WB_IOP_I32_SUB_LT_S_BR : WB_IOP_I32_ADD_LT_S_BR;
      if (d != a) f = swapped_branch(f);
      rewind_to(t, t->prev_start);
      emit_op(t, f - WB_IOP_I32_LT_S_BR + family);
      emit(t, d); emit(t, x); emit(t, y); emit(t, other); emit(t, 0);
      return t->ncells - 1;
    }
    /* The same with an i64 counter (I64_ADD_*_BR, in the order of the I64 and I32 families). */
    _Static_assert(WB_IOP_I64_NE_BR - WB_IOP_I64_LT_S_BR == WB_IOP_I32_NE_BR - WB_IOP_I32_LT_S_BR &&
                   WB_IOP_I64_ADD_NE_BR - WB_IOP_I64_ADD_LT_S_BR == WB_IOP_I32_NE_BR - WB_IOP_I32_LT_S_BR,
                   "the compare-and-branch families are in one order");
    if (is_i64_compare(iop) && !unary && (prev_binary(t, WB_IOP_I64_ADD, a, &x, &y) ||
                                          prev_binary(t, WB_IOP_I64_ADD, b, &x, &y))) {
      uint32_t d = t->cells[t->prev_start + 1], other = d == a ? b : a;
      uint32_t k = f - WB_IOP_I64_LT_S_BR;
      if (d != a) k = swapped_branch(WB_IOP_I32_LT_S_BR + k) - WB_IOP_I32_LT_S_BR;
      rewind_to(t, t->prev_start);
      emit_op(t, WB_IOP_I64_ADD_LT_S_BR + k);
      emit(t, d); emit(t, x); emit(t, y); emit(t, other); emit(t, 0);
      return t->ncells - 1;
    }
    rewind_to(t, start);
    emit_op(t, f);
    emit(t, a);
    if (!unary) emit(t, b);
    emit(t, 0);
    return t->ncells - 1;
  }
  uint32_t x, y;
  /* An i32.add/sub just emitted whose result (kept, often in a local: n = n - 1) is the
   * condition: one instruction computes, stores and branches. */
  if (t->last_start != NO_FIXUP && t->last_start + 4 == t->ncells &&
      (t->last_iop == WB_IOP_I32_ADD || t->last_iop == WB_IOP_I32_SUB) &&
      t->cells[t->last_start + 1] == cond.loc) {
    bool sub = t->last_iop == WB_IOP_I32_SUB;
    uint32_t d = t->cells[t->last_start + 1];
    x = t->cells[t->last_start + 2]; y = t->cells[t->last_start + 3];
    rewind_to(t, t->last_start);
    emit_op(t, sub ? (when ? WB_IOP_I32_SUB_NZ_BR : WB_IOP_I32_SUB_Z_BR)
                   : (when ? WB_IOP_I32_ADD_NZ_BR : WB_IOP_I32_ADD_Z_BR));
    emit(t, d); emit(t, x); emit(t, y); emit(t, 0);
    return t->ncells - 1;
  }
  if (last_made(t, cond) && t->last_iop == WB_IOP_I32_AND) {
    x = t->cells[t->last_start + 2]; y = t->cells[t->last_start + 3];
    rewind_to(t, t->last_start);
    emit_op(t, when ? WB_IOP_I32_AND_NZ_BR : WB_IOP_I32_AND_Z_BR);
    emit(t, x); emit(t, y); emit(t, 0);
    return t->ncells - 1;
  }
  if (!t->checked && last_made(t, cond) &&
      (t->last_iop == WB_IOP_I32_LOAD || t->last_iop == WB_IOP_I32_LOAD8_U)) {
    bool byte = t->last_iop == WB_IOP_I32_LOAD8_U;
    x = t->cells[t->last_start + 2]; y = t->cells[t->last_start + 3];
    rewind_keeping_pos(t, t->last_start);
    emit_op(t, when ? (byte ? WB_IOP_I32_LOAD8_U_NZ_BR : WB_IOP_I32_LOAD_NZ_BR)
                    : (byte ? WB_IOP_I32_LOAD8_U_Z_BR : WB_IOP_I32_LOAD_Z_BR));
    emit(t, x); emit(t, y); emit(t, 0);
    return t->ncells - 1;
  }
  /* A copy just before (a value moved between locals as control flow splits) joins the branch;
   * the handler copies first, so the condition may be the copy's destination. */
  uint32_t d, a;
  if (take_copy(t, &d, &a)) {
    emit_op(t, when ? WB_IOP_COPY_BR_IF : WB_IOP_COPY_BR_UNLESS);
    emit(t, d); emit(t, a); emit(t, cond.loc); emit(t, 0);
    return t->ncells - 1;
  }
  emit_op(t, when ? WB_IOP_BR_IF : WB_IOP_BR_UNLESS);
  emit(t, cond.loc);
  emit(t, 0);
  return t->ncells - 1;
}

/* ---- instructions ---- */
static void op_unary(translator *t, uint32_t iop, uint8_t rtype) {
  vs_entry a = pop(t);
  if (iop == WB_IOP_I32_WRAP_I64 && last_made(t, a) && t->last_iop == WB_IOP_I64_SHR_U) {
    /* The high half of a 64-bit product or sum: one instruction. */
    uint32_t x = t->cells[t->last_start + 2], y = t->cells[t->last_start + 3];
    rewind_to(t, t->last_start);
    emit_op(t, WB_IOP_I32_WRAP_SHR_U64);
    vs_entry *r = push(t, rtype);
    emit(t, r->home); mark_dst(t); emit(t, x); emit(t, y);
    return;
  }
  emit_op(t, iop);
  vs_entry *r = push(t, rtype);
  emit(t, r->home); mark_dst(t);
  emit(t, a.loc);
}
/* The fusable operations by type (code.h): their iops, how many, the first fused iop. */
static const uint32_t fuse_ops[] = {
#define WB_Y(unused, T, op) WB_IOP_##T##_##op,
  WB_FUSE_I32_OPS_B(WB_Y, ) WB_FUSE_I64_OPS_B(WB_Y, ) WB_FUSE_F64_OPS_B(WB_Y, )
#undef WB_Y
};
static const struct { uint32_t begin, count, first_fused; } fuse_groups[] = {
  {0, WB_FUSE_I32_COUNT, WB_IOP_FUSE_I32_FIRST},
  {WB_FUSE_I32_COUNT, WB_FUSE_I64_COUNT, WB_IOP_FUSE_I64_FIRST},
  {WB_FUSE_I32_COUNT + WB_FUSE_I64_COUNT, WB_FUSE_F64_COUNT, WB_IOP_FUSE_F64_FIRST},
};

/* Index of iop among the fusable operations of its type, with the type's group; or -1. */
static int fuse_index(uint32_t iop, int *group) {
  for (int g = 0; g < 3; g++)
    for (uint32_t i = 0; i < fuse_groups[g].count; i++)
      if (fuse_ops[fuse_groups[g].begin + i] == iop) { *group = g; return (int)i; }
  return -1;
}

/* SHA-2's Sigma functions, rotl(x, a) ^ rotl(x, b) and a third rotation or shift of the same x
 * xored on: called with a pair (x op1 y) xored onto temporary a just taken back, when the
 * instruction before computed a from x (a rotation, or the first two terms) it becomes one. */
static bool fuse_rotations(translator *t, uint32_t pair, vs_entry a, uint32_t x, uint32_t y, uint8_t rtype) {
  bool rot = pair == WB_IOP_FUSE_I32_ROTL_XOR_R;
  if (!rot && pair != WB_IOP_FUSE_I32_SHR_U_XOR_R) return false;
  uint32_t s = t->last_start, len = t->last_iop == WB_IOP_I32_ROTL ? 4 : t->last_iop == WB_IOP_I32_ROTL2_XOR ? 5 : 0;
  if (s == NO_FIXUP || !len || s + len != t->ncells || (len == 4 && !rot)) return false;
  const uint32_t *c = t->cells + s;
  /* a is that instruction's result, and x is not (it would be read after a was written). */
  if (a.loc != a.home || !is_temp(t, a.home) || c[1] != a.home || c[2] != x || x == a.home) return false;
  uint32_t k1 = c[3], k2 = c[4];
  uint32_t iop = len == 4 ? WB_IOP_I32_ROTL2_XOR : rot ? WB_IOP_I32_ROTL3_XOR : WB_IOP_I32_ROTL2_XOR_SHR_U;
  rewind_to(t, s);
  emit_op(t, iop);
  vs_entry *r = push(t, rtype);
  emit(t, r->home); mark_dst(t);
  emit(t, x); emit(t, k1);
  if (len == 5) emit(t, k2);
  emit(t, y);
  return true;
}

/* Fuses binary operation iop with the instruction just emitted when that one is a fusable
 * operation of the same type whose result is the temporary a or b (consumed here, so it need
 * not be stored). Returns false when it does not apply. */
static bool fuse_binary(translator *t, uint32_t iop, vs_entry a, vs_entry b, uint8_t rtype) {
  bool right;
  if (!last_made_one(t, a, b, &right)) return false;
  int w1 = -1, w2 = -1, i1 = fuse_index(t->last_iop, &w1), i2 = fuse_index(iop, &w2);
  if (i1 < 0 || i2 < 0 || w1 != w2) return false;
  uint32_t start = t->last_start, x = t->cells[start + 2], y = t->cells[start + 3];
  uint32_t n = fuse_groups[w1].count, first = fuse_groups[w1].first_fused;
  uint32_t pair = first + 2 * ((uint32_t)i1 * n + (uint32_t)i2) + (right ? 1 : 0);
  rewind_to(t, start);
  if (right && fuse_rotations(t, pair, a, x, y, rtype)) return true;
  emit_op(t, pair);
  vs_entry *r = push(t, rtype);
  emit(t, r->home); mark_dst(t);
  if (!right) { emit(t, x); emit(t, y); emit(t, b.loc); }
  else { emit(t, a.loc); emit(t, x); emit(t, y); }
  return true;
}

/* The fused load-and-operate instruction (code.h) for load `load_iop` feeding `iop`, or 0. */
static uint32_t load_op_fused(uint32_t load_iop, uint32_t iop) {
#define WB_X(load, T, op) \
  if (load_iop == WB_IOP_##load && iop == WB_IOP_##T##_##op) return WB_IOP_LD_##load##_##op##_L;
  WB_FUSE_LOAD_OPS(WB_X)
#undef WB_X
  return 0;
}

/* Fuses binary operation iop with the load just emitted when its result is the temporary a or b
 * (guard-page mode only: the load's access is not checked by an instruction of its own). */
static bool fuse_load_operand(translator *t, uint32_t iop, vs_entry a, vs_entry b, uint8_t rtype) {
  bool right;
  if (t->checked || !last_made_one(t, a, b, &right)) return false;
  uint32_t f = load_op_fused(t->last_iop, iop);
  if (!f) return false;
  uint32_t start = t->last_start, addr = t->cells[start + 2], off = t->cells[start + 3];
  /* Both operands just loaded (a bignum's limbs): one instruction for the three. A product is
   * I64_MUL_LOAD32_U2; a sum (bn_add_words) is I64_MAC_LOAD32_U2 with a pooled 1 for w, so that
   * the carry and the store join it as they join a multiplication's limb step (when the pool has
   * room for the 1). */
  vs_entry other = right ? a : b;
  bool mul = f == WB_IOP_LD_I64_LOAD32_U_MUL_L;
  if ((mul || f == WB_IOP_LD_I64_LOAD32_U_ADD_L) && t->prev_start != NO_FIXUP &&
      t->prev_iop == WB_IOP_I64_LOAD32_U && t->prev_start + 4 == start && other.loc == other.home &&
      t->cells[t->prev_start + 1] == other.loc) {
    uint32_t one = mul ? 0 : pool_slot(t, WB_I64, 1);
    if (mul || one < t->nconsts) {
      uint32_t paddr = t->cells[t->prev_start + 2], poff = t->cells[t->prev_start + 3];
      rewind_keeping_pos(t, t->prev_start);
      emit_op(t, mul ? WB_IOP_I64_MUL_LOAD32_U2 : WB_IOP_I64_MAC_LOAD32_U2);
      vs_entry *r = push(t, rtype);
      emit(t, r->home); mark_dst(t);
      emit(t, paddr); emit(t, poff); emit(t, addr); emit(t, off);
      if (!mul) emit(t, t->const_base + one);
      return true;
    }
  }
  rewind_keeping_pos(t, start);
  emit_op(t, f + (right ? 1 : 0));
  vs_entry *r = push(t, rtype);
  emit(t, r->home); mark_dst(t);
  if (!right) { emit(t, addr); emit(t, off); emit(t, b.loc); }
  else { emit(t, a.loc); emit(t, addr); emit(t, off); }
  return true;
}

/* The fused operate-and-store instruction (code.h) for `iop` feeding store `store_iop`, or 0. */
static uint32_t op_store_fused(uint32_t iop, uint32_t store_iop) {
#define WB_X(T, op, store) \
  if (iop == WB_IOP_##T##_##op && store_iop == WB_IOP_##store) return WB_IOP_ST_##T##_##op##_##store;
  WB_FUSE_STORE_OPS(WB_X)
#undef WB_X
  return 0;
}

/* The read-modify-write instruction (code.h) for load-and-operate `ld_iop` stored by
 * `store_iop` (*right: the loaded value is the right operand), or 0. */
static uint32_t rmw_fused(uint32_t ld_iop, uint32_t store_iop, bool *right) {
#define WB_X(load, T, op, store) \
  if (store_iop == WB_IOP_##store && ld_iop == WB_IOP_LD_##load##_##op##_L) { \
    *right = false; return WB_IOP_RMW_##load##_##op##_L; \
  } \
  if (store_iop == WB_IOP_##store && ld_iop == WB_IOP_LD_##load##_##op##_R) { \
    *right = true; return WB_IOP_RMW_##load##_##op##_R; \
  }
  WB_FUSE_RMW_OPS(WB_X)
#undef WB_X
  return 0;
}

/* MOVEn for a plain load `load_iop` whose value store `store_iop` writes unchanged, or 0. */
static uint32_t move_fused(uint32_t load_iop, uint32_t store_iop) {
  static const uint8_t bytes[WB_IOP_COUNT] = {
#define WB_X(name, code, vt, n, ...) [WB_IOP_##name] = n,
    WB_MEMORY_OPS(WB_X)
#undef WB_X
  };
  static const bool is_store[WB_IOP_COUNT] = {
#define WB_X(name, code, vt, n, st, ...) [WB_IOP_##name] = st,
    WB_MEMORY_OPS(WB_X)
#undef WB_X
  };
  if (!bytes[load_iop] || is_store[load_iop] || bytes[load_iop] != bytes[store_iop]) return 0;
  switch (bytes[load_iop]) {
  case 1: return WB_IOP_MOVE1;
  case 2: return WB_IOP_MOVE2;
  case 4: return WB_IOP_MOVE4;
  default: return WB_IOP_MOVE8;
  }
}

/* The fused load-through-a-loaded-pointer instruction (code.h) for load `iop`, or 0. */
static uint32_t load_load_fused(uint32_t iop) {
#define WB_X(name, ...) if (iop == WB_IOP_##name) return WB_IOP_LL_##name;
  WB_FUSE_LOAD_LOAD_OPS(WB_X)
#undef WB_X
  return 0;
}

/* x + load32 * w, the inner step of bignum multiplication: an i64.add of a fused
 * load-and-multiply (LD_I64_LOAD32_U_MUL_*) and a value, itself maybe just loaded. */
static bool fuse_mac(translator *t, vs_entry a, vs_entry b) {
  bool right;
  if (!last_made_one(t, a, b, &right) ||
      (t->last_iop != WB_IOP_LD_I64_LOAD32_U_MUL_L && t->last_iop != WB_IOP_LD_I64_LOAD32_U_MUL_R))
    return false;
  uint32_t s0 = t->last_start;
  vs_entry other = right ? a : b;
  bool mul_right = t->last_iop == WB_IOP_LD_I64_LOAD32_U_MUL_R;
  uint32_t p = t->cells[s0 + (mul_right ? 3 : 2)], off = t->cells[s0 + (mul_right ? 4 : 3)];
  uint32_t w = t->cells[s0 + (mul_right ? 2 : 4)];
  if (t->prev_start != NO_FIXUP && t->prev_iop == WB_IOP_I64_LOAD32_U && t->prev_start + 4 == s0 &&
      other.loc == other.home && t->cells[t->prev_start + 1] == other.loc && w != other.loc) {
    uint32_t p1 = t->cells[t->prev_start + 2], off1 = t->cells[t->prev_start + 3];
    rewind_to(t, t->prev_start);
    emit_op(t, WB_IOP_I64_MAC_LOAD32_U2);
    vs_entry *r = push(t, WB_I64);
    emit(t, r->home); mark_dst(t);
    emit(t, p1); emit(t, off1); emit(t, p); emit(t, off); emit(t, w);
    return true;
  }
  rewind_to(t, s0);
  emit_op(t, WB_IOP_I64_MAC_LOAD32_U);
  vs_entry *r = push(t, WB_I64);
  emit(t, r->home); mark_dst(t);
  emit(t, other.loc); emit(t, p); emit(t, off); emit(t, w);
  return true;
}

/* An i32.add of a value and what the last instruction just computed, when that is the high half
 * of a 64-bit value (I32_WRAP_SHR_U64) or an unsigned comparison (a carry bit): the carry chains
 * of bignum code with 32-bit limbs (OpenSSL's comba multiplication) are made of these. */
static bool fuse_add_of(translator *t, vs_entry a, vs_entry b) {
  bool right;
  if (!last_made_one(t, a, b, &right)) return false;
  uint32_t iop;
  switch (t->last_iop) {
  case WB_IOP_I32_WRAP_SHR_U64: iop = WB_IOP_I32_ADD_WRAP_SHR_U64; break;
  case WB_IOP_I32_LT_U: iop = WB_IOP_I32_ADD_CARRY_LT_U; break;
  case WB_IOP_I32_GT_U: iop = WB_IOP_I32_ADD_CARRY_GT_U; break;
  default: return false;
  }
  uint32_t s0 = t->last_start, x = t->cells[s0 + 2], y = t->cells[s0 + 3];
  vs_entry other = right ? a : b;
  rewind_to(t, s0);
  emit_op(t, iop);
  vs_entry *r = push(t, WB_I32);
  emit(t, r->home); mark_dst(t); emit(t, other.loc); emit(t, x); emit(t, y);
  return true;
}

/* The I64_MAC2_CARRY_STORE32 just emitted right after another limb step (either form) or a chain
 * of them, 4 bytes further in all three arrays, its carry the step before's value (kept in the
 * same local), with pointers, multiplier and shift that no step writes: one chain instruction for
 * all (code.h; OpenSSL's bn_mul_add_words unrolls four steps). */
static void extend_limb_chain(translator *t) {
  uint32_t s0 = hist_before_last(t), s1 = t->last_start, len0, steps = 1, chain;
  if (s0 == NO_FIXUP) return;
  const uint32_t *p = t->cells + s0, *q = t->cells + s1;
  switch (p[0]) {
  case WB_IOP_I64_MAC2_CARRY_STORE32: len0 = 11; chain = WB_IOP_I64_MAC2_CARRY_CHAIN; break;
  case WB_IOP_I64_MAC2_ADD_STORE32: len0 = 10; chain = WB_IOP_I64_MAC2_ADD_CHAIN; break;
  case WB_IOP_I64_MAC2_CARRY_CHAIN: case WB_IOP_I64_MAC2_ADD_CHAIN: len0 = 12; chain = p[0]; steps = p[11]; break;
  default: return;
  }
  /* prev: d p1 off1 p2 off2 w x [y] q offq [n]; new: d p1 off1 p2 off2 w x y q offq */
  bool has_y = len0 != 10;
  uint32_t d = q[1], rq = p[has_y ? 9 : 8], roff = p[has_y ? 10 : 9], y = q[8];
  uint64_t step = 4 * (uint64_t)steps;
  if (s0 + len0 != s1 || p[1] != d || q[7] != d || q[2] != p[2] || q[4] != p[4] || q[6] != p[6] ||
      q[9] != rq || (has_y && p[8] != y) || q[3] != p[3] + step || q[5] != p[5] + step || q[10] != roff + step ||
      d == p[2] || d == p[4] || d == p[6] || d == y || d == rq)
    return;
  uint32_t cells[11] = {d, p[2], p[3], p[4], p[5], p[6], p[7], y, rq, roff, steps + 1};
  rewind_keeping_pos(t, s0);
  emit_op(t, chain);
  for (int i = 0; i < 11; i++) emit(t, cells[i]);
}

/* i64.store32 of the limb step of OpenSSL's bn_mul_add_words, r[i] + a[i] * w + carry, whose
 * value (kept in a local, usually: the next step's carry) the last two instructions computed:
 * - I64_MAC_LOAD32_U2 (r[i] + a[i] * w) into a temporary, then FUSE_I64_SHR_U_ADD_R adding
 *   (c >> 32) to it: I64_MAC2_CARRY_STORE32;
 * - LD_I64_LOAD32_U_ADD_L/_R (c + r[i]) into a temporary, then I64_MAC_LOAD32_U adding a[i] * w
 *   to it: I64_MAC2_ADD_STORE32.
 * One instruction for the three (guard-page mode, as the loads they fuse). */
static bool fuse_limb_store(translator *t, vs_entry v, vs_entry addr, uint32_t off) {
  uint32_t s0 = t->prev_start, s1 = t->last_start;
  if (s0 == NO_FIXUP || s1 == NO_FIXUP) return false;
  const uint32_t *c = t->cells;
  uint32_t temp = c[s0 + 1], temps = t->const_base + t->const_cap;
  if (t->prev_iop == WB_IOP_I64_MAC_LOAD32_U2 && s0 + 7 == s1 && t->last_iop == WB_IOP_FUSE_I64_SHR_U_ADD_R) {
    /* prev: iop d p1 off1 p2 off2 w; last: iop d a x y, d = a + (x >> y) */
    uint32_t mac[5] = {c[s0 + 2], c[s0 + 3], c[s0 + 4], c[s0 + 5], c[s0 + 6]};
    uint32_t d = c[s1 + 1], a = c[s1 + 2], x = c[s1 + 3], y = c[s1 + 4];
    if (d != v.loc || a != temp || temp < temps) return false;
    rewind_keeping_pos(t, s0);
    emit_op(t, WB_IOP_I64_MAC2_CARRY_STORE32);
    emit(t, d);
    for (int i = 0; i < 5; i++) emit(t, mac[i]);
    emit(t, x); emit(t, y); emit(t, addr.loc); emit(t, off);
    extend_limb_chain(t);
    return true;
  }
  bool ld_left = t->prev_iop == WB_IOP_LD_I64_LOAD32_U_ADD_L;
  if ((ld_left || t->prev_iop == WB_IOP_LD_I64_LOAD32_U_ADD_R) && s0 + 5 == s1 &&
      t->last_iop == WB_IOP_I64_MAC_LOAD32_U) {
    /* prev: iop d p off y (_L) or iop d x p off (_R); last: iop d x p off w, d = x + load * w */
    uint32_t p1 = c[s0 + (ld_left ? 2 : 3)], off1 = c[s0 + (ld_left ? 3 : 4)], x = c[s0 + (ld_left ? 4 : 2)];
    uint32_t d = c[s1 + 1], sum = c[s1 + 2], p2 = c[s1 + 3], off2 = c[s1 + 4], w = c[s1 + 5];
    if (d != v.loc || sum != temp || temp < temps) return false;
    rewind_keeping_pos(t, s0);
    emit_op(t, WB_IOP_I64_MAC2_ADD_STORE32);
    emit(t, d); emit(t, p1); emit(t, off1); emit(t, p2); emit(t, off2); emit(t, w); emit(t, x);
    emit(t, addr.loc); emit(t, off);
    return true;
  }
  return false;
}

/* The axpy loop y[i] += x * z[i] unrolled twice, as clang makes it for wasm32: the first step
 * already one RMW_F64_LOAD_MUL_ADD_R x p poff q qoff, then the same step k bytes further: y's
 * pointer advanced in place (q = q + k), z's element loaded through p + k (F64_LOAD_AX at the same
 * offset), multiplied by the same x (the F64_MUL, operands a b) and added to y's element (about to
 * become RMW_F64_MUL_ADD_R at addr+off). The five instructions become one RMW2_F64_LOAD_MUL_ADD_R
 * (matrix products and the other dense f64 loops run this). */
static bool fuse_axpy_pair(translator *t, uint32_t a, uint32_t b, uint32_t addr, uint32_t off) {
  if (t->nhist < 5) return false;
  const uint32_t *h = t->hist_start + t->nhist - 5, *op = t->hist_iop + t->nhist - 5;
  if (op[0] != WB_IOP_RMW_F64_LOAD_MUL_ADD_R || op[1] != WB_IOP_I32_ADD || op[2] != WB_IOP_F64_LOAD_AX ||
      op[3] != WB_IOP_F64_MUL || h[3] != t->prev_start || h[0] + 6 != h[1] || h[1] + 4 != h[2] ||
      h[2] + 5 != h[3])
    return false;
  const uint32_t *c = t->cells, *first = c + h[0] + 1, *step = c + h[1] + 1, *load = c + h[2] + 1;
  uint32_t x = first[0], p = first[1], poff = first[2], q = first[3], qoff = first[4], k = step[2];
  /* step: q' a k; load: d z1 z2 zoff */
  bool same_step = step[0] == q && step[1] == q && addr == q && off == qoff && load[1] == p &&
                   load[2] == k && load[3] == poff && a == x;
  /* q distinct from p and k: the handler reads them once, before it writes q */
  if (!same_step || p == q || k == q || b != load[0] || a == b || !is_temp(t, b)) return false;
  /* The I32_ADD2 just before, computing p and q (clang's i + row bases): joined, when neither of
   * its destinations is read by the fused instruction (it writes them first). */
  if (t->nhist >= 6 && op[-1] == WB_IOP_I32_ADD2 && h[-1] + 7 == h[0]) {
    const uint32_t *add = c + h[-1] + 1; /* d1 a1 b1 d2 a2 b2 */
    int ip = add[0] == p && add[3] == q ? 0 : add[0] == q && add[3] == p ? 3 : -1;
    bool clear = ip >= 0;
    const uint32_t *pa = add + (clear ? ip + 1 : 0), *qa = add + (clear ? 4 - ip : 0);
    for (int i = 0; clear && i < 2; i++) {
      uint32_t d = i ? q : p;
      clear = d != x && d != k && d != pa[0] && d != pa[1] && d != qa[0] && d != qa[1];
    }
    if (clear) {
      uint32_t ops[10] = {x, p, pa[0], pa[1], poff, q, qa[0], qa[1], qoff, k};
      rewind_keeping_pos(t, h[-1]);
      emit_op(t, WB_IOP_RMW2_F64_LOAD_MUL_ADD_R_AX);
      for (int i = 0; i < 10; i++) emit(t, ops[i]);
      return true;
    }
  }
  rewind_keeping_pos(t, h[0]);
  emit_op(t, WB_IOP_RMW2_F64_LOAD_MUL_ADD_R);
  emit(t, x); emit(t, p); emit(t, poff); emit(t, q); emit(t, qoff); emit(t, k);
  return true;
}

/* x[i] += a * b and its axpy form y[i] += x * z[j]: the read-modify-write RMW_F64_LOAD_ADD_R
 * (product + loaded value, stored back) about to be made, its product the temporary `x` that the
 * instruction before (an F64_MUL, or a LD_F64_LOAD_MUL_L/_R multiplying by a loaded value) made.
 * One instruction for the two, in the same operand orders (nbody, matmul). */
static bool fuse_f64_mul_rmw(translator *t, uint32_t x, uint32_t addr, uint32_t off) {
  uint32_t s0 = t->prev_start, s1 = t->last_start;
  if (s0 == NO_FIXUP || s1 == NO_FIXUP || !is_temp(t, x) || t->cells[s0 + 1] != x) return false;
  const uint32_t *c = t->cells;
  if (t->prev_iop == WB_IOP_F64_MUL && s0 + 4 == s1) {
    uint32_t a = c[s0 + 2], b = c[s0 + 3];
    if (fuse_axpy_pair(t, a, b, addr, off)) return true;
    rewind_keeping_pos(t, s0);
    emit_op(t, WB_IOP_RMW_F64_MUL_ADD_R);
    emit(t, a); emit(t, b); emit(t, addr); emit(t, off);
    return true;
  }
  bool left = t->prev_iop == WB_IOP_LD_F64_LOAD_MUL_L;
  if ((left || t->prev_iop == WB_IOP_LD_F64_LOAD_MUL_R) && s0 + 5 == s1) {
    /* _L: iop d p poff y (d = load * y); _R: iop d y p poff (d = y * load) */
    uint32_t y = c[s0 + (left ? 4 : 2)], p = c[s0 + (left ? 2 : 3)], poff = c[s0 + (left ? 3 : 4)];
    rewind_keeping_pos(t, s0);
    emit_op(t, left ? WB_IOP_RMW_F64_LOAD_MUL_ADD_L : WB_IOP_RMW_F64_LOAD_MUL_ADD_R);
    emit(t, y); emit(t, p); emit(t, poff); emit(t, addr); emit(t, off);
    return true;
  }
  return false;
}

/* i64.or of the two lanes of one i64x2 vector, each just extracted into a temporary (clang's
 * `v[0] | v[1]`, asking whether any lane of a mask is set): one I64X2_OR_LANES. */
static bool fuse_lane_or(translator *t, vs_entry a, vs_entry b) {
  if (!last_made(t, b) || t->last_iop != WB_IOP_I64X2_EXTRACT_LANE || t->prev_iop != WB_IOP_I64X2_EXTRACT_LANE ||
      a.loc != a.home || !is_temp(t, a.loc) || !prev_wrote(t, a.loc, 4))
    return false;
  const uint32_t *first = t->cells + t->prev_start, *second = t->cells + t->last_start;
  uint32_t v = first[2];
  /* the same vector, still there for the second extraction (the first did not write over it) */
  if (second[2] != v || first[3] == second[3] || a.loc == v || a.loc == v + 1) return false;
  rewind_to(t, t->prev_start);
  emit_op(t, WB_IOP_I64X2_OR_LANES);
  vs_entry *r = push(t, WB_I64);
  emit(t, r->home); mark_dst(t); emit(t, v);
  return true;
}

static void op_binary(translator *t, uint32_t iop, uint8_t rtype) {
  vs_entry b = pop(t), a = pop(t);
  if (iop == WB_IOP_I64_ADD && !t->checked && fuse_mac(t, a, b)) return;
  if (iop == WB_IOP_I32_ADD && fuse_add_of(t, a, b)) return;
  if (iop == WB_IOP_I64_OR && fuse_lane_or(t, a, b)) return;
  if (fuse_binary(t, iop, a, b, rtype)) return;
  if (fuse_load_operand(t, iop, a, b, rtype)) return;
  emit_op(t, iop);
  vs_entry *r = push(t, rtype);
  emit(t, r->home); mark_dst(t);
  emit(t, a.loc);
  emit(t, b.loc);
}

static void do_local_set(translator *t, uint32_t idx, bool tee) {
  uint32_t slot = t->local_slot[idx];
  materialize_local(t, slot);
  vs_entry v = pop(t);
  if (v.loc != slot) {
    if (v.loc == v.home && t->last_dst_cell != NO_FIXUP && t->cells[t->last_dst_cell] == v.home) {
      t->cells[t->last_dst_cell] = slot; /* the producer writes the local directly */
    } else {
      emit_copy(t, v.type, slot, v.loc);
    }
    /* The result now lives in a local: no later retargeting or fusing may drop its store
     * (the instruction stays visible as the previous one for compare-and-branch fusing). */
    t->last_dst_cell = NO_FIXUP;
  }
  if (tee) {
    vs_entry *e = push(t, v.type);
    e->loc = slot;
  }
}

static void do_call(translator *t, const wb_functype *ft, uint32_t iop, uint32_t a0, uint32_t a1,
                    bool indirect) {
  vs_entry idx = {0, 0, 0};
  if (indirect) idx = pop(t);
  uint32_t n = ft->nparams;
  for (uint32_t i = 0; i < n; i++) materialize(t, &t->vs[t->nvs - n + i]);
  uint32_t arg = n ? t->vs[t->nvs - n].home : height(t);
  t->nvs -= n;
  emit_op(t, iop);
  emit(t, a0);
  if (indirect) emit(t, a1);
  emit(t, arg);
  if (indirect) emit(t, idx.loc);
  for (uint32_t i = 0; i < ft->nresults; i++) push(t, wb_functype_results(ft)[i]);
  forget_last(t);
}

static void enter_block(translator *t, uint8_t kind) {
  ctl_entry tmp;
  memset(&tmp, 0, sizeof tmp);
  read_blocktype(t, &tmp);
  if (t->dead) {
    ctl_entry *c = push_ctl(t, kind);
    c->nparams = tmp.nparams; c->nresults = tmp.nresults;
    return;
  }
  vs_entry cond = {0, 0, 0};
  if (kind == CTL_IF) cond = pop(t);
  materialize_all(t);
  for (uint32_t i = 0; i < tmp.nparams; i++) materialize(t, &t->vs[t->nvs - 1 - i]);
  if (kind != CTL_IF) forget_last(t); /* an `if` may still fuse with the compare before it */
  ctl_entry *c = push_ctl(t, kind);
  c->nparams = tmp.nparams; c->params = tmp.params;
  c->nresults = tmp.nresults; c->results = tmp.results; c->single = tmp.single;
  c->depth = t->nvs - c->nparams;
  c->home = c->nparams ? t->vs[c->depth].home : height(t);
  if (kind == CTL_LOOP) {
    t->loop_depth++;
    c->loop_start = t->ncells;
    note_label_at(t, t->ncells);
    emit_meter(t);
  }
  if (kind == CTL_IF) {
    /* Branch first: the copies below may reuse the condition's slot. */
    c->else_fixup = emit_cond_branch(t, cond, false);
    /* The then-branch works on copies of the parameters so the else-branch still finds them. */
    for (uint32_t i = 0; i < c->nparams; i++) {
      vs_entry src = t->vs[c->depth + i];
      vs_entry *e = push(t, src.type);
      emit_copy(t, src.type, e->home, src.home);
    }
    forget_last(t);
  }
}

/* Result types of a block; the ctl array may move, so a one-result type is read in place. */
static uint8_t block_result(const ctl_entry *c, uint32_t i) { return c->results ? c->results[i] : c->single; }

static void reset_stack_to_results(translator *t, uint32_t ci, bool params) {
  ctl_entry *c = &t->ctl[ci];
  uint32_t n = params ? c->nparams : c->nresults;
  t->nvs = c->depth;
  for (uint32_t i = 0; i < n; i++) {
    uint8_t ty = params ? c->params[i] : block_result(&t->ctl[ci], i);
    push(t, ty);
  }
}

static void do_else(translator *t) {
  ctl_entry *c = &t->ctl[t->nctl - 1];
  if (c->dead_entry) return;
  if (!t->dead) jump_to_end(t, c);
  t->cells[c->else_fixup] = t->ncells;
  note_label_at(t, t->ncells);
  c->else_fixup = NO_FIXUP;
  c->has_else = true;
  reset_stack_to_results(t, t->nctl - 1, true);
  t->dead = false;
  forget_last(t);
}

/* Returns false when the function's final `end` was reached. */
/* Forgets the recorded branch sites of block c, which ends, keeping outer blocks' recorded while it
 * was open; with slot != NO_FIXUP their instructions write that slot instead. */
static void take_sites(translator *t, const ctl_entry *c, uint32_t slot) {
  uint32_t ci = (uint32_t)(c - t->ctl), kept = c->first_site;
  for (uint32_t i = c->first_site; i < t->nsites; i++) {
    if (t->sites[i].ctl != ci) t->sites[kept++] = t->sites[i];
    else if (slot != NO_FIXUP) t->cells[t->sites[i].cell] = slot;
  }
  t->nsites = kept;
}

/* A block (or an if with an else) with one result followed by local.set/tee x (`block (result
 * i32) ... br 0 ... end local.set x`, as clang writes a value chosen on several paths; the
 * then-part's jump to the end is a branch too): when every branch to the end
 * has its result written by a known instruction right before it, those instructions write x
 * instead of the block's result slot, the fall-through value goes to x, and the local.set is
 * consumed here. Saves the copy at the join (in Lua's dispatch loop, one per Lua instruction).
 * Writing x early is safe: each such write is immediately followed by the branch to the end,
 * and at block entry no stack value still reads a local lazily (enter_block materializes them).
 * Not for metered code (the local.set would not be charged). Returns whether it was done. */
static bool result_into_local(translator *t, ctl_entry *c) {
  bool kind = c->kind == CTL_BLOCK || (c->kind == CTL_IF && c->has_else);
  if (!kind || c->nresults != 1 || c->unrecorded || t->metered || t->p >= t->end ||
      (*t->p != WB_OP_LOCAL_SET && *t->p != WB_OP_LOCAL_TEE))
    return false;
  uint8_t type = block_result(c, 0);
  if (wb_valtype_slots(type) != 1) return false;
  bool tee = *t->p++ == WB_OP_LOCAL_TEE;
  uint32_t slot = t->local_slot[rd_u32(t)];
  if (!t->dead) {
    vs_entry v = t->vs[t->nvs - 1];
    if (v.loc == slot) {
      /* already there */
    } else if (v.loc == v.home && t->last_dst_cell != NO_FIXUP && t->cells[t->last_dst_cell] == v.home) {
      t->cells[t->last_dst_cell] = slot;
    } else {
      emit_copy(t, type, slot, v.loc);
    }
  }
  take_sites(t, c, slot);
  patch_fixups(t, c->fixups, t->ncells);
  t->nvs = c->depth;
  t->nctl--;
  t->dead = false;
  forget_last(t);
  if (tee) {
    vs_entry *e = push(t, type);
    e->loc = slot;
  }
  return true;
}

static bool do_end(translator *t) {
  ctl_entry *c = &t->ctl[t->nctl - 1];
  if (c->kind == CTL_LOOP && !c->dead_entry) t->loop_depth--;
  if (c->kind == CTL_FUNC) {
    if (!t->dead) emit_return(t);
    t->nctl--;
    return false;
  }
  if (c->dead_entry) { t->nctl--; return true; }
  if (result_into_local(t, c)) return true;
  take_sites(t, c, NO_FIXUP);
  if (!t->dead) move_top(t, c->nresults, c->home);
  if (c->else_fixup != NO_FIXUP) { t->cells[c->else_fixup] = t->ncells; note_label_at(t, t->ncells); }
  patch_fixups(t, c->fixups, t->ncells);
  bool was_loop = c->kind == CTL_LOOP;
  reset_stack_to_results(t, t->nctl - 1, false);
  t->nctl--;
  t->dead = false;
  forget_last(t);
  if (was_loop) emit_meter(t); /* code after a loop is not charged per iteration */
  return true;
}

static uint8_t memop_type(uint8_t op) {
  switch (op) {
#define WB_X(name, code, vt, bytes, store, sx) case code: return WB_T_##vt;
    WB_MEMORY_OPS(WB_X)
#undef WB_X
  }
  return 0;
}
static bool memop_is_store(uint8_t op) { return op >= WB_OP_I32_STORE && op <= WB_OP_I64_STORE32; }
static uint32_t memop_iop(uint8_t op, int checked) {
  static const uint16_t map[256] = {
#define WB_X(name, code, ...) [code] = WB_IOP_##name,
    WB_MEMORY_OPS(WB_X)
#undef WB_X
  };
  return map[op] + (checked ? 1 : 0);
}
static uint32_t memop_ax_iop(uint8_t op, int checked) {
  static const uint16_t map[256] = {
#define WB_X(name, code, ...) [code] = WB_IOP_##name##_AX,
    WB_MEMORY_OPS(WB_X)
#undef WB_X
  };
  return map[op] + (checked ? 1 : 0);
}

static void translate_fc(translator *t) {
  uint32_t sub = rd_u32(t);
  switch (sub) {
#define WB_X(name, code, p1, p2, res) \
  case code: op_unary(t, WB_IOP_##name, WB_T_##res); return;
    WB_SATURATING_OPS(WB_X)
#undef WB_X
  case WB_FC_MEMORY_INIT: {
    uint32_t seg = rd_u32(t); rd_u8(t);
    vs_entry n = pop(t), s = pop(t), d = pop(t);
    emit_op(t, WB_IOP_MEMORY_INIT); emit(t, seg); emit(t, d.loc); emit(t, s.loc); emit(t, n.loc);
    return;
  }
  case WB_FC_DATA_DROP: emit_op(t, WB_IOP_DATA_DROP); emit(t, rd_u32(t)); return;
  case WB_FC_MEMORY_COPY: {
    rd_u8(t); rd_u8(t);
    vs_entry n = pop(t), s = pop(t), d = pop(t);
    emit_op(t, WB_IOP_MEMORY_COPY); emit(t, d.loc); emit(t, s.loc); emit(t, n.loc);
    return;
  }
  case WB_FC_MEMORY_FILL: {
    rd_u8(t);
    vs_entry n = pop(t), v = pop(t), d = pop(t);
    emit_op(t, WB_IOP_MEMORY_FILL); emit(t, d.loc); emit(t, v.loc); emit(t, n.loc);
    return;
  }
  case WB_FC_TABLE_INIT: {
    uint32_t seg = rd_u32(t), tab = rd_u32(t);
    vs_entry n = pop(t), s = pop(t), d = pop(t);
    emit_op(t, WB_IOP_TABLE_INIT); emit(t, tab); emit(t, seg); emit(t, d.loc); emit(t, s.loc); emit(t, n.loc);
    return;
  }
  case WB_FC_ELEM_DROP: emit_op(t, WB_IOP_ELEM_DROP); emit(t, rd_u32(t)); return;
  case WB_FC_TABLE_COPY: {
    uint32_t dt = rd_u32(t), st = rd_u32(t);
    vs_entry n = pop(t), s = pop(t), d = pop(t);
    emit_op(t, WB_IOP_TABLE_COPY); emit(t, dt); emit(t, st); emit(t, d.loc); emit(t, s.loc); emit(t, n.loc);
    return;
  }
  case WB_FC_TABLE_GROW: {
    uint32_t tab = rd_u32(t);
    vs_entry n = pop(t), init = pop(t);
    emit_op(t, WB_IOP_TABLE_GROW);
    vs_entry *r = push(t, WB_I32);
    emit(t, r->home); mark_dst(t); emit(t, tab); emit(t, init.loc); emit(t, n.loc);
    return;
  }
  case WB_FC_TABLE_SIZE: {
    uint32_t tab = rd_u32(t);
    emit_op(t, WB_IOP_TABLE_SIZE);
    vs_entry *r = push(t, WB_I32);
    emit(t, r->home); mark_dst(t); emit(t, tab);
    return;
  }
  case WB_FC_TABLE_FILL: {
    uint32_t tab = rd_u32(t);
    vs_entry n = pop(t), v = pop(t), i = pop(t);
    emit_op(t, WB_IOP_TABLE_FILL); emit(t, tab); emit(t, i.loc); emit(t, v.loc); emit(t, n.loc);
    return;
  }
  }
  t->oom = true; /* unreachable for validated code */
}

/* Skips the immediates of an instruction in dead code, tracking only block structure. */
static bool translate_dead(translator *t, uint8_t op) {
  switch (op) {
  case WB_OP_BLOCK: case WB_OP_LOOP: case WB_OP_IF: enter_block(t, op == WB_OP_BLOCK ? CTL_BLOCK : op == WB_OP_LOOP ? CTL_LOOP : CTL_IF); return true;
  case WB_OP_ELSE: do_else(t); return true;
  case WB_OP_END: return do_end(t);
  case WB_OP_BR: case WB_OP_BR_IF: case WB_OP_CALL: case WB_OP_LOCAL_GET: case WB_OP_LOCAL_SET:
  case WB_OP_LOCAL_TEE: case WB_OP_GLOBAL_GET: case WB_OP_GLOBAL_SET: case WB_OP_TABLE_GET:
  case WB_OP_TABLE_SET: case WB_OP_REF_FUNC: case WB_OP_I32_CONST: rd_s64(t); return true;
  case WB_OP_I64_CONST: rd_s64(t); return true;
  case WB_OP_F32_CONST: t->p += 4; return true;
  case WB_OP_F64_CONST: t->p += 8; return true;
  case WB_OP_BR_TABLE: { uint32_t n = rd_u32(t); for (uint32_t i = 0; i <= n; i++) rd_u32(t); return true; }
  case WB_OP_CALL_INDIRECT: rd_u32(t); rd_u32(t); return true;
  case WB_OP_SELECT_T: { uint32_t n = rd_u32(t); t->p += n; return true; }
  case WB_OP_MEMORY_SIZE: case WB_OP_MEMORY_GROW: case WB_OP_REF_NULL: t->p++; return true;
  case WB_OP_PREFIX_FC: {
    uint32_t sub = rd_u32(t);
    switch (sub) {
    case WB_FC_MEMORY_INIT: rd_u32(t); t->p++; break;
    case WB_FC_DATA_DROP: case WB_FC_ELEM_DROP: case WB_FC_TABLE_GROW: case WB_FC_TABLE_SIZE:
    case WB_FC_TABLE_FILL: rd_u32(t); break;
    case WB_FC_MEMORY_COPY: t->p += 2; break;
    case WB_FC_MEMORY_FILL: t->p++; break;
    case WB_FC_TABLE_INIT: case WB_FC_TABLE_COPY: rd_u32(t); rd_u32(t); break;
    default: break;
    }
    return true;
  }
  case WB_OP_PREFIX_FD: wb_translate_simd_skip(t); return true;
  default:
    if (op >= WB_OP_I32_LOAD && op <= WB_OP_I64_STORE32) { rd_u32(t); rd_u32(t); }
    return true;
  }
}

/* A br_table whose index was just loaded from memory, less a constant k or not (guard-page
 * mode): a switch on a byte (SQLite's VDBE, Lua's operand modes: I32_LOAD8_U) or clang's lowering
 * of a computed goto, `goto *labels[op]`, which loads the label's number from a table and switches
 * on it (Lua's dispatch: I32_LOAD_AX). Emits the fused instruction up to, not including, the
 * table's size n; the load's position record stays, so a trap in it reports the load. */
static bool br_table_on_load(translator *t, vs_entry idx) {
  if (t->checked || !last_made(t, idx)) return false;
  uint32_t start = t->last_start, iop = t->last_iop, k = 0;
  const uint32_t *c = t->cells;
  if (iop == WB_IOP_I32_SUB) {
    /* idx = loaded - k, the load the instruction before, its value a temporary used only here */
    uint32_t x = c[start + 2], y = c[start + 3];
    if (!is_const_slot(t, y) || !is_temp(t, x) || t->prev_start == NO_FIXUP || c[t->prev_start + 1] != x)
      return false;
    uint32_t len = t->prev_iop == WB_IOP_I32_LOAD_AX ? 5 : t->prev_iop == WB_IOP_I32_LOAD8_U ? 4 : 0;
    if (!len || t->prev_start + len != start) return false;
    k = (uint32_t)t->consts[y - t->const_base];
    start = t->prev_start;
    iop = t->prev_iop;
  }
  uint32_t ops[3];
  if (iop == WB_IOP_I32_LOAD_AX) {
    ops[0] = c[start + 2]; ops[1] = c[start + 3]; ops[2] = c[start + 4];
  } else if (iop == WB_IOP_I32_LOAD8_U) {
    ops[0] = c[start + 2]; ops[1] = c[start + 3];
  } else {
    return false;
  }
  bool ax = iop == WB_IOP_I32_LOAD_AX;
  rewind_keeping_pos(t, start);
  emit_op(t, ax ? WB_IOP_BR_TABLE_LOAD_AX : WB_IOP_BR_TABLE_LOAD8_U);
  for (int i = 0; i < (ax ? 3 : 2); i++) emit(t, ops[i]);
  emit(t, k);
  return true;
}

static bool translate_op(translator *t) {
  size_t offset = t->fn->body_offset + (size_t)(t->p - t->fn->body);
  uint8_t op = *t->p++;
  if (t->dead) return translate_dead(t, op);
  t->meter_count++;
  t->cur_offset = offset;
  add_pos(t, offset);
  switch (op) {
  case WB_OP_UNREACHABLE: emit_op(t, WB_IOP_UNREACHABLE); t->dead = true; return true;
  case WB_OP_NOP: return true;
  case WB_OP_BLOCK: enter_block(t, CTL_BLOCK); return true;
  case WB_OP_LOOP: enter_block(t, CTL_LOOP); return true;
  case WB_OP_IF: enter_block(t, CTL_IF); return true;
  case WB_OP_ELSE: do_else(t); return true;
  case WB_OP_END: return do_end(t);
  case WB_OP_BR: emit_br(t, rd_u32(t)); t->dead = true; return true;
  case WB_OP_BR_IF: {
    uint32_t depth = rd_u32(t);
    vs_entry cond = pop(t);
    if (br_is_plain(t, depth)) {
      uint32_t cell = emit_cond_branch(t, cond, true);
      ctl_entry *c = &t->ctl[t->nctl - 1 - depth];
      if (c->kind == CTL_LOOP) t->cells[cell] = c->loop_start;
      else chain_fixup(c, t->cells, cell);
    } else {
      uint32_t skip = emit_cond_branch(t, cond, false);
      emit_br(t, depth);
      t->cells[skip] = t->ncells;
      note_label_at(t, t->ncells);
    }
    forget_last(t);
    return true;
  }
  case WB_OP_BR_TABLE: {
    uint32_t n = rd_u32(t);
    const uint8_t *targets = t->p;
    for (uint32_t i = 0; i <= n; i++) rd_u32(t);
    vs_entry idx = pop(t);
    if (br_table_on_load(t, idx)) {
      /* emitted up to the table's size */
    } else if (last_made(t, idx) && t->last_iop == WB_IOP_I32_SUB) {
      /* A switch over a range starting at k: the subtraction is done by the branch. */
      uint32_t x = t->cells[t->last_start + 2], y = t->cells[t->last_start + 3];
      rewind_to(t, t->last_start);
      emit_op(t, WB_IOP_BR_TABLE_SUB);
      emit(t, x); emit(t, y);
    } else {
      emit_op(t, WB_IOP_BR_TABLE);
      emit(t, idx.loc);
    }
    emit(t, n);
    uint32_t first = t->ncells;
    const uint8_t *save = t->p;
    t->p = targets;
    for (uint32_t i = 0; i <= n; i++) {
      uint32_t depth = rd_u32(t);
      if (br_is_plain(t, depth)) emit_target(t, depth);
      else emit(t, NO_FIXUP); /* patched to its stub below */
    }
    /* Targets whose values need moving get a stub after the table: copies, then the branch. */
    t->p = targets;
    for (uint32_t i = 0; i <= n; i++) {
      uint32_t depth = rd_u32(t);
      if (!br_is_plain(t, depth)) {
        t->cells[first + i] = t->ncells;
        note_label_at(t, t->ncells);
        forget_last(t); /* a branch target */
        emit_br(t, depth);
      }
    }
    t->p = save;
    t->dead = true;
    return true;
  }
  case WB_OP_RETURN: emit_return(t); t->dead = true; return true;
  case WB_OP_CALL: {
    uint32_t f = rd_u32(t);
    do_call(t, wb_module_func_type(t->m, f), WB_IOP_CALL, f, 0, false);
    return true;
  }
  case WB_OP_CALL_INDIRECT: {
    uint32_t ti = rd_u32(t), tab = rd_u32(t);
    const wb_functype *ft = &t->m->types[ti];
    uint32_t id = wb_functype_intern(ft->nparams, ft->nresults, ft->types);
    do_call(t, ft, WB_IOP_CALL_INDIRECT, id, tab, true);
    return true;
  }
  case WB_OP_DROP: pop(t); return true;
  case WB_OP_SELECT: case WB_OP_SELECT_T: {
    if (op == WB_OP_SELECT_T) { uint32_t n = rd_u32(t); t->p += n; }
    vs_entry c = pop(t), b = pop(t), a = pop(t);
    emit_op(t, wb_valtype_slots(a.type) == 2 ? WB_IOP_SELECT2 : WB_IOP_SELECT);
    vs_entry *r = push(t, a.type);
    emit(t, r->home); mark_dst(t); emit(t, a.loc); emit(t, b.loc); emit(t, c.loc);
    return true;
  }
  case WB_OP_LOCAL_GET: {
    uint32_t idx = rd_u32(t);
    vs_entry *e = push(t, t->local_type[idx]);
    e->loc = t->local_slot[idx];
    return true;
  }
  case WB_OP_LOCAL_SET: do_local_set(t, rd_u32(t), false); return true;
  case WB_OP_LOCAL_TEE: do_local_set(t, rd_u32(t), true); return true;
  case WB_OP_GLOBAL_GET: {
    uint32_t g = rd_u32(t);
    uint8_t ty = t->m->global_types[g].valtype;
    emit_op(t, wb_valtype_slots(ty) == 2 ? WB_IOP_GLOBAL_GET2 : WB_IOP_GLOBAL_GET);
    vs_entry *r = push(t, ty);
    emit(t, r->home); mark_dst(t); emit(t, g);
    return true;
  }
  case WB_OP_GLOBAL_SET: {
    uint32_t g = rd_u32(t);
    vs_entry v = pop(t);
    emit_op(t, wb_valtype_slots(v.type) == 2 ? WB_IOP_GLOBAL_SET2 : WB_IOP_GLOBAL_SET);
    emit(t, g); emit(t, v.loc);
    return true;
  }
  case WB_OP_TABLE_GET: {
    uint32_t tab = rd_u32(t);
    vs_entry i = pop(t);
    emit_op(t, WB_IOP_TABLE_GET);
    vs_entry *r = push(t, t->m->tables[tab].elemtype);
    emit(t, r->home); mark_dst(t); emit(t, tab); emit(t, i.loc);
    return true;
  }
  case WB_OP_TABLE_SET: {
    uint32_t tab = rd_u32(t);
    vs_entry v = pop(t), i = pop(t);
    emit_op(t, WB_IOP_TABLE_SET); emit(t, tab); emit(t, i.loc); emit(t, v.loc);
    return true;
  }
  case WB_OP_MEMORY_SIZE: {
    rd_u8(t);
    emit_op(t, WB_IOP_MEMORY_SIZE);
    vs_entry *r = push(t, WB_I32);
    emit(t, r->home); mark_dst(t);
    return true;
  }
  case WB_OP_MEMORY_GROW: rd_u8(t); op_unary(t, WB_IOP_MEMORY_GROW, WB_I32); return true;
  case WB_OP_I32_CONST: push_const(t, WB_I32, (uint32_t)rd_s32(t)); return true;
  case WB_OP_I64_CONST: push_const(t, WB_I64, (uint64_t)rd_s64(t)); return true;
  case WB_OP_F32_CONST: { uint32_t v; memcpy(&v, t->p, 4); t->p += 4; push_const(t, WB_F32, v); return true; }
  case WB_OP_F64_CONST: { uint64_t v; memcpy(&v, t->p, 8); t->p += 8; push_const(t, WB_F64, v); return true; }
  case WB_OP_REF_NULL: push_const(t, rd_u8(t), 0); return true;
  case WB_OP_REF_IS_NULL: op_unary(t, WB_IOP_REF_IS_NULL, WB_I32); return true;
  case WB_OP_REF_FUNC: {
    uint32_t f = rd_u32(t);
    emit_op(t, WB_IOP_REF_FUNC);
    vs_entry *r = push(t, WB_FUNCREF);
    emit(t, r->home); mark_dst(t); emit(t, f);
    return true;
  }
  case WB_OP_PREFIX_FC: translate_fc(t); return true;
  case WB_OP_PREFIX_FD: wb_translate_simd(t); return true;
#define WB_X(name, code, p1, p2, res) \
  case code: \
    if (WB_T_##p2) op_binary(t, WB_IOP_##name, WB_T_##res); else op_unary(t, WB_IOP_##name, WB_T_##res); \
    return true;
    WB_NUMERIC_OPS(WB_X)
#undef WB_X
  default:
    if (op >= WB_OP_I32_LOAD && op <= WB_OP_I64_STORE32) {
      rd_u32(t);
      uint32_t off = rd_u32(t);
      uint32_t iop = memop_iop(op, t->checked);
      bool store = memop_is_store(op);
      vs_entry v = {0, 0, 0};
      if (store) v = pop(t);
      vs_entry a = pop(t);
      if (op == WB_OP_I64_STORE32 && !t->checked && fuse_limb_store(t, v, a, off)) return true;
      /* Stores of a value the last instruction just computed (guard-page mode) fuse with it. */
      bool made_v = store && !t->checked && last_made(t, v);
      /* A binary operation: it stores its result. */
      uint32_t st = made_v ? op_store_fused(t->last_iop, iop) : 0;
      /* x = mem[p] op y stored back to mem[p]: one read-modify-write. */
      bool right = false;
      uint32_t rmw = made_v && !st ? rmw_fused(t->last_iop, iop, &right) : 0;
      if (rmw) {
        uint32_t s0 = t->last_start;
        uint32_t addr = t->cells[s0 + (right ? 3 : 2)], ld_off = t->cells[s0 + (right ? 4 : 3)];
        uint32_t x = t->cells[s0 + (right ? 2 : 4)];
        if (addr == a.loc && ld_off == off) {
          if (rmw == WB_IOP_RMW_F64_LOAD_ADD_R && fuse_f64_mul_rmw(t, x, addr, off)) return true;
          rewind_keeping_pos(t, s0);
          emit_op(t, rmw);
          emit(t, x); emit(t, addr); emit(t, off);
          return true;
        }
      }
      /* A value just loaded and stored unchanged elsewhere, the same width: a memory move. */
      uint32_t mv = made_v ? move_fused(t->last_iop, iop) : 0;
      if (mv) {
        uint32_t p = t->cells[t->last_start + 2], poff = t->cells[t->last_start + 3];
        rewind_to(t, t->last_start);
        emit_op(t, mv);
        emit(t, p); emit(t, poff); emit(t, a.loc); emit(t, off);
        return true;
      }
      if (st) {
        uint32_t x = t->cells[t->last_start + 2], y = t->cells[t->last_start + 3];
        rewind_to(t, t->last_start);
        emit_op(t, st);
        emit(t, x); emit(t, y); emit(t, a.loc); emit(t, off);
        return true;
      }
      /* An address just loaded into a temporary (pointer chasing): one instruction. */
      uint32_t ll = !store && !t->checked && last_made(t, a) && t->last_iop == WB_IOP_I32_LOAD ?
                    load_load_fused(iop) : 0;
      if (ll) {
        uint32_t s0 = t->last_start, p = t->cells[s0 + 2], off1 = t->cells[s0 + 3];
        rewind_to(t, s0);
        emit_op(t, ll);
        vs_entry *r = push(t, memop_type(op));
        emit(t, r->home); mark_dst(t); emit(t, p); emit(t, off1); emit(t, off);
        return true;
      }
      /* An address just computed by an i32.add into a temporary: one instruction does both. */
      uint32_t x = 0, y = 0;
      bool ax = take_add_address(t, a, &x, &y);
      uint32_t index[3], base;
      uint32_t lookup = ax && op == WB_OP_I32_LOAD && !t->checked ? take_table_index(t, x, y, index, &base) : 0;
      if (lookup) {
        emit_op(t, lookup);
        vs_entry *r = push(t, WB_I32);
        emit(t, r->home); mark_dst(t);
        emit(t, index[0]); emit(t, index[1]); emit(t, index[2]); emit(t, base); emit(t, off);
        return true;
      }
      if (ax) iop = memop_ax_iop(op, t->checked);
      emit_op(t, iop);
      if (store) {
        emit(t, v.loc);
      } else {
        vs_entry *r = push(t, memop_type(op));
        emit(t, r->home); mark_dst(t);
      }
      if (ax) { emit(t, x); emit(t, y); } else emit(t, a.loc);
      emit(t, off);
      return true;
    }
    t->oom = true; /* not reachable for a validated body */
    return false;
  }
}

/* ---- for the instruction groups in files of their own (translate_internal.h) ---- */
uint32_t wb_tr_u32(translator *t) { return rd_u32(t); }
const uint8_t *wb_tr_bytes(translator *t, uint32_t n) { const uint8_t *b = t->p; t->p += n; return b; }
uint32_t wb_tr_pop(translator *t) { return pop(t).loc; }
uint32_t wb_tr_push(translator *t, uint8_t type) { return push(t, type)->home; }
void wb_tr_op(translator *t, uint32_t iop) { emit_op(t, iop); }
void wb_tr_emit(translator *t, uint32_t cell) { emit(t, cell); }
void wb_tr_emit_dst(translator *t, uint32_t slot) { emit(t, slot); mark_dst(t); }
bool wb_tr_checked(const translator *t) { return t->checked; }
/* A stack value in a temporary slot is in its own home (locals and constants lie below). */
static vs_entry popped_entry(const translator *t, uint32_t slot) {
  return (vs_entry){slot, is_temp(t, slot) ? slot : UINT32_MAX, 0};
}
bool wb_tr_take_add_address(translator *t, uint32_t addr, uint32_t *x, uint32_t *y) {
  return take_add_address(t, popped_entry(t, addr), x, y);
}
uint32_t wb_tr_last_made(translator *t, uint32_t slot, uint32_t **cells) {
  if (!last_made(t, popped_entry(t, slot))) return 0;
  *cells = t->cells + t->last_start;
  return t->last_iop;
}
uint32_t wb_tr_prev_made(translator *t, uint32_t slot, uint32_t len, uint32_t **cells) {
  if (t->last_start == NO_FIXUP || !is_temp(t, slot) || !prev_wrote(t, slot, len)) return 0;
  *cells = t->cells + t->prev_start;
  return t->prev_iop;
}
void wb_tr_take_back(translator *t, const uint32_t *cells, bool keep_pos) {
  uint32_t start = (uint32_t)(cells - t->cells);
  if (keep_pos) rewind_keeping_pos(t, start); else rewind_to(t, start);
}

static void translator_free(translator *t) {
  free(t->cells); free(t->pos); free(t->vs); free(t->ctl); free(t->local_slot); free(t->local_type);
  free(t->starts); free(t->uses.e); free(t->sites); free(t->labels);
}
static void use_acc(translator *t);

/* Slots a constant instruction starting with this byte takes (3: the SIMD prefix, see the
 * next byte), for the pre-scan that bounds a function's pool. */
static const uint8_t const_opcode_slots[256] = {
  [WB_OP_I32_CONST] = 1, [WB_OP_I64_CONST] = 1, [WB_OP_F32_CONST] = 1, [WB_OP_F64_CONST] = 1,
  [WB_OP_REF_NULL] = 1, [WB_OP_PREFIX_FD] = 3,
};

static int by_weight(const void *pa, const void *pb) {
  const const_use *a = pa, *b = pb;
  if (a->weight != b->weight) return a->weight < b->weight ? 1 : -1;
  if (a->bits != b->bits) return a->bits < b->bits ? -1 : 1; /* a deterministic order */
  return a->hi < b->hi ? -1 : a->hi > b->hi;
}

/* pick: the constants to pool, most used first (NULL: pool the first ones met). When the pool
 * overflowed, *overflow_uses receives the counted uses (the caller frees them). */
static wb_code *translate_pass(const wb_module *m, uint32_t func_index, unsigned mode,
                               const const_use *pick, uint32_t npick, const_uses *overflow_uses) {
  translator t;
  memset(&t, 0, sizeof t);
  t.m = m;
  t.fn = &m->funcs[func_index - m->nimported_funcs];
  t.type = wb_module_func_type(m, func_index);
  t.checked = (mode & WB_CODE_CHECKED) != 0;
  t.metered = (mode & WB_CODE_METERED) != 0;
  t.meter_cell = NO_FIXUP;
  t.dump = wb_interp_dump_enabled();
  t.p = t.fn->body;
  t.end = t.fn->body_end;
  t.last_start = t.last_dst_cell = NO_FIXUP;
  t.nlocals_all = t.type->nparams + (uint32_t)t.fn->nlocals;
  t.local_slot = malloc((t.nlocals_all + 1) * sizeof *t.local_slot);
  t.local_type = malloc(t.nlocals_all + 1);
  if (!t.local_slot || !t.local_type) { translator_free(&t); return NULL; }
  uint32_t slot = 0, li = 0;
  for (uint32_t i = 0; i < t.type->nparams; i++, li++) {
    t.local_slot[li] = slot; t.local_type[li] = wb_functype_params(t.type)[i];
    slot += wb_valtype_slots(t.local_type[li]);
  }
  uint32_t param_slots = slot;
  for (uint32_t d = 0; d < t.fn->nlocaldecls; d++)
    for (uint32_t k = 0; k < t.fn->localdecls[d].count; k++, li++) {
      t.local_slot[li] = slot; t.local_type[li] = t.fn->localdecls[d].type;
      slot += wb_valtype_slots(t.local_type[li]);
    }
  t.local_slots = slot;
  /* Any constant instruction has an opcode byte 0x41-0x44 (ref.null 0xD0) in the body: their
   * count bounds the pool, so small functions reserve no more slots than they can use. */
  uint32_t const_bytes = 0;
  uint32_t pool_cap = pick ? WB_MAX_POOLED_CONSTS : WB_FIRST_POOLED_CONSTS;
  for (const uint8_t *b = t.fn->body; b < t.fn->body_end && const_bytes < pool_cap; b++) {
    uint8_t k = const_opcode_slots[*b];
    if (__builtin_expect(k == 3, 0)) /* 0xFD: a v128.const? */
      k = b + 1 < t.fn->body_end && b[1] == WB_FD_V128_CONST ? 2 : 0;
    const_bytes += k;
  }
  if (const_bytes > pool_cap) const_bytes = pool_cap; /* a v128 counts 2 */
  uint32_t pick_slots = 0;
  for (uint32_t k = 0; pick && k < npick && pick_slots < const_bytes; k++)
    pick_slots += wb_valtype_slots(pick[k].type);
  t.const_base = slot;
  t.const_cap = pick && pick_slots < const_bytes ? pick_slots : const_bytes;
  slot += t.const_cap;
  if (pick) {
    /* The most used first; a v128 that no longer fits is left out, one-slot ones may follow. */
    uint32_t n = 0;
    for (uint32_t k = 0; k < npick && n < t.const_cap; k++) {
      if (pick[k].type == WB_V128) {
        if (n + 2 > t.const_cap) continue;
        t.consts[n] = pick[k].bits; t.const_types[n] = WB_V128;
        t.consts[n + 1] = pick[k].hi; t.const_types[n + 1] = 0;
        n += 2;
      } else {
        t.consts[n] = pick[k].bits; t.const_types[n] = pick[k].type;
        pool_index(&t, n);
        n++;
      }
    }
    t.nconsts = n;
  } else {
    t.count_uses = overflow_uses && t.const_cap == WB_FIRST_POOLED_CONSTS;
  }
  /* Room for the results even when the function has fewer locals than results. */
  uint32_t result_slots = 0;
  for (uint32_t i = 0; i < t.type->nresults; i++) result_slots += wb_valtype_slots(wb_functype_results(t.type)[i]);
  t.max_height = slot > result_slots ? slot : result_slots;
  ctl_entry *fc = push_ctl(&t, CTL_FUNC);
  fc->nresults = t.type->nresults; fc->results = wb_functype_results(t.type);
  fc->depth = 0; fc->home = 0;
  emit_meter(&t);
  while (t.p < t.end && !t.oom && translate_op(&t)) {}
  close_meter(&t);
  if (!t.oom) use_acc(&t);
  if (t.oom) { translator_free(&t); return NULL; }
  wb_code *code = calloc(1, sizeof *code);
  if (!code) { translator_free(&t); return NULL; }
  code->cells = t.cells; code->ncells = t.ncells;
  code->pos = t.pos; code->npos = t.npos;
  code->param_slots = param_slots;
  code->local_slots = t.local_slots;
  code->nconsts = t.nconsts;
  code->const_base = t.const_base;
  code->nframe_init = t.local_slots - param_slots + t.nconsts;
  if (code->nframe_init) {
    code->frame_init = calloc(code->nframe_init, sizeof *code->frame_init);
    if (!code->frame_init) { free(code->cells); free(code->pos); free(code); translator_free(&t); return NULL; }
    memcpy(code->frame_init + (t.local_slots - param_slots), t.consts, t.nconsts * sizeof *code->frame_init);
  }
  code->frame_slots = t.max_height;
  /* Translated again with the most used constants only when one inside a loop missed the pool:
   * a miss outside loops costs one instruction a call, less than translating twice (six of the
   * functions OpenSSL's start-up runs once each had more than 64 constants). */
  if (t.count_uses && t.pool_overflowed && t.missed_in_loop) { *overflow_uses = t.uses; t.uses.e = NULL; }
  if (t.dump && !(overflow_uses && overflow_uses->e)) {
    wb_interp_dump(stderr, func_index, code, t.starts, t.nstarts);
  }
  /* From enum wb_iop to what the loop dispatches on (code.h). */
  const uint32_t *handler_cells = wb_interp_handler_cells();
  for (uint32_t i = 0; i < t.nstarts; i++) code->cells[t.starts[i]] = handler_cells[code->cells[t.starts[i]]];
  t.cells = NULL; t.pos = NULL;
  translator_free(&t);
  return code;
}

/* ---- accumulator variants (code.h) ---- */
/* Instructions that leave their result in acc as well as in their destination slot (operand 1):
 * numeric ones (a float as its bits), loads, fused operations, global.get, bignum steps. */
static const bool sets_acc[WB_IOP_COUNT] = {
#define X_NUM(name, ...) [WB_IOP_##name] = true, [WB_IOP_##name##_A] = true,
  WB_NUMERIC_OPS(X_NUM) WB_SATURATING_OPS(X_NUM)
#undef X_NUM
#define X_MEM(name, code, vt, bytes, is_store, sx) \
  [WB_IOP_##name] = !is_store, [WB_IOP_##name##_CHK] = !is_store, [WB_IOP_##name##_AX] = !is_store, \
  [WB_IOP_##name##_AX_CHK] = !is_store, [WB_IOP_##name##_A] = !is_store, [WB_IOP_##name##_AX_A] = !is_store,
  WB_MEMORY_OPS(X_MEM)
#undef X_MEM
#define X_PAIR(T, op1, op2) \
  [WB_IOP_FUSE_##T##_##op1##_##op2##_L] = true, [WB_IOP_FUSE_##T##_##op1##_##op2##_R] = true, \
  [WB_IOP_FUSE_##T##_##op1##_##op2##_L_A] = true, [WB_IOP_FUSE_##T##_##op1##_##op2##_R_A] = true,
  WB_FUSE_PAIRS(X_PAIR)
#undef X_PAIR
#define X_LD(load, T, op) \
  [WB_IOP_LD_##load##_##op##_L] = true, [WB_IOP_LD_##load##_##op##_R] = true, \
  [WB_IOP_LD_##load##_##op##_L_A] = true, [WB_IOP_LD_##load##_##op##_R_A] = true,
  WB_FUSE_LOAD_OPS(X_LD)
#undef X_LD
#define X_LL(name, ...) [WB_IOP_LL_##name] = true, [WB_IOP_LL_##name##_A] = true,
  WB_FUSE_LOAD_LOAD_OPS(X_LL)
#undef X_LL
#define X_ARITH_BR(name, ...) [WB_IOP_##name] = true, [WB_IOP_##name##_A] = true,
  WB_ACC_ARITH_CMP_BR(X_ARITH_BR, 32, ADD, WB_ACC_SELF) WB_ACC_ARITH_CMP_BR(X_ARITH_BR, 32, SUB, WB_ACC_NONE)
  WB_ACC_ARITH_CMP_BR(X_ARITH_BR, 64, ADD, WB_ACC_SELF)
  X_ARITH_BR(I32_ADD_NZ_BR) X_ARITH_BR(I32_ADD_Z_BR) X_ARITH_BR(I32_SUB_NZ_BR) X_ARITH_BR(I32_SUB_Z_BR)
#undef X_ARITH_BR
  [WB_IOP_GLOBAL_GET] = true, [WB_IOP_I32_SUB_B] = true, [WB_IOP_I64_SUB_B] = true,
  [WB_IOP_I32_LOAD_SHR_AND_AX] = true, [WB_IOP_I32_LOAD_AND_SHL_AX] = true,
  [WB_IOP_I32_ROTL2_XOR] = true, [WB_IOP_I32_ROTL2_XOR_A] = true, [WB_IOP_I32_ROTL3_XOR] = true,
  [WB_IOP_I32_ROTL3_XOR_A] = true, [WB_IOP_I32_ROTL2_XOR_SHR_U] = true, [WB_IOP_I32_ROTL2_XOR_SHR_U_A] = true,
  /* bignum steps (code.h) */
  [WB_IOP_I32_ADD_WRAP_SHR_U64] = true, [WB_IOP_I32_ADD_WRAP_SHR_U64_A] = true,
  [WB_IOP_I32_ADD_CARRY_LT_U] = true, [WB_IOP_I32_ADD_CARRY_LT_U_A] = true,
  [WB_IOP_I32_ADD_CARRY_GT_U] = true, [WB_IOP_I32_ADD_CARRY_GT_U_A] = true,
  [WB_IOP_I32_WRAP_SHR_U64] = true, [WB_IOP_I32_WRAP_SHR_U64_A] = true,
  [WB_IOP_I64_MAC_LOAD32_U] = true, [WB_IOP_I64_MAC_LOAD32_U_A] = true, [WB_IOP_I64_MUL_LOAD32_U2] = true,
  [WB_IOP_I64_MAC_LOAD32_U2] = true, [WB_IOP_I64_MAC2_CARRY_STORE32] = true, [WB_IOP_I64_MAC2_CARRY_STORE32_A] = true,
  [WB_IOP_I64_MAC2_ADD_STORE32] = true, [WB_IOP_I64_MAC2_CARRY_CHAIN] = true, [WB_IOP_I64_MAC2_ADD_CHAIN] = true,
  /* lane tests (code_simd.h) */
  [WB_IOP_I64X2_OR_LANES] = true,
};

/* How an instruction can take a value from acc: its variant and the operand it replaces; for the
 * plain stores a second form (the value). swap: the instruction to use, after exchanging operands
 * pos and pos + 1, when the value is the second of them (0: none). */
typedef struct acc_form { uint16_t variant, swap; uint8_t pos; } acc_form;
#define WB_IOP_NONE 0
static const acc_form acc_forms[WB_IOP_COUNT][2] = {
#define ACC_IOP(name) ACC_IOP_(name)
#define ACC_IOP_(name) WB_IOP_##name
#define X_FIXED(name, p, swapped) [WB_IOP_##name][0] = {WB_IOP_##name##_A, ACC_IOP(swapped), p},
  WB_ACC_FIXED_OPS(X_FIXED)
#undef X_FIXED
#undef ACC_IOP
#undef ACC_IOP_
#define X_NUM(name, ...) [WB_IOP_##name][0] = {WB_IOP_##name##_A, 0, 2},
  WB_NUMERIC_OPS(X_NUM) WB_SATURATING_OPS(X_NUM)
#undef X_NUM
#define X_MEM(name, code, vt, bytes, is_store, sx) \
  [WB_IOP_##name][0] = {WB_IOP_##name##_A, 0, 2}, [WB_IOP_##name##_AX][0] = {WB_IOP_##name##_AX_A, WB_IOP_##name##_AX, 2}, \
  X_MEM_##is_store(name)
#define X_MEM_0(name)
#define X_MEM_1(name) [WB_IOP_##name][1] = {WB_IOP_##name##_V, 0, 1}, [WB_IOP_##name##_AX][1] = {WB_IOP_##name##_AX_V, 0, 1},
  WB_MEMORY_OPS(X_MEM)
#undef X_MEM
#define X_PAIR(T, op1, op2) \
  [WB_IOP_FUSE_##T##_##op1##_##op2##_L][0] = {WB_IOP_FUSE_##T##_##op1##_##op2##_L_A, 0, 2}, \
  [WB_IOP_FUSE_##T##_##op1##_##op2##_R][0] = {WB_IOP_FUSE_##T##_##op1##_##op2##_R_A, 0, 2},
  WB_FUSE_PAIRS(X_PAIR)
#undef X_PAIR
#define X_LD(load, T, op) \
  [WB_IOP_LD_##load##_##op##_L][0] = {WB_IOP_LD_##load##_##op##_L_A, 0, 2}, \
  [WB_IOP_LD_##load##_##op##_R][0] = {WB_IOP_LD_##load##_##op##_R_A, 0, 2},
  WB_FUSE_LOAD_OPS(X_LD)
#undef X_LD
#define X_ST(T, op, store) [WB_IOP_ST_##T##_##op##_##store][0] = {WB_IOP_ST_##T##_##op##_##store##_A, 0, 1},
  WB_FUSE_STORE_OPS(X_ST)
#undef X_ST
#define X_LL(name, ...) [WB_IOP_LL_##name][0] = {WB_IOP_LL_##name##_A, 0, 2},
  WB_FUSE_LOAD_LOAD_OPS(X_LL)
#undef X_LL
#define X_SUB_B(name) [WB_IOP_##name][1] = {WB_IOP_##name##_B, 0, 3},
  WB_ACC_SUB_B(X_SUB_B)
#undef X_SUB_B
};
/* Binary operations whose operands can be exchanged (compares: by the mirrored compare). */
static uint16_t acc_swapped(uint32_t iop) {
  switch (iop) {
  case WB_IOP_I32_ADD: case WB_IOP_I32_MUL: case WB_IOP_I32_AND: case WB_IOP_I32_OR: case WB_IOP_I32_XOR:
  case WB_IOP_I32_EQ: case WB_IOP_I32_NE: case WB_IOP_I64_ADD: case WB_IOP_I64_MUL: case WB_IOP_I64_AND:
  case WB_IOP_I64_OR: case WB_IOP_I64_XOR: case WB_IOP_I64_EQ: case WB_IOP_I64_NE:
    return (uint16_t)iop;
  case WB_IOP_I32_LT_S: return WB_IOP_I32_GT_S;
  case WB_IOP_I32_GT_S: return WB_IOP_I32_LT_S;
  case WB_IOP_I32_LT_U: return WB_IOP_I32_GT_U;
  case WB_IOP_I32_GT_U: return WB_IOP_I32_LT_U;
  case WB_IOP_I32_LE_S: return WB_IOP_I32_GE_S;
  case WB_IOP_I32_GE_S: return WB_IOP_I32_LE_S;
  case WB_IOP_I32_LE_U: return WB_IOP_I32_GE_U;
  case WB_IOP_I32_GE_U: return WB_IOP_I32_LE_U;
  case WB_IOP_I64_LT_S: return WB_IOP_I64_GT_S;
  case WB_IOP_I64_GT_S: return WB_IOP_I64_LT_S;
  case WB_IOP_I64_LT_U: return WB_IOP_I64_GT_U;
  case WB_IOP_I64_GT_U: return WB_IOP_I64_LT_U;
  case WB_IOP_I64_LE_S: return WB_IOP_I64_GE_S;
  case WB_IOP_I64_GE_S: return WB_IOP_I64_LE_S;
  case WB_IOP_I64_LE_U: return WB_IOP_I64_GE_U;
  case WB_IOP_I64_GE_U: return WB_IOP_I64_LE_U;
  default: break;
  }
  /* Fused pairs whose first operation commutes: (x op1 y) op2 z with x and y exchanged. */
  if (iop >= WB_IOP_FUSE_I32_FIRST && iop < WB_IOP_FUSE_I32_FIRST + 2 * WB_FUSE_I32_COUNT * WB_FUSE_I32_COUNT &&
      (iop - WB_IOP_FUSE_I32_FIRST) % 2 == 0) {
    uint32_t op1 = (iop - WB_IOP_FUSE_I32_FIRST) / (2 * WB_FUSE_I32_COUNT);
    if (op1 != 1 && op1 < 6) return (uint16_t)iop; /* add, mul, and, or, xor (not sub, shifts, rotates) */
  }
  return 0;
}

/* After translation: an instruction that reads the result of the one right before it, with no
 * branch target between, reads it from acc (the cells change, the layout does not). */
static void use_acc(translator *t) {
  uint8_t *label = calloc(t->ncells + 1, 1);
  if (!label) { t->oom = true; return; }
  label[0] = 1;
  for (uint32_t i = 0; i < t->nlabels; i++) if (t->labels[i] <= t->ncells) label[t->labels[i]] = 1;
  uint32_t *cells = t->cells;
  for (uint32_t i = 1; i < t->nstarts; i++) {
    uint32_t p = t->starts[i - 1], c = t->starts[i];
    if (label[c] || !sets_acc[cells[p]]) continue;
    uint32_t d = cells[p + 1], op = cells[c];
    uint32_t len = (i + 1 < t->nstarts ? t->starts[i + 1] : t->ncells) - c;
    for (int k = 0; k < 2; k++) {
      const acc_form *f = &acc_forms[op][k];
      uint32_t pos = f->pos;
      if (!f->variant || pos >= len) continue;
      if (cells[c + pos] == d) { cells[c] = f->variant; break; }
      uint16_t sw = k == 0 ? (f->swap ? f->swap : acc_swapped(op)) : 0;
      if (sw && pos + 1 < len && cells[c + pos + 1] == d) {
        cells[c + pos + 1] = cells[c + pos];
        cells[c + pos] = d;
        cells[c] = acc_forms[sw][0].variant;
        break;
      }
    }
  }
  free(label);
}

/* ---- the per-module cache ---- */
typedef struct code_cache {
  _Atomic(wb_code *) *slots[WB_CODE_MODES];  /* [mode] -> per defined function */
} code_cache;

static void code_free(wb_code *c) {
  if (!c) return;
  free(c->cells); free(c->pos); free(c->frame_init); free(c);
}

static wb_code *translate(const wb_module *m, uint32_t func_index, unsigned mode) {
  const_uses uses = {NULL, 0, 0};
  wb_code *c = translate_pass(m, func_index, mode, NULL, 0, &uses);
  if (!c || !uses.e) { free(uses.e); return c; }
  uint32_t n = 0;
  for (uint32_t i = 0; i < uses.cap; i++)
    if (uses.e[i].used) uses.e[n++] = uses.e[i];
  qsort(uses.e, n, sizeof *uses.e, by_weight);
  wb_code *again = translate_pass(m, func_index, mode, uses.e, n, NULL);
  free(uses.e);
  if (!again) return c; /* out of memory: the first translation is correct too */
  code_free(c);
  return again;
}

static void cache_free(wb_module *m) {
  code_cache *cc = m->exec_cache;
  if (!cc) return;
  uint32_t n = m->nfuncs - m->nimported_funcs;
  for (unsigned k = 0; k < WB_CODE_MODES; k++) {
    if (!cc->slots[k]) continue;
    for (uint32_t i = 0; i < n; i++) code_free(atomic_load(&cc->slots[k][i]));
    free(cc->slots[k]);
  }
  free(cc);
  m->exec_cache = NULL;
}

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

const wb_code *wb_interp_get_code(const wb_module *cm, uint32_t func_index, unsigned mode) {
  wb_module *m = (wb_module *)cm; /* the cache is logically mutable state of a shared module */
  code_cache *cc = __atomic_load_n((code_cache **)&m->exec_cache, __ATOMIC_ACQUIRE);
  uint32_t i = func_index - m->nimported_funcs;
  if (cc && cc->slots[mode]) {
    wb_code *c = atomic_load_explicit(&cc->slots[mode][i], memory_order_acquire);
    if (c) return c;
  }
  pthread_mutex_lock(&cache_lock);
  cc = m->exec_cache;
  if (!cc) {
    cc = calloc(1, sizeof *cc);
    if (!cc) { pthread_mutex_unlock(&cache_lock); return NULL; }
    m->exec_cache_free = cache_free;
    __atomic_store_n((code_cache **)&m->exec_cache, cc, __ATOMIC_RELEASE);
  }
  if (!cc->slots[mode]) {
    _Atomic(wb_code *) *s = calloc(m->nfuncs - m->nimported_funcs + 1, sizeof *s);
    if (!s) { pthread_mutex_unlock(&cache_lock); return NULL; }
    __atomic_store_n(&cc->slots[mode], s, __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&cache_lock);
  wb_code *c = translate(m, func_index, mode);
  if (!c) return NULL;
  wb_code *expected = NULL;
  if (!atomic_compare_exchange_strong(&cc->slots[mode][i], &expected, c)) {
    code_free(c); /* another thread published first */
    return expected;
  }
  return c;
}
