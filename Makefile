# Makefile — a thin wrapper over CMake (CMakeLists.txt holds the real build).
#   make               release build into build/ (build/wasmbox)
#   make test          bootstrap, release (-Werror) + ASan/UBSan builds, every test suite
#   make demo          bootstrap, build, run the example modules
#   make asan          ASan+UBSan build into build-asan/
#   make install PREFIX=DIR    installs bin/wasmbox under DIR
#   make clean
# CC=clang (on the command line or in the environment) selects the compiler; JOBS=N the parallelism.

BUILD_DIR ?= build
ASAN_DIR  ?= build-asan
PREFIX    ?= /usr/local
JOBS      ?= 2
MAKEFLAGS += --no-print-directory
CMAKE     ?= cmake

# Make always defines CC (as "cc"); pass it on only when the user chose it.
ifneq ($(filter command line environment,$(origin CC)),)
CMAKE_ARGS += -DCMAKE_C_COMPILER=$(CC)
endif

.PHONY: all build test demo asan install clean

all: build

build:
	scripts/configure $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)
	$(CMAKE) --build $(BUILD_DIR) -j $(JOBS)

asan:
	scripts/configure $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Asan $(CMAKE_ARGS)
	$(CMAKE) --build $(ASAN_DIR) -j $(JOBS)

test:
	@JOBS='$(JOBS)' BUILD_DIR='$(BUILD_DIR)' ASAN_DIR='$(ASAN_DIR)' CMAKE_ARGS='$(CMAKE_ARGS)' scripts/run-tests

# The demo keeps the build's output out of the way unless the build fails.
demo:
	@scripts/bootstrap
	@echo "building wasmbox into $(BUILD_DIR)/ ..."
	@log=$$(mktemp) && { $(MAKE) build >"$$log" 2>&1 || { cat "$$log"; rm -f "$$log"; exit 1; }; } && rm -f "$$log"
	@WASMBOX='$(BUILD_DIR)/wasmbox' BUILD_DIR='$(BUILD_DIR)' scripts/demo

install: build
	$(CMAKE) --install $(BUILD_DIR) --prefix '$(PREFIX)'

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) examples/*.wasm
