"""Issue 10: GETs never write. Reading a grade computes it without storing it; a certificate is issued when
grading stores a final pass (the daily command) or on an explicit POST, and the download only reads."""
from __future__ import annotations

from tests.forum.conftest import DURING, FINAL, fresh
from tests.grading.test_grade_path import _finalise, _grade, _hand_in, _interact, _review, _written
from tests.helpers import assert_error, csrf_token, sign_in


def _stored(room):
    from lms.certificates.models import Certificate
    from lms.extensions import db
    from lms.grading.models import Grade
    with room.app.app_context():
        return ({g.enrollment_id: (g.total, g.final) for g in db.session.query(Grade)},
                {c.enrollment_id for c in db.session.query(Certificate)})


def _passing(room, key="alice"):
    room.credit(key, 100)
    _review(room, _hand_in(room, _written(room), key, fresh(300, 11))["id"], 100)
    _interact(room, key)


def test_reading_grades_stores_nothing(room):
    _passing(room)
    grades, _certs = _stored(room)
    alice = room.enrollments["alice"]
    before = grades.get(alice)
    for when in (DURING, FINAL):
        assert _grade(room, "alice", when)["total"] == 88
        assert room.get(f"/classes/{room.klass}/grades", room.tutor, when).status_code == 200
        assert room.get(f"/classes/{room.klass}/grades.xlsx", room.tutor, when).status_code == 200
    assert _grade(room, "alice", FINAL)["final"] is True  # final on read once grading closed ...
    grades, certs = _stored(room)
    assert grades.get(alice) == before and not certs  # ... but stored only by the change paths and the command


def test_the_download_reads_and_the_daily_run_or_a_post_issues(room):
    _passing(room)
    alice, path = room.enrollments["alice"], f"/enrollments/{room.enrollments['alice']}/certificate"
    assert_error(room.get(path, room.alice, FINAL), 409, "not_issued")
    assert _stored(room)[1] == set()
    assert_error(room.post(path, room.tutor, FINAL), 403, "forbidden")
    assert_error(room.post(path, room.alice, DURING), 409, "not_final")
    r = room.post(path, room.alice, FINAL)
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    grades, certs = _stored(room)
    assert certs == {alice} and grades[alice] == (88, True)  # issuing stored the final grade first
    assert room.get(path, room.school_admin, FINAL).status_code == 200
    assert room.post(path, room.alice, FINAL).status_code == 200 and _stored(room)[1] == {alice}  # once


def test_the_daily_run_makes_grades_final_and_issues_the_passes_certificates(room):
    _passing(room)
    room.credit("bob", 10)
    assert "3 grades (0 final)" in _finalise(room, DURING)
    assert _stored(room)[1] == set()
    assert "3 grades (3 final)" in _finalise(room)
    grades, certs = _stored(room)
    assert certs == {room.enrollments["alice"]} and grades[room.enrollments["bob"]][1] is True


def test_the_grade_pages_button_issues_then_downloads(room):
    _passing(room)
    from lms.core import clock
    with clock.frozen_at(FINAL):
        client = room.app.test_client()
        sign_in(client, room.alice)
        page = client.get(f"/grades/{room.enrollments['alice']}").get_data(as_text=True)
        assert "Download the certificate" in page or "下载结业证书" in page
        r = client.post(f"/enrollments/{room.enrollments['alice']}/certificate", data={"csrf_token": csrf_token(page)})
        assert r.status_code == 302 and r.headers["Location"].endswith(
            f"/api/v1/enrollments/{room.enrollments['alice']}/certificate")
        assert client.get(r.headers["Location"]).data.startswith(b"%PDF")


def test_the_policy_page_saves_and_says_why_a_policy_is_refused(room):
    from lms.core import clock
    from tests.forum.conftest import DURING as _during
    fields = {"study_points": 50, "objective_points": 10, "subjective_points": 20, "excellent_work_points": 2,
              "interaction_points": 18, "topic_points": 6, "reply_points": 8, "qa_points": 4, "topics_target": 1,
              "replies_target": 3, "qa_target": 1, "pass_mark": 75, "outstanding_mark": 90, "min_post_chars": 20,
              "close_days": 7}
    with clock.frozen_at(_during.replace(month=10)):
        client = room.app.test_client()
        sign_in(client, room.admin)
        path = f"/projects/{room.project}/grading-policy"
        token = csrf_token(client.get(path).get_data(as_text=True))
        r = client.post(path, data={**fields, "study_points": 60, "csrf_token": token})
        assert r.status_code == 200 and "110" in r.get_data(as_text=True)  # the wrong sum, said on the page
        r = client.post(path, data={**fields, "csrf_token": token})
        assert r.status_code == 302
        assert room.get(f"/projects/{room.project}/grading-policy", room.admin).get_json()["pass_mark"] == 75
