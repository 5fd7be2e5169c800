"""Appointment letters: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from lms.core.registry import Contributions
from lms.letters import views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    home_sections=(views.home_section,),
    project_panels=(views.project_panel,),
)
