"""wasmbox — run WebAssembly from Python, over libwasmbox's standard C API (ctypes, no compiled
extension).

    import wasmbox
    store = wasmbox.Store()
    module = wasmbox.Module.from_file(store, "fib.wasm")
    instance = wasmbox.Instance(store, module)
    print(instance.exports["fib"](20))

Host functions are Python callables (wasmbox.Func), memories are read and written as bytes
(wasmbox.Memory), and WASI programs run with arguments, environment variables and directories
(wasmbox.run_wasi). Values: Python int for i32/i64, float for f32/f64, None for a null reference,
a Func for a funcref, any Python object for an externref. A trap raises wasmbox.Trap; a Python
exception raised in a host function travels through the Wasm frames and is raised again where
Python called into Wasm."""
import ctypes
import itertools
import os
import threading
import weakref
from ctypes import byref, c_int, c_void_p

from . import _ffi as f

__all__ = ["Engine", "Store", "Module", "Instance", "Func", "Memory", "Global", "Table",
           "Trap", "WasmError", "WasiConfig", "WasiEnv", "WasiResult", "run_wasi", "version"]

_KINDS = {"i32": f.I32, "i64": f.I64, "f32": f.F32, "f64": f.F64,
          "externref": f.EXTERNREF, "funcref": f.FUNCREF}
_KIND_NAMES = {v: k for k, v in _KINDS.items()}


def version():
    """The library's version string."""
    return f.wasmbox_version().decode()


class WasmError(Exception):
    """A module that cannot be loaded or instantiated (the message says why)."""


class Trap(Exception):
    """A trap: the message, the frames (innermost first) as (function index, offset in the
    function, offset in the module), and for a WASI exit the exit status (else None)."""

    def __init__(self, message, frames=(), exit_status=None):
        super().__init__(message)
        self.message = message
        self.frames = list(frames)
        self.exit_status = exit_status


def _kind(name):
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"unknown value type {name!r} (one of {', '.join(_KINDS)})") from None


def _byte_vec(data):
    v = f.wasm_byte_vec_t()
    f.wasm_byte_vec_new(byref(v), len(data), data)
    return v


def _take_trap(trap):
    """A Trap exception from an own wasm_trap_t* (deleted)."""
    msg = f.wasm_byte_vec_t()
    f.wasm_trap_message(trap, byref(msg))
    text = ctypes.string_at(msg.data, msg.size).rstrip(b"\0").decode("utf-8", "replace")
    f.wasm_byte_vec_delete(byref(msg))
    trace = f.ptr_vec_t()
    f.wasm_trap_trace(trap, byref(trace))
    frames = [(f.wasm_frame_func_index(trace.data[i]), f.wasm_frame_func_offset(trace.data[i]),
               f.wasm_frame_module_offset(trace.data[i])) for i in range(trace.size)]
    f.wasm_frame_vec_delete(byref(trace))
    status = c_int()
    exited = f.wasmbox_trap_exit_status(trap, byref(status))
    f.wasm_trap_delete(trap)
    return Trap(text, frames, status.value if exited else None)


def _valtypes(kinds):
    """An own wasm_valtype_vec_t of the given kinds (moved into a functype right after)."""
    arr = (c_void_p * max(len(kinds), 1))(*[f.wasm_valtype_new(k) for k in kinds])
    vec = f.ptr_vec_t()
    f.wasm_valtype_vec_new(byref(vec), len(kinds), arr)
    return vec


def _functype_kinds(ft):
    params = f.wasm_functype_params(ft).contents
    results = f.wasm_functype_results(ft).contents
    return ([f.wasm_valtype_kind(params.data[i]) for i in range(params.size)],
            [f.wasm_valtype_kind(results.data[i]) for i in range(results.size)])


class Engine:
    """Settings shared by stores: explicit bounds checks (no guard pages) and a cap in bytes on
    every linear memory."""

    def __init__(self, bounds_checks=False, max_memory=0):
        if bounds_checks or max_memory:
            config = f.wasm_config_new()
            f.wasmbox_config_bounds_checks(config, bool(bounds_checks))
            f.wasmbox_config_max_memory(config, int(max_memory))
            self._ptr = f.wasm_engine_new_with_config(config)
        else:
            self._ptr = f.wasm_engine_new()

    def __del__(self):
        if getattr(self, "_ptr", None):
            f.wasm_engine_delete(self._ptr)
            self._ptr = None


class Store:
    """Owns every instance, function, memory, table and global made in it. Use a store from one
    thread at a time."""

    def __init__(self, engine=None):
        self.engine = engine or Engine()
        self._ptr = f.wasm_store_new(self.engine._ptr)
        self._externs = {}          # externref key -> Python object
        self._extern_keys = {}      # id(object) -> key
        self._keys = itertools.count(1)
        self._wasi_envs = []        # deleted after the store (their functions live in it)

    def close(self):
        """Deletes the store now (also done when it is garbage collected)."""
        if getattr(self, "_ptr", None):
            f.wasm_store_delete(self._ptr)
            self._ptr = None
            for env in self._wasi_envs:
                env._delete()
            self._wasi_envs = []

    def __del__(self):
        self.close()

    # externref values: Python objects travel as foreign references carrying a key
    def _extern_ref(self, obj):
        key = self._extern_keys.get(id(obj))
        if key is None:
            key = next(self._keys)
            self._extern_keys[id(obj)] = key
            self._externs[key] = obj
        foreign = f.wasm_foreign_new(self._ptr)
        ref = f.wasm_foreign_as_ref(foreign)
        f.wasm_ref_set_host_info(ref, key)
        return foreign

    def _from_ref(self, ref):
        """A Python value for an own wasm_ref_t* (deleted)."""
        if not ref:
            return None
        func = f.wasm_ref_as_func(ref)
        if func:
            out = Func._wrap(self, f.wasm_func_copy(func))
        elif f.wasm_ref_as_foreign(ref):
            out = self._externs.get(f.wasm_ref_get_host_info(ref))
        else:
            out = None
        f.wasm_ref_delete(ref)
        return out

    def _own_ref(self, kind, value):
        """An own wasm_ref_t* for value in a slot of value kind `kind` (None for None)."""
        if value is None:
            return None
        if isinstance(value, Func):
            return f.wasm_ref_copy(f.wasm_func_as_ref(value._ptr))
        if kind == f.FUNCREF:
            raise TypeError(f"a funcref must be a wasmbox.Func or None, not {type(value).__name__}")
        return f.wasm_foreign_as_ref(self._extern_ref(value))

    def _to_val(self, kind, value, val):
        """Fills the wasm_val_t val; a reference in it is own (see _release)."""
        val.kind = kind
        if kind == f.I32:
            val.of.i32 = ((int(value) + 2**31) % 2**32) - 2**31
        elif kind == f.I64:
            val.of.i64 = ((int(value) + 2**63) % 2**64) - 2**63
        elif kind == f.F32:
            val.of.f32 = float(value)
        elif kind == f.F64:
            val.of.f64 = float(value)
        else:
            val.of.ref = self._own_ref(kind, value)

    @staticmethod
    def _release(val):
        if val.kind in (f.EXTERNREF, f.FUNCREF) and val.of.ref:
            f.wasm_ref_delete(val.of.ref)
            val.of.ref = None

    def _from_val(self, val):
        if val.kind == f.I32:
            return val.of.i32
        if val.kind == f.I64:
            return val.of.i64
        if val.kind == f.F32:
            return val.of.f32
        if val.kind == f.F64:
            return val.of.f64
        return self._from_ref(val.of.ref)


class Module:
    """A decoded and validated module (not tied to the store it was made with)."""

    def __init__(self, store, wasm):
        self.store = store
        vec = _byte_vec(bytes(wasm))
        self._ptr = f.wasm_module_new(store._ptr, byref(vec))
        f.wasm_byte_vec_delete(byref(vec))
        if not self._ptr:
            raise WasmError(f.last_error("invalid module"))

    @classmethod
    def from_file(cls, store, path):
        with open(path, "rb") as fh:
            return cls(store, fh.read())

    @staticmethod
    def validate(store, wasm):
        vec = _byte_vec(bytes(wasm))
        ok = f.wasm_module_validate(store._ptr, byref(vec))
        f.wasm_byte_vec_delete(byref(vec))
        return bool(ok)

    @classmethod
    def deserialize(cls, store, data):
        self = cls.__new__(cls)
        self.store = store
        vec = _byte_vec(bytes(data))
        self._ptr = f.wasm_module_deserialize(store._ptr, byref(vec))
        f.wasm_byte_vec_delete(byref(vec))
        if not self._ptr:
            raise WasmError(f.last_error("not a serialized module"))
        return self

    def serialize(self):
        out = f.wasm_byte_vec_t()
        f.wasm_module_serialize(self._ptr, byref(out))
        data = ctypes.string_at(out.data, out.size)
        f.wasm_byte_vec_delete(byref(out))
        return data

    _EXTERN_NAMES = {f.EXTERN_FUNC: "func", f.EXTERN_GLOBAL: "global", f.EXTERN_TABLE: "table",
                     f.EXTERN_MEMORY: "memory"}

    @property
    def imports(self):
        """[(module, name, kind)] in import order; kind is func, global, table or memory."""
        vec = f.ptr_vec_t()
        f.wasm_module_imports(self._ptr, byref(vec))
        out = []
        for i in range(vec.size):
            it = vec.data[i]
            out.append((f.name_bytes(f.wasm_importtype_module(it)).decode(),
                        f.name_bytes(f.wasm_importtype_name(it)).decode(),
                        self._EXTERN_NAMES[f.wasm_externtype_kind(f.wasm_importtype_type(it))]))
        f.wasm_importtype_vec_delete(byref(vec))
        return out

    @property
    def exports(self):
        """[(name, kind)] in export order."""
        vec = f.ptr_vec_t()
        f.wasm_module_exports(self._ptr, byref(vec))
        out = [(f.name_bytes(f.wasm_exporttype_name(vec.data[i])).decode(),
                self._EXTERN_NAMES[f.wasm_externtype_kind(f.wasm_exporttype_type(vec.data[i]))])
               for i in range(vec.size)]
        f.wasm_exporttype_vec_delete(byref(vec))
        return out

    def __del__(self):
        if getattr(self, "_ptr", None):
            f.wasm_module_delete(self._ptr)
            self._ptr = None


# ---- host functions ----

_host_funcs = {}                      # env key -> (store, callable, param kinds, result kinds)
_host_keys = itertools.count(1)
_pending = threading.local()          # the Python exception a host function is unwinding with


@f.CALLBACK_WITH_ENV
def _trampoline(env, args, results):
    store_ref, fn, params, rkinds = _host_funcs[env]
    store = store_ref()
    try:
        if store is None:
            raise RuntimeError("the store of this host function is gone")
        a = args.contents
        values = [store._from_val(a.data[i]) for i in range(a.size)]
        out = fn(*values)
        if len(rkinds) == 0:
            outs = []
        elif len(rkinds) == 1:
            outs = [out]
        else:
            outs = list(out)
            if len(outs) != len(rkinds):
                raise TypeError(f"host function returned {len(outs)} values, expected {len(rkinds)}")
        # Results pass to the library, which releases their references.
        r = results.contents
        for i, (kind, value) in enumerate(zip(rkinds, outs)):
            store._to_val(kind, value, r.data[i])
        return None
    except BaseException as exc:  # noqa: BLE001 — any failure becomes a trap
        message = exc.message if isinstance(exc, Trap) else f"{type(exc).__name__}: {exc}"
        _pending.exc = (message, exc)
        msg = _byte_vec(message.encode("utf-8", "replace") + b"\0")
        trap = f.wasm_trap_new(store._ptr if store else None, byref(msg))
        f.wasm_byte_vec_delete(byref(msg))
        return trap


@f.FINALIZER
def _forget(env):
    if _host_funcs is not None:
        _host_funcs.pop(env, None)


class _Extern:
    """What functions, memories, globals and tables share: an owned wasm_<kind>_t handle (made by
    the constructor, or adopted by _wrap), given to imports as an extern, deleted with the object.
    Each subclass names its C kind in _C_KIND."""

    _C_KIND = None

    @classmethod
    def _wrap(cls, store, ptr):
        self = cls.__new__(cls)
        self.store, self._ptr = store, ptr
        return self

    def _as_extern(self):
        return getattr(f, f"wasm_{self._C_KIND}_as_extern")(self._ptr)

    def __del__(self):
        if getattr(self, "_ptr", None):
            getattr(f, f"wasm_{self._C_KIND}_delete")(self._ptr)
            self._ptr = None


class Func(_Extern):
    """A function: exported by an instance, or made from a Python callable:

        Func(store, ["i32", "i32"], ["i32"], lambda a, b: a + b)

    Calling it converts Python numbers in and out: no result gives None, one result the value,
    several a tuple."""

    _C_KIND = "func"

    def __init__(self, store, params, results, fn):
        if not callable(fn):
            raise TypeError("Func needs a callable")
        self.store = store
        pk, rk = [_kind(p) for p in params], [_kind(r) for r in results]
        ft = f.wasm_functype_new(byref(_valtypes(pk)), byref(_valtypes(rk)))
        key = next(_host_keys)
        _host_funcs[key] = (weakref.ref(store), fn, pk, rk)
        self._ptr = f.wasm_func_new_with_env(store._ptr, ft, _trampoline, key, _forget)
        f.wasm_functype_delete(ft)
        if not self._ptr:
            _host_funcs.pop(key, None)
            raise WasmError(f.last_error("cannot create the function"))
        self._params, self._results = pk, rk

    @classmethod
    def _wrap(cls, store, ptr):
        self = super()._wrap(store, ptr)
        ft = f.wasm_func_type(ptr)
        self._params, self._results = _functype_kinds(ft)
        f.wasm_functype_delete(ft)
        return self

    @property
    def type(self):
        """(parameter types, result types) as names ("i32", ...)."""
        return ([_KIND_NAMES.get(k, "?") for k in self._params],
                [_KIND_NAMES.get(k, "?") for k in self._results])

    def __call__(self, *args):
        if len(args) != len(self._params):
            raise TypeError(f"expected {len(self._params)} arguments, got {len(args)}")
        store = self.store
        n_args, n_res = len(self._params), len(self._results)
        argv = (f.wasm_val_t * max(n_args, 1))()
        resv = (f.wasm_val_t * max(n_res, 1))()
        try:
            for i, (kind, value) in enumerate(zip(self._params, args)):
                store._to_val(kind, value, argv[i])
            av = f.wasm_val_vec_t(n_args, argv)
            rv = f.wasm_val_vec_t(n_res, resv)
            trap = f.wasm_func_call(self._ptr, byref(av), byref(rv))
        finally:
            for i in range(n_args):
                store._release(argv[i])
        if trap:
            err = _take_trap(trap)
            pending = getattr(_pending, "exc", None)
            _pending.exc = None
            if pending and pending[0] == err.message and not isinstance(pending[1], Trap):
                raise pending[1] from err
            raise err
        out = [store._from_val(resv[i]) for i in range(n_res)]
        if n_res == 0:
            return None
        return out[0] if n_res == 1 else tuple(out)


class Memory(_Extern):
    """A linear memory: made here (Memory(store, min_pages, max_pages)) or exported. Read and
    write it as bytes; grow it by pages."""

    PAGE = 65536

    _C_KIND = "memory"

    def __init__(self, store, min_pages, max_pages=None):
        self.store = store
        limits = f.wasm_limits_t(min_pages, f.LIMITS_MAX_DEFAULT if max_pages is None else max_pages)
        mt = f.wasm_memorytype_new(byref(limits))
        self._ptr = f.wasm_memory_new(store._ptr, mt)
        f.wasm_memorytype_delete(mt)
        if not self._ptr:
            raise WasmError(f.last_error("cannot create the memory"))

    @property
    def pages(self):
        return f.wasm_memory_size(self._ptr)

    def __len__(self):
        return f.wasm_memory_data_size(self._ptr)

    def grow(self, pages):
        """Adds pages; False when the memory cannot grow that much."""
        return bool(f.wasm_memory_grow(self._ptr, pages))

    def _check(self, offset, length):
        if offset < 0 or length < 0 or offset + length > len(self):
            raise IndexError(f"bytes {offset}..{offset + length} are outside the memory "
                             f"({len(self)} bytes)")

    def read(self, offset, length):
        self._check(offset, length)
        if length == 0:
            return b""
        return ctypes.string_at(f.wasm_memory_data(self._ptr) + offset, length)

    def write(self, offset, data):
        data = bytes(data)
        self._check(offset, len(data))
        if data:
            ctypes.memmove(f.wasm_memory_data(self._ptr) + offset, data, len(data))


class Global(_Extern):
    """A global: Global(store, "i64", 5, mutable=True), or exported; read and set .value."""

    _C_KIND = "global"

    def __init__(self, store, valtype, value, mutable=False):
        self.store = store
        kind = _kind(valtype)
        gt = f.wasm_globaltype_new(f.wasm_valtype_new(kind), f.VAR if mutable else f.CONST)
        val = f.wasm_val_t()
        store._to_val(kind, value, val)
        self._ptr = f.wasm_global_new(store._ptr, gt, byref(val))
        f.wasm_globaltype_delete(gt)
        store._release(val)
        if not self._ptr:
            raise WasmError(f.last_error("cannot create the global"))

    @property
    def type(self):
        """(value type name, mutable)."""
        gt = f.wasm_global_type(self._ptr)
        out = (_KIND_NAMES.get(f.wasm_valtype_kind(f.wasm_globaltype_content(gt)), "?"),
               f.wasm_globaltype_mutability(gt) == f.VAR)
        f.wasm_globaltype_delete(gt)
        return out

    @property
    def value(self):
        val = f.wasm_val_t()
        f.wasm_global_get(self._ptr, byref(val))
        return self.store._from_val(val)

    @value.setter
    def value(self, value):
        name, mutable = self.type
        if not mutable:
            raise AttributeError("the global is immutable")
        val = f.wasm_val_t()
        self.store._to_val(_KINDS[name], value, val)
        f.wasm_global_set(self._ptr, byref(val))
        self.store._release(val)


class Table(_Extern):
    """A table of references: Table(store, "funcref", 4, max_size=None, init=None), or exported.
    Index it like a list; grow it."""

    _C_KIND = "table"

    def __init__(self, store, elemtype, size, max_size=None, init=None):
        self.store = store
        kind = _kind(elemtype)
        limits = f.wasm_limits_t(size, f.LIMITS_MAX_DEFAULT if max_size is None else max_size)
        tt = f.wasm_tabletype_new(f.wasm_valtype_new(kind), byref(limits))
        ref = store._own_ref(kind, init)
        self._ptr = f.wasm_table_new(store._ptr, tt, ref)
        f.wasm_tabletype_delete(tt)
        if ref:
            f.wasm_ref_delete(ref)
        if not self._ptr:
            raise WasmError(f.last_error("cannot create the table"))

    def _kind(self):
        tt = f.wasm_table_type(self._ptr)
        kind = f.wasm_valtype_kind(f.wasm_tabletype_element(tt))
        f.wasm_tabletype_delete(tt)
        return kind

    def __len__(self):
        return f.wasm_table_size(self._ptr)

    def __getitem__(self, index):
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.store._from_ref(f.wasm_table_get(self._ptr, index))

    def __setitem__(self, index, value):
        ref = self.store._own_ref(self._kind(), value)
        ok = f.wasm_table_set(self._ptr, index, ref)
        if ref:
            f.wasm_ref_delete(ref)
        if not ok:
            raise IndexError(index)

    def grow(self, delta, init=None):
        ref = self.store._own_ref(self._kind(), init)
        ok = f.wasm_table_grow(self._ptr, delta, ref)
        if ref:
            f.wasm_ref_delete(ref)
        return bool(ok)


def _wrap_extern(store, ext):
    """A Python object owning a new reference to the object behind a borrowed wasm_extern_t*."""
    kind = f.wasm_extern_kind(ext)
    if kind == f.EXTERN_FUNC:
        return Func._wrap(store, f.wasm_func_copy(f.wasm_extern_as_func(ext)))
    if kind == f.EXTERN_MEMORY:
        return Memory._wrap(store, f.wasm_memory_copy(f.wasm_extern_as_memory(ext)))
    if kind == f.EXTERN_GLOBAL:
        return Global._wrap(store, f.wasm_global_copy(f.wasm_extern_as_global(ext)))
    return Table._wrap(store, f.wasm_table_copy(f.wasm_extern_as_table(ext)))


class Instance:
    """An instance of a module. imports: a list in the module's import order, or a dict
    {module name: {name: Func | Memory | Global | Table}}. exports: a dict by name."""

    def __init__(self, store, module, imports=()):
        self.store, self.module = store, module
        if isinstance(imports, dict):
            ordered = []
            for mod, name, kind in module.imports:
                try:
                    ordered.append(imports[mod][name])
                except KeyError:
                    raise WasmError(f"missing import {mod}.{name} ({kind})") from None
            imports = ordered
        imports = list(imports)
        self._imports = imports          # the objects must outlive the instance
        arr = (c_void_p * max(len(imports), 1))(*[i._as_extern() for i in imports])
        vec = f.ptr_vec_t(len(imports), arr)
        trap = c_void_p()
        self._ptr = f.wasm_instance_new(store._ptr, module._ptr, byref(vec), byref(trap))
        if not self._ptr:
            if trap.value:
                err = _take_trap(trap.value)
                raise WasmError(err.message)
            raise WasmError(f.last_error("instantiation failed"))
        exports = f.ptr_vec_t()
        f.wasm_instance_exports(self._ptr, byref(exports))
        names = [name for name, _ in module.exports]
        self.exports = {names[i]: _wrap_extern(store, exports.data[i]) for i in range(exports.size)}
        f.wasm_extern_vec_delete(byref(exports))

    def __del__(self):
        if getattr(self, "_ptr", None):
            f.wasm_instance_delete(self._ptr)
            self._ptr = None


# ---- WASI ----

class WasiConfig:
    """What a WASI program may see: args (after argv[0] = program), env (a dict), dirs (host
    directories seen under the same path), mapdirs ({guest path: host path}). stdout and stderr
    are captured unless inherit_stdout / inherit_stderr; stdin is the host's."""

    def __init__(self, program="main", args=(), env=None, dirs=(), mapdirs=None,
                 inherit_stdout=False, inherit_stderr=False):
        self.program, self.args = program, list(args)
        self.env = dict(env or {})
        self.dirs, self.mapdirs = list(dirs), dict(mapdirs or {})
        self.inherit_stdout, self.inherit_stderr = inherit_stdout, inherit_stderr

    def _build(self):
        c = f.wasi_config_new(self.program.encode())
        for a in self.args:
            f.wasi_config_arg(c, str(a).encode())
        for k, v in self.env.items():
            f.wasi_config_env(c, str(k).encode(), str(v).encode())
        for d in self.dirs:
            if not f.wasi_config_preopen_dir(c, str(d).encode()):
                raise WasmError(f.last_error(f"cannot preopen {d}"))
        for guest, host in self.mapdirs.items():
            if not f.wasi_config_mapdir(c, str(guest).encode(), str(host).encode()):
                raise WasmError(f.last_error(f"cannot map {host} as {guest}"))
        f.wasi_config_inherit_stdin(c)
        if self.inherit_stdout:
            f.wasi_config_inherit_stdout(c)
        else:
            f.wasi_config_capture_stdout(c)
        if self.inherit_stderr:
            f.wasi_config_inherit_stderr(c)
        else:
            f.wasi_config_capture_stderr(c)
        return c


class WasiEnv:
    """A WASI environment in a store: imports for a module, then bind the instance and start."""

    def __init__(self, store, config):
        self.store = store
        self._ptr = f.wasi_env_new(store._ptr, config._build())
        if not self._ptr:
            raise WasmError(f.last_error("cannot create the WASI environment"))
        store._wasi_envs.append(self)   # deleted after the store

    def imports(self, module):
        vec = f.ptr_vec_t()
        if not f.wasi_get_imports(self.store._ptr, self._ptr, module._ptr, byref(vec)):
            raise WasmError(f.last_error("cannot resolve the WASI imports"))
        out = [_wrap_extern(self.store, vec.data[i]) for i in range(vec.size)]
        f.wasm_extern_vec_delete(byref(vec))
        return out

    def instantiate(self, module):
        """An Instance of module with the WASI imports, bound to this environment."""
        instance = Instance(self.store, module, self.imports(module))
        if not f.wasi_env_initialize_instance(self._ptr, self.store._ptr, instance._ptr):
            raise WasmError(f.last_error("the module exports no memory"))
        return instance

    def start(self, instance):
        """Runs _start; returns the exit status (0 when it returns)."""
        start = f.wasi_get_start_function(instance._ptr)
        if not start:
            raise WasmError(f.last_error("the module has no _start"))
        try:
            Func._wrap(self.store, start)()
        except Trap as trap:
            if trap.exit_status is None:
                raise
            return trap.exit_status
        return 0

    def _read(self, reader):
        chunks = []
        buf = ctypes.create_string_buffer(65536)
        while True:
            n = reader(self._ptr, buf, len(buf))
            if n <= 0:
                return b"".join(chunks)
            chunks.append(buf.raw[:n])

    def read_stdout(self):
        return self._read(f.wasi_env_read_stdout)

    def read_stderr(self):
        return self._read(f.wasi_env_read_stderr)

    def _delete(self):
        if getattr(self, "_ptr", None):
            f.wasi_env_delete(self._ptr)
            self._ptr = None


class WasiResult:
    """exit_status, stdout and stderr (bytes) of a WASI run."""

    def __init__(self, exit_status, stdout, stderr):
        self.exit_status, self.stdout, self.stderr = exit_status, stdout, stderr

    def __repr__(self):
        return f"WasiResult(exit_status={self.exit_status}, stdout={self.stdout!r}, stderr={self.stderr!r})"


def run_wasi(wasm, args=(), env=None, dirs=(), mapdirs=None, program="main", engine=None):
    """Runs a WASI command (bytes, or a path) in a store of its own and returns a WasiResult."""
    if isinstance(wasm, (str, os.PathLike)):
        with open(wasm, "rb") as fh:
            wasm = fh.read()
    store = Store(engine)
    try:
        module = Module(store, wasm)
        wasi = WasiEnv(store, WasiConfig(program, args, env, dirs, mapdirs))
        instance = wasi.instantiate(module)
        status = wasi.start(instance)
        return WasiResult(status, wasi.read_stdout(), wasi.read_stderr())
    finally:
        store.close()
