"""The demo's training outcomes: two in the province showcase, the printed school's teachers' outcomes in each
state, a group note; the printed accounts see them on their pages."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.demo.loader import load_demo
from lms.extensions import db
from lms.notices.models import Notice
from lms.outcomes.models import Outcome, OutcomeNote
from tests.web.test_demo import _sign_in


def test_the_demo_has_outcomes_a_showcase_and_a_group_space(app):
    with app.app_context():
        accounts = {role: username for role, username, _where in load_demo(db.session)}
        db.session.commit()
        states = dict(db.session.execute(select(Outcome.state, func.count()).group_by(Outcome.state)).all())
        assert states == {"showcased": 2, "accepted": 1, "returned": 1, "submitted": 1}
        assert db.session.scalar(select(func.count()).select_from(OutcomeNote)) == 1
        shown = db.session.scalars(select(Outcome.title).where(Outcome.state == "showcased")).all()
        noted = db.session.get(Outcome, db.session.scalar(select(OutcomeNote.outcome_id)))
        group_path = f"/schools/{noted.school_id}/group?subject={noted.subject}"
        # Their learners were told: two taken in and one returned, two showcased.
        told = dict(db.session.execute(select(Notice.kind, func.count()).where(
            Notice.kind.in_(("outcome_reviewed", "outcome_showcased"))).group_by(Notice.kind)).all())
        assert told == {"outcome_reviewed": 3, "outcome_showcased": 2}, told
    for role in ("teacher", "expert", "province_admin"):
        client, _r = _sign_in(app, accounts[role])
        page = client.get("/showcase").get_data(as_text=True)
        assert all(title in page for title in shown), role
    client, _r = _sign_in(app, accounts["school_admin"])
    listing = client.get("/outcomes").get_data(as_text=True)
    assert "单元整体教学课件" in listing and "课堂提问的实践反思" in listing
    assert client.get("/group").headers["Location"].startswith(f"/schools/{noted.school_id}/group")
    group = client.get(group_path).get_data(as_text=True)
    assert "下周三集体备课时" in group
