/* rt/trap.c — trap records, the per-thread execution context and unwinding to the innermost
 * host entry. The value stack and call-record stack are reserved lazily per thread with mmap
 * (pages are committed only as deep recursion touches them). */
#include "rt/trap.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "rt/signals.h"

__thread wb_thread_ctx *wb_thread_ctx_current __attribute__((tls_model("initial-exec")));
void (*wb_trap_capture_backtrace)(wb_thread_ctx *ctx, wb_trap *t);

static _Atomic size_t default_stack_bytes = WB_DEFAULT_STACK_BYTES;
static pthread_key_t ctx_key;
static pthread_once_t ctx_key_once = PTHREAD_ONCE_INIT;

void wb_set_default_stack_bytes(size_t bytes) {
  if (bytes < 4096) bytes = 4096;
  atomic_store(&default_stack_bytes, bytes);
}

const char *wb_trap_kind_message(wb_trap_kind kind) {
  switch (kind) {
  case WB_TRAP_NONE: return "no trap";
  case WB_TRAP_UNREACHABLE: return "unreachable";
  case WB_TRAP_INT_DIV_ZERO: return "integer divide by zero";
  case WB_TRAP_INT_OVERFLOW: return "integer overflow";
  case WB_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
  case WB_TRAP_MEMORY_OOB: return "out of bounds memory access";
  case WB_TRAP_TABLE_OOB: return "out of bounds table access";
  case WB_TRAP_UNDEFINED_ELEMENT: return "undefined element";
  case WB_TRAP_UNINITIALIZED_ELEMENT: return "uninitialized element";
  case WB_TRAP_INDIRECT_MISMATCH: return "indirect call type mismatch";
  case WB_TRAP_STACK_EXHAUSTED: return "call stack exhausted";
  case WB_TRAP_HOST: return "host function trapped";
  case WB_TRAP_EXIT: return "exit";
  case WB_TRAP_OUT_OF_FUEL: return "all fuel consumed";
  case WB_TRAP_TIMEOUT: return "interrupted: time limit exceeded";
  }
  return "trap";
}

wb_trap *wb_trap_new(wb_trap_kind kind, const char *message) {
  wb_trap *t = calloc(1, sizeof *t);
  if (!t) abort(); /* a trap must be reportable; without memory nothing else is */
  t->kind = kind;
  t->message = strdup(message ? message : wb_trap_kind_message(kind));
  if (!t->message) abort();
  return t;
}

void wb_trap_free(wb_trap *t) {
  if (!t) return;
  free(t->message);
  free(t->frames);
  free(t);
}

static void ctx_destroy(void *p) {
  wb_thread_ctx *ctx = p;
  if (!ctx) return;
  if (ctx->stack_base) munmap(ctx->stack_base, ctx->stack_bytes);
  if (ctx->frames_base)
    munmap(ctx->frames_base, (size_t)((char *)ctx->frames_limit - (char *)ctx->frames_base));
  if (wb_thread_ctx_current == ctx) wb_thread_ctx_current = NULL;
  free(ctx);
}

static void make_key(void) { pthread_key_create(&ctx_key, ctx_destroy); }

static void *reserve(size_t bytes) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

wb_thread_ctx *wb_thread_ctx_get(void) {
  wb_thread_ctx *ctx = wb_thread_ctx_current;
  if (ctx) return ctx;
  pthread_once(&ctx_key_once, make_key);
  ctx = calloc(1, sizeof *ctx);
  if (!ctx) abort();
  ctx->stack_bytes = atomic_load(&default_stack_bytes);
  ctx->stack_base = reserve(ctx->stack_bytes);
  size_t frames_bytes = ctx->stack_bytes / 2;
  ctx->frames_base = reserve(frames_bytes);
  if (!ctx->stack_base || !ctx->frames_base) {
    fprintf(stderr, "wasmbox: cannot reserve the Wasm stack (%zu bytes)\n", ctx->stack_bytes);
    abort();
  }
  ctx->stack_limit = ctx->stack_base + ctx->stack_bytes / sizeof(uint64_t);
  ctx->stack_top = ctx->stack_base;
  ctx->frames_limit = (char *)ctx->frames_base + frames_bytes;
  wb_thread_ctx_current = ctx;
  pthread_setspecific(ctx_key, ctx);
  wb_signals_install();
  wb_signals_thread_init();
  return ctx;
}

_Noreturn void wb_trap_throw(wb_trap *t) {
  wb_thread_ctx *ctx = wb_thread_ctx_current;
  if (!ctx || !ctx->entry) {
    fprintf(stderr, "wasmbox: internal error: trap '%s' outside any entry\n", t->message);
    abort();
  }
  if (wb_trap_capture_backtrace && !t->frames) wb_trap_capture_backtrace(ctx, t);
  ctx->entry->trap = t;
  siglongjmp(ctx->entry->jmp, 1);
}

_Noreturn void wb_trap_raise(wb_trap_kind kind) { wb_trap_throw(wb_trap_new(kind, NULL)); }
