"""The live research pages: schedule, book, the room (engine link or iframe), attendance, the calendar; in
Chinese by default, messages on the form for refusals."""
from __future__ import annotations

from lms.core import clock
from tests.helpers import csrf_token, sign_in
from tests.live.conftest import MONDAY, at, evening


def _client(app, user, english=True):
    client = app.test_client()
    sign_in(client, user)
    if english:
        client.get("/lang/en")
    return client


def _schedule(client, **fields):
    page = client.get("/live/")
    token = csrf_token(page.get_data(as_text=True))
    data = {"csrf_token": token, "form": "lecture", "title": "课堂提问的设计", "starts_at": "2026-11-23T18:00",
            "ends_at": "2026-11-23T19:30"}
    data.update(fields)
    return client.post("/live/sessions", data=data, follow_redirects=True), token


def test_a_tutor_schedules_and_a_learner_books_and_enters(app, world):
    tutor = _client(app, world.tutor)
    r, _token = _schedule(tutor)
    assert r.status_code == 200 and "Scheduled." in r.get_data(as_text=True)
    session_path = r.request.path
    learner = _client(app, world.learner)
    page = learner.get(session_path)
    html = page.get_data(as_text=True)
    assert "课堂提问的设计" in html and "Book" in html and "Enter the room" not in html
    r = learner.post(session_path + "/book", data={"csrf_token": csrf_token(html)}, follow_redirects=True)
    html = r.get_data(as_text=True)
    assert "Booked." in html and "Enter the room" in html and "Cancel my booking" in html
    assert "1 of 200 booked" in html
    room = learner.get(session_path + "/room")
    assert room.status_code == 200 and "live_room.js" in room.get_data(as_text=True)
    assert learner.get(session_path + "/room").headers["Content-Security-Policy"].count("frame-src") == 0
    assert _client(app, world.learner2).get(session_path + "/room").status_code == 403
    assert "课堂提问的设计" in learner.get("/live/").get_data(as_text=True)  # under "My bookings"
    organiser = tutor.get(session_path).get_data(as_text=True)
    assert "Attendance" in organiser and "李老师" in organiser


def test_cancelling_on_the_page_takes_a_reason_and_shows_it(app, world):
    tutor = _client(app, world.tutor)
    r, _token = _schedule(tutor)
    session_path = r.request.path
    token = csrf_token(tutor.get(session_path).get_data(as_text=True))
    r = tutor.post(session_path + "/cancel", data={"csrf_token": token, "reason": "长" * 501}, follow_redirects=True)
    html = r.get_data(as_text=True)
    assert "500" in html and "Cancel the session" in html  # the form's message, nothing cancelled
    r = tutor.post(session_path + "/cancel", data={"csrf_token": token, "reason": "导师临时外出培训"},
                   follow_redirects=True)
    assert r.status_code == 200
    html = _client(app, world.learner).get(session_path).get_data(as_text=True)
    assert "cancelled" in html and "导师临时外出培训" in html and 'data-testid="cancel-reason"' in html


def test_a_refusal_is_a_message_on_the_form(app, world):
    tutor = _client(app, world.tutor)
    r, _ = _schedule(tutor, starts_at="2026-11-23T16:00", ends_at="2026-11-23T17:00")
    assert r.status_code == 200 and "service hours are 18:00 to 22:00" in r.get_data(as_text=True)
    r, _ = _schedule(tutor, ends_at="not a time")
    assert r.status_code == 200
    learner = _client(app, world.learner)
    page = learner.get("/live/")
    assert "Schedule a session" not in page.get_data(as_text=True)
    r = learner.post("/live/sessions", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                             "form": "lecture", "title": "x", "starts_at": "2026-11-23T18:00",
                                             "ends_at": "2026-11-23T19:00"})
    assert r.status_code == 403


def test_the_room_embeds_jitsi_with_its_origin_allowed(app, world):
    tutor = _client(app, world.tutor)
    r, _ = _schedule(tutor)
    app.config.update(LIVE_ENGINE="jitsi", JITSI_URL="https://meet.example.cn")
    try:
        room = tutor.get(r.request.path + "/room")
        assert "frame-src https://meet.example.cn" in room.headers["Content-Security-Policy"]
        assert 'camera=(self "https://meet.example.cn")' in room.headers["Permissions-Policy"]
    finally:
        app.config.update(LIVE_ENGINE="none", JITSI_URL="")


def test_pages_are_in_chinese(app, world):
    client = _client(app, world.tutor, english=False)
    html = client.get("/live/").get_data(as_text=True)
    assert "直播研修" in html and "名师直播讲堂（60–90 分钟）" in html
    assert "学期与节假日" in client.get("/live/calendar").get_data(as_text=True)


def test_the_province_keeps_the_calendar(app, world):
    admin = _client(app, world.province)
    page = admin.get("/live/calendar")
    token = csrf_token(page.get_data(as_text=True))
    r = admin.post("/live/calendar/days", data={"csrf_token": token, "day": "2026-12-31", "kind": "holiday",
                                                "name": "元旦调休"}, follow_redirects=True)
    assert "元旦调休" in r.get_data(as_text=True)
    r = admin.post("/live/calendar/days/2026-12-31/delete", data={"csrf_token": token}, follow_redirects=True)
    assert "元旦调休" not in r.get_data(as_text=True)
    assert admin.post("/live/calendar/days/nonsense/delete", data={"csrf_token": token}).status_code == 404
    r = admin.post("/live/calendar/terms", data={"csrf_token": token, "name": "重叠学期", "starts_on": "2026-10-01",
                                                 "ends_on": "2026-12-01"}, follow_redirects=True)
    assert "Terms may not overlap" in r.get_data(as_text=True)
    city = _client(app, world.city1)
    html = city.get("/live/calendar").get_data(as_text=True)
    assert "Mark the day" not in html
    assert city.post("/live/calendar/days", data={"csrf_token": csrf_token(html), "day": "2026-12-31",
                                                  "kind": "holiday"}).status_code == 403


def test_a_learner_gives_feedback_after_taking_part(app, world):
    from datetime import timedelta

    from lms.extensions import db
    from lms.live.models import LivePresence

    tutor = _client(app, world.tutor)
    r, _ = _schedule(tutor)
    path = r.request.path
    learner = _client(app, world.learner)
    html = learner.get(path).get_data(as_text=True)
    learner.post(path + "/book", data={"csrf_token": csrf_token(html)})
    live_id = int(path.rsplit("/", 1)[1])
    start = at(MONDAY, 18).timestamp()
    with app.app_context():
        db.session.add(LivePresence(session_id=live_id, user_id=world.learner.id, page_key="k", old_keys=[],
                                    beat_at=at(MONDAY, 19), visible=True, in_room=True,
                                    intervals=[[start, start + 3600]]))
        db.session.commit()
    clock.start_at(at(MONDAY, 20))
    learner = _client(app, world.learner)
    home = learner.get("/live/").get_data(as_text=True)
    assert "Give your feedback on" in home
    page = learner.get(path).get_data(as_text=True)
    assert "Your feedback" in page
    token = csrf_token(page)
    r = learner.post(path + "/feedback", data={"csrf_token": token, "rating": "5", "satisfaction": "satisfied",
                                               "reflection": "很好"})
    assert r.status_code == 200 and "Write at least 200 characters (2 so far)" in r.get_data(as_text=True)
    r = learner.post(path + "/feedback", data={"csrf_token": token, "rating": "5", "satisfaction": "satisfied",
                                               "reflection": "收获很大" * 60}, follow_redirects=True)
    assert "Thank you for your feedback." in r.get_data(as_text=True)
    assert "Your feedback" not in r.get_data(as_text=True)
    organiser = _client(app, world.tutor).get(path).get_data(as_text=True)
    assert "given" in organiser and "5/5" in organiser


def test_the_organiser_closes_the_meeting_and_sees_the_recordings(app, world):
    from tests.live.test_engine_wiring import RECORDINGS
    from tests.live.test_engines import SECRET, FakeBBB

    fake = FakeBBB(answers={"getRecordings": RECORDINGS})
    app.config.update(LIVE_ENGINE="bbb", BBB_URL="https://bbb.example.cn/bigbluebutton", BBB_SECRET=SECRET,
                      LIVE_TRANSPORT=fake)
    try:
        tutor = _client(app, world.tutor)
        r, _ = _schedule(tutor)
        path = r.request.path
        evening(5)
        tutor = _client(app, world.tutor)
        html = tutor.get(path).get_data(as_text=True)
        assert "Close the meeting" in html and "https://bbb.example.cn/playback/r-9" in html
        r = tutor.post(path + "/end", data={"csrf_token": csrf_token(html)}, follow_redirects=True)
        assert "The meeting is closed." in r.get_data(as_text=True) and "end" in [c for c, _ in fake.calls]
        assert "Enter the room" not in r.get_data(as_text=True)
    finally:
        app.config.update(LIVE_ENGINE="none", BBB_URL="", BBB_SECRET="", LIVE_TRANSPORT=None)


def test_the_home_page_lists_the_sessions_to_host_and_to_attend_and_the_feedback_owed(app, world):
    from lms.extensions import db
    from lms.live.models import LivePresence

    tutor = _client(app, world.tutor)
    assert "Sessions you host" not in tutor.get("/").get_data(as_text=True)
    r, _ = _schedule(tutor)
    path = r.request.path
    assert "Sessions you host" in tutor.get("/").get_data(as_text=True)
    learner = _client(app, world.learner)
    assert "Sessions you booked" not in learner.get("/").get_data(as_text=True)
    learner.post(path + "/book", data={"csrf_token": csrf_token(learner.get(path).get_data(as_text=True))})
    home = learner.get("/").get_data(as_text=True)
    assert "Sessions you booked" in home and "课堂提问的设计" in home
    assert "Sessions you booked" not in _client(app, world.learner2).get("/").get_data(as_text=True)
    live_id = int(path.rsplit("/", 1)[1])
    start = at(MONDAY, 18).timestamp()
    with app.app_context():
        db.session.add(LivePresence(session_id=live_id, user_id=world.learner.id, page_key="k", old_keys=[],
                                    beat_at=at(MONDAY, 19), visible=True, in_room=True,
                                    intervals=[[start, start + 3600]]))
        db.session.commit()
    clock.start_at(at(MONDAY, 20))
    home = _client(app, world.learner).get("/").get_data(as_text=True)
    assert "Give your feedback within 7 days" in home and "Sessions you booked" not in home
    assert "Sessions you host" not in _client(app, world.tutor).get("/").get_data(as_text=True)
