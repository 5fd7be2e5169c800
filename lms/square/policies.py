"""Who asks, answers and adopts in the question square; who uploads, certifies, watches and rates micro-lessons;
who reads the figures (docs/RULES.md B13b, B14b)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.square import rules
from lms.web.pipeline import policy


def is_student(actor) -> bool:
    return actor.has_role("student")


def is_tutor(actor) -> bool:
    return actor.has_role("tutor")


def can_read_question(actor, question) -> bool:
    """Its student, every tutor (the square is open to the programme's tutors: 001 L40), the admins whose
    subtree holds the student's school."""
    return question.student_id == actor.id or is_tutor(actor) or \
        (actor.is_admin and scope.covers(actor, question.org_unit))


def can_answer(actor, question) -> bool:
    return is_tutor(actor) and question.student_id != actor.id and rules.can_be_answered(question.status)


def can_adopt(actor, question) -> bool:
    return question.student_id == actor.id and question.status == rules.OPEN


def certifies(actor, unit) -> bool:
    """The city admin of the unit's city (001 L49 "微课需经市级审核并认证"); a unit above every city (the
    province's own tutors) has the province's admin instead."""
    return scope.city_authority(actor, unit)


def is_certifier(actor) -> bool:
    return actor.has_role("city_admin", "province_admin")


def can_certify(actor, lesson) -> bool:
    return lesson.status == rules.PENDING and certifies(actor, lesson.org_unit)


def can_settle(actor, lesson) -> bool:
    return lesson.status == rules.CERTIFIED and certifies(actor, lesson.org_unit)


def can_read_lesson(actor, lesson) -> bool:
    """Listed (certified) ones: everyone signed in (they are published to the whole programme); the others: its
    tutor and the admins whose area holds the tutor's unit."""
    return lesson.status in rules.LISTED or lesson.tutor_id == actor.id or \
        (actor.is_admin and scope.covers(actor, lesson.org_unit))


def can_watch(actor, lesson) -> bool:
    return is_student(actor) and lesson.status in rules.LISTED


def can_rate(actor, lesson) -> bool:
    return is_student(actor) and lesson.status == rules.CERTIFIED


def follows_viewers(actor, lesson) -> bool:
    """The class of a lesson's viewers and their progress (001 L42 "教师可以跟踪学生的学习进度"): its tutor and the
    admins whose area holds the tutor's unit; a student sees its own progress only."""
    return lesson.tutor_id == actor.id or (actor.is_admin and scope.covers(actor, lesson.org_unit))


def can_read_discussion(actor, lesson) -> bool:
    """A listed lesson's discussion: those who may watch it, its tutor, the admins of its area."""
    return lesson.status in rules.LISTED and (is_student(actor) or follows_viewers(actor, lesson))


def can_post(actor, lesson) -> bool:
    return lesson.status in rules.LISTED and (is_student(actor) or lesson.tutor_id == actor.id)


def can_hide_post(actor, lesson) -> bool:
    return lesson.tutor_id == actor.id


def can_edit_lesson(actor, lesson) -> bool:
    return lesson.tutor_id == actor.id and lesson.status in (rules.PENDING, rules.REJECTED)


def can_edit_quiz(actor, lesson) -> bool:
    """Its tutor sets a micro-lesson's quiz (001 L42 "微测"); once a student has answered it, it stays (services)."""
    return lesson.tutor_id == actor.id


def can_read_quiz(actor, lesson) -> bool:
    """The students who may watch it (the correct answers once they answered), its tutor, the admins of its area."""
    return can_watch(actor, lesson) or follows_viewers(actor, lesson)


def reads_figures(actor) -> bool:
    return actor.is_admin


ASK = policy(is_student, message=_l("Only students ask in the question square."))
ANSWER = policy(can_answer, "question", message=_l("Only tutors answer, and only questions still open."))
ADOPT = policy(can_adopt, "question", message=_l("Only the student who asked adopts an answer, once."))
UPLOAD = policy(is_tutor, message=_l("Only tutors upload micro-lessons."))
EDIT = policy(can_edit_lesson, "lesson", message=_l("Only its tutor changes a micro-lesson, before it is certified."))
CERTIFY = policy(can_certify, "lesson", message=_l("The admin of the tutor's city certifies a micro-lesson waiting "
                                                   "for certification."))
SETTLE = policy(can_settle, "lesson", message=_l("The admin of the tutor's city settles a certified micro-lesson."))
WATCH = policy(can_watch, "lesson", message=_l("Only students watching a certified micro-lesson are counted."))
RATE = policy(can_rate, "lesson", message=_l("Only students rate a certified micro-lesson."))
VIEWERS = policy(follows_viewers, "lesson", message=_l("Only its tutor and the admins of its area follow the "
                                                      "students watching a micro-lesson."))
DISCUSSION = policy(can_read_discussion, "lesson", message=_l("The discussion is for the students and the tutor of "
                                                              "a certified micro-lesson."))
POST = policy(can_post, "lesson", message=_l("Students and its tutor post in a certified micro-lesson's discussion."))
HIDE = policy(can_hide_post, "lesson", message=_l("Only its tutor hides a post in a micro-lesson's discussion."))
EDIT_QUIZ = policy(can_edit_quiz, "lesson", message=_l("Only its tutor sets a micro-lesson's quiz."))
READ_QUIZ = policy(can_read_quiz, "lesson", message=_l("A micro-lesson's quiz is for the students who may watch it, "
                                                       "its tutor and the admins of its area."))
ANSWER_QUIZ = policy(can_watch, "lesson", message=_l("Only students answer the quiz of a certified micro-lesson."))
TUTOR = policy(is_tutor, message=_l("Only tutors have a points statement."))
FIGURES = policy(reads_figures, message=_l("Only admins read the square's figures of their area."))
