#!/usr/bin/env bash
# Mutation check of the standard rules' tests: one number or comparison changed at a time, then `cptrules test`.
# usage: scripts/mutate-rules.sh [--binary PATH] [--allow FILE] [--rules DIR] [--list]
#
# What is mutated, in the .rules files under DIR/policies and DIR/codes (DIR: stdlib-rules):
#   - every number of a policy (its `units` formula or table rows, `each code gets`): N+1, N-1;
#   - the N of a code's `timed every N min` and `timed first N min`: N+1, N-1;
#   - the N of a limit's `at most N units per day` (none is shipped today): N+1, N-1;
#   - every comparison of a policy, one way: < to <=, <= to <, > to >=, >= to >, == to !=, != to ==.
# Never mutated: comments, quoted strings, dates, code names (`code 97140`, `replaces 97762`,
# `add-on to X3010`), a name holding digits (`cms-8-minute`), phrases of facts, and test blocks
# (they are the tests, not the rules under test). N-1 is skipped when N is 0.
#
# Each mutant is one change in one file of a copy of DIR; `cptrules test --no-stdlib COPY` runs
# every test of the copy. Exit status 1 is a failed test: the mutant is killed. Exit status 65 is
# a load error: the mutant is invalid, counted apart. Exit status 0: the mutant survived.
#
# The allow-list (FILE: tests/mutation-survivors.txt) names the survivors that no test can
# observe. Each entry is a survivor as this script prints it: `FILE:LINE:COL: ORIG -> MUT
# [DECLARATION]`, then `  | ` and the source line; `#` lines give the reason. An entry matches
# by file, column, mutation, declaration and the exact source line, never by line number, so
# lines added or removed elsewhere do not break it; when the line itself changes, the entry
# matches no more and the survivor is reported again.
#
# Exit status: 0 when every survivor is in the allow-list; 1 when one is not, or when a mutant
# made cptrules exit with another status (a crash); 2 when the unmutated rules fail their tests;
# 64 for a wrong option.
set -euo pipefail

usage() {
  echo "usage: scripts/mutate-rules.sh [--binary PATH] [--allow FILE] [--rules DIR] [--list]" >&2
  exit 64
}

absolute() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$PWD/$1" ;;
  esac
}

binary=""
allow=""
rules=""
list=0
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) [ $# -ge 2 ] || usage; binary="$(absolute "$2")"; shift 2 ;;
    --allow) [ $# -ge 2 ] || usage; allow="$(absolute "$2")"; shift 2 ;;
    --rules) [ $# -ge 2 ] || usage; rules="$(absolute "$2")"; shift 2 ;;
    --list) list=1; shift ;;
    -h | --help) usage ;;
    *) echo "mutate-rules.sh: unknown option '$1'" >&2; usage ;;
  esac
done

cd "$(dirname "$0")/.."
binary="${binary:-$PWD/build/cptrules}"
allow="${allow:-$PWD/tests/mutation-survivors.txt}"
rules="${rules:-$PWD/stdlib-rules}"
# Files are named relative to the repository root when they are under it.
label="${rules#"$PWD"/}"

# mutants_of FILE NAME: one line per mutant of FILE, printed as NAME, line, column, original,
# mutated and declaration, separated by tabs.
mutants_of() {
  awk -v name="$2" '
    # A copy of the line with strings and comments blanked, so that columns stay the same.
    function code_view(line,    out, i, c, in_string) {
      out = ""; in_string = 0
      for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (in_string) {
          if (c == "\\") { out = out "  "; i++; continue }
          if (c == "\"") in_string = 0
          out = out " "
        } else if (c == "\"") {
          in_string = 1; out = out " "
        } else if (c == "#") {
          break
        } else {
          out = out c
        }
      }
      return out
    }
    function emit(col, from, to) {
      printf "%s\t%d\t%d\t%s\t%s\t%s\n", name, NR, col, from, to, decl
    }
    {
      text = code_view($0); n = 0; i = 1
      # Tokens: tok[k] its text, at[k] its column.
      while (i <= length(text)) {
        rest = substr(text, i); c = substr(rest, 1, 1)
        if (c == " " || c == "\t" || c == "\r") { i++; continue }
        if (match(rest, /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/) ||
            match(rest, /^[A-Za-z_][A-Za-z0-9_-]*/) || match(rest, /^[0-9]+/) ||
            match(rest, /^(->|\.\.|<=|>=|==|!=)/)) {
          len = RLENGTH
        } else {
          len = 1
        }
        n++; tok[n] = substr(rest, 1, len); at[n] = i; i += len
      }
      for (k = 1; k <= n; k++) {
        t = tok[k]
        if (depth == 0 && t ~ /^(code|policy|payer|edit|modifier|limit|test)$/) {
          kind = t; decl = t " " (k < n ? tok[k + 1] : "")
        }
        if (t == "{") depth++
        if (t == "}") depth--
        if (t ~ /^[0-9]+$/) {
          number = (kind == "policy") ||
                   (kind == "code" && k >= 3 && tok[k - 2] == "timed" && tok[k - 1] ~ /^(every|first)$/) ||
                   (kind == "limit" && k >= 2 && tok[k - 1] == "most")
          if (number) {
            emit(at[k], t, t + 1)
            if (t + 0 > 0) emit(at[k], t, t - 1)
          }
        }
        if (kind == "policy") {
          if (t == "<") emit(at[k], t, "<=")
          if (t == "<=") emit(at[k], t, "<")
          if (t == ">") emit(at[k], t, ">=")
          if (t == ">=") emit(at[k], t, ">")
          if (t == "==") emit(at[k], t, "!=")
          if (t == "!=") emit(at[k], t, "==")
        }
      }
    }
  ' "$1"
}

all_mutants() {
  local dir file
  for dir in policies codes; do
    [ -d "$rules/$dir" ] || continue
    find "$rules/$dir" -type f -name '*.rules' | LC_ALL=C sort | while IFS= read -r file; do
      mutants_of "$file" "$label/${file#"$rules"/}"
    done
  done
}

# The source line LINE of FILE (FILE named as in the mutant list).
source_line() {
  sed -n "$2p" "$rules/${1#"$label"/}"
}

mutants="$(all_mutants)"
if [ "$list" = 1 ]; then
  if [ -n "$mutants" ]; then
    printf '%s\n' "$mutants" | awk -F '\t' '{ printf "%s:%d:%d: %s -> %s [%s]\n", $1, $2, $3, $4, $5, $6 }'
  fi
  echo "$(printf '%s' "$mutants" | grep -c '' || true) mutants"
  exit 0
fi

[ -x "$binary" ] || { echo "mutate-rules.sh: no cptrules at $binary (use --binary PATH)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/rules"
cp -R "$rules/." "$work/rules/"

status=0
"$binary" test --no-stdlib "$work/rules" >"$work/out" 2>&1 || status=$?
if [ "$status" != 0 ]; then
  echo "mutate-rules.sh: the unmutated rules fail their tests (exit status $status):" >&2
  cat "$work/out" >&2
  exit 2
fi

# The allow-list: each entry's heading, a tab, and its key: file, column, original, mutated,
# declaration and source line, separated by |.
: >"$work/allowed"
if [ -f "$allow" ]; then
  awk '
    /^[^# \t|][^:]*:[0-9]+:[0-9]+: / {
      split($0, part, ": "); split(part[1], place, ":")
      rest = substr($0, length(part[1]) + 3)
      if (match(rest, / -> /) == 0) next
      from = substr(rest, 1, RSTART - 1); rest = substr(rest, RSTART + 4)
      to = rest; decl = ""
      if (match(rest, / \[.*\]$/)) { to = substr(rest, 1, RSTART - 1); decl = substr(rest, RSTART + 2, RLENGTH - 3) }
      heading = $0; pending = place[1] "|" place[3] "|" from "|" to "|" decl "|"
      next
    }
    /^  \| / && pending != "" { print heading "\t" pending substr($0, 5); pending = ""; next }
    { pending = "" }
  ' "$allow" >"$work/allowed"
fi

total=0 killed=0 invalid=0 survived=0 listed=0 crashed=0
: >"$work/survivors"
: >"$work/survivor-keys"
: >"$work/stale"
: >"$work/unlisted"
: >"$work/invalid"
: >"$work/crashed"
while IFS="$(printf '\t')" read -r file line col from to decl; do
  [ -n "$file" ] || continue
  total=$((total + 1))
  path="${file#"$label"/}"
  awk -v l="$line" -v c="$col" -v from="$from" -v to="$to" '
    NR == l {
      if (substr($0, c, length(from)) != from) { print "mutate-rules.sh: no " from " at column " c > "/dev/stderr"; exit 3 }
      $0 = substr($0, 1, c - 1) to substr($0, c + length(from))
    }
    { print }
  ' "$rules/$path" >"$work/rules/$path"
  status=0
  "$binary" test --no-stdlib "$work/rules" >"$work/out" 2>&1 || status=$?
  cp "$rules/$path" "$work/rules/$path"
  text="$(source_line "$file" "$line")"
  heading="$file:$line:$col: $from -> $to [$decl]"
  case "$status" in
    1) killed=$((killed + 1)) ;;
    65)
      invalid=$((invalid + 1))
      { printf '%s\n  | %s\n' "$heading" "$text"; grep -m 1 'error\[' "$work/out" | sed "s|$work/rules|$label|; s/^/  /" || true; } >>"$work/invalid"
      ;;
    0)
      survived=$((survived + 1))
      key="$file|$col|$from|$to|$decl|$text"
      printf '%s\n' "$key" >>"$work/survivor-keys"
      if cut -f 2- "$work/allowed" | grep -Fxq -- "$key"; then
        listed=$((listed + 1))
        printf '%s\n  | %s\n' "$heading" "$text" >>"$work/survivors"
      else
        printf '%s\n  | %s\n' "$heading" "$text" >>"$work/unlisted"
      fi
      ;;
    *)
      # Not a test failure nor a load error: a crash. Killed, but reported.
      killed=$((killed + 1)) crashed=$((crashed + 1))
      printf '%s\n  | %s\n  exit status %s\n' "$heading" "$text" "$status" >>"$work/crashed"
      ;;
  esac
done <<EOF
$mutants
EOF

if [ -s "$work/invalid" ]; then
  echo "invalid mutants (the rules do not load):"
  cat "$work/invalid"
fi
if [ -s "$work/crashed" ]; then
  echo "mutants on which cptrules test exited with a status other than 0, 1 or 65:"
  cat "$work/crashed"
fi
if [ -s "$work/survivors" ]; then
  echo "survivors in the allow-list ($allow):"
  cat "$work/survivors"
fi
if [ -s "$work/unlisted" ]; then
  echo "survivors NOT in the allow-list (add a test that kills them, or list them with a reason):"
  cat "$work/unlisted"
fi
# Entries that match no survivor: their mutant is killed now, or their line has changed.
while IFS="$(printf '\t')" read -r heading key; do
  grep -Fxq -- "$key" "$work/survivor-keys" || printf '%s\n' "$heading" >>"$work/stale"
done <"$work/allowed"
if [ -s "$work/stale" ]; then
  echo "allow-list entries that match no surviving mutant (remove them, or update their line):"
  cat "$work/stale"
fi
valid=$((total - invalid))
awk -v k="$killed" -v n="$valid" -v s="$survived" -v i="$invalid" -v a="$listed" 'BEGIN {
  printf "mutation score: %d killed of %d valid mutants (%.1f%%), %d survived, %d invalid\n",
         k, n, (n > 0 ? 100 * k / n : 100), s, i
  printf "survivors: %d in the allow-list, %d not\n", a, s - a
}'
if [ "$survived" -gt "$listed" ] || [ "$crashed" -gt 0 ]; then
  exit 1
fi
exit 0
