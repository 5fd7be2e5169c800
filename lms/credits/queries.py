"""Read side of the credit record: loaders, a teacher's standing, review queues and compliance by unit."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from lms.core import clock, scope
from lms.core.errors import Forbidden, NotFound
from lms.credits import policies, rules
from lms.credits.models import (CourseCredit, CreditCertificate, CreditEntry, CreditEvidence, CreditPlan,
                                CreditProfile, SelfStudySummary)
from lms.org import queries as org_queries
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.projects.models import Course


def region_rules() -> rules.RegionRules:
    """The region's scheme (setting ``LMS_CREDIT_REGION``; Chaoyang by default)."""
    return policies.region_rules()


def this_year() -> int:
    return clock.local_today(str(clock.local_tz())).year


def current_cycle() -> rules.Cycle:
    return rules.cycle_of(this_year(), region_rules())


# --- loaders ------------------------------------------------------------------------------------------------

def entry(session, actor, entry_id: int) -> CreditEntry:
    found = session.get(CreditEntry, entry_id)
    if found is None:
        raise NotFound(_("No such credit entry."))
    if not policies.can_see_entry(actor, found):
        raise Forbidden(_("This credit entry is outside your area."))
    return found


def evidence(session, actor, evidence_id: int) -> CreditEvidence:
    found = session.get(CreditEvidence, evidence_id)
    if found is None:
        raise NotFound(_("No such file."))
    if not policies.can_see_entry(actor, found.entry):
        raise Forbidden(_("This credit entry is outside your area."))
    return found


def plan(session, actor, plan_id: int) -> CreditPlan:
    found = session.get(CreditPlan, plan_id)
    if found is None:
        raise NotFound(_("No such plan."))
    if not policies.can_see_plan(actor, found):
        raise Forbidden(_("This plan is outside your area."))
    return found


def plans_for(session, actor, *, page: int = 1, per_page: int = 50) -> tuple[list[CreditPlan], int]:
    """The caller's own self-study plans and every plan in its admin area, newest year first."""
    conditions = [CreditPlan.user_id == actor.id]
    conditions += [scope.subtree_filter(OrgUnit, unit) for unit in scope.admin_units(actor)]
    base = select(CreditPlan).join(OrgUnit, CreditPlan.org_unit_id == OrgUnit.id).where(or_(*conditions))
    total = session.scalar(select(func.count()).select_from(base.subquery()))
    items = session.scalars(base.order_by(CreditPlan.year.desc(), CreditPlan.id.desc())
                            .offset((page - 1) * per_page).limit(per_page))
    return list(items), int(total or 0)


def approved_plans_of(session, teacher_user: User) -> list[CreditPlan]:
    """The approved plans a teacher's claims may be made under: their self-study plans, their school's projects."""
    return list(session.scalars(select(CreditPlan).where(
        CreditPlan.status == rules.APPROVED,
        or_(CreditPlan.user_id == teacher_user.id,
            and_(CreditPlan.kind == rules.SCHOOL_PROJECT, CreditPlan.org_unit_id == teacher_user.org_unit_id)))
        .order_by(CreditPlan.year.desc(), CreditPlan.id)))


def teacher(session, actor, teacher_id: int) -> User:
    """A teacher whose record the caller may read: their own, or one in the caller's area."""
    return org_queries.user_in_scope(session, actor, teacher_id)


def myself(session, actor) -> User:
    return actor


# --- one teacher -------------------------------------------------------------------------------------------------

def profile_of(session, user_id: int) -> rules.Profile:
    row = session.get(CreditProfile, user_id)
    return row.rules_profile() if row is not None else rules.Profile()


def entries_of(session, user_id: int, cycle: rules.Cycle | None = None) -> list[CreditEntry]:
    query = select(CreditEntry).where(CreditEntry.user_id == user_id)
    if cycle is not None:
        query = query.where(CreditEntry.year.between(cycle.start_year, cycle.end_year))
    return list(session.scalars(query.order_by(CreditEntry.year.desc(), CreditEntry.id.desc())))


@dataclass
class Record:
    teacher: User
    cycle: rules.Cycle
    profile: rules.Profile
    standing: rules.Standing
    entries: list[CreditEntry]
    modules: dict
    pending_credits: object


def record(session, teacher_user: User, cycle: rules.Cycle | None = None) -> Record:
    """Where the teacher stands in ``cycle`` (default: the current one): confirmed entries count (L323)."""
    region = region_rules()
    cycle = cycle or current_cycle()
    entries = entries_of(session, teacher_user.id, cycle)
    counted = [item for e in entries if rules.counts(e.status) for item in e.counted()]
    profile = profile_of(session, teacher_user.id)
    result = rules.standing(counted, profile, cycle, this_year(), region)
    pending = sum((e.credits for e in entries if e.status in (rules.CLAIMED, rules.APPROVED)), rules.ZERO)
    return Record(teacher_user, cycle, profile, result, entries, rules.module_progress(counted, cycle, region),
                  pending)


def standing_dict(standing: rules.Standing) -> dict:
    return {"cycle": {"start_year": standing.cycle.start_year, "end_year": standing.cycle.end_year},
            "status": standing.status, "credits": float(standing.credits), "hours": float(standing.hours),
            "offset": float(standing.offset),
            "by_year": {str(y): float(v) for y, v in standing.by_year.items()},
            "by_category": {c: float(v) for c, v in standing.by_category.items()},
            "lines": [{"key": line.key, "unit": line.unit, "required": float(line.required),
                       "earned": float(line.earned), "missing": float(line.missing), "met": line.met}
                      for line in standing.lines]}


# --- review queues ------------------------------------------------------------------------------------------------

def review_queue(session, actor, *, page: int = 1, per_page: int = 50) -> tuple[list[CreditEntry], int]:
    """Claims waiting for this admin: at its schools, claimed ones (to approve); in its counties, approved ones
    (to confirm) and the claimed ones overdue at their school (escalated: the county approves or rejects them)."""
    conditions = []
    for assignment in actor.role_assignments:
        if assignment.role == "school_admin":
            conditions.append((scope.subtree_filter(OrgUnit, assignment.org_unit), rules.CLAIMED))
        elif assignment.role == "county_admin":
            conditions.append((scope.subtree_filter(OrgUnit, assignment.org_unit), rules.APPROVED))
            # Escalation: claims its schools left waiting past the review days (L323, L755).
            conditions.append((and_(scope.subtree_filter(OrgUnit, assignment.org_unit),
                                    CreditEntry.created_at <= rules.overdue_since(clock.now(), region_rules())),
                               rules.CLAIMED))
    if not conditions:
        return [], 0
    where = or_(*(and_(unit_filter, CreditEntry.status == status) for unit_filter, status in conditions))
    base = select(CreditEntry).join(OrgUnit, CreditEntry.org_unit_id == OrgUnit.id).where(where)
    total = session.scalar(select(func.count()).select_from(base.subquery()))
    items = session.scalars(base.order_by(CreditEntry.created_at, CreditEntry.id)
                            .offset((page - 1) * per_page).limit(per_page))
    return list(items), int(total or 0)


# --- compliance ---------------------------------------------------------------------------------------------------

def teachers_under(session, unit: OrgUnit) -> list[User]:
    return list(session.scalars(
        select(User).join(OrgUnit, User.org_unit_id == OrgUnit.id)
        .where(scope.subtree_filter(OrgUnit, unit), User.is_active_account.is_(True),
               User.id.in_(select(RoleAssignment.user_id).where(RoleAssignment.role == "teacher")))
        .order_by(User.name, User.id)))


def standings_under(session, unit: OrgUnit, cycle: rules.Cycle) -> dict[int, tuple[User, rules.Standing]]:
    """Every teacher of the subtree with their standing: one query for the entries, one for the profiles."""
    region = region_rules()
    teachers = teachers_under(session, unit)
    ids = [t.id for t in teachers]
    counted: dict[int, list] = defaultdict(list)
    profiles: dict[int, rules.Profile] = {}
    for chunk in (ids[i:i + 900] for i in range(0, len(ids), 900)):
        for row in session.scalars(select(CreditEntry).where(
                CreditEntry.user_id.in_(chunk), CreditEntry.status == rules.CONFIRMED,
                CreditEntry.year.between(cycle.start_year, cycle.end_year))):
            counted[row.user_id].extend(row.counted())
        for row in session.scalars(select(CreditProfile).where(CreditProfile.user_id.in_(chunk))):
            profiles[row.user_id] = row.rules_profile()
    year = this_year()
    return {t.id: (t, rules.standing(counted[t.id], profiles.get(t.id, rules.Profile()), cycle, year, region))
            for t in teachers}


def _empty_counts() -> dict:
    return {"teachers": 0, rules.COMPLETE: 0, rules.ON_TRACK: 0, rules.BEHIND: 0, "credits": 0.0}


def compliance(session, unit: OrgUnit, cycle: rules.Cycle) -> dict:
    """The unit's teachers by verdict (complete, on track, behind), in all and per child unit (drill-down)."""
    standings = standings_under(session, unit, cycle)
    children = org_queries.children(session, unit)
    child_level = scope.child_level(unit.level)
    rows = {c.id: dict(_empty_counts(), org_unit_id=c.id, name=c.name, level=c.level) for c in children}
    total = _empty_counts()
    for user, standing in standings.values():
        for figures in [total] + ([rows.get(getattr(user.org_unit, f"{child_level}_id"))] if child_level else []):
            if figures is None:
                continue
            figures["teachers"] += 1
            figures[standing.status] += 1
            figures["credits"] += float(standing.credits)
    return {"org_unit_id": unit.id, "name": unit.name, "level": unit.level,
            "cycle": {"start_year": cycle.start_year, "end_year": cycle.end_year},
            "totals": total, "items": list(rows.values())}


def school_teachers(session, unit: OrgUnit, cycle: rules.Cycle) -> list[dict]:
    """The drill-down's last step: each teacher of a unit with credits, hours and verdict."""
    return [{"user_id": user.id, "name": user.name, "username": user.username, "school": user.org_unit.name,
             "credits": float(standing.credits), "hours": float(standing.hours), "status": standing.status,
             "missing": [line.key for line in standing.missing]}
            for user, standing in standings_under(session, unit, cycle).values()]


def course_terms(session, course_id: int) -> CourseCredit | None:
    return session.get(CourseCredit, course_id)


def offerings_for(session, categories: set[str], limit: int = 6) -> list[tuple]:
    """Courses of this product whose stated terms would fill a missing category: (course, terms)."""
    wanted = [c for c in categories if c in rules.CATEGORIES]
    if not wanted:
        return []
    return list(session.execute(select(Course, CourseCredit).join(CourseCredit, CourseCredit.course_id == Course.id)
                                .where(CourseCredit.category.in_(wanted)).order_by(Course.title).limit(limit)).all())


# --- certificates of completion -----------------------------------------------------------------------------------

def certificate_of(session, user_id: int, cycle_start: int) -> CreditCertificate | None:
    return session.scalar(select(CreditCertificate).where(CreditCertificate.user_id == user_id,
                                                          CreditCertificate.cycle_start == cycle_start))


def certificate_by_code(session, code: str) -> CreditCertificate | None:
    code = (code or "").strip().upper()[:32]
    return session.scalar(select(CreditCertificate).where(CreditCertificate.code == code)) if code else None


# --- self-study summaries (L671) -----------------------------------------------------------------------------

def summary(session, actor, summary_id: int) -> SelfStudySummary:
    found = session.get(SelfStudySummary, summary_id)
    if found is None:
        raise NotFound(_("No such summary."))
    if not policies.can_see_summary(actor, found):
        raise Forbidden(_("This summary is outside your area."))
    return found


def summaries_for(session, actor, *, page: int = 1, per_page: int = 50) -> tuple[list[SelfStudySummary], int]:
    """The summaries of the schools in the caller's admin area, newest year first."""
    units = scope.admin_units(actor)
    if not units:
        return [], 0
    base = (select(SelfStudySummary).join(OrgUnit, SelfStudySummary.org_unit_id == OrgUnit.id)
            .where(or_(*(scope.subtree_filter(OrgUnit, unit) for unit in units))))
    total = session.scalar(select(func.count()).select_from(base.subquery()))
    items = session.scalars(base.order_by(SelfStudySummary.year.desc(), SelfStudySummary.id.desc())
                            .offset((page - 1) * per_page).limit(per_page))
    return list(items), int(total or 0)
