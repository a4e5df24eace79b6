/* wasi/env.h — the inside of a WASI environment, shared by the modules that implement the calls
 * (fd, io, path, poll, sock, misc) and the one that builds it (env.c). Not for embedders: they
 * use wasi.h. */
#ifndef WB_WASI_ENV_H
#define WB_WASI_ENV_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include "rt/memory.h"
#include "wasi/fdtable.h"
#include "wasi/wasi.h"

struct wb_wasi_env {
  wb_wasi_fdtable fds;
  char *args;                   /* the arguments, each NUL-terminated, back to back */
  uint32_t args_len, nargs;
  char *environ;                /* NAME=VALUE entries, each NUL-terminated, back to back */
  uint32_t environ_len, nenviron;
  wb_wasi_membuf captured[2];   /* fd 1 and fd 2 when captured */
  wb_wasi_membuf input;         /* fd 0 when read from a buffer */
  wb_memory *bound_memory;      /* for calls from the host */
  int trace_fd;                 /* -1: no trace */
  bool exited;                  /* proc_exit was called */
  bool exit_pending;            /* set by proc_exit, turned into a trap by the dispatcher */
  int exit_code;
};

/* The entry for a descriptor number, or NULL. */
static inline wb_wasi_fd *wb_wasi_lookup(wb_wasi_env *env, uint32_t fd) { return wb_wasi_fd_get(&env->fds, fd); }

/* The WASI errno for the current host errno. */
uint16_t wb_wasi_host_errno(void);
/* WASI filetype of a host st_mode (sockets need the descriptor to tell stream from datagram). */
uint8_t wb_wasi_filetype_of_mode(mode_t mode);
/* The filetype of an open host descriptor (fstat, and SO_TYPE for sockets). */
uint8_t wb_wasi_filetype_of_fd(int fd, const struct stat *st);
/* Writes a WASI filestat (64 bytes at p, already bounds-checked) from a host stat. */
void wb_wasi_put_filestat(const wb_memory *m, uint32_t p, const struct stat *st, uint8_t filetype);
/* Converts WASI atim/mtim/fst_flags into utimensat's pair; `inval` on contradicting flags. */
uint16_t wb_wasi_times(uint64_t atim, uint64_t mtim, uint32_t fst_flags, struct timespec ts[2]);
/* Appends len bytes to a memory buffer; false when out of memory. */
bool wb_wasi_membuf_append(wb_wasi_membuf *b, const void *data, size_t len);

#endif
