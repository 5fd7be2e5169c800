"""Live research on the home page: a host's coming sessions, a learner's booked ones and the feedback it owes."""
from __future__ import annotations

from sqlalchemy import or_, select

from lms.core import clock
from lms.extensions import db
from lms.live import services
from lms.live.models import LiveBooking, LiveSession

SHOWN = 5


def _coming_hosted(session, user, now) -> list[LiveSession]:
    rows = session.scalars(select(LiveSession)
                           .where(LiveSession.status == "scheduled", LiveSession.ends_at > now,
                                  or_(LiveSession.host_id == user.id, LiveSession.form == "review"))
                           .order_by(LiveSession.starts_at, LiveSession.id))
    return [s for s in rows if s.host_id == user.id or user.id in (s.co_reviewer_ids or [])][:SHOWN]


def _coming_booked(session, user, now) -> list[LiveSession]:
    return list(session.scalars(select(LiveSession).join(LiveBooking)
                                .where(LiveBooking.user_id == user.id, LiveBooking.status == "booked",
                                       LiveSession.status == "scheduled", LiveSession.ends_at > now)
                                .order_by(LiveSession.starts_at, LiveSession.id).limit(SHOWN)))


def section(user):
    """Shown only to whom it has something to say: sessions to host or attend, or feedback owed."""
    now = clock.now()
    hosting = _coming_hosted(db.session, user, now) if user.has_role("tutor") else []
    booked = _coming_booked(db.session, user, now)
    owed = [db.session.get(LiveSession, i) for i in services.owed_feedback(db.session, user, now)]
    if not (hosting or booked or owed):
        return None
    return {"template": "live/_home.html", "hosting": hosting, "booked": booked, "owed": owed}
