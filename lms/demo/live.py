"""Demo step: live research (lms.live) — the term around today, a past lecture with its attendance, a coming
lecture and a one-to-one hour booked by the showcase learner, all hosted by the showcase class's tutor."""
from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from lms.core import clock
from lms.live import rules
from lms.live.models import LiveBooking, LivePresence, LiveSession, LiveTerm


def _term(today: date) -> tuple[str, date, date]:
    if today.month >= 8 or today.month == 1:
        year = today.year if today.month >= 8 else today.year - 1
        return f"{year}年秋季学期", date(year, 8, 25), date(year + 1, 1, 20)
    return f"{today.year}年春季学期", date(today.year, 2, 15), date(today.year, 7, 10)


DEMO_REACH = timedelta(days=14)


def _demo_term(today: date) -> tuple[str, date, date]:
    """The term around today, stretched over today ± two weeks when the demo is loaded in a holiday: its
    coming sessions (live and students' tutoring run in term time only) stay bookable on any day."""
    name, first, last = _term(today)
    return name, min(first, today - DEMO_REACH), max(last, today + DEMO_REACH)


def _next_weekday(today: date, weekday: int, weeks: int = 0) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7, weeks=weeks)


def live_step(session, ctx) -> None:
    from lms.demo.loader import _busiest_tutor, _showcase_learner

    tz = clock.local_tz()
    now = clock.now()
    name, first, last = _demo_term(ctx.today)
    session.add(LiveTerm(name=name, starts_on=first, ends_on=last))
    tutor, learner = _busiest_tutor(session, ctx), _showcase_learner(session, ctx)

    def add(form, title, day, start, minutes, capacity):
        starts = datetime.combine(day, start, tz)
        live = LiveSession(form=form, title=title, description="", host_id=tutor.id, org_unit_id=tutor.org_unit_id,
                           created_by_id=tutor.id, co_reviewer_ids=[], starts_at=starts,
                           ends_at=starts + timedelta(minutes=minutes), capacity=capacity, status="scheduled",
                           meeting_key=f"lms-live-{secrets.token_hex(12)}", host_secret=secrets.token_urlsafe(16),
                           guest_secret=secrets.token_urlsafe(16), created_at=now)
        live.bookings.append(LiveBooking(user_id=learner.id, status="booked", booked_at=now))
        session.add(live)
        return live

    past = add(rules.LECTURE, "名师直播讲堂：课堂提问的设计", ctx.today - timedelta(days=ctx.today.weekday() + 2),
               time(9), 90, 200)
    session.flush()
    start = past.starts_at.timestamp()
    session.add(LivePresence(session_id=past.id, user_id=learner.id, page_key="demo", old_keys=[],
                             beat_at=past.starts_at + timedelta(minutes=75), visible=True, in_room=True,
                             intervals=[[start, start + 75 * 60]]))
    add(rules.LECTURE, "名师直播讲堂：大单元教学设计", _next_weekday(ctx.today, 5), time(9), 90, 200)
    add(rules.ONE_TO_ONE, "一对一实时研修：作业设计答疑", _next_weekday(ctx.today, 2), time(19), 30, 1)
    session.flush()
