"""Workload: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from lms.core.registry import Contributions
from lms.workload import views

CONTRIBUTIONS = Contributions(nav=(views.nav_entries,))
