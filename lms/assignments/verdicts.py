"""Plagiarism verdicts with their consequences (J12), whenever given, and appeals to the province.

A confirmed verdict fails the training even after grading closed (the final grade's standing follows
it), revokes its certificate, bans the teacher for the rest of the year and cancels the places they
already hold in that year's batches. The teacher may appeal once; a province admin's decision is
final: upheld changes nothing, overturned undoes every consequence of that verdict.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from lms.assignments import policies, services
from lms.assignments.models import PlagiarismAppeal, PlagiarismDecision, Submission
from lms.core import audit, clock, registry, scope
from lms.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from lms.enrollment import services as enrollment_services
from lms.enrollment.models import Enrollment, PlagiarismBan
from lms.org.models import OrgUnit
from lms.quotas import services as quotas


def decide(session, actor, submission: Submission, klass, data) -> PlagiarismDecision:
    """A tutor's verdict (services.decide_plagiarism checks who and what), then its consequences."""
    policies.RULE_ON_PLAGIARISM.enforce(actor, submission)
    quotas.hold_write_lock(session)  # the verdict and the seats it returns in one transaction
    # Grading and certificates sit above assignments: they answer through declared hooks (lms/core/registry.py).
    before = registry.hook("grading.current_standing")(session, submission.enrollment_id)
    decision = services.decide_plagiarism(session, actor, submission, klass, data)
    if decision.decision != "confirmed":
        return decision
    decision.grade_before = before
    registry.hook("grading.reflect_verdict")(session, submission.enrollment_id)
    registry.hook("certificates.revoke")(session, actor, submission.enrollment_id)
    ban = session.get(PlagiarismBan, decision.ban_id)
    enrollment_services.apply_ban(session, actor, ban, spared_enrollment_id=submission.enrollment_id)
    session.flush()
    return decision


def decision_for(session, actor, decision_id: int) -> PlagiarismDecision:
    return _seen_by_party(session, actor, session.get(PlagiarismDecision, decision_id), _("No such verdict."),
                          _("Only the teacher concerned and the province admins see this verdict."))


def _seen_by_party(session, actor, row, missing: str, refused: str):
    """A verdict or an appeal, for the teacher concerned or a province admin who decides for their school."""
    if row is None:
        raise NotFound(missing)
    enrollment = session.get(Enrollment, row.enrollment_id)
    if not (policies.can_appeal(actor, enrollment) or policies.decides_for(session, actor, enrollment)):
        raise Forbidden(refused)
    return row


def appeal_of(session, decision_id: int) -> PlagiarismAppeal | None:
    return session.scalar(select(PlagiarismAppeal).where(PlagiarismAppeal.decision_id == decision_id))


def verdict_in_force(session, submission_id: int) -> PlagiarismDecision | None:
    """The submission's confirmed verdict, overturned or not (the newest)."""
    return session.scalar(select(PlagiarismDecision).where(PlagiarismDecision.submission_id == submission_id,
                                                           PlagiarismDecision.decision == "confirmed")
                          .order_by(PlagiarismDecision.id.desc()).limit(1))


def appeal(session, actor, decision: PlagiarismDecision, data) -> PlagiarismAppeal:
    """The teacher appeals a confirmed verdict, once, with their reasons; it waits for a province admin."""
    policies.APPEAL.enforce(actor, decision)
    enrollment = session.get(Enrollment, decision.enrollment_id)
    if decision.decision != "confirmed" or decision.overturned_at is not None:
        raise Conflict("not_appealable", _("Only a confirmed verdict in force can be appealed."))
    if appeal_of(session, decision.id) is not None:
        raise Conflict("already_appealed", _("This verdict was already appealed: there is one appeal per verdict."))
    row = PlagiarismAppeal(decision_id=decision.id, enrollment_id=enrollment.id, teacher_id=actor.id,
                           reason=data.reason, submitted_at=clock.now(), status="pending")
    session.add(row)
    session.flush()
    audit.record(session, actor, "plagiarism.appeal", "plagiarism_appeal", row.id, org_unit_id=enrollment.school_id,
                 after={"decision_id": decision.id, "reason": data.reason})
    return row


def appeal_for(session, actor, appeal_id: int) -> PlagiarismAppeal:
    return _seen_by_party(session, actor, session.get(PlagiarismAppeal, appeal_id), _("No such appeal."),
                          _("Only the teacher concerned and the province admins see this appeal."))


def decide_appeal(session, actor, row: PlagiarismAppeal, data) -> PlagiarismAppeal:
    """A province admin's final decision. Upheld: everything stays. Overturned: the verdict no longer
    counts — the grade's standing, the certificate's validity and the teacher's places come back, the
    ban is lifted."""
    policies.DECIDE_APPEAL.enforce(actor, row)
    enrollment = session.get(Enrollment, row.enrollment_id)
    if not data.confirm:
        raise InvalidInput(_("Please correct the marked fields."),
                           {"confirm": _("Confirm that this decision is final.")})
    if row.status != "pending":
        raise Conflict("appeal_decided", _("This appeal was decided: the decision is final."))
    quotas.hold_write_lock(session)
    now = clock.now()
    # One conditional step: of two admins deciding at once, one decides, the other is told it is final.
    taken = session.execute(update(PlagiarismAppeal).where(PlagiarismAppeal.id == row.id,
                                                           PlagiarismAppeal.status == "pending")
                            .values(status=data.outcome, note=data.note, decided_by_id=actor.id, decided_at=now)
                            .execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        raise Conflict("appeal_decided", _("This appeal was decided: the decision is final."))
    session.expire(row)
    decision = row.decision
    after = {"outcome": data.outcome, "note": data.note, "decision_id": decision.id}
    if data.outcome == "overturned":
        decision.overturned_at = now
        submission = session.get(Submission, decision.submission_id)
        submission.plagiarism = "cleared"
        session.flush()
        registry.hook("grading.reflect_verdict")(session, enrollment.id, restore=decision.grade_before)
        if not registry.hook("grading.current_standing")(session, enrollment.id)["plagiarism"]:
            registry.hook("certificates.reinstate")(session, actor, enrollment.id)
        ban = session.get(PlagiarismBan, decision.ban_id) if decision.ban_id else None
        if ban is not None:
            restored, lost = enrollment_services.lift_ban(session, actor, ban)
            after.update(restored=[e.id for e in restored], not_restored=[e.id for e in lost])
    session.flush()
    audit.record(session, actor, f"plagiarism.appeal_{data.outcome}", "plagiarism_appeal", row.id,
                 org_unit_id=enrollment.school_id, before={"status": "pending"}, after=after)
    registry.emit(session, "plagiarism.appeal_decided", appeal=row, enrollment=enrollment)
    return row


def appeals_queue(session, actor, *, status: str = "pending", page: int = 1,
                  per_page: int = 50) -> tuple[list[PlagiarismAppeal], int]:
    """The appeals of the province admin's area, the oldest pending first."""
    policies.DECIDE_APPEALS.enforce(actor)
    root = scope.highest_admin_unit(actor)
    query = (select(PlagiarismAppeal).join(Enrollment, PlagiarismAppeal.enrollment_id == Enrollment.id)
             .join(OrgUnit, Enrollment.school_id == OrgUnit.id).where(scope.subtree_filter(OrgUnit, root)))
    if status != "all":
        query = query.where(PlagiarismAppeal.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(PlagiarismAppeal.submitted_at, PlagiarismAppeal.id)
                           .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def pending_count(session, actor) -> int:
    return appeals_queue(session, actor, per_page=1)[1] if policies.can_decide_appeals(actor) else 0
