"""Who may do what with assignments and submissions.

The checks that need a row look (whose enrollment, who tutors the course) ask through the session
the loaded object belongs to, so every decision below is asked of the route's loaded objects alone.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import object_session

from lms.core import scope
from lms.enrollment.models import Enrollment
from lms.org.models import OrgUnit
from lms.projects import policies as project_policies
from lms.projects.models import TrainingClass, class_tutor
from lms.web.pipeline import policy


def can_manage_assignments(actor) -> bool:
    """Courses are the province's (projects domain), and so are their assignments."""
    return actor.has_role("province_admin")


def sees_answers_always(actor, *, tutors_course: bool = False) -> bool:
    """A quiz's correct answers and the question bank, whatever the batches: to those who manage the
    course (province admins), its tutors and experts. Never to admins below the province: their
    teachers take the quiz, and an enrollment they can look into must not open the answers."""
    return can_manage_assignments(actor) or tutors_course or actor.has_role("expert")


def tutors_course(session, actor, course_id: int) -> bool:
    return session.scalar(select(class_tutor.c.class_id).join(TrainingClass, TrainingClass.id == class_tutor.c.class_id)
                          .where(class_tutor.c.user_id == actor.id, TrainingClass.course_id == course_id)
                          .limit(1)) is not None


def sees_course_answers(session, actor, course_id: int) -> bool:
    return sees_answers_always(actor, tutors_course=actor.has_role("tutor") and tutors_course(session, actor, course_id))


def reads_bank(actor, course) -> bool:
    """The question bank is read by those who see a quiz's answers always."""
    return sees_course_answers(object_session(course), actor, course.id)


def learner_enrollments(session, actor, course_id: int) -> list[Enrollment]:
    """The caller's enrollments (any status) in classes of the course."""
    return list(session.scalars(select(Enrollment).join(TrainingClass, Enrollment.class_id == TrainingClass.id)
                                .where(Enrollment.teacher_id == actor.id, TrainingClass.course_id == course_id)))


def takes_course(session, actor, course_id: int) -> bool:
    return bool(learner_enrollments(session, actor, course_id))


def can_view_course_assignments(session, actor, course_id: int) -> bool:
    return project_policies.can_view_catalogue(actor) or takes_course(session, actor, course_id)


def sees_course_assignments(actor, course) -> bool:
    return can_view_course_assignments(object_session(course), actor, course.id)


def hands_in(actor, assignment) -> bool:
    """A learner of the course hands in and saves drafts (the enrollment named is checked by services)."""
    return takes_course(object_session(assignment), actor, assignment.course_id)


def sees_own_answers(actor, enrollment) -> bool:
    """A learner sees the answers of their own paper (once rules.answers_may_be_revealed)."""
    return enrollment is not None and enrollment.teacher_id == actor.id


def is_own_enrollment(actor, enrollment) -> bool:
    return enrollment.teacher_id == actor.id


def can_appeal(actor, enrollment) -> bool:
    """The teacher whose training a verdict failed appeals it."""
    return enrollment.teacher_id == actor.id


def can_appeal_verdict(actor, decision) -> bool:
    return can_appeal(actor, object_session(decision).get(Enrollment, decision.enrollment_id))


def can_decide_appeals(actor) -> bool:
    """The province issues certificates and bans (J12, J16): its admins decide appeals, finally."""
    return actor.has_role("province_admin")


def decides_for(session, actor, enrollment) -> bool:
    """A province admin decides the appeals of the schools in their area."""
    return can_decide_appeals(actor) and scope.covers(actor, session.get(OrgUnit, enrollment.school_id))


def can_decide_appeal(actor, appeal) -> bool:
    session = object_session(appeal)
    return decides_for(session, actor, session.get(Enrollment, appeal.enrollment_id))


def is_learner_of(actor, submission) -> bool:
    return submission.learner_id == actor.id


def can_review(actor, training_class) -> bool:
    """J16: the subject tutors of the class review its assignments."""
    return project_policies.is_tutor_of(actor, training_class)


def can_review_submission(actor, submission) -> bool:
    return can_review(actor, submission.training_class)


def is_tutor(actor) -> bool:
    return actor.has_role("tutor")


def reads_reports(actor) -> bool:
    """Province admins read originality reports: they keep the list of common quotations, which they
    add to from a report's matched passages (other learners' texts stay with the tutors)."""
    return actor.has_role("province_admin")


def can_view_submission(actor, submission, training_class) -> bool:
    return is_learner_of(actor, submission) or can_review(actor, training_class) or reads_reports(actor)


def sees_other_learners_text(actor, training_class) -> bool:
    """Another learner's text, side by side with the copy, is shown to the class's tutors only."""
    return can_review(actor, training_class)


MANAGE_ASSIGNMENTS = policy(can_manage_assignments, message=_l("Only province admins set a course's assignments."))
KEEP_BANK = policy(can_manage_assignments, message=_l("Only province admins keep a course's question bank."))
READ_BANK = policy(reads_bank, "course", message=_l(
    "The question bank is shown to province admins, the course's tutors and experts only."))
SEE_COURSE_ASSIGNMENTS = policy(sees_course_assignments, "course", message=_l("This course is not yours to see."))
HAND_IN = policy(hands_in, "assignment", message=_l("Only the learners of the course hand in its assignments."))
OWN_ENROLLMENT = policy(is_own_enrollment, "enrollment", message=_l("This is not your enrollment."))
REVIEW = policy(can_review_submission, "submission", message=_l("Only the tutors of the class review its assignments."))
RULE_ON_PLAGIARISM = policy(can_review_submission, "submission",
                            message=_l("Only the tutors of the class rule on plagiarism."))
REVIEW_CLASS = policy(can_review, "klass", message=_l("Only the tutors of the class see its submissions."))
TUTOR = policy(is_tutor, message=_l("Only tutors review assignments."))
MANAGE_QUOTATIONS = policy(reads_reports, message=_l("Only province admins manage the originality corpus."))
APPEAL = policy(can_appeal_verdict, "decision", message=_l("Only the teacher concerned appeals a verdict."))
DECIDE_APPEALS = policy(can_decide_appeals, message=_l("Only province admins decide appeals."))
DECIDE_APPEAL = policy(can_decide_appeal, "appeal",
                       message=_l("Only the province admins of the teacher's area decide appeals."))
