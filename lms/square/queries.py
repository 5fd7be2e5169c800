"""Read side of the square: loaders, each role's lists, a tutor's points statement, the monthly points the tutoring
sessions' monthly record adds (``month_points``, ``student_month_points``), an admin's figures."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core import clock, scope
from lms.core.errors import Forbidden, NotFound, get_or_404
from lms.org.models import OrgUnit
from lms.square import policies, rules
from lms.square.models import (MicroLesson, MicroPost, MicroQuiz, MicroQuizAnswer, MicroView, SquareAnswer,
                               SquareQuestion)


def question_for(session, actor, question_id: int) -> SquareQuestion:
    question = get_or_404(session, SquareQuestion, question_id, _("No such question."))
    if not policies.can_read_question(actor, question):
        raise Forbidden(_("This question is its student's, the tutors' and its school's admins'."))
    return question


def lesson_for(session, actor, lesson_id: int) -> MicroLesson:
    lesson = get_or_404(session, MicroLesson, lesson_id, _("No such micro-lesson."))
    if not policies.can_read_lesson(actor, lesson):
        raise Forbidden(_("This micro-lesson is not listed yet: its tutor and the admins of its area see it."))
    return lesson


def my_questions(session, student_id: int) -> list[SquareQuestion]:
    return list(session.scalars(select(SquareQuestion).where(SquareQuestion.student_id == student_id)
                                .order_by(SquareQuestion.created_at.desc(), SquareQuestion.id.desc())))


def tutor_subjects(tutor) -> list[str]:
    """The subjects a tutor answers: its profile's subject (none set: every subject)."""
    return [tutor.subject] if tutor.subject else []


def open_questions(session, tutor, limit: int = 200) -> list[SquareQuestion]:
    """Open questions of the tutor's subjects, oldest first (the longest waiting first)."""
    query = select(SquareQuestion).where(SquareQuestion.status == rules.OPEN)
    subjects = tutor_subjects(tutor)
    if subjects:
        query = query.where(SquareQuestion.subject.in_(subjects))
    return list(session.scalars(query.order_by(SquareQuestion.created_at, SquareQuestion.id).limit(limit)))


def answered_by(session, tutor_id: int, limit: int = 200) -> list[SquareAnswer]:
    return list(session.scalars(select(SquareAnswer).where(SquareAnswer.tutor_id == tutor_id)
                                .order_by(SquareAnswer.created_at.desc(), SquareAnswer.id.desc()).limit(limit)))


def listed_lessons(session, subject: str | None = None, grade: str | None = None) -> list[MicroLesson]:
    query = select(MicroLesson).where(MicroLesson.status.in_(rules.LISTED))
    if subject:
        query = query.where(MicroLesson.subject == subject)
    if grade:
        query = query.where(MicroLesson.grade == grade)
    return list(session.scalars(query.order_by(MicroLesson.decided_at.desc(), MicroLesson.id.desc())))


def lessons_of(session, tutor_id: int) -> list[MicroLesson]:
    return list(session.scalars(select(MicroLesson).where(MicroLesson.tutor_id == tutor_id)
                                .order_by(MicroLesson.submitted_at.desc(), MicroLesson.id.desc())))


def area_lessons(session, actor, status: str | None = None) -> list[MicroLesson]:
    """The micro-lessons of the admin's subtree (by their tutor's unit), waiting ones first."""
    root = scope.highest_admin_unit(actor)
    if root is None:
        return []
    query = select(MicroLesson).join(OrgUnit, OrgUnit.id == MicroLesson.org_unit_id).where(
        scope.subtree_filter(OrgUnit, root))
    if status:
        query = query.where(MicroLesson.status == status)
    return list(session.scalars(query.order_by(MicroLesson.submitted_at, MicroLesson.id)))


def waiting_for(session, actor) -> list[MicroLesson]:
    return [m for m in area_lessons(session, actor, rules.PENDING) if policies.can_certify(actor, m)]


def view_of(session, lesson_id: int, student_id: int) -> MicroView | None:
    return session.scalar(select(MicroView).where(MicroView.lesson_id == lesson_id,
                                                  MicroView.student_id == student_id))


def viewers(session, lesson_id: int) -> list[MicroView]:
    """A lesson's students with their progress, the most recently seen first."""
    last_seen = func.coalesce(MicroView.last_report_at, MicroView.watched_at)
    return list(session.scalars(select(MicroView).where(MicroView.lesson_id == lesson_id)
                                .order_by(last_seen.desc(), MicroView.id)))


def posts_of(session, lesson, actor) -> list[MicroPost]:
    """The discussion, oldest first; hidden posts only for the tutor (who hid them)."""
    query = select(MicroPost).where(MicroPost.lesson_id == lesson.id)
    if not policies.can_hide_post(actor, lesson):
        query = query.where(MicroPost.hidden_at.is_(None))
    return list(session.scalars(query.order_by(MicroPost.created_at, MicroPost.id)))


def post_of(session, lesson, post_id: int) -> MicroPost:
    post = session.get(MicroPost, post_id)
    if post is None or post.lesson_id != lesson.id:
        raise NotFound(_("No such post."))
    return post


def quiz_of(session, lesson_id: int) -> MicroQuiz | None:
    return session.scalar(select(MicroQuiz).where(MicroQuiz.lesson_id == lesson_id))


def quiz_for(session, lesson_id: int) -> MicroQuiz:
    quiz = quiz_of(session, lesson_id)
    if quiz is None:
        raise NotFound(_("This micro-lesson has no quiz."))
    return quiz


def quiz_answer_count(session, quiz_id: int) -> int:
    return session.scalar(select(func.count()).select_from(MicroQuizAnswer).where(MicroQuizAnswer.quiz_id == quiz_id))


def quiz_answer_of(session, quiz_id: int, student_id: int) -> MicroQuizAnswer | None:
    return session.scalar(select(MicroQuizAnswer).where(MicroQuizAnswer.quiz_id == quiz_id,
                                                        MicroQuizAnswer.student_id == student_id))


def quiz_scores(session, lesson_id: int) -> dict[int, MicroQuizAnswer]:
    """student id → its answer to the lesson's quiz (shown beside its progress)."""
    return {a.student_id: a for a in session.scalars(
        select(MicroQuizAnswer).join(MicroQuiz, MicroQuiz.id == MicroQuizAnswer.quiz_id)
        .where(MicroQuiz.lesson_id == lesson_id))}


def quiz_results(session, quiz: MicroQuiz) -> dict:
    """How many answered, the mean score, and question by question the share (%) of right answers."""
    items = quiz.items
    answers = list(session.scalars(select(MicroQuizAnswer).where(MicroQuizAnswer.quiz_id == quiz.id)))
    right = [rules.score_quiz(items, a.choices).right for a in answers]
    return {"answers": len(answers), "total": len(items),
            "mean_score": round(sum(a.score for a in answers) / len(answers), 2) if answers else None,
            "questions": [{"text": q.text, "correct_share": share}
                          for q, share in zip(items, rules.correct_shares(len(items), right))]}


def lesson_figures(session, lesson_ids: list[int]) -> dict[int, tuple[int, list[int]]]:
    """lesson id → (distinct students who watched, their ratings)."""
    found = {i: (0, []) for i in lesson_ids}
    if not lesson_ids:
        return found
    for lesson_id, rating in session.execute(select(MicroView.lesson_id, MicroView.rating)
                                             .where(MicroView.lesson_id.in_(lesson_ids))):
        watchers, ratings = found[lesson_id]
        found[lesson_id] = (watchers + 1, ratings + ([rating] if rating is not None else []))
    return found


def lesson_points(lesson: MicroLesson, figures: tuple[int, list[int]]) -> rules.LessonPoints | None:
    """Settled: the fixed points; certified: what settling now would give; otherwise none."""
    if lesson.status == rules.SETTLED:
        return rules.LessonPoints(lesson.participation_points, lesson.quality_points)
    if lesson.status == rules.CERTIFIED:
        return rules.lesson_points(figures[0], lesson.audience, figures[1])
    return None


def _month(year: int, month: int) -> tuple[datetime, datetime]:
    start, end = rules.month_bounds(year, month)
    tz = clock.local_tz()
    return start.replace(tzinfo=tz), end.replace(tzinfo=tz)


def earned_between(session, start: datetime, end: datetime, *,
                   tutor_id: int | None = None) -> list[tuple[int, datetime, str, int]]:
    """The square's points tutors earned in [start, end): (tutor id, when, ``adoption`` or ``lesson``, points) —
    adopted answers by their adoption, micro-lessons by their settlement (001 L48, L49). A month's (month_points)
    and a term's (lms.tutoring.terms) figures are sums of these."""
    adopted = select(SquareAnswer.tutor_id, SquareAnswer.adopted_at, SquareAnswer.points).where(
        SquareAnswer.adopted_at >= start, SquareAnswer.adopted_at < end)
    settled = select(MicroLesson.tutor_id, MicroLesson.settled_at,
                     MicroLesson.participation_points + MicroLesson.quality_points).where(
        MicroLesson.status == rules.SETTLED, MicroLesson.settled_at >= start, MicroLesson.settled_at < end)
    if tutor_id is not None:
        adopted = adopted.where(SquareAnswer.tutor_id == tutor_id)
        settled = settled.where(MicroLesson.tutor_id == tutor_id)
    return ([(t, at, "adoption", int(p or 0)) for t, at, p in session.execute(adopted)]
            + [(t, at, "lesson", int(p or 0)) for t, at, p in session.execute(settled)])


def month_points(session, tutor_id: int, year: int, month: int) -> int:
    """The square's points a tutor earned in a calendar month (local time): adopted answers by their adoption,
    micro-lessons by their settlement (001 L48, L49)."""
    return sum(points for *_x, points in earned_between(session, *_month(year, month), tutor_id=tutor_id))


def student_month_points(session, student_id: int, year: int, month: int) -> int:
    """The points tutors earned from this student's adoptions in a calendar month (the student pays them: 001 L48).
    A micro-lesson's points are the system's, from all its students together (001 L49): none is one student's."""
    start, end = _month(year, month)
    return int(session.scalar(select(func.coalesce(func.sum(SquareAnswer.points), 0))
                              .join(SquareQuestion, SquareQuestion.id == SquareAnswer.question_id).where(
        SquareQuestion.student_id == student_id, SquareAnswer.adopted_at >= start, SquareAnswer.adopted_at < end)))


def statement(session, tutor_id: int) -> dict:
    """A tutor's points: each adopted answer, each certified or settled micro-lesson (provisional until settled)."""
    adopted = list(session.scalars(select(SquareAnswer).where(SquareAnswer.tutor_id == tutor_id,
                                                              SquareAnswer.adopted_at.is_not(None))
                                   .order_by(SquareAnswer.adopted_at.desc())))
    lessons = [m for m in lessons_of(session, tutor_id) if m.status in rules.LISTED]
    figures = lesson_figures(session, [m.id for m in lessons])
    rows = [(m, figures[m.id], lesson_points(m, figures[m.id])) for m in lessons]
    square = sum(a.points for a in adopted)
    settled = sum(p.total for m, _f, p in rows if m.status == rules.SETTLED)
    provisional = sum(p.total for m, _f, p in rows if m.status == rules.CERTIFIED)
    return {"adopted": adopted, "lessons": rows, "square_points": square, "settled_points": settled,
            "provisional_points": provisional, "total": square + settled}


def figures(session, actor) -> dict:
    """The square's figures of the admin's subtree: questions by the students' schools, micro-lessons by the
    tutors' units."""
    root = scope.highest_admin_unit(actor)
    in_area = scope.subtree_filter(OrgUnit, root)
    q_rows = session.execute(select(SquareQuestion.status, func.count()).join(
        OrgUnit, OrgUnit.id == SquareQuestion.org_unit_id).where(in_area).group_by(SquareQuestion.status)).all()
    by_status = {s: n for s, n in q_rows}
    answers, paid = session.execute(select(func.count(SquareAnswer.id), func.coalesce(func.sum(SquareAnswer.points), 0))
                                    .join(SquareQuestion, SquareQuestion.id == SquareAnswer.question_id)
                                    .join(OrgUnit, OrgUnit.id == SquareQuestion.org_unit_id).where(in_area)).one()
    l_rows = session.execute(select(MicroLesson.status, func.count()).join(
        OrgUnit, OrgUnit.id == MicroLesson.org_unit_id).where(in_area).group_by(MicroLesson.status)).all()
    lessons = {s: n for s, n in l_rows}
    views, ratings, mean = session.execute(
        select(func.count(MicroView.id), func.count(MicroView.rating), func.avg(MicroView.rating))
        .join(MicroLesson, MicroLesson.id == MicroView.lesson_id)
        .join(OrgUnit, OrgUnit.id == MicroLesson.org_unit_id).where(in_area)).one()
    return {"unit": {"id": root.id, "name": root.name, "level": root.level},
            "questions": sum(by_status.values()), "open_questions": by_status.get(rules.OPEN, 0),
            "adopted_questions": by_status.get(rules.ADOPTED, 0), "answers": answers, "adoption_points": int(paid),
            "lessons": {s: lessons.get(s, 0) for s in rules.LESSON_STATUSES},
            "views": views, "ratings": ratings, "mean_rating": round(float(mean), 2) if mean is not None else None}
