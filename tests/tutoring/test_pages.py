"""The students' tutoring pages: a student's nav and home show tutoring only; offer, book, room, rate, record."""
from __future__ import annotations

from tests.helpers import csrf_token, sign_in
from tests.tutoring.conftest import MONDAY, at, move_to, present


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    client.get("/lang/en")
    return client


def test_a_student_sees_only_its_tutoring_area(app, world):
    student = _client(app, world.student)
    html = student.get("/").get_data(as_text=True)
    assert "Students&#39; tutoring" in html or "Students' tutoring" in html
    assert "Live research" not in html and "Surveys" not in html and "Activities" not in html
    assert student.get("/live/").status_code == 403
    assert student.get("/tutoring/").status_code == 200
    # the question square and micro-lessons are the students' too
    assert "Question square" in html and "Micro-lessons" in html
    assert student.get("/square/").status_code == 200 and student.get("/square/lessons/").status_code == 200
    teacher = _client(app, world.teacher)
    assert "Live research" in teacher.get("/").get_data(as_text=True)


def test_offer_book_enter_rate_and_read_the_record(app, world):
    tutor = _client(app, world.tutor)
    page = tutor.get("/tutoring/").get_data(as_text=True)
    r = tutor.post("/tutoring/sessions", data={"csrf_token": csrf_token(page), "kind": "one_to_one",
                                               "topic": "二次函数答疑", "starts_at": "2026-11-23T19:00",
                                               "minutes": "30"}, follow_redirects=True)
    assert r.status_code == 200 and "Offered." in r.get_data(as_text=True)
    path = r.request.path
    bad = tutor.post("/tutoring/sessions", data={"csrf_token": csrf_token(page), "kind": "one_to_one",
                                                 "topic": "x", "starts_at": "2026-11-23T20:00", "minutes": "90"})
    assert bad.status_code == 400
    student = _client(app, world.student)
    html = student.get(path).get_data(as_text=True)
    r = student.post(path + "/book", data={"csrf_token": csrf_token(html)}, follow_redirects=True)
    assert "Booked." in r.get_data(as_text=True)
    move_to(at(MONDAY, 18, 50))
    html = student.get(path).get_data(as_text=True)
    assert "Enter the room" in html
    room = student.get(path + "/room").get_data(as_text=True)
    assert "live_room.js" in room and "/api/v1/tutoring/sessions/" in room
    assert _client(app, world.student2).get(path + "/room").status_code == 403
    sid = int(path.rsplit("/", 1)[1])
    present(app, sid, world.tutor, at(MONDAY, 19), 30)
    present(app, sid, world.student, at(MONDAY, 19), 30)
    move_to(at(MONDAY, 19, 45))
    html = student.get(path).get_data(as_text=True)
    r = student.post(path + "/rating", data={"csrf_token": csrf_token(html), "rating": "5"}, follow_redirects=True)
    assert "Thank you for your rating." in r.get_data(as_text=True)
    html = tutor.get(path).get_data(as_text=True)
    assert "30 minutes" in html.replace("Tutored 30 minutes", "30 minutes")
    r = tutor.post(path + "/scores", data={"csrf_token": csrf_token(html), "student_id": world.student.id,
                                           "score": "0"}, follow_redirects=True)
    assert "Saved." in r.get_data(as_text=True)
    statement = tutor.get("/tutoring/statement").get_data(as_text=True)
    assert "15.0 points this month" in statement  # 3 time + 12 for five stars
    record = student.get(f"/tutoring/students/{world.student.id}/record").get_data(as_text=True)
    assert "二次函数答疑" in record and ">15<" in record
    admin = _client(app, world.school)
    assert admin.get(f"/tutoring/students/{world.student.id}/record").status_code == 200
    assert _client(app, world.other_school).get(f"/tutoring/students/{world.student.id}/record").status_code == 403
    assert admin.get(f"/tutoring/students/{world.student.id}/record?month=2026-13").status_code == 404


def test_on_demand_through_the_pages(app, world):
    move_to(at(MONDAY, 19))
    student = _client(app, world.student)
    html = student.get("/tutoring/").get_data(as_text=True)
    r = student.post("/tutoring/requests", data={"csrf_token": csrf_token(html), "subject": "物理",
                                                 "question": "浮力题不会"}, follow_redirects=True)
    assert "waiting for a free tutor" in r.get_data(as_text=True)
    tutor = _client(app, world.tutor)
    html = tutor.get("/tutoring/").get_data(as_text=True)
    assert "浮力题不会" in html and "Take it" not in html
    r = tutor.post("/tutoring/availability", data={"csrf_token": csrf_token(html), "available": "1"},
                   follow_redirects=True)
    html = r.get_data(as_text=True)
    assert "Take it" in html
    form_action = html.split('action="/tutoring/requests/')[1].split('"')[0]
    r = tutor.post("/tutoring/requests/" + form_action, data={"csrf_token": csrf_token(html)}, follow_redirects=True)
    assert "the room is open" in r.get_data(as_text=True) and "Enter the room" in r.get_data(as_text=True)


def test_open_sessions_filter_by_kind(app, api, world):
    from tests.tutoring.conftest import offer

    offer(api, world.tutor, topic="一对一答疑")
    offer(api, world.tutor, kind="group", topic="函数专题", capacity=5, starts_at=at(MONDAY, 20).isoformat())
    student = _client(app, world.student)
    every = student.get("/tutoring/").get_data(as_text=True)
    assert "一对一答疑" in every and "函数专题" in every
    group = student.get("/tutoring/?kind=group").get_data(as_text=True)
    assert "函数专题" in group and "一对一答疑" not in group
    assert "函数专题" in student.get("/tutoring/?kind=other").get_data(as_text=True)  # unknown: all


def test_a_tutor_records_misconduct_from_the_session_page(app, api, world):
    from tests.tutoring.conftest import offer

    slot = offer(api, world.tutor)
    api.post(f"/tutoring/sessions/{slot['id']}/booking", world.student)
    tutor = _client(app, world.tutor)
    path = f"/tutoring/sessions/{slot['id']}"
    html = tutor.get(path).get_data(as_text=True)
    target = f"/tutoring/students/{world.student.id}/misconduct"
    assert target in html
    short = tutor.post(target, data={"csrf_token": csrf_token(html), "reason": "差", "session_id": slot["id"]},
                       follow_redirects=True)
    assert short.request.path == path and "at least 5 characters" in short.get_data(as_text=True)
    done = tutor.post(target, data={"csrf_token": csrf_token(html), "reason": "课上多次辱骂同学",
                                    "session_id": slot["id"]}, follow_redirects=True)
    assert done.request.path == path and "The misconduct is recorded." in done.get_data(as_text=True)
    record = _client(app, world.school).get(f"/tutoring/students/{world.student.id}/record").get_data(as_text=True)
    assert "课上多次辱骂同学" in record and "王老师" in record


def test_the_tutors_page_shows_the_weeks_hours_and_refuses_offers_outside_the_windows(app, api, world):
    from tests.tutoring.conftest import offer

    tutor = _client(app, world.tutor)
    html = tutor.get("/tutoring/").get_data(as_text=True)
    assert "0 of at least 120 minutes (at most 600)" in html and "120 minutes short of the weekly minimum" in html
    offer(api, world.tutor, kind="group", capacity=5, minutes=60)
    offer(api, world.tutor, kind="group", capacity=5, minutes=60, starts_at=at(MONDAY, 20).isoformat())
    html = tutor.get("/tutoring/").get_data(as_text=True)
    assert "120 of at least 120 minutes" in html and "The weekly minimum is reached." in html
    refused = tutor.post("/tutoring/sessions", data={
        "csrf_token": csrf_token(html), "kind": "one_to_one", "topic": "答疑", "subject": "",
        "starts_at": "2026-11-24T10:00", "minutes": 30, "capacity": 1}, follow_redirects=True)
    assert "Tutoring takes place within the service windows: that day from 18:00 to 22:00" in refused.get_data(as_text=True)
    assert "week-hours" not in _client(app, world.student).get("/tutoring/").get_data(as_text=True)
