"""Tutors' points, statements, the term settlement (locked once confirmed), review reports and the term's stars,
through the API and the pages: the same school/county exclusion and the admins' subtree scope."""
from __future__ import annotations

import io
from datetime import date, timedelta

from openpyxl import load_workbook

from tests.helpers import assert_error, csrf_token, sign_in
from tests.live.conftest import MONDAY, REPORT, at, feedback, go, present, schedule, set_title


def lines(statement):
    return {x["session"]["id"]: x for x in statement["sessions"]}


def test_a_tutors_statement_breaks_each_session_down(api, term_world):
    w = term_world
    s = api.get("/live/me/statement", w.tutor).get_json()
    got = lines(s)
    lec = got[w.lecture]
    # 90 minutes: 30 × 1.5; performance from 周老师 alone (李老师 is of the same county): 15 × 1.5; 1 learner: 1 × 1.5.
    assert (lec["minutes"], lec["duration"], lec["performance"], lec["audience"]) == (90, 45.0, 22.5, 1.5)
    assert lec["excluded_learners"] == 1 and lec["completed_learners"] == 1 and lec["score"] == 5.0
    assert got[w.one]["total"] == 0 and got[w.one]["notes"] == ["same_place_only"]
    # Review: present 60 min, the only reviewer ≥ 45: the discussion's 30; no report yet.
    assert (got[w.review]["discussion"], got[w.review]["report"], got[w.review]["notes"]) == (30.0, 0.0, ["no_report"])
    assert s["points"] == 99.0 and s["coefficient"] == 1.4 and s["amount"] == 1386.0 and s["settled"] is None
    other = api.get("/live/me/statement", w.tutor2).get_json()
    assert lines(other)[w.review]["total"] == 0 and lines(other)[w.review]["notes"] == ["no_discussion", "no_report"]


def test_the_review_report_earns_its_thirty_shared(api, term_world):
    w = term_world
    path = f"/live/sessions/{w.review}/report"
    assert_error(api.post(path, w.learner2, json={"body": REPORT}), 403, "forbidden")
    assert_error(api.post(path, w.tutor2, json={"body": "太短"}), 400, "invalid_input")
    assert_error(api.get(path, w.tutor2), 404, "not_found")
    r = api.post(path, w.tutor2, json={"body": REPORT})
    assert r.status_code == 201 and r.get_json()["author"]["id"] == w.tutor2.id
    assert_error(api.post(path, w.tutor, json={"body": REPORT}), 409, "report_recorded")
    assert_error(api.post(f"/live/sessions/{w.lecture}/report", w.tutor, json={"body": REPORT}), 409, "not_a_review")
    assert api.get(path, w.learner2).get_json()["body"] == REPORT.strip()
    assert lines(api.get("/live/me/statement", w.tutor).get_json())[w.review]["report"] == 15.0
    assert lines(api.get("/live/me/statement", w.tutor2).get_json())[w.review]["total"] == 15.0


def test_only_tutors_have_a_statement_and_admins_read_their_areas_tutors(api, term_world):
    w = term_world
    assert_error(api.get("/live/me/statement", w.learner), 403, "forbidden")
    assert api.get(f"/live/tutors/{w.tutor.id}/statement", w.city1).get_json()["points"] == 99.0
    assert_error(api.get(f"/live/tutors/{w.tutor.id}/statement", w.city2), 403, "forbidden")
    assert_error(api.get(f"/live/tutors/{w.tutor.id}/statement", w.tutor2), 403, "forbidden")
    assert_error(api.get(f"/live/tutors/{w.learner.id}/statement", w.province), 404, "not_found")
    assert_error(api.get("/live/me/statement?term_id=999", w.tutor), 404, "not_found")
    assert_error(api.get("/live/me/statement?term_id=abc", w.tutor), 400, "invalid_input")


def test_the_settlement_is_scoped_to_the_admins_area(api, term_world):
    w = term_world
    term_id = api.get("/live/calendar", w.tutor).get_json()["terms"][0]["id"]
    api.post(f"/live/sessions/{w.review}/report", w.tutor2, json={"body": REPORT})
    province = api.get(f"/live/terms/{term_id}/settlement", w.province).get_json()
    assert {r["tutor"]["id"]: r["points"] for r in province["rows"]} == {w.tutor.id: 114.0, w.tutor2.id: 15.0}
    city1 = api.get(f"/live/terms/{term_id}/settlement", w.city1).get_json()
    assert [(r["tutor"]["id"], r["coefficient"], r["amount"]) for r in city1["rows"]] == [(w.tutor.id, 1.4, 1596.0)]
    city2 = api.get(f"/live/terms/{term_id}/settlement", w.city2).get_json()
    assert [r["tutor"]["id"] for r in city2["rows"]] == [w.tutor2.id] and city2["amount"] == 150.0
    assert_error(api.get(f"/live/terms/{term_id}/settlement", w.tutor), 403, "forbidden")
    sheet = api.get(f"/live/terms/{term_id}/settlement.xlsx", w.city1)
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.data)).active.iter_rows(values_only=True))
    assert rows[1][0] == "王导师" and rows[1][5] == 114 and rows[1][7] == 1596 and len(rows) == 3


def test_the_province_locks_the_settlement_after_the_term(api, app, term_world):
    w = term_world
    term_id = api.get("/live/calendar", w.tutor).get_json()["terms"][0]["id"]
    path = f"/live/terms/{term_id}/settlement"
    assert_error(api.post(path, w.province), 409, "term_not_over")
    go(api, at(date(2027, 1, 16), 9))
    assert_error(api.post(path, w.city1), 403, "forbidden")
    r = api.post(path, w.province)
    assert r.status_code == 201 and r.get_json()["settled"] and r.get_json()["points"] == 99.0
    assert_error(api.post(path, w.province), 409, "already_settled")
    # Later changes do not move the paid figures: a new title grade, a late report.
    set_title(app, w.tutor, "other")
    assert api.post(f"/live/sessions/{w.review}/report", w.tutor, json={"body": REPORT}).status_code == 201
    locked = api.get(path, w.city1).get_json()
    assert [(r["points"], r["coefficient"], r["amount"]) for r in locked["rows"]] == [(99.0, 1.4, 1386.0)]
    statement = api.get("/live/me/statement", w.tutor).get_json()
    assert statement["points"] == 114.0 and statement["settled"]["points"] == 99.0
    assert statement["settled"]["amount"] == 1386.0
    assert_error(api.call("DELETE", f"/live/calendar/terms/{term_id}", w.province), 409, "term_settled")


def test_the_terms_stars(api, term_world):
    w = term_world
    term_id = api.get("/live/calendar", w.tutor).get_json()["terms"][0]["id"]
    stars = api.get(f"/live/terms/{term_id}/stars", w.learner).get_json()
    assert [t["user"]["id"] for t in stars["tutors"]] == [w.tutor.id]
    assert stars["tutors"][0]["sessions"] == 2 and stars["tutors"][0]["score"] == 4.5
    # 周老师: two sessions, each with its feedback in time; 李老师 too (its lecture and its one-to-one).
    assert [x["user"]["id"] for x in stars["learners"]] == [w.learner2.id, w.learner.id]
    assert stars["learners"][0]["counted_minutes"] == 150


def test_a_late_feedback_keeps_a_learner_off_the_stars(api, app, world):
    first = schedule(api, world.tutor)
    second = schedule(api, world.tutor, starts_at=at(MONDAY, 20).isoformat(), ends_at=at(MONDAY, 21).isoformat())
    for sid, start, minutes in ((first, at(MONDAY, 18), 90), (second, at(MONDAY, 20), 60)):
        assert api.post(f"/live/sessions/{sid}/booking", world.learner2).status_code == 201
        present(app, sid, world.learner2, start, minutes)
    go(api, at(MONDAY, 22))
    feedback(api, first, world.learner2, 5)
    go(api, at(MONDAY + timedelta(days=9), 10))
    feedback(api, second, world.learner2, 5)  # late: its 学时 stay 0, and no star
    term_id = api.get("/live/calendar", world.tutor).get_json()["terms"][0]["id"]
    assert api.get(f"/live/terms/{term_id}/stars", world.learner).get_json()["learners"] == []


def test_the_pages_at_work(client, api, app, term_world):
    w = term_world
    sign_in(client, w.tutor)
    page = client.get("/live/statement").get_data(as_text=True)
    assert "99.00" in page and "1386.00" in page
    review = client.get(f"/live/sessions/{w.review}").get_data(as_text=True)
    assert f"/live/sessions/{w.review}/report" in review
    r = client.post(f"/live/sessions/{w.review}/report", data={"csrf_token": csrf_token(review), "body": "太短"})
    assert r.status_code == 400 and "200" in r.get_data(as_text=True)
    r = client.post(f"/live/sessions/{w.review}/report", data={"csrf_token": csrf_token(review), "body": REPORT})
    assert r.status_code == 302
    assert "114.00" in client.get("/live/statement").get_data(as_text=True)
    assert "王导师" in client.get("/live/stars").get_data(as_text=True)
    assert client.get("/live/settlement").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(page)})
    sign_in(client, w.city2)
    page = client.get("/live/settlement").get_data(as_text=True)
    assert "赵导师" in page and "王导师" not in page
    assert client.get(f"/live/tutors/{w.tutor.id}/statement").status_code == 403
    assert client.get("/live/settlement?term=999").status_code == 404
    assert client.get("/live/settlement.xlsx").status_code == 200
