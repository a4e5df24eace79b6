/* tests/capi/wasi/prog.c — a WASI command for the embedding tests (C and Python): it runs the
 * commands given as arguments, so each test asks for what it checks:
 *   args | env NAME | cat PATH | write PATH TEXT | ls DIR | err TEXT | exit N
 * Output goes to stdout one line per fact; errors to stderr. Compiled with clang-19 for wasm32-wasi. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *cmd = argv[i];
    if (strcmp(cmd, "args") == 0) {
      for (int k = 0; k < argc; k++) printf("arg %d: %s\n", k, argv[k]);
    } else if (strcmp(cmd, "env") == 0 && i + 1 < argc) {
      const char *v = getenv(argv[++i]);
      printf("env %s: %s\n", argv[i], v ? v : "(unset)");
    } else if (strcmp(cmd, "cat") == 0 && i + 1 < argc) {
      FILE *f = fopen(argv[++i], "r");
      if (!f) {
        fprintf(stderr, "cat %s: %s\n", argv[i], strerror(errno));
        return 1;
      }
      char buf[256];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, stdout);
      fclose(f);
    } else if (strcmp(cmd, "write") == 0 && i + 2 < argc) {
      FILE *f = fopen(argv[i + 1], "w");
      if (!f) {
        fprintf(stderr, "write %s: %s\n", argv[i + 1], strerror(errno));
        return 1;
      }
      fputs(argv[i + 2], f);
      fclose(f);
      printf("wrote %s\n", argv[i + 1]);
      i += 2;
    } else if (strcmp(cmd, "ls") == 0 && i + 1 < argc) {
      DIR *d = opendir(argv[++i]);
      if (!d) {
        fprintf(stderr, "ls %s: %s\n", argv[i], strerror(errno));
        return 1;
      }
      struct dirent *e;
      int count = 0;
      while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.') count++;
      closedir(d);
      printf("ls %s: %d entries\n", argv[i], count);
    } else if (strcmp(cmd, "err") == 0 && i + 1 < argc) {
      fprintf(stderr, "%s\n", argv[++i]);
    } else if (strcmp(cmd, "exit") == 0 && i + 1 < argc) {
      fflush(stdout);
      exit(atoi(argv[++i]));
    } else {
      fprintf(stderr, "unknown command %s\n", cmd);
      return 2;
    }
  }
  return 0;
}
