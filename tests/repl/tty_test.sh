#!/usr/bin/env bash
# Drives `cptrules repl` on a terminal (tmux): Tab completion, Ctrl-C, Ctrl-R, colours, history.
#
# Usage: tty_test.sh PATH/TO/cptrules. Skips (exit 0) when tmux is not installed. HOME and
# XDG_STATE_HOME point into a temporary folder, so the user's history is never touched.
set -euo pipefail

binary="${1:?usage: tty_test.sh PATH/TO/cptrules}"
if ! command -v tmux >/dev/null 2>&1; then
  echo "tmux is not installed: skipping the REPL terminal test"
  exit 0
fi
here="$(cd "$(dirname "$0")" && pwd)"
rules="$here/fixtures/rules"

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

fail() {
  echo "FAIL: $1"
  echo "--- screen:"
  screen
  exit 1
}
screen() { tmux -S "$socket" capture-pane -p -t repl; }
keys() { tmux -S "$socket" send-keys -t repl "$@"; }
# Waits until the screen shows the fixed text $1.
wait_for() {
  for _ in $(seq 1 100); do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  fail "timed out waiting for: $1"
}
# The line the cursor is on, without trailing blanks.
cursor_line() {
  local y
  y="$(tmux -S "$socket" display-message -p -t repl '#{cursor_y}')"
  screen | sed -n "$((y + 1))p" | sed 's/[[:space:]]*$//'
}
# Waits until the cursor's line is $1 (trailing blanks aside).
expect_line() {
  local want="${1%"${1##*[![:space:]]}"}"
  for _ in $(seq 1 50); do
    if [[ "$(cursor_line)" == "$want" ]]; then return 0; fi
    sleep 0.1
  done
  fail "expected the line '$1', got '$(cursor_line)'"
}
start() {
  tmux -S "$socket" kill-session -t repl 2>/dev/null || true
  rm -f "$tmp/status"
  # The REPL's exit status goes to a file: tmux's own record of a dead pane's status is not
  # always there when a loaded machine is slow.
  tmux -S "$socket" new-session -d -s repl -x 120 -y 50 \
    "$* $binary repl --no-stdlib --rules $rules --payer medicare; echo \$? >'$tmp/status'"
  wait_for "cptrules repl: 6 codes, 2 policies, 2 payers"
}
# Waits until the REPL has ended; checks its exit status.
wait_exit() {
  for _ in $(seq 1 100); do
    if [[ -s "$tmp/status" ]]; then
      local status
      status="$(cat "$tmp/status")"
      [[ "$status" == 0 ]] || fail "the REPL ended with status '${status}', not 0"
      return 0
    fi
    sleep 0.1
  done
  fail "the REPL did not end"
}

# --- First session: completion, Ctrl-C, colours, Ctrl-D ------------------------------------
start
expect_line "medicare> "

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
keys '7 min' Enter
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
