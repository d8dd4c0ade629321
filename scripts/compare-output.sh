#!/usr/bin/env bash
# Records what `cptrules eval` prints for a fixed set of inputs, or checks that a build prints
# exactly the same: the guard of every refactor that must not change behaviour.
#
# Usage: scripts/compare-output.sh save DIR [CPTRULES]    record the outputs into DIR
#        scripts/compare-output.sh check DIR [CPTRULES]   compare with DIR; exit 1 on any difference
#        scripts/compare-output.sh --base REV             build REV in a worktree, record its
#                                                         outputs, and check ./build against them
# CPTRULES defaults to ./build/cptrules; the benchmark corpus comes from ./build's bench_eval.
#
# The inputs: the benchmark corpus (100,000 encounters of the sample shape, seed as in
# docs/performance.md; 20,000 of them with --explain) and every .json/.jsonl file of examples/,
# with the rule files of its folder; each in jsonl, jsonl --explain, json, csv and table, with
# one thread and (the corpus) two. Standard output, standard error and the exit status are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '5,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }

# Writes the outputs of the binary $1 into the folder $2.
record() {
  local bin="$1" out="$2" corpus="$2/.corpus"
  mkdir -p "$out/.corpus"
  ./build/tests/bench/bench_eval --count 100000 --write-corpus "$corpus/corpus.jsonl"
  head -n 20000 "$corpus/corpus.jsonl" >"$corpus/corpus-20k.jsonl"
  run() {  # NAME ARGS...: one run of the binary, its three outputs
    local name="$1"
    shift
    local status=0
    "$bin" eval "$@" >"$out/$name.out" 2>"$out/$name.err" || status=$?
    echo "$status" >"$out/$name.status"
  }
  run corpus.jsonl --format jsonl "$corpus/corpus.jsonl"
  run corpus.jobs2.jsonl --format jsonl --jobs 2 "$corpus/corpus.jsonl"
  run corpus.csv --format csv "$corpus/corpus.jsonl"
  run corpus-20k.explain.jsonl --format jsonl --explain "$corpus/corpus-20k.jsonl"
  run corpus-20k.table --format table "$corpus/corpus-20k.jsonl"
  local input folder name rules
  while IFS= read -r input; do
    folder="$(dirname "$input")"
    name="$(echo "${input#examples/}" | tr '/' '_')"
    rules=()
    if compgen -G "$folder/*.rules" >/dev/null; then rules=(--rules "$folder"); fi
    for format in jsonl json csv table; do
      run "$name.$format" "${rules[@]}" --format "$format" "$input"
    done
    run "$name.explain.jsonl" "${rules[@]}" --format jsonl --explain "$input"
    run "$name.explain.table" "${rules[@]}" --format table --explain "$input"
  done < <(find examples -name '*.json' -o -name '*.jsonl' | sort)
  rm -rf "$corpus"
}

case "${1:-}" in
  save)
    [[ $# -ge 2 ]] || usage
    rm -rf "$2"
    record "${3:-./build/cptrules}" "$2"
    echo "recorded $(find "$2" -name '*.out' | wc -l) outputs in $2"
    ;;
  check)
    [[ $# -ge 2 && -d "$2" ]] || usage
    now="$(mktemp -d)"
    trap 'rm -rf "$now"' EXIT
    record "${3:-./build/cptrules}" "$now"
    if diff -r -q "$2" "$now" >/dev/null; then
      echo "same: $(find "$2" -name '*.out' | wc -l) outputs, byte for byte"
    else
      diff -r "$2" "$now" | head -n 40
      echo "DIFFERENT: the outputs above changed" >&2
      exit 1
    fi
    ;;
  --base)
    [[ $# -eq 2 ]] || usage
    work="$(mktemp -d)"
    trap 'git worktree remove --force "$work/tree" 2>/dev/null || true; rm -rf "$work"' EXIT
    git worktree add --detach -q "$work/tree" "$2"
    cmake -S "$work/tree" -B "$work/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCPTRULES_TESTS=OFF \
      >/dev/null
    cmake --build "$work/build" -j"$(nproc)" --target cptrules >/dev/null
    "$0" save "$work/before" "$work/build/cptrules"
    "$0" check "$work/before"
    ;;
  *) usage ;;
esac
