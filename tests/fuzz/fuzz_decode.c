/* tests/fuzz/fuzz_decode.c — libFuzzer target: arbitrary bytes through the decoder and, when they
 * decode, the validator. Findings are crashes, sanitizer reports, leaks, and errors that break the
 * error contract (wrong status, empty message, offset past the input). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "binary/decode.h"
#include "valid/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken contract is a finding like a crash: say what broke, then abort so libFuzzer keeps the input. */
static void check_error(const char *stage, wb_status st, wb_status allowed1, wb_status allowed2,
                        const wb_error *err, size_t size) {
  const char *broken = NULL;
  if (st != allowed1 && st != allowed2 && st != WB_ERR_NOMEM) broken = "unexpected status";
  else if (err->status != st) broken = "err->status differs from the returned status";
  else if (!err->msg[0]) broken = "empty message";
  else if (err->offset != WB_NO_OFFSET && err->offset > size) broken = "offset past the input";
  if (!broken) return;
  fprintf(stderr, "fuzz_decode: %s: %s (status %s, offset %zu, message \"%s\")\n", stage, broken,
          wb_status_name(st), err->offset, err->msg);
  __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  wb_module *m = NULL;
  wb_error err;
  wb_status st = wb_decode(data, size, &m, &err);
  if (st != WB_OK) {
    /* The decoder reports some validation errors itself (constant expressions), after any malformation. */
    check_error("decode", st, WB_ERR_MALFORMED, WB_ERR_INVALID, &err, size);
    return 0;
  }
  st = wb_validate(m, &err);
  if (st != WB_OK) check_error("validate", st, WB_ERR_INVALID, WB_ERR_MALFORMED, &err, size);
  wb_module_free(m);
  return 0;
}
