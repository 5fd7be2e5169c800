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


def can_manage_account(actor, roles_on_units) -> bool:
    """May ``actor`` create, reset or unlock an account holding these ``(role, unit)`` pairs?

    One rule for all three: an admin handles only people strictly below its own level in its subtree —
    an admin role on a unit strictly below one of the actor's admin units (a city admin makes county
    and school admins of its city, never another city admin), any other role on a unit the actor covers
    (school admins: the teachers of their school). Tutors and experts serve the whole province: only a
    province admin appoints them.
    """
    roles_on_units = list(roles_on_units)
    if not roles_on_units:
        return False
    for role, unit in roles_on_units:
        if role in ("tutor", "expert"):
            allowed = actor.has_role("province_admin") and scope.covers(actor, unit)
        elif role in scope.ADMIN_ROLE_LEVEL:
            allowed = any(scope.is_strictly_below(unit, mine) for mine in scope.admin_units(actor))
        else:
            allowed = scope.covers(actor, unit)
        if not allowed:
            return False
    return True


def can_manage_user(actor, user) -> bool:
    """Reset or unlock ``user``: the same rule that decides whether the actor could have created it."""
    if actor.id == user.id or not scope.covers(actor, user.org_unit):
        return False
    return can_manage_account(actor, [(a.role, a.org_unit) for a in user.role_assignments])


def can_grant_role(actor, role: str, unit) -> bool:
    """Create an account with ``role`` on ``unit`` (see can_manage_account)."""
    return can_manage_account(actor, [(role, unit)])
