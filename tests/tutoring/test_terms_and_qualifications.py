"""B13c's gaps and B17: term time only, on-demand requests inside the day's window, the admins' weekly hours and
the short-week notice, and the city revoking (and reinstating) a tutor's qualification."""
from __future__ import annotations

from datetime import date, timedelta

from lms.extensions import db
from lms.live.models import LiveSession, LiveTerm
from lms.notices import reminders
from lms.notices import rules as notice_rules
from lms.tutoring import rules
from lms.tutors.models import TutorApplication
from tests.helpers import assert_error, csrf_token, sign_in
from tests.notices.helpers import kinds_of, notices_of
from tests.tutoring.conftest import MONDAY, at, move_to, offer
from tests.tutors.conftest import apply, approve_all

TERM = (date(2026, 9, 1), date(2027, 1, 15))


# --- pure rules ---------------------------------------------------------------------------------------------

def test_term_time_only():
    assert rules.check_term(MONDAY, [TERM]) is None
    refusal = rules.check_term(date(2027, 2, 1), [TERM])
    assert refusal.code == "outside_term" and refusal.detail["terms"] == [TERM]
    assert rules.check_term(MONDAY, []).code == "outside_term"  # no term set: nothing runs


def test_on_demand_sessions_end_inside_the_window():
    opens, closes = at(MONDAY, 18), at(MONDAY, 22)
    assert rules.on_demand_end(at(MONDAY, 19), opens, closes) == at(MONDAY, 20)
    assert rules.on_demand_end(at(MONDAY, 21, 30), opens, closes) == closes  # cut at the close
    assert rules.on_demand_end(at(MONDAY, 21, 55), opens, closes) is None  # under 10 minutes left
    assert rules.on_demand_end(at(MONDAY, 10), opens, closes) is None


def test_the_next_opening():
    days = [(MONDAY, (at(MONDAY, 18), at(MONDAY, 22))),
            (MONDAY + timedelta(days=1), (at(MONDAY + timedelta(days=1), 18), at(MONDAY + timedelta(days=1), 22)))]
    assert rules.next_opening(at(MONDAY, 10), days) == at(MONDAY, 18)
    assert rules.next_opening(at(MONDAY, 19), days) == at(MONDAY, 19)  # open now
    assert rules.next_opening(at(MONDAY, 21, 55), days) == at(MONDAY + timedelta(days=1), 18)
    assert rules.next_opening(at(MONDAY, 10), []) is None


def test_only_a_term_week_is_held_to_the_minimum():
    assert rules.is_short(119, True) and not rules.is_short(120, True) and not rules.is_short(0, False)
    assert notice_rules.week_short_due(60, 120, True, True)
    assert not notice_rules.week_short_due(60, 120, True, False)  # qualified during the week


# --- terms and windows through the API ----------------------------------------------------------------------

def test_offers_lie_in_a_term(app, api, world):
    r = api.post("/tutoring/sessions", world.tutor, json={"kind": "one_to_one", "topic": "寒假答疑", "minutes": 30,
                                                          "starts_at": at(date(2027, 1, 20), 19).isoformat()})
    assert_error(r, 409, "outside_term")
    assert "2026秋季学期" in r.get_json()["error"]["message"]
    with app.app_context():
        db.session.query(LiveTerm).delete()
        db.session.commit()
    r = api.post("/tutoring/sessions", world.tutor, json={"kind": "one_to_one", "topic": "答疑", "minutes": 30,
                                                          "starts_at": at(MONDAY, 19).isoformat()})
    assert_error(r, 409, "outside_term")
    assert "/live/calendar" not in r.get_json()["error"]["message"]


def test_on_demand_requests_inside_the_window(app, api, world):
    assert_error(api.post("/tutoring/requests", world.student, json={"question": "求导"}), 409,
                 "outside_service_window")  # Monday 10:00
    move_to(at(MONDAY, 21, 30))
    rid = api.post("/tutoring/requests", world.student, json={"question": "求导"}).get_json()["id"]
    api.put("/tutoring/me/availability", world.tutor, json={"available": True})
    session = api.post(f"/tutoring/requests/{rid}/accept", world.tutor).get_json()
    assert session["ends_at"] == at(MONDAY, 22).isoformat()  # cut at the window's close
    move_to(at(MONDAY, 21, 49))
    rid = api.post("/tutoring/requests", world.student3, json={"question": "几何"}).get_json()["id"]
    api.put("/tutoring/me/availability", world.tutor2, json={"available": True})
    move_to(at(MONDAY, 21, 55))
    assert_error(api.post(f"/tutoring/requests/{rid}/accept", world.tutor2), 409, "outside_service_window")


def test_the_students_page_says_when_the_window_opens(app, world):
    client = app.test_client()
    sign_in(client, world.student)
    html = client.get("/tutoring/").get_data(as_text=True)
    assert 'id="request-window"' in html and "18:00" in html and 'action="/tutoring/requests"' not in html
    move_to(at(MONDAY, 19))
    assert 'action="/tutoring/requests"' in client.get("/tutoring/").get_data(as_text=True)


# --- the admins' weekly hours and the short-week notice -----------------------------------------------------

def test_admins_read_their_tutors_weekly_hours(api, make, world):
    offer(api, world.tutor, minutes=60)
    data = api.get("/tutoring/tutors/hours", world.city1).get_json()
    assert data["in_term"] and data["starts_on"] == MONDAY.isoformat()
    (row,) = data["items"]  # city 2's tutor is not city 1's
    assert row["tutor"]["id"] == world.tutor.id and row["minutes"] == 60 and row["short"] and row["short_by"] == 60
    province = make.admin(world.tree["province"])
    rows = api.get("/tutoring/tutors/hours", province).get_json()["items"]
    assert {r["tutor"]["id"] for r in rows} == {world.tutor.id, world.tutor2.id}
    assert api.get("/tutoring/tutors/hours", world.school).get_json()["items"] == []  # school112 has none
    holiday = api.get("/tutoring/tutors/hours?week=2027-02-01", world.city1).get_json()
    assert not holiday["in_term"] and not holiday["items"][0]["short"]
    assert_error(api.get("/tutoring/tutors/hours", world.tutor), 403, "forbidden")
    assert_error(api.get("/tutoring/tutors/hours?week=nope", world.city1), 400, "invalid_input")


def test_the_hours_page(app, world):
    client = app.test_client()
    sign_in(client, world.city1)
    client.get("/lang/en")
    html = client.get("/tutoring/hours?week=2026-11-25").get_data(as_text=True)
    assert "王老师" in html and "2026-11-23" in html and "120 minutes short" in html
    assert client.get("/tutoring/hours?week=bad").status_code == 404
    teacher = app.test_client()
    sign_in(teacher, world.teacher)
    assert teacher.get("/tutoring/hours").status_code == 403


def test_a_tutor_hears_its_last_week_was_short_once(app, api, world):
    offer(api, world.tutor2, minutes=60)
    offer(api, world.tutor2, minutes=60, starts_at=at(MONDAY + timedelta(days=1), 19).isoformat())
    next_monday = at(MONDAY + timedelta(days=7), 1)
    with app.app_context():
        from lms.core import clock
        with clock.frozen_at(next_monday):
            assert reminders.send_due(db.session, clock.now())[notice_rules.TUTORING_WEEK_SHORT] == 1
            assert reminders.send_due(db.session, clock.now())[notice_rules.TUTORING_WEEK_SHORT] == 0
            db.session.commit()
    (notice,) = notices_of(app, world.tutor, notice_rules.TUTORING_WEEK_SHORT)
    assert notice.params["minutes"] == 0 and notice.params["starts_on"] == MONDAY.isoformat()
    assert kinds_of(app, world.tutor2) == []  # two hours: not short
    move_to(next_monday)
    (read,) = api.get("/notices", world.tutor).get_json()["items"]
    assert "120" in read["text"] and read["link"] == "/tutoring/"


# --- B17: the city revokes and reinstates -------------------------------------------------------------------

def test_the_city_revokes_a_tutors_qualification(app, api, make, world):
    slot = offer(api, world.tutor)
    api.post(f"/tutoring/sessions/{slot['id']}/booking", world.student)
    with app.app_context():
        live = LiveSession(form="lecture", title="讲座", description="", host_id=world.tutor.id,
                           org_unit_id=world.tutor.org_unit_id, created_by_id=world.tutor.id, co_reviewer_ids=[],
                           starts_at=at(MONDAY, 19), ends_at=at(MONDAY, 20), capacity=50, status="scheduled",
                           meeting_key="lms-live-q", host_secret="h", guest_secret="g", created_at=at(MONDAY, 9))
        db.session.add(live)
        db.session.commit()
        live_id = live.id
    city2, province = make.admin(world.tree["city2"]), make.admin(world.tree["province"])
    url = f"/tutoring/tutors/{world.tutor.id}/disqualify"
    assert_error(api.post(url, city2, json={"reason": "多次无故缺席辅导"}), 403, "forbidden")  # another city
    assert_error(api.post(url, province, json={"reason": "多次无故缺席辅导"}), 403, "forbidden")  # not its level
    assert_error(api.post(url, world.school, json={"reason": "多次无故缺席辅导"}), 403, "forbidden")
    assert_error(api.post(f"/tutoring/tutors/{world.teacher.id}/disqualify", world.city1, json={"reason": "x" * 9}),
                 404, "not_found")
    assert_error(api.post(url, world.city1, json={"reason": "差"}), 400, "invalid_input")
    r = api.post(url, world.city1, json={"reason": "多次无故缺席辅导"})
    assert r.status_code == 201 and r.get_json()["reason"] == "多次无故缺席辅导"
    assert_error(api.post(url, world.city1, json={"reason": "多次无故缺席辅导"}), 409, "already_disqualified")
    assert api.get(f"/tutoring/sessions/{slot['id']}", world.student).get_json()["status"] == "cancelled"
    with app.app_context():
        assert db.session.get(LiveSession, live_id).status == "cancelled"
    assert notice_rules.TUTORING_CANCELLED in kinds_of(app, world.student)
    (told,) = notices_of(app, world.tutor, notice_rules.TUTOR_QUALIFICATION)
    assert told.params["action"] == "revoked" and told.params["reason"] == "多次无故缺席辅导"
    assert_error(api.post("/tutoring/sessions", world.tutor, json={
        "kind": "one_to_one", "topic": "答疑", "minutes": 30, "starts_at": at(MONDAY, 20).isoformat()}), 403, "forbidden")
    listed = api.get("/tutoring/disqualifications", world.city1).get_json()["items"]
    assert [x["tutor"]["id"] for x in listed] == [world.tutor.id]
    assert api.get("/tutoring/disqualifications", city2).get_json()["items"] == []
    assert_error(api.get("/tutoring/disqualifications", world.school), 403, "forbidden")
    back = f"/tutoring/tutors/{world.tutor.id}/reinstate"
    assert_error(api.post(back, city2), 403, "forbidden")
    assert api.post(back, world.city1).status_code == 200
    assert_error(api.post(back, world.city1), 409, "not_disqualified")
    assert offer(api, world.tutor, starts_at=at(MONDAY, 20).isoformat())["status"] == "open"
    assert [n.params["action"] for n in notices_of(app, world.tutor, notice_rules.TUTOR_QUALIFICATION)] == [
        "revoked", "reinstated"]


def test_a_revoked_tutor_leaves_the_library_and_cannot_apply_again(app, api, make, world):
    t = world.tree
    w = type("W", (), {})()
    w.school, w.county, w.city = make.admin(t["school111"]), make.admin(t["county11"]), world.city1
    teacher = make.user(t["school111"], "teacher", name="孙老师")
    application = apply(api, teacher)
    approve_all(api, w, application["id"])
    assert api.get(f"/tutors/{teacher.id}", world.teacher).status_code == 200
    api.post(f"/tutoring/tutors/{teacher.id}/disqualify", world.city1, json={"reason": "监督检查发现严重问题"})
    assert_error(api.get(f"/tutors/{teacher.id}", world.teacher), 404, "not_found")
    with app.app_context():
        assert db.session.get(TutorApplication, application["id"]).status == "revoked"
    r = api.put("/tutors/me/application", teacher, json={"subjects": ["数学"], "stages": ["初中"], "topics": ["函数"],
                                                         "introduction": "从事初中数学教学二十年，长期研究函数教学。",
                                                         "sample_url": "https://v.example.cn/1"})
    assert_error(r, 409, "disqualified")
    api.post(f"/tutoring/tutors/{teacher.id}/reinstate", world.city1)
    assert api.get(f"/tutors/{teacher.id}", world.teacher).status_code == 200


def test_the_qualifications_page(app, api, world):
    client = app.test_client()
    sign_in(client, world.city1)
    client.get("/lang/en")
    html = client.get("/tutoring/qualifications").get_data(as_text=True)
    assert "王老师" in html and "赵老师" not in html  # city 2's tutor is not city 1's
    r = client.post("/tutoring/qualifications", data={"csrf_token": csrf_token(html), "person_id": world.tutor.id,
                                                      "reason": "差"})
    assert r.status_code == 400
    r = client.post("/tutoring/qualifications", data={"csrf_token": csrf_token(html), "person_id": world.tutor.id,
                                                      "reason": "多次无故缺席辅导"}, follow_redirects=True)
    html = r.get_data(as_text=True)
    assert "多次无故缺席辅导" in html and "Reinstate" in html
    r = client.post(f"/tutoring/qualifications/{world.tutor.id}/reinstate", data={"csrf_token": csrf_token(html)},
                    follow_redirects=True)
    assert "No qualification is revoked" in r.get_data(as_text=True)
    school = app.test_client()
    sign_in(school, world.school)
    assert school.get("/tutoring/qualifications").status_code == 403
