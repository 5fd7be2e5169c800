"""Writing the credit record: claims with evidence, the school's approval, the county's confirmation, rejections
with a reason, entries posted from this product's final grades, course terms and teacher profiles.

Services take the acting user, enforce the named policy, apply the rules, audit and flush; they never commit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import audit, clock
from lms.certificates.services import new_code
from lms.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from lms.core.uploads import read_upload
from lms.credits import policies, queries, rules
from lms.credits.models import (CourseCredit, CreditCertificate, CreditEntry, CreditEvidence, CreditPlan,
                                CreditProfile, SelfStudySummary, cents, tenths)
from lms.enrollment.models import Enrollment
from lms.grading.models import Grade
from lms.live import services as live_services
from lms.org.models import User

EVIDENCE_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")
MAX_EVIDENCE_FILES = 5
CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
# The reason an entry posted from a grade carries when the grade stops passing (a plagiarism verdict, J12).
GRADE_WITHDRAWN = "grade_no_longer_passed"


def rule_messages() -> dict[str, str]:
    return {"negative_hours": _("Hours cannot be negative."),
            "theme_required": _("Choose one of the four themes of public required courses."),
            "unknown_module": _("Choose one of the five modules of professional required courses."),
            "no_theme_here": _("Only required courses name a theme or module."),
            "unknown_source": _("Unknown source."),
            "unknown_category": _("Unknown category.")}


@dataclass
class Claim:
    """What a teacher claims (or an import row states). Research entries give minutes and feedback days."""
    source: str
    title: str
    year: int
    hours: Decimal = Decimal(0)
    category: str | None = None
    theme: str | None = None
    provider: str | None = None
    note: str | None = None
    minutes: int | None = None
    feedback_days: int | None = None
    reviews: int = 0
    plan_id: int | None = None
    files: list = field(default_factory=list)  # (name, bytes)


def _awards(claim: Claim, region: rules.RegionRules) -> tuple[Decimal, list[rules.Award]]:
    """The entry's hours and awards, or InvalidInput naming the field the rules refused."""
    hours = Decimal(claim.hours)
    if claim.source == rules.RESEARCH:
        if claim.minutes is None:
            raise InvalidInput(_("Please correct the marked fields."),
                               {"minutes": _("Give the effective minutes of research.")})
        hours = rules.research_hours(claim.minutes, claim.feedback_days, claim.reviews, region)
        if hours <= 0:
            raise InvalidInput(_("Research time counts only with the feedback given within 7 days."),
                               {"feedback_days": _("The feedback was not given within 7 days.")})
    try:
        return hours, rules.convert(claim.source, claim.category, hours, claim.theme or None, region)
    except rules.RuleError as error:
        raise InvalidInput(_("Please correct the marked fields."),
                           {error.field: rule_messages().get(error.code, error.code)}) from None


def _check_year(year: int, region: rules.RegionRules) -> None:
    if not region.first_cycle_year <= year <= queries.this_year():
        raise InvalidInput(_("Please correct the marked fields."), {"year": _(
            "Give a year from %(first)d to this year.", first=region.first_cycle_year)})


def new_entry(session, teacher, claim: Claim, status: str, actor, *, enrollment_id: int | None = None) -> CreditEntry:
    region = queries.region_rules()
    _check_year(claim.year, region)
    if not (claim.title or "").strip():
        raise InvalidInput(_("Please correct the marked fields."), {"title": _("This field is required.")})
    hours, awards = _awards(claim, region)
    now = clock.now()
    entry = CreditEntry(
        user_id=teacher.id, org_unit_id=teacher.org_unit_id, source=claim.source, title=claim.title.strip(),
        provider=(claim.provider or "").strip() or None, year=claim.year, hours_tenths=tenths(hours),
        category=awards[0].category, theme=awards[0].theme,
        credit_cents=sum(cents(a.credits) for a in awards),
        awards=_award_dicts(awards), status=status, note=(claim.note or "").strip() or None, enrollment_id=enrollment_id,
        created_by_id=getattr(actor, "id", None), created_at=now)
    if status in (rules.APPROVED, rules.CONFIRMED):
        entry.approved_by_id, entry.approved_at = getattr(actor, "id", None), now
    if status == rules.CONFIRMED:
        entry.confirmed_by_id, entry.confirmed_at = getattr(actor, "id", None), now
    session.add(entry)
    for name, data in claim.files:
        _attach(entry, name, data, now)
    session.flush()
    return entry


def _attach(entry: CreditEntry, name: str, data: bytes, now) -> None:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    entry.evidence.append(CreditEvidence(name=name[-200:], content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
                                         size=len(data), data=data, uploaded_at=now))


def _snapshot(entry: CreditEntry) -> dict:
    return {"status": entry.status, "credits": str(entry.credits), "hours": str(entry.hours),
            "category": entry.category, "reason": entry.reason}


def read_evidence(upload, max_bytes: int) -> bytes:
    """An evidence file's bytes: present, within its size, a .pdf, .jpg or .png."""
    return read_upload(upload, max_bytes, EVIDENCE_SUFFIXES)


def claim(session, actor, data: Claim) -> CreditEntry:
    """A teacher claims credits earned outside this product; the school then approves (L357, L323)."""
    policies.CLAIM.enforce(actor)
    if data.source == rules.TRAINING:
        raise InvalidInput(_("Please correct the marked fields."), {"source": _(
            "Trainings in this product are posted automatically when their grade is final.")})
    if len(data.files) > MAX_EVIDENCE_FILES:
        raise InvalidInput(_("Please correct the marked fields."), {"file": _("At most %(n)d files.", n=MAX_EVIDENCE_FILES)})
    plan = _plan_for_claim(session, actor, data)
    entry = new_entry(session, actor, data, rules.CLAIMED, actor)
    entry.plan_id = plan.id if plan is not None else None
    audit.record(session, actor, "credit.claim", "credit_entry", entry.id, org_unit_id=entry.org_unit_id,
                 after=_snapshot(entry))
    return entry


def _plan_for_claim(session, teacher, data: Claim) -> CreditPlan | None:
    """School-based study is claimed under an approved project of the teacher's school for that year (L351,
    L625); self-study under the teacher's approved plan for that year (L657)."""
    if not rules.plan_needed(data.source):
        return None
    plan = session.get(CreditPlan, data.plan_id) if data.plan_id else None
    mine = plan is not None and (plan.user_id == teacher.id if plan.kind == rules.SELF_STUDY_PLAN
                                 else plan.org_unit_id == teacher.org_unit_id)
    if (plan is None or not mine or plan.kind != data.source or plan.status != rules.APPROVED or plan.year != data.year
            or not rules.project_credits_recognised(plan.evaluation)):
        raise InvalidInput(_("Please correct the marked fields."), {"plan_id": _(
            "Name an approved school-based project of your school, or your approved self-study plan, of the same year.")})
    return plan


def plan_messages() -> dict[str, str]:
    return {"project_filing_closed": _("School-based projects for a year are filed in January of that year."),
            "plan_year_out_of_range": _("A self-study plan is filed for this year or the next."),
            "unknown_plan_kind": _("Unknown kind of plan.")}


def file_plan(session, actor, kind: str, year: int, title: str, hours: Decimal,
              description: str | None = None) -> CreditPlan:
    """A school files a school-based project (in January, L625), a teacher a self-study plan (L657)."""
    if not policies.can_file_plan(actor, kind):
        raise Forbidden(_("Schools file school-based projects; teachers file self-study plans."))
    problem = rules.plan_filing_error(kind, year, clock.local_today(str(clock.local_tz())))
    if problem is not None:
        raise InvalidInput(_("Please correct the marked fields."), {"year": plan_messages()[problem]})
    if not (title or "").strip():
        raise InvalidInput(_("Please correct the marked fields."), {"title": _("This field is required.")})
    unit = policies.school_admin_unit(actor) if kind == rules.SCHOOL_PROJECT else actor.org_unit
    plan = CreditPlan(kind=kind, org_unit_id=unit.id, user_id=actor.id if kind == rules.SELF_STUDY_PLAN else None,
                      year=year, title=title.strip()[:200], description=(description or "").strip()[:2000] or None,
                      hours_tenths=tenths(Decimal(hours)), status=rules.FILED, filed_by_id=actor.id,
                      filed_at=clock.now())
    session.add(plan)
    session.flush()
    audit.record(session, actor, "credit_plan.file", "credit_plan", plan.id, org_unit_id=unit.id,
                 after={"kind": kind, "year": year, "title": plan.title})
    return plan


def decide_plan(session, actor, plan: CreditPlan, approve: bool, reason: str | None = None) -> CreditPlan:
    policies.DECIDE_PLAN.enforce(actor, plan)
    if plan.status != rules.FILED:
        raise Conflict("plan_decided", _("This plan has been decided already."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise InvalidInput(_("Please correct the marked fields."), {"reason": _("Say why the plan is rejected.")})
    plan.status = rules.APPROVED if approve else rules.REJECTED
    plan.reason = None if approve else reason[:500]
    plan.decided_by_id, plan.decided_at = actor.id, clock.now()
    session.flush()
    audit.record(session, actor, "credit_plan.approve" if approve else "credit_plan.reject", "credit_plan", plan.id,
                 org_unit_id=plan.org_unit_id, after={"status": plan.status, "reason": plan.reason})
    return plan


def attach_evidence(session, actor, entry: CreditEntry, name: str, data: bytes) -> CreditEntry:
    """The teacher adds a file to a claim still waiting for the school."""
    policies.ADD_EVIDENCE.enforce(actor, entry)
    if entry.status != rules.CLAIMED:
        raise Conflict("entry_not_claimed", _("Evidence is added only while the claim waits for the school."))
    if len(entry.evidence) >= MAX_EVIDENCE_FILES:
        raise Conflict("too_many_files", _("At most %(n)d files.", n=MAX_EVIDENCE_FILES))
    _attach(entry, name, data, clock.now())
    session.flush()
    audit.record(session, actor, "credit.evidence", "credit_entry", entry.id, org_unit_id=entry.org_unit_id,
                 after={"file": name})
    return entry


def _step(session, actor, entry: CreditEntry, action: str, reason: str | None = None, *,
          escalated: bool = False) -> CreditEntry:
    """Move the entry on; ``escalated``: the county acts on a claim overdue at the school (its approval confirms)."""
    after = rules.next_status(action, entry.status)
    if after is None:
        raise Conflict("entry_not_reviewable", _("This entry is %(status)s: it cannot be %(action)s now.",
                                                 status=status_label(entry.status), action=action_label(action)))
    if action == "approve" and not entry.evidence:
        raise Conflict("evidence_missing", _("A claim without evidence cannot be approved."))
    plan = session.get(CreditPlan, entry.plan_id) if entry.plan_id and action != "reject" else None
    if plan is not None and not rules.project_credits_recognised(plan.evaluation):
        raise Conflict("project_failed", _("The school-based project of this claim failed its evaluation: "
                                           "its credits are not recognised."))
    before = _snapshot(entry)
    now = clock.now()
    entry.status = after
    if action == "approve":
        entry.approved_by_id, entry.approved_at = actor.id, now
        if escalated:  # the county is the confirming office: its approval is the confirmation (L323, L755)
            entry.status, entry.confirmed_by_id, entry.confirmed_at = rules.CONFIRMED, actor.id, now
    elif action == "confirm":
        entry.confirmed_by_id, entry.confirmed_at = actor.id, now
    else:
        entry.rejected_by_id, entry.rejected_at, entry.reason = actor.id, now, reason
    session.flush()
    audit.record(session, actor, f"credit.escalated_{action}" if escalated else f"credit.{action}", "credit_entry", entry.id, org_unit_id=entry.org_unit_id,
                 before=before, after=dict(_snapshot(entry), escalated=True) if escalated else _snapshot(entry))
    return entry


def _escalating(actor, entry: CreditEntry) -> bool:
    """The county acts on a claim overdue at the school, not the school itself."""
    return not policies.school_reviews(actor, entry) and policies.can_escalate(actor, entry)


def approve(session, actor, entry: CreditEntry) -> CreditEntry:
    policies.APPROVE.enforce(actor, entry)
    return _step(session, actor, entry, "approve", escalated=_escalating(actor, entry))


def confirm(session, actor, entry: CreditEntry) -> CreditEntry:
    policies.CONFIRM.enforce(actor, entry)
    return _step(session, actor, entry, "confirm")


def reject(session, actor, entry: CreditEntry, reason: str) -> CreditEntry:
    policies.REJECT.enforce(actor, entry)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Please correct the marked fields."), {"reason": _("Say why the claim is rejected.")})
    return _step(session, actor, entry, "reject", reason[:500], escalated=_escalating(actor, entry))


def status_label(status: str) -> str:
    return {rules.CLAIMED: _("claimed"), rules.APPROVED: _("approved by the school"),
            rules.CONFIRMED: _("confirmed by the county"), rules.REJECTED: _("rejected")}.get(status, status)


def action_label(action: str) -> str:
    return {"approve": _("approved"), "confirm": _("confirmed"), "reject": _("rejected")}.get(action, action)


# --- this product's trainings --------------------------------------------------------------------------------------

def default_terms(course) -> tuple[Decimal, str, str | None]:
    """A course without stated terms: its required study time at 45 minutes a 学时 (000 L33), as an elective."""
    hours = (Decimal(course.required_minutes) / 45).quantize(rules.TENTH, rounding=ROUND_DOWN)
    return hours, rules.ELECTIVE, None


def terms_of(session, course) -> tuple[Decimal, str, str | None]:
    row = session.get(CourseCredit, course.id)
    return (row.hours, row.category, row.theme) if row is not None else default_terms(course)


def reconcile_grades(session, grades) -> list[CreditEntry]:
    """Post (once) the entry of each final, passed grade; withdraw it when the grade stops passing, restore it after.

    Asked by grading through the hook ``credits.grades_settled`` whenever grades are stored final or a verdict
    changes a final grade's standing; idempotent (one entry per enrollment: a unique column). One query finds
    the entries already posted, so a batch's recomputation stays a few queries.
    """
    grades = [g for g in grades if g is not None and g.final]
    if not grades:
        return []
    existing = {e.enrollment_id: e for e in session.scalars(select(CreditEntry).where(
        CreditEntry.enrollment_id.in_([g.enrollment_id for g in grades])))}
    changed = []
    for grade in grades:
        entry = existing.get(grade.enrollment_id)
        if entry is not None:
            if _reflect(session, entry, grade.passed):
                changed.append(entry)
        elif grade.passed:
            entry = _post(session, grade)
            if entry is not None:
                changed.append(entry)
    session.flush()
    return changed


def _reflect(session, entry: CreditEntry, passed: bool) -> bool:
    before = _snapshot(entry)
    if not passed and entry.status == rules.CONFIRMED:
        entry.status, entry.reason, entry.rejected_at, action = rules.REJECTED, GRADE_WITHDRAWN, clock.now(), "withdraw"
    elif passed and entry.status == rules.REJECTED and entry.reason == GRADE_WITHDRAWN:
        entry.status, entry.reason, entry.rejected_at, action = rules.CONFIRMED, None, None, "restore"
    else:
        return False
    audit.record(session, None, f"credit.{action}", "credit_entry", entry.id, org_unit_id=entry.org_unit_id,
                 before=before, after=_snapshot(entry))
    return True


def _post(session, grade) -> CreditEntry | None:
    enrollment = session.get(Enrollment, grade.enrollment_id)
    if enrollment is None:
        return None
    klass = enrollment.training_class
    hours, category, theme = terms_of(session, klass.course)
    year = (grade.frozen_at or clock.now()).astimezone(clock.local_tz()).year
    data = Claim(source=rules.TRAINING, title=klass.course.title[:200], year=year, hours=hours, category=category,
                 theme=theme, provider=klass.batch.project.name[:200])
    _, awards = _awards(data, queries.region_rules())
    now = clock.now()
    entry = CreditEntry(
        user_id=enrollment.teacher_id, org_unit_id=enrollment.school_id, source=rules.TRAINING, title=data.title,
        provider=data.provider, year=year, hours_tenths=tenths(hours), category=awards[0].category,
        theme=awards[0].theme, credit_cents=sum(cents(a.credits) for a in awards), awards=_award_dicts(awards),
        status=rules.CONFIRMED, enrollment_id=enrollment.id, created_at=now, approved_at=now, confirmed_at=now)
    session.add(entry)
    session.flush()
    audit.record(session, None, "credit.post", "credit_entry", entry.id, org_unit_id=entry.org_unit_id,
                 after=_snapshot(entry))
    return entry


def post_live_hours(session, live, feedback) -> CreditEntry | None:
    """The listener of ``live.feedback_given``: a learner's 学时 of a live research session, recorded only with its
    feedback in time (000 L33, L35), enter its record as research (20 学时 = 1 elective credit, at most 1 credit a
    year: ``rules.capped_research``), confirmed like a training's. Once per teacher and session."""
    minutes, hours = live_services.learner_record(session, live, feedback)
    if hours <= 0 or session.scalar(select(CreditEntry.id).where(CreditEntry.user_id == feedback.user_id,
                                                                 CreditEntry.live_session_id == live.id)):
        return None
    teacher = session.get(User, feedback.user_id)
    region = queries.region_rules()
    awards = rules.convert(rules.RESEARCH, None, Decimal(hours), None, region)
    now = clock.now()
    entry = CreditEntry(
        user_id=teacher.id, org_unit_id=teacher.org_unit_id, source=rules.RESEARCH, title=live.title[:200],
        provider=live.host.name[:200], year=live.ends_at.astimezone(clock.local_tz()).year,
        hours_tenths=tenths(Decimal(hours)), category=awards[0].category, theme=awards[0].theme,
        credit_cents=sum(cents(a.credits) for a in awards), awards=_award_dicts(awards), status=rules.CONFIRMED,
        note=_("%(n)d counted minutes", n=minutes), live_session_id=live.id, created_at=now, approved_at=now,
        confirmed_at=now)
    session.add(entry)
    session.flush()
    audit.record(session, None, "credit.post_live", "credit_entry", entry.id, org_unit_id=entry.org_unit_id,
                 after=_snapshot(entry))
    return entry


def _award_dicts(awards: list[rules.Award]) -> list[dict]:
    return [{"category": a.category, "theme": a.theme, "credits": str(a.credits)} for a in awards]


def post_final_grades(session, enrollment_ids: list[int] | None = None) -> list[CreditEntry]:
    """Backfill (``lms credits post-grades``): every final grade's entry, as the hook would have posted it."""
    query = select(Grade).where(Grade.final.is_(True))
    if enrollment_ids is not None:
        query = query.where(Grade.enrollment_id.in_(enrollment_ids))
    return reconcile_grades(session, list(session.scalars(query)))


def set_course_terms(session, actor, course, hours: Decimal, category: str, theme: str | None) -> CourseCredit:
    """What a course counts for (its 学时, category and theme): entries posted later follow it."""
    policies.SET_COURSE_TERMS.enforce(actor, course)
    if category in (rules.SCHOOL_BASED, rules.SELF_STUDY) or category not in rules.CATEGORIES:
        raise InvalidInput(_("Please correct the marked fields."), {"category": _("Unknown category.")})
    if tenths(Decimal(hours)) <= 0:  # stored in tenths: 0.04 学时 is none at all
        raise InvalidInput(_("Please correct the marked fields."), {"hours": _("Must be more than 0.")})
    try:
        theme = rules.check_theme(category, theme or None)
    except rules.RuleError as error:
        raise InvalidInput(_("Please correct the marked fields."), {error.field: rule_messages()[error.code]}) from None
    row = session.get(CourseCredit, course.id)
    before = row.to_dict() if row is not None else None
    if row is None:
        row = CourseCredit(course_id=course.id)
        session.add(row)
    row.hours_tenths, row.category, row.theme, row.updated_at = tenths(hours), category, theme, clock.now()
    session.flush()
    audit.record(session, actor, "credit.course_terms", "course", course.id, before=before, after=row.to_dict())
    return row


def set_profile(session, actor, teacher, kind: str, start_year: int | None, private: bool,
                institution: bool) -> CreditProfile:
    """The teacher's situation for the rules: new (L363), transferred (L367), private school (L749), institution (L216)."""
    policies.KEEP_RECORD.enforce(actor, teacher)
    region = queries.region_rules()
    if kind not in rules.KINDS:
        raise InvalidInput(_("Please correct the marked fields."), {"kind": _("Unknown kind of teacher.")})
    if kind != rules.REGULAR and (start_year is None or not region.first_cycle_year <= start_year <= queries.this_year()):
        raise InvalidInput(_("Please correct the marked fields."), {"start_year": _(
            "Give the year of arrival, from %(first)d to this year.", first=region.first_cycle_year)})
    row = session.get(CreditProfile, teacher.id)
    before = row.to_dict() if row is not None else None
    if row is None:
        row = CreditProfile(user_id=teacher.id)
        session.add(row)
    row.kind, row.start_year = kind, (start_year if kind != rules.REGULAR else None)
    row.private, row.institution, row.updated_at = bool(private), bool(institution), clock.now()
    session.flush()
    audit.record(session, actor, "credit.profile", "user", teacher.id, org_unit_id=teacher.org_unit_id,
                 before=before, after=row.to_dict())
    return row


# --- the certificate of completion of a cycle (L325) ---------------------------------------------------------------

def issue_certificate(session, actor, teacher, cycle: rules.Cycle) -> CreditCertificate:
    """Issue (once) the teacher's certificate of completion of ``cycle``: only when every minimum is met (L325).

    Asked for by the teacher or an admin of their area (a POST); a second call returns the certificate issued.
    """
    policies.ISSUE_CERTIFICATE.enforce(actor, teacher)
    existing = queries.certificate_of(session, teacher.id, cycle.start_year)
    if existing is not None:
        return existing
    record = queries.record(session, teacher, cycle)
    if rules.certificate_refusal(record.standing) is not None:
        raise Conflict("cycle_not_complete", _(
            "The requirements of the cycle %(start)d–%(end)d are not all met yet: no certificate of completion.",
            start=cycle.start_year, end=cycle.end_year))
    now = clock.now()
    cert = CreditCertificate(
        user_id=teacher.id, cycle_start=cycle.start_year, cycle_end=cycle.end_year, code=new_code(),
        name=teacher.name[:64], school=teacher.org_unit.name[:120], credit_cents=cents(record.standing.credits),
        hours_tenths=tenths(record.standing.hours), issued_on=clock.local_today(str(clock.local_tz())),
        issued_at=now, issued_by_id=actor.id)
    session.add(cert)
    session.flush()
    audit.record(session, actor, "credit.certificate", "credit_certificate", cert.id,
                 org_unit_id=teacher.org_unit_id, after=cert.public_dict())
    return cert


def issued_certificate(session, teacher, cycle: rules.Cycle) -> CreditCertificate:
    """The certificate already issued for ``cycle`` (downloads only read)."""
    cert = queries.certificate_of(session, teacher.id, cycle.start_year)
    if cert is None:
        raise NotFound(_("No certificate of completion has been issued for %(name)s in the cycle %(start)d–%(end)d.",
                         name=teacher.name, start=cycle.start_year, end=cycle.end_year))
    return cert


# --- the December evaluation of school-based projects (L801) and the January self-study summary (L671) -----------

def evaluation_messages() -> dict[str, str]:
    return {"not_a_project": _("Only school-based projects are evaluated."),
            "project_not_approved": _("Only an approved school-based project is evaluated."),
            "project_evaluated": _("This project has been evaluated already."),
            "evaluation_not_open": _("A year's school-based projects are evaluated from December of that year."),
            "summary_filing_closed": _("A school hands in the summary of a year's self-study in January of the next year.")}


def evaluate_project(session, actor, plan: CreditPlan, result: str, comment: str | None) -> CreditPlan:
    """The county evaluates an approved school-based project from December (L801): passed, or failed — then its
    school-based credits are not recognised."""
    policies.EVALUATE_PROJECT.enforce(actor, plan)
    if result not in rules.EVALUATION_RESULTS:
        raise InvalidInput(_("Please correct the marked fields."), {"result": _("Choose passed or failed.")})
    comment = (comment or "").strip()
    if result == rules.FAILED and not comment:
        raise InvalidInput(_("Please correct the marked fields."), {"comment": _("Say why the project failed.")})
    problem = rules.evaluation_error(plan.kind, plan.status, plan.year, plan.evaluation is not None,
                                     clock.local_today(str(clock.local_tz())))
    if problem is not None:
        raise Conflict(problem, evaluation_messages()[problem])
    plan.evaluation, plan.evaluation_comment = result, comment[:1000] or None
    plan.evaluated_by_id, plan.evaluated_at = actor.id, clock.now()
    session.flush()
    audit.record(session, actor, "credit_plan.evaluate", "credit_plan", plan.id, org_unit_id=plan.org_unit_id,
                 after={"evaluation": result, "comment": plan.evaluation_comment})
    return plan


def file_summary(session, actor, year: int, text: str) -> SelfStudySummary:
    """A school hands in the summary of ``year``'s self-study in January of the next year (L671)."""
    policies.FILE_SUMMARY.enforce(actor)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Please correct the marked fields."), {"text": _("This field is required.")})
    problem = rules.summary_filing_error(year, clock.local_today(str(clock.local_tz())))
    if problem is not None:
        raise InvalidInput(_("Please correct the marked fields."), {"year": evaluation_messages()[problem]})
    unit = policies.school_admin_unit(actor)
    existing = session.scalar(select(SelfStudySummary).where(SelfStudySummary.org_unit_id == unit.id,
                                                             SelfStudySummary.year == year))
    if existing is not None and existing.status != rules.REJECTED:
        raise Conflict("summary_filed", _("The summary of %(year)d has been handed in already.", year=year))
    summary = existing or SelfStudySummary(org_unit_id=unit.id, year=year)
    summary.text, summary.status, summary.reason = text[:4000], rules.FILED, None
    summary.filed_by_id, summary.filed_at, summary.decided_by_id, summary.decided_at = actor.id, clock.now(), None, None
    session.add(summary)
    session.flush()
    audit.record(session, actor, "credit_summary.file", "credit_self_study_summary", summary.id, org_unit_id=unit.id,
                 after={"year": year})
    return summary


def decide_summary(session, actor, summary: SelfStudySummary, accept: bool, reason: str | None = None) -> SelfStudySummary:
    """The county records the summary (L671: "审核备案") or returns it with a reason; the school may file again."""
    policies.DECIDE_SUMMARY.enforce(actor, summary)
    if summary.status != rules.FILED:
        raise Conflict("summary_decided", _("This summary has been reviewed already."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise InvalidInput(_("Please correct the marked fields."), {"reason": _("Say why the summary is returned.")})
    summary.status = rules.APPROVED if accept else rules.REJECTED
    summary.reason = None if accept else reason[:500]
    summary.decided_by_id, summary.decided_at = actor.id, clock.now()
    session.flush()
    audit.record(session, actor, "credit_summary.accept" if accept else "credit_summary.reject",
                 "credit_self_study_summary", summary.id, org_unit_id=summary.org_unit_id,
                 after={"status": summary.status, "reason": summary.reason})
    return summary


# --- proposal calendars (C4: L407, L487, L495) ---------------------------------------------------------------------

def proposal_messages() -> dict[str, str]:
    return {"project_proposal_closed": _("Training projects are proposed in October, for the next year."),
            "project_proposal_year": _("In October, training projects are proposed for the next year."),
            "course_proposal_closed": _("Courses are proposed for review in May and November."),
            "course_length": _("A course is a general course of 20 to 40 hours or a micro-course of 4 to 8 hours, "
                               "in units of 4 hours.")}


def check_project_proposal(year: int) -> None:
    """InvalidInput, in words, when a training project for ``year`` is proposed outside October (L407)."""
    problem = rules.project_proposal_error(year, clock.local_today(str(clock.local_tz())))
    if problem is not None:
        raise InvalidInput(_("Please correct the marked fields."), {"year": proposal_messages()[problem]})


def check_course_proposal(hours: Decimal) -> None:
    """InvalidInput, in words, when a course is proposed outside May and November (L495) or with a length the
    scheme does not know (L487)."""
    fields = {}
    if rules.course_proposal_error(clock.local_today(str(clock.local_tz()))) is not None:
        fields["date"] = proposal_messages()["course_proposal_closed"]
    if rules.course_length_error(hours) is not None:
        fields["hours"] = proposal_messages()["course_length"]
    if fields:
        raise InvalidInput(_("Please correct the marked fields."), fields)
