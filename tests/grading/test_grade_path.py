"""A learner's whole path through the API ends with the expected grade, a certificate that verifies."""
from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from tests.forum.conftest import DURING, ENDED, FINAL, fresh
from lms.core import clock
from tests.helpers import assert_error, sign_in

QUESTIONS = [{"type": "single", "text": "1+1=?", "options": ["1", "2"], "answer": [1], "points": 1},
             {"type": "truefalse", "text": "地球是圆的", "options": ["对", "错"], "answer": [0], "points": 1}]


def _quiz(room):
    r = room.post(f"/courses/{room.course}/assignments", room.admin,
                  json={"kind": "objective", "title": "测验", "questions": QUESTIONS})
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def _written(room):
    r = room.post(f"/courses/{room.course}/assignments", room.admin,
                  json={"kind": "subjective", "title": "研修作业", "prompt": "谈谈课堂提问"})
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def _hand_in(room, assignment_id, key, text):
    r = room.post(f"/assignments/{assignment_id}/submissions", getattr(room, key),
                  json={"enrollment_id": room.enrollments[key], "text": text})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def _review(room, submission_id, score, excellent=False):
    r = room.post(f"/submissions/{submission_id}/review", room.tutor, json={"score": score, "excellent": excellent})
    assert r.status_code == 200, r.get_json()


def _interact(room, key):
    """One counted topic, three counted replies, one Q&A question: the full 18."""
    user = getattr(room, key)
    topic = room.topic(user, title=f"{key}的话题", body=fresh(40, sum(map(ord, key)))).get_json()
    assert topic["counts"]
    for i in range(3):
        assert room.reply(topic["id"], user, fresh(30, 100 * i + len(key))).get_json()["counts"]
    qa = room.qa()
    assert room.post(f"/qa-sessions/{qa['id']}/questions", user, json={"body": "请问专家"}).status_code == 201


def _finalise(room, when=FINAL):
    """The daily ``lms grades recompute`` after grading closed: grades stored as final, passes' certificates issued."""
    from lms.core import clock
    with room.app.app_context(), clock.frozen_at(when):  # this app's, whatever app context another test left
        result = room.app.test_cli_runner().invoke(args=["grades", "recompute", "--batch-id", str(room.batch)])
    assert result.exit_code == 0, result.output
    return result.output


def _grade(room, key, when=DURING, user=None):
    r = room.get(f"/enrollments/{room.enrollments[key]}/grade", user or getattr(room, key), when)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def test_the_full_path_ends_with_the_expected_grade_and_a_certificate(room):
    room.credit("alice", 100)
    quiz = _quiz(room)
    r = room.post(f"/assignments/{quiz}/submissions", room.alice,
                  json={"enrollment_id": room.enrollments["alice"], "answers": [[1], [0]]})
    assert r.status_code == 201 and r.get_json()["score_percent"] == 100
    written = _hand_in(room, _written(room), "alice", fresh(300, 42))
    _review(room, written["id"], 80, excellent=True)
    _interact(room, "alice")

    grade = _grade(room, "alice")
    assert set(grade) >= {"total", "passed", "excellent", "plagiarism", "final", "components"}
    c = grade["components"]
    assert {k: (c[k]["score"], c[k]["max"]) for k in c} == {
        "study": (50, 50), "objective": (10, 10), "subjective": (16, 20), "excellent_work": (2, 2),
        "interaction": (18, 18)}
    assert c["study"]["credited_seconds"] == 6000 and c["study"]["required_seconds"] == 6000
    assert grade["total"] == 96 and grade["passed"] and grade["excellent"] and not grade["plagiarism"]
    assert grade["final"] is False
    assert_error(room.get(f"/enrollments/{room.enrollments['alice']}/certificate", room.alice), 409, "not_final")

    final = _grade(room, "alice", FINAL)
    assert final["final"] is True and final["total"] == 96
    _finalise(room)
    r = room.get(f"/enrollments/{room.enrollments['alice']}/certificate", room.alice, FINAL)
    assert r.status_code == 200 and r.mimetype == "application/pdf" and r.data.startswith(b"%PDF")
    again = room.get(f"/enrollments/{room.enrollments['alice']}/certificate", room.school_admin, FINAL)
    assert again.status_code == 200
    from lms.certificates.models import Certificate
    from lms.extensions import db
    with room.app.app_context():
        code = db.session.query(Certificate.code).one()[0]  # one certificate, however often downloaded
    verified = room.api.client.get(f"/api/v1/certificates/{code}")
    assert verified.status_code == 200
    body = verified.get_json()
    assert body["valid"] is True and body["name"] == "学员甲" and body["total"] == 96
    assert set(body) >= {"valid", "name", "project", "course", "batch", "total", "issued_on"}
    page = room.api.client.get(f"/verify/{code}")
    assert page.status_code == 200 and "学员甲" in page.get_data(as_text=True)
    assert room.api.client.get("/verify/NOSUCHCODE").status_code == 404
    assert_error(room.api.client.get("/api/v1/certificates/NOSUCHCODE"), 404, "not_found")


def test_a_final_grade_never_changes(room):
    room.credit("alice", 100)
    _interact(room, "alice")
    before = _grade(room, "alice", FINAL)
    assert before["final"] and before["total"] == 68
    _finalise(room)  # the daily run stores it as final
    topic_id = room.get(f"/classes/{room.klass}/topics", room.tutor, FINAL).get_json()["items"][0]["id"]
    assert room.call("PATCH", f"/posts/{topic_id}", room.tutor, FINAL, json={"hidden": True}).status_code == 200
    room.credit("alice", 0)
    assert _grade(room, "alice", FINAL)["total"] == 68


def test_exactly_80_passes_and_79_5_fails(room):
    written = _written(room)
    for key, minutes in (("alice", 100), ("bob", 99)):
        room.credit(key, minutes)
        _review(room, _hand_in(room, written, key, fresh(300, 7 + len(key)))["id"], 60)
        _interact(room, key)
    alice, bob = _grade(room, "alice", ENDED), _grade(room, "bob", ENDED)
    assert alice["total"] == 80 and alice["passed"] and not alice["excellent"]
    assert bob["total"] == 79.5 and not bob["passed"]
    assert bob["needed"]["to_pass"] == 0.5
    assert_error(room.get(f"/enrollments/{room.enrollments['bob']}/certificate", room.bob, FINAL), 409, "not_passed")
    _finalise(room)
    assert room.get(f"/enrollments/{room.enrollments['alice']}/certificate", room.alice, FINAL).status_code == 200


def test_confirmed_plagiarism_fails_whatever_the_score(room):
    room.credit("alice", 100)
    written = _written(room)
    source = fresh(200, 5)
    _hand_in(room, written, "bob", source)
    copy = _hand_in(room, written, "alice", source[:150] + fresh(30, 6))
    assert copy["originality"]["verdict"] == "suspected"
    _review(room, copy["id"], 100, excellent=True)
    _interact(room, "alice")
    assert _grade(room, "alice")["passed"] is True
    r = room.post(f"/submissions/{copy['id']}/plagiarism", room.tutor, json={"decision": "confirmed", "reason": "雷同", "confirm": True})
    assert r.status_code == 200, r.get_json()
    grade = _grade(room, "alice", FINAL)
    assert grade["plagiarism"] is True and grade["passed"] is False and grade["total"] >= 80
    assert_error(room.get(f"/enrollments/{room.enrollments['alice']}/certificate", room.alice, FINAL),
                 409, "not_passed")


def test_who_sees_grades_and_certificates(room):
    path = f"/enrollments/{room.enrollments['alice']}/grade"
    for user in (room.carol, room.bob, room.other_tutor, room.city2_admin, room.expert):
        assert_error(room.get(path, user), 403, "forbidden")
    for user in (room.alice, room.tutor, room.city1_admin, room.school_admin, room.admin):
        assert room.get(path, user).status_code == 200
    assert_error(room.get(f"/enrollments/{room.enrollments['alice']}/certificate", room.tutor, FINAL), 403, "forbidden")
    assert_error(room.get(f"/enrollments/{room.enrollments['alice']}/certificate", room.city2_admin, FINAL),
                 403, "forbidden")
    assert_error(room.get("/enrollments/999999/grade", room.admin), 404, "not_found")


def test_tutors_recommend_outstanding_learners_and_export_the_class(room):
    room.credit("alice", 100)
    quiz = _quiz(room)
    room.post(f"/assignments/{quiz}/submissions", room.alice,
              json={"enrollment_id": room.enrollments["alice"], "answers": [[1], [0]]})
    _review(room, _hand_in(room, _written(room), "alice", fresh(300, 4))["id"], 80)
    _interact(room, "alice")
    alice = f"/enrollments/{room.enrollments['alice']}/recommend"
    assert_error(room.post(alice, room.other_tutor, json={}), 403, "forbidden")
    assert_error(room.post(alice, room.tutor, json={"recommended": "maybe"}), 400, "invalid_input")
    r = room.post(alice, room.tutor, json={"note": "作业质量高，论坛活跃"})
    assert r.status_code == 200 and r.get_json()["recommended"] is True
    assert_error(room.post(f"/enrollments/{room.enrollments['bob']}/recommend", room.tutor, json={}),
                 409, "below_outstanding")
    listed = room.get(f"/classes/{room.klass}/grades", room.tutor).get_json()["items"]
    assert [(i["name"], i["total"]) for i in listed] == [("学员甲", 94.0), ("学员乙", 0.0)]
    assert_error(room.get(f"/classes/{room.klass}/grades", room.other_tutor), 403, "forbidden")
    r = room.get(f"/classes/{room.klass}/grades.xlsx", room.tutor)
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.data)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][0] == "学员甲" and rows[0][9] == 94 and len(rows) == 2


def test_a_school_admin_downloads_its_schools_certificates(room):
    for key in ("alice", "bob"):
        room.credit(key, 100)
    _review(room, _hand_in(room, _written(room), "alice", fresh(300, 3))["id"], 100)
    _interact(room, "alice")
    school = room.tree["school111"].id
    _finalise(room)
    r = room.get(f"/schools/{school}/certificates.zip", room.school_admin, FINAL)
    assert r.status_code == 200 and r.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.data)).namelist()
    assert len(names) == 1 and names[0].startswith("学员甲")
    client = room.app.test_client()  # the school page's link: the same zip
    with clock.frozen_at(FINAL):
        sign_in(client, room.school_admin)
        page = client.get(f"/schools/{school}/certificates.zip")
    assert page.status_code == 200 and zipfile.ZipFile(io.BytesIO(page.data)).namelist() == names
    assert_error(room.get(f"/schools/{school}/certificates.zip", room.city2_admin, FINAL), 403, "forbidden")
    assert_error(room.get(f"/schools/{school}/certificates.zip?batch_id=x", room.school_admin, FINAL),
                 400, "invalid_input")
    assert_error(room.get("/schools/999999/certificates.zip", room.school_admin, FINAL), 404, "not_found")


def test_a_school_without_certificates_is_told_so_not_given_an_empty_zip(room, app):
    school = room.tree["school111"].id
    r = room.get(f"/schools/{school}/certificates.zip?batch_id={room.batch}", room.school_admin, FINAL)
    assert_error(r, 409, "nothing_to_zip")
    client = app.test_client()
    with clock.frozen_at(FINAL):
        sign_in(client, room.school_admin)
        page = client.get(f"/schools/{school}/certificates.zip?batch_id={room.batch}")
        assert page.status_code == 302 and f"/enrollment/schools/{school}/batches/{room.batch}" in page.location
        assert "尚未获发证书" in client.get(page.location).get_data(as_text=True)
        assert client.get(f"/schools/{school}/certificates.zip").status_code == 302
        assert client.get(f"/schools/{room.tree['school211'].id}/certificates.zip").status_code == 403


def test_recomputing_a_whole_batch_agrees_with_one_by_one(room):
    """The bulk path (grouped queries) and the per-learner path give the same grades."""
    from lms.core import clock
    from lms.extensions import db
    from lms.grading import services
    from lms.grading.models import Grade

    room.credit("alice", 100)
    room.credit("bob", 37)
    quiz = _quiz(room)
    room.post(f"/assignments/{quiz}/submissions", room.alice,
              json={"enrollment_id": room.enrollments["alice"], "answers": [[1], [1]]})
    written = _hand_in(room, _written(room), "bob", fresh(300, 7))
    _review(room, written["id"], 70, excellent=False)
    _interact(room, "alice")
    with room.app.app_context(), clock.frozen_at(DURING):
        one_by_one = {e: services.recompute_grade(db.session, e).to_dict() for e in room.enrollments.values()}
        db.session.query(Grade).delete()
        db.session.flush()
        bulk = {g.enrollment_id: g.to_dict() for g in services.recompute_batch(db.session, room.batch)}
        db.session.rollback()
    strip = lambda d: {k: v for k, v in d.items() if k != "computed_at"}  # noqa: E731
    assert {e: strip(g) for e, g in bulk.items()} == {e: strip(g) for e, g in one_by_one.items()}
    assert bulk[room.enrollments["alice"]]["total"] > bulk[room.enrollments["carol"]]["total"]
