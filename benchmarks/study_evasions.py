"""Study-time evasions of issue 13, run against the real heartbeat API in-process (docs/STUDY_TIME.md).

    python benchmarks/study_evasions.py            # about a minute; prints a JSON object last

Each technique drives ``POST /api/v1/tracking/heartbeat`` (and the presence-check answers) through the Flask test
client with the product's clock frozen and moved by the script, so hours of wall-clock time pass in seconds;
the data are the test suite's (tests/tracking/conftest.py: a running batch, a 120 s video) plus a long reading
(60,000 characters: a 300-minute bound at 200 characters a minute) for the techniques that need hours of
creditable content. Every technique reports the seconds credited against the wall-clock seconds it spent.

- ``script_1x_no_answers``: a ten-line script, beats every 15 s on the long reading, claims to scroll, never
  answers a presence check (checks on by default, about every 20 minutes): 8 hours;
- ``script_1x_blind_guessing``: the same, answering every check with random numbers as fast as allowed;
- ``reading_left_open``: the product's player on a reading nobody touches (``interacted`` false): 8 hours;
- ``reading_scrolled_no_checks``: checks turned off, a reading "scrolled" for 2 hours: its length bound, once;
- ``coverage_push_100ms``: beats every 100 ms moving the video 1.1 × 0.1 s + 1.25 s ahead (the issue's attack):
  wall-clock seconds until the video reads "completed" (it used to take 13.5 s);
- ``honest_learner``: watches the video at 1× and answers every check right: credited against wall clock.
"""
from __future__ import annotations

import json
import random
import sys
from datetime import timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

pytest_plugins = ["tests.conftest", "tests.tracking.conftest"]
RESULTS: dict = {}


def _long_reading(api, study) -> int:
    from lms.core import clock

    with clock.frozen_at(study["learning"].now):
        r = api.post(f"/courses/{study['course']}/lessons", study["admin"],
                     json={"title": "长篇阅读", "kind": "reading", "body": "学" * 60_000, "reading_minutes": 300})
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def _answer(api, s, check_id: int, answer: str):
    from lms.core import clock

    with clock.frozen_at(s.now):
        return api.post(f"/tracking/challenges/{check_id}/answer", s.learner, json={"answer": answer})


def _run_script(api, study, hours: float, guess: bool, interacted: bool = True) -> dict:
    s = study["learning"]
    reading = _long_reading(api, study)
    rng = random.Random(13)
    credited, checks, passed, answers = 0.0, set(), 0, 0
    s.beat(lesson_id=reading, playing=False)
    steps = int(hours * 3600 / 15)
    for _ in range(steps):
        body = s.beat(lesson_id=reading, playing=False, after=15, interacted=interacted).get_json()
        credited += body["accepted_seconds"]
        challenge = body.get("challenge")
        if challenge:
            checks.add(challenge["id"])
            if guess:
                for _try in range(3):
                    answers += 1
                    r = _answer(api, s, challenge["id"], "".join(rng.choice("0123456789") for _i in range(5)))
                    if r.status_code == 200:
                        passed += 1
                        break
                    if r.get_json()["error"]["code"] != "wrong_answer":
                        break
    return {"wall_seconds": steps * 15, "credited_seconds": round(credited, 1), "checks_issued": len(checks),
            "answers": answers, "checks_passed": passed}


def test_script_1x_no_answers(api, study):
    RESULTS["script_1x_no_answers"] = _run_script(api, study, 8, guess=False)


def test_script_1x_blind_guessing(api, study):
    RESULTS["script_1x_blind_guessing"] = _run_script(api, study, 8, guess=True)


def test_reading_left_open(api, study):
    RESULTS["reading_left_open"] = _run_script(api, study, 8, guess=False, interacted=False)


def test_reading_scrolled_no_checks(api, study):
    from tests.tracking.test_presence_and_limits import set_policy

    set_policy(api, study, presence_check_minutes=0)
    s = study["learning"]
    reading = study["reading"]["id"]  # "# 标题\n\n正文", reading_minutes 2: the 2-minute floor
    s.beat(lesson_id=reading, playing=False)
    credited = sum(s.beat(lesson_id=reading, playing=False, after=15, interacted=True).get_json()["accepted_seconds"]
                   for _ in range(480))
    RESULTS["reading_scrolled_no_checks"] = {"wall_seconds": 480 * 15, "credited_seconds": round(credited, 1),
                                             "bound_seconds": 120}


def test_coverage_push_100ms(api, study):
    from tests.tracking.conftest import VIDEO_SECONDS

    s = study["learning"]
    position, wall = 0.0, 0.0
    s.beat(position=0)
    completed_after = None
    while wall < 2 * VIDEO_SECONDS:
        position = min(VIDEO_SECONDS, position + 0.1 * 1.1 + 1.25)
        wall += 0.1
        if s.beat(position=position, after=0.1).get_json()["lesson_completed"]:
            completed_after = round(wall, 1)
            break
        if position >= VIDEO_SECONDS:
            position = 0.0  # start over: a seek back, then push again
            s.beat(position=0, after=0.1)
            wall += 0.1
    video = next(i for i in s.progress().get_json()["lessons"] if i["kind"] == "video")
    RESULTS["coverage_push_100ms"] = {"video_seconds": VIDEO_SECONDS, "completed_after_wall_seconds": completed_after,
                                      "wall_seconds_tried": round(wall, 1), "covered_seconds": video["covered_seconds"],
                                      "credited_seconds": video["credited_seconds"]}


def test_honest_learner(api, app, study):
    from lms.extensions import db
    from lms.tracking.models import PresenceCheck
    from tests.tracking.conftest import VIDEO_SECONDS
    from tests.tracking.test_presence_and_limits import set_policy

    set_policy(api, study, presence_check_minutes=1)  # a check every minute or so: the worst case for honesty
    s = study["learning"]
    rng = random.Random(5)
    s.beat(position=0)
    position = wall = credited = 0.0
    while position < VIDEO_SECONDS:
        gap = rng.uniform(10, 20)
        step = min(gap, VIDEO_SECONDS - position)
        position += step
        wall += step
        body = s.beat(position=position, after=step).get_json()
        credited += body["accepted_seconds"]
        if body.get("challenge"):
            with app.app_context():
                question = db.session.get(PresenceCheck, body["challenge"]["id"]).question
            s.now += timedelta(seconds=6)  # six seconds to read and type it, video paused
            wall += 6
            _answer(api, s, body["challenge"]["id"], question)
            s.beat(position=position, after=0.5)
            wall += 0.5
    RESULTS["honest_learner"] = {"video_seconds": VIDEO_SECONDS, "wall_seconds": round(wall, 1),
                                 "credited_seconds": round(credited, 1)}


def test_zz_report():
    print(json.dumps(RESULTS))


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q", "-s", "-p", "no:randomly", "-p", "no:cacheprovider", "--rootdir", str(ROOT),
                         "-o", "testpaths=benchmarks"]))
