#!/usr/bin/env bash
# Drives `cptrules repl` on a terminal (tmux): Tab completion, Ctrl-C, Ctrl-R, colours, history.
#
# Usage: tty_test.sh PATH/TO/cptrules. Exits 77 (reported by ctest as skipped, which CI counts
# as a failure) when tmux is not installed. HOME and XDG_STATE_HOME point into a temporary
# folder, so the user's history is never touched.
#
# Every wait is driven by the terminal's output, not by time: tmux copies what the REPL prints
# into a FIFO (pipe-pane), and a wait re-reads the screen each time output arrives. tmux updates
# its screen before it copies the output, so the screen read after an event is never behind it.
# A wait that sees no output for $quiet seconds fails: a stuck REPL cannot hang the suite.
set -euo pipefail

binary="${1:?usage: tty_test.sh PATH/TO/cptrules}"
if ! command -v tmux >/dev/null 2>&1; then
  echo "tmux is not installed: the REPL terminal test cannot run (scripts/setup.sh installs it)"
  exit 77
fi
here="$(cd "$(dirname "$0")" && pwd)"
rules="$here/fixtures/rules"
quiet=30

tmp="$(mktemp -d)"
socket="$tmp/tmux.sock"
cleanup() {
  tmux -S "$socket" kill-server 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
export HOME="$tmp/home" XDG_STATE_HOME="$tmp/state"
mkdir -p "$HOME"
unset NO_COLOR || true
mkfifo "$tmp/output"
exec 3<>"$tmp/output"  # held open both ways: tmux's writer never blocks, reads wait for data

fail() {
  echo "FAIL: $1"
  echo "--- screen:"
  screen
  exit 1
}
screen() { tmux -S "$socket" capture-pane -p -t repl; }
keys() { tmux -S "$socket" send-keys -t repl "$@"; }
# Blocks until the REPL prints something more, then takes in all it has printed so far.
next_output() {
  read -r -N 1 -t "$quiet" -u 3 _ || return 1
  while read -r -t 0 -u 3; do read -r -N 1 -u 3 _; done
}
# Runs the check "$@" now and again after each output of the REPL, until it holds.
await() {
  local what="$1"
  shift
  until "$@"; do
    next_output || fail "no output for ${quiet}s while waiting for $what"
  done
}
screen_has() { screen | grep -qF -- "$1"; }
# The line the cursor is on, without trailing blanks.
cursor_line() {
  local y
  y="$(tmux -S "$socket" display-message -p -t repl '#{cursor_y}')"
  screen | sed -n "$((y + 1))p" | sed 's/[[:space:]]*$//'
}
cursor_line_is() { [[ "$(cursor_line)" == "$1" ]]; }
# Waits until the screen shows the fixed text $1.
wait_for() { await "'$1'" screen_has "$1"; }
# Waits until the cursor's line is $1 (trailing blanks aside).
expect_line() {
  local want="${1%"${1##*[![:space:]]}"}"
  until cursor_line_is "$want"; do
    next_output || fail "expected the line '$1', got '$(cursor_line)'"
  done
}
# A session of its own keeps the tmux server (and the channels that say a REPL ended) alive
# after a REPL's session is gone.
tmux -S "$socket" new-session -d -s keeper
sessions=0
start() {
  sessions=$((sessions + 1))
  tmux -S "$socket" kill-session -t repl 2>/dev/null || true
  rm -f "$tmp/status"
  # The REPL's exit status goes to a file, then a tmux channel says it has ended.
  tmux -S "$socket" new-session -d -s repl -x 120 -y 50 \
    "$* $binary repl --no-stdlib --rules $rules --payer medicare; echo \$? >'$tmp/status'; \
     tmux -S '$socket' wait-for -S ended-$sessions"
  tmux -S "$socket" pipe-pane -t repl "cat >'$tmp/output'"
  wait_for "cptrules repl: 6 codes, 2 policies, 2 payers"
  # Keys go in only once the prompt is drawn: before it, the terminal is not yet in the line
  # editor's mode and would echo an arrow key as text.
  expect_line "medicare> "
}
# Waits until the REPL has ended; checks its exit status.
wait_exit() {
  timeout "$quiet" tmux -S "$socket" wait-for "ended-$sessions" || fail "the REPL did not end"
  local status
  status="$(cat "$tmp/status")"
  [[ "$status" == 0 ]] || fail "the REPL ended with status '${status}', not 0"
}

# --- First session: completion, Ctrl-C, colours, Ctrl-D ------------------------------------
start

# A command, then a payer name, each completed with Tab.
keys ':sh' Tab
expect_line "medicare> :show"
keys 'medi' Tab
expect_line "medicare> :show medicare"
keys Enter
wait_for "# payer medicare, $rules/payers.rules:3"

# A code: one candidate completes; several are listed below the line.
keys '97110 33 min, 971' Tab
wait_for "97110  97112  97140  97161"
keys '4' Tab
expect_line "medicare> 97110 33 min, 97140"
# A timed code takes its minutes first: Tab adds nothing after it (never `97140 min`).
keys Tab '7 min'
expect_line "medicare> 97110 33 min, 97140 7 min"
keys Enter
wait_for "total   40      3"

# A file name after :load, and a payer after :compare.
keys ":load $here/fixtures/bro" Tab
expect_line "medicare> :load $here/fixtures/broken.rules"
keys C-c
keys ':compare med' Tab 'com' Tab
expect_line "medicare> :compare medicare commercial"
keys C-c

# Ctrl-C cancels the line being typed, and a declaration being typed.
keys '97110 99 min'
keys C-c
expect_line "medicare> "
wait_for "medicare> 97110 99 min^C"
keys 'payer x "X" {' Enter
expect_line "...> "
keys C-c
expect_line "medicare> "
keys ':scenario' Enter
wait_for "given 97110 33 min, 97140 7 min"

# Colours on a terminal (the result header is dim).
tmux -S "$socket" capture-pane -e -p -t repl | grep -qF $'\e[2mmedicare, policy cms-8-minute' ||
  fail "no colours on a terminal"

# Completion keeps a scenario valid: nothing after a timed code, `min` after its minutes, then
# `with`, the modifiers the rules declare, and `and` between them.
keys ":load $here/fixtures/claims.rules" Enter
wait_for "Loaded $here/fixtures/claims.rules"
keys '97530' Tab Tab '10 ' Tab 'w' Tab 'G' Tab 'a' Tab '5' Tab
expect_line "medicare> 97530 10 min with GP and 59"
keys Enter ':scenario' Enter
wait_for "given 97530 10 min with GP and 59"
# And the clauses of a service in their order: `to` after the clock time it starts, `in` and a
# discipline, `by` and a provider the rules declare, `min` after an assistant's minutes.
keys '97110 f' Tab '10:00 ' Tab '10:20 i' Tab 'O' Tab 'by' Tab 'O' Tab 'a' Tab '5 ' Tab 'bi' Tab
keys '1 w' Tab 'G' Tab
expect_line "medicare> 97110 from 10:00 to 10:20 in OT by OTA assistant 5 min billed 1 with GP"
keys C-c

# Ctrl-D on an empty line ends the session.
keys C-d
wait_exit

history_file="$XDG_STATE_HOME/cptrules/history"
[[ -f "$history_file" ]] || fail "no history file at $history_file"
grep -qF ':show\040medicare' "$history_file" || fail "the history file lacks ':show medicare'"
if grep -qF '99' "$history_file"; then fail "a cancelled line went into the history"; fi

# --- Second session: history from the first one, Ctrl-R, NO_COLOR --------------------------
start env NO_COLOR=1
keys Up
expect_line "medicare> :scenario"
keys C-c
keys C-r 'show'
wait_for "medicare> :show medicare"
keys Enter
wait_for "# payer medicare, $rules/payers.rules:3"
if tmux -S "$socket" capture-pane -e -p -t repl | grep -qF $'\e[2m'; then
  fail "colours although NO_COLOR is set"
fi
keys ':quit' Enter
wait_exit

echo "repl tty test: ok"
