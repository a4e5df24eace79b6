# wasmbox-wasi.cmake — CMake toolchain file for WASI preview1 (wasm32-wasi) with wasmbox-cc and
# wasmbox-c++: cmake -DCMAKE_TOOLCHAIN_FILE=<this file> ..., or simply wasmbox-cmake.
# Executables get the .wasm suffix; libraries are static only; find_* never sees the host's files.
set(CMAKE_SYSTEM_NAME WASI)               # Platform/WASI.cmake beside this file
set(CMAKE_SYSTEM_PROCESSOR wasm32)
list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}")

# In the source tree the compilers are in tools/; installed, this file is in share/wasmbox/cmake
# and they are in bin/.
find_program(WASMBOX_CC wasmbox-cc
  HINTS "${CMAKE_CURRENT_LIST_DIR}/.." "${CMAKE_CURRENT_LIST_DIR}/../../../bin" NO_DEFAULT_PATH)
find_program(WASMBOX_CC wasmbox-cc)
if(NOT WASMBOX_CC)
  message(FATAL_ERROR "wasmbox-wasi.cmake: wasmbox-cc not found beside this file nor on PATH")
endif()
get_filename_component(wb_tools_dir "${WASMBOX_CC}" DIRECTORY)
set(CMAKE_C_COMPILER "${wb_tools_dir}/wasmbox-cc")
set(CMAKE_CXX_COMPILER "${wb_tools_dir}/wasmbox-c++")
find_program(CMAKE_AR llvm-ar-19 REQUIRED)
find_program(CMAKE_RANLIB llvm-ranlib-19 REQUIRED)
set(CMAKE_C_COMPILER_AR "${CMAKE_AR}")            # what -flto builds archive with
set(CMAKE_CXX_COMPILER_AR "${CMAKE_AR}")
set(CMAKE_C_COMPILER_RANLIB "${CMAKE_RANLIB}")
set(CMAKE_CXX_COMPILER_RANLIB "${CMAKE_RANLIB}")

# find_library / find_path / find_package look only inside the private sysroot view.
execute_process(COMMAND "${wb_tools_dir}/wasmbox-sysroot" OUTPUT_VARIABLE wb_sysroot
                OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE wb_rc)
if(NOT wb_rc EQUAL 0)
  message(FATAL_ERROR "wasmbox-wasi.cmake: wasmbox-sysroot failed (see its message above)")
endif()
set(CMAKE_FIND_ROOT_PATH "${wb_sysroot}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(ENV{PKG_CONFIG_LIBDIR} "${wb_sysroot}/lib/pkgconfig")
