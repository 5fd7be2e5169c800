"""Who opens, sees, writes, returns, evaluates and closes the project's evaluation (JX11b)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.evaluations import rules
from lms.web.pipeline import policy


def can_open(actor) -> bool:
    """004 L162: the province (its leading group) runs the evaluation."""
    return actor.has_role("province_admin")


def evaluating_unit(actor):
    """The province, city or county the actor administers (a school does not evaluate itself)."""
    unit = scope.highest_admin_unit(actor)
    return unit if unit is not None and unit.level in rules.LEVELS else None


def can_see_rounds(actor) -> bool:
    """The rounds' overview: admins of the evaluating levels (each sees its own subtree's areas)."""
    return evaluating_unit(actor) is not None


def can_see_round(actor, round_) -> bool:
    return can_see_rounds(actor)


def assignment(actor, evaluation):
    return next((r for r in evaluation.reviews if r.reviewer_id == actor.id), None)


def can_see(actor, evaluation) -> bool:
    """An area's evaluation: the admins of the area and of the levels above it, and its outside evaluators."""
    return scope.covers(actor, evaluation.org_unit) or assignment(actor, evaluation) is not None


def can_see_reviews(actor, evaluation) -> bool:
    """Every outside evaluation of an area: the admins who see the area (an evaluator sees only its own)."""
    return scope.covers(actor, evaluation.org_unit)


def can_edit_self(actor, evaluation) -> bool:
    """The admins of the very unit write and submit its self-evaluation (the levels above do not write it)."""
    return (any(u.id == evaluation.org_unit_id for u in scope.admin_units(actor))
            and rules.can_edit_self(evaluation.round.state, evaluation.status))


def can_manage(actor, evaluation) -> bool:
    """The province assigns outside evaluators and returns a self-evaluation while the round is open."""
    return actor.has_role("province_admin") and evaluation.round.state == "open"


def can_return(actor, evaluation) -> bool:
    return can_manage(actor, evaluation) and evaluation.status == "submitted"


def can_review(actor, evaluation) -> bool:
    """Only an evaluator assigned to the area scores it, once it is submitted and while the round is open."""
    return (assignment(actor, evaluation) is not None
            and rules.can_review(evaluation.round.state, evaluation.status))


def can_close(actor, round_) -> bool:
    return actor.has_role("province_admin") and round_.state == "open"


OPEN = policy(can_open, message=_l("Only a province admin opens the project's evaluation."))
SEE_ROUNDS = policy(can_see_rounds, message=_l("Only the province, city and county admins follow the evaluation."))
SEE_ROUND = policy(can_see_round, "round",
                   message=_l("Only the province, city and county admins follow the evaluation."))
SEE = policy(can_see, "evaluation", message=_l("This evaluation is not of your area nor assigned to you."))
EDIT_SELF = policy(can_edit_self, "evaluation", message=_l(
    "Only the admins of the area write its self-evaluation, while the round is open and it is not submitted."))
MANAGE = policy(can_manage, "evaluation",
                message=_l("Only a province admin assigns outside evaluators, while the round is open."))
RETURN = policy(can_return, "evaluation",
                message=_l("Only a province admin returns a submitted self-evaluation, while the round is open."))
REVIEW = policy(can_review, "evaluation", message=_l(
    "Only an evaluator assigned to this area scores it, once it is submitted and while the round is open."))
CLOSE = policy(can_close, "round", message=_l("Only a province admin closes an open evaluation."))
