"""The tutoring term pages: a tutor's statement and archive, the admins' settlement (sheet, confirmation), their
month sheet, the stars."""
from __future__ import annotations

from datetime import date

from tests.helpers import csrf_token, sign_in
from tests.tutoring.conftest import at, move_clock


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def test_the_tutors_term_pages(app, term_world):
    w = term_world
    client = _client(app, w.tutor)
    page = client.get("/tutoring/term-statement").get_data(as_text=True)
    assert "2026-11" in page and "364.00" in page
    assert client.get(f"/tutoring/tutors/{w.tutor.id}/archive").status_code == 200
    assert client.get(f"/tutoring/tutors/{w.tutor2.id}/archive").status_code == 403
    assert client.get("/tutoring/settlement").status_code == 403
    assert client.get("/tutoring/tutor-points").status_code == 403
    assert client.get("/tutoring/term-statement?term=999").status_code == 404
    stars = client.get("/tutoring/stars").get_data(as_text=True)
    assert w.tutor.name in stars and w.student.name in stars


def test_the_admins_settlement_and_month_sheet(app, api, term_world):
    w = term_world
    client = _client(app, w.city1)
    page = client.get("/tutoring/settlement").get_data(as_text=True)
    assert w.tutor.name in page and w.tutor2.name not in page and "364.00" in page
    sheet = client.get("/tutoring/settlement.xlsx")
    assert sheet.status_code == 200 and sheet.data[:2] == b"PK"
    month = client.get("/tutoring/tutor-points?month=2026-11").get_data(as_text=True)
    assert w.tutor.name in month and w.tutor2.name not in month
    assert client.get("/tutoring/tutor-points.xlsx?month=2026-11").data[:2] == b"PK"
    assert client.get("/tutoring/tutor-points?month=2026-13").status_code == 404
    assert client.get(f"/tutoring/tutors/{w.tutor.id}/term-statement").status_code == 200
    assert client.get(f"/tutoring/tutors/{w.tutor2.id}/term-statement").status_code == 403
    move_clock(api, at(date(2027, 1, 20), 10))
    client = _client(app, w.city1)
    page = client.get("/tutoring/settlement").get_data(as_text=True)
    r = client.post(f"/tutoring/terms/{w.term_id}/settle", data={"csrf_token": csrf_token(page)},
                    follow_redirects=True)
    assert r.status_code == 200 and 'id="settled"' in r.get_data(as_text=True)
    school = _client(app, w.school)
    page = school.get("/tutoring/settlement").get_data(as_text=True)
    assert school.post(f"/tutoring/terms/{w.term_id}/settle", data={"csrf_token": csrf_token(page)}).status_code == 403


def test_a_student_sees_the_stars_not_the_settlement(app, term_world):
    client = _client(app, term_world.student)
    assert client.get("/tutoring/stars").status_code == 200
    assert client.get("/tutoring/settlement").status_code == 403
