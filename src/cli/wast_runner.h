/* cli/wast_runner.h — running the commands of a spec test script converted by wast2json
 * (module, register, action, assert_return, assert_trap, assert_exhaustion, assert_invalid,
 * assert_malformed, assert_unlinkable, assert_uninstantiable) and judging each one. */
#ifndef WB_CLI_WAST_RUNNER_H
#define WB_CLI_WAST_RUNNER_H
#include <stdbool.h>
#include "util/error.h"
#include "util/json.h"

typedef struct wb_wast_config {
  const char *script;           /* the script's name in messages ("x.wast") */
  const char *dir;              /* directory of the module files the commands name */
  bool bounds_checks;           /* memories in explicit-check mode */
  bool verbose;                 /* print every command's outcome, not only failures */
  uint64_t fuel;                /* 0, or the store's fuel budget (runs the metered translation) */
} wb_wast_config;

typedef struct wb_wast_totals {
  unsigned passed, failed, skipped; /* their sum is the number of commands run */
} wb_wast_totals;

/* Runs every command of `commands` (the script's "commands" array) in a fresh store, printing to
 * stdout a line per failure ("x.wast:LINE: TYPE: expected ..., got ...") and, when verbose, a
 * line per passed or skipped command. Text-format modules are skipped. Returns WB_OK when the
 * script ran to its end (totals say how it went), or an error that stopped it (a module file
 * cannot be read, out of memory) with err->msg naming the command's line. */
wb_status wb_wast_run(const wb_json *commands, const wb_wast_config *cfg, wb_wast_totals *totals, wb_error *err);

#endif
