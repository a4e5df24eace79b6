/* tests/difftest/wb-difftest.c — the wasmbox side of the differential test, over the public C API
 * (wasm.h): runs one module and prints the line format v8-difftest.js prints for V8 (every exported
 * function called with zero arguments, `hangLimitInitializer` before each call, `hashMemory` after
 * it, traps as kinds). Usage: wb-difftest MODULE.wasm (WASMBOX_BOUNDS_CHECKS=1: explicit checks). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wasm.h"

static const uint8_t *module_bytes;
static size_t module_len;

static const char *name_of(const wasm_name_t *n, char *buf, size_t size) {
  size_t len = n->size < size - 1 ? n->size : size - 1;
  memcpy(buf, n->data, len);
  buf[len] = 0;
  return buf;
}

static bool callable(const wasm_valtype_vec_t *types) {
  for (size_t i = 0; i < types->size; i++) {
    wasm_valkind_t k = wasm_valtype_kind(types->data[i]);
    if (!wasm_valkind_is_ref(k) && k > WASM_F64) return false;  /* v128: no wasm.h kind */
  }
  return true;
}

static void format(const wasm_val_t *v, char *buf, size_t size) {
  uint32_t b32;
  uint64_t b64;
  switch (v->kind) {
  case WASM_I32: snprintf(buf, size, "i32:%" PRId32, v->of.i32); break;
  case WASM_I64: snprintf(buf, size, "i64:%" PRId64, v->of.i64); break;
  case WASM_F32:
    memcpy(&b32, &v->of.f32, 4);
    snprintf(buf, size, "f32:0x%08" PRIx32, b32);
    break;
  case WASM_F64:
    memcpy(&b64, &v->of.f64, 8);
    snprintf(buf, size, "f64:0x%016" PRIx64, b64);
    break;
  case WASM_FUNCREF: snprintf(buf, size, "funcref:%s", v->of.ref ? "nonnull" : "null"); break;
  case WASM_EXTERNREF: snprintf(buf, size, "externref:%s", v->of.ref ? "nonnull" : "null"); break;
  default: snprintf(buf, size, "kind%d:?", v->kind); break;
  }
}

/* The spec's trap messages as kinds, merged where V8 merges them (see trapKind in v8-difftest.js).
 * V8 has one message for every trapping float-to-int truncation, where the spec tells "integer
 * overflow" from "invalid conversion to integer": the trapping instruction's opcode (at the
 * origin's module offset) tells a truncation's overflow from a division's. */
static void print_trap(const char *prefix, const wasm_trap_t *trap) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  char text[256];
  name_of(&msg, text, sizeof text);
  wasm_byte_vec_delete(&msg);
  static const struct {
    const char *message, *kind;
  } kinds[] = {
      {"unreachable", "unreachable"},
      {"integer divide by zero", "div-zero"},
      {"integer overflow", "int-overflow"},
      {"invalid conversion to integer", "conversion"},
      {"out of bounds memory access", "memory-oob"},
      {"out of bounds table access", "table-oob"},
      {"undefined element", "table-oob"},
      {"uninitialized element", "indirect-call"},
      {"indirect call type mismatch", "indirect-call"},
      {"call stack exhausted", "stack"},
  };
  const char *kind = NULL;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0] && !kind; i++)
    if (strcmp(text, kinds[i].message) == 0) kind = kinds[i].kind;
  if (kind && strcmp(kind, "int-overflow") == 0) {
    wasm_frame_t *origin = wasm_trap_origin(trap);
    if (origin) {
      size_t off = wasm_frame_module_offset(origin);
      uint8_t op = off < module_len ? module_bytes[off] : 0;
      if (op >= 0xA8 && op <= 0xB1) kind = "conversion";     /* i32/i64.trunc_f32/f64_s/u */
      else if (op != 0x6D && op != 0x7F) kind = "int-overflow-at-unexpected-opcode";
      wasm_frame_delete(origin);
    }
  }
  if (kind) printf("%s %s\n", prefix, kind);
  else printf("%s other:%s\n", prefix, text);
}

/* Every `fuzzing-support` import logs its arguments, whatever its name. */
static wasm_trap_t *log_values(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)env;
  (void)results;
  for (size_t i = 0; i < args->size; i++) {
    char text[64];
    format(&args->data[i], text, sizeof text);
    printf("log %s\n", text);
  }
  return NULL;
}

static void zero_values(const wasm_valtype_vec_t *types, wasm_val_vec_t *out) {
  wasm_val_vec_new_uninitialized(out, types->size);
  for (size_t i = 0; i < types->size; i++) {
    memset(&out->data[i], 0, sizeof out->data[i]);
    out->data[i].kind = wasm_valtype_kind(types->data[i]);
  }
}

/* Calls f with zero arguments after resetting the hang limit; returns the trap or NULL. */
static wasm_trap_t *call(const wasm_func_t *hang, const wasm_func_t *f, wasm_val_vec_t *results) {
  if (hang) {
    wasm_val_vec_t none = WASM_EMPTY_VEC, none_out = WASM_EMPTY_VEC;
    wasm_trap_t *t = wasm_func_call(hang, &none, &none_out);
    if (t) return t;
  }
  wasm_functype_t *type = wasm_func_type(f);
  wasm_val_vec_t args;
  zero_values(wasm_functype_params(type), &args);
  zero_values(wasm_functype_results(type), results);
  wasm_functype_delete(type);
  wasm_trap_t *t = wasm_func_call(f, &args, results);
  wasm_val_vec_delete(&args);
  return t;
}

/* An exported function of type [] -> [] or [] -> [i32] named `name`, or NULL. */
static const wasm_func_t *plain_export(const wasm_exporttype_vec_t *types, const wasm_extern_vec_t *exports,
                                       const char *name, size_t nresults) {
  for (size_t i = 0; i < types->size; i++) {
    const wasm_name_t *n = wasm_exporttype_name(types->data[i]);
    const wasm_func_t *f = wasm_extern_as_func_const(exports->data[i]);
    if (!f || n->size != strlen(name) || memcmp(n->data, name, n->size) != 0) continue;
    wasm_functype_t *t = wasm_func_type(f);
    const wasm_valtype_vec_t *r = wasm_functype_results(t);
    bool ok = wasm_functype_params(t)->size == 0 && r->size == nresults &&
              (nresults == 0 || wasm_valtype_kind(r->data[0]) == WASM_I32);
    wasm_functype_delete(t);
    return ok ? f : NULL;
  }
  return NULL;
}

static void run_exports(const wasm_module_t *module, const wasm_instance_t *instance) {
  wasm_exporttype_vec_t types;
  wasm_extern_vec_t exports;
  wasm_module_exports(module, &types);
  wasm_instance_exports(instance, &exports);
  const wasm_func_t *hang = plain_export(&types, &exports, "hangLimitInitializer", 0);
  const wasm_func_t *hash = plain_export(&types, &exports, "hashMemory", 1);
  for (size_t i = 0; i < exports.size; i++) {
    const wasm_func_t *f = wasm_extern_as_func_const(exports.data[i]);
    if (!f) continue;
    char name[256];
    name_of(wasm_exporttype_name(types.data[i]), name, sizeof name);
    wasm_functype_t *t = wasm_func_type(f);
    bool ok = callable(wasm_functype_params(t)) && callable(wasm_functype_results(t));
    wasm_functype_delete(t);
    if (!ok) {
      printf("skip %s v128\n", name);
      continue;
    }
    printf("call %s\n", name);
    wasm_val_vec_t results;
    wasm_trap_t *trap = call(hang, f, &results);
    if (trap) {
      print_trap("trap", trap);
      wasm_trap_delete(trap);
    } else {
      fputs("return", stdout);
      for (size_t r = 0; r < results.size; r++) {
        char text[64];
        format(&results.data[r], text, sizeof text);
        printf(" %s", text);
      }
      putchar('\n');
    }
    wasm_val_vec_delete(&results);
    if (hash) {
      if ((trap = call(hang, hash, &results))) {
        print_trap("hash trap", trap);
        wasm_trap_delete(trap);
      } else {
        printf("hash i32:%" PRId32 "\n", results.data[0].of.i32);
      }
      wasm_val_vec_delete(&results);
    }
  }
  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&types);
}

static int run(wasm_store_t *store, const wasm_byte_vec_t *binary) {
  wasm_module_t *module = wasm_module_new(store, binary);
  if (!module) {
    puts("invalid");
    return 0;
  }
  wasm_importtype_vec_t import_types;
  wasm_module_imports(module, &import_types);
  wasm_extern_vec_t imports;
  wasm_extern_vec_new_uninitialized(&imports, import_types.size);
  size_t made = 0;
  for (; made < import_types.size; made++) {
    const wasm_importtype_t *it = import_types.data[made];
    char mod[256], name[256];
    name_of(wasm_importtype_module(it), mod, sizeof mod);
    name_of(wasm_importtype_name(it), name, sizeof name);
    const wasm_functype_t *ft = wasm_externtype_as_functype_const(wasm_importtype_type(it));
    /* wasm.h has no v128 (nor has JavaScript): the driver lowers log-v128 beforehand. */
    if (strcmp(mod, "fuzzing-support") != 0 || !ft || !callable(wasm_functype_params(ft)) ||
        !callable(wasm_functype_results(ft))) {
      printf("unsupported-import %s %s\n", mod, name);
      break;
    }
    imports.data[made] = wasm_func_as_extern(wasm_func_new_with_env(store, ft, log_values, NULL, NULL));
  }
  if (made == import_types.size) {
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    if (instance) {
      puts("instantiated");
      run_exports(module, instance);
      wasm_instance_delete(instance);
    } else {
      /* A trapping start function or a segment out of bounds (Wasm 2.0 traps in both). */
      print_trap("start-trap", trap);
      wasm_trap_delete(trap);
    }
  }
  imports.size = made;                 /* only the externs made so far are owned */
  wasm_extern_vec_delete(&imports);
  wasm_importtype_vec_delete(&import_types);
  wasm_module_delete(module);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: wb-difftest MODULE.wasm\n");
    return 2;
  }
  /* Line-buffered, so that a crash still shows how far the run got. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  wasm_byte_vec_t binary = WASM_EMPTY_VEC;
  size_t cap = 0, n;
  uint8_t buf[65536];
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    if (binary.size + n > cap) {
      cap = (binary.size + n) * 2;
      char *more = realloc(binary.data, cap);
      if (!more) {
        fprintf(stderr, "wb-difftest: out of memory\n");
        return 1;
      }
      binary.data = more;
    }
    memcpy(binary.data + binary.size, buf, n);
    binary.size += n;
  }
  fclose(f);
  module_bytes = (const uint8_t *)binary.data;
  module_len = binary.size;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = engine ? wasm_store_new(engine) : NULL;
  if (!store) {
    fprintf(stderr, "wb-difftest: cannot create a store\n");
    return 1;
  }
  int rc = run(store, &binary);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  free(binary.data);
  return rc;
}
