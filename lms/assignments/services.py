"""Write side of assignments: create them, hand in answers (quiz scored, essay checked), save drafts,
review, and rule on suspected plagiarism (J11-J13)."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from lms.assignments import papers, policies, rules
from lms.assignments.models import Assignment, Draft, PlagiarismDecision, Submission
from lms.core import audit, clock, registry
from lms.core.db import hold_write_lock
from lms.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from lms.enrollment import services as enrollment_services
from lms.enrollment.models import Enrollment
from lms.originality import services as originality
from lms.originality.store import documents_of_source, index_document
from lms.projects import rules as calendar
from lms.projects.models import Batch, Course, TrainingClass


def create_assignment(session, actor, course: Course, data) -> Assignment:
    """``data``: a parsed ObjectiveIn or SubjectiveIn."""
    if actor is not None:  # None: the system itself (demo)
        policies.MANAGE_ASSIGNMENTS.enforce(actor)
    assignment = Assignment(course_id=course.id, kind=data.kind, title=data.title,
                            created_by_id=getattr(actor, "id", None), created_at=clock.now())
    if data.kind == "objective" and (data.questions is None) == (data.draw is None):
        raise InvalidInput(_("Please correct the marked fields."),
                           {"questions": _("Give the quiz's questions, or how many to draw from the question bank.")})
    if data.kind == "objective" and data.draw is not None:
        available = papers.bank_size(session, course.id)
        if data.draw > available:
            raise InvalidInput(_("Please correct the marked fields."), {"draw": _(
                "The question bank holds %(n)d questions: a quiz cannot draw more.", n=available)})
        assignment.draw_count = data.draw
    elif data.kind == "objective":
        questions = [q.model_dump() for q in data.questions]
        problems = rules.question_problems(questions, _)
        if problems:
            raise InvalidInput(_("Please correct the marked fields."), problems)
        assignment.questions = questions
    else:
        assignment.prompt, assignment.min_chars = data.prompt, data.min_chars
    session.add(assignment)
    session.flush()
    audit.record(session, actor, "assignment.create", "assignment", assignment.id,
                 org_unit_id=getattr(actor, "org_unit_id", None),
                 after={"name": assignment.title, "course_id": course.id, "kind": assignment.kind})
    return assignment


def deadline(batch: Batch):
    """Submissions close when the batch ends (the end of its last day, local time)."""
    return calendar.batch_closes_at(batch.ends_on, clock.local_tz())


def deadline_passed(batch: Batch) -> bool:
    return clock.now() >= deadline(batch)


def learner_context(session, actor, assignment: Assignment, enrollment_id: int, *, lock: bool = False):
    """The caller's active enrollment in a class of the assignment's course, its class and batch."""
    if lock:  # one hand-in at a time per enrollment (PostgreSQL; SQLite holds the write lock already)
        # The id alone: the model's joined relationships would put the lock on outer joins.
        session.execute(select(Enrollment.id).where(Enrollment.id == enrollment_id).with_for_update())
    enrollment = session.get(Enrollment, enrollment_id)
    if enrollment is None:
        raise NotFound(_("No such enrollment."))
    if enrollment.teacher_id != actor.id:
        raise Forbidden(_("This is not your enrollment."))
    klass = session.get(TrainingClass, enrollment.class_id)
    if klass.course_id != assignment.course_id:
        raise InvalidInput(_("This assignment belongs to another course."),
                           {"enrollment_id": _("Not an enrollment in this assignment's course.")})
    if enrollment.status != "active":
        raise Conflict("enrollment_inactive", _("This enrollment was cancelled or replaced."))
    return enrollment, klass, klass.batch


def _check_open(session, enrollment: Enrollment, batch: Batch) -> None:
    if deadline_passed(batch):
        raise Conflict("deadline_passed", _("Batch %(n)d ended on %(day)s: assignments can no longer be handed in.",
                                            n=batch.number, day=batch.ends_on.isoformat()))
    if session.scalar(select(PlagiarismDecision.id).where(PlagiarismDecision.enrollment_id == enrollment.id,
                                                          PlagiarismDecision.in_force()).limit(1)):
        raise Conflict("plagiarism_confirmed", _("Plagiarism was confirmed in this training: it has failed."))


def _existing(session, assignment: Assignment, enrollment: Enrollment) -> Submission | None:
    return session.scalar(select(Submission).where(Submission.assignment_id == assignment.id,
                                                  Submission.enrollment_id == enrollment.id))


def submit(session, actor, assignment: Assignment, data) -> Submission:
    """Hand in ``data`` (SubmissionIn): a quiz is scored at once, a written answer checked (J11)."""
    _validate(assignment, data)
    hold_write_lock(session)
    enrollment, klass, batch = learner_context(session, actor, assignment, data.enrollment_id, lock=True)
    _check_open(session, enrollment, batch)
    submission = _existing(session, assignment, enrollment)
    now = clock.now()
    if assignment.kind == "objective":
        if submission is not None:
            raise Conflict("already_submitted", _("A quiz is answered once; your answers are in."))
        # The answers refer to the learner's own paper (its order, its shuffled options) and are
        # scored against it.
        paper = papers.keep_paper(session, assignment, enrollment)
        problems = rules.answer_problems(paper, data.answers, _)
        if problems:
            raise InvalidInput(_("Please correct the marked fields."), problems)
        submission = Submission(assignment_id=assignment.id, enrollment_id=enrollment.id, class_id=klass.id,
                                learner_id=actor.id, kind="objective", version=1, submitted_at=now,
                                answers=data.answers, score_percent=rules.score_percent(paper, data.answers))
        session.add(submission)
        session.flush()
        _grade_inputs_changed(session, enrollment.id)
        return submission
    if submission is None:
        submission = Submission(assignment_id=assignment.id, enrollment_id=enrollment.id, class_id=klass.id,
                                learner_id=actor.id, kind="subjective", version=0, submitted_at=now)
        session.add(submission)
        session.flush()
    _check_and_index(session, actor, assignment, submission, data.text)
    submission.version += 1
    submission.submitted_at = now
    session.execute(Draft.__table__.delete().where(Draft.assignment_id == assignment.id,
                                                   Draft.enrollment_id == enrollment.id))
    session.flush()
    _grade_inputs_changed(session, enrollment.id)
    return submission


def _grade_inputs_changed(session, enrollment_id: int) -> None:
    """Grading (a layer above) keeps the stored grade, which statistics read, current with the work."""
    registry.hook("grading.inputs_changed")(session, enrollment_id)


def _validate(assignment: Assignment, data) -> None:
    """Everything about the input, before any lock is taken or row written."""
    if assignment.kind == "objective":
        # The answers are checked against the learner's paper once it is at hand (submit).
        problems = {} if data.answers is not None else {"answers": _("This field is required.")}
    elif data.text is None or not data.text.strip():
        problems = {"text": _("This field is required.")}
    elif rules.written_length(data.text) < assignment.min_chars:
        problems = {"text": _("Write at least %(n)d characters (you have %(m)d).", n=assignment.min_chars,
                              m=rules.written_length(data.text))}
    else:
        problems = {}
    if problems:
        raise InvalidInput(_("Please correct the marked fields."), problems)


def _check_and_index(session, actor, assignment: Assignment, submission: Submission, text: str) -> None:
    """J11: check against every earlier text but this submission's own versions, then index this
    version so that later submissions are checked against it."""
    excluded = documents_of_source(session, "submission", submission.id)
    boilerplate = [assignment.prompt or "", *originality.templates(session)]
    report = originality.check_text(session, text, owner_id=actor.id, boilerplate=boilerplate, excluded=excluded)
    document = index_document(session, kind="submission", source_id=submission.id, owner_id=actor.id, text=text)
    submission.text, submission.document_id = text, document.id
    submission.copied_ratio = report.copied_ratio
    submission.originality = _stored_report(session, report, document.id)
    if report.suspected or report.borderline:  # J12: the tutor rules; within 28-32% the tutor decides
        submission.plagiarism = "suspected"
    elif submission.plagiarism != "confirmed":
        submission.plagiarism = None


def _stored_report(session, report, document_id: int) -> dict:
    """The engine's report with each source named by its row (submission or reference text id);
    ``document_id`` keeps the exact version matched."""
    data = report.to_dict()
    sources = originality.sources_of(session, [s["source_id"] for s in data["sources"]])
    for item in data["sources"] + data["matches"]:
        doc = sources[item["source_id"]]
        item["document_id"], item["source_id"] = doc.id, doc.source_id
    data.update(document_id=document_id, checked_at=clock.now().isoformat())
    return data


def save_draft(session, actor, assignment: Assignment, enrollment_id: int, text: str):
    """Autosave while the learner types: one row per enrollment and assignment, overwritten."""
    if assignment.kind != "subjective":
        raise InvalidInput(_("Only written assignments have drafts."), {"text": _("Not a written assignment.")})
    enrollment, _klass, batch = learner_context(session, actor, assignment, enrollment_id)
    _check_open(session, enrollment, batch)
    now = clock.now()
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(Draft).values(assignment_id=assignment.id, enrollment_id=enrollment.id, text=text,
                                     saved_at=now)
    # An upsert: two autosaves racing from two tabs never trip the unique constraint.
    session.execute(statement.on_conflict_do_update(index_elements=["assignment_id", "enrollment_id"],
                                                    set_={"text": text, "saved_at": now}))
    return now


def review(session, actor, submission: Submission, klass: TrainingClass, data) -> Submission:
    policies.REVIEW.enforce(actor, submission)
    if submission.kind != "subjective":
        raise Conflict("auto_graded", _("A quiz is scored automatically."))
    before = {"score": submission.score, "excellent": submission.excellent}
    submission.score, submission.excellent = data.score, data.excellent
    submission.comment = data.comment or None
    submission.reviewed_by_id, submission.reviewed_at = actor.id, clock.now()
    session.flush()
    audit.record(session, actor, "submission.review", "submission", submission.id,
                 org_unit_id=submission.learner.org_unit_id, before=before,
                 after={"score": data.score, "excellent": data.excellent})
    _grade_inputs_changed(session, submission.enrollment_id)
    registry.emit(session, "submission.reviewed", submission=submission)
    return submission


def decide_plagiarism(session, actor, submission: Submission, klass: TrainingClass, data) -> PlagiarismDecision:
    """J12: a tutor confirms or clears a suspected submission. Confirmed, the enrollment fails (the
    decision row is what grading reads) and the teacher is banned for the rest of the calendar year."""
    policies.RULE_ON_PLAGIARISM.enforce(actor, submission)
    if not data.confirm:  # a verdict has consequences: never given by a slip of the mouse
        raise InvalidInput(_("Please correct the marked fields."),
                           {"confirm": _("Confirm that you have read the report and its sources.")})
    if submission.plagiarism != "suspected":
        raise Conflict("not_suspected", _("Only a submission the check found suspect awaits a decision."))
    decision = PlagiarismDecision(submission_id=submission.id, enrollment_id=submission.enrollment_id,
                                  decision=data.decision, reason=data.reason, copied_ratio=submission.copied_ratio,
                                  decided_by_id=actor.id, decided_at=clock.now())
    if data.decision == "confirmed":
        year = calendar.local_date(clock.now(), clock.local_tz()).year
        ban = enrollment_services.ban_teacher(session, actor, submission.learner, year, data.reason,
                                              enrollment_id=submission.enrollment_id)
        decision.ban_id = ban.id
    submission.plagiarism = data.decision
    session.add(decision)
    session.flush()
    audit.record(session, actor, f"plagiarism.{data.decision}", "submission", submission.id,
                 org_unit_id=submission.learner.org_unit_id, after={"reason": data.reason})
    registry.emit(session, "plagiarism.decided", decision=decision, submission=submission)
    return decision


def quotation_from_match(session, actor, submission: Submission, index: int, title: str | None = None):
    """A province admin turns a matched passage of a report into a common quotation (a policy text
    every learner may quote): later checks leave quotations of it out of both sides."""
    matches = (submission.originality or {}).get("matches", [])
    if not 0 <= index < len(matches):
        raise NotFound(_("No such matched passage."))
    match = matches[index]
    text = (submission.text or "")[match["start"]:match["end"]].strip()
    if not text:
        raise NotFound(_("No such matched passage."))
    title = (title or "").strip() or _("Quoted in submission #%(n)d", n=submission.id)
    return originality.add_quotation(session, actor, title=title, text=text, from_submission_id=submission.id)
