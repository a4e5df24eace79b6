"""Loading modules and calling their exports with Python numbers."""
import pytest

import wasmbox


def test_version():
    assert wasmbox.version().count(".") == 2


def test_module_listing(calc):
    assert calc.module.imports == [("env", "log", "func"), ("env", "twice", "func"),
                                   ("env", "counter", "global")]
    exports = dict(calc.module.exports)
    assert exports["memory"] == "memory" and exports["table"] == "table"
    assert exports["answer"] == "global" and exports["fib"] == "func"


def test_numbers(calc):
    x = calc.x
    assert x["add"](2, 3) == 5
    assert x["add"](2**31 - 1, 1) == -2**31          # i32 wraps, results are signed
    assert x["add"](0xFFFFFFFF, 0) == -1             # unsigned inputs are accepted
    assert x["add64"](2**62, 2**62) == -2**63
    assert x["mul32"](1.5, 2.0) == 3.0
    assert x["scaled"](3.0) == 1.5
    assert x["fib"](20) == 6765
    assert x["seven"]() == 7


def test_several_results(calc):
    assert calc.x["divmod"](47, 5) == (9, 2)


def test_func_type(calc):
    assert calc.x["divmod"].type == (["i32", "i32"], ["i32", "i32"])
    assert calc.x["id"].type == (["externref"], ["externref"])


def test_wrong_argument_count(calc):
    with pytest.raises(TypeError):
        calc.x["add"](1)


def test_trap(calc):
    with pytest.raises(wasmbox.Trap) as info:
        calc.x["div"](1, 0)
    assert info.value.message == "integer divide by zero"
    assert info.value.exit_status is None
    assert info.value.frames and info.value.frames[0][0] == 14   # div is function 14


def test_invalid_module():
    store = wasmbox.Store()
    with pytest.raises(wasmbox.WasmError, match="magic header"):
        wasmbox.Module(store, b"\0wat\1\0\0\0")
    assert not wasmbox.Module.validate(store, b"nope")


def test_validate_and_serialize(calc_wasm):
    store = wasmbox.Store()
    assert wasmbox.Module.validate(store, calc_wasm)
    data = wasmbox.Module(store, calc_wasm).serialize()
    again = wasmbox.Module.deserialize(store, data)
    assert again.exports == wasmbox.Module(store, calc_wasm).exports
    with pytest.raises(wasmbox.WasmError, match="serialized"):
        wasmbox.Module.deserialize(store, calc_wasm)


def test_missing_import(calc_wasm):
    store = wasmbox.Store()
    module = wasmbox.Module(store, calc_wasm)
    with pytest.raises(wasmbox.WasmError, match="env.log"):
        wasmbox.Instance(store, module, {"env": {}})


def test_wrong_import_type(calc_wasm):
    store = wasmbox.Store()
    module = wasmbox.Module(store, calc_wasm)
    wrong = wasmbox.Func(store, [], [], lambda: None)
    g = wasmbox.Global(store, "i32", 0, mutable=True)
    with pytest.raises(wasmbox.WasmError, match="incompatible import type"):
        wasmbox.Instance(store, module, [wrong, wrong, g])


def test_engine_limits(calc_wasm):
    store = wasmbox.Store(wasmbox.Engine(bounds_checks=True, max_memory=2 * 65536))
    module = wasmbox.Module(store, calc_wasm)
    g = wasmbox.Global(store, "i32", 0, mutable=True)
    inst = wasmbox.Instance(store, module, [wasmbox.Func(store, ["i32"], [], lambda v: None),
                                            wasmbox.Func(store, ["i32"], ["i32"], lambda v: v), g])
    assert inst.exports["grow"](1) == 1
    assert inst.exports["grow"](1) == -1          # the engine's cap of 2 pages
    assert inst.exports["memory"].pages == 2
