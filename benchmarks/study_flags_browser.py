"""The automation flags against the product's own player in a real browser, idle and under CPU load, and
against scripts (docs/STUDY_TIME.md, "Flags"; the offline model is benchmarks/study_flags.py).

    python benchmarks/study_flags_browser.py        # 2 phases of 100 s, 4 browsers and 9 scripts each (≈ 5 min)
    python benchmarks/study_flags_browser.py --seconds 60 --browsers 2

Starts the app (gunicorn, 2 workers, on loopback) on a throw-away PostgreSQL database (``LMS_BENCH_PG``) with a
running batch whose course has a real 4-minute video, then runs two phases one after the other, each with fresh
learners:

- **idle**: ``--browsers`` learners sign in through the login page in Debian's Chromium (Playwright, headless, the
  e2e tests' flags) and play the lesson in the product's own player (``static/js/player.js``); each pauses
  once for 5-15 s with probability 1/2 and plays on, as people do. Beside them, scripts beat the heartbeat API
  with a bearer token, three each: on a fixed 2 s schedule, on a fixed 15 s schedule (sleeping that long after
  each answer, the position advancing with the clock) and drawing their intervals from 10-20 s like the player;
- **load**: the same, with one busy-loop process per core running beside the server and the browsers.

Then it reads, per learner, the flags raised (``study_flags``) and the gaps between beats as the server measured
them (``learner_state.recent_gaps``, the latest 40). A browser beats about every 15 s, so a phase of a few minutes
gives each one about ten gaps, fewer than the 40 the server waits for before it judges: besides the flags raised,
the rule (``rules.fixed_schedule_suspicion``, and the old ``regular_beat_suspicion`` for comparison) is applied to
2,000 windows of 40 gaps drawn with replacement from each kind of run's observed gaps (the rule looks only at the
share of gaps near the median, not at their order). Prints one JSON object last.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import (app_context, gunicorn, init_database, seed_running_class, server_env,  # noqa: E402
                     throwaway_postgres)

from lms.tracking import rules  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PASSWORD = "bench2026x"
SCRIPTS = {"script_2s": 2.0, "script_15s": 15.0, "script_random": None}
WINDOWS = 2000
SCRIPT_LEARNERS = 3  # per kind of script and phase
MIN_POOL = 10  # gaps of a kind of run before windows are drawn from them


def seed(env: dict, phases: list[str], browsers: int) -> dict:
    """A running batch, a course with a 4-minute video and, per phase, the browsers' and the scripts' learners."""
    with app_context(env):
        from sqlalchemy import insert

        from lms.enrollment.models import Enrollment
        from lms.extensions import db
        from lms.org import passwords
        from lms.org.models import ApiToken, RoleAssignment, User
        from lms.projects import media
        from lms.projects.models import Lesson

        seeded = seed_running_class(db.session, code="FLAGS", course_title="标记测量课程", class_name="测量班")
        now, school, batch, course, klass = (seeded[k] for k in ("now", "school", "batch", "course", "klass"))
        video = media.make_test_video(Path(tempfile.mkdtemp()) / "flags.webm", 240)
        with video.open("rb") as stream:
            stored = media.store_video(media.configured_storage(), stream, "flags.webm", 1 << 30)
        lesson = Lesson(course_id=course.id, position=1, title="视频", kind="video",
                        duration_seconds=stored.duration_seconds, media_key=stored.key, media_size=stored.size,
                        content_type=stored.content_type, created_at=now)
        db.session.add(lesson)
        db.session.flush()
        password_hash = passwords.hash_password(PASSWORD)
        learners: dict = {}
        for phase in phases:
            for kind, count in (("browser", browsers), *((name, SCRIPT_LEARNERS) for name in SCRIPTS)):
                for i in range(count):
                    username = f"{phase}_{kind}_{i}"
                    user = User(username=username, name="学员", org_unit_id=school.id, password_hash=password_hash,
                                is_active_account=True, failed_logins=0, must_change_password=False,
                                session_version=1, created_at=now)
                    db.session.add(user)
                    db.session.flush()
                    db.session.add(RoleAssignment(user_id=user.id, role="teacher", org_unit_id=school.id))
                    enrollment = Enrollment(class_id=klass.id, batch_id=batch.id, teacher_id=user.id,
                                            school_id=school.id, status="active", created_at=now)
                    db.session.add(enrollment)
                    db.session.flush()
                    token = f"flags{user.id:06d}{os.urandom(12).hex()}"
                    db.session.execute(insert(ApiToken), [{
                        "user_id": user.id, "token_hash": hashlib.sha256(token.encode()).hexdigest(),
                        "created_at": now, "expires_at": now + timedelta(hours=2)}])
                    learners[username] = {"phase": phase, "kind": kind, "user_id": user.id, "token": token,
                                          "enrollment_id": enrollment.id}
        db.session.commit()
        return {"lesson_id": lesson.id, "learners": learners}


def busy_loop(stop) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def run_script(url: str, learner: dict, lesson_id: int, interval: float | None, seconds: float, seed: int) -> None:
    """A script at 1×: a beat, then a fixed (or drawn) sleep after each answer; the position follows the clock."""
    rng = random.Random(seed)
    started = time.monotonic()
    session_id = os.urandom(16).hex()
    headers = {"Authorization": f"Bearer {learner['token']}"}
    while time.monotonic() - started < seconds:
        try:
            # A new connection per beat: gunicorn closes idle keep-alive connections after 2 s.
            requests.post(f"{url}/api/v1/tracking/heartbeat", headers=headers, timeout=30, json={
                "enrollment_id": learner["enrollment_id"], "lesson_id": lesson_id, "session_id": session_id,
                "position": time.monotonic() - started, "playing": True, "visible": True, "playback_rate": 1.0})
        except requests.RequestException:  # counted; the script carries on
            learner["errors"] = learner.get("errors", 0) + 1
        time.sleep(interval if interval is not None else rng.uniform(10, 20))


def run_browsers(url: str, learners: list[dict], lesson_id: int, seconds: float, seed: int) -> dict:
    """Each learner signs in and plays the lesson in the product's player; some pause once for 5-15 s."""
    from playwright.sync_api import sync_playwright

    rng = random.Random(seed)
    outcome = {"played": 0, "pauses": 0}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages, plans = [], []
        for learner in learners:
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            page.goto(url + "/login")
            page.fill("#username", learner["username"])
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            page.goto(f"{url}/study/{learner['enrollment_id']}/lessons/{lesson_id}")
            page.wait_for_function("() => document.getElementById('lesson-video').readyState >= 2", timeout=60_000)
            page.evaluate("document.getElementById('lesson-video').play()")
            pages.append(page)
            outcome["played"] += 1
            if rng.random() < 0.5:
                pause_at = rng.uniform(0.2, 0.7) * seconds
                plans.append([(pause_at, "pause"), (pause_at + rng.uniform(5, 15), "play")])
            else:
                plans.append([])
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            elapsed = time.monotonic() - started
            for page, plan in zip(pages, plans):
                while plan and plan[0][0] <= elapsed:
                    _at, action = plan.pop(0)
                    page.evaluate(f"document.getElementById('lesson-video').{action}()")
                    outcome["pauses"] += action == "pause"
            # Playwright's sync API runs the pages' events only while it is called: keep it busy, lightly.
            pages[0].wait_for_timeout(500)
        for page in pages:
            page.close()
        browser.close()
    return outcome


def run_phase(url: str, phase: str, seeded: dict, browsers_seconds: float, seed: int, load: bool) -> dict:
    stop = multiprocessing.Event()
    hogs = [multiprocessing.Process(target=busy_loop, args=(stop,), daemon=True)
            for _ in range(os.cpu_count() or 2)] if load else []
    for hog in hogs:
        hog.start()
    try:
        learners = {name: {**v, "username": name} for name, v in seeded["learners"].items() if v["phase"] == phase}
        threads = [threading.Thread(target=run_script, daemon=True,
                                    args=(url, learner, seeded["lesson_id"], SCRIPTS[learner["kind"]],
                                          browsers_seconds + 20, seed + i))
                   for i, learner in enumerate(v for v in learners.values() if v["kind"] in SCRIPTS)]
        for thread in threads:
            thread.start()
        outcome = run_browsers(url, [v for v in learners.values() if v["kind"] == "browser"], seeded["lesson_id"],
                               browsers_seconds, seed)
        for thread in threads:
            thread.join()
        return outcome
    finally:
        stop.set()
        for hog in hogs:
            hog.join(timeout=5)


def window_rates(gaps: list[float], rng: random.Random) -> dict:
    if len(gaps) < MIN_POOL:
        return {"windows": 0}
    new = old = 0
    for _ in range(WINDOWS):
        window = [rng.choice(gaps) for _i in range(40)]
        new += rules.fixed_schedule_suspicion(window).flagged
        old += rules.regular_beat_suspicion(window).flagged
    return {"windows": WINDOWS, "fixed_schedule_flag": round(new / WINDOWS, 4),
            "old_regular_beats_flag": round(old / WINDOWS, 4)}


def collect(env: dict, seeded: dict, seed: int) -> dict:
    with app_context(env):
        from sqlalchemy import select

        from lms.extensions import db
        from lms.tracking.models import LearnerState, StudyFlag

        states = {s.user_id: s for s in db.session.scalars(select(LearnerState))}
        flags: dict[int, list[str]] = {}
        for flag in db.session.scalars(select(StudyFlag)):
            flags.setdefault(flag.user_id, []).append(flag.kind)
    rng = random.Random(seed)
    groups: dict[str, dict] = {}
    for learner in seeded["learners"].values():
        key = f"{learner['kind']}_{learner['phase']}"
        group = groups.setdefault(key, {"learners": 0, "gaps": [], "flags_raised": {}})
        group["learners"] += 1
        state = states.get(learner["user_id"])
        gaps = [float(g) for g in (state.recent_gaps or [])] if state else []
        group["gaps"] += gaps
        for kind in flags.get(learner["user_id"], []):
            group["flags_raised"][kind] = group["flags_raised"].get(kind, 0) + 1
    result = {}
    for key, group in sorted(groups.items()):
        gaps = group.pop("gaps")
        hint = rules.fixed_schedule_suspicion(gaps, min_count=1) if gaps else None
        result[key] = {**group, "gaps": len(gaps),
                       "median_gap_s": round(statistics.median(gaps), 3) if gaps else None,
                       "gap_stdev_s": round(statistics.pstdev(gaps), 3) if gaps else None,
                       "share_near_median": round(hint.share_near_median, 3) if hint else None,
                       "resampled_40_gap_windows": window_rates(gaps, rng)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=100, help="length of each phase")
    parser.add_argument("--browsers", type=int, default=4, help="browser learners per phase")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        sys.exit(f"Chromium is not installed at {CHROMIUM}")
    started = time.monotonic()
    phases = ["idle", "load"]
    with throwaway_postgres() as database_url:
        env = server_env(database_url)
        init_database(env)
        seeded = seed(env, phases, args.browsers)
        outcomes = {}
        with gunicorn(env, workers=2, threads=4) as url:
            for phase in phases:
                outcomes[phase] = run_phase(url, phase, seeded, args.seconds, args.seed, load=phase == "load")
        result = {"phase_seconds": args.seconds, "browsers_per_phase": args.browsers, "cpus": os.cpu_count(),
                  "load_average_at_end": os.getloadavg()[0], "browser_runs": outcomes,
                  "groups": collect(env, seeded, args.seed), "total_seconds": round(time.monotonic() - started, 1)}
    for name, value in result.get("groups", {}).items():
        print(f"{name}: {value}", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
