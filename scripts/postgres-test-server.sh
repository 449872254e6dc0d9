#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on a free local port, in a temporary folder.
#
#   scripts/postgres-test-server.sh start   -> prints ONCOFR_PG_URL=… and ONCOFR_PG_DIR=…
#   scripts/postgres-test-server.sh stop DIR
#
# Installs PostgreSQL with apt-get when it is missing and we are root. The server runs as a
# non-root user (`postgres` when run as root), trusts local connections, and keeps no data
# worth keeping (fsync off). Diagnostics go to stderr; exit status 1 when it cannot start.
set -euo pipefail

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin dir port
  if ! bin=$(find_bin); then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "installing postgresql with apt-get…" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
      bin=$(find_bin)
    else
      echo "PostgreSQL is not installed (initdb not found) and cannot be installed here" >&2
      exit 1
    fi
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home postgres
  fi
  dir=$(mktemp -d /tmp/oncofr-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_server_user "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
    start >&2 || { cat "$dir/server.log" >&2; exit 1; }
  echo "ONCOFR_PG_URL=postgresql://postgres@127.0.0.1:$port/postgres"
  echo "ONCOFR_PG_DIR=$dir"
}

stop() {
  local dir=${1:?usage: $0 stop DIR} bin
  bin=$(find_bin)
  as_server_user "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
