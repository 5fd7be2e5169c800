"""Who writes, edits, publishes and reads an area's briefings and summary reports (J16b)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.briefings import rules
from lms.core import scope
from lms.web.pipeline import policy


def _path(unit) -> dict:
    return {f"{level}_id": getattr(unit, f"{level}_id") for level in rules.LEVELS}


def can_write(actor) -> bool:
    """Admins at every level write for their own unit."""
    return actor.is_admin


def can_write_for(actor, unit) -> bool:
    """An admin writes for the unit it administers itself, not for a unit below (that level writes its own)."""
    return any(u.id == unit.id for u in scope.admin_units(actor))


def can_edit(actor, briefing) -> bool:
    """A draft is edited and published by the admins of its unit; a published one stays as it went out."""
    return briefing.status == "draft" and can_write_for(actor, briefing.org_unit)


def can_read(actor, briefing) -> bool:
    units = scope.admin_units(actor)
    return rules.reads(briefing.status, briefing.org_unit_id, _path(briefing.org_unit),
                       admin_units=[u.id for u in units],
                       reader_paths=[_path(u) for u in [*units, actor.org_unit]])


WRITE = policy(can_write, message=_l("Only admins write briefings and summary reports."))
WRITE_FOR = policy(can_write_for, "unit", message=_l("You write briefings only for the unit you administer."))
EDIT = policy(can_edit, "briefing",
              message=_l("Only the admins of its unit change a briefing, and only while it is a draft."))
READ = policy(can_read, "briefing", message=_l("This briefing is not for your area."))
