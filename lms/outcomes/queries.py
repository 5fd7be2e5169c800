"""The read side of training outcomes, filtered by the caller's scope: the pipeline's loaders, a caller's list,
the province showcase, a school's teaching-research group space."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from lms.assignments.models import Submission
from lms.core import scope
from lms.core.errors import Forbidden, NotFound, get_or_404
from lms.enrollment.models import Enrollment
from lms.org.models import OrgUnit, User
from lms.outcomes import policies, rules
from lms.outcomes.models import Outcome, OutcomeNote
from lms.projects.models import Batch, TrainingClass, class_tutor


def outcome(session, actor, outcome_id: int) -> Outcome:
    """The pipeline's loader: 404 when there is none, 403 when it is not open to the caller."""
    row = get_or_404(session, Outcome, outcome_id, _("No such outcome."))
    if not policies.can_see(actor, row):
        raise Forbidden(_("This outcome is not open to you."))
    return row


def submission(session, actor, submission_id: int) -> Submission:
    """The loader of a piece of written work a tutor proposes (the PROPOSE policy decides who may)."""
    return get_or_404(session, Submission, submission_id, _("No such submission."))


def school(session, actor, school_id: int) -> OrgUnit:
    """The loader of a school whose group space is asked for (the SEE_GROUP policy decides who may)."""
    unit = session.get(OrgUnit, school_id)
    if unit is None or unit.level != "school":
        raise NotFound(_("No such school."))
    return unit


def tutored_class_ids(actor):
    return select(class_tutor.c.class_id).where(class_tutor.c.user_id == actor.id)


def visible_filter(actor):
    """SQL: the outcomes the caller works with — its own, its classes' (tutors), its subtree's (admins)."""
    clauses = [Outcome.learner_id == actor.id]
    if actor.has_role("tutor"):
        clauses.append(Outcome.class_id.in_(tutored_class_ids(actor)))
    for unit in scope.admin_units(actor):
        clauses.append(Outcome.school_id.in_(select(OrgUnit.id).where(scope.subtree_filter(OrgUnit, unit))))
    return or_(*clauses)


def outcomes_page(session, actor, *, state: str | None = None, page: int = 1,
                  per_page: int = 50) -> tuple[list[Outcome], int]:
    """The caller's outcomes, newest hand-in first."""
    where = [visible_filter(actor)]
    if state:
        where.append(Outcome.state == state)
    total = session.scalar(select(func.count()).select_from(Outcome).where(*where))
    rows = session.scalars(select(Outcome).where(*where).order_by(Outcome.submitted_at.desc(), Outcome.id.desc())
                           .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def showcase_page(session, *, project_id: int | None = None, batch_id: int | None = None,
                  subject: str | None = None, stage: str | None = None, kind: str | None = None,
                  page: int = 1, per_page: int = 50) -> tuple[list[Outcome], int]:
    """The province showcase: the outcomes the province showcased, newest first, filtered."""
    where = [Outcome.state == rules.SHOWCASED]
    if batch_id:
        where.append(Outcome.batch_id == batch_id)
    if project_id:
        where.append(Outcome.batch_id.in_(select(Batch.id).where(Batch.project_id == project_id)))
    for column, value in ((Outcome.subject, subject), (Outcome.stage, stage), (Outcome.kind, kind)):
        if value:
            where.append(column == value)
    total = session.scalar(select(func.count()).select_from(Outcome).where(*where))
    rows = session.scalars(select(Outcome).where(*where).order_by(Outcome.showcased_at.desc(), Outcome.id.desc())
                           .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def showcase_choices(session) -> dict:
    """What the showcase can be filtered by: the batches, subjects and stages it holds."""
    showcased = Outcome.state == rules.SHOWCASED
    batches = session.scalars(select(Batch).where(Batch.id.in_(select(Outcome.batch_id).where(showcased)))
                              .order_by(Batch.project_id, Batch.number))
    subjects = session.scalars(select(Outcome.subject).where(showcased, Outcome.subject.is_not(None)).distinct()
                               .order_by(Outcome.subject))
    stages = session.scalars(select(Outcome.stage).where(showcased, Outcome.stage.is_not(None)).distinct()
                             .order_by(Outcome.stage))
    return {"batches": list(batches), "subjects": list(subjects), "stages": list(stages)}


def group_subjects(session, school) -> list[str]:
    """The subjects of a school's teaching-research groups: its teachers' subjects and its outcomes'."""
    teachers = select(User.subject).where(User.org_unit_id == school.id, User.subject.is_not(None))
    handed = select(Outcome.subject).where(Outcome.school_id == school.id, Outcome.subject.is_not(None))
    return sorted(set(session.scalars(teachers.union(handed))))


def group_outcomes(session, school, subject: str, *, limit: int = 200) -> tuple[list[Outcome], list[Outcome]]:
    """A school's teaching-research group space (004 L82-83): the outcomes of its teachers of ``subject`` that the
    school took in, and the province's showcased outcomes of that subject from other schools."""
    own = session.scalars(select(Outcome).where(Outcome.school_id == school.id, Outcome.subject == subject,
                                                Outcome.state.in_(rules.TAKEN_IN))
                          .order_by(Outcome.submitted_at.desc(), Outcome.id.desc()).limit(limit))
    showcased = session.scalars(select(Outcome).where(Outcome.state == rules.SHOWCASED, Outcome.subject == subject,
                                                      Outcome.school_id != school.id)
                                .order_by(Outcome.showcased_at.desc(), Outcome.id.desc()).limit(limit))
    return list(own), list(showcased)


def group_notes(session, school, outcome_ids) -> dict[int, list[OutcomeNote]]:
    """The group's notes on each outcome, oldest first."""
    if not outcome_ids:
        return {}
    notes: dict[int, list[OutcomeNote]] = {}
    for note in session.scalars(select(OutcomeNote).where(OutcomeNote.school_id == school.id,
                                                          OutcomeNote.outcome_id.in_(list(outcome_ids)))
                                .order_by(OutcomeNote.created_at, OutcomeNote.id)):
        notes.setdefault(note.outcome_id, []).append(note)
    return notes


def in_group(outcome_row: Outcome, school) -> bool:
    """Whether the outcome is listed in the school's group space (of its subject)."""
    return outcome_row.state == rules.SHOWCASED or (outcome_row.school_id == school.id
                                                    and outcome_row.state in rules.TAKEN_IN)


def proposable(session, actor, *, limit: int = 100) -> list[Submission]:
    """Written work of the tutor's classes that it reviewed and marked excellent, not yet an outcome."""
    return list(session.scalars(
        select(Submission).where(Submission.class_id.in_(tutored_class_ids(actor)), Submission.kind == "subjective",
                                 Submission.excellent.is_(True), Submission.reviewed_at.is_not(None),
                                 or_(Submission.plagiarism.is_(None), Submission.plagiarism != "confirmed"),
                                 Submission.id.not_in(select(Outcome.submission_id)
                                                      .where(Outcome.submission_id.is_not(None))))
        .order_by(Submission.reviewed_at.desc(), Submission.id.desc()).limit(limit)))


def is_outcome(session, submission_id: int) -> bool:
    return session.scalar(select(Outcome.id).where(Outcome.submission_id == submission_id)) is not None


def names(session, user_ids) -> dict[int, str]:
    ids = {i for i in user_ids if i}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}


def class_of(session, class_id: int) -> TrainingClass:
    return session.get(TrainingClass, class_id)


def showcased_enrollments(session, batch_id: int, class_id: int | None = None) -> set[int]:
    """The enrollments of the batch (of one class) with an outcome in the province showcase: grading's outstanding-
    learner criteria ask through the ``outcomes.showcased`` hook ("quality of outcomes", 004 L119)."""
    where = [Outcome.state == rules.SHOWCASED, Outcome.batch_id == batch_id]
    if class_id is not None:
        where.append(Outcome.class_id == class_id)
    return set(session.scalars(select(Outcome.enrollment_id).where(*where).distinct()))


def actions_for(actor, row: Outcome) -> list[str]:
    """The steps the caller may take on the outcome now (a page offers only these)."""
    allowed = rules.allowed_actions(row.state)
    mine = [("resubmit", policies.can_resubmit), ("withdraw", policies.can_withdraw), ("accept", policies.can_review), ("return", policies.can_review),
            ("recommend", policies.can_recommend), ("showcase", policies.can_showcase),
            ("decline", policies.can_showcase)]
    return [action for action, may in mine if action in allowed and may(actor, row)]


def as_dicts(session, actor, rows: list[Outcome], *, with_text: bool = False) -> list[dict]:
    """Outcomes as the API and the pages show them (the recommending tutors' names read once for all)."""
    tutors = names(session, [r.recommended_by_id for r in rows])
    out = []
    for row in rows:
        klass = row.training_class
        out.append({
            "id": row.id, "title": row.title, "kind": row.kind, "description": row.description, "state": row.state,
            "learner_id": row.learner_id, "learner": row.learner.name, "school_id": row.school_id,
            "school": row.school.name, "enrollment_id": row.enrollment_id, "class_id": row.class_id,
            "class_name": klass.name, "batch_id": row.batch_id, "project_id": klass.batch.project_id,
            "project_name": klass.batch.project.name, "batch_number": klass.batch.number,
            "subject": row.subject, "stage": row.stage,
            "file": {"name": row.file_name, "content_type": row.content_type, "size": row.file_size,
                     "url": url_for("outcomes_api.get_file", outcome_id=row.id)} if row.file_name else None,
            "submission_id": row.submission_id,
            "text": row.submission.text if with_text and row.submission is not None else None,
            "submitted_at": row.submitted_at.isoformat(), "reviewed_at": _iso(row.reviewed_at),
            "return_reason": row.return_reason, "recommended_by": tutors.get(row.recommended_by_id),
            "recommended_at": _iso(row.recommended_at), "recommendation_note": row.recommendation_note,
            "showcased_at": _iso(row.showcased_at), "decline_reason": row.decline_reason,
            "actions": actions_for(actor, row)})
    return out


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def group_space(session, actor, school, subject: str | None) -> dict:
    """A school's teaching-research group space of one subject, with the group's notes on each outcome."""
    subjects = group_subjects(session, school)
    if subject is None:
        subject = actor.subject if actor.subject in subjects else (subjects[0] if subjects else None)
    own, showcased = group_outcomes(session, school, subject) if subject else ([], [])
    notes = group_notes(session, school, [r.id for r in own + showcased])

    def items(rows):
        return [dict(item, notes=[{"id": n.id, "author": n.author.name if n.author else None, "body": n.body,
                                   "created_at": n.created_at.isoformat()} for n in notes.get(item["id"], [])])
                for item in as_dicts(session, actor, rows)]
    return {"school_id": school.id, "school": school.name, "subject": subject, "subjects": subjects,
            "can_note": policies.can_note(actor, school), "own": items(own), "showcased": items(showcased)}


def my_trainings(session, actor) -> list[Enrollment]:
    """The learner's active enrollments, newest first: the trainings it may hand outcomes in from."""
    return list(session.scalars(select(Enrollment).where(Enrollment.teacher_id == actor.id,
                                                         Enrollment.status == "active")
                                .order_by(Enrollment.created_at.desc(), Enrollment.id.desc())))


def my_written_work(session, actor) -> list[Submission]:
    """The learner's written assignments, newest first."""
    return list(session.scalars(select(Submission).where(Submission.learner_id == actor.id,
                                                         Submission.kind == "subjective")
                                .order_by(Submission.submitted_at.desc(), Submission.id.desc()).limit(100)))
