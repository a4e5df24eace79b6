/* tests/unit/test_limits.c — resource limits: fuel, interrupts (time limits), the Wasm stack
 * bound, the memory limit, that unlimited code carries no checks, and creating/destroying
 * 100,000 instances with a memory each in one process.
 * Prints one line per failure, then "N passed, N failed"; exits 0 iff nothing failed. */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "binary/decode.h"
#include "engine/engine.h"
#include "exec/interp/code.h"
#include "valid/validate.h"

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

/* (module
 *   (memory (export "mem") 1)
 *   (func (export "spin") (loop (br 0)))
 *   (func $rec (export "rec") (call $rec))
 *   (func (export "count") (param $n i32) (result i32) (local $i i32)
 *     (block (loop (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
 *                  (local.set $i (i32.add (local.get $i) (i32.const 1))) (br 0)))
 *     (local.get $i))
 *   (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))) */
static const uint8_t limits_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0x60, 0x00, 0x00, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x03, 0x05, 0x04, 0x00, 0x00, 0x01, 0x01, 0x05, 0x03, 0x01, 0x00,
    0x01, 0x07, 0x23, 0x05, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x04, 0x73, 0x70, 0x69, 0x6e,
    0x00, 0x00, 0x03, 0x72, 0x65, 0x63, 0x00, 0x01, 0x05, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x00,
    0x02, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x03, 0x0a, 0x32, 0x04, 0x07, 0x00, 0x03, 0x40,
    0x0c, 0x00, 0x0b, 0x0b, 0x04, 0x00, 0x10, 0x01, 0x0b, 0x1c, 0x01, 0x01, 0x7f, 0x02, 0x40,
    0x03, 0x40, 0x20, 0x01, 0x20, 0x00, 0x4f, 0x0d, 0x01, 0x20, 0x01, 0x41, 0x01, 0x6a, 0x21,
    0x01, 0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x01, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b};

static wb_module *load(void) {
  wb_module *m = NULL;
  wb_error err;
  if (wb_decode(limits_wasm, sizeof limits_wasm, &m, &err) != WB_OK || wb_validate(m, &err) != WB_OK) {
    printf("FAIL: test module does not load: %s\n", err.msg);
    exit(1);
  }
  return m;
}

static wb_instance *instantiate(wb_store *s, const wb_module *m) {
  wb_instance *inst = NULL;
  wb_error err;
  if (wb_instantiate(s, m, NULL, &inst, NULL, &err) != WB_OK) {
    printf("FAIL: instantiate: %s\n", err.msg);
    exit(1);
  }
  return inst;
}

static wb_funcinst *export_func(wb_instance *inst, const char *name) {
  wb_extern ext;
  if (!wb_instance_export(inst, name, &ext) || ext.kind != WB_EXTERN_FUNC) {
    printf("FAIL: no export %s\n", name);
    exit(1);
  }
  return ext.u.func;
}

/* Calls f(arg) and returns the trap kind (WB_TRAP_NONE on success); *result gets the result. */
static wb_trap_kind call1(wb_funcinst *f, int32_t arg, int32_t *result) {
  wb_value a[1], r[1];
  memset(a, 0, sizeof a);
  memset(r, 0, sizeof r);
  a[0].i32 = arg;
  wb_trap *t = NULL;
  wb_status st = wb_call(f, a, r, &t);
  wb_trap_kind k = st == WB_OK ? WB_TRAP_NONE : t ? t->kind : WB_TRAP_HOST;
  wb_trap_free(t);
  if (result) *result = r[0].i32;
  return k;
}

static void test_fuel(const wb_module *m) {
  wb_store_config cfg = {.fuel = 1000000};
  wb_store *s = wb_store_new(&cfg);
  wb_instance *inst = instantiate(s, m);
  int32_t r = 0;
  CHECK(call1(export_func(inst, "count"), 1000, &r) == WB_TRAP_NONE && r == 1000, "count within fuel");
  uint64_t left = wb_store_fuel_remaining(s);
  CHECK(left < 1000000 && left > 1000000 - 20000, "fuel charged per instruction: %llu left",
        (unsigned long long)left);
  CHECK(call1(export_func(inst, "spin"), 0, NULL) == WB_TRAP_OUT_OF_FUEL, "infinite loop runs out of fuel");
  CHECK(wb_store_fuel_remaining(s) == 0, "no fuel left");
  CHECK(call1(export_func(inst, "count"), 10, NULL) == WB_TRAP_OUT_OF_FUEL, "nothing runs without fuel");
  wb_store_free(s);

  cfg.fuel = 5000;
  s = wb_store_new(&cfg);
  inst = instantiate(s, m);
  CHECK(call1(export_func(inst, "rec"), 0, NULL) == WB_TRAP_OUT_OF_FUEL, "recursion charged at entries");
  wb_store_free(s);
}

/* Unlimited stores run code without METER instructions: limits cost nothing when off. */
static void test_no_checks_when_unlimited(const wb_module *m) {
  wb_store *plain = wb_store_new(NULL);
  wb_instance *inst = instantiate(plain, m);
  CHECK(call1(export_func(inst, "count"), 100, NULL) == WB_TRAP_NONE, "count runs");
  unsigned base = (inst->mems[0]->bounds_checked ? WB_CODE_CHECKED : 0);
  uint32_t count_index = export_func(inst, "count")->func_index;
  const wb_code *c0 = wb_interp_get_code(m, count_index, base);
  const wb_code *c1 = wb_interp_get_code(m, count_index, base | WB_CODE_METERED);
  uint32_t meter = wb_interp_handler_cells()[WB_IOP_METER];
  int n0 = 0, n1 = 0;
  /* Operands may equal the handler cell by chance; the metered code must have more. */
  for (uint32_t i = 0; i < c0->ncells; i++) n0 += c0->cells[i] == meter;
  for (uint32_t i = 0; i < c1->ncells; i++) n1 += c1->cells[i] == meter;
  CHECK(c1->ncells > c0->ncells && n1 > n0, "metered translation adds checks (%d vs %d)", n1, n0);
  wb_store_free(plain);
}

typedef struct interrupter {
  wb_store *store;
  int delay_ms;
} interrupter;

static void *interrupt_later(void *p) {
  interrupter *it = p;
  struct timespec ts = {0, it->delay_ms * 1000000L};
  nanosleep(&ts, NULL);
  wb_store_interrupt(it->store);
  return NULL;
}

static void test_interrupt(const wb_module *m) {
  wb_store_config cfg = {.interruptible = true};
  wb_store *s = wb_store_new(&cfg);
  wb_instance *inst = instantiate(s, m);
  interrupter it = {s, 50};
  pthread_t th;
  pthread_create(&th, NULL, interrupt_later, &it);
  CHECK(call1(export_func(inst, "spin"), 0, NULL) == WB_TRAP_TIMEOUT, "spinning code is interrupted");
  pthread_join(th, NULL);
  int32_t r = 0;
  CHECK(call1(export_func(inst, "count"), 7, &r) == WB_TRAP_NONE && r == 7, "runs again after an interrupt");
  wb_store_free(s);
}

static void test_stack_limit(const wb_module *m) {
  wb_store_config cfg = {.max_stack_bytes = 64 * 1024};
  wb_store *s = wb_store_new(&cfg);
  wb_instance *inst = instantiate(s, m);
  CHECK(call1(export_func(inst, "rec"), 0, NULL) == WB_TRAP_STACK_EXHAUSTED, "recursion hits the stack bound");
  CHECK(call1(export_func(inst, "count"), 3, NULL) == WB_TRAP_NONE, "shallow code still runs");
  wb_store_free(s);
  s = wb_store_new(NULL);
  inst = instantiate(s, m);
  CHECK(call1(export_func(inst, "rec"), 0, NULL) == WB_TRAP_STACK_EXHAUSTED, "default stack is bounded too");
  wb_store_free(s);
}

static void test_memory_limit(const wb_module *m) {
  wb_store_config cfg = {.max_memory_bytes = 4 * WB_PAGE_SIZE};
  wb_store *s = wb_store_new(&cfg);
  wb_instance *inst = instantiate(s, m);
  int32_t r = 0;
  CHECK(call1(export_func(inst, "grow"), 3, &r) == WB_TRAP_NONE && r == 1, "grow within the limit");
  CHECK(call1(export_func(inst, "grow"), 1, &r) == WB_TRAP_NONE && r == -1, "grow past the limit fails");
  CHECK(inst->mems[0]->size == 4 * WB_PAGE_SIZE, "size unchanged by the refused grow");
  wb_store_free(s);
}

static int count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  if (!d) return -1;
  int n = 0;
  while (readdir(d)) n++;
  closedir(d);
  return n;
}

/* Address space and descriptors must be returned: 100,000 x 8 GiB would not fit otherwise. */
static void test_many_instances(const wb_module *m) {
  int fds = count_fds();
  int ok = 0;
  for (int i = 0; i < 100000; i++) {
    wb_store *s = wb_store_new(NULL);
    wb_instance *inst = NULL;
    wb_error err;
    if (wb_instantiate(s, m, NULL, &inst, NULL, &err) == WB_OK && inst->mems[0]->size == WB_PAGE_SIZE) ok++;
    else if (i - ok < 3) printf("instance %d: %s\n", i, err.msg);
    wb_store_free(s);
  }
  CHECK(ok == 100000, "100000 instances created and destroyed (%d ok)", ok);
  CHECK(count_fds() == fds, "no descriptors leaked");
}

int main(void) {
  wb_module *m = load();
  test_fuel(m);
  test_no_checks_when_unlimited(m);
  test_interrupt(m);
  test_stack_limit(m);
  test_memory_limit(m);
  test_many_instances(m);
  wb_module_free(m);
  printf("%d passed, %d failed\n", npassed, nfailed);
  return nfailed ? 1 : 0;
}
