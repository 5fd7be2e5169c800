"""Notices: what this domain declares to shared pages and the events it listens for (collected by
lms/__init__.py). The domains that emit those events (lms.core.registry.emit) know nothing of notices."""
from __future__ import annotations

from lms.core.registry import Contributions
from lms.notices import listeners, views

CONTRIBUTIONS = Contributions(nav=(views.nav_entries,), listeners=listeners.LISTENERS)
