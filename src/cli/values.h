/* cli/values.h — Wasm values as command-line text: parsing arguments by parameter type and
 * printing results (the way `wasmer run --invoke` does) or diagnostics. Text only: no semantics. */
#ifndef WB_CLI_VALUES_H
#define WB_CLI_VALUES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rt/value.h"

/* Room for any formatted value: f64 in positional notation needs up to ~330 characters. */
#define WB_CLI_VALUE_TEXT_MAX 400

/* Parses an integer of `bits` (32 or 64) bits: decimal or 0x hex, optional sign; accepts the
 * signed and the unsigned range (-2^(bits-1) .. 2^bits-1) and stores the two's complement bits. */
bool wb_cli_parse_int(const char *s, unsigned bits, uint64_t *out);

/* Parses a float: decimal or hex float, "inf", "-inf", "infinity", "nan", "-nan",
 * "nan:0xPAYLOAD", "-0". f32 is rounded once, directly from the text. */
bool wb_cli_parse_f32(const char *s, uint32_t *bits);
bool wb_cli_parse_f64(const char *s, uint64_t *bits);

/* Parses a command-line argument for a parameter of value type `type`. v128 takes 0x followed
 * by up to 32 hex digits, or an unsigned decimal; references take only "null". On failure writes
 * a reason to msg (e.g. "expected an i32") and returns false. */
bool wb_cli_parse_value(const char *s, uint8_t type, wb_value *out, char *msg, size_t msgsize);

/* Shortest text that reads back as the same float, positional notation, no exponent
 * (Rust's Display: "1", "-0", "0.1", "100000000000000000000", "inf", "-inf", "NaN"). */
void wb_cli_format_f32(uint32_t bits, char *buf, size_t size);
void wb_cli_format_f64(uint64_t bits, char *buf, size_t size);

/* A result as `wasmbox run --invoke` prints it: integers signed decimal, floats as above, v128
 * as an unsigned 128-bit decimal, references as "null", "funcref" or "externref". */
void wb_cli_format_value(uint8_t type, const wb_value *v, char *buf, size_t size);

#endif
