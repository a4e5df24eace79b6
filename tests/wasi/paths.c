/* tests/wasi/paths.c — the path_* calls inside a preopen (create/remove directory, filestat
 * get/set times, link, readlink, rename, symlink, unlink_file, open), fd_readdir with cookies and
 * fd_prestat_get/dir_name, with their ordinary errors. Needs a preopen "/sandbox". */
#include "wasitest.h"

static __wasi_fd_t dir;

static void touch(const char *path, const char *text) {
  __wasi_fd_t fd;
  __wasi_errno_t e = wt_open(dir, path, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 0, &fd);
  WT_CHECK(e == 0, "create %s: %s", path, wt_errname(e));
  if (e) return;
  if (text) (void)!wt_write(fd, text, strlen(text));
  (void)!__wasi_fd_close(fd);
}

static void stat_path(const char *label, __wasi_lookupflags_t flags, const char *path) {
  __wasi_filestat_t st;
  __wasi_errno_t e = __wasi_path_filestat_get(dir, flags, path, &st);
  if (e)
    printf("%s: %s\n", label, wt_errname(e));
  else
    printf("%s: success %s nlink=%llu size=%llu\n", label, wt_filetype(st.filetype),
           (unsigned long long)st.nlink,
           st.filetype == __WASI_FILETYPE_REGULAR_FILE ? (unsigned long long)st.size : 0ull);
}

static void directories(void) {
  wt_report("path_create_directory(d)", __wasi_path_create_directory(dir, "d"));
  wt_report("path_create_directory(d) again", __wasi_path_create_directory(dir, "d"));
  wt_report("path_create_directory(d/e)", __wasi_path_create_directory(dir, "d/e"));
  wt_report("path_create_directory(nope/x)", __wasi_path_create_directory(dir, "nope/x"));
  touch("d/a", "aaa");
  touch("d/b", "bb");
  touch("d/c", NULL);
  wt_report("path_create_directory(d/a) over a file", __wasi_path_create_directory(dir, "d/a"));
  stat_path("path_filestat_get(d)", 0, "d");
  stat_path("path_filestat_get(d/a)", 0, "d/a");
  stat_path("path_filestat_get(d/missing)", 0, "d/missing");
  stat_path("path_filestat_get(d/a/x)", 0, "d/a/x");
}

struct entry {
  char name[64];
  __wasi_dircookie_t next;
  __wasi_inode_t ino;
  __wasi_filetype_t type;
};

/* Decodes a readdir buffer of USED bytes into ENTS; returns the number of whole entries. */
static int decode(const uint8_t *buf, size_t used, struct entry *ents, int max) {
  int n = 0;
  size_t off = 0;
  while (off + sizeof(__wasi_dirent_t) <= used && n < max) {
    __wasi_dirent_t d;
    memcpy(&d, buf + off, sizeof d);
    off += sizeof d;
    if (off + d.d_namlen > used) break;      /* a name cut off by the end of the buffer */
    size_t len = d.d_namlen < 63 ? d.d_namlen : 63;
    memcpy(ents[n].name, buf + off, len);
    ents[n].name[len] = 0;
    ents[n].next = d.d_next;
    ents[n].ino = d.d_ino;
    ents[n].type = d.d_type;
    off += d.d_namlen;
    n++;
  }
  return n;
}

static int cmp_entry(const void *a, const void *b) {
  return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void readdir_with_cookies(void) {
  __wasi_fd_t d;
  __wasi_errno_t e = wt_open_dir(dir, "d", &d);
  printf("open d as a directory: %s\n", wt_errname(e));
  __wasi_fdstat_t fs;
  (void)!__wasi_fd_fdstat_get(d, &fs);
  printf("d is a %s\n", wt_filetype(fs.fs_filetype));

  static uint8_t buf[4096];
  __wasi_size_t used = 0;
  e = __wasi_fd_readdir(d, buf, sizeof buf, __WASI_DIRCOOKIE_START, &used);
  printf("fd_readdir(big buffer): %s, buffer %s\n", wt_errname(e),
         used < sizeof buf ? "not full (end reached)" : "full");
  struct entry all[32];
  int n = decode(buf, used, all, 32);
  int dots = 0;
  struct entry sorted[32];
  int m = 0;
  for (int i = 0; i < n; i++) {
    if (strcmp(all[i].name, ".") == 0 || strcmp(all[i].name, "..") == 0)
      dots++;
    else
      sorted[m++] = all[i];
  }
  qsort(sorted, m, sizeof *sorted, cmp_entry);
  printf("entries besides . and ..:");
  for (int i = 0; i < m; i++) printf(" %s(%s)", sorted[i].name, wt_filetype(sorted[i].type));
  printf("\n. and .. listed: %d\n", dots);
  for (int i = 0; i < m; i++) {
    char path[80];
    __wasi_filestat_t st;
    snprintf(path, sizeof path, "d/%s", sorted[i].name);
    (void)!__wasi_path_filestat_get(dir, 0, path, &st);
    WT_CHECK(st.ino == sorted[i].ino, "d_ino of %s differs from its filestat", path);
  }

  /* Resuming at each entry's d_next gives the rest of the listing, in the same order. */
  int resumed_ok = 1;
  for (int i = 0; i < n; i++) {
    __wasi_size_t u2 = 0;
    static uint8_t b2[4096];
    e = __wasi_fd_readdir(d, b2, sizeof b2, all[i].next, &u2);
    struct entry rest[32];
    int r = decode(b2, u2, rest, 32);
    if (e != 0 || r != n - i - 1) {
      resumed_ok = 0;
      continue;
    }
    for (int j = 0; j < r; j++)
      if (strcmp(rest[j].name, all[i + 1 + j].name) != 0) resumed_ok = 0;
  }
  printf("resuming at every d_next: %s\n", resumed_ok ? "consistent" : "INCONSISTENT");

  /* A buffer too small for everything comes back full; the caller continues from the last
   * whole entry's cookie, as wasi-libc does. */
  uint8_t small[40];
  __wasi_dircookie_t cookie = __WASI_DIRCOOKIE_START;
  int got = 0, rounds = 0, full_seen = 0;
  char names[512] = "";
  while (rounds++ < 100) {
    __wasi_size_t u = 0;
    e = __wasi_fd_readdir(d, small, sizeof small, cookie, &u);
    if (e) break;
    struct entry part[4];
    int k = decode(small, u, part, 4);
    if (u == sizeof small) full_seen = 1;
    for (int j = 0; j < k; j++) {
      got++;
      strcat(names, part[j].name);
      strcat(names, "/");
      cookie = part[j].next;
    }
    if (u < sizeof small) break;
    if (k == 0) {
      /* A single entry larger than the buffer: readdir must still fill it, then we are stuck. */
      printf("small buffer: an entry does not fit\n");
      break;
    }
  }
  char expect[512] = "";
  for (int i = 0; i < n; i++) {
    strcat(expect, all[i].name);
    strcat(expect, "/");
  }
  printf("40-byte buffer: %d entries, filled the buffer: %s, same order: %s\n", got,
         full_seen ? "yes" : "no", strcmp(names, expect) == 0 ? "yes" : "no");

  __wasi_size_t u3 = 0;
  e = __wasi_fd_readdir(d, buf, sizeof buf, all[n - 1].next, &u3);
  printf("fd_readdir past the last entry: %s, %u bytes\n", wt_errname(e), (unsigned)u3);
  __wasi_fd_t f;
  (void)!wt_open(dir, "d/a", 0, 0, &f);
  e = __wasi_fd_readdir(f, buf, sizeof buf, 0, &u3);
  printf("fd_readdir on a file: %s\n", wt_errname(e));
  (void)!__wasi_fd_close(f);
  (void)!__wasi_fd_close(d);
}

static void links(void) {
  wt_report("path_symlink(a -> d/sl)", __wasi_path_symlink("a", dir, "d/sl"));
  wt_report("path_symlink(x -> d/sl) again", __wasi_path_symlink("x", dir, "d/sl"));
  wt_report("path_symlink(dangling -> d/dl)", __wasi_path_symlink("no/such/file", dir, "d/dl"));
  char buf[64];
  __wasi_size_t n = 0;
  __wasi_errno_t e = __wasi_path_readlink(dir, "d/sl", (uint8_t *)buf, sizeof buf, &n);
  printf("path_readlink(d/sl): %s [%.*s]\n", wt_errname(e), (int)n, buf);
  e = __wasi_path_readlink(dir, "d/dl", (uint8_t *)buf, sizeof buf, &n);
  printf("path_readlink(d/dl): %s [%.*s]\n", wt_errname(e), (int)n, buf);
  e = __wasi_path_readlink(dir, "d/a", (uint8_t *)buf, sizeof buf, &n);
  printf("path_readlink(d/a) of a file: %s\n", wt_errname(e));
  e = __wasi_path_readlink(dir, "d/missing", (uint8_t *)buf, sizeof buf, &n);
  printf("path_readlink(d/missing): %s\n", wt_errname(e));
  stat_path("path_filestat_get(d/sl, follow)", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "d/sl");
  stat_path("path_filestat_get(d/sl, nofollow)", 0, "d/sl");
  stat_path("path_filestat_get(d/dl, follow)", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "d/dl");
  __wasi_fd_t fd;
  e = wt_open(dir, "d/sl", 0, 0, &fd);
  char text[16] = "";
  if (e == 0) {
    wt_read(fd, text, sizeof text);
    (void)!__wasi_fd_close(fd);
  }
  printf("open d/sl (follow): %s [%s]\n", wt_errname(e), text);
  e = __wasi_path_open(dir, 0, "d/sl", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
  printf("open d/sl (nofollow): %s\n", wt_errname(e));
  wt_report("path_symlink(loop -> d/loop)", __wasi_path_symlink("loop", dir, "d/loop"));
  printf("open d/loop: %s\n", wt_errname(wt_open(dir, "d/loop", 0, 0, &fd)));

  wt_report("path_link(d/a -> d/h)", __wasi_path_link(dir, 0, "d/a", dir, "d/h"));
  stat_path("path_filestat_get(d/a)", 0, "d/a");
  wt_report("path_link(d/a -> d/h) again", __wasi_path_link(dir, 0, "d/a", dir, "d/h"));
  wt_report("path_link(d/missing -> d/h2)", __wasi_path_link(dir, 0, "d/missing", dir, "d/h2"));
  wt_report("path_link(d/e -> d/h3) of a directory", __wasi_path_link(dir, 0, "d/e", dir, "d/h3"));
  /* With symlink_follow the new link names the target, not the symlink. */
  wt_report("path_link(follow d/sl -> d/h4)",
            __wasi_path_link(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "d/sl", dir, "d/h4"));
  stat_path("path_filestat_get(d/h4, nofollow)", 0, "d/h4");
}

static void times(void) {
  const __wasi_timestamp_t t_a = 1234567890ull * 1000000000ull + 111;
  const __wasi_timestamp_t t_m = 1234567999ull * 1000000000ull + 222;
  __wasi_errno_t e = __wasi_path_filestat_set_times(dir, 0, "d/b", t_a, t_m,
                                                    __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM);
  printf("path_filestat_set_times(d/b): %s\n", wt_errname(e));
  __wasi_filestat_t st;
  (void)!__wasi_path_filestat_get(dir, 0, "d/b", &st);
  printf("atim=%llu mtim=%llu\n", (unsigned long long)st.atim, (unsigned long long)st.mtim);
  /* Without symlink_follow a symlink's own times change, not its target's. */
  e = __wasi_path_filestat_set_times(dir, 0, "d/sl", 0, t_m, __WASI_FSTFLAGS_MTIM);
  printf("path_filestat_set_times(d/sl, nofollow): %s\n", wt_errname(e));
  __wasi_filestat_t ls, ts;
  (void)!__wasi_path_filestat_get(dir, 0, "d/sl", &ls);
  (void)!__wasi_path_filestat_get(dir, 0, "d/a", &ts);
  printf("link mtim set: %s, target mtim untouched: %s\n", ls.mtim == t_m ? "yes" : "no",
         ts.mtim != t_m ? "yes" : "no");
  e = __wasi_path_filestat_set_times(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "d/sl", t_a, 0,
                                     __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM_NOW);
  printf("path_filestat_set_times(d/sl, follow, atim|mtim_now): %s\n", wt_errname(e));
  (void)!__wasi_path_filestat_get(dir, 0, "d/a", &ts);
  printf("target atim=%llu, mtim recent: %s\n", (unsigned long long)ts.atim,
         ts.mtim > 1500000000ull * 1000000000ull ? "yes" : "no");
  e = __wasi_path_filestat_set_times(dir, 0, "d/missing", 0, 0, __WASI_FSTFLAGS_MTIM_NOW);
  printf("path_filestat_set_times(d/missing): %s\n", wt_errname(e));
  e = __wasi_path_filestat_set_times(dir, 0, "d/b", 0, 0,
                                     __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW);
  printf("path_filestat_set_times(mtim|mtim_now): %s\n", wt_errname(e));
}

static void renames_and_removals(void) {
  wt_report("path_rename(d/b -> d/b2)", __wasi_path_rename(dir, "d/b", dir, "d/b2"));
  stat_path("path_filestat_get(d/b)", 0, "d/b");
  stat_path("path_filestat_get(d/b2)", 0, "d/b2");
  wt_report("path_rename(d/c -> d/b2) over a file", __wasi_path_rename(dir, "d/c", dir, "d/b2"));
  stat_path("path_filestat_get(d/b2)", 0, "d/b2");
  wt_report("path_rename(d/missing -> d/x)", __wasi_path_rename(dir, "d/missing", dir, "d/x"));
  wt_report("path_create_directory(f)", __wasi_path_create_directory(dir, "f"));
  touch("f/inside", "in");
  wt_report("path_rename(d/e -> f) onto a non-empty directory",
            __wasi_path_rename(dir, "d/e", dir, "f"));
  wt_report("path_rename(d/b2 -> f) file onto a directory",
            __wasi_path_rename(dir, "d/b2", dir, "f"));
  wt_report("path_rename(d/e -> top) a directory", __wasi_path_rename(dir, "d/e", dir, "top"));
  /* Renaming through a second directory fd: the new path is relative to that fd. */
  __wasi_fd_t f;
  __wasi_errno_t e = wt_open_dir(dir, "f", &f);
  printf("open f: %s\n", wt_errname(e));
  wt_report("path_rename(d/b2 -> f:moved)", __wasi_path_rename(dir, "d/b2", f, "moved"));
  stat_path("path_filestat_get(f/moved)", 0, "f/moved");

  wt_report("path_unlink_file(d/h)", __wasi_path_unlink_file(dir, "d/h"));
  stat_path("path_filestat_get(d/a) after unlinking its link", 0, "d/a");
  wt_report("path_unlink_file(d/h) again", __wasi_path_unlink_file(dir, "d/h"));
  wt_report("path_unlink_file(top) a directory", __wasi_path_unlink_file(dir, "top"));
  wt_report("path_unlink_file(d/sl) a symlink", __wasi_path_unlink_file(dir, "d/sl"));
  stat_path("path_filestat_get(d/a) after unlinking a symlink to it", 0, "d/a");
  wt_report("path_remove_directory(f) not empty", __wasi_path_remove_directory(dir, "f"));
  wt_report("path_remove_directory(d/a) a file", __wasi_path_remove_directory(dir, "d/a"));
  wt_report("path_remove_directory(top)", __wasi_path_remove_directory(dir, "top"));
  wt_report("path_remove_directory(top) again", __wasi_path_remove_directory(dir, "top"));
  wt_report("path_unlink_file(f:moved)", __wasi_path_unlink_file(f, "moved"));
  wt_report("path_unlink_file(f/inside)", __wasi_path_unlink_file(dir, "f/inside"));
  (void)!__wasi_fd_close(f);
  wt_report("path_remove_directory(f) now empty", __wasi_path_remove_directory(dir, "f"));
}

static void prestats(void) {
  __wasi_prestat_t ps;
  __wasi_errno_t e = __wasi_fd_prestat_get(dir, &ps);
  printf("fd_prestat_get(sandbox): %s tag=%u len=%u\n", wt_errname(e), (unsigned)ps.tag,
         (unsigned)ps.u.dir.pr_name_len);
  char name[64] = "";
  e = __wasi_fd_prestat_dir_name(dir, (uint8_t *)name, ps.u.dir.pr_name_len);
  printf("fd_prestat_dir_name: %s [%.*s]\n", wt_errname(e), (int)ps.u.dir.pr_name_len, name);
  printf("fd_prestat_get(0): %s\n", wt_errname(__wasi_fd_prestat_get(0, &ps)));
  printf("fd_prestat_get(777): %s\n", wt_errname(__wasi_fd_prestat_get(777, &ps)));
  printf("fd_prestat_dir_name(777): %s\n",
         wt_errname(__wasi_fd_prestat_dir_name(777, (uint8_t *)name, sizeof name)));
  /* A directory opened from the preopen is not itself a preopen. */
  __wasi_fd_t d;
  (void)!wt_open_dir(dir, "d", &d);
  printf("fd_prestat_get(opened dir): %s\n", wt_errname(__wasi_fd_prestat_get(d, &ps)));
  (void)!__wasi_fd_close(d);
}

int main(void) {
  dir = wt_need_preopen("/sandbox");
  directories();
  readdir_with_cookies();
  links();
  times();
  renames_and_removals();
  prestats();
  return wt_done();
}
