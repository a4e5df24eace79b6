/* tests/wasi/fsutil.c — a small shell of file commands through wasi-libc (the way ordinary
 * programs use preopens: open("/data/x") or a path relative to "."), for the CLI option tests.
 * Usage: fsutil CMD ARGS... [CMD ARGS...]... with commands
 *   preopens            list the preopened directories' guest names
 *   cat PATH            print a file
 *   write PATH TEXT     create or truncate PATH and write TEXT
 *   ls PATH             list a directory (sorted, without . and ..)
 *   mkdir PATH          create a directory
 *   rm PATH             unlink a file
 * Each command prints "CMD PATH: ok" or the error; the exit status is 0 if all succeeded. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "wasitest.h"

static int failed;

static void result(const char *cmd, const char *path, int ok) {
  if (ok) {
    printf("%s %s: ok\n", cmd, path);
  } else {
    printf("%s %s: %s\n", cmd, path, strerror(errno));
    failed = 1;
  }
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *cmd = argv[i];
    if (strcmp(cmd, "preopens") == 0) {
      for (__wasi_fd_t fd = 3; fd < 64; fd++) {
        __wasi_prestat_t ps;
        if (__wasi_fd_prestat_get(fd, &ps) != 0) continue;
        char name[256] = "";
        size_t len = ps.u.dir.pr_name_len < 255 ? ps.u.dir.pr_name_len : 255;
        (void)!__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, (__wasi_size_t)len);
        name[len] = 0;
        printf("preopen [%s]\n", name);
      }
    } else if (strcmp(cmd, "cat") == 0 && i + 1 < argc) {
      const char *path = argv[++i];
      FILE *f = fopen(path, "r");
      if (!f) {
        result(cmd, path, 0);
        continue;
      }
      char buf[256];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, stdout);
      fclose(f);
      result(cmd, path, 1);
    } else if (strcmp(cmd, "write") == 0 && i + 2 < argc) {
      const char *path = argv[++i], *text = argv[++i];
      FILE *f = fopen(path, "w");
      int ok = f && fputs(text, f) >= 0;
      if (f && fclose(f) != 0) ok = 0;
      result(cmd, path, ok);
    } else if (strcmp(cmd, "ls") == 0 && i + 1 < argc) {
      const char *path = argv[++i];
      DIR *d = opendir(path);
      if (!d) {
        result(cmd, path, 0);
        continue;
      }
      char *names[256];
      int n = 0;
      struct dirent *de;
      while ((de = readdir(d)) && n < 256)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) names[n++] = strdup(de->d_name);
      closedir(d);
      qsort(names, n, sizeof *names, cmp_str);
      printf("%s:", path);
      for (int k = 0; k < n; k++) printf(" %s", names[k]);
      printf("\n");
      result(cmd, path, 1);
    } else if (strcmp(cmd, "mkdir") == 0 && i + 1 < argc) {
      const char *path = argv[++i];
      result(cmd, path, mkdir(path, 0755) == 0);
    } else if (strcmp(cmd, "rm") == 0 && i + 1 < argc) {
      const char *path = argv[++i];
      result(cmd, path, unlink(path) == 0);
    } else {
      printf("fsutil: bad command %s\n", cmd);
      return 2;
    }
  }
  return failed;
}
