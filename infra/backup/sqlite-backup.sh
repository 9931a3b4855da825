#!/usr/bin/env bash
# Online backup of a node's SQLite database: SQLite's backup API (better-sqlite3's `backup()`), page by page, while
# the node keeps running and writing — the copy is one consistent moment of the database, WAL included. The node's
# key file (`<db>.key`), when beside it, is copied too (mode 0600): without it the restored node cannot sign.
#
#   infra/backup/sqlite-backup.sh DB BACKUP      writes BACKUP (and BACKUP.key); refuses an existing BACKUP
#
# Restore: infra/backup/sqlite-restore.sh. Any failure ends with one line on stderr and exit status 1 (2: bad usage).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -eq 2 ] || { echo "usage: $0 DB BACKUP" >&2; exit 2; }
db="$1"; backup="$2"
fail() { echo "резервну копію не зроблено / backup failed: $*" >&2; exit 1; }
[ -f "$db" ] || fail "no such file $db"
[ ! -e "$backup" ] || fail "$backup already exists"
[ ! -e "$backup.key" ] || fail "$backup.key already exists"
abs_db="$(realpath "$db")"; abs_backup="$(realpath -m "$backup")"
# better-sqlite3 as the event store resolves it: no sqlite3 binary needed.
if ! out="$(cd "$here/../../packages/event-store" && node --input-type=module -e '
  import Database from "better-sqlite3";
  const [db, backup] = process.argv.slice(1);
  const source = new Database(db, { readonly: true, fileMustExist: true });
  try { await source.backup(backup); } finally { source.close(); }
' "$abs_db" "$abs_backup" 2>&1)"; then
  rm -f "$abs_backup"
  fail "$db: $(printf '%s' "$out" | grep -m 1 -E 'Error|error' || printf '%s' "$out" | tail -n 1)"
fi
if [ -f "$db.key" ]; then
  install -m 0600 "$db.key" "$backup.key"
fi
echo "резервна копія / backup: $db → $backup ($(stat -c %s "$backup") bytes)$([ -f "$backup.key" ] && echo ", key → $backup.key")"
