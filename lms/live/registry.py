"""Live research: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.live import home, views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    home_sections=(home.section,),
    audit_labels={"live_session.create": _l("Live session scheduled"),
                  "live_session.cancel": _l("Live session cancelled"),
                  "live_session.end": _l("Live session ended"),
                  "live_calendar.change": _l("Live research calendar changed"),
                  "live_review.report": _l("Review report recorded"),
                  "live_settlement.confirm": _l("Tutors' term settlement confirmed")},
)
