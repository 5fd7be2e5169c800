"""The students' tutoring API: offer, book, on-demand, room, ratings, points, records, misconduct, who may do what."""
from __future__ import annotations

from lms.extensions import db
from lms.tutoring import queries
from tests.helpers import assert_error
from tests.tutoring.conftest import MONDAY, at, move_to, offer, present


def test_a_tutor_offers_a_slot_and_a_student_books_it(api, world):
    slot = offer(api, world.tutor)
    assert slot["capacity"] == 1 and slot["kind"] == "one_to_one"
    assert [s["id"] for s in api.get("/tutoring/sessions", world.student).get_json()["items"]] == [slot["id"]]
    r = api.post(f"/tutoring/sessions/{slot['id']}/booking", world.student)
    assert r.status_code == 201 and r.get_json()["student"]["name"] == "李同学"
    assert_error(api.post(f"/tutoring/sessions/{slot['id']}/booking", world.student2), 409, "full")
    assert api.get("/tutoring/sessions", world.student2).get_json()["items"] == []  # full: no longer open
    booked = api.get("/tutoring/sessions?scope=booked", world.student).get_json()["items"]
    assert [s["id"] for s in booked] == [slot["id"]]
    assert api.call("DELETE", f"/tutoring/sessions/{slot['id']}/booking", world.student).get_json()["status"] == "cancelled"


def test_offers_are_checked(api, world):
    base = {"kind": "one_to_one", "topic": "x", "starts_at": at(MONDAY, 19).isoformat(), "minutes": 30}
    assert_error(api.post("/tutoring/sessions", world.tutor, json=dict(base, minutes=5)), 400, "invalid_input")
    assert_error(api.post("/tutoring/sessions", world.tutor, json=dict(base, kind="group", capacity=11)), 400,
                 "invalid_input")
    assert_error(api.post("/tutoring/sessions", world.tutor, json=dict(base, capacity=3)), 409, "bad_capacity")
    assert_error(api.post("/tutoring/sessions", world.tutor, json=dict(base, starts_at=at(MONDAY, 9).isoformat())),
                 400, "invalid_input")
    offer(api, world.tutor)
    assert_error(api.post("/tutoring/sessions", world.tutor, json=dict(base, starts_at=at(MONDAY, 19, 20).isoformat())),
                 409, "overlaps")
    assert_error(api.post("/tutoring/sessions", world.student, json=base), 403, "forbidden")
    assert_error(api.post("/tutoring/sessions", world.tutor, data="{", content_type="application/json"), 400,
                 "invalid_input")


def test_teachers_do_not_book_and_students_do_not_offer(api, world):
    slot = offer(api, world.tutor)
    assert_error(api.post(f"/tutoring/sessions/{slot['id']}/booking", world.teacher), 403, "forbidden")
    assert_error(api.get("/tutoring/sessions/999999", world.student), 404, "not_found")


def test_on_demand_any_free_tutor_now(api, world):
    move_to(at(MONDAY, 19))  # inside Monday's service window
    r = api.post("/tutoring/requests", world.student, json={"subject": "数学", "question": "这道几何题怎么做？"})
    assert r.status_code == 201
    rid = r.get_json()["id"]
    assert_error(api.post("/tutoring/requests", world.student, json={"question": "again"}), 409, "already_waiting")
    assert_error(api.post(f"/tutoring/requests/{rid}/accept", world.tutor), 409, "not_available")
    assert api.put("/tutoring/me/availability", world.tutor, json={"available": True}).get_json()["available"]
    assert [x["id"] for x in api.get("/tutoring/requests", world.tutor).get_json()["items"]] == [rid]
    r = api.post(f"/tutoring/requests/{rid}/accept", world.tutor)
    assert r.status_code == 201
    session = r.get_json()
    assert session["on_demand"] and session["booked"] == 1 and session["topic"].startswith("数学")
    assert_error(api.post(f"/tutoring/requests/{rid}/accept", world.tutor), 409, "not_available")
    mine = api.get("/tutoring/requests", world.student).get_json()["items"]
    assert mine[0]["status"] == "accepted" and mine[0]["session_id"] == session["id"]
    join = api.post(f"/tutoring/sessions/{session['id']}/join", world.student).get_json()
    assert join["engine"] == "none"
    beat = api.post(f"/tutoring/sessions/{session['id']}/heartbeat", world.student,
                    json={"page_key": "abcdefgh12345678"})
    assert beat.status_code == 200 and beat.get_json()["reason"] == "first_beat"
    assert_error(api.post(f"/tutoring/sessions/{session['id']}/join", world.student2), 403, "forbidden")


def test_a_one_to_one_session_earns_points_and_both_sides_rate(app, api, world):
    slot = offer(api, world.tutor)
    api.post(f"/tutoring/sessions/{slot['id']}/booking", world.student)
    assert_error(api.post(f"/tutoring/sessions/{slot['id']}/rating", world.student, json={"rating": 5}), 409,
                 "not_over")
    present(app, slot["id"], world.tutor, at(MONDAY, 18, 55), 40)
    present(app, slot["id"], world.student, at(MONDAY, 19, 5), 40)  # 19:05–19:30 with the tutor: 25 minutes
    move_to(at(MONDAY, 19, 40))
    assert api.post(f"/tutoring/sessions/{slot['id']}/rating", world.student, json={"rating": 4}).status_code == 200
    assert_error(api.post(f"/tutoring/sessions/{slot['id']}/rating", world.student, json={"rating": 4}), 409,
                 "already_rated")
    assert_error(api.post(f"/tutoring/sessions/{slot['id']}/scores", world.tutor,
                          json={"student_id": world.student.id, "score": 11}), 400, "invalid_input")
    r = api.post(f"/tutoring/sessions/{slot['id']}/scores", world.tutor, json={"student_id": world.student.id,
                                                                                "score": 9})
    assert r.get_json()["score"] == 9
    assert_error(api.post(f"/tutoring/sessions/{slot['id']}/scores", world.student,
                          json={"student_id": world.student.id, "score": 9}), 403, "forbidden")
    statement = api.get("/tutoring/me/statement", world.tutor).get_json()
    row = statement["sessions"][0]
    assert (row["minutes"], row["time_points"], row["performance_points"], row["points"]) == (25, 3, 10.0, 13.0)
    assert statement["total_points"] == 13.0
    record = api.get(f"/tutoring/students/{world.student.id}/record?year=2026&month=11", world.student).get_json()
    assert (record["minutes"], record["points_paid"], record["ratings_given"], record["average_score"]) == \
        (25, 13, [4], 9.0)
    with app.app_context():
        assert queries.month_points_paid(db.session, world.student.id, 2026, 11) == 13
        assert queries.month_points_paid(db.session, world.student.id, 2026, 10) == 0


def test_a_one_to_many_session_with_replay(app, api, world):
    group = offer(api, world.tutor, kind="group", topic="函数专题", capacity=3, minutes=60)
    for s in (world.student, world.student2, world.student3):
        assert api.post(f"/tutoring/sessions/{group['id']}/booking", s).status_code == 201
    present(app, group["id"], world.tutor, at(MONDAY, 19), 60)
    present(app, group["id"], world.student, at(MONDAY, 19), 60)
    present(app, group["id"], world.student2, at(MONDAY, 19, 30), 30)
    move_to(at(MONDAY, 20, 5))
    api.post(f"/tutoring/sessions/{group['id']}/rating", world.student, json={"rating": 5})
    api.post(f"/tutoring/sessions/{group['id']}/rating", world.student2, json={"rating": 1})
    row = api.get("/tutoring/me/statement", world.tutor).get_json()["sessions"][0]
    # 60 minutes: 6; average of 12 and 6 = 9; two students attended: × 1.2
    assert (row["time_points"], row["performance_points"], row["coefficient"], row["points"]) == (6, 9.0, 1.2, 18.0)
    assert api.get(f"/tutoring/sessions/{group['id']}/replay", world.student).get_json() == {"items": []}
    assert_error(api.get(f"/tutoring/sessions/{group['id']}/replay", world.teacher), 403, "forbidden")


def test_records_are_read_within_the_subtree(api, world):
    path = f"/tutoring/students/{world.student.id}/record"
    assert api.get(path, world.school).status_code == 200
    assert api.get(path, world.city1).status_code == 200
    assert_error(api.get(path, world.other_school), 403, "forbidden")
    assert_error(api.get(path, world.student2), 403, "forbidden")
    assert_error(api.get(f"/tutoring/students/{world.teacher.id}/record", world.school), 404, "not_found")
    assert_error(api.get(path + "?month=13", world.student), 400, "invalid_input")


def test_misconduct_is_recorded_with_a_reason(app, api, world):
    path = f"/tutoring/students/{world.student.id}/misconduct"
    assert_error(api.post(path, world.tutor, json={"reason": "恶意差评，辱骂教师"}), 409, "not_your_student")
    slot = offer(api, world.tutor)
    api.post(f"/tutoring/sessions/{slot['id']}/booking", world.student)
    assert_error(api.post(path, world.tutor, json={"reason": "差"}), 400, "invalid_input")
    r = api.post(path, world.tutor, json={"reason": "恶意差评，辱骂教师", "session_id": slot["id"]})
    assert r.status_code == 201 and r.get_json()["reported_by"]["name"] == "王老师"
    assert api.post(path, world.school, json={"reason": "多次预约后无故缺席"}).status_code == 201
    assert_error(api.post(path, world.other_school, json={"reason": "多次预约后无故缺席"}), 403, "forbidden")
    record = api.get(path.replace("misconduct", "record"), world.student).get_json()
    assert [m["reason"] for m in record["misconduct"]] == ["恶意差评，辱骂教师", "多次预约后无故缺席"]


def test_statements_for_admins_of_the_area(api, world):
    assert api.get(f"/tutoring/tutors/{world.tutor.id}/statement", world.city1).status_code == 200
    assert_error(api.get(f"/tutoring/tutors/{world.tutor2.id}/statement", world.city1), 403, "forbidden")
    assert_error(api.get("/tutoring/me/statement", world.student), 403, "forbidden")


def test_a_student_is_kept_out_of_teacher_training(api, world):
    assert_error(api.get("/live/sessions", world.student), 403, "forbidden")
    assert api.get("/me", world.student).status_code == 200
    assert api.get("/live/sessions", world.teacher).status_code == 200


def test_offers_lie_in_the_service_windows_of_the_calendar(app, api, world):
    from datetime import timedelta

    from lms.live.models import LiveCalendarDay

    base = {"kind": "one_to_one", "topic": "x", "minutes": 30}
    tuesday = MONDAY + timedelta(days=1)
    body = assert_error(api.post("/tutoring/sessions", world.tutor, json=dict(base, starts_at=at(tuesday, 10).isoformat())),
                        409, "outside_service_window")
    assert "18:00" in body["error"]["message"] and "22:00" in body["error"]["message"]
    assert_error(api.post("/tutoring/sessions", world.tutor, json=dict(base, starts_at=at(tuesday, 21, 45).isoformat())),
                 409, "outside_service_window")
    saturday = MONDAY + timedelta(days=5)
    offer(api, world.tutor, starts_at=at(saturday, 9).isoformat())
    with app.app_context():  # the admins mark Tuesday a holiday: its window opens at 8
        db.session.add(LiveCalendarDay(day=tuesday, kind="holiday", name="节日"))
        db.session.commit()
    offer(api, world.tutor, starts_at=at(tuesday, 10).isoformat())


def test_a_tutor_offers_at_most_ten_hours_a_week(api, world):
    from datetime import timedelta

    week = api.get("/tutoring/me/week", world.tutor).get_json()
    assert week == {"starts_on": "2026-11-23", "ends_on": "2026-11-29", "minutes": 0, "minimum": 120, "maximum": 600,
                    "short_by": 120, "left": 600}
    saturday, sunday = MONDAY + timedelta(days=5), MONDAY + timedelta(days=6)
    for h in range(8, 17, 2):  # Saturday 8:00–17:00: five hours
        offer(api, world.tutor, kind="group", capacity=5, minutes=60, starts_at=at(saturday, h).isoformat())
    for h in range(8, 16, 2):  # Sunday: four more hours
        offer(api, world.tutor, kind="group", capacity=5, minutes=60, starts_at=at(sunday, h).isoformat())
    last = offer(api, world.tutor, minutes=30, starts_at=at(sunday, 18).isoformat())
    week = api.get("/tutoring/me/week", world.tutor).get_json()
    assert (week["minutes"], week["short_by"], week["left"]) == (570, 0, 30)
    body = assert_error(api.post("/tutoring/sessions", world.tutor, json={
        "kind": "one_to_one", "topic": "x", "minutes": 40, "starts_at": at(sunday, 20).isoformat()}),
        409, "weekly_hours_exceeded")
    assert "570" in body["error"]["message"]
    offer(api, world.tutor, minutes=30, starts_at=at(sunday, 20).isoformat())  # exactly ten hours
    # the next week is a new one; a cancelled session frees its time
    offer(api, world.tutor, minutes=30, starts_at=at(MONDAY + timedelta(days=7), 19).isoformat())
    assert api.post(f"/tutoring/sessions/{last['id']}/cancel", world.tutor).status_code == 200
    offer(api, world.tutor, minutes=30, starts_at=at(sunday, 21).isoformat())
    assert_error(api.get("/tutoring/me/week", world.student), 403, "forbidden")


def test_an_on_demand_session_counts_in_the_week(api, world):
    from datetime import timedelta

    sunday = MONDAY + timedelta(days=6)
    for h in range(8, 20, 2):  # 9.5 hours on Sunday, sessions of 60 and a last of 30
        offer(api, world.tutor, kind="group", capacity=5, minutes=60, starts_at=at(sunday, h).isoformat())
    for h in (9, 11, 13):
        offer(api, world.tutor, kind="group", capacity=5, minutes=60, starts_at=at(sunday, h).isoformat())
    offer(api, world.tutor, minutes=30, starts_at=at(sunday, 21).isoformat())
    move_to(at(MONDAY, 19))  # an hour asked in Monday's window makes 10.5 hours
    rid = api.post("/tutoring/requests", world.student, json={"subject": "数学", "question": "求导"}).get_json()["id"]
    api.put("/tutoring/me/availability", world.tutor, json={"available": True})
    assert_error(api.post(f"/tutoring/requests/{rid}/accept", world.tutor), 409, "weekly_hours_exceeded")
