#!/usr/bin/env bash
# Makes sure the programs n8n's queue mode needs are installed: Redis (redis-server) and
# PostgreSQL (initdb/pg_ctl/postgres), from Debian's packages. Idempotent: does nothing
# when both are there. The queue-mode e2e test starts its own throw-away instances of both
# (free ports, temp data dirs), so the Debian services are never started or enabled here.
# Needs root (CI runs as root on a fresh Debian machine) or passwordless sudo when anything
# is missing.
# Prints, on stdout only, two lines: REDIS_SERVER=<path> and PG_BIN=<folder with initdb>.
set -euo pipefail

log() { echo "[ensure-queue-services] $*" >&2; }

find_redis() { command -v redis-server 2>/dev/null || { [ -x /usr/bin/redis-server ] && echo /usr/bin/redis-server; } || true; }
find_pg_bin() {
  local d
  # Newest major version first.
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then echo "$d"; return; fi
  done
}

REDIS_SERVER="$(find_redis)"
PG_BIN="$(find_pg_bin)"

if [ -z "$REDIS_SERVER" ] || [ -z "$PG_BIN" ]; then
  packages=()
  [ -z "$REDIS_SERVER" ] && packages+=(redis-server)
  [ -z "$PG_BIN" ] && packages+=(postgresql)
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
      log "missing ${packages[*]} and not root: install them with apt-get (Debian) first"
      exit 1
    fi
  fi
  # Concurrent callers wait for each other (dpkg has its own lock, but apt-get update would race).
  exec 9>/tmp/pandapon-ensure-queue-services.lock
  flock 9
  REDIS_SERVER="$(find_redis)"
  PG_BIN="$(find_pg_bin)"
  packages=()
  [ -z "$REDIS_SERVER" ] && packages+=(redis-server)
  [ -z "$PG_BIN" ] && packages+=(postgresql)
  if [ "${#packages[@]}" -gt 0 ]; then
    log "installing ${packages[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    # Never start the packaged services: the test runs its own instances.
    policy_added=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
      $SUDO chmod +x /usr/sbin/policy-rc.d
      policy_added=1
    fi
    status=0
    { $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2; } || status=$?
    [ -n "$policy_added" ] && $SUDO rm -f /usr/sbin/policy-rc.d
    [ "$status" = 0 ] || { log "apt-get failed (exit $status)"; exit "$status"; }
    REDIS_SERVER="$(find_redis)"
    PG_BIN="$(find_pg_bin)"
  fi
fi

[ -n "$REDIS_SERVER" ] || { log "redis-server not found after install"; exit 1; }
[ -n "$PG_BIN" ] || { log "PostgreSQL binaries (initdb, pg_ctl, postgres) not found after install"; exit 1; }
# initdb/postgres refuse to run as root: the test runs them as this user.
if ! id postgres >/dev/null 2>&1; then
  log "no 'postgres' user: PostgreSQL is run as a non-root user, expected the Debian package to create it"
  exit 1
fi
log "redis-server: $("$REDIS_SERVER" --version | head -1)"
log "PostgreSQL: $("$PG_BIN/postgres" --version)"
echo "REDIS_SERVER=$REDIS_SERVER"
echo "PG_BIN=$PG_BIN"
