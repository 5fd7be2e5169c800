"""Heartbeat throughput (docs/ARCHITECTURE.md target: ≥ 1,000 beats/s for 60 s from 10,000 learners,
p99 ≤ 100 ms, no 5xx, and ≥ 0.6 × a bare one-row-upsert Flask endpoint measured in the same run).

Seeds a throw-away PostgreSQL database with a running batch and 10,000 enrolled learners with API tokens,
runs gunicorn (4 workers) and drives it with wrk (C, from Debian) from loopback: each request is one
learner's beat, positions advancing with the wall clock so that beats really credit. Then the same load
against benchmarks/bare_app.py.

    python benchmarks/heartbeat.py --seconds 60 --learners 10000
    python benchmarks/heartbeat.py --in-process 1000      # no wrk: statements and CPU per beat, in-process
    python benchmarks/heartbeat.py --seconds 30 --hosts 2 --workers 2   # two app hosts behind nginx
    python benchmarks/heartbeat.py --rate 520 --hosts 1   # latency at a fixed offered rate, nginx in front

wrk's own mode is a closed loop: each of its connections sends the next beat as soon as the last is answered, so
it finds the most beats a second the server answers, and its latencies are queueing behind 64 connections
(p50 ≈ 64 ÷ rate). Real learners beat on their own clock whether or not the server is busy: ``--rate R`` paces
wrk to R beats a second in all (each wrk thread keeps its own schedule; a request that finds no free connection
waits), and the latencies are those of the learners at that load — a Jiangsu batch watching at once is about
520 beats a second. The bare upsert is paced the same. Pace through nginx (``--hosts 1``), as in production:
gunicorn's sync workers read a request from a connection they accepted, so a paced connection that is open but
not yet sending holds a worker idle, which nginx (it forwards whole requests) never does.

The in-process figures (the app's own CPU time, its PostgreSQL backend's CPU time and its SQL statements per
steady beat, through Flask's test client on the same seeded database, then the same for the bare upsert, and
the ratio of the two CPU costs) are the steadier ones on a shared machine.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta

from harness import app_context, init_database, seed_running_class, serve, server_env, throwaway_postgres

LUA = r"""
local learners = {}
local start = os.time()
function setup(thread)
  thread:set("offset", math.random(1, 1000000))
end
function init(args)
  for line in io.lines(args[1]) do
    local token, enrollment, lesson = line:match("(%S+) (%S+) (%S+)")
    table.insert(learners, {token, enrollment, lesson})
  end
  counter = offset
end
if RATE > 0 then
  local ffi = require("ffi")
  ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
             int clock_gettime(int clock_id, bench_timespec *tp); ]]
  local ts = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, ts)
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local interval, due = 1000 * THREADS / RATE, nil
  delay = function()
    local now = now_ms()
    due = (due or now) + interval
    return math.max(0, due - now)
  end
end
request = function()
  counter = counter + 1
  local l = learners[(counter % #learners) + 1]
  local body = string.format('{"enrollment_id": %s, "lesson_id": %s, "session_id": "bench-session-%s", '
    .. '"position": %d, "playing": true, "visible": true, "playback_rate": 1}', l[2], l[3], l[2], os.time() - start)
  return wrk.format("POST", PATH, {["Content-Type"] = "application/json",
                                   ["Authorization"] = "Bearer " .. l[1]}, body)
end
"""


def seed(env, learners: int) -> list[tuple[str, int, int]]:
    with app_context(env):
        from sqlalchemy import insert

        from lms.enrollment.models import Enrollment
        from lms.extensions import db
        from lms.org import passwords
        from lms.org.models import ApiToken, RoleAssignment, User
        from lms.projects.models import Lesson

        seeded = seed_running_class(db.session, code="BENCH", course_title="基准课程", class_name="基准班")
        now, school, batch, course, klass = (seeded[k] for k in ("now", "school", "batch", "course", "klass"))
        lesson = Lesson(course_id=course.id, position=1, title="长视频", kind="video", duration_seconds=36000,
                        created_at=now)
        db.session.add(lesson)
        db.session.flush()
        password_hash = passwords.hash_password("bench2026x")
        users = [{"username": f"learner{i:05d}", "name": "学员", "org_unit_id": school.id,
                  "password_hash": password_hash, "is_active_account": True, "failed_logins": 0,
                  "must_change_password": False, "session_version": 1, "created_at": now} for i in range(learners)]
        ids = db.session.scalars(insert(User).returning(User.id), users).all()
        db.session.execute(insert(RoleAssignment), [{"user_id": uid, "role": "teacher", "org_unit_id": school.id}
                                                     for uid in ids])
        enrollment_ids = db.session.scalars(insert(Enrollment).returning(Enrollment.id), [
            {"class_id": klass.id, "batch_id": batch.id, "teacher_id": uid, "school_id": school.id,
             "status": "active", "created_at": now} for uid in ids]).all()
        tokens = [f"benchtoken{uid:08d}{os.urandom(8).hex()}" for uid in ids]
        db.session.execute(insert(ApiToken), [
            {"user_id": uid, "token_hash": hashlib.sha256(tok.encode()).hexdigest(), "created_at": now,
             "expires_at": now + timedelta(hours=12)} for uid, tok in zip(ids, tokens)])
        # Steady state: every learner has a player open already (its first beat, which credits
        # nothing and opens a session and the lesson's rows, is one in a hundred of a study session's beats).
        from lms.tracking.models import LearnerState, LessonProgress, StudyTotal, WatchSession
        db.session.execute(insert(WatchSession), [
            {"session_key": f"bench-session-{enr}", "user_id": uid, "started_at": now, "address": "127.0.0.1"}
            for uid, enr in zip(ids, enrollment_ids)])
        db.session.execute(insert(LearnerState), [
            {"user_id": uid, "session_key": f"bench-session-{enr}", "enrollment_id": enr, "lesson_id": lesson.id,
             "beat_at": now, "position": 0.0, "playing": True, "visible": True, "playback_rate": 1.0,
             "recent_gaps": [], "studied_since_check": 0.0} for uid, enr in zip(ids, enrollment_ids)])
        db.session.execute(insert(LessonProgress), [
            {"enrollment_id": enr, "lesson_id": lesson.id, "intervals": [], "covered_seconds": 0.0,
             "credited_seconds": 0.0, "last_position": 0.0, "completed": False, "updated_at": now}
            for enr in enrollment_ids])
        db.session.execute(insert(StudyTotal), [
            {"enrollment_id": enr, "credited_seconds": 0.0, "day": batch.starts_on + timedelta(days=1), "day_seconds": 0.0, "started_at": now,
             "updated_at": now} for enr in enrollment_ids])
        db.session.commit()
        return [(tok, enr, lesson.id) for tok, enr in zip(tokens, enrollment_ids)]


WRK_THREADS = 2


def run_wrk(url: str, path: str, learner_file: str, seconds: int, connections: int, rate: int = 0) -> dict:
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(f'PATH = "{path}"\nRATE = {rate}\nTHREADS = {WRK_THREADS}\n' + LUA)
    script.close()
    out = subprocess.run(["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name,
                          url + path, "--", learner_file], capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return round(float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


def parse_wrk(out: str) -> dict:
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"requests": requests, "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50_ms": _ms(latency["50"]), "p99_ms": _ms(latency["99"]),
            "non_2xx": int(non_2xx.group(1)) if non_2xx else 0, "socket_errors": errors.group(1) if errors else ""}


def in_process(env, learners: list[tuple[str, int, int]], beats: int) -> dict:
    """Each learner beats once to reach the steady state, then ``beats`` more beats are measured."""
    import time

    from pathlib import Path

    from sqlalchemy import event, text

    from lms import create_app
    from lms.extensions import db

    app = create_app()
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    statements = [0]
    event.listen(engine, "before_cursor_execute", lambda *_args: statements.__setitem__(0, statements[0] + 1))

    def beat(i: int, position: int) -> None:
        token, enrollment, lesson = learners[i % len(learners)]
        r = client.post("/api/v1/tracking/heartbeat", headers={"Authorization": f"Bearer {token}"},
                        json={"enrollment_id": enrollment, "lesson_id": lesson,
                              "session_id": f"bench-session-{enrollment}",
                              "position": position, "playing": True, "visible": True, "playback_rate": 1})
        assert r.status_code == 200, r.get_json()

    def backend_cpu(flask_app, database) -> float:
        """CPU seconds the PostgreSQL backend serving this (single, sequential) client has used."""
        with flask_app.app_context():
            pid = database.session.execute(text("SELECT pg_backend_pid()")).scalar()
            database.session.commit()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    for i in range(min(beats, len(learners))):
        beat(i, 0)
    statements[0] = 0
    pg = backend_cpu(app, db)
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(beats):
        beat(i, 1 + i // len(learners))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pg = backend_cpu(app, db) - pg
    result = {"beats": beats, "statements_per_beat": round(statements[0] / beats, 2),
              "cpu_ms_per_beat": round(cpu / beats * 1000, 3), "wall_ms_per_beat": round(wall / beats * 1000, 3),
              "postgres_cpu_ms_per_beat": round(pg / beats * 1000, 3)}

    # The yardstick in the same process and database: the bare upsert through its own test client.
    import bare_app  # benchmarks/ is on the path, as for harness

    with app.app_context():
        db.session.execute(text("CREATE TABLE IF NOT EXISTS bare_beat (learner integer PRIMARY KEY, position float)"))
        db.session.commit()
    bare = bare_app.app.test_client()

    def upsert(i: int, position: int) -> None:
        r = bare.post("/bare", json={"enrollment_id": learners[i % len(learners)][1], "position": position})
        assert r.status_code == 200

    for i in range(min(beats, len(learners))):
        upsert(i, 0)
    pg = backend_cpu(bare_app.app, bare_app.db)
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(beats):
        upsert(i, 1 + i)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pg = backend_cpu(bare_app.app, bare_app.db) - pg
    result.update({"bare_cpu_ms": round(cpu / beats * 1000, 3), "bare_wall_ms": round(wall / beats * 1000, 3),
                   "bare_postgres_cpu_ms": round(pg / beats * 1000, 3)})
    # CPU is what bounds the rate on a machine that is busy anyway: the beat's share of the bare upsert's rate.
    result["cpu_ratio"] = round((result["bare_cpu_ms"] + result["bare_postgres_cpu_ms"])
                                / (result["cpu_ms_per_beat"] + result["postgres_cpu_ms_per_beat"]), 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (per host with --hosts)")
    parser.add_argument("--hosts", type=int, default=0,
                        help="N app hosts behind the standalone nginx (deploy/cluster.py); 0: one gunicorn directly")
    parser.add_argument("--pin", action="store_true", help="with --hosts: each host on a CPU of its own (taskset)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare-upsert yardstick")
    parser.add_argument("--in-process", type=int, metavar="BEATS", help="measure BEATS beats in-process, no wrk")
    parser.add_argument("--rate", type=int, default=0, metavar="BEATS_PER_SECOND",
                        help="pace wrk to this many requests a second in all (0: as fast as answered)")
    args = parser.parse_args()
    if args.in_process:
        with throwaway_postgres() as database_url:
            env = server_env(database_url)
            init_database(env)
            result = in_process(env, seed(env, min(args.learners, args.in_process)), args.in_process)
        print(json.dumps({**result, "load_average": os.getloadavg()[0]}, indent=2))
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    with throwaway_postgres() as database_url:
        env = server_env(database_url)
        init_database(env)
        learners = seed(env, args.learners)
        learner_file = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
        learner_file.write("".join(f"{t} {e} {lesson}\n" for t, e, lesson in learners))
        learner_file.close()
        shape = dict(workers=args.workers, hosts=args.hosts, pin=args.pin)
        with serve(env, **shape) as url:
            heartbeat = run_wrk(url, "/api/v1/tracking/heartbeat", learner_file.name, args.seconds, args.connections,
                                args.rate)
        with app_context(env):
            from sqlalchemy import text

            from lms.extensions import db
            credited = db.session.execute(text("SELECT count(*) FILTER (WHERE credited_seconds > 0), "
                                               "coalesce(sum(credited_seconds), 0) FROM study_total")).one()
            db.session.execute(text("CREATE TABLE bare_beat (learner integer PRIMARY KEY, position float)"))
            db.session.commit()
        bare = None
        if not args.no_bare:
            with serve(env, app="benchmarks.bare_app:app", **shape) as url:
                bare = run_wrk(url, "/bare", learner_file.name, args.seconds, args.connections, args.rate)
    result = {"heartbeat": heartbeat, "bare_upsert": bare,
              "ratio": round(heartbeat["per_second"] / bare["per_second"], 2) if bare else None,
              "learners_credited": credited[0], "credited_hours": round(float(credited[1]) / 3600, 1),
              "seconds": args.seconds, "workers": args.workers, "hosts": args.hosts, "pinned": args.pin,
              "connections": args.connections, "offered_rate": args.rate or None,
              "load_average": [round(v, 1) for v in os.getloadavg()]}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
