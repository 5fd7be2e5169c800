"""The live research routes' rows of the permission table (tests/web/test_permission_table.py), kept with the
domain like tests/credits/permission_rows.py. Wired in three lines:

    SCOPED |= LIVE_SCOPED                         # after SCOPED
    live_extras(db.session, ids, users)           # in ``world``
    TABLE += live_rows(row, ...)                  # after TABLE

The in session: hosted by the world's tutor, managed from the teacher's school (so every admin of the chain
covers it), running now, booked by the teacher. The out session: hosted by a tutor of another city's school,
running now, not booked. A term around the pinned clock and a marked day.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from lms.certificates.live_terms import code_of
from lms.core import clock
from lms.live.models import LiveBooking, LiveCalendarDay, LiveSession, LiveTerm
from lms.org.models import OrgUnit, RoleAssignment, User

LIVE_SCOPED = {"live_id"}
MARKED_DAY = "2026-12-31"


def live_extras(session, ids: dict, users: dict) -> None:
    now = clock.now()
    tutor = session.scalar(select(User).where(User.username == users["tutor"]))
    teacher = session.scalar(select(User).where(User.username == users["teacher"]))
    out_school = session.get(OrgUnit, ids["unit_id"]["out"])
    other_tutor = session.scalar(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
                                 .where(RoleAssignment.role == "tutor", User.id != tutor.id).order_by(User.id))
    ids["live_id"] = {}
    for k, host, unit in (("in", tutor, teacher.org_unit_id), ("out", other_tutor or tutor, out_school.id)):
        live = LiveSession(form="lecture", title="直播讲堂", description="", host_id=host.id, org_unit_id=unit,
                           created_by_id=host.id, co_reviewer_ids=[], starts_at=now - timedelta(minutes=10),
                           ends_at=now + timedelta(minutes=80), capacity=200, status="scheduled",
                           meeting_key=f"perm-{k}", host_secret="h", guest_secret="g", created_at=now)
        session.add(live)
        session.flush()
        ids["live_id"][k] = live.id
    session.add(LiveBooking(session_id=ids["live_id"]["in"], user_id=teacher.id, status="booked", booked_at=now))
    term = LiveTerm(name="2026秋季学期", starts_on=date(2026, 9, 1), ends_on=date(2027, 1, 15))
    session.add_all([term, LiveCalendarDay(day=date.fromisoformat(MARKED_DAY), kind="holiday", name="元旦")])
    session.flush()
    ids["term_id"] = {"in": term.id, "out": term.id}
    ids["tutor_id"] = {"in": tutor.id, "out": tutor.id}
    code = code_of("service", term.id, tutor.id)  # genuine; the term runs, so the check says it is not borne out
    ids["live_code"] = {"in": code, "out": code}


def live_rows(row, *, SIGNED, ADMINS, T, TU, PA, ANY) -> list:
    MANAGERS = TU | ADMINS  # the host and the admins whose area holds the session
    INSIDE = T | TU  # the room: the learner who booked and the host
    NOT_BOOKED = SIGNED - T  # no booking to cancel: 404
    day = {"day": MARKED_DAY}
    new = {"form": "lecture", "title": "直播", "starts_at": "2026-11-23T18:00:00+08:00",
           "ends_at": "2026-11-23T19:00:00+08:00"}
    return [
        # pages
        row("GET /live/", SIGNED), row("POST /live/sessions", MANAGERS),
        row("GET /live/sessions/<int:live_id>", SIGNED, out=SIGNED),
        row("POST /live/sessions/<int:live_id>/book", T, out=T),
        row("POST /live/sessions/<int:live_id>/unbook", T, nf=NOT_BOOKED),
        row("POST /live/sessions/<int:live_id>/cancel", MANAGERS),
        row("POST /live/sessions/<int:live_id>/feedback", T, out=T),
        row("POST /live/sessions/<int:live_id>/end", MANAGERS),
        row("GET /live/sessions/<int:live_id>/room", INSIDE),
        row("GET /live/calendar", SIGNED), row("POST /live/calendar/days", PA), row("POST /live/calendar/terms", PA),
        row("POST /live/calendar/days/<day>/delete", PA, ids=day),
        row("POST /live/calendar/terms/<int:term_id>/delete", PA),
        # API
        row("GET /api/v1/live/sessions", SIGNED), row("GET /api/v1/live/me/bookings", SIGNED),
        row("POST /api/v1/live/sessions", MANAGERS, body=new, lenient=True),
        row("GET /api/v1/live/sessions/<int:live_id>", SIGNED, out=SIGNED),
        row("POST /api/v1/live/sessions/<int:live_id>/cancel", MANAGERS, lenient=True),
        row("POST /api/v1/live/sessions/<int:live_id>/booking", T, out=T, lenient=True),
        row("DELETE /api/v1/live/sessions/<int:live_id>/booking", T, nf=NOT_BOOKED, lenient=True),
        row("POST /api/v1/live/sessions/<int:live_id>/feedback", T, out=T, lenient=True,
            body={"rating": 5, "satisfaction": "satisfied", "reflection": "收获" * 100}),
        row("GET /api/v1/live/sessions/<int:live_id>/bookings", MANAGERS),
        row("POST /api/v1/live/sessions/<int:live_id>/end", MANAGERS),
        row("GET /api/v1/live/sessions/<int:live_id>/recordings", INSIDE | ADMINS),
        row("POST /api/v1/live/sessions/<int:live_id>/join", INSIDE),
        row("POST /api/v1/live/sessions/<int:live_id>/heartbeat", INSIDE, body={"page_key": "permission-page-1"}),
        row("GET /api/v1/live/sessions/<int:live_id>/attendance", MANAGERS),
        row("GET /api/v1/live/calendar", SIGNED),
        row("PUT /api/v1/live/calendar/days", PA, body={"day": "2027-01-01", "kind": "holiday", "name": "元旦"}),
        row("DELETE /api/v1/live/calendar/days/<day>", PA, ids=day),
        row("POST /api/v1/live/calendar/terms", PA,
            body={"name": "2027春季学期", "starts_on": "2027-02-20", "ends_on": "2027-07-05"}),
        row("DELETE /api/v1/live/calendar/terms/<int:term_id>", PA),
        # points and payment (pages): a statement is the tutor's and its admins' (the world's tutor is the
        # province's); the settlement is every admin's (its own area); the term runs, so settling and the
        # certificates answer their refusal (lenient)
        row("GET /live/statement", TU), row("GET /live/tutors/<int:tutor_id>/statement", TU | PA),
        row("GET /live/settlement", ADMINS), row("GET /live/settlement.xlsx", ADMINS),
        row("POST /live/terms/<int:term_id>/settle", PA), row("GET /live/stars", SIGNED),
        row("POST /live/sessions/<int:live_id>/report", TU, lenient=True, body={"body": "报告" * 120}),
        row("GET /live/terms/<int:term_id>/certificates/<kind>.pdf", SIGNED, lenient=True, ids={"kind": "service"}),
        row("GET /live/certificates/<code>", ANY, ids={"code": "@live_code"}),
        # points and payment (API)
        row("GET /api/v1/live/me/statement", TU),
        row("GET /api/v1/live/tutors/<int:tutor_id>/statement", TU | PA),
        row("GET /api/v1/live/terms/<int:term_id>/settlement", ADMINS),
        row("GET /api/v1/live/terms/<int:term_id>/settlement.xlsx", ADMINS),
        row("POST /api/v1/live/terms/<int:term_id>/settlement", PA, lenient=True),
        row("GET /api/v1/live/terms/<int:term_id>/stars", SIGNED),
        row("POST /api/v1/live/sessions/<int:live_id>/report", TU, lenient=True, body={"body": "报告" * 120}),
        row("GET /api/v1/live/sessions/<int:live_id>/report", nf=T | TU | ADMINS),  # no report yet
    ]
