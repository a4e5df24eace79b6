/* capi/trap.c — traps and frames: engine traps (with their backtraces) become counted C API
 * trap objects, and traps returned by host callbacks become engine traps again. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "capi/capi.h"

static wb_trap_obj *trap_obj_new(const char *msg, size_t len) {
  wb_trap_obj *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->base.kind = WB_OBJ_TRAP;
  /* Messages keep a terminating NUL, whether or not the creator's bytes had one. */
  if (len && msg[len - 1] == '\0') len--;
  t->message = malloc(len + 1);
  if (!t->message) {
    free(t);
    return NULL;
  }
  if (len) memcpy(t->message, msg, len);
  t->message[len] = '\0';
  t->message_len = len + 1;
  t->kind = WB_TRAP_HOST;
  return t;
}

/* The reference takes the object's first count. */
static wasm_trap_t *trap_ref(wb_trap_obj *t) {
  if (!t) return NULL;
  wasm_trap_t *r = (wasm_trap_t *)wb_ref_new(&t->base);
  if (!r) {
    atomic_store(&t->base.refs, 1);
    wb_obj_release(&t->base);
  }
  return r;
}

wasm_trap_t *wasm_trap_new(wasm_store_t *store, const wasm_message_t *msg) {
  (void)store; /* traps outlive no store object: they carry only text and frames */
  return trap_ref(trap_obj_new(msg ? msg->data : "", msg ? msg->size : 0));
}

wasm_trap_t *wb_trap_from_message(const char *fmt, ...) {
  char buf[WB_ERROR_MSG_MAX + 64];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return trap_ref(trap_obj_new(buf, strlen(buf)));
}

/* Offset of an instruction from the start of its function's body (the first instruction). */
static size_t func_offset(const wb_frame_info *f) {
  const wb_module *m = f->module;
  if (!m || f->offset == (size_t)-1 || f->func_index < m->nimported_funcs ||
      f->func_index >= m->nfuncs)
    return 0;
  size_t start = m->funcs[f->func_index - m->nimported_funcs].body_offset;
  return f->offset >= start ? f->offset - start : 0;
}

wasm_trap_t *wb_trap_from_engine(wasm_store_t *s, wb_trap *t) {
  const char *msg = t->message ? t->message : wb_trap_kind_message(t->kind);
  char buf[64];
  if (t->kind == WB_TRAP_EXIT) {
    snprintf(buf, sizeof buf, "exit status %d", t->exit_code);
    msg = buf;
  }
  wb_trap_obj *o = trap_obj_new(msg, strlen(msg));
  if (o) {
    o->kind = (uint8_t)t->kind;
    o->exit_code = t->exit_code;
    if (t->nframes) o->frames = calloc(t->nframes, sizeof *o->frames);
    if (o->frames) {
      o->nframes = t->nframes;
      for (uint32_t i = 0; i < t->nframes; i++) {
        const wb_frame_info *f = &t->frames[i];
        wb_frame_data *d = &o->frames[i];
        d->instance = s && f->instance ? wb_store_identity(s, WB_OBJ_INSTANCE, (void *)f->instance)
                                       : NULL;
        d->func_index = f->func_index;
        d->module_offset = f->offset;
        d->func_offset = func_offset(f);
      }
    }
  }
  wb_trap_free(t);
  return trap_ref(o);
}

wb_trap *wb_trap_to_engine(wasm_trap_t *trap) {
  wb_trap_obj *o = (wb_trap_obj *)wb_ref_obj(trap);
  wb_trap *t = wb_trap_new(WB_TRAP_HOST, o->message);
  /* A trap passed back up from a nested call keeps what it was (a WASI exit stays an exit) and
   * where it happened: the engine only takes a backtrace for a trap that has none. */
  if (o->kind == WB_TRAP_EXIT) {
    t->kind = WB_TRAP_EXIT;
    t->exit_code = o->exit_code;
  }
  if (o->nframes) t->frames = calloc(o->nframes, sizeof *t->frames);
  if (t->frames) {
    t->nframes = o->nframes;
    for (uint32_t i = 0; i < o->nframes; i++) {
      const wb_frame_data *d = &o->frames[i];
      const wb_instance *inst = d->instance ? d->instance->ptr : NULL;
      t->frames[i].instance = inst;
      t->frames[i].module = inst ? inst->module : NULL;
      t->frames[i].func_index = d->func_index;
      t->frames[i].offset = d->module_offset;
    }
  }
  wasm_trap_delete(trap);
  return t;
}

void wasm_trap_message(const wasm_trap_t *trap, wasm_message_t *out) {
  const wb_trap_obj *o = (const wb_trap_obj *)wb_ref_obj(trap);
  wasm_byte_vec_new(out, o->message_len, o->message);
}

bool wasmbox_trap_exit_status(const wasm_trap_t *trap, int *status) {
  const wb_trap_obj *o = (const wb_trap_obj *)wb_ref_obj(trap);
  if (!o || o->kind != WB_TRAP_EXIT) return false;
  if (status) *status = o->exit_code;
  return true;
}

/* ---- frames ---- */

static wasm_frame_t *frame_new(const wb_frame_data *d) {
  wasm_frame_t *f = malloc(sizeof *f);
  if (!f) return NULL;
  f->instance.obj = d->instance;
  f->func_index = d->func_index;
  f->func_offset = d->func_offset;
  f->module_offset = d->module_offset;
  return f;
}

wasm_frame_t *wasm_trap_origin(const wasm_trap_t *trap) {
  const wb_trap_obj *o = (const wb_trap_obj *)wb_ref_obj(trap);
  return o->nframes ? frame_new(&o->frames[0]) : NULL;
}

void wasm_trap_trace(const wasm_trap_t *trap, wasm_frame_vec_t *out) {
  const wb_trap_obj *o = (const wb_trap_obj *)wb_ref_obj(trap);
  wasm_frame_vec_new_uninitialized(out, o->nframes);
  for (size_t i = 0; i < out->size; i++) out->data[i] = frame_new(&o->frames[i]);
}

void wasm_frame_delete(wasm_frame_t *f) { free(f); }

wasm_frame_t *wasm_frame_copy(const wasm_frame_t *f) {
  wasm_frame_t *c = malloc(sizeof *c);
  if (c) *c = *f;
  return c;
}

/* The frame's instance lives as long as its store; the frame only points at it. */
wasm_instance_t *wasm_frame_instance(const wasm_frame_t *f) {
  return f->instance.obj ? (wasm_instance_t *)&f->instance : NULL;
}

uint32_t wasm_frame_func_index(const wasm_frame_t *f) { return f->func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t *f) { return f->func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t *f) { return f->module_offset; }
