#!/usr/bin/env bash
# The runtime image without Docker (for machines without a Docker daemon; issue 7.6).
#
# Builds the `runtime` stage's /app the way the Dockerfile does — package.json, production-only node_modules
# (`npm ci --omit=dev`), dist/ (`npm run build`), migrations/ and config/, all owned by root — and runs it as an
# unprivileged user (nobody) with that directory bind-mounted READ-ONLY, NODE_ENV=production, on PGlite in a data
# directory of its own, with only a private /tmp writable. It checks that:
#   - the CLI works there: `keys init` writes a key file, `users create` makes the first admin (runs migrations);
#   - the server starts (production dependencies suffice, migrations and config are found, nothing under /app is
#     written) and /healthz, /readyz, the web app and /api/openapi.json answer 200;
#   - a login with the admin's temporary password succeeds and a wrong one is refused with 401 (argon2 works);
#   - SIGTERM stops it cleanly (exit code 0) within 30 s.
# Needs root (unshare -m, mount, setpriv). Usage: deploy/check-image-layout.sh   (exit 0 = every check passed)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"

if [ "$(id -u)" != 0 ]; then echo "run as root (it bind-mounts /app read-only and drops to nobody)" >&2; exit 2; fi

WORK="$(mktemp -d /tmp/meldroute-image.XXXXXX)"
chmod 0755 "$WORK" # mktemp makes it 0700: the app user must reach /app inside it
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then pkill -KILL -u 65534 -f '^node dist/server/main.js$' 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
APP="$WORK/app" DATA="$WORK/data" KEYS="$WORK/keys" TMPD="$WORK/tmp"
mkdir -p "$APP" "$DATA" "$KEYS" "$TMPD"

step() { echo "== $*"; }
fail() { echo "FAIL: $*" >&2; [ -f "$WORK/server.log" ] && tail -20 "$WORK/server.log" >&2; exit 1; }

step "deps stage: npm ci --omit=dev"
cp package.json package-lock.json "$APP/"
(cd "$APP" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
rm "$APP/package-lock.json" # the base stage copies package.json and node_modules only

step "build stage: npm run build"
npm run build --silent >/dev/null
cp -r dist "$APP/dist"
cp -r migrations config "$APP/"

step "base stage: owned by root, not writable by the app user"
chown -R root:root "$APP"
chmod -R go-w "$APP"
chown 65534:65534 "$DATA" "$KEYS" "$TMPD"
chmod 0700 "$DATA" "$KEYS" "$TMPD"
touch "$WORK/before"

PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
# Run a command as nobody in /app, with /app read-only (a private mount namespace) and the image's environment.
as_app() {
  unshare -m --propagation private -- bash -c '
    mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && cd "$0" &&
    exec setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all env -i \
      PATH="$PATH" HOME="$1" TMPDIR="$1" NODE_ENV=production HOST=127.0.0.1 PORT="$2" \
      MELDROUTE_DATA_DIR="$3" MELDROUTE_KEY_FILE="$4/keys.json" MELDROUTE_LOG_LEVEL=warn "${@:5}"
  ' "$APP" "$TMPD" "$PORT" "$DATA" "$KEYS" "$@"
}

step "runtime: CLI as nobody on a read-only /app"
as_app sh -c 'touch dist/x' 2>/dev/null && fail "the app user could write under /app" || true
as_app node dist/cli/main.js keys init --key-file "$KEYS/keys.json" >/dev/null || fail "keys init"
[ -s "$KEYS/keys.json" ] || fail "no key file written"
CREATED="$(as_app node dist/cli/main.js users create --username beheer --name "Functioneel beheer" --role admin)" || fail "users create"
PASSWORD="$(printf '%s\n' "$CREATED" | sed -n 's/^  //p' | tail -1)"
[ -n "$PASSWORD" ] || fail "no temporary password printed"

step "runtime: server as nobody on a read-only /app (port $PORT)"
as_app node dist/server/main.js >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/readyz" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "the server exited"
  sleep 0.5
done
for path in /healthz /readyz / /api/openapi.json; do
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$path")"
  [ "$code" = 200 ] || fail "GET $path answered $code"
  echo "   GET $path 200"
done
curl -s "http://127.0.0.1:$PORT/" | grep -q '<div id="root"' || fail "GET / is not the web app"
login() { curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
  --data "{\"username\":\"beheer\",\"password\":\"$1\"}" "http://127.0.0.1:$PORT/api/auth/login"; }
[ "$(login "$PASSWORD")" = 200 ] || fail "login with the temporary password"
[ "$(login "not-the-password-123")" = 401 ] || fail "a wrong password was not refused with 401"
echo "   login 200 with the temporary password, 401 with a wrong one"

written="$(find "$APP" -newer "$WORK/before" | head -5)"
[ -z "$written" ] || fail "files under /app changed: $written"

step "graceful stop"
# $SERVER_PID is the shell that waits for unshare → bash → setpriv → env → node (each exec'd): signal node itself.
NODE_PID="$(pgrep -n -u 65534 -f '^node dist/server/main.js$')" || fail "no server process found"
kill -TERM "$NODE_PID"
for _ in $(seq 1 60); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.5; done
kill -0 "$NODE_PID" 2>/dev/null && fail "still running 30 s after SIGTERM"
wait "$SERVER_PID" && rc=0 || rc=$?
SERVER_PID=""
[ "$rc" = 0 ] || fail "exit code $rc after SIGTERM"
if grep -q '"level":\(50\|60\)' "$WORK/server.log"; then fail "the server logged an error"; fi
echo "image layout: every check passed ($(du -sh "$APP/node_modules" | cut -f1) of production node_modules)"
