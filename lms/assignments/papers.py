"""Quizzes that cannot be copied: the course's question bank, each learner's drawn and shuffled
paper, and when a quiz's correct answers may be shown.

A paper is drawn from a seed fixed per learner and quiz, so looking at it (a GET) computes it without
storing anything: every reload shows the same paper. It is stored when the answers are handed in, and
from then on the stored copy is the paper (the bank may change later)."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.assignments import policies, rules
from lms.assignments.models import Assignment, BankQuestion, QuizPaper, Submission
from lms.core import audit, clock
from lms.core.clock import local_tz
from lms.core.errors import Conflict, InvalidInput
from lms.projects import rules as calendar
from lms.projects.models import Batch, TrainingClass


def bank_of(session, course_id: int) -> list[BankQuestion]:
    return list(session.scalars(select(BankQuestion).where(BankQuestion.course_id == course_id)
                                .order_by(BankQuestion.id)))


def bank_size(session, course_id: int) -> int:
    return session.scalar(select(func.count()).where(BankQuestion.course_id == course_id)) or 0


def add_to_bank(session, actor, course, questions: list[dict]) -> list[BankQuestion]:
    """Province admins fill a course's question bank (``questions``: API-shaped, checked by rules)."""
    policies.KEEP_BANK.enforce(actor)
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
    policies.KEEP_BANK.enforce(actor)
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
    stood; else, when ``draw``, as its seed draws it (nothing is stored: a reload computes the same one)."""
    paper = stored_paper(session, assignment.id, enrollment.id)
    if paper is not None:
        return paper.questions
    if session.scalar(select(Submission.id).where(Submission.assignment_id == assignment.id,
                                                  Submission.enrollment_id == enrollment.id)) is not None:
        return rules.identity_paper(assignment.questions or [])
    if not draw:
        return None
    return _drawn(session, assignment, enrollment)[1]


def _drawn(session, assignment: Assignment, enrollment) -> tuple[int, list[dict]]:
    seed = rules.paper_seed(current_app.config["SECRET_KEY"], assignment.id, enrollment.id)
    pool, keep_order = pool_of(session, assignment)
    return seed, rules.draw_paper(pool, assignment.draw_count, seed, keep_order=keep_order)


def keep_paper(session, assignment: Assignment, enrollment) -> list[dict]:
    """The paper answers are handed in against: the one the learner was shown, stored now if it was not."""
    paper = paper_of(session, assignment, enrollment, draw=False)
    if paper is not None:
        return paper
    seed, questions = _drawn(session, assignment, enrollment)
    session.add(QuizPaper(assignment_id=assignment.id, enrollment_id=enrollment.id, seed=seed,
                          questions=questions, drawn_at=clock.now()))
    session.flush()
    return questions


def closing_times(session, course_id: int) -> list:
    """When each batch that takes the course's quizzes closes them (every class of the course)."""
    ends = session.scalars(select(Batch.ends_on).join(TrainingClass, TrainingClass.batch_id == Batch.id)
                           .where(TrainingClass.course_id == course_id).distinct())
    return [calendar.batch_closes_at(day, local_tz()) for day in ends]


def answers_revealed(session, course_id: int) -> bool:
    return rules.answers_may_be_revealed(clock.now(), closing_times(session, course_id))


def shown(questions: list[dict], *, with_answers: bool) -> list[dict]:
    """A paper's questions as a viewer gets them: the trace (source, order) never, the answer if allowed."""
    hidden = {"source", "order"} | (set() if with_answers else {"answer"})
    return [{k: v for k, v in q.items() if k not in hidden} for q in questions]
