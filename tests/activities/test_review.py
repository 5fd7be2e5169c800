"""The province's review of activities (004 L135 "符合省级要求的纳入…学时考核范畴"): only approved activities count;
only province admins approve or reject; the organiser is told; approving or revoking recomputes the grades of
those marked present. And activities addressing several classes."""
from __future__ import annotations

from lms.activities import rules
from lms.activities.models import Activity
from lms.extensions import db
from lms.notices import rules as notice_rules
from lms.notices import texts
from lms.projects.models import TrainingClass
from lms.org.models import User
from tests.activities.test_activities_api import _approve, _create, _grade, _mark
from tests.activities.test_pages import _signed_in
from tests.helpers import assert_error, csrf_token
from tests.notices.helpers import notices_of


def test_review_rules():
    assert rules.review_at_creation("province") == "approved"
    assert all(rules.review_at_creation(level) == "pending" for level in ("city", "county", "school", None))
    assert rules.review_problem("pending", "approved", False) is None
    assert rules.review_problem("approved", "rejected", False) is None  # an approval revoked
    assert rules.review_problem("rejected", "approved", False) is None  # a rejection reconsidered
    assert rules.review_problem("approved", "approved", False) == "already_approved"
    assert rules.review_problem("rejected", "rejected", False) == "already_rejected"
    assert rules.review_problem("pending", "approved", True) == "cancelled"
    assert rules.counts(None, "approved") and not rules.counts(None, "pending")


def test_the_province_approves_and_the_grade_follows(app, room):
    live = _create(room, room.city1_admin).get_json()
    assert live["review_status"] == "pending" and live["reviewed_at"] is None
    marks = [{"enrollment_id": room.enrollments["alice"], "minutes": 90}]
    assert _mark(room, room.city1_admin, live["id"], marks).status_code == 200
    assert "activities" not in _grade(room, "alice")["components"]["study"]  # not named: it counts nothing yet
    queue = room.get("/activities/review", room.admin).get_json()
    assert [a["id"] for a in queue["items"]] == [live["id"]] and queue["total"] == 1
    # Only the province reviews: the city that organised it may not, another city does not even see it.
    assert_error(room.get("/activities/review", room.city1_admin), 403, "forbidden")
    assert_error(room.post(f"/activities/{live['id']}/approve", room.city1_admin), 403, "forbidden")
    assert_error(room.post(f"/activities/{live['id']}/approve", room.alice), 403, "forbidden")
    assert_error(room.post(f"/activities/{live['id']}/approve", room.city2_admin), 404, "not_found")
    assert_error(room.post(f"/activities/{live['id']}/reject", room.city2_admin, json={"reason": "x"}), 404,
                 "not_found")
    assert_error(room.post("/activities/999999/approve", room.admin), 404, "not_found")
    approved = _approve(room, live["id"])
    assert approved["reviewed_at"] and approved["review_reason"] is None
    study = _grade(room, "alice")["components"]["study"]
    assert study["score"] == 45.0 and study["activities"][0]["minutes"] == 90
    assert room.get("/activities/review", room.admin).get_json()["items"] == []
    assert_error(room.post(f"/activities/{live['id']}/approve", room.admin), 409, "already_approved")
    # The organiser hears of it (one notice), with a link to the activity.
    told = notices_of(app, room.city1_admin, notice_rules.ACTIVITY_APPROVED)
    assert len(told) == 1 and told[0].params["activity_id"] == live["id"]
    with app.test_request_context():
        assert "市级直播讲座" in texts.body(told[0].kind, told[0].params)
        assert texts.link(told[0].kind, told[0].params) == f"/activities/{live['id']}"
    # Revoking the approval needs a reason; then the minutes count no longer.
    assert_error(room.post(f"/activities/{live['id']}/reject", room.admin, json={"reason": ""}), 400, "invalid_input")
    r = room.post(f"/activities/{live['id']}/reject", room.admin, json={"reason": "未报省项目办备案"})
    assert r.status_code == 200 and r.get_json()["review_status"] == "rejected"
    assert r.get_json()["review_reason"] == "未报省项目办备案"
    assert _grade(room, "alice")["components"]["study"]["score"] == 0
    assert_error(room.post(f"/activities/{live['id']}/reject", room.admin, json={"reason": "再次"}), 409,
                 "already_rejected")
    rejected = notices_of(app, room.city1_admin, notice_rules.ACTIVITY_REJECTED)
    assert len(rejected) == 1 and rejected[0].params["reason"] == "未报省项目办备案"
    # A cancelled activity is reviewed no more.
    assert room.post(f"/activities/{live['id']}/cancel", room.city1_admin, json={"reason": "取消"}).status_code == 200
    assert_error(room.post(f"/activities/{live['id']}/approve", room.admin), 409, "cancelled")


def test_the_province_own_activity_is_approved_at_creation_and_tells_nobody(app, room):
    live = _create(room, room.admin, title="省级直播讲座").get_json()
    assert live["review_status"] == "approved"
    _mark(room, room.admin, live["id"], [{"enrollment_id": room.enrollments["bob"], "minutes": 60}])
    assert _grade(room, "bob")["components"]["study"]["activity_seconds"] == 60 * 60
    assert room.get("/activities/review", room.admin).get_json()["items"] == []
    assert notices_of(app, room.admin, notice_rules.ACTIVITY_APPROVED) == []


def test_a_tutor_addresses_several_of_its_classes(app, room):
    both = [room.klass, room.other_class]
    # Not yet a tutor of the other class: refused.
    assert_error(_create(room, room.tutor, class_ids=both), 400, "invalid_input")
    with app.app_context():
        other = db.session.get(TrainingClass, room.other_class)
        other.tutors.append(db.session.get(User, room.tutor.id))
        db.session.commit()
    live = _create(room, room.tutor, class_ids=both).get_json()
    assert live["class_ids"] == sorted(both) and live["class_id"] is None and live["org_unit_id"] is None
    sheet = room.get(f"/activities/{live['id']}/attendance", room.tutor).get_json()["items"]
    assert {row["name"] for row in sheet} == {"学员甲", "学员乙", "学员丙"}
    assert [a["id"] for a in room.get("/activities?scope=mine", room.carol).get_json()["items"]] == [live["id"]]
    # The other class's tutor does not tutor both: it neither manages nor sees it.
    assert_error(room.get(f"/activities/{live['id']}", room.other_tutor), 404, "not_found")
    assert live["id"] not in [a["id"] for a in room.get("/activities?scope=managed", room.other_tutor)
                              .get_json()["items"]]
    # The province finds the tutor's activity in its queue and reviews it.
    assert live["id"] in [a["id"] for a in room.get("/activities/review", room.admin).get_json()["items"]]
    _approve(room, live["id"])
    # The compatible field: one class given as class_id is one of class_ids.
    single = _create(room, room.tutor, class_id=room.klass).get_json()
    assert single["class_id"] == room.klass and single["class_ids"] == [room.klass]
    # A class of another batch, or none that exists: refused on class_ids.
    bad = _create(room, room.tutor, class_ids=[room.klass, 999999])
    assert "class_ids" in assert_error(bad, 400, "invalid_input")["error"]["fields"]


def test_an_admin_addresses_several_classes_within_its_area(room):
    live = _create(room, room.city2_admin, class_ids=[room.klass, room.other_class]).get_json()
    # The classes' learners are in city1: a city2 admin's activity addresses none of them.
    assert room.get(f"/activities/{live['id']}/attendance", room.city2_admin).get_json()["items"] == []
    live = _create(room, room.school_admin, class_ids=[room.other_class]).get_json()
    sheet = room.get(f"/activities/{live['id']}/attendance", room.school_admin).get_json()["items"]
    assert [row["name"] for row in sheet] == ["学员丙"]


def test_the_review_pages(app, room):
    live = _create(room, room.city1_admin, title="待审核的讲座").get_json()
    organiser = _signed_in(room, room.city1_admin)
    detail = organiser.get(f"/activities/{live['id']}").get_data(as_text=True)
    assert 'data-testid="review-pending"' in detail and 'data-testid="review-actions"' not in detail
    assert organiser.get("/activities/review").status_code == 403
    province = _signed_in(room, room.admin)
    page = province.get("/activities/review")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "待审核的讲座" in html
    token = csrf_token(html)
    # A rejection needs its reason (a message, not an error page).
    r = province.post(f"/activities/{live['id']}/reject", data={"csrf_token": token, "reason": ""},
                      follow_redirects=True)
    assert r.status_code == 200 and "待审核的讲座" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Activity, live["id"]).review_status == "pending"
    r = province.post(f"/activities/{live['id']}/reject", data={"csrf_token": token, "reason": "内容与培训无关",
                                                                 "next": "review"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/activities/review")
    html = province.get("/activities/review").get_data(as_text=True)
    assert 'data-testid="review-empty"' in html
    detail = organiser.get(f"/activities/{live['id']}").get_data(as_text=True)
    assert "内容与培训无关" in detail and 'data-testid="review-rejected"' in detail
    r = province.post(f"/activities/{live['id']}/approve", data={"csrf_token": token})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/activities/{live['id']}")
    with app.app_context():
        assert db.session.get(Activity, live["id"]).review_status == "approved"
    assert "Activities to approve" in province.get("/activities/").get_data(as_text=True)
