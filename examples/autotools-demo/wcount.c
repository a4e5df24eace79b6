/* wcount.c — `wc` in miniature: lines, words and bytes of each FILE (or of stdin), and a total.
 * `wcount --config` prints what configure found for the machine it was built for. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "count.h"

static void print_config(void)
{
  printf("host: %s\n", HOST_TRIPLET);
  printf("sizeof(int)=%d sizeof(long)=%d sizeof(void *)=%d\n", SIZEOF_INT, SIZEOF_LONG,
         SIZEOF_VOID_P);
#ifdef HAVE_SYS_EPOLL_H
  printf("sys/epoll.h: yes\n");
#else
  printf("sys/epoll.h: no\n");
#endif
#ifdef HAVE_FORK
  printf("fork: yes\n");
#else
  printf("fork: no\n");
#endif
#ifdef HAVE_GETENTROPY
  printf("getentropy: yes\n");
#else
  printf("getentropy: no\n");
#endif
}

static void print_counts(const struct counts *c, const char *name)
{
  printf("%7lu %7lu %7lu%s%s\n", c->lines, c->words, c->bytes, name ? " " : "", name ? name : "");
}

int main(int argc, char **argv)
{
  if (argc == 2 && strcmp(argv[1], "--config") == 0) {
    print_config();
    return 0;
  }
  struct counts total = {0, 0, 0};
  int status = 0;
  if (argc < 2) {
    if (count_stream(stdin, &total) != 0)
      status = 1;
    print_counts(&total, NULL);
    return status;
  }
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "r");
    if (!f) {
      fprintf(stderr, "wcount: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    struct counts c = {0, 0, 0};
    if (count_stream(f, &c) != 0) {
      fprintf(stderr, "wcount: %s: read error\n", argv[i]);
      status = 1;
    }
    fclose(f);
    print_counts(&c, argv[i]);
    total.lines += c.lines;
    total.words += c.words;
    total.bytes += c.bytes;
  }
  if (argc > 2)
    print_counts(&total, "total");
  return status;
}
