"""A province with two cities: tutors, students of two schools, admins; clock pinned Monday 2026-11-23 10:00."""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from lms.core import clock
from lms.extensions import db
from lms.live.models import LiveTerm
from lms.tutoring.models import TutoringPresence
from tests.live.conftest import MONDAY, at  # noqa: F401 - the tutoring tests' calendar is live research's
from tests.live.conftest import present as live_present
from tests.live.conftest import set_title


@pytest.fixture
def world(app, make):
    t = make.tree()
    w = SimpleNamespace(tree=t)
    w.tutor = make.user(t["school111"], "tutor", "teacher", name="王老师")
    w.tutor2 = make.user(t["school211"], "tutor", name="赵老师")
    w.student = make.user(t["school112"], "student", username="G110101200801011234", name="李同学")
    w.student2 = make.user(t["school121"], "student", name="周同学")
    w.student3 = make.user(t["school112"], "student", name="吴同学")
    w.teacher = make.user(t["school112"], "teacher", name="陈老师")
    w.school = make.admin(t["school112"])
    w.other_school = make.admin(t["school121"])
    w.city1 = make.admin(t["city1"])
    with app.app_context():  # tutoring runs in term time only (B13c)
        term = LiveTerm(name="2026秋季学期", starts_on=date(2026, 9, 1), ends_on=date(2027, 1, 15))
        db.session.add(term)
        db.session.commit()
        w.term_id = term.id
    return w


def offer(api, user, **kw):
    body = {"kind": "one_to_one", "topic": "二次函数答疑", "starts_at": at(MONDAY, 19).isoformat(), "minutes": 30}
    body.update(kw)
    r = api.post("/tutoring/sessions", user, json=body)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def present(app, sid, user, start, minutes):
    live_present(app, sid, user, start, minutes, model=TutoringPresence)


def move_to(moment):
    clock.start_at(moment)


# --- a term of held sessions (tests/tutoring/test_terms_api.py, test_term_pages.py) -----------------------------

def move_clock(api, moment):
    """Move the clock; tokens expire after 12 hours, so the callers sign in again."""
    move_to(moment)
    api._tokens.clear()


def held(app, api, tutor, student, day, *, rating=4, score=9, minutes=30):
    """A one-to-one session of ``tutor`` with ``student`` on ``day`` at 19:00, tutored ``minutes``, rated, scored."""
    move_clock(api, at(day, 10))
    slot = offer(api, tutor, starts_at=at(day, 19).isoformat(), minutes=minutes)
    assert api.post(f"/tutoring/sessions/{slot['id']}/booking", student).status_code == 201
    present(app, slot["id"], tutor, at(day, 19), minutes)
    present(app, slot["id"], student, at(day, 19), minutes)
    move_clock(api, at(day, 19) + timedelta(minutes=minutes + 5))
    assert api.post(f"/tutoring/sessions/{slot['id']}/rating", student, json={"rating": rating}).status_code == 200
    assert api.post(f"/tutoring/sessions/{slot['id']}/scores", tutor,
                    json={"student_id": student.id, "score": score}).status_code == 200
    return slot["id"]


@pytest.fixture
def term_world(app, api, make, world):
    """The autumn term (``world``'s); the tutor (city 1, 特级) holds two sessions (30 min, rated 4 → 3 + 10 = 13 points each), the
    city 2 tutor one (rated 5 → 3 + 12 = 15)."""
    world.province = make.admin(world.tree["province"])
    world.city2 = make.admin(world.tree["city2"])
    set_title(app, world.tutor, "senior")
    held(app, api, world.tutor, world.student, MONDAY)
    held(app, api, world.tutor, world.student2, MONDAY + timedelta(days=1))
    held(app, api, world.tutor2, world.student, MONDAY + timedelta(days=2), rating=5)
    return world
