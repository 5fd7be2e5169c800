"""Quizzes, drafts, the deadline, tutors' review and plagiarism decisions (J12) through the API."""
from __future__ import annotations

from datetime import date, datetime

from tests.assignments.conftest import AFTER, DURING, fresh
from tests.helpers import assert_error
from tests.programme import TZ


def _answer(room, quiz, answers, learner="alice", when=DURING):
    return room.call("POST", f"/assignments/{quiz['id']}/submissions", getattr(room, learner), when,
                     json={"enrollment_id": room.enrollments[learner], "answers": answers})


def test_a_quiz_is_scored_at_once_and_its_answers_shown_after_the_deadline(room):
    quiz = room.objective()
    assert "answer" in quiz["questions"][0]  # the province sees them
    answers = room.answers(quiz["id"], "alice", {"1+1=?": ["2"], "偶数?": ["2"], "地球是圆的": ["对"]})
    r = _answer(room, quiz, answers)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["score_percent"] == 60.0  # 2 + 0 (half the set is not the set) + 1 of 5
    path = f"/assignments/{quiz['id']}?enrollment_id={room.enrollments['alice']}"
    during = room.call("GET", path, room.alice).get_json()
    assert all("answer" not in q for q in during["questions"]) and during["deadline_passed"] is False
    after = room.call("GET", path, room.alice, AFTER).get_json()
    assert [sorted(q["options"][a] for a in q["answer"]) for q in after["questions"]] == [["2"], ["2", "4"], ["对"]]
    assert after["submission"]["correct"] == [True, False, True]
    listed = room.call("GET", f"/courses/{room.course}/assignments", room.alice).get_json()["items"]
    assert listed[0]["id"] == quiz["id"] and "answer" not in listed[0]["questions"][0]
    assert_error(_answer(room, quiz, answers), 409, "already_submitted")


def test_nothing_is_handed_in_after_the_batch_ends(room):
    a, quiz = room.subjective(), room.objective()
    assert_error(room.submit(a["id"], "alice", fresh(50, 1), when=AFTER), 409, "deadline_passed")
    last_minute = datetime(2026, 12, 5, 23, 59, tzinfo=TZ)
    assert room.submit(a["id"], "alice", fresh(50, 1), when=last_minute).status_code == 201
    assert_error(_answer(room, quiz, [[1], [0], [0]], when=AFTER), 409, "deadline_passed")
    assert_error(room.call("PUT", f"/assignments/{a['id']}/draft", room.bob, AFTER,
                           json={"enrollment_id": room.enrollments["bob"], "text": "草稿"}), 409, "deadline_passed")


def test_the_draft_is_saved_and_read_back_and_cleared_on_hand_in(room):
    a = room.subjective(min_chars=10)
    path = f"/assignments/{a['id']}/draft"
    body = {"enrollment_id": room.enrollments["alice"], "text": "第一稿"}
    r = room.call("PUT", path, room.alice, json=body)
    assert r.status_code == 200 and r.get_json()["saved_at"]
    room.call("PUT", path, room.alice, json={**body, "text": "第二稿"})
    got = room.call("GET", f"{path}?enrollment_id={room.enrollments['alice']}", room.alice).get_json()
    assert got["text"] == "第二稿"
    assert_error(room.call("GET", f"{path}?enrollment_id={room.enrollments['alice']}", room.bob), 403, "forbidden")
    assert_error(room.call("PUT", path, room.bob, json=body), 403, "forbidden")
    too_short = assert_error(room.submit(a["id"], "alice", "太短了"), 400, "invalid_input")
    assert "text" in too_short["error"]["fields"]
    assert room.submit(a["id"], "alice", fresh(30, 2)).status_code == 201
    assert room.call("GET", f"{path}?enrollment_id={room.enrollments['alice']}", room.alice).get_json()["text"] == ""


def test_a_tutor_reviews_and_marks_excellent_work(room):
    a = room.subjective()
    mine = room.submit(a["id"], "alice", fresh(100, 3)).get_json()
    queue = room.call("GET", f"/classes/{room.klass}/submissions?status=ungraded", room.tutor).get_json()
    assert queue["total"] == 1 and queue["items"][0]["learner_name"] == "学员甲"
    r = room.call("POST", f"/submissions/{mine['id']}/review", room.tutor,
                  json={"score": 92, "excellent": True, "comment": "很好"})
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()["score"], r.get_json()["excellent"]) == (92, True)
    assert room.call("GET", f"/classes/{room.klass}/submissions?status=ungraded", room.tutor).get_json()["total"] == 0
    seen = room.call("GET", f"/submissions/{mine['id']}", room.alice).get_json()
    assert seen["score"] == 92 and seen["comment"] == "很好"


def test_other_classes_tutor_and_other_learners_are_refused(room):
    a = room.subjective()
    mine = room.submit(a["id"], "alice", fresh(100, 4)).get_json()
    for path, body in ((f"/submissions/{mine['id']}/review", {"score": 50}),
                       (f"/submissions/{mine['id']}/plagiarism", {"decision": "cleared", "reason": "无", "confirm": True})):
        for stranger in (room.other_tutor, room.bob, room.alice, room.admin):
            assert_error(room.call("POST", path, stranger, json=body), 403, "forbidden")
    assert_error(room.call("GET", f"/submissions/{mine['id']}", room.bob), 403, "forbidden")
    assert_error(room.call("GET", f"/classes/{room.klass}/submissions", room.other_tutor), 403, "forbidden")
    # Bob may not hand in through Alice's enrollment.
    assert_error(room.call("POST", f"/assignments/{a['id']}/submissions", room.bob,
                           json={"enrollment_id": room.enrollments["alice"], "text": "冒名"}), 403, "forbidden")


def _suspect(room):
    a = room.subjective()
    source = fresh(200, 5)
    room.submit(a["id"], "bob", source)
    return room.submit(a["id"], "alice", source[:120] + fresh(30, 6)).get_json()


def test_confirmed_plagiarism_fails_the_training_and_bans_the_teacher(app, api, room):
    copy = _suspect(room)
    assert copy["originality"]["verdict"] == "suspected"
    bad = room.call("POST", f"/submissions/{copy['id']}/plagiarism", room.tutor, json={"decision": "maybe"})
    assert set(assert_error(bad, 400, "invalid_input")["error"]["fields"]) == {"decision", "reason"}
    unconfirmed = room.call("POST", f"/submissions/{copy['id']}/plagiarism", room.tutor,
                            json={"decision": "confirmed", "reason": "与同班学员作业雷同"})
    assert set(assert_error(unconfirmed, 400, "invalid_input")["error"]["fields"]) == {"confirm"}
    r = room.call("POST", f"/submissions/{copy['id']}/plagiarism", room.tutor,
                  json={"decision": "confirmed", "reason": "与同班学员作业雷同", "confirm": True})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["decision"] == "confirmed" and r.get_json()["ban_id"]
    assert_error(room.call("POST", f"/submissions/{copy['id']}/plagiarism", room.tutor,
                           json={"decision": "cleared", "reason": "改判", "confirm": True}), 409, "not_suspected")
    with app.app_context():
        from lms.assignments.queries import plagiarism_confirmed
        from lms.extensions import db
        assert plagiarism_confirmed(db.session, room.enrollments["alice"]) is True
        assert plagiarism_confirmed(db.session, room.enrollments["bob"]) is False
    # The training has failed: nothing more is handed in for it.
    another = room.subjective(prompt="另一次作业")
    assert_error(room.submit(another["id"], "alice", fresh(50, 7)), 409, "plagiarism_confirmed")
    # J12: the enrollment domain refuses the teacher in another batch of the same year.
    p = room.programme
    batch2 = p.batch(p.project(series="other"), number=1, starts_on=date(2026, 12, 16))
    klass2 = p.klass(batch2)
    p.seats_down_to(batch2, room.tree, "school111", 1)
    school_admin = room.api.make.admin(room.tree["school111"])
    r = room.call("POST", "/enrollments", school_admin, datetime(2026, 12, 12, 10, tzinfo=TZ),
                  json={"class_id": klass2, "teacher_id": room.alice.id})
    assert_error(r, 409, "banned")


def test_a_cleared_suspicion_stays_on_record_without_a_ban(app, room):
    copy = _suspect(room)
    r = room.call("POST", f"/submissions/{copy['id']}/plagiarism", room.tutor,
                  json={"decision": "cleared", "reason": "引用已注明出处", "confirm": True})
    assert r.status_code == 200 and r.get_json()["ban_id"] is None
    assert r.get_json()["submission"]["plagiarism"] == "cleared"
    with app.app_context():
        from lms.assignments.queries import plagiarism_confirmed
        from lms.enrollment.models import PlagiarismBan
        from lms.extensions import db
        assert plagiarism_confirmed(db.session, room.enrollments["alice"]) is False
        assert db.session.query(PlagiarismBan).count() == 0
    report = room.call("GET", f"/submissions/{copy['id']}/originality", room.tutor).get_json()
    assert report["decisions"][0]["decision"] == "cleared"


def test_an_original_submission_cannot_be_ruled_on(room):
    a = room.subjective()
    mine = room.submit(a["id"], "alice", fresh(100, 8)).get_json()
    assert_error(room.call("POST", f"/submissions/{mine['id']}/plagiarism", room.tutor,
                           json={"decision": "confirmed", "reason": "怀疑", "confirm": True}), 409, "not_suspected")


def test_a_cancelled_enrollment_hands_in_nothing(app, room):
    a = room.subjective()
    with app.app_context():
        from lms.enrollment.models import Enrollment
        from lms.extensions import db
        db.session.get(Enrollment, room.enrollments["alice"]).status = "cancelled"
        db.session.commit()
    assert_error(room.submit(a["id"], "alice", fresh(50, 9)), 409, "enrollment_inactive")
