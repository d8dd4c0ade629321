#!/usr/bin/env bash
# Builds cptrules and the benchmark programs in Release (into ./build-bench, or $BUILD_DIR) and
# runs bench_eval: throughput of `cptrules eval` with 1 and 2 threads against the hand-written
# floor, peak memory, start-up time, instructions and allocations per encounter.
# Extra arguments go to bench_eval (e.g. --count 200000 --repeat 5 --no-callgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build="${BUILD_DIR:-build-bench}"
# Warnings are not errors here: GCC 12 at -O3 reports false positives (-Wrestrict,
# -Wmaybe-uninitialized) that the RelWithDebInfo build, which keeps -Werror, does not.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCPTRULES_WERROR=OFF ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$(nproc)" --target cptrules bench_floor bench_eval
"$build/tests/bench/bench_eval" "$@"
