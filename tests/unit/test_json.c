/* tests/unit/test_json.c — unit tests of the strict JSON parser (util/json.c): values, escapes,
 * surrogate pairs, every rejection rule, error offsets, and the accessor helpers.
 * Prints a line per failing check, then "N passed, N failed"; exit status 0 iff none failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/json.h"

static int passed, failed;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (cond) {                                                         \
      passed++;                                                         \
    } else {                                                            \
      failed++;                                                         \
      printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
    }                                                                   \
  } while (0)

static wb_json *parse(const char *s) {
  wb_json *v = NULL;
  wb_error err;
  if (wb_json_parse(s, strlen(s), &v, &err) != WB_OK) return NULL;
  return v;
}

/* Parses s expecting failure; returns the error offset, or (size_t)-2 if it parsed. */
static size_t reject(const char *s, size_t len) {
  wb_json *v = NULL;
  wb_error err;
  wb_status st = wb_json_parse(s, len, &v, &err);
  if (st == WB_OK) {
    wb_json_free(v);
    return (size_t)-2;
  }
  if (v != NULL || st != WB_ERR_MALFORMED || err.msg[0] == 0) return (size_t)-3;
  return err.offset;
}

#define REJECTS(s) CHECK(reject(s, strlen(s)) < (size_t)-3)

/* Whether s parses to a string equal to the len bytes of want. */
static int string_is(const char *s, const char *want, size_t len) {
  wb_json *v = parse(s);
  int ok = v && v->kind == WB_JSON_STRING && v->u.string.len == len && memcmp(v->u.string.chars, want, len) == 0 &&
           v->u.string.chars[len] == 0;
  wb_json_free(v);
  return ok;
}

static void test_scalars(void) {
  wb_json *v = parse("null");
  CHECK(v && v->kind == WB_JSON_NULL);
  wb_json_free(v);
  v = parse(" true ");
  CHECK(v && v->kind == WB_JSON_BOOL && v->u.boolean);
  wb_json_free(v);
  v = parse("\t\r\nfalse\n");
  CHECK(v && v->kind == WB_JSON_BOOL && !v->u.boolean);
  wb_json_free(v);
  v = parse("-12.5e2");
  CHECK(v && v->kind == WB_JSON_NUMBER && v->u.number.value == -1250.0 && strcmp(v->u.number.text, "-12.5e2") == 0);
  wb_json_free(v);
  v = parse("0");
  CHECK(v && v->kind == WB_JSON_NUMBER && v->u.number.value == 0.0);
  wb_json_free(v);
  v = parse("1E+3");
  CHECK(v && v->kind == WB_JSON_NUMBER && v->u.number.value == 1000.0);
  wb_json_free(v);
  v = parse("0.25");
  CHECK(v && v->u.number.value == 0.25);
  wb_json_free(v);
}

static void test_u64(void) {
  unsigned long long x = 0;
  wb_json *v = parse("18446744073709551615");
  CHECK(v && wb_json_u64(v, &x) && x == 18446744073709551615ull);
  wb_json_free(v);
  v = parse("18446744073709551616");
  CHECK(v && !wb_json_u64(v, &x));
  wb_json_free(v);
  v = parse("-1");
  CHECK(v && !wb_json_u64(v, &x));
  wb_json_free(v);
  v = parse("1.0");
  CHECK(v && !wb_json_u64(v, &x));
  wb_json_free(v);
  v = parse("\"7\"");
  CHECK(v && !wb_json_u64(v, &x));
  wb_json_free(v);
  CHECK(!wb_json_u64(NULL, &x));
}

static void test_strings(void) {
  CHECK(string_is("\"\"", "", 0));
  CHECK(string_is("\"abc\"", "abc", 3));
  CHECK(string_is("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", 8));
  CHECK(string_is("\"\\u0041\\u00e9\"", "A\xc3\xa9", 3));
  CHECK(string_is("\"\\u20AC\"", "\xe2\x82\xac", 3));
  CHECK(string_is("\"\\u0000x\"", "\0x", 2));
  /* surrogate pair: U+1F600 */
  CHECK(string_is("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", 4));
  CHECK(string_is("\"\\uDBFF\\uDFFF\"", "\xf4\x8f\xbf\xbf", 4));
  /* raw UTF-8 passes through */
  CHECK(string_is("\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", "caf\xc3\xa9 \xf0\x9f\x98\x80", 10));
}

static void test_containers(void) {
  wb_json *v = parse("{\"a\": [1, 2, {\"b\": null}], \"c\": \"d\", \"a\": 3, \"e\": {}, \"f\": []}");
  CHECK(v && v->kind == WB_JSON_OBJECT && v->u.object.count == 5);
  const wb_json *a = wb_json_get(v, "a");
  CHECK(a && a->kind == WB_JSON_ARRAY && wb_json_len(a) == 3);
  CHECK(wb_json_at(a, 0) && wb_json_at(a, 0)->u.number.value == 1.0);
  CHECK(wb_json_at(a, 3) == NULL);
  CHECK(wb_json_get(wb_json_at(a, 2), "b") && wb_json_get(wb_json_at(a, 2), "b")->kind == WB_JSON_NULL);
  CHECK(wb_json_str(wb_json_get(v, "c")) && strcmp(wb_json_str(wb_json_get(v, "c")), "d") == 0);
  CHECK(wb_json_str(a) == NULL);
  CHECK(wb_json_get(v, "zz") == NULL);
  CHECK(wb_json_get(a, "a") == NULL);
  CHECK(wb_json_get(NULL, "a") == NULL);
  CHECK(wb_json_get(v, "e") && wb_json_get(v, "e")->u.object.count == 0);
  CHECK(wb_json_len(wb_json_get(v, "f")) == 0);
  CHECK(wb_json_len(v) == 0);
  wb_json_free(v);
  wb_json_free(NULL);

  /* nesting up to the limit is fine, one past it is not */
  char deep[2 * WB_JSON_MAX_DEPTH + 3];
  for (int i = 0; i < WB_JSON_MAX_DEPTH; i++) {
    deep[i] = '[';
    deep[WB_JSON_MAX_DEPTH + i] = ']';
  }
  deep[2 * WB_JSON_MAX_DEPTH] = 0;
  v = parse(deep);
  CHECK(v != NULL);
  wb_json_free(v);
  char *tooDeep = malloc(200002);
  memset(tooDeep, '[', 100000);
  memset(tooDeep + 100000, ']', 100000);
  tooDeep[200000] = 0;
  REJECTS(tooDeep);
  free(tooDeep);
}

static void test_rejections(void) {
  REJECTS("");
  REJECTS("   ");
  REJECTS("nul");
  REJECTS("True");
  REJECTS("nulll");
  REJECTS("1 2");
  REJECTS("[1,]");
  REJECTS("[,1]");
  REJECTS("{\"a\":1,}");
  REJECTS("{a:1}");
  REJECTS("{\"a\" 1}");
  REJECTS("{\"a\":}");
  REJECTS("[1 2]");
  REJECTS("[");
  REJECTS("{");
  REJECTS("{\"a\"");
  REJECTS("01");
  REJECTS("-");
  REJECTS("+1");
  REJECTS("1.");
  REJECTS(".5");
  REJECTS("1e");
  REJECTS("1e+");
  REJECTS("0x10");
  REJECTS("NaN");
  REJECTS("Infinity");
  REJECTS("\"abc");
  REJECTS("\"a\\x\"");
  REJECTS("\"a\\u12\"");
  REJECTS("\"a\\u12g4\"");
  REJECTS("\"\\ud83d\"");         /* lone high surrogate */
  REJECTS("\"\\ud83dx\"");
  REJECTS("\"\\ud83d\\u0041\"");  /* high surrogate + non-low */
  REJECTS("\"\\ude00\"");         /* lone low surrogate */
  REJECTS("\"a\tb\"");            /* raw control character */
  REJECTS("\"a\nb\"");
  REJECTS("\"\xff\"");            /* invalid UTF-8 */
  REJECTS("\"\xc0\xaf\"");        /* overlong */
  REJECTS("\"\xed\xa0\x80\"");    /* encoded surrogate */
  REJECTS("\"\xf4\x90\x80\x80\"");/* past U+10FFFF */
  REJECTS("\"\xe2\x82\"");        /* truncated sequence */
  REJECTS("// c\n1");
  REJECTS("[1] /* x */");
  REJECTS("'a'");
  REJECTS("\xef\xbb\xbf{}");      /* a BOM is not JSON */
  /* an embedded NUL is not whitespace */
  CHECK(reject("1\0", 2) == 1);
}

static void test_error_positions(void) {
  wb_json *v = NULL;
  wb_error err;
  const char *s = "{\n  \"a\": [1,\n   x]\n}";
  CHECK(wb_json_parse(s, strlen(s), &v, &err) == WB_ERR_MALFORMED && v == NULL);
  CHECK(err.offset == (size_t)(strchr(s, 'x') - s));
  CHECK(strstr(err.msg, "line 3, column 4") != NULL);
  CHECK(reject("[1,]", 4) == 3);
  CHECK(reject("{\"a\":1 \"b\":2}", 13) == 7);
  /* the input need not be NUL-terminated: only len bytes are read */
  const char buf[] = {'[', '1', ']', '9'};
  CHECK(wb_json_parse(buf, 3, &v, &err) == WB_OK && v && wb_json_len(v) == 1);
  wb_json_free(v);
  CHECK(reject(buf, 2) == 2);
}

int main(void) {
  test_scalars();
  test_u64();
  test_strings();
  test_containers();
  test_rejections();
  test_error_positions();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
