/* tests/wasi/escape.c — attempts to leave the sandbox, each printed with the errno it got:
 * `..`, absolute paths, symlinks to files and directories outside (last and middle components,
 * relative and absolute), create/rename/link/symlink/unlink aimed outside, writing through a
 * symlink that points outside, fd-relative `..` from opened directories, and writes into a
 * read-only preopen. The runner lays out the host tree and checks it is untouched afterwards.
 * Usage: escape sandbox HOST_OUTSIDE_DIR | escape readonly */
#include "wasitest.h"

static __wasi_fd_t sb;
static const __wasi_rights_t RD = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK |
                                  __WASI_RIGHTS_FD_FILESTAT_GET;
static const __wasi_rights_t RW = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE |
                                  __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_FILESTAT_GET |
                                  __WASI_RIGHTS_FD_FILESTAT_SET_SIZE;

/* path_open relative to DIR; on success reads a few bytes and closes, so a leak would show. */
static void try_open(const char *label, __wasi_fd_t dir, __wasi_lookupflags_t lf, const char *path,
                     __wasi_oflags_t of, __wasi_rights_t rights) {
  __wasi_fd_t fd;
  __wasi_errno_t e = __wasi_path_open(dir, lf, path, of, rights, 0, 0, &fd);
  if (e) {
    printf("%s: %s\n", label, wt_errname(e));
    return;
  }
  char buf[32] = "";
  if (rights & __WASI_RIGHTS_FD_READ) {
    long n = wt_read(fd, buf, sizeof buf);
    if (n > 0 && buf[n - 1] == '\n') buf[n - 1] = 0;
  }
  printf("%s: success [%s]\n", label, buf);
  (void)!__wasi_fd_close(fd);
}

static void open_read(const char *path) {
  char label[160];
  snprintf(label, sizeof label, "open %s", path);
  try_open(label, sb, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, 0, RD);
}

static void stat_path(const char *label, __wasi_lookupflags_t lf, const char *path) {
  __wasi_filestat_t st;
  __wasi_errno_t e = __wasi_path_filestat_get(sb, lf, path, &st);
  if (e)
    printf("%s: %s\n", label, wt_errname(e));
  else
    printf("%s: success %s\n", label, wt_filetype(st.filetype));
}

static void sandbox(const char *host_outside) {
  const __wasi_lookupflags_t F = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
  puts("-- reading: .. and absolute paths");
  open_read("../outside/secret.txt");
  open_read("..");
  open_read("sub/../../outside/secret.txt");
  open_read("sub/../../sandbox/inner.txt");
  open_read("/etc/passwd");
  open_read("/");
  char abs[512];
  snprintf(abs, sizeof abs, "%s/secret.txt", host_outside);
  try_open("open HOST_OUTSIDE/secret.txt", sb, F, abs, 0, RD);
  puts("-- reading: symlinks");
  open_read("link_file");
  open_read("link_abs");
  open_read("link_dir/secret.txt");
  open_read("link_dir_abs/secret.txt");
  open_read("link_root/etc/passwd");
  open_read("sub/upup/outside/secret.txt");
  open_read("sub/deep_link/../secret.txt");
  try_open("open link_dir as a directory", sb, F, "link_dir", __WASI_OFLAGS_DIRECTORY, RD);
  try_open("open link_file without following", sb, 0, "link_file", 0, RD);
  puts("-- reading: allowed paths");
  open_read("inner.txt");
  open_read("sub/../inner.txt");
  open_read("sub/up/inner.txt");
  open_read("./sub/./../inner.txt");
  try_open("open sub/.. as a directory", sb, F, "sub/..", __WASI_OFLAGS_DIRECTORY, RD);
  open_read("inner_link");

  puts("-- writing and creating through escapes");
  try_open("write through link_file", sb, F, "link_file", 0, RW);
  try_open("truncate through link_file", sb, F, "link_file", __WASI_OFLAGS_TRUNC, RW);
  try_open("create link_dir/new.txt", sb, F, "link_dir/new.txt", __WASI_OFLAGS_CREAT, RW);
  try_open("create ../outside/new.txt", sb, F, "../outside/new.txt", __WASI_OFLAGS_CREAT, RW);
  try_open("create through dangling link_new", sb, F, "link_new", __WASI_OFLAGS_CREAT, RW);
  snprintf(abs, sizeof abs, "%s/abs.txt", host_outside);
  try_open("create HOST_OUTSIDE/abs.txt", sb, F, abs, __WASI_OFLAGS_CREAT, RW);
  wt_report("mkdir ../outside/newdir", __wasi_path_create_directory(sb, "../outside/newdir"));
  wt_report("mkdir link_dir/newdir", __wasi_path_create_directory(sb, "link_dir/newdir"));
  wt_report("mkdir sub/upup/outside/newdir",
            __wasi_path_create_directory(sb, "sub/upup/outside/newdir"));

  puts("-- rename, link, unlink, rmdir aimed outside");
  wt_report("rename inner.txt -> ../outside/stolen.txt",
            __wasi_path_rename(sb, "inner.txt", sb, "../outside/stolen.txt"));
  wt_report("rename inner.txt -> link_dir/stolen.txt",
            __wasi_path_rename(sb, "inner.txt", sb, "link_dir/stolen.txt"));
  wt_report("rename link_dir/secret.txt -> got.txt",
            __wasi_path_rename(sb, "link_dir/secret.txt", sb, "got.txt"));
  wt_report("rename ../outside/secret.txt -> got.txt",
            __wasi_path_rename(sb, "../outside/secret.txt", sb, "got.txt"));
  wt_report("link inner.txt -> ../outside/hard",
            __wasi_path_link(sb, 0, "inner.txt", sb, "../outside/hard"));
  wt_report("link inner.txt -> link_dir/hard",
            __wasi_path_link(sb, 0, "inner.txt", sb, "link_dir/hard"));
  wt_report("link link_dir/secret.txt -> hard",
            __wasi_path_link(sb, 0, "link_dir/secret.txt", sb, "hard"));
  wt_report("link (follow) link_file -> hard2",
            __wasi_path_link(sb, F, "link_file", sb, "hard2"));
  wt_report("unlink ../outside/secret.txt", __wasi_path_unlink_file(sb, "../outside/secret.txt"));
  wt_report("unlink link_dir/secret.txt", __wasi_path_unlink_file(sb, "link_dir/secret.txt"));
  wt_report("rmdir ../outside/dir", __wasi_path_remove_directory(sb, "../outside/dir"));
  wt_report("rmdir link_dir/dir", __wasi_path_remove_directory(sb, "link_dir/dir"));

  puts("-- symlinks: creating any text is allowed, following it out is not");
  wt_report("symlink ../outside/secret.txt as newlink",
            __wasi_path_symlink("../outside/secret.txt", sb, "newlink"));
  wt_report("symlink /etc/passwd as abslink", __wasi_path_symlink("/etc/passwd", sb, "abslink"));
  open_read("newlink");
  open_read("abslink");
  try_open("write through newlink", sb, F, "newlink", __WASI_OFLAGS_TRUNC, RW);
  char buf[64];
  __wasi_size_t n = 0;
  __wasi_errno_t e = __wasi_path_readlink(sb, "newlink", (uint8_t *)buf, sizeof buf, &n);
  printf("readlink newlink: %s [%.*s]\n", wt_errname(e), (int)n, buf);
  wt_report("symlink x as ../outside/evil", __wasi_path_symlink("x", sb, "../outside/evil"));
  wt_report("symlink x as link_dir/evil", __wasi_path_symlink("x", sb, "link_dir/evil"));
  e = __wasi_path_readlink(sb, "link_dir/olink", (uint8_t *)buf, sizeof buf, &n);
  printf("readlink link_dir/olink: %s\n", wt_errname(e));
  e = __wasi_path_readlink(sb, "../outside/olink", (uint8_t *)buf, sizeof buf, &n);
  printf("readlink ../outside/olink: %s\n", wt_errname(e));

  puts("-- metadata through escapes");
  stat_path("stat ../outside/secret.txt", 0, "../outside/secret.txt");
  stat_path("stat (follow) link_file", F, "link_file");
  stat_path("stat (nofollow) link_file", 0, "link_file");
  stat_path("stat (nofollow) link_dir/secret.txt", 0, "link_dir/secret.txt");
  stat_path("stat (follow) newlink", F, "newlink");
  stat_path("stat /etc/passwd", F, "/etc/passwd");
  const __wasi_fstflags_t both = __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM;
  wt_report("set times (follow) link_file",
            __wasi_path_filestat_set_times(sb, F, "link_file", 1, 1, both));
  wt_report("set times link_dir/secret.txt",
            __wasi_path_filestat_set_times(sb, 0, "link_dir/secret.txt", 1, 1, both));
  wt_report("set times ../outside/secret.txt",
            __wasi_path_filestat_set_times(sb, 0, "../outside/secret.txt", 1, 1, both));

  puts("-- fd-relative: an opened directory is a root of its own");
  __wasi_fd_t dot, sub;
  e = wt_open_dir(sb, ".", &dot);
  printf("open . as a directory: %s\n", wt_errname(e));
  try_open("from . open ..", dot, F, "..", __WASI_OFLAGS_DIRECTORY, RD);
  try_open("from . open ../outside/secret.txt", dot, F, "../outside/secret.txt", 0, RD);
  try_open("from . open ../sandbox/inner.txt", dot, F, "../sandbox/inner.txt", 0, RD);
  try_open("from . open inner.txt", dot, F, "inner.txt", 0, RD);
  e = wt_open_dir(sb, "sub", &sub);
  printf("open sub as a directory: %s\n", wt_errname(e));
  try_open("from sub open ../inner.txt", sub, F, "../inner.txt", 0, RD);
  try_open("from sub open up/inner.txt", sub, F, "up/inner.txt", 0, RD);
  try_open("from sub open ..", sub, F, "..", __WASI_OFLAGS_DIRECTORY, RD);
  wt_report("from sub mkdir ../made", __wasi_path_create_directory(sub, "../made"));
  (void)!__wasi_fd_close(sub);
  (void)!__wasi_fd_close(dot);

  puts("-- operations on the links themselves stay inside");
  wt_report("rename inner_copy.txt onto link_file",
            __wasi_path_rename(sb, "inner_copy.txt", sb, "link_file"));
  wt_report("unlink link_dir (the symlink)", __wasi_path_unlink_file(sb, "link_dir"));
  wt_report("rmdir link_dir_abs (a symlink)", __wasi_path_remove_directory(sb, "link_dir_abs"));
}

/* A read-only preopen "/ro" (--dir-ro) holding ro.txt and rosub/: nothing can change it. */
static void readonly(void) {
  __wasi_fd_t ro = wt_need_preopen("/ro");
  const __wasi_lookupflags_t F = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
  try_open("open ro.txt for reading", ro, F, "ro.txt", 0, RD);
  try_open("open ro.txt for writing", ro, F, "ro.txt", 0, RW);
  try_open("open ro.txt with trunc", ro, F, "ro.txt", __WASI_OFLAGS_TRUNC, RD);
  try_open("create new.txt", ro, F, "new.txt", __WASI_OFLAGS_CREAT, RD);
  try_open("create new.txt for writing", ro, F, "new.txt", __WASI_OFLAGS_CREAT, RW);
  wt_report("mkdir newdir", __wasi_path_create_directory(ro, "newdir"));
  wt_report("unlink ro.txt", __wasi_path_unlink_file(ro, "ro.txt"));
  wt_report("rmdir rosub", __wasi_path_remove_directory(ro, "rosub"));
  wt_report("rename ro.txt -> moved.txt", __wasi_path_rename(ro, "ro.txt", ro, "moved.txt"));
  wt_report("symlink x as sl", __wasi_path_symlink("x", ro, "sl"));
  wt_report("link ro.txt -> hl", __wasi_path_link(ro, 0, "ro.txt", ro, "hl"));
  wt_report("set times ro.txt",
            __wasi_path_filestat_set_times(ro, 0, "ro.txt", 1, 1,
                                           __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  /* A file opened for reading cannot be written, resized or touched through its fd. */
  __wasi_fd_t fd;
  __wasi_errno_t e = __wasi_path_open(ro, 0, "ro.txt", 0, RD, 0, 0, &fd);
  printf("open ro.txt with read rights only: %s\n", wt_errname(e));
  if (e == 0) {
    __wasi_fdstat_t fs;
    (void)!__wasi_fd_fdstat_get(fd, &fs);
    printf("fd has the write right: %s\n", fs.fs_rights_base & __WASI_RIGHTS_FD_WRITE ? "yes" : "no");
    wt_report("fd_write", wt_write(fd, "x", 1));
    __wasi_ciovec_t cv = {(const uint8_t *)"x", 1};
    __wasi_size_t n;
    wt_report("fd_pwrite", __wasi_fd_pwrite(fd, &cv, 1, 0, &n));
    wt_report("fd_filestat_set_size", __wasi_fd_filestat_set_size(fd, 0));
    wt_report("fd_allocate", __wasi_fd_allocate(fd, 0, 4096));
    wt_report("fd_filestat_set_times", __wasi_fd_filestat_set_times(fd, 1, 1,
                                               __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    (void)!__wasi_fd_close(fd);
  }
  /* Read-only is inherited by directories opened below the preopen. */
  __wasi_fd_t sub;
  e = wt_open_dir(ro, "rosub", &sub);
  printf("open rosub: %s\n", wt_errname(e));
  if (e == 0) {
    try_open("from rosub create x.txt", sub, F, "x.txt", __WASI_OFLAGS_CREAT, RW);
    wt_report("from rosub mkdir y", __wasi_path_create_directory(sub, "y"));
    (void)!__wasi_fd_close(sub);
  }
  /* Moving a file from a writable preopen into the read-only one is refused too. */
  __wasi_fd_t rw = wt_need_preopen("/rw");
  wt_report("rename /rw/w.txt -> /ro/w.txt", __wasi_path_rename(rw, "w.txt", ro, "w.txt"));
  wt_report("link /rw/w.txt -> /ro/w.txt", __wasi_path_link(rw, 0, "w.txt", ro, "w.txt"));
  wt_report("rename /ro/ro.txt -> /rw/ro.txt", __wasi_path_rename(ro, "ro.txt", rw, "ro.txt"));
  /* Reading still works, including listing the directory. */
  uint8_t buf[512];
  __wasi_size_t used = 0;
  e = __wasi_fd_readdir(ro, buf, sizeof buf, 0, &used);
  printf("fd_readdir(/ro): %s\n", wt_errname(e));
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);   /* a hang or crash still shows how far it got */
  if (argc > 2 && strcmp(argv[1], "sandbox") == 0) {
    sb = wt_need_preopen("/sandbox");
    sandbox(argv[2]);
  } else if (argc > 1 && strcmp(argv[1], "readonly") == 0) {
    readonly();
  } else {
    printf("usage: escape sandbox HOST_OUTSIDE_DIR | escape readonly\n");
    return 2;
  }
  return wt_done();
}
