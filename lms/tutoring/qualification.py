"""Revoking a tutor's online tutoring qualification and reinstating it (001 L69 "对于在实施管理和监督检查中出现严重
问题的教师，将取消其在线辅导资格"; docs/RULES.md B17). The city's admin decides for the tutors of its city (the
province's for a province-unit tutor), the same level reinstates.

The qualification is the ``tutor`` role the city's approval of a tutor application grants (lms.tutors): it lets
the teacher offer and take students' tutoring and host lms.live's sessions. Revoking takes the role away, moves
the approved profile out of the library and cancels the tutor's coming sessions of both, each with its usual
cancellation (the booked students' notices). Services take the acting user, check its policy and never commit."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import audit, clock, registry
from lms.core.errors import Conflict, InvalidInput
from lms.live import services as live_services
from lms.live.models import LiveSession
from lms.org.models import RoleAssignment, User
from lms.tutoring import policies, services
from lms.tutoring.models import TutorAvailability, TutoringSession
from lms.tutors import queries as tutor_queries
from lms.tutors import rules as tutor_rules
from lms.tutors.models import TutorApplication, TutorDisqualification


def disqualify(session, actor, person: User, reason: str) -> TutorDisqualification:
    policies.QUALIFY.enforce(actor, person)
    reason = (reason or "").strip()
    if len(reason) < services.MIN_REASON_CHARS:
        said = _("Give the reason (at least %(n)d characters).", n=services.MIN_REASON_CHARS)
        raise InvalidInput(said, {"reason": said})
    if tutor_queries.disqualification_of(session, person.id) is not None:
        raise Conflict("already_disqualified", _("This tutor's qualification is revoked already."))
    now = clock.now()
    for assignment in [a for a in person.role_assignments if a.role == "tutor"]:
        person.role_assignments.remove(assignment)
        session.delete(assignment)
    profile = tutor_queries.approved_of(session, person.id)
    if profile is not None:
        profile.status = tutor_rules.REVOKED
    available = session.get(TutorAvailability, person.id)
    if available is not None:
        session.delete(available)
    # Coming sessions go the usual way: audited, the booked students told (the actor manages its area's).
    for tutoring in session.scalars(select(TutoringSession).where(
            TutoringSession.tutor_id == person.id, TutoringSession.status == "open", TutoringSession.starts_at > now)):
        services.cancel(session, actor, tutoring)
    for live in session.scalars(select(LiveSession).where(
            LiveSession.host_id == person.id, LiveSession.status == "scheduled", LiveSession.starts_at > now)):
        live_services.cancel(session, actor, live, host_disqualified=True)
    row = TutorDisqualification(user_id=person.id, tutor=person, reason=reason[:2_000], decided_by_id=actor.id,
                                decided_by=actor, decided_at=now)
    session.add(row)
    session.flush()
    audit.record(session, actor, "tutor.disqualify", "user", person.id, org_unit_id=person.org_unit_id,
                 after={"reason": row.reason})
    registry.emit(session, "tutoring.tutor_disqualified", disqualification=row, actor=actor)
    return row


def reinstate(session, actor, person: User) -> TutorDisqualification:
    """The same level gives the qualification back: the role and the library profile (sessions stay cancelled)."""
    policies.QUALIFY.enforce(actor, person)
    row = tutor_queries.disqualification_of(session, person.id)
    if row is None:
        raise Conflict("not_disqualified", _("This tutor's qualification is not revoked."))
    row.reinstated_at, row.reinstated_by_id = clock.now(), actor.id
    if not person.has_role("tutor"):
        person.role_assignments.append(RoleAssignment(role="tutor", org_unit_id=person.org_unit_id))
    profile = session.scalar(select(TutorApplication).where(TutorApplication.user_id == person.id,
                                                            TutorApplication.status == tutor_rules.REVOKED)
                             .order_by(TutorApplication.id.desc()))
    if profile is not None:
        profile.status = tutor_rules.APPROVED
    session.flush()
    audit.record(session, actor, "tutor.reinstate", "user", person.id, org_unit_id=person.org_unit_id,
                 before={"reason": row.reason})
    registry.emit(session, "tutoring.tutor_reinstated", disqualification=row, actor=actor)
    return row
