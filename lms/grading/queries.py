"""The grade's inputs, read from the other domains, and the read side of grades."""
from __future__ import annotations

from sqlalchemy import case, func, select, union

from lms.activities.queries import attendance_facts
from lms.assignments.models import Assignment, PlagiarismDecision, Submission
from lms.assignments.queries import plagiarism_confirmed
from lms.core.db import UTCDateTime
from lms.enrollment.models import Enrollment
from lms.forum.models import ForumPost, QaLearnerAnswer, QaQuestion, QaSession
from lms.grading import rules
from lms.grading.models import Grade
from lms.org.models import OrgUnit, User
from lms.projects import queries as project_queries
from lms.projects.models import Course, Lesson, TrainingClass
from lms.tracking.models import LessonProgress, StudyTotal


def _averages(kinds: dict[str, int], rows) -> dict:
    """Average per kind over ALL the course's assignments of that kind (one not done counts 0).

    None when the learner has nothing (no quiz taken, nothing reviewed), so the page can say "missing"
    rather than "below full marks".
    """
    quiz = [r.score_percent for r in rows if r.kind == "objective" and r.score_percent is not None]
    written = [r.score for r in rows if r.kind == "subjective" and r.reviewed_at is not None and r.score is not None]
    return {
        "objective_percent": sum(quiz) / max(kinds.get("objective", 0), len(quiz)) if quiz else None,
        "subjective_score": sum(written) / max(kinds.get("subjective", 0), len(written)) if written else None,
        "excellent_work": any(r.excellent for r in rows if r.reviewed_at is not None),
    }


_SUBMISSION_FACTS = (Submission.enrollment_id, Submission.kind, Submission.score_percent, Submission.score,
                     Submission.reviewed_at, Submission.excellent)


def _assignment_averages(session, enrollment: Enrollment, course_id: int) -> dict:
    kinds = dict(session.execute(select(Assignment.kind, func.count()).where(Assignment.course_id == course_id)
                                 .group_by(Assignment.kind)).all())
    rows = session.execute(select(*_SUBMISSION_FACTS).where(Submission.enrollment_id == enrollment.id)).all()
    return _averages(kinds, rows)


_FEATURED = func.sum(case((ForumPost.featured.is_(True), 1), else_=0))  # 精华帖 among the counted posts


def _posts(session, enrollment_id: int) -> tuple[int, int, int]:
    """Counted topics, counted replies, and how many of them a tutor featured."""
    rows = {is_topic: (n, featured) for is_topic, n, featured in session.execute(
        select(ForumPost.topic_id.is_(None), func.count(), _FEATURED).where(
            ForumPost.enrollment_id == enrollment_id, ForumPost.counts.is_(True), ForumPost.hidden.is_(False))
        .group_by(ForumPost.topic_id.is_(None)))}
    topics, replies = rows.get(True, (0, 0)), rows.get(False, (0, 0))
    return topics[0], replies[0], int(topics[1] or 0) + int(replies[1] or 0)


def _qa_taken_part(scope):
    """(enrollment, session) pairs of the enrollments matching ``scope``: asked in it or answered another learner's
    question in it — several in one session are one participation."""
    asked = (select(QaQuestion.enrollment_id.label("enrollment_id"), QaQuestion.session_id.label("session_id"))
             .join(Enrollment, QaQuestion.enrollment_id == Enrollment.id).where(scope))
    answered = (select(QaLearnerAnswer.enrollment_id, QaQuestion.session_id)
                .join(QaQuestion, QaLearnerAnswer.question_id == QaQuestion.id)
                .join(Enrollment, QaLearnerAnswer.enrollment_id == Enrollment.id).where(scope))
    return union(asked, answered).subquery()


def _qa_counts(session, scope) -> dict[int, int]:
    pairs = _qa_taken_part(scope)
    return dict(session.execute(select(pairs.c.enrollment_id, func.count()).group_by(pairs.c.enrollment_id)).all())


def qa_participations(session, enrollment_id: int) -> int:
    """Sessions the learner took part in: asked, or answered another learner's question."""
    return _qa_counts(session, Enrollment.id == enrollment_id).get(enrollment_id, 0)


def grade_inputs(session, enrollment: Enrollment) -> rules.GradeInputs:
    klass = enrollment.training_class
    total = session.get(StudyTotal, enrollment.id)
    topics, replies, featured = _posts(session, enrollment.id)
    return rules.GradeInputs(
        credited_seconds=float(total.credited_seconds) if total else 0.0,
        required_seconds=klass.course.required_minutes * 60,
        counted_topics=topics, counted_replies=replies, featured_posts=featured,
        activities=attendance_facts(session, Enrollment.id == enrollment.id).get(enrollment.id, ()),
        qa_participations=qa_participations(session, enrollment.id),
        plagiarism_confirmed=plagiarism_confirmed(session, enrollment.id),
        **_assignment_averages(session, enrollment, klass.course_id))



def klass(session, actor, class_id: int) -> TrainingClass:
    """The pipeline's loader of a class on grade routes; who sees its grades is policies.VIEW_CLASS_GRADES."""
    return project_queries.class_by_id(session, class_id)


def project(session, actor, project_id: int):
    """The pipeline's loader of a project on grading-policy routes (the policies decide who may)."""
    return project_queries.project_for(session, actor, project_id)


def stored_grade(session, enrollment_id: int):
    return session.get(Grade, enrollment_id)


def _inputs_of(session, scope, course_ids=None) -> tuple:
    """The grouped inputs of the active enrollments matching ``scope`` (a condition on Enrollment): assignment
    kinds per course (of ``course_ids`` only, when given), submissions per enrollment, counted posts per
    (enrollment, is-topic) and featured ones, Q&A sessions taken part in, enrollments with a plagiarism verdict in
    force, qualifying activity attendances. Six statements, whatever the number of learners."""
    kinds_query = select(Assignment.course_id, Assignment.kind, func.count()).group_by(Assignment.course_id,
                                                                                        Assignment.kind)
    if course_ids is not None:
        kinds_query = kinds_query.where(Assignment.course_id.in_(course_ids))
    kinds: dict[int, dict[str, int]] = {}
    for course_id, kind, n in session.execute(kinds_query):
        kinds.setdefault(course_id, {})[kind] = n
    submissions: dict[int, list] = {}
    for row in session.execute(select(*_SUBMISSION_FACTS).join(Enrollment, Submission.enrollment_id == Enrollment.id)
                               .where(scope)):
        submissions.setdefault(row.enrollment_id, []).append(row)
    posts: dict[tuple, int] = {}
    for eid, is_topic, n, featured in session.execute(
            select(ForumPost.enrollment_id, ForumPost.topic_id.is_(None), func.count(), _FEATURED)
            .join(Enrollment, ForumPost.enrollment_id == Enrollment.id)
            .where(scope, ForumPost.counts.is_(True), ForumPost.hidden.is_(False))
            .group_by(ForumPost.enrollment_id, ForumPost.topic_id.is_(None))):
        posts[(eid, is_topic)] = n
        posts[(eid, "featured")] = posts.get((eid, "featured"), 0) + int(featured or 0)
    qa = _qa_counts(session, scope)
    plagiarism = set(session.scalars(select(PlagiarismDecision.enrollment_id)
                                     .join(Enrollment, PlagiarismDecision.enrollment_id == Enrollment.id)
                                     .where(scope, PlagiarismDecision.in_force())))
    return kinds, submissions, posts, qa, plagiarism, attendance_facts(session, scope)


def _inputs(grouped: tuple, enrollment_id: int, course_id: int, required_minutes: int,
            credited_seconds) -> rules.GradeInputs:
    kinds, submissions, posts, qa, plagiarism, activities = grouped
    return rules.GradeInputs(
        credited_seconds=float(credited_seconds or 0.0), required_seconds=required_minutes * 60,
        counted_topics=posts.get((enrollment_id, True), 0), counted_replies=posts.get((enrollment_id, False), 0),
        qa_participations=qa.get(enrollment_id, 0), plagiarism_confirmed=enrollment_id in plagiarism,
        featured_posts=posts.get((enrollment_id, "featured"), 0), activities=activities.get(enrollment_id, ()),
        **_averages(kinds.get(course_id, {}), submissions.get(enrollment_id, [])))


def batch_grade_inputs(session, batch_id: int, class_id: int | None = None) -> dict[int, tuple[int, rules.GradeInputs]]:
    """Every active enrollment of the batch (of one class of it, with ``class_id``) → (its class, its grade
    inputs), in a handful of grouped queries."""
    in_batch = (Enrollment.batch_id == batch_id) & (Enrollment.status == "active")
    if class_id is not None:
        in_batch = in_batch & (Enrollment.class_id == class_id)
    people = session.execute(
        select(Enrollment.id, Enrollment.class_id, TrainingClass.course_id, Course.required_minutes,
               StudyTotal.credited_seconds)
        .join(TrainingClass, Enrollment.class_id == TrainingClass.id).join(Course, TrainingClass.course_id == Course.id)
        .outerjoin(StudyTotal, StudyTotal.enrollment_id == Enrollment.id).where(in_batch)).all()
    grouped = _inputs_of(session, in_batch)
    return {p.id: (p.class_id, _inputs(grouped, p.id, p.course_id, p.required_minutes, p.credited_seconds))
            for p in people}


# What a class's grade table shows of each learner and of the stored grade, read in one statement.
_GRADE_COLUMNS = (Grade.enrollment_id.label("stored"), Grade.total, Grade.passed, Grade.excellent, Grade.plagiarism,
                  Grade.final, Grade.components, Grade.hints, Grade.recommended,
                  Grade.recommendation_note)


def class_grade_rows(session, klass) -> tuple[list, dict[int, rules.GradeInputs]]:
    """A class's grade table as plain rows, in seven statements whatever its size: every active learner (id,
    teacher, name, username, school's name, stored grade's columns — ``stored`` is None without one), in
    enrollment order, and each one's grade inputs (a final grade's too: the outstanding learner's criteria
    are assessed from them)."""
    in_class = (Enrollment.class_id == klass.id) & (Enrollment.status == "active")
    rows = session.execute(
        select(Enrollment.id, Enrollment.teacher_id, User.name, User.username, OrgUnit.name.label("school"),
               StudyTotal.credited_seconds, *_GRADE_COLUMNS)
        .join(User, Enrollment.teacher_id == User.id).outerjoin(OrgUnit, Enrollment.school_id == OrgUnit.id)
        .outerjoin(StudyTotal, StudyTotal.enrollment_id == Enrollment.id)
        .outerjoin(Grade, Grade.enrollment_id == Enrollment.id)
        .where(in_class).order_by(Enrollment.id)).all()
    grouped = _inputs_of(session, in_class, [klass.course_id])
    required = klass.course.required_minutes
    return rows, {r.id: _inputs(grouped, r.id, klass.course_id, required, r.credited_seconds) for r in rows}


def hint_facts(session, enrollment: Enrollment, now) -> dict:
    """What the learner's page needs to say each "what is missing" truthfully: written work handed in and
    waiting for its review, and whether the class has an expert Q&A still to come (or under way) or held any."""
    waiting = session.scalar(select(func.count()).select_from(Submission).where(
        Submission.enrollment_id == enrollment.id, Submission.kind == "subjective", Submission.reviewed_at.is_(None)))
    sessions = select(func.count()).select_from(QaSession).where(QaSession.class_id == enrollment.class_id)
    return {"written_waiting": waiting or 0,
            "qa_ahead": bool(session.scalar(sessions.where(QaSession.ends_at > now))),
            "qa_held": bool(session.scalar(sessions))}


def study_completion(session, batch_id: int, class_id: int | None = None) -> dict[int, dict]:
    """Every active enrollment of the batch (of one class) → its lessons, the lessons watched or read to the end,
    and the moments that finished its study: the last lesson's completion and the required time's being reached.

    Rows written before those moments were recorded (or by imports) have none: their last update stands in."""
    in_batch = (Enrollment.batch_id == batch_id) & (Enrollment.status == "active")
    if class_id is not None:
        in_batch = in_batch & (Enrollment.class_id == class_id)
    lessons = dict(session.execute(select(Lesson.course_id, func.count()).group_by(Lesson.course_id)).all())
    people = session.execute(
        select(Enrollment.id, Enrollment.class_id, TrainingClass.course_id, StudyTotal.required_met_at,
               StudyTotal.updated_at)
        .join(TrainingClass, Enrollment.class_id == TrainingClass.id)
        .outerjoin(StudyTotal, StudyTotal.enrollment_id == Enrollment.id).where(in_batch)).all()
    done = {eid: (n, last) for eid, n, last in session.execute(
        select(LessonProgress.enrollment_id, func.count(),
               func.max(func.coalesce(LessonProgress.completed_at, LessonProgress.updated_at), type_=UTCDateTime()))
        .join(Enrollment, LessonProgress.enrollment_id == Enrollment.id)
        .join(Lesson, LessonProgress.lesson_id == Lesson.id)
        .where(in_batch, LessonProgress.completed.is_(True)).group_by(LessonProgress.enrollment_id))}
    return {p.id: {"class_id": p.class_id, "lessons": lessons.get(p.course_id, 0),
                   "lessons_done": done.get(p.id, (0, None))[0], "last_lesson_at": done.get(p.id, (0, None))[1],
                   "required_met_at": p.required_met_at or p.updated_at} for p in people}


def stored_batch_grades(session, batch_id: int, class_id: int | None = None) -> dict:
    """The stored grades of the batch's (the class's) enrollments, by enrollment id."""
    query = select(Grade).join(Enrollment, Grade.enrollment_id == Enrollment.id).where(Enrollment.batch_id == batch_id)
    if class_id is not None:
        query = query.where(Enrollment.class_id == class_id)
    return {g.enrollment_id: g for g in session.scalars(query)}
