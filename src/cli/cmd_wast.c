/* cli/cmd_wast.c — `wasmbox wast SCRIPT.json`: reads a spec test script converted by wast2json
 * (the JSON plus the module files beside it), hands it to the runner (wast_runner.h) and
 * prints the summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/commands.h"
#include "cli/load.h"
#include "cli/options.h"
#include "cli/wast_runner.h"
#include "util/json.h"

enum { OPT_BOUNDS, OPT_FUEL, OPT_VERBOSE, OPT_HELP };

static const wb_cli_option wast_options[] = {
    {OPT_BOUNDS, "bounds-checks", 0, false, NULL, "explicit bounds checks for memories (no guard pages)"},
    {OPT_FUEL, "fuel", 0, true, "N", "run with a fuel budget of N instructions (metered code)"},
    {OPT_VERBOSE, "verbose", 'v', false, NULL, "print every command and its outcome"},
    {OPT_HELP, "help", 'h', false, NULL, "print this help"},
};
#define NOPTIONS (sizeof wast_options / sizeof wast_options[0])

static void wast_help(void) {
  printf("Usage: wasmbox wast [OPTIONS] SCRIPT.json\n\n"
         "Runs a WebAssembly spec test script converted with `wast2json` (the JSON file and the\n"
         "module files it names, found beside it). Prints a line per failing command and a summary\n"
         "\"N passed, N failed, N skipped\"; text-format modules are skipped.\n\n"
         "Options:\n");
  wb_cli_print_options(wast_options, NOPTIONS);
  printf("\nExit status: 0 if every command passed or was skipped, 1 if any failed,\n"
         "2 on a usage error, an unreadable script or a missing module file.\n");
}

/* "dir/x.json" -> "dir"; "x.json" -> "." */
static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return strdup(".");
  if (slash == path) return strdup("/");
  return strndup(path, (size_t)(slash - path));
}

/* The script's name for messages: basename of "source_filename", else the JSON's name as .wast. */
static char *script_name(const wb_json *root, const char *json_path) {
  const char *src = wb_json_str(wb_json_get(root, "source_filename"));
  if (src) {
    const char *b = strrchr(src, '/');
    return strdup(b ? b + 1 : src);
  }
  const char *b = strrchr(json_path, '/');
  b = b ? b + 1 : json_path;
  size_t n = strlen(b);
  char *s = malloc(n + 6);
  if (!s) return NULL;
  memcpy(s, b, n + 1);
  if (n > 5 && strcmp(s + n - 5, ".json") == 0) s[n - 5] = 0;
  strcat(s, ".wast");
  return s;
}

static int wast_main(int argc, char **argv) {
  const char *file = NULL;
  bool bounds = false, verbose = false, options_done = false;
  uint64_t fuel = 0;
  for (int i = 1; i < argc;) {
    const wb_cli_option *opt = NULL;
    const char *value;
    wb_cli_optres res = options_done ? WB_OPT_POSITIONAL
                                     : wb_cli_next_option("wast", wast_options, NOPTIONS, argc, argv, &i, &opt, &value);
    switch (res) {
    case WB_OPT_ERROR: return WB_EXIT_USAGE;
    case WB_OPT_UNKNOWN: return wb_cli_usage_error("wast", "unknown option '%s'", argv[i]);
    case WB_OPT_END: options_done = true; break;
    case WB_OPT_POSITIONAL:
      if (file) return wb_cli_usage_error("wast", "unexpected argument '%s' (one script at a time)", argv[i]);
      file = argv[i++];
      break;
    case WB_OPT_MATCH:
      if (opt->id == OPT_HELP) {
        wast_help();
        return WB_EXIT_OK;
      }
      if (opt->id == OPT_BOUNDS) bounds = true;
      if (opt->id == OPT_FUEL) {
        char *end;
        fuel = strtoull(value, &end, 10);
        if (!*value || *end || !fuel) return wb_cli_usage_error("wast", "--fuel needs a positive number, not '%s'", value);
      }
      if (opt->id == OPT_VERBOSE) verbose = true;
      break;
    }
  }
  if (!file) return wb_cli_usage_error("wast", "missing SCRIPT.json");

  uint8_t *text;
  size_t len;
  wb_error err;
  if (wb_cli_read_file(file, &text, &len, &err)) {
    fprintf(stderr, "wasmbox wast: %s: cannot read: %s\n", file, err.msg);
    return WB_EXIT_USAGE;
  }
  wb_json *root = NULL;
  wb_status st = wb_json_parse((const char *)text, len, &root, &err);
  free(text);
  if (st) {
    fprintf(stderr, "wasmbox wast: %s: not valid JSON: %s\n", file, err.msg);
    return WB_EXIT_USAGE;
  }
  const wb_json *commands = wb_json_get(root, "commands");
  if (!commands || commands->kind != WB_JSON_ARRAY) {
    fprintf(stderr, "wasmbox wast: %s: not a wast2json script (no \"commands\" array)\n", file);
    wb_json_free(root);
    return WB_EXIT_USAGE;
  }

  char *script = script_name(root, file), *dir = dir_of(file);
  wb_wast_config cfg = {script, dir, bounds, verbose, fuel};
  wb_wast_totals totals;
  int status;
  if (!script || !dir) {
    fprintf(stderr, "wasmbox wast: out of memory\n");
    status = WB_EXIT_USAGE;
  } else if (wb_wast_run(commands, &cfg, &totals, &err)) {
    fprintf(stderr, "wasmbox wast: %s\n", err.msg);
    status = WB_EXIT_USAGE;
  } else {
    printf("%u passed, %u failed, %u skipped\n", totals.passed, totals.failed, totals.skipped);
    status = totals.failed ? WB_EXIT_FAIL : WB_EXIT_OK;
  }
  free(script);
  free(dir);
  wb_json_free(root);
  return status;
}

const wb_cli_command wb_cmd_wast = {
    "wast", "run a spec test script converted by wast2json", wast_main, wast_help,
};
