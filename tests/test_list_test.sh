#!/usr/bin/env bash
# Checks that ctest runs exactly the tests that exist: each Catch2 test case is one ctest test of
# the same name, and every other ctest test is one of the names given.
#
# Usage: test_list_test.sh CTEST BUILD_DIR UNIT_TESTS OTHER_TEST...
# A test case whose name catch_discover_tests cannot keep whole (a ';' splits it into two ctest
# tests that match no test case) is reported by name.
set -euo pipefail
ctest="${1:?usage: test_list_test.sh CTEST BUILD_DIR UNIT_TESTS OTHER_TEST...}"
build="${2:?build folder}"
unit_tests="${3:?unit test program}"
shift 3

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# --list-test-names-only exits with the number of test cases, not 0.
"$unit_tests" --list-test-names-only | sed '/^$/d' | sort >"$tmp/catch" || true
"$ctest" --test-dir "$build" -N | sed -n 's/^ *Test *#[0-9]*: //p' | sort >"$tmp/ctest"
printf '%s\n' "$@" | sort >"$tmp/others"

problems=0
count="$(wc -l <"$tmp/catch")"
if [[ "$count" -eq 0 ]]; then
  echo "FAIL: $unit_tests lists no test case"
  problems=1
fi
while IFS= read -r name; do
  echo "FAIL: the test case \"$name\" has a ';', which splits it into tests that run nothing"
  problems=1
done < <(grep -F ';' "$tmp/catch" || true)
while IFS= read -r name; do
  echo "FAIL: the test case \"$name\" is not a ctest test (or is one more than once)"
  problems=1
done < <(sort "$tmp/catch" "$tmp/ctest" | uniq -c | awk '$1 != 2 { $1 = ""; print substr($0, 2) }' |
  sort | comm -12 - "$tmp/catch")
while IFS= read -r name; do
  echo "FAIL: the ctest test \"$name\" is neither a Catch2 test case nor a registered test"
  problems=1
done < <(sort -u "$tmp/catch" "$tmp/others" | comm -13 - <(sort -u "$tmp/ctest"))
while IFS= read -r name; do
  echo "FAIL: the registered test \"$name\" is not a ctest test"
  problems=1
done < <(comm -23 "$tmp/others" <(sort -u "$tmp/ctest"))
if [[ "$problems" -ne 0 ]]; then
  exit 1
fi
echo "test list: ${count} Catch2 test cases and $# other tests, each one ctest test"
