"""The certificates' JSON API: a user's own certificates (training and live research terms) with their
download and verification URLs, an admin's list of its area (subtree scope), the public check of a live code."""
from __future__ import annotations

from datetime import date

from lms.certificates.models import Certificate
from lms.core import clock
from lms.extensions import db
from tests.forum.conftest import FINAL
from tests.helpers import assert_error
from tests.live.conftest import at, term_world, world  # noqa: F401 (fixtures)


def _issue(room, key, code, revoked=False):
    """A certificate as issuing stores it (the grading path is tested in tests/grading)."""
    with room.app.app_context():
        cert = Certificate(enrollment_id=room.enrollments[key], code=code, name=key, school="一中", project="项目",
                           course="课程", batch="第9批", total=88.0, study_hours=10.0, issued_on=FINAL.date(),
                           issued_at=FINAL, revoked_at=FINAL if revoked else None,
                           revoked_reason="result_withdrawn" if revoked else None)
        db.session.add(cert)
        db.session.commit()
        return cert.id


def test_my_certificates_list_and_download(room):
    _issue(room, "alice", "AAAABBBBCCCC")
    _issue(room, "bob", "DDDDEEEEFFFF", revoked=True)
    mine = room.get("/me/certificates", room.alice, FINAL)
    assert mine.status_code == 200, mine.get_json()
    body = mine.get_json()
    assert body["live_terms"] == []
    [cert] = body["training"]
    assert (cert["code"], cert["enrollment_id"], cert["valid"]) == ("AAAABBBBCCCC", room.enrollments["alice"], True)
    assert cert["verify_url"].endswith("/verify/AAAABBBBCCCC")
    path = cert["download_url"].split("/api/v1", 1)[1]
    pdf = room.get(path, room.alice, FINAL)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    [revoked] = room.get("/me/certificates", room.bob, FINAL).get_json()["training"]
    assert revoked["valid"] is False and revoked["download_url"] is None and revoked["revoked_reason_text"]
    assert room.get("/me/certificates", room.carol, FINAL).get_json()["training"] == []


def test_an_admin_lists_the_certificates_of_its_own_area(room):
    _issue(room, "alice", "AAAABBBBCCCC")
    _issue(room, "bob", "DDDDEEEEFFFF", revoked=True)
    city1 = room.get("/certificates", room.city1_admin, FINAL).get_json()
    assert city1["total"] == 2 and {c["code"] for c in city1["items"]} == {"AAAABBBBCCCC", "DDDDEEEEFFFF"}
    assert {c["teacher_id"] for c in city1["items"]} == {room.alice.id, room.bob.id}
    assert room.get("/certificates?revoked=false", room.school_admin, FINAL).get_json()["total"] == 1
    page = room.get("/certificates?per_page=1&page=2", room.admin, FINAL).get_json()
    assert page["total"] == 2 and len(page["items"]) == 1
    assert room.get(f"/certificates?batch_id={room.batch}", room.admin, FINAL).get_json()["total"] == 2
    assert room.get("/certificates", room.city2_admin, FINAL).get_json()["total"] == 0  # another city
    school = room.tree["school111"].id
    assert room.get(f"/certificates?org_unit_id={school}", room.city1_admin, FINAL).get_json()["total"] == 2
    assert_error(room.get(f"/certificates?org_unit_id={school}", room.city2_admin, FINAL), 403, "forbidden")
    assert_error(room.get("/certificates", room.alice, FINAL), 403, "forbidden")
    assert_error(room.get("/certificates?per_page=0", room.admin, FINAL), 400, "invalid_input")
    assert_error(room.get("/certificates?org_unit_id=999999", room.admin, FINAL), 404, "not_found")


def test_live_term_certificates_through_the_api(api, app, term_world):
    w = term_world
    term_id = api.get("/live/calendar", w.learner).get_json()["terms"][0]["id"]
    assert api.get("/me/certificates", w.learner).get_json()["live_terms"] == []  # the term runs
    assert_error(api.get(f"/live/terms/{term_id}/certificates/learner", w.learner), 409, "term_not_over")
    clock.start_at(at(date(2027, 1, 16), 9))
    api._tokens.clear()
    got = {c["kind"]: c for c in api.get("/me/certificates", w.learner).get_json()["live_terms"]}
    assert set(got) == {"star_learner", "learner"}  # 李老师 is a star learner too
    mine = got["learner"]
    assert (mine["kind"], mine["study_hours"], mine["counted_minutes"], mine["sessions"]) == ("learner", 2, 120, 2)
    assert mine["term"]["id"] == term_id and mine["valid"] is True
    pdf = api.get(mine["download_url"].split("/api/v1", 1)[1], w.learner)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    kinds = {c["kind"] for c in api.get("/me/certificates", w.tutor).get_json()["live_terms"]}
    assert kinds == {"service", "star_tutor"}
    assert_error(api.get(f"/live/terms/{term_id}/certificates/learner", w.tutor3), 404, "not_found")
    assert_error(api.get(f"/live/terms/{term_id}/certificates/gold", w.learner), 404, "not_found")
    assert_error(api.get("/live/terms/999999/certificates/learner", w.learner), 404, "not_found")
    anonymous = app.test_client()
    check = anonymous.get(f"/api/v1/live/certificates/{mine['code']}")
    assert check.status_code == 200 and check.get_json()["name"] == "李老师" and check.get_json()["study_hours"] == 2
    assert anonymous.get(f"/api/v1/live/certificates/{mine['code'][:-1]}Z").status_code == 404
    assert anonymous.get("/api/v1/live/certificates/nonsense").get_json()["error"]["code"] == "not_found"
