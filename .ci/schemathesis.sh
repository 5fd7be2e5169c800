#!/usr/bin/env bash
# Property-based API check: schemathesis against a throw-away instance (SQLite, `lms init`, the Jiangsu
# demo), signed in as a province admin and as a teacher. Fails on any 5xx, on an answer that does not
# match the OpenAPI document, and on a status code the document does not declare. Bounded in time.
# Needs the project installed with its test extra (schemathesis). Usage: .ci/schemathesis.sh [seconds per role]
set -euo pipefail
cd "$(dirname "$0")/.."

BUDGET="${1:-75}"           # seconds of fuzzing per role; with the demo's loading about 5 minutes in all
PORT="${LMS_SCHEMATHESIS_PORT:-$((20000 + $$ % 20000))}"
WORK="$(mktemp -d)"
export LMS_INSTANCE_PATH="$WORK" LMS_SECRET_KEY="schemathesis-$$" LMS_LOGIN_RATE_LIMIT="10000 per minute" \
       LMS_LOCKOUT_THRESHOLD=100000 LMS_ARGON2_MEMORY_KIB=1024 LMS_ARGON2_TIME_COST=1
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

lms init >/dev/null
# `serve --demo` loads the demo (users of every role, a project with its batches, classes, enrollments,
# submissions, grades) and serves it.
lms serve --demo --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT/api/v1"
for _ in $(seq 1 240); do  # the demo takes a minute or two to load
  grep -q "^serving on" "$WORK/server.log" && curl -fs "$BASE/openapi.json" -o /dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 1
done
curl -fs "$BASE/openapi.json" -o /dev/null || { echo "the server did not start"; tail -n 50 "$WORK/server.log"; exit 1; }

PASSWORD="$(sed -n 's/.*password for all: \(.*\))$/\1/p' "$WORK/server.log" | head -n1)"
token() {
  curl -fs -H 'Content-Type: application/json' -d "{\"username\": \"$1\", \"password\": \"$PASSWORD\"}" \
    "$BASE/auth/token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
teacher="$(awk '$1 == "teacher" {print $2; exit}' "$WORK/server.log")"

status=0
for user in admin "$teacher"; do
  echo "== schemathesis as $user"
  # Not fuzzed: the caller's own password and token (the run would sign itself out).
  timeout $((BUDGET + 60)) schemathesis run "$BASE/openapi.json" \
    -H "Authorization: Bearer $(token "$user")" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance \
    --exclude-path /me/password --exclude-path /auth/token \
    --max-examples 8 --max-time "$BUDGET" --workers 2 --seed 1 \
    --suppress-health-check all --request-timeout 20 --warnings off || status=1
done
if grep -q "Traceback" "$WORK/server.log"; then
  echo "== server errors"; grep -B2 -A30 "Traceback" "$WORK/server.log" | head -n 200; status=1
fi
exit "$status"
