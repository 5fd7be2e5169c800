"""The tutors API: applying, the three-level review in each admin's own subtree, the library and its filters,
recommendations, a changed profile re-reviewed while the old one stays in the library."""
from __future__ import annotations

from datetime import datetime, timedelta

from lms.extensions import db
from lms.live.models import LiveBooking, LiveFeedback, LiveSession
from lms.org.models import User
from tests.helpers import PINNED_NOW, assert_error
from tests.tutors.conftest import PROFILE, apply, approve_all


def test_three_approvals_make_a_tutor_in_the_library(api, world, app):
    a = apply(api, world.applicant)
    assert a["status"] == "school" and a["org_unit"]["id"] == world.tree["school111"].id
    assert api.get("/tutors", world.learner).get_json()["total"] == 0
    steps = []
    for admin in (world.school, world.county, world.city):
        steps.append(api.post(f"/tutors/applications/{a['id']}/approve", admin).get_json()["status"])
    assert steps == ["county", "city", "approved"]
    library = api.get("/tutors", world.learner).get_json()
    assert [t["name"] for t in library["items"]] == ["王老师"] and library["items"][0]["topics"] == ["函数", "几何证明"]
    with app.app_context():
        assert db.session.get(User, world.applicant.id).has_role("tutor")
    # a tutor now: it schedules live sessions (lms.live asks for the role)
    me = api.get("/tutors/me/application", world.applicant).get_json()
    assert me["open"] is None and [r["level"] for r in me["approved"]["reviews"]] == ["school", "county", "city"]


def test_each_level_reviews_only_its_own_subtree_and_turn(api, world):
    a = apply(api, world.applicant)
    path = f"/tutors/applications/{a['id']}/approve"
    # not yet the district's or city's turn; another school's admin is outside
    for admin in (world.county, world.city, world.school_other, world.school2):
        assert_error(api.post(path, admin), 403, "forbidden")
    assert api.post(path, world.school).status_code == 200
    # another district's admin, another city's district admin: 403 (the first can read, not decide)
    assert_error(api.post(path, world.county_other), 403, "forbidden")
    assert_error(api.post(path, world.county2), 403, "forbidden")
    assert_error(api.get(f"/tutors/applications/{a['id']}", world.county2), 403, "forbidden")
    assert api.post(path, world.county).status_code == 200
    assert_error(api.post(path, world.city2), 403, "forbidden")
    assert api.get("/tutors/applications", world.city2).get_json()["items"] == []
    assert [x["id"] for x in api.get("/tutors/applications", world.city).get_json()["items"]] == [a["id"]]
    assert api.post(path, world.city).get_json()["status"] == "approved"
    assert_error(api.post(path, world.city), 403, "forbidden")  # decided: nothing waits


def test_a_return_needs_a_reason_and_the_resubmission_starts_again(api, world):
    a = apply(api, world.applicant)
    approve_all(api, world, a["id"], [world.school])
    assert_error(api.post(f"/tutors/applications/{a['id']}/return", world.county, json={"reason": ""}), 400,
                 "invalid_input")
    back = api.post(f"/tutors/applications/{a['id']}/return", world.county, json={"reason": "请补充示范课视频"})
    assert back.get_json()["status"] == "returned" and back.get_json()["reason"] == "请补充示范课视频"
    again = apply(api, world.applicant, sample_url="https://v.example.cn/lessons/43")
    assert again["id"] == a["id"] and again["status"] == "school" and again["reason"] is None
    assert [(r["level"], r["decision"]) for r in again["reviews"]] == [("school", "approve"), ("county", "return")]


def test_a_changed_profile_is_reviewed_again_while_the_old_one_stays_listed(api, world):
    first = approve_all(api, world, apply(api, world.applicant)["id"])
    changed = apply(api, world.applicant, topics=["统计与概率"])
    assert changed["id"] != first["id"] and changed["status"] == "school"
    listed = api.get(f"/tutors/{world.applicant.id}", world.learner).get_json()
    assert listed["topics"] == ["函数", "几何证明"]
    approve_all(api, world, changed["id"])
    assert api.get(f"/tutors/{world.applicant.id}", world.learner).get_json()["topics"] == ["统计与概率"]
    area = api.get("/tutors/applications?scope=area", world.city).get_json()["items"]
    assert sorted(x["status"] for x in area) == ["approved", "superseded"]


def test_library_filters(api, world):
    approve_all(api, world, apply(api, world.applicant)["id"])
    b = apply(api, world.other, subjects=["语文"], stages=["小学"], topics=["整本书阅读"])
    approve_all(api, world, b["id"], [world.school2, world.county2, world.city2])
    names = lambda q: [t["name"] for t in api.get("/tutors" + q, world.learner).get_json()["items"]]  # noqa: E731
    assert names("") == ["王老师", "赵老师"]
    assert names("?subject=语文") == ["赵老师"]
    assert names("?stage=初中") == ["王老师"]
    assert names("?topic=几何") == ["王老师"]
    assert names("?topic=阅读&stage=初中") == []
    assert_error(api.get("/tutors?colour=red", world.learner), 400, "invalid_input")
    assert_error(api.get("/tutors/999999", world.learner), 404, "not_found")
    assert_error(api.get(f"/tutors/{world.learner.id}", world.learner), 404, "not_found")


def test_bad_input_and_who_may_apply(api, world):
    assert_error(api.put("/tutors/me/application", world.applicant, json={**PROFILE, "stages": ["大学"]}), 400,
                 "invalid_input")
    r = api.put("/tutors/me/application", world.applicant, json={**PROFILE, "sample_url": "ftp://x", "topics": []})
    assert_error(r, 400, "invalid_input")
    assert set(r.get_json()["error"]["fields"]) == {"sample_url", "topics"}
    assert_error(api.put("/tutors/me/application", world.province, json=PROFILE), 403, "forbidden")
    assert_error(api.put("/tutors/me/application", json=PROFILE), 401, "unauthenticated")
    assert_error(api.get("/tutors/applications", world.learner), 403, "forbidden")
    assert_error(api.get("/tutors/applications/12345", world.city), 404, "not_found")


def test_recommendations_follow_subject_stage_and_ratings(api, world, app):
    approve_all(api, world, apply(api, world.applicant)["id"])
    b = apply(api, world.other, subjects=["语文"], stages=["初中"], topics=["阅读"])
    approve_all(api, world, b["id"], [world.school2, world.county2, world.city2])
    picked = api.get("/tutors/recommended", world.learner).get_json()["items"]
    assert [(p["tutor"]["name"], p["score"]) for p in picked] == [("王老师", 70), ("赵老师", 30)]
    with app.app_context():  # the learner took one of 赵老师's sessions and loved it
        start = PINNED_NOW - timedelta(days=3)
        live = LiveSession(form="lecture", title="阅读", host_id=world.other.id, org_unit_id=world.other.org_unit_id,
                           created_by_id=world.other.id, co_reviewer_ids=[], starts_at=start,
                           ends_at=start + timedelta(minutes=60), capacity=200, status="scheduled",
                           meeting_key="k1", host_secret="h", guest_secret="g", created_at=start)
        live.bookings.append(LiveBooking(user_id=world.learner.id, status="booked", booked_at=start))
        db.session.add(live)
        db.session.flush()
        db.session.add(LiveFeedback(session_id=live.id, user_id=world.learner.id, rating=5, satisfaction="satisfied",
                                    reflection="好" * 200, created_at=start + timedelta(hours=2)))
        db.session.commit()
    picked = api.get("/tutors/recommended", world.learner).get_json()["items"]
    assert [(p["tutor"]["name"], p["score"]) for p in picked] == [("王老师", 70), ("赵老师", 55)]  # stage 30, rated 5: +20, its topic liked: +5
    assert api.get("/tutors/recommended", world.applicant).get_json()["items"][0]["tutor"]["name"] == "赵老师"


def test_the_library_shows_a_tutors_upcoming_sessions(api, world, app):
    approve_all(api, world, apply(api, world.applicant)["id"])
    with app.app_context():
        for minutes, status in ((60 * 24, "scheduled"), (60 * 48, "cancelled"), (-60 * 48, "scheduled")):
            start = PINNED_NOW + timedelta(minutes=minutes)
            db.session.add(LiveSession(form="lecture", title=f"讲堂{minutes}", host_id=world.applicant.id,
                                       org_unit_id=world.applicant.org_unit_id, created_by_id=world.applicant.id,
                                       co_reviewer_ids=[], starts_at=start, ends_at=start + timedelta(minutes=60),
                                       capacity=200, status=status, meeting_key=f"k{minutes}", host_secret="h",
                                       guest_secret="g", created_at=datetime(2026, 1, 1, tzinfo=PINNED_NOW.tzinfo)))
        db.session.commit()
    tutor = api.get(f"/tutors/{world.applicant.id}", world.learner).get_json()
    assert [s["title"] for s in tutor["upcoming"]] == ["讲堂1440"]
