#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server for the storage tests and prints the line that points them at it:
#   eval "$(bash .ci/postgres.sh)"        → exports VIGIL_TEST_POSTGRES_URL (and VIGIL_TEST_POSTGRES_DIR)
# Stop it afterwards with:  bash .ci/postgres.sh stop   (or pg_ctl -D "$VIGIL_TEST_POSTGRES_DIR/data" stop as postgres)
# Everything but the export line goes to stderr, so the eval sees only that.
set -euo pipefail

BIN=/usr/lib/postgresql/15/bin

if [ "${1:-}" = "stop" ]; then
  dir="${VIGIL_TEST_POSTGRES_DIR:?VIGIL_TEST_POSTGRES_DIR is not set}"
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2
  else
    "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2
  fi
  rm -rf "$dir"
  exit 0
fi

if [ ! -x "$BIN/postgres" ]; then
  echo "postgres.sh: installing PostgreSQL (not found at $BIN)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-upgrade postgresql >&2
fi
[ -x "$BIN/postgres" ] || { echo "postgres.sh: $BIN/postgres is still missing (is the packaged version 15?)" >&2; exit 1; }

# initdb and postgres refuse to run as root: run them as the postgres user (or as whoever we are, if not root).
run_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres >&2
fi

dir=$(mktemp -d /tmp/vigil-pg.XXXXXX)
chmod 755 "$dir"
mkdir -p "$dir/data" "$dir/socket"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"

# A free port: bind port 0 and read back what the kernel chose.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

run_pg "$BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }

run_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >&2 || { cat "$dir/server.log" >&2; exit 1; }

# pg_ctl -w waits for the server; also wait until it accepts connections on TCP, then create the database.
for _ in $(seq 1 60); do
  if "$BIN/pg_isready" -h 127.0.0.1 -p "$port" -U postgres -q; then break; fi
  sleep 0.5
done
"$BIN/pg_isready" -h 127.0.0.1 -p "$port" -U postgres >&2
"$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres vigil_test >&2

echo "postgres.sh: PostgreSQL 15 on 127.0.0.1:$port, data in $dir" >&2
echo "export VIGIL_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:$port/vigil_test?sslmode=disable' VIGIL_TEST_POSTGRES_DIR='$dir'"
