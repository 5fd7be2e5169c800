"""A province with two cities: a tutor and learners in city 1, a tutor in city 2, the admins; a term around the
pinned clock (Monday 2026-11-23 10:00, Asia/Shanghai)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from lms.core import clock
from lms.extensions import db
from lms.live.models import LivePresence, LiveTerm
from lms.org.models import User
from tests.helpers import PINNED_NOW

TZ = PINNED_NOW.tzinfo
MONDAY = date(2026, 11, 23)


def at(day, h, m=0):
    return datetime(day.year, day.month, day.day, h, m, tzinfo=TZ)


@pytest.fixture
def world(app, make):
    t = make.tree()
    w = SimpleNamespace(tree=t)
    w.tutor = make.user(t["school111"], "tutor", "teacher", name="王导师")
    w.tutor2 = make.user(t["school211"], "tutor", "teacher", name="赵导师")
    w.tutor3 = make.user(t["school112"], "tutor", name="钱导师")
    w.learner = make.user(t["school112"], "teacher", name="李老师")
    w.learner2 = make.user(t["school121"], "teacher", name="周老师")
    w.province = make.admin(t["province"])
    w.city1 = make.admin(t["city1"])
    w.city2 = make.admin(t["city2"])
    with app.app_context():
        db.session.add(LiveTerm(name="2026秋季学期", starts_on=date(2026, 9, 1), ends_on=date(2027, 1, 15)))
        db.session.commit()
    return w


def lecture(**kw):
    body = {"form": "lecture", "title": "课堂提问的设计", "starts_at": at(MONDAY, 18).isoformat(),
            "ends_at": at(MONDAY, 19, 30).isoformat()}
    body.update(kw)
    return body


def evening(minutes=0):
    """Move the running clock to Monday 18:00 (+ minutes)."""
    clock.start_at(at(MONDAY, 18) + timedelta(minutes=minutes))


# --- a term of ended sessions for the points (tests/live/test_points_*.py, tests/e2e/test_live_points.py) ---------

REFLECTION = "本次研修让我对课堂提问的层次有了新的认识，" * 12
REPORT = "本节课目标清晰，学生活动设计有层次；建议在小组讨论后增加展示与追问环节。" * 8
TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)


def schedule(api, user, **kw):
    r = api.post("/live/sessions", user, json=lecture(**kw))
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def present(app, sid, user, start, minutes, model=LivePresence):
    """``user`` was in the room of session ``sid`` for ``minutes`` from ``start`` (any room's presence model)."""
    with app.app_context():
        begin = start.timestamp()
        db.session.add(model(session_id=sid, user_id=user.id, page_key=f"k{user.id}", old_keys=[],
                             beat_at=start + timedelta(minutes=minutes), visible=True, in_room=True,
                             intervals=[[begin, begin + minutes * 60]]))
        db.session.commit()


def set_title(app, user, grade):
    with app.app_context():
        db.session.get(User, user.id).title_grade = grade
        db.session.commit()


def go(api, moment):
    """Move the clock; tokens last hours, so the API signs in afresh."""
    clock.start_at(moment)
    api._tokens.clear()


def feedback(api, sid, user, rating, satisfaction="very_satisfied"):
    r = api.post(f"/live/sessions/{sid}/feedback", user,
                 json={"rating": rating, "satisfaction": satisfaction, "reflection": REFLECTION})
    assert r.status_code == 201, r.get_json()


@pytest.fixture
def term_world(app, api, world):
    """王导师 (school111, county11; senior) hosts a lecture (李老师 of the same county and 周老师 of another attend),
    a one-to-one with 李老师 (same county: no points) and a review with 赵导师 (city 2) for 周老师."""
    set_title(app, world.tutor, "senior")
    w = world
    w.lecture = schedule(api, w.tutor)
    w.one = schedule(api, w.tutor, form="one_to_one", starts_at=at(WEDNESDAY, 19).isoformat(),
                     ends_at=at(WEDNESDAY, 19, 30).isoformat())
    w.review = schedule(api, w.tutor, form="review", co_reviewer_ids=[w.tutor2.id],
                        starts_at=at(TUESDAY, 18).isoformat(), ends_at=at(TUESDAY, 19).isoformat())
    for sid, learners in ((w.lecture, (w.learner, w.learner2)), (w.one, (w.learner,)), (w.review, (w.learner2,))):
        for learner in learners:
            assert api.post(f"/live/sessions/{sid}/booking", learner).status_code == 201
    for sid, start, people in ((w.lecture, at(MONDAY, 18), ((w.tutor, 90), (w.learner, 90), (w.learner2, 90))),
                               (w.review, at(TUESDAY, 18), ((w.tutor, 60), (w.tutor2, 30), (w.learner2, 60))),
                               (w.one, at(WEDNESDAY, 19), ((w.tutor, 30), (w.learner, 30)))):
        for user, minutes in people:
            present(app, sid, user, start, minutes)
    go(api, at(WEDNESDAY, 21))
    feedback(api, w.lecture, w.learner2, 5)
    feedback(api, w.lecture, w.learner, 1, "very_dissatisfied")
    feedback(api, w.review, w.learner2, 4, "satisfied")
    feedback(api, w.one, w.learner, 5)
    return w
