/* traps.c — traps as the host sees them: the message, where it happened (origin and the whole
 * trace: function index, offsets, instance), traps raised by a host function, and the reason a
 * module fails to load (wasmbox_last_error, a wasmbox extension).
 * Usage: traps traps.wasm */
#include <stdio.h>
#include <stdlib.h>
#include <wasm.h>
#include <wasmbox.h>

static wasm_store_t *the_store;

static wasm_trap_t *check(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)results;
  if (args->data[0].of.i32 >= 0) return NULL;
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "negative values are not allowed");
  wasm_trap_t *trap = wasm_trap_new(the_store, &msg);
  wasm_name_delete(&msg);
  return trap;
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

static void report(const char *what, wasm_trap_t *trap, const wasm_instance_t *instance) {
  if (!trap) {
    printf("%s: no trap\n", what);
    return;
  }
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  printf("%s: trap \"%s\"\n", what, msg.data);
  wasm_byte_vec_delete(&msg);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  wasm_frame_t *origin = wasm_trap_origin(trap);
  if (origin && trace.size <= 10) {
    printf("  origin: function %u, offset %zu in the function\n", wasm_frame_func_index(origin),
           wasm_frame_func_offset(origin));
  }
  wasm_frame_delete(origin);
  if (trace.size > 10) {
    printf("  trace: %s\n", trace.size >= 100 ? "at least 100 frames" : "a few frames");
  } else {
    for (size_t i = 0; i < trace.size; i++)
      printf("  frame %zu: function %u%s\n", i, wasm_frame_func_index(trace.data[i]),
             wasm_instance_same(wasm_frame_instance(trace.data[i]), instance)
                 ? " of our instance" : "");
  }
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  the_store = store;

  wasm_byte_vec_t junk;
  wasm_byte_vec_new(&junk, 8, "\0asm\x02\0\0\0"); /* version 2 does not exist */
  if (!wasm_module_new(store, &junk)) {
    wasm_name_t why;
    wasmbox_last_error(&why);
    printf("a broken module is refused: %s\n", why.data);
    wasm_name_delete(&why);
  }
  wasm_byte_vec_delete(&junk);

  wasm_byte_vec_t binary;
  if (!read_file(argv[1], &binary)) return 1;
  wasm_module_t *module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) return 1;
  wasm_functype_t *type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t *check_func = wasm_func_new(store, type, check);
  wasm_functype_delete(type);
  wasm_extern_t *import_data[] = {wasm_func_as_extern(check_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_data);
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) return 1;
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t *nested = wasm_extern_as_func(exports.data[1]);
  wasm_func_t *crash = wasm_extern_as_func(exports.data[2]);
  wasm_func_t *checked = wasm_extern_as_func(exports.data[3]);
  wasm_func_t *forever = wasm_extern_as_func(exports.data[4]);

  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(r);
  report("nested()", wasm_func_call(nested, &none, &rv), instance);
  report("crash()", wasm_func_call(crash, &none, &rv), instance);

  wasm_val_t a[1] = {WASM_I32_VAL(5)};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a);
  report("checked(5)", wasm_func_call(checked, &av, &none), instance);
  a[0].of.i32 = -5;
  report("checked(-5)", wasm_func_call(checked, &av, &none), instance);
  a[0].of.i32 = 0;
  report("forever(0)", wasm_func_call(forever, &av, &rv), instance);

  wasm_val_t wrong[1] = {WASM_F64_VAL(1.0)};
  wasm_val_vec_t wv = WASM_ARRAY_VEC(wrong);
  report("checked(1.0)", wasm_func_call(checked, &wv, &none), instance);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(check_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
