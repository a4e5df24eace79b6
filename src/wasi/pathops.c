/* wasi/pathops.c — the path_* calls. Each resolves its path beneath the directory descriptor
 * (wasi/path.h) and applies one *at() call to the final component without following a symlink
 * there; following, when asked, happened during resolution and stayed beneath the directory. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "wasi/abi.h"
#include "wasi/calls.h"
#include "wasi/env.h"
#include "wasi/errno.h"
#include "wasi/guest.h"
#include "wasi/path.h"

/* The directory entry of a path call that needs `right` on it. */
static uint16_t get_dir(wb_wasi_env *env, uint32_t fd, uint64_t right, wb_wasi_fd **out) {
  wb_wasi_fd *e = wb_wasi_lookup(env, fd);
  if (!e || e->kind != WB_WASI_FD_DIR) return WB_WASI_EBADF;
  if (!(e->rights_base & right)) return WB_WASI_ENOTCAPABLE;
  *out = e;
  return WB_WASI_ESUCCESS;
}

/* Reads the guest path and resolves it beneath dir. */
static uint16_t resolve(wb_memory *mem, const wb_wasi_fd *dir, uint32_t p, uint32_t len, bool follow,
                        wb_wasi_path *out) {
  char path[WB_WASI_PATH_MAX + 1];
  uint16_t r = wb_g_string(mem, p, len, path, sizeof path);
  if (r) return r;
  return wb_wasi_path_resolve(dir->host, path, follow, out);
}

static uint16_t host_err(wb_wasi_path *p) {
  uint16_t r = wb_wasi_host_errno();
  wb_wasi_path_done(p);
  return r;
}

/* A path that ended in '/' must name a directory. */
static uint16_t check_dir_slash(const wb_wasi_path *p) {
  struct stat st;
  if (!p->must_be_dir) return WB_WASI_ESUCCESS;
  if (fstatat(p->dirfd, p->name, &st, AT_SYMLINK_NOFOLLOW) != 0) return wb_wasi_host_errno();
  return S_ISDIR(st.st_mode) ? WB_WASI_ESUCCESS : WB_WASI_ENOTDIR;
}

WB_WASI_CALL(path_create_directory) {
  wb_wasi_fd *d;
  wb_wasi_path p;
  uint16_t r = get_dir(env, a[0].u32, WB_WASI_RIGHT_PATH_CREATE_DIRECTORY, &d);
  if (r) return r;
  if ((r = resolve(mem, d, a[1].u32, a[2].u32, false, &p))) return r;
  if (d->read_only) {
    wb_wasi_path_done(&p);
    return WB_WASI_EPERM;
  }
  if (mkdirat(p.dirfd, p.name, 0777) != 0) return host_err(&p);
  wb_wasi_path_done(&p);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(path_filestat_get) {
  wb_wasi_fd *d;
  wb_wasi_path p;
  uint32_t flags = a[1].u32, buf = a[4].u32;
  uint16_t r = get_dir(env, a[0].u32, WB_WASI_RIGHT_PATH_FILESTAT_GET, &d);
  if (r) return r;
  if (flags & ~(uint32_t)WB_WASI_LOOKUP_SYMLINK_FOLLOW) return WB_WASI_EINVAL;
  if (!wb_g_ok(mem, buf, WB_WASI_FILESTAT_SIZE)) return WB_WASI_EFAULT;
  if ((r = resolve(mem, d, a[2].u32, a[3].u32, flags & WB_WASI_LOOKUP_SYMLINK_FOLLOW, &p))) return r;
  struct stat st;
  if (fstatat(p.dirfd, p.name, &st, AT_SYMLINK_NOFOLLOW) != 0) return host_err(&p);
  bool slash_ok = !p.must_be_dir || S_ISDIR(st.st_mode);
  wb_wasi_path_done(&p);
  if (!slash_ok) return WB_WASI_ENOTDIR;
  wb_wasi_put_filestat(mem, buf, &st, wb_wasi_filetype_of_mode(st.st_mode));
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(path_filestat_set_times) {
  wb_wasi_fd *d;
  wb_wasi_path p;
  uint32_t flags = a[1].u32;
  uint16_t r = get_dir(env, a[0].u32, WB_WASI_RIGHT_PATH_FILESTAT_SET_TIMES, &d);
  if (r) return r;
  if (flags & ~(uint32_t)WB_WASI_LOOKUP_SYMLINK_FOLLOW) return WB_WASI_EINVAL;
  struct timespec ts[2];
  if ((r = wb_wasi_times(a[4].u64, a[5].u64, a[6].u32, ts))) return r;
  if ((r = resolve(mem, d, a[2].u32, a[3].u32, flags & WB_WASI_LOOKUP_SYMLINK_FOLLOW, &p))) return r;
  if (d->read_only) {
    wb_wasi_path_done(&p);
    return WB_WASI_EPERM;
  }
  if ((r = check_dir_slash(&p))) {
    wb_wasi_path_done(&p);
    return r;
  }
  if (utimensat(p.dirfd, p.name, ts, AT_SYMLINK_NOFOLLOW) != 0) return host_err(&p);
  wb_wasi_path_done(&p);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(path_link) {
  wb_wasi_fd *od, *nd;
  wb_wasi_path op, np;
  uint32_t flags = a[1].u32;
  uint16_t r = get_dir(env, a[0].u32, WB_WASI_RIGHT_PATH_LINK_SOURCE, &od);
  if (r) return r;
  if ((r = get_dir(env, a[4].u32, WB_WASI_RIGHT_PATH_LINK_TARGET, &nd))) return r;
  if (flags & ~(uint32_t)WB_WASI_LOOKUP_SYMLINK_FOLLOW) return WB_WASI_EINVAL;
  if ((r = resolve(mem, od, a[2].u32, a[3].u32, flags & WB_WASI_LOOKUP_SYMLINK_FOLLOW, &op))) return r;
  if ((r = resolve(mem, nd, a[5].u32, a[6].u32, false, &np))) {
    wb_wasi_path_done(&op);
    return r;
  }
  /* A hard link out of a read-only tree would make its file writable through the other name. */
  if (od->read_only || nd->read_only) r = WB_WASI_EPERM;
  else if (!(r = check_dir_slash(&op)) && linkat(op.dirfd, op.name, np.dirfd, np.name, 0) != 0)
    r = wb_wasi_host_errno();
  wb_wasi_path_done(&op);
  wb_wasi_path_done(&np);
  return r;
}

WB_WASI_CALL(path_open) {
  uint32_t dirflags = a[1].u32, oflags = a[4].u32, fdflags = a[7].u32, out = a[8].u32;
  uint64_t base = a[5].u64, inh = a[6].u64;
  wb_wasi_fd *d = wb_wasi_lookup(env, a[0].u32);
  if (!d) return WB_WASI_EBADF;
  if (d->kind != WB_WASI_FD_DIR) return d->kind == WB_WASI_FD_HOST ? WB_WASI_ENOTDIR : WB_WASI_EBADF;
  if (!(d->rights_base & WB_WASI_RIGHT_PATH_OPEN)) return WB_WASI_ENOTCAPABLE;
  if ((dirflags & ~(uint32_t)WB_WASI_LOOKUP_SYMLINK_FOLLOW) || (oflags & ~(uint32_t)WB_WASI_O_ALL) ||
      (fdflags & ~(uint32_t)WB_WASI_FDFLAGS_ALL) || ((base | inh) & ~WB_WASI_RIGHTS_ALL))
    return WB_WASI_EINVAL;
  if ((oflags & WB_WASI_O_CREAT) && !(d->rights_base & WB_WASI_RIGHT_PATH_CREATE_FILE)) return WB_WASI_ENOTCAPABLE;
  if ((oflags & WB_WASI_O_TRUNC) && !(d->rights_base & WB_WASI_RIGHT_PATH_FILESTAT_SET_SIZE))
    return WB_WASI_ENOTCAPABLE;
  if ((base & ~d->rights_inheriting) || (inh & ~d->rights_inheriting)) return WB_WASI_ENOTCAPABLE;
  bool want_write = base & WB_WASI_RIGHT_FD_WRITE;
  bool want_read = base & (WB_WASI_RIGHT_FD_READ | WB_WASI_RIGHT_FD_READDIR);
  if (d->read_only && (want_write || (oflags & (WB_WASI_O_CREAT | WB_WASI_O_TRUNC)))) return WB_WASI_EPERM;
  if (!wb_g_ok(mem, out, 4)) return WB_WASI_EFAULT;

  int fl = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  fl |= want_write ? (want_read ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (oflags & WB_WASI_O_CREAT) fl |= O_CREAT;
  if (oflags & WB_WASI_O_EXCL) fl |= O_EXCL;
  if (oflags & WB_WASI_O_TRUNC) fl |= O_TRUNC;
  if (oflags & WB_WASI_O_DIRECTORY) fl |= O_DIRECTORY;
  if (fdflags & WB_WASI_FDFLAG_APPEND) fl |= O_APPEND;
  if (fdflags & WB_WASI_FDFLAG_DSYNC) fl |= O_DSYNC;
  if (fdflags & WB_WASI_FDFLAG_NONBLOCK) fl |= O_NONBLOCK;
  if (fdflags & WB_WASI_FDFLAG_RSYNC) fl |= O_RSYNC;
  if (fdflags & WB_WASI_FDFLAG_SYNC) fl |= O_SYNC;

  wb_wasi_path p;
  uint16_t r = resolve(mem, d, a[2].u32, a[3].u32, dirflags & WB_WASI_LOOKUP_SYMLINK_FOLLOW, &p);
  if (r) return r;
  if (p.must_be_dir) fl |= O_DIRECTORY;
  int h;
  do h = openat(p.dirfd, p.name, fl, 0666);
  while (h < 0 && errno == EINTR);
  if (h < 0) return host_err(&p);
  wb_wasi_path_done(&p);
  struct stat st;
  if (fstat(h, &st) != 0) {
    r = wb_wasi_host_errno();
    close(h);
    return r;
  }
  bool is_dir = S_ISDIR(st.st_mode);
  wb_wasi_fd e = wb_wasi_fd_make(is_dir ? WB_WASI_FD_DIR : WB_WASI_FD_HOST, h, true);
  e.filetype = wb_wasi_filetype_of_fd(h, &st);
  e.read_only = d->read_only;
  e.fdflags = (uint16_t)(fdflags & WB_WASI_FDFLAG_RSYNC);
  if (is_dir) {
    e.rights_base = base & WB_WASI_RIGHTS_DIR;
    e.rights_inheriting = inh & d->rights_inheriting;
  } else {
    e.rights_base = base & WB_WASI_RIGHTS_FILE;
    if (!want_write) e.rights_base &= ~WB_WASI_RIGHTS_WRITING;
    if (e.filetype != WB_WASI_FILETYPE_REGULAR_FILE && e.filetype != WB_WASI_FILETYPE_BLOCK_DEVICE)
      e.rights_base &= ~(WB_WASI_RIGHT_FD_SEEK | WB_WASI_RIGHT_FD_TELL);
    e.rights_inheriting = inh & d->rights_inheriting;
  }
  uint32_t fd;
  if (!wb_wasi_fdtable_insert(&env->fds, &e, &fd)) {
    close(h);
    return WB_WASI_EMFILE;
  }
  wb_g_put32(mem, out, fd);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(path_readlink) {
  wb_wasi_fd *d;
  wb_wasi_path p;
  uint32_t buf = a[3].u32, buf_len = a[4].u32, out = a[5].u32;
  uint16_t r = get_dir(env, a[0].u32, WB_WASI_RIGHT_PATH_READLINK, &d);
  if (r) return r;
  if (!wb_g_ok(mem, buf, buf_len) || !wb_g_ok(mem, out, 4)) return WB_WASI_EFAULT;
  if ((r = resolve(mem, d, a[1].u32, a[2].u32, false, &p))) return r;
  char target[WB_WASI_PATH_MAX + 1];
  ssize_t n = readlinkat(p.dirfd, p.name, target, sizeof target);
  if (n < 0) return host_err(&p);
  wb_wasi_path_done(&p);
  /* A target longer than the buffer is cut, as Wasmtime does (readlink(2) semantics). */
  uint32_t k = (size_t)n < buf_len ? (uint32_t)n : buf_len;
  memcpy(wb_g_ptr(mem, buf), target, k);
  wb_g_put32(mem, out, k);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(path_remove_directory) {
  wb_wasi_fd *d;
  wb_wasi_path p;
  uint16_t r = get_dir(env, a[0].u32, WB_WASI_RIGHT_PATH_REMOVE_DIRECTORY, &d);
  if (r) return r;
  if ((r = resolve(mem, d, a[1].u32, a[2].u32, false, &p))) return r;
  if (d->read_only) {
    wb_wasi_path_done(&p);
    return WB_WASI_EPERM;
  }
  if (unlinkat(p.dirfd, p.name, AT_REMOVEDIR) != 0) {
    r = errno == EEXIST ? WB_WASI_ENOTEMPTY : wb_wasi_host_errno();
    wb_wasi_path_done(&p);
    return r;
  }
  wb_wasi_path_done(&p);
  return WB_WASI_ESUCCESS;
}

WB_WASI_CALL(path_rename) {
  wb_wasi_fd *od, *nd;
  wb_wasi_path op, np;
  uint16_t r = get_dir(env, a[0].u32, WB_WASI_RIGHT_PATH_RENAME_SOURCE, &od);
  if (r) return r;
  if ((r = get_dir(env, a[3].u32, WB_WASI_RIGHT_PATH_RENAME_TARGET, &nd))) return r;
  if ((r = resolve(mem, od, a[1].u32, a[2].u32, false, &op))) return r;
  if ((r = resolve(mem, nd, a[4].u32, a[5].u32, false, &np))) {
    wb_wasi_path_done(&op);
    return r;
  }
  if (od->read_only || nd->read_only) {
    r = WB_WASI_EPERM;
  } else {
    /* "a/" renames only a directory, whichever side carries the slash. */
    op.must_be_dir = op.must_be_dir || np.must_be_dir;
    if (!(r = check_dir_slash(&op)) && renameat(op.dirfd, op.name, np.dirfd, np.name) != 0)
      r = wb_wasi_host_errno();
  }
  wb_wasi_path_done(&op);
  wb_wasi_path_done(&np);
  return r;
}

WB_WASI_CALL(path_symlink) {
  wb_wasi_fd *d;
  wb_wasi_path p;
  uint16_t r = get_dir(env, a[2].u32, WB_WASI_RIGHT_PATH_SYMLINK, &d);
  if (r) return r;
  /* The link's text may be anything, even absolute: only following it is confined. */
  char target[WB_WASI_PATH_MAX + 1];
  if ((r = wb_g_string(mem, a[0].u32, a[1].u32, target, sizeof target))) return r;
  if ((r = resolve(mem, d, a[3].u32, a[4].u32, false, &p))) return r;
  if (d->read_only) r = WB_WASI_EPERM;
  else if (p.must_be_dir) r = WB_WASI_ENOENT;
  else if (symlinkat(target, p.dirfd, p.name) != 0) r = wb_wasi_host_errno();
  wb_wasi_path_done(&p);
  return r;
}

WB_WASI_CALL(path_unlink_file) {
  wb_wasi_fd *d;
  wb_wasi_path p;
  uint16_t r = get_dir(env, a[0].u32, WB_WASI_RIGHT_PATH_UNLINK_FILE, &d);
  if (r) return r;
  if ((r = resolve(mem, d, a[1].u32, a[2].u32, false, &p))) return r;
  if (d->read_only) {
    r = WB_WASI_EPERM;
  } else if (p.must_be_dir) {
    struct stat st;
    r = fstatat(p.dirfd, p.name, &st, AT_SYMLINK_NOFOLLOW) != 0 ? wb_wasi_host_errno()
        : S_ISDIR(st.st_mode)                                    ? WB_WASI_EISDIR
                                                                 : WB_WASI_ENOTDIR;
  } else if (unlinkat(p.dirfd, p.name, 0) != 0) {
    r = wb_wasi_host_errno();
  }
  wb_wasi_path_done(&p);
  return r;
}
