/* threads.c — one engine and one module shared by several threads, each with its own store:
 * the module is compiled once, shared (wasm_module_share) and obtained in every thread's store.
 * Usage: threads threads.wasm */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <wasm.h>

#define NTHREADS 4
#define ROUNDS 3

typedef struct job {
  wasm_engine_t *engine;
  wasm_shared_module_t *shared;
  int id;
  int results[ROUNDS];
  bool ok;
} job;

static wasm_trap_t *thread_id(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  results->data[0].of.i32 = ((job *)env)->id;
  return NULL;
}

static void *run(void *arg) {
  job *j = arg;
  wasm_store_t *store = wasm_store_new(j->engine);
  wasm_module_t *module = wasm_module_obtain(store, j->shared);
  wasm_functype_t *type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t *id = wasm_func_new_with_env(store, type, thread_id, j, NULL);
  wasm_functype_delete(type);
  wasm_extern_t *import_data[] = {wasm_func_as_extern(id)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_data);
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  if (instance) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_func_t *work = wasm_extern_as_func(exports.data[0]);
    j->ok = true;
    for (int round = 0; round < ROUNDS; round++) {
      wasm_val_t a[1] = {WASM_I32_VAL(15 + j->id + round)}, r[1] = {WASM_INIT_VAL};
      wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
      wasm_trap_t *trap = wasm_func_call(work, &av, &rv);
      if (trap) {
        wasm_trap_delete(trap);
        j->ok = false;
        break;
      }
      j->results[round] = r[0].of.i32;
    }
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
  wasm_func_delete(id);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

static bool read_file(const char *path, wasm_byte_vec_t *out) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  bool ok = fread(out->data, 1, (size_t)size, f) == (size_t)size;
  fclose(f);
  if (!ok) wasm_byte_vec_delete(out);
  return ok;
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  if (!read_file(argv[1], &binary)) return 1;
  wasm_module_t *module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) return 1;
  wasm_shared_module_t *shared = wasm_module_share(module);
  /* The shared module keeps the compiled module alive on its own. */
  wasm_module_delete(module);
  wasm_store_delete(store);

  job jobs[NTHREADS];
  pthread_t threads[NTHREADS];
  for (int i = 0; i < NTHREADS; i++) {
    jobs[i] = (job){engine, shared, i + 1, {0}, false};
    pthread_create(&threads[i], NULL, run, &jobs[i]);
  }
  for (int i = 0; i < NTHREADS; i++) pthread_join(threads[i], NULL);
  for (int i = 0; i < NTHREADS; i++) {
    printf("thread %d:", jobs[i].id);
    if (!jobs[i].ok) printf(" failed");
    for (int round = 0; round < ROUNDS && jobs[i].ok; round++) printf(" %d", jobs[i].results[round]);
    printf("\n");
  }
  wasm_shared_module_delete(shared);
  wasm_engine_delete(engine);
  return 0;
}
