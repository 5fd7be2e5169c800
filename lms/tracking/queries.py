"""Read side of study time: progress per enrollment and lesson, open flags in an admin's area."""
from __future__ import annotations

from sqlalchemy import select

from lms.core import scope
from lms.enrollment.models import Enrollment
from lms.org.models import OrgUnit, User
from lms.projects.models import Lesson
from lms.tracking.models import LessonProgress, StudyFlag, StudyTotal


def progress(session, enrollment: Enrollment) -> dict:
    """Credited time against the course's required time, and each lesson's coverage."""
    course = enrollment.training_class.course
    lessons = session.scalars(select(Lesson).where(Lesson.course_id == course.id)
                              .order_by(Lesson.position, Lesson.id)).all()
    rows = {p.lesson_id: p for p in session.scalars(
        select(LessonProgress).where(LessonProgress.enrollment_id == enrollment.id))}
    total = session.get(StudyTotal, enrollment.id)
    items = []
    for lesson in lessons:
        row = rows.get(lesson.id)
        items.append({"lesson_id": lesson.id, "title": lesson.title, "kind": lesson.kind,
                      "duration_seconds": lesson.duration_seconds,
                      "covered_seconds": round(row.covered_seconds, 1) if row else 0.0,
                      "credited_seconds": round(row.credited_seconds, 1) if row else 0.0,
                      "resume_position": round(row.last_position, 1) if row else 0.0,
                      "completed": bool(row and row.completed)})
    credited = round(total.credited_seconds, 1) if total else 0.0
    required = course.required_minutes * 60
    return {"enrollment_id": enrollment.id, "credited_seconds": credited, "required_seconds": required,
            "remaining_seconds": max(0.0, round(required - credited, 1)), "lessons": items}


def open_flags(session, root: OrgUnit, limit: int = 200) -> list[tuple[StudyFlag, User]]:
    """Flags not yet reviewed, of learners in the subtree of ``root``, newest first."""
    return session.execute(
        select(StudyFlag, User).join(User, StudyFlag.user_id == User.id).join(OrgUnit, User.org_unit_id == OrgUnit.id)
        .where(scope.subtree_filter(OrgUnit, root), StudyFlag.reviewed_at.is_(None))
        .order_by(StudyFlag.created_at.desc()).limit(limit)).all()
