/* engine/call.c — the host entry into Wasm: sets up the unwinding point for traps, runs the
 * function in its tier (or calls the host function), and restores the thread's state after a
 * trap so that nested host<->Wasm calls unwind one level at a time. */
#include <signal.h>
#include <stdlib.h>
#include "engine/engine.h"
#include "exec/interp/interp.h"

/* Native stack use grows with nested host->Wasm->host calls; bound their depth. */
#define WB_MAX_ENTRY_DEPTH 1000

wb_status wb_call(wb_funcinst *f, const wb_value *args, wb_value *results, wb_trap **trap) {
  wb_thread_ctx *ctx = wb_thread_ctx_get();
  if (trap) *trap = NULL;
  if (ctx->depth >= WB_MAX_ENTRY_DEPTH) {
    wb_trap *t = wb_trap_new(WB_TRAP_STACK_EXHAUSTED, NULL);
    if (trap) *trap = t; else wb_trap_free(t);
    return WB_ERR_TRAP;
  }
  wb_entry e;
  e.prev = ctx->entry;
  e.saved_stack_top = ctx->stack_top;
  e.saved_frame = ctx->frame;
  e.saved_in_wasm = ctx->in_wasm;
  e.trap = NULL;
  e.pending_kind = WB_TRAP_NONE;
  /* A store's stack bound narrows the thread's stack for this entry (and what it calls). */
  uint64_t *saved_limit = ctx->stack_limit;
  if (f->instance && f->instance->store) {
    uint64_t max = wb_store_get_config(f->instance->store)->max_stack_bytes;
    if (max && max / sizeof(uint64_t) < (uint64_t)(ctx->stack_limit - ctx->stack_top))
      ctx->stack_limit = ctx->stack_top + max / sizeof(uint64_t);
  }
  ctx->entry = &e;
  ctx->depth++;
  wb_status st = WB_OK;
  if (sigsetjmp(e.jmp, 0) == 0) {
    if (f->host) {
      ctx->in_wasm = false;
      wb_trap *t = f->host(f->host_env, NULL, args, results);
      if (t) wb_trap_throw(t);
    } else {
      wb_interp_call(f, args, results);
    }
  } else {
    wb_trap *t = e.trap;
    if (!t) {
      /* Raised by the signal handler, which could not allocate or walk frames. */
      t = wb_trap_new(e.pending_kind, NULL);
      if (wb_trap_capture_backtrace) wb_trap_capture_backtrace(ctx, t);
    }
    if (trap) *trap = t; else wb_trap_free(t);
    st = WB_ERR_TRAP;
  }
  ctx->entry = e.prev;
  ctx->stack_limit = saved_limit;
  ctx->stack_top = e.saved_stack_top;
  ctx->frame = e.saved_frame;
  ctx->in_wasm = e.saved_in_wasm;
  ctx->depth--;
  return st;
}
