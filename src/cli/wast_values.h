/* cli/wast_values.h — values in wast2json scripts: arguments ({"type":"i32","value":"<bits>"}),
 * expected results with NaN patterns, v128 lanes and reference null-ness, and how both read in
 * failure messages. externref N is the opaque host pointer N + 1 (never NULL, unique per N). */
#ifndef WB_CLI_WAST_VALUES_H
#define WB_CLI_WAST_VALUES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rt/value.h"
#include "util/json.h"

typedef enum wb_wast_lane {
  WB_LANE_NONE = 0,             /* not a v128 */
  WB_LANE_I8, WB_LANE_I16, WB_LANE_I32, WB_LANE_I64, WB_LANE_F32, WB_LANE_F64,
} wb_wast_lane;

typedef enum wb_wast_pattern {
  WB_PAT_EXACT = 0,
  WB_PAT_NAN_CANONICAL,         /* the canonical quiet NaN, either sign */
  WB_PAT_NAN_ARITHMETIC,        /* any NaN with the quiet bit set */
  WB_PAT_NONNULL,               /* a reference that is not null ("funcref" without a value) */
} wb_wast_pattern;

/* One expected result (or one alternative of an "either"). */
typedef struct wb_wast_expected {
  uint8_t type;                 /* value type (wb_valtype) */
  uint8_t lane;                 /* wb_wast_lane for v128 */
  uint8_t pattern;              /* scalars: wb_wast_pattern */
  uint8_t lane_pattern[16];     /* v128: a pattern per lane */
  wb_value value;
} wb_wast_expected;

/* Maps externref numbers to host pointers and back (NULL stays the null reference). */
static inline void *wb_wast_externref(uint64_t n) { return (void *)(uintptr_t)(n + 1); }

/* Reads an argument value. On failure writes the reason to msg. */
bool wb_wast_parse_arg(const wb_json *j, uint8_t *type, wb_value *out, char *msg, size_t msgsize);

/* Reads an expected value; "either" alternatives are not handled here (see the runner). */
bool wb_wast_parse_expected(const wb_json *j, wb_wast_expected *out, char *msg, size_t msgsize);

/* Whether an actual result of type `type` matches. */
bool wb_wast_matches(const wb_wast_expected *e, uint8_t type, const wb_value *v);

/* "i32:42", "f32:1.5 (0x3fc00000)", "v128:i32x4[1 2 3 4]", "externref:7", "funcref:null".
 * An actual v128 is shown with `lane` (use WB_LANE_I32 when there is no expectation). */
void wb_wast_format_value(uint8_t type, uint8_t lane, const wb_value *v, char *buf, size_t size);
void wb_wast_format_expected(const wb_wast_expected *e, char *buf, size_t size);

/* The value type named by a JSON "type" string, or 0. */
uint8_t wb_wast_valtype(const char *name);

#endif
