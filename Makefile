# Makefile — a thin wrapper over CMake (CMakeLists.txt holds the real build).
#   make               release build into build/ (build/wasmbox)
#   make test          bootstrap, release (-Werror) + ASan/UBSan builds, every test suite
#   make demo          bootstrap, build, C/C++ examples and OpenSSL built for WASI (cached), the demonstration
#   make asan          ASan+UBSan build into build-asan/
#   make install PREFIX=DIR    installs bin/wasmbox and the toolchain (bin/wasmbox-cc ...) under DIR
#                              and libwasmbox (lib/libwasmbox.{so,a}, include/*.h, lib/pkgconfig/wasmbox.pc)
#   make fuzz FUZZ_SECONDS=N   each libFuzzer target for N s (build-fuzz/, clang-19), then the regressions
#   make difftest N=...       N random modules (wasm-opt -ttf) run in wasmbox and node, compared
#   make bench [QUICK=1]     benchmarks: native, wasmbox and node side by side (bench/results/)
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

.PHONY: all build test demo asan install clean fuzz difftest bench

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

# The seeds are the spec modules the release build converts; the targets build in FUZZ_DIR.
FUZZ_DIR     ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz: build
	@FUZZ_DIR='$(FUZZ_DIR)' SEED_DIR='$(BUILD_DIR)/tests/spec' JOBS='$(JOBS)' tests/fuzz/run-fuzz all '$(FUZZ_SECONDS)'

N ?= 100
difftest: build
	@tests/difftest/difftest --wasmbox-harness '$(BUILD_DIR)/tests/difftest/wb-difftest' -n '$(N)' -j '$(JOBS)' \
	  --out '$(BUILD_DIR)/tests/difftest/out'

# Benchmarks: bench/run builds what it needs (real programs cached in ~/.cache/wasmbox/bench).
bench:
	@scripts/bootstrap
	@$(MAKE) build
	@BUILD_DIR='$(BUILD_DIR)' QUICK='$(QUICK)' JOBS='$(JOBS)' bench/run

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR) examples/*.wasm examples/hello-c/hello.wasm examples/hello-cxx/hello.wasm
