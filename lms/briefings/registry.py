"""Briefings: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.briefings import views
from lms.core.registry import Contributions

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    audit_labels={"area_briefing.create": _l("Briefing started"),
                  "area_briefing.publish": _l("Briefing published")},
)
