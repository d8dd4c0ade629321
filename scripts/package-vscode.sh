#!/usr/bin/env bash
# Builds the VS Code extension of docs/editors/vscode/ into build/vscode/cptrules-VERSION.vsix (or
# $BUILD_DIR/vscode/): copies the extension's files to build/vscode/extension/, installs the npm
# packages that package-lock.json pins (`npm ci`) there, and packs them with `vsce package`.
# Needs node 20.18 or newer and npm (`./scripts/setup.sh --editor` installs them) and the npm
# registry; nothing else of the build uses them. Prints the path of the .vsix.
set -euo pipefail
cd "$(dirname "$0")/.."
src=docs/editors/vscode
out="${BUILD_DIR:-build}/vscode"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "package-vscode: '$tool' is missing: run ./scripts/setup.sh --editor, or install Node.js 20.18 or newer" >&2
    exit 1
  fi
done
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 18) ? 0 : 1)'; then
  echo "package-vscode: node $(node --version) is too old: the packaging tools need 20.18 or newer" >&2
  exit 1
fi

stage="$out/extension"
rm -rf "$stage"
mkdir -p "$stage"
# Only the extension's own files: never a node_modules/ or .vsix left in the source folder.
cp -r "$src/package.json" "$src/package-lock.json" "$src/extension.js" \
  "$src/language-configuration.json" "$src/README.md" "$src/.vscodeignore" "$src/syntaxes" "$stage/"
cd "$stage"
# --ignore-scripts: no package runs code at install time (the only install scripts are those of
# vsce's optional publishing helpers, which packaging does not use).
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
version="$(node -p 'require("./package.json").version')"
vsix="$(cd .. && pwd)/cptrules-$version.vsix"
# The repository has no LICENSE file and no public repository address: --skip-license and
# --allow-missing-repository let vsce pack without them instead of asking.
npx --no-install vsce package --skip-license --allow-missing-repository --out "$vsix" >&2
echo "$vsix"
