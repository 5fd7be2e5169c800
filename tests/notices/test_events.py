"""Each event of the domains below produces its notice, for whom it concerns — and the domains that emit the
events do not import notices (tests/test_architecture.py and lint-imports keep the order)."""
from __future__ import annotations

import re
from pathlib import Path

from lms.notices import rules
from tests.forum.conftest import DURING, FINAL, fresh
from tests.grading.test_grade_path import _finalise, _hand_in, _interact, _review, _written
from tests.notices.helpers import kinds_of, notices_of

ROOT = Path(__file__).resolve().parents[2]


def test_no_domain_below_imports_notices():
    """They emit events (lms.core.registry.emit); notices declares its listeners in its registry.py."""
    importing = re.compile(r"^\s*(?:from|import) lms\.notices\b", re.MULTILINE)
    for path in (ROOT / "lms").rglob("*.py"):
        if path.relative_to(ROOT / "lms").parts[0] == "notices":
            continue
        assert not importing.search(path.read_text(encoding="utf-8")), path


def test_enrolling_tells_the_teacher(room):
    assert kinds_of(room.app, room.alice) == [rules.ENROLLMENT_CREATED]
    (notice,) = notices_of(room.app, room.alice)
    assert notice.params["enrollment_id"] == room.enrollments["alice"] and notice.params["batch"] == 9
    assert notice.key is None and notice.read_at is None


def test_cancelling_and_replacing_tell_the_teachers(room):
    r = room.post(f"/enrollments/{room.enrollments['alice']}/cancel", room.school_admin)
    assert r.status_code == 200, r.get_json()
    assert kinds_of(room.app, room.alice) == [rules.ENROLLMENT_CREATED, rules.ENROLLMENT_CANCELLED]
    r = room.post(f"/enrollments/{room.enrollments['bob']}/replace", room.school_admin,
                  json={"teacher_id": room.alice.id})
    assert r.status_code == 201, r.get_json()
    assert kinds_of(room.app, room.bob) == [rules.ENROLLMENT_CREATED, rules.ENROLLMENT_REPLACED]
    assert kinds_of(room.app, room.alice)[-1] == rules.ENROLLMENT_CREATED
    assert notices_of(room.app, room.alice)[-1].params["enrollment_id"] == r.get_json()["id"]


def test_a_refused_enrollment_change_sends_nothing(room):
    room.post(f"/enrollments/{room.enrollments['alice']}/cancel", room.school_admin)
    r = room.post(f"/enrollments/{room.enrollments['alice']}/cancel", room.school_admin)
    assert r.status_code == 409
    assert kinds_of(room.app, room.alice).count(rules.ENROLLMENT_CANCELLED) == 1


def test_seats_handed_down_tell_the_units_admins(room):
    # The room's seats came down province → city → county → school111 (5 each)
    (seats,) = notices_of(room.app, room.school_admin, rules.SEATS_RECEIVED)
    assert seats.params["seats"] == 5 and seats.params["before"] == 0 and seats.params["level"] == "school"
    assert [n.params["unit_id"] for n in notices_of(room.app, room.city1_admin, rules.SEATS_RECEIVED)] == [
        room.tree["city1"].id]
    assert notices_of(room.app, room.city2_admin, rules.SEATS_RECEIVED) == []
    assert kinds_of(room.app, room.alice) == [rules.ENROLLMENT_CREATED]  # teachers are not told


def test_a_review_tells_the_learner_its_score(room):
    written = _written(room)
    submission = _hand_in(room, written, "alice", fresh(300, 3))
    _review(room, submission["id"], 88, excellent=True)
    (graded,) = notices_of(room.app, room.alice, rules.WORK_GRADED)
    assert graded.params["score"] == 88 and graded.params["excellent"] is True
    assert graded.params["assignment"] == "研修作业"


def test_a_plagiarism_verdict_tells_the_learner_even_if_turned_off(room):
    r = room.call("PUT", "/me/notice-preferences", room.alice, json={"wanted": {rules.WORK_GRADED: False}})
    assert r.status_code == 200, r.get_json()
    written = _written(room)
    source = fresh(200, 5)
    _hand_in(room, written, "bob", source)
    copy = _hand_in(room, written, "alice", source[:150] + fresh(30, 6))
    assert copy["originality"]["verdict"] == "suspected"
    _review(room, copy["id"], 90)
    r = room.post(f"/submissions/{copy['id']}/plagiarism", room.tutor,
                  json={"decision": "confirmed", "reason": "雷同", "confirm": True})
    assert r.status_code == 200, r.get_json()
    assert notices_of(room.app, room.alice, rules.WORK_GRADED) == []  # turned off
    (verdict,) = notices_of(room.app, room.alice, rules.PLAGIARISM_VERDICT)
    assert verdict.params["decision"] == "confirmed"
    assert notices_of(room.app, room.bob, rules.PLAGIARISM_VERDICT) == []


def test_a_certificate_issued_tells_the_learner(room):
    room.credit("alice", 100)
    _review(room, _hand_in(room, _written(room), "alice", fresh(300, 3))["id"], 100)
    _interact(room, "alice")
    assert notices_of(room.app, room.alice, rules.CERTIFICATE_ISSUED) == []
    _finalise(room)
    (issued,) = notices_of(room.app, room.alice, rules.CERTIFICATE_ISSUED)
    assert issued.params["enrollment_id"] == room.enrollments["alice"]
    assert notices_of(room.app, room.bob, rules.CERTIFICATE_ISSUED) == []  # bob did not pass
    _finalise(room)  # again: the certificate exists, nothing new
    assert len(notices_of(room.app, room.alice, rules.CERTIFICATE_ISSUED)) == 1
    r = room.get("/notices", room.alice, FINAL)
    texts = [n["text"] for n in r.get_json()["items"]]
    assert any("证书" in t or "certificate" in t for t in texts)


def test_events_in_a_rolled_back_change_leave_no_notice(room, app):
    from lms.core import clock
    from lms.enrollment import services
    from lms.enrollment.models import Enrollment
    from lms.extensions import db
    from lms.notices.models import Notice
    from lms.org.models import OrgUnit
    from sqlalchemy import select

    with app.app_context(), clock.frozen_at(DURING):
        enrollment = db.session.get(Enrollment, room.enrollments["carol"])
        services.cancel(db.session, None, enrollment, db.session.get(OrgUnit, enrollment.school_id))
        seen = db.session.scalars(select(Notice.kind).where(Notice.user_id == room.carol.id)).all()
        assert seen[-1] == rules.ENROLLMENT_CANCELLED  # written in the same transaction
        db.session.rollback()
    assert kinds_of(app, room.carol) == [rules.ENROLLMENT_CREATED]


def test_the_admin_who_set_the_seats_is_not_told(room):
    r = room.call("PUT", f"/batches/{room.batch}/quotas/{room.tree['province'].id}", room.admin, json={"seats": 50})
    assert r.status_code == 200, r.get_json()
    assert [n.params["seats"] for n in notices_of(room.app, room.admin, rules.SEATS_RECEIVED)] == [5]
    r = room.call("PUT", f"/batches/{room.batch}/quotas/{room.tree['city2'].id}", room.admin, json={"seats": 7})
    assert r.status_code == 200, r.get_json()
    (told,) = notices_of(room.app, room.city2_admin, rules.SEATS_RECEIVED)
    assert told.params["seats"] == 7 and told.params["before"] == 0 and told.params["level"] == "city"
