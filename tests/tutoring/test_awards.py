"""The organisation awards of students' tutoring (B18): the city's and the province's ranking of their schools and
districts, the confirmation of the winners after the term, the published winners, the winners' admins' notice."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.extensions import db
from lms.notices.models import Notice
from tests.helpers import assert_error, csrf_token, sign_in
from tests.tutoring.conftest import at, move_clock


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _names(rows):
    return [(r["unit"]["name"], r["rank"], r["score"]) for r in rows]


def test_the_city_ranks_its_schools_and_districts_with_every_indicator(api, make, term_world):
    w = term_world
    path = f"/tutoring/terms/{w.term_id}/org-ranking"
    data = api.get(path, w.city1).get_json()
    assert data["area"]["name"] == "城市1" and data["weights"]["evaluation"] == 0.2
    # 学校112: 李 60 minutes + 吴 none = 30 a student account, scores 9, 9; 学校121: 周 30, 9; no key teacher in
    # either: the same composite, one rank.
    assert _names(data["schools"]) == [("学校112", 1, 40.0), ("学校121", 1, 40.0)]
    s112 = data["schools"][0]
    assert (s112["students"], s112["student_minutes"], s112["evaluation"], s112["key_share"]) == (2, 30.0, 9.0, 0.0)
    # 区县11 holds the 特级 tutor (60 minutes, 26 points): all its key teachers took part.
    assert _names(data["districts"]) == [("区县11", 1, 100.0), ("区县12", 2, 40.0)]
    d11 = data["districts"][0]
    assert (d11["key_teachers"], d11["key_tutors"], d11["key_share"], d11["key_minutes"], d11["key_points"]) == \
        (1, 1, 100.0, 60.0, 26.0)
    assert d11["normalised"] == {"student_minutes": 100.0, "evaluation": 100.0, "key_share": 100.0,
                                 "key_minutes": 100.0, "key_points": 100.0}
    assert not data["schools_confirmed"] and not data["districts"][0]["awarded"]
    # Another city sees its own area only; below the city nobody ranks.
    assert api.get(path, w.city2).get_json()["schools"] == []
    assert _names(api.get(path, w.province).get_json()["districts"]) == [("区县11", 1, 100.0), ("区县12", 2, 40.0)]
    county = make.admin(w.tree["county11"])
    for who in (county, w.school, w.tutor, w.student):
        assert_error(api.get(path, who), 403, "forbidden")
    assert_error(api.get("/tutoring/terms/999/org-ranking", w.city1), 404, "not_found")
    sheet = api.get(path + ".xlsx", w.city1)
    assert sheet.status_code == 200 and sheet.data[:2] == b"PK"
    assert_error(api.get(path + ".xlsx", w.school), 403, "forbidden")


def test_the_city_confirms_its_winners_after_the_term_and_their_admins_hear(app, api, make, term_world):
    w = term_world
    path = f"/tutoring/terms/{w.term_id}/org-awards"
    assert_error(api.post(path, w.city1, json={"kind": "school", "top": 1}), 409, "term_not_over")
    move_clock(api, at(date(2027, 1, 20), 10))
    county = make.admin(w.tree["county11"])
    for who in (county, w.school, w.student):
        assert_error(api.post(path, who, json={"kind": "school", "top": 1}), 403, "forbidden")
    assert_error(api.post(path, w.city1, json={"kind": "school"}), 400, "invalid_input")
    assert_error(api.post(path, w.city1, json={"kind": "club", "top": 1}), 400, "invalid_input")
    # A district of another city is not in the city's ranking.
    assert_error(api.post(path, w.city1, json={"kind": "district", "unit_ids": [w.tree["county21"].id]}),
                 400, "invalid_input")
    assert_error(api.post("/tutoring/terms/999/org-awards", w.city1, json={"kind": "school", "top": 1}),
                 404, "not_found")
    r = api.post(path, w.city1, json={"kind": "school", "top": 1})  # the tie on the first place: both win
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["schools_confirmed"] and all(x["awarded"] for x in r.get_json()["schools"])
    assert_error(api.post(path, w.city1, json={"kind": "school", "top": 1}), 409, "already_confirmed")
    r = api.post(path, w.city1, json={"kind": "district", "unit_ids": [w.tree["county12"].id]})
    assert r.status_code == 201 and [x["awarded"] for x in r.get_json()["districts"]] == [False, True]
    assert_error(api.post(path, w.city2, json={"kind": "school", "top": 3}), 409, "no_winners")
    # Published to everyone signed in.
    out = api.get(path, w.student).get_json()
    [area] = out["areas"]
    assert area["area"]["name"] == "城市1"
    assert [(x["unit"]["name"], x["rank"]) for x in area["schools"]] == [("学校112", 1), ("学校121", 1)]
    assert [x["unit"]["name"] for x in area["districts"]] == ["区县12"]
    with app.app_context():
        told = db.session.scalars(select(Notice.user_id).where(Notice.kind == "tutoring_org_award")).all()
        assert sorted(told) == sorted([w.school.id, w.other_school.id])
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "tutoring_org_award.confirm")).all()
        assert [e.after["kind"] for e in entries] == ["school", "district"]
    notices = _client(app, w.school).get("/notices").get_data(as_text=True)
    assert "学校112" in notices and "2026秋季学期" in notices
    # A term with awards stays on the calendar.
    assert_error(api.call("DELETE", f"/live/calendar/terms/{w.term_id}", w.province), 409, "term_settled")


def test_the_award_pages(app, api, term_world):
    w = term_world
    client = _client(app, w.city1)
    page = client.get("/tutoring/org-ranking").get_data(as_text=True)
    assert "学校112" in page and "区县11" in page and "name=\"top\"" not in page
    assert client.get("/tutoring/org-ranking.xlsx").data[:2] == b"PK"
    move_clock(api, at(date(2027, 1, 20), 10))
    client = _client(app, w.city1)
    page = client.get(f"/tutoring/org-ranking?term={w.term_id}").get_data(as_text=True)
    r = client.post(f"/tutoring/terms/{w.term_id}/org-awards",
                    data={"csrf_token": csrf_token(page), "kind": "district", "top": "0"}, follow_redirects=True)
    assert r.status_code == 200 and "alert-danger" in r.get_data(as_text=True)
    r = client.post(f"/tutoring/terms/{w.term_id}/org-awards",
                    data={"csrf_token": csrf_token(page), "kind": "district", "top": "1"}, follow_redirects=True)
    assert r.status_code == 200 and "text-bg-success" in r.get_data(as_text=True)
    ranking = api.get(f"/tutoring/terms/{w.term_id}/org-ranking", w.city1).get_json()
    assert [x["awarded"] for x in ranking["districts"]] == [True, False] and not ranking["schools_confirmed"]
    school = _client(app, w.school)
    assert school.get("/tutoring/org-ranking").status_code == 403
    page = school.get("/tutoring/org-awards").get_data(as_text=True)
    assert school.post(f"/tutoring/terms/{w.term_id}/org-awards",
                       data={"csrf_token": csrf_token(page), "kind": "school", "top": "1"}).status_code == 403
    public = _client(app, w.student).get("/tutoring/org-awards").get_data(as_text=True)
    assert "区县11" in public and "学校112" not in public
