"""Jinja helpers shared by every domain's templates."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import get_locale
from flask_login import current_user
from flask_babel import lazy_gettext as _l

from lms.core import registry, scope

LEVEL_LABELS = {"province": _l("Province"), "city": _l("City"), "county": _l("County / district"),
                "school": _l("School")}
ROLE_LABELS = {
    "teacher": _l("Teacher"), "school_admin": _l("School admin"), "county_admin": _l("County admin"),
    "city_admin": _l("City admin"), "province_admin": _l("Province admin"), "tutor": _l("Tutor"),
    "expert": _l("Expert"), "student": _l("Student"),
}


def nav_items() -> list[dict]:
    """The navigation entries the domains declare (lms/<domain>/registry.py), in the factory's order: each
    ``(url, label)``, or ``(url, label, count)`` shown with a badge when the count is not zero (unread notices)."""
    if not current_user.is_authenticated:
        return []
    return [{"url": entry[0], "label": entry[1], "badge": entry[2] if len(entry) > 2 else 0}
            for provider in registry.current().nav if registry.for_students.shown(provider, current_user)
            for entry in provider(current_user)]


def audit_label(action: str) -> str:
    """An audited action in words; every action has one (tests/test_registry.py)."""
    return registry.current().audit_labels.get(action, action)


def localtime(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(current_app.config["LMS_TIMEZONE"])).strftime(fmt)


def register(app) -> None:
    app.jinja_env.filters["localtime"] = localtime

    @app.context_processor
    def helpers():
        return {
            "level_label": lambda level: LEVEL_LABELS.get(level, level),
            "role_label": lambda role: ROLE_LABELS.get(role, role),
            "child_level": scope.child_level,
            "nav_items": nav_items,
            "audit_label": audit_label,
            # Babel expands zh_CN to zh_Hans_CN; pages only need to know which of our two it is.
            "current_locale": "zh_CN" if get_locale().language == "zh" else "en",
            "languages": (("zh_CN", "中文"), ("en", "English")),
        }
