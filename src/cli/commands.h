/* cli/commands.h — the table of wasmbox commands: each cmd_*.c defines one wb_cli_command,
 * main.c dispatches to it and prints its help. */
#ifndef WB_CLI_COMMANDS_H
#define WB_CLI_COMMANDS_H

typedef struct wb_cli_command {
  const char *name;
  const char *summary;          /* one line for `wasmbox --help` */
  /* Runs the command: argv[0] is the command name, argv[1..] its arguments. Returns the exit status. */
  int (*main)(int argc, char **argv);
  /* Prints the full help text (usage, description, options) to stdout. */
  void (*help)(void);
} wb_cli_command;

extern const wb_cli_command wb_cmd_run;
extern const wb_cli_command wb_cmd_validate;
extern const wb_cli_command wb_cmd_inspect;
extern const wb_cli_command wb_cmd_wast;

#endif
