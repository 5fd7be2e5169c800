"""Tutoring's and the square's notices (001 L40, L51): the school hears of misconduct, the tutors of a subject
hear of a new question, a student hears its session was cancelled or its request taken."""
from __future__ import annotations

from lms.notices import rules
from tests.notices.helpers import kinds_of, notices_of
from tests.square.conftest import ask
from tests.tutoring.conftest import MONDAY, at, move_to, offer


def _read(api, user):
    return api.get("/notices", user).get_json()["items"]


def test_the_school_admins_hear_of_misconduct_on_their_student(app, api, make, world):
    slot = offer(api, world.tutor)
    api.post(f"/tutoring/sessions/{slot['id']}/booking", world.student)
    r = api.post(f"/tutoring/students/{world.student.id}/misconduct", world.tutor,
                 json={"reason": "课上多次辱骂同学", "session_id": slot["id"]})
    assert r.status_code == 201, r.get_json()
    assert kinds_of(app, world.school) == [rules.TUTORING_MISCONDUCT]
    (notice,) = _read(api, world.school)
    assert "课上多次辱骂同学" in notice["text"] and "王老师" in notice["text"] and "李同学" in notice["text"]
    assert notice["link"] == f"/tutoring/students/{world.student.id}/record"
    # another school's admins, the city above and the student itself are not told
    assert kinds_of(app, world.other_school) == [] and kinds_of(app, world.city1) == []
    assert rules.TUTORING_MISCONDUCT not in kinds_of(app, world.student)
    # the school admin who records it itself is not told of its own act; a colleague is
    colleague = make.admin(world.tree["school112"])
    r = api.post(f"/tutoring/students/{world.student.id}/misconduct", world.school, json={"reason": "恶意差评老师多次"})
    assert r.status_code == 201, r.get_json()
    assert kinds_of(app, world.school) == [rules.TUTORING_MISCONDUCT]
    assert kinds_of(app, colleague) == [rules.TUTORING_MISCONDUCT]


def test_the_tutors_of_the_subject_hear_of_a_new_question(app, api, make, world):
    maths = make.user(world.tree["school111"], "teacher", "tutor", name="钱老师", subject="数学")
    physics = make.user(world.tree["school211"], "teacher", "tutor", name="孙老师", subject="物理")
    plain = make.user(world.tree["school211"], "teacher", name="郑老师", subject="数学")  # not a tutor
    question = ask(api, world.student, subject="数学")
    assert kinds_of(app, maths) == [rules.SQUARE_QUESTION]
    assert kinds_of(app, physics) == [] and kinds_of(app, plain) == []
    (notice,) = _read(api, maths)
    assert notice["link"] == f"/square/questions/{question['id']}" and "数学" in notice["text"]
    assert "顶点坐标" in notice["text"]


def test_a_student_hears_its_booked_session_was_cancelled(app, api, world):
    slot = offer(api, world.tutor, kind="group", capacity=3, topic="函数专题")
    api.post(f"/tutoring/sessions/{slot['id']}/booking", world.student)
    api.post(f"/tutoring/sessions/{slot['id']}/booking", world.student2)
    api.post(f"/tutoring/sessions/{slot['id']}/booking", world.student3)
    api.call("DELETE", f"/tutoring/sessions/{slot['id']}/booking", world.student3)  # no longer booked: not told
    assert api.post(f"/tutoring/sessions/{slot['id']}/cancel", world.tutor).status_code == 200
    assert kinds_of(app, world.student) == [rules.TUTORING_CANCELLED]
    assert kinds_of(app, world.student2) == [rules.TUTORING_CANCELLED]
    assert kinds_of(app, world.student3) == []
    (notice,) = _read(api, world.student)
    assert "函数专题" in notice["text"] and "王老师" in notice["text"]
    assert notice["link"] == f"/tutoring/sessions/{slot['id']}"


def test_a_student_hears_its_request_was_taken(app, api, world):
    move_to(at(MONDAY, 19))
    rid = api.post("/tutoring/requests", world.student, json={"subject": "数学", "question": "求导"}).get_json()["id"]
    assert kinds_of(app, world.student) == []
    api.put("/tutoring/me/availability", world.tutor, json={"available": True})
    session = api.post(f"/tutoring/requests/{rid}/accept", world.tutor).get_json()
    (notice,) = notices_of(app, world.student)
    assert notice.kind == rules.TUTORING_ACCEPTED and notice.params["tutoring_id"] == session["id"]
    (read,) = _read(api, world.student)
    assert "王老师" in read["text"] and read["link"] == f"/tutoring/sessions/{session['id']}"


def test_the_new_kinds_are_in_the_preferences_and_can_be_turned_off(app, api, world):
    kinds = [p["kind"] for p in api.get("/me/notice-preferences", world.student).get_json()["items"]]
    for kind in (rules.TUTORING_MISCONDUCT, rules.SQUARE_QUESTION, rules.TUTORING_CANCELLED, rules.TUTORING_ACCEPTED):
        assert kind in kinds
