"""Who may see and change seats (J4, J5)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.web.pipeline import policy


def can_view_quota(actor, unit) -> bool:
    return scope.covers(actor, unit)


def can_set_seats(actor, unit) -> bool:
    """The admins above a unit hand it seats; a city also submits its own (J5, deadline checked apart).

    The province's own total is set by its admins; a county or school never sets its own seats.
    """
    if unit.level in ("province", "city"):
        return scope.covers(actor, unit)
    return unit.parent is not None and scope.covers(actor, unit.parent)


def can_see_compliance(actor) -> bool:
    return actor.is_admin


SET_SEATS = policy(can_set_seats, "unit", message=lambda unit: _("You may not set the seats of %(name)s.",
                                                                 name=unit.name))
SEE_COMPLIANCE = policy(can_see_compliance, message=_l("Only admins see compliance figures."))
