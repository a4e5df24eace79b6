#!/usr/bin/env python3
"""tests/capi/check-coverage.py — every function declared in include/wasm.h, include/wasi.h and
include/wasmbox.h (static inline helpers included) must be called somewhere: by the C tests
(tests/capi/*.c), the C API examples (examples/c-api/*.c) or the Python binding (the names it
binds with ctypes, bindings/python/**/*.py). C sources are read after the preprocessor, so calls
made through the tests' own macros count, and only lines of the source itself are kept (a call
inside a header's inline helper does not count for the test that includes it).

Usage: check-coverage.py --cc CC --root SOURCE_DIR [--list]
Prints one line per function never called, then `N passed, N failed`."""
import argparse
import glob
import os
import re
import subprocess
import sys

HEADERS = ["wasm.h", "wasi.h", "wasmbox.h"]
NAME = r"\b((?:wasm|wasi|wasmbox)_[A-Za-z0-9_]+)"
LINEMARK = re.compile(r'^#\s*(\d+)\s+"([^"]*)"')


def preprocess(cc, include, source=None, text=None):
    """Preprocessed text as (file, line) pairs, file being the one each line comes from."""
    cmd = [cc, "-E", "-I", include, "-x", "c"]
    cmd += [source] if source else ["-"]
    out = subprocess.run(cmd, input=text, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"check-coverage: the preprocessor failed on {source or 'the headers'}")
    current = None
    for line in out.stdout.splitlines():
        m = LINEMARK.match(line)
        if m:
            current = m.group(2)
            continue
        yield current, line


def declared(cc, include):
    """{function name: header} for every function the public headers declare or define."""
    present = [h for h in HEADERS if os.path.exists(os.path.join(include, h))]
    text = "".join(f'#include "{h}"\n' for h in present)
    names = {}
    # Declarations end with ';' or '{'; join each header's text and split it into statements.
    per_file = {}
    for f, line in preprocess(cc, include, text=text):
        if f and os.path.basename(f) in present and os.path.dirname(os.path.abspath(f)) == include:
            per_file.setdefault(os.path.basename(f), []).append(line)
    for header, lines in per_file.items():
        depth = 0
        stmt = ""
        for ch in " ".join(lines):
            if ch == "{":
                if depth == 0:
                    record(stmt, header, names)
                    stmt = ""
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == ";" and depth == 0:
                record(stmt, header, names)
                stmt = ""
            elif depth == 0:
                stmt += ch
    return names


def record(stmt, header, names):
    """A top-level statement: a function declaration or definition names its function first."""
    if "typedef" in stmt:
        return
    m = re.search(NAME + r"\s*\(", stmt)
    if m and not re.search(r"\(\s*\*\s*" + re.escape(m.group(1)), stmt):
        names.setdefault(m.group(1), header)


def called_in_c(cc, include, source):
    found = set()
    real = os.path.realpath(source)
    for f, line in preprocess(cc, include, source=source):
        if f and os.path.realpath(f) == real:
            found.update(re.findall(NAME, line))
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--root", required=True)
    ap.add_argument("--list", action="store_true", help="print every function and who calls it")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    include = os.path.join(root, "include")

    decl = declared(args.cc, include)
    if not decl:
        print("FAIL: found no function declarations in include/")
        print("0 passed, 1 failed")
        return 1

    callers = {}
    c_sources = sorted(glob.glob(os.path.join(root, "tests/capi/*.c")) +
                       glob.glob(os.path.join(root, "examples/c-api/*.c")))
    for src in c_sources:
        for n in called_in_c(args.cc, include, src):
            callers.setdefault(n, []).append(os.path.relpath(src, root))
    py_sources = sorted(glob.glob(os.path.join(root, "bindings/python/**/*.py"), recursive=True))
    for src in py_sources:
        with open(src, encoding="utf-8") as fh:
            for n in set(re.findall(NAME, fh.read())):
                callers.setdefault(n, []).append(os.path.relpath(src, root))

    passed = failed = 0
    for name in sorted(decl):
        if name in callers:
            passed += 1
            if args.list:
                print(f"{name}: {', '.join(callers[name])}")
        else:
            failed += 1
            print(f"FAIL: {name} (include/{decl[name]}) is never called by a test, an example or "
                  f"the Python binding")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
