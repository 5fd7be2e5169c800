"""The grade's inputs, read from the other domains, and the read side of grades."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import distinct, func, select

from lms.assignments.models import Assignment, Submission
from lms.assignments.queries import plagiarism_confirmed
from lms.core.errors import Forbidden
from lms.enrollment import policies as enrollment_policies
from lms.enrollment.models import Enrollment
from lms.forum.models import ForumPost, QaQuestion
from lms.grading import rules
from lms.grading.models import Grade
from lms.projects.policies import is_tutor_of
from lms.tracking.models import StudyTotal


def _assignment_averages(session, enrollment: Enrollment, course_id: int) -> dict:
    """Average per kind over ALL the course's assignments of that kind (one not done counts 0).

    None when the learner has nothing (no quiz taken, nothing reviewed), so the page can say "missing"
    rather than "below full marks".
    """
    kinds = dict(session.execute(select(Assignment.kind, func.count()).where(Assignment.course_id == course_id)
                                 .group_by(Assignment.kind)).all())
    rows = session.execute(select(Submission.kind, Submission.score_percent, Submission.score,
                                  Submission.reviewed_at, Submission.excellent)
                           .where(Submission.enrollment_id == enrollment.id)).all()
    quiz = [r.score_percent for r in rows if r.kind == "objective" and r.score_percent is not None]
    written = [r.score for r in rows if r.kind == "subjective" and r.reviewed_at is not None and r.score is not None]
    return {
        "objective_percent": sum(quiz) / max(kinds.get("objective", 0), len(quiz)) if quiz else None,
        "subjective_score": sum(written) / max(kinds.get("subjective", 0), len(written)) if written else None,
        "excellent_work": any(r.excellent for r in rows if r.reviewed_at is not None),
    }


def _posts(session, enrollment_id: int) -> tuple[int, int]:
    rows = dict(session.execute(
        select(ForumPost.topic_id.is_(None), func.count()).where(
            ForumPost.enrollment_id == enrollment_id, ForumPost.counts.is_(True), ForumPost.hidden.is_(False))
        .group_by(ForumPost.topic_id.is_(None))).all())
    return rows.get(True, 0), rows.get(False, 0)


def qa_participations(session, enrollment_id: int) -> int:
    """Sessions the learner asked in (several questions in one session are one participation)."""
    return session.scalar(select(func.count(distinct(QaQuestion.session_id)))
                          .where(QaQuestion.enrollment_id == enrollment_id)) or 0


def grade_inputs(session, enrollment: Enrollment) -> rules.GradeInputs:
    klass = enrollment.training_class
    total = session.get(StudyTotal, enrollment.id)
    topics, replies = _posts(session, enrollment.id)
    return rules.GradeInputs(
        credited_seconds=float(total.credited_seconds) if total else 0.0,
        required_seconds=klass.course.required_minutes * 60,
        counted_topics=topics, counted_replies=replies,
        qa_participations=qa_participations(session, enrollment.id),
        plagiarism_confirmed=plagiarism_confirmed(session, enrollment.id),
        **_assignment_averages(session, enrollment, klass.course_id))


def require_grade_viewer(session, actor, enrollment: Enrollment, school) -> None:
    """The learner, its tutors, admins in scope (as for the enrollment itself)."""
    if not enrollment_policies.can_view_enrollment(actor, enrollment, school):
        raise Forbidden(_("This enrollment is outside your area."))


def can_view_class_grades(session, actor, klass) -> bool:
    return is_tutor_of(actor, klass) or actor.has_role("province_admin")


def class_enrollments(session, klass) -> list[Enrollment]:
    return list(session.scalars(select(Enrollment).where(Enrollment.class_id == klass.id,
                                                         Enrollment.status == "active").order_by(Enrollment.id)))


def grades_by_enrollment(session, enrollment_ids: list[int]) -> dict[int, Grade]:
    if not enrollment_ids:
        return {}
    return {g.enrollment_id: g for g in session.scalars(select(Grade).where(Grade.enrollment_id.in_(enrollment_ids)))}
