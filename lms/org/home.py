"""The admin's part of the home page: its area in figures and the recent changes in it (the audit log)."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from lms.core import registry, scope
from lms.core.cache import recent
from lms.core.audit import AuditEntry
from lms.extensions import db
from lms.org import queries
from lms.org.models import OrgUnit, User

RECENT_CHANGES = 10
AUDIT_PER_PAGE = 50
# What an entry's object is, in words, and the page it opens (endpoint, URL argument) when every admin who
# sees the entry may open it: a unit, a user of the area, the catalogue, a learner's grade, a batch's seats.
TARGETS = {
    "user": (_l("User"), "org.user_page", "user_id"), "org_unit": (_l("Unit"), "org.unit_page", "unit_id"),
    "project": (_l("Project"), "projects.project_page", "project_id"),
    "training_class": (_l("Class"), "projects.class_page", "class_id"),
    "enrollment": (_l("Enrollment"), "grading.grade_page", "enrollment_id"),
    "batch": (_l("Batch"), "quotas.quota_page_root", "batch_id"),
    "course": (_l("Course"), None, None), "lesson": (_l("Lesson"), None, None),
    "quota": (_l("Seats"), None, None), "submission": (_l("Written work"), None, None),
    "assignment": (_l("Assignment"), None, None), "bank_question": (_l("Quiz question"), None, None),
    "forum_post": (_l("Forum post"), None, None), "qa_session": (_l("Expert Q&A"), None, None),
    "announcement": (_l("Announcement"), None, None), "certificate": (_l("Certificate"), None, None),
    "plagiarism_ban": (_l("Plagiarism ban"), None, None), "plagiarism_appeal": (_l("Plagiarism appeal"), None, None),
    "consecutive_year_waiver": (_l("Consecutive-year waiver"), None, None),
    "reference_text": (_l("Reference text"), None, None), "boilerplate_template": (_l("Boilerplate template"), None, None),
    "common_quotation": (_l("Common quotation"), None, None), "credit_entry": (_l("Credit claim"), None, None),
    "credit_plan": (_l("Credit plan"), None, None), "credit_self_study_summary": (_l("Self-study summary"), None, None),
    "credit_certificate": (_l("Credit certificate"), None, None),
}

# Fields shown as "label: before → after" when an entry changes them.
FIELD_LABELS = {"seats": _l("seats"), "status": _l("status"), "score": _l("score"), "name": _l("name"),
                "title": _l("title"), "teacher_count": _l("teachers"), "excellent": _l("excellent")}
NAMING_FIELDS = ("name", "username", "title")


def area_section(user):
    unit = scope.highest_admin_unit(user)
    if unit is None:
        return None
    # Counting a province's accounts by role reads every one of them: shared like the area's statistics.
    summary, _computed = recent(f"subtree-summary:{unit.id}", lambda: queries.subtree_summary(db.session, unit))
    return {"template": "org/_home_area.html", "unit": unit, "summary": summary}


def recent_section(user):
    unit = scope.highest_admin_unit(user)
    if unit is None:
        return None
    # Newest first: the time, then the id for entries of the same instant.
    entries = list(db.session.scalars(
        _area_entries(unit).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(RECENT_CHANGES)))
    if not entries:
        return None
    return {"template": "org/_home_recent.html", "entries": [entry_view(db.session, e) for e in entries]}


def _area_entries(unit):
    return (select(AuditEntry).join(OrgUnit, AuditEntry.org_unit_id == OrgUnit.id)
            .where(scope.subtree_filter(OrgUnit, unit)))


def audit_page(session, unit, *, page: int = 1, per_page: int = AUDIT_PER_PAGE) -> tuple[list[dict], int]:
    """The changes in an admin's area, newest first (the time, then the id for entries of one instant), each in
    words: when, by whom, the action's label, what it concerns (with a link where there is a page), details."""
    query = _area_entries(unit)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    entries = session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                              .offset((page - 1) * per_page).limit(per_page))
    return [entry_view(session, e) for e in entries], total


def entry_view(session, entry: AuditEntry) -> dict:
    label, endpoint, argument = TARGETS.get(entry.target_type, (entry.target_type, None, None))
    url = url_for(endpoint, **{argument: entry.target_id}) if endpoint and entry.target_id is not None else None
    return {"id": entry.id, "at": entry.at, "actor": entry.actor.name if entry.actor else None,
            "action": entry.action, "action_label": str(registry.current().audit_labels.get(entry.action, entry.action)),
            "target_type": entry.target_type, "target_label": str(label), "target_id": entry.target_id,
            "target_url": url, "details": describe(session, entry)}


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
