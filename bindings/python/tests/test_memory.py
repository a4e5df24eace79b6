"""Reading and writing linear memory from Python."""
import pytest

import wasmbox


def test_read_write(calc):
    mem = calc.x["memory"]
    assert mem.pages == 1 and len(mem) == 65536
    mem.write(100, bytes([1, 2, 3, 4]))
    assert calc.x["sum"](100, 4) == 10
    calc.x["poke"](200)
    assert mem.read(200, 4) == b"wasm"


def test_bounds(calc):
    mem = calc.x["memory"]
    with pytest.raises(IndexError):
        mem.read(65535, 2)
    with pytest.raises(IndexError):
        mem.write(-1, b"x")
    with pytest.raises(wasmbox.Trap, match="out of bounds memory access"):
        calc.x["sum"](65530, 10)


def test_grow(calc):
    mem = calc.x["memory"]
    assert mem.grow(2) and mem.pages == 3
    assert calc.x["grow"](1) == 3
    assert not mem.grow(1)                  # the maximum is 4 pages
    mem.write(4 * 65536 - 1, b"z")
    assert mem.read(4 * 65536 - 1, 1) == b"z"


def test_host_memory():
    store = wasmbox.Store()
    mem = wasmbox.Memory(store, 1, 2)
    mem.write(0, b"hello")
    assert mem.read(0, 5) == b"hello"
    assert mem.grow(1) and not mem.grow(1)
