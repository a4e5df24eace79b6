/* exec/interp/dump.c — prints translated code, for whoever tunes the translator:
 * WASMBOX_DUMP_CODE=1 makes every translation print its instructions to stderr, one line each
 * ("cell: NAME operands"), so fused instructions, copies and constants can be seen. */
#include "exec/interp/dump.h"
#include <stdlib.h>
#include "exec/interp/code.h"

const char *const wb_interp_iop_names[WB_IOP_COUNT] = {
#define WB_IOP(name) [WB_IOP_##name] = #name,
  WB_IOPS
#undef WB_IOP
};

bool wb_interp_dump_enabled(void) {
  static int enabled = -1;
  if (enabled < 0) {
    const char *e = getenv("WASMBOX_DUMP_CODE");
    enabled = e && *e && *e != '0';
  }
  return enabled;
}

static const char *name_of(uint32_t cell) { return cell < WB_IOP_COUNT ? wb_interp_iop_names[cell] : "?"; }

void wb_interp_dump(FILE *out, uint32_t func_index, const wb_code *code, const uint32_t *starts,
                    uint32_t nstarts) {
  fprintf(out, "func %u: %u cells, params %u slots, locals %u, consts %u at %u, frame %u slots\n",
          func_index, code->ncells, code->param_slots, code->local_slots, code->nconsts,
          code->const_base, code->frame_slots);
  for (uint32_t k = 0; k < code->nconsts; k++)
    fprintf(out, "  const s%u = 0x%llx\n", code->const_base + k, (unsigned long long)code->frame_init[code->const_base - code->param_slots + k]);
  for (uint32_t i = 0; i < nstarts; i++) {
    uint32_t s = starts[i], e = i + 1 < nstarts ? starts[i + 1] : code->ncells;
    fprintf(out, "  %5u: %s", s, name_of(code->cells[s]));
    for (uint32_t c = s + 1; c < e; c++) fprintf(out, " %u", code->cells[c]);
    fputc('\n', out);
  }
}

#ifdef WB_INTERP_PROFILE
/* Built with -DWB_INTERP_PROFILE (cmake -DWASMBOX_INTERP_PROFILE=ON): the loop counts every
 * executed instruction and each pair of consecutive ones, and the totals are printed at exit,
 * to choose what to fuse. Counting is not thread-safe and costs a lot: a tuning build only. */
#include <string.h>
static uint64_t prof_single[WB_IOP_COUNT];
static uint64_t prof_pairs[WB_IOP_COUNT][WB_IOP_COUNT];
static uint32_t prof_prev;
static bool prof_registered;

static void prof_report(void) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < WB_IOP_COUNT; i++) total += prof_single[i];
  fprintf(stderr, "== %llu instructions executed\n", (unsigned long long)total);
  for (int rank = 0; rank < 40; rank++) {
    uint32_t best = 0;
    for (uint32_t i = 1; i < WB_IOP_COUNT; i++) if (prof_single[i] > prof_single[best]) best = i;
    if (!prof_single[best]) break;
    fprintf(stderr, "%6.2f%%  %s\n", 100.0 * prof_single[best] / total, wb_interp_iop_names[best]);
    prof_single[best] = 0;
  }
  fprintf(stderr, "== pairs\n");
  for (int rank = 0; rank < 60; rank++) {
    uint32_t ba = 0, bb = 0;
    for (uint32_t a = 0; a < WB_IOP_COUNT; a++)
      for (uint32_t b = 0; b < WB_IOP_COUNT; b++) if (prof_pairs[a][b] > prof_pairs[ba][bb]) { ba = a; bb = b; }
    if (!prof_pairs[ba][bb]) break;
    fprintf(stderr, "%6.2f%%  %s -> %s\n", 100.0 * prof_pairs[ba][bb] / total, wb_interp_iop_names[ba], wb_interp_iop_names[bb]);
    prof_pairs[ba][bb] = 0;
  }
}

void wb_interp_profile_note(uint32_t iop) {
  if (!prof_registered) { prof_registered = true; atexit(prof_report); }
  prof_single[iop]++;
  prof_pairs[prof_prev][iop]++;
  prof_prev = iop;
}
#endif
