/* ir/module.c — freeing modules, naming value types and interning function types. */
#include "ir/module.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

const char *wb_valtype_name(uint8_t t) {
  switch (t) {
  case WB_I32: return "i32";
  case WB_I64: return "i64";
  case WB_F32: return "f32";
  case WB_F64: return "f64";
  case WB_V128: return "v128";
  case WB_FUNCREF: return "funcref";
  case WB_EXTERNREF: return "externref";
  }
  return "?";
}

/* Interned types live for the life of the process: ids must stay stable while any module that
 * used them is alive, and the number of distinct signatures in practice is small. */
typedef struct interned_type {
  uint32_t nparams, nresults;
  uint8_t *types;
  uint64_t hash;
} interned_type;

static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;
static interned_type *interned;
static uint32_t ninterned, cap_interned;
static uint32_t *intern_buckets; /* open addressing: id + 1, 0 = empty */
static uint32_t nbuckets;

static uint64_t type_hash(uint32_t np, uint32_t nr, const uint8_t *types) {
  uint64_t h = 1469598103934665603ull ^ ((uint64_t)np << 32 | nr);
  for (uint32_t i = 0; i < np + nr; i++) h = (h ^ types[i]) * 1099511628211ull;
  return h;
}

static void rehash(uint32_t newcount) {
  free(intern_buckets);
  nbuckets = newcount;
  intern_buckets = calloc(nbuckets, sizeof *intern_buckets);
  if (!intern_buckets) abort();
  for (uint32_t i = 0; i < ninterned; i++) {
    uint32_t b = (uint32_t)interned[i].hash & (nbuckets - 1);
    while (intern_buckets[b]) b = (b + 1) & (nbuckets - 1);
    intern_buckets[b] = i + 1;
  }
}

uint32_t wb_functype_intern(uint32_t np, uint32_t nr, const uint8_t *types) {
  uint64_t h = type_hash(np, nr, types);
  pthread_mutex_lock(&intern_lock);
  if (!nbuckets) rehash(64);
  uint32_t b = (uint32_t)h & (nbuckets - 1);
  for (; intern_buckets[b]; b = (b + 1) & (nbuckets - 1)) {
    interned_type *t = &interned[intern_buckets[b] - 1];
    if (t->hash == h && t->nparams == np && t->nresults == nr &&
        (np + nr == 0 || memcmp(t->types, types, np + nr) == 0)) {
      uint32_t id = intern_buckets[b] - 1;
      pthread_mutex_unlock(&intern_lock);
      return id;
    }
  }
  if (ninterned == cap_interned) {
    cap_interned = cap_interned ? cap_interned * 2 : 64;
    interned = realloc(interned, cap_interned * sizeof *interned);
    if (!interned) abort(); /* out of memory while interning: nothing sensible to return */
  }
  uint32_t id = ninterned++;
  interned[id].nparams = np;
  interned[id].nresults = nr;
  interned[id].hash = h;
  interned[id].types = malloc(np + nr + 1);
  if (!interned[id].types) abort();
  if (np + nr) memcpy(interned[id].types, types, np + nr);
  intern_buckets[b] = id + 1;
  if (ninterned * 2 > nbuckets) rehash(nbuckets * 2);
  pthread_mutex_unlock(&intern_lock);
  return id;
}

void wb_module_free(wb_module *m) {
  if (!m) return;
  if (m->exec_cache_free) m->exec_cache_free(m);
  for (uint32_t i = 0; i < m->ntypes; i++) free(m->types[i].types);
  free(m->types);
  for (uint32_t i = 0; i < m->nimports; i++) {
    free(m->imports[i].module);
    free(m->imports[i].name);
  }
  free(m->imports);
  free(m->func_types);
  free(m->funcs);
  free(m->localdecls);
  free(m->tables);
  free(m->mems);
  free(m->global_types);
  free(m->globals);
  for (uint32_t i = 0; i < m->nexports; i++) free(m->exports[i].name);
  free(m->exports);
  for (uint32_t i = 0; i < m->nelems; i++) free(m->elems[i].items);
  free(m->elems);
  free(m->datas);
  for (uint32_t i = 0; i < m->ncustoms; i++) free(m->customs[i].name);
  free(m->customs);
  free(m->sections);
  free(m->module_name);
  if (m->func_names) {
    for (uint32_t i = 0; i < m->nfuncs; i++) free(m->func_names[i]);
    free(m->func_names);
  }
  free(m->func_declared);
  free(m->bytes);
  free(m);
}
