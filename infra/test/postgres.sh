#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for a test run: made with initdb in a fresh temporary directory, started with
# pg_ctl on 127.0.0.1 and a free port (its socket in the same directory), trust authentication, one database
# `planledger_test`; removed whole by `stop`. Debian's `postgresql` is installed first when it is missing
# (infra/test/ensure-postgres.sh). The server refuses to run as root, so as root it runs as the `postgres` user.
#
#   infra/test/postgres.sh start [PID]   prints `export PLANLEDGER_TEST_PG_URL=…` and `export PLANLEDGER_TEST_PG_DIR=…`;
#                                        with PID, a watchdog removes the cluster once that process is gone
#                                        (a test run killed before its teardown leaves no server behind)
#   infra/test/postgres.sh stop DIR      stops the cluster in DIR and deletes DIR
#
# The cluster trades durability for speed (fsync off): it lives as long as one test run. With PLANLEDGER_PG_DURABLE=1
# it keeps PostgreSQL's defaults (fsync, synchronous commit, full page writes), as a benchmark that compares engines must.
# PLANLEDGER_PG_SETTINGS adds server settings (`-c shared_preload_libraries=pg_stat_statements`).
# Any failure ends with one line on stderr and exit status 1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MARKER=".planledger-test-cluster"

fail() {
  echo "PostgreSQL для тестів не запущено / the test PostgreSQL did not start: $*" >&2
  exit 1
}

# The newest installed server's binaries.
bin_dir() {
  local initdb
  initdb="$(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n 1 || true)"
  [ -n "$initdb" ] && dirname "$initdb"
}

# Runs a server program as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" != "0" ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  fi
}

stop_cluster() {
  local dir="$1" bin
  [ -f "$dir/$MARKER" ] || { echo "$dir is not a test cluster made by $0; left alone" >&2; return 1; }
  bin="$(bin_dir || true)"
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    (cd "$dir" && as_owner "$bin/pg_ctl" stop -D "$dir/data" -m immediate -w -t 30 >/dev/null 2>&1) || true
  fi
  rm -rf "$dir"
}

start_cluster() {
  local watch="${1:-}" bin dir port started=0 log reason
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PLANLEDGER_PG_DURABLE:-}" = "1" ] && durability=""
  # More server settings for one run (a benchmark's statement statistics): `-c name=value …`.
  durability="$durability ${PLANLEDGER_PG_SETTINGS:-}"
  bin="$(bin_dir || true)"
  if [ -z "$bin" ]; then
    bash "$here/ensure-postgres.sh" >&2 || fail "no initdb under /usr/lib/postgresql/*/bin and it could not be installed"
    bin="$(bin_dir || true)"
    [ -n "$bin" ] || fail "no initdb under /usr/lib/postgresql/*/bin after installing postgresql"
  fi
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || fail "running as root, and there is no user postgres to run the server as"
    dir="$(mktemp -d /tmp/planledger-pg.XXXXXX 2>&1)" || fail "$dir"
    chown postgres: "$dir"
  else
    dir="$(mktemp -d "${TMPDIR:-/tmp}/planledger-pg.XXXXXX" 2>&1)" || fail "$dir"
  fi
  touch "$dir/$MARKER"
  # From here on, a failure removes what was made.
  trap 'stop_cluster "$dir" >/dev/null 2>&1 || true' EXIT
  cd "$dir"
  log="$dir/initdb.log"
  if ! as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$log" 2>&1; then
    fail "initdb: $(grep -v '^$' "$log" | tail -n 1)"
  fi
  for _ in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    # Something answers there already: try another.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    if as_owner "$bin/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability" >/dev/null 2>&1; then
      started=1
      break
    fi
    # Lost a race for the port: try another; any other failure is final.
    grep -q "could not bind\|already in use" "$dir/server.log" 2>/dev/null || break
  done
  if [ "$started" != "1" ]; then
    reason="$(grep -E "FATAL|ERROR|could not" "$dir/server.log" 2>/dev/null | tail -n 1 || true)"
    fail "pg_ctl start: ${reason:-see $dir/server.log}"
  fi
  if ! reason="$("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE DATABASE planledger_test" 2>&1)"; then
    fail "CREATE DATABASE: $(echo "$reason" | tail -n 1)"
  fi
  trap - EXIT
  if [ -n "$watch" ]; then
    # Detached from the caller's terminal and pipes, so that it never holds a test runner's output open.
    setsid bash -c 'while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 2; done; [ -d "$2" ] && bash "$3" stop "$2"' \
      watchdog "$watch" "$dir" "$here/postgres.sh" </dev/null >/dev/null 2>&1 &
  fi
  echo "export PLANLEDGER_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/planledger_test"
  echo "export PLANLEDGER_TEST_PG_DIR=$dir"
}

case "${1:-}" in
  start) start_cluster "${2:-}" ;;
  stop)
    [ -n "${2:-}" ] || { echo "usage: $0 stop DIR" >&2; exit 2; }
    stop_cluster "$2"
    ;;
  *)
    echo "usage: $0 start [PID] | stop DIR" >&2
    exit 2
    ;;
esac
