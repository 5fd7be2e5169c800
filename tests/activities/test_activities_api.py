"""Activities through the API: organised in one's own scope, attendance recorded with evidence only for the learners
addressed, and the credit named in the learner's grade (004 L135, L153-156)."""
from __future__ import annotations

import io
from datetime import timedelta

from tests.forum.conftest import DURING
from tests.helpers import assert_error

LIVE_START, LIVE_END = DURING - timedelta(hours=3), DURING - timedelta(hours=1, minutes=30)  # 90 minutes


def _create(room, user, **extra):
    body = {"kind": "live_lecture", "title": "市级直播讲座", "batch_id": room.batch,
            "starts_at": LIVE_START.isoformat(), "ends_at": LIVE_END.isoformat(),
            "room_url": "https://live.example.cn/r/1", **extra}
    return room.post("/activities", user, json=body)


def _mark(room, user, activity_id, marks, **extra):
    return room.call("PUT", f"/activities/{activity_id}/attendance", user, json={"marks": marks, **extra})


def _approve(room, activity_id):
    r = room.post(f"/activities/{activity_id}/approve", room.admin)
    assert r.status_code == 200 and r.get_json()["review_status"] == "approved", r.get_json()
    return r.get_json()


def _grade(room, key):
    return room.get(f"/enrollments/{room.enrollments[key]}/grade", getattr(room, key)).get_json()


def test_a_city_live_lecture_credits_study_time_to_the_learners_who_attended(room):
    r = _create(room, room.city1_admin)
    assert r.status_code == 201, r.get_json()
    live = r.get_json()
    assert live["org_unit_id"] == room.tree["city1"].id and live["class_id"] is None and live["class_ids"] == []
    assert live["review_status"] == "pending"
    sheet = room.get(f"/activities/{live['id']}/attendance", room.city1_admin).get_json()["items"]
    assert {row["name"] for row in sheet} == {"学员甲", "学员乙", "学员丙"}
    assert all(row["attended"] is None for row in sheet)
    before = _grade(room, "alice")["components"]["study"]
    r = _mark(room, room.city1_admin, live["id"], [
        {"enrollment_id": room.enrollments["alice"], "minutes": 90},
        {"enrollment_id": room.enrollments["bob"], "minutes": 0}], note="签到表已存档")
    assert r.status_code == 200, r.get_json()
    rows = {row["enrollment_id"]: row for row in r.get_json()["items"]}
    assert rows[room.enrollments["alice"]]["attended"] is True and rows[room.enrollments["bob"]]["attended"] is False
    # Recorded before the province's approval: it counts nothing yet, and the grade does not name it.
    waiting = _grade(room, "alice")["components"]["study"]
    assert waiting["score"] == 0 and "activities" not in waiting
    _approve(room, live["id"])
    study = _grade(room, "alice")["components"]["study"]
    # 90 attended minutes of the 100 required: 45 of the 50 points.
    assert before["score"] == 0 and study["score"] == 45.0 and study["activity_seconds"] == 90 * 60
    assert study["activities"][0]["kind"] == "live_lecture"
    assert "activities" not in _grade(room, "bob")["components"]["study"]
    mine = room.get("/activities?scope=mine", room.alice).get_json()["items"]
    assert mine[0]["id"] == live["id"] and mine[0]["my_attendance"]["minutes"] == 90
    # More minutes than the activity lasted, or none for a live lecture someone attended: refused.
    bad = _mark(room, room.city1_admin, live["id"], [{"enrollment_id": room.enrollments["alice"], "minutes": 91}])
    assert "marks.0.minutes" in assert_error(bad, 400, "invalid_input")["error"]["fields"]
    bad = _mark(room, room.city1_admin, live["id"], [{"enrollment_id": room.enrollments["alice"], "attended": True}])
    assert "marks.0.minutes" in assert_error(bad, 400, "invalid_input")["error"]["fields"]
    twice = [{"enrollment_id": room.enrollments["bob"], "minutes": 10}] * 2
    assert "marks.1.enrollment_id" in assert_error(_mark(room, room.city1_admin, live["id"], twice), 400,
                                                   "invalid_input")["error"]["fields"]


def test_scope_an_organiser_addresses_and_records_only_its_own_learners(room):
    other = _create(room, room.city2_admin, title="另一城市的讲座").get_json()
    assert room.get(f"/activities/{other['id']}/attendance", room.city2_admin).get_json()["items"] == []
    bad = _mark(room, room.city2_admin, other["id"], [{"enrollment_id": room.enrollments["alice"], "minutes": 30}])
    assert "marks.0.enrollment_id" in assert_error(bad, 400, "invalid_input")["error"]["fields"]
    # Another area's admin, and a learner, neither see nor record a city's activity.
    mine = _create(room, room.city1_admin).get_json()
    assert_error(room.get(f"/activities/{mine['id']}", room.city2_admin), 404, "not_found")
    assert_error(_mark(room, room.city2_admin, mine["id"], []), 404, "not_found")
    assert_error(_mark(room, room.alice, mine["id"], []), 403, "forbidden")
    assert [a["id"] for a in room.get("/activities?scope=managed", room.city2_admin).get_json()["items"]] == [
        other["id"]]
    # The province's admin manages what its cities organise.
    assert room.get(f"/activities/{mine['id']}/attendance", room.admin).status_code == 200
    # A tutor addresses only its own class; a learner organises nothing.
    assert_error(_create(room, room.tutor, class_id=room.other_class), 400, "invalid_input")
    assert_error(_create(room, room.tutor), 400, "invalid_input")
    tutor_live = _create(room, room.tutor, class_id=room.klass).get_json()
    sheet = room.get(f"/activities/{tutor_live['id']}/attendance", room.tutor).get_json()["items"]
    assert {row["name"] for row in sheet} == {"学员甲", "学员乙"}
    assert_error(_create(room, room.alice, class_id=room.klass), 403, "forbidden")
    assert_error(room.get(f"/activities/{tutor_live['id']}", room.carol), 404, "not_found")


def test_a_school_offline_discussion_adds_interaction_points_named_in_the_grade(room):
    r = _create(room, room.school_admin, kind="offline_discussion", title="校本线下研讨", room_url=None,
                location="学校会议室", capacity=1)
    assert r.status_code == 201, r.get_json()
    discussion = r.get_json()
    _approve(room, discussion["id"])
    # Over the capacity: refused whole.
    both = [{"enrollment_id": room.enrollments[k], "attended": True} for k in ("alice", "bob")]
    assert_error(_mark(room, room.school_admin, discussion["id"], both), 409, "over_capacity")
    r = _mark(room, room.school_admin, discussion["id"], both[:1])
    assert r.status_code == 200
    interaction = _grade(room, "alice")["components"]["interaction"]
    assert interaction["score"] == 2.0
    assert interaction["activities"] == [{"kind": "offline_discussion", "count": 1, "minutes": 0,
                                          "study_minutes": 0.0, "points": 2.0}]
    # The evidence: a photo of the sign-in sheet, kept and given back to the organiser only.
    photo = (b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    r = room.post(f"/activities/{discussion['id']}/evidence", room.school_admin,
                  data={"file": (io.BytesIO(photo), "签到.png"), "note": "签到照片"},
                  content_type="multipart/form-data")
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["evidence_file"] == "签到.png" and r.get_json()["evidence_note"] == "签到照片"
    bad = room.post(f"/activities/{discussion['id']}/evidence", room.school_admin,
                    data={"file": (io.BytesIO(b"x"), "a.exe")}, content_type="multipart/form-data")
    assert_error(bad, 415, "unsupported_media_type")


def test_attendance_waits_for_the_start_and_bad_input_is_refused(room):
    later = _create(room, room.city1_admin, starts_at=(DURING + timedelta(days=1)).isoformat(),
                    ends_at=(DURING + timedelta(days=1, hours=1)).isoformat()).get_json()
    assert_error(_mark(room, room.city1_admin, later["id"], []), 409, "not_started")
    bad = _create(room, room.city1_admin, ends_at=LIVE_START.isoformat())
    assert "ends_at" in assert_error(bad, 400, "invalid_input")["error"]["fields"]
    bad = _create(room, room.city1_admin, room_url="javascript:alert(1)")
    assert "room_url" in assert_error(bad, 400, "invalid_input")["error"]["fields"]
    bad = _create(room, room.city1_admin, kind="party", batch_id=0)
    assert {"kind", "batch_id"} <= set(assert_error(bad, 400, "invalid_input")["error"]["fields"])
    assert_error(room.get("/activities/999999", room.admin), 404, "not_found")


def test_a_featured_post_earns_its_author_points(room):
    topic = room.topic(room.alice).get_json()
    before = _grade(room, "alice")["components"]["interaction"]
    assert before["score"] == 6.0 and "featured" not in before
    assert room.post(f"/posts/{topic['id']}/feature", room.tutor).status_code == 200
    after = _grade(room, "alice")["components"]["interaction"]
    assert after["score"] == 8.0 and after["featured"] == {"count": 1, "points": 2.0}
    policy = room.get(f"/projects/{room.project}/grading-policy", room.admin).get_json()
    assert (policy["featured_post_points"], policy["featured_points_cap"]) == (2, 4)
    assert (policy["live_minutes_per_hour"], policy["offline_activity_points"]) == (60, 2)
