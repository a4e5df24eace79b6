/* wasi/path.c — sandboxed path resolution: openat2(RESOLVE_BENEATH) for the directory part, or a
 * component-by-component O_NOFOLLOW walk where openat2 is unavailable; symlinks in the final
 * component are expanded by hand (relative targets only) and resolved beneath the base again. */
#define _GNU_SOURCE
#include "wasi/path.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "wasi/abi.h"
#include "wasi/errno.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

#define MAX_LINKS 40                           /* as Linux's MAXSYMLINKS */
#define WORK_MAX (2 * WB_WASI_PATH_MAX + 2)    /* a path with one symlink expanded in it */

enum { MODE_UNKNOWN, MODE_OPENAT2, MODE_WALK };
static atomic_int resolve_mode = MODE_UNKNOWN;

bool wb_wasi_path_uses_openat2(void) {
  int m = atomic_load(&resolve_mode);
  if (m == MODE_UNKNOWN) {
    const char *e = getenv("WASMBOX_WASI_NO_OPENAT2");
    m = e && *e && strcmp(e, "0") != 0 ? MODE_WALK : MODE_OPENAT2;
    atomic_store(&resolve_mode, m);
  }
  return m == MODE_OPENAT2;
}

void wb_wasi_path_set_openat2(bool use) { atomic_store(&resolve_mode, use ? MODE_OPENAT2 : MODE_WALK); }

static uint16_t escape_or_host(int e) { return e == EXDEV ? WB_WASI_ENOTCAPABLE : wb_wasi_errno_from_host(e); }

/* openat2 of the directory rel beneath base; -1 with errno on failure. */
static int open_dir_beneath(int base, const char *rel) {
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  long r;
  int tries = 0;
  /* EAGAIN: a concurrent rename raced with a `..` lookup; the kernel asks for a retry. */
  do r = syscall(SYS_openat2, base, rel, &how, sizeof how);
  while (r < 0 && (errno == EINTR || (errno == EAGAIN && ++tries < 16)));
  return (int)r;
}

typedef struct fdstack {
  int *fds;
  size_t n, cap;
} fdstack;

static void stack_clear(fdstack *s, size_t keep) {
  while (s->n > keep) close(s->fds[--s->n]);
}

/* The walk: opens rel beneath base one component at a time. `..` pops a level (never past base),
 * a symlink is replaced by its relative target. *fd is base itself (not owned) when rel leads
 * back to it. Returns 0 or a host errno (EXDEV for an escape). */
static int walk_dir(int base, const char *rel, int *fd, bool *owned) {
  char buf[WORK_MAX];
  size_t qlen = strlen(rel);
  if (qlen >= sizeof buf) return ENAMETOOLONG;
  memcpy(buf, rel, qlen + 1);
  fdstack st = {NULL, 0, 0};
  int links = 0, err = 0;
  char *p = buf;
  while (*p) {
    char *slash = strchr(p, '/');
    size_t clen = slash ? (size_t)(slash - p) : strlen(p);
    char *rest = slash ? slash + 1 : p + clen;
    if (clen == 0 || (clen == 1 && p[0] == '.')) {
      p = rest;
      continue;
    }
    if (clen > NAME_MAX) {
      err = ENAMETOOLONG;
      break;
    }
    char comp[NAME_MAX + 1];
    memcpy(comp, p, clen);
    comp[clen] = 0;
    int cur = st.n ? st.fds[st.n - 1] : base;
    if (clen == 2 && comp[0] == '.' && comp[1] == '.') {
      if (!st.n) {
        err = EXDEV;
        break;
      }
      stack_clear(&st, st.n - 1);
      p = rest;
      continue;
    }
    int nfd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
    if (nfd < 0) {
      int e = errno;
      struct stat sb;
      if ((e == ENOTDIR || e == ELOOP) && fstatat(cur, comp, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(sb.st_mode)) {
        if (++links > MAX_LINKS) {
          err = ELOOP;
          break;
        }
        char target[WB_WASI_PATH_MAX + 1];
        ssize_t n = readlinkat(cur, comp, target, sizeof target);
        if (n < 0 || (size_t)n >= sizeof target) {
          err = n < 0 ? errno : ENAMETOOLONG;
          break;
        }
        if (n == 0) {
          err = ENOENT;
          break;
        }
        if (target[0] == '/') {
          err = EXDEV;
          break;
        }
        size_t rl = strlen(rest);
        if ((size_t)n + 1 + rl >= sizeof buf) {
          err = ENAMETOOLONG;
          break;
        }
        memmove(buf + n + 1, rest, rl + 1);
        memcpy(buf, target, (size_t)n);
        buf[n] = '/';
        p = buf;
        continue;
      }
      err = e;
      break;
    }
    if (st.n == st.cap) {
      size_t cap = st.cap ? st.cap * 2 : 16;
      int *fds = realloc(st.fds, cap * sizeof *fds);
      if (!fds) {
        close(nfd);
        err = ENOMEM;
        break;
      }
      st.fds = fds;
      st.cap = cap;
    }
    st.fds[st.n++] = nfd;
    p = rest;
  }
  if (err) {
    stack_clear(&st, 0);
  } else if (st.n) {
    *fd = st.fds[st.n - 1];
    *owned = true;
    st.n--;
    stack_clear(&st, 0);
  } else {
    *fd = base;
    *owned = false;
  }
  free(st.fds);
  return err;
}

/* Opens the directory dirpart beneath base (base itself for ""). */
static uint16_t open_parent(int base, const char *dirpart, int *fd, bool *owned) {
  if (!dirpart[0]) {
    *fd = base;
    *owned = false;
    return WB_WASI_ESUCCESS;
  }
  if (wb_wasi_path_uses_openat2()) {
    int r = open_dir_beneath(base, dirpart);
    if (r >= 0) {
      *fd = r;
      *owned = true;
      return WB_WASI_ESUCCESS;
    }
    if (errno != ENOSYS && errno != EPERM) return escape_or_host(errno);
    /* An old kernel or a seccomp filter: walk from now on. */
    atomic_store(&resolve_mode, MODE_WALK);
  }
  int e = walk_dir(base, dirpart, fd, owned);
  return e ? escape_or_host(e) : WB_WASI_ESUCCESS;
}

uint16_t wb_wasi_path_resolve(int base, const char *path, bool follow, wb_wasi_path *out) {
  out->dirfd = -1;
  out->owned = false;
  out->must_be_dir = false;
  out->name[0] = 0;
  if (path[0] == '/') return WB_WASI_ENOTCAPABLE;
  char work[WORK_MAX], dirpart[WORK_MAX];
  size_t len = strlen(path);
  if (len > WB_WASI_PATH_MAX) return WB_WASI_ENAMETOOLONG;
  memcpy(work, path, len + 1);
  int links = 0;
  for (;;) {
    len = strlen(work);
    bool must_dir = false;
    while (len > 0 && work[len - 1] == '/') {
      work[--len] = 0;
      must_dir = true;
    }
    char *slash = strrchr(work, '/');
    const char *name = slash ? slash + 1 : work;
    bool dot = strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
    if (dot) {
      /* "x/.." names a directory that must itself be found beneath base: resolve all of it. */
      memcpy(dirpart, work, len + 1);
      name = ".";
    } else if (slash) {
      memcpy(dirpart, work, (size_t)(slash - work));
      dirpart[slash - work] = 0;
    } else {
      dirpart[0] = 0;
    }
    if (strlen(name) > NAME_MAX) return WB_WASI_ENAMETOOLONG;
    int dfd = -1;
    bool owned = false;
    uint16_t e = open_parent(base, dirpart, &dfd, &owned);
    if (e) return e;
    struct stat sb;
    if ((follow || must_dir) && !dot && name[0] && fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(sb.st_mode)) {
      char target[WB_WASI_PATH_MAX + 1];
      ssize_t n = readlinkat(dfd, name, target, sizeof target);
      int rerr = errno;
      if (owned) close(dfd);
      if (++links > MAX_LINKS) return WB_WASI_ELOOP;
      if (n < 0) return wb_wasi_errno_from_host(rerr);
      if ((size_t)n >= sizeof target) return WB_WASI_ENAMETOOLONG;
      if (n == 0) return WB_WASI_ENOENT;
      target[n] = 0;
      if (target[0] == '/') return WB_WASI_ENOTCAPABLE;
      size_t dl = strlen(dirpart);
      if (dl + 1 + (size_t)n + 2 >= sizeof work) return WB_WASI_ENAMETOOLONG;
      size_t o = 0;
      if (dl) {
        memcpy(work, dirpart, dl);
        work[dl] = '/';
        o = dl + 1;
      }
      memcpy(work + o, target, (size_t)n);
      o += (size_t)n;
      if (must_dir) work[o++] = '/';
      work[o] = 0;
      continue;
    }
    out->dirfd = dfd;
    out->owned = owned;
    out->must_be_dir = must_dir;
    strcpy(out->name, name);
    return WB_WASI_ESUCCESS;
  }
}

void wb_wasi_path_done(wb_wasi_path *p) {
  if (p->owned && p->dirfd >= 0) close(p->dirfd);
  p->dirfd = -1;
  p->owned = false;
}
