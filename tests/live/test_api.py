"""The live sessions API: scheduling rules, bookings, the room, presence and attendance, the calendar, error
shapes and who may do what (subtree scope)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lms.core import clock
from tests.helpers import assert_error
from tests.live.conftest import MONDAY, at, evening, lecture


def schedule(api, user, **kw):
    r = api.post("/live/sessions", user, json=lecture(**kw))
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_a_tutor_schedules_a_lecture(api, world):
    s = schedule(api, world.tutor)
    assert s["form"] == "lecture" and s["capacity"] == 200 and s["booked"] == 0 and s["host"]["name"] == "王导师"
    listed = api.get("/live/sessions", world.learner).get_json()["items"]
    assert [x["id"] for x in listed] == [s["id"]]


@pytest.mark.parametrize("body, code", [
    (dict(ends_at=at(MONDAY, 18, 50).isoformat()), "bad_length"),
    (dict(starts_at=at(MONDAY, 17).isoformat(), ends_at=at(MONDAY, 18, 30).isoformat()), "outside_service_window"),
    (dict(starts_at=at(MONDAY.replace(year=2027, month=2, day=1), 18).isoformat(),
          ends_at=at(MONDAY.replace(year=2027, month=2, day=1), 19).isoformat()), "outside_term"),
])
def test_scheduling_rules_answer_409(api, world, body, code):
    assert_error(api.post("/live/sessions", world.tutor, json=lecture(**body)), 409, code)


def test_two_of_each_form_a_term(api, world):
    schedule(api, world.tutor)
    schedule(api, world.tutor, starts_at=at(MONDAY, 20).isoformat(), ends_at=at(MONDAY, 21).isoformat())
    third = lecture(starts_at=at(MONDAY + timedelta(days=5), 9).isoformat(),
                    ends_at=at(MONDAY + timedelta(days=5), 10).isoformat())
    assert_error(api.post("/live/sessions", world.tutor, json=third), 409, "term_limit_reached")
    assert api.post("/live/sessions", world.tutor, json=dict(third, form="one_to_one", ends_at=at(
        MONDAY + timedelta(days=5), 9, 30).isoformat())).status_code == 201


def test_a_review_has_at_most_three_reviewers(api, world):
    review = lecture(form="review", co_reviewer_ids=[world.tutor2.id, world.tutor3.id])
    assert api.post("/live/sessions", world.tutor, json=review).get_json()["co_reviewer_ids"] == [world.tutor2.id,
                                                                                                 world.tutor3.id]
    too_many = dict(review, co_reviewer_ids=[world.tutor2.id, world.tutor3.id, world.learner.id])
    assert_error(api.post("/live/sessions", world.tutor, json=too_many), 400, "invalid_input")
    not_tutor = dict(review, co_reviewer_ids=[world.learner.id])
    assert_error(api.post("/live/sessions", world.tutor2, json=not_tutor), 400, "invalid_input")


def test_bad_input_gets_the_error_shape(api, world):
    assert_error(api.post("/live/sessions", world.tutor, json={"form": "seminar"}), 400, "invalid_input")
    assert_error(api.post("/live/sessions", world.tutor, json=lecture(starts_at="2026-11-23T18:00")), 400, "invalid_input")
    assert_error(api.post("/live/sessions", world.tutor, data="{", content_type="application/json"), 400, "invalid_input")
    assert_error(api.get("/live/sessions/2000000000", world.tutor), 404, "not_found")
    assert_error(api.get("/live/sessions?scope=everything", world.tutor), 400, "invalid_input")


def test_only_tutors_and_admins_schedule(api, world):
    assert_error(api.post("/live/sessions", world.learner, json=lecture()), 403, "forbidden")
    assert_error(api.post("/live/sessions", json=lecture()), 401, "unauthenticated")


def test_admins_schedule_for_the_tutors_of_their_area_only(api, world):
    mine = api.post("/live/sessions", world.city1, json=lecture(host_id=world.tutor.id))
    assert mine.status_code == 201 and mine.get_json()["host"]["id"] == world.tutor.id
    assert_error(api.post("/live/sessions", world.city1, json=lecture(host_id=world.tutor2.id)), 400, "invalid_input")
    assert_error(api.post("/live/sessions", world.city1, json=lecture()), 400, "invalid_input")  # not a tutor itself
    area = api.get("/live/sessions?scope=area", world.city1).get_json()["items"]
    assert [s["id"] for s in area] == [mine.get_json()["id"]]
    assert api.get("/live/sessions?scope=area", world.city2).get_json()["items"] == []


def test_booking_capacity_and_cancel(api, world):
    s = schedule(api, world.tutor, form="one_to_one", ends_at=at(MONDAY, 18, 30).isoformat())
    path = f"/live/sessions/{s['id']}/booking"
    assert api.post(path, world.learner).status_code == 201
    assert_error(api.post(path, world.learner), 409, "already_booked")
    assert_error(api.post(path, world.learner2), 409, "full")
    assert_error(api.post(path, world.tutor), 403, "forbidden")  # its host
    assert_error(api.post(path, world.city1), 403, "forbidden")  # not a learner teacher
    mine = api.get("/live/me/bookings", world.learner).get_json()["items"]
    assert [(b["session"]["id"], b["status"]) for b in mine] == [(s["id"], "booked")]
    assert api.call("DELETE", path, world.learner).get_json()["status"] == "cancelled"
    assert_error(api.call("DELETE", path, world.learner), 404, "not_found")
    assert api.post(path, world.learner2).status_code == 201  # the seat is free again
    listed = api.get(f"/live/sessions/{s['id']}/bookings", world.tutor).get_json()["items"]
    assert {b["user"]["id"]: b["status"] for b in listed} == {world.learner.id: "cancelled", world.learner2.id: "booked"}
    assert_error(api.get(f"/live/sessions/{s['id']}/bookings", world.learner), 403, "forbidden")


def test_cancel_a_session_host_and_admins_above(api, world):
    s = schedule(api, world.tutor)
    assert_error(api.post(f"/live/sessions/{s['id']}/cancel", world.city2), 403, "forbidden")
    assert_error(api.post(f"/live/sessions/{s['id']}/cancel", world.learner), 403, "forbidden")
    assert api.post(f"/live/sessions/{s['id']}/cancel", world.city1).get_json()["status"] == "cancelled"
    assert_error(api.post(f"/live/sessions/{s['id']}/cancel", world.tutor), 409, "not_scheduled")
    assert_error(api.post(f"/live/sessions/{s['id']}/booking", world.learner), 409, "not_bookable")


def test_a_cancellation_reason_is_at_most_500_characters(api, world):
    s = schedule(api, world.tutor)
    assert s["cancel_reason"] is None
    for body in ({"reason": "长" * 501}, {"reason": 5}, {"why": "x"}):
        r = api.post(f"/live/sessions/{s['id']}/cancel", world.tutor, json=body)
        assert_error(r, 400, "invalid_input")
    assert api.get(f"/live/sessions/{s['id']}", world.tutor).get_json()["status"] == "scheduled"
    done = api.post(f"/live/sessions/{s['id']}/cancel", world.tutor, json={"reason": "长" * 500}).get_json()
    assert done["status"] == "cancelled" and done["cancel_reason"] == "长" * 500


def test_the_room_and_presence_count_minutes(api, world):
    s = schedule(api, world.tutor)
    sid = s["id"]
    assert api.post(f"/live/sessions/{sid}/booking", world.learner).status_code == 201
    assert_error(api.post(f"/live/sessions/{sid}/join", world.learner2), 403, "forbidden")  # not booked
    assert_error(api.post(f"/live/sessions/{sid}/join", world.learner), 409, "room_closed")  # 10:00: too early
    evening(-5)
    joined = api.post(f"/live/sessions/{sid}/join", world.learner).get_json()
    assert joined == {"engine": "none", "url": None, "embeddable": False}
    key = "page-key-learner-1"
    beat = lambda **kw: api.post(f"/live/sessions/{sid}/heartbeat", world.learner,  # noqa: E731
                                 json={"page_key": key, "visible": True, "in_room": True, **kw})
    assert beat().get_json()["reason"] == "first_beat"
    for _ in range(4 * 70):  # 70 minutes of beats every 15 s, from 17:55
        clock.travel(timedelta(seconds=15))
        answer = beat()
    assert answer.status_code == 200 and answer.get_json()["reason"] == "credited"
    assert answer.get_json()["counted_minutes"] == 65  # 18:00-19:05: before the window nothing counts
    clock.travel(timedelta(seconds=15))
    assert beat(visible=False).get_json()["credited_seconds"] == 0
    other = api.post(f"/live/sessions/{sid}/heartbeat", world.learner,
                     json={"page_key": "page-key-learner-2", "visible": True, "in_room": True})
    assert other.get_json()["reason"] == "first_beat"  # a newer page takes over ...
    assert_error(beat(), 409, "session_superseded")  # ... and the older one no longer counts
    report = api.get(f"/live/sessions/{sid}/attendance", world.tutor).get_json()
    rows = {p["user"]["id"]: p for p in report["participants"]}
    assert rows[world.learner.id]["counted_minutes"] == 65 and rows[world.learner.id]["feedback"] == "pending"
    assert rows[world.learner.id]["study_hours"] == 0  # 1 once the learner's feedback is given in time
    assert rows[world.tutor.id]["organiser"] and rows[world.tutor.id]["counted_minutes"] == 0
    assert report["engine"] == "none" and report["engine_attendees"] is None
    assert api.get(f"/live/sessions/{sid}/attendance", world.city1).status_code == 200
    assert_error(api.get(f"/live/sessions/{sid}/attendance", world.city2), 403, "forbidden")
    assert_error(api.get(f"/live/sessions/{sid}/attendance", world.learner), 403, "forbidden")


def test_heartbeat_input_is_checked(api, world):
    s = schedule(api, world.tutor)
    evening()
    assert_error(api.post(f"/live/sessions/{s['id']}/heartbeat", world.tutor, json={"page_key": "x"}), 400, "invalid_input")
    assert_error(api.post(f"/live/sessions/{s['id']}/heartbeat", world.learner,
                          json={"page_key": "abcdefgh12"}), 403, "forbidden")


def test_a_holiday_opens_the_day_and_only_the_province_keeps_the_calendar(api, world):
    day = {"day": MONDAY.isoformat(), "kind": "holiday", "name": "调休假"}
    assert_error(api.put("/live/calendar/days", world.city1, json=day), 403, "forbidden")
    assert_error(api.put("/live/calendar/days", world.tutor, json=day), 403, "forbidden")
    assert api.put("/live/calendar/days", world.province, json=day).get_json()["kind"] == "holiday"
    morning = lecture(starts_at=at(MONDAY, 14).isoformat(), ends_at=at(MONDAY, 15).isoformat())
    assert api.post("/live/sessions", world.tutor, json=morning).status_code == 201
    cal = api.get("/live/calendar", world.learner).get_json()
    assert cal["days"] == [day] and cal["terms"][0]["name"] == "2026秋季学期"
    assert api.call("DELETE", f"/live/calendar/days/{MONDAY.isoformat()}", world.province).get_json() == {"deleted": True}
    assert_error(api.call("DELETE", "/live/calendar/days/not-a-day", world.province), 404, "not_found")
    overlap = {"name": "重叠", "starts_on": "2026-12-01", "ends_on": "2027-02-01"}
    assert_error(api.post("/live/calendar/terms", world.province, json=overlap), 409, "terms_overlap")
    backwards = {"name": "倒置", "starts_on": "2027-03-01", "ends_on": "2027-02-01"}
    assert_error(api.post("/live/calendar/terms", world.province, json=backwards), 400, "invalid_input")
    spring = api.post("/live/calendar/terms", world.province,
                      json={"name": "2027春季学期", "starts_on": "2027-02-20", "ends_on": "2027-07-05"})
    assert spring.status_code == 201
    assert api.call("DELETE", f"/live/calendar/terms/{spring.get_json()['id']}", world.province).status_code == 200
    assert_error(api.call("DELETE", "/live/calendar/terms/2000000000", world.province), 404, "not_found")


def _attend(api, world, sid, learner, minutes=65):
    evening(-5)
    key = f"page-{learner.id}-attend"
    for _ in range(4 * minutes + 1):
        api.post(f"/live/sessions/{sid}/heartbeat", learner, json={"page_key": key, "visible": True, "in_room": True})
        clock.travel(timedelta(seconds=15))


REFLECTION = "本次讲座让我对课堂提问的层次有了新的认识，" * 12


def test_feedback_within_seven_days_before_booking_again(api, world):
    first = schedule(api, world.tutor)
    later = schedule(api, world.tutor, form="one_to_one", starts_at=at(MONDAY + timedelta(days=2), 19).isoformat(),
                     ends_at=at(MONDAY + timedelta(days=2), 19, 30).isoformat())
    assert api.post(f"/live/sessions/{first['id']}/booking", world.learner).status_code == 201
    _attend(api, world, first["id"], world.learner)
    fb = f"/live/sessions/{first['id']}/feedback"
    good = {"rating": 5, "satisfaction": "very_satisfied", "reflection": REFLECTION}
    assert_error(api.post(fb, world.learner, json=good), 409, "not_ended")  # 19:00: still running
    clock.start_at(at(MONDAY, 20))
    refused = assert_error(api.post(f"/live/sessions/{later['id']}/booking", world.learner), 409, "feedback_owed")
    assert refused["session_ids"] == [first["id"]]
    short = assert_error(api.post(fb, world.learner, json=dict(good, reflection="很好" * 99)), 400, "invalid_input")
    assert "reflection" in short["error"]["fields"]
    assert_error(api.post(fb, world.learner, json=dict(good, rating=6)), 400, "invalid_input")
    assert_error(api.post(fb, world.learner2, json=good), 409, "not_attended")
    assert_error(api.post(fb, world.tutor, json=good), 403, "forbidden")
    assert api.post(fb, world.learner, json=good).status_code == 201
    assert_error(api.post(fb, world.learner, json=good), 409, "feedback_given")
    assert api.post(f"/live/sessions/{later['id']}/booking", world.learner).status_code == 201
    rows = {p["user"]["id"]: p for p in api.get(f"/live/sessions/{first['id']}/attendance", world.tutor)
            .get_json()["participants"]}
    assert rows[world.learner.id]["feedback"] == "on_time" and rows[world.learner.id]["study_hours"] == 1
    assert rows[world.learner.id]["rating"] == 5 and rows[world.tutor.id]["feedback"] is None


def test_late_feedback_unblocks_booking_but_records_no_study_hours(api, world):
    first = schedule(api, world.tutor)
    assert api.post(f"/live/sessions/{first['id']}/booking", world.learner).status_code == 201
    _attend(api, world, first["id"], world.learner)
    clock.start_at(at(MONDAY + timedelta(days=8), 10))
    api._tokens.clear()  # tokens last hours: sign in afresh a week later
    rows = {p["user"]["id"]: p for p in api.get(f"/live/sessions/{first['id']}/attendance", world.tutor)
            .get_json()["participants"]}
    assert rows[world.learner.id]["feedback"] == "missing" and rows[world.learner.id]["study_hours"] == 0
    good = {"rating": 4, "satisfaction": "satisfied", "reflection": REFLECTION}
    assert api.post(f"/live/sessions/{first['id']}/feedback", world.learner, json=good).status_code == 201
    rows = {p["user"]["id"]: p for p in api.get(f"/live/sessions/{first['id']}/attendance", world.tutor)
            .get_json()["participants"]}
    assert rows[world.learner.id]["feedback"] == "late" and rows[world.learner.id]["study_hours"] == 0


def test_the_list_is_paged(api, world):
    for day, form, minutes in ((0, "one_to_one", 30), (1, "one_to_one", 30), (2, "lecture", 60)):
        starts = at(MONDAY + timedelta(days=day), 18)
        schedule(api, world.tutor, form=form, starts_at=starts.isoformat(),
                 ends_at=(starts + timedelta(minutes=minutes)).isoformat())
    page = api.get("/live/sessions?per_page=2&page=2", world.learner).get_json()
    assert page["total"] == 3 and len(page["items"]) == 1 and page["page"] == 2
    assert api.get("/live/sessions?form=lecture", world.learner).get_json()["total"] == 1
    assert api.get("/live/sessions?scope=hosted&per_page=1", world.tutor).get_json()["total"] == 3
    assert_error(api.get("/live/sessions?per_page=0", world.learner), 400, "invalid_input")


@pytest.mark.parametrize("starts", ["9999-12-31T23:00:00-12:00", "0001-01-01T00:00:00+14:00"])
def test_dates_far_out_are_400_not_500(api, world, starts):
    body = lecture(starts_at=starts, ends_at=starts)
    assert_error(api.post("/live/sessions", world.tutor, json=body), 400, "invalid_input")
    assert_error(api.put("/live/calendar/days", world.province, json={"day": "9999-12-31", "kind": "holiday"}), 400,
                 "invalid_input")
    assert_error(api.post("/live/calendar/terms", world.province,
                          json={"name": "远", "starts_on": "9999-01-01", "ends_on": "9999-12-31"}), 400, "invalid_input")
