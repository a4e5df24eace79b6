"""Python callables as host functions, calls nested in both directions, exceptions through Wasm,
globals, tables and references."""
import pytest

import wasmbox


def test_host_function(calc):
    assert calc.x["logged"](21) == 42
    assert calc.log == [21]


def test_nested_calls(make_calc):
    # twice(v) calls back into Wasm's fib, which is called from logged, called from Python
    holder = {}
    calc = make_calc(twice=lambda v: holder["fib"](v) * 2)
    holder["fib"] = calc.x["fib"]
    assert calc.x["logged"](10) == 110


def test_deep_nesting(make_calc):
    # logged -> twice -> logged -> twice ... 50 levels of Python and Wasm frames
    holder = {}

    def twice(v):
        return v if v >= 50 else holder["logged"](v + 1)

    calc = make_calc(twice=twice)
    holder["logged"] = calc.x["logged"]
    assert calc.x["logged"](0) == 50
    assert calc.log == list(range(51))


def test_exception_comes_back(make_calc):
    class Refused(Exception):
        pass

    def twice(v):
        raise Refused(f"no {v}")

    calc = make_calc(twice=twice)
    with pytest.raises(Refused, match="no 3") as info:
        calc.x["logged"](3)
    assert isinstance(info.value.__cause__, wasmbox.Trap)
    assert info.value.__cause__.message == "Refused: no 3"


def test_trap_raised_by_python(make_calc):
    def twice(v):
        raise wasmbox.Trap("stop here")

    calc = make_calc(twice=twice)
    with pytest.raises(wasmbox.Trap, match="stop here"):
        calc.x["logged"](3)


def test_wrong_result(make_calc):
    calc = make_calc(twice=lambda v: "not a number")
    with pytest.raises(ValueError):
        calc.x["logged"](1)


def test_globals(calc):
    assert calc.x["bump"]() == 101
    assert calc.counter.value == 101
    calc.counter.value = 5
    assert calc.x["bump"]() == 6
    scale = calc.x["scale"]
    assert scale.type == ("f64", True)
    scale.value = 4.0
    assert calc.x["scaled"](2.0) == 8.0
    answer = calc.x["answer"]
    assert answer.value == 42 and answer.type == ("i64", False)
    with pytest.raises(AttributeError):
        answer.value = 1


def test_tables(calc):
    table = calc.x["table"]
    assert len(table) == 2
    assert table[0]() == 7
    assert table[1] is None
    with pytest.raises(wasmbox.Trap, match="uninitialized element"):
        calc.x["call_at"](1)
    table[1] = wasmbox.Func(calc.store, [], ["i32"], lambda: 99)
    assert calc.x["call_at"](1) == 99
    assert table.grow(2, calc.x["seven"]) and len(table) == 4
    assert calc.x["call_at"](3) == 7
    with pytest.raises(IndexError):
        table[10] = None
    host_table = wasmbox.Table(calc.store, "externref", 2, init="fill")
    assert host_table[1] == "fill"


def test_references(calc):
    thing = {"any": "python object"}
    assert calc.x["id"](thing) is thing
    assert calc.x["id"](None) is None
    seven = calc.x["fref"](calc.x["seven"])
    assert seven() == 7
    with pytest.raises(TypeError):
        calc.x["fref"]("not a function")
