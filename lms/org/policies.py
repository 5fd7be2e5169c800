"""Who may do what in the org tree; views, API handlers and templates ask these."""
from __future__ import annotations

from lms.core import scope


def can_manage_unit(actor, unit) -> bool:
    return scope.covers(actor, unit)


def can_create_child(actor, parent) -> bool:
    return scope.child_level(parent.level) is not None and scope.covers(actor, parent)


def can_edit_unit(actor, unit) -> bool:
    """A unit's own admins keep its teacher count."""
    return scope.covers(actor, unit)


def can_rename_unit(actor, unit) -> bool:
    """Names and codes are kept from above, so a unit cannot rename itself; the province by its admins."""
    if unit.level == "province":
        return scope.covers(actor, unit)
    return any(scope.is_strictly_below(unit, mine) for mine in scope.admin_units(actor))


def can_view_user(actor, user) -> bool:
    return actor.id == user.id or scope.covers(actor, user.org_unit)


def can_manage_user(actor, user) -> bool:
    """Admins manage the people of their subtree; another admin only from a level above.

    A province admin, at the top, manages everyone including other province admins.
    """
    if actor.id == user.id or not scope.covers(actor, user.org_unit):
        return False
    if actor.has_role("province_admin"):
        return True
    for target in scope.admin_units(user):
        if not any(scope.is_strictly_below(target, mine) for mine in scope.admin_units(actor)):
            return False
    return True


def can_grant_role(actor, role: str, unit) -> bool:
    """Tutors and experts serve the whole province: only a province admin appoints them."""
    if role in ("tutor", "expert"):
        return actor.has_role("province_admin")
    return scope.covers(actor, unit)
