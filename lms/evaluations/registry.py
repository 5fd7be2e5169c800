"""Project evaluation: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.evaluations import views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    audit_labels={"evaluation_round.open": _l("Project evaluation opened"),
                  "evaluation_round.close": _l("Project evaluation closed"),
                  "area_evaluation.submit": _l("Self-evaluation submitted"),
                  "area_evaluation.return": _l("Self-evaluation returned for revision"),
                  "area_evaluation.assign": _l("Outside evaluator asked"),
                  "area_evaluation.review": _l("Outside evaluation given")},
)
