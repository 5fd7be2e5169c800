"""A province with two cities: tutors, students of two schools, admins; clock pinned Monday 2026-11-23 10:00."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from lms.core import clock
from lms.extensions import db
from lms.live.models import LiveTerm
from lms.tutoring.models import TutoringPresence
from tests.live.conftest import MONDAY, at  # noqa: F401 - the tutoring tests' calendar is live research's
from tests.live.conftest import present as live_present


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
        db.session.add(LiveTerm(name="2026秋季学期", starts_on=date(2026, 9, 1), ends_on=date(2027, 1, 15)))
        db.session.commit()
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
