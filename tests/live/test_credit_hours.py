"""A learner's live research 学时 reach its continuing-education record (lms.credits hears live.feedback_given):
only with feedback within 7 days, once per session, as research counted at 20 学时 = 1 elective credit."""
from __future__ import annotations

from datetime import timedelta

from lms.core import clock
from tests.live.conftest import MONDAY, at
from tests.live.test_api import REFLECTION, _attend, schedule

GOOD = {"rating": 5, "satisfaction": "very_satisfied", "reflection": REFLECTION}


def _entries(api, learner):
    return api.get(f"/credits/teachers/{learner.id}/entries?cycle=2026", learner).get_json()["items"]


def test_timely_feedback_posts_the_counted_hours_once(api, world):
    live = schedule(api, world.tutor)
    assert api.post(f"/live/sessions/{live['id']}/booking", world.learner).status_code == 201
    _attend(api, world, live["id"], world.learner, minutes=65)
    clock.start_at(at(MONDAY, 20))
    assert _entries(api, world.learner) == []
    assert api.post(f"/live/sessions/{live['id']}/feedback", world.learner, json=GOOD).status_code == 201
    [entry] = _entries(api, world.learner)
    assert (entry["source"], entry["category"], entry["hours"], entry["credits"], entry["status"]) == (
        "research", "elective", 1.0, 0.05, "confirmed")
    assert entry["live_session_id"] == live["id"] and entry["title"] == "课堂提问的设计"
    assert entry["provider"] == "王导师" and entry["year"] == 2026


def test_late_feedback_posts_nothing(api, world):
    live = schedule(api, world.tutor)
    assert api.post(f"/live/sessions/{live['id']}/booking", world.learner).status_code == 201
    _attend(api, world, live["id"], world.learner)
    clock.start_at(at(MONDAY + timedelta(days=8), 10))
    api._tokens.clear()
    assert api.post(f"/live/sessions/{live['id']}/feedback", world.learner, json=GOOD).status_code == 201
    assert _entries(api, world.learner) == []
