"""Writing training outcomes (004 L82-83, L91, L119): hand in, withdraw, take in or return, recommend, showcase;
the teaching-research group's notes. The learner is told (events ``outcome.reviewed``, ``outcome.showcased``, heard
by lms.notices) when its school takes its outcome in or returns it and when the province showcases it. Services take the acting user, check the policy, apply the rules, flush —
never commit. The steps and their order are ``rules.TRANSITIONS``; each one is audited."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from lms.assignments.models import Submission
from lms.core import audit, clock, registry
from lms.core.errors import Conflict, InvalidInput, NotFound
from lms.enrollment.models import Enrollment
from lms.outcomes import policies, queries, rules
from lms.outcomes.models import Outcome, OutcomeNote
from lms.projects import media

# What each broken rule says to the person, in the reader's language (rules name them by code; the field is the
# rule's).
MESSAGES = {
    "title_required": lambda: _("Give the outcome a title."),
    "title_too_long": lambda: _("The title is longer than %(n)d characters.", n=rules.TITLE_MAX),
    "unknown_kind": lambda: _("Choose the kind of outcome."),
    "description_too_long": lambda: _("The description is longer than %(n)d characters.", n=rules.DESCRIPTION_MAX),
    "file_or_work": lambda: _("Attach a file or choose one of your written assignments, not both."),
    "content_required": lambda: _("Attach a file or choose one of your written assignments."),
    "not_own_work": lambda: _("Choose a written assignment you handed in in this training."),
    "not_written_work": lambda: _("Only written assignments can be outcomes, not quizzes."),
    "plagiarised_work": lambda: _("Work with confirmed plagiarism cannot be an outcome."),
    "not_excellent": lambda: _("Only work a tutor reviewed and marked excellent can be proposed."),
    "already_an_outcome": lambda: _("This work is an outcome already."),
    "reason_required": lambda: _("Give the reason."),
    "reason_too_long": lambda: _("The reason is longer than %(n)d characters.", n=rules.REASON_MAX),
    "note_required": lambda: _("Write the note."),
    "note_too_long": lambda: _("The note is longer than %(n)d characters.", n=rules.NOTE_MAX),
    "wrong_state": lambda: _("This step does not apply to the outcome as it stands."),
    "unknown_action": lambda: _("Unknown action."),
}
# Codes that concern the outcome's state rather than the input: a conflict, not a correction.
CONFLICTS = {"wrong_state", "already_an_outcome"}


def refusal(error: rules.OutcomeRuleError):
    """The domain error a person reads for a broken rule."""
    message = MESSAGES[error.code]()
    if error.code in CONFLICTS:
        return Conflict(error.code, message, fields={error.field: message} if error.field else None)
    return InvalidInput(message, {error.field: message} if error.field else None)


# The files an outcome may carry (rules.FILE_SUFFIXES), each with the type it is served as (written out: the
# system's mime table differs between hosts; deploy/nginx/media_types.conf says the same).
FILE_TYPES = {
    ".pdf": "application/pdf", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xls": "application/vnd.ms-excel", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".zip": "application/zip", ".mp4": "video/mp4"}


def read_file(upload, document_bytes: int, video_bytes: int) -> media.Upload | None:
    """An outcome's file from the form (None when none was attached), bound for the media storage within its
    size — a lesson video may be larger than a document. Its kind is checked as it is stored."""
    if upload is None or not upload.filename:
        return None
    return media.Upload.of(upload, rules.file_limit(upload.filename, document_bytes, video_bytes))


@dataclass(frozen=True)
class HandIn:
    enrollment_id: int
    title: str
    kind: str
    description: str | None = None
    submission_id: int | None = None
    file: media.Upload | None = None


def _work(session, enrollment: Enrollment, submission_id: int | None):
    if submission_id is None:
        return None, None
    work = session.get(Submission, submission_id)
    if work is None:
        raise InvalidInput(_("No such submission."), {"submission_id": _("No such submission.")})
    facts = rules.WrittenWork(own=work.enrollment_id == enrollment.id, written=work.kind == "subjective",
                              plagiarism_confirmed=work.plagiarism == "confirmed")
    return work, facts


def _content(session, outcome: Outcome, enrollment: Enrollment, data: HandIn, keep_file: bool = False) -> None:
    """Check the hand-in against the rules and write its fields onto ``outcome``; ``keep_file``: the outcome keeps
    the file it has. A new file is streamed to the media storage once the rules pass; the one it replaces is
    deleted when the transaction commits."""
    work, facts = _work(session, enrollment, data.submission_id)
    try:
        title = rules.check_outcome(data.title, data.kind, data.description or "",
                                    has_file=data.file is not None or keep_file, work=facts)
    except rules.OutcomeRuleError as error:
        raise refusal(error) from None
    if work is not None and work.id != outcome.submission_id and queries.is_outcome(session, work.id):
        raise refusal(rules.OutcomeRuleError("already_an_outcome", "submission_id"))
    outcome.title, outcome.kind = title, data.kind
    outcome.description = (data.description or "").strip() or None
    outcome.submission_id = work.id if work is not None else None
    if keep_file:
        return
    storage = media.configured_storage()
    media.delete_after_commit(session, storage, outcome.file_key)
    if data.file is not None:
        stored = media.store_upload(data.file, "file", FILE_TYPES)
        media.discard_on_rollback(session, data.file.storage, stored.key)
        outcome.file_name, outcome.file_size, outcome.file_key = data.file.name, stored.size, stored.key
        outcome.content_type = stored.content_type
    else:
        outcome.file_name = outcome.file_size = outcome.file_key = outcome.content_type = None


def _enrollment(session, actor, enrollment_id: int) -> Enrollment:
    row = session.get(Enrollment, enrollment_id)
    if row is None or row.teacher_id != actor.id or row.status != "active":
        raise InvalidInput(_("Choose one of your trainings."), {"enrollment_id": _("Choose one of your trainings.")})
    return row


def _trail(outcome: Outcome, before: str | None = None, **after) -> dict:
    """The audit entry's unit, before and after of a step on ``outcome``."""
    return {"org_unit_id": outcome.school_id, "before": {"state": before} if before else None,
            "after": {"state": outcome.state, "title": outcome.title, **after}}


def hand_in(session, actor, data: HandIn) -> Outcome:
    """004 L91: a learner hands an outcome of one of its trainings in to its school."""
    policies.HAND_IN.enforce(actor)
    enrollment = _enrollment(session, actor, data.enrollment_id)
    klass = queries.class_of(session, enrollment.class_id)
    now = clock.now()
    row = Outcome(enrollment_id=enrollment.id, learner_id=actor.id, school_id=enrollment.school_id,
                  class_id=enrollment.class_id, batch_id=enrollment.batch_id,
                  subject=actor.subject or klass.course.subject, stage=actor.stage or klass.course.stage,
                  state=rules.SUBMITTED, created_at=now, created_by_id=actor.id, submitted_at=now)
    _content(session, row, enrollment, data)
    session.add(row)
    session.flush()
    audit.record(session, actor, "outcome.hand_in", "outcome", row.id, **_trail(row, kind=row.kind))
    return row


def _step(outcome: Outcome, action: str, reason: str | None = None) -> str:
    try:
        return rules.next_state(outcome.state, action, reason)
    except rules.OutcomeRuleError as error:
        raise refusal(error) from None


def resubmit(session, actor, outcome: Outcome, data: HandIn) -> Outcome:
    """A returned outcome, corrected, is handed in again; without a new file or work it keeps its content."""
    policies.RESUBMIT.enforce(actor, outcome)
    before = outcome.state
    outcome.state = _step(outcome, "resubmit")
    enrollment = session.get(Enrollment, outcome.enrollment_id)
    if data.file is None and data.submission_id is None:  # the content stays
        _content(session, outcome, enrollment, HandIn(data.enrollment_id, data.title, data.kind, data.description,
                                                      submission_id=outcome.submission_id),
                 keep_file=outcome.file_key is not None)
    else:
        _content(session, outcome, enrollment, data)
    outcome.submitted_at = clock.now()
    outcome.return_reason = outcome.reviewed_at = outcome.reviewed_by_id = None
    session.flush()
    audit.record(session, actor, "outcome.resubmit", "outcome", outcome.id, **_trail(outcome, before))
    return outcome


def withdraw(session, actor, outcome: Outcome) -> None:
    """The learner takes back an outcome its school has not taken in (handed in or returned): it is removed, its
    file or written work free to be handed in again (the file leaves the media storage once this commits); the
    audit keeps what it was."""
    policies.WITHDRAW.enforce(actor, outcome)
    before = outcome.state
    _step(outcome, "withdraw")
    audit.record(session, actor, "outcome.withdraw", "outcome", outcome.id, org_unit_id=outcome.school_id,
                 before={"state": before, "title": outcome.title, "kind": outcome.kind},
                 after={"state": rules.WITHDRAWN})
    media.delete_after_commit(session, media.configured_storage(), outcome.file_key)
    session.delete(outcome)
    session.flush()


def deliver_file(outcome: Outcome, storage: media.LocalStorage, lifetime: int):
    """The outcome's file as an attachment under its name, with range requests (a lesson video), sent as
    MEDIA_DELIVERY says."""
    if not outcome.file_key:
        raise NotFound(_("This outcome has no file."))
    return media.deliver_file(storage, outcome.file_key, outcome.content_type or "application/octet-stream",
                              outcome.file_name, lifetime=lifetime,
                              missing=_("The file is missing; ask its author to hand it in again."))


def review(session, actor, outcome: Outcome, action: str, reason: str | None = None) -> Outcome:
    """004 L91: the school's admin takes the outcome in (``accept``) or returns it with a reason (``return``)."""
    policies.REVIEW.enforce(actor, outcome)
    if action not in ("accept", "return"):
        raise refusal(rules.OutcomeRuleError("unknown_action", "action"))
    before = outcome.state
    outcome.state = _step(outcome, action, reason)
    outcome.reviewed_by_id, outcome.reviewed_at = actor.id, clock.now()
    outcome.return_reason = reason.strip() if action == "return" else None
    session.flush()
    audit.record(session, actor, f"outcome.{action}", "outcome", outcome.id, **_trail(outcome, before, reason=outcome.return_reason))
    registry.emit(session, "outcome.reviewed", outcome=outcome, action=action, actor=actor)
    return outcome


def _note(text: str | None) -> str | None:
    text = (text or "").strip()
    if len(text) > rules.REASON_MAX:
        raise refusal(rules.OutcomeRuleError("reason_too_long", "note"))
    return text or None


def recommend(session, actor, outcome: Outcome, note: str | None = None) -> Outcome:
    """004 L119: a tutor of the learner's class recommends an accepted outcome for the province showcase."""
    policies.RECOMMEND.enforce(actor, outcome)
    before = outcome.state
    outcome.state = _step(outcome, "recommend")
    outcome.recommended_by_id, outcome.recommended_at = actor.id, clock.now()
    outcome.recommendation_note = _note(note)
    session.flush()
    audit.record(session, actor, "outcome.recommend", "outcome", outcome.id, **_trail(outcome, before, note=outcome.recommendation_note))
    return outcome


def propose(session, actor, work: Submission, kind: str, title: str | None = None,
            note: str | None = None) -> Outcome:
    """A tutor proposes written work it marked excellent (lms.assignments) for the showcase: it becomes the
    learner's outcome, recommended."""
    policies.PROPOSE.enforce(actor, work)
    try:
        rules.check_proposal(reviewed=work.reviewed_at is not None, excellent=work.excellent,
                             written=work.kind == "subjective", plagiarism_confirmed=work.plagiarism == "confirmed",
                             already_an_outcome=queries.is_outcome(session, work.id))
        title = rules.check_outcome(title or work.assignment.title, kind, "", has_file=False,
                                    work=rules.WrittenWork(own=True, written=True, plagiarism_confirmed=False))
    except rules.OutcomeRuleError as error:
        raise refusal(error) from None
    enrollment = session.get(Enrollment, work.enrollment_id)
    if enrollment is None:
        raise NotFound(_("No such submission."))
    learner, klass, now = work.learner, queries.class_of(session, work.class_id), clock.now()
    row = Outcome(enrollment_id=enrollment.id, learner_id=learner.id, school_id=enrollment.school_id,
                  class_id=work.class_id, batch_id=enrollment.batch_id,
                  subject=learner.subject or klass.course.subject, stage=learner.stage or klass.course.stage,
                  title=title, kind=kind, submission_id=work.id, state=rules.RECOMMENDED, created_at=now,
                  created_by_id=actor.id, submitted_at=now, recommended_by_id=actor.id, recommended_at=now,
                  recommendation_note=_note(note))
    session.add(row)
    session.flush()
    audit.record(session, actor, "outcome.propose", "outcome", row.id, **_trail(row, submission_id=work.id))
    return row


def decide(session, actor, outcome: Outcome, action: str, reason: str | None = None) -> Outcome:
    """004 L119: the province showcases a recommended outcome (``showcase``) or declines it with a reason
    (``decline``: it is accepted again, and may be recommended again)."""
    policies.SHOWCASE.enforce(actor, outcome)
    if action not in ("showcase", "decline"):
        raise refusal(rules.OutcomeRuleError("unknown_action", "action"))
    before = outcome.state
    outcome.state = _step(outcome, action, reason)
    outcome.decided_by_id = actor.id
    if action == "showcase":
        outcome.showcased_at, outcome.decline_reason = clock.now(), None
    else:
        outcome.showcased_at, outcome.decline_reason = None, reason.strip()
    session.flush()
    audit.record(session, actor, f"outcome.{action}", "outcome", outcome.id, **_trail(outcome, before, reason=outcome.decline_reason))
    if action == "showcase":
        registry.emit(session, "outcome.showcased", outcome=outcome, actor=actor)
    return outcome


def add_note(session, actor, school, outcome: Outcome, body: str) -> OutcomeNote:
    """004 L82-83: the group notes how it uses an outcome in its collective lesson preparation (集体备课)."""
    policies.NOTE.enforce(actor, school)
    if not queries.in_group(outcome, school):
        raise NotFound(_("This outcome is not in the group's space."))
    try:
        text = rules.check_note(body)
    except rules.OutcomeRuleError as error:
        raise refusal(error) from None
    note = OutcomeNote(outcome_id=outcome.id, school_id=school.id, author_id=actor.id, body=text,
                       created_at=clock.now())
    session.add(note)
    session.flush()
    audit.record(session, actor, "outcome.note", "outcome", outcome.id, org_unit_id=school.id,
                 after={"chars": len(text)})
    return note
