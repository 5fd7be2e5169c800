"""A running batch with two classes of one course, their tutors, three learners, a province admin,
and text helpers that build submissions with an exact share of copied characters."""
from __future__ import annotations

import random
from datetime import date, datetime

import pytest

from lms.core import clock
from tests.helpers import pin_clock
from tests.programme import TZ, Programme

STARTS = date(2026, 11, 16)          # batch 9: Nov 16 - Dec 5
DURING = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
AFTER = datetime(2026, 12, 6, 0, 0, tzinfo=TZ)  # the batch's end: hand-ins close


def fresh(n: int, seed: int) -> str:
    """``n`` random CJK characters: shares no 13-character run with any other seed's text."""
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


class Room:
    """Calls made at a moment inside the batch (the clock frozen, tokens fresh)."""

    def __init__(self, api, data):
        self.__dict__.update(data)
        self.api = api

    def call(self, method, path, user, when=DURING, **kw):
        if when != getattr(self, "_moment", None):  # tokens are issued for hours: sign in again at a new moment
            self.api._tokens.clear()
            self._moment = when
        with clock.frozen_at(when):
            return self.api.call(method, path, user, **kw)

    def subjective(self, prompt="请结合教学实践，谈谈你对课堂提问的理解。", min_chars=0, course=None):
        r = self.call("POST", f"/courses/{course or self.course}/assignments", self.admin,
                      json={"kind": "subjective", "title": "研修作业", "prompt": prompt, "min_chars": min_chars})
        assert r.status_code == 201, r.get_json()
        return r.get_json()

    def objective(self):
        questions = [
            {"type": "single", "text": "1+1=?", "options": ["1", "2", "3"], "answer": [1], "points": 2},
            {"type": "multiple", "text": "偶数?", "options": ["2", "3", "4"], "answer": [0, 2], "points": 2},
            {"type": "truefalse", "text": "地球是圆的", "options": ["对", "错"], "answer": [0], "points": 1},
        ]
        r = self.call("POST", f"/courses/{self.course}/assignments", self.admin,
                      json={"kind": "objective", "title": "测验", "questions": questions})
        assert r.status_code == 201, r.get_json()
        return r.get_json()

    def paper(self, quiz_id, learner_key, when=DURING):
        """The learner's own paper of a quiz (drawn on this first look)."""
        r = self.call("GET", f"/assignments/{quiz_id}?enrollment_id={self.enrollments[learner_key]}",
                      getattr(self, learner_key), when)
        assert r.status_code == 200, r.get_json()
        return r.get_json()["questions"]

    def answers(self, quiz_id, learner_key, chosen: dict[str, list[str]], when=DURING):
        """Answers to the learner's paper, given as the texts of the chosen options per question text."""
        return [sorted(q["options"].index(t) for t in chosen.get(q["text"], []))
                for q in self.paper(quiz_id, learner_key, when)]

    def submit(self, assignment_id, learner_key, text, when=DURING):
        learner = getattr(self, learner_key)
        return self.call("POST", f"/assignments/{assignment_id}/submissions", learner, when,
                         json={"enrollment_id": self.enrollments[learner_key], "text": text})


@pytest.fixture
def room(app, api, make):
    pin_clock()
    tree = make.tree()
    admin = make.admin(tree["province"])
    tutor = make.user(tree["province"], "tutor", name="辅导员甲")
    other_tutor = make.user(tree["province"], "tutor", name="辅导员乙")
    learners = {key: make.user(tree["school111"], "teacher", name=name)
                for key, name in (("alice", "学员甲"), ("bob", "学员乙"), ("carol", "学员丙"))}
    programme = Programme(app)
    project = programme.project()
    batch = programme.batch(project, number=9, starts_on=STARTS)
    course = programme.course(minutes=5)
    klass = programme.klass(batch, course, tutor_ids=[tutor.id])
    other_class = programme.klass(batch, course, tutor_ids=[other_tutor.id])
    programme.seats_down_to(batch, tree, "school111", 5)
    enrollments = {key: programme.enroll(klass, learners[key]) for key in ("alice", "bob")}
    enrollments["carol"] = programme.enroll(other_class, learners["carol"])
    api._tokens.clear()
    return Room(api, {"tree": tree, "admin": admin, "tutor": tutor, "other_tutor": other_tutor, **learners,
                      "programme": programme, "project": project, "batch": batch, "course": course,
                      "class": klass, "klass": klass, "other_class": other_class, "enrollments": enrollments})
