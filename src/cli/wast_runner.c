/* cli/wast_runner.c — judging the commands of a wast2json script against the engine: one store
 * per script, `register`ed instances and the spectest host module provide imports, the latest
 * module (or a $named one) is the target of actions. */
#include "cli/wast_runner.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/linker.h"
#include "cli/load.h"
#include "cli/spectest.h"
#include "cli/wast_values.h"
#include "engine/engine.h"

#define MSG_MAX 4096

typedef enum outcome { PASS, FAIL, SKIP } outcome;

/* A `module` command's result; inst is NULL when it failed (later uses of it fail too). */
typedef struct wast_module {
  char *name;
  wb_instance *inst;
} wast_module;

typedef struct runner {
  const char *script;           /* "x.wast", for messages */
  const char *dir;              /* where the module files are */
  bool verbose;
  bool fatal;                   /* a module file is missing or memory ran out: stop the run */
  wb_store *store;
  wb_cli_linker *linker;
  wast_module *mods;
  size_t nmods, capmods;
  long current;                 /* index in mods of the latest module, -1 before the first */
  wb_module **owned;            /* every decoded module that may be referenced by the store */
  size_t nowned, capowned;
  unsigned passed, failed, skipped;
  char note[MSG_MAX];           /* a remark on a passing command, shown with -v */
} runner;

/* What an action did: ran to completion with results, or trapped. */
typedef struct action_result {
  wb_trap *trap;
  uint32_t n;
  const uint8_t *types;
  wb_value *values;
  uint8_t get_type;             /* storage for `get`'s one result type */
} action_result;

static void action_result_free(action_result *r) {
  if (r->trap) wb_trap_free(r->trap);
  free(r->values);
  memset(r, 0, sizeof *r);
}

/* Messages are cut at MSG_MAX; a cut message is still a useful message. */
static void set_msg(char *msg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_msg(char *msg, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, MSG_MAX, fmt, ap);
  va_end(ap);
}

static const char *trap_text(const wb_trap *t) {
  return t->message ? t->message : wb_trap_kind_message(t->kind);
}

static bool keep_module(runner *r, wb_module *m) {
  if (r->nowned == r->capowned) {
    size_t cap = r->capowned ? r->capowned * 2 : 32;
    wb_module **p = realloc(r->owned, cap * sizeof *p);
    if (!p) return false;
    r->owned = p;
    r->capowned = cap;
  }
  r->owned[r->nowned++] = m;
  return true;
}

static outcome oom(runner *r, char *msg) {
  r->fatal = true;
  snprintf(msg, MSG_MAX, "out of memory");
  return FAIL;
}

/* Loads a module file named by the command. A file that cannot be read stops the whole run. */
static wb_status load(runner *r, const wb_json *cmd, wb_module **m, wb_load_stage *stage, wb_error *err,
                      char *msg) {
  const char *file = wb_json_str(wb_json_get(cmd, "filename"));
  *m = NULL;
  if (!file) {
    snprintf(msg, MSG_MAX, "malformed command: no \"filename\"");
    return WB_ERR_USAGE;
  }
  size_t n = strlen(r->dir) + strlen(file) + 2;
  char *path = malloc(n);
  if (!path) {
    oom(r, msg);
    return WB_ERR_NOMEM;
  }
  snprintf(path, n, "%s/%s", r->dir, file);
  wb_status st = wb_cli_load_module(path, true, m, stage, err);
  if (st && *stage == WB_LOAD_READ) {
    r->fatal = true;
    snprintf(msg, MSG_MAX, "cannot read module file %s: %s", path, err->msg);
  }
  free(path);
  return st;
}

/* Resolves imports and instantiates; the module must stay alive as long as the store. */
static wb_status instantiate(runner *r, wb_module *m, wb_instance **inst, wb_trap **trap, wb_error *err) {
  *inst = NULL;
  *trap = NULL;
  if (!keep_module(r, m)) {
    wb_module_free(m);
    return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory");
  }
  wb_extern *imports = calloc(m->nimports ? m->nimports : 1, sizeof *imports);
  if (!imports) return wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory");
  wb_status st = wb_cli_linker_resolve(r->linker, m, imports, err);
  if (!st) st = wb_instantiate(r->store, m, imports, inst, trap, err);
  free(imports);
  return st;
}

static const char *stage_error(wb_status st) {
  return st == WB_ERR_MALFORMED ? "malformed" : st == WB_ERR_INVALID ? "invalid" : wb_status_name(st);
}

static outcome cmd_module(runner *r, const wb_json *cmd, char *msg) {
  const char *name = wb_json_str(wb_json_get(cmd, "name"));
  wast_module wm = {NULL, NULL};
  outcome res = PASS;
  if (name && !(wm.name = strdup(name))) return oom(r, msg);
  const char *mt = wb_json_str(wb_json_get(cmd, "module_type"));
  if (mt && strcmp(mt, "text") == 0) {
    snprintf(r->note, MSG_MAX, "text module: no text parser yet");
    res = SKIP;
  } else {
    wb_module *m;
    wb_load_stage stage;
    wb_error err;
    wb_trap *trap = NULL;
    wb_status st = load(r, cmd, &m, &stage, &err, msg);
    if (st) {
      if (!r->fatal && st != WB_ERR_USAGE)
        snprintf(msg, MSG_MAX, "module failed to load: %s: %s", stage_error(st), err.msg);
      res = FAIL;
    } else if ((st = instantiate(r, m, &wm.inst, &trap, &err))) {
      if (trap)
        snprintf(msg, MSG_MAX, "start function trapped: %s", trap_text(trap));
      else
        snprintf(msg, MSG_MAX, "instantiation failed: %s: %s", wb_status_name(st), err.msg);
      if (st == WB_ERR_NOMEM) r->fatal = true;
      if (trap) wb_trap_free(trap);
      wm.inst = NULL;
      res = FAIL;
    }
  }
  if (r->nmods == r->capmods) {
    size_t cap = r->capmods ? r->capmods * 2 : 16;
    wast_module *p = realloc(r->mods, cap * sizeof *p);
    if (!p) {
      free(wm.name);
      return oom(r, msg);
    }
    r->mods = p;
    r->capmods = cap;
  }
  r->mods[r->nmods] = wm;
  r->current = (long)r->nmods++;
  return res;
}

/* The module an action or register names ("$name"), or the latest one. */
static wast_module *target(runner *r, const char *name, char *msg) {
  if (!name) {
    if (r->current < 0) {
      snprintf(msg, MSG_MAX, "no module defined yet");
      return NULL;
    }
    wast_module *wm = &r->mods[r->current];
    if (!wm->inst) {
      snprintf(msg, MSG_MAX, "the current module failed to load");
      return NULL;
    }
    return wm;
  }
  for (size_t i = r->nmods; i-- > 0;) {
    if (r->mods[i].name && strcmp(r->mods[i].name, name) == 0) {
      if (!r->mods[i].inst) {
        snprintf(msg, MSG_MAX, "module %s failed to load", name);
        return NULL;
      }
      return &r->mods[i];
    }
  }
  snprintf(msg, MSG_MAX, "unknown module %s", name);
  return NULL;
}

static outcome cmd_register(runner *r, const wb_json *cmd, char *msg) {
  const char *as = wb_json_str(wb_json_get(cmd, "as"));
  if (!as) {
    snprintf(msg, MSG_MAX, "malformed command: no \"as\"");
    return FAIL;
  }
  wast_module *wm = target(r, wb_json_str(wb_json_get(cmd, "name")), msg);
  if (!wm) return FAIL;
  wb_error err;
  if (wb_cli_linker_add_instance(r->linker, as, wm->inst, &err)) return oom(r, msg);
  return PASS;
}

/* Performs an action. PASS: it ran (res has results or a trap); FAIL: it could not be performed.
 * Either way the caller frees res. */
static outcome perform(runner *r, const wb_json *cmd, action_result *res, char *msg) {
  memset(res, 0, sizeof *res);
  const wb_json *action = wb_json_get(cmd, "action");
  const char *type = wb_json_str(wb_json_get(action, "type"));
  const char *field = wb_json_str(wb_json_get(action, "field"));
  if (!type || !field) {
    snprintf(msg, MSG_MAX, "malformed command: action needs \"type\" and \"field\"");
    return FAIL;
  }
  wast_module *wm = target(r, wb_json_str(wb_json_get(action, "module")), msg);
  if (!wm) return FAIL;
  wb_extern ext;
  if (!wb_cli_instance_export(wm->inst, field, wb_json_get(action, "field")->u.string.len, &ext)) {
    snprintf(msg, MSG_MAX, "unknown export \"%s\"", field);
    return FAIL;
  }
  if (strcmp(type, "get") == 0) {
    if (ext.kind != WB_EXTERN_GLOBAL) {
      snprintf(msg, MSG_MAX, "export \"%s\" is not a global", field);
      return FAIL;
    }
    if (!(res->values = malloc(sizeof *res->values))) return oom(r, msg);
    res->values[0] = ext.u.global->value;
    res->get_type = ext.u.global->type.valtype;
    res->types = &res->get_type;
    res->n = 1;
    return PASS;
  }
  if (strcmp(type, "invoke") != 0) {
    snprintf(msg, MSG_MAX, "unknown action type \"%s\"", type);
    return FAIL;
  }
  if (ext.kind != WB_EXTERN_FUNC) {
    snprintf(msg, MSG_MAX, "export \"%s\" is not a function", field);
    return FAIL;
  }
  const wb_functype *ft = ext.u.func->type;
  const wb_json *args = wb_json_get(action, "args");
  size_t nargs = wb_json_len(args);
  if (nargs != ft->nparams) {
    snprintf(msg, MSG_MAX, "\"%s\" takes %u arguments, the script passes %zu", field, ft->nparams, nargs);
    return FAIL;
  }
  wb_value *argv = calloc(nargs ? nargs : 1, sizeof *argv);
  res->values = calloc(ft->nresults ? ft->nresults : 1, sizeof *res->values);
  if (!argv || !res->values) {
    free(argv);
    return oom(r, msg);
  }
  for (size_t i = 0; i < nargs; i++) {
    uint8_t t;
    char why[256];
    if (!wb_wast_parse_arg(wb_json_at(args, i), &t, &argv[i], why, sizeof why)) {
      snprintf(msg, MSG_MAX, "argument %zu: %s", i, why);
      free(argv);
      return FAIL;
    }
    if (t != wb_functype_params(ft)[i]) {
      snprintf(msg, MSG_MAX, "argument %zu is %s, \"%s\" takes %s", i, wb_valtype_name(t), field,
               wb_valtype_name(wb_functype_params(ft)[i]));
      free(argv);
      return FAIL;
    }
  }
  wb_status st = wb_call(ext.u.func, argv, res->values, &res->trap);
  free(argv);
  if (st && !res->trap) {
    snprintf(msg, MSG_MAX, "call failed: %s", wb_status_name(st));
    return FAIL;
  }
  res->n = ft->nresults;
  res->types = wb_functype_results(ft);
  return PASS;
}

/* "(i32:1 (1), f32:...)" for messages. */
static void format_results(const action_result *res, const uint8_t *lanes, char *buf, size_t size) {
  size_t o = 0;
  buf[0] = 0;
  o += (size_t)snprintf(buf, size, "(");
  for (uint32_t i = 0; i < res->n && o < size; i++) {
    char v[512];
    wb_wast_format_value(res->types[i], lanes ? lanes[i] : 0, &res->values[i], v, sizeof v);
    o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "", v);
  }
  if (o < size) snprintf(buf + o, size - o, ")");
}

static void format_got(const action_result *res, const uint8_t *lanes, char *buf, size_t size) {
  if (res->trap)
    snprintf(buf, size, "trap \"%s\"", trap_text(res->trap));
  else
    format_results(res, lanes, buf, size);
}

/* Expected results: each a value or {"type":"either","values":[...]} (any alternative matches). */
static outcome cmd_assert_return(runner *r, const wb_json *cmd, char *msg) {
  action_result res;
  outcome o = perform(r, cmd, &res, msg);
  if (o != PASS) {
    action_result_free(&res);
    return o;
  }
  const wb_json *expected = wb_json_get(cmd, "expected");
  size_t n = wb_json_len(expected);
  char want[MSG_MAX / 2], got[MSG_MAX / 2];
  size_t w = (size_t)snprintf(want, sizeof want, "(");
  uint8_t lanes[64] = {0};   /* lane shapes to show actual v128 results with */
  bool ok = !res.trap && n == res.n;
  for (size_t i = 0; i < n; i++) {
    const wb_json *e = wb_json_at(expected, i);
    const char *et = wb_json_str(wb_json_get(e, "type"));
    bool either = et && strcmp(et, "either") == 0;
    const wb_json *alts = either ? wb_json_get(e, "values") : NULL;
    size_t nalts = either ? wb_json_len(alts) : 1;
    bool any = false;
    if (w < sizeof want) w += (size_t)snprintf(want + w, sizeof want - w, "%s%s", i ? ", " : "", either ? "either(" : "");
    for (size_t k = 0; k < nalts; k++) {
      wb_wast_expected ex;
      char why[256], text[1024];
      if (!wb_wast_parse_expected(either ? wb_json_at(alts, k) : e, &ex, why, sizeof why)) {
        snprintf(msg, MSG_MAX, "expected value %zu: %s", i, why);
        action_result_free(&res);
        return FAIL;
      }
      if (i < 64 && ex.type == WB_V128) lanes[i] = ex.lane;
      if (ok && i < res.n && wb_wast_matches(&ex, res.types[i], &res.values[i])) any = true;
      wb_wast_format_expected(&ex, text, sizeof text);
      if (w < sizeof want) w += (size_t)snprintf(want + w, sizeof want - w, "%s%s", k ? " | " : "", text);
    }
    if (either && w < sizeof want) w += (size_t)snprintf(want + w, sizeof want - w, ")");
    if (!any) ok = false;
  }
  if (w < sizeof want) snprintf(want + w, sizeof want - w, ")");
  if (!ok) {
    format_got(&res, lanes, got, sizeof got);
    set_msg(msg, "expected %s, got %s", want, got);
  }
  action_result_free(&res);
  return ok ? PASS : FAIL;
}

static outcome cmd_assert_trap(runner *r, const wb_json *cmd, char *msg) {
  const char *text = wb_json_str(wb_json_get(cmd, "text"));
  if (!text) text = "";
  action_result res;
  outcome o = perform(r, cmd, &res, msg);
  if (o != PASS) {
    action_result_free(&res);
    return o;
  }
  bool ok = res.trap && strncmp(trap_text(res.trap), text, strlen(text)) == 0;
  if (!ok) {
    char got[MSG_MAX / 2];
    format_got(&res, NULL, got, sizeof got);
    snprintf(msg, MSG_MAX, "expected trap \"%s\", got %s", text, got);
  }
  action_result_free(&res);
  return ok ? PASS : FAIL;
}

static outcome cmd_action(runner *r, const wb_json *cmd, char *msg) {
  action_result res;
  outcome o = perform(r, cmd, &res, msg);
  if (o != PASS) {
    action_result_free(&res);
    return o;
  }
  if (res.trap) {
    snprintf(msg, MSG_MAX, "unexpected trap \"%s\"", trap_text(res.trap));
    o = FAIL;
  }
  action_result_free(&res);
  return o;
}

static bool is_text_module(const wb_json *cmd) {
  const char *mt = wb_json_str(wb_json_get(cmd, "module_type"));
  return mt && strcmp(mt, "text") == 0;
}

/* assert_invalid / assert_malformed: the module must fail with exactly this kind. */
static outcome cmd_assert_bad_module(runner *r, const wb_json *cmd, wb_status want, char *msg) {
  const char *text = wb_json_str(wb_json_get(cmd, "text"));
  if (!text) text = "";
  if (is_text_module(cmd)) {
    snprintf(r->note, MSG_MAX, "text module: no text parser yet");
    return SKIP;
  }
  wb_module *m;
  wb_load_stage stage;
  wb_error err;
  wb_status st = load(r, cmd, &m, &stage, &err, msg);
  if (r->fatal || st == WB_ERR_USAGE) return FAIL;
  if (st == WB_OK) {
    wb_module_free(m);
    snprintf(msg, MSG_MAX, "expected %s \"%s\", module is valid", stage_error(want), text);
    return FAIL;
  }
  if (st != want) {
    snprintf(msg, MSG_MAX, "expected %s \"%s\", got %s \"%s\"", stage_error(want), text, stage_error(st), err.msg);
    return FAIL;
  }
  if (!strstr(err.msg, text))
    snprintf(r->note, MSG_MAX, "message differs: expected \"%s\", got \"%s\"", text, err.msg);
  return PASS;
}

/* assert_unlinkable (want WB_ERR_LINK) and assert_uninstantiable (WB_ERR_INSTANTIATE or a trap). */
static outcome cmd_assert_instantiation(runner *r, const wb_json *cmd, bool want_link, char *msg) {
  const char *text = wb_json_str(wb_json_get(cmd, "text"));
  if (!text) text = "";
  const char *what = want_link ? "unlinkable" : "uninstantiable";
  if (is_text_module(cmd)) {
    snprintf(r->note, MSG_MAX, "text module: no text parser yet");
    return SKIP;
  }
  wb_module *m;
  wb_load_stage stage;
  wb_error err;
  wb_status st = load(r, cmd, &m, &stage, &err, msg);
  if (r->fatal || st == WB_ERR_USAGE) return FAIL;
  if (st) {
    snprintf(msg, MSG_MAX, "expected %s \"%s\", got %s \"%s\"", what, text, stage_error(st), err.msg);
    return FAIL;
  }
  wb_instance *inst;
  wb_trap *trap;
  st = instantiate(r, m, &inst, &trap, &err);
  const char *ours = trap ? trap_text(trap) : err.msg;
  bool ok = want_link ? st == WB_ERR_LINK : (st == WB_ERR_INSTANTIATE || st == WB_ERR_TRAP);
  if (st == WB_ERR_NOMEM) r->fatal = true;
  if (!ok) {
    if (st == WB_OK)
      snprintf(msg, MSG_MAX, "expected %s \"%s\", module instantiated", what, text);
    else
      snprintf(msg, MSG_MAX, "expected %s \"%s\", got %s \"%s\"", what, text, wb_status_name(st), ours);
  } else if (strncmp(ours, text, strlen(text)) != 0) {
    snprintf(r->note, MSG_MAX, "message differs: expected \"%s\", got \"%s\"", text, ours);
  }
  if (trap) wb_trap_free(trap);
  return ok ? PASS : FAIL;
}

static outcome run_command(runner *r, const wb_json *cmd, const char *type, char *msg) {
  if (strcmp(type, "module") == 0) return cmd_module(r, cmd, msg);
  if (strcmp(type, "register") == 0) return cmd_register(r, cmd, msg);
  if (strcmp(type, "action") == 0) return cmd_action(r, cmd, msg);
  if (strcmp(type, "assert_return") == 0) return cmd_assert_return(r, cmd, msg);
  if (strcmp(type, "assert_trap") == 0) {
    /* assert_trap on a module (older wast2json): the instantiation must trap */
    if (!wb_json_get(cmd, "action") && wb_json_get(cmd, "filename"))
      return cmd_assert_instantiation(r, cmd, false, msg);
    return cmd_assert_trap(r, cmd, msg);
  }
  if (strcmp(type, "assert_exhaustion") == 0) return cmd_assert_trap(r, cmd, msg);
  if (strcmp(type, "assert_invalid") == 0) return cmd_assert_bad_module(r, cmd, WB_ERR_INVALID, msg);
  if (strcmp(type, "assert_malformed") == 0) return cmd_assert_bad_module(r, cmd, WB_ERR_MALFORMED, msg);
  if (strcmp(type, "assert_unlinkable") == 0) return cmd_assert_instantiation(r, cmd, true, msg);
  if (strcmp(type, "assert_uninstantiable") == 0) return cmd_assert_instantiation(r, cmd, false, msg);
  snprintf(msg, MSG_MAX, "unknown command type");
  return FAIL;
}

static void run_script(runner *r, const wb_json *commands, wb_error *err) {
  char *msg = malloc(MSG_MAX);
  if (!msg) {
    r->fatal = true;
    wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory");
    return;
  }
  for (size_t i = 0; i < wb_json_len(commands) && !r->fatal; i++) {
    const wb_json *cmd = wb_json_at(commands, i);
    const char *type = wb_json_str(wb_json_get(cmd, "type"));
    unsigned long long line = 0;
    wb_json_u64(wb_json_get(cmd, "line"), &line);
    msg[0] = 0;
    r->note[0] = 0;
    outcome o;
    if (!type) {
      snprintf(msg, MSG_MAX, "malformed command: no \"type\"");
      o = FAIL;
    } else {
      o = run_command(r, cmd, type, msg);
    }
    if (r->fatal) {
      wb_fail(err, WB_ERR_IO, WB_NO_OFFSET, "%s:%llu: %s", r->script, line, msg);
      break;
    }
    const char *label = type ? type : "command";
    switch (o) {
    case PASS:
      r->passed++;
      if (r->verbose && r->note[0])
        printf("%s:%llu: %s: ok (%s)\n", r->script, line, label, r->note);
      else if (r->verbose)
        printf("%s:%llu: %s: ok\n", r->script, line, label);
      break;
    case SKIP:
      r->skipped++;
      if (r->verbose) printf("%s:%llu: %s: skipped (%s)\n", r->script, line, label, r->note);
      break;
    case FAIL:
      r->failed++;
      printf("%s:%llu: %s: %s\n", r->script, line, label, msg);
      break;
    }
    fflush(stdout);
  }
  free(msg);
}

wb_status wb_wast_run(const wb_json *commands, const wb_wast_config *cfg, wb_wast_totals *totals, wb_error *err) {
  runner r;
  memset(&r, 0, sizeof r);
  memset(totals, 0, sizeof *totals);
  wb_error_clear(err);
  r.current = -1;
  r.verbose = cfg->verbose;
  r.script = cfg->script;
  r.dir = cfg->dir;
  wb_store_config config = {.bounds_checked = cfg->bounds_checks, .fuel = cfg->fuel};
  r.store = wb_store_new(&config);
  r.linker = wb_cli_linker_new();
  wb_status st = WB_OK;
  if (!r.store || !r.linker) {
    st = wb_fail(err, WB_ERR_NOMEM, WB_NO_OFFSET, "out of memory");
  } else if ((st = wb_spectest_register(r.store, r.linker, err))) {
    char why[WB_ERROR_MSG_MAX];
    snprintf(why, sizeof why, "%s", err->msg);
    wb_fail(err, st, WB_NO_OFFSET, "cannot create the spectest module: %s", why);
  } else {
    run_script(&r, commands, err);
    if (r.fatal) st = err->status != WB_OK ? err->status : WB_ERR_IO;
  }
  totals->passed = r.passed;
  totals->failed = r.failed;
  totals->skipped = r.skipped;
  /* instances live in the store and refer to their modules: free the store first */
  if (r.store) wb_store_free(r.store);
  for (size_t i = 0; i < r.nowned; i++) wb_module_free(r.owned[i]);
  free(r.owned);
  for (size_t i = 0; i < r.nmods; i++) free(r.mods[i].name);
  free(r.mods);
  wb_cli_linker_free(r.linker);
  return st;
}
