#!/usr/bin/env bash
# Builds a libFuzzer target into build-fuzz and runs it: scripts/fuzz.sh
# rules|encounters|csv|lsp SECONDS.
#
# The working corpus (build-fuzz/corpus/TARGET) starts from the curated seeds (tests/fuzz/seeds),
# the crash regressions (tests/fuzz/regressions) and copies of stdlib-rules/, examples/ and tests/
# files; it grows between runs and is never committed. Crashes, hangs (-timeout=5) and leaks
# are written to build-fuzz/artifacts/TARGET/; copy the ones worth keeping to
# tests/fuzz/regressions/TARGET/ (see docs/robustness.md).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: scripts/fuzz.sh rules|encounters|csv|lsp SECONDS [libFuzzer flags...]" >&2
  exit 64
}
[ $# -ge 2 ] || usage
target="${1#fuzz_}"
seconds="$2"
shift 2
case "$target" in
  rules) max_len=16384 ;;       # the largest standard rule file is about 12 KB
  encounters) max_len=16384 ;;  # room for one encounter with more than 256 services
  lsp) max_len=16384 ;;         # a few framed messages with a rule file's text
  csv) max_len=16384 ;;
  *) usage ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

build=build-fuzz
# Warnings are the main (gcc) build's business: a clang-only warning must not stop fuzzing.
CC=clang CXX=clang++ cmake -S . -B "$build" -DCPTRULES_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCPTRULES_WERROR=OFF \
  >/dev/null
cmake --build "$build" --target "fuzz_$target" -j"$(nproc)"

corpus="$build/corpus/$target"
artifacts="$build/artifacts/$target"
mkdir -p "$corpus" "$artifacts"

# Seed the working corpus (cp -n keeps what earlier runs found).
seed() { [ -e "$1" ] && cp -n "$1" "$corpus/$2" 2>/dev/null || true; }
if [ "$target" = rules ]; then
  while IFS= read -r f; do seed "$f" "$(echo "$f" | tr '/' '_')"; done \
    < <(find stdlib-rules examples tests -name '*.rules' -not -path 'tests/fuzz/*' 2>/dev/null)
elif [ "$target" = csv ]; then
  # The CSV files of examples/ and tests/, the CSV seeds of the encounter reader among them.
  while IFS= read -r f; do seed "$f" "$(echo "$f" | tr '/' '_')"; done \
    < <(find examples tests -name '*.csv' -not -path 'tests/fuzz/regressions/*' 2>/dev/null)
elif [ "$target" = encounters ]; then
  while IFS= read -r f; do
    seed "$f" "$(echo "$f" | tr '/' '_')"
    # Each line of JSON Lines alone, too.
    n=0
    while IFS= read -r line && [ $n -lt 50 ]; do
      n=$((n + 1))
      printf '%s\n' "$line" > "$corpus/$(echo "$f" | tr '/' '_').line$n"
    done < "$f"
  done < <(find examples tests -name '*.jsonl' -o -name '*.json' 2>/dev/null | grep -v '^tests/fuzz/')
fi
for dir in "tests/fuzz/seeds/$target" "tests/fuzz/regressions/$target"; do
  if [ -d "$dir" ]; then
    for f in "$dir"/*; do seed "$f" "$(basename "$f")"; done
  fi
done

exec "$build/tests/fuzz/fuzz_$target" "$corpus" -max_total_time="$seconds" -timeout=5 \
  -max_len="$max_len" -dict="tests/fuzz/$target.dict" -artifact_prefix="$artifacts/" \
  -print_final_stats=1 "$@"
