/* bench/kernels/json.c — a byte-wise JSON scanner: a state machine that walks a generated
 * document one byte at a time and counts tokens; branchy code with unpredictable paths. */
#include <string.h>
#include "bench.h"

#define DOC_SIZE (1 << 20)

struct counts { uint32_t objects, arrays, strings, numbers, literals, escapes, depth_max, errors; };

enum { S_VALUE, S_STRING, S_ESCAPE, S_NUMBER, S_LITERAL, S_AFTER };

BENCH_UNIT static void scan(const uint8_t *p, size_t n, struct counts *c) {
  int state = S_VALUE;
  uint32_t depth = 0;
  for (size_t i = 0; i < n; i++) {
    uint8_t ch = p[i];
    switch (state) {
    case S_NUMBER:
      if ((ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' || ch == 'E' || ch == '-' || ch == '+')
        break;
      state = S_AFTER;
      goto after;
    case S_LITERAL:
      if (ch >= 'a' && ch <= 'z')
        break;
      state = S_AFTER;
      goto after;
    case S_STRING:
      if (ch == '"') state = S_AFTER;
      else if (ch == '\\') state = S_ESCAPE;
      else if (ch < 0x20) c->errors++;
      break;
    case S_ESCAPE:
      c->escapes++;
      state = S_STRING;
      break;
    case S_VALUE:
    case S_AFTER:
    after:
      switch (ch) {
      case ' ': case '\n': case '\t': case '\r': case ',': case ':':
        state = S_VALUE;
        break;
      case '{': case '[':
        if (ch == '{') c->objects++; else c->arrays++;
        if (++depth > c->depth_max) c->depth_max = depth;
        state = S_VALUE;
        break;
      case '}': case ']':
        if (depth == 0) c->errors++; else depth--;
        state = S_AFTER;
        break;
      case '"':
        c->strings++;
        state = S_STRING;
        break;
      case '-': case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9':
        c->numbers++;
        state = S_NUMBER;
        break;
      case 't': case 'f': case 'n':
        c->literals++;
        state = S_LITERAL;
        break;
      default:
        c->errors++;
      }
    }
  }
}

/* A document of nested records, deterministic (LCG), about DOC_SIZE bytes. */
static size_t generate(char *doc, size_t cap) {
  static const char *words[] = {"alpha", "beta", "gamma\\n", "delta \\\"q\\\"", "epsilon", "zeta"};
  static const char *lits[] = {"true", "false", "null"};
  uint32_t x = 7;
  size_t n = 0;
  n += (size_t)sprintf(doc + n, "[");
  for (int rec = 0; n + 256 < cap; rec++) {
    x = x * 1664525 + 1013904223;
    n += (size_t)sprintf(doc + n, "%s{\"id\": %d, \"name\": \"%s\", \"score\": %d.%02u, \"tags\": [",
                         rec ? ",\n " : "", rec, words[(x >> 8) % 6], (int)(x >> 20) - 2048,
                         (x >> 4) % 100);
    for (uint32_t t = 0; t < (x >> 12) % 4; t++)
      n += (size_t)sprintf(doc + n, "%s\"%s\"", t ? ", " : "", words[(x >> (t + 3)) % 6]);
    n += (size_t)sprintf(doc + n, "], \"ok\": %s, \"pos\": {\"x\": %u, \"y\": -%ue3}}",
                         lits[(x >> 16) % 3], x % 1000, (x >> 10) % 77);
  }
  n += (size_t)sprintf(doc + n, "]\n");
  return n;
}

int main(int argc, char **argv) {
  long reps = bench_reps(argc, argv, 140);
  char *doc = malloc(DOC_SIZE);
  if (!doc)
    return 1;
  size_t n = generate(doc, DOC_SIZE);
  uint64_t h = BENCH_SEED;
  for (long r = 0; r < reps; r++) {
    struct counts c;
    memset(&c, 0, sizeof c);
    scan((const uint8_t *)doc + (r & 1), n - (r & 1), &c);
    h = bench_mix(h, (uint64_t)c.objects << 32 | c.arrays);
    h = bench_mix(h, (uint64_t)c.strings << 32 | c.numbers);
    h = bench_mix(h, (uint64_t)c.literals << 32 | c.escapes);
    h = bench_mix(h, (uint64_t)c.depth_max << 32 | c.errors);
  }
  free(doc);
  return bench_done("json", h);
}
