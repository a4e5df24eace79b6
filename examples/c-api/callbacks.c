/* callbacks.c — host functions with and without an environment, calls from the host into Wasm
 * made inside a host function (nested host -> Wasm -> host -> Wasm ...), and a trap returned by
 * a host function travelling back to the host's outer call.
 * Usage: callbacks callbacks.wasm */
#include <stdio.h>
#include <stdlib.h>
#include <wasm.h>

/* What the host functions need: the instance's exports, known once it exists. */
typedef struct context {
  wasm_store_t *store;
  wasm_func_t *square, *countdown;
  int calls;
} context;

static wasm_trap_t *print(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)results;
  printf("  host print: %d\n", args->data[0].of.i32);
  return NULL;
}

static wasm_trap_t *square_twice(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  context *ctx = env;
  ctx->calls++;
  wasm_val_t a[1] = {WASM_I32_VAL(args->data[0].of.i32)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  for (int i = 0; i < 2; i++) {
    wasm_trap_t *trap = wasm_func_call(ctx->square, &av, &rv);
    if (trap) return trap; /* pass it on to our caller */
    printf("  host square_twice: square(%d) = %d\n", a[0].of.i32, r[0].of.i32);
    a[0] = r[0];
  }
  results->data[0] = r[0];
  return NULL;
}

static wasm_trap_t *tick(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)results;
  context *ctx = env;
  ctx->calls++;
  int n = args->data[0].of.i32;
  printf("  tick %d\n", n);
  wasm_val_t a[1] = {WASM_I32_VAL(n - 1)};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_EMPTY_VEC;
  return wasm_func_call(ctx->countdown, &av, &rv);
}

static wasm_trap_t *refuse(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  context *ctx = env;
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "the host refuses");
  wasm_trap_t *trap = wasm_trap_new(ctx->store, &msg);
  wasm_name_delete(&msg);
  return trap;
}

static void context_done(void *env) {
  context *ctx = env;
  printf("environment finalized after %d calls\n", ctx->calls);
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

static wasm_func_t *export_func(const wasm_extern_vec_t *exports, size_t i) {
  return wasm_extern_as_func(exports->data[i]);
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

  context ctx = {store, NULL, NULL, 0};
  wasm_functype_t *i32_to_void = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_functype_t *i32_to_i32 = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_functype_t *void_to_void = wasm_functype_new_0_0();
  wasm_func_t *funcs[4] = {
      wasm_func_new(store, i32_to_void, print),
      wasm_func_new_with_env(store, i32_to_i32, square_twice, &ctx, NULL),
      wasm_func_new_with_env(store, i32_to_void, tick, &ctx, context_done),
      wasm_func_new_with_env(store, void_to_void, refuse, &ctx, NULL),
  };
  wasm_functype_delete(i32_to_void);
  wasm_functype_delete(i32_to_i32);
  wasm_functype_delete(void_to_void);

  wasm_extern_t *import_data[4];
  for (int i = 0; i < 4; i++) import_data[i] = wasm_func_as_extern(funcs[i]);
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_data);
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) return 1;
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  ctx.square = export_func(&exports, 0);
  wasm_func_t *run = export_func(&exports, 1);
  ctx.countdown = export_func(&exports, 2);
  wasm_func_t *ask = export_func(&exports, 3);

  printf("run(3):\n");
  wasm_val_t a[1] = {WASM_I32_VAL(3)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(run, &av, &rv);
  if (trap) return 1;
  printf("run(3) = %d\n", r[0].of.i32);

  printf("countdown(5), nested host -> Wasm -> host calls:\n");
  a[0].of.i32 = 5;
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  trap = wasm_func_call(ctx.countdown, &av, &none);
  if (trap) return 1;
  printf("countdown finished\n");

  printf("ask():\n");
  trap = wasm_func_call(ask, &none, &rv);
  if (!trap) return 1;
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  printf("ask trapped: %s\n", msg.data);
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  for (int i = 0; i < 4; i++) wasm_func_delete(funcs[i]);
  wasm_module_delete(module);
  printf("deleting the store\n");
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
