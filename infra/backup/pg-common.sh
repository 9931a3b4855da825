# Shared by pg-backup.sh and pg-restore.sh (sourced, not run).

# A URL with its password replaced by *** (for every message these scripts print).
hide_password() { sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#'; }

# The newest installed server's program $1 (a dump must be made by a pg_dump at least as new as the server), else
# the one on PATH; fails (with the script's `fail`) when there is none.
pg_tool() {
  local found
  found="$(compgen -G "/usr/lib/postgresql/*/bin/$1" | sort -V | tail -n 1 || true)"
  [ -n "$found" ] || found="$(command -v "$1" || true)"
  [ -n "$found" ] || fail "no $1 under /usr/lib/postgresql/*/bin or on PATH (Debian: apt-get install postgresql-client)"
  echo "$found"
}
