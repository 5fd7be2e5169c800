"""Quotas: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.quotas import policies, views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    audit_labels={"quota.set_seats": _l("Seats set")},
    # Projects (below) links a batch's seats and a project's compliance only for whom they open.
    hooks={"quotas.sees_seats": policies.can_see_compliance},
)
