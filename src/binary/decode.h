/* binary/decode.h — the binary format decoder: bytes -> module IR. Checks everything the
 * binary format itself requires (section order and sizes, LEB128 encodings, counts, UTF-8 names,
 * function/code count agreement, the name section); instruction bodies are left as byte ranges
 * for the validator, which reports their encoding errors as WB_ERR_MALFORMED. */
#ifndef WB_BINARY_DECODE_H
#define WB_BINARY_DECODE_H
#include <stddef.h>
#include <stdint.h>
#include "ir/module.h"
#include "util/error.h"

/* Decodes a whole module. The module keeps its own copy of the bytes. On failure returns
 * WB_ERR_MALFORMED (or WB_ERR_NOMEM) with err->offset at the offending byte and a message
 * using the spec's wording where it has one ("unexpected end", "magic header not detected",
 * "integer too large", ...). A constant expression that is not constant, or not exactly one
 * instruction, is a validation error by the spec: WB_ERR_INVALID (only if nothing is malformed). */
wb_status wb_decode(const uint8_t *bytes, size_t len, wb_module **out, wb_error *err);

#endif
