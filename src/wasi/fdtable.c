/* wasi/fdtable.c — descriptor table storage: a flat array indexed by descriptor number. */
#include "wasi/fdtable.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

wb_wasi_fd wb_wasi_fd_make(wb_wasi_fdkind kind, int host, bool owned) {
  wb_wasi_fd e;
  memset(&e, 0, sizeof e);
  e.kind = (uint8_t)kind;
  e.host = host;
  e.owned = owned;
  return e;
}

static bool grow(wb_wasi_fdtable *t, uint32_t need) {
  if (need <= t->cap) return true;
  if (need > WB_WASI_MAX_FDS) return false;
  uint32_t cap = t->cap ? t->cap : 16;
  while (cap < need) cap *= 2;
  if (cap > WB_WASI_MAX_FDS) cap = WB_WASI_MAX_FDS;
  wb_wasi_fd *fds = realloc(t->fds, cap * sizeof *fds);
  if (!fds) return false;
  memset(fds + t->cap, 0, (cap - t->cap) * sizeof *fds);
  t->fds = fds;
  t->cap = cap;
  return true;
}

bool wb_wasi_fdtable_insert_at(wb_wasi_fdtable *t, uint32_t fd, const wb_wasi_fd *e) {
  if (fd >= WB_WASI_MAX_FDS || !grow(t, fd + 1) || t->fds[fd].kind != WB_WASI_FD_FREE) return false;
  t->fds[fd] = *e;
  return true;
}

bool wb_wasi_fdtable_insert(wb_wasi_fdtable *t, const wb_wasi_fd *e, uint32_t *out) {
  uint32_t fd = 0;
  while (fd < t->cap && t->fds[fd].kind != WB_WASI_FD_FREE) fd++;
  if (!wb_wasi_fdtable_insert_at(t, fd, e)) return false;
  *out = fd;
  return true;
}

static void release(wb_wasi_fd *e) {
  if (e->dir) closedir(e->dir);
  if (e->owned && e->host >= 0) close(e->host);
  free(e->preopen);
  memset(e, 0, sizeof *e);
}

void wb_wasi_fdtable_close(wb_wasi_fdtable *t, uint32_t fd) {
  if (fd < t->cap && t->fds[fd].kind != WB_WASI_FD_FREE) release(&t->fds[fd]);
}

bool wb_wasi_fdtable_move(wb_wasi_fdtable *t, uint32_t from, uint32_t to) {
  if (!wb_wasi_fd_get(t, from) || to >= WB_WASI_MAX_FDS || !grow(t, to + 1)) return false;
  if (from == to) return true;
  if (t->fds[to].kind != WB_WASI_FD_FREE) release(&t->fds[to]);
  t->fds[to] = t->fds[from];
  memset(&t->fds[from], 0, sizeof t->fds[from]);
  return true;
}

void wb_wasi_fdtable_free(wb_wasi_fdtable *t) {
  for (uint32_t i = 0; i < t->cap; i++)
    if (t->fds[i].kind != WB_WASI_FD_FREE) release(&t->fds[i]);
  free(t->fds);
  t->fds = NULL;
  t->cap = 0;
}
