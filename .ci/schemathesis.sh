#!/usr/bin/env bash
# Property-based API check: schemathesis against a throw-away instance (SQLite, `lms init`, a small
# seed made through the API), signed in as a province admin and as a teacher. Fails on any 5xx, on an
# answer that does not match the OpenAPI document, and on a status code the document does not declare.
# Bounded in time.
# Needs the project installed with its test extra (schemathesis). Usage: .ci/schemathesis.sh [seconds per role]
set -euo pipefail
cd "$(dirname "$0")/.."

BUDGET="${1:-100}"          # seconds of fuzzing per role; two roles stay under 5 minutes
PORT="${LMS_SCHEMATHESIS_PORT:-$((20000 + $$ % 20000))}"
WORK="$(mktemp -d)"
export LMS_INSTANCE_PATH="$WORK" LMS_SECRET_KEY="schemathesis-$$" LMS_LOGIN_RATE_LIMIT="10000 per minute" \
       LMS_LOCKOUT_THRESHOLD=100000 LMS_ARGON2_MEMORY_KIB=1024 LMS_ARGON2_TIME_COST=1
SERVER_PID=""
PASSWORD="Schemathesis-$$-pw"
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

lms init >/dev/null
lms bootstrap --admin-username admin --admin-password "$PASSWORD" >/dev/null
lms serve --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT/api/v1"
for _ in $(seq 1 60); do
  curl -fs "$BASE/openapi.json" -o /dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 1
done
if ! curl -fs "$BASE/openapi.json" -o /dev/null; then
  echo "the server did not start"; tail -n 50 "$WORK/server.log"; exit 1
fi

# A small seed through the API itself: a city, a school, a teacher and a tutor, a project with its
# batches, a course and a class.
python3 - "$BASE" "$PASSWORD" <<'PY'
import json, sys, urllib.error, urllib.request
base, password = sys.argv[1], sys.argv[2]
def call(method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": "Bearer " + token} if token else {})})
    try:
        with urllib.request.urlopen(request) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:  # the seed's own failure, said plainly
        sys.exit(f"{method} {path}: {error.code} {error.read().decode()}")
admin = call("POST", "/auth/token", {"username": "admin", "password": password})
token, province = admin["token"], admin["user"]["org_unit_id"]
city = call("POST", "/org-units", {"parent_id": province, "name": "南京市", "level": "city", "code": "320100",
                                   "teacher_count": 100}, token)
county = call("POST", "/org-units", {"parent_id": city["id"], "name": "江宁区", "level": "county",
                                     "code": "320115", "teacher_count": 50}, token)
school = call("POST", "/org-units", {"parent_id": county["id"], "name": "实验小学", "level": "school",
                                     "code": "32011501", "teacher_count": 20}, token)
for username, role, unit in (("teacher1", "teacher", school), ("tutor1", "tutor", city),
                             ("school1", "school_admin", school)):
    call("POST", "/users", {"username": username, "name": username, "org_unit_id": unit["id"], "roles": [role],
                            "password": password}, token)
project = call("POST", "/projects", {"code": "JS2026", "name": "江苏省2026年培训", "year": 2026, "series": "js",
                                     "calendar": "jiangsu"}, token)
course = call("POST", "/courses", {"title": "课程", "subject": "语文", "stage": "小学", "required_minutes": 60}, token)
# A course is offered once an expert of the pool approved it and the province published it (E2).
call("POST", "/users", {"username": "expert1", "name": "expert1", "org_unit_id": province, "roles": ["expert"],
                        "password": password}, token)
profile = call("POST", "/experts", {"username": "expert1", "subject": "语文", "stage": "小学", "title": "正高级教师",
                                    "organisation": "南京师范大学"}, token)
review = call("POST", f"/courses/{course['id']}/review", {"note": "CI"}, token)
call("POST", f"/course-reviews/{review['id']}/reviewers", {"profile_ids": [profile["id"]]}, token)
expert = call("POST", "/auth/token", {"username": "expert1", "password": password})["token"]
# An account made by an admin chooses its own password before anything else.
call("POST", "/me/password", {"current_password": password, "new_password": password + "-expert"}, expert)
expert = call("POST", "/auth/token", {"username": "expert1", "password": password + "-expert"})["token"]
call("PUT", f"/course-reviews/{review['id']}/evaluation", {"accuracy": 5, "curriculum_fit": 5, "production": 5,
                                                          "verdict": "approve"}, expert)
call("POST", f"/course-reviews/{review['id']}/publish", None, token)
call("POST", "/classes", {"course_id": course["id"], "batch_id": project["batches"][-1]["id"], "name": "一班"}, token)
PY
token() {
  curl -fs -H 'Content-Type: application/json' -d "{\"username\": \"$1\", \"password\": \"$PASSWORD\"}" \
    "$BASE/auth/token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

status=0
cd "$WORK"  # schemathesis keeps its cache in the working directory
# The teacher first: the admin's run may reset the teacher's password.
for user in teacher1 admin; do
  echo "== schemathesis as $user"
  TOKEN="$(token "$user")"
  # Not fuzzed: the caller's own password and token (the run would sign itself out).
  timeout $((BUDGET + 60)) schemathesis run "$BASE/openapi.json" -H "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance \
    --exclude-path /me/password --exclude-path /auth/token \
    --max-examples 8 --max-time "$BUDGET" --workers 2 --seed "${LMS_SCHEMATHESIS_SEED:-1}" \
    --suppress-health-check all --request-timeout 20 --warnings off || status=1
done
if grep -q "Traceback" "$WORK/server.log"; then
  echo "== server errors"; grep -a -B2 -A30 "Traceback" "$WORK/server.log" | head -n 200; status=1
fi
exit "$status"
