#!/usr/bin/env bash
# The PostgreSQL the store's tests run against is Debian's `postgresql`, in a throwaway cluster that
# infra/test/postgres.sh makes for each test run. The README's test line runs this first: it installs the package
# with apt-get when no initdb is found and this user may, and otherwise stops with the one command to run. With
# PLANLEDGER_TEST_PG_URL set, the tests use that server instead and nothing is installed.
set -euo pipefail
if [ -n "${PLANLEDGER_TEST_PG_URL:-}" ]; then exit 0; fi
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then exit 0; fi
install="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql"
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    echo "Встановлюю PostgreSQL для тестів сховища / installing Debian's postgresql for the store's tests…"
    bash -c "$install" >/dev/null
    exit 0
  fi
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "Встановлюю PostgreSQL для тестів сховища / installing Debian's postgresql for the store's tests…"
    sudo -n bash -c "$install" >/dev/null
    exit 0
  fi
fi
echo "Тестам сховища потрібен PostgreSQL / the store's tests need PostgreSQL. Run:" >&2
echo "  sudo apt-get install -y postgresql" >&2
echo "or set PLANLEDGER_TEST_PG_URL to a server where the tests may create a database." >&2
exit 1
