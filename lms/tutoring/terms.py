"""Students' tutoring by term (lms.live's terms) and by month for an area: each tutor's figures, its term statement,
the term settlement (locked by the city's or the province's admins once the term is over), the admins' month
sheet, the tutor's archive and the term's stars (docs/TUTORING.md "Terms"). The arithmetic is term_rules; this
module gathers its inputs. ``settle`` takes the acting user, checks its policy and never commits.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core import audit, clock, scope
from lms.core.errors import Conflict
from lms.live import queries as live_queries
from lms.live import statements as live_statements
from lms.live.models import LiveTerm
from lms.org.models import User
from lms.square import queries as square_queries
from lms.tutoring import policies, queries, term_rules
from lms.tutoring.models import TutoringMisconduct, TutoringSession
from lms.tutoring.term_models import TutoringSettlement, TutoringSettlementRow


def window(term: LiveTerm) -> tuple[datetime, datetime]:
    return live_statements.term_window(term, clock.local_tz())


def _month_of(at: datetime) -> str:
    return at.astimezone(clock.local_tz()).strftime("%Y-%m")


def gather(session, opens: datetime, closes: datetime, *, tutor_id: int | None = None):
    """The span's sessions held (each tutor's), its square points, and each student's part in each session."""
    query = queries.held_between(session, opens=opens, closes=closes, now=clock.now())
    if tutor_id is not None:
        query = query.where(TutoringSession.tutor_id == tutor_id)
    held, attended = [], []
    for tutoring in session.scalars(query):
        count, points = queries.session_points(session, tutoring)
        tutored = [b for b in tutoring.booked if count.student_minutes.get(b.student_id, 0) > 0]
        held.append(term_rules.Held(tutoring.tutor_id, _month_of(tutoring.starts_at), Decimal(str(points.total)),
                                    count.tutored_minutes, frozenset(b.student_id for b in tutored),
                                    tuple(b.rating for b in tutored if b.rating is not None)))
        attended += [term_rules.Attended(b.student_id, count.student_minutes[b.student_id], b.score)
                     for b in tutored]
    earned = [term_rules.Earned(t, _month_of(at), kind, p)
              for t, at, kind, p in square_queries.earned_between(session, opens, closes, tutor_id=tutor_id)]
    return held, earned, attended


def figures(session, opens: datetime, closes: datetime, *,
            tutor_id: int | None = None) -> dict[int, term_rules.TutorFigures]:
    """Each tutor's figures over [opens, closes) (one tutor's with ``tutor_id``)."""
    held, earned, _attended = gather(session, opens, closes, tutor_id=tutor_id)
    return term_rules.add_up(held, earned)


def one(session, tutor_id: int, opens: datetime, closes: datetime) -> term_rules.TutorFigures:
    return figures(session, opens, closes, tutor_id=tutor_id).get(tutor_id) or term_rules.TutorFigures(tutor_id)


def _num(value) -> float:
    return float(value)


def _rating(value) -> float | None:
    return None if value is None else float(value)


def figures_dict(f: term_rules.TutorFigures) -> dict:
    return {"points": _num(f.points), "session_points": _num(f.session_points), "adoption_points": f.adoption_points,
            "lesson_points": f.lesson_points, "sessions": f.sessions, "minutes": f.minutes, "hours": _num(f.hours),
            "students": f.students, "mean_rating": _rating(f.mean_rating)}


def month_dict(m: term_rules.MonthLine) -> dict:
    return {"month": m.month, "points": _num(m.points), "session_points": _num(m.session_points),
            "adoption_points": m.adoption_points, "lesson_points": m.lesson_points, "sessions": m.sessions,
            "minutes": m.minutes}


def _settled_row(session, term: LiveTerm, tutor_id: int) -> TutoringSettlementRow | None:
    return session.scalar(select(TutoringSettlementRow).where(TutoringSettlementRow.term_id == term.id,
                                                              TutoringSettlementRow.tutor_id == tutor_id))


def _person(user: User) -> dict:
    return {"id": user.id, "name": user.name}


# --- a tutor's term --------------------------------------------------------------------------------------------

def statement(session, actor, tutor: User, term: LiveTerm) -> dict:
    """A tutor's semester statement: each month's points and the term's total with the fee; once settled, the
    settled figures beside (they no longer move)."""
    policies.READ_STATEMENT.enforce(actor, tutor)
    f = one(session, tutor.id, *window(term))
    settled = _settled_row(session, term, tutor.id)
    return {"tutor": {**_person(tutor), "title_grade": tutor.title_grade}, "term": term.to_dict(),
            "months": [month_dict(m) for m in f.months], **figures_dict(f),
            "coefficient": _num(term_rules.coefficient(tutor.title_grade)),
            "amount": _num(term_rules.fee(f.points, tutor.title_grade)),
            "settled": None if settled is None else {
                "settled_at": settled.settlement.settled_at.isoformat(), "points": settled.points_cents / 100,
                "amount": settled.amount_fen / 100}}


def archive(session, actor, tutor: User) -> dict:
    """The tutor's tutoring archive (在线辅导档案, 001 L45): each term begun so far — hours, points, sessions,
    students, mean rating, the fee and whether it is settled — newest first, and the totals."""
    policies.READ_STATEMENT.enforce(actor, tutor)
    today = clock.now().astimezone(clock.local_tz()).date()
    settled = {r.term_id: r for r in session.scalars(select(TutoringSettlementRow)
                                                     .where(TutoringSettlementRow.tutor_id == tutor.id))}
    rows = []
    for term in reversed([t for t in live_queries.terms(session) if t.starts_on <= today]):
        f = one(session, tutor.id, *window(term))
        row = settled.get(term.id)
        rows.append({"term": term.to_dict(), **figures_dict(f),
                     "amount": row.amount_fen / 100 if row else _num(term_rules.fee(f.points, tutor.title_grade)),
                     "settled": row is not None})
    return {"tutor": {**_person(tutor), "title_grade": tutor.title_grade, "unit": tutor.org_unit.name},
            "terms": rows, "minutes": sum(r["minutes"] for r in rows),
            "hours": round(sum(r["minutes"] for r in rows) / 60, 1),
            "points": round(sum(r["points"] for r in rows), 1), "sessions": sum(r["sessions"] for r in rows),
            "amount": round(sum(r["amount"] for r in rows), 2)}


# --- the settlement --------------------------------------------------------------------------------------------

def _running_row(tutor: User, f: term_rules.TutorFigures) -> dict:
    return {"tutor": _person(tutor), "unit": tutor.org_unit.name, "title_grade": tutor.title_grade,
            "sessions": f.sessions, "minutes": f.minutes, "points": _num(f.points),
            "coefficient": _num(term_rules.coefficient(tutor.title_grade)),
            "amount": _num(term_rules.fee(f.points, tutor.title_grade)), "settled": False}


def _settlements(session, term: LiveTerm) -> list[TutoringSettlement]:
    return list(session.scalars(select(TutoringSettlement).where(TutoringSettlement.term_id == term.id)
                                .order_by(TutoringSettlement.settled_at, TutoringSettlement.id)))


def settlement(session, actor, term: LiveTerm) -> dict:
    """The term's tutors of the caller's area with points: the settled rows as locked, the others' running figures.
    ``settled``: a settlement covering the caller's whole area is confirmed (its city's or the province's)."""
    policies.READ_AREA.enforce(actor)
    done = _settlements(session, term)
    locked = {r.tutor_id: r for s in done for r in s.rows}
    rows = [{**live_statements.settled_row_dict(r), "minutes": r.minutes, "settled": True}
            for r in locked.values() if scope.covers(actor, r.org_unit)]
    for tutor_id, f in figures(session, *window(term)).items():
        tutor = session.get(User, tutor_id)
        if tutor_id not in locked and f.points > 0 and scope.covers(actor, tutor.org_unit):
            rows.append(_running_row(tutor, f))
    rows.sort(key=lambda r: (-r["points"], r["tutor"]["name"], r["tutor"]["id"]))
    root = scope.highest_admin_unit(actor)
    covering = next((s for s in done if scope.is_within(root, s.area)), None)
    return {"term": term.to_dict(), "settled": covering is not None,
            "settled_at": covering.settled_at.isoformat() if covering else None,
            "settled_by": _person(covering.settled_by) if covering else None,
            "pending": sum(1 for r in rows if not r["settled"]), "rows": rows,
            "points": round(sum(r["points"] for r in rows), 2), "amount": round(sum(r["amount"] for r in rows), 2)}


def settle(session, actor, term: LiveTerm) -> TutoringSettlement:
    """Lock the term's figures of the tutors of the actor's city (or province) not settled yet (据实结算 in the
    next term, 001 L60): one row per tutor with points, as they stand now."""
    policies.SETTLE.enforce(actor)
    area = policies.settling_area(actor)
    now = clock.now()
    if now.astimezone(clock.local_tz()).date() <= term.ends_on:
        raise Conflict("term_not_over", _("A term is settled once it is over (it ends on %(day)s).",
                                          day=term.ends_on.isoformat()))
    done = _settlements(session, term)
    if any(scope.is_within(area, s.area) for s in done):
        raise Conflict("already_settled", _("This term is settled already for your area: its figures are locked."))
    taken = {r.tutor_id for s in done for r in s.rows}
    new = TutoringSettlement(term_id=term.id, org_unit_id=area.id, settled_by_id=actor.id, settled_at=now)
    for tutor_id, f in sorted(figures(session, *window(term)).items()):
        tutor = session.get(User, tutor_id)
        if tutor_id in taken or f.points <= 0 or not scope.is_within(tutor.org_unit, area):
            continue
        new.rows.append(TutoringSettlementRow(
            term_id=term.id, tutor_id=tutor.id, org_unit_id=tutor.org_unit_id, name=tutor.name,
            unit_name=tutor.org_unit.name, title_grade=tutor.title_grade, sessions=f.sessions, minutes=f.minutes,
            points_cents=int(f.points * 100), coefficient_pct=int(term_rules.coefficient(tutor.title_grade) * 100),
            amount_fen=int(term_rules.fee(f.points, tutor.title_grade) * 100)))
    session.add(new)
    session.flush()
    audit.record(session, actor, "tutoring_settlement.confirm", "tutoring_settlement", new.id, org_unit_id=area.id,
                 after={"term": term.name, "area": area.name, "tutors": len(new.rows),
                        "amount": sum(r.amount_fen for r in new.rows) / 100})
    return new


def term_settled(session, term: LiveTerm) -> bool:
    """Any tutoring settlement rests on the term (lms.live keeps such a term: the hook ``tutoring.term_settled``)."""
    return session.scalar(select(TutoringSettlement.id).where(TutoringSettlement.term_id == term.id)) is not None


# --- the admins' month sheet -----------------------------------------------------------------------------------

def month_points(session, actor, year: int, month: int) -> dict:
    """Every tutor of the caller's area with its month (001 L46–49): sessions held, minutes, the sessions' points,
    the question square's and the micro-lessons', the total — the monthly statements in one table."""
    policies.READ_AREA.enforce(actor)
    found = figures(session, *queries.month_span(year, month))
    rows = []
    for tutor in queries.people_in_area(session, actor, "tutor", limit=5000):
        f = found.get(tutor.id) or term_rules.TutorFigures(tutor.id)
        rows.append({"tutor": _person(tutor), "unit": tutor.org_unit.name, **figures_dict(f)})
    rows.sort(key=lambda r: (-r["points"], r["tutor"]["name"], r["tutor"]["id"]))
    return {"year": year, "month": month, "rows": rows, "points": round(sum(r["points"] for r in rows), 1),
            "minutes": sum(r["minutes"] for r in rows), "sessions": sum(r["sessions"] for r in rows)}


# --- stars -----------------------------------------------------------------------------------------------------

def stars(session, term: LiveTerm) -> dict:
    """The term's star tutors and star students (term_rules.star_tutors, star_students): published to all."""
    opens, closes = window(term)
    held, earned, attended = gather(session, opens, closes)
    tutors = term_rules.star_tutors(term_rules.add_up(held, earned).values())
    misconduct = dict(session.execute(select(TutoringMisconduct.student_id, func.count()).where(
        TutoringMisconduct.created_at >= opens, TutoringMisconduct.created_at < closes)
        .group_by(TutoringMisconduct.student_id)).all())
    students = term_rules.star_students(term_rules.students_of(attended, misconduct))
    people = {u.id: u for u in session.scalars(select(User).where(
        User.id.in_([t.tutor_id for t in tutors] + [s.student_id for s in students] or [0])))}
    return {"term": term.to_dict(),
            "tutors": [{"user": _person(people[t.tutor_id]), "unit": people[t.tutor_id].org_unit.name,
                        "points": _num(t.points), "sessions": t.sessions, "minutes": t.minutes,
                        "mean_rating": _num(t.mean_rating)} for t in tutors],
            "students": [{"user": _person(people[s.student_id]), "unit": people[s.student_id].org_unit.name,
                          "minutes": s.minutes, "sessions": s.sessions, "mean_score": _num(s.mean_score)}
                         for s in students]}
