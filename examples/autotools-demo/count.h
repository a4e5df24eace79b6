/* count.h — counting lines, words and bytes of a stream, as wc does (the library of wcount). */
#ifndef COUNT_H
#define COUNT_H
#include <stdio.h>

struct counts {
  unsigned long lines, words, bytes;
};

/* Adds what `in` holds, up to its end, to `c`; returns 0, or -1 on a read error. */
int count_stream(FILE *in, struct counts *c);
#endif
