"""The admin's part of the home page: its area in figures and the recent changes in it (the audit log)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.core import scope
from lms.core.audit import AuditEntry
from lms.extensions import db
from lms.org import queries
from lms.org.models import OrgUnit, User

RECENT_CHANGES = 10
# Fields shown as "label: before → after" when an entry changes them.
FIELD_LABELS = {"seats": _l("seats"), "status": _l("status"), "score": _l("score"), "name": _l("name"),
                "title": _l("title"), "teacher_count": _l("teachers"), "excellent": _l("excellent")}
NAMING_FIELDS = ("name", "username", "title")


def area_section(user):
    unit = scope.highest_admin_unit(user)
    if unit is None:
        return None
    return {"template": "org/_home_area.html", "unit": unit, "summary": queries.subtree_summary(db.session, unit)}


def recent_section(user):
    unit = scope.highest_admin_unit(user)
    if unit is None:
        return None
    # Newest first: the time, then the id for entries of the same instant.
    entries = list(db.session.scalars(
        select(AuditEntry).join(OrgUnit, AuditEntry.org_unit_id == OrgUnit.id)
        .where(scope.subtree_filter(OrgUnit, unit)).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(RECENT_CHANGES)))
    if not entries:
        return None
    return {"template": "org/_home_recent.html", "entries": entries,
            "details": {e.id: describe(db.session, e) for e in entries}}


def describe(session, entry: AuditEntry) -> str:
    """An audit entry's details in words: what it concerns and what changed, never a bare "#316"."""
    before, after = entry.before or {}, entry.after or {}
    parts = []
    named = next((str(d[f]) for d in (after, before) for f in NAMING_FIELDS if d.get(f)), None)
    if named is None and entry.target_type == "user" and entry.target_id is not None:
        user = session.get(User, entry.target_id)
        named = f"{user.name} ({user.username})" if user else None
    if named:
        parts.append(named)
    for field, label in FIELD_LABELS.items():
        if field in NAMING_FIELDS and named:
            continue
        if field in after and before.get(field) != after[field]:
            parts.append(f"{label}: {before[field]} → {after[field]}" if field in before
                         else f"{label}: {after[field]}")
    if after.get("reason"):
        parts.append(str(after["reason"]))
    return " · ".join(parts) if parts else _("No details recorded")
