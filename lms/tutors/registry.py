"""Tutors: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.tutors import views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    audit_labels={"tutor_application.submit": _l("Tutor application submitted"),
                  "tutor_application.approve": _l("Tutor application approved"),
                  "tutor_application.return": _l("Tutor application returned")},
)
