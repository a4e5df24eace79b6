/* examples/hello-c — a small C program for WASI, built with wasmbox-cc: arguments, the standard
 * library (stdio, stdlib, string, math) and the exit status, all through wasi-libc. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
  const char *who = argc > 1 ? argv[1] : "WASI";
  printf("Hello, %s! (C, compiled by wasmbox-cc)\n", who);
  printf("%d argument(s):", argc - 1);
  for (int i = 1; i < argc; i++)
    printf(" [%s]", argv[i]);
  printf("\n");

  /* A little of everything: a sieve, qsort, strings and the math library. */
  enum { N = 10000 };
  static char composite[N + 1];
  int count = 0;
  long sum = 0;
  for (int i = 2; i <= N; i++) {
    if (composite[i])
      continue;
    count++;
    sum += i;
    for (int j = i * 2; j <= N; j += i)
      composite[j] = 1;
  }
  printf("primes up to %d: %d, their sum %ld\n", N, count, sum);

  int v[] = {42, -7, 19, 3, 0, 88, -21};
  size_t n = sizeof v / sizeof v[0];
  qsort(v, n, sizeof v[0], cmp_int);
  char buf[64] = "";
  for (size_t i = 0; i < n; i++)
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%d", i ? " " : "", v[i]);
  printf("sorted: %s\n", buf);
  printf("sqrt(2) = %.6f, exp(1) = %.6f\n", sqrt(2.0), exp(1.0));

  /* An argument "fail" shows the exit status reaching the host. */
  return argc > 1 && strcmp(argv[1], "fail") == 0 ? 3 : 0;
}
