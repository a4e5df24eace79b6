/* cli/cmd_validate.c — `wasmbox validate FILE...`: decode and validate modules, report the first
 * error of each with its stage and byte offset. */
#include <stdio.h>
#include "cli/commands.h"
#include "cli/load.h"
#include "cli/options.h"

enum { OPT_VERBOSE, OPT_HELP };

static const wb_cli_option validate_options[] = {
    {OPT_VERBOSE, "verbose", 'v', false, NULL, "print \"FILE: valid\" for valid modules"},
    {OPT_HELP, "help", 'h', false, NULL, "print this help"},
};
#define NOPTIONS (sizeof validate_options / sizeof validate_options[0])

static void validate_help(void) {
  printf("Usage: wasmbox validate [OPTIONS] FILE.wasm...\n\n"
         "Decodes and validates each module (WebAssembly 2.0). Prints nothing for a valid module\n"
         "(\"FILE: valid\" with -v) and for an invalid one the first error:\n"
         "  wasmbox: FILE: <decode|validation> error at offset 0x..: <message>\n\n"
         "Options:\n");
  wb_cli_print_options(validate_options, NOPTIONS);
  printf("\nExit status: 0 if all modules are valid, 1 if any is malformed or invalid,\n"
         "126 if a file cannot be read, 2 on a usage error.\n");
}

static int validate_main(int argc, char **argv) {
  bool verbose = false, options_done = false;
  int nfiles = 0;
  /* options first, so that `-v` anywhere applies to every file */
  for (int i = 1; i < argc;) {
    const wb_cli_option *opt;
    const char *value;
    wb_cli_optres res = options_done ? WB_OPT_POSITIONAL
                                     : wb_cli_next_option("validate", validate_options, NOPTIONS, argc, argv, &i, &opt, &value);
    switch (res) {
    case WB_OPT_ERROR: return WB_EXIT_USAGE;
    case WB_OPT_UNKNOWN: return wb_cli_usage_error("validate", "unknown option '%s'", argv[i]);
    case WB_OPT_END: options_done = true; break;
    case WB_OPT_POSITIONAL: nfiles++; i++; break;
    case WB_OPT_MATCH:
      if (opt->id == OPT_HELP) {
        validate_help();
        return WB_EXIT_OK;
      }
      verbose = true;
      break;
    }
  }
  if (!nfiles) return wb_cli_usage_error("validate", "missing FILE.wasm");

  int status = WB_EXIT_OK;
  options_done = false;
  for (int i = 1; i < argc;) {
    const wb_cli_option *opt;
    const char *value;
    wb_cli_optres res = options_done ? WB_OPT_POSITIONAL
                                     : wb_cli_next_option("validate", validate_options, NOPTIONS, argc, argv, &i, &opt, &value);
    if (res == WB_OPT_END) options_done = true;
    if (res != WB_OPT_POSITIONAL) continue;
    const char *file = argv[i++];
    wb_module *m;
    wb_load_stage stage;
    wb_error err;
    if (wb_cli_load_module(file, true, &m, &stage, &err)) {
      wb_cli_report_load_error(stderr, file, stage, &err);
      if (stage == WB_LOAD_READ)
        status = WB_EXIT_CANNOT_RUN;
      else if (status == WB_EXIT_OK)
        status = WB_EXIT_FAIL;
      continue;
    }
    if (verbose) printf("%s: valid\n", file);
    wb_module_free(m);
  }
  return status;
}

const wb_cli_command wb_cmd_validate = {
    "validate", "check that modules are well-formed and valid", validate_main, validate_help,
};
