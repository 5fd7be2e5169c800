"""Live research's semester e-certificates (lms.certificates.live_terms): a tutor's term of service, star tutors
and star learners, once the term is over, checked by anyone with the code."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lms.certificates.live_terms import code_of, read_code
from lms.core import clock
from lms.extensions import db
from lms.live.models import LiveTerm
from tests.helpers import csrf_token, sign_in
from tests.live.conftest import at


def _term_id(api, user):
    return api.get("/live/calendar", user).get_json()["terms"][0]["id"]


def test_certificates_once_the_term_is_over(client, api, app, term_world):
    w = term_world
    term_id = _term_id(api, w.tutor)
    sign_in(client, w.tutor)
    path = f"/live/terms/{term_id}/certificates"
    assert client.get(f"{path}/service.pdf").status_code == 409  # the term runs
    assert "service-certificate" not in client.get("/live/statement").get_data(as_text=True)
    clock.start_at(at(date(2027, 1, 16), 9))
    for kind in ("service", "star_tutor"):
        r = client.get(f"{path}/{kind}.pdf")
        assert r.status_code == 200 and r.mimetype == "application/pdf" and r.data.startswith(b"%PDF"), kind
    assert client.get(f"{path}/star_learner.pdf").status_code == 404  # a tutor, not a star learner
    assert client.get(f"{path}/gold.pdf").status_code == 404
    assert "service-certificate" in client.get(f"/live/statement?term={term_id}").get_data(as_text=True)
    assert "star_tutor-certificate" in client.get(f"/live/stars?term={term_id}").get_data(as_text=True)


def test_a_certificate_code_is_checked_by_anyone(app, term_world):
    w = term_world
    clock.start_at(at(date(2027, 1, 16), 9))
    anonymous = app.test_client()
    with app.test_request_context():
        term_id = db.session.scalar(select(LiveTerm.id))
        good = code_of("star_learner", term_id, w.learner2.id)
        not_star = code_of("star_tutor", term_id, w.tutor2.id)
        assert read_code(good) == ("star_learner", term_id, w.learner2.id)
        assert read_code(good[:-1] + ("0" if good[-1] != "0" else "1")) is None
        assert read_code("nonsense") is None and read_code("X1-2-ABC") is None
    page = anonymous.get(f"/live/certificates/{good}")
    assert page.status_code == 200 and "周老师" in page.get_data(as_text=True)
    # A genuine code whose ground is gone (赵导师 is no star) says so.
    assert 'data-testid="no-longer-borne-out"' in anonymous.get(f"/live/certificates/{not_star}").get_data(as_text=True)
    assert anonymous.get(f"/live/certificates/{good[:-2]}ZZ").status_code == 404


def test_every_learner_with_credited_time_has_a_term_study_certificate(client, app, api, term_world):
    """000 L60: not only the stars — each learner who took part gets the term's certificate with its 学时."""
    w = term_world
    term_id = _term_id(api, w.learner)
    path = f"/live/terms/{term_id}/certificates/learner.pdf"
    sign_in(client, w.learner)
    assert client.get(path).status_code == 409  # the term runs
    clock.start_at(at(date(2027, 1, 16), 9))
    r = client.get(path)
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    page = client.get(f"/live/stars?term={term_id}").get_data(as_text=True)
    # 李老师: the lecture's 90 minutes (2 学时) and the one-to-one's 30 (none): 2 sessions, 120 minutes, 2 学时.
    assert 'id="learner-certificate"' in page and "120" in page
    with app.test_request_context():
        from lms.certificates import live_terms
        term = db.session.get(LiveTerm, term_id)
        found = live_terms.standing(db.session, live_terms.LEARNER, w.learner, term)
        assert (found.sessions, found.counted_minutes, found.study_hours) == (2, 120, 2)
        # 周老师: the lecture (2) and the review's discussion (1; no report recorded): 3 学时.
        assert live_terms.standing(db.session, live_terms.LEARNER, w.learner2, term).study_hours == 3
        assert live_terms.standing(db.session, live_terms.LEARNER, w.tutor3, term) is None
        assert live_terms.LEARNER in live_terms.available(db.session, w.learner, term)
        code = live_terms.code_of(live_terms.LEARNER, term_id, w.learner.id)
    check = app.test_client().get(f"/live/certificates/{code}").get_data(as_text=True)
    assert "李老师" in check and "no-longer-borne-out" not in check
    client.post("/logout", data={"csrf_token": csrf_token(page)})
    sign_in(client, w.tutor3)  # took part in nothing
    assert client.get(path).status_code == 404
    assert 'id="learner-certificate"' not in client.get(f"/live/stars?term={term_id}").get_data(as_text=True)
