/* cli/main.c — the `wasmbox` executable: global options (--version, --help), `help CMD`, and
 * dispatch to the commands of cli/commands.h. */
#include <stdio.h>
#include <string.h>
#include "cli/commands.h"
#include "cli/options.h"

#define WB_VERSION "0.1.0"

static const wb_cli_command *const commands[] = {&wb_cmd_run, &wb_cmd_validate, &wb_cmd_inspect, &wb_cmd_wast};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const wb_cli_command *find_command(const char *name) {
  for (size_t i = 0; i < NCOMMANDS; i++)
    if (strcmp(commands[i]->name, name) == 0) return commands[i];
  return NULL;
}

static void main_help(FILE *f) {
  fprintf(f, "wasmbox %s — a WebAssembly runtime\n\n"
             "Usage: wasmbox COMMAND [ARGS...]\n"
             "       wasmbox help COMMAND\n\n"
             "Commands:\n", WB_VERSION);
  for (size_t i = 0; i < NCOMMANDS; i++) fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
  fprintf(f, "  %-10s %s\n", "help", "show help for a command");
  fprintf(f, "\nOptions:\n"
             "  -h, --help       print this help\n"
             "  -V, --version    print the version\n\n"
             "Run `wasmbox help COMMAND` (or `wasmbox COMMAND --help`) for a command's options.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    main_help(stderr);
    return WB_EXIT_USAGE;
  }
  const char *a = argv[1];
  if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
    if (argc > 2) return wb_cli_usage_error(NULL, "unexpected argument '%s' after %s", argv[2], a);
    printf("wasmbox %s\n", WB_VERSION);
    return WB_EXIT_OK;
  }
  if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0 || strcmp(a, "help") == 0) {
    if (argc == 2) {
      main_help(stdout);
      return WB_EXIT_OK;
    }
    if (argc > 3) return wb_cli_usage_error(NULL, "help takes one command name");
    const wb_cli_command *c = find_command(argv[2]);
    if (!c) return wb_cli_usage_error(NULL, "unknown command '%s'", argv[2]);
    c->help();
    return WB_EXIT_OK;
  }
  if (a[0] == '-') return wb_cli_usage_error(NULL, "unknown option '%s'", a);
  const wb_cli_command *c = find_command(a);
  if (!c) return wb_cli_usage_error(NULL, "unknown command '%s'", a);
  return c->main(argc - 1, argv + 1);
}
