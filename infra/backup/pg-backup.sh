#!/usr/bin/env bash
# Backup of a node's PostgreSQL database with pg_dump's custom format (-Fc: compressed, restorable table by table,
# consistent as of one snapshot while the node keeps writing). The node's key file is not in the database: back it
# up separately (it is the file given to `serve --key`).
#
#   infra/backup/pg-backup.sh URL FILE [SCHEMA]  dumps the database at URL (only SCHEMA when given) into FILE
#
# pg_dump is the newest under /usr/lib/postgresql/*/bin, else the one on PATH; it must be at least the server's
# version. The URL's password is never printed. Any failure: one line on stderr, exit 1 (2: bad usage).
set -euo pipefail
# shellcheck source=pg-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-common.sh"
[ $# -ge 2 ] && [ $# -le 3 ] || { echo "usage: $0 URL FILE [SCHEMA]" >&2; exit 2; }
url="$1"; file="$2"; schema="${3:-}"
shown="$(printf '%s' "$url" | hide_password)"
fail() { echo "резервну копію не зроблено / backup failed: $shown: $*" >&2; exit 1; }
[ ! -e "$file" ] || fail "$file already exists"
pg_dump="$(pg_tool pg_dump)" || exit 1
# libpq reads a `+` in the URL's query literally, not as a space.
url="${url//+/%20}"
args=(--format=custom --no-owner --no-privileges --file="$file" --dbname="$url")
[ -n "$schema" ] && args+=(--schema="$schema")
if ! out="$("$pg_dump" "${args[@]}" 2>&1)"; then
  rm -f "$file"
  fail "$(printf '%s' "$out" | tail -n 1 | hide_password)"
fi
echo "резервна копія / backup: $shown → $file ($(stat -c %s "$file") bytes)"
