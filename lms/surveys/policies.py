"""Who writes surveys, who manages them and sees their results (docs/SURVEYS.md).

Admins at every level write surveys for their own subtree, tutors for the classes they tutor. A survey is
managed — edited while a draft, published, closed, its results read and exported — by its author and by the
admins whose area holds the survey's unit (the author's area): never by an admin beside or below it."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.web.pipeline import policy


def can_write(actor) -> bool:
    return actor.is_admin or actor.has_role("tutor")


def can_manage(actor, survey) -> bool:
    if survey.author_id is not None and survey.author_id == actor.id:
        return True
    return scope.covers(actor, survey.owner_unit)


def can_edit(actor, survey) -> bool:
    """Questions are frozen once the survey is published."""
    return can_manage(actor, survey) and survey.status == "draft"


WRITE = policy(can_write, message=_l("Only admins and tutors write surveys."))
MANAGE = policy(can_manage, "survey", message=_l("Only the survey's author and the admins over its area manage "
                                                 "it and see its results."))
EDIT = policy(can_edit, "survey", message=_l("Only a draft survey can be changed, by its author or the admins "
                                             "over its area."))
