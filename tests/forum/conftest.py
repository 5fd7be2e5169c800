"""A running batch with one class (a tutor), a second class, three learners, an expert, a province admin
and an admin of the other city; calls are made at a chosen moment (the clock frozen, tokens fresh)."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from lms.core import clock
from tests.helpers import pin_clock
from tests.programme import TZ, Programme

STARTS = date(2026, 11, 16)                          # batch 9: Nov 16 – Dec 5
DURING = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
ENDED = datetime(2026, 12, 7, 9, 0, tzinfo=TZ)       # batch over, grading still open (closes Dec 13 00:00)
FINAL = datetime(2026, 12, 14, 9, 0, tzinfo=TZ)      # grading closed: grades final
REQUIRED_MINUTES = 100


def fresh(n: int, seed: int) -> str:
    """``n`` random CJK characters: unrelated to any other seed's text."""
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


class Room:
    def __init__(self, app, api, data):
        self.__dict__.update(data)
        self.app, self.api = app, api
        self._moment = None

    def call(self, method, path, user, when=DURING, **kw):
        if when != self._moment:  # tokens last hours: sign in afresh at each new moment
            self.api._tokens.clear()
            self._moment = when
        with clock.frozen_at(when):
            return self.api.call(method, path, user, **kw)

    def get(self, path, user, when=DURING, **kw):
        return self.call("GET", path, user, when, **kw)

    def post(self, path, user, when=DURING, **kw):
        return self.call("POST", path, user, when, **kw)

    def topic(self, user, title="教学反思", body=None, when=DURING, klass=None):
        return self.post(f"/classes/{klass or self.klass}/topics", user, when,
                         json={"title": title, "body": body or fresh(40, sum(map(ord, title)))})

    def reply(self, topic_id, user, body, when=DURING):
        return self.post(f"/topics/{topic_id}/replies", user, when, json={"body": body})

    def credit(self, key: str, minutes: float) -> None:
        """Credited study time as the tracking domain keeps it (its heartbeat path has its own tests)."""
        from lms.extensions import db
        from lms.tracking.models import StudyTotal
        with self.app.app_context():
            now = clock.now()
            db.session.merge(StudyTotal(enrollment_id=self.enrollments[key], credited_seconds=minutes * 60.0,
                                        day_seconds=0.0, started_at=now, updated_at=now))
            db.session.commit()

    def qa(self, user=None, starts=DURING - timedelta(minutes=30), minutes=90, **extra):
        r = self.post(f"/classes/{self.klass}/qa-sessions", user or self.tutor,
                      json={"title": "专家答疑", "starts_at": starts.isoformat(),
                            "ends_at": (starts + timedelta(minutes=minutes)).isoformat(), **extra})
        assert r.status_code == 201, r.get_json()
        return r.get_json()


@pytest.fixture
def room(app, api, make):
    pin_clock()
    tree = make.tree()
    admin = make.admin(tree["province"])
    city2_admin = make.admin(tree["city2"])
    city1_admin = make.admin(tree["city1"])
    school_admin = make.admin(tree["school111"])
    tutor = make.user(tree["province"], "tutor", name="辅导员甲")
    other_tutor = make.user(tree["province"], "tutor", name="辅导员乙")
    expert = make.user(tree["province"], "expert", name="专家甲")
    make.pool_expert(expert)  # E1a: a Q&A's experts come from the pool
    learners = {key: make.user(tree["school111"], "teacher", name=name)
                for key, name in (("alice", "学员甲"), ("bob", "学员乙"), ("carol", "学员丙"))}
    programme = Programme(app)
    project = programme.project()
    batch = programme.batch(project, number=9, starts_on=STARTS)
    course = programme.course(minutes=REQUIRED_MINUTES)
    klass = programme.klass(batch, course, tutor_ids=[tutor.id])
    other_class = programme.klass(batch, course, tutor_ids=[other_tutor.id])
    programme.seats_down_to(batch, tree, "school111", 5)
    enrollments = {key: programme.enroll(klass, learners[key]) for key in ("alice", "bob")}
    enrollments["carol"] = programme.enroll(other_class, learners["carol"])
    api._tokens.clear()
    return Room(app, api, {"tree": tree, "admin": admin, "city1_admin": city1_admin, "city2_admin": city2_admin,
                           "school_admin": school_admin, "tutor": tutor, "other_tutor": other_tutor,
                           "expert": expert, **learners, "programme": programme, "project": project,
                           "batch": batch, "course": course, "klass": klass, "other_class": other_class,
                           "enrollments": enrollments})
