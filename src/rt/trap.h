/* rt/trap.h — traps and the per-thread execution context. A trap unwinds with siglongjmp to
 * the innermost host entry (wb_call in engine/). The context also holds the thread's Wasm value
 * stack (bounded in bytes) and the chain of frames used for backtraces. */
#ifndef WB_RT_TRAP_H
#define WB_RT_TRAP_H
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ir/module.h"

typedef enum wb_trap_kind {
  WB_TRAP_NONE = 0,
  WB_TRAP_UNREACHABLE,
  WB_TRAP_INT_DIV_ZERO,
  WB_TRAP_INT_OVERFLOW,
  WB_TRAP_INVALID_CONVERSION,
  WB_TRAP_MEMORY_OOB,
  WB_TRAP_TABLE_OOB,             /* table.get/set/fill/copy/init out of range */
  WB_TRAP_UNDEFINED_ELEMENT,     /* call_indirect index past the table's end */
  WB_TRAP_UNINITIALIZED_ELEMENT, /* call_indirect through a null entry */
  WB_TRAP_INDIRECT_MISMATCH,
  WB_TRAP_STACK_EXHAUSTED,
  WB_TRAP_HOST,                  /* raised by a host function, with its own message */
  WB_TRAP_EXIT,                  /* WASI proc_exit: not an error, carries exit_code */
  WB_TRAP_OUT_OF_FUEL,
  WB_TRAP_TIMEOUT,
} wb_trap_kind;

typedef struct wb_frame_info {
  const wb_module *module;
  uint32_t func_index;
  size_t offset;                 /* byte offset in the module of the instruction, or WB_NO_OFFSET-like (size_t)-1 */
  const struct wb_instance *instance; /* the function's instance, or NULL (C API: wasm_frame_instance) */
} wb_frame_info;

typedef struct wb_trap {
  wb_trap_kind kind;
  int exit_code;                 /* WB_TRAP_EXIT */
  char *message;                 /* heap; spec wording for built-in kinds */
  uint32_t nframes;
  wb_frame_info *frames;         /* innermost first */
} wb_trap;

/* The spec's wording for a trap kind ("integer divide by zero", ...). */
const char *wb_trap_kind_message(wb_trap_kind kind);

/* Allocates a trap; message NULL means the kind's standard wording. */
wb_trap *wb_trap_new(wb_trap_kind kind, const char *message);
void wb_trap_free(wb_trap *t);

/* One host entry: where a trap lands. Linked innermost first. */
typedef struct wb_entry {
  sigjmp_buf jmp;
  struct wb_entry *prev;
  uint64_t *saved_stack_top;     /* value stack top at entry, restored on unwind */
  void *saved_frame;             /* interpreter frame chain at entry */
  bool saved_in_wasm;
  wb_trap *trap;                 /* set before the jump (by wb_trap_throw) */
  wb_trap_kind pending_kind;     /* set instead by the signal handler, which must not allocate */
} wb_entry;

/* Per-thread state. The value stack is allocated on first use. */
typedef struct wb_thread_ctx {
  wb_entry *entry;               /* innermost host entry, NULL outside Wasm */
  uint64_t *stack_base, *stack_limit, *stack_top;
  size_t stack_bytes;            /* size of the value stack */
  void *frame;                   /* innermost interpreter call record (for backtraces), tier-defined */
  void *frames_base, *frames_limit; /* the interpreter's call-record stack, tier-defined layout */
  volatile bool in_wasm;         /* Wasm code (not a host function) is running on this thread */
  uint32_t depth;                /* nested host entries, bounded to bound native stack use */
} wb_thread_ctx;

/* The calling thread's context (created on first use; installs the alternate signal stack). */
wb_thread_ctx *wb_thread_ctx_get(void);
/* The calling thread's context if it has one, else NULL: safe to read in a signal handler. */
/* initial-exec: reading it in the signal handler must never allocate, even in a dlopen'ed library. */
extern __thread wb_thread_ctx *wb_thread_ctx_current __attribute__((tls_model("initial-exec")));

/* Default Wasm value stack size in bytes, and the process-wide setting for new threads. */
#define WB_DEFAULT_STACK_BYTES (8u << 20)
void wb_set_default_stack_bytes(size_t bytes);

/* Unwinds to the innermost entry with this trap (ownership passes). Must be inside wb_call. */
_Noreturn void wb_trap_throw(wb_trap *t);
/* Shorthand for wb_trap_throw(wb_trap_new(kind, NULL)). */
_Noreturn void wb_trap_raise(wb_trap_kind kind);

/* Backtrace hook: the execution tier that owns ctx->frame fills t->frames from it.
 * Set by the tier at start-up; called by wb_trap_throw before unwinding. */
extern void (*wb_trap_capture_backtrace)(wb_thread_ctx *ctx, wb_trap *t);

#endif
