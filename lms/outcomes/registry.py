"""Training outcomes: what this domain declares to shared pages and to the domains below it (collected by the app
factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.outcomes import queries, views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    audit_labels={"outcome.hand_in": _l("Training outcome handed in"),
                  "outcome.resubmit": _l("Training outcome handed in again"),
                  "outcome.accept": _l("Training outcome taken in by the school"),
                  "outcome.return": _l("Training outcome returned"),
                  "outcome.recommend": _l("Training outcome recommended for the showcase"),
                  "outcome.propose": _l("Excellent work proposed for the showcase"),
                  "outcome.showcase": _l("Training outcome showcased"),
                  "outcome.decline": _l("Training outcome declined for the showcase"),
                  "outcome.note": _l("Lesson-preparation note added"),
                  "outcome.withdraw": _l("Training outcome withdrawn")},
    # Grading (below) reads "quality of outcomes" into the outstanding learner's excellent-work criterion.
    hooks={"outcomes.showcased": queries.showcased_enrollments},
)
