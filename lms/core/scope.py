"""Subtree scope: the one place that decides whether a role covers an org unit.

Every org unit carries the ids of its ancestors at each level (``province_id``,
``city_id``, ``county_id``, ``school_id``, its own included), so "unit U is in the
subtree of A" is ``U.<A.level>_id == A.id`` and a subtree filter is one indexed
equality predicate.
"""
from __future__ import annotations

from flask_babel import gettext as _

from lms.core.errors import Forbidden

LEVELS = ("province", "city", "county", "school")

ADMIN_ROLE_LEVEL = {
    "province_admin": "province",
    "city_admin": "city",
    "county_admin": "county",
    "school_admin": "school",
}
# A student (学生) is a school's middle-school pupil served by the students' tutoring programme; signs in with the
# student number as user name.
ROLES = ("teacher", "school_admin", "county_admin", "city_admin", "province_admin", "tutor", "expert", "student")


def level_index(level: str) -> int:
    return LEVELS.index(level)


def child_level(level: str) -> str | None:
    i = level_index(level)
    return LEVELS[i + 1] if i + 1 < len(LEVELS) else None


def ancestor_column(level: str) -> str:
    return f"{level}_id"


def is_within(unit, ancestor) -> bool:
    """True when ``unit`` is ``ancestor`` or lies below it."""
    if unit is None or ancestor is None:
        return False
    return getattr(unit, ancestor_column(ancestor.level)) == ancestor.id


def is_strictly_below(unit, ancestor) -> bool:
    return unit.id != ancestor.id and is_within(unit, ancestor)


def admin_units(user) -> list:
    """The org units whose subtrees this user administers."""
    return [a.org_unit for a in user.role_assignments if a.role in ADMIN_ROLE_LEVEL]


def covers(user, unit) -> bool:
    """Whether one of the user's admin roles covers ``unit``."""
    return any(is_within(unit, admin_unit) for admin_unit in admin_units(user))


def city_authority(user, unit) -> bool:
    """The admin of the unit's city decides for it; a unit above every city (the province's own) has the province's
    admin instead (001 L49 micro-lessons certified by the city; L69 tutors' qualification)."""
    if unit is None:
        return False
    role = "city_admin" if unit.city_id is not None else "province_admin"
    return any(a.role == role and is_within(unit, a.org_unit) for a in user.role_assignments)


def highest_admin_unit(user):
    """The admin unit nearest the root; where several, the first one."""
    units = admin_units(user)
    return min(units, key=lambda u: level_index(u.level)) if units else None


def subtree_filter(unit_model, unit):
    """SQL predicate: ``unit_model`` rows in the subtree of ``unit``."""
    return getattr(unit_model, ancestor_column(unit.level)) == unit.id


def admin_root(session, actor):
    """The pipeline's loader of "the admin's own top unit": refused for anyone who administers no unit."""
    root = highest_admin_unit(actor)
    if root is None:
        raise Forbidden(_("Only admins may open this page."))
    return root
