"""Students' tutoring: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.tutoring import awards, home, term_views, views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries, term_views.nav_entries),
    home_sections=(home.section,),
    audit_labels={"tutoring_session.offer": _l("Tutoring session offered"),
                  "tutoring_session.cancel": _l("Tutoring session cancelled"),
                  "tutoring_misconduct.report": _l("Student misconduct recorded"),
                  "tutoring_settlement.confirm": _l("Tutoring term settlement confirmed"),
                  "tutor.disqualify": _l("Tutor's qualification revoked"),
                  "tutor.reinstate": _l("Tutor's qualification reinstated"),
                  "tutoring_org_award.confirm": _l("Tutoring organisation awards confirmed")},
    # A term with a settlement or confirmed organisation awards stays.
    hooks={"tutoring.term_settled": awards.term_kept},
)
