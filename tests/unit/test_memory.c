/* tests/unit/test_memory.c — linear memories (both modes), the fault handler's claim rules and
 * its chaining to earlier handlers, and per-thread alternate stacks. Prints one line per failure,
 * then "N passed, N failed"; exits 0 iff nothing failed. Chaining tests run in forked children
 * before this process installs its own handler, so each child can put a "previous" one first. */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>
#include "rt/memory.h"
#include "rt/signals.h"
#include "rt/trap.h"

static int npassed, nfailed;

#define CHECK(cond, ...)                                  \
  do {                                                    \
    if (cond) {                                           \
      npassed++;                                          \
    } else {                                              \
      nfailed++;                                          \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);         \
      printf(__VA_ARGS__);                                \
      printf("\n");                                       \
    }                                                     \
  } while (0)

/* Addresses the compiler cannot prove anything about, so the access really happens. */
static volatile uintptr_t low_addr = 16;

static void write_byte(uintptr_t addr) { *(volatile uint8_t *)addr = 1; }
/* The value goes to a volatile sink: valgrind drops loads whose result is unused. */
static volatile uint8_t read_sink;
static void read_byte(uintptr_t addr) { read_sink = *(volatile uint8_t *)addr; }

static bool all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i]) return false;
  return true;
}

/* ---- "running Wasm": an entry as wb_call would set it up ---- */
/* Performs the access inside a host entry with in_wasm set. Returns 1 when the handler
 * claimed a fault (longjmp to the entry) and stores the pending kind, else 0. */
static int access_in_wasm(uintptr_t addr, bool write, wb_trap_kind *kind) {
  wb_thread_ctx *ctx = wb_thread_ctx_get();
  wb_entry e;
  memset(&e, 0, sizeof e);
  wb_entry *volatile ep = &e;
  e.prev = ctx->entry;
  e.saved_in_wasm = ctx->in_wasm;
  ctx->entry = &e;
  if (sigsetjmp(e.jmp, 0) == 0) {
    ctx->in_wasm = true;
    if (write)
      write_byte(addr);
    else
      read_byte(addr);
    ctx->in_wasm = ep->saved_in_wasm;
    ctx->entry = ep->prev;
    return 0;
  }
  ctx->in_wasm = ep->saved_in_wasm;
  ctx->entry = ep->prev;
  *kind = ep->pending_kind;
  return 1;
}

/* ---- forked children ---- */
/* Runs fn in a child with stderr silenced (ASan's report) and no core dumps; returns its
 * wait status. */
static int in_child(void (*fn)(void)) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, 2);
    struct rlimit rl = {0, 0};
    setrlimit(RLIMIT_CORE, &rl);
    fn();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

static bool exited_with(int status, int code) { return WIFEXITED(status) && WEXITSTATUS(status) == code; }

static void prev_siginfo_handler(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  _exit(sig == SIGSEGV && (uintptr_t)si->si_addr == low_addr ? 42 : 50);
}
static void prev_plain_handler(int sig) { _exit(sig == SIGSEGV ? 43 : 51); }
static void prev_bus_handler(int sig, siginfo_t *si, void *uc) {
  (void)si;
  (void)uc;
  _exit(sig == SIGBUS ? 45 : 52);
}

static void set_action(int sig, void (*info)(int, siginfo_t *, void *), void (*plain)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  if (info) {
    sa.sa_sigaction = info;
    sa.sa_flags = SA_SIGINFO;
  } else {
    sa.sa_handler = plain;
  }
  sigaction(sig, &sa, NULL);
}

static void child_chain_siginfo(void) {
  set_action(SIGSEGV, prev_siginfo_handler, NULL);
  wb_signals_install();
  write_byte(low_addr);
  _exit(60); /* the fault was swallowed */
}

static void child_chain_plain(void) {
  set_action(SIGSEGV, NULL, prev_plain_handler);
  wb_signals_install();
  write_byte(low_addr);
  _exit(60);
}

static void child_chain_default(void) {
  set_action(SIGSEGV, NULL, SIG_DFL);
  wb_signals_install();
  write_byte(low_addr);
  _exit(60);
}

static void child_chain_ignored(void) {
  set_action(SIGSEGV, NULL, SIG_IGN);
  wb_signals_install();
  write_byte(low_addr);
  _exit(60);
}

static void child_kill_default(void) {
  set_action(SIGSEGV, NULL, SIG_DFL);
  wb_signals_install();
  kill(getpid(), SIGSEGV);
  _exit(60);
}

static void child_chain_bus(void) {
  set_action(SIGBUS, prev_bus_handler, NULL);
  wb_signals_install();
  raise(SIGBUS);
  _exit(60);
}

/* Whatever was there before (ASan's handler under -fsanitize=address, else the default)
 * must still get a fault we do not claim: the child must not survive. */
static void child_chain_inherited(void) {
  wb_signals_install();
  write_byte(low_addr);
  _exit(60);
}

/* A fault inside a reservation while in Wasm, but in Wasm running without an entry, or inside
 * an entry but in a host function: neither is ours. */
static void child_reservation_not_in_wasm(void) {
  set_action(SIGSEGV, prev_siginfo_handler, NULL);
  wb_memtype t = {{1, 1, true}};
  wb_memory *m;
  wb_error err;
  if (wb_memory_new(&t, false, 0, &m, &err) != WB_OK) _exit(61);
  low_addr = (uintptr_t)m->base + WB_PAGE_SIZE;
  wb_thread_ctx *ctx = wb_thread_ctx_get();
  wb_entry e;
  memset(&e, 0, sizeof e);
  ctx->entry = &e;
  ctx->in_wasm = false;
  if (sigsetjmp(e.jmp, 0) != 0) _exit(77); /* claimed: wrong */
  write_byte(low_addr);
  _exit(60);
}

static void child_reservation_no_entry(void) {
  set_action(SIGSEGV, prev_siginfo_handler, NULL);
  wb_memtype t = {{1, 1, true}};
  wb_memory *m;
  wb_error err;
  if (wb_memory_new(&t, false, 0, &m, &err) != WB_OK) _exit(61);
  low_addr = (uintptr_t)m->base + WB_PAGE_SIZE;
  wb_thread_ctx *ctx = wb_thread_ctx_get();
  ctx->entry = NULL;
  ctx->in_wasm = true;
  write_byte(low_addr);
  _exit(60);
}

static void test_chaining(void) {
  int st;
  st = in_child(child_chain_siginfo);
  CHECK(exited_with(st, 42), "SA_SIGINFO previous handler not chained (status %#x)", st);
  st = in_child(child_chain_plain);
  CHECK(exited_with(st, 43), "plain previous handler not chained (status %#x)", st);
  st = in_child(child_chain_default);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "SIG_DFL: child not killed by SIGSEGV (status %#x)", st);
  st = in_child(child_chain_ignored);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "SIG_IGN: child not killed by SIGSEGV (status %#x)", st);
  st = in_child(child_kill_default);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "kill(SIGSEGV) with SIG_DFL: status %#x", st);
  st = in_child(child_chain_bus);
  CHECK(exited_with(st, 45), "SIGBUS previous handler not chained (status %#x)", st);
  st = in_child(child_chain_inherited);
  CHECK(!WIFEXITED(st) || (WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 60),
        "inherited handler: fault swallowed (status %#x)", st);
  st = in_child(child_reservation_not_in_wasm);
  CHECK(exited_with(st, 42), "fault in reservation outside Wasm was not chained (status %#x)", st);
  st = in_child(child_reservation_no_entry);
  CHECK(exited_with(st, 42), "fault in reservation without an entry was not chained (status %#x)", st);
}

/* ---- memories ---- */
static void test_basic(bool checked) {
  const char *mode = checked ? "checked" : "guard";
  wb_error err;
  wb_memory *m = NULL;
  wb_memtype t = {{1, 3, true}};
  CHECK(wb_memory_new(&t, checked, 0, &m, &err) == WB_OK, "%s: new: %s", mode, err.msg);
  if (!m) return;
  CHECK(m->base != NULL && m->size == WB_PAGE_SIZE && m->max_pages == 3, "%s: initial state", mode);
  CHECK(m->bounds_checked == checked, "%s: mode flag", mode);
  CHECK(checked ? m->reserved == 0 : m->reserved == ((size_t)8 << 30) + WB_PAGE_SIZE,
        "%s: reserved %zu", mode, m->reserved);
  CHECK(m->type.limits.min == 1 && m->type.limits.max == 3 && m->type.limits.has_max,
        "%s: type", mode);
  CHECK(all_zero(m->base, m->size), "%s: initial page not zero", mode);
  memset(m->base, 0xAB, m->size);

  CHECK(wb_memory_grow(m, 1) == 1, "%s: grow 1", mode);
  CHECK(m->size == 2 * WB_PAGE_SIZE && m->type.limits.min == 2, "%s: size after grow", mode);
  CHECK(m->base[0] == 0xAB && m->base[WB_PAGE_SIZE - 1] == 0xAB, "%s: data kept", mode);
  CHECK(all_zero(m->base + WB_PAGE_SIZE, WB_PAGE_SIZE), "%s: new page not zero", mode);
  uint8_t *base = m->base;
  CHECK(wb_memory_grow(m, 2) == -1, "%s: grow past max accepted", mode);
  CHECK(m->size == 2 * WB_PAGE_SIZE && m->type.limits.min == 2 && m->base == base,
        "%s: refused grow changed the memory", mode);
  CHECK(wb_memory_grow(m, UINT64_MAX) == -1, "%s: huge grow accepted", mode);
  CHECK(wb_memory_grow(m, 0) == 2, "%s: grow 0", mode);
  CHECK(wb_memory_grow(m, 1) == 2, "%s: grow to max", mode);
  CHECK(wb_memory_grow(m, 1) == -1, "%s: grow past max (2)", mode);
  CHECK(wb_memory_grow(m, 0) == 3, "%s: grow 0 at max", mode);
  CHECK(m->base[2 * WB_PAGE_SIZE + 5] == 0, "%s: third page", mode);

  CHECK(wb_memory_in_bounds(m, 0, m->size), "%s: in bounds whole", mode);
  CHECK(wb_memory_in_bounds(m, m->size, 0), "%s: in bounds empty at end", mode);
  CHECK(!wb_memory_in_bounds(m, m->size, 1), "%s: one past end", mode);
  CHECK(!wb_memory_in_bounds(m, 1, UINT64_MAX), "%s: overflowing length", mode);
  CHECK(!wb_memory_in_bounds(m, UINT64_MAX, 2), "%s: overflowing address", mode);
  wb_memory_free(m);

  /* No declared maximum: capped at 4 GiB, and by limit_pages. */
  wb_memtype u = {{0, 0, false}};
  CHECK(wb_memory_new(&u, checked, 0, &m, &err) == WB_OK, "%s: new empty: %s", mode, err.msg);
  if (m) {
    CHECK(m->base != NULL && m->size == 0, "%s: empty memory has a base", mode);
    CHECK(m->max_pages == WB_MAX_PAGES, "%s: default max %llu", mode, (unsigned long long)m->max_pages);
    CHECK(wb_memory_grow(m, WB_MAX_PAGES + 1) == -1, "%s: grow past 4 GiB", mode);
    CHECK(wb_memory_grow(m, 1) == 0, "%s: grow from empty", mode);
    CHECK(m->size == WB_PAGE_SIZE && all_zero(m->base, m->size), "%s: grown from empty", mode);
    memset(m->base, 7, m->size);
    /* A big step: explicit mode is likely to move; data must follow and new pages be zero. */
    CHECK(wb_memory_grow(m, 200) == 1, "%s: grow 200", mode);
    CHECK(m->base[0] == 7 && m->base[WB_PAGE_SIZE - 1] == 7, "%s: data kept after big grow", mode);
    CHECK(all_zero(m->base + WB_PAGE_SIZE, 200 * WB_PAGE_SIZE), "%s: big grow not zero", mode);
    CHECK(m->type.limits.min == 201 && !m->type.limits.has_max, "%s: type after big grow", mode);
    wb_memory_free(m);
  }

  CHECK(wb_memory_new(&u, checked, 2, &m, &err) == WB_OK, "%s: new limited: %s", mode, err.msg);
  if (m) {
    CHECK(m->max_pages == 2, "%s: limit caps max", mode);
    CHECK(wb_memory_grow(m, 2) == 0, "%s: grow to limit", mode);
    CHECK(wb_memory_grow(m, 1) == -1, "%s: grow past limit", mode);
    CHECK(m->type.limits.min == 2 && !m->type.limits.has_max, "%s: limited type", mode);
    wb_memory_free(m);
  }
  wb_memtype big = {{3, 10, true}};
  m = (wb_memory *)1;
  CHECK(wb_memory_new(&big, checked, 2, &m, &err) == WB_ERR_NOMEM && m == NULL,
        "%s: min above limit accepted", mode);
  wb_memtype lim = {{1, 5, true}};
  CHECK(wb_memory_new(&lim, checked, 100, &m, &err) == WB_OK && m->max_pages == 5,
        "%s: limit above declared max", mode);
  if (m) wb_memory_free(m);
}

static void test_default_mode(void) {
  unsetenv("WASMBOX_BOUNDS_CHECKS");
  CHECK(!wb_memory_default_bounds_checked(), "default mode checked without env");
  setenv("WASMBOX_BOUNDS_CHECKS", "1", 1);
  CHECK(wb_memory_default_bounds_checked(), "env WASMBOX_BOUNDS_CHECKS=1 ignored");
  setenv("WASMBOX_BOUNDS_CHECKS", "0", 1);
  CHECK(!wb_memory_default_bounds_checked(), "env WASMBOX_BOUNDS_CHECKS=0 forces checks");
  unsetenv("WASMBOX_BOUNDS_CHECKS");
  wb_memory_force_bounds_checks(true);
  CHECK(wb_memory_default_bounds_checked(), "force ignored");
  wb_memory_force_bounds_checks(false);
  CHECK(!wb_memory_default_bounds_checked(), "force(false) did not reset");
}

/* ---- claimed faults ---- */
static void test_claims(void) {
  wb_error err;
  wb_memory *m = NULL;
  wb_memtype t = {{1, 2, true}};
  CHECK(wb_memory_new(&t, false, 0, &m, &err) == WB_OK, "new: %s", err.msg);
  if (!m) return;
  uintptr_t b = (uintptr_t)m->base;
  wb_trap_kind kind = WB_TRAP_NONE;

  CHECK(access_in_wasm(b + 100, true, &kind) == 0, "in-bounds write faulted");
  CHECK(m->base[100] == 1, "in-bounds write lost");
  kind = WB_TRAP_NONE;
  CHECK(access_in_wasm(b + WB_PAGE_SIZE, true, &kind) == 1 && kind == WB_TRAP_MEMORY_OOB,
        "write one past the end not claimed (kind %d)", kind);
  /* Again: the handler must have unblocked the signal (the entry saved no mask). */
  kind = WB_TRAP_NONE;
  CHECK(access_in_wasm(b + WB_PAGE_SIZE + 3, false, &kind) == 1 && kind == WB_TRAP_MEMORY_OOB,
        "second fault not claimed");
  kind = WB_TRAP_NONE;
  CHECK(access_in_wasm(b + m->reserved - 1, false, &kind) == 1 && kind == WB_TRAP_MEMORY_OOB,
        "read at the reservation's last byte not claimed");
  kind = WB_TRAP_NONE;
  CHECK(access_in_wasm(b + ((uintptr_t)4 << 30) + 12345, true, &kind) == 1,
        "write at 4 GiB not claimed");

  CHECK(wb_memory_grow(m, 1) == 1, "grow");
  CHECK(access_in_wasm(b + WB_PAGE_SIZE, true, &kind) == 0, "grown page faults");
  CHECK(access_in_wasm(b + 2 * WB_PAGE_SIZE, true, &kind) == 1, "past grown end not claimed");

  /* Nested entries: the innermost one receives the trap, the outer one survives. */
  wb_thread_ctx *ctx = wb_thread_ctx_get();
  wb_entry outer;
  memset(&outer, 0, sizeof outer);
  wb_entry *volatile op = &outer;
  ctx->entry = &outer;
  if (sigsetjmp(outer.jmp, 0) == 0) {
    kind = WB_TRAP_NONE;
    int r = access_in_wasm(b + 3 * WB_PAGE_SIZE, true, &kind);
    CHECK(r == 1 && kind == WB_TRAP_MEMORY_OOB, "nested entry not the target");
    CHECK(ctx->entry == &outer, "entry chain not restored");
  } else {
    CHECK(0, "outer entry received an inner fault");
  }
  CHECK(op->pending_kind == WB_TRAP_NONE, "outer entry touched");
  ctx->entry = NULL;

  /* Many memories: the registry must grow past its first chunk and reuse freed slots. */
  enum { N = 300 };
  wb_memory *ms[N];
  int made = 0;
  wb_memtype small = {{1, 1, true}};
  for (; made < N; made++)
    if (wb_memory_new(&small, false, 0, &ms[made], &err) != WB_OK) break;
  CHECK(made == N, "only %d of %d memories: %s", made, N, err.msg);
  if (made > 0) {
    wb_memory *last = ms[made - 1];
    CHECK(access_in_wasm((uintptr_t)last->base + WB_PAGE_SIZE, true, &kind) == 1,
          "fault in memory #%d not claimed", made);
    CHECK(access_in_wasm((uintptr_t)ms[0]->base + 2 * WB_PAGE_SIZE, true, &kind) == 1,
          "fault in memory #1 not claimed");
  }
  for (int i = 0; i < made; i += 2) wb_memory_free(ms[i]);
  wb_memory *again = NULL;
  CHECK(wb_memory_new(&small, false, 0, &again, &err) == WB_OK, "new after frees");
  if (again) {
    CHECK(access_in_wasm((uintptr_t)again->base + WB_PAGE_SIZE, false, &kind) == 1,
          "fault in reused slot not claimed");
    wb_memory_free(again);
  }
  if (made > 1)
    CHECK(access_in_wasm((uintptr_t)ms[1]->base + WB_PAGE_SIZE, false, &kind) == 1,
          "fault in surviving memory not claimed");
  for (int i = 1; i < made; i += 2) wb_memory_free(ms[i]);
  wb_memory_free(m);
}

/* A freed memory's range is no longer ours: a fault there goes to the previous handler. */
static uintptr_t freed_addr;
static void child_freed_memory(void) {
  wb_thread_ctx *ctx = wb_thread_ctx_get();
  wb_entry e;
  memset(&e, 0, sizeof e);
  ctx->entry = &e;
  if (sigsetjmp(e.jmp, 0) != 0) _exit(77);
  ctx->in_wasm = true;
  write_byte(freed_addr);
  _exit(60);
}

static void test_unregistered_after_free(void) {
  wb_error err;
  wb_memory *m = NULL;
  wb_memtype t = {{1, 1, true}};
  if (wb_memory_new(&t, false, 0, &m, &err) != WB_OK) {
    CHECK(0, "new: %s", err.msg);
    return;
  }
  freed_addr = (uintptr_t)m->base + 2 * WB_PAGE_SIZE;
  wb_memory_free(m);
  /* Keep the range unmapped in the child; whoever owned the fault before us kills it. */
  int st = in_child(child_freed_memory);
  CHECK(!exited_with(st, 77) && !exited_with(st, 60) && !exited_with(st, 0),
        "fault in a freed memory was claimed or swallowed (status %#x)", st);
}

/* ---- threads and alternate stacks ---- */
static void *thread_fault(void *arg) {
  (void)arg;
  stack_t ss;
  sigaltstack(NULL, &ss);
  bool had_stack = !(ss.ss_flags & SS_DISABLE);
  wb_thread_ctx *ctx = wb_thread_ctx_get();
  sigaltstack(NULL, &ss);
  /* Ours is at least 64 KiB; a stack the thread already had (ASan's) is kept as it is. */
  bool has_stack = !(ss.ss_flags & SS_DISABLE) && (had_stack || ss.ss_size >= 65536);
  wb_error err;
  wb_memory *m = NULL;
  wb_memtype t = {{1, 1, true}};
  if (wb_memory_new(&t, false, 0, &m, &err) != WB_OK) return (void *)0;
  wb_trap_kind kind = WB_TRAP_NONE;
  int r = access_in_wasm((uintptr_t)m->base + WB_PAGE_SIZE, true, &kind);
  wb_memory_free(m);
  (void)ctx;
  return (void *)(uintptr_t)(has_stack ? (r == 1 && kind == WB_TRAP_MEMORY_OOB ? 1 : 2) : 3);
}

static uint8_t own_stack[1 << 17];
static void *thread_own_altstack(void *arg) {
  (void)arg;
  stack_t ss;
  memset(&ss, 0, sizeof ss);
  ss.ss_sp = own_stack;
  ss.ss_size = sizeof own_stack;
  sigaltstack(&ss, NULL);
  wb_signals_thread_init();
  stack_t cur;
  sigaltstack(NULL, &cur);
  bool kept = cur.ss_sp == (void *)own_stack && cur.ss_size == sizeof own_stack;
  memset(&ss, 0, sizeof ss);
  ss.ss_flags = SS_DISABLE;
  sigaltstack(&ss, NULL);
  return (void *)(uintptr_t)kept;
}

static void test_threads(void) {
  pthread_t th;
  void *res = NULL;
  pthread_create(&th, NULL, thread_fault, NULL);
  pthread_join(th, &res);
  CHECK((uintptr_t)res == 1, "fault on another thread: result %lu (2: not claimed, 3: no altstack)",
        (unsigned long)(uintptr_t)res);
  pthread_create(&th, NULL, thread_own_altstack, NULL);
  pthread_join(th, &res);
  CHECK((uintptr_t)res == 1, "thread's own alternate stack replaced");
  /* Many short-lived threads: stacks are freed at exit (watch RSS / valgrind for leaks). */
  for (int i = 0; i < 50; i++) {
    pthread_create(&th, NULL, thread_fault, NULL);
    pthread_join(th, &res);
    if ((uintptr_t)res != 1) {
      CHECK(0, "thread %d: result %lu", i, (unsigned long)(uintptr_t)res);
      break;
    }
  }
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  test_chaining(); /* first: needs a process where our handler is not installed yet */
  test_default_mode();
  test_basic(false);
  test_basic(true);
  test_claims();
  test_unregistered_after_free();
  test_threads();
  printf("%d passed, %d failed\n", npassed, nfailed);
  return nfailed ? 1 : 0;
}
