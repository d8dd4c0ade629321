#!/usr/bin/env bash
# Installs cptrules into a temporary prefix, builds examples/embedding against the installed
# package (find_package(cptrules)), runs it and compares its output with expected.txt.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/cptrules-install-XXXXXX")
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >"$work/install.log"
test -x "$work/prefix/bin/cptrules"
# Only the public headers: engine.hpp and the value types it reaches (cmake/install.cmake).
installed=$(cd "$work/prefix/include/cptrules" && ls | tr '\n' ' ')
expected="clock_overlap.hpp date.hpp day.hpp encounter.hpp engine.hpp eval_options.hpp explanation.hpp result.hpp "
if [ "$installed" != "$expected" ]; then
  echo "installed headers: $installed"
  echo "expected:          $expected"
  exit 1
fi
cmake -S "$source_dir/examples/embedding" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
"$work/build/embedding_example" >"$work/out.txt"
diff -u "$source_dir/examples/embedding/expected.txt" "$work/out.txt"
echo "installed, built and ran the embedding example: output as expected"
