"""Shared fixtures: where the compiled test modules are (set by ctest), and a store with calc.wasm
instantiated against Python host functions."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import wasmbox  # noqa: E402


def _path(var):
    value = os.environ.get(var)
    if not value or not os.path.exists(value):
        pytest.fail(f"{var} is not set to an existing file (ctest sets it; see CMakeLists.txt)")
    return value


@pytest.fixture
def calc_wasm():
    with open(_path("WASMBOX_PY_CALC"), "rb") as fh:
        return fh.read()


@pytest.fixture
def wasi_prog():
    return _path("WASMBOX_WASI_PROG")


class Calc:
    """calc.wasm instantiated: .store, .module, .instance, .x (the exports), .log (what the
    host's log function saw), .counter (the imported global)."""

    def __init__(self, wasm, twice=None):
        self.store = wasmbox.Store()
        self.module = wasmbox.Module(self.store, wasm)
        self.log = []
        self.counter = wasmbox.Global(self.store, "i32", 100, mutable=True)
        imports = {"env": {
            "log": wasmbox.Func(self.store, ["i32"], [], self.log.append),
            "twice": wasmbox.Func(self.store, ["i32"], ["i32"], twice or (lambda v: 2 * v)),
            "counter": self.counter,
        }}
        self.instance = wasmbox.Instance(self.store, self.module, imports)
        self.x = self.instance.exports


@pytest.fixture
def calc(calc_wasm):
    return Calc(calc_wasm)


@pytest.fixture
def make_calc(calc_wasm):
    return lambda **kw: Calc(calc_wasm, **kw)
