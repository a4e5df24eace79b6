/* cli/options.h — the option syntax shared by every wasmbox command: `--name value`,
 * `--name=value`, `-x value`, flags without values, `--` ending the options. Each command keeps
 * its own option table and decides where options may stand (run: before and after the file). */
#ifndef WB_CLI_OPTIONS_H
#define WB_CLI_OPTIONS_H
#include <stdbool.h>
#include <stddef.h>

/* Exit statuses shared by the commands (DESIGN.md, "Exit status"). */
#define WB_EXIT_OK 0
#define WB_EXIT_FAIL 1          /* the command's own negative answer (invalid module, failed test) */
#define WB_EXIT_USAGE 2
#define WB_EXIT_CANNOT_RUN 126
#define WB_EXIT_TRAP 134

typedef struct wb_cli_option {
  int id;                       /* the command's own identifier for the option */
  const char *name;             /* long name without the dashes: "invoke" */
  char short_name;              /* 'i', or 0 for none */
  bool has_value;
  const char *value_name;       /* for help text: "NAME"; NULL for flags */
  const char *help;             /* one line */
} wb_cli_option;

typedef enum wb_cli_optres {
  WB_OPT_MATCH,                 /* *opt and *value are set, *i moved past the option (and its value) */
  WB_OPT_POSITIONAL,            /* argv[*i] is not an option ("-" alone counts as positional) */
  WB_OPT_END,                   /* argv[*i] is "--"; *i moved past it */
  WB_OPT_UNKNOWN,               /* looks like an option but is not in the table; *i unchanged */
  WB_OPT_ERROR,                 /* a known option used wrongly (missing value, value on a flag); reported */
} wb_cli_optres;

/* Classifies argv[*i] against opts (nopts entries). On WB_OPT_ERROR a usage message naming the
 * command has been printed to stderr. */
wb_cli_optres wb_cli_next_option(const char *cmd, const wb_cli_option *opts, size_t nopts, int argc,
                                 char **argv, int *i, const wb_cli_option **opt, const char **value);

/* Prints "wasmbox CMD: <message>" and a hint to run `wasmbox help CMD` to stderr; returns
 * WB_EXIT_USAGE so callers can `return wb_cli_usage_error(...)`. */
int wb_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints an option table as help lines ("  -i, --invoke NAME   help"). */
void wb_cli_print_options(const wb_cli_option *opts, size_t nopts);

#endif
