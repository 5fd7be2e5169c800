"""What notices hears from the domains below (events they emit through lms.core.registry.emit, none of them
knowing this domain), turned into notices for whom they concern. Each runs in the emitting transaction."""
from __future__ import annotations

from sqlalchemy import select

from lms.core import scope
from lms.notices import rules, services
from lms.org.models import OrgUnit, RoleAssignment, User


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


def tutoring_misconduct(session, misconduct, student, actor=None) -> None:
    """The admins of the student's school hear of misconduct recorded on it (001 L51: the school intervenes)."""
    if student.org_unit is None:
        return
    told = [uid for uid in unit_admins(session, student.org_unit) if uid != getattr(actor, "id", None)]
    services.notify_all(session, told, rules.TUTORING_MISCONDUCT,
                        {"student": student.name, "student_id": student.id, "reason": misconduct.reason,
                         "by": getattr(actor, "name", ""), "misconduct_id": misconduct.id,
                         "at": misconduct.created_at.isoformat()})


def square_question(session, question) -> None:
    """The active tutors of the question's subject hear of a new question in the square (001 L40 "系统推送")."""
    told = session.scalars(select(User.id).join(RoleAssignment, RoleAssignment.user_id == User.id).where(
        RoleAssignment.role == "tutor", User.subject == question.subject, User.is_active_account.is_(True),
        User.id != question.student_id))
    services.notify_all(session, list(told), rules.SQUARE_QUESTION,
                        {"subject": question.subject, "question_id": question.id, "excerpt": question.body[:80]})


def micro_lesson_post(session, lesson, post) -> None:
    """A micro-lesson's tutor hears of a student's post in its discussion (001 L42 "指导学生开展基于微课的讨论、提问")."""
    services.notify(session, lesson.tutor_id, rules.MICRO_LESSON_POST,
                    {"lesson_id": lesson.id, "title": lesson.title, "author": post.author.name,
                     "post_id": post.id, "excerpt": post.body[:80]})


def tutoring_cancelled(session, tutoring, student_ids, actor=None) -> None:
    """The students who booked a tutoring session hear it was cancelled."""
    services.notify_all(session, [uid for uid in student_ids if uid != getattr(actor, "id", None)],
                        rules.TUTORING_CANCELLED,
                        {"topic": tutoring.topic, "tutoring_id": tutoring.id, "tutor": tutoring.tutor.name,
                         "starts_at": tutoring.starts_at.isoformat(), "by": getattr(actor, "name", "")})


def tutoring_accepted(session, request, tutoring) -> None:
    """The student hears a tutor took its on-demand request: the room is open."""
    services.notify(session, request.student_id, rules.TUTORING_ACCEPTED,
                    {"tutor": tutoring.tutor.name, "tutoring_id": tutoring.id, "subject": request.subject,
                     "request_id": request.id})
def tutor_qualification(session, disqualification, actor=None) -> None:
    """The tutor hears its qualification was revoked (with the reason) or reinstated (B17)."""
    action = "reinstated" if disqualification.reinstated_at is not None else "revoked"
    services.notify(session, disqualification.user_id, rules.TUTOR_QUALIFICATION,
                    {"action": action, "reason": disqualification.reason, "by": getattr(actor, "name", ""),
                     "disqualification_id": disqualification.id})


def tutoring_org_award(session, awards, actor=None) -> None:
    """B18: the admins of each winning school or district hear of its award (the confirming admin excepted)."""
    for award in awards:
        told = [uid for uid in unit_admins(session, award.unit) if uid != getattr(actor, "id", None)]
        services.notify_all(session, told, rules.TUTORING_ORG_AWARD,
                            {"unit": award.unit.name, "unit_id": award.org_unit_id, "kind": award.kind,
                             "area": award.area.name, "term": award.term.name, "term_id": award.term_id,
                             "rank": award.rank})


def course_review_reopened(session, review, lesson, change) -> None:
    """E2a: the experts of a course under re-review are told its lessons changed after their approval."""
    services.notify_all(session, [r.profile.user_id for r in review.reviewers], rules.COURSE_REREVIEW,
                        {"course": review.course.title, "course_id": review.course_id, "review_id": review.id,
                         "round": review.round, "lesson": lesson.title, "change": change})
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


def _activity_reviewed(session, activity, kind, actor) -> None:
    """The organiser hears the province's review of its activity (not when it reviewed its own)."""
    if activity.created_by_id == getattr(actor, "id", None):
        return
    services.notify(session, activity.created_by_id, kind,
                    {"title": activity.title, "activity_id": activity.id, "kind": activity.kind,
                     "starts_at": activity.starts_at.isoformat(), "reason": activity.review_reason or "",
                     "by": getattr(actor, "name", "")})


def activity_awaiting_review(session, activity, actor=None) -> None:
    """The admins of the organiser's province hear an activity waits for their review (004 L135 "符合省级要求"), so
    the queue does not depend on someone looking; the one who created it is not told."""
    unit = activity.org_unit or (actor.org_unit if actor is not None else None)
    if unit is None or unit.province_id is None:
        return
    province = session.get(OrgUnit, unit.province_id)
    told = [uid for uid in unit_admins(session, province) if uid != getattr(actor, "id", None)]
    services.notify_all(session, told, rules.ACTIVITY_AWAITING_REVIEW,
                        {"title": activity.title, "activity_id": activity.id, "kind": activity.kind,
                         "starts_at": activity.starts_at.isoformat(), "by": getattr(actor, "name", ""),
                         "unit": activity.org_unit.name if activity.org_unit else ""})


def live_cancelled(session, live, user_ids, cause, actor=None) -> None:
    """The learners who booked a live session and its other reviewers hear it was cancelled, and why (``cause``:
    lms.live.rules BY_HOST, BY_ADMIN, HOST_DISQUALIFIED); not the one who cancelled it."""
    told = [uid for uid in user_ids if uid != getattr(actor, "id", None)]
    services.notify_all(session, told, rules.LIVE_CANCELLED,
                        {"title": live.title, "live_id": live.id, "form": live.form, "host": live.host.name,
                         "starts_at": live.starts_at.isoformat(), "cause": cause, "by": getattr(actor, "name", ""),
                         "reason": live.cancel_reason})


def activity_approved(session, activity, actor=None) -> None:
    _activity_reviewed(session, activity, rules.ACTIVITY_APPROVED, actor)


def activity_rejected(session, activity, actor=None) -> None:
    _activity_reviewed(session, activity, rules.ACTIVITY_REJECTED, actor)


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


def _evaluation(evaluation) -> dict:
    return {"area": evaluation.org_unit.name, "project": evaluation.round.project.name,
            "evaluation_id": evaluation.id}


def evaluation_assigned(session, review, evaluation, actor=None) -> None:
    """JX11b: the outside evaluator hears the province asks it to evaluate an area."""
    services.notify(session, review.reviewer_id, rules.EVALUATION_ASSIGNED, _evaluation(evaluation))


def evaluation_returned(session, evaluation, actor=None) -> None:
    """JX11b: the admins of the area hear their self-evaluation came back, and why."""
    services.notify_all(session, unit_admins(session, evaluation.org_unit), rules.EVALUATION_RETURNED,
                        {**_evaluation(evaluation), "reason": evaluation.returned_reason or ""})


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
    "tutoring.misconduct_recorded": tutoring_misconduct,
    "square.question_asked": square_question,
    "square.lesson_posted": micro_lesson_post,
    "tutoring.session_cancelled": tutoring_cancelled,
    "tutoring.request_accepted": tutoring_accepted,
    "tutoring.tutor_disqualified": tutor_qualification,
    "tutoring.tutor_reinstated": tutor_qualification,
    "tutoring.org_award_confirmed": tutoring_org_award,
    "live.session_cancelled": live_cancelled,
    "course_review.reopened": course_review_reopened,
    "activity.changed": activity_changed,
    "activity.awaiting_review": activity_awaiting_review,
    "activity.approved": activity_approved,
    "activity.rejected": activity_rejected,
    "survey.published": survey_published,
    "outcome.reviewed": outcome_reviewed,
    "outcome.showcased": outcome_showcased,
    "evaluation.assigned": evaluation_assigned,
    "evaluation.returned": evaluation_returned,
}
