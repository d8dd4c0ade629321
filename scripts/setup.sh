#!/usr/bin/env bash
# Installs the Debian packages cptrules builds and tests with (tmux drives the REPL terminal test),
# when any is missing (a no-op otherwise). With --editor, also nodejs and npm, which only
# scripts/package-vscode.sh (the VS Code extension) needs; the build and the tests never do.
set -euo pipefail
packages=(cmake g++ tao-pegtl-dev libfmt-dev catch2 libsimdjson-dev libcli11-dev libedit-dev pkg-config
  tmux nlohmann-json3-dev)
if [ "${1:-}" = "--editor" ]; then
  # node and npm from elsewhere (nodejs.org, NodeSource, nvm) do as well.
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
elif [ $# -gt 0 ]; then
  echo "usage: $0 [--editor]" >&2
  exit 2
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
