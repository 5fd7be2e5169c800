"""Read side of assignments: what each viewer may see, the tutors' queue, the report side by side."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Integer, cast, func, select

from lms.assignments import papers, policies, rules
from lms.assignments.models import Assignment, BankQuestion, Draft, PlagiarismDecision, Submission
from lms.assignments.services import deadline_passed
from lms.core.errors import Forbidden, NotFound
from lms.enrollment.models import Enrollment
from lms.originality.models import ReferenceText
from lms.originality.services import sources_of
from lms.projects.models import TrainingClass, class_tutor

EXCERPT_MARGIN = 40  # characters of context around a passage, on both sides


def assignment_by_id(session, assignment_id: int) -> Assignment:
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(_("No such assignment."))
    return assignment


def assignment_for(session, actor, assignment_id: int) -> Assignment:
    """The pipeline's loader of an assignment: the programme's staff and the course's learners see it."""
    assignment = assignment_by_id(session, assignment_id)
    if not policies.can_view_course_assignments(session, actor, assignment.course_id):
        raise Forbidden(_("This assignment belongs to a course you do not take."))
    return assignment



def bank_question_for(session, actor, question_id: int) -> BankQuestion:
    question = session.get(BankQuestion, question_id)
    if question is None:
        raise NotFound(_("No such question."))
    return question


def course_assignments(session, course_id: int) -> list[Assignment]:
    return list(session.scalars(select(Assignment).where(Assignment.course_id == course_id).order_by(Assignment.id)))


def submission_of(session, assignment_id: int, enrollment_id: int) -> Submission | None:
    return session.scalar(select(Submission).where(Submission.assignment_id == assignment_id,
                                                   Submission.enrollment_id == enrollment_id))


def draft_of(session, assignment_id: int, enrollment_id: int) -> Draft | None:
    return session.scalar(select(Draft).where(Draft.assignment_id == assignment_id,
                                              Draft.enrollment_id == enrollment_id))


def assignment_view(session, actor, assignment: Assignment, enrollment: Enrollment | None) -> dict:
    """The assignment for this viewer. A quiz seen through an enrollment is that learner's paper (as
    its seed draws it for the learner, stored once handed in); its correct answers go to those who see them always (policies) and
    to the learner once every batch of the course has closed the quiz — never to an admin looking
    into an enrollment."""
    staff = assignment.kind == "objective" and policies.sees_course_answers(session, actor, assignment.course_id)
    data = assignment.to_dict(with_answers=staff)
    if enrollment is None:
        return data
    closed = deadline_passed(enrollment.training_class.batch)
    submission = submission_of(session, assignment.id, enrollment.id)
    data["deadline_passed"] = closed
    data["submission"] = submission.to_dict() if submission else None
    if submission is not None and actor.id != enrollment.teacher_id and \
            not policies.can_review(actor, enrollment.training_class):
        data["submission"].pop("text", None)  # an admin in scope sees figures, not the learner's writing
    if assignment.kind != "objective":
        return data
    learner = policies.sees_own_answers(actor, enrollment)
    revealed = papers.answers_revealed(session, assignment.course_id)
    with_answers = staff or (learner and revealed)
    paper = papers.paper_of(session, assignment, enrollment, draw=learner)
    data.pop("total_points", None)
    data["questions"] = papers.shown(paper or [], with_answers=with_answers)
    data["total_points"] = sum(q["points"] for q in paper or [])
    data["answers_revealed"], data["answers_shown"] = revealed, with_answers
    if submission is not None and with_answers and paper:
        data["submission"]["correct"] = rules.correct_flags(paper, submission.answers)
    return data


def learner_overview(session, enrollment: Enrollment) -> list[dict]:
    """Each assignment of the enrollment's course with the learner's submission (or none)."""
    assignments = course_assignments(session, enrollment.training_class.course_id)
    mine = {s.assignment_id: s for s in session.scalars(select(Submission).where(
        Submission.enrollment_id == enrollment.id))}
    return [{"assignment": a, "submission": mine.get(a.id)} for a in assignments]


def submission_for(session, actor, submission_id: int) -> Submission:
    """The pipeline's loader of a submission (its class: ``submission.training_class``)."""
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise NotFound(_("No such submission."))
    if not policies.can_view_submission(actor, submission, submission.training_class):
        raise Forbidden(_("Only the learner and the tutors of the class see this submission."))
    return submission


def class_queue(session, klass: TrainingClass, *, status: str = "all", assignment_id: int | None = None,
                page: int = 1, per_page: int = 50) -> tuple[list[Submission], int]:
    """Written submissions of the class, suspected first, then the oldest unreviewed."""
    query = select(Submission).where(Submission.class_id == klass.id, Submission.kind == "subjective")
    if status == "ungraded":
        query = query.where(Submission.reviewed_at.is_(None))
    elif status == "suspected":
        query = query.where(Submission.plagiarism == "suspected")
    if assignment_id is not None:
        query = query.where(Submission.assignment_id == assignment_id)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by((Submission.plagiarism == "suspected").desc(),
                                          Submission.reviewed_at.is_(None).desc(), Submission.submitted_at)
                           .offset((page - 1) * per_page).limit(per_page)).all()
    return list(rows), total


def tutor_classes(session, actor) -> list[dict]:
    """The classes the caller tutors, with what awaits them."""
    classes = session.scalars(select(TrainingClass).join(class_tutor, class_tutor.c.class_id == TrainingClass.id)
                              .where(class_tutor.c.user_id == actor.id).order_by(TrainingClass.id.desc())).all()
    if not classes:
        return []
    counts = {cid: (ungraded or 0, suspected or 0) for cid, ungraded, suspected in session.execute(
        select(Submission.class_id,
               func.sum(cast(Submission.reviewed_at.is_(None), Integer)),
               func.sum(cast(Submission.plagiarism == "suspected", Integer)))
        .where(Submission.class_id.in_([c.id for c in classes]), Submission.kind == "subjective")
        .group_by(Submission.class_id))}
    return [{"class": c, "ungraded": counts.get(c.id, (0, 0))[0], "suspected": counts.get(c.id, (0, 0))[1]}
            for c in classes]


def plagiarism_confirmed(session, enrollment_id: int) -> bool:
    """J12 for grading (issue 6): a confirmed plagiarism fails the enrollment."""
    return session.scalar(select(PlagiarismDecision.id).where(
        PlagiarismDecision.enrollment_id == enrollment_id, PlagiarismDecision.in_force())
        .limit(1)) is not None


def decisions_of(session, submission_id: int) -> list[PlagiarismDecision]:
    return list(session.scalars(select(PlagiarismDecision).where(PlagiarismDecision.submission_id == submission_id)
                                .order_by(PlagiarismDecision.id)))


def originality_view(session, actor, submission: Submission, klass: TrainingClass) -> dict:
    """The CNKI-style report with every passage side by side with its source.

    A tutor of the class sees every source's text and author; the learner sees reference texts and
    their own earlier work, but of another learner's submission only that it exists: its text and its
    author stay with the tutors.
    """
    report = dict(submission.originality or {})
    if not report:
        return {"submission_id": submission.id, "checked": False}
    # Reports made before the figure was stored: it depends on the text alone.
    report.setdefault("written_chars", rules.written_length(submission.text or ""))
    tutor = policies.sees_other_learners_text(actor, klass)
    documents = sources_of(session, [s["document_id"] for s in report["sources"]])
    references = {r.id: r for r in session.scalars(select(ReferenceText).where(ReferenceText.id.in_(
        [s["source_id"] for s in report["sources"] if s["source_type"] == "reference"] or [0])))}
    learners = _source_learners(session, [s["source_id"] for s in report["sources"]
                                          if s["source_type"] == "submission"])

    def shown(item) -> bool:
        return tutor or item["source_type"] == "reference" or item["self_copy"]

    def label(item) -> str:
        if item["source_type"] == "reference":
            ref = references.get(item["source_id"])
            return ref.title if ref else _("Reference text")
        if item["self_copy"]:
            return _("Your own submission to another assignment") if not tutor else \
                _("The learner's own submission #%(n)d", n=item["source_id"])
        if tutor:
            who = learners.get(item["source_id"])
            return _("Submission #%(n)d by %(name)s", n=item["source_id"], name=who or "?")
        return _("Another learner's submission")

    # Ids and offsets stay (docs/API.md's match fields; an id opens nothing to a learner): texts, names and
    # owners of other learners' work do not.
    sources = []
    for item in report["sources"]:
        entry = {k: v for k, v in item.items() if k != "owner_id" or tutor}
        entry["label"] = label(item)
        sources.append(entry)
    text = submission.text or ""
    matches = []
    for item in report["matches"]:
        entry = {k: v for k, v in item.items() if not k.startswith("norm_")}
        entry["text"] = text[item["start"]:item["end"]]
        entry["label"] = label(item)
        document = documents.get(item["document_id"])
        if shown(item) and document is not None:
            entry["source_text"] = document.text[item["source_start"]:item["source_end"]]
            entry["source_before"] = document.text[max(0, item["source_start"] - EXCERPT_MARGIN):item["source_start"]]
            entry["source_after"] = document.text[item["source_end"]:item["source_end"] + EXCERPT_MARGIN]
        else:
            entry["source_text"] = entry["source_before"] = entry["source_after"] = None
        matches.append(entry)
    report.update(sources=sources, matches=matches, submission_id=submission.id, checked=True,
                  version=submission.version, plagiarism=submission.plagiarism,
                  decisions=[d.to_dict() for d in decisions_of(session, submission.id)] if tutor else [])
    return report


def _source_learners(session, submission_ids: list[int]) -> dict[int, str]:
    if not submission_ids:
        return {}
    return {s.id: s.learner.name for s in session.scalars(select(Submission).where(Submission.id.in_(submission_ids)))}


def learner_report(report: dict) -> dict:
    """The ``originality`` object a learner gets back on submission: docs/API.md's fields first."""
    keys = ("copied_ratio", "verdict", "countable_chars", "copied_chars", "ratio_without_self_copies",
            "ratio_without_quoted", "largest_source_ratio", "sources", "matches", "boilerplate", "borderline",
            "ratio_with_quotations", "quoted_common_chars", "quotations", "invisible_chars", "fillers", "written_chars",
            "checked_at")
    return {k: report[k] for k in keys if k in report}
