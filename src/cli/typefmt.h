/* cli/typefmt.h — Wasm types as text for messages and `inspect`, in the spec's notation:
 * "[i32 i64] -> [f32]", "(memory 1 2)", "(table 10 20 funcref)", "(global (mut i32))".
 * Output is truncated with "..." when it does not fit the buffer. */
#ifndef WB_CLI_TYPEFMT_H
#define WB_CLI_TYPEFMT_H
#include <stddef.h>
#include "ir/module.h"

void wb_cli_format_functype(const wb_functype *t, char *buf, size_t size);
/* "1" or "1 2" (minimum, then maximum when there is one). */
void wb_cli_format_limits(const wb_limits *l, char *buf, size_t size);
/* An import's type, e.g. "(func [i32] -> [])"; func types are looked up in m. */
void wb_cli_format_import_type(const wb_module *m, const wb_import *imp, char *buf, size_t size);
/* The name of an extern kind: "func", "table", "memory", "global". */
const char *wb_cli_extern_kind_name(uint8_t kind);

#endif
