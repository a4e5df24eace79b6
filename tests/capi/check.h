/* tests/capi/check.h — what the C API tests share: the CHECK tally (one line per failed check;
 * each test prints `N passed, N failed` at its end), the folder of compiled test modules, and
 * loading one of them through wasm.h. Included by exactly one source per test program. */
#ifndef WB_TESTS_CAPI_CHECK_H
#define WB_TESTS_CAPI_CHECK_H
#include <stdio.h>
#include <wasm.h>

static int passed, failed;

#define CHECK(cond)                                                                             \
  do {                                                                                          \
    if (cond) {                                                                                 \
      passed++;                                                                                 \
    } else {                                                                                    \
      failed++;                                                                                 \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                                    \
    }                                                                                           \
  } while (0)

static const char *dir;

static wasm_module_t *load(wasm_store_t *store, const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) {
    printf("FAIL cannot open %s\n", path);
    failed++;
    return NULL;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_t bytes;
  wasm_byte_vec_new_uninitialized(&bytes, (size_t)size);
  size_t got = fread(bytes.data, 1, (size_t)size, f);
  fclose(f);
  wasm_module_t *m = got == (size_t)size ? wasm_module_new(store, &bytes) : NULL;
  wasm_byte_vec_delete(&bytes);
  CHECK(m != NULL);
  return m;
}

#endif
