#!/usr/bin/env bash
# Restores a node's SQLite backup (made by sqlite-backup.sh) into a new file and runs the full audit walk on it
# (`planledger audit verify`) before saying it is good. Never overwrites: the node's database is moved aside by the
# operator, the node stopped, first.
#
#   infra/backup/sqlite-restore.sh BACKUP DB     writes DB (and DB.key); exit 0 restored and intact, 1 not intact
#                                                or failed, 2 bad usage
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -eq 2 ] || { echo "usage: $0 BACKUP DB" >&2; exit 2; }
backup="$1"; db="$2"
fail() { echo "не відновлено / restore failed: $*" >&2; exit 1; }
[ -f "$backup" ] || fail "no such file $backup"
for f in "$db" "$db-wal" "$db.key"; do [ ! -e "$f" ] || fail "$f already exists"; done
cp --no-clobber "$backup" "$db"
[ -f "$backup.key" ] && install -m 0600 "$backup.key" "$db.key"
root="$here/../.."
if (cd "$root" && node --import tsx apps/cli/src/main.ts audit verify --db "$(realpath "$db")"); then
  echo "відновлено й перевірено / restored and verified: $db"
else
  fail "$db was restored but does not verify (see above)"
fi
