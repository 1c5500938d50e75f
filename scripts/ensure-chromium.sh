#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed (for `npm run screenshots` and the editor e2e
# test, which drive it through playwright-core; nothing is ever downloaded by playwright).
# Idempotent: does nothing when the binary is there. Needs root (CI runs as root on a fresh
# Debian machine) or passwordless sudo when it is missing.
# Prints, on stdout only, one line: the path of the chromium binary.
set -euo pipefail

log() { echo "[ensure-chromium] $*" >&2; }

find_chromium() {
  local c
  for c in "${PANDAPON_CHROMIUM:-}" /usr/bin/chromium "$(command -v chromium 2>/dev/null || true)"; do
    if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return; fi
  done
}

CHROMIUM="$(find_chromium)"
if [ -z "$CHROMIUM" ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
      log "chromium is missing and this is not root: install it with 'apt-get install chromium' (Debian) first"
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    log "chromium is missing and there is no apt-get: install Chromium and set PANDAPON_CHROMIUM to its binary"
    exit 1
  fi
  # Concurrent callers wait for each other (apt-get update would race).
  exec 9>/tmp/pandapon-ensure-chromium.lock
  flock 9
  CHROMIUM="$(find_chromium)"
  if [ -z "$CHROMIUM" ]; then
    log "installing chromium (apt-get, about 100 MB once)"
    export DEBIAN_FRONTEND=noninteractive
    status=0
    { $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >&2; } || status=$?
    [ "$status" = 0 ] || { log "apt-get failed (exit $status)"; exit "$status"; }
    CHROMIUM="$(find_chromium)"
  fi
fi

[ -n "$CHROMIUM" ] || { log "chromium not found after install"; exit 1; }
log "$("$CHROMIUM" --version 2>/dev/null | head -1 || echo "$CHROMIUM")"
echo "$CHROMIUM"
