"""A province with two cities: a tutor and learners in city 1, a tutor in city 2, the admins; a term around the
pinned clock (Monday 2026-11-23 10:00, Asia/Shanghai)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from lms.core import clock
from lms.extensions import db
from lms.live.models import LiveTerm
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
