/* rt/signals.c — the SIGSEGV/SIGBUS handler that turns faults in Wasm memory reservations into
 * traps, the lock-free registry of reservations it reads, and per-thread alternate stacks (the
 * fault may come from a thread whose own stack is exhausted). */
#define _GNU_SOURCE
#include "rt/signals.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "rt/trap.h"

/* ---- registry ----
 * Writers serialize on a mutex; the handler reads without locks. Slots live in chunks that are
 * appended but never freed, so a reader can never follow a dangling pointer. A slot's len is
 * published before its base, so a reader that sees a base also sees its length. */
#define CHUNK_SLOTS 256

typedef struct reg_chunk {
  _Atomic(uintptr_t) base[CHUNK_SLOTS];
  _Atomic(size_t) len[CHUNK_SLOTS];
  struct reg_chunk *_Atomic next;
} reg_chunk;

static reg_chunk first_chunk;
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;

void wb_signals_register(uint8_t *base, size_t len) {
  pthread_mutex_lock(&reg_lock);
  reg_chunk *c = &first_chunk, *last = c;
  for (; c; last = c, c = atomic_load_explicit(&c->next, memory_order_relaxed)) {
    for (int i = 0; i < CHUNK_SLOTS; i++) {
      if (atomic_load_explicit(&c->base[i], memory_order_relaxed) == 0) {
        atomic_store_explicit(&c->len[i], len, memory_order_relaxed);
        atomic_store_explicit(&c->base[i], (uintptr_t)base, memory_order_release);
        pthread_mutex_unlock(&reg_lock);
        return;
      }
    }
  }
  c = calloc(1, sizeof *c);
  if (!c) abort(); /* a few KiB; without it faults in this memory would crash the process */
  atomic_store_explicit(&c->len[0], len, memory_order_relaxed);
  atomic_store_explicit(&c->base[0], (uintptr_t)base, memory_order_relaxed);
  atomic_store_explicit(&last->next, c, memory_order_release);
  pthread_mutex_unlock(&reg_lock);
}

void wb_signals_unregister(uint8_t *base) {
  pthread_mutex_lock(&reg_lock);
  for (reg_chunk *c = &first_chunk; c; c = atomic_load_explicit(&c->next, memory_order_relaxed)) {
    for (int i = 0; i < CHUNK_SLOTS; i++) {
      if (atomic_load_explicit(&c->base[i], memory_order_relaxed) == (uintptr_t)base) {
        atomic_store_explicit(&c->base[i], 0, memory_order_release);
        atomic_store_explicit(&c->len[i], 0, memory_order_relaxed);
        pthread_mutex_unlock(&reg_lock);
        return;
      }
    }
  }
  pthread_mutex_unlock(&reg_lock);
}

static bool in_reservation(uintptr_t addr) {
  for (reg_chunk *c = &first_chunk; c; c = atomic_load_explicit(&c->next, memory_order_acquire)) {
    for (int i = 0; i < CHUNK_SLOTS; i++) {
      uintptr_t b = atomic_load_explicit(&c->base[i], memory_order_acquire);
      if (b && addr >= b && addr - b < atomic_load_explicit(&c->len[i], memory_order_relaxed))
        return true;
    }
  }
  return false;
}

/* ---- the handler ---- */
static struct sigaction prev_segv, prev_bus;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

/* Hands a fault we do not claim to whoever was installed before us. */
static void chain(int sig, siginfo_t *si, void *uctx) {
  struct sigaction *prev = sig == SIGSEGV ? &prev_segv : &prev_bus;
  if (!(prev->sa_flags & SA_SIGINFO) &&
      (prev->sa_handler == SIG_DFL || prev->sa_handler == SIG_IGN)) {
    /* A fault cannot be ignored: restore the default action and return, so the faulting
     * instruction runs again and the process dies of the right signal (with a core dump). */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    if (si->si_code <= 0) raise(sig); /* sent by kill(): returning would not repeat it */
    return;
  }
  /* Run the previous handler under its own mask, as the kernel would have. */
  sigset_t old;
  pthread_sigmask(SIG_BLOCK, &prev->sa_mask, &old);
  if (prev->sa_flags & SA_SIGINFO)
    prev->sa_sigaction(sig, si, uctx);
  else
    prev->sa_handler(sig);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void fault_handler(int sig, siginfo_t *si, void *uctx) {
  int saved_errno = errno;
  /* wb_thread_ctx_current, never wb_thread_ctx_get(): no allocation in a signal handler. */
  wb_thread_ctx *ctx = wb_thread_ctx_current;
  if (ctx && ctx->in_wasm && ctx->entry && in_reservation((uintptr_t)si->si_addr)) {
    wb_entry *e = ctx->entry;
    e->pending_kind = WB_TRAP_MEMORY_OOB;
    /* The kernel blocked sig for the handler's duration; the entry's sigsetjmp need not have
     * saved the mask (that costs a system call per call), so unblock it before leaving. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    siglongjmp(e->jmp, 1);
  }
  chain(sig, si, uctx);
  errno = saved_errno;
}

static void install_handlers(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fault_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  /* Read the previous action first so prev_* is complete before our handler can run. */
  sigaction(SIGSEGV, NULL, &prev_segv);
  sigaction(SIGBUS, NULL, &prev_bus);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
}

void wb_signals_install(void) { pthread_once(&install_once, install_handlers); }

/* ---- alternate stacks ----
 * Each stack sits above a PROT_NONE guard page, so an overflow inside a handler faults
 * instead of silently corrupting memory. */
static pthread_key_t altstack_key;
static pthread_once_t altstack_once = PTHREAD_ONCE_INIT;
static size_t altstack_size, guard_size;

static void altstack_free(void *region) {
  stack_t cur;
  if (sigaltstack(NULL, &cur) == 0 && cur.ss_sp == (uint8_t *)region + guard_size &&
      !(cur.ss_flags & SS_ONSTACK)) {
    stack_t off;
    memset(&off, 0, sizeof off);
    off.ss_flags = SS_DISABLE;
    sigaltstack(&off, NULL);
  }
  munmap(region, guard_size + altstack_size);
}

static void altstack_init_once(void) {
  long pg = sysconf(_SC_PAGESIZE);
  guard_size = pg > 0 ? (size_t)pg : 4096;
  size_t want = (size_t)SIGSTKSZ * 4;
  if (want < 65536) want = 65536;
  altstack_size = (want + guard_size - 1) / guard_size * guard_size;
  if (pthread_key_create(&altstack_key, altstack_free) != 0) abort();
}

void wb_signals_thread_init(void) {
  pthread_once(&altstack_once, altstack_init_once);
  stack_t cur;
  if (sigaltstack(NULL, &cur) != 0 || !(cur.ss_flags & SS_DISABLE)) return; /* keep theirs */
  uint8_t *region = mmap(NULL, guard_size + altstack_size, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) return; /* faults then run on the thread's stack, which usually works */
  mprotect(region, guard_size, PROT_NONE);
  stack_t ss;
  memset(&ss, 0, sizeof ss);
  ss.ss_sp = region + guard_size;
  ss.ss_size = altstack_size;
  if (sigaltstack(&ss, NULL) != 0) {
    munmap(region, guard_size + altstack_size);
    return;
  }
  pthread_setspecific(altstack_key, region);
}
