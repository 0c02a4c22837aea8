#!/usr/bin/env bash
# A throwaway PostgreSQL for the central API's test suite (the PostgreSQL leg; PGlite needs nothing).
#
#   bash scripts/postgres-for-tests.sh start   # prints TEST_DATABASE_URL=postgres://postgres@127.0.0.1:54329/tuntun_test
#   bash scripts/postgres-for-tests.sh stop    # stops it by its PID and deletes everything it made
#
# Debian's postgresql package (server binaries in /usr/lib/postgresql/<version>/bin). As root the
# server runs as the `postgres` user; as anyone else, as that user. It listens on 127.0.0.1 only,
# with trust auth and fsync off: test data, thrown away on stop, never use it for anything else.
#
# Environment: PG_BIN (server binaries), PG_TEST_PORT (first port to try, default 54329),
# PG_TEST_DIR (state directory, default ${TMPDIR:-/tmp}/tuntun-postgres-for-tests).
set -euo pipefail

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
FIRST_PORT=${PG_TEST_PORT:-54329}
STATE_DIR=${PG_TEST_DIR:-${TMPDIR:-/tmp}/tuntun-postgres-for-tests}
DATABASE=tuntun_test
PID_FILE="$STATE_DIR/postmaster.pid.copy"
PORT_FILE="$STATE_DIR/port"

die() { echo "postgres-for-tests: $*" >&2; exit 1; }

as_db_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

url_for() { echo "TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$1/$DATABASE"; }

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL server binaries in '${PG_BIN}' (apt-get install postgresql, or set PG_BIN)"
  if running_pid >/dev/null; then
    url_for "$(cat "$PORT_FILE")"
    return 0
  fi
  rm -rf "$STATE_DIR"
  mkdir -p "$STATE_DIR/socket"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$STATE_DIR"; fi

  local port=$FIRST_PORT
  while port_in_use "$port"; do
    port=$((port + 1))
    [ "$port" -lt $((FIRST_PORT + 100)) ] || die "no free port from $FIRST_PORT to $((FIRST_PORT + 99))"
  done

  as_db_user "$PG_BIN/initdb" -D "$STATE_DIR/data" -U postgres --auth=trust --encoding=UTF8 --no-sync >"$STATE_DIR/initdb.log" 2>&1 ||
    die "initdb failed: $(tail -n 5 "$STATE_DIR/initdb.log")"
  as_db_user "$PG_BIN/pg_ctl" -D "$STATE_DIR/data" -l "$STATE_DIR/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$STATE_DIR/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || die "the server did not start: $(tail -n 5 "$STATE_DIR/server.log")"
  head -n 1 "$STATE_DIR/data/postmaster.pid" >"$PID_FILE"
  echo "$port" >"$PORT_FILE"
  as_db_user "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DATABASE" || die "createdb $DATABASE failed"
  url_for "$port"
}

stop() {
  local pid
  if pid=$(running_pid); then
    # SIGINT is PostgreSQL's "fast" shutdown: disconnect clients, stop cleanly.
    kill -INT "$pid"
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  fi
  rm -rf "$STATE_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 start|stop" ;;
esac
