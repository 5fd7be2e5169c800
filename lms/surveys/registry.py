"""Surveys: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.surveys import views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    home_sections=(views.home_section,),
    audit_labels={"survey.create": _l("Survey written"),
                  "survey.update": _l("Survey changed"),
                  "survey.questions": _l("Survey questions changed"),
                  "survey.publish": _l("Survey published"),
                  "survey.close": _l("Survey closed")},
)
