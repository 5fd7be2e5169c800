"""Quizzes that cannot be copied: the course's question bank, each learner's drawn and shuffled
paper (stored once drawn), and when a quiz's correct answers may be shown."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.assignments import policies, rules
from lms.assignments.models import Assignment, BankQuestion, QuizPaper, Submission
from lms.core import audit, clock
from lms.core.clock import local_tz
from lms.core.errors import Conflict, Forbidden, InvalidInput
from lms.projects import rules as calendar
from lms.projects.models import Batch, TrainingClass, class_tutor


def bank_of(session, course_id: int) -> list[BankQuestion]:
    return list(session.scalars(select(BankQuestion).where(BankQuestion.course_id == course_id)
                                .order_by(BankQuestion.id)))


def bank_size(session, course_id: int) -> int:
    return session.scalar(select(func.count()).where(BankQuestion.course_id == course_id)) or 0


def add_to_bank(session, actor, course, questions: list[dict]) -> list[BankQuestion]:
    """Province admins fill a course's question bank (``questions``: API-shaped, checked by rules)."""
    if not policies.can_manage_assignments(actor):
        raise Forbidden(_("Only province admins keep a course's question bank."))
    problems = rules.question_problems(questions, _)
    if problems:
        raise InvalidInput(_("Please correct the marked fields."), problems)
    now = clock.now()
    rows = [BankQuestion(course_id=course.id, type=q["type"], text=q["text"], options=q["options"],
                         answer=q["answer"], points=q["points"], created_by_id=actor.id, created_at=now)
            for q in questions]
    session.add_all(rows)
    session.flush()
    audit.record(session, actor, "question_bank.add", "course", course.id, org_unit_id=actor.org_unit_id,
                 after={"name": course.title, "count": len(rows)})
    return rows


def remove_from_bank(session, actor, question: BankQuestion) -> None:
    """Papers already drawn keep their copy; the bank may not shrink below what a quiz draws."""
    if not policies.can_manage_assignments(actor):
        raise Forbidden(_("Only province admins keep a course's question bank."))
    needed = session.scalar(select(func.max(Assignment.draw_count)).where(
        Assignment.course_id == question.course_id)) or 0
    if bank_size(session, question.course_id) - 1 < needed:
        raise Conflict("bank_too_small", _("A quiz of this course draws %(n)d questions: the bank cannot have fewer.",
                                           n=needed))
    session.delete(question)
    session.flush()
    audit.record(session, actor, "question_bank.remove", "bank_question", question.id, org_unit_id=actor.org_unit_id,
                 before={"name": question.text[:80]})


def pool_of(session, assignment: Assignment) -> tuple[list[dict], bool]:
    """The questions a paper is drawn from, and whether the author's order is kept."""
    if assignment.draw_count is not None:
        return [q.as_question() for q in bank_of(session, assignment.course_id)], False
    return list(assignment.questions or []), True


def stored_paper(session, assignment_id: int, enrollment_id: int) -> QuizPaper | None:
    return session.scalar(select(QuizPaper).where(QuizPaper.assignment_id == assignment_id,
                                                  QuizPaper.enrollment_id == enrollment_id))


def paper_of(session, assignment: Assignment, enrollment, *, draw: bool) -> list[dict] | None:
    """The enrollment's paper: as stored; for an answer handed in before papers existed, the quiz as it
    stood; else, when ``draw``, drawn now and stored (a reload, or two tabs at once, get the same one)."""
    paper = stored_paper(session, assignment.id, enrollment.id)
    if paper is not None:
        return paper.questions
    if session.scalar(select(Submission.id).where(Submission.assignment_id == assignment.id,
                                                  Submission.enrollment_id == enrollment.id)) is not None:
        return rules.identity_paper(assignment.questions or [])
    if not draw:
        return None
    seed = rules.paper_seed(current_app.config["SECRET_KEY"], assignment.id, enrollment.id)
    pool, keep_order = pool_of(session, assignment)
    questions = rules.draw_paper(pool, assignment.draw_count, seed, keep_order=keep_order)
    try:
        with session.begin_nested():
            session.add(QuizPaper(assignment_id=assignment.id, enrollment_id=enrollment.id, seed=seed,
                                  questions=questions, drawn_at=clock.now()))
            session.flush()
    except IntegrityError:  # drawn a moment ago in another tab: the same seed, the same paper
        return stored_paper(session, assignment.id, enrollment.id).questions
    return questions


def closing_times(session, course_id: int) -> list:
    """When each batch that takes the course's quizzes closes them (every class of the course)."""
    ends = session.scalars(select(Batch.ends_on).join(TrainingClass, TrainingClass.batch_id == Batch.id)
                           .where(TrainingClass.course_id == course_id).distinct())
    return [calendar.batch_closes_at(day, local_tz()) for day in ends]


def answers_revealed(session, course_id: int) -> bool:
    return rules.answers_may_be_revealed(clock.now(), closing_times(session, course_id))


def tutors_course(session, actor, course_id: int) -> bool:
    return session.scalar(select(class_tutor.c.class_id).join(TrainingClass, TrainingClass.id == class_tutor.c.class_id)
                          .where(class_tutor.c.user_id == actor.id, TrainingClass.course_id == course_id)
                          .limit(1)) is not None


def sees_answers_always(session, actor, course_id: int) -> bool:
    return policies.sees_answers_always(actor, tutors_course=actor.has_role("tutor") and
                                        tutors_course(session, actor, course_id))


def shown(questions: list[dict], *, with_answers: bool) -> list[dict]:
    """A paper's questions as a viewer gets them: the trace (source, order) never, the answer if allowed."""
    hidden = {"source", "order"} | (set() if with_answers else {"answer"})
    return [{k: v for k, v in q.items() if k not in hidden} for q in questions]
