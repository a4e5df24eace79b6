/* cli/options.c — matching command-line arguments against a command's option table. */
#include "cli/options.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

wb_cli_optres wb_cli_next_option(const char *cmd, const wb_cli_option *opts, size_t nopts, int argc,
                                 char **argv, int *i, const wb_cli_option **opt, const char **value) {
  const char *a = argv[*i];
  *opt = NULL;
  *value = NULL;
  if (a[0] != '-' || a[1] == 0) return WB_OPT_POSITIONAL;
  if (strcmp(a, "--") == 0) {
    (*i)++;
    return WB_OPT_END;
  }
  const wb_cli_option *o = NULL;
  const char *inline_value = NULL;
  if (a[1] == '-') {
    const char *name = a + 2;
    const char *eq = strchr(name, '=');
    size_t n = eq ? (size_t)(eq - name) : strlen(name);
    for (size_t k = 0; k < nopts && !o; k++)
      if (strlen(opts[k].name) == n && strncmp(opts[k].name, name, n) == 0) o = &opts[k];
    if (eq) inline_value = eq + 1;
  } else {
    for (size_t k = 0; k < nopts && !o; k++)
      if (opts[k].short_name && opts[k].short_name == a[1]) o = &opts[k];
    if (o && a[2]) {
      /* "-iNAME" is not accepted: short options stand alone or take "-i=NAME" */
      if (a[2] != '=') return WB_OPT_UNKNOWN;
      inline_value = a + 3;
    }
  }
  if (!o) return WB_OPT_UNKNOWN;
  if (!o->has_value) {
    if (inline_value) {
      wb_cli_usage_error(cmd, "option '--%s' takes no value", o->name);
      return WB_OPT_ERROR;
    }
    (*i)++;
  } else if (inline_value) {
    *value = inline_value;
    (*i)++;
  } else {
    if (*i + 1 >= argc) {
      wb_cli_usage_error(cmd, "option '--%s' needs a value (%s)", o->name, o->value_name ? o->value_name : "VALUE");
      return WB_OPT_ERROR;
    }
    *value = argv[*i + 1];
    *i += 2;
  }
  *opt = o;
  return WB_OPT_MATCH;
}

int wb_cli_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "wasmbox%s%s: ", cmd ? " " : "", cmd ? cmd : "");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  if (cmd)
    fprintf(stderr, "\nTry 'wasmbox help %s' for more information.\n", cmd);
  else
    fprintf(stderr, "\nTry 'wasmbox --help' for more information.\n");
  return WB_EXIT_USAGE;
}

void wb_cli_print_options(const wb_cli_option *opts, size_t nopts) {
  for (size_t k = 0; k < nopts; k++) {
    char left[80];
    const wb_cli_option *o = &opts[k];
    if (o->short_name)
      snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name, o->has_value ? " " : "",
               o->has_value ? (o->value_name ? o->value_name : "VALUE") : "");
    else
      snprintf(left, sizeof left, "    --%s%s%s", o->name, o->has_value ? " " : "",
               o->has_value ? (o->value_name ? o->value_name : "VALUE") : "");
    printf("  %-26s %s\n", left, o->help);
  }
}
