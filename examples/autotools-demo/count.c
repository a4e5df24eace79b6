/* count.c — the counting of wcount: lines, words (runs of non-space) and bytes. */
#include <ctype.h>

#include "count.h"

int count_stream(FILE *in, struct counts *c)
{
  int ch, in_word = 0;
  while ((ch = getc(in)) != EOF) {
    c->bytes++;
    if (ch == '\n')
      c->lines++;
    if (isspace(ch)) {
      in_word = 0;
    } else if (!in_word) {
      in_word = 1;
      c->words++;
    }
  }
  return ferror(in) ? -1 : 0;
}
