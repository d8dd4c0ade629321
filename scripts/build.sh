#!/usr/bin/env bash
# Installs what is missing, then configures and builds cptrules into ./build (or $BUILD_DIR), with
# warnings as errors (CI and the README's test command build this way).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build="${BUILD_DIR:-build}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" -DCPTRULES_WERROR=ON ${CMAKE_ARGS:-} \
  >/dev/null
cmake --build "$build" -j"$(nproc)"
