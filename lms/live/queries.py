"""Read side of live sessions: loaders for the pipeline and the lists of each role."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from lms.core import scope
from lms.core.errors import NotFound, get_or_404
from lms.live.models import LiveBooking, LiveCalendarDay, LiveFeedback, LivePresence, LiveSession, LiveTerm
from lms.org.models import OrgUnit, User


def session_for(session, actor, session_id: int) -> LiveSession:
    """Sessions are open to every signed-in teacher of the province (an open research platform)."""
    return get_or_404(session, LiveSession, session_id, _("No such live session."))


def term_for(session, actor, term_id: int) -> LiveTerm:
    return get_or_404(session, LiveTerm, term_id, _("No such term."))


def parse_day(text: str) -> date:
    """A day in a URL (YYYY-MM-DD); anything else is no marked day."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise NotFound(_("That day is not marked.")) from None


def upcoming(session, now: datetime, *, form: str | None = None, limit: int = 100) -> list[LiveSession]:
    query = (select(LiveSession).where(LiveSession.status == "scheduled", LiveSession.ends_at > now)
             .order_by(LiveSession.starts_at, LiveSession.id).limit(limit))
    if form:
        query = query.where(LiveSession.form == form)
    return list(session.scalars(query))


def hosted(session, actor, *, limit: int = 200) -> list[LiveSession]:
    """The caller's own sessions (host or co-reviewer), newest first."""
    rows = session.scalars(select(LiveSession).where(or_(LiveSession.host_id == actor.id, LiveSession.form == "review"))
                           .order_by(LiveSession.starts_at.desc()))
    return [s for s in rows if s.host_id == actor.id or actor.id in (s.co_reviewer_ids or [])][:limit]


def in_area(session, actor, *, limit: int = 200) -> list[LiveSession]:
    """An admin's area: sessions hosted by the tutors of its subtree."""
    units = scope.admin_units(actor)
    if not units:
        return []
    query = (select(LiveSession).join(OrgUnit, LiveSession.org_unit_id == OrgUnit.id)
             .where(or_(*(scope.subtree_filter(OrgUnit, u) for u in units)))
             .order_by(LiveSession.starts_at.desc()).limit(limit))
    return list(session.scalars(query))


def sessions_page(session, actor, scope_name: str, now: datetime, *, form: str | None, page: int,
                  per_page: int) -> tuple[list[LiveSession], int]:
    """The API's list: ``upcoming`` (scheduled, not over), ``hosted`` (the caller's own) or ``area`` (an admin's)."""
    if scope_name == "hosted":
        rows = [s for s in hosted(session, actor, limit=100_000) if form in (None, s.form)]
        return rows[(page - 1) * per_page:page * per_page], len(rows)
    if scope_name == "area":
        units = scope.admin_units(actor)
        if not units:
            return [], 0
        query = (select(LiveSession).join(OrgUnit, LiveSession.org_unit_id == OrgUnit.id)
                 .where(or_(*(scope.subtree_filter(OrgUnit, u) for u in units))))
        order = LiveSession.starts_at.desc()
    else:
        query = select(LiveSession).where(LiveSession.status == "scheduled", LiveSession.ends_at > now)
        order = LiveSession.starts_at
    if form:
        query = query.where(LiveSession.form == form)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(order, LiveSession.id).offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def my_bookings(session, actor) -> list[LiveBooking]:
    return list(session.scalars(select(LiveBooking).join(LiveSession)
                                .where(LiveBooking.user_id == actor.id)
                                .order_by(LiveSession.starts_at.desc())))


def booking_of(live: LiveSession, user_id: int) -> LiveBooking | None:
    return next((b for b in live.bookings if b.user_id == user_id), None)


def calendar_marks(session, first, last) -> dict:
    rows = session.scalars(select(LiveCalendarDay).where(LiveCalendarDay.day >= first - timedelta(days=1),
                                                         LiveCalendarDay.day <= last + timedelta(days=1)))
    return {r.day: r.kind for r in rows}


def calendar_days(session) -> list[LiveCalendarDay]:
    return list(session.scalars(select(LiveCalendarDay).order_by(LiveCalendarDay.day)))


def terms(session) -> list[LiveTerm]:
    return list(session.scalars(select(LiveTerm).order_by(LiveTerm.starts_on)))


def term_spans(session) -> list[tuple]:
    return [(t.starts_on, t.ends_on) for t in terms(session)]


def tutor_for(session, actor, tutor_id: int) -> User:
    """A tutor whose statement is asked for (policies.READ_STATEMENT decides who may read it)."""
    user = session.get(User, tutor_id)
    if user is None or not user.has_role("tutor"):
        raise NotFound(_("No such tutor."))
    return user


def term_on(session, today: date) -> LiveTerm | None:
    """The term running on ``today``, else the latest one that has started, else the first one."""
    rows = terms(session)
    running = [t for t in rows if t.starts_on <= today <= t.ends_on]
    started = [t for t in rows if t.starts_on <= today]
    return (running or started[-1:] or rows[:1] or [None])[0]


def chosen_term(session, term_id: int | None, today: date) -> LiveTerm | None:
    """A page's ``?term=``: that term, or the one ``term_on`` picks."""
    if term_id is not None:
        return term_for(session, None, term_id)
    return term_on(session, today)


def feedback_owed_between(session, ended_after: datetime, ended_until: datetime) -> list[tuple[LiveSession, int]]:
    """The (session, learner) pairs of sessions not cancelled that ended in (``ended_after``, ``ended_until``]
    whose learner booked, was present and has not given its feedback (the notices' reminder): the pairs
    lms.live.services.owed_feedback blocks booking on, for every learner at once."""
    rows = session.execute(
        select(LiveSession, LiveBooking.user_id)
        .join(LiveBooking, LiveBooking.session_id == LiveSession.id)
        .join(LivePresence, (LivePresence.session_id == LiveSession.id) & (LivePresence.user_id == LiveBooking.user_id))
        .outerjoin(LiveFeedback, (LiveFeedback.session_id == LiveSession.id)
                   & (LiveFeedback.user_id == LiveBooking.user_id))
        .where(LiveBooking.status == "booked", LiveSession.status != "cancelled", LiveFeedback.id.is_(None),
               LiveSession.ends_at > ended_after, LiveSession.ends_at <= ended_until,
               LiveBooking.user_id != LiveSession.host_id)
        .order_by(LiveSession.id, LiveBooking.user_id)).all()
    return [(live, user_id) for live, user_id in rows]
