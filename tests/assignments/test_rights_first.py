"""The right to call is checked before the body (a caller without it gets 403 whatever it sends), and a
look at a quiz writes nothing: the learner's paper is computed from its seed and stored on hand-in."""
from __future__ import annotations

from sqlalchemy import func, select

from tests.assignments.conftest import fresh
from tests.helpers import assert_error


def test_a_caller_without_the_right_gets_403_whatever_the_body(room, make):
    quiz = room.objective()
    essay = room.subjective()
    handed = room.call("POST", f"/assignments/{essay['id']}/submissions", room.alice,
                       json={"enrollment_id": room.enrollments["alice"], "text": fresh(200, 1)}).get_json()
    city_admin = make.admin(room.tree["city1"])
    bodies = ({}, {"kind": "essay"}, {"kind": "subjective", "title": ""}, {"questions": "no"}, {"score": -1})
    cases = [
        ("POST", f"/courses/{room.course}/assignments", (room.alice, room.tutor, city_admin)),
        ("POST", f"/courses/{room.course}/question-bank", (room.alice, room.tutor, city_admin)),
        ("POST", f"/assignments/{quiz['id']}/submissions", (room.tutor, city_admin, room.admin)),
        ("PUT", f"/assignments/{essay['id']}/draft", (room.tutor, city_admin, room.admin)),
        ("POST", f"/submissions/{handed['id']}/review", (room.alice, room.other_tutor, room.admin)),
        ("POST", f"/submissions/{handed['id']}/plagiarism", (room.alice, room.other_tutor, room.admin)),
        ("POST", f"/submissions/{handed['id']}/originality/matches/0/common-quotation", (room.alice, room.tutor)),
    ]
    for method, path, callers in cases:
        for user in callers:
            for body in bodies:
                r = room.call(method, path, user, json=body)
                assert r.status_code == 403, (method, path, user.username, body, r.get_json())
                assert_error(r, 403, "forbidden")


def test_looking_at_a_quiz_stores_nothing_and_handing_in_keeps_the_paper_shown(room, app):
    from lms.assignments.models import QuizPaper
    from lms.extensions import db

    def papers() -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(QuizPaper))

    quiz = room.objective()
    shown = room.paper(quiz["id"], "alice")
    assert room.paper(quiz["id"], "alice") == shown and papers() == 0  # a GET computes, never stores
    answers = [[0] for _ in shown]
    r = room.call("POST", f"/assignments/{quiz['id']}/submissions", room.alice,
                  json={"enrollment_id": room.enrollments["alice"], "answers": answers})
    assert r.status_code == 201, r.get_json()
    assert papers() == 1 and room.paper(quiz["id"], "alice") == shown
