/* bench/kernels/bintrees.c — the binary-trees benchmark: builds and frees many small trees
 * with malloc/free, a long-lived tree alongside; pointer chasing and allocator work. */
#include "bench.h"

struct node { struct node *left, *right; };

static struct node *make(int depth) {
  struct node *n = malloc(sizeof *n);
  if (!n)
    exit(1);
  if (depth > 0) {
    n->left = make(depth - 1);
    n->right = make(depth - 1);
  } else {
    n->left = n->right = NULL;
  }
  return n;
}

static long check(const struct node *n) {
  return 1 + (n->left ? check(n->left) + check(n->right) : 0);
}

static void release(struct node *n) {
  if (n->left) {
    release(n->left);
    release(n->right);
  }
  free(n);
}

int main(int argc, char **argv) {
  long rounds = bench_reps(argc, argv, 5);
  const int min_depth = 4, max_depth = 14;
  uint64_t h = BENCH_SEED;
  struct node *long_lived = make(max_depth);
  for (long r = 0; r < rounds; r++)
    for (int d = min_depth; d <= max_depth; d += 2) {
      long iters = 1L << (max_depth - d + min_depth), sum = 0;
      for (long i = 0; i < iters; i++) {
        struct node *t = make(d);
        sum += check(t);
        release(t);
      }
      h = bench_mix(h, (uint64_t)sum);
    }
  h = bench_mix(h, (uint64_t)check(long_lived));
  release(long_lived);
  return bench_done("bintrees", h);
}
