/* cli/wast_values.c — reading wast2json values (scalars as unsigned decimal bit patterns,
 * v128 as lanes) and judging results against expectations. */
#include "cli/wast_values.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "cli/values.h"
#include "ir/module.h"

uint8_t wb_wast_valtype(const char *name) {
  static const struct {
    const char *name;
    uint8_t type;
  } names[] = {{"i32", WB_I32}, {"i64", WB_I64}, {"f32", WB_F32}, {"f64", WB_F64},
               {"v128", WB_V128}, {"funcref", WB_FUNCREF}, {"externref", WB_EXTERNREF}};
  for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
    if (strcmp(name, names[i].name) == 0) return names[i].type;
  return 0;
}

static uint8_t lane_of(const char *name) {
  static const char *names[] = {"i8", "i16", "i32", "i64", "f32", "f64"};
  for (size_t i = 0; name && i < 6; i++)
    if (strcmp(name, names[i]) == 0) return (uint8_t)(WB_LANE_I8 + i);
  return WB_LANE_NONE;
}

static unsigned lane_bytes(uint8_t lane) {
  switch (lane) {
  case WB_LANE_I8: return 1;
  case WB_LANE_I16: return 2;
  case WB_LANE_I32: case WB_LANE_F32: return 4;
  default: return 8;
  }
}

static bool lane_is_float(uint8_t lane) { return lane == WB_LANE_F32 || lane == WB_LANE_F64; }

/* An unsigned decimal that fits `bits` bits (wast2json writes every scalar that way). */
static bool parse_bits(const char *s, unsigned bits, uint64_t *out) {
  if (!s || !*s || *s == '-' || *s == '+') return false;
  for (const char *c = s; *c; c++)
    if (*c < '0' || *c > '9') return false;
  return wb_cli_parse_int(s, bits, out);
}

static uint8_t nan_pattern(const char *s) {
  if (!s) return WB_PAT_EXACT;
  if (strcmp(s, "nan:canonical") == 0) return WB_PAT_NAN_CANONICAL;
  if (strcmp(s, "nan:arithmetic") == 0) return WB_PAT_NAN_ARITHMETIC;
  return WB_PAT_EXACT;
}

static void put_lane(uint8_t *bytes, unsigned i, unsigned size, uint64_t v) {
  for (unsigned b = 0; b < size; b++) bytes[i * size + b] = (uint8_t)(v >> (8 * b));
}

static uint64_t get_lane(const uint8_t *bytes, unsigned i, unsigned size) {
  uint64_t v = 0;
  for (unsigned b = 0; b < size; b++) v |= (uint64_t)bytes[i * size + b] << (8 * b);
  return v;
}

/* Reads a value; patterns (NaN kinds, absent funcref) allowed only when pat is non-NULL. */
static bool parse_any(const wb_json *j, uint8_t *type, uint8_t *lane, wb_value *out, uint8_t *pat,
                      uint8_t *lane_pat, char *msg, size_t msgsize) {
  const char *tname = wb_json_str(wb_json_get(j, "type"));
  *type = wb_wast_valtype(tname);
  *lane = WB_LANE_NONE;
  memset(out, 0, sizeof *out);
  if (pat) *pat = WB_PAT_EXACT;
  if (!*type) {
    snprintf(msg, msgsize, "unknown value type \"%s\"", tname ? tname : "(missing)");
    return false;
  }
  const wb_json *jv = wb_json_get(j, "value");
  const char *s = wb_json_str(jv);
  uint64_t bits;
  switch (*type) {
  case WB_I32:
  case WB_F32:
  case WB_I64:
  case WB_F64: {
    unsigned width = (*type == WB_I32 || *type == WB_F32) ? 32 : 64;
    if (pat && (*type == WB_F32 || *type == WB_F64) && nan_pattern(s)) {
      *pat = nan_pattern(s);
      return true;
    }
    if (!parse_bits(s, width, &bits)) break;
    if (width == 32)
      out->u32 = (uint32_t)bits;
    else
      out->u64 = bits;
    return true;
  }
  case WB_FUNCREF:
  case WB_EXTERNREF:
    if (!jv && pat && *type == WB_FUNCREF) {
      *pat = WB_PAT_NONNULL;
      return true;
    }
    if (s && strcmp(s, "null") == 0) return true;
    if (!parse_bits(s, 64, &bits) || bits == UINT64_MAX) break;
    if (*type == WB_FUNCREF) {
      if (!pat) {
        snprintf(msg, msgsize, "a funcref argument other than null cannot be made");
        return false;
      }
      *pat = WB_PAT_NONNULL; /* a function's identity cannot be named in JSON: compare null-ness */
      return true;
    }
    out->ref = wb_wast_externref(bits);
    return true;
  case WB_V128: {
    *lane = lane_of(wb_json_str(wb_json_get(j, "lane_type")));
    if (!*lane) {
      snprintf(msg, msgsize, "v128 without a valid lane_type");
      return false;
    }
    unsigned size = lane_bytes(*lane), n = 16 / size;
    if (!jv || jv->kind != WB_JSON_ARRAY || wb_json_len(jv) != n) {
      snprintf(msg, msgsize, "v128 value needs %u lanes", n);
      return false;
    }
    for (unsigned i = 0; i < n; i++) {
      const char *ls = wb_json_str(wb_json_at(jv, i));
      uint8_t lp = lane_is_float(*lane) ? nan_pattern(ls) : WB_PAT_EXACT;
      if (lp) {
        if (!lane_pat) {
          snprintf(msg, msgsize, "NaN pattern \"%s\" in an argument", ls);
          return false;
        }
        lane_pat[i] = lp;
        continue;
      }
      if (lane_pat) lane_pat[i] = WB_PAT_EXACT;
      if (!parse_bits(ls, size * 8, &bits)) {
        snprintf(msg, msgsize, "bad v128 lane %u \"%s\"", i, ls ? ls : "(not a string)");
        return false;
      }
      put_lane(out->v128, i, size, bits);
    }
    return true;
  }
  }
  snprintf(msg, msgsize, "bad %s value \"%s\"", tname, s ? s : "(not a string)");
  return false;
}

bool wb_wast_parse_arg(const wb_json *j, uint8_t *type, wb_value *out, char *msg, size_t msgsize) {
  uint8_t lane;
  return parse_any(j, type, &lane, out, NULL, NULL, msg, msgsize);
}

bool wb_wast_parse_expected(const wb_json *j, wb_wast_expected *out, char *msg, size_t msgsize) {
  memset(out, 0, sizeof *out);
  return parse_any(j, &out->type, &out->lane, &out->value, &out->pattern, out->lane_pattern, msg, msgsize);
}

static bool f32_matches(uint8_t pat, uint32_t want, uint32_t got) {
  switch (pat) {
  case WB_PAT_NAN_CANONICAL: return (got & 0x7FFFFFFFu) == 0x7FC00000u;
  case WB_PAT_NAN_ARITHMETIC: return (got & 0x7FC00000u) == 0x7FC00000u;
  default: return want == got;
  }
}

static bool f64_matches(uint8_t pat, uint64_t want, uint64_t got) {
  switch (pat) {
  case WB_PAT_NAN_CANONICAL: return (got & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull;
  case WB_PAT_NAN_ARITHMETIC: return (got & 0x7FF8000000000000ull) == 0x7FF8000000000000ull;
  default: return want == got;
  }
}

bool wb_wast_matches(const wb_wast_expected *e, uint8_t type, const wb_value *v) {
  if (e->type != type) return false;
  switch (type) {
  case WB_I32: return e->value.u32 == v->u32;
  case WB_I64: return e->value.u64 == v->u64;
  case WB_F32: return f32_matches(e->pattern, e->value.u32, v->u32);
  case WB_F64: return f64_matches(e->pattern, e->value.u64, v->u64);
  case WB_FUNCREF:
  case WB_EXTERNREF:
    if (e->pattern == WB_PAT_NONNULL) return v->ref != NULL;
    return e->value.ref == v->ref;
  case WB_V128: {
    unsigned size = lane_bytes(e->lane), n = 16 / size;
    for (unsigned i = 0; i < n; i++) {
      uint64_t want = get_lane(e->value.v128, i, size), got = get_lane(v->v128, i, size);
      bool ok = e->lane == WB_LANE_F32   ? f32_matches(e->lane_pattern[i], (uint32_t)want, (uint32_t)got)
                : e->lane == WB_LANE_F64 ? f64_matches(e->lane_pattern[i], want, got)
                                         : want == got;
      if (!ok) return false;
    }
    return true;
  }
  }
  return false;
}

static const char *pattern_text(uint8_t pat) {
  return pat == WB_PAT_NAN_CANONICAL ? "nan:canonical" : pat == WB_PAT_NAN_ARITHMETIC ? "nan:arithmetic" : NULL;
}

/* Appends one float lane or scalar: "1.5 (0x3fc00000)". */
static int put_float(char *buf, size_t size, bool f64, uint64_t bits) {
  if (f64) {
    double d;
    memcpy(&d, &bits, 8);
    return snprintf(buf, size, "%.17g (0x%016" PRIx64 ")", d, bits);
  }
  uint32_t b = (uint32_t)bits;
  float f;
  memcpy(&f, &b, 4);
  return snprintf(buf, size, "%.9g (0x%08" PRIx32 ")", (double)f, b);
}

static void format_v128(uint8_t lane, const wb_value *v, const uint8_t *lane_pat, char *buf, size_t size) {
  static const char *shapes[] = {"", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2"};
  if (!lane) lane = WB_LANE_I32;
  unsigned lsize = lane_bytes(lane), n = 16 / lsize;
  size_t o = 0;
  int w = snprintf(buf, size, "v128:%s[", shapes[lane]);
  o = w > 0 ? (size_t)w : 0;
  for (unsigned i = 0; i < n && o < size; i++) {
    uint64_t x = get_lane(v->v128, i, lsize);
    const char *pt = lane_pat ? pattern_text(lane_pat[i]) : NULL;
    const char *sep = i ? " " : "";
    if (pt)
      w = snprintf(buf + o, size - o, "%s%s", sep, pt);
    else if (lane_is_float(lane)) {
      w = snprintf(buf + o, size - o, "%s", sep);
      if (w >= 0 && (size_t)w < size - o) w += put_float(buf + o + w, size - o - (size_t)w, lane == WB_LANE_F64, x);
    } else
      w = snprintf(buf + o, size - o, "%s%" PRIu64, sep, x);
    if (w < 0) return;
    o += (size_t)w;
  }
  if (o < size) snprintf(buf + o, size - o, "]");
}

void wb_wast_format_value(uint8_t type, uint8_t lane, const wb_value *v, char *buf, size_t size) {
  const char *tn = wb_valtype_name(type);
  switch (type) {
  case WB_I32: snprintf(buf, size, "i32:%" PRIu32 " (%" PRId32 ")", v->u32, v->i32); return;
  case WB_I64: snprintf(buf, size, "i64:%" PRIu64 " (%" PRId64 ")", v->u64, v->i64); return;
  case WB_F32:
  case WB_F64: {
    int w = snprintf(buf, size, "%s:", tn);
    if (w > 0 && (size_t)w < size) put_float(buf + w, size - (size_t)w, type == WB_F64, type == WB_F64 ? v->u64 : v->u32);
    return;
  }
  case WB_V128: format_v128(lane, v, NULL, buf, size); return;
  case WB_FUNCREF: snprintf(buf, size, "funcref:%s", v->ref ? "<function>" : "null"); return;
  case WB_EXTERNREF:
    if (!v->ref)
      snprintf(buf, size, "externref:null");
    else
      snprintf(buf, size, "externref:%" PRIuPTR, (uintptr_t)v->ref - 1);
    return;
  }
  snprintf(buf, size, "%s:?", tn);
}

void wb_wast_format_expected(const wb_wast_expected *e, char *buf, size_t size) {
  const char *pt = pattern_text(e->pattern);
  if (pt && (e->type == WB_F32 || e->type == WB_F64)) {
    snprintf(buf, size, "%s:%s", wb_valtype_name(e->type), pt);
  } else if (e->pattern == WB_PAT_NONNULL) {
    snprintf(buf, size, "%s:<non-null>", wb_valtype_name(e->type));
  } else if (e->type == WB_V128) {
    format_v128(e->lane, &e->value, e->lane_pattern, buf, size);
  } else {
    wb_wast_format_value(e->type, e->lane, &e->value, buf, size);
  }
}
