"""The organisation awards of students' tutoring (B18, 001 L65): the ranking of the schools and districts of a
city's (or the province's) area over a term, the admins' confirmation of the winners, the published winners
(docs/TUTORING.md "Organisation awards"). The arithmetic is award_rules; the term figures are lms.tutoring.terms'
(the same sessions, minutes, scores and points as the statements). ``confirm`` takes the acting user, checks its
policy and never commits.
"""
from __future__ import annotations

from collections import defaultdict
from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import audit, clock, registry, scope
from lms.core.errors import Conflict, InvalidInput
from lms.live.models import LiveTerm
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.tutoring import award_policies, award_rules, term_rules, terms
from lms.tutoring.award_models import TutoringOrgAward

# The unit level each award compares: schools (中学: those with student accounts) and county-level districts.
LEVEL = {award_rules.SCHOOL: "school", award_rules.DISTRICT: "county"}


def _num(value) -> float | None:
    return None if value is None else float(value)


def _people(session, area: OrgUnit, *where) -> list[tuple[int, int | None, int | None]]:
    """(user id, school id, county id) of the area's active users matching ``where``."""
    return list(session.execute(select(User.id, OrgUnit.school_id, OrgUnit.county_id).distinct()
                                .join(OrgUnit, User.org_unit_id == OrgUnit.id)
                                .where(scope.subtree_filter(OrgUnit, area), User.is_active_account.is_(True),
                                       *where)).all())


def unit_terms(session, area: OrgUnit, term: LiveTerm) -> dict[str, list[award_rules.UnitTerm]]:
    """Each school's and district's term in ``area`` (those with student accounts: the units compared)."""
    held, earned, attended = terms.gather(session, *terms.window(term))
    figures = term_rules.add_up(held, earned)
    minutes: dict[int, int] = defaultdict(int)
    scores: dict[int, list[int]] = defaultdict(list)
    for a in attended:
        minutes[a.student_id] += a.minutes
        if a.score is not None:
            scores[a.student_id].append(a.score)
    students = _people(session, area, User.id.in_(select(RoleAssignment.user_id)
                                                   .where(RoleAssignment.role == "student")))
    keys = _people(session, area, User.title_grade.in_(award_rules.KEY_GRADES))
    found = {}
    for kind, column in ((award_rules.SCHOOL, 1), (award_rules.DISTRICT, 2)):
        of_student, of_key = defaultdict(list), defaultdict(list)
        for row in students:
            if row[column] is not None:
                of_student[row[column]].append(row[0])
        for row in keys:
            if row[column] is not None:
                of_key[row[column]].append(row[0])
        units = session.scalars(select(OrgUnit).where(scope.subtree_filter(OrgUnit, area),
                                                      OrgUnit.level == LEVEL[kind], OrgUnit.id.in_(of_student or [0])))
        found[kind] = [award_rules.UnitTerm(
            u.id, u.name, len(of_student[u.id]), sum(minutes[s] for s in of_student[u.id]),
            tuple(x for s in of_student[u.id] for x in scores[s]), len(of_key[u.id]),
            tuple((figures[t].minutes, figures[t].points) for t in of_key[u.id] if t in figures)) for u in units]
    return found


def _awards(session, term: LiveTerm, area: OrgUnit | None = None) -> list[TutoringOrgAward]:
    query = select(TutoringOrgAward).where(TutoringOrgAward.term_id == term.id)
    if area is not None:
        query = query.where(TutoringOrgAward.area_id == area.id)
    return list(session.scalars(query.order_by(TutoringOrgAward.area_id, TutoringOrgAward.kind,
                                               TutoringOrgAward.rank, TutoringOrgAward.id)))


def _row(r: award_rules.Ranked, units: dict[int, OrgUnit], awarded: set[int]) -> dict:
    unit = units[r.unit.unit_id]
    i = r.indicators
    return {"unit": {"id": unit.id, "name": unit.name}, "parent": unit.parent.name if unit.parent else None,
            "rank": r.rank, "score": _num(r.score), "students": r.unit.students,
            "key_teachers": r.unit.key_teachers, "key_tutors": len(r.unit.key_tutors),
            "student_minutes": _num(i.student_minutes), "evaluation": _num(i.evaluation),
            "key_share": _num(i.key_share), "key_minutes": _num(i.key_minutes), "key_points": _num(i.key_points),
            "normalised": {name: _num(v) for name, v in r.normalised.items()}, "awarded": unit.id in awarded}


def _ranked(session, area: OrgUnit, term: LiveTerm) -> dict[str, list[award_rules.Ranked]]:
    return {kind: award_rules.rank(units) for kind, units in unit_terms(session, area, term).items()}


def ranking(session, actor, term: LiveTerm) -> dict:
    """The schools and districts of the actor's city (or province) ranked over the term, every indicator beside,
    and which are confirmed winners."""
    award_policies.RANK.enforce(actor)
    area = award_policies.awarding_area(actor)
    ranked = _ranked(session, area, term)
    done = _awards(session, term, area)
    ids = [r.unit.unit_id for rows in ranked.values() for r in rows]
    units = {u.id: u for u in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids or [0])))}
    out = {"term": term.to_dict(), "area": {"id": area.id, "name": area.name},
           "weights": {name: _num(w) for name, w in award_rules.WEIGHTS.items()}}
    for kind, key in ((award_rules.SCHOOL, "schools"), (award_rules.DISTRICT, "districts")):
        awarded = {a.org_unit_id for a in done if a.kind == kind}
        out[key] = [_row(r, units, awarded) for r in ranked[kind]]
        out[f"{key}_confirmed"] = bool(awarded)
    return out


def confirm(session, actor, term: LiveTerm, kind: str, *, top: int | None = None,
            unit_ids: list[int] | None = None) -> list[TutoringOrgAward]:
    """The actor's city (or province) confirms the term's winners of one award once the term is over: the top
    ``top`` of the ranking, or the ranked units chosen. Once per term, area and award."""
    award_policies.CONFIRM.enforce(actor)
    area = award_policies.awarding_area(actor)
    if kind not in award_rules.KINDS:
        raise InvalidInput(_("Choose the school award or the district award."), {"kind": _("Unknown award.")})
    if (top is None) == (not unit_ids):
        said = _("Give either the number of winners or the units chosen.")
        raise InvalidInput(said, {"top": said})
    now = clock.now()
    if now.astimezone(clock.local_tz()).date() <= term.ends_on:
        raise Conflict("term_not_over", _("The awards of a term are confirmed once it is over (it ends on "
                                          "%(day)s).", day=term.ends_on.isoformat()))
    if any(a.kind == kind for a in _awards(session, term, area)):
        raise Conflict("already_confirmed", _("This award of the term is confirmed already for your area."))
    ranked = _ranked(session, area, term)[kind]
    if top is not None:
        winners = award_rules.top(ranked, top)
    else:
        winners, unknown = award_rules.chosen(ranked, unit_ids)
        if unknown:
            said = _("Only the units ranked in your area can win: %(ids)s are not.",
                     ids=", ".join(map(str, sorted(unknown))))
            raise InvalidInput(said, {"unit_ids": said})
    if not winners:
        raise Conflict("no_winners", _("No unit of your area qualifies: a winner has tutoring this term."))
    rows = [TutoringOrgAward(term_id=term.id, term=term, area_id=area.id, area=area, org_unit_id=r.unit.unit_id,
                             unit=session.get(OrgUnit, r.unit.unit_id), kind=kind, rank=r.rank,
                             score_cents=int(r.score * 100), confirmed_by_id=actor.id, confirmed_by=actor,
                             confirmed_at=now) for r in winners]
    session.add_all(rows)
    session.flush()
    audit.record(session, actor, "tutoring_org_award.confirm", "live_term", term.id, org_unit_id=area.id,
                 after={"term": term.name, "area": area.name, "kind": kind,
                        "winners": [{"unit": r.unit.name, "rank": r.rank, "score": r.score_cents / 100}
                                    for r in rows]})
    registry.emit(session, "tutoring.org_award_confirmed", awards=rows, actor=actor)
    return rows


def winners(session, term: LiveTerm) -> dict:
    """The term's confirmed winners of every area (published to everyone signed in), by area and award."""
    areas: dict[int, dict] = {}
    for a in _awards(session, term):
        area = areas.setdefault(a.area_id, {"area": {"id": a.area.id, "name": a.area.name, "level": a.area.level},
                                            "schools": [],
                                            "districts": [], "confirmed_at": a.confirmed_at.isoformat()})
        area["schools" if a.kind == award_rules.SCHOOL else "districts"].append(
            {"unit": {"id": a.unit.id, "name": a.unit.name}, "parent": a.unit.parent.name if a.unit.parent else None,
             "rank": a.rank, "score": a.score_cents / 100})
    # The province's award first, then the cities' by name.
    ordered = sorted(areas.values(), key=lambda x: (x["area"]["level"] != "province", x["area"]["name"]))
    return {"term": term.to_dict(), "areas": ordered}


def term_kept(session, term: LiveTerm) -> bool:
    """A term with a settlement or confirmed awards stays (lms.live's hook ``tutoring.term_settled``)."""
    return terms.term_settled(session, term) or bool(_awards(session, term))

