"""Jinja helpers shared by every domain's templates."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from lms.core import scope

LEVEL_LABELS = {"province": _l("Province"), "city": _l("City"), "county": _l("County / district"),
                "school": _l("School")}
ROLE_LABELS = {
    "teacher": _l("Teacher"), "school_admin": _l("School admin"), "county_admin": _l("County admin"),
    "city_admin": _l("City admin"), "province_admin": _l("Province admin"), "tutor": _l("Tutor"),
    "expert": _l("Expert"),
}


# Audit actions in words; each domain adds its own.
AUDIT_LABELS = {
    "org_unit.create": _l("Unit created"), "org_unit.update": _l("Unit changed"),
    "user.create": _l("User created"), "user.reset_password": _l("Password reset"),
    "user.unlock": _l("Account unlocked"), "user.change_password": _l("Password changed"),
}

# Navigation entries are contributed by the domains: each a callable(user) → [(url, label)].
NAV_PROVIDERS: list = []


def nav_items() -> list[dict]:
    from flask_login import current_user
    if not current_user.is_authenticated:
        return []
    return [{"url": url, "label": label} for provider in NAV_PROVIDERS for url, label in provider(current_user)]


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
            "audit_label": lambda action: AUDIT_LABELS.get(action, action),
            # Babel expands zh_CN to zh_Hans_CN; pages only need to know which of our two it is.
            "current_locale": "zh_CN" if get_locale().language == "zh" else "en",
            "languages": (("zh_CN", "中文"), ("en", "English")),
        }
