"""Live research's semester e-certificates (lms.certificates.live_terms): a tutor's term of service, star tutors
and star learners, once the term is over, checked by anyone with the code."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lms.certificates.live_terms import code_of, read_code
from lms.core import clock
from lms.extensions import db
from lms.live.models import LiveTerm
from tests.helpers import sign_in
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
