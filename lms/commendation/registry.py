"""Commendation: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.commendation import queries, views
from lms.core.registry import Contributions

CONTRIBUTIONS = Contributions(
    project_panels=(views.project_panel,),
    audit_labels={"commendation.confirm": _l("Commendation list confirmed")},
    # Certificates (below) print the outstanding-learner mark: once the province confirmed the batch's list,
    # only for the learners on it.
    hooks={"commendation.listed": queries.listed},
)
