"""J12 at any time: a verdict after grading closed fails the final grade, revokes the certificate and
cancels the teacher's other places that year; the teacher appeals once, a province admin decides finally."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.forum.conftest import DURING, FINAL, fresh
from tests.grading.test_grade_path import _finalise, _grade, _hand_in, _interact, _review, _written
from tests.helpers import assert_error, csrf_token, sign_in
from tests.programme import TZ


@pytest.fixture
def case(room):
    """Alice passed (90, final) with a copied essay and holds a place in a batch to come this year."""
    room.credit("alice", 100)
    written = _written(room)
    source = fresh(200, 5)
    _hand_in(room, written, "bob", source)
    copy = _hand_in(room, written, "alice", source[:150] + fresh(30, 6))
    _review(room, copy["id"], 100, excellent=True)
    _interact(room, "alice")
    p = room.programme
    later = p.batch(p.project(series="other"), number=1, starts_on=date(2026, 12, 16))
    later_class = p.klass(later)
    p.seats_down_to(later, room.tree, "school111", 1)
    room.later, room.later_class = later, later_class
    room.later_enrollment = p.enroll(later_class, room.alice)
    grade = _grade(room, "alice", FINAL)
    assert grade["final"] and grade["passed"] and grade["total"] == 90
    _finalise(room)
    r = room.get(f"/enrollments/{room.enrollments['alice']}/certificate", room.alice, FINAL)
    assert r.status_code == 200
    from lms.certificates.models import Certificate
    from lms.extensions import db
    with room.app.app_context():
        room.code = db.session.query(Certificate.code).one()[0]
    room.copy = copy
    return room


def _confirm(room, when=FINAL):
    r = room.post(f"/submissions/{room.copy['id']}/plagiarism", room.tutor, when,
                  json={"decision": "confirmed", "reason": "与同班学员作业雷同", "confirm": True})
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def _later_status(room):
    from lms.enrollment.models import Enrollment
    from lms.extensions import db
    with room.app.app_context():
        e = db.session.get(Enrollment, room.later_enrollment)
        return e.status, e.ban_id


def _school_enrolled(room):
    return room.programme.figures(room.later, room.tree["school111"])["enrolled"]


def test_a_verdict_after_grading_closed_fails_the_grade_revokes_the_certificate_and_cancels_places(case):
    room = case
    decision = _confirm(room)
    grade = _grade(room, "alice", FINAL)
    assert grade["final"] and grade["plagiarism"] and not grade["passed"] and grade["total"] == 90
    assert not grade["excellent"] and not grade["recommended"]
    assert_error(room.get(f"/enrollments/{room.enrollments['alice']}/certificate", room.alice, FINAL), 409, "revoked")
    verified = room.api.client.get(f"/api/v1/certificates/{room.code}").get_json()
    assert verified["valid"] is False and verified["revoked"] is True and verified["revoked_at"]
    assert verified["revoked_reason"] == "result_withdrawn" and verified["revoked_reason_text"]
    assert "抄袭" not in verified["revoked_reason_text"] and "雷同" not in str(verified)  # neutral words only
    page = room.api.client.get(f"/verify/{room.code}").get_data(as_text=True)
    assert 'data-testid="certificate-revoked"' in page and "雷同" not in page
    # J12 reaches the place Alice already held in a batch to come this year: cancelled, seat back.
    assert _later_status(room) == ("cancelled", decision["ban_id"])
    assert _school_enrolled(room) == 0
    school_admin = room.school_admin
    r = room.post("/enrollments", school_admin, datetime(2026, 12, 12, 10, tzinfo=TZ),
                  json={"class_id": room.later_class, "teacher_id": room.alice.id})
    assert_error(r, 409, "banned")
    # The grade of the batch itself stays failed, whatever else happens.
    assert _grade(room, "alice", FINAL)["passed"] is False


def test_the_teacher_appeals_once_and_an_overturn_restores_everything(case):
    room = case
    decision = _confirm(room)
    path = f"/plagiarism-decisions/{decision['id']}/appeal"
    for stranger in (room.bob, room.school_admin, room.tutor):
        assert_error(room.post(path, stranger, FINAL, json={"reason": "我没有抄袭，这是我自己写的。"}), 403, "forbidden")
    assert_error(room.post(path, room.alice, FINAL, json={"reason": "短"}), 400, "invalid_input")
    r = room.post(path, room.alice, FINAL, json={"reason": "该文为本人原创，与同学讨论过提纲但文字均为自己撰写。"})
    assert r.status_code == 201, r.get_json()
    appeal = r.get_json()
    assert appeal["status"] == "pending"
    assert_error(room.post(path, room.alice, FINAL, json={"reason": "再次申诉，请重新审核此事。"}), 409, "already_appealed")
    # Queued for province admins of the area; nobody else.
    listed = room.get("/appeals", room.admin, FINAL).get_json()
    assert listed["total"] == 1 and listed["items"][0]["teacher_name"] == "学员甲"
    for user in (room.city1_admin, room.school_admin, room.alice, room.tutor):
        assert_error(room.get("/appeals", user, FINAL), 403, "forbidden")
    assert room.get(f"/appeals/{appeal['id']}", room.alice, FINAL).status_code == 200
    assert_error(room.get(f"/appeals/{appeal['id']}", room.bob, FINAL), 403, "forbidden")
    other_province = room.api.make.unit("province", name="浙江省", code="330000")
    outsider = room.api.make.admin(other_province)
    assert room.get("/appeals", outsider, FINAL).get_json()["total"] == 0
    decide = f"/appeals/{appeal['id']}/decision"
    body = {"outcome": "overturned", "note": "复核认定为合理引用", "confirm": True}
    for user in (outsider, room.city1_admin, room.school_admin, room.alice):
        assert_error(room.post(decide, user, FINAL, json=body), 403, "forbidden")
    assert set(assert_error(room.post(decide, room.admin, FINAL, json={**body, "confirm": False}), 400,
                            "invalid_input")["error"]["fields"]) == {"confirm"}
    assert_error(room.post(decide, room.admin, FINAL, json={**body, "outcome": "maybe"}), 400, "invalid_input")
    r = room.post(decide, room.admin, FINAL, json=body)
    assert r.status_code == 200 and r.get_json()["status"] == "overturned", r.get_json()
    grade = _grade(room, "alice", FINAL)
    assert grade["passed"] and not grade["plagiarism"] and grade["excellent"] and grade["total"] == 90
    assert room.api.client.get(f"/api/v1/certificates/{room.code}").get_json()["valid"] is True
    assert room.get(f"/enrollments/{room.enrollments['alice']}/certificate", room.alice, FINAL).status_code == 200
    assert _later_status(room) == ("active", None) and _school_enrolled(room) == 1
    # Final: a second decision is refused; the ban no longer bars Alice.
    assert_error(room.post(decide, room.admin, FINAL, json={**body, "outcome": "upheld"}), 409, "appeal_decided")
    from lms.enrollment.models import PlagiarismBan
    from lms.extensions import db
    with room.app.app_context():
        assert db.session.get(PlagiarismBan, decision["ban_id"]).lifted_at is not None
        from lms.core.audit import AuditEntry
        actions = {a for (a,) in db.session.query(AuditEntry.action)}
    assert {"plagiarism.appeal", "plagiarism.appeal_overturned", "certificate.revoke", "certificate.reinstate",
            "plagiarism.ban_lift", "enrollment.ban_cancel", "enrollment.ban_restore"} <= actions


def test_an_upheld_verdict_keeps_everything(case):
    room = case
    decision = _confirm(room)
    appeal = room.post(f"/plagiarism-decisions/{decision['id']}/appeal", room.alice, FINAL,
                       json={"reason": "我认为查重结果有误，请复核。"}).get_json()
    r = room.post(f"/appeals/{appeal['id']}/decision", room.admin, FINAL,
                  json={"outcome": "upheld", "note": "复核后维持原认定", "confirm": True})
    assert r.status_code == 200 and r.get_json()["status"] == "upheld"
    assert _grade(room, "alice", FINAL)["passed"] is False
    assert room.api.client.get(f"/api/v1/certificates/{room.code}").get_json()["valid"] is False
    assert _later_status(room)[0] == "cancelled"


def test_a_verdict_while_the_batch_runs_fails_the_live_grade(room):
    room.credit("alice", 100)
    written = _written(room)
    source = fresh(200, 5)
    _hand_in(room, written, "bob", source)
    copy = _hand_in(room, written, "alice", source[:150] + fresh(30, 6))
    r = room.post(f"/submissions/{copy['id']}/plagiarism", room.tutor, DURING,
                  json={"decision": "confirmed", "reason": "雷同", "confirm": True})
    assert r.status_code == 200
    assert _grade(room, "alice", DURING)["plagiarism"] is True


def test_the_pages_show_the_verdict_take_an_appeal_and_record_a_confirmed_decision(case):
    from lms.core import clock
    room = case
    decision = _confirm(room)
    with clock.frozen_at(FINAL):
        learner = room.app.test_client()
        sign_in(learner, room.alice)
        work = learner.get(f"/enrollments/{room.enrollments['alice']}/assignments/{_assignment_of(room)}")
        html = work.get_data(as_text=True)
        assert 'data-testid="verdict"' in html and "与同班学员作业雷同" in html
        r = learner.post(f"/plagiarism-decisions/{decision['id']}/appeal",
                         data={"appeal-csrf_token": csrf_token(html), "appeal-reason": "这是我本人独立完成的作业。"})
        assert r.status_code == 302
        admin = room.app.test_client()
        sign_in(admin, room.admin)
        queue = admin.get("/appeals").get_data(as_text=True)
        assert "学员甲" in queue
        appeal_id = room.get("/appeals", room.admin, FINAL).get_json()["items"][0]["id"]
        page = admin.get(f"/appeals/{appeal_id}").get_data(as_text=True)
        assert "checked" not in page
        token = csrf_token(page)
        r = admin.post(f"/appeals/{appeal_id}", data={"decision-csrf_token": token, "decision-outcome": "upheld",
                                                       "decision-note": "维持"})
        assert r.status_code == 200  # no confirmation ticked: nothing recorded
        r = admin.post(f"/appeals/{appeal_id}", data={"decision-csrf_token": token, "decision-outcome": "upheld",
                                                       "decision-note": "维持", "decision-confirm": "y"})
        assert r.status_code == 302
        other = room.app.test_client()
        sign_in(other, room.school_admin)
        assert other.get("/appeals").status_code == 403
        assert other.get(f"/appeals/{appeal_id}").status_code == 403
    assert room.get(f"/appeals/{appeal_id}", room.alice, FINAL).get_json()["status"] == "upheld"


def _assignment_of(room) -> int:
    from lms.assignments.models import Submission
    from lms.extensions import db
    with room.app.app_context():
        return db.session.get(Submission, room.copy["id"]).assignment_id
