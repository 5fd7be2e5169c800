"""Who may do what in the org tree: routes name these policies, services enforce them, templates ask them."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.web.pipeline import policy


def is_admin(actor) -> bool:
    """Administers some unit: may call the admin routes at all (each object is then scoped by its loader)."""
    return bool(scope.admin_units(actor))


def can_create_units(actor) -> bool:
    """Administers a unit that has a level below it: a school's admins never create units."""
    return any(scope.child_level(unit.level) is not None for unit in scope.admin_units(actor))


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


def _may_hold(actor, role: str, unit) -> bool:
    """May ``actor`` manage a holder of ``role`` on ``unit``?

    An admin handles only people strictly below its own level in its subtree: an admin role on a unit
    strictly below one of the actor's admin units (a city admin manages county and school admins of its
    city, never another city admin, nor a province admin another province admin), any other role on a
    unit the actor covers (school admins: the teachers of their school). Tutors and experts serve the
    whole province: only a province admin manages them.
    """
    if role in ("tutor", "expert"):
        return actor.has_role("province_admin") and scope.covers(actor, unit)
    if role in scope.ADMIN_ROLE_LEVEL:
        return any(scope.is_strictly_below(unit, mine) for mine in scope.admin_units(actor))
    return scope.covers(actor, unit)


def can_manage_account(actor, org_unit, roles_on_units) -> bool:
    """THE rule for accounts: may ``actor`` create, reset, unlock (or later edit, remove) an account of
    ``org_unit`` holding these ``(role, unit)`` pairs? What an admin may create it may then manage, and
    the other way round, because creation and management ask this same function."""
    roles_on_units = list(roles_on_units)
    if not roles_on_units or not scope.covers(actor, org_unit):
        return False
    return all(_may_hold(actor, role, unit) for role, unit in roles_on_units)


def can_manage_user(actor, user) -> bool:
    """Reset or unlock ``user``: the rule that decides whether the actor could have created it."""
    if actor.id == user.id:
        return False
    return can_manage_account(actor, user.org_unit, [(a.role, a.org_unit) for a in user.role_assignments])


def can_grant_role(actor, role: str, unit) -> bool:
    """Create an account of ``unit`` holding ``role`` there (see can_manage_account)."""
    return can_manage_account(actor, unit, [(role, unit)])


ADMINISTER = policy(is_admin, message=_l("Only admins may do this."))
CREATE_UNITS = policy(can_create_units, message=_l("Only the admins of a province, city or county create units."))
MANAGE_UNIT = policy(can_manage_unit, "unit",
                     message=lambda unit: _("%(name)s is outside your area.", name=unit.name))
CREATE_CHILD = policy(can_create_child, "unit",
                      message=lambda unit: _("You may not add units under %(name)s.", name=unit.name))
EDIT_UNIT = policy(can_edit_unit, "unit", message=lambda unit: _("You may not change %(name)s.", name=unit.name))
RENAME_UNIT = policy(can_rename_unit, "unit", message=lambda unit: _(
    "The name and code of %(name)s are kept by the level above.", name=unit.name))
MANAGE_USER = policy(can_manage_user, "user", message=_l("You may not manage this account."))
