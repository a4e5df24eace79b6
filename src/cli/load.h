/* cli/load.h — reading a module file from disk, decoding and validating it, and reporting
 * where it went wrong in the one format every command uses:
 * `wasmbox: FILE: <stage> error at offset 0x..: <message>`. */
#ifndef WB_CLI_LOAD_H
#define WB_CLI_LOAD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "ir/module.h"
#include "util/error.h"

typedef enum wb_load_stage {
  WB_LOAD_READ,                 /* the file could not be read (err.status WB_ERR_IO / WB_ERR_NOMEM) */
  WB_LOAD_DECODE,
  WB_LOAD_VALIDATE,
} wb_load_stage;

/* Reads a whole file into a fresh malloc'ed buffer (NUL-terminated for text users; *len excludes
 * the NUL). Errors: WB_ERR_IO with the system's reason, WB_ERR_NOMEM. */
wb_status wb_cli_read_file(const char *path, uint8_t **bytes, size_t *len, wb_error *err);

/* Reads, decodes and (when validate is true) validates a module. On failure *stage says which
 * step failed and err carries the status (WB_ERR_MALFORMED, WB_ERR_INVALID, WB_ERR_IO, ...). */
wb_status wb_cli_load_module(const char *path, bool validate, wb_module **out, wb_load_stage *stage,
                             wb_error *err);

/* Prints the failure of wb_cli_load_module to f, prefixed with "wasmbox: PATH: ". */
void wb_cli_report_load_error(FILE *f, const char *path, wb_load_stage stage, const wb_error *err);

#endif
