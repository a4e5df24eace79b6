/* wasi/fdtable.h — the program's descriptor table. An entry is more than a host descriptor: it
 * may be a directory (with its readdir position), a socket, captured output, input from a memory
 * buffer or a null device, and it carries its WASI rights and flags. Numbers are handed out
 * lowest-free first, like POSIX. */
#ifndef WB_WASI_FDTABLE_H
#define WB_WASI_FDTABLE_H
#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest descriptor number the table accepts (fd_renumber targets included). */
#define WB_WASI_MAX_FDS 65536u

typedef enum wb_wasi_fdkind {
  WB_WASI_FD_FREE = 0,
  WB_WASI_FD_HOST,              /* a host descriptor: regular file, tty, pipe, inherited stdio */
  WB_WASI_FD_DIR,               /* a directory: a preopen, or one opened beneath a preopen */
  WB_WASI_FD_SOCKET,            /* a listening socket handed to the program, or one it accepted */
  WB_WASI_FD_MEMOUT,            /* output kept in memory (captured stdout/stderr) */
  WB_WASI_FD_MEMIN,             /* input read from a memory buffer */
  WB_WASI_FD_NULL,              /* reads see end of file, writes vanish */
} wb_wasi_fdkind;

/* A growable byte buffer; input buffers read from pos. Owned by the environment, so captured
 * output survives the program closing its fd 1. */
typedef struct wb_wasi_membuf {
  uint8_t *data;
  size_t len, cap, pos;
} wb_wasi_membuf;

typedef struct wb_wasi_fd {
  uint8_t kind;                 /* wb_wasi_fdkind */
  uint8_t filetype;             /* WASI filetype */
  uint16_t fdflags;             /* flags kept here rather than on the host descriptor (see fdflags_emulated) */
  bool owned;                   /* the host descriptor is closed with the entry */
  bool read_only;               /* beneath a read-only preopen: mutations fail with `perm` */
  bool emulated_flags;          /* NONBLOCK/APPEND are emulated: the host fd is shared (stdio) */
  int host;                     /* host descriptor, or -1 */
  uint64_t rights_base, rights_inheriting;
  char *preopen;                /* guest name of a preopened directory (NUL-terminated), else NULL */
  DIR *dir;                     /* readdir stream (a dup of host), opened on first fd_readdir */
  uint64_t dir_next;            /* index, among entries other than . and .., that readdir returns next */
  wb_wasi_membuf *buf;          /* MEMOUT/MEMIN */
} wb_wasi_fd;

typedef struct wb_wasi_fdtable {
  wb_wasi_fd *fds;
  uint32_t cap;                 /* entries allocated; numbers >= cap are free */
} wb_wasi_fdtable;

/* The entry for fd, or NULL when fd is not open. */
static inline wb_wasi_fd *wb_wasi_fd_get(const wb_wasi_fdtable *t, uint32_t fd) {
  return fd < t->cap && t->fds[fd].kind != WB_WASI_FD_FREE ? &t->fds[fd] : NULL;
}

/* Stores *e at the lowest free number; returns false (and leaves *e to the caller) when the
 * table is full or out of memory. Pointers to entries are invalidated. */
bool wb_wasi_fdtable_insert(wb_wasi_fdtable *t, const wb_wasi_fd *e, uint32_t *out);
/* Stores *e at number fd, which must be free and below WB_WASI_MAX_FDS. */
bool wb_wasi_fdtable_insert_at(wb_wasi_fdtable *t, uint32_t fd, const wb_wasi_fd *e);
/* Releases what the entry holds (host descriptor when owned, readdir stream, name) and marks it free. */
void wb_wasi_fdtable_close(wb_wasi_fdtable *t, uint32_t fd);
/* Moves entry from onto number to (closing what was there); from becomes free. */
bool wb_wasi_fdtable_move(wb_wasi_fdtable *t, uint32_t from, uint32_t to);
void wb_wasi_fdtable_free(wb_wasi_fdtable *t);

/* A fresh entry of the given kind with host descriptor host (no rights). */
wb_wasi_fd wb_wasi_fd_make(wb_wasi_fdkind kind, int host, bool owned);

#endif
