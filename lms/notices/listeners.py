"""What notices hears from the domains below (events they emit through lms.core.registry.emit, none of them
knowing this domain), turned into notices for whom they concern. Each runs in the emitting transaction."""
from __future__ import annotations

from sqlalchemy import select

from lms.core import scope
from lms.notices import rules, services
from lms.org.models import RoleAssignment, User


def _training(klass) -> dict:
    batch = klass.batch
    return {"course": klass.course.title, "class": klass.name, "project": batch.project.name,
            "batch": batch.number, "batch_id": batch.id, "starts_on": batch.starts_on.isoformat(),
            "ends_on": batch.ends_on.isoformat()}


def unit_admins(session, unit) -> list[int]:
    """The active admins of ``unit`` itself (not those above it)."""
    role = next(r for r, level in scope.ADMIN_ROLE_LEVEL.items() if level == unit.level)
    return list(session.scalars(select(RoleAssignment.user_id).join(User, User.id == RoleAssignment.user_id)
                                .where(RoleAssignment.org_unit_id == unit.id, RoleAssignment.role == role,
                                       User.is_active_account.is_(True))))


def enrollment_created(session, enrollment) -> None:
    services.notify(session, enrollment.teacher_id, rules.ENROLLMENT_CREATED,
                    {**_training(enrollment.training_class), "enrollment_id": enrollment.id})


def enrollment_cancelled(session, enrollment) -> None:
    services.notify(session, enrollment.teacher_id, rules.ENROLLMENT_CANCELLED,
                    {**_training(enrollment.training_class), "enrollment_id": enrollment.id})


def enrollment_replaced(session, enrollment, new) -> None:
    """The teacher who lost the place is told; the one who took it hears ``enrollment.created``'s news."""
    services.notify(session, enrollment.teacher_id, rules.ENROLLMENT_REPLACED,
                    {**_training(enrollment.training_class), "enrollment_id": enrollment.id})
    enrollment_created(session, new)


def submission_reviewed(session, submission) -> None:
    services.notify(session, submission.learner_id, rules.WORK_GRADED,
                    {"assignment": submission.assignment.title, "score": submission.score,
                     "excellent": bool(submission.excellent), "enrollment_id": submission.enrollment_id,
                     "submission_id": submission.id})


def plagiarism_decided(session, decision, submission) -> None:
    services.notify(session, submission.learner_id, rules.PLAGIARISM_VERDICT,
                    {"assignment": submission.assignment.title, "decision": decision.decision,
                     "enrollment_id": submission.enrollment_id, "decision_id": decision.id})


def appeal_decided(session, appeal, enrollment) -> None:
    services.notify(session, appeal.teacher_id, rules.APPEAL_DECIDED,
                    {**_training(enrollment.training_class), "outcome": appeal.status,
                     "enrollment_id": enrollment.id, "appeal_id": appeal.id})


def certificate_issued(session, certificate, enrollment) -> None:
    services.notify(session, enrollment.teacher_id, rules.CERTIFICATE_ISSUED,
                    {**_training(enrollment.training_class), "enrollment_id": enrollment.id,
                     "code": certificate.code})


def seats_set(session, quota, unit, batch, before: int, actor=None) -> None:
    """The unit's admins hear that its seats changed — all but the one who changed them (a province admin
    setting the province's own seats)."""
    if quota.seats == before:
        return
    told = [uid for uid in unit_admins(session, unit) if uid != getattr(actor, "id", None)]
    services.notify_all(session, told, rules.SEATS_RECEIVED,
                        {"unit": unit.name, "unit_id": unit.id, "level": unit.level, "batch": batch.number,
                         "batch_id": batch.id, "project": batch.project.name, "seats": quota.seats,
                         "before": before})


def activity_cancelled(session, activity, user_ids, actor=None) -> None:
    """The learners an activity addressed hear it was cancelled, and why (not the one who cancelled it)."""
    told = [uid for uid in user_ids if uid != getattr(actor, "id", None)]
    services.notify_all(session, told, rules.ACTIVITY_CANCELLED,
                        {"title": activity.title, "activity_id": activity.id, "kind": activity.kind,
                         "starts_at": activity.starts_at.isoformat(), "reason": activity.cancel_reason,
                         "by": getattr(actor, "name", "")})


def activity_changed(session, activity, changed, user_ids, actor=None) -> None:
    """The learners an activity addresses hear its new time or place (``changed``: the fields whose value
    changed, lms.activities.rules.TIME_AND_PLACE); an edit of anything else tells nobody."""
    if not changed:
        return
    told = [uid for uid in user_ids if uid != getattr(actor, "id", None)]
    services.notify_all(session, told, rules.ACTIVITY_CHANGED,
                        {"title": activity.title, "activity_id": activity.id, "kind": activity.kind,
                         "starts_at": activity.starts_at.isoformat(), "ends_at": activity.ends_at.isoformat(),
                         "room_url": activity.room_url, "location": activity.location,
                         "changed": list(changed), "by": getattr(actor, "name", "")})


def _survey(survey) -> dict:
    return {"title": survey.title, "survey_id": survey.id, "opens_at": survey.opens_at.isoformat(),
            "closes_at": survey.closes_at.isoformat(), "anonymous": bool(survey.anonymous)}


def survey_published(session, survey, user_ids, actor=None) -> None:
    """Everyone a survey addresses hears it is out, once each (a survey is published once), with the way to
    answer it; a province-wide batch's survey tells tens of thousands, written in bulk."""
    services.notify_bulk(session, user_ids, rules.SURVEY_PUBLISHED, _survey(survey))


def _outcome(outcome) -> dict:
    return {"title": outcome.title, "outcome_id": outcome.id, "kind": outcome.kind}


def outcome_reviewed(session, outcome, action, actor=None) -> None:
    """The learner hears its school took its outcome in or returned it (and why)."""
    services.notify(session, outcome.learner_id, rules.OUTCOME_REVIEWED,
                    {**_outcome(outcome), "action": action, "reason": outcome.return_reason or ""})


def outcome_showcased(session, outcome, actor=None) -> None:
    """The learner hears its outcome entered the province showcase."""
    services.notify(session, outcome.learner_id, rules.OUTCOME_SHOWCASED, _outcome(outcome))


LISTENERS = {
    "enrollment.created": enrollment_created,
    "enrollment.cancelled": enrollment_cancelled,
    "enrollment.replaced": enrollment_replaced,
    "submission.reviewed": submission_reviewed,
    "plagiarism.decided": plagiarism_decided,
    "plagiarism.appeal_decided": appeal_decided,
    "certificate.issued": certificate_issued,
    "quota.seats_set": seats_set,
    "activity.cancelled": activity_cancelled,
    "activity.changed": activity_changed,
    "survey.published": survey_published,
    "outcome.reviewed": outcome_reviewed,
    "outcome.showcased": outcome_showcased,
}
