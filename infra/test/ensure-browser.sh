#!/usr/bin/env bash
# The browser the page tests drive is Debian's chromium, never a downloaded build. The README's test line runs
# this first: it installs chromium with apt-get when it is missing and this user may, and otherwise stops with
# the one command to run.
set -euo pipefail
for name in chromium chromium-browser; do
  if command -v "$name" >/dev/null 2>&1; then exit 0; fi
done
install="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core"
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    echo "Встановлюю chromium для тестів сторінок / installing Debian's chromium for the page tests…"
    bash -c "$install" >/dev/null
    exit 0
  fi
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "Встановлюю chromium для тестів сторінок / installing Debian's chromium for the page tests…"
    sudo -n bash -c "$install" >/dev/null
    exit 0
  fi
fi
echo "Тестам сторінок потрібен Chromium / the page tests need Chromium. Run:" >&2
echo "  sudo apt-get install -y chromium" >&2
exit 1
