/* valid/validate.h — validation of whole modules, eagerly (every function body, one pass each,
 * no allocation per instruction). */
#ifndef WB_VALID_VALIDATE_H
#define WB_VALID_VALIDATE_H
#include "ir/module.h"
#include "util/error.h"

/* Validates m by the Wasm 2.0 rules (SIMD included). Returns WB_OK,
 * WB_ERR_INVALID with the spec's wording ("type mismatch", "unknown local", ...), or
 * WB_ERR_MALFORMED for instruction encoding errors found while reading bodies ("illegal opcode",
 * "zero byte expected", "data count section required", "unexpected end", ...). err->offset is the
 * byte offset in the module; the message names the function index too. */
wb_status wb_validate(const wb_module *m, wb_error *err);

#endif
