/* tests/unit/test_decode.c — unit tests of binary/reader (LEB128 edge cases, names) and of the
 * decoder (every section kind, index spaces, error messages) on small hand-made modules.
 * Prints one line per failed check and a final "N passed, N failed"; exit status 0 iff none failed. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "binary/decode.h"
#include "binary/reader.h"

static int passed, failed;

#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    if (cond) {                                                                                    \
      passed++;                                                                                    \
    } else {                                                                                       \
      failed++;                                                                                    \
      printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                                       \
      printf(__VA_ARGS__);                                                                         \
      printf("\n");                                                                                \
    }                                                                                              \
  } while (0)

/* ---- reader ---- */

#define R(lit) wb_reader_make((const uint8_t *)(lit), (const uint8_t *)(lit), (const uint8_t *)(lit) + sizeof(lit) - 1)

static void u32_ok(const char *s, size_t n, uint32_t want, size_t consumed) {
  wb_reader r = wb_reader_make((const uint8_t *)s, (const uint8_t *)s, (const uint8_t *)s + n);
  uint32_t v = 0;
  wb_error e;
  wb_status st = wb_read_u32(&r, &v, &e);
  CHECK(st == WB_OK && v == want && wb_reader_offset(&r) == consumed, "u32 got st=%d v=%" PRIu32 " want %" PRIu32, st, v, want);
}

static void read_fails(int kind, const char *s, size_t n, const char *msg, size_t off) {
  wb_reader r = wb_reader_make((const uint8_t *)s, (const uint8_t *)s, (const uint8_t *)s + n);
  wb_error e;
  wb_error_clear(&e);
  wb_status st;
  uint32_t u;
  int32_t i;
  uint64_t u64;
  int64_t i64;
  switch (kind) {
  case 0: st = wb_read_u32(&r, &u, &e); break;
  case 1: st = wb_read_s32(&r, &i, &e); break;
  case 2: st = wb_read_s33(&r, &i64, &e); break;
  case 3: st = wb_read_u64(&r, &u64, &e); break;
  case 4: st = wb_read_s64(&r, &i64, &e); break;
  default: st = wb_read_uN(&r, 1, &u64, &e); break;
  }
  CHECK(st == WB_ERR_MALFORMED && strcmp(e.msg, msg) == 0 && e.offset == off,
        "kind %d: got st=%d msg='%s' off=%zu, want '%s' at %zu", kind, st, e.msg, e.offset, msg, off);
  CHECK(r.pos == r.start, "a failed read must not move the cursor");
}

#define FAILS(kind, lit, msg, off) read_fails(kind, lit, sizeof(lit) - 1, msg, off)
#define U32OK(lit, want) u32_ok(lit, sizeof(lit) - 1, want, sizeof(lit) - 1)

static void signed_ok(int kind, const char *s, size_t n, int64_t want) {
  wb_reader r = wb_reader_make((const uint8_t *)s, (const uint8_t *)s, (const uint8_t *)s + n);
  wb_error e;
  int64_t v = 0;
  int32_t v32 = 0;
  wb_status st;
  if (kind == 1) {
    st = wb_read_s32(&r, &v32, &e);
    v = v32;
  } else if (kind == 2) {
    st = wb_read_s33(&r, &v, &e);
  } else {
    st = wb_read_s64(&r, &v, &e);
  }
  CHECK(st == WB_OK && v == want && r.pos == r.end, "signed kind %d: st=%d got %" PRId64 " want %" PRId64, kind, st, v, want);
}
#define SOK(kind, lit, want) signed_ok(kind, lit, sizeof(lit) - 1, want)

static void test_leb128(void) {
  U32OK("\x00", 0);
  U32OK("\x7f", 127);
  U32OK("\x80\x01", 128);
  U32OK("\x80\x00", 0);                  /* non-minimal but within 5 bytes: allowed */
  U32OK("\x82\x80\x80\x80\x00", 2);
  U32OK("\xff\xff\xff\xff\x0f", 0xFFFFFFFFu);
  u32_ok("\x05\xff", 2, 5, 1);
  FAILS(0, "\x80\x80\x80\x80\x80\x00", "integer representation too long", 5);
  FAILS(0, "\x82\x80\x80\x80\x80", "integer representation too long", 5); /* even at the end */
  FAILS(0, "\xff\xff\xff\xff\x1f", "integer too large", 4);
  FAILS(0, "\x82\x80\x80\x80\x70", "integer too large", 4);
  FAILS(0, "\x82\x80\x80\x80\x40", "integer too large", 4);
  FAILS(0, "", "unexpected end", 0);
  FAILS(0, "\x80", "unexpected end", 1);
  FAILS(0, "\xff\xff\xff", "unexpected end", 3);

  SOK(1, "\x00", 0);
  SOK(1, "\x7f", -1);
  SOK(1, "\x3f", 63);
  SOK(1, "\x40", -64);
  SOK(1, "\xc0\x00", 64);
  SOK(1, "\xbf\x7f", -65);
  SOK(1, "\xff\xff\xff\xff\x07", INT32_MAX);
  SOK(1, "\x80\x80\x80\x80\x78", INT32_MIN);
  SOK(1, "\x80\x80\x80\x80\x00", 0);
  SOK(1, "\xff\xff\xff\xff\x7f", -1);
  FAILS(1, "\x80\x80\x80\x80\x80\x00", "integer representation too long", 5);
  FAILS(1, "\xff\xff\xff\xff\xff\x7f", "integer representation too long", 5);
  FAILS(1, "\x80\x80\x80\x80\x70", "integer too large", 4);
  FAILS(1, "\xff\xff\xff\xff\x0f", "integer too large", 4);
  FAILS(1, "\x80\x80\x80\x80\x1f", "integer too large", 4);
  FAILS(1, "\xff\xff\xff\xff\x4f", "integer too large", 4);
  FAILS(1, "\x80\x80", "unexpected end", 2);

  SOK(2, "\x40", -64);
  SOK(2, "\xff\xff\xff\xff\x0f", 0xFFFFFFFFll);    /* the largest type index */
  SOK(2, "\x80\x80\x80\x80\x70", -0x100000000ll);  /* the smallest s33 */
  FAILS(2, "\x80\x80\x80\x80\x10", "integer too large", 4);
  FAILS(2, "\xff\xff\xff\xff\x6f", "integer too large", 4);
  FAILS(2, "\x80\x80\x80\x80\x80\x00", "integer representation too long", 5);

  SOK(4, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00", INT64_MAX);
  SOK(4, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f", INT64_MIN);
  SOK(4, "\x7f", -1);
  FAILS(4, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", "integer too large", 9);
  FAILS(4, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x41", "integer too large", 9);
  FAILS(4, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", "integer representation too long", 10);

  {
    wb_reader r = R("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01");
    uint64_t v;
    wb_error e;
    CHECK(wb_read_u64(&r, &v, &e) == WB_OK && v == UINT64_MAX, "u64 max");
  }
  FAILS(3, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", "integer too large", 9);
  FAILS(3, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", "integer representation too long", 10);

  /* vu1, the limits flag */
  {
    wb_reader r = R("\x01");
    uint64_t v;
    wb_error e;
    CHECK(wb_read_uN(&r, 1, &v, &e) == WB_OK && v == 1, "vu1 1");
  }
  FAILS(5, "\x02", "integer too large", 0);
  FAILS(5, "\x81\x00", "integer representation too long", 1);
  FAILS(5, "\x80\x00", "integer representation too long", 1);
}

static void test_reader_misc(void) {
  wb_error e;
  {
    wb_reader r = R("\x00\x00\xc0\x7f\x01");
    uint32_t bits;
    CHECK(wb_read_f32(&r, &bits, &e) == WB_OK && bits == 0x7fc00000u, "f32 bits %08" PRIx32, bits);
    CHECK(wb_read_f32(&r, &bits, &e) == WB_ERR_MALFORMED && e.offset == 5, "short f32");
  }
  {
    wb_reader r = R("\x01\x00\x00\x00\x00\x00\xf8\x7f");
    uint64_t bits;
    CHECK(wb_read_f64(&r, &bits, &e) == WB_OK && bits == 0x7ff8000000000001ull, "f64 bits keep the payload");
  }
  {
    wb_reader r = R("\x03" "abc" "\x02" "\xc3\xa9" "\x04" "\xf0\x9f\x98\x80" "\x00");
    const uint8_t *s;
    uint32_t n;
    CHECK(wb_read_name(&r, &s, &n, &e) == WB_OK && n == 3 && memcmp(s, "abc", 3) == 0, "ascii name");
    CHECK(wb_read_name(&r, &s, &n, &e) == WB_OK && n == 2, "2-byte utf-8 name");
    CHECK(wb_read_name(&r, &s, &n, &e) == WB_OK && n == 4, "4-byte utf-8 name");
    CHECK(wb_read_name(&r, &s, &n, &e) == WB_OK && n == 0, "empty name");
    CHECK(wb_reader_eof(&r), "all consumed");
  }
  static const struct { const char *s; size_t n; bool ok; } utf8[] = {
    {"\xc0\x80", 2, false},             /* overlong NUL */
    {"\xc1\xbf", 2, false},             /* overlong */
    {"\xe0\x9f\xbf", 3, false},         /* overlong 3-byte */
    {"\xe0\xa0\x80", 3, true},
    {"\xed\x9f\xbf", 3, true},          /* U+D7FF */
    {"\xed\xa0\x80", 3, false},         /* surrogate */
    {"\xef\xbf\xbf", 3, true},
    {"\xf0\x8f\xbf\xbf", 4, false},     /* overlong 4-byte */
    {"\xf4\x8f\xbf\xbf", 4, true},      /* U+10FFFF */
    {"\xf4\x90\x80\x80", 4, false},     /* above U+10FFFF */
    {"\xf5\x80\x80\x80", 4, false},
    {"\xe2\x82", 2, false},             /* truncated */
    {"\x80", 1, false},                 /* lone continuation */
    {"\xc3\x28", 2, false},             /* bad continuation */
    {"abcdefgh\xff", 9, false},         /* after the ASCII fast path */
    {"abcdefghijklmnop", 16, true},
    {"\x00", 1, true},
  };
  for (size_t i = 0; i < sizeof utf8 / sizeof utf8[0]; i++)
    CHECK(wb_utf8_valid((const uint8_t *)utf8[i].s, utf8[i].n) == utf8[i].ok, "utf8 case %zu", i);
  {
    wb_reader r = R("\x01\x02\xc0\x80");
    const uint8_t *s;
    uint32_t n;
    r.pos++;
    CHECK(wb_read_name(&r, &s, &n, &e) == WB_ERR_MALFORMED && strcmp(e.msg, "malformed UTF-8 encoding") == 0 &&
              e.offset == 1, "bad utf-8 name: %s at %zu", e.msg, e.offset);
  }
  {
    wb_reader r = R("\x05" "ab");
    uint32_t n;
    CHECK(wb_read_len(&r, &n, &e) == WB_ERR_MALFORMED && strcmp(e.msg, "length out of bounds") == 0, "length out of bounds");
    wb_reader r2 = R("\x03" "ab");
    CHECK(wb_read_len(&r2, &n, &e) == WB_OK && n == 3, "a length may reach one byte past, like the reference");
    const uint8_t *s;
    r2.eof_msg = "unexpected end of section or function";
    CHECK(wb_read_bytes(&r2, n, &s, &e) == WB_ERR_MALFORMED && strcmp(e.msg, r2.eof_msg) == 0 && e.offset == 3,
          "eof message is configurable: %s", e.msg);
    wb_reader r3 = R("\xff\xff\xff\xff\x0f");
    CHECK(wb_read_len(&r3, &n, &e) == WB_ERR_MALFORMED && e.offset == 0, "huge length");
  }
}

/* ---- module builder ---- */

typedef struct buf {
  uint8_t b[8192];
  size_t n;
} buf;

static void put(buf *b, const void *p, size_t n) {
  memcpy(b->b + b->n, p, n);
  b->n += n;
}
static void leb(buf *b, uint64_t v) {
  do {
    uint8_t c = v & 0x7f;
    v >>= 7;
    if (v) c |= 0x80;
    b->b[b->n++] = c;
  } while (v);
}
static void begin(buf *b) {
  b->n = 0;
  put(b, "\0asm\1\0\0\0", 8);
}
static void section(buf *b, uint8_t id, const void *content, size_t n) {
  b->b[b->n++] = id;
  leb(b, n);
  put(b, content, n);
}
#define SEC(b, id, lit) section(b, id, lit, sizeof(lit) - 1)
#define PUT(b, lit) put(b, lit, sizeof(lit) - 1)

static wb_module *decode_ok(const buf *b, int line) {
  wb_module *m = NULL;
  wb_error e;
  wb_status s = wb_decode(b->b, b->n, &m, &e);
  if (s != WB_OK) {
    failed++;
    printf("FAIL line %d: decode failed: %s: %s at %zu\n", line, wb_status_name(s), e.msg, e.offset);
    return NULL;
  }
  passed++;
  return m;
}
#define DECODE_OK(b) decode_ok(b, __LINE__)

static void decode_fails(const buf *b, wb_status want, const char *msg, int line) {
  wb_module *m = (wb_module *)1;
  wb_error e;
  wb_status s = wb_decode(b->b, b->n, &m, &e);
  if (s == want && strcmp(e.msg, msg) == 0 && m == NULL && e.offset <= b->n) {
    passed++;
  } else {
    failed++;
    printf("FAIL line %d: want %s '%s', got %s '%s' at %zu\n", line, wb_status_name(want), msg,
           wb_status_name(s), e.msg, e.offset);
    if (s == WB_OK) wb_module_free(m);
  }
}
#define MALFORMED(b, msg) decode_fails(b, WB_ERR_MALFORMED, msg, __LINE__)
#define INVALID(b, msg) decode_fails(b, WB_ERR_INVALID, msg, __LINE__)

static void test_header(void) {
  buf b;
  b.n = 0;
  MALFORMED(&b, "unexpected end");
  PUT(&b, "\0as");
  MALFORMED(&b, "unexpected end");
  b.n = 0;
  PUT(&b, "\0asn\1\0\0\0");
  MALFORMED(&b, "magic header not detected");
  b.n = 0;
  PUT(&b, "\0asm\1\0\0");
  MALFORMED(&b, "unexpected end");
  b.n = 0;
  PUT(&b, "\0asm\2\0\0\0");
  MALFORMED(&b, "unknown binary version");
  begin(&b);
  wb_module *m = DECODE_OK(&b);
  if (m) {
    CHECK(m->ntypes == 0 && m->nfuncs == 0 && m->nimports == 0 && m->nsections == 0 && !m->has_start &&
              !m->has_data_count && m->len == 8 && m->bytes != b.b && m->module_name == NULL,
          "empty module");
    wb_module_free(m);
  }
  wb_module_free(NULL);
}

static void test_types(void) {
  buf b;
  begin(&b);
  SEC(&b, 1, "\x04"
             "\x60\x02\x7f\x7e\x01\x7d"   /* (i32 i64) -> f32 */
             "\x60\x00\x00"
             "\x60\x02\x7f\x7e\x01\x7d"   /* same as type 0 */
             "\x60\x03\x7b\x70\x6f\x01\x7c");
  wb_module *m = DECODE_OK(&b);
  if (m) {
    CHECK(m->ntypes == 4, "ntypes");
    CHECK(m->types[0].nparams == 2 && m->types[0].nresults == 1 && wb_functype_params(&m->types[0])[1] == WB_I64 &&
              wb_functype_results(&m->types[0])[0] == WB_F32, "type 0");
    CHECK(m->types[1].nparams == 0 && m->types[1].nresults == 0, "type 1");
    CHECK(m->types[0].canon_id == m->types[2].canon_id && m->types[0].canon_id != m->types[1].canon_id &&
              m->types[3].canon_id != m->types[0].canon_id, "canonical ids");
    CHECK(m->types[3].types[0] == WB_V128 && m->types[3].types[1] == WB_FUNCREF &&
              m->types[3].types[2] == WB_EXTERNREF && m->types[3].types[3] == WB_F64, "type 3");
    CHECK(m->nsections == 1 && m->sections[0].id == 1 && m->sections[0].offset == 8 &&
              m->sections[0].size == b.n - 8, "section info");
    wb_module_free(m);
  }
  begin(&b);
  SEC(&b, 1, "\x01\x61\x00\x00");
  MALFORMED(&b, "malformed function type");
  begin(&b);
  SEC(&b, 1, "\x01\xe0\x7f\x00\x00");
  MALFORMED(&b, "integer representation too long");
  begin(&b);
  SEC(&b, 1, "\x01\x60\x01\x7a\x00");
  MALFORMED(&b, "malformed value type");
  begin(&b);
  SEC(&b, 1, "\x01\x60\x01\x40\x00");
  MALFORMED(&b, "malformed reference type");
  /* 2 types declared, 1 given, then the input ends */
  begin(&b);
  SEC(&b, 1, "\x02\x60\x00\x00");
  MALFORMED(&b, "unexpected end of section or function");
  /* 1 type declared, 2 given */
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00\x60\x00\x00");
  MALFORMED(&b, "section size mismatch");
  /* section larger than the input */
  begin(&b);
  PUT(&b, "\x01\x07\x02\x60\x00\x00");
  MALFORMED(&b, "length out of bounds");
  /* a huge count in a tiny module fails at once */
  begin(&b);
  PUT(&b, "\x01\x06\xff\xff\xff\xff\x0f\x60");
  MALFORMED(&b, "length out of bounds");
  begin(&b);
  PUT(&b, "\x01\x06\x01\x60\xff\xff\xff\xff\x0f");
  MALFORMED(&b, "length out of bounds");
}

static void test_imports(void) {
  buf b;
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 2, "\x05"
             "\x01m\x01" "f" "\x00\x00"                      /* func type 0 */
             "\x01m\x01" "t" "\x01\x6f\x01\x02\x10"          /* table externref 2..16 */
             "\x01m\x01" "g" "\x03\x7e\x01"                  /* global (mut i64) */
             "\x03\xe2\x82\xac\x00" "\x02\x00\x01"           /* "€" "" memory 1 */
             "\x01m\x02" "f2" "\x00\x00");
  SEC(&b, 3, "\x01\x00");
  SEC(&b, 4, "\x01\x70\x00\x05");
  SEC(&b, 5, "\x01\x01\x01\x02");
  SEC(&b, 6, "\x01\x7f\x00\x41\x05\x0b");
  SEC(&b, 10, "\x01\x02\x00\x0b");
  wb_module *m = DECODE_OK(&b);
  if (m) {
    CHECK(m->nimports == 5 && m->nimported_funcs == 2 && m->nimported_tables == 1 && m->nimported_mems == 1 &&
              m->nimported_globals == 1, "import counts");
    CHECK(strcmp(m->imports[0].module, "m") == 0 && strcmp(m->imports[0].name, "f") == 0 &&
              m->imports[0].kind == WB_EXTERN_FUNC && m->imports[0].desc.func_type == 0, "import 0");
    CHECK(m->imports[1].desc.table.elemtype == WB_EXTERNREF && m->imports[1].desc.table.limits.min == 2 &&
              m->imports[1].desc.table.limits.has_max && m->imports[1].desc.table.limits.max == 16, "import table");
    CHECK(m->imports[2].desc.global.valtype == WB_I64 && m->imports[2].desc.global.mutable_, "import global");
    CHECK(m->imports[3].module_len == 3 && strcmp(m->imports[3].module, "\xe2\x82\xac") == 0 &&
              m->imports[3].name_len == 0 && m->imports[3].desc.mem.limits.min == 1 &&
              !m->imports[3].desc.mem.limits.has_max, "import memory");
    CHECK(m->nfuncs == 3 && m->func_types[0] == 0 && m->func_types[1] == 0 && m->func_types[2] == 0 &&
              m->funcs[0].type_index == 0, "function index space");
    CHECK(m->ntables == 2 && m->tables[0].elemtype == WB_EXTERNREF && m->tables[1].elemtype == WB_FUNCREF &&
              m->tables[1].limits.min == 5 && !m->tables[1].limits.has_max, "table index space");
    CHECK(m->nmems == 2 && m->mems[0].limits.min == 1 && m->mems[1].limits.min == 1 &&
              m->mems[1].limits.max == 2 && m->mems[1].limits.has_max, "memory index space");
    CHECK(m->nglobals == 2 && m->global_types[0].valtype == WB_I64 && m->global_types[1].valtype == WB_I32 &&
              !m->global_types[1].mutable_ && m->globals[0].init.op == WB_CONST_I32 && m->globals[0].init.value.i32 == 5,
          "global index space");
    wb_module_free(m);
  }
  /* imports alone still lay out the index spaces */
  begin(&b);
  SEC(&b, 2, "\x02\x01m\x01g\x03\x7f\x00\x01m\x01t\x01\x70\x00\x00");
  m = DECODE_OK(&b);
  if (m) {
    CHECK(m->nglobals == 1 && m->global_types && m->ntables == 1 && m->tables && m->nfuncs == 0, "imports only");
    wb_module_free(m);
  }
  begin(&b);
  SEC(&b, 2, "\x01\x00\x00\x04");
  MALFORMED(&b, "malformed import kind");
  begin(&b);
  SEC(&b, 2, "\x01\x00\x00\x80\x00");
  MALFORMED(&b, "malformed import kind");
  begin(&b);
  SEC(&b, 2, "\x01\x00\x00\x03\x7f\x02");
  MALFORMED(&b, "malformed mutability");
  begin(&b);
  SEC(&b, 2, "\x01\x00\x00\x03\x7f\xff");
  MALFORMED(&b, "malformed mutability");
  begin(&b);
  SEC(&b, 2, "\x01\x02\xc0\x80\x00\x00\x00");
  MALFORMED(&b, "malformed UTF-8 encoding");
  begin(&b);
  SEC(&b, 2, "\x01\x00\x01\xff\x00\x00");
  MALFORMED(&b, "malformed UTF-8 encoding");
  begin(&b);
  SEC(&b, 2, "\x01\x00\x00\x01\x7f\x00\x00");
  MALFORMED(&b, "malformed reference type");
  begin(&b);
  SEC(&b, 2, "\x01\x00\x00\x02\x02\x00");
  MALFORMED(&b, "integer too large");
  begin(&b);
  SEC(&b, 2, "\x01\x00\x00\x02\x81\x00\x00");
  MALFORMED(&b, "integer representation too long");
}

static void test_limits(void) {
  buf b;
  begin(&b);
  SEC(&b, 4, "\x02\x70\x00\x00\x6f\x01\x01\xff\xff\xff\xff\x0f");
  SEC(&b, 5, "\x01\x01\x00\x80\x80\x04");
  wb_module *m = DECODE_OK(&b);
  if (m) {
    CHECK(m->ntables == 2 && m->tables[1].elemtype == WB_EXTERNREF && m->tables[1].limits.max == 0xFFFFFFFFu,
          "tables");
    CHECK(m->nmems == 1 && m->mems[0].limits.min == 0 && m->mems[0].limits.max == 65536, "memory");
    wb_module_free(m);
  }
  begin(&b);
  SEC(&b, 4, "\x01\x70\x02\x00");
  MALFORMED(&b, "integer too large");
  begin(&b);
  SEC(&b, 5, "\x01\x02\x00");
  MALFORMED(&b, "integer too large");
  begin(&b);
  SEC(&b, 5, "\x01");
  MALFORMED(&b, "unexpected end of section or function");
  begin(&b);
  SEC(&b, 5, "\x01\x00\x82\x80\x80\x80\x70");
  MALFORMED(&b, "integer too large");
}

static void test_code(void) {
  buf b;
  begin(&b);
  SEC(&b, 1, "\x02\x60\x01\x7f\x00\x60\x00\x00");
  SEC(&b, 3, "\x02\x00\x01");
  SEC(&b, 10, "\x02"
              "\x08\x02\x02\x7f\x80\x01\x7e\x01\x0b"   /* 2 i32, 128 i64; nop; end */
              "\x04\x00\x41\x00\x0b");                 /* i32.const 0 end */
  wb_module *m = DECODE_OK(&b);
  if (m) {
    const wb_func *f = &m->funcs[0];
    CHECK(m->nfuncs == 2 && f->type_index == 0 && m->funcs[1].type_index == 1, "function types");
    CHECK(f->nlocaldecls == 2 && f->localdecls[0].count == 2 && f->localdecls[0].type == WB_I32 &&
              f->localdecls[1].count == 128 && f->localdecls[1].type == WB_I64 && f->nlocals == 130, "locals");
    CHECK(f->body_end - f->body == 2 && f->body[0] == 0x01 && f->body_end[-1] == 0x0b &&
              f->body >= m->bytes && f->body_end <= m->bytes + m->len &&
              f->body_offset == (size_t)(f->body - m->bytes), "body range");
    CHECK(m->funcs[1].nlocals == 0 && m->funcs[1].body_end - m->funcs[1].body == 3, "second body");
    CHECK(m->func_declared && !m->func_declared[0] && !m->func_declared[1], "nothing declared");
    wb_module_free(m);
  }
  /* the three flavours of a missing `end`, as the spec words them */
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x02\x00\x00");
  SEC(&b, 10, "\x02\x04\x00\x41\x01\x1a\x05\x00\x41\x01\x1a\x0b");
  MALFORMED(&b, "END opcode expected");
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x01\x00");
  SEC(&b, 10, "\x01\x04\x00\x41\x01\x1a");
  MALFORMED(&b, "unexpected end of section or function");
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x01\x00");
  SEC(&b, 10, "\x01\x04\x00\x41\x01\x1a");
  SEC(&b, 11, "\x01\x01\x00");
  MALFORMED(&b, "section size mismatch");
  /* an empty body */
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x02\x00\x00");
  SEC(&b, 10, "\x02\x01\x00\x02\x00\x0b");
  MALFORMED(&b, "END opcode expected");
  /* locals */
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x01\x00");
  SEC(&b, 10, "\x01\x0a\x02\xff\xff\xff\xff\x0f\x7f\x02\x7e\x0b");
  MALFORMED(&b, "too many locals");
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x01\x00");
  SEC(&b, 10, "\x01\x08\x02\xd1\x86\x03\x7f\x00\x7e\x0b"); /* 50001 */
  MALFORMED(&b, "too many locals");
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x01\x00");
  SEC(&b, 10, "\x01\x08\x02\xcf\x86\x03\x7f\x01\x7e\x0b"); /* 49999 + 1 */
  m = DECODE_OK(&b);
  if (m) {
    CHECK(m->funcs[0].nlocals == 50000, "50000 locals are fine");
    wb_module_free(m);
  }
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x01\x00");
  SEC(&b, 10, "\x01\x08\x01\x80\x80\x80\x80\x10\x7f\x0b");
  MALFORMED(&b, "integer too large");
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x01\x00");
  SEC(&b, 10, "\x01\x04\x01\x01\x60\x0b");
  MALFORMED(&b, "malformed reference type");
  /* counts that disagree */
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x02\x00\x00");
  MALFORMED(&b, "function and code section have inconsistent lengths");
  begin(&b);
  SEC(&b, 10, "\x01\x02\x00\x0b");
  MALFORMED(&b, "function and code section have inconsistent lengths");
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x01\x00");
  SEC(&b, 10, "\x02\x02\x00\x0b\x02\x00\x0b");
  MALFORMED(&b, "function and code section have inconsistent lengths");
  /* a function section with count 0 and no code section is fine */
  begin(&b);
  SEC(&b, 3, "\x00");
  m = DECODE_OK(&b);
  wb_module_free(m);
}

static void test_globals_and_constexprs(void) {
  buf b;
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 2, "\x01\x01m\x01g\x03\x7f\x00");
  SEC(&b, 3, "\x02\x00\x00");
  SEC(&b, 6, "\x08"
             "\x7f\x00\x41\x7f\x0b"                                 /* i32 -1 */
             "\x7e\x01\x42\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f\x0b" /* mut i64 min */
             "\x7d\x00\x43\x00\x00\xc0\x7f\x0b"                      /* f32 nan */
             "\x7c\x00\x44\x01\x02\x03\x04\x05\x06\x07\x08\x0b"      /* f64 bits */
             "\x7b\x00\xfd\x0c\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x0b"
             "\x7f\x00\x23\x00\x0b"                                 /* global.get 0 */
             "\x6f\x00\xd0\x6f\x0b"                                 /* ref.null extern */
             "\x70\x00\xd2\x01\x0b");                               /* ref.func 1 */
  SEC(&b, 10, "\x02\x02\x00\x0b\x02\x00\x0b");
  wb_module *m = DECODE_OK(&b);
  if (m) {
    const wb_global *g = m->globals;
    CHECK(m->nglobals == 9 && m->nimported_globals == 1, "global counts");
    CHECK(g[0].init.op == WB_CONST_I32 && g[0].init.value.i32 == 0xFFFFFFFFu && g[0].type.valtype == WB_I32, "g0");
    CHECK(g[1].init.op == WB_CONST_I64 && g[1].init.value.i64 == 0x8000000000000000ull && g[1].type.mutable_ &&
              m->global_types[2].mutable_, "g1");
    CHECK(g[2].init.op == WB_CONST_F32 && g[2].init.value.i32 == 0x7fc00000u, "g2");
    CHECK(g[3].init.op == WB_CONST_F64 && g[3].init.value.i64 == 0x0807060504030201ull, "g3");
    CHECK(g[4].init.op == WB_CONST_V128 && g[4].init.value.v128[0] == 0 && g[4].init.value.v128[15] == 15, "g4");
    CHECK(g[5].init.op == WB_CONST_GLOBAL_GET && g[5].init.index == 0, "g5");
    CHECK(g[6].init.op == WB_CONST_REF_NULL && g[6].init.type == WB_EXTERNREF, "g6");
    CHECK(g[7].init.op == WB_CONST_REF_FUNC && g[7].init.index == 1, "g7");
    CHECK(g[0].init.offset < g[1].init.offset && m->bytes[g[0].init.offset] == 0x41, "offsets point at the instruction");
    CHECK(m->nfuncs == 2 && m->func_declared && !m->func_declared[0] && m->func_declared[1], "ref.func declares");
    wb_module_free(m);
  }
  /* validation errors of constant expressions */
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\x01\x0b");
  INVALID(&b, "constant expression required");
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\x41\x00\x68\x0b");
  INVALID(&b, "constant expression required");
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\x20\x00\x0b");
  INVALID(&b, "constant expression required");
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\x02\x40\x41\x00\x1a\x0b\x41\x00\x0b"); /* block ... end i32.const 0 */
  INVALID(&b, "constant expression required");
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\xfc\x00\x0b");
  INVALID(&b, "constant expression required");
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\x0b");
  INVALID(&b, "type mismatch");
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\x41\x00\x41\x01\x0b");
  INVALID(&b, "type mismatch");
  /* malformation anywhere wins over a pending validation error */
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\x01\x0b");
  SEC(&b, 7, "\x01\x00\x05\x00");
  MALFORMED(&b, "malformed export kind");
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\x41\x00");
  MALFORMED(&b, "unexpected end of section or function");
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\x41\x80\x80\x80\x80\x70\x0b");
  MALFORMED(&b, "integer too large");
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\x06\x0b");
  MALFORMED(&b, "illegal opcode 06");
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\x05\x0b");
  MALFORMED(&b, "END opcode expected");
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x00\x3f\x01\x0b");
  MALFORMED(&b, "zero byte expected");
  begin(&b);
  SEC(&b, 6, "\x01\x70\x00\xd0\x7f\x0b");
  MALFORMED(&b, "malformed reference type");
  begin(&b);
  SEC(&b, 6, "\x01\x7f\x02\x41\x00\x0b");
  MALFORMED(&b, "malformed mutability");
}

static void test_exports_start(void) {
  buf b;
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x02\x00\x00");
  SEC(&b, 4, "\x01\x70\x00\x00");
  SEC(&b, 5, "\x01\x00\x00");
  SEC(&b, 6, "\x01\x7f\x00\x41\x00\x0b");
  SEC(&b, 7, "\x05\x01" "a" "\x00\x01" "\x01" "t" "\x01\x00" "\x01" "m" "\x02\x00" "\x01" "g" "\x03\x00"
             "\x01" "\x00" "\x00\x07");
  SEC(&b, 8, "\x00");
  SEC(&b, 10, "\x02\x02\x00\x0b\x02\x00\x0b");
  wb_module *m = DECODE_OK(&b);
  if (m) {
    CHECK(m->nexports == 5 && strcmp(m->exports[0].name, "a") == 0 && m->exports[0].kind == WB_EXTERN_FUNC &&
              m->exports[0].index == 1 && m->exports[3].kind == WB_EXTERN_GLOBAL, "exports");
    CHECK(m->exports[4].name_len == 1 && m->exports[4].name[0] == 0 && m->exports[4].index == 7,
          "a NUL in a name is kept, out-of-range indices are for the validator");
    CHECK(m->has_start && m->start == 0, "start");
    CHECK(!m->func_declared[0] && m->func_declared[1], "exported functions are declared");
    CHECK(m->nsections == 8 && m->sections[7].id == 10, "section list");
    wb_module_free(m);
  }
  begin(&b);
  SEC(&b, 7, "\x01\x00\x04\x00");
  MALFORMED(&b, "malformed export kind");
  /* two start sections */
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x01\x00");
  SEC(&b, 8, "\x00");
  SEC(&b, 8, "\x00");
  SEC(&b, 10, "\x01\x02\x00\x0b");
  MALFORMED(&b, "unexpected content after last section");
}

static void test_elems(void) {
  buf b;
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x04\x00\x00\x00\x00");
  SEC(&b, 4, "\x02\x70\x00\x0a\x6f\x00\x0a");
  SEC(&b, 6, "\x01\x7f\x00\x41\x02\x0b");
  SEC(&b, 9, "\x08"
             "\x00\x41\x01\x0b\x02\x00\x01"                 /* 0: active table 0, funcs 0 1 */
             "\x01\x00\x01\x02"                             /* 1: passive, func 2 */
             "\x02\x01\x23\x00\x0b\x00\x01\x03"             /* 2: active table 1 at global 0, func 3 */
             "\x03\x00\x00"                                 /* 3: declarative, none */
             "\x04\x41\x00\x0b\x02\xd2\x00\x0b\xd0\x70\x0b" /* 4: active, exprs */
             "\x05\x6f\x01\xd0\x6f\x0b"                     /* 5: passive externref */
             "\x06\x01\x41\x03\x0b\x70\x01\xd2\x01\x0b"     /* 6: table 1, funcref exprs */
             "\x07\x70\x01\xd2\x03\x0b");                   /* 7: declarative exprs */
  SEC(&b, 10, "\x04\x02\x00\x0b\x02\x00\x0b\x02\x00\x0b\x02\x00\x0b");
  wb_module *m = DECODE_OK(&b);
  if (m) {
    const wb_elem *e = m->elems;
    CHECK(m->nelems == 8, "nelems");
    CHECK(e[0].mode == WB_SEG_ACTIVE && e[0].table == 0 && e[0].elemtype == WB_FUNCREF &&
              e[0].offset.op == WB_CONST_I32 && e[0].offset.value.i32 == 1 && e[0].count == 2 &&
              e[0].items[1].op == WB_CONST_REF_FUNC && e[0].items[1].index == 1, "elem 0");
    CHECK(e[1].mode == WB_SEG_PASSIVE && e[1].count == 1 && e[1].items[0].index == 2, "elem 1");
    CHECK(e[2].mode == WB_SEG_ACTIVE && e[2].table == 1 && e[2].offset.op == WB_CONST_GLOBAL_GET &&
              e[2].items[0].index == 3, "elem 2");
    CHECK(e[3].mode == WB_SEG_DECLARATIVE && e[3].count == 0 && e[3].elemtype == WB_FUNCREF, "elem 3");
    CHECK(e[4].mode == WB_SEG_ACTIVE && e[4].table == 0 && e[4].count == 2 && e[4].items[0].op == WB_CONST_REF_FUNC &&
              e[4].items[1].op == WB_CONST_REF_NULL && e[4].items[1].type == WB_FUNCREF, "elem 4");
    CHECK(e[5].mode == WB_SEG_PASSIVE && e[5].elemtype == WB_EXTERNREF && e[5].items[0].type == WB_EXTERNREF, "elem 5");
    CHECK(e[6].mode == WB_SEG_ACTIVE && e[6].table == 1 && e[6].offset.value.i32 == 3 && e[6].items[0].index == 1, "elem 6");
    CHECK(e[7].mode == WB_SEG_DECLARATIVE && e[7].items[0].index == 3, "elem 7");
    CHECK(m->func_declared[0] && m->func_declared[1] && m->func_declared[2] && m->func_declared[3], "declared");
    wb_module_free(m);
  }
  begin(&b);
  SEC(&b, 9, "\x01\x08\x00");
  MALFORMED(&b, "malformed elements segment kind");
  begin(&b);
  SEC(&b, 9, "\x01\x01\x01\x00");
  MALFORMED(&b, "malformed element kind");
  begin(&b);
  SEC(&b, 9, "\x01\x05\x7f\x01\xd2\x00\x0b");
  MALFORMED(&b, "malformed reference type");
  begin(&b);
  SEC(&b, 9, "\x01\x00\x41\x00\x0b\x02\x00");
  MALFORMED(&b, "unexpected end of section or function");
  begin(&b);
  SEC(&b, 9, "\x01\x05\x70\x01\x01\x0b");
  INVALID(&b, "constant expression required");
}

static void test_data(void) {
  buf b;
  begin(&b);
  SEC(&b, 5, "\x02\x00\x01\x00\x01");
  SEC(&b, 12, "\x03");
  SEC(&b, 11, "\x03"
              "\x00\x41\x10\x0b\x02hi"
              "\x01\x00"
              "\x02\x01\x41\x00\x0b\x03xyz");
  wb_module *m = DECODE_OK(&b);
  if (m) {
    const wb_data *ds = m->datas;
    CHECK(m->has_data_count && m->data_count == 3 && m->ndatas == 3, "counts");
    CHECK(ds[0].mode == WB_SEG_ACTIVE && ds[0].memory == 0 && ds[0].offset.value.i32 == 16 && ds[0].len == 2 &&
              memcmp(ds[0].bytes, "hi", 2) == 0 && ds[0].bytes >= m->bytes && ds[0].bytes < m->bytes + m->len, "data 0");
    CHECK(ds[1].mode == WB_SEG_PASSIVE && ds[1].len == 0, "data 1");
    CHECK(ds[2].mode == WB_SEG_ACTIVE && ds[2].memory == 1 && ds[2].len == 3, "data 2");
    wb_module_free(m);
  }
  begin(&b);
  SEC(&b, 12, "\x02");
  SEC(&b, 11, "\x01\x01\x00");
  MALFORMED(&b, "data count and data section have inconsistent lengths");
  begin(&b);
  SEC(&b, 12, "\x01");
  MALFORMED(&b, "data count and data section have inconsistent lengths");
  begin(&b);
  SEC(&b, 12, "\x00");
  m = DECODE_OK(&b);
  wb_module_free(m);
  begin(&b);
  SEC(&b, 11, "\x01\x03\x00");
  MALFORMED(&b, "malformed data segment kind");
  begin(&b);
  SEC(&b, 11, "\x01\x01\x07" "abcdef");
  MALFORMED(&b, "unexpected end of section or function");
  begin(&b);
  SEC(&b, 11, "\x01\x01\x05" "abcdef");
  MALFORMED(&b, "section size mismatch");
  begin(&b);
  SEC(&b, 11, "\x01\x01\x05" "abcdef");
  MALFORMED(&b, "section size mismatch");
  /* data count after the code section is out of order */
  begin(&b);
  SEC(&b, 10, "\x00");
  SEC(&b, 12, "\x00");
  MALFORMED(&b, "unexpected content after last section");
  begin(&b);
  SEC(&b, 11, "\x00");
  SEC(&b, 10, "\x00");
  MALFORMED(&b, "unexpected content after last section");
}

static void test_custom_and_names(void) {
  buf b;
  begin(&b);
  SEC(&b, 0, "\x04" "meta" "payload");
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 0, "\x00");
  SEC(&b, 2, "\x01\x01m\x01" "f" "\x00\x00");
  SEC(&b, 3, "\x02\x00\x00");
  SEC(&b, 10, "\x02\x02\x00\x0b\x02\x00\x0b");
  SEC(&b, 0, "\x04" "name"
             "\x00\x04\x03" "mod"
             "\x01\x0b\x02\x00\x03" "imp" "\x02\x03" "two"
             "\x02\x03\x01\x00\x00");
  wb_module *m = DECODE_OK(&b);
  if (m) {
    CHECK(m->ncustoms == 3 && strcmp(m->customs[0].name, "meta") == 0 && m->customs[0].len == 7 &&
              memcmp(m->customs[0].bytes, "payload", 7) == 0 && m->customs[0].offset == 8, "custom 0");
    CHECK(m->customs[1].name[0] == 0 && m->customs[1].len == 0, "custom with empty name");
    CHECK(m->module_name && strcmp(m->module_name, "mod") == 0, "module name");
    CHECK(m->func_names && strcmp(wb_module_func_name(m, 0), "imp") == 0 && wb_module_func_name(m, 1) == NULL &&
              strcmp(wb_module_func_name(m, 2), "two") == 0 && wb_module_func_name(m, 3) == NULL, "function names");
    CHECK(m->nsections == 7 && m->sections[0].id == 0 && m->sections[6].id == 0, "customs are listed");
    wb_module_free(m);
  }
  /* a broken name section is ignored */
  begin(&b);
  SEC(&b, 1, "\x01\x60\x00\x00");
  SEC(&b, 3, "\x01\x00");
  SEC(&b, 10, "\x01\x02\x00\x0b");
  SEC(&b, 0, "\x04" "name" "\x00\x04\x03" "mod" "\x01\x09\x01\x00\x05" "a");
  m = DECODE_OK(&b);
  if (m) {
    CHECK(m->module_name == NULL && m->func_names == NULL && m->ncustoms == 1, "broken name section dropped");
    wb_module_free(m);
  }
  begin(&b);
  SEC(&b, 0, "\x04" "name" "\x01\x04\x01\x00\x01\xff");
  m = DECODE_OK(&b);
  if (m) {
    CHECK(m->module_name == NULL && m->func_names == NULL, "bad utf-8 in name section dropped");
    wb_module_free(m);
  }
  begin(&b);
  SEC(&b, 0, "\x04" "name" "\x00\x05\x03" "mod");
  m = DECODE_OK(&b);
  if (m) {
    CHECK(m->module_name == NULL, "subsection size mismatch dropped");
    wb_module_free(m);
  }
  /* custom sections' own errors */
  begin(&b);
  PUT(&b, "\x00");
  MALFORMED(&b, "unexpected end");
  begin(&b);
  PUT(&b, "\x00\x00");
  MALFORMED(&b, "unexpected end of section or function");
  begin(&b);
  SEC(&b, 0, "\x02\xc3");
  MALFORMED(&b, "unexpected end of section or function");
  begin(&b);
  SEC(&b, 0, "\x02\xc0\x80");
  MALFORMED(&b, "malformed UTF-8 encoding");
  begin(&b);
  PUT(&b, "\x00\x26\x10" "a custom section" "this is the payload");
  MALFORMED(&b, "length out of bounds");
  begin(&b);
  PUT(&b, "\0asm\1\0\0\0");
  MALFORMED(&b, "length out of bounds");
  begin(&b);
  PUT(&b, "\x0d\x00");
  MALFORMED(&b, "malformed section id");
  begin(&b);
  PUT(&b, "\xff\x00");
  MALFORMED(&b, "malformed section id");
  begin(&b);
  PUT(&b, "\x01\x81\x80\x80\x80\x80\x00");
  MALFORMED(&b, "integer representation too long");
}

int main(void) {
  test_leb128();
  test_reader_misc();
  test_header();
  test_types();
  test_imports();
  test_limits();
  test_code();
  test_globals_and_constexprs();
  test_exports_start();
  test_elems();
  test_data();
  test_custom_and_names();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
