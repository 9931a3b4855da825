#!/usr/bin/env bash
# Restores a pg_dump custom-format backup (made by pg-backup.sh) into an empty PostgreSQL database and runs the full
# audit walk on it (`planledger audit verify --db URL`) before saying it is good.
#
#   infra/backup/pg-restore.sh FILE URL         URL names the new, empty database (with `?options=-c search_path=S`
#                                               when the node's tables live in schema S); exit 0 restored and
#                                               intact, 1 not intact or failed, 2 bad usage
set -euo pipefail
# shellcheck source=pg-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-common.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -eq 2 ] || { echo "usage: $0 FILE URL" >&2; exit 2; }
file="$1"; url="$2"
shown="$(printf '%s' "$url" | hide_password)"
fail() { echo "не відновлено / restore failed: $shown: $*" >&2; exit 1; }
[ -f "$file" ] || fail "no such file $file"
pg_restore="$(pg_tool pg_restore)" || exit 1
# The search_path option is for the node; pg_restore recreates the schemas the dump names.
base="${url%%\?*}"
if ! out="$("$pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$base" "$file" 2>&1)"; then
  fail "$(printf '%s' "$out" | tail -n 1 | hide_password)"
fi
if (cd "$here/../.." && node --import tsx apps/cli/src/main.ts audit verify --db "$url"); then
  echo "відновлено й перевірено / restored and verified: $shown"
else
  fail "restored, but the database does not verify (see above)"
fi
