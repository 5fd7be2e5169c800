"""Students' tutoring by term: the semester statement, the settlement (scoped, locked by the city or the province
after the term), the admins' month sheet, the archive, the stars (docs/TUTORING.md "Terms")."""
from __future__ import annotations

from datetime import date

from lms.extensions import db
from lms.live.models import LiveTerm
from lms.tutoring.models import TutoringMisconduct
from tests.helpers import assert_error
from tests.tutoring.conftest import MONDAY, at, held, move_clock


def test_the_semester_statement_adds_up_the_months_with_the_fee(api, term_world):
    w = term_world
    s = api.get(f"/tutoring/me/terms/{w.term_id}/statement", w.tutor).get_json()
    assert (s["points"], s["sessions"], s["minutes"], s["students"], s["mean_rating"]) == (26.0, 2, 60, 2, 4.0)
    assert s["months"] == [{"month": "2026-11", "points": 26.0, "session_points": 26.0, "adoption_points": 0,
                            "lesson_points": 0, "sessions": 2, "minutes": 60}]
    assert (s["coefficient"], s["amount"], s["settled"]) == (1.4, 364.0, None)
    assert api.get(f"/tutoring/tutors/{w.tutor.id}/terms/{w.term_id}/statement", w.city1).status_code == 200
    assert_error(api.get(f"/tutoring/tutors/{w.tutor2.id}/terms/{w.term_id}/statement", w.city1), 403, "forbidden")
    assert_error(api.get(f"/tutoring/me/terms/{w.term_id}/statement", w.student), 403, "forbidden")
    assert_error(api.get("/tutoring/me/terms/999/statement", w.tutor), 404, "not_found")
    assert_error(api.get(f"/tutoring/tutors/{w.student.id}/terms/{w.term_id}/statement", w.city1), 404, "not_found")


def test_the_settlement_is_scoped_to_the_admins_area(api, term_world):
    w = term_world
    path = f"/tutoring/terms/{w.term_id}/settlement"
    province = api.get(path, w.province).get_json()
    assert [(r["tutor"]["id"], r["points"], r["amount"]) for r in province["rows"]] == \
        [(w.tutor.id, 26.0, 364.0), (w.tutor2.id, 15.0, 150.0)]
    assert province["amount"] == 514.0 and not province["settled"] and province["pending"] == 2
    assert [r["tutor"]["id"] for r in api.get(path, w.city1).get_json()["rows"]] == [w.tutor.id]
    assert [r["tutor"]["id"] for r in api.get(path, w.city2).get_json()["rows"]] == [w.tutor2.id]
    assert api.get(path, w.other_school).get_json()["rows"] == []
    assert_error(api.get(path, w.tutor), 403, "forbidden")
    assert_error(api.get(path, w.student), 403, "forbidden")
    assert_error(api.get("/tutoring/terms/999/settlement", w.city1), 404, "not_found")
    sheet = api.get(path + ".xlsx", w.city1)
    assert sheet.status_code == 200 and sheet.data[:2] == b"PK"


def test_a_city_locks_its_tutors_after_the_term_and_the_province_the_rest(app, api, term_world):
    w = term_world
    path = f"/tutoring/terms/{w.term_id}/settlement"
    assert_error(api.post(path, w.city1), 409, "term_not_over")
    assert_error(api.post(path, w.school), 403, "forbidden")
    assert_error(api.post(path, w.tutor), 403, "forbidden")
    move_clock(api, at(date(2027, 1, 20), 10))
    r = api.post(path, w.city1)
    assert r.status_code == 201 and r.get_json()["settled"] and r.get_json()["rows"][0]["settled"]
    assert_error(api.post(path, w.city1), 409, "already_settled")
    province = api.get(path, w.province).get_json()
    assert [r["settled"] for r in province["rows"]] == [True, False] and not province["settled"]
    # A session recorded late moves the running figures, never the locked ones.
    held(app, api, w.tutor, w.student3, date(2027, 1, 10))
    move_clock(api, at(date(2027, 1, 20), 12))
    s = api.get(f"/tutoring/me/terms/{w.term_id}/statement", w.tutor).get_json()
    assert s["points"] == 39.0 and s["settled"]["points"] == 26.0 and s["settled"]["amount"] == 364.0
    done = api.post(path, w.province).get_json()
    assert done["settled"] and [(r["tutor"]["id"], r["points"], r["settled"]) for r in done["rows"]] == \
        [(w.tutor.id, 26.0, True), (w.tutor2.id, 15.0, True)]
    assert_error(api.post(path, w.city2), 409, "already_settled")  # the province's covers city 2
    assert_error(api.call("DELETE", f"/live/calendar/terms/{w.term_id}", w.province), 409, "term_settled")
    with app.app_context():
        from lms.core.audit import AuditEntry
        assert db.session.query(AuditEntry).filter_by(action="tutoring_settlement.confirm").count() == 2


def test_the_admins_month_sheet_lists_every_tutor_of_the_area(api, term_world):
    w = term_world
    month = api.get("/tutoring/tutor-points?year=2026&month=11", w.province).get_json()
    assert [(r["tutor"]["id"], r["points"], r["sessions"]) for r in month["rows"]] == \
        [(w.tutor.id, 26.0, 2), (w.tutor2.id, 15.0, 1)]
    assert month["points"] == 41.0 and month["minutes"] == 90
    city2 = api.get("/tutoring/tutor-points?year=2026&month=11", w.city2).get_json()
    assert [r["tutor"]["id"] for r in city2["rows"]] == [w.tutor2.id]
    assert api.get("/tutoring/tutor-points?year=2026&month=10", w.city2).get_json()["rows"][0]["points"] == 0
    assert_error(api.get("/tutoring/tutor-points", w.tutor), 403, "forbidden")
    assert_error(api.get("/tutoring/tutor-points?month=13", w.city1), 400, "invalid_input")


def test_the_archive_keeps_each_term(app, api, term_world):
    w = term_world
    with app.app_context():
        db.session.add(LiveTerm(name="2027春季学期", starts_on=date(2027, 2, 20), ends_on=date(2027, 7, 10)))
        db.session.commit()
    a = api.get(f"/tutoring/tutors/{w.tutor.id}/archive", w.tutor).get_json()
    assert [t["term"]["name"] for t in a["terms"]] == ["2026秋季学期"]  # the spring term has not begun
    assert (a["hours"], a["points"], a["sessions"], a["amount"]) == (1.0, 26.0, 2, 364.0)
    assert api.get(f"/tutoring/tutors/{w.tutor.id}/archive", w.city1).status_code == 200
    assert_error(api.get(f"/tutoring/tutors/{w.tutor.id}/archive", w.city2), 403, "forbidden")
    assert_error(api.get(f"/tutoring/tutors/{w.tutor.id}/archive", w.tutor2), 403, "forbidden")
    assert_error(api.get("/tutoring/tutors/999999/archive", w.city1), 404, "not_found")


def test_the_terms_stars(app, api, term_world):
    w = term_world
    stars = api.get(f"/tutoring/terms/{w.term_id}/stars", w.student).get_json()
    assert [(t["user"]["id"], t["points"], t["mean_rating"]) for t in stars["tutors"]] == [(w.tutor.id, 26.0, 4.0)]
    assert [(s["user"]["id"], s["minutes"], s["mean_score"]) for s in stars["students"]] == [(w.student.id, 60, 9.0)]
    with app.app_context():
        db.session.add(TutoringMisconduct(student_id=w.student.id, reported_by_id=w.city1.id, reason="恶意差评",
                                          created_at=at(MONDAY, 21)))
        db.session.commit()
    assert api.get(f"/tutoring/terms/{w.term_id}/stars", w.teacher).get_json()["students"] == []
    assert_error(api.get("/tutoring/terms/999/stars", w.student), 404, "not_found")
