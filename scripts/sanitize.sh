#!/usr/bin/env bash
# Builds the whole tree with ASan and UBSan into build-asan and runs every test (LSan on).
#
# Usage: scripts/sanitize.sh [ctest arguments...]   (e.g. -R robustness)
# Any sanitizer report fails the test that triggered it: ASan and UBSan abort on the first
# error (-fno-sanitize-recover=all), and LeakSanitizer makes the process exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build="${BUILD_DIR:-build-asan}"
cmake -S . -B "$build" -DCPTRULES_SANITIZE=ON -DCPTRULES_WERROR=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j"$(nproc)"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Programs that tests build on their own (the installed-package example) link the runtimes too.
export LDFLAGS="${LDFLAGS:+$LDFLAGS }-fsanitize=address,undefined"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"
