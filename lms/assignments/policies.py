"""Who may do what with assignments and submissions."""
from __future__ import annotations

from lms.projects import policies as project_policies


def can_manage_assignments(actor) -> bool:
    """Courses are the province's (projects domain), and so are their assignments."""
    return actor.has_role("province_admin")


def sees_answers_always(actor, *, tutors_course: bool = False) -> bool:
    """A quiz's correct answers and the question bank, whatever the batches: to those who manage the
    course (province admins), its tutors and experts. Never to admins below the province: their
    teachers take the quiz, and an enrollment they can look into must not open the answers."""
    return can_manage_assignments(actor) or tutors_course or actor.has_role("expert")


def sees_own_answers(actor, enrollment) -> bool:
    """A learner sees the answers of their own paper (once rules.answers_may_be_revealed)."""
    return enrollment is not None and enrollment.teacher_id == actor.id


def can_appeal(actor, enrollment) -> bool:
    """The teacher whose training a verdict failed appeals it."""
    return enrollment.teacher_id == actor.id


def can_decide_appeals(actor) -> bool:
    """The province issues certificates and bans (J12, J16): its admins decide appeals, finally."""
    return actor.has_role("province_admin")


def is_learner_of(actor, submission) -> bool:
    return submission.learner_id == actor.id


def can_review(actor, training_class) -> bool:
    """J16: the subject tutors of the class review its assignments."""
    return project_policies.is_tutor_of(actor, training_class)


def reads_reports(actor) -> bool:
    """Province admins read originality reports: they keep the list of common quotations, which they
    add to from a report's matched passages (other learners' texts stay with the tutors)."""
    return actor.has_role("province_admin")


def can_view_submission(actor, submission, training_class) -> bool:
    return is_learner_of(actor, submission) or can_review(actor, training_class) or reads_reports(actor)


def sees_other_learners_text(actor, training_class) -> bool:
    """Another learner's text, side by side with the copy, is shown to the class's tutors only."""
    return can_review(actor, training_class)
