"""wasmbox._ffi — the C API of libwasmbox (include/wasm.h, wasi.h, wasmbox.h) seen through ctypes.

Only declarations live here: the library is found, each function used by the package gets its
argument and result types, and the few C structures (vectors, values, limits) are mirrored.
The rest of the package builds the Python objects on top."""
import ctypes
import ctypes.util
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, Union, c_bool, c_char, c_char_p, c_double,
                    c_float, c_int, c_int32, c_int64, c_size_t, c_ssize_t, c_uint8, c_uint32,
                    c_void_p)


def _find_library():
    """$WASMBOX_LIBRARY, else a build tree above this package, else the system's libwasmbox."""
    explicit = os.environ.get("WASMBOX_LIBRARY")
    if explicit:
        return explicit
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(os.path.dirname(here)))
    for build in ("build", "build-asan"):
        candidate = os.path.join(root, build, "libwasmbox.so")
        if os.path.exists(candidate):
            return candidate
    found = ctypes.util.find_library("wasmbox")
    if found:
        return found
    raise OSError("libwasmbox.so not found: build wasmbox (make) or set WASMBOX_LIBRARY")


lib = ctypes.CDLL(_find_library())

# ---- structures ----


class wasm_byte_vec_t(Structure):
    _fields_ = [("size", c_size_t), ("data", POINTER(c_char))]


class _wasm_val_union(Union):
    _fields_ = [("i32", c_int32), ("i64", c_int64), ("f32", c_float), ("f64", c_double),
                ("ref", c_void_p)]


class wasm_val_t(Structure):
    _fields_ = [("kind", c_uint8), ("of", _wasm_val_union)]


class wasm_val_vec_t(Structure):
    _fields_ = [("size", c_size_t), ("data", POINTER(wasm_val_t))]


class ptr_vec_t(Structure):
    """Every vector of pointers (valtype, importtype, exporttype, extern, frame) has this shape."""
    _fields_ = [("size", c_size_t), ("data", POINTER(c_void_p))]


class wasm_limits_t(Structure):
    _fields_ = [("min", c_uint32), ("max", c_uint32)]


LIMITS_MAX_DEFAULT = 0xFFFFFFFF

# wasm_valkind_t
I32, I64, F32, F64, EXTERNREF, FUNCREF = 0, 1, 2, 3, 128, 129
# wasm_externkind_t
EXTERN_FUNC, EXTERN_GLOBAL, EXTERN_TABLE, EXTERN_MEMORY = 0, 1, 2, 3
# wasm_mutability_t
CONST, VAR = 0, 1

CALLBACK_WITH_ENV = CFUNCTYPE(c_void_p, c_void_p, POINTER(wasm_val_vec_t), POINTER(wasm_val_vec_t))
FINALIZER = CFUNCTYPE(None, c_void_p)


def _declare(name, restype, *argtypes):
    fn = getattr(lib, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)
    globals()[name] = fn


P = c_void_p
_declare("wasm_byte_vec_new", None, POINTER(wasm_byte_vec_t), c_size_t, c_char_p)
_declare("wasm_byte_vec_new_empty", None, POINTER(wasm_byte_vec_t))
_declare("wasm_byte_vec_delete", None, POINTER(wasm_byte_vec_t))
_declare("wasm_valtype_new", P, c_uint8)
_declare("wasm_valtype_kind", c_uint8, P)
_declare("wasm_valtype_vec_new", None, POINTER(ptr_vec_t), c_size_t, POINTER(c_void_p))
_declare("wasm_valtype_vec_delete", None, POINTER(ptr_vec_t))
_declare("wasm_functype_new", P, POINTER(ptr_vec_t), POINTER(ptr_vec_t))
_declare("wasm_functype_params", POINTER(ptr_vec_t), P)
_declare("wasm_functype_results", POINTER(ptr_vec_t), P)
_declare("wasm_functype_delete", None, P)
_declare("wasm_globaltype_new", P, P, c_uint8)
_declare("wasm_globaltype_content", P, P)
_declare("wasm_globaltype_mutability", c_uint8, P)
_declare("wasm_globaltype_delete", None, P)
_declare("wasm_tabletype_new", P, P, POINTER(wasm_limits_t))
_declare("wasm_tabletype_element", P, P)
_declare("wasm_tabletype_limits", POINTER(wasm_limits_t), P)
_declare("wasm_tabletype_delete", None, P)
_declare("wasm_memorytype_new", P, POINTER(wasm_limits_t))
_declare("wasm_memorytype_limits", POINTER(wasm_limits_t), P)
_declare("wasm_memorytype_delete", None, P)
_declare("wasm_externtype_kind", c_uint8, P)
_declare("wasm_importtype_module", POINTER(wasm_byte_vec_t), P)
_declare("wasm_importtype_name", POINTER(wasm_byte_vec_t), P)
_declare("wasm_importtype_type", P, P)
_declare("wasm_importtype_vec_delete", None, POINTER(ptr_vec_t))
_declare("wasm_exporttype_name", POINTER(wasm_byte_vec_t), P)
_declare("wasm_exporttype_type", P, P)
_declare("wasm_exporttype_vec_delete", None, POINTER(ptr_vec_t))

_declare("wasm_config_new", P)
_declare("wasm_engine_new", P)
_declare("wasm_engine_new_with_config", P, P)
_declare("wasm_engine_delete", None, P)
_declare("wasm_store_new", P, P)
_declare("wasm_store_delete", None, P)
_declare("wasmbox_config_bounds_checks", None, P, c_bool)
_declare("wasmbox_config_max_memory", None, P, ctypes.c_uint64)
_declare("wasmbox_version", c_char_p)
_declare("wasmbox_last_error", c_bool, POINTER(wasm_byte_vec_t))
_declare("wasmbox_trap_exit_status", c_bool, P, POINTER(c_int))

_declare("wasm_module_new", P, P, POINTER(wasm_byte_vec_t))
_declare("wasm_module_validate", c_bool, P, POINTER(wasm_byte_vec_t))
_declare("wasm_module_delete", None, P)
_declare("wasm_module_imports", None, P, POINTER(ptr_vec_t))
_declare("wasm_module_exports", None, P, POINTER(ptr_vec_t))
_declare("wasm_module_serialize", None, P, POINTER(wasm_byte_vec_t))
_declare("wasm_module_deserialize", P, P, POINTER(wasm_byte_vec_t))

_declare("wasm_instance_new", P, P, P, POINTER(ptr_vec_t), POINTER(c_void_p))
_declare("wasm_instance_exports", None, P, POINTER(ptr_vec_t))
_declare("wasm_instance_delete", None, P)
_declare("wasm_extern_kind", c_uint8, P)
_declare("wasm_extern_vec_delete", None, POINTER(ptr_vec_t))
_declare("wasm_extern_as_func", P, P)
_declare("wasm_extern_as_global", P, P)
_declare("wasm_extern_as_table", P, P)
_declare("wasm_extern_as_memory", P, P)
_declare("wasm_func_as_extern", P, P)
_declare("wasm_global_as_extern", P, P)
_declare("wasm_table_as_extern", P, P)
_declare("wasm_memory_as_extern", P, P)

_declare("wasm_func_new_with_env", P, P, P, CALLBACK_WITH_ENV, c_void_p, FINALIZER)
_declare("wasm_func_type", P, P)
_declare("wasm_func_call", P, P, POINTER(wasm_val_vec_t), POINTER(wasm_val_vec_t))
_declare("wasm_func_copy", P, P)
_declare("wasm_func_delete", None, P)
_declare("wasm_func_as_ref", P, P)
_declare("wasm_ref_as_func", P, P)

_declare("wasm_global_new", P, P, P, POINTER(wasm_val_t))
_declare("wasm_global_type", P, P)
_declare("wasm_global_get", None, P, POINTER(wasm_val_t))
_declare("wasm_global_set", None, P, POINTER(wasm_val_t))
_declare("wasm_global_copy", P, P)
_declare("wasm_global_delete", None, P)

_declare("wasm_table_new", P, P, P, P)
_declare("wasm_table_type", P, P)
_declare("wasm_table_get", P, P, c_uint32)
_declare("wasm_table_set", c_bool, P, c_uint32, P)
_declare("wasm_table_size", c_uint32, P)
_declare("wasm_table_grow", c_bool, P, c_uint32, P)
_declare("wasm_table_copy", P, P)
_declare("wasm_table_delete", None, P)

_declare("wasm_memory_new", P, P, P)
_declare("wasm_memory_data", c_void_p, P)
_declare("wasm_memory_data_size", c_size_t, P)
_declare("wasm_memory_size", c_uint32, P)
_declare("wasm_memory_grow", c_bool, P, c_uint32)
_declare("wasm_memory_copy", P, P)
_declare("wasm_memory_delete", None, P)

_declare("wasm_foreign_new", P, P)
_declare("wasm_foreign_as_ref", P, P)
_declare("wasm_foreign_delete", None, P)
_declare("wasm_ref_get_host_info", c_void_p, P)
_declare("wasm_ref_set_host_info", None, P, c_void_p)
_declare("wasm_ref_as_foreign", P, P)
_declare("wasm_ref_copy", P, P)
_declare("wasm_ref_delete", None, P)

_declare("wasm_trap_new", P, P, POINTER(wasm_byte_vec_t))
_declare("wasm_trap_message", None, P, POINTER(wasm_byte_vec_t))
_declare("wasm_trap_trace", None, P, POINTER(ptr_vec_t))
_declare("wasm_trap_delete", None, P)
_declare("wasm_frame_vec_delete", None, POINTER(ptr_vec_t))
_declare("wasm_frame_func_index", c_uint32, P)
_declare("wasm_frame_func_offset", c_size_t, P)
_declare("wasm_frame_module_offset", c_size_t, P)

_declare("wasi_config_new", P, c_char_p)
_declare("wasi_config_arg", None, P, c_char_p)
_declare("wasi_config_env", None, P, c_char_p, c_char_p)
_declare("wasi_config_preopen_dir", c_bool, P, c_char_p)
_declare("wasi_config_mapdir", c_bool, P, c_char_p, c_char_p)
_declare("wasi_config_inherit_stdin", None, P)
_declare("wasi_config_inherit_stdout", None, P)
_declare("wasi_config_inherit_stderr", None, P)
_declare("wasi_config_capture_stdout", None, P)
_declare("wasi_config_capture_stderr", None, P)
_declare("wasi_env_new", P, P, P)
_declare("wasi_env_delete", None, P)
_declare("wasi_env_read_stdout", c_ssize_t, P, c_void_p, c_size_t)
_declare("wasi_env_read_stderr", c_ssize_t, P, c_void_p, c_size_t)
_declare("wasi_get_imports", c_bool, P, P, P, POINTER(ptr_vec_t))
_declare("wasi_env_initialize_instance", c_bool, P, P, P)
_declare("wasi_get_start_function", P, P)


def name_bytes(vec_ptr):
    """The bytes of a borrowed wasm_name_t*."""
    v = vec_ptr.contents
    return ctypes.string_at(v.data, v.size) if v.size else b""


def last_error(default):
    """wasmbox_last_error's message, or default when there is none."""
    out = wasm_byte_vec_t()
    if not wasmbox_last_error(ctypes.byref(out)):  # noqa: F821 (declared above)
        return default
    text = ctypes.string_at(out.data, out.size).rstrip(b"\0").decode("utf-8", "replace")
    wasm_byte_vec_delete(ctypes.byref(out))  # noqa: F821
    return text
