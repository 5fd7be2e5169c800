"""Tutors' points for a term: each tutor's running statement, the term's settlement (locked once confirmed by the
province's admins), the review reports, and the term's star tutors and learners (docs/LIVE.md "Points and
payment"). The arithmetic is lms.live.points; this module gathers its inputs.

Services take the acting user, check its policy and never commit (the pipeline does).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from lms.core import audit, clock, scope
from lms.core.errors import Conflict, InvalidInput
from lms.live import points, policies, queries, rules
from lms.live.models import (LiveBooking, LiveFeedback, LivePresence, LiveReviewReport, LiveSession, LiveSettlement,
                             LiveSettlementRow, LiveTerm, SettledFigures)
from lms.org.models import OrgUnit, User


@dataclass(frozen=True)
class Line:
    """One tutor's points for one session."""
    tutor_id: int
    live: LiveSession
    minutes: int  # the tutor's counted minutes
    points: points.SessionPoints


@dataclass(frozen=True)
class LearnerLine:
    user_id: int
    live: LiveSession
    minutes: int
    feedback_on_time: bool
    study_hours: int = 0  # recorded 学时 (rules.session_hours; 0 without the feedback in time)


def place_of(user: User) -> points.Place:
    return points.Place(user.org_unit.school_id, user.org_unit.county_id)


def term_window(term: LiveTerm, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The term's days as aware instants: [its first day 00:00, the day after its last 00:00)."""
    return (datetime.combine(term.starts_on, datetime.min.time(), tz),
            datetime.combine(term.ends_on + timedelta(days=1), datetime.min.time(), tz))


def term_sessions(session, term: LiveTerm, now: datetime, *, tutor_id: int | None = None) -> list[LiveSession]:
    """The term's sessions that took place (not cancelled, ended by ``now``); with ``tutor_id``, its own ones."""
    opens, closes = term_window(term, clock.local_tz())
    query = (select(LiveSession).options(selectinload(LiveSession.bookings).selectinload(LiveBooking.user))
             .where(LiveSession.status != "cancelled", LiveSession.starts_at >= opens, LiveSession.starts_at < closes,
                    LiveSession.ends_at <= now).order_by(LiveSession.starts_at, LiveSession.id))
    if tutor_id is not None:
        query = query.where(or_(LiveSession.host_id == tutor_id, LiveSession.form == rules.REVIEW))
    rows = list(session.scalars(query))
    if tutor_id is not None:
        rows = [s for s in rows if s.host_id == tutor_id or tutor_id in (s.co_reviewer_ids or [])]
    return rows


class _Counter:
    """Counted minutes with the term's calendar read once (rules.count_attendance)."""

    def __init__(self, session, term: LiveTerm) -> None:
        self.tz = clock.local_tz()
        self.calendar = queries.calendar_marks(session, term.starts_on, term.ends_on + timedelta(days=1))
        self.terms = queries.term_spans(session)

    def minutes(self, live: LiveSession, intervals) -> int:
        return rules.count_attendance(intervals or [], live.form, live.starts_at, live.ends_at, calendar=self.calendar,
                                      tz=self.tz, terms=self.terms).counted_minutes


def _gather(session, lives: list[LiveSession]):
    ids = [s.id for s in lives] or [0]
    presence = {(p.session_id, p.user_id): p.intervals
                for p in session.scalars(select(LivePresence).where(LivePresence.session_id.in_(ids)))}
    feedback = {(f.session_id, f.user_id): f
                for f in session.scalars(select(LiveFeedback).where(LiveFeedback.session_id.in_(ids)))}
    reported = set(session.scalars(select(LiveReviewReport.session_id).where(LiveReviewReport.session_id.in_(ids))))
    return presence, feedback, reported


def _learners(live: LiveSession) -> list[User]:
    return [b.user for b in live.bookings if b.status == "booked" and not policies.is_organiser(b.user, live)]


def tutor_lines(session, term: LiveTerm, now: datetime, *, tutor_id: int | None = None) -> list[Line]:
    """Every tutor's points for each session of the term (or one tutor's)."""
    lives = term_sessions(session, term, now, tutor_id=tutor_id)
    presence, feedback, reported = _gather(session, lives)
    counter = _Counter(session, term)
    lines = []
    for live in lives:
        learners = []
        for user in _learners(live):
            given = feedback.get((live.id, user.id))
            learners.append(points.Learner(place_of(user), counter.minutes(live, presence.get((live.id, user.id))),
                                           given.rating if given else None, given.satisfaction if given else None))
        if live.form == rules.REVIEW:
            reviewers = [u for u in (live.host, *(session.get(User, i) for i in live.co_reviewer_ids or []))
                         if u is not None]
            minutes = {u.id: counter.minutes(live, presence.get((live.id, u.id))) for u in reviewers}
            shares = points.review_points([points.Reviewer(u.id, place_of(u), minutes[u.id]) for u in reviewers],
                                          learners, live.id in reported)
            lines += [Line(uid, live, minutes[uid], p) for uid, p in shares.items() if tutor_id in (None, uid)]
        else:
            minutes = counter.minutes(live, presence.get((live.id, live.host_id)))
            lines.append(Line(live.host_id, live, minutes,
                              points.session_points(live.form, place_of(live.host), minutes, learners)))
    return lines


def learner_lines(session, term: LiveTerm, now: datetime) -> list[LearnerLine]:
    """Each learner's counted minutes in each session of the term, and whether its feedback came in time."""
    lives = term_sessions(session, term, now)
    presence, feedback, reported = _gather(session, lives)
    counter = _Counter(session, term)
    rows = []
    for live in lives:
        for user in _learners(live):
            minutes = counter.minutes(live, presence.get((live.id, user.id)))
            if minutes <= 0:
                continue
            given = feedback.get((live.id, user.id))
            state = rules.feedback_state(live.ends_at, given.created_at if given else None, now)
            hours = rules.recorded_hours(rules.session_hours(live.form, minutes, live.id in reported), state)
            rows.append(LearnerLine(user.id, live, minutes, state == rules.FEEDBACK_ON_TIME, hours))
    return rows


@dataclass(frozen=True)
class LearnerTermTotal:
    """A learner's credited live research in a term: the sessions it took part in (counted minutes above 0),
    their counted minutes and the 学时 recorded for them."""
    sessions: int
    counted_minutes: int
    study_hours: int


def learner_total(session, term: LiveTerm, user_id: int, now: datetime) -> LearnerTermTotal | None:
    """None when the user took part in no session of the term as a learner."""
    rows = [x for x in learner_lines(session, term, now) if x.user_id == user_id]
    if not rows:
        return None
    return LearnerTermTotal(len(rows), sum(x.minutes for x in rows), sum(x.study_hours for x in rows))


# --- the statement ----------------------------------------------------------------------------------------------

def _money(value: Decimal) -> float:
    return float(value)


def line_dict(line: Line) -> dict:
    p, live = line.points, line.live
    return {"session": {"id": live.id, "form": live.form, "title": live.title, "starts_at": live.starts_at.isoformat(),
                        "host_id": live.host_id},
            "minutes": line.minutes, "duration": _money(p.duration), "performance": _money(p.performance),
            "audience": _money(p.audience), "discussion": _money(p.discussion), "report": _money(p.report),
            "total": _money(p.total), "score": None if p.score is None else round(float(p.score), 2),
            "completed_learners": p.completed_learners, "excluded_learners": p.excluded, "notes": list(p.notes)}


def _settled_row(session, term: LiveTerm, tutor_id: int) -> LiveSettlementRow | None:
    return session.scalar(select(LiveSettlementRow).join(LiveSettlement)
                          .where(LiveSettlement.term_id == term.id, LiveSettlementRow.tutor_id == tutor_id))


def statement(session, actor, tutor: User, term: LiveTerm) -> dict:
    """A tutor's running statement for a term: each session's points by part, the total, the fee; once the term is
    settled, the settled figures beside (they no longer move)."""
    policies.READ_STATEMENT.enforce(actor, tutor)
    lines = tutor_lines(session, term, clock.now(), tutor_id=tutor.id)
    total = sum((x.points.total for x in lines), Decimal(0))
    settled = _settled_row(session, term, tutor.id)
    settlement = session.scalar(select(LiveSettlement).where(LiveSettlement.term_id == term.id))
    return {"tutor": {"id": tutor.id, "name": tutor.name, "title_grade": tutor.title_grade},
            "term": term.to_dict(), "sessions": [line_dict(x) for x in lines], "points": _money(total),
            "coefficient": _money(points.coefficient(tutor.title_grade)),
            "amount": _money(points.fee(total, tutor.title_grade)),
            "settled": None if settlement is None else {
                "settled_at": settlement.settled_at.isoformat(),
                "points": settled.points_cents / 100 if settled else 0.0,
                "amount": settled.amount_fen / 100 if settled else 0.0}}


# --- the settlement ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TutorTotal:
    tutor: User
    sessions: int
    points: Decimal
    score: Decimal | None

    @property
    def coefficient(self) -> Decimal:
        return points.coefficient(self.tutor.title_grade)

    @property
    def amount(self) -> Decimal:
        return points.fee(self.points, self.tutor.title_grade)


def tutor_totals(session, term: LiveTerm, now: datetime) -> list[TutorTotal]:
    by_tutor: dict[int, list[Line]] = defaultdict(list)
    for line in tutor_lines(session, term, now):
        by_tutor[line.tutor_id].append(line)
    totals = []
    for tutor_id, lines in by_tutor.items():
        earned = [x for x in lines if x.points.total > 0]
        scores = [x.points.score for x in lines if x.points.score is not None]
        totals.append(TutorTotal(session.get(User, tutor_id), len(earned), sum((x.points.total for x in lines),
                                                                                 Decimal(0)),
                                 sum(scores, Decimal(0)) / len(scores) if scores else None))
    return sorted(totals, key=lambda t: (-t.points, t.tutor.name, t.tutor.id))


def _row_dict(*, tutor_id, name, unit, title_grade, sessions, points_, coefficient, amount) -> dict:
    return {"tutor": {"id": tutor_id, "name": name}, "unit": unit, "title_grade": title_grade, "sessions": sessions,
            "points": points_, "coefficient": coefficient, "amount": amount}


def settled_row_dict(r: SettledFigures) -> dict:
    """A stored settlement row (hundredths and fen) as the settlement's figures (live research's, tutoring's)."""
    return _row_dict(tutor_id=r.tutor_id, name=r.name, unit=r.unit_name, title_grade=r.title_grade,
                     sessions=r.sessions, points_=r.points_cents / 100, coefficient=r.coefficient_pct / 100,
                     amount=r.amount_fen / 100)


def settlement(session, actor, term: LiveTerm) -> dict:
    """The term's tutors of the caller's area (subtree scope): points, coefficient, fee. Settled: the stored rows;
    otherwise the running figures."""
    policies.READ_SETTLEMENT.enforce(actor)
    settled = session.scalar(select(LiveSettlement).where(LiveSettlement.term_id == term.id))
    if settled is not None:
        rows = [settled_row_dict(r) for r in settled.rows if scope.covers(actor, r.org_unit)]
    else:
        rows = [_row_dict(tutor_id=t.tutor.id, name=t.tutor.name, unit=t.tutor.org_unit.name,
                          title_grade=t.tutor.title_grade, sessions=t.sessions, points_=_money(t.points),
                          coefficient=_money(t.coefficient), amount=_money(t.amount))
                for t in tutor_totals(session, term, clock.now())
                if t.points > 0 and scope.covers(actor, t.tutor.org_unit)]
    return {"term": term.to_dict(), "settled": settled is not None,
            "settled_at": settled.settled_at.isoformat() if settled else None,
            "settled_by": {"id": settled.settled_by.id, "name": settled.settled_by.name} if settled else None,
            "rows": rows, "points": round(sum(r["points"] for r in rows), 2),
            "amount": round(sum(r["amount"] for r in rows), 2)}


def settle(session, actor, term: LiveTerm) -> LiveSettlement:
    """Lock the term's figures (据实结算, after the term): one row per tutor with points, as they stand now."""
    policies.SETTLE.enforce(actor)
    now = clock.now()
    if now.astimezone(clock.local_tz()).date() <= term.ends_on:
        raise Conflict("term_not_over", _("A term is settled once it is over (it ends on %(day)s).",
                                          day=term.ends_on.isoformat()))
    if session.scalar(select(LiveSettlement.id).where(LiveSettlement.term_id == term.id)) is not None:
        raise Conflict("already_settled", _("This term is settled already: its figures are locked."))
    done = LiveSettlement(term_id=term.id, settled_by_id=actor.id, settled_at=now)
    for t in tutor_totals(session, term, now):
        if t.points > 0:
            done.rows.append(LiveSettlementRow(
                tutor_id=t.tutor.id, org_unit_id=t.tutor.org_unit_id, name=t.tutor.name,
                unit_name=t.tutor.org_unit.name, title_grade=t.tutor.title_grade, sessions=t.sessions,
                points_cents=int(t.points * 100), coefficient_pct=int(t.coefficient * 100),
                amount_fen=int(t.amount * 100)))
    session.add(done)
    session.flush()
    audit.record(session, actor, "live_settlement.confirm", "live_settlement", done.id,
                 after={"term": term.name, "tutors": len(done.rows),
                        "amount": sum(r.amount_fen for r in done.rows) / 100})
    return done


def is_settled(session, term: LiveTerm) -> bool:
    return session.scalar(select(LiveSettlement.id).where(LiveSettlement.term_id == term.id)) is not None


# --- review reports ---------------------------------------------------------------------------------------------

MIN_REPORT_CHARS = 200


def record_report(session, actor, live: LiveSession, body: str) -> LiveReviewReport:
    """A reviewer records the review's report (检课报告) once the review has started; once per review."""
    policies.RECORD_REPORT.enforce(actor, live)
    if live.form != rules.REVIEW:
        raise Conflict("not_a_review", _("Only an open lesson review has a review report."))
    if live.status == "cancelled" or live.starts_at > clock.now():
        raise Conflict("not_started", _("The report follows the review: record it once the review has started."))
    if session.scalar(select(LiveReviewReport.id).where(LiveReviewReport.session_id == live.id)) is not None:
        raise Conflict("report_recorded", _("This review's report is recorded already."))
    if rules.reflection_length(body) < MIN_REPORT_CHARS:
        raise InvalidInput(_("Please correct the marked fields."),
                           {"body": _("Write at least %(n)d characters (%(have)d so far).", n=MIN_REPORT_CHARS,
                                      have=rules.reflection_length(body))})
    report = LiveReviewReport(session_id=live.id, author_id=actor.id, body=body.strip(), created_at=clock.now())
    session.add(report)
    session.flush()
    audit.record(session, actor, "live_review.report", "live_session", live.id, org_unit_id=live.org_unit_id)
    return report


def report_of(session, live: LiveSession) -> LiveReviewReport | None:
    return session.scalar(select(LiveReviewReport).where(LiveReviewReport.session_id == live.id))


def review_hours(session, live: LiveSession, now: datetime | None = None) -> list[dict]:
    """The 学时 an open lesson review credits each participant (000 L33; rules.review_hours): the reviewers and
    the learners who booked it, with their counted minutes of the discussion, its 学时 and the report's; a
    learner's are recorded only with its feedback in time (L35: ``recorded`` False while pending or when late)."""
    now = now or clock.now()
    tz = clock.local_tz()
    first, last = live.starts_at.astimezone(tz).date(), (live.ends_at + timedelta(hours=2)).astimezone(tz).date()
    calendar, terms = queries.calendar_marks(session, first, last), queries.term_spans(session)
    presence, feedback, reported = _gather(session, [live])
    reviewers = [u for u in (live.host, *(session.get(User, i) for i in live.co_reviewer_ids or [])) if u is not None]
    rows = []
    for user, reviewer in [(u, True) for u in reviewers] + [(u, False) for u in _learners(live)]:
        minutes = rules.count_attendance(presence.get((live.id, user.id)) or [], live.form, live.starts_at,
                                         live.ends_at, calendar=calendar, tz=tz, terms=terms).counted_minutes
        discussion, report = rules.review_hours(minutes, live.id in reported)
        state = None
        if not reviewer:
            given = feedback.get((live.id, user.id))
            state = rules.feedback_state(live.ends_at, given.created_at if given else None, now)
        rows.append({"user": {"id": user.id, "name": user.name}, "role": "reviewer" if reviewer else "learner",
                     "counted_minutes": minutes, "discussion_hours": discussion, "report_hours": report,
                     "study_hours": discussion + report if reviewer
                     else rules.recorded_hours(discussion + report, state),
                     "feedback": state})
    return rows


# --- stars ------------------------------------------------------------------------------------------------------

def stars(session, term: LiveTerm) -> dict:
    """The term's star tutors and star learners (points.star_tutors, points.star_learners): published to all."""
    now = clock.now()
    totals = {t.tutor.id: t for t in tutor_totals(session, term, now)}
    tutors = points.star_tutors(points.TutorTerm(t.tutor.id, t.points, t.sessions, t.score) for t in totals.values())
    per_learner: dict[int, list[LearnerLine]] = defaultdict(list)
    for line in learner_lines(session, term, now):
        per_learner[line.user_id].append(line)
    learners = points.star_learners(points.LearnerTerm(uid, sum(x.minutes for x in rows), len(rows),
                                                       sum(1 for x in rows if x.feedback_on_time))
                                    for uid, rows in per_learner.items())
    people = {u.id: u for u in session.scalars(select(User).join(OrgUnit).where(
        User.id.in_([t.user_id for t in tutors] + [x.user_id for x in learners] or [0])))}
    return {"term": term.to_dict(),
            "tutors": [{"user": {"id": t.user_id, "name": people[t.user_id].name},
                        "unit": people[t.user_id].org_unit.name, "points": _money(t.points),
                        "sessions": t.sessions, "score": round(float(t.score), 2)} for t in tutors],
            "learners": [{"user": {"id": x.user_id, "name": people[x.user_id].name},
                          "unit": people[x.user_id].org_unit.name, "counted_minutes": x.counted_minutes,
                          "sessions": x.sessions} for x in learners]}
