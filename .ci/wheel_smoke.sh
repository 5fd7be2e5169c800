#!/usr/bin/env bash
# A deployer's path: build the wheel, install it into a fresh virtual environment outside the checkout, and
# there run `lms init`, `lms bootstrap`, start gunicorn on lms.wsgi:app, load /login and make one API call.
set -euo pipefail
CHECKOUT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --upgrade pip
"$WORK/venv/bin/pip" wheel --quiet --no-deps -w "$WORK/dist" "$CHECKOUT" 2>/dev/null
"$WORK/venv/bin/pip" install --quiet "$WORK"/dist/lms-*.whl

cd "$WORK"   # nothing of the checkout is on the path from here on
export LMS_INSTANCE_PATH="$WORK/instance" LMS_SECRET_KEY=wheel-smoke-secret
"$WORK/venv/bin/lms" init
"$WORK/venv/bin/lms" bootstrap --admin-username admin --admin-password 'Wheel-smoke-2026!'
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$WORK/venv/bin/gunicorn" -w 2 -b "127.0.0.1:$PORT" --chdir "$WORK" lms.wsgi:app >"$WORK/gunicorn.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/login" -o /dev/null && break; sleep 0.5; done

curl -fsS "http://127.0.0.1:$PORT/login" | grep -q '<form' || { echo "wheel: /login did not render"; cat "$WORK/gunicorn.log"; exit 1; }
curl -fsS "http://127.0.0.1:$PORT/static/css/app.css" -o /dev/null || { echo "wheel: static files missing"; exit 1; }
TOKEN=$(curl -fsS -H 'Content-Type: application/json' \
  -d '{"username": "admin", "password": "Wheel-smoke-2026!"}' "http://127.0.0.1:$PORT/api/v1/auth/token" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/me" | grep -q '"username"' ||
  { echo "wheel: /api/v1/me failed"; exit 1; }
echo "wheel: installed outside the checkout, initialised, served /login and /api/v1/me"
