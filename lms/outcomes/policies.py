"""Who may do what with training outcomes (004 L82-83, L91, L119).

A learner hands in its own outcomes and hands a returned one in again; the school admin of the learner's school
accepts or returns them (the learner may withdraw one not yet taken in); a tutor of the learner's class recommends one for the province showcase (and proposes
written work it marked excellent); the province admin showcases or declines. Admins above a school read their
subtree's outcomes. The showcase is open to everyone signed in; a school's teaching-research group space to the
school's own people and the admins over it.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.outcomes import rules
from lms.web.pipeline import policy


def tutors(actor, klass) -> bool:
    return actor.has_role("tutor") and any(t.id == actor.id for t in klass.tutors)


def is_school_admin_of(actor, school_id: int) -> bool:
    return any(a.role == "school_admin" and a.org_unit_id == school_id for a in actor.role_assignments)


def can_hand_in(actor) -> bool:
    """004 L91: learners hand in their outcomes to their school."""
    return actor.has_role("teacher")


def can_see(actor, outcome) -> bool:
    """The learner, the admins over its school, the tutors of its class; a showcased outcome everyone signed in;
    one the school took in, the school's own people (its teaching-research group)."""
    return (outcome.learner_id == actor.id or scope.covers(actor, outcome.school)
            or tutors(actor, outcome.training_class) or outcome.state == rules.SHOWCASED
            or (outcome.state in rules.TAKEN_IN and actor.org_unit_id == outcome.school_id))


def can_resubmit(actor, outcome) -> bool:
    return outcome.learner_id == actor.id


def can_withdraw(actor, outcome) -> bool:
    """Only its author takes an outcome back (the rules say when)."""
    return outcome.learner_id == actor.id


def can_review(actor, outcome) -> bool:
    """004 L91: the school's administrator takes the learners' outcomes in."""
    return is_school_admin_of(actor, outcome.school_id)


def can_recommend(actor, outcome) -> bool:
    """004 L119: the subject tutors gather the excellent outcomes for the province."""
    return tutors(actor, outcome.training_class)


def can_propose(actor, submission) -> bool:
    """A tutor of the class proposes the written work it reviewed there."""
    return tutors(actor, submission.training_class)


def can_showcase(actor, outcome=None) -> bool:
    """004 L119: the province (its teacher-training centre) shows the outcomes."""
    return actor.has_role("province_admin")


def can_see_group(actor, school) -> bool:
    """A school's teaching-research group space: its teachers, and the admins over the school."""
    return actor.org_unit_id == school.id or scope.covers(actor, school)


def can_note(actor, school) -> bool:
    """Notes of the group's lesson preparation are written by the school's own people."""
    return actor.org_unit_id == school.id or is_school_admin_of(actor, school.id)


HAND_IN = policy(can_hand_in, message=_l("Only learners hand in training outcomes."))
SEE = policy(can_see, "outcome", message=_l("This outcome is not open to you."))
RESUBMIT = policy(can_resubmit, "outcome", message=_l("Only its author hands an outcome in again."))
WITHDRAW = policy(can_withdraw, "outcome", message=_l("Only its author withdraws an outcome."))
REVIEW = policy(can_review, "outcome", message=_l("Only the school's administrator takes outcomes in."))
RECOMMEND = policy(can_recommend, "outcome", message=_l("Only a tutor of the learner's class recommends outcomes."))
PROPOSE = policy(can_propose, "submission", message=_l("Only a tutor of the class proposes its written work."))
SHOWCASE = policy(can_showcase, "outcome", message=_l("Only a province admin decides the showcase."))
SEE_GROUP = policy(can_see_group, "school", message=_l("This teaching-research group is not open to you."))
NOTE = policy(can_note, "school", message=_l("Only the school's own people write in its group's notes."))
