"""Tutor applications: apply (or change an approved profile), and each level's approval or return.

Services take the acting user, check its policy and never commit (the pipeline does).
"""
from __future__ import annotations

from flask_babel import gettext as _

from lms.core import audit, clock
from lms.core.errors import Conflict, InvalidInput
from lms.projects import media
from lms.org.models import RoleAssignment
from lms.tutors import policies, queries, rules
from lms.tutors.models import TutorApplication, TutorReview

KNOWN_STAGES = ("幼儿园", "小学", "初中", "高中")


def problem_message(field: str, code: str) -> str:
    if code == "missing" and field == "sample_url":
        return _("Give the sample micro-lesson's web address or upload its video.")
    if code == "missing":
        return _("Give at least one.") if field in rules.MAX_ITEMS else _("This field is required.")
    if code == "too_many":
        return _("At most %(n)d.", n=rules.MAX_ITEMS[field])
    if code == "unknown_stage":
        return _("Choose from the listed stages.")
    if code == "too_short":
        return _("Write at least %(n)d characters.", n=rules.INTRODUCTION_CHARS[0])
    if code == "bad_url":
        return _("Give a web address starting with http:// or https://.")
    if field in rules.MAX_ITEMS:
        return _("Each one at most %(n)d characters.", n=rules.MAX_ITEM_CHARS)
    limit = rules.INTRODUCTION_CHARS[1] if field == "introduction" else rules.MAX_ACHIEVEMENT_CHARS
    return _("At most %(n)d characters.", n=limit)


def submit(session, actor, profile: rules.Profile, video: media.Upload | None = None,
           remove_video: bool = False) -> TutorApplication:
    """Apply, or change the open application or the approved profile: the version is reviewed from the start.

    The sample micro-lesson is a link, an uploaded video (``video``), or both; a new version keeps the video of
    the version it changes unless a new one is uploaded or ``remove_video``."""
    policies.APPLY.enforce(actor)
    _not_disqualified(session, actor.id)
    application = queries.open_of(session, actor.id)
    source = application or queries.approved_of(session, actor.id)
    kept = None if remove_video or source is None or source.sample_video_key is None else (
        source.sample_video_key, source.sample_video_type, source.sample_video_seconds)
    profile = rules.Profile(*(tuple(x.strip() for x in getattr(profile, f)) for f in ("subjects", "stages", "topics")),
                            profile.introduction.strip(), profile.achievements.strip(), profile.sample_url.strip(),
                            has_video=video is not None or kept is not None)
    problems = rules.profile_problems(profile, KNOWN_STAGES)
    if problems:
        raise InvalidInput(_("Please correct the marked fields."),
                           {name: problem_message(name, code) for name, code in problems.items()})
    if video is not None:
        stored = media.store_upload(video, "sample_video")
        kept = (stored.key, stored.content_type, stored.duration_seconds)
    if application is None:
        application = TutorApplication(user_id=actor.id)
        session.add(application)
    application.org_unit_id = actor.org_unit_id
    application.org_unit = actor.org_unit
    application.status = rules.first_level(actor.org_unit.level)
    application.subjects, application.stages, application.topics = (list(profile.subjects), list(profile.stages),
                                                                     list(profile.topics))
    application.introduction, application.achievements = profile.introduction, profile.achievements
    application.sample_url, application.reason = profile.sample_url, None
    application.sample_video_key, application.sample_video_type, application.sample_video_seconds = (
        kept or (None, None, None))
    application.submitted_at = clock.now()
    session.flush()
    audit.record(session, actor, "tutor_application.submit", "tutor_application", application.id,
                 org_unit_id=application.org_unit_id, after={"status": application.status})
    return application


def _decide(session, actor, application: TutorApplication, decision: str, reason: str | None) -> TutorApplication:
    policies.REVIEW.enforce(actor, application)
    try:
        after = rules.after_decision(application.status, decision)
    except rules.ReviewRefused as refused:
        raise Conflict(refused.code, _("This application is not waiting for a review.")) from None
    now = clock.now()
    application.reviews.append(TutorReview(level=application.status, decision=decision, reason=reason,
                                           reviewer_id=actor.id, reviewer=actor, decided_at=now))
    before = application.status
    if after == rules.APPROVED:
        _enter_library(session, application, now)
    application.status, application.reason = after, reason
    session.flush()
    audit.record(session, actor, f"tutor_application.{decision}", "tutor_application", application.id,
                 org_unit_id=application.org_unit_id, before={"status": before},
                 after={"status": after, "reason": reason})
    return application


def _not_disqualified(session, user_id: int) -> None:
    if queries.disqualification_of(session, user_id) is not None:
        raise Conflict("disqualified", _("This teacher's tutoring qualification is revoked: only its city can "
                                         "reinstate it."))


def _enter_library(session, application: TutorApplication, now) -> None:
    """The city's approval: the previous approved profile gives way and the applicant becomes a tutor (the
    ``tutor`` role the live sessions' policies ask for, on its own unit)."""
    _not_disqualified(session, application.user_id)  # a version sent before the revocation waits for reinstating
    previous = queries.approved_of(session, application.user_id)  # asked before this one is marked approved
    if previous is not None:
        previous.status = rules.SUPERSEDED
        session.flush()  # one approved version per teacher (a partial unique index)
    application.approved_at = now
    applicant = application.applicant
    if not applicant.has_role("tutor"):
        applicant.role_assignments.append(RoleAssignment(role="tutor", org_unit_id=applicant.org_unit_id))


def approve(session, actor, application: TutorApplication) -> TutorApplication:
    return _decide(session, actor, application, rules.APPROVE, None)


def return_application(session, actor, application: TutorApplication, reason: str) -> TutorApplication:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Please correct the marked fields."), {"reason": _("Say why it is returned.")})
    return _decide(session, actor, application, rules.RETURN, reason[:500])


def deliver_sample(application: TutorApplication, storage: media.LocalStorage, lifetime: int):
    """The uploaded sample video with HTTP range requests, sent as MEDIA_DELIVERY says (as a lesson's video)."""
    return media.deliver_video(storage, application.sample_video_key, application.sample_video_type,
                               application.sample_video_seconds, lifetime=lifetime,
                               missing=_("The video file is missing; ask the applicant to upload it again."))
