"""Org: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.org import home, services, views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    home_sections=(home.area_section,),
    audit_labels={
        "org_unit.create": _l("Unit created"), "org_unit.update": _l("Unit changed"),
        "org_unit.import": _l("Organisation tree imported"),
        "user.create": _l("User created"), "user.reset_password": _l("Password reset"),
        "user.unlock": _l("Account unlocked"), "user.change_password": _l("Password changed"),
        "user.update": _l("User corrected"), "user.move": _l("User moved to another unit"),
        "user.deactivate": _l("User deactivated"), "user.reactivate": _l("User reactivated"),
        "user.update_own": _l("Own contact details changed"),
    },
    # The web plumbing (below) finds the request's user through these.
    hooks={"org.user_for_session": services.user_for_session, "org.user_for_token": services.user_for_token},
)

# Listed last by the app factory: the recent changes close the admin's home page.
RECENT_CHANGES = Contributions(home_sections=(home.recent_section,))
